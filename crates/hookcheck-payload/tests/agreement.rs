//! The fast path and the schema agree. Random mutations of the valid and
//! captured payloads (fields removed, values replaced by random JSON of
//! another type, characters of dates, ids and URLs changed, fields added,
//! the type renamed, keys duplicated, raw hostile values spliced in) must
//! never be accepted by the fast path when the reference schema check
//! rejects them, and the validator's verdict must always be the reference's.
//!
//! The reference is the straightforward approach: `serde_json::Value` and the
//! `jsonschema` crate with formats checked. `PROPTEST_CASES=100000 cargo test
//! -p hookcheck-payload --test agreement` runs a longer search.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::Path;
use std::sync::LazyLock;

use hookcheck_core::Severity;
use hookcheck_payload::{NOTIFICATION_SCHEMA, Notification, Options, Validator};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::{Map, Value, json};

/// The number of random cases unless `PROPTEST_CASES` says otherwise: enough
/// to reach every mutation on every base many times, and about a second in a
/// debug build.
const DEFAULT_CASES: u32 = 2000;

/// The straightforward reference: a `Value` tree and the `jsonschema` crate.
static REFERENCE: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(NOTIFICATION_SCHEMA).expect("schema is JSON");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
});

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| Validator::new(Options::default()));

static STRICT: LazyLock<Validator> = LazyLock::new(|| {
    Validator::new(Options {
        strict: true,
        ..Options::default()
    })
});

fn fixtures(folder: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/payloads")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("fixture folder")
        .map(|entry| {
            let path = entry.expect("fixture entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("fixture is readable"))
        })
        .collect();
    // Sorted, so that a proptest seed means the same case on every machine.
    files.sort();
    files
}

/// The captured and valid fixtures, the starting points of every mutation.
static BASES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    ["captured", "valid"]
        .into_iter()
        .flat_map(fixtures)
        .map(|(name, bytes)| {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
        })
        .collect()
});

/// The reference verdict: `None` when the bytes are not JSON to `serde_json`.
fn reference(bytes: &[u8]) -> Option<bool> {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .map(|doc| REFERENCE.is_valid(&doc))
}

fn has_error(validator: &Validator, bytes: &[u8]) -> bool {
    validator
        .validate(bytes)
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
}

/// The two properties, for one document.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let reference = reference(bytes);
    // (a) The fast path is sound: what it accepts, the schema accepts.
    if serde_json::from_slice::<Notification<'_>>(bytes).is_ok() {
        prop_assert_eq!(
            reference,
            Some(true),
            "the fast path accepted what the reference rejects"
        );
    }
    // (b) The validator's verdict is the reference's, whichever path it took,
    // with or without --strict (which only adds warnings).
    let valid = reference == Some(true);
    let validation = VALIDATOR.validate(bytes);
    let errors: Vec<_> = validation
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    prop_assert_eq!(errors.is_empty(), valid, "error findings: {:#?}", errors);
    prop_assert_eq!(!has_error(&STRICT, bytes), valid, "under --strict");
    prop_assert_eq!(VALIDATOR.is_valid(bytes), valid, "Validator::is_valid");
    if validation.fast_path {
        prop_assert!(valid, "a fast-path verdict for an invalid document");
    }
    Ok(())
}

/// Characters that matter to dates, ids and URLs, and some that never should.
const ALPHABET: &[char] = &[
    '0', '1', '2', '9', 'Z', 'z', 'T', 't', '-', ':', '.', '+', ' ', '/', '?', '#', '%', '@', '[',
    ']', '_', 'a', 'A', 'é', 'ß', '\u{0}', '\u{1f}', '\u{7f}', '\n', '"', '\\', '\u{200b}',
    '\u{ff3a}', '😀',
];

/// Field names the schema knows, and one it does not.
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
    "scheduling_conversations",
    "extra",
];

