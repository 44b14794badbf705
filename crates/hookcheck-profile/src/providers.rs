//! The profiles hookcheck ships, each from its provider's published rules.
//! A number the provider does not publish is a [`Rule::Assumed`] that says
//! so; where two of a provider's pages disagree, the profile says which it
//! follows.

use std::time::Duration;

use crate::events::{self, Events};
use crate::{Channels, Field, Handshake, Profile, Retries, Rule, Scheme, TokenPlace};

const fn seconds(value: u64) -> Duration {
    Duration::from_secs(value)
}

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;

/// Every profile, the default (the calendar API) first.
pub static PROFILES: [Profile; 7] = [
    CRONOFY,
    STANDARD_WEBHOOKS,
    GITHUB,
    STRIPE,
    SLACK,
    GRAPH,
    GOOGLE,
];

const CRONOFY_PUSH: &str = "https://docs.cronofy.com/developers/push-notifications/";

/// The calendar API of SPEC §1.
const CRONOFY: Profile = Profile {
    name: "cronofy",
    title: "the calendar API (Cronofy push notifications)",
    budget: Rule::Published {
        value: seconds(5),
        source: CRONOFY_PUSH,
    },
    retries: Retries::Within(Rule::Published {
        value: seconds(24 * HOUR),
        source: CRONOFY_PUSH,
    }),
    gives_up: "the channel is closed for good",
    scheme: Scheme::BodyHmac {
        header: "Cronofy-HMAC-SHA256",
    },
    tolerance: None,
    handshake: Handshake::FirstDelivery("verification"),
    headers: &[],
    events: Events::Calendar,
    channels: Some(Channels::Calendar {
        limit: Rule::Published {
            value: 128,
            source: "https://docs.cronofy.com/developers/api/push-notifications/create-channel/",
        },
    }),
    notes: &[],
    sources: &[
        CRONOFY_PUSH,
        "https://docs.cronofy.com/developers/push-notifications/authentication/",
    ],
};

const STANDARD_SPEC: &str =
    "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md";

/// Standard Webhooks (and Svix, which signs the same way).
const STANDARD_WEBHOOKS: Profile = Profile {
    name: "standard-webhooks",
    title: "Standard Webhooks (Svix-compatible)",
    budget: Rule::Published {
        value: seconds(15),
        source: STANDARD_SPEC,
    },
    // The specification's example schedule, after an immediate first
    // attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    retries: Retries::Delays(&[
        seconds(5),
        seconds(5 * MINUTE),
        seconds(30 * MINUTE),
        seconds(2 * HOUR),
        seconds(5 * HOUR),
        seconds(10 * HOUR),
        seconds(14 * HOUR),
        seconds(20 * HOUR),
        seconds(24 * HOUR),
    ]),
    gives_up: "the specification recommends disabling the endpoint and telling its owner by \
               other means",
    scheme: Scheme::StandardWebhooks,
    tolerance: Some(Rule::Assumed {
        value: seconds(5 * MINUTE),
        why: "the specification asks for \"some allowable tolerance\" without a figure; its \
              reference libraries use 5 minutes",
    }),
    handshake: Handshake::None,
    headers: &[],
    events: Events::Documents(events::STANDARD_WEBHOOKS),
    channels: None,
    notes: &[
        "the specification recommends a request timeout between 15 and 30 s; the budget is \
         its stricter end",
        "the retry delays are the specification's example schedule, after an immediate first \
         attempt",
    ],
    sources: &[STANDARD_SPEC],
};

const GITHUB_BEST_PRACTICES: &str =
    "https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks";

/// GitHub repository and organisation webhooks.
const GITHUB: Profile = Profile {
    name: "github",
    title: "GitHub webhooks",
    budget: Rule::Published {
        value: seconds(10),
        source: GITHUB_BEST_PRACTICES,
    },
    retries: Retries::Never,
    gives_up: "a failed delivery stays failed; its owner can redeliver it by hand for 3 days",
    scheme: Scheme::GitHub,
    tolerance: None,
    handshake: Handshake::FirstDelivery("ping"),
    headers: &[
        ("X-GitHub-Event", Field::Event),
        ("X-GitHub-Delivery", Field::Id),
        ("X-GitHub-Hook-ID", Field::Channel),
    ],
    events: Events::Documents(events::GITHUB),
    channels: None,
    notes: &[],
    sources: &[
        GITHUB_BEST_PRACTICES,
        "https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries",
        "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
        "https://docs.github.com/en/webhooks/webhook-events-and-payloads",
    ],
};

const STRIPE_WEBHOOKS: &str = "https://docs.stripe.com/webhooks";

