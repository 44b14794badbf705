//! Every payload fixture through the validator: the verdict its folder
//! promises, and a snapshot of its findings so every message is reviewed.
//!
//! `fixtures/payloads/captured` and `valid` must have no `error` finding;
//! `invalid` must have at least one. Snapshots live in `tests/snapshots`.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::Path;

use hookcheck_core::Severity;
use hookcheck_payload::{Options, Validation, Validator};

/// Cases the fast path declines on purpose, leaving them to the schema.
const SCHEMA_PATH_ONLY: &[&str] = &["ipv6-literal-callback-url.json"];

fn validate(validator: &Validator, path: &Path) -> Validation {
    let bytes = std::fs::read(path).expect("fixture is readable");
    validator.validate(&bytes)
}

fn folder(path: &Path) -> &str {
    path.parent()
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .expect("fixture folder")
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .expect("fixture name")
}

#[test]
fn every_fixture_has_the_verdict_of_its_folder() {
    let validator = Validator::new(Options::default());
    insta::glob!("../../../fixtures/payloads", "*/*.json", |path| {
        let validation = validate(&validator, path);
        let has_error = validation
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error);
        match folder(path) {
            "captured" | "valid" => {
                assert!(!has_error, "{}: {:#?}", path.display(), validation.findings);
                let fast = !SCHEMA_PATH_ONLY.contains(&file_name(path));
                assert_eq!(validation.fast_path, fast, "{}: fast path", path.display());
            }
            "invalid" => {
                assert!(has_error, "{} should be invalid", path.display());
                assert!(
                    !validation.fast_path,
                    "{}: the fast path accepted it",
                    path.display()
                );
            }
            other => panic!("unexpected fixture folder {other}"),
        }
        insta::assert_yaml_snapshot!(validation.findings);
    });
}

#[test]
fn strict_mode_reports_each_unknown_field() {
    let validator = Validator::new(Options {
        strict: true,
        ..Options::default()
    });
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/payloads");
    let validation = validate(&validator, &root.join("valid/extra-fields.json"));
    let pointers: Vec<&str> = validation
        .findings
        .iter()
        .map(|f| f.facts["pointer"].as_str().expect("pointer"))
        .collect();
    assert_eq!(
        pointers,
        [
            "/delivered_at",
            "/notification/sequence",
            "/channel/private_data",
            "/channel/filters/include_deleted"
        ]
    );
    insta::assert_yaml_snapshot!(validation.findings);

    // Real deliveries carry nothing unknown, even when strict.
    for capture in std::fs::read_dir(root.join("captured")).expect("captured fixtures") {
        let path = capture.expect("entry").path();
        assert_eq!(
            validate(&validator, &path).findings,
            [],
            "{}",
            path.display()
        );
    }
}
