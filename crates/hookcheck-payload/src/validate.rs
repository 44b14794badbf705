//! Validation of one document: the fast typed path first, the full JSON
//! Schema check when the fast path cannot prove the document valid.

use std::collections::BTreeMap;

use hookcheck_core::{Code, Finding, PayloadSection, Report};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator as SchemaValidator};
use serde_json::Value;

use crate::json_error::invalid_json;
use crate::schema::{KNOWN_FIELDS, SCHEMA};
use crate::{Notification, NotificationType};

/// The default cap on one document's size. Real notifications are well under
/// a kilobyte; a megabyte leaves room for long calendar id lists while keeping
/// memory bounded on hostile or mistaken input (a 1 GB line, say).
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// How long a value quoted in a message may be before it is cut.
const QUOTE_LIMIT: usize = 80;

/// How to validate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Report fields the schema does not describe (`payload-unknown-field`).
    pub strict: bool,
    /// Documents larger than this are `payload-too-large` and not parsed.
    pub max_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// What was found; empty for a valid notification of a known type.
    pub findings: Vec<Finding>,
    /// `notification.type`, when the document has a string there.
    pub notification_type: Option<String>,
    /// Whether the fast typed path proved the document valid on its own.
    pub fast_path: bool,
}

/// What [`Validator::check`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<'a> {
    /// The fast path proved the document a valid notification of this
    /// known type: no findings.
    Valid(NotificationType<'a>),
    /// Anything else (invalid, an unknown type, `--strict`, over the size
    /// limit), with its findings.
    Validated(Validation),
}

/// Validates documents against the notification schema. Build it once; it
/// compiles the schema.
pub struct Validator {
    schema: SchemaValidator,
    options: Options,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Validator {
    /// A validator with the given options.
    pub fn new(options: Options) -> Validator {
        Validator {
            schema: compile_schema(),
            options,
        }
    }

    /// The options this validator was built with.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Validates one document given as its raw bytes.
    pub fn validate(&self, bytes: &[u8]) -> Validation {
        match self.check(bytes) {
            Outcome::Valid(kind) => Validation {
                findings: Vec::new(),
                notification_type: Some(kind.as_str().to_owned()),
                fast_path: true,
            },
            Outcome::Validated(validation) => validation,
        }
    }

    /// Validates one document as [`Validator::validate`] does, without
    /// allocating anything for the common case, a valid notification of a
    /// known type, so that reporting it costs no more than the fast path.
    pub fn check<'a>(&self, bytes: &'a [u8]) -> Outcome<'a> {
        if bytes.len() > self.options.max_bytes {
            return Outcome::Validated(self.too_large(bytes.len() as u64));
        }
        match fast_path(bytes) {
            Some(notification) if !self.options.strict => {
                let kind = notification.notification.kind;
                match unknown_type(&kind) {
                    None => Outcome::Valid(kind),
                    Some(finding) => Outcome::Validated(Validation {
                        findings: vec![finding],
                        notification_type: Some(kind.as_str().to_owned()),
                        fast_path: true,
                    }),
                }
            }
            _ => Outcome::Validated(self.validate_slow(bytes)),
        }
    }

    /// The outcome for a document that was over the limit, read only as
    /// far as the limit's next byte (so its full size is unknown).
    pub fn over_limit(&self) -> Validation {
        let max = self.options.max_bytes;
        Validation::of(vec![
            Finding::new(
                Code::PayloadTooLarge,
                format!("the document is over {max} bytes (the size limit); it was read no further and not parsed"),
            )
            .with_fact("max_bytes", max),
        ])
    }

    /// The outcome for a document (an NDJSON line) of `bytes` bytes that was
    /// over the limit and so was counted but not kept.
    pub fn too_large(&self, bytes: u64) -> Validation {
        let max = self.options.max_bytes;
        Validation::of(vec![
            Finding::new(
                Code::PayloadTooLarge,
                format!("the document is {bytes} bytes, over the limit of {max} bytes; it was not parsed"),
            )
            .with_fact("bytes", bytes)
            .with_fact("max_bytes", max),
        ])
    }

    /// Whether the document is a valid notification, as cheaply as possible.
    /// Unknown types and (under `--strict`) unknown fields are warnings, so
    /// they do not make a document invalid.
    pub fn is_valid(&self, bytes: &[u8]) -> bool {
        bytes.len() <= self.options.max_bytes
            && (fast_path(bytes).is_some()
                || serde_json::from_slice::<Value>(bytes)
                    .is_ok_and(|doc| self.schema.is_valid(&doc)))
    }

    /// The full check: parse into a `Value`, report every schema violation.
    fn validate_slow(&self, bytes: &[u8]) -> Validation {
        let doc: Value = match serde_json::from_slice(bytes) {
            Ok(doc) => doc,
            Err(error) => return Validation::of(vec![invalid_json(bytes, &error)]),
        };
        let notification_type = doc["notification"]["type"].as_str().map(str::to_owned);
        let mut findings = schema_violations(self.schema.iter_errors(&doc), &SCHEMA);
        // An empty type is a schema violation already, not an unknown type.
        if let Some(name) = notification_type.as_deref().filter(|name| !name.is_empty()) {
            findings.extend(unknown_type(&NotificationType::from_name(name.into())));
        }
        if self.options.strict {
            findings.extend(unknown_fields(&doc));
        }
        Validation {
            findings,
            notification_type,
            fast_path: false,
        }
    }
}

