//! The delivery engine: one POST as the provider makes it, timed phase by
//! phase on a monotonic clock (DNS, TCP connect, TLS handshake, first byte
//! of the answer, the whole answer read), and cut off at the budget plus a
//! small grace, whatever the server does.
//!
//! reqwest cannot tell the TCP connect from the TLS handshake, so the engine
//! goes one level lower: tokio for TCP, tokio-rustls with the strict
//! verifier, hyper's client on the connection it made: HTTP/2 when the
//! server picks it by ALPN, HTTP/1.1 otherwise (and always over plain http).
//! A later delivery reuses the connection while the server keeps it open,
//! and then has no DNS, connect or TLS phase. When the server has closed
//! the kept connection in the meantime (an idle timeout) and the request
//! was never written to it, the delivery opens a new one and sends it
//! there, once, within its own cutoff, as a provider's client does.
//!
//! The TCP stream goes through `wire`, which acknowledges what it
//! reads at once: otherwise a server that writes an answer's head and body
//! apart with Nagle's algorithm on would seem 40 ms slower on every kept
//! connection, the time the client's own stack held its acknowledgement.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hookcheck_net::{ConnectError, NetPolicy, Unreachable};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::{TrySendError, http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use tokio::time::Instant;
use url::{Host, Url};

use crate::wire::{CHOOSES_ACKS, Meter, Wire};

/// The headers of a forwarded request and of a kept answer.
pub use hyper::{HeaderMap, Method};

/// No answer body is read past this; a delivery's answer is small.
const MAX_BODY: usize = 1 << 20;

/// Where deliveries go.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: Url,
    port: u16,
    https: bool,
    server_name: ServerName<'static>,
}

impl Endpoint {
    /// An http or https URL with a host.
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let url = Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            other => return Err(format!("`{url}` is not http(s) but {other}:")),
        };
        let server_name = match url.host() {
            Some(Host::Domain(name)) => ServerName::try_from(name.to_owned())
                .map_err(|_| format!("`{name}` is not a valid host name"))?,
            Some(Host::Ipv4(ip)) => ServerName::from(std::net::IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => ServerName::from(std::net::IpAddr::V6(ip)),
            None => return Err(format!("`{url}` names no host")),
        };
        let port = url
            .port_or_known_default()
            .unwrap_or(if https { 443 } else { 80 });
        Ok(Endpoint {
            url,
            port,
            https,
            server_name,
        })
    }
}

/// How long each phase took; phases that did not happen are `None` (no DNS
/// for an address, no connect or TLS on a reused connection, no first byte
/// when the server never answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Phases {
    /// Name resolution.
    pub dns: Option<Duration>,
    /// The TCP connection.
    pub connect: Option<Duration>,
    /// The TLS handshake.
    pub tls: Option<Duration>,
    /// From the start to the answer's status line and headers.
    pub ttfb: Option<Duration>,
    /// From the start to the whole answer read, or to the failure.
    pub total: Duration,
}

/// How a delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered.
    Answered {
        /// The status code.
        status: u16,
        /// The `Location` header, for redirects.
        location: Option<String>,
        /// How many body bytes were read (at most 1 MiB).
        body_bytes: usize,
    },
    /// No complete answer before the cutoff; the phase it was stuck in.
    TimedOut(&'static str),
    /// The name did not resolve (or the policy refused every address).
    DnsFailed(String),
    /// The address policy (`--deny-private`) refused every address.
    NotPublic(String),
    /// No TCP connection.
    ConnectFailed(String),
    /// No connection tried: hookcheck itself ran out of file descriptors,
    /// local ports or buffers (`ulimit -n`, a burst too large for this
    /// machine). Not the endpoint's doing: [`check`](crate::check) turns a
    /// run with one into an error of the tool, so it never reaches a report.
    LocalLimit(String),
    /// No TLS session: the strict client refused the server.
    TlsFailed(String),
    /// The connection broke before a whole answer (a reset, a close).
    Broken(String),
}

