//! `hookcheck emulate` as an app's test suite runs it: the binary on any
//! free port, channels made over its API, a change triggered by another
//! process, one line per attempt on standard output, the log and the
//! channels read back; and the one-line errors.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, ChildStdout, Command};
use std::time::Duration;

use hookcheck_testkit::{Answer, HookOptions, HookServer, Receiver};
use serde_json::Value;

mod support;

const TOKEN: &str = "cli-token";
const SECRET: &str = "cli-secret";

/// `emulate` running: the child, its base URL, its standard output.
struct Emulating {
    child: Child,
    base: String,
    port: u16,
    out: BufReader<ChildStdout>,
}

impl Drop for Emulating {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Emulating {
    /// The next line on standard output.
    fn line(&mut self) -> String {
        let mut line = String::new();
        self.out.read_line(&mut line).expect("a line");
        line
    }

    /// `hookcheck emulate ARGS --emulator <this one>`: its output, status
    /// and standard error.
    fn run(&self, args: &[&str]) -> (String, i32, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .arg("emulate")
            .args(args)
            .args(["--emulator", &self.base])
            .output()
            .expect("hookcheck runs");
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Creates a channel to `url` through the API; the answer's body.
    fn create(&self, url: &str) -> Value {
        let body = format!("{{\"callback_url\":\"{url}\"}}");
        let mut stream =
            std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("a connection");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        write!(
            stream,
            "POST /v1/channels HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\nauthorization: Bearer {TOKEN}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("a request");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        let (_, body) = answer.split_once("\r\n\r\n").expect("a body");
        serde_json::from_str(body).expect("JSON")
    }
}

/// Starts `hookcheck emulate --port 0` at `scale`, and reads its address
/// from the banner on standard error.
fn emulate(scale: &str) -> Emulating {
    let (mut child, banner) = support::start_server(
        Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .args(["emulate", "--port", "0", "--time-scale", scale])
            .args(["--token", TOKEN, "--secret", SECRET]),
    );
    let port = support::banner_port(&banner);
    Emulating {
        out: BufReader::new(child.stdout.take().expect("stdout")),
        base: format!("http://127.0.0.1:{port}"),
        child,
        port,
    }
}

#[test]
fn a_channel_is_verified_told_of_a_triggered_change_and_logged() {
    let profile = hookcheck_profile::find("cronofy").expect("the calendar API");
    let app = HookServer::start(HookOptions::http(Answer::Receiver(Receiver::careful(
        profile, SECRET,
    ))));
    let mut emulating = emulate("1");
    let created = emulating.create(&app.url("/hook"));
    let id = created["channel"]["channel_id"].as_str().expect("an id");

    let verified = emulating.line();
    assert!(
        verified.contains("verification #1") && verified.contains("delivered"),
        "{verified}"
    );
    let (out, status, err) = emulating.run(&["trigger", "change", "--summary", "Standup"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains(&format!("told {id} (#2)")), "{out}");
    let changed = emulating.line();
    assert!(
        changed.contains("change #2") && changed.contains("delivered"),
        "{changed}"
    );

    let (log, status, err) = emulating.run(&["log"]);
    assert_eq!(status, 0, "{err}");
    let log: Value = serde_json::from_str(&log).expect("JSON");
    let attempts = log["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2);
    assert!(attempts.iter().all(|a| a["outcome"] == "delivered"));
    assert!(attempts.iter().all(|a| a["latency_ms"].as_f64().is_some()));
}

#[test]
fn a_failing_endpoint_has_its_channel_closed_in_scaled_time() {
    let app = HookServer::start(HookOptions::http(Answer::status(503)));
    // Ten hours a second: the day of retries passes in 2.4 s.
    let mut emulating = emulate("36000");
    emulating.create(&app.url("/hook"));
    let closed = loop {
        let line = emulating.line();
        assert!(!line.is_empty(), "the emulator stopped");
        assert!(line.contains("answered 503"), "{line}");
        if line.contains("the channel is closed") {
            break line;
        }
    };
    assert!(closed.contains("slot 28"), "{closed}");
    let (channels, status, err) = emulating.run(&["channels"]);
    assert_eq!(status, 0, "{err}");
    let channels: Value = serde_json::from_str(&channels).expect("JSON");
    assert_eq!(channels["channels"][0]["status"], "closed");
    assert!(
        channels["channels"][0]["closed_reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("answered 503")),
        "{channels}"
    );
    let (out, status, _) = emulating.run(&["trigger", "profile_disconnected"]);
    assert_eq!(status, 0);
    assert!(out.contains("no open channel was told"), "{out}");
}

/// Runs `hookcheck ARGS`, which must fail as a tool, in one line naming
/// `cause`.
fn tool_error(args: &[&str], cause: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(args)
        .output()
        .expect("hookcheck runs");
    support::assert_tool_failure(&output, cause);
}

#[test]
fn what_the_emulator_cannot_do_is_a_one_line_error() {
    tool_error(
        &["emulate", "--provider", "github", "--port", "0"],
        "does not serve github's API",
    );
    let vacant = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a port");
    let emulator = format!("http://{vacant}");
    tool_error(
        &["emulate", "log", "--emulator", &emulator],
        "no emulator at",
    );
    tool_error(
        &["emulate", "trigger", "verification", "--delete"],
        "are for `trigger change`",
    );
}
