//! What a sender delivers: its event types, each with the JSON Schema of its
//! body and a sample body built from the provider's documented example.
//!
//! A sample is a template: `%id%`, `%time%` (RFC 3339), `%url%` and
//! `%token%` stand inside JSON strings, `%timestamp%` (Unix seconds) and
//! `%number%` as JSON numbers; [`EventType::render`] fills them for one
//! delivery, so every delivery of a run is a fresh one.

/// One kind of delivery a sender makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventType {
    /// The name the provider gives it.
    pub name: &'static str,
    /// The JSON Schema (draft 2020-12) of its body.
    pub schema: &'static str,
    /// A sample body, as a template.
    pub sample: &'static str,
}

/// A sender's deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Events {
    /// The calendar API's notification types, modelled and validated by
    /// `hookcheck-payload`.
    Calendar,
    /// Types whose bodies the schemas here describe, the first sent first.
    Documents(&'static [EventType]),
    /// No body: the event is named by this header, one of these values, the
    /// first sent first.
    Header {
        /// The header.
        name: &'static str,
        /// Its values.
        values: &'static [&'static str],
    },
}

impl Events {
    /// The names of the event types, in the order a sender sends them
    /// first.
    pub fn names(&self) -> Vec<&'static str> {
        match self {
            Events::Calendar => vec![
                "verification",
                "change",
                "profile_disconnected",
                "profile_initial_sync_completed",
                "conferencing_profile_disconnected",
            ],
            Events::Documents(types) => types.iter().map(|kind| kind.name).collect(),
            Events::Header { values, .. } => values.to_vec(),
        }
    }
}

/// What fills a sample's placeholders for one delivery.
#[derive(Debug, Clone, Copy)]
pub struct Fill<'a> {
    /// `%id%`: the delivery's or event's id.
    pub id: &'a str,
    /// `%timestamp%`: now, in Unix seconds.
    pub timestamp: i64,
    /// `%time%`: now, in RFC 3339.
    pub time: &'a str,
    /// `%url%`: the URL delivered to.
    pub url: &'a str,
    /// `%token%`: the shared token, where the body carries it.
    pub token: &'a str,
    /// `%number%`: a numeric id.
    pub number: u64,
}

impl EventType {
    /// The sample body for one delivery.
    pub fn render(&self, fill: &Fill<'_>) -> Vec<u8> {
        let text = |value: &str| {
            // A JSON string's content: the quotes serde_json adds stripped.
            let quoted = serde_json::Value::from(value).to_string();
            quoted[1..quoted.len() - 1].to_owned()
        };
        self.sample
            .trim_end()
            .replace("%id%", &text(fill.id))
            .replace("%time%", &text(fill.time))
            .replace("%url%", &text(fill.url))
            .replace("%token%", &text(fill.token))
            .replace("%timestamp%", &fill.timestamp.to_string())
            .replace("%number%", &fill.number.to_string())
            .into_bytes()
    }
}

/// GitHub: the `ping` a new hook gets, then `push`.
pub(crate) const GITHUB: &[EventType] = &[
    EventType {
        name: "ping",
        schema: include_str!("../events/github-ping.schema.json"),
        sample: include_str!("../events/github-ping.sample.json"),
    },
    EventType {
        name: "push",
        schema: include_str!("../events/github-push.schema.json"),
        sample: include_str!("../events/github-push.sample.json"),
    },
];

/// Stripe: every delivery is an Event object; `customer.created` here.
pub(crate) const STRIPE: &[EventType] = &[EventType {
    name: "customer.created",
    schema: include_str!("../events/stripe-event.schema.json"),
    sample: include_str!("../events/stripe-event.sample.json"),
}];

/// Slack: the `url_verification` handshake, then `event_callback`s.
pub(crate) const SLACK: &[EventType] = &[
    EventType {
        name: "url_verification",
        schema: include_str!("../events/slack-url-verification.schema.json"),
        sample: include_str!("../events/slack-url-verification.sample.json"),
    },
    EventType {
        name: "event_callback",
        schema: include_str!("../events/slack-event-callback.schema.json"),
        sample: include_str!("../events/slack-event-callback.sample.json"),
    },
];

/// Microsoft Graph: a collection of change notifications.
pub(crate) const GRAPH: &[EventType] = &[EventType {
    name: "created",
    schema: include_str!("../events/graph-notification.schema.json"),
    sample: include_str!("../events/graph-notification.sample.json"),
}];

/// Standard Webhooks: the specification's payload structure.
pub(crate) const STANDARD_WEBHOOKS: &[EventType] = &[EventType {
    name: "contact.created",
    schema: include_str!("../events/standard-event.schema.json"),
    sample: include_str!("../events/standard-event.sample.json"),
}];
