//! A web-hook receiver on loopback for `hookcheck deliver`'s tests and demo:
//! it answers every request the same chosen way (at once, late, a byte at a
//! time, never, with a reset, with a huge body, one request at a time, or
//! as a careful or careless receiver of one provider) and records each request it read with the
//! time it took to start answering, the ground truth a client's
//! measurements are compared with.
//!
//! Over plain TCP it speaks HTTP/1.1; over TLS, what ALPN chose. Both
//! protocols share one decision, `Shared::reply`, which yields the answer as
//! a `hyper::Response` whose body says how its bytes come (`body.rs`).
//! HTTP/1.1 is read and written by hand so that the misbehaviours are exact
//! at the byte and TCP level (`h1.rs`); HTTP/2 is hyper's server (`h2.rs`).
//! Beside the answer, the options choose how the server handles TCP: a
//! head written apart from its body, Nagle's algorithm left on, a kept
//! connection closed after some idle time.

mod body;
mod h1;
mod h2;
mod receiver;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{HeaderMap, Response, StatusCode};
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

use crate::fixtures::Chain;
use crate::{Running, localhost_v4};
use body::Body;
pub use receiver::Receiver;

/// How a [`HookServer`] runs.
#[derive(Clone)]
pub struct HookOptions {
    /// The chain presented over TLS (https), or `None` for plain http.
    pub tls: Option<Chain>,
    /// With TLS, offer ALPN `h2` before `http/1.1` (otherwise `http/1.1`
    /// alone); each connection then speaks what ALPN chose. Plain http is
    /// always HTTP/1.1.
    pub http2: bool,
    /// With TLS, how long to wait after accepting a TCP connection before
    /// the handshake starts: a slow TLS handshake.
    pub handshake_delay: Duration,
    /// HTTP/1.1: keep connections open between requests unless the client
    /// asks to close; `false` answers with `connection: close` and closes.
    pub keep_alive: bool,
    /// HTTP/1.1: close a kept connection once it has been idle this long
    /// after an answer, without having announced it (no `connection:
    /// close`), as keep-alive timeouts do (nginx's `keepalive_timeout`,
    /// Node's `keepAliveTimeout`). `Some(Duration::ZERO)` closes right
    /// behind every answer; on Linux the close then leaves in the answer's
    /// last TCP segment, so that a client sending its next request at once
    /// finds the connection closed before it writes, never in a race.
    pub idle_close: Option<Duration>,
    /// How answers are handed to TCP.
    pub writes: Writes,
    /// What every request gets.
    pub answer: Answer,
    /// Where it listens (port 0).
    pub addr: SocketAddr,
}

impl HookOptions {
    /// Plain http on 127.0.0.1, keeping connections open.
    pub fn http(answer: Answer) -> HookOptions {
        HookOptions {
            tls: None,
            http2: false,
            handshake_delay: Duration::ZERO,
            keep_alive: true,
            idle_close: None,
            writes: Writes::Whole,
            answer,
            addr: localhost_v4(),
        }
    }

    /// https on 127.0.0.1 presenting `chain`, offering HTTP/2 and HTTP/1.1
    /// as the providers' clients do, without delaying the handshake.
    pub fn https(chain: Chain, answer: Answer) -> HookOptions {
        HookOptions {
            tls: Some(chain),
            http2: true,
            ..HookOptions::http(answer)
        }
    }
}

/// How a server hands an answer's bytes to TCP: in one write or two, with
/// Nagle's algorithm off or on. The split applies to HTTP/1.1 (HTTP/2
/// answers are written as hyper writes them); Nagle's algorithm to both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// The head and a body that is there at once in one write, Nagle's
    /// algorithm off (`TCP_NODELAY`): the bytes leave as written, as tuned
    /// servers send them.
    Whole,
    /// The same one write with Nagle's algorithm left on: nothing waits,
    /// since nothing written before is unacknowledged.
    WholeWithNagle,
    /// The head, then the body, in two writes with Nagle's algorithm left
    /// on, as Python's `http.server` (`end_headers`, then `wfile.write`) and
    /// many small frameworks do: the body waits until the client
    /// acknowledges the head, 40 ms or more from a client that delays its
    /// acknowledgements on a kept connection.
    HeadThenBodyWithNagle,
}

impl Writes {
    fn nagle(self) -> bool {
        matches!(self, Writes::WholeWithNagle | Writes::HeadThenBodyWithNagle)
    }

    fn head_apart(self) -> bool {
        self == Writes::HeadThenBodyWithNagle
    }
}

