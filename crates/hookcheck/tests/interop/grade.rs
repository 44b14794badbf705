//! `hookcheck tls` with its protocol probes and the grade against
//! `openssl s_server`: TLS 1.0 and 1.1, anonymous suites and a 1024-bit DH
//! group, which rustls does not serve. Each asserts the grade, the reasons
//! and the findings. Over a slow link, also against the test kit's Python
//! legacy server, which serves connections at once.

use std::process::Command;
use std::time::{Duration, Instant};

use hookcheck_testkit::{DelayProxy, LEGACY_TLS, OpensslServer, PythonLegacyServer};
use serde_json::Value;

use crate::support::findings;
use crate::support::tls::{accepted, caps, graded, graded_within};

/// Debian's OpenSSL 3.0 has no 3DES, RC4 or export suites left, even at
/// security level 0: those are the scripted server's cases in the default
/// tier (`tests/grade.rs`).
#[test]
fn tls_1_0_to_1_2_with_static_rsa_is_capped_at_b_and_not_ready() {
    let server = OpensslServer::fixture("good-rsa", LEGACY_TLS);
    let (status, report) = graded(&server.url("localhost"));
    assert_eq!(
        accepted(&report),
        ["TLSv1.0", "TLSv1.1", "TLSv1.2"],
        "{report:#}"
    );
    let found = findings(&report);
    for expected in [
        "warning tls-legacy-protocol",
        "warning tls-no-tls13",
        "warning tls-no-forward-secrecy",
        "warning tls-no-hsts",
        "error tls-grade-below-a",
    ] {
        assert!(
            found.contains(expected),
            "{expected} missing from {found:?}"
        );
    }
    assert_eq!(status, 1);
    assert_eq!(report["tls"]["grade"], "B", "{}", caps(&report));
    assert!(
        caps(&report).contains("TLS 1.0 or TLS 1.1"),
        "{}",
        caps(&report)
    );
}

#[test]
fn anonymous_suites_are_an_f() {
    // OpenSSL's ALL includes the unauthenticated ADH and AECDH suites.
    let server = OpensslServer::fixture("good-rsa", &["-cipher", "ALL:@SECLEVEL=0"]);
    let (status, report) = graded(&server.url("localhost"));
    assert!(
        findings(&report).contains("error tls-weak-cipher"),
        "{report:#}"
    );
    assert_eq!(status, 1);
    assert_eq!(report["tls"]["grade"], "F", "{}", caps(&report));
    assert!(caps(&report).contains("anonymous"), "{}", caps(&report));
}

#[test]
fn a_1024_bit_dh_group_is_measured_and_caps_at_b_and_the_server_order_is_seen() {
    let dh = std::env::temp_dir().join(format!("hookcheck-dh1024-{}.pem", std::process::id()));
    // A 1024-bit safe prime takes openssl a fraction of a second.
    let status = Command::new("openssl")
        .args(["dhparam", "-out"])
        .arg(&dh)
        .arg("1024")
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(status.success());
    let dh_path = dh.to_str().expect("a UTF-8 path");
    let server = OpensslServer::fixture(
        "good-rsa",
        &[
            "-max_protocol",
            "TLSv1.2",
            "-dhparam",
            dh_path,
            "-serverpref",
            "-cipher",
            "DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0",
        ],
    );
    let (_, report) = graded(&server.url("localhost"));
    let _ = std::fs::remove_file(&dh);
    let tls12 = &report["tls"]["protocols"][4];
    assert_eq!(tls12["version"], "TLSv1.2");
    let suites: Vec<(&str, &str)> = tls12["cipher_suites"]
        .as_array()
        .expect("suites")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("a name"),
                s["group"].as_str().expect("a group"),
            )
        })
        .collect();
    assert_eq!(
        suites,
        [
            ("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DH 1024"),
            ("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DH 1024")
        ]
    );
    assert_eq!(tls12["server_preference"], true);
    assert_eq!(report["tls"]["grade"], "B", "{}", caps(&report));
    assert!(
        caps(&report).contains("under 2048 bits"),
        "{}",
        caps(&report)
    );
    assert_eq!(report["tls"]["rating"]["key_exchange_score"], 80);
}

