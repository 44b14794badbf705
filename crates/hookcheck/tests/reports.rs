//! `--report FORMAT=PATH` and `[reports]`: every format from one run,
//! each file what the single-format run prints, written whole or not at
//! all.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hookcheck_testkit::{Answer, HookOptions, HookServer, fixtures};

mod support;

const FORMATS: [&str; 5] = ["human", "json", "junit", "markdown", "html"];

fn hookcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("hookcheck runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("reports-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What is left in `dir` besides the reports: nothing half-written.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("the folder")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".hookcheck-report-"))
        .collect()
}

#[test]
fn every_report_of_one_run_is_what_the_single_format_run_prints() {
    // A certificate bundle judged at a fixed instant: the same report on
    // every run, so that runs can be compared byte for byte.
    let dir = temp_dir("chain");
    let bundle = fixtures::dir().join("cases/expires-soon/chain.pem");
    let root = fixtures::root_pem();
    let base = [
        "tls",
        "--chain",
        bundle.to_str().expect("UTF-8"),
        "--host",
        "localhost",
        "--at",
        "2026-06-01T00:00:00Z",
        "--ca-file",
        root.to_str().expect("UTF-8"),
    ];
    let targets: Vec<String> = FORMATS
        .iter()
        .map(|format| format!("{format}=out/report.{format}"))
        .collect();
    let mut args = base.to_vec();
    for target in &targets {
        args.extend(["--report", target]);
    }
    args.extend(["--format", "json"]);
    let all = hookcheck(&dir, &args);
    assert_eq!(all.status.code(), Some(0), "{all:?}");
    for format in FORMATS {
        let mut single = base.to_vec();
        single.extend(["--format", format]);
        let single = hookcheck(&dir, &single);
        let written = read(&dir.join(format!("out/report.{format}")));
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&single.stdout),
            "{format}"
        );
    }
    // Standard output keeps --format.
    assert_eq!(all.stdout, read(&dir.join("out/report.json")));
    assert!(leftovers(&dir.join("out")).is_empty());
}

#[test]
fn one_check_run_writes_all_four_ci_reports() {
    let server = HookServer::start(HookOptions::https(fixtures::case("good"), Answer::ok()));
    let dir = temp_dir("check");
    let root = fixtures::root_pem();
    let url = server.url("/hook");
    // Two deliveries, the fixture root trusted, and `more`.
    let check = |more: &[&str]| {
        let mut args = vec!["check", &url, "--count", "2", "--burst", "0", "--ca-file"];
        args.push(root.to_str().expect("UTF-8"));
        args.extend_from_slice(more);
        hookcheck(&dir, &args)
    };
    let run = check(&[
        "--report",
        "junit=reports/hookcheck.xml",
        "--report",
        "html=reports/hookcheck.html",
        "--report",
        "markdown=reports/hookcheck.md",
        "--report",
        "json=-",
        "--format",
        "human",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // `json=-` put the JSON on standard output instead of --format.
    let report = support::report(&run);
    let deliveries = report["delivery"]["succeeded"].as_u64();
    assert!(deliveries.is_some_and(|n| n >= 2), "{report}");
    let junit = String::from_utf8(read(&dir.join("reports/hookcheck.xml"))).expect("UTF-8");
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(junit.contains(&url), "one run's report names its URL");
    let html = String::from_utf8(read(&dir.join("reports/hookcheck.html"))).expect("UTF-8");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    let markdown = String::from_utf8(read(&dir.join("reports/hookcheck.md"))).expect("UTF-8");
    assert!(markdown.contains(&url), "{markdown}");
    // The same run: the verdict in each is the JSON's.
    let verdict = report["verdict"].as_str().expect("a verdict");
    assert!(html.contains(verdict) && markdown.contains(verdict));

    // A check measures anew on every run, so a file is compared with
    // standard output of the same run: byte for byte what the
    // single-format run prints.
    for format in ["junit", "markdown", "html", "human"] {
        let target = format!("{format}=same.{format}");
        let run = check(&["--format", format, "--report", &target]);
        assert_eq!(run.status.code(), Some(0), "{run:?}");
        let written = read(&dir.join(format!("same.{format}")));
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&run.stdout),
            "{format}"
        );
    }
}

