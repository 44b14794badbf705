//! What the tests of `hookcheck tls` share, in both tiers: the instant the
//! fixtures are judged at, the two ways of running the check with the
//! fixture root trusted, and readers of the TLS part of its report.

use std::process::Output;

use hookcheck_testkit::fixtures;
use serde_json::Value;

/// The instant every fixture is judged at, so the certificates never rot
/// (`expires-soon` expires 14 days later).
pub(crate) const AT: &str = "2026-06-01T00:00:00Z";

/// Runs `hookcheck tls URL --chain-only --format json` with the fixture
/// root trusted (and a 3 s timeout unless `extra` sets one): the
/// certificate checks alone. [`graded`] runs the protocol probes.
pub(crate) fn chain_only(url: &str, extra: &[&str]) -> (Output, Value) {
    let root = fixtures::root_pem();
    let mut args = vec!["tls", url, "--chain-only", "--format", "json", "--at", AT];
    if !extra.contains(&"--timeout") {
        args.extend(["--timeout", "3s"]);
    }
    args.push("--ca-file");
    args.push(root.to_str().expect("a UTF-8 path"));
    args.extend_from_slice(extra);
    super::run_json(&args)
}

/// Runs `hookcheck tls URL --format json` with the fixture root trusted
/// and a 3 s timeout: the certificate checks, every protocol probe and the
/// grade. Returns the exit status and the report.
pub(crate) fn graded(url: &str) -> (i32, Value) {
    let root = fixtures::root_pem();
    let root = root.to_str().expect("a UTF-8 path");
    let args = [
        "tls",
        url,
        "--format",
        "json",
        "--at",
        AT,
        "--timeout",
        "3s",
        "--ca-file",
        root,
    ];
    let (output, report) = super::run_json(&args);
    (output.status.code().expect("an exit status"), report)
}

/// The finding with `code`; panics with the report when there is none.
pub(crate) fn finding<'r>(report: &'r Value, code: &str) -> &'r Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report:#}"))
}

/// The protocol versions the server accepted, oldest first.
pub(crate) fn accepted(report: &Value) -> Vec<String> {
    report["tls"]["protocols"]
        .as_array()
        .expect("protocols")
        .iter()
        .filter(|p| p["accepted"] == true)
        .map(|p| p["version"].as_str().expect("a version").to_owned())
        .collect()
}

/// The grade's caps with their reasons, as JSON text to search and show.
pub(crate) fn caps(report: &Value) -> String {
    report["tls"]["rating"]["caps"].to_string()
}
