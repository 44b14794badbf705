//! `cargo xtask demo`: builds hookcheck and runs `hookcheck validate` on the
//! captured real deliveries, then on a few instructive broken payloads, then
//! `hookcheck check` against endpoints it starts on loopback (one ready, one
//! that omits its intermediate, a single worker that a burst overwhelms, one
//! that redirects), showing each command line and its output (coloured on a
//! terminal: hookcheck writes to this terminal itself), runs `deliver`
//! against the ready one as a small load, writes its report as an HTML page,
//! scans all four with a garbage line among them, and puts `listen` in front
//! of a local app: deliveries through it, one replayed re-signed, then its
//! history. Nothing leaves the machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{
    Answer, HSTS_ONE_YEAR, HookOptions, HookServer, HttpServer, Receiver, Route, fixtures,
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

/// The signing secret of the demo's Slack app (Slack's documented example).
const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

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

    // The readiness check against endpoints on loopback presenting the
    // fixture chains, with the fixtures' private root trusted as a public
    // one would be: one ready, then the mistakes that stop notifications.
    let hsts = {
        let (name, value) = HSTS_ONE_YEAR.split_once(": ").unwrap_or_default();
        (name.to_owned(), value.to_owned())
    };
    let answer = |status: u16, headers: Vec<(String, String)>| Answer::Status {
        status,
        delay: Duration::from_millis(3),
        headers,
        body: b"ok".to_vec(),
    };
    let ready = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        answer(200, vec![hsts.clone()]),
    ));
    let aia = HttpServer::start(vec![Route::ok(
        "/intermediate.der",
        fixtures::intermediate_der(),
    )]);
    let incomplete = HookServer::start(HookOptions::https(
        fixtures::leaf_with_aia(&aia.url("/intermediate.der")),
        answer(200, vec![hsts.clone()]),
    ));
    // A single worker that does the work before answering: fine one at a
    // time, too slow for a burst.
    let single_worker = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::Serial {
            status: 200,
            work: Duration::from_millis(400),
        },
    ));
    let moved = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        answer(
            301,
            vec![
                hsts,
                (
                    "location".to_owned(),
                    "https://localhost/cronofy/v2/channel/42".to_owned(),
                ),
            ],
        ),
    ));
    let path = "/cronofy/channel/42";
    let html = target_dir()?.join("demo/ready.html");
    for (server, options) in [
        (&ready, &[][..]),
        (&incomplete, &["--burst", "0"][..]),
        (&single_worker, &["--count", "3", "--burst", "14"][..]),
        (&moved, &["--burst", "0"][..]),
    ] {
        println!();
        let url = server.url_as("localhost", path);
        run_hookcheck(&hookcheck, &["check", &url], options, None)?;
    }
    careless_slack(&hookcheck)?;

    // Deliveries alone, as a load: 50 four at a time, then 20 at once.
    println!();
    run_hookcheck(
        &hookcheck,
        &["deliver", &ready.url_as("localhost", path)],
        &["--count", "50", "--concurrency", "4", "--burst", "20"],
        None,
    )?;

    println!();
    run_hookcheck(
        &hookcheck,
        &["check", &ready.url_as("localhost", path)],
        &["--format", "html", "--quiet"],
        Some(&html),
    )?;
    anstream::println!(
        "{NOTE_STYLE}(the first report as one HTML page, charts included: {}){NOTE_STYLE:#}",
        process::shown_path(&html)
    );

    // The same endpoints as a provider vets its customers' URLs, with a
    // line that is no URL among them.
    let mut urls: Vec<String> = [&ready, &incomplete, &single_worker, &moved]
        .iter()
        .map(|server| server.url_as("localhost", path))
        .collect();
    urls.insert(2, "htps//typo.example.com/hook".to_owned());
    let list = target_dir()?.join("demo/urls.txt");
    fs::write(&list, urls.join("\n") + "\n")
        .with_context(|| format!("cannot write {}", list.display()))?;
    println!();
    let scan = ["scan", "--urls", &process::shown_path(&list)];
    run_hookcheck(&hookcheck, &scan, &["--allow-private"], None)?;
    listen_in_front(&hookcheck)
}

