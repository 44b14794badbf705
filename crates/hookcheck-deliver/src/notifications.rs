//! What a delivery sends, as the sender's profile says: the body of each
//! event type (the calendar API's serialised once from the payload crate's
//! typed model, another sender's filled from its sample, or a user's own
//! bytes, sent untouched), and the headers, built fresh for every delivery:
//! its own id and, for a timestamped scheme, its own signing time, so that a
//! receiver that rightly refuses repeats and stale signatures accepts every
//! genuine delivery. The signature covers exactly the bytes sent.

use std::time::Duration;

use bytes::Bytes;
use hookcheck_payload::{Channel, Event, Filters, Notification, NotificationType};
use hookcheck_profile::{Delivery, EventType, Events, Fill, Message, Profile};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The `User-Agent` deliveries carry: the tool and its version, so that a
/// team reading its access logs knows what the traffic was.
pub const USER_AGENT: &str = concat!("hookcheck/", env!("CARGO_PKG_VERSION"));

/// The content type of every body (SPEC §6).
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// Which bodies a run sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bodies {
    /// As a new channel sees them: the sender's first event type first (the
    /// calendar API's `verification`, GitHub's `ping`), then its next.
    Sequence,
    /// Every delivery of the event type of this name.
    Only(String),
    /// A body of the user's own, sent byte for byte.
    Raw(Bytes),
}

/// How deliveries are signed: as the sender signs them, or as someone
/// pretending to be the sender would, to see whether the endpoint can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Signing {
    /// Under the secrets, at the time of sending, each with an id of its
    /// own.
    #[default]
    Genuine,
    /// Under a key that is none of the secrets.
    Forged,
    /// Without the scheme's headers at all.
    Unsigned,
    /// Genuinely, but at a time this long before sending: a captured
    /// delivery replayed later.
    Stale(Duration),
    /// Every delivery the first one again, its id, time and signature
    /// unchanged: a repeat of one delivery.
    Repeated,
}

/// One delivery ready to send, with its headers.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The bytes sent.
    pub body: Bytes,
    /// Its event type, when known.
    pub kind: Option<String>,
    /// The sender's headers, the signature included when signing.
    pub headers: Vec<(&'static str, String)>,
}

/// The deliveries of a run: the first delivery's body, then the one every
/// later delivery sends, each delivery's headers made when it is prepared.
#[derive(Debug, Clone)]
pub struct Notifications {
    profile: &'static Profile,
    /// The signing keys, from the secrets as the scheme reads them.
    keys: Vec<Vec<u8>>,
    signing: Signing,
    /// When the run was prepared: the time a repeat keeps.
    prepared_at: OffsetDateTime,
    /// The first secret, as written: the token of token schemes.
    token: String,
    channel: ChannelInfo,
    first: Template,
    rest: Template,
}

