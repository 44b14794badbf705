//! The fast path and the schema agree. Random mutations of real payloads
//! (fields removed, values of other types, characters changed in dates, ids
//! and URLs, fields added, duplicate keys) must never be accepted by the
//! fast path when the schema rejects them, and the validator's verdict must
//! always be the schema's.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::Path;
use std::sync::LazyLock;

use hookcheck_core::Severity;
use hookcheck_payload::{NOTIFICATION_SCHEMA, Notification, Options, Validator};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The straightforward reference: a `Value` tree and the `jsonschema` crate.
static REFERENCE: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(NOTIFICATION_SCHEMA).expect("schema is JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
});

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| Validator::new(Options::default()));

/// The captured and valid fixtures, the starting points of every mutation.
static BASES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/payloads");
    let mut bases = Vec::new();
    for folder in ["captured", "valid"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("fixture folder") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
            bases.push(serde_json::from_slice(&bytes).expect("valid fixtures are JSON"));
        }
    }
    bases
});

/// Characters that matter to dates, ids and URLs, and a few that never should.
const ALPHABET: &[char] = &[
    '0', '1', '2', '9', 'Z', 'z', 'T', 't', '-', ':', '.', '+', ' ', '/', '?', '#', '%', '@', '[',
    ']', '_', 'a', 'A', 'é', '\u{0}', '\n', '"', '\\',
];

const NAMES: &[&str] = &[
    "type",
    "changes_since",
    "channel_id",
    "callback_url",
    "filters",
    "notification",
    "channel",
    "calendar_ids",
    "only_managed",
    "extra",
];

fn replacement(pick: u32) -> Value {
    let values = [
        Value::Null,
        json!(true),
        json!(0),
        json!(1.5),
        json!(""),
        json!("change"),
        json!("verification"),
        json!("gdpr_requested"),
        json!("2025-01-21T09:24:16Z"),
        json!("2024-02-29T23:59:60Z"),
        json!("2025-01-21T09:24:60Z"),
        json!("2025-02-29T00:00:00Z"),
        json!("2025-04-31T00:00:00.5Z"),
        json!("chn_1"),
        json!("https://example.com/x"),
        json!("https://[::1]/x"),
        json!([]),
        json!(["cal_1", ""]),
        json!({}),
        json!({"type": "change"}),
    ];
    values[pick as usize % values.len()].clone()
}

/// Every JSON pointer in the document, root included.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    &format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
struct Mutation {
    op: u8,
    target: u32,
    pick: u32,
    char: usize,
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    pointers(doc, "", &mut all);
    let pointer = &all[mutation.target as usize % all.len()];
    let Some(node) = doc.pointer_mut(pointer) else {
        return;
    };
    let ch = ALPHABET[mutation.char % ALPHABET.len()];
    match mutation.op % 5 {
        0 => {
            // Remove a field of the object at `pointer`.
            if let Value::Object(map) = node
                && let Some(key) = map
                    .keys()
                    .nth(mutation.pick as usize % map.len().max(1))
                    .cloned()
            {
                map.remove(&key);
            }
        }
        1 => *node = replacement(mutation.pick),
        2 => {
            if let Value::String(text) = node {
                let mut chars: Vec<char> = text.chars().collect();
                let at = mutation.pick as usize % (chars.len() + 1);
                match mutation.pick % 3 {
                    0 => chars.insert(at, ch),
                    1 if at < chars.len() => chars[at] = ch,
                    _ if at < chars.len() => drop(chars.remove(at)),
                    _ => chars.push(ch),
                }
                *text = chars.into_iter().collect();
            }
        }
        3 => {
            if let Value::Object(map) = node {
                map.insert(
                    NAMES[mutation.pick as usize % NAMES.len()].to_owned(),
                    replacement(mutation.target),
                );
            }
        }
        _ => {
            if let Some(kind) = doc.pointer_mut("/notification/type") {
                *kind = replacement(mutation.pick);
            }
        }
    }
}

/// Inserts `"name":value,` after the n-th `{` of the text, so that objects
/// get keys twice (the schema path keeps the last one, the fast path refuses).
fn duplicate_key(text: &str, nth: u32, pick: u32) -> String {
    let opens: Vec<usize> = text.match_indices('{').map(|(at, _)| at).collect();
    let Some(&at) = opens.get(nth as usize % opens.len().max(1)) else {
        return text.to_owned();
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let value = replacement(pick / 7);
    let separator = if text[at + 1..].starts_with('}') {
        ""
    } else {
        ","
    };
    format!(
        "{}\"{name}\":{value}{separator}{}",
        &text[..=at],
        &text[at + 1..]
    )
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<u8>(), any::<u32>(), any::<u32>(), any::<usize>()).prop_map(
        |(op, target, pick, char)| Mutation {
            op,
            target,
            pick,
            char,
        },
    )
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let reference = serde_json::from_slice::<Value>(bytes)
        .ok()
        .map(|doc| REFERENCE.is_valid(&doc));
    if serde_json::from_slice::<Notification<'_>>(bytes).is_ok() {
        prop_assert_eq!(
            reference,
            Some(true),
            "the fast path accepted what the schema rejects"
        );
    }
    let validation = VALIDATOR.validate(bytes);
    let has_error = validation
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    prop_assert_eq!(
        has_error,
        reference != Some(true),
        "findings: {:?}",
        validation.findings
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_payloads_get_the_schemas_verdict(
        base in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        duplicate in prop::option::of((any::<u32>(), any::<u32>())),
    ) {
        let mut doc = base.get(&BASES).clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        let mut text = doc.to_string();
        if let Some((nth, pick)) = duplicate {
            text = duplicate_key(&text, nth, pick);
        }
        let text_ref = &text;
        check(text_ref.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{text_ref}")))?;
    }
}

#[test]
fn the_fast_path_takes_every_real_delivery() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/payloads/captured");
    for entry in std::fs::read_dir(root).expect("captured fixtures") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
        assert!(serde_json::from_slice::<Notification<'_>>(&bytes).is_ok());
        assert!(VALIDATOR.validate(&bytes).fast_path);
    }
}
