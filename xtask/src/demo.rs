//! `cargo xtask demo`: builds hookcheck and runs `hookcheck validate` on the
//! captured real deliveries, then on a few instructive broken payloads, then
//! `hookcheck check` against endpoints it starts on loopback (one ready, one
//! that omits its intermediate, a single worker that a burst overwhelms, one
//! that redirects), showing each command line and its output (coloured on a
//! terminal: hookcheck writes to this terminal itself), runs `deliver`
//! against the ready one as a small load, writes its report as an HTML page,
//! scans all four with a garbage line among them, and puts `listen` in front
//! of a local app: deliveries through it, one replayed re-signed, then its
//! history; last, `emulate` plays the provider in scaled time and closes
//! the channel of an endpoint that stays down. Nothing leaves the machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{
    Answer, HSTS_ONE_YEAR, HookOptions, HookServer, HttpServer, Moment, Receiver, Route, fixtures,
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
    listen_in_front(&hookcheck)?;
    emulate_the_provider(&hookcheck)
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
    let port = free_port()?;
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
    // Stopped when this returns, however it returns.
    let _listening = Stopped::start(&mut listen)?;
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

/// `emulate` playing the provider ten hours a second: one endpoint down
/// for a few scaled hours has its notification retried on schedule and
/// delivered; one down for good has its channel closed once the day of
/// retries is over, 2.4 s later.
fn emulate_the_provider(hookcheck: &Path) -> Result<()> {
    let down = |status| Moment {
        from: Duration::ZERO,
        status,
        delay: Duration::ZERO,
    };
    let recovering = HookServer::start(HookOptions::http(Answer::Timeline(vec![
        down(503),
        Moment {
            from: Duration::from_millis(900),
            ..down(200)
        },
    ])));
    let broken = HookServer::start(HookOptions::http(Answer::status(503)));
    let port = free_port()?;
    let mut emulate = Command::new(hookcheck);
    emulate.current_dir(workspace_root()).args([
        "emulate",
        "--port",
        &port.to_string(),
        "--time-scale",
        "36000",
        "--token",
        "demo-token",
        "--secret",
        "s3cret",
    ]);
    let _emulating = Stopped::start(&mut emulate)?;
    std::thread::sleep(Duration::from_millis(300));
    anstream::println!(
        "{NOTE_STYLE}(two apps create their channels with POST /v1/channels: one is down for a few scaled hours, the other for good){NOTE_STYLE:#}"
    );
    for app in [&recovering, &broken] {
        create_channel(port, &app.url("/hooks"))?;
    }
    std::thread::sleep(Duration::from_secs(3));
    let mut channels = Command::new(hookcheck);
    channels.current_dir(workspace_root()).args([
        "emulate",
        "channels",
        "--emulator",
        &format!("http://127.0.0.1:{port}"),
    ]);
    let status = process::run_status(&mut channels)?;
    exit_status(&channels, status)
}

/// `POST /v1/channels` to the emulator on `port`, as an app makes it.
fn create_channel(port: u16, callback_url: &str) -> Result<()> {
    use std::io::{Read as _, Write as _};
    let body = format!("{{\"callback_url\":\"{callback_url}\"}}");
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))
        .with_context(|| format!("no emulator on port {port}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "POST /v1/channels HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\nauthorization: Bearer demo-token\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.1 200") {
        bail!(
            "the emulator refused the channel: {}",
            answer.lines().next().unwrap_or_default()
        );
    }
    Ok(())
}

/// A loopback port nothing listens on.
fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|free| free.local_addr())
        .context("no free port")?
        .port())
}

/// A child process, killed when dropped.
struct Stopped(std::process::Child);

impl Stopped {
    /// Shows `command` as run in the background, and starts it.
    fn start(command: &mut Command) -> Result<Stopped> {
        println!();
        anstream::println!(
            "{COMMAND}$ {} &{COMMAND:#}",
            process::display(command),
            COMMAND = process::COMMAND_STYLE
        );
        let child = command
            .spawn()
            .with_context(|| format!("cannot run `{}`", process::display(command)))?;
        Ok(Stopped(child))
    }
}

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