/// What makes a body.
#[derive(Debug, Clone)]
enum Template {
    /// These bytes every time.
    Fixed { body: Bytes, kind: Option<String> },
    /// A sample, filled for each delivery.
    Sample(&'static EventType),
    /// No body: the event is named in a header.
    Bodiless(&'static str),
}

/// What notifications are made of.
#[derive(Debug, Clone)]
pub struct ChannelInfo {
    /// The channel id, `chn_…`.
    pub channel_id: String,
    /// The URL deliveries go to (notifications carry it).
    pub callback_url: String,
    /// `changes_since` of change notifications (RFC 3339, UTC).
    pub changes_since: String,
}

impl Notifications {
    /// Prepares `bodies` for `channel` as `profile` sends them, signed with
    /// each of `secrets` (none: unsigned). An event type the sender does
    /// not have, or a secret its scheme cannot use, is an error that says
    /// which.
    pub fn new(
        profile: &'static Profile,
        bodies: &Bodies,
        channel: &ChannelInfo,
        secrets: &[String],
    ) -> Result<Notifications, String> {
        let keys = secrets
            .iter()
            .map(|secret| profile.scheme.key(secret))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| format!("--secret: {error}"))?;
        let template = |name: &str| Template::of(profile, name, channel);
        let (first, rest) = match bodies {
            Bodies::Sequence => {
                let names = profile.events.names();
                let first = names.first().copied().unwrap_or_default();
                let next = names.get(1).copied().unwrap_or(first);
                (template(first)?, template(next)?)
            }
            Bodies::Only(name) => {
                let only = template(name)?;
                (only.clone(), only)
            }
            Bodies::Raw(bytes) => {
                let kind = match profile.events {
                    Events::Calendar => serde_json::from_slice::<Notification<'_>>(bytes)
                        .ok()
                        .map(|n| n.notification.kind.as_str().to_owned()),
                    Events::Documents(_) | Events::Header { .. } => None,
                };
                let raw = Template::Fixed {
                    body: bytes.clone(),
                    kind,
                };
                (raw.clone(), raw)
            }
        };
        Ok(Notifications {
            profile,
            keys,
            signing: Signing::Genuine,
            prepared_at: OffsetDateTime::now_utc(),
            token: secrets.first().cloned().unwrap_or_default(),
            channel: channel.clone(),
            first,
            rest,
        })
    }

    /// The same deliveries, signed as `signing` says.
    #[must_use]
    pub fn signed(mut self, signing: Signing) -> Notifications {
        self.signing = signing;
        self
    }

    /// The `n`th delivery of a run, from 0: its body and its headers, made
    /// now.
    pub fn nth(&self, n: usize) -> Prepared {
        let (n, now) = match self.signing {
            Signing::Repeated => (0, self.prepared_at),
            Signing::Stale(age) => (n, OffsetDateTime::now_utc() - age),
            Signing::Genuine | Signing::Forged | Signing::Unsigned => {
                (n, OffsetDateTime::now_utc())
            }
        };
        let template = if n == 0 { &self.first } else { &self.rest };
        let timestamp = now.unix_timestamp();
        let id = format!("{}_{n}", self.channel.channel_id);
        let number = u64::try_from(n).unwrap_or(u64::MAX).saturating_add(1);
        let (body, kind) = match template {
            Template::Fixed { body, kind } => (body.clone(), kind.clone()),
            Template::Sample(event) => {
                // Filled only here: the calendar API's bodies are made once.
                let time = now
                    .replace_nanosecond(0)
                    .unwrap_or(now)
                    .format(&Rfc3339)
                    .unwrap_or_default();
                // A token the body carries (Graph's clientState) is the
                // secret's only when the delivery is the sender's.
                let token = match self.signing {
                    Signing::Genuine | Signing::Stale(_) | Signing::Repeated => self.token.clone(),
                    Signing::Forged => {
                        String::from_utf8_lossy(&forged(self.token.as_bytes())).into_owned()
                    }
                    Signing::Unsigned => String::new(),
                };
                let fill = Fill {
                    id: &id,
                    timestamp,
                    time: &time,
                    url: &self.channel.callback_url,
                    token: &token,
                    number,
                };
                (
                    Bytes::from(event.render(&fill)),
                    Some(event.name.to_owned()),
                )
            }
            Template::Bodiless(event) => (Bytes::new(), Some((*event).to_owned())),
        };
        let mut headers = vec![("user-agent", USER_AGENT.to_owned())];
        if !body.is_empty() {
            headers.push(("content-type", CONTENT_TYPE.to_owned()));
        }
        headers.extend(self.profile.headers(&Delivery {
            id: &id,
            event: kind.as_deref().unwrap_or_default(),
            channel: &self.channel.channel_id,
            number,
            retry: 0,
            resource: &self.channel.callback_url,
        }));
        let message = Message {
            id: &id,
            timestamp,
            body: &body,
        };
        match self.signing {
            Signing::Unsigned => {}
            Signing::Forged => {
                let forged: Vec<Vec<u8>> = self.keys.iter().map(|key| forged(key)).collect();
                headers.extend(self.profile.scheme.sign(&forged, &message));
            }
            Signing::Genuine | Signing::Stale(_) | Signing::Repeated => {
                headers.extend(self.profile.scheme.sign(&self.keys, &message));
            }
        }
        Prepared {
            body,
            kind,
            headers,
        }
    }
}

/// A key that is not `key`, printable when `key` is (a token scheme sends
/// it as it is).
fn forged(key: &[u8]) -> Vec<u8> {
    [b"hookcheck-forged-".as_slice(), key].concat()
}

impl Template {
    /// The body of the event type `name` of `profile`.
    fn of(
        profile: &'static Profile,
        name: &str,
        channel: &ChannelInfo,
    ) -> Result<Template, String> {
        let unknown = || {
            format!(
                "{} sends no `{name}` event (it sends {})",
                profile.name,
                profile.events.names().join(", ")
            )
        };
        match profile.events {
            // The calendar API documents types beyond its five, and a
            // receiver must take those too: any name is a type.
            Events::Calendar => {
                let kind = NotificationType::from_name(name.to_owned().into());
                Ok(Template::Fixed {
                    body: serialise(&kind, channel),
                    kind: Some(name.to_owned()),
                })
            }
            Events::Documents(types) => types
                .iter()
                .find(|event| event.name == name)
                .map(Template::Sample)
                .ok_or_else(unknown),
            Events::Header { values, .. } => values
                .iter()
                .find(|value| **value == name)
                .map(|value| Template::Bodiless(value))
                .ok_or_else(unknown),
        }
    }
}

/// A notification of `kind` for `channel`, as the calendar API writes it.
fn serialise(kind: &NotificationType<'_>, channel: &ChannelInfo) -> Bytes {
    let notification = Notification {
        notification: Event {
            kind: kind.clone(),
            changes_since: (*kind == NotificationType::Change)
                .then(|| channel.changes_since.as_str().into()),
        },
        channel: Channel {
            channel_id: channel.channel_id.as_str().into(),
            callback_url: channel.callback_url.as_str().into(),
            filters: Filters::default(),
        },
    };
    // A map of strings: serialising it cannot fail.
    Bytes::from(serde_json::to_vec(&notification).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookcheck_payload::{Options, Validator};
    use hookcheck_profile::{Verification, find};

    fn channel() -> ChannelInfo {
        ChannelInfo {
            channel_id: "chn_0123456789abcdef01234567".to_owned(),
            callback_url: "https://hooks.example.com/cronofy?x=1".to_owned(),
            changes_since: "2026-11-27T05:00:00Z".to_owned(),
        }
    }

    fn profile(name: &str) -> &'static Profile {
        find(name).unwrap_or_else(|| panic!("no profile {name}"))
    }

    fn calendar(bodies: &Bodies, secrets: &[String]) -> Notifications {
        Notifications::new(profile("cronofy"), bodies, &channel(), secrets).unwrap()
    }

    fn header<'a>(prepared: &'a Prepared, name: &str) -> Option<&'a str> {
        prepared
            .headers
            .iter()
            .find(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    #[test]
    fn the_sequence_starts_with_a_verification_and_every_body_is_valid() {
        let notifications = calendar(&Bodies::Sequence, &[]);
        let validator = Validator::new(Options::default());
        let kinds: Vec<_> = (0..3).map(|n| notifications.nth(n).kind).collect();
        assert_eq!(
            kinds,
            [
                Some("verification".to_owned()),
                Some("change".to_owned()),
                Some("change".to_owned())
            ]
        );
        for n in 0..2 {
            let body = &notifications.nth(n).body;
            let validation = validator.validate(body);
            assert!(validation.findings.is_empty(), "{validation:?}");
        }
        let change = notifications.nth(1).body;
        let change = std::str::from_utf8(&change).unwrap();
        assert!(change.contains(r#""changes_since":"2026-11-27T05:00:00Z""#));
        let verification = notifications.nth(0).body;
        assert!(
            !std::str::from_utf8(&verification)
                .unwrap()
                .contains("changes_since")
        );
    }

    #[test]
    fn signatures_cover_the_exact_bytes_with_every_secret() {
        let secrets = ["old".to_owned(), "new".to_owned()];
        let prepared = calendar(&Bodies::Sequence, &secrets).nth(1);
        let value = header(&prepared, "Cronofy-HMAC-SHA256").expect("a signature");
        assert_eq!(value.split(',').count(), 2);
        let scheme = profile("cronofy").scheme;
        for secret in &secrets {
            let verdict = scheme.verify(
                &[("Cronofy-HMAC-SHA256", value)],
                &[secret.as_bytes()],
                &prepared.body,
                0,
                std::time::Duration::ZERO,
            );
            assert_eq!(verdict, Verification::Genuine { secret: 1 });
        }
        assert_eq!(header(&prepared, "content-type"), Some(CONTENT_TYPE));
        // Unsigned runs carry no signature header.
        let unsigned = calendar(&Bodies::Sequence, &[]).nth(0);
        assert_eq!(header(&unsigned, "Cronofy-HMAC-SHA256"), None);
    }

    #[test]
    fn a_raw_body_is_sent_untouched() {
        let raw = Bytes::from_static(b"{\"notification\": {\"type\": \"change\"},  \"x\":1}");
        let notifications = calendar(&Bodies::Raw(raw.clone()), &[]);
        assert_eq!(notifications.nth(0).body, raw);
        assert_eq!(notifications.nth(5).body, raw);
        let garbage = Bytes::from_static(b"not json");
        assert_eq!(calendar(&Bodies::Raw(garbage), &[]).nth(0).kind, None);
    }

    /// Every sender's deliveries verify under its own scheme, each with an
    /// id of its own and a signing time of now.
    #[test]
    fn every_profile_signs_each_delivery_afresh() {
        let secret = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==".to_owned();
        for profile in &hookcheck_profile::PROFILES {
            let notifications = Notifications::new(
                profile,
                &Bodies::Sequence,
                &channel(),
                std::slice::from_ref(&secret),
            )
            .unwrap();
            let key = profile.scheme.key(&secret).unwrap();
            let mut ids = Vec::new();
            for n in 0..3 {
                let prepared = notifications.nth(n);
                let headers: Vec<(&str, &str)> = prepared
                    .headers
                    .iter()
                    .map(|(name, value)| (*name, value.as_str()))
                    .collect();
                let now = OffsetDateTime::now_utc().unix_timestamp();
                let verdict = profile.scheme.verify(
                    &headers,
                    &[&key],
                    &prepared.body,
                    now,
                    std::time::Duration::from_secs(60),
                );
                assert_eq!(
                    verdict,
                    Verification::Genuine { secret: 1 },
                    "{}",
                    profile.name
                );
                if let Some(name) = profile.id_header() {
                    ids.push(header(&prepared, name).unwrap().to_owned());
                }
            }
            ids.dedup();
            assert!(
                ids.len() == 3 || ids.is_empty(),
                "{}: {ids:?}",
                profile.name
            );
            let first = notifications.nth(0).kind;
            assert_eq!(
                first.as_deref(),
                profile.events.names().first().copied(),
                "{}",
                profile.name
            );
        }
    }

    #[test]
    fn an_event_the_sender_does_not_have_is_named() {
        let error = Notifications::new(
            profile("github"),
            &Bodies::Only("change".to_owned()),
            &channel(),
            &[],
        )
        .unwrap_err();
        assert_eq!(
            error,
            "github sends no `change` event (it sends ping, push)"
        );
        let error = Notifications::new(
            profile("standard-webhooks"),
            &Bodies::Sequence,
            &channel(),
            &["whsec_c2hvcnQ=".to_owned()],
        )
        .unwrap_err();
        assert!(error.starts_with("--secret: "), "{error}");
    }
}
