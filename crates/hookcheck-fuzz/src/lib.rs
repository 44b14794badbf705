//! Fuzz targets: one plain function over bytes for each parser that takes
//! bytes from outside, asserting the invariants that parser must keep
//! (beyond "no panic": the tool's own errors are one line, what is
//! accepted is bounded, two paths that must agree do). A violated invariant panics, which is
//! what the fuzzer counts as a crash.
//!
//! The same functions serve twice: the thin binaries under `fuzz/` hand
//! them the fuzzer's inputs (`cargo xtask fuzz`), and this crate's tests
//! replay every checked-in seed (`corpus/TARGET/`) and every input that
//! once failed (`regressions/TARGET/`) through them, so the default tier
//! needs nothing but Rust.

pub mod answer;
pub mod chain;
pub mod config;
pub mod hello;
pub mod ndjson;
pub mod payload;
pub mod pipeline;
pub mod url_list;

use std::sync::LazyLock;

use hookcheck_core::{Finding, REPORT_SCHEMA, Report};

/// A fuzz target: its name (the fuzzer binary's and its corpus folder's)
/// and its function.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The name, as `cargo xtask fuzz TARGET` takes it.
    pub name: &'static str,
    /// What it parses.
    pub about: &'static str,
    /// Runs one input, panicking when an invariant does not hold.
    pub run: fn(&[u8]),
}

/// Every target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "payload",
        about: "one notification document: fast path, schema fallback, --strict",
        run: payload::run,
    },
    Target {
        name: "ndjson",
        about: "the NDJSON line reader, against a line-by-line model",
        run: ndjson::run,
    },
    Target {
        name: "pipeline",
        about: "the NDJSON pipeline on worker threads, against the line reader and one validation a line",
        run: pipeline::run,
    },
    Target {
        name: "chain",
        about: "a PEM bundle or one DER certificate through the chain diagnosis",
        run: chain::run,
    },
    Target {
        name: "hello",
        about: "a server's first flight as the TLS probes read it",
        run: hello::run,
    },
    Target {
        name: "answer",
        about: "an HTTP endpoint's answer bytes through the delivery engine and verdict",
        run: answer::run,
    },
    Target {
        name: "config",
        about: "a hookcheck.toml",
        run: config::run,
    },
    Target {
        name: "url_list",
        about: "a scan --urls list, line by line, to targets or url-invalid reports",
        run: url_list::run,
    },
];

/// The target named `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|target| target.name == name)
}

/// Panics unless `text` is one line. Only the tool's own words are held
/// to it (its errors): text quoted from the input (a field name, an
/// issuer's name, a server's header) keeps its characters in messages and
/// fixes, and every renderer escapes them at the output
/// (`hookcheck_report::human::visible`, the `JUnit`, Markdown and HTML
/// escapes), so a line break quoted from the input is no defect here.
fn assert_one_line(what: &str, text: &str) {
    assert!(!text.contains('\n'), "{what} is not one line: {text:?}");
}

/// Panics unless every finding says what is wrong and what to do.
fn assert_findings(findings: &[Finding]) {
    for finding in findings {
        assert!(
            !finding.message.is_empty() && !finding.fix.is_empty(),
            "a finding without a message or a fix: {finding:?}"
        );
    }
}

/// Panics unless the report's findings pass [`assert_findings`] and its JSON
/// is valid against the report's schema (the contract programs rely on).
fn assert_report(report: &Report) {
    static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
        let schema = serde_json::from_str(REPORT_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
        jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"))
    });
    assert_findings(&report.findings);
    let json = serde_json::to_value(report).unwrap_or_else(|e| panic!("{e}"));
    if let Some(error) = SCHEMA.iter_errors(&json).next() {
        panic!(
            "a report is not valid against its schema: {error} at {}",
            error.instance_path()
        );
    }
}
