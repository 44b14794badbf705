//! Signature schemes: how a sender signs a delivery and how a receiver
//! verifies it, each the provider's published algorithm (the profiles cite
//! where). A scheme signs the bytes as sent, never a re-serialisation.
//!
//! Values are compared in constant time (`subtle`), so a check leaks
//! nothing about how close a forged value came.

use std::fmt::Write as _;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

type HmacSha256 = Hmac<Sha256>;

/// One delivery as a scheme sees it.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// The delivery's unique id: the same for every retry of one event.
    pub id: &'a str,
    /// When this attempt is made, in Unix seconds.
    pub timestamp: i64,
    /// The body, exactly as sent.
    pub body: &'a [u8],
}

/// A header a delivery carries: its name and value.
pub type Header = (&'static str, String);

/// Where a shared token travels when a sender sends a token instead of a
/// signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPlace {
    /// In a header of its own, as sent at subscription time.
    Header(&'static str),
    /// As `clientState` in every notification of the body's `value` array
    /// (Microsoft Graph).
    ClientState,
}

/// How a sender proves a delivery is its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// base64(HMAC-SHA256(secret, body)) in `header`; while secrets rotate,
    /// one value per secret separated by commas.
    BodyHmac {
        /// The header's name.
        header: &'static str,
    },
    /// Standard Webhooks: `webhook-signature: v1,<base64>` over
    /// `id.timestamp.body`, one per secret separated by spaces, beside
    /// `webhook-id` and `webhook-timestamp`; secrets are `whsec_` + base64.
    StandardWebhooks,
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body, one secret.
    GitHub,
    /// Stripe: `Stripe-Signature: t=<timestamp>,v1=<hex>` over
    /// `timestamp.body`, one `v1` per secret; the `whsec_` secret is the key
    /// as written.
    Stripe,
    /// Slack: `X-Slack-Signature: v0=<hex>` over `v0:timestamp:body`, the
    /// timestamp in `X-Slack-Request-Timestamp`, one secret.
    Slack,
    /// No signature of the body: a token agreed at subscription time, sent
    /// back as is. It tells a receiver the sender knows the token, not that
    /// the body is the sender's.
    Token(TokenPlace),
}

/// Why a secret cannot be a key of a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    /// An empty secret.
    Empty,
    /// A Standard Webhooks secret whose part after `whsec_` is not base64.
    NotBase64,
    /// A Standard Webhooks key outside the 24 to 64 bytes the specification
    /// allows.
    Length(usize),
}

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretError::Empty => f.write_str("the secret is empty"),
            SecretError::NotBase64 => {
                f.write_str("a Standard Webhooks secret is `whsec_` followed by base64")
            }
            SecretError::Length(length) => write!(
                f,
                "a Standard Webhooks key is 24 to 64 bytes, this one is {length}"
            ),
        }
    }
}

impl std::error::Error for SecretError {}

