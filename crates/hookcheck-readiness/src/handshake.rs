//! The sender's first handshake, where it asks more of the answer than a
//! 2xx: Slack's `url_verification` must come back with its challenge, and
//! Microsoft Graph's validation request with its token, as `text/plain`,
//! within 10 seconds. Senders whose handshake is a delivery like any other
//! (the calendar API's `verification`, GitHub's `ping`) have it checked by
//! the series.
//!
//! A handshake that got no answer at all says nothing the series did not:
//! no finding here.

use std::time::Duration;

use hookcheck_core::{Code, Finding};
use hookcheck_deliver::engine::{Delivery, Outcome};
use hookcheck_deliver::notifications::{Bodies, Notifications, Prepared, USER_AGENT};
use hookcheck_deliver::{CheckError, Config, channel, exchange};
use hookcheck_profile::Handshake;

/// How much of a handshake's answer is read: a challenge or a token is a
/// few dozen bytes, and an answer that is not one is shown only in part.
const KEEP: usize = 4096;

/// The `delivery-handshake-failed` finding, when the endpoint answers the
/// sender's handshake but not as the sender requires.
pub(crate) async fn check(url: &str, delivery: &Config) -> Result<Option<Finding>, CheckError> {
    let profile = delivery.profile;
    let (prepared, target, expected, budget) = match profile.handshake {
        Handshake::EchoChallenge => {
            let first = profile.events.names().first().copied().unwrap_or_default();
            let notifications = Notifications::new(
                profile,
                &Bodies::Only(first.to_owned()),
                &channel(url),
                &delivery.secrets,
            )
            .map_err(CheckError::Bodies)?;
            let prepared = notifications.nth(0);
            let challenge = serde_json::from_slice::<serde_json::Value>(&prepared.body)
                .ok()
                .and_then(|body| body["challenge"].as_str().map(str::to_owned))
                .unwrap_or_default();
            (
                prepared,
                url.to_owned(),
                Expected::Challenge(challenge),
                delivery.budget,
            )
        }
        Handshake::ValidationToken { budget } => {
            let token = format!("hookcheck-validation-{}", channel(url).channel_id);
            let mut target =
                url::Url::parse(url).map_err(|error| CheckError::Url(error.to_string()))?;
            target
                .query_pairs_mut()
                .append_pair("validationToken", &token);
            let prepared = Prepared {
                body: bytes::Bytes::new(),
                kind: Some("validation".to_owned()),
                headers: vec![
                    ("user-agent", USER_AGENT.to_owned()),
                    ("content-type", "text/plain; charset=utf-8".to_owned()),
                ],
            };
            (prepared, target.into(), Expected::Token(token), budget)
        }
        Handshake::None | Handshake::FirstDelivery(_) => return Ok(None),
    };
    let answer = exchange(&target, delivery, &prepared, budget, KEEP).await?;
    Ok(judge(&answer, &expected, budget, profile.name))
}

/// What the answer must carry.
enum Expected {
    /// Slack's: the challenge, as the body, as `challenge=` form data or as
    /// JSON `{"challenge": …}`.
    Challenge(String),
    /// Graph's: 200, `text/plain`, the token exactly.
    Token(String),
}

fn judge(
    answer: &Delivery,
    expected: &Expected,
    budget: Duration,
    provider: &str,
) -> Option<Finding> {
    let Outcome::Answered { status, .. } = answer.outcome else {
        return None;
    };
    let kept = answer.kept.as_ref()?;
    let body = String::from_utf8_lossy(&kept.body);
    let content_type = kept.content_type.as_deref().unwrap_or("no content type");
    let late = answer.phases.total > budget;
    let (request, wanted, right) = match expected {
        Expected::Challenge(challenge) => (
            "the url_verification request",
            format!("its challenge `{challenge}`"),
            status == 200 && echoes(&body, challenge),
        ),
        Expected::Token(token) => (
            "the validation request",
            format!(
                "200 with `text/plain` holding exactly its validationToken `{token}`, within {}",
                hookcheck_profile::duration(budget)
            ),
            status == 200
                && content_type.starts_with("text/plain")
                && body == token.as_str()
                && !late,
        ),
    };
    if right {
        return None;
    }
    let shown: String = body.chars().take(80).collect();
    let cut = if shown.len() < body.len() { "…" } else { "" };
    Some(
        Finding::new(
            Code::DeliveryHandshakeFailed,
            format!(
                "the endpoint answered {request} with {status} ({content_type}) `{shown}{cut}` in {:.0} ms, \
                 not {wanted}: {provider} does not start sending notifications",
                answer.phases.total.as_secs_f64() * 1e3
            ),
        )
        .with_fact("status", status)
        .with_fact("provider", provider),
    )
}

/// Whether a body carries the challenge back in one of the forms Slack
/// takes.
fn echoes(body: &str, challenge: &str) -> bool {
    let body = body.trim();
    if body == challenge {
        return true;
    }
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(body) {
        return json["challenge"] == challenge;
    }
    url::form_urlencoded::parse(body.as_bytes())
        .any(|(name, value)| name == "challenge" && value == challenge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookcheck_deliver::engine::{Acks, Kept, Phases};

    fn answered(status: u16, content_type: &str, body: &str, ms: u64) -> Delivery {
        Delivery {
            phases: Phases {
                total: Duration::from_millis(ms),
                ..Phases::default()
            },
            reused: false,
            reconnected: false,
            answer_reads: 1,
            acks: Acks::Immediate,
            protocol: None,
            outcome: Outcome::Answered {
                status,
                location: None,
                body_bytes: body.len(),
            },
            kept: Some(Kept {
                content_type: Some(content_type.to_owned()),
                headers: hookcheck_deliver::engine::HeaderMap::new(),
                body: bytes::Bytes::from(body.to_owned()),
            }),
        }
    }

    /// Graph's validation wants the token itself, as plain text, in time;
    /// the token in JSON, or late, or with another status, is a failure.
    #[test]
    fn a_validation_answer_is_the_token_as_plain_text_in_time() {
        let expected = Expected::Token("tok".to_owned());
        let budget = Duration::from_secs(10);
        let judged = |delivery: &Delivery| judge(delivery, &expected, budget, "graph");
        assert!(judged(&answered(200, "text/plain; charset=utf-8", "tok", 5)).is_none());
        for wrong in [
            answered(200, "application/json", r#"{"validationToken":"tok"}"#, 5),
            answered(200, "text/plain", "tok", 10_500),
            answered(202, "text/plain", "tok", 5),
            answered(200, "text/plain", "tok\n", 5),
        ] {
            let finding = judged(&wrong).expect("a finding");
            assert_eq!(finding.code, Code::DeliveryHandshakeFailed);
            assert!(
                finding.message.contains("not 200 with `text/plain`"),
                "{}",
                finding.message
            );
        }
    }

    #[test]
    fn a_challenge_comes_back_as_text_json_or_form_data() {
        for body in [
            "3eZbrw1aB",
            " 3eZbrw1aB\n",
            r#"{"challenge":"3eZbrw1aB"}"#,
            "challenge=3eZbrw1aB",
        ] {
            assert!(echoes(body, "3eZbrw1aB"), "{body}");
        }
        for body in [
            "ok",
            "",
            r#"{"challenge":"other"}"#,
            "challenge=other",
            "3eZbrw1a",
        ] {
            assert!(!echoes(body, "3eZbrw1aB"), "{body}");
        }
    }
}