/// What every request gets, once the server has read all of it.
#[derive(Debug, Clone)]
pub enum Answer {
    /// This status, these headers and this body, after waiting `delay`.
    /// `content-length` is always the server's own.
    Status {
        /// The status code.
        status: u16,
        /// How long to wait before answering.
        delay: Duration,
        /// Extra headers (e.g. `location`).
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// The headers at once (with `content-length: bytes`), then the body one
    /// byte every `interval`.
    Trickle {
        /// The status code.
        status: u16,
        /// How long the body is.
        bytes: usize,
        /// The wait before each byte.
        interval: Duration,
    },
    /// No answer: the connection is held open in silence (HTTP/1.1 until the
    /// client closes it; HTTP/2 leaves the stream open).
    NeverAnswer,
    /// The status line and headers announcing a 1000-byte body, then the end:
    /// a close on HTTP/1.1, a reset stream on HTTP/2.
    CloseAfterHeaders {
        /// The status code.
        status: u16,
    },
    /// A reset: on HTTP/1.1 the TCP connection (the client reads
    /// `ECONNRESET`), on HTTP/2 the stream (`RST_STREAM`).
    Reset,
    /// A body of `bytes` bytes, sent from one small buffer over and over, so
    /// a 100 MB answer costs the server 64 KiB.
    Huge {
        /// The status code.
        status: u16,
        /// How long the body is.
        bytes: u64,
    },
    /// A single-worker endpoint: one request at a time server-wide, each
    /// taking `work`, so it is fast alone and slow under a burst (the nth of
    /// a burst waits about n × `work`). The body is `ok`.
    Serial {
        /// The status code.
        status: u16,
        /// How long each request holds the worker.
        work: Duration,
    },
    /// A receiver that knows only some notification types: 200 `ok` for a
    /// body whose `notification.type` is one of `accepted`, 400 otherwise
    /// (a strict enum in the app's model).
    OnlyTypes {
        /// The types it accepts.
        accepted: Vec<String>,
    },
    /// A cold start: the first request waits `first` (a container starting,
    /// a pool opening), every later one gets 200 `ok` at once.
    ColdStart {
        /// How long the first request waits.
        first: Duration,
    },
    /// A receiver of one provider's deliveries, careful or careless
    /// ([`Receiver`]); its answers carry a `content-type`.
    Receiver(Receiver),
    /// An endpoint whose behaviour changes over time, as in a deploy or an
    /// incident: each request gets the last moment begun by the time it
    /// arrives, counted from the server's start (the first moment should
    /// begin at zero; before it, 200 at once). The body is `ok`.
    Timeline(Vec<Moment>),
}

/// From when on an [`Answer::Timeline`] answers how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// When it begins, after the server's start.
    pub from: Duration,
    /// The status.
    pub status: u16,
    /// How long to wait before answering.
    pub delay: Duration,
}

impl Answer {
    /// 200 `ok` at once.
    pub fn ok() -> Answer {
        Answer::delayed(200, Duration::ZERO)
    }

    /// This status at once, with the body `ok`.
    pub fn status(status: u16) -> Answer {
        Answer::delayed(status, Duration::ZERO)
    }

    /// This status after `delay`, with the body `ok`.
    pub fn delayed(status: u16, delay: Duration) -> Answer {
        Answer::Status {
            status,
            delay,
            headers: Vec::new(),
            body: b"ok".to_vec(),
        }
    }
}

/// A request the server read in full.
#[derive(Debug, Clone)]
pub struct Served {
    /// `HTTP/1.1` or `HTTP/2`.
    pub protocol: &'static str,
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path and query, e.g. `/hook?id=1`.
    pub path: String,
    /// The headers as sent, names lower-cased (HTTP/2's pseudo-headers are
    /// not among them).
    pub headers: Vec<(String, String)>,
    /// The body, as sent.
    pub body: Vec<u8>,
    /// From the request read in full to its answer's headers starting to be
    /// written, including any delay, work and queueing: the server-side
    /// ground truth. Zero while the answer has not started, and for answers
    /// that never start (`NeverAnswer`, `Reset`).
    pub elapsed: Duration,
}

