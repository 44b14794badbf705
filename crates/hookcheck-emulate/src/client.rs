//! A client of a running emulator, for `hookcheck emulate trigger` and
//! `hookcheck emulate log`: one request over plain HTTP/1.1, its answer
//! read whole up to a limit, all within a deadline.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper_util::rt::TokioIo;

/// The method of a call.
pub use hyper::Method;

/// Answers past this are not read.
const MAX_ANSWER: usize = 16 << 20;

/// What the emulator answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The status.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

/// Sends `method path` with `body` (JSON, when not empty) to the emulator
/// at `base` (`http://host:port`), with `token` as the bearer token when
/// given, and reads the answer, all within `deadline`; why not, in one
/// line.
pub async fn call(
    base: &str,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Bytes,
    deadline: Duration,
) -> Result<Answered, String> {
    let url = url::Url::parse(base).map_err(|e| format!("`{base}` is not a URL: {e}"))?;
    if url.scheme() != "http" {
        return Err(format!("`{base}`: the emulator speaks plain http"));
    }
    // The name to connect to: an IPv6 address without the brackets the
    // URL (and the Host header) write around it.
    let connect_to = match url.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(host) => host.to_string(),
        None => return Err(format!("`{base}` names no host")),
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let exchange = async {
        let stream = tokio::net::TcpStream::connect((connect_to.as_str(), port))
            .await
            .map_err(|e| format!("no emulator at {base}: {e}"))?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("{base}: {e}"))?;
        tokio::spawn(connection);
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, format!("{host}:{port}"));
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        if !body.is_empty() {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Full::new(body))
            .map_err(|e| format!("{path}: {e}"))?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| format!("{base}: {e}"))?;
        let status = response.status().as_u16();
        let body = Limited::new(response.into_body(), MAX_ANSWER)
            .collect()
            .await
            .map_err(|e| format!("{base}: the answer could not be read: {e}"))?
            .to_bytes();
        Ok(Answered { status, body })
    };
    tokio::time::timeout(deadline, exchange)
        .await
        .map_err(|_| format!("{base} did not answer within {} s", deadline.as_secs()))?
}