/// What a receiver following the scheme concludes about a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// A value is the signature (or the token) under the secret at this
    /// 1-based position, and its timestamp, if any, is within tolerance.
    Genuine {
        /// Which secret matched, 1-based in the order given.
        secret: usize,
    },
    /// A header the scheme needs is absent.
    Missing(&'static str),
    /// The header is there but not in the scheme's format.
    Malformed {
        /// The header.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Well formed, but no value matches any secret.
    Mismatch {
        /// How many values the delivery carried.
        values: usize,
    },
    /// The signature matches but was made too long ago (or ahead): a
    /// receiver refuses it as a possible replay.
    Stale {
        /// How far the timestamp is from now, in seconds (negative: ahead).
        age_s: i64,
    },
}

impl Scheme {
    /// The key a secret stands for, or why it cannot be one.
    pub fn key(self, secret: &str) -> Result<Vec<u8>, SecretError> {
        if secret.is_empty() {
            return Err(SecretError::Empty);
        }
        match self {
            Scheme::StandardWebhooks => {
                let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
                let key = STANDARD
                    .decode(encoded)
                    .map_err(|_| SecretError::NotBase64)?;
                if (24..=64).contains(&key.len()) {
                    Ok(key)
                } else {
                    Err(SecretError::Length(key.len()))
                }
            }
            _ => Ok(secret.as_bytes().to_vec()),
        }
    }

    /// The header that carries the signature (or the token), when one does.
    pub fn signature_header(self) -> Option<&'static str> {
        match self {
            Scheme::BodyHmac { header } | Scheme::Token(TokenPlace::Header(header)) => Some(header),
            Scheme::StandardWebhooks => Some("webhook-signature"),
            Scheme::GitHub => Some(GITHUB_HEADER),
            Scheme::Stripe => Some(STRIPE_HEADER),
            Scheme::Slack => Some(SLACK_HEADER),
            Scheme::Token(TokenPlace::ClientState) => None,
        }
    }

    /// How many signature values a delivery's signature header carries, as
    /// the scheme lists them (decodable or not): one per secret during a
    /// rotation.
    pub fn values(self, headers: &[(&str, &str)]) -> usize {
        let Some(name) = self.signature_header() else {
            return 0;
        };
        let Some(value) = headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
        else {
            return 0;
        };
        match self {
            Scheme::BodyHmac { .. } => value.split(',').filter(|v| !v.trim().is_empty()).count(),
            Scheme::StandardWebhooks => value.split(' ').filter(|v| !v.is_empty()).count(),
            Scheme::Stripe => value
                .split(',')
                .filter(|item| item.trim().starts_with("v1="))
                .count(),
            Scheme::GitHub | Scheme::Slack | Scheme::Token(_) => usize::from(!value.is_empty()),
        }
    }

    /// Whether the scheme signs a timestamp a receiver can hold against
    /// replays.
    pub fn is_timestamped(self) -> bool {
        matches!(
            self,
            Scheme::StandardWebhooks | Scheme::Stripe | Scheme::Slack
        )
    }

    /// The headers that sign `message` under `keys` (the first key only,
    /// where the scheme carries one signature). No keys, no headers.
    pub fn sign<K: AsRef<[u8]>>(self, keys: &[K], message: &Message<'_>) -> Vec<Header> {
        let Some(first) = keys.first() else {
            return Vec::new();
        };
        let timestamp = message.timestamp.to_string();
        match self {
            Scheme::BodyHmac { header } => {
                let values: Vec<String> = keys
                    .iter()
                    .map(|key| STANDARD.encode(tag(key.as_ref(), &[message.body])))
                    .collect();
                vec![(header, values.join(","))]
            }
            Scheme::StandardWebhooks => {
                let content = standard_content(message.id, &timestamp, message.body);
                let values: Vec<String> = keys
                    .iter()
                    .map(|key| format!("v1,{}", STANDARD.encode(tag(key.as_ref(), &content))))
                    .collect();
                vec![
                    ("webhook-id", message.id.to_owned()),
                    ("webhook-timestamp", timestamp),
                    ("webhook-signature", values.join(" ")),
                ]
            }
            Scheme::GitHub => {
                let value = hex(&tag(first.as_ref(), &[message.body]));
                vec![(GITHUB_HEADER, format!("sha256={value}"))]
            }
            Scheme::Stripe => {
                let mut value = format!("t={timestamp}");
                for key in keys {
                    let signed = tag(key.as_ref(), &[timestamp.as_bytes(), b".", message.body]);
                    let _ = write!(value, ",v1={}", hex(&signed));
                }
                vec![(STRIPE_HEADER, value)]
            }
            Scheme::Slack => {
                let signed = tag(first.as_ref(), &slack_content(&timestamp, message.body));
                vec![
                    (SLACK_TIMESTAMP_HEADER, timestamp),
                    (SLACK_HEADER, format!("v0={}", hex(&signed))),
                ]
            }
            Scheme::Token(TokenPlace::Header(header)) => {
                vec![(header, String::from_utf8_lossy(first.as_ref()).into_owned())]
            }
            // The token is part of the body the profile builds.
            Scheme::Token(TokenPlace::ClientState) => Vec::new(),
        }
    }

    /// Checks a delivery as a receiver following the scheme would: its
    /// headers (names compared without case), body and, for timestamped
    /// schemes, `now` (Unix seconds) against `tolerance`.
    pub fn verify<K: AsRef<[u8]>>(
        self,
        headers: &[(&str, &str)],
        keys: &[K],
        body: &[u8],
        now: i64,
        tolerance: Duration,
    ) -> Verification {
        let lookup = |name: &'static str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.trim())
                .ok_or(Verification::Missing(name))
        };
        let result = match self {
            Scheme::BodyHmac { header } => lookup(header).map(|value| {
                let values = base64_values(value.split(','));
                matching(keys, &values, |key| tag(key, &[body]))
            }),
            Scheme::StandardWebhooks => (|| {
                let id = lookup("webhook-id")?;
                let timestamp = lookup("webhook-timestamp")?;
                let at = unix_seconds(timestamp, "webhook-timestamp")?;
                let values = base64_values(
                    lookup("webhook-signature")?
                        .split(' ')
                        .filter_map(|value| value.strip_prefix("v1,")),
                );
                let content = standard_content(id, timestamp, body);
                Ok(fresh(
                    matching(keys, &values, |key| tag(key, &content)),
                    at,
                    now,
                    tolerance,
                ))
            })(),
            Scheme::GitHub => lookup(GITHUB_HEADER).map(|value| {
                let values = hex_values(value.strip_prefix("sha256=").into_iter());
                matching(keys, &values, |key| tag(key, &[body]))
            }),
            Scheme::Stripe => lookup(STRIPE_HEADER).and_then(|value| {
                let mut timestamp = None;
                let mut signatures = Vec::new();
                for item in value.split(',') {
                    match item.trim().split_once('=') {
                        Some(("t", at)) => timestamp = Some(at),
                        Some(("v1", signature)) => signatures.push(signature),
                        _ => {}
                    }
                }
                let timestamp = timestamp.ok_or(Verification::Malformed {
                    header: STRIPE_HEADER,
                    reason: "no `t=` timestamp",
                })?;
                let at = unix_seconds(timestamp, STRIPE_HEADER)?;
                let values = hex_values(signatures.into_iter());
                let signed = |key: &[u8]| tag(key, &[timestamp.as_bytes(), b".", body]);
                Ok(fresh(matching(keys, &values, signed), at, now, tolerance))
            }),
            Scheme::Slack => (|| {
                let timestamp = lookup(SLACK_TIMESTAMP_HEADER)?;
                let at = unix_seconds(timestamp, SLACK_TIMESTAMP_HEADER)?;
                let values = hex_values(lookup(SLACK_HEADER)?.strip_prefix("v0=").into_iter());
                let content = slack_content(timestamp, body);
                Ok(fresh(
                    matching(keys, &values, |key| tag(key, &content)),
                    at,
                    now,
                    tolerance,
                ))
            })(),
            Scheme::Token(TokenPlace::Header(header)) => {
                lookup(header).map(|value| tokens(keys, &[value]))
            }
            // Every notification of the body must carry a secret.
            Scheme::Token(TokenPlace::ClientState) => client_states(body).map(|states| {
                let verdicts: Vec<Verification> =
                    states.iter().map(|state| tokens(keys, &[state])).collect();
                match verdicts
                    .iter()
                    .find(|verdict| !matches!(verdict, Verification::Genuine { .. }))
                {
                    Some(_) => Verification::Mismatch {
                        values: states.len(),
                    },
                    None => verdicts
                        .into_iter()
                        .next()
                        .unwrap_or(Verification::Mismatch { values: 0 }),
                }
            }),
        };
        result.unwrap_or_else(|failure| failure)
    }
}