/// `listen` in front of a local app: deliveries sent through it, one
/// replayed re-signed, then the history.
fn listen_in_front(hookcheck: &Path) -> Result<()> {
    let app = HookServer::start(HookOptions::http(Answer::Status {
        status: 202,
        delay: Duration::from_millis(20),
        headers: Vec::new(),
        body: b"queued".to_vec(),
    }));
    let history = target_dir()?.join("demo/listen.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", history.display()));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|free| free.local_addr())
        .context("no free port")?
        .port();
    let history_arg = process::shown_path(&history);
    let mut listen = Command::new(hookcheck);
    listen.current_dir(workspace_root()).args([
        "listen",
        "--port",
        &port.to_string(),
        "--forward",
        &app.url("/hooks"),
        "--secret",
        "s3cret",
        "--history",
        &history_arg,
    ]);
    println!();
    anstream::println!(
        "{COMMAND}$ {} &{COMMAND:#}",
        process::display(&listen),
        COMMAND = process::COMMAND_STYLE
    );
    // Stopped when this returns, however it returns.
    let _listening = Stopped(
        listen
            .spawn()
            .with_context(|| format!("cannot run `{}`", process::display(&listen)))?,
    );
    std::thread::sleep(Duration::from_millis(500));
    let url = format!("http://127.0.0.1:{port}/");
    let mut deliver = Command::new(hookcheck);
    deliver
        .current_dir(workspace_root())
        .args(["deliver", &url, "--count", "3", "--secret", "s3cret"])
        .stdout(std::process::Stdio::null());
    let sent = process::run_status(&mut deliver)?;
    exit_status(&deliver, sent)?;
    std::thread::sleep(Duration::from_millis(300));
    let mut replay = Command::new(hookcheck);
    replay.current_dir(workspace_root()).args([
        "replay",
        "2",
        "--secret",
        "s3cret",
        "--history",
        &history_arg,
    ]);
    let replayed = process::run_status(&mut replay)?;
    exit_status(&replay, replayed)?;
    let mut list = Command::new(hookcheck);
    list.current_dir(workspace_root())
        .args(["history", "--history", &history_arg, "--limit", "2"]);
    process::run_status(&mut list)?;
    Ok(())
}

/// A child process, killed when dropped.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Another sender: a Slack Events API endpoint that answers `200 ok` to
/// everything, its handshake, forged and replayed deliveries included.
fn careless_slack(hookcheck: &Path) -> Result<()> {
    let slack = hookcheck_profile::find("slack").context("the slack profile")?;
    let careless = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::Receiver(Receiver::careless(slack, SLACK_SECRET)),
    ));
    println!();
    run_hookcheck(
        hookcheck,
        &["check", &careless.url_as("localhost", "/slack/events")],
        &[
            "--provider",
            "slack",
            "--secret",
            SLACK_SECRET,
            "--burst",
            "0",
        ],
        None,
    )
}

/// Runs `hookcheck COMMAND… --ca-file (the fixture root) OPTIONS…`, its
/// output to the terminal or to `file`.
fn run_hookcheck(
    hookcheck: &Path,
    command: &[&str],
    options: &[&str],
    file: Option<&Path>,
) -> Result<()> {
    let mut process = Command::new(hookcheck);
    process
        .current_dir(workspace_root())
        .args(command)
        .args(["--ca-file", "fixtures/tls/ca/root.pem"])
        .args(options);
    if let Some(file) = file {
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let out =
            fs::File::create(file).with_context(|| format!("cannot create {}", file.display()))?;
        process.stdout(out);
    }
    let status = process::run_status(&mut process)?;
    exit_status(&process, status)
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
