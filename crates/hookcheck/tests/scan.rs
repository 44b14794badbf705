//! `hookcheck scan` end to end: a list mixing good endpoints, failing
//! ones, non-public addresses and garbage lines; one schema-valid JSON
//! report per URL, a summary on stderr, and the scan going on past every
//! bad line; each line shown as its check ends; a long list read line by
//! line; `--shard` cutting a list into parts that together cover it; two
//! thousand URLs over twenty endpoints, each reported once.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use hookcheck_testkit::{Answer, HookOptions, HookServer, fixtures};
use serde_json::Value;

mod support;

/// Runs `hookcheck scan --urls - --format json` with `list` on stdin; the
/// reports by target.
fn scan(list: &str, extra: &[&str]) -> (Output, BTreeMap<String, Value>) {
    let root = fixtures::root_pem();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["scan", "--urls", "-", "--format", "json", "--ca-file"])
        .arg(&root)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcheck runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(list.as_bytes()).expect("write the list");
    drop(stdin);
    let output = child.wait_with_output().expect("hookcheck ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let reports = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let report: Value = serde_json::from_str(line).expect("one JSON report a line");
            support::assert_schema_valid(&report);
            (
                report["target"].as_str().expect("a target").to_owned(),
                report,
            )
        })
        .collect();
    (output, reports)
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("a code"))
        .collect()
}

#[test]
fn non_public_targets_and_garbage_lines_each_get_their_own_failed_report() {
    let server = HookServer::start(HookOptions::http(Answer::ok()));
    let loopback = server.url("/hook");
    let list = format!(
        "# customers\n{loopback}\n\nnot a url\nftp://files.example.com/x\n\u{1}\u{2}\u{3}\n"
    );
    let (output, reports) = scan(&list, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(reports.len(), 4, "{reports:#?}");
    assert_eq!(codes(&reports[&loopback]), ["url-not-public"]);
    for garbage in ["not a url", "ftp://files.example.com/x", "\u{1}\u{2}\u{3}"] {
        assert_eq!(codes(&reports[garbage]), ["url-invalid"], "{garbage:?}");
    }
    assert!(
        server.served().is_empty(),
        "a refused target is never contacted"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("4 URLs checked: 0 ready, 4 not ready"),
        "{stderr}"
    );
}

#[test]
fn allowed_private_targets_are_checked_concurrently_good_and_bad() {
    let good = HookServer::start(HookOptions::https(fixtures::case("good"), Answer::ok()));
    let slow = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::delayed(200, Duration::from_millis(400)),
    ));
    let list = format!("{}\n{}\nhttps://\n", good.url("/hook"), slow.url("/hook"));
    let (output, reports) = scan(
        &list,
        &["--allow-private", "--budget", "300ms", "--concurrency", "3"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(reports.len(), 3);
    let good_report = &reports[&good.url("/hook")];
    assert_eq!(good_report["verdict"], "ready", "{good_report:#}");
    assert_eq!(
        good_report["delivery"]["attempts"], 3,
        "a light plan per URL"
    );
    assert!(good_report["tls"]["grade"].is_string());
    let slow_report = &reports[&slow.url("/hook")];
    assert!(
        codes(slow_report).contains(&"delivery-timeout"),
        "{slow_report:#}"
    );
    assert_eq!(codes(&reports["https://"]), ["url-invalid"]);
}

#[test]
fn the_human_format_shows_each_line_as_its_check_ends() {
    let fast = HookServer::start(HookOptions::https(fixtures::case("good"), Answer::ok()));
    let slow = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::delayed(200, Duration::from_secs(2)),
    ));
    let root = fixtures::root_pem();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["scan", "--urls", "-", "--allow-private", "--ca-file"])
        .arg(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hookcheck runs");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{}\n{}", slow.url("/hook"), fast.url("/hook")).expect("write the list");
    drop(stdin);
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).expect("read a line");
    // The slow endpoint's deliveries take two seconds each, one after the
    // other for the first: its check is still running.
    let running = child.try_wait().expect("poll hookcheck").is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.contains(&fast.url("/hook")), "{first:?}");
    assert!(running, "the first line came only at the end: {first:?}");
}

#[test]
fn a_long_list_is_scanned_line_by_line() {
    // 200,000 lines that are no URL (nothing is contacted), one line of
    // 100 KB among them, comments and blank lines.
    let mut list = String::from("# many\n\n");
    list.push_str(&"not a url\n".repeat(100_000));
    list.push_str(&"x".repeat(100_000));
    list.push('\n');
    list.push_str(&"not a url\n".repeat(100_000));
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scan-long-{}.txt", std::process::id()));
    std::fs::write(&path, list).expect("write the list");
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["scan", "--format", "json", "--urls"])
        .arg(&path)
        .output()
        .expect("hookcheck runs");
    let _ = std::fs::remove_file(&path);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 200_001);
    let long: Value = serde_json::from_str(
        stdout
            .lines()
            .find(|line| line.contains("\"target\":\"line 100003\""))
            .expect("the long line's report"),
    )
    .expect("JSON");
    assert_eq!(codes(&long), ["url-invalid"]);
    assert!(
        long["findings"][0]["message"]
            .as_str()
            .is_some_and(|message| message.contains("100000 bytes")),
        "{long:#}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("200001 URLs checked: 0 ready, 200001 not ready"),
        "{stderr}"
    );
}

