//! `hookcheck check` end to end: the real binary against receivers on
//! loopback, with settings from options and from `hookcheck.toml`. Each
//! test asserts the findings, their order, the verdict and the exit status;
//! every JSON report is checked against the report schema.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::process::{Command, Output};
use std::time::Duration;

use hookcheck_testkit::{Answer, HSTS_ONE_YEAR, HookOptions, HookServer, fixtures};
use serde_json::Value;
use support::{assert_findings, check_as};

mod support;

/// Runs `hookcheck check URL --format json` with the fixture root trusted,
/// in `dir` (where a `hookcheck.toml` may be).
fn check(dir: &std::path::Path, url: &str, extra: &[&str]) -> (Output, Value) {
    let root = fixtures::root_pem();
    let mut args = vec!["check", url, "--format", "json", "--ca-file"];
    args.push(root.to_str().expect("a UTF-8 path"));
    args.extend_from_slice(extra);
    support::run_json_in(dir, &args)
}

/// A receiver answering at once, with a year of HSTS.
fn good_answer() -> Answer {
    let (name, value) = HSTS_ONE_YEAR.split_once(": ").expect("a header line");
    Answer::Status {
        status: 200,
        delay: Duration::ZERO,
        headers: vec![(name.to_owned(), value.to_owned())],
        body: b"ok".to_vec(),
    }
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("a code"))
        .collect()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hookcheck-check-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

#[test]
fn a_ready_endpoint_passes_tls_and_deliveries() {
    let server = HookServer::start(HookOptions::https(fixtures::case("good"), good_answer()));
    let dir = temp_dir("ready");
    let (output, report) = check(
        &dir,
        &server.url("/hook"),
        &["--count", "3", "--burst", "3"],
    );
    // Without a secret, what forged deliveries would get is not known.
    assert_findings(&output, &report, &["info delivery-forgery-unchecked"]);
    assert_eq!(report["tls"]["grade"], "A+", "{report:#}");
    assert_eq!(report["tls"]["trusted"], true);
    assert_eq!(report["delivery"]["attempts"], 6);
    assert_eq!(report["delivery"]["succeeded"], 6);
}

#[test]
fn an_incomplete_chain_comes_first_and_explains_the_failed_deliveries() {
    let aia = hookcheck_testkit::HttpServer::start(vec![hookcheck_testkit::Route::ok(
        "/intermediate.der",
        fixtures::intermediate_der(),
    )]);
    let server = HookServer::start(HookOptions::https(
        fixtures::leaf_with_aia(&aia.url("/intermediate.der")),
        good_answer(),
    ));
    let dir = temp_dir("incomplete");
    let (output, report) = check(
        &dir,
        &server.url("/hook"),
        &["--count", "2", "--burst", "0"],
    );
    assert_eq!(output.status.code(), Some(1));
    let found = codes(&report);
    assert_eq!(found.first(), Some(&"tls-incomplete-chain"), "{found:?}");
    // Every delivery failed the handshake, which the chain finding already
    // explains: no second finding for it.
    assert!(!found.contains(&"tls-handshake-failed"), "{found:?}");
    assert_eq!(report["delivery"]["succeeded"], 0);
    // Only the TLS check's own request (for HSTS, over its capturing
    // connection) arrived; no delivery did.
    assert!(server.served().iter().all(|s| s.method == "GET"));
}

#[test]
fn plain_http_is_not_ready_even_when_deliveries_succeed() {
    let server = HookServer::start(HookOptions::http(Answer::ok()));
    let dir = temp_dir("http");
    let (output, report) = check(
        &dir,
        &server.url("/hook"),
        &["--count", "2", "--burst", "0"],
    );
    assert_findings(
        &output,
        &report,
        &["error tls-not-https", "info delivery-forgery-unchecked"],
    );
    assert_eq!(report["delivery"]["succeeded"], 2);
}

#[test]
fn hookcheck_toml_sets_the_budget_the_plan_and_severities() {
    let server = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::Serial {
            status: 200,
            work: Duration::from_millis(60),
        },
    ));
    let dir = temp_dir("toml");
    std::fs::write(
        dir.join("hookcheck.toml"),
        "budget = \"400ms\"\ncount = 2\nburst = 10\nsecret-env = \"HOOKCHECK_TEST_SECRET\"\n\n\
         [severity]\ntls-no-hsts = \"error\"\ndelivery-burst-degraded = \"info\"\n",
    )
    .expect("write hookcheck.toml");
    let (output, report) = {
        let root = fixtures::root_pem();
        let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .current_dir(&dir)
            .env("HOOKCHECK_TEST_SECRET", "s3cret")
            .args([
                "check",
                &server.url("/hook"),
                "--format",
                "json",
                "--ca-file",
            ])
            .arg(&root)
            .output()
            .expect("hookcheck runs");
        let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
        (output, report)
    };
    assert_eq!(output.status.code(), Some(1), "{report:#}");
    let delivery = &report["delivery"];
    assert_eq!(delivery["budget_ms"], 400.0);
    assert_eq!(delivery["attempts"], 12);
    assert_eq!(delivery["signed_with"], 1);
    let severity = |code: &str| {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["severity"].as_str().expect("a severity").to_owned())
    };
    assert_eq!(severity("tls-no-hsts").as_deref(), Some("error"));
    assert_eq!(severity("delivery-burst-degraded").as_deref(), Some("info"));
    let signature = server
        .served()
        .iter()
        .find(|s| s.method == "POST")
        .and_then(|s| s.header("cronofy-hmac-sha256").map(str::to_owned));
    assert!(
        signature.is_some(),
        "signed with the secret from the environment"
    );
}