/// GitHub's signature header (the SHA-256 one; `X-Hub-Signature` is SHA-1).
const GITHUB_HEADER: &str = "X-Hub-Signature-256";
/// Stripe's signature header.
const STRIPE_HEADER: &str = "Stripe-Signature";
/// Slack's signature header.
const SLACK_HEADER: &str = "X-Slack-Signature";
/// Slack's signed timestamp.
const SLACK_TIMESTAMP_HEADER: &str = "X-Slack-Request-Timestamp";

/// HMAC-SHA256 under `key` of the parts, concatenated.
fn tag(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    mac(key, parts).finalize().into_bytes().to_vec()
}

fn mac(key: &[u8], parts: &[&[u8]]) -> HmacSha256 {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    for part in parts {
        mac.update(part);
    }
    mac
}

/// Standard Webhooks' signed content: `id.timestamp.body`.
fn standard_content<'a>(id: &'a str, timestamp: &'a str, body: &'a [u8]) -> [&'a [u8]; 5] {
    [id.as_bytes(), b".", timestamp.as_bytes(), b".", body]
}

/// Slack's signed content: `v0:timestamp:body`.
fn slack_content<'a>(timestamp: &'a str, body: &'a [u8]) -> [&'a [u8]; 4] {
    [b"v0:", timestamp.as_bytes(), b":", body]
}

