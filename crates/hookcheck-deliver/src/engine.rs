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
//! and then has no DNS, connect or TLS phase.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hookcheck_net::{NetPolicy, Unreachable};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use tokio::time::Instant;
use url::{Host, Url};

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
    /// No TLS session: the strict client refused the server.
    TlsFailed(String),
    /// The connection broke before a whole answer (a reset, a close).
    Broken(String),
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
    /// The HTTP version, once a connection was made.
    pub protocol: Option<Protocol>,
    /// How it ended.
    pub outcome: Outcome,
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
}

/// A connection's request side, by HTTP version.
enum Connection {
    Http1(http1::SendRequest<Full<Bytes>>),
    Http2(http2::SendRequest<Full<Bytes>>),
}

impl Connection {
    fn protocol(&self) -> Protocol {
        match self {
            Connection::Http1(_) => Protocol::Http1,
            Connection::Http2(_) => Protocol::Http2,
        }
    }

    fn is_closed(&self) -> bool {
        match self {
            Connection::Http1(sender) => sender.is_closed(),
            Connection::Http2(sender) => sender.is_closed(),
        }
    }

    async fn send(
        &mut self,
        request: hyper::Request<Full<Bytes>>,
    ) -> hyper::Result<hyper::Response<hyper::body::Incoming>> {
        match self {
            Connection::Http1(sender) => {
                sender.ready().await?;
                sender.send_request(request).await
            }
            Connection::Http2(sender) => {
                sender.ready().await?;
                sender.send_request(request).await
            }
        }
    }
}

impl Engine {
    /// An engine for `target`, with no connection yet, cutting each
    /// delivery off after `cutoff` (the budget plus a grace).
    pub fn new(target: Target, cutoff: Duration) -> Engine {
        Engine {
            target,
            cutoff,
            connection: None,
        }
    }

    /// Makes one delivery: POSTs `body` with `headers`.
    pub async fn deliver(&mut self, body: &Bytes, headers: &[(&str, String)]) -> Delivery {
        let start = Instant::now();
        // Durations are bounded where they are read; a far-future deadline
        // stands in for one past what the clock can hold.
        let deadline = start
            .checked_add(self.cutoff)
            .unwrap_or_else(|| start + Duration::from_secs(86_400 * 365 * 30));
        let mut phases = Phases::default();
        let reused = self.connection.as_ref().is_some_and(|c| !c.is_closed());
        let outcome = match tokio::time::timeout_at(
            deadline,
            self.run(start, &mut phases, reused, body, headers),
        )
        .await
        {
            Ok(outcome) => outcome,
            Err(_) => {
                // The connection is in an unknown state: never reuse it.
                self.connection = None;
                Outcome::TimedOut(stuck_in(&phases, reused, self.target.endpoint.https))
            }
        };
        phases.total = start.elapsed();
        Delivery {
            phases,
            reused,
            protocol: self.connection.as_ref().map(Connection::protocol),
            outcome,
        }
    }

    async fn run(
        &mut self,
        start: Instant,
        phases: &mut Phases,
        reused: bool,
        body: &Bytes,
        headers: &[(&str, String)],
    ) -> Outcome {
        if !reused {
            match self.connect(start, phases).await {
                Ok(sender) => self.connection = Some(sender),
                Err(outcome) => return outcome,
            }
        }
        let Some(sender) = self.connection.as_mut() else {
            return Outcome::Broken("no connection".to_owned());
        };
        let url = &self.target.endpoint.url;
        let mut request = match sender {
            // Origin form (`/path?query`) and a Host header, as HTTP/1.1
            // clients address origin servers.
            Connection::Http1(_) => {
                hyper::Request::post(&url[url::Position::BeforePath..url::Position::AfterQuery])
                    .header(hyper::header::HOST, authority(url))
            }
            // HTTP/2 takes the scheme and authority from the URI itself.
            Connection::Http2(_) => hyper::Request::post(&url[..url::Position::AfterQuery]),
        };
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let Ok(request) = request.body(Full::new(body.clone())) else {
            return Outcome::Broken("the request could not be built".to_owned());
        };
        let response = match sender.send(request).await {
            Ok(response) => response,
            Err(error) => {
                self.connection = None;
                return Outcome::Broken(describe(&error));
            }
        };
        phases.ttfb = Some(start.elapsed());
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(hyper::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let mut body = response.into_body();
        let mut body_bytes = 0;
        while let Some(frame) = body.frame().await {
            match frame {
                Ok(frame) => {
                    body_bytes += frame.data_ref().map_or(0, Bytes::len);
                    if body_bytes > MAX_BODY {
                        // Enough: the answer is judged by its status.
                        self.connection = None;
                        break;
                    }
                }
                Err(error) => {
                    self.connection = None;
                    return Outcome::Broken(describe(&error));
                }
            }
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
            })?;
        if needs_lookup {
            phases.dns = Some(start.elapsed());
        }
        let connecting = Instant::now();
        let tcp = hookcheck_net::connect(&addresses, *connect_timeout)
            .await
            .map_err(Outcome::ConnectFailed)?
            .stream;
        phases.connect = Some(connecting.elapsed());
        if endpoint.https {
            let handshaking = Instant::now();
            let tls = tls
                .connect(endpoint.server_name.clone(), tcp)
                .await
                .map_err(|e| Outcome::TlsFailed(e.to_string()))?;
            phases.tls = Some(handshaking.elapsed());
            let http2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
            http(TokioIo::new(tls), http2).await
        } else {
            http(TokioIo::new(tcp), false).await
        }
    }
}

/// Starts HTTP/2 or HTTP/1.1 on a connection; its driver runs as a task of
/// its own.
async fn http<T>(io: T, http2: bool) -> Result<Connection, Outcome>
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
        Ok(Connection::Http2(sender))
    } else {
        let (sender, connection) = http1::handshake(io).await.map_err(broken)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Connection::Http1(sender))
    }
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