/// `provider` in hookcheck.toml (or `--provider`, which wins) makes the
/// whole check the sender's: its handshake first, its scheme, its budget.
#[test]
fn the_provider_of_hookcheck_toml_sets_whose_deliveries_are_checked() {
    let secret = "8f742231b10e8888abcd99yyyzzz85a5";
    let slack = hookcheck_profile::find("slack").expect("slack");
    let server = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::Receiver(hookcheck_testkit::Receiver::careful(slack, secret)),
    ));
    let dir = temp_dir("provider");
    std::fs::write(
        dir.join("hookcheck.toml"),
        format!("provider = \"slack\"\nsecret = \"{secret}\"\ncount = 2\nburst = 2\n"),
    )
    .expect("write hookcheck.toml");
    let (output, report) = check(&dir, &server.url("/hook"), &[]);
    // Slack sends no delivery id, so a repeat is acknowledged like any
    // delivery: the answer cannot tell more.
    assert_findings(
        &output,
        &report,
        &["warning tls-no-hsts", "info delivery-accepts-repeat"],
    );
    assert_eq!(report["delivery"]["budget_ms"], 3000.0);
    assert_eq!(report["delivery"]["succeeded"], 4);
    let first = server
        .served()
        .into_iter()
        .find(|s| s.method == "POST")
        .expect("a delivery");
    assert!(
        String::from_utf8_lossy(&first.body).contains(r#""type":"url_verification""#),
        "the handshake comes first"
    );
    // The command line wins over the file: the same receiver refuses
    // another sender's scheme.
    let (output, report) = check(&dir, &server.url("/hook"), &["--provider", "github"]);
    assert_eq!(output.status.code(), Some(1), "{report:#}");
    assert_eq!(report["delivery"]["budget_ms"], 10_000.0);
    assert!(
        codes(&report).contains(&"delivery-rejects-signed"),
        "{report:#}"
    );
}

/// The security and handshake checks against each provider's careful and
/// careless receiver: the careful one answers the handshake and refuses the
/// forged, unsigned and replayed deliveries; the careless one answers `ok`
/// to the handshake and takes them all, each a finding.
#[test]
fn the_handshake_and_forged_deliveries_tell_a_careful_receiver_from_a_careless_one() {
    let secret = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";
    let dir = temp_dir("security");
    for profile in &hookcheck_profile::PROFILES {
        let name = profile.name;
        let run = |receiver: hookcheck_testkit::Receiver| {
            let server = HookServer::start(HookOptions::https(
                fixtures::case("good"),
                Answer::Receiver(receiver),
            ));
            let args = [
                "--provider",
                name,
                "--secret",
                secret,
                "--count",
                "2",
                "--burst",
                "0",
            ];
            let (output, report) = check(&dir, &server.url("/hook"), &args);
            let codes: Vec<String> = codes(&report).into_iter().map(str::to_owned).collect();
            (output.status.code(), codes)
        };
        let (status, careful) = run(hookcheck_testkit::Receiver::careful(profile, secret));
        assert_eq!(status, Some(0), "{name}: {careful:?}");
        assert!(
            careful
                .iter()
                .all(|code| !code.starts_with("delivery-accepts-")
                    || code == "delivery-accepts-repeat"),
            "{name}: {careful:?}"
        );
        assert!(
            !careful
                .iter()
                .any(|code| code == "delivery-handshake-failed"),
            "{name}: {careful:?}"
        );
        let (status, careless) = run(hookcheck_testkit::Receiver::careless(profile, secret));
        assert_eq!(status, Some(1), "{name}: {careless:?}");
        // Slack's challenge and Graph's token must come back; `ok` will not do.
        let echoed = matches!(
            profile.handshake,
            hookcheck_profile::Handshake::EchoChallenge
                | hookcheck_profile::Handshake::ValidationToken { .. }
        );
        assert_eq!(
            careless
                .iter()
                .any(|code| code == "delivery-handshake-failed"),
            echoed,
            "{name}: {careless:?}"
        );
        let mut expected = vec!["delivery-accepts-forged", "delivery-accepts-unsigned"];
        if profile.scheme.is_timestamped() {
            expected.push("delivery-accepts-replay");
        }
        expected.push("delivery-accepts-repeat");
        let accepted: Vec<&str> = careless
            .iter()
            .map(String::as_str)
            .filter(|code| code.starts_with("delivery-accepts-"))
            .collect();
        assert_eq!(accepted, expected, "{name}");
    }
}

