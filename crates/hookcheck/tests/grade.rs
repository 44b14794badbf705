//! `hookcheck tls` with its protocol, cipher and HSTS probes and the SSL Labs
//! grade, against real servers on loopback: rustls for modern
//! configurations, and the test kit's scripted server for what nothing
//! serves any more (SSL 3.0, SSL 2.0, RC4, 3DES, export suites). Each
//! asserts the grade, the reasons and the findings. The cases that need
//! `openssl s_server` (TLS 1.0/1.1, anonymous suites, a 1024-bit DH group)
//! are in the interop tier, `tests/interop/grade.rs`.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};

use hookcheck_testkit::{Script, ScriptedServer, TlsServer, TlsServerOptions, fixtures};
use serde_json::Value;
use support::findings;
use support::tls::{accepted, caps, graded};

mod support;

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_modern_server_with_long_hsts_gets_an_a_plus_in_well_under_a_second() {
    let server = TlsServer::fixture("good");
    let started = Instant::now();
    let (status, report) = graded(&server.url("localhost"));
    let elapsed = started.elapsed();
    assert_eq!(findings(&report), set(&[]), "{report:#}");
    assert_eq!(status, 0);
    assert_eq!(report["tls"]["grade"], "A+");
    assert_eq!(accepted(&report), ["TLSv1.2", "TLSv1.3"]);
    let rating = &report["tls"]["rating"];
    // TLS 1.2+1.3: 100; P-256 certificate and X25519 (3072-bit RSA
    // equivalents): 90; AES-128 to AES-256/ChaCha20: (80+100)/2 = 90.
    assert_eq!(
        (
            rating["protocol_score"].as_u64(),
            rating["key_exchange_score"].as_u64(),
            rating["cipher_score"].as_u64()
        ),
        (Some(100), Some(90), Some(90))
    );
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert!(
        report["tls"]["probe_connections"]
            .as_u64()
            .expect("a count")
            < 40
    );
}

#[test]
fn hsts_decides_between_a_minus_a_and_a_plus() {
    let with_headers = |headers: &[&str]| {
        let server = TlsServer::start(TlsServerOptions {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            ..TlsServerOptions::new(fixtures::case("good"))
        });
        graded(&server.url("localhost"))
    };
    let (status, none) = with_headers(&[]);
    assert_eq!(
        (status, findings(&none)),
        (0, set(&["warning tls-no-hsts"]))
    );
    assert_eq!(none["tls"]["grade"], "A-");

    let (_, short) = with_headers(&["Strict-Transport-Security: max-age=86400"]);
    assert_eq!(findings(&short), set(&["warning tls-hsts-short"]));
    assert_eq!(short["tls"]["grade"], "A");

    let (_, invalid) = with_headers(&["Strict-Transport-Security: max-age=forever"]);
    assert_eq!(findings(&invalid), set(&["warning tls-no-hsts"]));
    assert_eq!(invalid["tls"]["grade"], "A-");
    assert!(
        invalid["tls"]["hsts"]["error"]
            .as_str()
            .expect("an error")
            .contains("not a number")
    );
}

#[test]
fn three_des_beside_tls_1_2_is_capped_at_c() {
    // TLS 1.2 with ECDHE-RSA-AES128-GCM first, then DES-CBC3-SHA.
    let server = ScriptedServer::start(Script {
        versions: vec![0x0303],
        suites: vec![0xc02f, 0x000a],
        ssl2_ciphers: Vec::new(),
        stall_after: None,
    });
    let (_, report) = graded(&server.url());
    assert_eq!(accepted(&report), ["TLSv1.2"]);
    let found = findings(&report);
    assert!(found.contains("error tls-weak-cipher"), "{found:?}");
    assert!(
        found.contains("warning tls-no-forward-secrecy"),
        "{found:?}"
    );
    assert_eq!(report["tls"]["grade"], "C", "{}", caps(&report));
    assert!(caps(&report).contains("RC4 or 3DES"), "{}", caps(&report));
}

