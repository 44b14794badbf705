//! The typed model serialises to documents the schema accepts, and back to
//! the same model: what a later delivery check will send is what validation
//! accepts.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::Path;

use hookcheck_payload::{Notification, Options, Validator};

#[test]
fn every_fast_path_fixture_round_trips_through_the_model() {
    let validator = Validator::new(Options::default());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/payloads");
    let mut checked = 0;
    for folder in ["captured", "valid"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("fixture");
            let Ok(parsed) = serde_json::from_slice::<Notification<'_>>(&bytes) else {
                continue; // decided by the schema path; nothing typed to serialise
            };
            let written = serde_json::to_vec(&parsed).expect("the model serialises");
            let validation = validator.validate(&written);
            assert!(
                validation.fast_path,
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&written)
            );
            assert!(
                validation
                    .findings
                    .iter()
                    .all(|f| f.code.as_str() == "payload-unknown-type"),
                "{}",
                path.display()
            );
            let reparsed: Notification<'_> = serde_json::from_slice(&written).expect("reparses");
            assert_eq!(reparsed, parsed, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} fixtures round-tripped");
}