/// Which key, if any, produced one of `values`: the 1-based position of the
/// first that did. `signed` computes a key's tag over the signed content;
/// the comparison is constant-time.
fn matching<K: AsRef<[u8]>>(
    keys: &[K],
    values: &[Vec<u8>],
    signed: impl Fn(&[u8]) -> Vec<u8>,
) -> Verification {
    let matched = keys.iter().position(|key| {
        let expected = signed(key.as_ref());
        values.iter().any(|value| equal(&expected, value))
    });
    match matched {
        Some(index) => Verification::Genuine { secret: index + 1 },
        None => Verification::Mismatch {
            values: values.len(),
        },
    }
}

/// Equality in constant time for values of one length (a tag's length is
/// public; a token's is all a timing difference can reveal).
fn equal(expected: &[u8], value: &[u8]) -> bool {
    expected.ct_eq(value).into()
}

/// A genuine signature whose timestamp is outside the tolerance is stale.
fn fresh(verification: Verification, at: i64, now: i64, tolerance: Duration) -> Verification {
    let age = now.saturating_sub(at);
    let limit = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
    match verification {
        Verification::Genuine { .. } if age.unsigned_abs() > limit.unsigned_abs() => {
            Verification::Stale { age_s: age }
        }
        other => other,
    }
}

/// Whether a token is one of the secrets.
fn tokens<K: AsRef<[u8]>, T: AsRef<str>>(keys: &[K], values: &[T]) -> Verification {
    let values: Vec<Vec<u8>> = values
        .iter()
        .map(|value| value.as_ref().as_bytes().to_vec())
        .collect();
    matching(keys, &values, <[u8]>::to_vec)
}

/// The `clientState` of every notification in a Graph body.
fn client_states(body: &[u8]) -> Result<Vec<String>, Verification> {
    let malformed = |reason| Verification::Malformed {
        header: "clientState",
        reason,
    };
    let parsed: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| malformed("the body is not JSON"))?;
    let notifications = parsed
        .get("value")
        .and_then(serde_json::Value::as_array)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| malformed("no `value` array of notifications"))?;
    notifications
        .iter()
        .map(|notification| {
            notification
                .get("clientState")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or(Verification::Missing("clientState"))
        })
        .collect()
}

/// The base64 values among `values`; the others can match nothing.
fn base64_values<'a>(values: impl Iterator<Item = &'a str>) -> Vec<Vec<u8>> {
    values
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .filter_map(|value| STANDARD.decode(value).ok())
        .collect()
}

/// The hexadecimal values among `values`; the others can match nothing.
fn hex_values<'a>(values: impl Iterator<Item = &'a str>) -> Vec<Vec<u8>> {
    values.filter_map(|value| unhex(value.trim())).collect()
}

/// Lower-case hexadecimal, as every hex scheme here writes it.
fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// A header's Unix timestamp in seconds.
fn unix_seconds(text: &str, header: &'static str) -> Result<i64, Verification> {
    text.parse().map_err(|_| Verification::Malformed {
        header,
        reason: "the timestamp is not a whole number of Unix seconds",
    })
}