impl Served {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A web-hook receiver on loopback; stops when dropped, even with
/// connections held open.
pub struct HookServer {
    running: Running,
    shared: Arc<Shared>,
    scheme: &'static str,
}

impl HookServer {
    /// Starts a server; panics (in the caller's thread) on a status code or
    /// header the answer cannot carry.
    pub fn start(options: HookOptions) -> HookServer {
        let (status, headers) = head(&options.answer);
        let shared = Arc::new(Shared {
            answer: options.answer,
            status,
            headers,
            keep_alive: options.keep_alive,
            idle_close: options.idle_close,
            writes: options.writes,
            served: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            worker: tokio::sync::Mutex::new(()),
            started: Instant::now(),
        });
        let scheme = if options.tls.is_some() {
            "https"
        } else {
            "http"
        };
        let acceptor = options.tls.map(|chain| {
            let mut config = crate::tls::server_config(chain, None);
            config.alpn_protocols = if options.http2 {
                vec![b"h2".to_vec(), b"http/1.1".to_vec()]
            } else {
                vec![b"http/1.1".to_vec()]
            };
            TlsAcceptor::from(Arc::new(config))
        });
        let delay = options.handshake_delay;
        let per_connection = Arc::clone(&shared);
        let running = Running::start(options.addr, move |tcp| {
            let tls = acceptor.clone().map(|acceptor| (acceptor, delay));
            serve(tcp, tls, Arc::clone(&per_connection))
        });
        HookServer {
            running,
            shared,
            scheme,
        }
    }

    /// `http://127.0.0.1:PORT{path}` (or `https://`, or `[::1]`): the bound
    /// address itself, so no name is resolved. Over TLS a strict client
    /// trusting [`crate::fixtures::root_pem`] accepts it as is, because the
    /// fixture leaves name `127.0.0.1` and `::1` as IP addresses.
    pub fn url(&self, path: &str) -> String {
        format!("{}://{}{path}", self.scheme, self.running.addr)
    }

    /// The same URL under a host name (e.g. `hookcheck.test`, which the
    /// fixture leaves also name), for a client told where that name points
    /// (`--resolve hookcheck.test:PORT:127.0.0.1`).
    pub fn url_as(&self, host: &str, path: &str) -> String {
        format!(
            "{}://{host}:{}{path}",
            self.scheme,
            self.running.addr.port()
        )
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }

    /// Every request read in full so far, in arrival order.
    pub fn served(&self) -> Vec<Served> {
        self.shared.lock().clone()
    }

