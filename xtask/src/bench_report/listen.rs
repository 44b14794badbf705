//! `hookcheck listen` under a flood: the release binary answering by itself
//! (no app behind it, so that the figure is `listen`'s own), the test kit's
//! `flood` sending the captured `change` delivery over many kept
//! connections as fast as it answers, for 30 seconds; then the history is
//! counted against what the flood saw acknowledged, and the peak memory of
//! the `listen` process is read.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_listen::{Bounds, Store};
use hookcheck_testkit::{Flooded, fixtures, flood, peak_rss_kib};

use crate::process::target_dir;

/// Connections the flood keeps open at once.
pub(crate) const CONNECTIONS: usize = 64;

/// What the flood did, and what `listen` kept.
#[derive(Debug, Clone)]
pub(crate) struct ListenResults {
    pub(crate) flooded: Flooded,
    /// Deliveries in the history afterwards.
    pub(crate) kept: u64,
    /// The `listen` process's peak resident memory, in KiB (Linux).
    pub(crate) peak_rss_kib: Option<u64>,
    /// The size of the delivery sent, in bytes.
    pub(crate) body_bytes: usize,
}

/// Floods `hookcheck` (the release build) for 30 s (3 s with `quick`).
pub(crate) fn measure(hookcheck: &Path, quick: bool) -> Result<ListenResults> {
    let folder = target_dir()?.join("bench-listen");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let history = folder.join("history.sqlite");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|free| free.local_addr())
        .context("no free port")?
        .port();
    let mut listen = Command::new(hookcheck)
        .args(["listen", "--port", &port.to_string(), "--keep", "100000000"])
        .args(["--format", "json", "--history"])
        .arg(&history)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot run hookcheck listen")?;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            let _ = listen.kill();
            bail!("hookcheck listen did not start");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let body = fixtures::captured("change");
    let headers = [("content-type".to_owned(), "application/json".to_owned())];
    let seconds = if quick { 3 } else { 30 };
    println!(
        "$ flooding hookcheck listen on {addr} for {seconds} s over {CONNECTIONS} connections"
    );
    let flooded = flood(
        addr,
        "/",
        &headers,
        &body,
        CONNECTIONS,
        Duration::from_secs(seconds),
    );
    let peak_rss_kib = peak_rss_kib(listen.id());
    let _ = listen.kill();
    let _ = listen.wait();
    let (kept, _) = Store::open(&history, Bounds::default())?.usage()?;
    Ok(ListenResults {
        flooded,
        kept,
        peak_rss_kib,
        body_bytes: body.len(),
    })
}
