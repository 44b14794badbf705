//! `cargo xtask demo`: builds hookcheck and runs `hookcheck validate` on the
//! captured real deliveries, then on a few instructive broken payloads, then
//! `hookcheck tls` against endpoints it starts on loopback (a good one, one
//! that omits its intermediate, one with an expired certificate), then
//! `hookcheck deliver` against two receivers (one that answers at once, one
//! single worker that a burst overwhelms), showing each command line and
//! its output (coloured on a terminal: hookcheck writes to this terminal
//! itself). Nothing leaves the machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{
    Answer, HookOptions, HookServer, HttpServer, Route, TlsServer, TlsServerOptions, fixtures,
};

use crate::process::{self, NOTE_STYLE, cargo, target_dir, workspace_root};

/// The payloads shown after the real deliveries, relative to
/// `fixtures/payloads`: a type the tool does not know (a warning only), then
/// the mistakes integrators make most: a local-time offset, a relative
/// callback URL, a missing field.
const SHOWN: [&str; 4] = [
    "valid/unknown-type-gdpr-requested.json",
    "invalid/changes-since-offset-plus-one.json",
    "invalid/callback-url-relative.json",
    "invalid/missing-channel-id.json",
];

pub(crate) fn run() -> Result<()> {
    process::run(cargo().args(["build", "--package", "hookcheck"]))?;
    let hookcheck = target_dir()?.join("debug/hookcheck");
    let payloads = workspace_root().join("fixtures/payloads");

    let captured = json_files(&payloads.join("captured"))?;
    if captured.is_empty() {
        bail!("no captured deliveries in fixtures/payloads/captured");
    }
    println!();
    validate(&hookcheck, &captured)?;

    println!();
    let shown: Vec<PathBuf> = SHOWN.iter().map(|name| payloads.join(name)).collect();
    validate(&hookcheck, &shown)?;

    // TLS against loopback endpoints presenting the fixture chains, with
    // the fixtures' private root trusted as a public one would be.
    let good = TlsServer::fixture("good");
    let aia = HttpServer::start(vec![Route::ok(
        "/intermediate.der",
        fixtures::intermediate_der(),
    )]);
    let incomplete = TlsServer::start(TlsServerOptions::new(fixtures::leaf_with_aia(
        &aia.url("/intermediate.der"),
    )));
    let expired = TlsServer::fixture("expired");
    for server in [&good, &incomplete, &expired] {
        println!();
        tls(&hookcheck, &server.url("localhost"))?;
    }

    // Deliveries: a receiver that queues and answers at once (a few
    // milliseconds of work), and one that does the work before answering,
    // one request at a time, as a single-worker app would.
    let queueing = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::delayed(200, Duration::from_millis(3)),
    ));
    println!();
    deliver(
        &hookcheck,
        &queueing.url_as("localhost", "/cronofy/channel/42"),
        &["--count", "50", "--concurrency", "4", "--burst", "20"],
    )?;
    let single_worker = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::Serial {
            status: 200,
            work: Duration::from_millis(250),
        },
    ));
    println!();
    deliver(
        &hookcheck,
        &single_worker.url_as("localhost", "/cronofy/channel/42"),
        &["--count", "4", "--burst", "30"],
    )?;
    Ok(())
}

/// Runs `hookcheck deliver URL OPTIONS…` trusting the fixture root.
fn deliver(hookcheck: &Path, url: &str, options: &[&str]) -> Result<()> {
    let mut command = Command::new(hookcheck);
    command
        .current_dir(workspace_root())
        .args(["deliver", url, "--ca-file", "fixtures/tls/ca/root.pem"])
        .args(options);
    let status = process::run_status(&mut command)?;
    exit_status(&command, status)
}

/// Runs `hookcheck tls URL` trusting the fixture root.
fn tls(hookcheck: &Path, url: &str) -> Result<()> {
    let mut command = Command::new(hookcheck);
    command.current_dir(workspace_root()).args([
        "tls",
        url,
        "--ca-file",
        "fixtures/tls/ca/root.pem",
    ]);
    let status = process::run_status(&mut command)?;
    exit_status(&command, status)
}

/// Runs `hookcheck validate FILE…`.
fn validate(hookcheck: &Path, files: &[PathBuf]) -> Result<()> {
    // Paths relative to the workspace root, where hookcheck runs, so its
    // report names the files as a reader of the repository knows them.
    let files = files
        .iter()
        .map(|file| file.strip_prefix(workspace_root()).unwrap_or(file));
    let mut command = Command::new(hookcheck);
    command
        .current_dir(workspace_root())
        .arg("validate")
        .args(files);
    let status = process::run_status(&mut command)?;
    exit_status(&command, status)
}

/// Says what hookcheck's exit status means: 0 ready, 1 not ready (what the
/// broken samples are for); only 2 (the tool failed) is an error.
fn exit_status(command: &Command, status: std::process::ExitStatus) -> Result<()> {
    match status.code() {
        Some(0) => anstream::println!("{NOTE_STYLE}(exit status 0: ready){NOTE_STYLE:#}"),
        Some(1) => anstream::println!("{NOTE_STYLE}(exit status 1: not ready){NOTE_STYLE:#}"),
        _ => bail!("`{}` failed ({status})", process::display(command)),
    }
    Ok(())
}

/// The `.json` files of a folder, sorted by name (an absent folder has none).
fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error).with_context(|| format!("cannot list {}", dir.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|ext| ext == "json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_are_listed_sorted() {
        let dir = std::env::temp_dir().join(format!("xtask-demo-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub.json")).unwrap();
        for name in ["b.json", "a.json", "notes.md", "c.ndjson"] {
            fs::write(dir.join(name), "{}").unwrap();
        }
        let names: Vec<String> = json_files(&dir)
            .unwrap()
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json", "b.json"]);
        assert!(json_files(&dir.join("absent")).unwrap().is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_shown_payloads_exist() {
        let payloads = workspace_root().join("fixtures/payloads");
        for name in SHOWN {
            assert!(payloads.join(name).is_file(), "{name}");
        }
    }
}
