//! The whole `hookcheck tls` against loopback servers: wall time and the
//! number of probe connections, beside `openssl s_client` doing a single
//! handshake with the same server (the floor: one connection can not be
//! beaten by a check that needs dozens).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{LEGACY_TLS, OpensslServer, TlsServer, fixtures};

/// One server's measurements.
#[derive(Debug, Clone)]
pub(crate) struct TlsTiming {
    /// What the server is.
    pub(crate) server: &'static str,
    /// The grade hookcheck gave.
    pub(crate) grade: String,
    /// Probe connections of one check.
    pub(crate) connections: u64,
    /// The best and the median wall time of the whole check.
    pub(crate) check_best: Duration,
    pub(crate) check_median: Duration,
    /// The best wall time of `openssl s_client` doing one handshake.
    pub(crate) handshake_best: Option<Duration>,
}

/// Times the check against a modern rustls server and a legacy OpenSSL one.
pub(crate) fn measure(runs: usize) -> Result<Vec<TlsTiming>> {
    let hookcheck = super::release_hookcheck()?;
    let root = fixtures::root_pem();
    let modern = TlsServer::fixture("good");
    let legacy = OpensslServer::fixture("good-rsa", LEGACY_TLS);
    let servers = [
        (
            "rustls, TLS 1.2 and 1.3 (the `good` fixture)",
            modern.addr(),
        ),
        (
            "openssl s_server, TLS 1.0 to 1.2 (`good-rsa`)",
            legacy.addr(),
        ),
    ];
    let mut timings = Vec::new();
    for (server, addr) in servers {
        let url = format!("https://localhost:{}/", addr.port());
        let mut times = Vec::new();
        let mut report = serde_json::Value::Null;
        for _ in 0..runs {
            let started = Instant::now();
            let output = Command::new(&hookcheck)
                .args(["tls", &url, "--format", "json", "--ca-file"])
                .arg(&root)
                .output()
                .context("cannot run hookcheck")?;
            times.push(started.elapsed());
            report = serde_json::from_slice(&output.stdout)
                .with_context(|| format!("hookcheck tls {url} wrote no JSON report"))?;
        }
        times.sort();
        let Some(connections) = report["tls"]["probe_connections"].as_u64() else {
            bail!("the report of {url} has no probe count");
        };
        timings.push(TlsTiming {
            server,
            grade: report["tls"]["grade"].as_str().unwrap_or("none").to_owned(),
            connections: connections + 1,
            check_best: times[0],
            check_median: times[times.len() / 2],
            handshake_best: s_client(addr.port(), runs),
        });
    }
    Ok(timings)
}

/// The best time of `openssl s_client` connecting, handshaking and quitting.
fn s_client(port: u16, runs: usize) -> Option<Duration> {
    let mut best: Option<Duration> = None;
    for _ in 0..runs {
        let started = Instant::now();
        let status = Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                &format!("127.0.0.1:{port}"),
                "-servername",
                "localhost",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        let elapsed = started.elapsed();
        if status.success() {
            best = Some(best.map_or(elapsed, |b| b.min(elapsed)));
        }
    }
    best
}
