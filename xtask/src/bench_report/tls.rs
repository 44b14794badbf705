//! The whole `hookcheck tls` against loopback servers: wall time and the
//! number of probe connections, beside `openssl s_client` doing a single
//! handshake with the same server (the floor: one connection can not be
//! beaten by a check that needs dozens). Then the same check through the
//! test kit's delaying proxy, over a link with 50 ms round trips: its wall
//! time in round trips and the connections it opened, beside sslyze asking
//! the same questions through the same proxy, when it is installed.
//!
//! Two legacy servers: `openssl s_server`, which serves one connection at a
//! time (so over the link its probes queue whatever the plan), and a small
//! threaded Python `ssl` server (the test kit's `PythonLegacyServer`) with the same chain,
//! versions and suites, which serves connections at once as old nginx or
//! Apache on OpenSSL do.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{
    DelayProxy, LEGACY_TLS, OpensslServer, PythonLegacyServer, TlsServer, fixtures,
};

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
    /// The check through the delaying proxy.
    pub(crate) link: LinkTiming,
}

/// One server's check over a link with [`ROUND_TRIP`] round trips.
#[derive(Debug, Clone)]
pub(crate) struct LinkTiming {
    /// The round trip the proxy really gives (a little over
    /// [`ROUND_TRIP`]: its timers), which figures in round trips divide by.
    pub(crate) round_trip: Duration,
    /// The median wall time of `hookcheck tls` through the proxy.
    pub(crate) check_median: Duration,
    /// The connections one check opened, as the proxy counted them.
    pub(crate) connections: usize,
    /// sslyze's wall time and connections through the same proxy; `Err`
    /// says why there is none (not installed, failed).
    pub(crate) sslyze: Result<(Duration, usize), String>,
}

/// The round trip of the simulated link: a server on another continent is
/// further, one in the same region nearer; 50 ms is a common middle.
pub(crate) const ROUND_TRIP: Duration = Duration::from_millis(50);

/// How many times the check runs through the proxy (each run costs about a
/// second at this round trip); the median is kept.
const LINK_RUNS: usize = 3;

/// sslyze's scan commands for what `hookcheck tls` asks: each protocol's
/// suites, the groups, the certificates and the HTTP headers (HSTS).
pub(crate) const SSLYZE_COMMANDS: &[&str] = &[
    "--sslv2",
    "--sslv3",
    "--tlsv1",
    "--tlsv1_1",
    "--tlsv1_2",
    "--tlsv1_3",
    "--elliptic_curves",
    "--certinfo",
    "--http_headers",
];

/// Times the check against a modern rustls server and a legacy OpenSSL one.
pub(crate) fn measure(runs: usize) -> Result<Vec<TlsTiming>> {
    let hookcheck = super::release_hookcheck()?;
    let root = fixtures::root_pem();
    let modern = TlsServer::fixture("good");
    let legacy = OpensslServer::fixture("good-rsa", LEGACY_TLS);
    let threaded = PythonLegacyServer::fixture("good-rsa");
    let servers = [
        (
            "rustls, TLS 1.2 and 1.3 (the `good` fixture)",
            modern.addr(),
        ),
        (
            "openssl s_server, TLS 1.0 to 1.2 (`good-rsa`), one connection at a time",
            legacy.addr(),
        ),
        (
            "Python `ssl`, TLS 1.0 to 1.2 (`good-rsa`), connections at once",
            threaded.addr(),
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
            link: over_link(&hookcheck, &root, addr)?,
        });
    }
    Ok(timings)
}

/// The check, then sslyze, through a delaying proxy to `addr`.
fn over_link(
    hookcheck: &std::path::Path,
    root: &std::path::Path,
    addr: std::net::SocketAddr,
) -> Result<LinkTiming> {
    let proxy = DelayProxy::start(addr, ROUND_TRIP / 2);
    let round_trip = proxy_round_trip()?;
    let url = format!("https://localhost:{}/", proxy.addr().port());
    let mut times = Vec::new();
    let mut connections = 0;
    for _ in 0..LINK_RUNS {
        let before = proxy.connections();
        let started = Instant::now();
        let output = Command::new(hookcheck)
            .args(["tls", &url, "--format", "json", "--ca-file"])
            .arg(root)
            .output()
            .context("cannot run hookcheck")?;
        times.push(started.elapsed());
        connections = proxy.connections() - before;
        if output.stdout.is_empty() {
            bail!("hookcheck tls {url} through the delaying proxy wrote no report");
        }
    }
    times.sort();
    let before = proxy.connections();
    let started = Instant::now();
    let sslyze = Command::new("sslyze")
        .args(SSLYZE_COMMANDS)
        .arg(format!("localhost:{}{{127.0.0.1}}", proxy.addr().port()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let elapsed = started.elapsed();
    let sslyze = match sslyze {
        Ok(status) if status.success() => Ok((elapsed, proxy.connections() - before)),
        Ok(status) => Err(format!("sslyze failed ({status})")),
        Err(error) => Err(format!("sslyze cannot run ({error}): `pip install sslyze`")),
    };
    Ok(LinkTiming {
        round_trip,
        check_median: times[times.len() / 2],
        connections,
        sslyze,
    })
}

/// The round trip a `DelayProxy` of [`ROUND_TRIP`] really gives: the mean
/// of 20 one-byte exchanges with an echo server behind it, over a kept
/// connection (after a first one, which also pays for the connection).
fn proxy_round_trip() -> Result<Duration> {
    use std::io::{Read as _, Write as _};
    const EXCHANGES: u32 = 20;
    let echo = std::net::TcpListener::bind("127.0.0.1:0").context("an echo server")?;
    let addr = echo.local_addr()?;
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = echo.accept() {
            let _ = stream.set_nodelay(true);
            let mut byte = [0; 1];
            while stream.read_exact(&mut byte).is_ok() && stream.write_all(&byte).is_ok() {}
        }
    });
    let proxy = DelayProxy::start(addr, ROUND_TRIP / 2);
    let mut stream = std::net::TcpStream::connect(proxy.addr()).context("the proxy")?;
    stream.set_nodelay(true)?;
    let mut byte = [0; 1];
    let mut exchange = || -> std::io::Result<()> {
        stream.write_all(b"x")?;
        stream.read_exact(&mut byte)
    };
    exchange().context("an exchange through the proxy")?;
    let started = Instant::now();
    for _ in 0..EXCHANGES {
        exchange().context("an exchange through the proxy")?;
    }
    Ok(started.elapsed() / EXCHANGES)
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
