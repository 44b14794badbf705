//! What a delivery sends: the notification bodies, serialised once from the
//! payload crate's typed model (or a user's own bytes, sent untouched), and
//! the provider's headers, the signature computed over exactly those bytes.

use bytes::Bytes;
use hookcheck_payload::{
    Channel, Event, Filters, Notification, NotificationType, SIGNATURE_HEADER, header_value,
};

/// The `User-Agent` deliveries carry: the tool and its version, so that a
/// team reading its access logs knows what the traffic was.
pub const USER_AGENT: &str = concat!("hookcheck/", env!("CARGO_PKG_VERSION"));

/// The content type the provider sends (SPEC §6).
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// Which bodies a run sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bodies {
    /// As a new channel sees them: a `verification` first, then `change`
    /// notifications.
    Sequence,
    /// Every delivery of one type.
    Only(NotificationType<'static>),
    /// A body of the user's own, sent byte for byte.
    Raw(Bytes),
}

/// One body ready to send, with its headers.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The bytes sent.
    pub body: Bytes,
    /// Its `notification.type`, when it has one.
    pub kind: Option<String>,
    /// The provider's headers, the signature included when signing.
    pub headers: Vec<(&'static str, String)>,
}

/// The bodies of a run, each prepared once: serialising and signing stay out
/// of the measured time.
#[derive(Debug, Clone)]
pub struct Notifications {
    /// The first delivery's body, then the one every later delivery sends.
    first: Prepared,
    rest: Prepared,
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
    /// Prepares `bodies` for `channel`, signed with each of `secrets` (none:
    /// unsigned).
    pub fn new(bodies: &Bodies, channel: &ChannelInfo, secrets: &[String]) -> Notifications {
        let prepare = |body: Bytes, kind: Option<String>| {
            let mut headers = vec![
                ("content-type", CONTENT_TYPE.to_owned()),
                ("user-agent", USER_AGENT.to_owned()),
            ];
            if !secrets.is_empty() {
                headers.push((SIGNATURE_HEADER, header_value(secrets, &body)));
            }
            Prepared {
                body,
                kind,
                headers,
            }
        };
        let typed = |kind: &NotificationType<'_>| {
            let body = serialise(kind, channel);
            prepare(body, Some(kind.as_str().to_owned()))
        };
        match bodies {
            Bodies::Sequence => Notifications {
                first: typed(&NotificationType::Verification),
                rest: typed(&NotificationType::Change),
            },
            Bodies::Only(kind) => {
                let only = typed(kind);
                Notifications {
                    first: only.clone(),
                    rest: only,
                }
            }
            Bodies::Raw(bytes) => {
                let kind = serde_json::from_slice::<Notification<'_>>(bytes)
                    .ok()
                    .map(|n| n.notification.kind.as_str().to_owned());
                let raw = prepare(bytes.clone(), kind);
                Notifications {
                    first: raw.clone(),
                    rest: raw,
                }
            }
        }
    }

    /// The body of the `n`th delivery of a run, from 0.
    pub fn nth(&self, n: usize) -> &Prepared {
        if n == 0 { &self.first } else { &self.rest }
    }
}

/// A notification of `kind` for `channel`, as the provider writes it.
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
    use hookcheck_payload::{Options, Validator, verify};

    fn channel() -> ChannelInfo {
        ChannelInfo {
            channel_id: "chn_0123456789abcdef01234567".to_owned(),
            callback_url: "https://hooks.example.com/cronofy?x=1".to_owned(),
            changes_since: "2026-11-27T05:00:00Z".to_owned(),
        }
    }

    #[test]
    fn the_sequence_starts_with_a_verification_and_every_body_is_valid() {
        let notifications = Notifications::new(&Bodies::Sequence, &channel(), &[]);
        let validator = Validator::new(Options::default());
        let kinds: Vec<_> = (0..3)
            .map(|n| notifications.nth(n).kind.as_deref())
            .collect();
        assert_eq!(
            kinds,
            [Some("verification"), Some("change"), Some("change")]
        );
        for n in 0..2 {
            let body = &notifications.nth(n).body;
            let validation = validator.validate(body);
            assert!(validation.findings.is_empty(), "{validation:?}");
        }
        let change = std::str::from_utf8(&notifications.nth(1).body).unwrap();
        assert!(change.contains(r#""changes_since":"2026-11-27T05:00:00Z""#));
        assert!(
            !std::str::from_utf8(&notifications.nth(0).body)
                .unwrap()
                .contains("changes_since")
        );
    }

    #[test]
    fn signatures_cover_the_exact_bytes_with_every_secret() {
        let secrets = ["old".to_owned(), "new".to_owned()];
        let notifications = Notifications::new(&Bodies::Sequence, &channel(), &secrets);
        let prepared = notifications.nth(1);
        let header = &prepared
            .headers
            .iter()
            .find(|(name, _)| *name == SIGNATURE_HEADER)
            .expect("a signature")
            .1;
        assert_eq!(header.split(',').count(), 2);
        for secret in &secrets {
            let check = verify(header, &[secret], &prepared.body);
            assert_eq!(check.matched_secret, Some(1));
        }
        assert!(
            prepared
                .headers
                .contains(&("content-type", CONTENT_TYPE.to_owned()))
        );
        // Unsigned runs carry no signature header.
        let unsigned = Notifications::new(&Bodies::Sequence, &channel(), &[]);
        assert!(
            unsigned
                .nth(0)
                .headers
                .iter()
                .all(|(name, _)| *name != SIGNATURE_HEADER)
        );
    }

    #[test]
    fn a_raw_body_is_sent_untouched() {
        let raw = Bytes::from_static(b"{\"notification\": {\"type\": \"change\"},  \"x\":1}");
        let notifications = Notifications::new(&Bodies::Raw(raw.clone()), &channel(), &[]);
        assert_eq!(notifications.nth(0).body, raw);
        assert_eq!(notifications.nth(5).body, raw);
        let garbage = Bytes::from_static(b"not json");
        let notifications = Notifications::new(&Bodies::Raw(garbage), &channel(), &[]);
        assert_eq!(notifications.nth(0).kind, None);
    }
}