impl Outcome {
    /// How it ended, in a few words: `answered 500`, `stuck waiting for the
    /// answer`, or the cause.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Answered { status, .. } => format!("answered {status}"),
            Outcome::TimedOut(stuck) => format!("stuck {stuck}"),
            Outcome::DnsFailed(cause)
            | Outcome::NotPublic(cause)
            | Outcome::ConnectFailed(cause)
            | Outcome::LocalLimit(cause)
            | Outcome::TlsFailed(cause)
            | Outcome::Broken(cause) => cause.clone(),
        }
    }
}

/// The HTTP version a delivery went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// HTTP/1.1: plain http, or what the server chose by ALPN (or no ALPN).
    Http1,
    /// HTTP/2, when the server chose it by ALPN.
    Http2,
}

impl Protocol {
    /// As reports write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Protocol::Http1 => "HTTP/1.1",
            Protocol::Http2 => "HTTP/2",
        }
    }
}

/// One delivery's measurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Phase by phase.
    pub phases: Phases,
    /// Whether it went over a connection an earlier delivery opened.
    pub reused: bool,
    /// Whether the server had closed the connection an earlier delivery
    /// kept, so that this one went over a new connection instead (the
    /// request was never written to the closed one).
    pub reconnected: bool,
    /// How many reads from the socket returned bytes of the answer (TLS
    /// records included): 1 when it came in one piece. 0 without an answer.
    pub answer_reads: usize,
    /// How the client acknowledged what it read.
    pub acks: Acks,
    /// The HTTP version, once a connection was made.
    pub protocol: Option<Protocol>,
    /// How it ended.
    pub outcome: Outcome,
    /// The answer's content type and the start of its body, from an engine
    /// that keeps them ([`Engine::keeping`]); `None` otherwise.
    pub kept: Option<Kept>,
}

/// What an answer said, as far as a check of its content needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The `Content-Type` header, when it was text.
    pub content_type: Option<String>,
    /// Every header of the answer, as sent.
    pub headers: hyper::HeaderMap,
    /// The body's first bytes, at most as many as the engine keeps.
    pub body: Bytes,
}

/// A request as another client sent it, to be sent on as it is
/// (`hookcheck listen` forwarding a sender's delivery to the app): its
/// method, its path and query (after the endpoint's own path), its headers
/// but those of its hop (`Host`, `Connection` and the like, which the
/// engine's connection sets), and its body.
#[derive(Debug, Clone)]
pub struct Forward {
    /// The method.
    pub method: hyper::Method,
    /// The path and query as the client asked for them (`/x?y`).
    pub path_and_query: String,
    /// The headers, in the order received.
    pub headers: hyper::HeaderMap,
    /// The body, exactly as received.
    pub body: Bytes,
}

/// What one exchange sends.
#[derive(Clone, Copy)]
enum Outgoing<'a> {
    /// A delivery: a POST of `body` with `headers` to the endpoint.
    Delivery {
        body: &'a Bytes,
        headers: &'a [(&'a str, String)],
    },
    /// Another client's request, sent on.
    Forward(&'a Forward),
}

/// How the client acknowledged the server's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Acks {
    /// At once, so that no time of the client's own stack is measured (on
    /// Linux; elsewhere as the system's stack does).
    #[default]
    Immediate,
    /// Delayed, as most TCP stacks delay them (by 40 ms at least on Linux):
    /// what a sender that delays acknowledgements sees.
    Delayed,
}

/// Where deliveries go and how they get there; engines of one run share it.
#[derive(Clone)]
pub struct Target {
    endpoint: Endpoint,
    net: NetPolicy,
    tls: tokio_rustls::TlsConnector,
    connect_timeout: Duration,
}

impl Target {
    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        self.endpoint.url.as_str()
    }

    /// Deliveries to `endpoint`, resolved under `net`, verified with `tls`
    /// (the strict client's configuration, to which the ALPN offer of
    /// HTTP/2 and HTTP/1.1 is added), each name lookup and TCP connection
    /// given at most `connect_timeout`.
    pub fn new(
        endpoint: Endpoint,
        net: NetPolicy,
        mut tls: rustls::ClientConfig,
        connect_timeout: Duration,
    ) -> Target {
        tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Target {
            endpoint,
            net,
            tls: tokio_rustls::TlsConnector::from(Arc::new(tls)),
            connect_timeout,
        }
    }
}