/// The typed one-pass parse, or `None` when it cannot prove the document
/// valid.
///
/// The whole document's UTF-8 is checked once up front (a fast, vectorised
/// scan) so that `serde_json` can parse from a `&str` and skip validating each
/// string on its own, which dominated the profile of documents with many
/// strings. Invalid UTF-8 simply leaves the decision to the schema path,
/// which reports it.
fn fast_path(bytes: &[u8]) -> Option<Notification<'_>> {
    let text = std::str::from_utf8(bytes).ok()?;
    serde_json::from_str(text).ok()
}

impl Validation {
    fn of(findings: Vec<Finding>) -> Validation {
        Validation {
            findings,
            notification_type: None,
            fast_path: false,
        }
    }

    /// The report of the document this validation judged: `target` names
    /// the input, `line` its NDJSON line, `bytes` its size.
    pub fn into_report(self, target: impl Into<String>, line: Option<u64>, bytes: u64) -> Report {
        let mut report = Report::new(target, self.findings);
        report.line = line;
        report.payload = Some(PayloadSection {
            bytes,
            notification_type: self.notification_type,
            signature: None,
        });
        report
    }
}

/// Compiles the embedded schema with `format` checked (draft 2020-12 treats
/// it as an annotation by default) and no remote references: the crate is
/// built without them, and the schema has none.
fn compile_schema() -> SchemaValidator {
    #[allow(
        clippy::expect_used,
        reason = "the embedded schema compiles; tests prove it"
    )]
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&SCHEMA)
        .expect("the embedded notification schema compiles")
}

fn unknown_type(kind: &NotificationType<'_>) -> Option<Finding> {
    let NotificationType::Other(name) = kind else {
        return None;
    };
    let known: Vec<&str> = NotificationType::KNOWN
        .iter()
        .map(NotificationType::as_str)
        .collect();
    Some(
        Finding::new(
            Code::PayloadUnknownType,
            format!(
                "notification type {} is not one of {}",
                quote(&Value::from(&**name)),
                known.join(", ")
            ),
        )
        .with_fact("pointer", "/notification/type")
        .with_fact("found", &**name)
        .with_fact("expected", known),
    )
}

/// One finding per offending value: a value that breaks several rules (a
/// pattern and a format, say) is reported once with all of them.
///
/// The message says what was expected in words, from the `description` of
/// the schema node whose rule failed where it has one ("an RFC 3339
/// date-time in UTC …"); the rules themselves go into the facts.
pub(crate) fn schema_violations<'a, 's>(
    errors: impl Iterator<Item = ValidationError<'a>>,
    schema: &'s Value,
) -> Vec<Finding> {
    struct Violation<'s> {
        found: Value,
        rules: Vec<String>,
        described: Vec<&'s str>,
    }
    let mut by_pointer: BTreeMap<String, Violation<'_>> = BTreeMap::new();
    for error in errors {
        let entry = by_pointer
            .entry(error.instance_path().to_string())
            .or_insert_with(|| Violation {
                found: error.instance().clone().into_owned(),
                rules: Vec::new(),
                described: Vec::new(),
            });
        let rule = expectation(error.kind());
        if !entry.rules.contains(&rule) {
            entry.rules.push(rule);
        }
        let description = match error.kind() {
            ValidationErrorKind::Required { .. } => None,
            _ => description_of(&error, schema),
        };
        if let Some(description) = description.filter(|d| !entry.described.contains(d)) {
            entry.described.push(description);
        }
    }
    by_pointer
        .into_iter()
        .map(|(pointer, violation)| {
            let place = if pointer.is_empty() {
                "the document".to_owned()
            } else {
                pointer.clone()
            };
            let expected = if violation.described.is_empty() {
                violation.rules.join(" and ")
            } else {
                violation.described.join(" and ")
            };
            let (message, fix) = if violation
                .rules
                .iter()
                .all(|rule| rule.starts_with("field "))
            {
                (
                    format!("{place}: missing {expected}"),
                    format!("Add {expected} to {place}."),
                )
            } else {
                let target = if pointer.is_empty() {
                    "the document".to_owned()
                } else {
                    format!("the value at {pointer}")
                };
                (
                    format!(
                        "{place}: expected {expected}, found {}",
                        quote(&violation.found)
                    ),
                    format!("Correct {target}; `hookcheck schema` prints the schema."),
                )
            };
            Finding::new(Code::PayloadSchemaViolation, message)
                .with_fix(fix)
                .with_fact("pointer", pointer)
                .with_fact("expected", violation.rules)
                .with_fact("found", truncate_value(violation.found))
        })
        .collect()
}