    /// How many TCP connections it accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

/// The answer's status and extra headers, checked when the server starts so
/// that a typo fails the test that made it rather than the server's thread.
fn head(answer: &Answer) -> (StatusCode, HeaderMap) {
    let (status, headers) = match answer {
        Answer::Status {
            status, headers, ..
        } => (*status, headers.as_slice()),
        Answer::Trickle { status, .. }
        | Answer::CloseAfterHeaders { status }
        | Answer::Huge { status, .. }
        | Answer::Serial { status, .. } => (*status, [].as_slice()),
        Answer::Timeline(moments) => {
            for moment in moments {
                status_code(moment.status);
            }
            (200, [].as_slice())
        }
        Answer::NeverAnswer
        | Answer::Reset
        | Answer::ColdStart { .. }
        | Answer::OnlyTypes { .. }
        | Answer::Receiver(_) => (200, [].as_slice()),
    };
    let status = status_code(status);
    let headers = headers
        .iter()
        .map(|(name, value)| {
            let name = HeaderName::from_bytes(name.as_bytes())
                .unwrap_or_else(|_| panic!("`{name}` is no header name"));
            let value = HeaderValue::from_str(value)
                .unwrap_or_else(|_| panic!("`{value}` is no header value"));
            (name, value)
        })
        .collect();
    (status, headers)
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or_else(|_| panic!("{status} is no HTTP status"))
}

/// What every connection's task shares.
struct Shared {
    answer: Answer,
    status: StatusCode,
    headers: HeaderMap,
    keep_alive: bool,
    idle_close: Option<Duration>,
    writes: Writes,
    served: Mutex<Vec<Served>>,
    connections: AtomicUsize,
    /// The single worker of [`Answer::Serial`].
    worker: tokio::sync::Mutex<()>,
    /// When the server started, the zero of [`Answer::Timeline`].
    started: Instant,
}

/// What a request gets, once any delay or work is over.
enum Reply {
    /// The headers, then a body that comes as it says.
    Answer(Response<Body>),
    /// A reset connection (HTTP/1.1) or stream (HTTP/2).
    Reset,
    /// Nothing, with the connection held open.
    Silence,
}

impl Shared {
    /// Logs the request, waits what the answer says, and sets the log's
    /// `elapsed` just before handing the answer over to be written.
    async fn reply(&self, request: Served) -> Reply {
        let received = Instant::now();
        let known_type = match &self.answer {
            Answer::OnlyTypes { accepted } => {
                serde_json::from_slice::<serde_json::Value>(&request.body)
                    .ok()
                    .and_then(|body| body["notification"]["type"].as_str().map(str::to_owned))
                    .is_some_and(|kind| accepted.contains(&kind))
            }
            _ => false,
        };
        let judged = match &self.answer {
            Answer::Receiver(provider) => Some(provider.reply(&request)),
            _ => None,
        };
        let index = self.log(request);
        let mut content_type = None;
        let (status, body) = match &self.answer {
            Answer::NeverAnswer => return Reply::Silence,
            Answer::Reset => return Reply::Reset,
            Answer::Status { delay, body, .. } => {
                tokio::time::sleep(*delay).await;
                (self.status, Body::full(body.clone()))
            }
            Answer::Trickle {
                bytes, interval, ..
            } => (self.status, Body::trickle(*bytes, *interval)),
            Answer::CloseAfterHeaders { .. } => (self.status, Body::broken()),
            Answer::Huge { bytes, .. } => (self.status, Body::Huge { left: *bytes }),
            Answer::Serial { work, .. } => {
                // Holding the worker through the work, not just while
                // starting it, is what makes a burst queue up.
                let _worker = self.worker.lock().await;
                tokio::time::sleep(*work).await;
                (self.status, Body::full(b"ok".to_vec()))
            }
            Answer::OnlyTypes { .. } if known_type => (StatusCode::OK, Body::full(b"ok".to_vec())),
            Answer::OnlyTypes { .. } => (
                StatusCode::BAD_REQUEST,
                Body::full(b"unknown notification type".to_vec()),
            ),
            Answer::ColdStart { first } => {
                if index == 0 {
                    tokio::time::sleep(*first).await;
                }
                (self.status, Body::full(b"ok".to_vec()))
            }
            Answer::Timeline(moments) => {
                let now = self.started.elapsed();
                let moment = moments.iter().rev().find(|moment| moment.from <= now);
                let (status, delay) = moment.map_or((StatusCode::OK, Duration::ZERO), |moment| {
                    (status_code(moment.status), moment.delay)
                });
                tokio::time::sleep(delay).await;
                (status, Body::full(b"ok".to_vec()))
            }
            Answer::Receiver(_) => match judged {
                Some(reply) => {
                    content_type = Some(HeaderValue::from_static(reply.content_type));
                    let status = StatusCode::from_u16(reply.status)
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    (status, Body::full(reply.body))
                }
                None => (StatusCode::INTERNAL_SERVER_ERROR, Body::full(Vec::new())),
            },
        };
        // A 204 or 304 has no body (RFC 9110 §6.4.1): a client reads none,
        // so bytes sent anyway would corrupt the next answer.
        let bodiless = matches!(status, StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED);
        let body = if bodiless {
            Body::full(Vec::new())
        } else {
            body
        };
        let length = body.announced();
        let mut response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = self.headers.clone();
        if let Some(content_type) = content_type {
            response.headers_mut().insert(CONTENT_TYPE, content_type);
        }
        if !bodiless {
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        if let Some(served) = self.lock().get_mut(index) {
            served.elapsed = received.elapsed();
        }
        Reply::Answer(response)
    }

    /// Adds a request to the log; its index there.
    fn log(&self, request: Served) -> usize {
        let mut served = self.lock();
        served.push(request);
        served.len() - 1
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Served>> {
        self.served.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Serves one connection: the TLS handshake first (after the delay) when
/// there is TLS, then HTTP/2 or HTTP/1.1 as ALPN chose.
async fn serve(tcp: TcpStream, tls: Option<(TlsAcceptor, Duration)>, shared: Arc<Shared>) {
    shared.connections.fetch_add(1, Ordering::SeqCst);
    // Without Nagle's algorithm what is written leaves at once instead of
    // waiting for the acknowledgement of what went before (40 ms and more
    // from a client that delays it), which would show up in timings unless
    // that is the point.
    if !shared.writes.nagle() {
        let _ = tcp.set_nodelay(true);
    }
    let Some((acceptor, delay)) = tls else {
        return h1::serve(tcp, &shared).await;
    };
    tokio::time::sleep(delay).await;
    let Ok(stream) = acceptor.accept(tcp).await else {
        return;
    };
    match stream.get_ref().1.alpn_protocol() {
        Some(b"h2") => h2::serve(stream, shared).await,
        _ => h1::serve(stream, &shared).await,
    }
}