#[test]
fn a_scan_past_the_open_file_limit_stops_with_the_tools_failure() {
    let server = HookServer::start(HookOptions::http(Answer::delayed(
        200,
        Duration::from_millis(200),
    )));
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scan-limit-{}.txt", std::process::id()));
    std::fs::write(&path, format!("{}\n", server.url("/hook")).repeat(40)).expect("write");
    // Twenty descriptors, forty checks at once: some cannot connect, and
    // that is no finding about the URL.
    let output = Command::new("sh")
        .args(["-c", "ulimit -n 20 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["scan", "--allow-private", "--concurrency", "40", "--urls"])
        .arg(&path)
        .output()
        .expect("sh runs");
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("ran out of a local resource") && stderr.contains("ulimit -n"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("url-invalid"), "{stdout}");
}

#[test]
fn three_shards_together_scan_every_line_exactly_once() {
    // Lines that are no URL, refused loopback URLs (nothing is contacted)
    // and a line too long to keep, all distinct.
    let server = HookServer::start(HookOptions::http(Answer::ok()));
    let mut lines: Vec<String> = (0..30).map(|n| format!("not a url {n}")).collect();
    lines.extend((0..30).map(|n| server.url(&format!("/hook/{n}"))));
    let list = format!(
        "# customers\n\n{}\n{}\n",
        lines.join("\n"),
        "x".repeat(10_000)
    );
    lines.push("line 63".to_owned());
    let mut seen = BTreeMap::<String, u32>::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (output, reports) = scan(&list, &["--shard", &shard]);
        assert_eq!(output.status.code(), Some(1));
        assert!(!reports.is_empty(), "shard {shard} is empty");
        for (target, report) in &reports {
            let code = if target.starts_with("http") {
                "url-not-public"
            } else {
                "url-invalid"
            };
            assert_eq!(codes(report), [code], "{target}");
            *seen.entry(target.clone()).or_default() += 1;
        }
        let lines_out = String::from_utf8_lossy(&output.stdout).lines().count();
        assert_eq!(lines_out, reports.len(), "shard {shard}: a target twice");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let n = reports.len();
        assert!(
            stderr.contains(&format!("shard {shard}: {n} URLs checked")),
            "{stderr}"
        );
    }
    let expected: BTreeMap<String, u32> = lines.into_iter().map(|line| (line, 1)).collect();
    assert_eq!(seen, expected);
    assert!(
        server.served().is_empty(),
        "a refused target is never contacted"
    );
}

#[test]
fn two_thousand_urls_over_twenty_endpoints_are_each_reported_once_whole_or_in_shards() {
    // Plain http, so each check is its three deliveries (the TLS part
    // stops at `tls-not-https` without connecting); each endpoint is named
    // by a hundred URLs that differ in path and query.
    let servers: Vec<HookServer> = (0..20)
        .map(|_| HookServer::start(HookOptions::http(Answer::ok())))
        .collect();
    let urls: Vec<String> = (0..2_000)
        .map(|n| servers[n % servers.len()].url(&format!("/hook/{n}?customer=c{n}")))
        .collect();
    let list = urls.join("\n") + "\n";
    let (output, whole) = scan(&list, &["--allow-private", "--concurrency", "64"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(lines, whole.len(), "a target reported twice");
    for report in whole.values() {
        // Timing warnings (a cold start on a loaded machine) may come
        // too; no error but the scheme's, and every delivery made.
        let errors: Vec<&str> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["severity"] == "error")
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert_eq!(errors, ["tls-not-https"], "{report:#}");
        assert_eq!(report["delivery"]["succeeded"], 3, "{report:#}");
    }
    let listed: BTreeSet<&String> = urls.iter().collect();
    assert_eq!(whole.keys().collect::<BTreeSet<_>>(), listed);
    // The endpoints' own record: every URL's three deliveries, from one
    // check each.
    let mut requests = BTreeMap::<String, u32>::new();
    for served in servers.iter().flat_map(HookServer::served) {
        *requests.entry(served.path).or_default() += 1;
    }
    assert_eq!(requests.len(), urls.len());
    assert!(requests.values().all(|&n| n == 3), "{requests:?}");

    // The same list in three shards, each URL refused as loopback (so
    // nothing is contacted again): which part a URL falls in is all that
    // is asked here.
    let mut parts = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (output, reports) = scan(&list, &["--concurrency", "64", "--shard", &shard]);
        assert_eq!(output.status.code(), Some(1));
        let lines = String::from_utf8_lossy(&output.stdout).lines().count();
        assert_eq!(lines, reports.len(), "shard {shard}: a target twice");
        assert!(
            reports
                .values()
                .all(|report| codes(report) == ["url-not-public"])
        );
        parts.push(reports.into_keys().collect::<BTreeSet<String>>());
    }
    for (i, a) in parts.iter().enumerate() {
        assert!(a.len() > 500, "shard {} holds {} of 2000", i + 1, a.len());
        for b in &parts[i + 1..] {
            assert!(a.is_disjoint(b), "two shards share a URL");
        }
    }
    let covered: BTreeSet<&String> = parts.iter().flatten().collect();
    assert_eq!(covered, listed);
}

#[test]
fn a_shard_outside_one_to_n_is_a_usage_error() {
    for bad in ["0/3", "4/3", "1/0", "two/3", "3"] {
        let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .args(["scan", "--urls", "-", "--shard", bad])
            .stdin(Stdio::null())
            .output()
            .expect("hookcheck runs");
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("error: invalid value") && first.contains("K/N"),
            "{bad}: {stderr}"
        );
    }
}