/// Strings near the edges of the formats the schema checks.
const EDGE_STRINGS: &[&str] = &[
    "",
    "change",
    "verification",
    "profile_disconnected",
    "profile_initial_sync_completed",
    "conferencing_profile_disconnected",
    "gdpr_requested",
    "Change",
    "2025-01-21T09:24:16Z",
    "2025-01-21T09:24:16.000001Z",
    "2024-02-29T23:59:60Z",
    "2025-01-21T09:24:60Z",
    "2025-02-29T00:00:00Z",
    "2025-04-31T00:00:00.5Z",
    "2025-01-21T09:24:16+00:00",
    "2025-01-21t09:24:16z",
    "chn_1",
    "chn_",
    "chn_a-b",
    "https://example.com/x",
    "http://192.0.2.1:8080/a?b#c",
    "https://[2001:db8::1]/hook",
    "https://[::1/x",
    "https://user@example.com/",
    "https://example.com:/x",
    "https://example.com/%zz",
    "https://ex%41mple.com/",
    "https://example.com/a b",
    "HTTPS://EXAMPLE.COM/",
    "ftp://example.com/",
    "//example.com/",
];

/// Raw JSON texts no `Value` can carry: numbers out of `f64` range, lone
/// surrogates, deep nesting, duplicate keys. They are spliced into the text.
const HOSTILE_RAW: &[&str] = &[
    "1e400",
    "-1e400",
    "123456789012345678901234567890",
    "1.0e-400",
    r#""\ud800""#,
    r#""\udc00x""#,
    r#""\ud83d\ude00""#,
    r#"{"\ud800":1}"#,
    r#"{"a":1,"a":2}"#,
    r#""\u0000""#,
];

fn nested(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

fn string_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(EDGE_STRINGS).prop_map(str::to_owned),
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        1 => prop::collection::vec(select(ALPHABET), 0..12).prop_map(String::from_iter),
    ]
}

/// Any JSON value, leaning towards the interesting ones.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        3 => string_value().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((select(NAMES), inner), 0..4).prop_map(|fields| {
                Value::Object(
                    fields
                        .into_iter()
                        .map(|(name, value)| (name.to_owned(), value))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Insert,
    Replace,
    Remove,
}

/// One change to the document tree. Targets are indexes into the nodes of
/// the kind the mutation needs (objects, strings, any node).
#[derive(Debug, Clone)]
enum Mutation {
    RemoveField {
        object: Index,
        field: Index,
    },
    Replace {
        node: Index,
        value: Value,
    },
    EditString {
        string: Index,
        at: Index,
        edit: Edit,
        ch: char,
    },
    AddField {
        object: Index,
        name: String,
        value: Value,
    },
    SetType(Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let ch = prop_oneof![3 => select(ALPHABET), 1 => any::<char>()];
    let edit = prop_oneof![Just(Edit::Insert), Just(Edit::Replace), Just(Edit::Remove)];
    let name = prop_oneof![
        3 => select(NAMES).prop_map(str::to_owned),
        1 => string_value(),
    ];
    let kind = prop_oneof![
        3 => select(EDGE_STRINGS).prop_map(Value::from),
        1 => json_value(),
    ];
    prop_oneof![
        2 => (any::<Index>(), any::<Index>())
            .prop_map(|(object, field)| Mutation::RemoveField { object, field }),
        2 => (any::<Index>(), json_value()).prop_map(|(node, value)| Mutation::Replace { node, value }),
        4 => (any::<Index>(), any::<Index>(), edit, ch)
            .prop_map(|(string, at, edit, ch)| Mutation::EditString { string, at, edit, ch }),
        1 => (any::<Index>(), name, json_value())
            .prop_map(|(object, name, value)| Mutation::AddField { object, name, value }),
        1 => kind.prop_map(Mutation::SetType),
    ]
}

/// Every JSON pointer in the document whose node passes `keep`.
fn pointers(value: &Value, at: &str, keep: fn(&Value) -> bool, out: &mut Vec<String>) {
    if keep(value) {
        out.push(at.to_owned());
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, &format!("{at}/{key}"), keep, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{index}"), keep, out);
            }
        }
        _ => {}
    }
}

