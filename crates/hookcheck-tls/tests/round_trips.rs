//! The whole TLS check over a link with real round trips (the test kit's
//! delaying proxy): a modern server is checked in a few round trips, with
//! no more connections than the probes used to open one question at a
//! time, and the verdicts are those the check gives without the proxy.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

mod support;

use std::time::{Duration, Instant};

use hookcheck_core::Report;
use hookcheck_net::NetPolicy;
use hookcheck_testkit::{DelayProxy, TlsServer};
use hookcheck_tls::{Config, DEFAULT_EXPIRY_WARNING, DEFAULT_PROBE_CONCURRENCY, check};

/// The one-way delay: 100 ms round trips, a long distance on the internet.
/// Longer than the bench report's 50 ms so that this debug build's own
/// work and a loaded test machine's scheduling (tens of milliseconds each
/// level) stay inside the margin.
const ONE_WAY: Duration = Duration::from_millis(50);

/// The connections the check opened against the `good` fixture when the
/// probes asked one question after another (the main handshake and 22
/// probes, `cargo xtask bench-report` before the probe plan): the plan may
/// not open more.
const CONNECTIONS_BEFORE: usize = 23;

fn config() -> Config {
    Config {
        trust: support::trust(),
        at: support::AT,
        timeout: Duration::from_secs(10),
        expiry_warning: DEFAULT_EXPIRY_WARNING,
        net: NetPolicy::default(),
        probe_concurrency: Some(DEFAULT_PROBE_CONCURRENCY),
        accepted_grade: hookcheck_core::Grade::A,
    }
}

/// What a check concluded, without what depends on the port or the clock.
fn verdicts(report: &Report) -> String {
    let tls = report.tls.as_ref().expect("a TLS section");
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.severity, f.code))
        .collect();
    format!(
        "{findings:?}\n{:?} {:?} {:?}\n{:?}\n{:#?}\n{:?}",
        tls.trusted, tls.protocol, tls.cipher_suite, tls.grade, tls.protocols, tls.hsts
    )
}

#[tokio::test]
async fn a_modern_server_is_checked_in_few_round_trips_with_the_same_verdicts() {
    let server = TlsServer::fixture("good");
    let started = Instant::now();
    let direct = check(&server.url("127.0.0.1"), &config())
        .await
        .expect("a report");
    let local = started.elapsed();
    let proxy = DelayProxy::start(server.addr(), ONE_WAY);
    let started = Instant::now();
    let delayed = check(
        &format!("https://127.0.0.1:{}/", proxy.addr().port()),
        &config(),
    )
    .await
    .expect("a report");
    let elapsed = started.elapsed();
    // What the link cost: the time through the proxy less the check's own
    // work, which the loopback run measures (this debug build on a loaded
    // machine spends tens of milliseconds on it; the release figure is in
    // benches/REPORT.md).
    let round_trips =
        elapsed.saturating_sub(local).as_secs_f64() / proxy.round_trip().as_secs_f64();
    let connections = proxy.connections();
    eprintln!(
        "{round_trips:.1} round trips ({elapsed:?} through the proxy, {local:?} on loopback), \
         {connections} connections"
    );
    assert_eq!(verdicts(&delayed), verdicts(&direct));
    assert!(
        connections <= CONNECTIONS_BEFORE,
        "{connections} connections"
    );
    // The goal is 6; the margin absorbs a slow test machine.
    assert!(round_trips < 7.0, "{round_trips:.1} round trips");
}