/// Stripe event destinations (webhook endpoints).
const STRIPE: Profile = Profile {
    name: "stripe",
    title: "Stripe webhooks",
    budget: Rule::Assumed {
        value: seconds(10),
        why: "Stripe asks for a 2xx \"prior to any complex logic that could cause a timeout\" \
              and publishes no figure; hookcheck holds the endpoint to 10 s",
    },
    retries: Retries::Within(Rule::Published {
        value: seconds(3 * 24 * HOUR),
        source: STRIPE_WEBHOOKS,
    }),
    gives_up: "the event is marked failed; an endpoint failing for days is disabled and its \
               owner emailed",
    scheme: Scheme::Stripe,
    tolerance: Some(Rule::Published {
        value: seconds(5 * MINUTE),
        source: "https://docs.stripe.com/webhooks/signature",
    }),
    handshake: Handshake::None,
    headers: &[],
    events: Events::Documents(events::STRIPE),
    channels: None,
    notes: &[
        "retries run for up to three days in live mode; sandboxes retry three times over a few \
         hours",
        "the replay tolerance is the official libraries' default",
    ],
    sources: &[
        STRIPE_WEBHOOKS,
        "https://docs.stripe.com/webhooks/signature",
    ],
};

const SLACK_EVENTS: &str = "https://api.slack.com/apis/events-api";

/// The Slack Events API.
const SLACK: Profile = Profile {
    name: "slack",
    title: "Slack Events API",
    budget: Rule::Published {
        value: seconds(3),
        source: SLACK_EVENTS,
    },
    retries: Retries::Delays(&[seconds(0), seconds(MINUTE), seconds(5 * MINUTE)]),
    gives_up: "the event is dropped; when over 95% of deliveries fail within 60 minutes, the \
               app's event subscriptions are turned off",
    scheme: Scheme::Slack,
    tolerance: Some(Rule::Published {
        value: seconds(5 * MINUTE),
        source: "https://api.slack.com/authentication/verifying-requests-from-slack",
    }),
    handshake: Handshake::EchoChallenge,
    headers: &[("X-Slack-Retry-Num", Field::Retry)],
    events: Events::Documents(events::SLACK),
    channels: None,
    notes: &[
        "retries come \"nearly immediately\", after one minute and after five minutes, \
             each with X-Slack-Retry-Num and X-Slack-Retry-Reason",
    ],
    sources: &[
        SLACK_EVENTS,
        "https://api.slack.com/authentication/verifying-requests-from-slack",
    ],
};

const GRAPH_WEBHOOKS: &str =
    "https://learn.microsoft.com/graph/change-notifications-delivery-webhooks";

/// Microsoft Graph change notifications over webhooks.
const GRAPH: Profile = Profile {
    name: "graph",
    title: "Microsoft Graph change notifications",
    budget: Rule::Published {
        value: seconds(3),
        source: GRAPH_WEBHOOKS,
    },
    retries: Retries::Within(Rule::Published {
        value: seconds(4 * HOUR),
        source: GRAPH_WEBHOOKS,
    }),
    gives_up: "the notification is dropped and cannot be recovered",
    scheme: Scheme::Token(TokenPlace::ClientState),
    tolerance: None,
    handshake: Handshake::ValidationToken {
        budget: seconds(10),
    },
    headers: &[],
    events: Events::Documents(events::GRAPH),
    channels: None,
    notes: &[
        "the page asks for 200 within a 3 s window (202 when work takes longer) but counts an \
         answer as slow only past 10 s: over 10% slow in 10 minutes delays notifications, over \
         15% drops them; the budget is the 3 s window",
    ],
    sources: &[
        GRAPH_WEBHOOKS,
        "https://learn.microsoft.com/graph/change-notifications-overview",
    ],
};

const GOOGLE_PUSH: &str = "https://developers.google.com/calendar/api/guides/push";

/// Google Calendar push notification channels.
const GOOGLE: Profile = Profile {
    name: "google",
    title: "Google Calendar push channels",
    budget: Rule::Assumed {
        value: seconds(5),
        why: "Google does not publish how long it waits; hookcheck holds the endpoint to 5 s",
    },
    retries: Retries::Backoff,
    gives_up: "not published",
    scheme: Scheme::Token(TokenPlace::Header("X-Goog-Channel-Token")),
    tolerance: None,
    handshake: Handshake::FirstDelivery("sync"),
    headers: &[
        ("X-Goog-Channel-ID", Field::Channel),
        ("X-Goog-Message-Number", Field::Number),
        ("X-Goog-Resource-ID", Field::Text("ret08u3rv24htgh289g")),
        ("X-Goog-Resource-State", Field::Event),
        ("X-Goog-Resource-URI", Field::Resource),
    ],
    events: Events::Header {
        name: "X-Goog-Resource-State",
        values: &["sync", "exists", "not_exists"],
    },
    channels: None,
    notes: &[],
    sources: &[GOOGLE_PUSH],
};
