//! A kept delivery sent again (`hookcheck replay`): as recorded, or with
//! another body, and re-signed with the profile's scheme under a fresh id
//! and timestamp, so that a receiver that checks the signature's age or
//! refuses an id it has seen takes it as the sender's own new delivery.

use std::time::Duration;

use bytes::Bytes;
use hookcheck_deliver::engine::{Engine, Forward, HeaderMap, Method, Outcome, Target};
use hookcheck_profile::{Message, Profile};
use hyper::header::{HeaderName, HeaderValue};
use serde::Serialize;
use time::OffsetDateTime;

use crate::record::Record;

/// The request to send again: `record`'s method, path, headers and body
/// (`body` instead when given); with `keys`, the signature headers made
/// anew for that body at `now` under a fresh id. Headers that are not
/// valid HTTP any more are left out.
pub fn request(
    record: &Record,
    profile: &Profile,
    keys: &[Vec<u8>],
    body: Option<Vec<u8>>,
    now: OffsetDateTime,
) -> Forward {
    let body = Bytes::from(body.unwrap_or_else(|| record.body.clone()));
    let mut headers = HeaderMap::new();
    for header in &record.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header.name.as_bytes()),
            HeaderValue::from_bytes(&header.value),
        ) {
            headers.append(name, value);
        }
    }
    if !keys.is_empty() {
        let id = format!(
            "replay_{}_{}",
            record.id,
            now.unix_timestamp_nanos() / 1_000_000
        );
        let message = Message {
            id: &id,
            timestamp: now.unix_timestamp(),
            body: &body,
        };
        let signed = profile.scheme.sign(keys, &message);
        for (name, _) in &signed {
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                headers.remove(name);
            }
        }
        for (name, value) in signed {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.append(name, value);
            }
        }
    }
    Forward {
        method: Method::from_bytes(record.method.as_bytes()).unwrap_or(Method::POST),
        path_and_query: record.target.clone(),
        headers,
        body,
    }
}

/// How a replay went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replayed {
    /// The delivery sent again.
    pub id: u64,
    /// Where it went.
    pub url: String,
    /// Whether it was signed anew.
    pub re_signed: bool,
    /// The status the app answered, when it answered.
    pub status: Option<u16>,
    /// How it ended, in a few words (`answered 200`, or the cause).
    pub outcome: String,
    /// From sending to the whole answer, in ms.
    pub total_ms: f64,
}

/// Sends `record` again to `target` (its path and query after the
/// target's path), with `body` instead of its own when given, re-signed
/// with `keys` when there are any; given up after `budget` and a grace.
pub async fn send(
    record: &Record,
    profile: &Profile,
    keys: &[Vec<u8>],
    body: Option<Vec<u8>>,
    target: Target,
    budget: Duration,
) -> Replayed {
    let url = target.url().to_owned();
    let request = request(record, profile, keys, body, OffsetDateTime::now_utc());
    let mut engine = Engine::new(target, hookcheck_deliver::cutoff(budget));
    let delivery = engine.forward(&request).await;
    Replayed {
        id: record.id,
        url,
        re_signed: !keys.is_empty(),
        status: match delivery.outcome {
            Outcome::Answered { status, .. } => Some(status),
            _ => None,
        },
        outcome: delivery.outcome.describe(),
        total_ms: delivery.phases.total.as_secs_f64() * 1000.0,
    }
}