/// Sends deliveries to one endpoint, keeping the connection between them.
pub struct Engine {
    target: Target,
    cutoff: Duration,
    connection: Option<Connection>,
    /// How many bytes of each answer's body to keep (0: none).
    keep: usize,
}

/// A connection: its request side, by HTTP version, and the meter of the
/// TCP stream under it.
struct Connection {
    sender: Sender,
    meter: Arc<Meter>,
}

enum Sender {
    Http1(http1::SendRequest<Full<Bytes>>),
    Http2(http2::SendRequest<Full<Bytes>>),
}

/// Why a request got no answer.
enum SendError {
    /// The connection was closed before the request was written to it:
    /// the server cannot have seen it, so it may be sent again.
    Unsent(hyper::Error),
    /// Anything else; the server may have read the request.
    Failed(hyper::Error),
}

impl Connection {
    fn protocol(&self) -> Protocol {
        match self.sender {
            Sender::Http1(_) => Protocol::Http1,
            Sender::Http2(_) => Protocol::Http2,
        }
    }

    fn is_closed(&self) -> bool {
        match &self.sender {
            Sender::Http1(sender) => sender.is_closed(),
            Sender::Http2(sender) => sender.is_closed(),
        }
    }

    /// Sends `request`. hyper hands a request back when its connection
    /// closed before writing it (`ready` failing is the same, earlier);
    /// only those are [`SendError::Unsent`]. A connection that closed
    /// after the request was written, before any answer, is not: the
    /// server may have read and acted on it, and a POST must not be sent
    /// twice without saying so.
    async fn send(
        &mut self,
        request: hyper::Request<Full<Bytes>>,
    ) -> Result<hyper::Response<hyper::body::Incoming>, SendError> {
        let sent = match &mut self.sender {
            Sender::Http1(sender) => {
                sender.ready().await.map_err(SendError::Unsent)?;
                sender.try_send_request(request).await
            }
            Sender::Http2(sender) => {
                sender.ready().await.map_err(SendError::Unsent)?;
                sender.try_send_request(request).await
            }
        };
        sent.map_err(|mut error: TrySendError<_>| match error.take_message() {
            Some(_) => SendError::Unsent(error.into_error()),
            None => SendError::Failed(error.into_error()),
        })
    }
}

/// What a delivery has measured so far; kept outside the future the cutoff
/// may cancel.
#[derive(Default)]
struct Progress {
    phases: Phases,
    reused: bool,
    reconnected: bool,
    answer_reads: usize,
    protocol: Option<Protocol>,
    kept: Option<Kept>,
}

impl Engine {
    /// An engine for `target`, with no connection yet, cutting each
    /// delivery off after `cutoff` (the budget plus a grace).
    pub fn new(target: Target, cutoff: Duration) -> Engine {
        Engine {
            target,
            cutoff,
            connection: None,
            keep: 0,
        }
    }

    /// The same engine, keeping each answer's content type and up to
    /// `bytes` of its body (a handshake's answer is judged by them).
    #[must_use]
    pub fn keeping(mut self, bytes: usize) -> Engine {
        self.keep = bytes;
        self
    }

    /// Makes one delivery: POSTs `body` with `headers`.
    pub async fn deliver(&mut self, body: &Bytes, headers: &[(&str, String)]) -> Delivery {
        let outgoing = Outgoing::Delivery { body, headers };
        self.exchange(outgoing, Acks::Immediate).await
    }

    /// Sends another client's request on, timed as a delivery is; with
    /// [`Engine::keeping`], the answer's headers and body are kept.
    pub async fn forward(&mut self, request: &Forward) -> Delivery {
        self.exchange(Outgoing::Forward(request), Acks::Immediate)
            .await
    }

    /// Whether a connection is kept open for the next delivery (as far as
    /// the client knows: the server may have closed it since).
    pub fn keeps_connection(&self) -> bool {
        self.connection.as_ref().is_some_and(|c| !c.is_closed())
    }