/// The node `index` picks among those passing `keep`, if there is any.
fn pick(doc: &mut Value, index: Index, keep: fn(&Value) -> bool) -> Option<&mut Value> {
    let mut all = Vec::new();
    pointers(doc, "", keep, &mut all);
    if all.is_empty() {
        return None;
    }
    let pointer = index.get(&all).clone();
    doc.pointer_mut(&pointer)
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::RemoveField { object, field } => {
            if let Some(Value::Object(map)) = pick(doc, *object, Value::is_object)
                && !map.is_empty()
            {
                let key = field.get(&map.keys().cloned().collect::<Vec<_>>()).clone();
                map.remove(&key);
            }
        }
        Mutation::Replace { node, value } => {
            if let Some(node) = pick(doc, *node, |_| true) {
                *node = value.clone();
            }
        }
        Mutation::EditString {
            string,
            at,
            edit,
            ch,
        } => {
            if let Some(Value::String(text)) = pick(doc, *string, Value::is_string) {
                let mut chars: Vec<char> = text.chars().collect();
                let at = at.index(chars.len() + 1);
                match edit {
                    Edit::Replace | Edit::Remove if at == chars.len() => chars.push(*ch),
                    Edit::Insert => chars.insert(at, *ch),
                    Edit::Replace => chars[at] = *ch,
                    Edit::Remove => drop(chars.remove(at)),
                }
                *text = chars.into_iter().collect();
            }
        }
        Mutation::AddField {
            object,
            name,
            value,
        } => {
            if let Some(Value::Object(map)) = pick(doc, *object, Value::is_object) {
                map.insert(name.clone(), value.clone());
            }
        }
        Mutation::SetType(value) => {
            if let Some(kind) = doc.pointer_mut("/notification/type") {
                *kind = value.clone();
            }
        }
    }
}

/// A change to the text itself, for what a `Value` cannot express.
#[derive(Debug, Clone)]
enum Splice {
    /// `"name":raw,` right after the n-th `{`: a duplicate key when the
    /// object already has the name (the schema path keeps the last value,
    /// the fast path declines), or a value no `Value` can hold.
    Field {
        brace: Index,
        name: &'static str,
        raw: String,
    },
    /// The text cut short.
    Truncate(Index),
    /// One byte overwritten (possibly making the text invalid UTF-8).
    Byte { at: Index, byte: u8 },
}

fn splice() -> impl Strategy<Value = Splice> {
    let raw = prop_oneof![
        3 => json_value().prop_map(|value| value.to_string()),
        2 => select(HOSTILE_RAW).prop_map(str::to_owned),
        1 => (120..140usize).prop_map(nested),
    ];
    prop_oneof![
        6 => (any::<Index>(), select(NAMES), raw)
            .prop_map(|(brace, name, raw)| Splice::Field { brace, name, raw }),
        1 => any::<Index>().prop_map(Splice::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Splice::Byte { at, byte }),
    ]
}

