//! Every payload fixture through the validator: the verdict its folder
//! promises, the path it takes, the finding `fixtures/payloads/README.md`
//! says it gets, and a snapshot of its findings so every message is reviewed.
//!
//! `captured/` and `valid/` must have no `error` finding; `invalid/` at least
//! one. Snapshots live in `tests/snapshots`; after adding a fixture, run
//! `INSTA_UPDATE=always cargo test -p hookcheck-payload --test fixtures` and
//! read the new `.snap` file.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hookcheck_core::{Code, Severity};
use hookcheck_payload::{Options, Validation, Validator};

/// Valid documents the fast path declines on purpose, leaving them to the
/// schema, and why. Every other file in `captured/` and `valid/` (escaped
/// strings and an unknown type included: both decode to plain values) must
/// be proven valid by the fast path alone, since that is what makes
/// validation cheap for real traffic.
const SCHEMA_PATH_ONLY: &[(&str, &str)] = &[(
    "valid/ipv6-literal-callback-url.json",
    "the fast URL check knows host names and IPv4 only; IP literals are left to the schema's uri format",
)];

fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/payloads");
    // Canonical, as the paths `insta::glob!` hands out are.
    root.canonicalize().expect("fixtures/payloads exists")
}

fn validate(validator: &Validator, path: &Path) -> Validation {
    let bytes = std::fs::read(path).expect("fixture is readable");
    validator.validate(&bytes)
}

/// `folder/file.json`, the name the tables here and in the README use.
fn case(path: &Path) -> String {
    let relative = path.strip_prefix(root()).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}

fn errors(validation: &Validation) -> Vec<(Code, String)> {
    validation
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let pointer = f.facts.get("pointer").and_then(|p| p.as_str());
            (f.code, pointer.unwrap_or_default().to_owned())
        })
        .collect()
}

/// The README's table of invalid cases: file name to the finding expected,
/// as (code, pointer). A row reads
/// ``| `file.json` | what is wrong | `code` at `/pointer` |``, with "at the
/// root" for the empty pointer and no pointer for `payload-invalid-json`.
fn readme_expectations() -> BTreeMap<String, (Code, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let (_, invalid) = readme
        .split_once("## `invalid/`")
        .expect("the README has an `invalid/` section");
    let mut expected = BTreeMap::new();
    for row in invalid.lines().filter(|line| line.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let [file, _what, finding] = cells[..] else {
            panic!("a row of three cells: {row}");
        };
        let quoted: Vec<&str> = finding.split('`').skip(1).step_by(2).collect();
        let code = quoted
            .first()
            .and_then(|name| Code::from_name(name))
            .unwrap_or_else(|| panic!("a finding code first: {row}"));
        let pointer = if finding.ends_with("at the root") {
            String::new()
        } else {
            quoted.get(1).map_or_else(String::new, |p| (*p).to_owned())
        };
        let name = file.trim_matches('`').to_owned();
        assert!(
            expected.insert(name, (code, pointer)).is_none(),
            "listed twice: {row}"
        );
    }
    expected
}

#[test]
fn every_fixture_has_the_verdict_of_its_folder() {
    let validator = Validator::new(Options::default());
    let readme = readme_expectations();
    let mut seen = Vec::new();
    insta::glob!("../../../fixtures/payloads", "*/*.json", |path| {
        let case = case(path);
        let validation = validate(&validator, path);
        let errors = errors(&validation);
        match case.split_once('/').map(|(folder, _)| folder) {
            Some("captured" | "valid") => {
                assert_eq!(errors, [], "{case}: {:#?}", validation.findings);
                let fast = !SCHEMA_PATH_ONLY.iter().any(|(name, _)| *name == case);
                assert_eq!(validation.fast_path, fast, "{case}: fast path");
                // Only an unknown type may warn (strict mode is tested below).
                for finding in &validation.findings {
                    assert_eq!(finding.code, Code::PayloadUnknownType, "{case}");
                }
            }
            Some("invalid") => {
                assert!(!errors.is_empty(), "{case} should be invalid");
                assert!(!validation.fast_path, "{case}: the fast path accepted it");
                let name = case.trim_start_matches("invalid/");
                let expected = readme
                    .get(name)
                    .unwrap_or_else(|| panic!("{case} is not in the README's table"));
                assert_eq!(
                    errors,
                    std::slice::from_ref(expected),
                    "{case}: as the README says"
                );
            }
            _ => panic!("unexpected fixture folder: {case}"),
        }
        seen.push(case);
        insta::assert_yaml_snapshot!(validation.findings);
    });

    for (name, why) in SCHEMA_PATH_ONLY {
        assert!(
            seen.iter().any(|case| case == name),
            "{name} ({why}) exists"
        );
    }
    for name in readme.keys() {
        let case = format!("invalid/{name}");
        assert!(
            seen.contains(&case),
            "the README lists {case}, which does not exist"
        );
    }
    let count = |folder: &str| seen.iter().filter(|c| c.starts_with(folder)).count();
    assert_eq!(count("captured/"), 5, "one real capture per known type");
    assert!(count("valid/") > 0 && count("invalid/") > 0, "{seen:#?}");
}

#[test]
fn captured_fixtures_are_the_compact_bodies_as_delivered() {
    // The content-length of each captured delivery (research notes §1.3): the
    // compact form is the one whose size matches.
    let expected = [
        ("verification", 184),
        ("change", 217),
        ("profile_disconnected", 192),
        ("profile_initial_sync_completed", 202),
        ("conferencing_profile_disconnected", 205),
    ];
    for (kind, length) in expected {
        let path = root().join(format!("captured/{kind}.json"));
        let bytes = std::fs::read(&path).expect("captured fixture");
        assert_eq!(bytes.len(), length, "{kind}: content-length");
        assert!(
            !bytes.iter().any(u8::is_ascii_whitespace),
            "{kind}: compact, no trailing newline"
        );
        assert!(bytes.starts_with(br#"{"notification":{"type":""#), "{kind}");
        let validation = Validator::new(Options::default()).validate(&bytes);
        assert_eq!(validation.notification_type.as_deref(), Some(kind));
    }
}

#[test]
fn strict_mode_reports_each_unknown_field() {
    let validator = Validator::new(Options {
        strict: true,
        ..Options::default()
    });
    let validation = validate(&validator, &root().join("valid/extra-fields.json"));
    assert!(
        !validation.fast_path,
        "strict mode always reads the whole tree"
    );
    let pointers: Vec<&str> = validation
        .findings
        .iter()
        .map(|f| {
            assert_eq!(
                (f.code, f.severity),
                (Code::PayloadUnknownField, Severity::Warning)
            );
            f.facts["pointer"].as_str().expect("pointer")
        })
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

    // Real deliveries carry nothing unknown but the undocumented (and so
    // schema-described, unconstrained) `scheduling_conversations`.
    for capture in std::fs::read_dir(root().join("captured")).expect("captured fixtures") {
        let path = capture.expect("entry").path();
        assert_eq!(validate(&validator, &path).findings, [], "{}", case(&path));
    }
}
