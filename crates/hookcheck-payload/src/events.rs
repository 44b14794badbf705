//! The deliveries of a sender other than the calendar API, against the JSON
//! Schemas its profile gives each of its event types: a document is valid
//! when one of them accepts it, and otherwise gets the violations of the
//! schema it comes closest to (the fewest of them), worded from that
//! schema's descriptions as the calendar API's are.

use hookcheck_core::Finding;
use hookcheck_profile::{EventType, Events};
use serde_json::Value;

use crate::json_error::invalid_json;
use crate::validate::{Validation, schema_violations};

/// A sender's event schemas, compiled once.
pub struct EventValidator {
    types: Vec<(&'static str, Value, jsonschema::Validator)>,
    /// A sender whose event is named in a header sends no body at all.
    bodiless: bool,
}

impl EventValidator {
    /// The validator of `events`, or `None` for the calendar API's, which
    /// [`crate::Validator`] checks on its fast typed path.
    pub fn new(events: &Events) -> Option<EventValidator> {
        let types: &[EventType] = match events {
            Events::Calendar => return None,
            Events::Documents(types) => types,
            Events::Header { .. } => {
                return Some(EventValidator {
                    types: Vec::new(),
                    bodiless: true,
                });
            }
        };
        let types = types
            .iter()
            .filter_map(|kind| {
                // The profiles' schemas are tested to compile.
                let schema: Value = serde_json::from_str(kind.schema).ok()?;
                let validator = jsonschema::draft202012::new(&schema).ok()?;
                Some((kind.name, schema, validator))
            })
            .collect();
        Some(EventValidator {
            types,
            bodiless: false,
        })
    }

    /// What the document `bytes` is: the event type whose schema accepts
    /// it, or the findings of the closest.
    pub fn validate(&self, bytes: &[u8]) -> Validation {
        if self.bodiless {
            return Validation {
                findings: Vec::new(),
                notification_type: None,
                fast_path: false,
            };
        }
        let doc: Value = match serde_json::from_slice(bytes) {
            Ok(doc) => doc,
            Err(error) => {
                return Validation {
                    findings: vec![invalid_json(bytes, &error)],
                    notification_type: None,
                    fast_path: false,
                };
            }
        };
        let mut closest: Option<(&'static str, Vec<Finding>)> = None;
        for (name, schema, validator) in &self.types {
            let findings = schema_violations(validator.iter_errors(&doc), schema);
            if findings.is_empty() {
                return Validation {
                    findings,
                    notification_type: Some((*name).to_owned()),
                    fast_path: false,
                };
            }
            if closest
                .as_ref()
                .is_none_or(|(_, best)| findings.len() < best.len())
            {
                closest = Some((name, findings));
            }
        }
        let (_, findings) = closest.unwrap_or_default();
        Validation {
            findings,
            notification_type: None,
            fast_path: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookcheck_core::Code;
    use hookcheck_profile::find;

    fn validator(name: &str) -> EventValidator {
        EventValidator::new(&find(name).unwrap().events).unwrap()
    }

    #[test]
    fn a_senders_documents_are_checked_against_its_own_schemas() {
        let github = validator("github");
        let ping = br#"{"zen":"Design for failure.","hook_id":1,"hook":{"type":"Repository","id":1,"active":true,"events":["push"],"config":{}}}"#;
        let valid = github.validate(ping);
        assert!(valid.findings.is_empty(), "{:?}", valid.findings);
        assert_eq!(valid.notification_type.as_deref(), Some("ping"));
        // A ping without its hook: the violations of the closest schema,
        // worded from its descriptions.
        let invalid = github.validate(br#"{"zen":"x","hook_id":1}"#);
        assert!(!invalid.findings.is_empty());
        assert!(
            invalid
                .findings
                .iter()
                .all(|f| f.code == Code::PayloadSchemaViolation)
        );
        assert!(
            invalid.findings[0].message.contains("`hook`"),
            "{:?}",
            invalid.findings
        );
        let broken = github.validate(b"{");
        assert_eq!(broken.findings[0].code, Code::PayloadInvalidJson);
        // The calendar API's documents are the typed validator's.
        assert!(EventValidator::new(&find("cronofy").unwrap().events).is_none());
    }
}
