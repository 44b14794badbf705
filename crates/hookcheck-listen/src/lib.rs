//! `hookcheck listen`: an inspector in front of a local app that knows the
//! sender's rules. For every request it keeps the bytes exactly, checks the
//! signature with the profile's scheme and the payload against the
//! profile's schemas, forwards the request byte for byte to the app (or
//! answers itself), times the app's answer against the profile's budget,
//! gives the sender the app's answer unchanged, and keeps the delivery in a
//! bounded history ([`store`]) before acknowledging it.
//!
//! Bounded everywhere: a body past the limit is refused with 413 (and
//! recorded as such); a TLS handshake has 10 s, a request's head and then
//! its body 30 s each (a body late is recorded and answered 408); the
//! app's answer is read up to 1 MiB and waited for up to the budget and a
//! grace (then 504); the history drops its oldest records past its
//! bounds. A request hyper cannot parse gets its 400 from hyper, ends the
//! connection and is kept with why; it never reaches the app. A failed
//! accept (no file descriptor left) is waited out.

pub mod inspector;
pub mod record;
pub mod replay;
pub mod store;
pub mod tls;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use hookcheck_core::Severity;
use hookcheck_deliver::engine::{Engine, Forward, HeaderMap, Outcome, Target};
use hookcheck_payload::{EventValidator, Options, Validation, Validator};
use hookcheck_profile::Profile;
use http_body_util::{BodyExt as _, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::net::TcpListener;
use tokio::sync::{Mutex, broadcast, mpsc};

pub use record::{Answer, Header, Record, Signature};
pub use store::{Bounds, Store, StoreError};

/// Deliveries the inspector's live list may fall behind by before it
/// reloads.
const LIVE: usize = 256;

/// Bodies past this are refused by default (1 MiB: a delivery is small).
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// What `listen` does with each request.
pub struct Listen {
    /// Whose deliveries: the signature scheme, the schemas, the budget.
    pub profile: &'static Profile,
    /// The secrets to check signatures with; none: not checked.
    pub secrets: Vec<String>,
    /// The app to forward to; `None`: answer with `respond`.
    pub forward: Option<Target>,
    /// The answer given when there is no app.
    pub respond: Respond,
    /// Bodies past this many bytes are refused with 413.
    pub max_body: usize,
    /// The answer the sender waits for at most (the profile's budget
    /// unless set otherwise); the app is given it and a grace, then 504.
    pub budget: Duration,
    /// HTTPS with this configuration; `None`: plain HTTP.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    untold: AtomicU64,
    /// Every delivery kept, for the inspector's live list.
    live: broadcast::Sender<Arc<Record>>,
    validator: Validator,
    events: Option<EventValidator>,
}

/// The answer `listen` gives itself when it forwards nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Respond {
    /// The status.
    pub status: u16,
    /// How long to wait before answering.
    pub delay: Duration,
}

impl Listen {
    /// Judges by `profile`, with `secrets`, forwarding to `forward` (or
    /// answering `respond`), refusing bodies over `max_body` bytes.
    pub fn new(
        profile: &'static Profile,
        secrets: Vec<String>,
        forward: Option<Target>,
        respond: Respond,
        max_body: usize,
    ) -> Listen {
        Listen {
            profile,
            secrets,
            forward,
            respond,
            max_body,
            budget: profile.budget.value(),
            tls: None,
            untold: AtomicU64::new(0),
            live: broadcast::channel(LIVE).0,
            validator: Validator::new(Options {
                strict: false,
                max_bytes: max_body,
            }),
            events: EventValidator::new(&profile.events),
        }
    }

    /// The same, giving the app `budget` rather than the profile's.
    #[must_use]
    pub fn with_budget(mut self, budget: Duration) -> Listen {
        self.budget = budget;
        self
    }

    /// The same, over HTTPS with `config` ([`tls`] makes one).
    #[must_use]
    pub fn with_tls(mut self, config: rustls::ServerConfig) -> Listen {
        self.tls = Some(Arc::new(config));
        self
    }

    /// How many deliveries were not told since the last call, because the
    /// reader of [`serve`]'s channel was behind.
    pub fn untold(&self) -> u64 {
        self.untold.swap(0, Ordering::Relaxed)
    }
}

/// A delivery received, and whether the history kept it.
#[derive(Debug)]
pub struct Seen {
    /// The delivery (its `id` 0 when it was not kept).
    pub record: Record,
    /// Why the history could not keep it.
    pub not_kept: Option<String>,
}