    /// Makes one delivery over the kept connection with the client's
    /// acknowledgements delayed, as many TCP stacks delay them: whether an
    /// endpoint's answers wait for them. `None` when no connection is kept
    /// (a new one acknowledges at once at first, whatever the stack) or
    /// the system does not let the client choose.
    pub async fn deliver_with_delayed_acks(
        &mut self,
        body: &Bytes,
        headers: &[(&str, String)],
    ) -> Option<Delivery> {
        if !CHOOSES_ACKS || !self.keeps_connection() {
            return None;
        }
        let outgoing = Outgoing::Delivery { body, headers };
        Some(self.exchange(outgoing, Acks::Delayed).await)
    }

    async fn exchange(&mut self, outgoing: Outgoing<'_>, acks: Acks) -> Delivery {
        let start = Instant::now();
        // Durations are bounded where they are read; a far-future deadline
        // stands in for one past what the clock can hold.
        let deadline = start
            .checked_add(self.cutoff)
            .unwrap_or_else(|| start + Duration::from_secs(86_400 * 365 * 30));
        let mut progress = Progress::default();
        let outcome =
            match tokio::time::timeout_at(deadline, self.run(start, &mut progress, acks, outgoing))
                .await
            {
                Ok(outcome) => outcome,
                Err(_) => {
                    // The connection is in an unknown state: never reuse it.
                    self.connection = None;
                    Outcome::TimedOut(stuck_in(
                        &progress.phases,
                        progress.reused,
                        self.target.endpoint.https,
                    ))
                }
            };
        let mut phases = progress.phases;
        phases.total = start.elapsed();
        Delivery {
            phases,
            reused: progress.reused,
            reconnected: progress.reconnected,
            answer_reads: progress.answer_reads,
            acks,
            protocol: progress.protocol,
            outcome,
            kept: progress.kept,
        }
    }

    async fn run(
        &mut self,
        start: Instant,
        progress: &mut Progress,
        acks: Acks,
        outgoing: Outgoing<'_>,
    ) -> Outcome {
        // A kept connection the server has closed since the last answer
        // (an idle timeout) is replaced, as a provider's client does.
        if self.connection.as_ref().is_some_and(Connection::is_closed) {
            self.connection = None;
            progress.reconnected = true;
        }
        let mut connecting_from = start;
        loop {
            progress.reused = self.connection.is_some();
            if !progress.reused {
                match self.connect(connecting_from, &mut progress.phases).await {
                    Ok(connection) => self.connection = Some(connection),
                    Err(outcome) => return outcome,
                }
            }
            let Some(connection) = self.connection.as_mut() else {
                return Outcome::Broken("no connection".to_owned());
            };
            progress.protocol = Some(connection.protocol());
            connection.meter.delay_acks(acks == Acks::Delayed);
            let Some(request) = request(&self.target.endpoint.url, connection, outgoing) else {
                return Outcome::Broken("the request could not be built".to_owned());
            };
            let meter = Arc::clone(&connection.meter);
            let reads = meter.reads();
            let response = match connection.send(request).await {
                Ok(response) => response,
                // Closed by the server before the request was written: a new
                // connection, once, within this delivery's cutoff.
                Err(SendError::Unsent(_)) if progress.reused && !progress.reconnected => {
                    self.connection = None;
                    progress.reconnected = true;
                    connecting_from = Instant::now();
                    continue;
                }
                Err(SendError::Unsent(error) | SendError::Failed(error)) => {
                    self.connection = None;
                    return Outcome::Broken(describe(&error));
                }
            };
            let outcome = self.read_answer(start, progress, response).await;
            progress.answer_reads = meter.reads().saturating_sub(reads);
            return outcome;
        }
    }