#[test]
fn a_broken_hookcheck_toml_is_a_one_line_error() {
    let dir = temp_dir("broken-toml");
    std::fs::write(dir.join("hookcheck.toml"), "budget = \"5s\"\nburts = 3\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .current_dir(&dir)
        .args(["check", "https://127.0.0.1:9/hook"])
        .output()
        .expect("hookcheck runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("line 2") && stderr.contains("burts"),
        "{stderr}"
    );
}

/// Every report format from one real check: `JUnit` with the failing test
/// case, Markdown with the verdict and a findings table, HTML
/// self-contained with both charts. That the `JUnit` report is valid against
/// its XML Schema is checked by xmllint in the interop tier
/// (`tests/interop/report.rs`).
#[test]
fn every_format_renders_a_real_check() {
    let failing = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::status(500),
    ));
    let url = failing.url("/hook");

    let junit = check_as(&url, "junit");
    assert_eq!(junit.status.code(), Some(1));
    let xml = String::from_utf8_lossy(&junit.stdout);
    assert!(
        xml.contains(r#"name="delivery-non-2xx""#) && xml.contains("<failure"),
        "{xml}"
    );

    let markdown = check_as(&url, "markdown");
    let text = String::from_utf8_lossy(&markdown.stdout);
    assert!(text.starts_with("## ❌ not ready"), "{text}");
    assert!(text.contains("`delivery-non-2xx`"), "{text}");

    let html = check_as(&url, "html");
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert_eq!(
        page.matches("<svg").count(),
        2,
        "the histogram and the timeline"
    );
    for external in ["<script", "<link", " src=", "url("] {
        assert!(
            !page.contains(external),
            "the page loads nothing: {external}"
        );
    }
}

#[test]
fn a_receiver_that_refuses_types_it_does_not_use_is_not_ready() {
    let server = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::OnlyTypes {
            accepted: vec!["verification".to_owned(), "change".to_owned()],
        },
    ));
    let dir = temp_dir("types");
    let (output, report) = check(
        &dir,
        &server.url("/hook"),
        &["--count", "2", "--burst", "0"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        codes(&report).first(),
        Some(&"delivery-rejects-type"),
        "{report:#}"
    );
    let message = report["findings"][0]["message"]
        .as_str()
        .expect("a message");
    for kind in [
        "profile_disconnected",
        "profile_initial_sync_completed",
        "conferencing_profile_disconnected",
        "gdpr_requested",
    ] {
        assert!(
            message.contains(&format!("`{kind}` (answered 400)")),
            "{message}"
        );
    }
    assert_eq!(
        report["delivery"]["succeeded"], 2,
        "the series itself succeeded"
    );
}

#[test]
fn deliveries_to_a_server_only_hookchecks_own_client_cannot_reach_are_unknown_not_failed() {
    // TLS 1.2 with static RSA key exchange and CBC only: the provider's
    // OpenSSL-based client connects, rustls has nothing in common with it.
    let server = support::tls::rsa_cbc_server(fixtures::case("good-rsa"));
    let dir = temp_dir("legacy-only");
    let (output, report) = check(&dir, &server.url(), &[]);
    assert_findings(
        &output,
        &report,
        &[
            "error tls-grade-below-a",
            "info tls-chain-from-probe",
            "warning delivery-not-measured",
            "warning tls-no-aead",
            "warning tls-no-forward-secrecy",
            "warning tls-no-tls13",
        ],
    );
    assert_eq!(report["tls"]["trusted"], true, "{report:#}");
    assert_eq!(report["tls"]["legacy_only"], true);
    assert!(report.get("delivery").is_none(), "{report:#}");
}

#[test]
fn a_check_past_the_open_file_limit_is_the_tools_failure_not_the_endpoints() {
    let server = HookServer::start(HookOptions::https(fixtures::case("good"), good_answer()));
    let url = server.url("/hook");
    let root = fixtures::root_pem();
    // Twenty descriptors: a burst of forty connections at once cannot all
    // have one.
    let output = Command::new("sh")
        .args(["-c", "ulimit -n 20 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["check", &url, "--count", "1", "--burst", "40", "--ca-file"])
        .arg(&root)
        .output()
        .expect("sh runs");
    support::assert_tool_failure(&output, "ran out of a local resource");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ulimit -n"), "{stderr}");
}