#[test]
fn a_report_that_cannot_be_written_fails_whole_and_leaves_nothing() {
    let dir = temp_dir("unwritable");
    let bundle = fixtures::dir().join("cases/good/chain.pem");
    // The path is a folder: the report cannot go there.
    std::fs::create_dir_all(dir.join("taken.json")).expect("a folder");
    std::fs::write(dir.join("kept.html"), "the last run's").expect("a file");
    let run = hookcheck(
        &dir,
        &[
            "tls",
            "--chain",
            bundle.to_str().expect("UTF-8"),
            "--report",
            "json=taken.json",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot write the report `taken.json`"),
        "{stderr}"
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));

    for (args, expected) in [
        (&["--report", "pdf=x.pdf"][..], "`pdf` is not a format"),
        (&["--report", "junit"][..], "expected FORMAT=PATH"),
        (
            &["--report", "json=-", "--report", "html=-"][..],
            "only one report",
        ),
    ] {
        let mut all = vec!["tls", "--chain", bundle.to_str().expect("UTF-8")];
        all.extend_from_slice(args);
        let run = hookcheck(&dir, &all);
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
    assert_eq!(read(&dir.join("kept.html")), b"the last run's");
}

#[test]
fn hookcheck_toml_names_the_reports_and_options_win() {
    let server = HookServer::start(HookOptions::https(fixtures::case("good"), Answer::ok()));
    let dir = temp_dir("toml");
    let root = fixtures::root_pem();
    std::fs::write(
        dir.join("hookcheck.toml"),
        "count = 1\nburst = 0\n[reports]\njunit = \"ci/junit.xml\"\nmarkdown = \"ci/summary.md\"\n",
    )
    .expect("a configuration");
    let url = server.url("/hook");
    let ca = ["--ca-file", root.to_str().expect("UTF-8")];
    let mut args = vec!["check", &url, "--format", "json"];
    args.extend(ca);
    let run = hookcheck(&dir, &args);
    support::report(&run);
    assert!(read(&dir.join("ci/junit.xml")).starts_with(b"<?xml"));
    assert!(!read(&dir.join("ci/summary.md")).is_empty());

    args.extend(["--report", "html=page.html"]);
    let run = hookcheck(&dir, &args);
    support::report(&run);
    assert!(dir.join("page.html").is_file());
    std::fs::remove_file(dir.join("ci/junit.xml")).expect("removed");
    let run = hookcheck(&dir, &args);
    support::report(&run);
    assert!(
        !dir.join("ci/junit.xml").exists(),
        "--report replaces the file's [reports]"
    );
}

#[test]
fn scan_writes_json_lines_and_a_summary_file() {
    let server = HookServer::start(HookOptions::https(fixtures::case("good"), Answer::ok()));
    let dir = temp_dir("scan");
    let root = fixtures::root_pem();
    std::fs::write(
        dir.join("urls.txt"),
        format!("{}\nhtps//typo\n", server.url("/hook")),
    )
    .expect("a list");
    let ca = root.to_str().expect("UTF-8");
    let scan = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "--urls",
            "urls.txt",
            "--allow-private",
            "--ca-file",
            ca,
        ];
        args.extend_from_slice(extra);
        hookcheck(&dir, &args)
    };
    let run = scan(&[
        "--report",
        "json=out/lines.jsonl",
        "--report",
        "human=out/summary.txt",
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let lines = String::from_utf8(read(&dir.join("out/lines.jsonl"))).expect("UTF-8");
    assert_eq!(lines.lines().count(), 2, "{lines}");
    for line in lines.lines() {
        let report: serde_json::Value = serde_json::from_str(line).expect("JSON");
        support::assert_schema_valid(&report);
    }
    let summary = String::from_utf8(read(&dir.join("out/summary.txt"))).expect("UTF-8");
    assert!(summary.contains("2 URLs"), "{summary}");
    // The human file is standard output's human text, without colour.
    assert_eq!(summary.as_bytes(), run.stdout.as_slice());

    let refused = scan(&["--report", "junit=out/junit.xml"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("scan writes human and json"), "{stderr}");
}
