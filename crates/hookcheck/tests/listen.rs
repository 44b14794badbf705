//! `hookcheck listen` and `hookcheck history` as a developer runs them: the
//! binary in front of the test kit's receiver, a delivery sent by
//! `hookcheck deliver`, its line on standard output, then the history read
//! by another process.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command};
use std::time::Duration;

use hookcheck_testkit::{Answer, HookOptions, HookServer};

mod support;

fn history(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// `listen` running: the child, its address, and its standard output.
struct Listening {
    child: Child,
    port: u16,
    out: BufReader<ChildStdout>,
    banner: String,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `hookcheck listen --port 0 ARGS` and reads its address from the
/// banner on standard error.
fn listen(args: &[&str]) -> Listening {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookcheck"));
    command.args(["listen", "--port", "0"]).args(args);
    listen_as(command)
}

/// Starts `command`, a `listen` on any free port, and reads its address
/// from the banner on standard error.
fn listen_as(mut command: Command) -> Listening {
    let (mut child, banner) = support::start_server(&mut command);
    let port = support::banner_port(&banner);
    let out = BufReader::new(child.stdout.take().expect("stdout"));
    Listening {
        child,
        port,
        out,
        banner,
    }
}

/// One raw HTTP/1.1 POST, as any sender writes it; the status line back.
fn post(port: u16, path: &str, headers: &str, body: &[u8]) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("a connection");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n{headers}content-length: {}\r\n\r\n",
        body.len()
    )
    .expect("a request");
    stream.write_all(body).expect("a body");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn a_delivery_sent_by_deliver_is_shown_forwarded_and_kept() {
    let app = HookServer::start(HookOptions::http(Answer::ok()));
    let path = history("deliver");
    let path_arg = path.display().to_string();
    let app_url = app.url("/hooks");
    let mut listening = listen(&[
        "--forward",
        &app_url,
        "--secret",
        "s3cret",
        "--history",
        &path_arg,
    ]);
    let url = format!("http://127.0.0.1:{}/", listening.port);
    deliver_two(&url, &["--secret", "s3cret"]);
    assert_eq!(app.served().len(), 2, "every delivery reached the app");

    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut line = String::new();
        listening.out.read_line(&mut line).expect("a line");
        lines.push(line);
    }
    for line in &lines {
        assert!(line.contains("signature genuine (secret 1)"), "{line}");
        assert!(line.contains("payload valid"), "{line}");
        assert!(line.contains("→ 200 in"), "{line}");
        assert!(line.contains("(app)"), "{line}");
    }
    assert!(
        lines[0].starts_with("#1 ") && lines[0].contains("verification"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("#2 ") && lines[1].contains("change"),
        "{}",
        lines[1]
    );

    // Another process reads the history while `listen` runs.
    let history = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["history", "--history", &path_arg, "--format", "json"])
        .output()
        .expect("hookcheck history runs");
    assert_eq!(history.status.code(), Some(0));
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&history.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON record a line"))
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["notification_type"], "change");
    assert_eq!(records[1]["signature"]["state"], "genuine");
    assert_eq!(records[1]["answer"]["from"], "app");
}

/// Text from the wire reaches the terminal with its control characters
/// made visible, and a body over the limit is refused and shown.
#[test]
fn wire_text_is_made_visible_and_an_oversized_body_refused() {
    let path = history("visible");
    let path_arg = path.display().to_string();
    let mut listening = listen(&["--history", &path_arg, "--max-body", "300"]);
    let body = br#"{"notification":{"type":"\u001b[31mred"},"channel":{"channel_id":"chn_1","callback_url":"https://example.com/x","filters":{}}}"#;
    assert_eq!(post(listening.port, "/", "", body), "HTTP/1.1 200 OK");
    let mut line = String::new();
    listening.out.read_line(&mut line).expect("a line");
    assert!(!line.contains('\u{1b}'), "{line:?}");
    assert!(line.contains("\\u{1b}[31mred"), "{line:?}");

    let big = vec![b' '; 500];
    assert_eq!(
        post(listening.port, "/", "", &big),
        "HTTP/1.1 413 Payload Too Large"
    );
    let mut line = String::new();
    listening.out.read_line(&mut line).expect("a line");
    assert!(line.contains("→ 413"), "{line}");
}

