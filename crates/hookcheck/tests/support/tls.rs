//! What the tests of `hookcheck tls` share, in both tiers: the instant the
//! fixtures are judged at, a server only hookcheck's own client cannot
//! reach, the two ways of running the check with the fixture root trusted,
//! and readers of the TLS part of its report.

use std::process::Output;

use hookcheck_testkit::fixtures::{self, Chain};
use hookcheck_testkit::{Script, ScriptedServer};
use serde_json::Value;

/// The instant every fixture is judged at, so the certificates never rot
/// (`expires-soon` expires 14 days later).
pub(crate) const AT: &str = "2026-06-01T00:00:00Z";

/// A TLS 1.2 server with static RSA key exchange and CBC only
/// (`TLS_RSA_WITH_AES_128_CBC_SHA`, OpenSSL's `AES128-SHA`) presenting
/// `chain`'s certificates in the clear: hookcheck's strict client (rustls)
/// has nothing in common with it, an OpenSSL-based client has.
pub(crate) fn rsa_cbc_server(chain: Chain) -> ScriptedServer {
    let script = Script {
        versions: vec![0x0303],
        suites: vec![0x002f],
        ..Script::default()
    };
    ScriptedServer::presenting(script, chain.certs)
}

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
    graded_within(url, "3s")
}

/// [`graded`] with another `--timeout` (a slow link's).
pub(crate) fn graded_within(url: &str, timeout: &str) -> (i32, Value) {
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
        timeout,
        "--ca-file",
        root,
    ];
    let (output, report) = super::run_json(&args);
    (output.status.code().expect("an exit status"), report)
}

/// Where each step of the path to a root came from (`presented`,
/// `fetched`, `trust-anchor`), leaf first.
pub(crate) fn path_sources(report: &Value) -> Vec<&str> {
    report["tls"]["verified_path"]
        .as_array()
        .expect("a path")
        .iter()
        .map(|s| s["source"].as_str().expect("a source"))
        .collect()
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
