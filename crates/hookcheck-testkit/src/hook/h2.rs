//! The HTTP/2 side, over TLS when ALPN chose `h2`: hyper's server, given the
//! same replies as HTTP/1.1. A reset is a reset stream (`RST_STREAM`),
//! silence an answer that never comes, and a body that breaks off resets the
//! stream after its headers.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt as _, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http2;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;

use super::body::Body;
use super::{Reply, Served, Shared};

/// Serves one connection's streams until the client goes.
pub(super) async fn serve(stream: TlsStream<TcpStream>, shared: Arc<Shared>) {
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { answer(&shared, request).await }
    });
    // Each stream is a task of its own on the server's runtime, so a stream
    // that never answers holds up none of the others; the runtime drops them
    // all when the server stops.
    let _ = http2::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// One stream: the request read in full (2 MiB at most), then the reply.
/// hyper answers an error by resetting the stream (`INTERNAL_ERROR`), and
/// the connection stays up for the other streams.
async fn answer(shared: &Shared, request: Request<Incoming>) -> io::Result<Response<Body>> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, crate::MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        // A body that is too big or breaks off is not a request read in
        // full, so it is neither logged nor answered.
        Err(_) => return Err(io::ErrorKind::InvalidData.into()),
    };
    let served = Served {
        protocol: "HTTP/2",
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map_or("/", |path| path.as_str())
            .to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body,
        elapsed: Duration::ZERO,
    };
    match shared.reply(served).await {
        Reply::Answer(response) => Ok(response),
        Reply::Reset => Err(io::ErrorKind::ConnectionReset.into()),
        Reply::Silence => std::future::pending().await,
    }
}
