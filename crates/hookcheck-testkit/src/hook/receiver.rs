//! A receiver of one provider's deliveries, built the way the provider's
//! documentation asks ([`Receiver::careful`]) or the way too many are
//! ([`Receiver::careless`]): the ground truth hookcheck's security and
//! handshake checks are tested against.
//!
//! The careful one answers the provider's handshake as documented, refuses
//! (401) a delivery whose signature or token does not verify under the
//! profile's scheme or whose signed timestamp is outside the tolerance, and
//! answers a repeated delivery id with 200 without processing it again, as
//! the idempotency advice of every provider has it. The careless one answers
//! everything with 200 `ok`, the handshake included, so it fails every
//! handshake that needs an echo.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use hookcheck_profile::{Handshake, Profile, Verification};

use super::Served;

/// A receiver of `profile`'s deliveries.
#[derive(Debug, Clone)]
pub struct Receiver {
    profile: &'static Profile,
    secret: String,
    careful: bool,
    /// The delivery ids processed so far.
    seen: Arc<Mutex<HashSet<String>>>,
}

/// What the receiver answers to one request.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) content_type: &'static str,
    pub(super) body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
        }
    }
}

impl Receiver {
    /// A receiver that verifies, refuses replays and answers the handshake,
    /// holding `secret` (as the profile's scheme writes secrets).
    pub fn careful(profile: &'static Profile, secret: &str) -> Receiver {
        Receiver::new(profile, secret, true)
    }

    /// A receiver that accepts everything with 200 `ok`.
    pub fn careless(profile: &'static Profile, secret: &str) -> Receiver {
        Receiver::new(profile, secret, false)
    }

    fn new(profile: &'static Profile, secret: &str, careful: bool) -> Receiver {
        Receiver {
            profile,
            secret: secret.to_owned(),
            careful,
            seen: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// The answer to `request`.
    pub(super) fn reply(&self, request: &Served) -> Reply {
        if !self.careful {
            return Reply::text(200, "ok");
        }
        // Graph's validation request carries no token: the handshake that
        // proves the endpoint is the subscriber's.
        if let Handshake::ValidationToken { .. } = self.profile.handshake
            && let Some(token) = validation_token(&request.path)
        {
            return Reply::text(200, token);
        }
        if let Some(refusal) = self.refusal(request) {
            return refusal;
        }
        // Slack signs its challenge like any event.
        if let Handshake::EchoChallenge = self.profile.handshake
            && let Some(challenge) = challenge(&request.body)
        {
            return Reply::text(200, challenge);
        }
        let id = self
            .profile
            .id_header()
            .and_then(|header| request.header(header));
        if let Some(id) = id {
            let fresh = self
                .seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(id.to_owned());
            if !fresh {
                return Reply::text(200, "duplicate ignored");
            }
        }
        Reply::text(200, "ok")
    }

    /// The 401 for a delivery that does not verify under the profile's
    /// scheme now, if it does not.
    fn refusal(&self, request: &Served) -> Option<Reply> {
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let Ok(key) = self.profile.scheme.key(&self.secret) else {
            return Some(Reply::text(
                500,
                "the receiver's secret is not one of this scheme",
            ));
        };
        let tolerance = self
            .profile
            .tolerance
            .map(|tolerance| tolerance.value())
            .unwrap_or_default();
        let verdict = self
            .profile
            .scheme
            .verify(&headers, &[key], &request.body, now(), tolerance);
        match verdict {
            Verification::Genuine { .. } => None,
            Verification::Stale { .. } => Some(Reply::text(401, "stale signature")),
            _ => Some(Reply::text(401, "bad signature")),
        }
    }
}

/// The `validationToken` of a Graph validation request's query.
fn validation_token(path: &str) -> Option<String> {
    let (_, query) = path.split_once('?')?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "validationToken")
        .map(|(_, token)| token.into_owned())
}

/// The `challenge` of a Slack `url_verification` body.
fn challenge(body: &[u8]) -> Option<String> {
    let body: serde_json::Value = serde_json::from_slice(body).ok()?;
    if body["type"] != "url_verification" {
        return None;
    }
    body["challenge"].as_str().map(str::to_owned)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_secs()).ok())
        .unwrap_or_default()
}
