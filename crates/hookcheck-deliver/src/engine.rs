//! The delivery engine: one POST as the provider makes it, timed phase by
//! phase on a monotonic clock (DNS, TCP connect, TLS handshake, first byte
//! of the answer, the whole answer read), and cut off at the budget plus a
//! small grace, whatever the server does.
//!
//! reqwest cannot tell the TCP connect from the TLS handshake, so the engine
//! goes one level lower: tokio for TCP, tokio-rustls with the strict
//! verifier, hyper's HTTP/1.1 client on the connection it made. A later
//! delivery reuses the connection while the server keeps it open, and then
//! has no DNS, connect or TLS phase.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hookcheck_tls::NetPolicy;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
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
    /// No TCP connection.
    ConnectFailed(String),
    /// No TLS session: the strict client refused the server.
    TlsFailed(String),
    /// The connection broke before a whole answer (a reset, a close).
    Broken(String),
}

/// One delivery's measurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Phase by phase.
    pub phases: Phases,
    /// Whether it went over a connection an earlier delivery opened.
    pub reused: bool,
    /// How it ended.
    pub outcome: Outcome,
}

/// Sends deliveries to one endpoint, keeping the connection between them.
pub struct Engine {
    endpoint: Endpoint,
    net: NetPolicy,
    tls: tokio_rustls::TlsConnector,
    cutoff: Duration,
    connection: Option<SendRequest<Full<Bytes>>>,
}

impl Engine {
    /// An engine for `endpoint`, verifying TLS with `tls` (the strict
    /// client's configuration), cutting each delivery off after `cutoff`
    /// (the budget plus a grace).
    pub fn new(
        endpoint: Endpoint,
        net: NetPolicy,
        tls: rustls::ClientConfig,
        cutoff: Duration,
    ) -> Engine {
        Engine {
            endpoint,
            net,
            tls: tokio_rustls::TlsConnector::from(Arc::new(tls)),
            cutoff,
            connection: None,
        }
    }

    /// Makes one delivery: POSTs `body` with `headers`.
    pub async fn deliver(&mut self, body: &Bytes, headers: &[(&str, String)]) -> Delivery {
        let start = Instant::now();
        let deadline = start + self.cutoff;
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
                Outcome::TimedOut(stuck_in(&phases, reused, self.endpoint.https))
            }
        };
        phases.total = start.elapsed();
        Delivery {
            phases,
            reused,
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
        // Origin form (`/path?query`), as clients address origin servers.
        let target = &self.endpoint.url[url::Position::BeforePath..url::Position::AfterQuery];
        let mut request =
            hyper::Request::post(target).header(hyper::header::HOST, authority(&self.endpoint.url));
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let Ok(request) = request.body(Full::new(body.clone())) else {
            return Outcome::Broken("the request could not be built".to_owned());
        };
        if let Err(error) = sender.ready().await {
            self.connection = None;
            return Outcome::Broken(format!("the connection closed: {error}"));
        }
        let response = match sender.send_request(request).await {
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
    /// then starts HTTP/1.1 on the connection.
    async fn connect(
        &self,
        start: Instant,
        phases: &mut Phases,
    ) -> Result<SendRequest<Full<Bytes>>, Outcome> {
        let Some(host) = self.endpoint.url.host() else {
            return Err(Outcome::DnsFailed("the URL names no host".to_owned()));
        };
        let needs_lookup = matches!(host, Host::Domain(_));
        let addresses = self
            .net
            .addresses(&host, self.endpoint.port, self.cutoff)
            .await
            .map_err(|e| Outcome::DnsFailed(e.to_string()))?;
        if needs_lookup {
            phases.dns = Some(start.elapsed());
        }
        let connecting = Instant::now();
        let mut failures = Vec::new();
        let mut tcp = None;
        for address in addresses {
            match TcpStream::connect(address).await {
                Ok(stream) => {
                    tcp = Some(stream);
                    break;
                }
                Err(error) => failures.push(format!("{address}: {error}")),
            }
        }
        let Some(tcp) = tcp else {
            return Err(Outcome::ConnectFailed(failures.join("; ")));
        };
        let _ = tcp.set_nodelay(true);
        phases.connect = Some(connecting.elapsed());
        if self.endpoint.https {
            let handshaking = Instant::now();
            let tls = self
                .tls
                .connect(self.endpoint.server_name.clone(), tcp)
                .await
                .map_err(|e| Outcome::TlsFailed(e.to_string()))?;
            phases.tls = Some(handshaking.elapsed());
            http(TokioIo::new(tls)).await
        } else {
            http(TokioIo::new(tcp)).await
        }
    }
}

/// Starts HTTP/1.1 on a connection; its driver runs as a task of its own.
async fn http<T>(io: T) -> Result<SendRequest<Full<Bytes>>, Outcome>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| Outcome::Broken(describe(&e)))?;
    tokio::spawn(async move {
        // The connection ends when the server closes it or the engine drops
        // its sender; either way there is nothing to report here.
        let _ = connection.await;
    });
    Ok(sender)
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
