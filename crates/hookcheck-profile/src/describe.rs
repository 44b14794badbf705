//! The rules in words, as `hookcheck providers` and reports show them.

use std::fmt;
use std::time::Duration;

use crate::{Handshake, Retries, Rule, Scheme, TokenPlace};

/// A duration as a person writes it: `500 ms`, `5 s`, `30 min`, `4 h`,
/// `3 days`; the largest unit that divides it, so nothing is rounded away.
pub fn duration(value: Duration) -> String {
    let seconds = value.as_secs();
    if value.subsec_nanos() != 0 || seconds == 0 {
        return format!("{} ms", value.as_millis());
    }
    for (unit, name) in [(86_400, "days"), (3_600, "h"), (60, "min")] {
        if seconds.is_multiple_of(unit) {
            let count = seconds / unit;
            return match (count, name) {
                (1, "days") => "1 day".to_owned(),
                _ => format!("{count} {name}"),
            };
        }
    }
    format!("{seconds} s")
}

impl fmt::Display for Rule<Duration> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Published { value, .. } => f.write_str(&duration(*value)),
            Rule::Assumed { value, .. } => write!(f, "{} (not published)", duration(*value)),
        }
    }
}

impl fmt::Display for Retries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Retries::Never => f.write_str("none"),
            Retries::Delays(delays) => {
                let delays: Vec<String> = delays
                    .iter()
                    .map(|delay| match *delay {
                        Duration::ZERO => "at once".to_owned(),
                        delay => duration(delay),
                    })
                    .collect();
                write!(
                    f,
                    "{} times, at these delays: {}",
                    delays.len(),
                    delays.join(", ")
                )
            }
            Retries::Within(window) => write!(f, "with backoff for {window}"),
            Retries::Backoff => f.write_str("with backoff, for how long not published"),
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scheme::BodyHmac { header } => {
                write!(f, "{header}: base64 HMAC-SHA256 of the body")
            }
            Scheme::StandardWebhooks => f.write_str(
                "webhook-signature: v1,base64 HMAC-SHA256 of `id.timestamp.body` (whsec_ keys)",
            ),
            Scheme::GitHub => {
                f.write_str("X-Hub-Signature-256: sha256=hex HMAC-SHA256 of the body")
            }
            Scheme::Stripe => {
                f.write_str("Stripe-Signature: t=…,v1=hex HMAC-SHA256 of `timestamp.body`")
            }
            Scheme::Slack => {
                f.write_str("X-Slack-Signature: v0=hex HMAC-SHA256 of `v0:timestamp:body`")
            }
            Scheme::Token(TokenPlace::Header(header)) => {
                write!(f, "none: a shared token in {header}")
            }
            Scheme::Token(TokenPlace::ClientState) => {
                f.write_str("none: a shared token as clientState in each notification")
            }
        }
    }
}

impl fmt::Display for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Handshake::None => f.write_str("none"),
            Handshake::FirstDelivery(kind) => write!(f, "a `{kind}` delivery first"),
            Handshake::EchoChallenge => {
                f.write_str("url_verification: the challenge echoed in the answer")
            }
            Handshake::ValidationToken { budget } => write!(
                f,
                "validationToken: echoed as 200 text/plain within {}",
                duration(*budget)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_keep_their_exact_value() {
        for (seconds, text) in [
            (0, "0 ms"),
            (5, "5 s"),
            (90, "90 s"),
            (300, "5 min"),
            (4 * 3_600, "4 h"),
            (86_400, "1 day"),
            (3 * 86_400, "3 days"),
        ] {
            assert_eq!(duration(Duration::from_secs(seconds)), text);
        }
        assert_eq!(duration(Duration::from_millis(1_500)), "1500 ms");
    }
}
