//! The test twin of `benches/validate.rs`: each measured function, run once
//! on each payload, says what the payload is.

use benches::{Baseline, Size, Variant, cases};
use hookcheck_core::Code;
use hookcheck_payload::{Options, Validator};

#[test]
fn every_measured_function_judges_every_payload_rightly() {
    let validator = Validator::new(Options::default());
    let baseline = Baseline::new();
    let cases = cases();
    assert_eq!(cases.len(), Size::ALL.len() * Variant::ALL.len());
    for case in &cases {
        let name = case.name();
        let expected = case.is_valid();
        assert_eq!(
            validator.is_valid(&case.bytes),
            expected,
            "is_valid on {name}"
        );
        assert_eq!(
            baseline.is_valid(&case.bytes),
            expected,
            "baseline on {name}"
        );
        let validation = validator.validate(&case.bytes);
        assert_eq!(
            benches::has_error(&validation),
            !expected,
            "validate on {name}"
        );
        if expected {
            assert!(
                validation.findings.is_empty(),
                "{name}: {:?}",
                validation.findings
            );
            // The valid payloads are what the fast path is for.
            assert!(validation.fast_path, "{name} left the fast path");
        } else {
            let pointer = match case.variant {
                Variant::BadDate => "/notification/changes_since",
                Variant::WrongChannelId => "/channel/channel_id",
                Variant::Valid => unreachable!(),
            };
            assert_eq!(
                validation.findings.len(),
                1,
                "{name}: {:?}",
                validation.findings
            );
            let finding = &validation.findings[0];
            assert_eq!(finding.code, Code::PayloadSchemaViolation, "{name}");
            assert_eq!(finding.facts["pointer"], pointer, "{name}");
        }
    }
}
