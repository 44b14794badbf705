//! What the end-to-end tests of the network commands share: run the real
//! binary for one JSON report, check the report against its schema, and
//! read its findings. Both tiers use it: the default test binaries with
//! `mod support;`, the interop tier (`tests/interop/main.rs`) by path, so
//! neither keeps a copy.
#![allow(dead_code, reason = "each test binary uses some of these helpers")]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

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
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("one JSON report ({e}): {stdout}\nstderr: {stderr}"));
    assert_schema_valid(&report);
    (output, report)
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
