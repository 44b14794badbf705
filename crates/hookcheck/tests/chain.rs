//! `hookcheck tls --chain FILE` end to end: the real binary on the fixture
//! bundles (fixtures/tls), before any server runs them. Each case asserts
//! the exact codes, the verdict and the exit status, and that the findings
//! speak of a bundle, not a server; every JSON report is checked against
//! the report schema, which requires a file's report to hold no connection
//! facts. Bad input ends in exit status 2 with one line on stderr.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hookcheck_testkit::fixtures;
use hookcheck_testkit::{HttpServer, Route};
use serde_json::Value;
use support::tls::{AT, path_sources};
use support::{assert_findings, assert_tool_failure, message};

mod support;

fn case(name: &str) -> String {
    path(&fixtures::dir().join("cases").join(name).join("chain.pem"))
}

fn path(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_owned()
}

fn root() -> String {
    path(&fixtures::root_pem())
}

/// Runs `hookcheck tls --chain FILE --format json` at [`AT`] with the
/// fixture root trusted, plus `extra`.
fn chain(file: &str, extra: &[&str]) -> (Output, Value) {
    let root = root();
    let mut args = vec![
        "tls",
        "--chain",
        file,
        "--format",
        "json",
        "--ca-file",
        &root,
    ];
    if !extra.contains(&"--at") {
        args.extend(["--at", AT]);
    }
    args.extend_from_slice(extra);
    support::run_json(&args)
}

/// The fixture `name` checked for `host`, with exactly `expected` findings.
fn check_case(name: &str, host: &str, expected: &[&str]) -> Value {
    let (output, report) = chain(&case(name), &["--host", host]);
    assert_findings(&output, &report, expected);
    report
}

/// Runs `hookcheck ARGS` with `stdin`, for its status and stderr.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    support::run_with_stdin(
        Command::new(env!("CARGO_BIN_EXE_hookcheck")).args(args),
        stdin,
    )
}

/// A file of `bytes` in the test's scratch folder.
fn scratch(name: &str, bytes: &[u8]) -> String {
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("chain-{name}"));
    std::fs::write(&file, bytes).expect("a scratch file");
    path(&file)
}

#[test]
fn a_good_bundle_is_ready_with_the_chain_and_no_connection_facts() {
    let file = case("good");
    let report = check_case("good", "localhost", &[]);
    assert_eq!(report["target"], file.as_str());
    let tls = &report["tls"];
    assert_eq!(tls["source"], "file");
    assert_eq!(tls["host"], "localhost");
    assert_eq!(tls["trusted"], true);
    assert_eq!(tls["checked_at"], AT);
    assert_eq!(tls["chain"].as_array().map(Vec::len), Some(2));
    for absent in [
        "port",
        "address",
        "protocol",
        "cipher_suite",
        "ocsp_stapled",
        "grade",
        "rating",
        "protocols",
        "hsts",
        "probe_connections",
    ] {
        assert!(tls.get(absent).is_none(), "{absent} in {tls:#}");
    }
    assert_eq!(
        path_sources(&report),
        ["presented", "presented", "trust-anchor"]
    );
}

#[test]
fn a_leaf_alone_is_worded_for_a_bundle() {
    let report = check_case("leaf-only", "localhost", &["error tls-unknown-issuer"]);
    let message = message(&report, "tls-unknown-issuer");
    assert!(
        message.contains("the bundle holds only the leaf certificate `localhost`"),
        "{message}"
    );
    assert!(message.contains("is not in the bundle"), "{message}");
    assert!(!message.contains("server"), "{message}");
}

/// A leaf whose AIA URL names a loopback server holding the intermediate,
/// as a bundle missing its intermediate (read from standard input).
fn leaf_with_aia(extra: &[&str]) -> (HttpServer, Output, Value) {
    let http = HttpServer::start(vec![Route::ok("/issuer", fixtures::intermediate_der())]);
    let leaf = fixtures::leaf_with_aia(&http.url("/issuer"));
    let mut bundle = String::new();
    for cert in &leaf.certs {
        bundle.push_str(&pem_block(cert));
    }
    let root = root();
    let mut args = vec![
        "tls",
        "--chain",
        "-",
        "--host",
        "localhost",
        "--at",
        AT,
        "--format",
        "json",
        "--ca-file",
        &root,
    ];
    args.extend_from_slice(extra);
    let output = run_with_stdin(&args, bundle.as_bytes());
    let report = support::report(&output);
    (http, output, report)
}

