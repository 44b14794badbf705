//! One notification document, as `validate` reads a file: the fast typed
//! path, the schema fallback and `--strict` must agree on what is valid.

use std::sync::LazyLock;

use hookcheck_core::Severity;
use hookcheck_payload::{NOTIFICATION_SCHEMA, Options, Validation, Validator};
use serde_json::Value;

use crate::assert_findings;

static LENIENT: LazyLock<Validator> = LazyLock::new(|| Validator::new(Options::default()));

static STRICT: LazyLock<Validator> = LazyLock::new(|| {
    Validator::new(Options {
        strict: true,
        ..Options::default()
    })
});

/// The schema compiled here, independently of the validator: the oracle
/// the fast path is checked against.
static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema = serde_json::from_str(NOTIFICATION_SCHEMA).unwrap_or_else(|e| panic!("{e}"));
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Validates `data` as one document.
///
/// # Panics
///
/// When a finding is empty; when the fast path accepts a document
/// the JSON Schema rejects; when `is_valid` and `validate` disagree; or
/// when `--strict` changes the errors rather than only adding warnings.
pub fn run(data: &[u8]) {
    let lenient = LENIENT.validate(data);
    assert_findings(&lenient.findings);
    let valid = !has_errors(&lenient);
    if lenient.fast_path {
        assert!(valid, "the fast path decided, yet with errors: {lenient:?}");
        let schema_says =
            serde_json::from_slice::<Value>(data).is_ok_and(|doc| SCHEMA.is_valid(&doc));
        assert!(
            schema_says,
            "the fast path accepted a document the schema rejects"
        );
    }
    assert_eq!(
        LENIENT.is_valid(data),
        valid,
        "is_valid and validate disagree: {lenient:?}"
    );
    let strict = STRICT.validate(data);
    assert_findings(&strict.findings);
    assert_eq!(
        errors(&strict),
        errors(&lenient),
        "--strict changed the errors, not only the warnings"
    );
    assert_eq!(strict.notification_type, lenient.notification_type);
}

fn has_errors(validation: &Validation) -> bool {
    validation
        .findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
}

fn errors(validation: &Validation) -> Vec<(String, String)> {
    validation
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| (finding.code.to_string(), finding.message.clone()))
        .collect()
}