#[test]
fn ssl_3_0_with_rc4_only_is_an_f() {
    let server = ScriptedServer::start(Script {
        versions: vec![0x0300],
        suites: vec![0x0005, 0x0004],
        ssl2_ciphers: Vec::new(),
        stall_after: None,
    });
    let (status, report) = graded(&server.url());
    assert_eq!(accepted(&report), ["SSLv3"]);
    let found = findings(&report);
    for expected in [
        "error tls-ssl3",
        "error tls-no-tls12",
        "warning tls-no-tls13",
        "error tls-weak-cipher",
        "warning tls-no-forward-secrecy",
        "warning tls-no-aead",
        "error tls-grade-below-a",
        "error tls-handshake-failed",
    ] {
        assert!(
            found.contains(expected),
            "{expected} missing from {found:?}"
        );
    }
    assert_eq!(status, 1);
    assert_eq!(report["tls"]["grade"], "F");
    assert!(
        caps(&report).contains("SSL 3.0 is the best protocol"),
        "{}",
        caps(&report)
    );
    assert!(caps(&report).contains("only RC4"), "{}", caps(&report));
    let suites: Vec<&str> = report["tls"]["protocols"][1]["cipher_suites"]
        .as_array()
        .expect("suites")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        suites,
        ["TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_RC4_128_MD5"]
    );
    assert_eq!(report["tls"]["protocols"][1]["server_preference"], true);
}

#[test]
fn ssl_2_0_is_found_and_is_an_f() {
    let server = ScriptedServer::start(Script {
        versions: vec![0x0303],
        suites: vec![0xc02f],
        ssl2_ciphers: vec![[0x01, 0x00, 0x80], [0x02, 0x00, 0x80]],
        stall_after: None,
    });
    let (_, report) = graded(&server.url());
    assert_eq!(accepted(&report), ["SSLv2", "TLSv1.2"]);
    assert!(findings(&report).contains("error tls-ssl2"));
    assert_eq!(report["tls"]["grade"], "F");
    assert!(caps(&report).contains("SSL 2.0"));
}

#[test]
fn a_server_that_stalls_every_probe_gets_no_grade_but_says_why() {
    let server = hookcheck_testkit::RawServer::start(hookcheck_testkit::Behaviour::Stall(
        Duration::from_secs(30),
    ));
    let root = fixtures::root_pem();
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "tls",
            &format!("https://localhost:{}/", server.addr().port()),
            "--format",
            "json",
            "--timeout",
            "300ms",
        ])
        .arg("--ca-file")
        .arg(root)
        .output()
        .expect("hookcheck runs");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("a report");
    assert!(report["tls"].get("grade").is_none(), "{report:#}");
    assert!(
        findings(&report).contains("warning tls-probe-incomplete"),
        "{report:#}"
    );
}

/// Runs the whole check (`--timeout 2s`) and returns the report and how
/// long it took.
fn timed(url: &str) -> (Value, Duration) {
    let root = fixtures::root_pem();
    let root = root.to_str().expect("a UTF-8 path");
    let started = Instant::now();
    let args = [
        "tls",
        url,
        "--format",
        "json",
        "--timeout",
        "2s",
        "--ca-file",
        root,
    ];
    let (_, report) = support::run_json(&args);
    (report, started.elapsed())
}

/// The bound a check against a server that answers nothing must keep: one
/// timeout (2 s) and room for a loaded two-core machine, well short of two
/// timeouts (one for the handshake, then one for the probes).
const ONE_TIMEOUT_AND_ROOM: Duration = Duration::from_millis(3500);