/// Serves `listener` for as long as the task runs: every connection in a
/// task of its own, every delivery stored in `store` and then told to `seen`. A
/// delivery arriving while `seen` is full is not told, only counted
/// ([`Listen::untold`]): a reader that falls behind (a terminal scrolled
/// back, a pipe nobody drains) never slows the sender down or makes
/// memory grow, and the history has every delivery anyway.
pub async fn serve(
    listener: TcpListener,
    listen: Arc<Listen>,
    store: Arc<Store>,
    seen: mpsc::Sender<Seen>,
) {
    loop {
        let (stream, peer) = accept(&listener).await;
        let _ = stream.set_nodelay(true);
        let connection = Arc::new(Connection {
            listen: Arc::clone(&listen),
            store: Arc::clone(&store),
            seen: seen.clone(),
            peer,
            // One connection to the app for each of the sender's, kept
            // while the sender keeps its own.
            engine: listen.forward.clone().map(|target| {
                let cutoff = hookcheck_deliver::cutoff(listen.budget);
                Mutex::new(Engine::new(target, cutoff).keeping(MAX_ANSWER))
            }),
        });
        let tls = listen.tls.clone().map(tokio_rustls::TlsAcceptor::from);
        tokio::spawn(async move {
            match tls {
                None => serve_http(stream, connection).await,
                Some(acceptor) => {
                    // A sender that connects and never finishes its
                    // handshake holds a task for this long, no more.
                    let accepted =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await;
                    if let Ok(Ok(stream)) = accepted {
                        serve_http(stream, connection).await;
                    }
                }
            }
        });
    }
}

/// The next connection. A failed accept (out of file descriptors under a
/// flood, a connection reset before it was taken) is waited out, never
/// the end of serving.
pub(crate) async fn accept(listener: &TcpListener) -> (tokio::net::TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// How long a sender has to finish its TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a sender has to send a request's head, and then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// HTTP/1.1 on one of the sender's connections, until it closes.
async fn serve_http<IO>(io: IO, connection: Arc<Connection>)
where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let serving = Arc::clone(&connection);
    let service = hyper::service::service_fn(move |request| {
        let connection = Arc::clone(&serving);
        async move { Ok::<_, Infallible>(connection.handle(request).await) }
    });
    // A request head that does not arrive in time ends the connection
    // (hyper answers 408 when it can).
    let served = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(READ_TIMEOUT)
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), service)
        .await;
    // A request that is not HTTP/1.1 got hyper's 400 (431 for a head too
    // large) and ended the connection; it is kept too.
    if let Err(error) = served
        && error.is_parse()
    {
        let status = if error.is_parse_too_large() { 431 } else { 400 };
        let record = connection.record(OffsetDateTime::now_utc(), "-", "-", Vec::new());
        let record = Record {
            error: Some(format!("not a valid HTTP/1.1 request: {error}")),
            answer: Answer::Listen {
                status,
                delay_ms: 0.0,
            },
            ..record
        };
        connection.keep(record, status_only(status)).await;
    }
}

/// The app's answer is kept up to this, as the delivery engine reads it.
const MAX_ANSWER: usize = 1 << 20;

/// One of the sender's connections.
struct Connection {
    listen: Arc<Listen>,
    store: Arc<Store>,
    seen: mpsc::Sender<Seen>,
    peer: SocketAddr,
    engine: Option<Mutex<Engine>>,
}