    /// Reads the answer's head and (up to 1 MiB of) its body.
    async fn read_answer(
        &mut self,
        start: Instant,
        progress: &mut Progress,
        response: hyper::Response<hyper::body::Incoming>,
    ) -> Outcome {
        progress.phases.ttfb = Some(start.elapsed());
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(hyper::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let closes = announces_close(&response);
        // Only an engine that keeps answers (a handshake's, a forwarder's)
        // keeps what the answer said.
        let headers = if self.keep > 0 {
            response.headers().clone()
        } else {
            hyper::HeaderMap::new()
        };
        let content_type = headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let mut kept = Vec::new();
        let mut body = response.into_body();
        let mut body_bytes = 0;
        let mut keep = !closes;
        while let Some(frame) = body.frame().await {
            match frame {
                Ok(frame) => {
                    let data = frame.data_ref().map_or(&[][..], |data| &data[..]);
                    let room = self.keep.saturating_sub(kept.len());
                    kept.extend_from_slice(&data[..data.len().min(room)]);
                    body_bytes += data.len();
                    if body_bytes > MAX_BODY {
                        // Enough: the answer is judged by its status.
                        keep = false;
                        break;
                    }
                }
                Err(error) => {
                    self.connection = None;
                    return Outcome::Broken(describe(&error));
                }
            }
        }
        if !keep {
            // Dropped here rather than found closed by the next delivery,
            // which would take it for an idle close.
            self.connection.take();
        }
        if self.keep > 0 {
            progress.kept = Some(Kept {
                content_type,
                headers,
                body: Bytes::from(kept),
            });
        }
        Outcome::Answered {
            status,
            location,
            body_bytes: body_bytes.min(MAX_BODY),
        }
    }

    /// Resolves, connects and (for https) runs the strict TLS handshake,
    /// then starts HTTP on the connection.
    async fn connect(&self, start: Instant, phases: &mut Phases) -> Result<Connection, Outcome> {
        let Target {
            endpoint,
            net,
            tls,
            connect_timeout,
        } = &self.target;
        let Some(host) = endpoint.url.host() else {
            return Err(Outcome::DnsFailed("the URL names no host".to_owned()));
        };
        let needs_lookup = matches!(host, Host::Domain(_));
        let addresses = net
            .addresses(&host, endpoint.port, *connect_timeout)
            .await
            .map_err(|e| match e {
                Unreachable::Denied { .. } => Outcome::NotPublic(e.to_string()),
                Unreachable::Dns { .. } => Outcome::DnsFailed(e.to_string()),
                Unreachable::LocalLimit { .. } => Outcome::LocalLimit(e.to_string()),
            })?;
        if needs_lookup {
            phases.dns = Some(start.elapsed());
        }
        let connecting = Instant::now();
        let tcp = hookcheck_net::connect(&addresses, *connect_timeout)
            .await
            .map_err(|e| match e {
                ConnectError::Unreachable(cause) => Outcome::ConnectFailed(cause),
                ConnectError::LocalLimit(cause) => Outcome::LocalLimit(cause),
            })?
            .stream;
        phases.connect = Some(connecting.elapsed());
        let (wire, meter) = Wire::new(tcp);
        let sender = if endpoint.https {
            let handshaking = Instant::now();
            let tls = tls
                .connect(endpoint.server_name.clone(), wire)
                .await
                .map_err(|e| Outcome::TlsFailed(e.to_string()))?;
            phases.tls = Some(handshaking.elapsed());
            let http2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
            http(TokioIo::new(tls), http2).await?
        } else {
            http(TokioIo::new(wire), false).await?
        };
        Ok(Connection { sender, meter })
    }
}

/// Starts HTTP/2 or HTTP/1.1 on a connection; its driver runs as a task of
/// its own.
async fn http<T>(io: T, http2: bool) -> Result<Sender, Outcome>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let broken = |e: hyper::Error| Outcome::Broken(describe(&e));
    // The driver ends when the server closes the connection or the engine
    // drops its sender; either way there is nothing to report from it.
    if http2 {
        let (sender, connection) = http2::handshake(TokioExecutor::new(), io)
            .await
            .map_err(broken)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Sender::Http2(sender))
    } else {
        let (sender, connection) = http1::handshake(io).await.map_err(broken)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Sender::Http1(sender))
    }
}

