//! `hookcheck tls` end to end: the real binary against real servers on
//! loopback, one per certificate case (fixtures/tls), plus servers that
//! misbehave. Each test asserts the exact codes, their severities, the
//! verdict and the exit status; every JSON report is checked against the
//! report schema. The one case rustls cannot serve (an RSA-1024 key, served
//! by `openssl s_server`) is in the interop tier, `tests/interop/tls.rs`.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use hookcheck_testkit::fixtures::{self, Chain};
use hookcheck_testkit::{
    Behaviour, HttpServer, RawServer, Route, TlsServer, TlsServerOptions, localhost_v6,
};
use serde_json::Value;
use support::tls::{AT, caps, chain_only, graded, path_sources, rsa_cbc_server};
use support::{assert_findings, finding};

mod support;

fn run(args: &[&str]) -> (Output, Value) {
    support::run_json(args)
}

fn check_case(case: &str, expected: &[&str]) -> Value {
    let server = TlsServer::fixture(case);
    let (output, report) = chain_only(&server.url("localhost"), &[]);
    assert_findings(&output, &report, expected);
    report
}

#[test]
fn a_good_chain_is_ready_with_no_finding_and_the_full_picture() {
    let report = check_case("good", &[]);
    let tls = &report["tls"];
    assert_eq!(tls["trusted"], true);
    assert_eq!(tls["protocol"], "TLSv1.3");
    assert_eq!(tls["ocsp_stapled"], false);
    assert_eq!(tls["host"], "localhost");
    assert_eq!(tls["checked_at"], AT);
    assert_eq!(tls["chain"].as_array().map(Vec::len), Some(2));
    assert_eq!(tls["chain"][0]["subject"], "CN=localhost");
    assert_eq!(
        path_sources(&report),
        ["presented", "presented", "trust-anchor"]
    );
}

#[test]
fn a_good_endpoint_is_ready_now_with_every_probe_and_nothing_to_report() {
    let server = TlsServer::fixture("good");
    let root = fixtures::root_pem();
    let url = server.url("localhost");
    let (output, report) = run(&[
        "tls",
        &url,
        "--format",
        "json",
        "--ca-file",
        root.to_str().expect("UTF-8"),
    ]);
    assert_findings(&output, &report, &[]);
    assert_eq!(report["tls"]["grade"], "A+");
}