/// An AIA fetch this machine's open-file limit stops is the tool's
/// failure (exit 2 with the fix), never a fetch the issuer's server failed:
/// from a limit too low for the fetch to one that lets it through, every
/// run either fetched the intermediate or said so.
#[test]
fn an_aia_fetch_past_the_open_file_limit_is_the_tools_failure() {
    let http = HttpServer::start(vec![Route::ok("/issuer", fixtures::intermediate_der())]);
    let leaf = fixtures::leaf_with_aia(&http.url("/issuer"));
    let bundle: String = leaf.certs.iter().map(|cert| pem_block(cert)).collect();
    let bundle = scratch("aia-limit.pem", bundle.as_bytes());
    let root = root();
    let mut failures = 0;
    for limit in 4..=16 {
        let output = Command::new("sh")
            .args(["-c", "ulimit -n \"$1\" && shift && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_hookcheck"))
            .arg(limit.to_string())
            .args(["tls", "--chain", &bundle, "--host", "localhost", "--at", AT])
            .args(["--format", "json", "--fetch-aia", "--ca-file", &root])
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("cannot start the async runtime") {
            // Too few to reach the fetch at all.
            continue;
        }
        if output.status.code() == Some(2) {
            assert_tool_failure(&output, "ran out of a local resource");
            assert!(stderr.contains("fetching http://"), "{limit}: {stderr}");
            assert!(stderr.contains("ulimit -n"), "{limit}: {stderr}");
            failures += 1;
            continue;
        }
        let report = support::report(&output);
        assert_eq!(
            report["tls"]["aia_fetches"][0]["certificates"], 1,
            "{limit}: {report:#}"
        );
    }
    assert!(failures > 0, "no limit was low enough to matter");
}

fn pem_block(der: &[u8]) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

#[test]
fn nothing_is_fetched_unless_asked_and_then_the_omitted_intermediate_is_named() {
    let (http, output, report) = leaf_with_aia(&[]);
    assert_findings(&output, &report, &["error tls-unknown-issuer"]);
    assert_eq!(report["target"], "-");
    let message = message(&report, "tls-unknown-issuer");
    assert!(message.contains("was not fetched"), "{message}");
    assert!(message.contains("--fetch-aia"), "{message}");
    assert!(report["tls"].get("aia_fetches").is_none(), "{report:#}");
    assert!(http.served().is_empty(), "the chain check connected");

    let (http, output, report) = leaf_with_aia(&["--fetch-aia"]);
    assert_findings(&output, &report, &["error tls-incomplete-chain"]);
    let finding = &report["findings"][0];
    let message = finding["message"].as_str().expect("a message");
    assert!(
        message.starts_with("the bundle omits the intermediate `hookcheck Test Intermediate CA`"),
        "{message}"
    );
    let fix = finding["fix"].as_str().expect("a fix");
    assert!(
        fix.starts_with("Bundle the full chain: `localhost` then `hookcheck Test Intermediate CA`"),
        "{fix}"
    );
    assert_eq!(report["tls"]["aia_fetches"][0]["certificates"], 1);
    assert_eq!(report["tls"]["verified_path"][1]["source"], "fetched");
    assert_eq!(http.served().len(), 1);
}