impl Connection {
    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let received_at = OffsetDateTime::now_utc();
        let (parts, body) = request.into_parts();
        let listen = &*self.listen;
        let target = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), ToString::to_string);
        let mut record = self.record(
            received_at,
            parts.method.as_str(),
            &target,
            headers(&parts.headers),
        );
        let read =
            tokio::time::timeout(READ_TIMEOUT, Limited::new(body, listen.max_body).collect());
        let (status, error) = match read.await {
            Ok(Ok(body)) => {
                let body = body.to_bytes();
                return self.judged(record, received_at, parts, body).await;
            }
            Ok(Err(error)) if error.is::<LengthLimitError>() => {
                let read = listen.max_body as u64 + 1;
                record.body_bytes = read;
                record.findings = listen.validator.too_large(read).findings;
                (413, None)
            }
            Ok(Err(error)) => (400, Some(format!("the body could not be read: {error}"))),
            Err(_) => (
                408,
                Some(format!(
                    "the body did not arrive within {}s",
                    READ_TIMEOUT.as_secs()
                )),
            ),
        };
        record.error = error;
        record.answer = Answer::Listen {
            status,
            delay_ms: 0.0,
        };
        self.keep(record, status_only(status)).await
    }

    /// A request read whole: judged, forwarded or answered, kept.
    async fn judged(
        &self,
        mut record: Record,
        received_at: OffsetDateTime,
        parts: hyper::http::request::Parts,
        body: Bytes,
    ) -> Response<Full<Bytes>> {
        let listen = &*self.listen;
        record.body_bytes = body.len() as u64;
        record.body = body.to_vec();
        judge(listen, &parts.headers, &body, received_at, &mut record);
        let response = match &self.engine {
            Some(engine) => {
                let forward = Forward {
                    method: parts.method,
                    path_and_query: record.target.clone(),
                    headers: parts.headers,
                    body,
                };
                let delivery = engine.lock().await.forward(&forward).await;
                let (answer, response) = relay(delivery);
                record.answer = answer;
                response
            }
            None => {
                let Respond { status, delay } = listen.respond;
                tokio::time::sleep(delay).await;
                record.answer = Answer::Listen {
                    status,
                    delay_ms: millis(delay),
                };
                status_only(status)
            }
        };
        self.keep(record, response).await
    }

    /// A record of a request received `at`, not judged or answered yet.
    fn record(
        &self,
        at: OffsetDateTime,
        method: &str,
        target: &str,
        headers: Vec<Header>,
    ) -> Record {
        let listen = &*self.listen;
        Record {
            id: 0,
            received_at: at.format(&Rfc3339).unwrap_or_default(),
            peer: self.peer.to_string(),
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
            body: Vec::new(),
            body_bytes: 0,
            provider: listen.profile.name.to_owned(),
            app: listen.forward.as_ref().map(|app| app.url().to_owned()),
            notification_type: None,
            payload_valid: false,
            signature: Signature::NotChecked,
            findings: Vec::new(),
            answer: Answer::Listen {
                status: 0,
                delay_ms: 0.0,
            },
            error: None,
        }
    }

    /// Stores `record`, tells of it, then lets `response` go.
    async fn keep(
        &self,
        mut record: Record,
        response: Response<Full<Bytes>>,
    ) -> Response<Full<Bytes>> {
        let not_kept = match self.store.append(record.clone()).await {
            Ok(id) => {
                record.id = id;
                None
            }
            Err(error) => Some(error.to_string()),
        };
        if self.listen.live.receiver_count() > 0 {
            let _ = self.listen.live.send(Arc::new(record.clone()));
        }
        if self.seen.try_send(Seen { record, not_kept }).is_err() {
            self.listen.untold.fetch_add(1, Ordering::Relaxed);
        }
        response
    }
}

/// The signature and payload verdicts of a delivery, into `record`.
fn judge(
    listen: &Listen,
    headers: &HeaderMap,
    body: &[u8],
    at: OffsetDateTime,
    record: &mut Record,
) {
    let Validation {
        mut findings,
        notification_type,
        ..
    } = match &listen.events {
        Some(events) => events.validate(body),
        None => listen.validator.validate(body),
    };
    record.notification_type = notification_type;
    record.payload_valid = !findings.iter().any(|f| f.severity == Severity::Error);
    if !listen.secrets.is_empty() {
        let text: Vec<(&str, &str)> = headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect();
        // The secrets were checked when `listen` started.
        if let Ok((check, finding)) = hookcheck_payload::check_signature(
            listen.profile,
            &text,
            &listen.secrets,
            body,
            at.unix_timestamp(),
        ) {
            record.signature = match check.matched_secret {
                Some(secret) => Signature::Genuine { secret },
                None => Signature::Refused,
            };
            findings.extend(finding);
        }
    }
    record.findings = findings;
}

/// The app's answer as the sender gets it, and as the history keeps it.
fn relay(delivery: hookcheck_deliver::engine::Delivery) -> (Answer, Response<Full<Bytes>>) {
    let total_ms = millis(delivery.phases.total);
    match (delivery.outcome, delivery.kept) {
        (Outcome::Answered { status, .. }, Some(kept)) => {
            let mut response = Response::new(Full::new(kept.body.clone()));
            *response.status_mut() =
                hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
            for (name, value) in &kept.headers {
                if !hookcheck_deliver::engine::is_hop_header(name) {
                    response.headers_mut().append(name, value.clone());
                }
            }
            let answer = Answer::App {
                status,
                headers: headers(&kept.headers),
                body: kept.body.to_vec(),
                ttfb_ms: delivery.phases.ttfb.map_or(total_ms, millis),
                total_ms,
            };
            (answer, response)
        }
        (outcome, _) => {
            let status = match outcome {
                Outcome::TimedOut(_) => 504,
                _ => 502,
            };
            let reason = format!("the app: {}", outcome.describe());
            let answer = Answer::AppFailed {
                status,
                reason,
                total_ms,
            };
            (answer, status_only(status))
        }
    }
}

fn headers(map: &HeaderMap) -> Vec<Header> {
    map.iter()
        .map(|(name, value)| Header {
            name: name.as_str().to_owned(),
            value: value.as_bytes().to_vec(),
        })
        .collect()
}

fn status_only(status: u16) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    response
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