#[test]
fn a_server_that_answers_nothing_is_said_to_answer_nothing_within_one_timeout() {
    use hookcheck_testkit::{Behaviour, RawServer};
    for (name, behaviour, expected, cause) in [
        (
            "stall",
            Behaviour::Stall(Duration::from_secs(30)),
            &["error tls-handshake-failed", "warning tls-probe-incomplete"][..],
            "within 2s (it stalled)",
        ),
        (
            "close",
            Behaviour::Close,
            &["error tls-handshake-failed", "warning tls-probe-incomplete"][..],
            "closed the connection",
        ),
        (
            "garbage",
            Behaviour::Reply(b"\x00\x00garbage".to_vec()),
            &["error tls-handshake-failed", "warning tls-probe-incomplete"][..],
            "not TLS",
        ),
        // An alert to every hello is an answer: every version is refused.
        // Nothing accepted is nothing to grade, and no suite to lack
        // forward secrecy or AEAD.
        (
            "alert",
            Behaviour::alert(40),
            &["error tls-handshake-failed"][..],
            "HandshakeFailure",
        ),
    ] {
        let server = RawServer::start(behaviour);
        let url = format!("https://localhost:{}/", server.addr().port());
        let (report, elapsed) = timed(&url);
        assert!(elapsed < ONE_TIMEOUT_AND_ROOM, "{name}: took {elapsed:?}");
        // Not tls-no-tls12, -no-tls13, -no-hsts, -no-forward-secrecy or
        // -no-aead: none of that was observed.
        assert_eq!(findings(&report), set(expected), "{name}: {report:#}");
        let failure = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["code"] == "tls-handshake-failed")
            .expect("the handshake failure");
        assert!(
            failure["message"]
                .as_str()
                .expect("a message")
                .contains(cause),
            "{name}: {failure:#}"
        );
        let tls = &report["tls"];
        assert!(
            tls.get("grade").is_none() && tls.get("hsts").is_none(),
            "{name}: {tls:#}"
        );
        assert_eq!(accepted(&report), Vec::<String>::new(), "{name}");
        let refused = name == "alert";
        for protocol in tls["protocols"].as_array().expect("protocols") {
            let expected = if refused {
                Value::Bool(false)
            } else {
                Value::Null
            };
            assert_eq!(protocol["accepted"], expected, "{name}: {protocol:#}");
        }
    }
}

#[test]
fn no_answer_to_the_get_leaves_hsts_unknown_and_an_a_without_its_letter() {
    use hookcheck_testkit::{Answer, HookOptions, HookServer};
    // A modern server whose application never answers: the handshake and
    // the probes are fine, the HSTS policy cannot be read, and it alone
    // would decide between A-, A and A+.
    let server = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::NeverAnswer,
    ));
    let (report, elapsed) = timed(&server.url("/hook"));
    assert!(elapsed < ONE_TIMEOUT_AND_ROOM, "took {elapsed:?}");
    assert_eq!(
        findings(&report),
        set(&["warning tls-probe-incomplete"]),
        "{report:#}"
    );
    assert_eq!(accepted(&report), ["TLSv1.2", "TLSv1.3"]);
    assert!(report["tls"].get("grade").is_none(), "{report:#}");
    assert!(report["tls"].get("hsts").is_none(), "{report:#}");
    let message = report["findings"][0]["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("A-, A and A+"), "{message}");
    assert!(message.contains("no answer within 2s"), "{message}");
}

#[test]
fn export_suites_are_an_f() {
    let server = ScriptedServer::start(Script {
        versions: vec![0x0301, 0x0303],
        suites: vec![0xc02f, 0x0003],
        ssl2_ciphers: Vec::new(),
        stall_after: None,
    });
    let (_, report) = graded(&server.url());
    let found = findings(&report);
    assert!(found.contains("error tls-weak-cipher"), "{found:?}");
    assert_eq!(report["tls"]["grade"], "F", "{}", caps(&report));
    assert!(
        caps(&report).contains("export cipher suites"),
        "{}",
        caps(&report)
    );
}

#[test]
fn a_server_that_stalls_some_probes_gets_no_grade_rather_than_a_wrong_one() {
    let server = ScriptedServer::start(Script {
        versions: vec![0x0303],
        suites: vec![0xc02f, 0xc030, 0x009c],
        ssl2_ciphers: Vec::new(),
        stall_after: Some(3),
    });
    let root = fixtures::root_pem();
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "tls",
            &server.url(),
            "--format",
            "json",
            "--timeout",
            "300ms",
            "--ca-file",
        ])
        .arg(root)
        .output()
        .expect("hookcheck runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a report");
    assert!(report["tls"].get("grade").is_none(), "{report:#}");
    let incomplete = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "tls-probe-incomplete")
        .unwrap_or_else(|| panic!("no tls-probe-incomplete: {report:#}"));
    assert!(
        incomplete["message"]
            .as_str()
            .expect("a message")
            .contains("no answer within the probes' 300ms")
    );
    let undetermined = report["tls"]["protocols"]
        .as_array()
        .expect("protocols")
        .iter()
        .filter(|p| p.get("undetermined").is_some())
        .count();
    assert!(undetermined > 0, "{report:#}");
}
