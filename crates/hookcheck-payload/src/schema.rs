//! The notification's JSON Schema (draft 2020-12): the one source of truth
//! for what a valid notification is. The fast path in `parse.rs` is checked
//! against it by tests; `hookcheck schema` prints it.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde_json::{Value, json};

use crate::NotificationType;

/// The schema of every notification, as checked in.
pub const NOTIFICATION_SCHEMA: &str = include_str!("../schemas/notification.schema.json");

/// The parsed schema. It is embedded in the binary and checked by tests, so
/// failing to parse it is a build defect, not a runtime condition.
pub(crate) static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
    #[allow(
        clippy::expect_used,
        reason = "the embedded schema is valid JSON; tests prove it"
    )]
    serde_json::from_str(NOTIFICATION_SCHEMA).expect("the embedded schema is valid JSON")
});

/// The schema for all notifications (`None`) or for one known type alone.
///
/// A type's schema is the full schema with the notification narrowed to that
/// type: the other types' definitions are dropped, so it reads on its own.
pub fn schema_for(kind: Option<&NotificationType<'_>>) -> Value {
    let mut schema = SCHEMA.clone();
    let Some(kind) = kind.filter(|kind| kind.is_known()) else {
        return schema;
    };
    let name = kind.as_str();
    schema["title"] = json!(format!("Push notification of type `{name}`"));
    schema["properties"]["notification"] = json!({
        "allOf": [{ "$ref": "#/$defs/notification" }, { "$ref": format!("#/$defs/{name}") }]
    });
    if let Some(defs) = schema["$defs"].as_object_mut() {
        defs.retain(|def, _| {
            !def.starts_with("is_")
                && NotificationType::KNOWN
                    .iter()
                    .all(|other| other.as_str() != def || def == name)
        });
        if let Some(notification) = defs.get_mut("notification").and_then(Value::as_object_mut) {
            notification.remove("allOf");
        }
    }
    schema
}

/// The fields the schema describes, per object, for `--strict`.
#[derive(Debug)]
pub(crate) struct KnownFields {
    pub(crate) root: BTreeSet<String>,
    /// The fields every notification may carry.
    pub(crate) notification: BTreeSet<String>,
    pub(crate) channel: BTreeSet<String>,
    pub(crate) filters: BTreeSet<String>,
}

impl KnownFields {
    /// The known fields of a known type's notification object.
    pub(crate) fn of_notification(&self, kind: &NotificationType<'_>) -> BTreeSet<String> {
        let mut fields = self.notification.clone();
        fields.extend(properties(&SCHEMA["$defs"][kind.as_str()]));
        fields
    }
}

pub(crate) static KNOWN_FIELDS: LazyLock<KnownFields> = LazyLock::new(|| KnownFields {
    root: properties(&SCHEMA),
    notification: properties(&SCHEMA["$defs"]["notification"]),
    channel: properties(&SCHEMA["$defs"]["channel"]),
    filters: properties(&SCHEMA["$defs"]["filters"]),
});

fn properties(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_type_has_a_definition() {
        for kind in NotificationType::KNOWN {
            let def = &SCHEMA["$defs"][kind.as_str()];
            assert_eq!(def["properties"]["type"]["const"], kind.as_str(), "{kind}");
        }
    }

    #[test]
    fn a_type_schema_keeps_only_its_own_definition() {
        let change = schema_for(Some(&NotificationType::Change));
        let defs = change["$defs"].as_object().unwrap();
        assert!(defs.contains_key("change"));
        assert!(!defs.contains_key("verification"));
        assert!(!defs.keys().any(|def| def.starts_with("is_")));
        assert!(defs["notification"].get("allOf").is_none());
        jsonschema::draft202012::new(&change).expect("the narrowed schema compiles");
    }

    #[test]
    fn known_fields_come_from_the_schema() {
        let known = &*KNOWN_FIELDS;
        assert_eq!(
            known.root,
            ["channel", "notification"].map(String::from).into()
        );
        assert_eq!(
            known.of_notification(&NotificationType::Change),
            ["changes_since", "type"].map(String::from).into()
        );
        assert!(known.channel.contains("callback_url"));
        assert!(known.filters.contains("calendar_ids"));
    }
}
