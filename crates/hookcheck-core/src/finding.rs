//! A finding: one thing a check observed, with its code, severity, the facts
//! behind it and what to do about it.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Code;

/// How much a finding matters for the verdict.
///
/// Ordered from least to most severe, so `max()` over findings gives the
/// worst one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never affects the verdict.
    Info,
    /// Works today, but the margin is thin or the practice is discouraged.
    Warning,
    /// The provider will fail deliveries to this endpoint: not ready.
    Error,
}

impl Severity {
    /// The lowercase name used in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One observation of a check.
///
/// `message` states what is wrong with the facts (expected against found),
/// `fix` what to do. `facts` carries the same facts as data, so tools reading
/// the JSON report need not parse the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// The severity, the code's default unless a check chose otherwise.
    pub severity: Severity,
    /// What is wrong, with the facts.
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// The facts behind the message, as data.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub facts: Map<String, Value>,
}

impl Finding {
    /// A finding with the code's default severity and generic fix.
    pub fn new(code: Code, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            message: message.into(),
            fix: code.doc().fix.to_owned(),
            facts: Map::new(),
        }
    }

    /// Replaces the generic fix with one specific to what was found.
    #[must_use]
    pub fn with_fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = fix.into();
        self
    }

    /// Adds a fact (a later fact of the same name replaces the earlier).
    #[must_use]
    pub fn with_fact(mut self, name: &str, value: impl Into<Value>) -> Finding {
        self.facts.insert(name.to_owned(), value.into());
        self
    }
}
