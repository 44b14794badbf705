//! The report schema and the report types agree: every finding code is in the
//! schema, and reports built from the types validate against it.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use hookcheck_core::{Code, Finding, PayloadSection, REPORT_SCHEMA, Report, SignatureCheck};
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(REPORT_SCHEMA).expect("the report schema is JSON")
}

#[test]
fn schema_lists_exactly_the_catalog_codes() {
    let schema = schema();
    let listed: Vec<&str> = schema["$defs"]["code"]["enum"]
        .as_array()
        .expect("$defs.code.enum is an array")
        .iter()
        .map(|v| v.as_str().expect("codes are strings"))
        .collect();
    let catalog: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        listed, catalog,
        "report.schema.json and the code catalog disagree"
    );
}

#[test]
fn reports_validate_against_the_schema() {
    let validator = jsonschema::draft202012::new(&schema()).expect("the report schema compiles");
    let mut report = Report::new(
        "fixtures/payloads/valid/change.json",
        Code::ALL
            .iter()
            .map(|&code| Finding::new(code, "observed").with_fact("pointer", "/channel"))
            .collect(),
    );
    report.line = Some(3);
    report.payload = Some(PayloadSection {
        bytes: 210,
        notification_type: Some("change".into()),
        signature: Some(SignatureCheck {
            values: 2,
            secrets: 1,
            matched_secret: None,
        }),
    });
    let json = serde_json::to_value(&report).expect("reports serialize");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["verdict"], "not-ready");
    assert_eq!(
        json["findings"][0]["severity"], "error",
        "errors come first"
    );

    let clean = serde_json::to_value(Report::new("-", Vec::new())).expect("reports serialize");
    assert!(validator.is_valid(&clean));
    assert_eq!(clean["verdict"], "ready");
}
