//! The HTTP/1.1 side, over plain TCP or TLS: requests read and answers
//! written by hand, so that a close after the headers, a reset, a trickle,
//! a head written apart from its body or a close behind an answer are
//! exactly the bytes and TCP events asked for.

use std::io;
use std::time::Duration;

use http_body_util::BodyExt as _;
use hyper::Response;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;

use super::body::Body;
use super::{Reply, Served, Shared};

/// A connection HTTP/1.1 is spoken on, and the TCP stream under it, which a
/// reset needs.
pub(super) trait Connection: AsyncRead + AsyncWrite + Unpin {
    fn tcp(&self) -> &TcpStream;
}

impl Connection for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Connection for TlsStream<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0
    }
}

/// Answers requests on one connection until the client goes, the answer
/// ends the connection, or keep-alive is off.
pub(super) async fn serve<S: Connection>(mut stream: S, shared: &Shared) {
    let mut buffer = Vec::new();
    let mut answered = false;
    loop {
        let next = crate::read_request(&mut stream, &mut buffer);
        let request = match shared.idle_close {
            // Idle from the last answer on: the keep-alive timeout.
            Some(idle) if answered => match tokio::time::timeout(idle, next).await {
                Ok(request) => request,
                Err(_) => {
                    let _ = stream.shutdown().await;
                    return;
                }
            },
            _ => next.await,
        };
        let Some(request) = request else {
            return;
        };
        answered = true;
        let close = !shared.keep_alive
            || request
                .header("connection")
                .is_some_and(|value| value.eq_ignore_ascii_case("close"));
        let served = Served {
            protocol: "HTTP/1.1",
            method: request.method().to_owned(),
            path: request.path().to_owned(),
            headers: request
                .headers()
                .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
                .collect(),
            body: request.body,
            elapsed: Duration::ZERO,
        };
        match shared.reply(served).await {
            Reply::Answer(response) => {
                // Closing right behind the answer: held back (corked) so
                // that the close leaves in its last segment.
                let behind = shared.idle_close == Some(Duration::ZERO);
                if behind {
                    cork(stream.tcp());
                }
                let written = write(&mut stream, response, close, shared.writes.head_apart()).await;
                if written.is_err() || close || behind {
                    let _ = stream.shutdown().await;
                    return;
                }
            }
            Reply::Reset => return reset(stream),
            Reply::Silence => return hold(stream).await,
        }
    }
}

/// Writes the head, then the body's frames as they come, a body that is
/// there at once in the same write as the head unless `head_apart`; an
/// error when the body breaks off, after which the connection is closed.
async fn write<S: Connection>(
    stream: &mut S,
    response: Response<Body>,
    close: bool,
    head_apart: bool,
) -> io::Result<()> {
    let (parts, mut body) = response.into_parts();
    let reason = parts.status.canonical_reason().unwrap_or_default();
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", parts.status.as_str()).into_bytes();
    for (name, value) in &parts.headers {
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    if close {
        head.extend_from_slice(b"connection: close\r\n");
    }
    head.extend_from_slice(b"\r\n");
    if let (Body::Full(bytes), false) = (&mut body, head_apart) {
        head.extend_from_slice(&bytes.take().unwrap_or_default());
    }
    stream.write_all(&head).await?;
    stream.flush().await?;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            stream.write_all(&data).await?;
            stream.flush().await?;
        }
    }
    Ok(())
}

/// Holds what is written back until the connection is shut down
/// (`TCP_CORK`), so that the close leaves with the last bytes. Only Linux
/// has it; elsewhere the close follows the answer as it may.
fn cork(tcp: &TcpStream) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ = socket2::SockRef::from(tcp).set_tcp_cork(true);
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = tcp;
}

/// Closes the connection with a zero linger, which makes the kernel send RST
/// instead of FIN: the client reads `ECONNRESET`.
fn reset<S: Connection>(stream: S) {
    #[allow(
        deprecated,
        reason = "the replacement, set_zero_linger, needs tokio 1.50 and the workspace asks for \
                  1.47; the deprecation warns of a close that blocks, which a zero linger never does"
    )]
    let _ = stream.tcp().set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// Keeps the connection open without a word, reading and dropping whatever
/// else the client sends, until it goes away.
async fn hold<S: Connection>(mut stream: S) {
    let mut sink = [0; 4096];
    while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
}
