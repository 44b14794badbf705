//! Real servers on loopback for hookcheck's tests and demo: each starts on
//! port 0 of 127.0.0.1 (or `::1`), runs on its own thread, and stops when
//! dropped. Nothing here reaches beyond loopback.
//!
//! - [`TlsServer`]: rustls presenting any chain (a fixture case, or one
//!   minted at run time), answering each request with a small HTTP 200;
//! - [`RawServer`]: a server that misbehaves on purpose (garbage instead of
//!   TLS, a close or a stall mid-handshake);
//! - [`HttpServer`]: plain HTTP serving fixed files (AIA issuers);
//! - [`HookServer`]: a web-hook receiver over http or https (HTTP/1.1, or
//!   HTTP/2 when ALPN picks it) that answers, stalls, trickles, resets or
//!   checks signatures on purpose, and records what it was sent;
//! - [`OpensslServer`]: `openssl s_server`, for what rustls will not serve
//!   (RSA-1024 keys, legacy protocols);
//! - [`DelayProxy`]: a TCP proxy that adds a one-way delay each way, and
//!   counts the connections through it (a check's cost in round trips);
//! - [`ScriptedServer`]: answers a `ClientHello` with a chosen `ServerHello`, for
//!   what no library serves any more (SSL 2.0/3.0, export, RC4);
//! - [`flood`]: the other side, a sender: deliveries as fast as a server
//!   takes them, over many kept connections, for a while.
//!
//! The fixture files are read from `fixtures/tls/` (made by `cargo xtask
//! fixtures`); [`fixtures`] loads them and mints leaves signed by the
//! fixture intermediate.

#![allow(
    clippy::missing_panics_doc,
    clippy::expect_used,
    reason = "a test kit fails loudly: a fixture that cannot be loaded or a port that cannot \
              be bound is a broken test machine, not a case to handle"
)]

mod delay;
pub mod fixtures;
mod flood;
mod hook;
mod http;
mod openssl;
mod python;
mod raw;
mod scripted;
mod tls;

pub use delay::DelayProxy;
pub use flood::{Flooded, flood, peak_rss_kib};
pub use hook::{Answer, HookOptions, HookServer, Moment, Receiver, Served, Writes};
pub use http::{HttpServer, Route};
pub use openssl::{LEGACY_TLS, OpensslServer};
pub use python::PythonLegacyServer;
pub use raw::{Behaviour, RawServer};
pub use scripted::{Script, ScriptedServer};
pub use tls::{HSTS_ONE_YEAR, TlsServer, TlsServerOptions};

use std::net::SocketAddr;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

/// A server's thread and the switch that stops it.
struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// Binds `addr`, then serves each connection with `serve` on a
    /// current-thread runtime of its own until stopped.
    fn start<F, Fut>(addr: SocketAddr, serve: F) -> Running
    where
        F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        let listener = std::net::TcpListener::bind(addr).expect("bind a loopback port");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a test runtime");
            let local = tokio::task::LocalSet::new();
            local.block_on(&runtime, async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                let accept = async {
                    loop {
                        if let Ok((stream, _)) = listener.accept().await {
                            tokio::task::spawn_local(serve(stream));
                        }
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stopped => {}
                }
            });
        });
        Running {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads an HTTP request head, up to its blank line (64 KiB at most);
/// `None` when the client goes away first.
async fn read_request_head<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt as _;
    let mut head = Vec::new();
    let mut buf = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    Some(head)
}

/// The most an HTTP request's head may hold.
const MAX_HEAD: usize = 64 * 1024;

/// The most an HTTP request's body may hold: a notification is a few
/// kilobytes, so a bigger body is a broken client, not a case to buffer.
const MAX_BODY: usize = 2 * 1024 * 1024;

/// One HTTP/1.1 request as read off a connection.
struct Request {
    /// The request line and the header lines, without the blank line.
    head: String,
    /// The body, as long as `content-length` said.
    body: Vec<u8>,
}

impl Request {
    /// The request line's method.
    fn method(&self) -> &str {
        self.head.split(' ').next().unwrap_or_default()
    }

    /// The request line's target, e.g. `/hook?id=1`.
    fn path(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or("/")
    }

    /// The header lines as names and values, as sent.
    fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim(), value.trim()))
    }

    /// The first header of this name (case-insensitive).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers()
            .find(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }
}

/// Reads one request (its head, and its body by `content-length`) from the
/// connection, keeping bytes of the next request in `buffer`; `None` when
/// the client is gone or sends what these servers do not read: a head over
/// 64 KiB, a body over 2 MiB, or a chunked body.
async fn read_request<S: tokio::io::AsyncRead + Unpin>(
    stream: &mut S,
    buffer: &mut Vec<u8>,
) -> Option<Request> {
    use tokio::io::AsyncReadExt as _;
    let mut chunk = [0; 4096];
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let mut request = Request {
        head: String::from_utf8_lossy(&buffer[..end]).into_owned(),
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return None;
    }
    let length: usize = match request.header("content-length") {
        None => 0,
        Some(value) => value.parse().ok().filter(|&n| n <= MAX_BODY)?,
    };
    let whole = end + 4 + length;
    while buffer.len() < whole {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    request.body = buffer[end + 4..whole].to_vec();
    buffer.drain(..whole);
    Some(request)
}

/// The loopback address to bind, IPv4.
pub fn localhost_v4() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The loopback address to bind, IPv6.
pub fn localhost_v6() -> SocketAddr {
    SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0))
}