/// The legacy-only servers an OpenSSL-based client reaches and rustls does
/// not: their chain is read from the protocol probe and judged (trusted,
/// with the fixture root), their handshake is no failure, and the grade is
/// the one the guide gives them.
#[test]
fn legacy_only_servers_have_their_chain_judged_and_their_grade_capped() {
    for (name, args, grade, expected) in [
        (
            "TLS 1.2, static RSA and CBC only",
            &["-no_tls1_3", "-cipher", "AES128-SHA"][..],
            "B",
            &[
                "error tls-grade-below-a",
                "info tls-chain-from-probe",
                "warning tls-no-aead",
                "warning tls-no-forward-secrecy",
                "warning tls-no-tls13",
            ][..],
        ),
        (
            // OpenSSL 3 serves TLS 1.0 only at security level 0.
            "TLS 1.0 only",
            &["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"][..],
            "C",
            &[
                "error tls-grade-below-a",
                "error tls-no-tls12",
                "info tls-chain-from-probe",
                "warning tls-legacy-protocol",
                "warning tls-no-aead",
                "warning tls-no-forward-secrecy",
                "warning tls-no-tls13",
            ][..],
        ),
        (
            "TLS 1.1 only",
            &["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"][..],
            "C",
            &[
                "error tls-grade-below-a",
                "error tls-no-tls12",
                "info tls-chain-from-probe",
                "warning tls-legacy-protocol",
                "warning tls-no-aead",
                "warning tls-no-forward-secrecy",
                "warning tls-no-tls13",
            ][..],
        ),
    ] {
        let server = OpensslServer::fixture("good-rsa", args);
        let (status, report) = graded(&server.url("localhost"));
        let expected: std::collections::BTreeSet<String> =
            expected.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(findings(&report), expected, "{name}: {report:#}");
        assert_eq!(status, 1, "{name}");
        let tls = &report["tls"];
        assert_eq!(tls["trusted"], true, "{name}: {tls:#}");
        assert_eq!(tls["chain"].as_array().map(Vec::len), Some(2), "{name}");
        assert_eq!(tls["grade"], grade, "{name}: {}", caps(&report));
        assert!(tls.get("hsts").is_none(), "{name}: {tls:#}");
    }
}

/// The connections the check opened against the legacy server when the
/// probes asked one question after another (the main handshake and 49
/// probes, `cargo xtask bench-report` before the probe plan).
const LEGACY_CONNECTIONS_BEFORE: usize = 50;

/// `hookcheck tls URL` with a timeout long enough for a slow link; the
/// report and the wall time.
fn timed(url: &str) -> (Value, Duration) {
    let started = Instant::now();
    let (_, report) = graded_within(url, "20s");
    (report, started.elapsed())
}

/// Checks `addr` (serving `good-rsa` for `localhost`) on loopback, then
/// through the test kit's delaying proxy with `one_way` delays: the two
/// draw the same verdicts, for no more connections than before the probe
/// plan. Returns the round trips the link cost: the time through the proxy
/// less the check's own on loopback.
fn over_a_slow_link(addr: std::net::SocketAddr, one_way: Duration) -> f64 {
    let (direct, local) = timed(&format!("https://localhost:{}/", addr.port()));
    let proxy = DelayProxy::start(addr, one_way);
    let (delayed, elapsed) = timed(&format!("https://localhost:{}/", proxy.addr().port()));
    let round_trips =
        elapsed.saturating_sub(local).as_secs_f64() / proxy.round_trip().as_secs_f64();
    eprintln!(
        "{round_trips:.1} round trips ({elapsed:?} through the proxy, {local:?} on loopback), \
         {} connections",
        proxy.connections()
    );
    assert_eq!(findings(&delayed), findings(&direct));
    for part in ["grade", "protocols", "hsts", "trusted"] {
        assert_eq!(delayed["tls"][part], direct["tls"][part], "{part}");
    }
    assert!(
        proxy.connections() <= LEGACY_CONNECTIONS_BEFORE,
        "{} connections",
        proxy.connections()
    );
    round_trips
}

/// Over a link with 50 ms round trips the legacy server draws the verdicts
/// it draws on loopback, for no more connections than before the probe
/// plan. `openssl s_server` serves one connection at a time, each for about
/// a round trip (until the probe's close reaches it), so its time is
/// bounded by the connections rather than by the plan: the bench report
/// measures it, this test does not bound it.
#[test]
fn over_a_slow_link_a_legacy_server_draws_the_same_verdicts() {
    let server = OpensslServer::fixture("good-rsa", LEGACY_TLS);
    over_a_slow_link(server.addr(), Duration::from_millis(25));
}

/// The same versions and suites from a server that serves connections at
/// once (old nginx or Apache on OpenSSL), over a link with 100 ms round
/// trips (a loaded machine's scheduling stays inside the margin): the
/// plan's own length, about 10 round trips (the goal; the longest group's
/// sequence of hellos sets it, ARCHITECTURE.md); the bound leaves one for a
/// loaded test machine. The same verdicts, and no more connections than
/// before the plan.
#[test]
fn over_a_slow_link_a_concurrent_legacy_server_is_checked_in_about_ten_round_trips() {
    let server = PythonLegacyServer::fixture("good-rsa");
    let round_trips = over_a_slow_link(server.addr(), Duration::from_millis(50));
    assert!(round_trips < 11.0, "{round_trips:.1} round trips");
}