/// The request `outgoing` describes, to `url`, addressed as the connection's
/// HTTP version wants it; `None` when a header cannot be sent.
fn request(
    url: &Url,
    connection: &Connection,
    outgoing: Outgoing<'_>,
) -> Option<hyper::Request<Full<Bytes>>> {
    let (method, target, body) = match outgoing {
        Outgoing::Delivery { body, .. } => (
            hyper::Method::POST,
            url[..url::Position::AfterQuery].to_owned(),
            body,
        ),
        Outgoing::Forward(forward) => (
            forward.method.clone(),
            forwarded_to(url, &forward.path_and_query),
            &forward.body,
        ),
    };
    let mut request = hyper::Request::builder().method(method);
    request = match connection.sender {
        // Origin form (`/path?query`) and a Host header, as HTTP/1.1
        // clients address origin servers.
        // Both targets begin with the endpoint's scheme and authority.
        Sender::Http1(_) => request
            .uri(&target[url[..url::Position::BeforePath].len()..])
            .header(hyper::header::HOST, authority(url)),
        // HTTP/2 takes the scheme and authority from the URI itself.
        Sender::Http2(_) => request.uri(target.as_str()),
    };
    match outgoing {
        Outgoing::Delivery { headers, .. } => {
            for (name, value) in headers {
                request = request.header(*name, value);
            }
        }
        Outgoing::Forward(forward) => {
            for (name, value) in &forward.headers {
                if !is_hop_header(name) {
                    request = request.header(name, value);
                }
            }
        }
    }
    request.body(Full::new(body.clone())).ok()
}

/// The URL a forwarded request goes to: the client's path and query after
/// the endpoint's own path (`http://app/hooks` and `/x?y`:
/// `http://app/hooks/x?y`; `/` alone: the endpoint's URL).
fn forwarded_to(url: &Url, path_and_query: &str) -> String {
    let base = url[..url::Position::AfterPath].trim_end_matches('/');
    match path_and_query {
        "" | "/" => url[..url::Position::AfterQuery].to_owned(),
        rest if rest.starts_with('?') => format!("{}{rest}", &url[..url::Position::AfterPath]),
        rest if rest.starts_with('/') => format!("{base}{rest}"),
        rest => format!("{base}/{rest}"),
    }
}

/// A header of one connection's hop, which the connection sending a
/// request on sets for itself (RFC 9110 §7.6.1), or the body's framing,
/// which hyper sets from the body it sends.
pub fn is_hop_header(name: &hyper::header::HeaderName) -> bool {
    use hyper::header::{
        CONNECTION, CONTENT_LENGTH, HOST, PROXY_AUTHORIZATION, TE, TRAILER, TRANSFER_ENCODING,
        UPGRADE,
    };
    [
        HOST,
        CONNECTION,
        CONTENT_LENGTH,
        TE,
        TRAILER,
        TRANSFER_ENCODING,
        UPGRADE,
        PROXY_AUTHORIZATION,
    ]
    .contains(name)
        || name.as_str().eq_ignore_ascii_case("keep-alive")
        || name.as_str().eq_ignore_ascii_case("proxy-connection")
}

/// Whether the server said it closes the connection after this answer
/// (`Connection: close`, or HTTP/1.0 without keep-alive).
fn announces_close<B>(response: &hyper::Response<B>) -> bool {
    let has = |token: &str| {
        response
            .headers()
            .get_all(hyper::header::CONNECTION)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    has("close") || (response.version() <= hyper::Version::HTTP_10 && !has("keep-alive"))
}

/// `host[:port]` as the Host header carries it.
fn authority(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// Where a delivery that ran out of time was.
fn stuck_in(phases: &Phases, reused: bool, https: bool) -> &'static str {
    if phases.ttfb.is_some() {
        "reading the answer's body"
    } else if reused || phases.tls.is_some() || (phases.connect.is_some() && !https) {
        "waiting for the answer"
    } else if phases.connect.is_some() {
        "the TLS handshake"
    } else {
        "connecting"
    }
}

/// hyper's outer message is generic; its cause says what happened.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A forwarded request's path and query follow the endpoint's path.
    #[test]
    fn a_forwarded_path_follows_the_endpoints() {
        let url = |text: &str| Url::parse(text).expect("a URL");
        let hooks = url("http://127.0.0.1:3000/hooks");
        assert_eq!(forwarded_to(&hooks, "/"), "http://127.0.0.1:3000/hooks");
        assert_eq!(
            forwarded_to(&hooks, "/x?y=1"),
            "http://127.0.0.1:3000/hooks/x?y=1"
        );
        assert_eq!(
            forwarded_to(&hooks, "/?y=1"),
            "http://127.0.0.1:3000/hooks/?y=1"
        );
        let root = url("http://app/");
        assert_eq!(forwarded_to(&root, "/a/b"), "http://app/a/b");
        assert_eq!(forwarded_to(&root, "/"), "http://app/");
    }
}
