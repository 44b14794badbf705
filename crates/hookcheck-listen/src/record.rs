//! One delivery as `listen` received, judged and answered it: what the
//! history keeps, `hookcheck history` lists and `hookcheck replay` sends
//! again. The request is kept exactly (header values and body as bytes),
//! so that a replay is the same delivery byte for byte.

use hookcheck_core::{Finding, Verdict};
use serde::{Deserialize, Serialize};

/// One delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Its number in the history, from 1 (set when it is stored).
    pub id: u64,
    /// When its head arrived (RFC 3339, UTC).
    pub received_at: String,
    /// Who sent it (`address:port`).
    pub peer: String,
    /// The request's method.
    pub method: String,
    /// Its path and query, as sent.
    pub target: String,
    /// Its headers in the order sent, values as bytes.
    pub headers: Vec<Header>,
    /// The body as received; empty when it was refused for its size.
    #[serde(with = "base64_bytes")]
    pub body: Vec<u8>,
    /// The body's length; past the limit, how much was read before
    /// refusing it (one byte more than the limit).
    pub body_bytes: u64,
    /// The sender's profile it was judged against.
    pub provider: String,
    /// The app it was forwarded to, when it was.
    pub app: Option<String>,
    /// The notification type the body declares, when it does.
    pub notification_type: Option<String>,
    /// Whether the payload is valid against the profile's schemas (and
    /// within the size limit).
    pub payload_valid: bool,
    /// Whether the signature was checked, and what it said.
    pub signature: Signature,
    /// What is wrong with it: its signature, its payload, its size.
    pub findings: Vec<Finding>,
    /// What the sender got back.
    pub answer: Answer,
    /// Why the request could not be read, when it could not (not valid
    /// HTTP/1.1, a head too large, a body that did not arrive in time).
    pub error: Option<String>,
}

impl Record {
    /// The delivery's own verdict, from its findings.
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings)
    }

    /// The value of the first header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
            .and_then(|header| std::str::from_utf8(&header.value).ok())
    }
}

/// A header: its name (lower case, as HTTP/2 and hyper keep it) and its
/// value's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The name.
    pub name: String,
    /// The value, exactly (base64 in the history's JSON when not text).
    #[serde(with = "header_value")]
    pub value: Vec<u8>,
}

/// What the signature check concluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum Signature {
    /// No secret was given: not checked.
    NotChecked,
    /// The signature (or token) matches the secret at this 1-based
    /// position, within the scheme's tolerance.
    Genuine {
        /// Which secret.
        secret: usize,
    },
    /// It does not: the findings say why.
    Refused,
}

/// What the sender got back, and from whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "from")]
pub enum Answer {
    /// The app answered, forwarded unchanged.
    App {
        /// Its status.
        status: u16,
        /// Its headers.
        headers: Vec<Header>,
        /// Its body (what was read of it, at most 1 MiB).
        #[serde(with = "base64_bytes")]
        body: Vec<u8>,
        /// From sending the request on to the answer's head, in ms.
        ttfb_ms: f64,
        /// From sending the request on to the whole answer, in ms.
        total_ms: f64,
    },
    /// The app gave no usable answer: `listen` answered 502 (or 504 past
    /// the budget's cutoff) and says why.
    AppFailed {
        /// The status `listen` answered with.
        status: u16,
        /// What happened.
        reason: String,
        /// How long it waited, in ms.
        total_ms: f64,
    },
    /// No app: `listen` answered itself.
    Listen {
        /// Its status.
        status: u16,
        /// How long it waited before answering, in ms.
        delay_ms: f64,
    },
}

impl Answer {
    /// The status the sender got.
    pub fn status(&self) -> u16 {
        match self {
            Answer::App { status, .. }
            | Answer::AppFailed { status, .. }
            | Answer::Listen { status, .. } => *status,
        }
    }

    /// How long the sender waited for the answer, in ms.
    pub fn total_ms(&self) -> f64 {
        match self {
            Answer::App { total_ms, .. } | Answer::AppFailed { total_ms, .. } => *total_ms,
            Answer::Listen { delay_ms, .. } => *delay_ms,
        }
    }
}

/// Bytes as base64 text in JSON.
mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize as _, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// A header value: text when it is, else `{"base64": …}`, so that the
/// history reads well and still keeps any byte.
mod header_value {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serialize as _, Serializer};

    #[derive(serde::Serialize, Deserialize)]
    #[serde(untagged)]
    enum Value {
        Text(String),
        Bytes { base64: String },
    }

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Value::Text(text.to_owned()),
            Err(_) => Value::Bytes {
                base64: STANDARD.encode(bytes),
            },
        }
        .serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Text(text) => Ok(text.into_bytes()),
            Value::Bytes { base64 } => STANDARD.decode(base64).map_err(serde::de::Error::custom),
        }
    }
}
