//! What a web-hook sender is: how long it waits for an answer, how it
//! retries and when it gives up, how it signs a delivery, and what it sends
//! first. One [`Profile`] per provider, each rule cited from the provider's
//! own documentation; where a provider does not publish a number, the
//! profile says so ([`Rule::Assumed`]) instead of inventing one.
//!
//! The calendar API of SPEC §1 is the default profile, [`DEFAULT`]; the
//! others stand beside it on equal terms. Nothing here does I/O.

mod describe;
pub mod events;
mod providers;
pub mod scheme;

use std::time::Duration;

pub use crate::describe::duration;
pub use crate::events::{EventType, Events, Fill};
pub use crate::providers::PROFILES;
pub use crate::scheme::{Header, Message, Scheme, SecretError, TokenPlace, Verification};

/// The name of the profile used when none is named: the calendar API.
pub const DEFAULT: &str = "cronofy";

/// One sender's rules.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// The name `--provider` takes.
    pub name: &'static str,
    /// Who the sender is, for people.
    pub title: &'static str,
    /// How long the sender waits for a 2xx before the delivery fails.
    pub budget: Rule<Duration>,
    /// What happens after a failed delivery.
    pub retries: Retries,
    /// What the sender does when retries run out.
    pub gives_up: &'static str,
    /// How a delivery is signed.
    pub scheme: Scheme,
    /// How far a signed timestamp may be from now before a receiver refuses
    /// the delivery as a replay; `None` when the scheme signs no timestamp.
    pub tolerance: Option<Rule<Duration>>,
    /// What the sender sends before any notification.
    pub handshake: Handshake,
    /// The headers the sender adds to every delivery besides its signature,
    /// and what each carries.
    pub headers: &'static [(&'static str, Field)],
    /// What the sender delivers.
    pub events: Events,
    /// The API through which an app asks for deliveries, when `hookcheck
    /// emulate` can play it; `None` when the emulator does not serve it.
    pub channels: Option<Channels>,
    /// What a reader of the rules should know: where the provider's pages
    /// disagree or give a range, and which reading the profile follows.
    pub notes: &'static [&'static str],
    /// Where these rules are published.
    pub sources: &'static [&'static str],
}

/// A number among a sender's rules, and whether the sender publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule<T> {
    /// Stated by the provider.
    Published {
        /// The value.
        value: T,
        /// The page that states it.
        source: &'static str,
    },
    /// Not published: the value hookcheck works with, and why that one.
    Assumed {
        /// The value.
        value: T,
        /// Why this value, and what the provider does say.
        why: &'static str,
    },
}

impl<T: Copy> Rule<T> {
    /// The value, published or assumed.
    pub fn value(&self) -> T {
        match *self {
            Rule::Published { value, .. } | Rule::Assumed { value, .. } => value,
        }
    }
}

/// What a sender does after a failed delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retries {
    /// No automatic redelivery.
    Never,
    /// Retries after these delays, each counted from the attempt before.
    Delays(&'static [Duration]),
    /// Retries with backoff for this long; the attempts' times are not
    /// published.
    Within(Rule<Duration>),
    /// Retries with backoff, for how long not published.
    Backoff,
}

/// What a sender sends before the first notification, and what it expects
/// back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handshake {
    /// Nothing: notifications start at once.
    None,
    /// A notification of this type, answered 2xx like any other.
    FirstDelivery(&'static str),
    /// Slack's `url_verification`: the body's `challenge` must come back in
    /// the answer.
    EchoChallenge,
    /// Microsoft Graph's validation: a POST with `?validationToken=…` that
    /// must be answered 200 `text/plain` with the token, within `budget`.
    ValidationToken {
        /// How long the sender waits for the answer.
        budget: Duration,
    },
}

/// The API an app subscribes to deliveries through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    /// The calendar API's push channels (`/v1/channels`) and its Read
    /// Events endpoint, at most `limit` channels an account.
    Calendar {
        /// How many channels one account may have.
        limit: Rule<usize>,
    },
}

/// What a header a sender adds to a delivery carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The delivery's unique id, the same for every retry of one event
    /// (receivers drop repeats by it).
    Id,
    /// The event type's name.
    Event,
    /// The channel's, subscription's or hook's id.
    Channel,
    /// The message's number on its channel, counting up.
    Number,
    /// The retry's number, 1 for the first retry; absent from a first
    /// attempt.
    Retry,
    /// The URL of the resource watched.
    Resource,
    /// The same text on every delivery.
    Text(&'static str),
}

/// What the headers of one delivery are made of.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    /// The delivery's unique id.
    pub id: &'a str,
    /// The event type's name.
    pub event: &'a str,
    /// The channel's id.
    pub channel: &'a str,
    /// The message's number on its channel.
    pub number: u64,
    /// 0 for a first attempt, n for the nth retry.
    pub retry: u32,
    /// The URL of the resource watched.
    pub resource: &'a str,
}

impl Profile {
    /// The headers `delivery` carries besides its signature, in the order
    /// of the profile.
    pub fn headers(&self, delivery: &Delivery<'_>) -> Vec<Header> {
        self.headers
            .iter()
            .filter_map(|&(name, field)| {
                let value = match field {
                    Field::Id => delivery.id.to_owned(),
                    Field::Event => delivery.event.to_owned(),
                    Field::Channel => delivery.channel.to_owned(),
                    Field::Number => delivery.number.to_string(),
                    Field::Retry if delivery.retry == 0 => return None,
                    Field::Retry => delivery.retry.to_string(),
                    Field::Resource => delivery.resource.to_owned(),
                    Field::Text(text) => text.to_owned(),
                };
                Some((name, value))
            })
            .collect()
    }

    /// The header carrying a delivery's unique id, when the sender sends
    /// one: its own, or the one its signature scheme signs.
    pub fn id_header(&self) -> Option<&'static str> {
        self.header_of(Field::Id)
            .or_else(|| (self.scheme == Scheme::StandardWebhooks).then_some("webhook-id"))
    }

    /// The header naming the event type, when the sender sends one.
    pub fn event_header(&self) -> Option<&'static str> {
        self.header_of(Field::Event)
    }

    fn header_of(&self, wanted: Field) -> Option<&'static str> {
        self.headers
            .iter()
            .find(|(_, field)| *field == wanted)
            .map(|(name, _)| *name)
    }
}

/// The profile named `name`.
pub fn find(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|profile| profile.name == name)
}

/// The default profile: the calendar API.
pub fn default_profile() -> &'static Profile {
    &PROFILES[0]
}
