//! The report every command produces, in the shape of the JSON contract
//! (SPEC §4). The serde types of the contract live here and nowhere else.

use serde::{Deserialize, Serialize, Serializer};

use crate::{Finding, Severity};

/// The version of the report's JSON shape. Fields are added freely; a rename
/// or removal bumps it.
pub const REPORT_VERSION: u32 = 1;

/// The JSON Schema of the report (draft 2020-12), checked in beside this file.
pub const REPORT_SCHEMA: &str = include_str!("../report.schema.json");

/// Whether the target is fit for push notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No finding of severity `error`.
    Ready,
    /// At least one finding of severity `error`.
    NotReady,
}

impl Verdict {
    /// The verdict that a set of findings amounts to.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Verdict {
        if findings.into_iter().any(|f| f.severity == Severity::Error) {
            Verdict::NotReady
        } else {
            Verdict::Ready
        }
    }

    /// The name used in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotReady => "not-ready",
        }
    }
}

/// One report: a target, what was found, and the details each check adds.
///
/// The verdict is derived from the findings, never stored beside them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// What was checked: a URL, a file name, or `-` for standard input.
    pub target: String,
    /// The 1-based input line, for documents read as NDJSON.
    pub line: Option<u64>,
    /// The findings, most severe first once the report is built.
    pub findings: Vec<Finding>,
    /// Details of a payload check.
    pub payload: Option<PayloadSection>,
}

impl Report {
    /// A report with its findings ordered most severe first (and otherwise as
    /// the checks produced them).
    pub fn new(target: impl Into<String>, mut findings: Vec<Finding>) -> Report {
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        Report {
            target: target.into(),
            findings,
            ..Report::default()
        }
    }

    /// The verdict the findings amount to.
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings)
    }

    /// The number of findings of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What a payload check learned about the document beyond its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadSection {
    /// The document's size in bytes.
    pub bytes: u64,
    /// The notification type, when the document has one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub notification_type: Option<String>,
    /// The signature check, when a signature header was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureCheck>,
}

/// The outcome of checking a `Cronofy-HMAC-SHA256` header against a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// How many comma-separated values the header carried.
    pub values: usize,
    /// How many secrets were tried.
    pub secrets: usize,
    /// The 1-based position (in the order given) of the first secret that
    /// produced one of the values; `None` when none did.
    pub matched_secret: Option<usize>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The wire shape, with the derived fields in their contract places.
        #[derive(Serialize)]
        struct Wire<'a> {
            hookcheck_version: &'static str,
            report_version: u32,
            target: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            line: Option<u64>,
            verdict: Verdict,
            findings: &'a [Finding],
            #[serde(skip_serializing_if = "Option::is_none")]
            payload: Option<&'a PayloadSection>,
        }
        Wire {
            hookcheck_version: env!("CARGO_PKG_VERSION"),
            report_version: REPORT_VERSION,
            target: &self.target,
            line: self.line,
            verdict: self.verdict(),
            findings: &self.findings,
            payload: self.payload.as_ref(),
        }
        .serialize(serializer)
    }
}