#[test]
fn fetching_obeys_deny_private() {
    let (http, output, report) = leaf_with_aia(&["--fetch-aia", "--deny-private"]);
    assert_findings(&output, &report, &["error tls-unknown-issuer"]);
    let fetch = &report["tls"]["aia_fetches"][0];
    assert_eq!(fetch["certificates"], 0);
    assert!(
        fetch["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{fetch}"
    );
    assert!(http.served().is_empty(), "a refused address was contacted");
}

#[test]
fn a_self_signed_leaf_and_an_untrusted_root() {
    let report = check_case("self-signed", "localhost", &["error tls-self-signed"]);
    let message = message(&report, "tls-self-signed");
    assert!(
        message.starts_with("the leaf certificate `localhost` is self-signed"),
        "{message}"
    );
    check_case("untrusted-root", "localhost", &["error tls-untrusted-root"]);
}

#[test]
fn validity_is_judged_at_the_given_instant() {
    let report = check_case("expired", "localhost", &["error tls-expired"]);
    let finding = &report["findings"][0];
    assert_eq!(finding["facts"]["not_after"], "2024-01-01T00:00:00Z");
    let fix = finding["fix"].as_str().expect("a fix");
    assert!(fix.contains("before the bundle is deployed"), "{fix}");
    // The leaf was valid in 2023, but the intermediate only from 2025.
    let (output, report) = chain(
        &case("expired"),
        &["--host", "localhost", "--at", "2023-06-01T00:00:00Z"],
    );
    assert_findings(&output, &report, &["error tls-not-yet-valid"]);
    check_case("expires-soon", "localhost", &["warning tls-expires-soon"]);
}

#[test]
fn fractional_seconds_in_the_instant() {
    // Judged at the whole second, as webpki (and every rustls client)
    // reads its clock, so the verdict and the findings agree.
    let (output, report) = chain(
        &case("good"),
        &["--host", "localhost", "--at", "2026-01-01T00:00:00.5Z"],
    );
    assert_findings(&output, &report, &[]);
    assert_eq!(report["tls"]["checked_at"], "2026-01-01T00:00:00Z");
    // Half a second before the notBefore of 2025-01-01 is before it;
    // half a second after the notAfter of 2024-01-01 is still that second.
    let (output, report) = chain(
        &case("good"),
        &["--host", "localhost", "--at", "2024-12-31T23:59:59.5Z"],
    );
    assert_findings(&output, &report, &["error tls-not-yet-valid"]);
    assert_eq!(report["tls"]["trusted"], false);
    let (output, report) = chain(
        &case("good"),
        &["--host", "localhost", "--at", "2025-01-01T00:00:00.5+00:00"],
    );
    assert_findings(&output, &report, &[]);
}

#[test]
fn a_wrong_host_is_a_mismatch_worded_for_a_bundle() {
    let report = check_case("good", "example.com", &["error tls-hostname-mismatch"]);
    assert_eq!(report["tls"]["trusted"], false);
    let message = message(&report, "tls-hostname-mismatch");
    assert!(
        message.starts_with("the leaf certificate is not valid for `example.com`"),
        "{message}"
    );
    check_case("wrong-host", "localhost", &["error tls-hostname-mismatch"]);
    check_case("wildcard", "api.hookcheck.test", &[]);
    check_case("no-san", "localhost", &["error tls-no-san"]);
}

#[test]
fn ip_literal_hosts_are_checked_against_ip_sans() {
    for (host, written) in [("127.0.0.1", "127.0.0.1"), ("::1", "::1"), ("[::1]", "::1")] {
        let report = check_case("good", host, &[]);
        assert_eq!(report["tls"]["host"], written);
    }
    check_case("good", "10.0.0.1", &["error tls-hostname-mismatch"]);
    check_case("good", "[2001:db8::1]", &["error tls-hostname-mismatch"]);
    // An IDN is checked in its ASCII form, as in a URL.
    let report = check_case("good", "bücher.test", &[]);
    assert_eq!(report["tls"]["host"], "xn--bcher-kva.test");
}

#[test]
fn without_a_host_only_trust_is_judged_and_the_report_says_so() {
    let (output, report) = chain(&case("wrong-host"), &[]);
    assert_findings(&output, &report, &["info tls-host-not-checked"]);
    assert_eq!(report["tls"]["trusted"], true);
    assert!(report["tls"].get("host").is_none(), "{report:#}");
    let message = message(&report, "tls-host-not-checked");
    assert!(message.contains("DNS:other.test"), "{message}");
    // Trust problems are found all the same.
    let (output, report) = chain(&case("self-signed"), &[]);
    assert_findings(
        &output,
        &report,
        &["error tls-self-signed", "info tls-host-not-checked"],
    );
    let (output, report) = chain(&case("no-san"), &[]);
    assert_findings(
        &output,
        &report,
        &["error tls-no-san", "info tls-host-not-checked"],
    );
}

#[test]
fn the_layout_of_a_bundle_is_worded_for_a_bundle() {
    let report = check_case("chain-order", "localhost", &["warning tls-chain-order"]);
    let message = message(&report, "tls-chain-order");
    assert!(
        message.starts_with("the bundle holds the chain out of order"),
        "{message}"
    );
    let report = check_case(
        "extra-certs",
        "localhost",
        &["warning tls-chain-extra-certs"],
    );
    let fix = report["findings"][0]["fix"].as_str().expect("a fix");
    assert!(fix.starts_with("Remove them from the bundle"), "{fix}");
}

#[test]
fn every_format_renders_a_bundle() {
    let file = case("leaf-only");
    let root = root();
    for (format, expected) in [
        ("human", "chain in the bundle, refused by a strict client"),
        (
            "markdown",
            "Certificate bundle judged for localhost, with no connection.",
        ),
        ("html", "<h3>Chain in the bundle</h3>"),
        ("junit", r#"<property name="source" value="file"/>"#),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .args(["tls", "--chain", &file, "--host", "localhost", "--at", AT])
            .args(["--ca-file", &root, "--format", format])
            .output()
            .expect("hookcheck runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{format}: {stdout}");
        assert!(stdout.contains(expected), "{format}: {stdout}");
        assert!(!stdout.contains(", port "), "{format}: {stdout}");
    }
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let root = root();
    let run = |file: &str, extra: &[&str]| {
        let mut args = vec!["tls", "--chain", file, "--ca-file", &root];
        args.extend_from_slice(extra);
        run_with_stdin(&args, b"")
    };
    let key = fixtures::dir().join("cases/good/key.pem");
    let key = path(&key);
    let good = case("good");

    assert_tool_failure(
        &run(&path(&fixtures::dir().join("README.md")), &[]),
        "is not PEM (no -----BEGIN line)",
    );
    assert_tool_failure(
        &run(&path(&fixtures::dir().join("ca/intermediate.der")), &[]),
        "it looks like a DER certificate",
    );
    assert_tool_failure(
        &run(&key, &[]),
        "holds no CERTIFICATE block, only PRIVATE KEY",
    );
    let mut with_key = std::fs::read(&good).expect("the bundle");
    with_key.extend(std::fs::read(&key).expect("the key"));
    assert_tool_failure(
        &run(&scratch("with-key.pem", &with_key), &[]),
        "PEM block 3 is a PRIVATE KEY, not a CERTIFICATE",
    );
    assert_tool_failure(&run(&scratch("empty.pem", b""), &[]), "it is empty");
    assert_tool_failure(
        &run("no/such/chain.pem", &[]),
        "cannot open `no/such/chain.pem`",
    );
    assert_tool_failure(
        &run(&path(&fixtures::dir()), &[]),
        "is a directory, not a file",
    );
    let huge = vec![b'A'; hookcheck_tls::MAX_BUNDLE_BYTES + 1];
    assert_tool_failure(
        &run(&scratch("huge.pem", &huge), &[]),
        &format!("is over {} bytes", hookcheck_tls::MAX_BUNDLE_BYTES),
    );
    for host in ["exa mple.com", "a..b", "[::1", "-"] {
        assert_tool_failure(
            &run(&good, &["--host", host]),
            &format!("`{host}` is not a valid host name"),
        );
    }
}

#[test]
fn standard_input_is_read_to_the_same_cap() {
    let root = root();
    let huge = vec![b'A'; hookcheck_tls::MAX_BUNDLE_BYTES * 3];
    let output = run_with_stdin(&["tls", "--chain", "-", "--ca-file", &root], &huge);
    assert_tool_failure(&output, "`-` is over");
}

#[test]
fn a_url_and_a_chain_exclude_each_other() {
    let good = case("good");
    for args in [
        &["tls", "https://localhost/", "--chain", good.as_str()][..],
        &["tls", "--host", "localhost"],
        &["tls", "--chain", good.as_str(), "--chain-only"],
        &["tls", "--chain", good.as_str(), "--accept-grade", "B"],
        &["tls", "https://localhost/", "--fetch-aia"],
    ] {
        let output = run_with_stdin(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