#[test]
fn the_human_report_shows_the_chain_and_the_path() {
    let server = TlsServer::fixture("good");
    let root = fixtures::root_pem();
    let url = server.url("localhost");
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "tls",
            &url,
            "--at",
            AT,
            "--ca-file",
            root.to_str().expect("UTF-8"),
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("hookcheck runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.starts_with(&format!("✔ ready  {url}\n")), "{text}");
    for expected in [
        "TLSv1.3 TLS13_",
        "chain as sent, accepted by a strict client",
        "    0 CN=localhost\n",
        "DNS:localhost, DNS:hookcheck.test",
        "    1 CN=hookcheck Test Intermediate CA",
        "path to a root:",
        "(trusted root)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        text.lines().all(|line| line.chars().count() <= 80),
        "{text}"
    );
}

/// A certificate whose common name carries terminal escape sequences (a
/// colour, a screen clear, a title change ended by BEL), a C1 CSI and a
/// right-to-left override: the human report shows them, the terminal never
/// gets them, and hookcheck's own styles still reach it when asked for.
#[test]
fn escape_sequences_in_a_certificate_reach_the_terminal_shown_not_obeyed() {
    let common_name =
        "evil\u{1b}[31mred\u{1b}[2J\u{1b}]0;title\u{7} csi\u{9b}1m rlo\u{202e}gpj.exe";
    let server = TlsServer::start(TlsServerOptions::new(fixtures::leaf_named(common_name)));
    let root = fixtures::root_pem();
    let url = server.url("localhost");
    let human = |color: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hookcheck"));
        command.args([
            "tls",
            &url,
            "--chain-only",
            "--at",
            AT,
            "--ca-file",
            root.to_str().expect("UTF-8"),
        ]);
        if color {
            command.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
        } else {
            command.env("NO_COLOR", "1");
        }
        let output = command.output().expect("hookcheck runs");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let plain = human(false);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    assert!(
        plain.contains(
            "CN=evil\\u{1b}[31mred\\u{1b}[2J\\u{1b}]0;title\\u{7} csi\\u{9b}1m rlo\\u{202e}gpj.exe"
        ),
        "{plain}"
    );
    let styled = human(true);
    assert!(styled.contains("\u{1b}[1m"), "hookcheck's bold: {styled:?}");
    // Every ESC on the terminal opens one of hookcheck's own styles: ESC [,
    // digits and semicolons, m.
    for (at, _) in styled.match_indices('\u{1b}') {
        let sequence: String = styled[at + 1..].chars().take_while(|c| *c != 'm').collect();
        assert!(
            sequence.starts_with('[')
                && sequence[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';'),
            "a raw escape sequence at {at}: {styled:?}"
        );
    }
    for raw in ['\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!styled.contains(raw) && !plain.contains(raw), "{raw:?} raw");
    }
}

#[test]
fn the_mozilla_roots_do_not_know_the_fixture_root() {
    let server = TlsServer::fixture("good");
    let url = server.url("localhost");
    let (output, report) = run(&["tls", &url, "--format", "json", "--at", AT]);
    assert_findings(&output, &report, &["error tls-unknown-issuer"]);
    let message = finding(&report, "tls-unknown-issuer")["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("hookcheck Test Root CA"), "{message}");
    assert!(
        report["tls"]["trust_store"]
            .as_str()
            .expect("a store")
            .starts_with("Mozilla roots")
    );
}

#[test]
fn ip_address_urls_are_checked_against_ip_sans_over_ipv4_and_ipv6() {
    let v4 = TlsServer::fixture("good");
    let (output, report) = chain_only(&v4.url("127.0.0.1"), &[]);
    assert_findings(&output, &report, &[]);
    assert_eq!(report["tls"]["host"], "127.0.0.1");

    let v6 = TlsServer::start(TlsServerOptions {
        addr: localhost_v6(),
        ..TlsServerOptions::new(fixtures::case("good"))
    });
    let (output, report) = chain_only(&v6.url("[::1]"), &[]);
    assert_findings(&output, &report, &[]);
    assert_eq!(
        report["tls"]["address"],
        format!("[::1]:{}", v6.addr().port())
    );
}

#[test]
fn idn_host_names_are_checked_in_their_ascii_form() {
    let server = TlsServer::fixture("good");
    let port = server.addr().port();
    let resolve = format!("bücher.test:{port}:127.0.0.1");
    let (output, report) = chain_only(
        &format!("https://bücher.test:{port}/"),
        &["--resolve", &resolve],
    );
    assert_findings(&output, &report, &[]);
    assert_eq!(report["tls"]["host"], "xn--bcher-kva.test");
}

#[test]
fn resolve_keeps_the_name_for_sni_and_the_certificate_check() {
    let server = TlsServer::fixture("wildcard");
    let port = server.addr().port();
    let at = |host: &str| {
        let resolve = format!("{host}:{port}:127.0.0.1");
        chain_only(&format!("https://{host}:{port}/"), &["--resolve", &resolve])
    };
    let (output, report) = at("api.hookcheck.test");
    assert_findings(&output, &report, &[]);
    // A wildcard covers one label, not the bare domain nor two labels.
    for host in ["hookcheck.test", "a.b.hookcheck.test"] {
        let (output, report) = at(host);
        assert_findings(&output, &report, &["error tls-hostname-mismatch"]);
    }
}

#[test]
fn a_wrong_host_names_the_host_and_the_sans_presented() {
    let report = check_case("wrong-host", &["error tls-hostname-mismatch"]);
    let finding = finding(&report, "tls-hostname-mismatch");
    assert_eq!(finding["facts"]["host"], "localhost");
    assert_eq!(
        finding["facts"]["san"],
        serde_json::json!(["DNS:other.test", "DNS:www.other.test"])
    );
    assert_eq!(report["tls"]["trusted"], false);
}

#[test]
fn a_certificate_without_sans_is_told_apart_from_a_mismatch() {
    check_case("no-san", &["error tls-no-san"]);
}

#[test]
fn a_self_signed_leaf() {
    let report = check_case("self-signed", &["error tls-self-signed"]);
    assert_eq!(report["tls"]["chain"][0]["self_signed"], true);
}

#[test]
fn a_chain_to_a_root_that_is_not_trusted() {
    let report = check_case("untrusted-root", &["error tls-untrusted-root"]);
    let message = finding(&report, "tls-untrusted-root")["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("hookcheck Untrusted Root CA"), "{message}");
}

#[test]
fn a_missing_intermediate_without_aia_cannot_be_narrowed() {
    let report = check_case("leaf-only", &["error tls-unknown-issuer"]);
    let message = finding(&report, "tls-unknown-issuer")["message"]
        .as_str()
        .expect("a message");
    assert!(
        message.contains("sends only its own certificate"),
        "{message}"
    );
    assert!(message.contains("no AIA URL"), "{message}");
}

#[test]
fn validity_is_judged_at_the_given_instant() {
    let expired = check_case("expired", &["error tls-expired"]);
    let facts = &finding(&expired, "tls-expired")["facts"];
    assert_eq!(facts["not_after"], "2024-01-01T00:00:00Z");
    assert_eq!(facts["checked_at"], AT);
    check_case("not-yet-valid", &["error tls-not-yet-valid"]);
    let soon = check_case("expires-soon", &["warning tls-expires-soon"]);
    assert_eq!(finding(&soon, "tls-expires-soon")["facts"]["days"], 14);
}

#[test]
fn the_expiry_window_is_configurable() {
    let server = TlsServer::fixture("expires-soon");
    let (output, report) = chain_only(&server.url("localhost"), &["--expiry-warning", "7d"]);
    assert_findings(&output, &report, &[]);
}

#[test]
fn a_sha1_signature_is_weak() {
    let report = check_case("sha1-signature", &["error tls-weak-signature"]);
    let facts = &finding(&report, "tls-weak-signature")["facts"];
    assert_eq!(facts["signature_algorithm"], "sha1WithRSAEncryption");
}

#[test]
fn a_chain_out_of_order_and_one_with_extra_certificates() {
    let report = check_case("chain-order", &["warning tls-chain-order"]);
    assert_eq!(report["tls"]["trusted"], true);
    check_case("extra-certs", &["warning tls-chain-extra-certs"]);
}

#[test]
fn a_leaf_that_is_a_ca_and_one_not_for_servers() {
    check_case("leaf-is-ca", &["error tls-leaf-is-ca"]);
    let report = check_case("no-server-auth", &["error tls-no-server-auth"]);
    let facts = &finding(&report, "tls-no-server-auth")["facts"];
    assert_eq!(
        facts["extended_key_usage"],
        serde_json::json!(["clientAuth"])
    );
}

#[test]
fn a_stapled_ocsp_response_is_reported() {
    let server = TlsServer::start(TlsServerOptions {
        ocsp: Some(b"a stapled response".to_vec()),
        ..TlsServerOptions::new(fixtures::case("good"))
    });
    let (output, report) = chain_only(&server.url("localhost"), &[]);
    assert_findings(&output, &report, &[]);
    assert_eq!(report["tls"]["ocsp_stapled"], true);
}

/// A server that sends only a leaf whose AIA URL points at a loopback
/// HTTP server answering with `route`.
fn aia_case(route: impl FnOnce(&str) -> Route) -> (Output, Value) {
    let path = "/issuer";
    let http = HttpServer::start(vec![route(path)]);
    let server = TlsServer::start(TlsServerOptions::new(fixtures::leaf_with_aia(
        &http.url(path),
    )));
    chain_only(&server.url("localhost"), &[])
}

#[test]
fn a_missing_intermediate_is_fetched_through_aia_and_named_in_the_fix() {
    let der = fixtures::intermediate_der();
    let pem = std::fs::read(fixtures::dir().join("ca/intermediate.pem")).expect("the PEM");
    let p7c = std::fs::read(fixtures::dir().join("ca/intermediate.p7c")).expect("the PKCS#7");
    for body in [der, pem, p7c] {
        let (output, report) = aia_case(|path| Route::ok(path, body));
        assert_findings(&output, &report, &["error tls-incomplete-chain"]);
        let finding = finding(&report, "tls-incomplete-chain");
        let fix = finding["fix"].as_str().expect("a fix");
        assert!(
            fix.contains("`localhost` then `hookcheck Test Intermediate CA`"),
            "{fix}"
        );
        let path = report["tls"]["verified_path"].as_array().expect("a path");
        assert_eq!(path[1]["source"], "fetched");
        assert_eq!(path[2]["source"], "trust-anchor");
        assert_eq!(report["tls"]["trusted"], false);
        assert_eq!(report["tls"]["aia_fetches"][0]["certificates"], 1);
    }
}

#[test]
fn a_failed_aia_fetch_says_what_was_tried() {
    let (output, report) = aia_case(|path| Route::ok(&format!("{path}-elsewhere"), Vec::new()));
    assert_findings(&output, &report, &["error tls-unknown-issuer"]);
    let message = finding(&report, "tls-unknown-issuer")["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("404 Not Found"), "{message}");

    let (_, report) = aia_case(|path| Route {
        status: "302 Found".to_owned(),
        headers: vec!["location: http://169.254.169.254/".to_owned()],
        ..Route::ok(path, Vec::new())
    });
    let message = finding(&report, "tls-unknown-issuer")["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("redirects are not followed"), "{message}");

    let (_, report) = aia_case(|path| Route::ok(path, b"<html>no</html>".to_vec()));
    let message = finding(&report, "tls-unknown-issuer")["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("neither a certificate"), "{message}");
}

#[test]
fn a_server_only_hookchecks_own_client_cannot_reach_has_its_chain_judged_from_the_probe() {
    let server = rsa_cbc_server(fixtures::case("good-rsa"));
    // The chain alone: judged, trusted, and nothing wrong with it.
    let (output, report) = chain_only(&server.url(), &[]);
    assert_findings(&output, &report, &["info tls-chain-from-probe"]);
    let tls = &report["tls"];
    assert_eq!(tls["trusted"], true, "{tls:#}");
    assert_eq!(tls["chain"].as_array().map(Vec::len), Some(2));
    let note = finding(&report, "tls-chain-from-probe");
    assert_eq!(
        note["facts"]["cipher_suite"],
        "TLS_RSA_WITH_AES_128_CBC_SHA"
    );
    assert_eq!(note["facts"]["protocol"], "TLSv1.2");

    // The whole check: no failed handshake, and the grade the rating guide
    // gives a server without forward secrecy or AEAD. HSTS cannot be read
    // without a session: unknown, not missing.
    let (status, report) = graded(&server.url());
    assert_eq!(
        support::findings(&report),
        [
            "error tls-grade-below-a",
            "info tls-chain-from-probe",
            "warning tls-no-aead",
            "warning tls-no-forward-secrecy",
            "warning tls-no-tls13",
        ]
        .map(str::to_owned)
        .into(),
        "{report:#}"
    );
    assert_eq!(status, 1);
    let tls = &report["tls"];
    assert_eq!(tls["trusted"], true);
    assert_eq!(tls["grade"], "B", "{}", caps(&report));
    assert!(tls.get("hsts").is_none(), "{tls:#}");
    assert!(
        tls.get("protocol").is_none(),
        "no session was made: {tls:#}"
    );
}

#[test]
fn a_bad_chain_read_from_the_probe_gets_the_findings_of_a_bad_chain() {
    let server = rsa_cbc_server(fixtures::case("self-signed"));
    let (output, report) = chain_only(&server.url(), &[]);
    assert_findings(
        &output,
        &report,
        &["info tls-chain-from-probe", "error tls-self-signed"],
    );
    assert_eq!(report["tls"]["trusted"], false);
    let (_, report) = graded(&server.url());
    assert_eq!(report["tls"]["grade"], "T", "{}", caps(&report));

    // A leaf without its intermediate, which its AIA URL serves.
    let path = "/issuer";
    let http = HttpServer::start(vec![Route::ok(path, fixtures::intermediate_der())]);
    let server = rsa_cbc_server(fixtures::leaf_with_aia(&http.url(path)));
    let (output, report) = chain_only(&server.url(), &[]);
    assert_findings(
        &output,
        &report,
        &["info tls-chain-from-probe", "error tls-incomplete-chain"],
    );
    assert_eq!(report["tls"]["verified_path"][1]["source"], "fetched");
    let (_, report) = graded(&server.url());
    assert_eq!(report["tls"]["grade"], "B", "{}", caps(&report));
    assert!(caps(&report).contains("incomplete"), "{}", caps(&report));
}

#[test]
fn plain_http_is_not_https() {
    let (output, report) = chain_only("http://localhost:1/", &[]);
    assert_findings(&output, &report, &["error tls-not-https"]);
    assert!(report.get("tls").is_none());
}

/// Runs against a misbehaving server and returns the handshake failure's
/// message, after checking it is the only finding and came in time.
fn handshake_failure(behaviour: Behaviour, timeout: &str) -> String {
    let server = RawServer::start(behaviour);
    let url = format!("https://localhost:{}/", server.addr().port());
    let started = Instant::now();
    let (output, report) = chain_only(&url, &["--timeout", timeout]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_findings(&output, &report, &["error tls-handshake-failed"]);
    finding(&report, "tls-handshake-failed")["message"]
        .as_str()
        .expect("a message")
        .to_owned()
}

#[test]
fn servers_that_do_not_speak_tls_end_in_a_finding_that_says_what_they_did() {
    let http = handshake_failure(Behaviour::plain_http(), "3s");
    assert!(http.contains("plain HTTP"), "{http}");
    let garbage = handshake_failure(Behaviour::Reply(b"\x00\x00garbage".to_vec()), "3s");
    assert!(garbage.contains("not TLS"), "{garbage}");
    let closed = handshake_failure(Behaviour::Close, "3s");
    assert!(closed.contains("closed the connection"), "{closed}");
    let alert = handshake_failure(Behaviour::alert(40), "3s");
    assert!(alert.contains("HandshakeFailure"), "{alert}");
    let stalled = handshake_failure(Behaviour::Stall(Duration::from_secs(30)), "500ms");
    assert!(stalled.contains("within 500ms"), "{stalled}");
}

#[test]
fn a_refused_connection_is_a_finding() {
    // Bind and drop to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a port")
        .port();
    let (output, report) = chain_only(&format!("https://127.0.0.1:{port}/"), &[]);
    assert_findings(&output, &report, &["error tls-handshake-failed"]);
    let message = finding(&report, "tls-handshake-failed")["message"]
        .as_str()
        .expect("a message");
    assert!(message.contains("connection refused"), "{message}");
}

#[test]
fn an_enormous_chain_ends_in_a_finding_within_the_timeout() {
    let good = fixtures::case("good");
    let mut certs = vec![good.certs[0].clone()];
    certs.extend(std::iter::repeat_n(good.certs[1].clone(), 1000));
    let server = TlsServer::start(TlsServerOptions::new(Chain {
        certs,
        key: good.key,
    }));
    let started = Instant::now();
    let (output, report) = chain_only(&server.url("localhost"), &[]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_findings(&output, &report, &["error tls-handshake-failed"]);
}

#[test]
fn deny_private_refuses_loopback_before_connecting() {
    let server = TlsServer::fixture("good");
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["tls", &server.url("127.0.0.1"), "--deny-private"])
        .output()
        .expect("hookcheck runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "hookcheck: error: refusing to connect to 127.0.0.1 (a loopback address) with --deny-private"
    );
}

#[test]
fn bad_arguments_are_one_line_errors() {
    for (args, cause) in [
        (vec!["tls", "ftp://example.com/"], "the scheme is ftp:"),
        (vec!["tls", "https://"], "not an https:// URL"),
        (
            vec!["tls", "https://localhost/", "--ca-file", "/nonexistent.pem"],
            "cannot read `/nonexistent.pem`",
        ),
        (
            vec!["tls", "https://localhost/", "--at", "yesterday"],
            "write instants like",
        ),
        (
            vec!["tls", "https://localhost/", "--timeout", "soon"],
            "write durations like",
        ),
        (
            vec!["tls", "https://localhost/", "--resolve", "localhost:443"],
            "expected HOST:PORT:ADDR",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .args(&args)
            .output()
            .expect("hookcheck runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(cause), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// Peers that answer every probe with something other than a verdict on
/// its version: a trickle, a flood of records, a `ServerHello` with a
/// 16 MB certificate, plain HTTP. The whole check (probes included) claims
/// no version missing, no suite lacking forward secrecy or AEAD, and no
/// grade, and ends within one `--timeout` and room for a loaded machine.
#[test]
fn probes_without_a_verdict_claim_nothing_and_end_within_one_timeout() {
    let root = fixtures::root_pem();
    let root = root.to_str().expect("a UTF-8 path");
    for (name, behaviour) in [
        ("trickle", Behaviour::trickle(Duration::from_millis(50))),
        ("flood", Behaviour::flood()),
        ("16 MB certificate", Behaviour::huge_certificate()),
        ("plain HTTP", Behaviour::plain_http()),
        (
            "trickled alert",
            Behaviour::Trickle(
                vec![0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40],
                Duration::from_millis(250),
            ),
        ),
    ] {
        let server = RawServer::start(behaviour);
        let url = format!("https://localhost:{}/", server.addr().port());
        let started = Instant::now();
        let (_, report) = run(&[
            "tls",
            &url,
            "--format",
            "json",
            "--timeout",
            "2s",
            "--ca-file",
            root,
        ]);
        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_millis(3500),
            "{name}: took {elapsed:?}"
        );
        let codes = support::findings(&report);
        for unobserved in [
            "error tls-no-tls12",
            "warning tls-no-tls13",
            "info tls-no-tls13",
            "error tls-no-aead",
            "warning tls-no-aead",
            "error tls-no-forward-secrecy",
            "warning tls-no-forward-secrecy",
        ] {
            assert!(!codes.contains(unobserved), "{name}: {report:#}");
        }
        assert!(
            codes.contains("error tls-handshake-failed"),
            "{name}: {report:#}"
        );
        let tls = &report["tls"];
        assert!(tls.get("grade").is_none(), "{name}: {tls:#}");
        for protocol in tls["protocols"].as_array().expect("protocols") {
            assert_ne!(protocol["accepted"], true, "{name}: {protocol:#}");
        }
    }
}

#[test]
fn connections_past_the_open_file_limit_are_the_tools_failure_not_the_servers() {
    let server = TlsServer::fixture("good");
    let url = server.url("localhost");
    let root = fixtures::root_pem();
    // From too few descriptors for the first connection, through enough
    // for it but not for the protocol probes beside it, to enough for all
    // (where each step falls depends on what the process holds at start):
    // never a verdict from probes this machine's limit kept from running.
    let mut failures = 0;
    for limit in 8..=20 {
        let output = Command::new("sh")
            .args(["-c", "ulimit -n \"$1\" && shift && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_hookcheck"))
            .arg(limit.to_string())
            .args(["tls", &url, "--ca-file"])
            .arg(&root)
            .output()
            .expect("sh runs");
        if output.status.code() == Some(0) {
            continue;
        }
        support::assert_tool_failure(&output, "ran out of a local resource");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("ulimit -n"), "{limit}: {stderr}");
        failures += 1;
    }
    assert!(failures > 0, "no limit was low enough to matter");
}

/// Checking the chain alone of a server only an ordinary client reaches,
/// the first flights that find its chain are connections too: past the
/// open-file limit they end the check as the tool's failure, never as a
/// handshake failure blamed on the server.
#[test]
fn first_flights_past_the_open_file_limit_are_the_tools_failure_not_the_servers() {
    let server = rsa_cbc_server(fixtures::case("good-rsa"));
    let url = server.url();
    let root = fixtures::root_pem();
    let mut failures = 0;
    for limit in 4..=20 {
        let output = Command::new("sh")
            .args(["-c", "ulimit -n \"$1\" && shift && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_hookcheck"))
            .arg(limit.to_string())
            .args(["tls", &url, "--chain-only", "--format", "json", "--at", AT])
            .args(["--timeout", "3s", "--ca-file"])
            .arg(&root)
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("cannot start the async runtime") {
            // Too few to reach the server at all.
            continue;
        }
        if output.status.code() == Some(2) {
            support::assert_tool_failure(&output, "ran out of a local resource");
            assert!(stderr.contains("ulimit -n"), "{limit}: {stderr}");
            failures += 1;
            continue;
        }
        let report = support::report(&output);
        assert!(
            finding(&report, "tls-chain-from-probe").is_object(),
            "{limit}: {report:#}"
        );
    }
    assert!(failures > 0, "no limit was low enough to matter");
}