/// The description of the schema node whose keyword failed. Descriptions
/// of nodes that can fail are written as phrases to fit "expected …".
fn description_of<'s>(error: &ValidationError<'_>, schema: &'s Value) -> Option<&'s str> {
    let location = error.absolute_keyword_location()?;
    let (_, fragment) = location.as_str().split_once('#')?;
    let (node, _keyword) = fragment.rsplit_once('/')?;
    if node.is_empty() {
        // The root's description introduces the whole schema; it is no phrase.
        return None;
    }
    let description = schema.pointer(node)?.get("description")?.as_str()?;
    Some(description)
}
/// What a rule expected, as a phrase: "a string matching ^chn_…".
fn expectation(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::Required { property } => match property.as_str() {
            Some(name) => format!("field `{name}`"),
            None => format!("field {property}"),
        },
        ValidationErrorKind::Type { kind } => match kind {
            TypeKind::Single(ty) => format!("a value of type {ty}"),
            TypeKind::Multiple(types) => {
                let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
                format!("a value of type {}", names.join(" or "))
            }
        },
        ValidationErrorKind::Pattern { pattern } => format!("a string matching {pattern}"),
        ValidationErrorKind::Format { format } => match format.as_str() {
            "date-time" => "an RFC 3339 date-time".to_owned(),
            "uri" => "an absolute URI (RFC 3986)".to_owned(),
            other => format!("a string of format {other}"),
        },
        ValidationErrorKind::Constant { expected_value } => format!("the value {expected_value}"),
        ValidationErrorKind::MinLength { limit: 1 } => "a non-empty string".to_owned(),
        ValidationErrorKind::MinLength { limit } => {
            format!("a string of at least {limit} characters")
        }
        other => format!("a value satisfying `{}`", other.keyword()),
    }
}

/// `--strict`: fields the schema does not describe, at every level it
/// describes. The notification object of an unknown type is not judged.
fn unknown_fields(doc: &Value) -> Vec<Finding> {
    let known = &*KNOWN_FIELDS;
    let kind = doc["notification"]["type"]
        .as_str()
        .map(|name| NotificationType::from_name(name.into()));
    let notification_fields = kind
        .filter(NotificationType::is_known)
        .map(|kind| known.of_notification(&kind));
    let levels = [
        ("", Some(&known.root)),
        ("/notification", notification_fields.as_ref()),
        ("/channel", Some(&known.channel)),
        ("/channel/filters", Some(&known.filters)),
    ];
    let mut findings = Vec::new();
    for (pointer, fields) in levels {
        let (Some(fields), Some(object)) =
            (fields, doc.pointer(pointer).and_then(Value::as_object))
        else {
            continue;
        };
        for name in object.keys().filter(|name| !fields.contains(*name)) {
            let field_pointer = format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"));
            findings.push(
                Finding::new(
                    Code::PayloadUnknownField,
                    format!("{field_pointer}: field `{name}` is not described by the schema"),
                )
                .with_fact("pointer", field_pointer),
            );
        }
    }
    findings
}

/// A value as JSON, cut to a readable length.
fn quote(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Large found values are kept as their cut JSON text, so facts stay small.
fn truncate_value(value: Value) -> Value {
    match &value {
        Value::Array(_) | Value::Object(_) | Value::String(_)
            if value.to_string().len() > QUOTE_LIMIT =>
        {
            Value::String(quote(&value))
        }
        _ => value,
    }
}