/// Two deliveries to `url` with `hookcheck deliver` (and `options`), which
/// must find the endpoint ready.
fn deliver_two(url: &str, options: &[&str]) {
    let deliver = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["deliver", url, "--count", "2", "--format", "json"])
        .args(options)
        .output()
        .expect("hookcheck deliver runs");
    assert_eq!(
        deliver.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&deliver.stdout)
    );
}

/// Runs `hookcheck ARGS`, which must fail as a tool (exit 2) in one line;
/// the line.
fn tool_error(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(args)
        .output()
        .expect("hookcheck runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn history_without_a_history_is_a_one_line_error() {
    let path = history("none").display().to_string();
    let stderr = tool_error(&["history", "--history", &path]);
    assert!(stderr.contains("no history at"), "{stderr}");
}

/// A kept delivery sent again to the app it went to: as recorded, then
/// edited (by `$EDITOR`, here a `sed` that changes the body) and re-signed,
/// which the app's signature check accepts.
#[test]
fn replay_sends_a_kept_delivery_again_edited_and_re_signed() {
    let app = HookServer::start(HookOptions::http(Answer::ok()));
    let path = history("replay");
    let path_arg = path.display().to_string();
    let app_url = app.url("/hooks");
    let mut listening = listen(&["--forward", &app_url, "--history", &path_arg]);
    let body = hookcheck_testkit::fixtures::captured("change");
    assert_eq!(
        post(listening.port, "/cal?x=1", "", &body),
        "HTTP/1.1 200 OK"
    );
    let mut line = String::new();
    listening.out.read_line(&mut line).expect("a line");

    let replay = |extra: &[&str], editor: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hookcheck"));
        command
            .args(["replay", "1", "--history", &path_arg])
            .args(extra);
        if let Some(editor) = editor {
            command.env("EDITOR", editor).env_remove("VISUAL");
        }
        command.output().expect("hookcheck replay runs")
    };
    let again = replay(&[], None);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("replayed #1 to "));
    let edited = replay(
        &["--edit", "--secret", "s3cret"],
        Some("sed -i s/2026/2027/"),
    );
    assert_eq!(
        edited.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    assert!(String::from_utf8_lossy(&edited.stdout).contains("(re-signed)"));

    let served = app.served();
    assert_eq!(served.len(), 3);
    assert_eq!(served[1].body, body, "sent again as recorded");
    assert_eq!(served[1].path, "/hooks/cal?x=1");
    let expected = String::from_utf8_lossy(&body).replace("2026", "2027");
    assert_eq!(String::from_utf8_lossy(&served[2].body), expected);
    let scheme = hookcheck_profile::find("cronofy")
        .expect("the profile")
        .scheme;
    let signature = served[2].header("cronofy-hmac-sha256").expect("re-signed");
    let verdict = scheme.verify(
        &[("cronofy-hmac-sha256", signature)],
        &[b"s3cret"],
        &served[2].body,
        0,
        Duration::ZERO,
    );
    assert_eq!(
        verdict,
        hookcheck_profile::Verification::Genuine { secret: 1 }
    );
}

#[test]
fn replay_of_a_delivery_that_is_not_kept_is_a_one_line_error() {
    let path = history("replay-none");
    let path_arg = path.display().to_string();
    let listening = listen(&["--history", &path_arg]);
    drop(listening);
    let stderr = tool_error(&["replay", "7", "--history", &path_arg]);
    assert!(stderr.contains("holds no delivery 7"), "{stderr}");
}

