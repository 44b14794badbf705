//! A reader that goes away (`hookcheck … | head -n1`): the command stops at
//! the first write that fails, promptly, with a status that claims no
//! verdict (2), and `scan` contacts no further endpoint; nor does `scan`
//! read on while no report is due.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use hookcheck_testkit::{Answer, HookOptions, HookServer, fixtures};

/// How long a command may take to notice its reader left; a regression
/// fails the test here instead of hanging it.
const PROMPTLY: Duration = Duration::from_secs(10);

/// Starts `hookcheck args` with standard output piped.
fn spawn(args: &[&str], stdin: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcheck runs")
}

/// Reads the first line of the child's output, then closes the pipe.
fn read_one_line_and_leave(child: &mut Child) -> String {
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("read a line");
    assert!(!first.is_empty(), "one line before the pipe closes");
    first
}

/// Waits at most [`PROMPTLY`] for the child; kills it and fails otherwise.
fn ends_promptly(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + PROMPTLY;
    loop {
        if let Some(status) = child.try_wait().expect("wait for hookcheck") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hookcheck went on for {PROMPTLY:?} after its reader left");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("read stderr");
    stderr
}

fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pipe-{}-{name}", std::process::id()))
}

#[test]
fn validate_ndjson_stops_at_a_closed_pipe_without_claiming_ready() {
    // Far more reports than the pipe and the output buffer hold, every one
    // of them not ready.
    let path = scratch("lines.ndjson");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    for _ in 0..100_000 {
        file.write_all(b"{}\n").expect("write");
    }
    file.flush().expect("flush");
    drop(file);
    let mut child = spawn(
        &[
            "validate",
            "--ndjson",
            "--format",
            "json",
            path.to_str().expect("a UTF-8 path"),
        ],
        Stdio::null(),
    );
    let first = read_one_line_and_leave(&mut child);
    assert!(first.contains("\"not-ready\""), "{first}");
    let status = ends_promptly(&mut child);
    let stderr = stderr_of(&mut child);
    let _ = std::fs::remove_file(&path);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("standard output was closed"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn scan_stops_contacting_endpoints_once_its_reader_left() {
    let server = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::delayed(200, Duration::from_millis(50)),
    ));
    let url = server.url("/hook");
    // Three hundred checks of three deliveries each: about a minute of
    // work at two at a time, were the scan to go on.
    let path = scratch("urls.txt");
    std::fs::write(&path, format!("{url}\n").repeat(300)).expect("write the list");
    let root = fixtures::root_pem();
    let mut child = spawn(
        &[
            "scan",
            "--urls",
            path.to_str().expect("a UTF-8 path"),
            "--format",
            "json",
            "--allow-private",
            "--concurrency",
            "2",
            "--ca-file",
            root.to_str().expect("a UTF-8 path"),
        ],
        Stdio::null(),
    );
    read_one_line_and_leave(&mut child);
    let at_close = server.served().len();
    let connections_at_close = server.connections();
    let status = ends_promptly(&mut child);
    let stderr = stderr_of(&mut child);
    let _ = std::fs::remove_file(&path);
    assert_eq!(status.code(), Some(2), "{stderr}");
    // What was in flight may finish (two checks, three deliveries each, and
    // the one whose line could not be written); nothing new starts.
    let after = server.served().len() - at_close;
    assert!(after <= 9, "{after} deliveries after the reader left");
    // Each check opens a few dozen connections (TLS probes, deliveries);
    // the whole list would have opened thousands.
    let connections = server.connections() - connections_at_close;
    assert!(
        connections <= 3 * 40,
        "{connections} connections after the reader left"
    );
}

#[test]
fn scan_stops_reading_its_list_once_its_reader_left_though_no_report_is_due() {
    // One line, then a line that never ends: no report is due after the
    // first, so no write can fail; the scan must see the reader go anyway.
    let mut child = spawn(&["scan", "--urls", "-", "--format", "json"], Stdio::piped());
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = thread::spawn(move || {
        let mut written = 0_u64;
        let chunk = vec![b'x'; 1 << 16];
        if stdin.write_all(b"not a url\n").is_err() {
            return written;
        }
        // Until hookcheck is gone and the pipe breaks.
        while stdin.write_all(&chunk).is_ok() {
            written += chunk.len() as u64;
        }
        written
    });
    let first = read_one_line_and_leave(&mut child);
    assert!(first.contains("url-invalid"), "{first}");
    let status = ends_promptly(&mut child);
    let stderr = stderr_of(&mut child);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("standard output was closed"), "{stderr}");
    // Nothing reads the list any more.
    let written = writer.join().expect("the writer ends");
    assert!(written > 0, "the long line was being read");
}
