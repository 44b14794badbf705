//! What the end-to-end tests share: run the real binary (with standard
//! input when needed) for one JSON report, check the report against its
//! schema, read its findings, and check a tool failure. Both tiers use it:
//! the default test binaries with `mod support;`, the interop tier
//! (`tests/interop/main.rs`) by path, so neither keeps a copy.
#![allow(dead_code, reason = "each test binary uses some of these helpers")]

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub(crate) mod tls;

/// Runs `hookcheck ARGS` (which must ask for `--format json`), checks that
/// it did not panic and that its one report matches the report schema.
pub(crate) fn run_json(args: &[&str]) -> (Output, Value) {
    run_json_in(Path::new("."), args)
}

/// [`run_json`] in the folder `dir`.
pub(crate) fn run_json_in(dir: &Path, args: &[&str]) -> (Output, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("hookcheck runs");
    let report = report(&output);
    (output, report)
}

/// The one JSON report `output` holds, checked against the report schema,
/// from a run that did not panic.
pub(crate) fn report(output: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("one JSON report ({e}): {stdout}\nstderr: {stderr}"));
    assert_schema_valid(&report);
    report
}

/// Runs `command` (the binary, set up as the caller wants) with `stdin`
/// on its standard input, and returns its output.
pub(crate) fn run_with_stdin(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcheck starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    // Feed stdin from its own thread: hookcheck writes reports while it
    // reads, and a large input would otherwise fill both pipes and deadlock.
    // The tool may stop reading early (a capped read), so a broken pipe
    // here is fine.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("hookcheck finishes");
    feeder.join().expect("the stdin feeder does not panic");
    output
}

/// Runs `command` with `feed` writing its standard input from a thread
/// (given the pipe and the process id; it may write until told the pipe is
/// broken), and returns the output with what `feed` returned. A process
/// still running after `limit` is killed and the test fails: an input the
/// tool reads forever makes the test fail, not hang.
pub(crate) fn run_bounded<T: Send + 'static>(
    command: &mut Command,
    limit: Duration,
    feed: impl FnOnce(ChildStdin, u32) -> T + Send + 'static,
) -> (Output, T) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcheck starts");
    let id = child.id();
    let stdin = child.stdin.take().expect("stdin is piped");
    let feeder = std::thread::spawn(move || feed(stdin, id));
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("hookcheck can be waited for") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hookcheck was still running after {limit:?}: it read its input forever");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let returned = feeder.join().expect("the stdin feeder does not panic");
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
    };
    (output, returned)
}

/// The peak resident memory of running process `id` in bytes, from
/// `/proc`; `None` once it has exited.
pub(crate) fn peak_memory(id: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{id}/status")).ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())?;
    Some(kib << 10)
}

/// The code blocks of README.md in `language` (```toml, ```yaml), the
/// examples tests hold the README to.
pub(crate) fn readme_blocks(language: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    readme
        .split(&format!("```{language}\n"))
        .skip(1)
        .filter_map(|rest| rest.split_once("```").map(|(block, _)| block.to_owned()))
        .collect()
}

/// Starts `command`, a server of hookcheck's on a port it picks, with its
/// standard output and error piped; the child, and the first line on
/// standard error (its banner).
pub(crate) fn start_server(command: &mut Command) -> (Child, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcheck runs");
    let mut banner = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut banner)
        .expect("a banner");
    (child, banner)
}

/// The port of the `…://127.0.0.1:PORT` a banner names.
pub(crate) fn banner_port(banner: &str) -> u16 {
    banner
        .split("://127.0.0.1:")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no address in {banner:?}"))
}

/// Asserts the tool failed cleanly: status 2, one line on stderr naming
/// `cause` (so no panic), nothing on stdout.
pub(crate) fn assert_tool_failure(output: &Output, cause: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("hookcheck: error: ") && stderr.contains(cause),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no report on a tool failure");
}

/// Runs `hookcheck check URL --format FORMAT` (two deliveries and a burst
/// of two) with the fixture root trusted, and returns its output.
pub(crate) fn check_as(url: &str, format: &str) -> Output {
    let root = hookcheck_testkit::fixtures::root_pem();
    Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "check",
            url,
            "--format",
            format,
            "--count",
            "2",
            "--burst",
            "2",
            "--ca-file",
        ])
        .arg(&root)
        .output()
        .expect("hookcheck runs")
}

/// The findings as `severity code` strings.
pub(crate) fn findings(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let severity = f["severity"].as_str().expect("a severity");
            format!("{severity} {}", f["code"].as_str().expect("a code"))
        })
        .collect()
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

/// The message of the finding with `code`.
pub(crate) fn message<'r>(report: &'r Value, code: &str) -> &'r str {
    finding(report, code)["message"]
        .as_str()
        .expect("a message")
}

/// Asserts exactly these findings (`severity code`), and the verdict and
/// exit status they imply: not ready, 1, when any is an error.
pub(crate) fn assert_findings(output: &Output, report: &Value, expected: &[&str]) {
    let expected: BTreeSet<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(findings(report), expected, "{report:#}");
    let error = expected.iter().any(|f| f.starts_with("error "));
    assert_eq!(report["verdict"], if error { "not-ready" } else { "ready" });
    assert_eq!(output.status.code(), Some(i32::from(error)), "{report:#}");
}

/// Asserts that `report` matches the report schema.
pub(crate) fn assert_schema_valid(report: &Value) {
    let schema: Value =
        serde_json::from_str(hookcheck_core::REPORT_SCHEMA).expect("the report schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the report schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the report breaks its schema: {errors:?}\n{report:#}"
    );
}
