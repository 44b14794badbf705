//! A flood of deliveries: `concurrency` kept HTTP/1.1 connections, each
//! sending one body (a POST) again and again for a while, as fast as the server
//! answers, counting what was acknowledged (2xx) and what was not. What a
//! receiver in front of an app (`hookcheck listen`) must take without
//! losing a record or growing without bound.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};

/// What a flood did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flooded {
    /// Requests answered 2xx.
    pub acknowledged: u64,
    /// Requests answered otherwise, or not at all.
    pub failed: u64,
    /// How long it ran.
    pub elapsed: Duration,
}

/// POSTs `body` with `headers` to `path` on `addr` over `concurrency`
/// connections for `duration` (plain HTTP/1.1, kept alive; a connection
/// that breaks is opened again). Runs on a runtime of its own.
pub fn flood(
    addr: SocketAddr,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
    concurrency: usize,
    duration: Duration,
) -> Flooded {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let body = Bytes::copy_from_slice(body);
    runtime.block_on(async {
        let started = Instant::now();
        let deadline = started + duration;
        let mut senders = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            let (path, headers, body) = (path.to_owned(), headers.to_vec(), body.clone());
            senders
                .spawn(async move { one_connection(addr, &path, &headers, body, deadline).await });
        }
        let mut flooded = Flooded::default();
        while let Some(done) = senders.join_next().await {
            let (acknowledged, failed) = done.expect("a flooding task");
            flooded.acknowledged += acknowledged;
            flooded.failed += failed;
        }
        flooded.elapsed = started.elapsed();
        flooded
    })
}

/// One connection's share: (acknowledged, failed).
async fn one_connection(
    addr: SocketAddr,
    path: &str,
    headers: &[(String, String)],
    body: Bytes,
    deadline: Instant,
) -> (u64, u64) {
    let (mut acknowledged, mut failed) = (0, 0);
    while Instant::now() < deadline {
        let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
            failed += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok((mut sender, connection)) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await
        else {
            failed += 1;
            continue;
        };
        tokio::spawn(connection);
        while Instant::now() < deadline {
            let mut request = hyper::Request::post(path).header("host", addr.to_string());
            for (name, value) in headers {
                request = request.header(name, value);
            }
            let request = request.body(Full::new(body.clone())).expect("a request");
            let Ok(response) = sender.send_request(request).await else {
                failed += 1;
                break;
            };
            let ok = response.status().is_success();
            if response.into_body().collect().await.is_err() || !ok {
                failed += 1;
                break;
            }
            acknowledged += 1;
        }
    }
    (acknowledged, failed)
}

/// The peak resident memory of process `pid` so far, in KiB, from Linux's
/// `/proc/PID/status` (`VmHWM`); `None` elsewhere. What a flood cost the
/// process that took it.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}