/// Over HTTPS with the local certificate: the banner names the CA to
/// trust, and `hookcheck deliver`'s strict client, trusting it, delivers;
/// the CA is made once and kept.
#[test]
fn listen_over_https_with_its_local_certificate() {
    let app = HookServer::start(HookOptions::http(Answer::ok()));
    let path = history("https");
    let folder = path.parent().expect("a folder").join("cli-https");
    let _ = std::fs::remove_dir_all(&folder);
    let path_arg = folder.join("history.sqlite").display().to_string();
    let app_url = app.url("/");
    let listening = listen(&["--tls", "--forward", &app_url, "--history", &path_arg]);
    assert!(
        listening
            .banner
            .starts_with("hookcheck listen: https://127.0.0.1:"),
        "{}",
        listening.banner
    );
    let ca = folder.join("listen-ca.pem");
    assert!(
        listening
            .banner
            .contains(&format!("--ca-file {}", ca.display())),
        "{}",
        listening.banner
    );
    let url = format!("https://127.0.0.1:{}/", listening.port);
    let ca_arg = ca.display().to_string();
    deliver_two(&url, &["--ca-file", &ca_arg]);
    assert_eq!(app.served().len(), 2);
    drop(listening);
    let pem = std::fs::read(&ca).expect("the CA kept");
    let again = listen(&["--tls", "--history", &path_arg]);
    assert_eq!(
        std::fs::read(&ca).expect("the CA kept"),
        pem,
        "the same CA at the next start"
    );
    drop(again);
}

/// A flood from the test kit (32 kept connections, as fast as `listen`
/// answers, for 3 s) while nobody reads its output: every delivery
/// acknowledged is in the history, and memory stays bounded. (`cargo xtask bench-report` floods the release
/// build for 30 s.)
#[test]
fn a_flood_loses_no_acknowledged_delivery() {
    let path = history("flood");
    let path_arg = path.display().to_string();
    let listening = listen(&[
        "--history",
        &path_arg,
        "--keep",
        "1000000",
        "--format",
        "json",
    ]);
    // Standard output is never read here: a reader that falls behind must
    // not slow `listen` down, nor make it hold what it cannot show.
    let port = listening.port;
    let body = hookcheck_testkit::fixtures::captured("change");
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let headers = [("content-type".to_owned(), "application/json".to_owned())];
    let flooded = hookcheck_testkit::flood(addr, "/", &headers, &body, 32, Duration::from_secs(3));
    assert!(flooded.acknowledged > 100, "{flooded:?}");
    assert_eq!(flooded.failed, 0, "{flooded:?}");
    let peak = hookcheck_testkit::peak_rss_kib(listening.child.id());
    drop(listening);
    if let Some(peak) = peak {
        assert!(peak < 200 * 1024, "peak RSS {peak} KiB");
    }
    let history = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "history",
            "--history",
            &path_arg,
            "--limit",
            "10000000",
            "--format",
            "json",
        ])
        .output()
        .expect("hookcheck history runs");
    let kept = String::from_utf8_lossy(&history.stdout).lines().count() as u64;
    assert_eq!(kept, flooded.acknowledged, "{flooded:?}");
}

/// Out of file descriptors under a burst of connections (`ulimit -n 48`),
/// `listen` waits the failed accepts out rather than stopping, and serves
/// again once the connections are gone.
#[test]
fn listen_outlives_running_out_of_file_descriptors() {
    let path = history("descriptors");
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -n 48 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["listen", "--port", "0", "--history"])
        .arg(&path);
    let mut listening = listen_as(command);
    let port = listening.port;
    let held: Vec<std::net::TcpStream> = (0..100)
        .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    drop(held);
    std::thread::sleep(Duration::from_millis(500));
    let answered = post(port, "/", "", b"{}");
    let running = listening.child.try_wait().expect("a status").is_none();
    assert!(running, "listen stopped");
    assert_eq!(answered, "HTTP/1.1 200 OK");
}