fn apply_splice(text: &mut Vec<u8>, splice: &Splice) {
    match splice {
        Splice::Field { brace, name, raw } => {
            let opens: Vec<usize> = (0..text.len()).filter(|&at| text[at] == b'{').collect();
            if opens.is_empty() {
                return;
            }
            let at = *brace.get(&opens) + 1;
            let empty = text[at..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'}');
            let field = format!("\"{name}\":{raw}{}", if empty { "" } else { "," });
            text.splice(at..at, field.into_bytes());
        }
        Splice::Truncate(at) => {
            let len = at.index(text.len().max(1));
            text.truncate(len);
        }
        Splice::Byte { at, byte } => {
            if !text.is_empty() {
                let at = at.index(text.len());
                text[at] = *byte;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(DEFAULT_CASES),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_payloads_get_the_schemas_verdict(
        base in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 0..4),
        pretty in any::<bool>(),
        splice in prop::option::weighted(0.3, splice()),
    ) {
        let mut doc = base.get(&BASES).clone();
        for mutation in &mutations {
            apply(&mut doc, mutation);
        }
        let mut text = if pretty {
            serde_json::to_vec_pretty(&doc)
        } else {
            serde_json::to_vec(&doc)
        }
        .expect("a Value serializes");
        if let Some(splice) = &splice {
            apply_splice(&mut text, splice);
        }
        check(&text).map_err(|e| {
            TestCaseError::fail(format!("{e}\ndocument: {}", String::from_utf8_lossy(&text)))
        })?;
    }
}

/// Every file of every folder, unmutated, gets the reference's verdict too.
#[test]
fn every_fixture_gets_the_schemas_verdict() {
    for folder in ["captured", "valid", "invalid"] {
        for (name, bytes) in fixtures(folder) {
            if let Err(e) = check(&bytes) {
                panic!("{folder}/{name}: {e}");
            }
        }
    }
}

/// Values that could slip through the fast path: valid JSON grammar inside a
/// field the fast path ignores, which `serde_json` skips without checking but
/// refuses when it builds a `Value` (a number out of range, a lone surrogate,
/// nesting past the recursion limit). Each is tried at every level.
#[test]
fn ignored_fields_are_parsed_as_strictly_as_the_schema_path_does() {
    const TEMPLATE: &str = r#"{@"notification":{@"type":"change","changes_since":"2025-01-21T09:24:16Z"},"channel":{@"channel_id":"chn_1","callback_url":"https://example.com/x","filters":{#}}}"#;
    let mut raws: Vec<String> = HOSTILE_RAW.iter().map(|&raw| raw.to_owned()).collect();
    raws.extend((120..=130).map(nested));
    let places = TEMPLATE.matches(['@', '#']).count();
    for raw in &raws {
        for place in 0..places {
            let mut text = String::new();
            for (index, piece) in TEMPLATE.split(['@', '#']).enumerate() {
                if index > 0 && index - 1 == place {
                    text.push_str("\"extra\":");
                    text.push_str(raw);
                    if index < places {
                        text.push(',');
                    }
                }
                text.push_str(piece);
            }
            if let Err(e) = check(text.as_bytes()) {
                panic!("{e}\n{text}");
            }
        }
    }
    // The cases that matter are really refused by the reference.
    for raw in ["1e400", r#""\ud800""#, &nested(130)] {
        let text = TEMPLATE
            .replace('@', "")
            .replace('#', &format!("\"extra\":{raw}"));
        assert_eq!(reference(text.as_bytes()), None, "{text}");
        assert!(has_error(&VALIDATOR, text.as_bytes()), "{text}");
    }
}

#[test]
fn the_fast_path_takes_every_real_delivery() {
    let captured = fixtures("captured");
    assert_eq!(captured.len(), 5, "one capture per known type");
    for (name, bytes) in captured {
        let parsed = serde_json::from_slice::<Notification<'_>>(&bytes);
        assert!(parsed.is_ok(), "{name}: {parsed:?}");
        let validation = VALIDATOR.validate(&bytes);
        assert!(validation.fast_path, "{name}");
        assert_eq!(validation.findings, [], "{name}");
        assert_eq!(reference(&bytes), Some(true), "{name}");
    }
}

/// The reference really checks formats (draft 2020-12 treats `format` as an
/// annotation unless asked to), or it would agree with a lax fast path for
/// the wrong reason.
#[test]
fn the_reference_checks_formats() {
    let doc = |since: &str| {
        json!({
            "notification": {"type": "change", "changes_since": since},
            "channel": {"channel_id": "chn_1", "callback_url": "https://example.com/", "filters": {}}
        })
    };
    assert!(REFERENCE.is_valid(&doc("2024-02-29T00:00:00Z")));
    assert!(
        !REFERENCE.is_valid(&doc("2025-02-29T00:00:00Z")),
        "format date-time is checked"
    );
}
