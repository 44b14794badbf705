//! Whether the endpoint is safe to expose: after the normal deliveries, a
//! delivery signed with a key that is not the secret, one without the
//! signature, for a timestamped scheme one signed longer ago than the
//! sender's replay tolerance, and one delivery sent twice. A 2xx to any of
//! the first three is a finding; a 2xx to the repeat is only what the
//! answer can say (the right answer either way), an info.
//!
//! A delivery that got no answer says nothing about what the endpoint
//! accepts: it draws no finding here (the series has the endpoint's
//! failures already).

use std::time::Duration;

use hookcheck_core::{Code, Finding};
use hookcheck_deliver::engine::Outcome;
use hookcheck_deliver::notifications::{Bodies, Signing};
use hookcheck_deliver::{CheckError, Config, deliveries};

/// How much older than the tolerance a replayed delivery is signed: well
/// past it, so that a receiver's clock a little off still refuses it.
const PAST_TOLERANCE: Duration = Duration::from_secs(10 * 60);

/// The findings of the forgery, replay and repeat deliveries to `url`, or
/// the one saying they were not sent (no secret to sign with).
pub(crate) async fn probe(url: &str, delivery: &Config) -> Result<Vec<Finding>, CheckError> {
    if delivery.secrets.is_empty() {
        return Ok(vec![Finding::new(
            Code::DeliveryForgeryUnchecked,
            "no secret was given: forged, unsigned and replayed deliveries were not sent",
        )]);
    }
    let profile = delivery.profile;
    let mut probes = vec![
        (Signing::Forged, 1, Code::DeliveryAcceptsForged),
        (Signing::Unsigned, 1, Code::DeliveryAcceptsUnsigned),
    ];
    if let Some(tolerance) = profile.tolerance {
        let age = tolerance.value() + PAST_TOLERANCE;
        probes.push((Signing::Stale(age), 1, Code::DeliveryAcceptsReplay));
    }
    probes.push((Signing::Repeated, 2, Code::DeliveryAcceptsRepeat));
    // The sender's usual delivery: its second event type (the first is the
    // handshake of some senders).
    let names = profile.events.names();
    let event = names.get(1).or(names.first()).copied().unwrap_or_default();
    let mut findings = Vec::new();
    for (signing, count, code) in probes {
        let config = delivery.probe(Bodies::Only(event.to_owned()), count, signing);
        let run = match deliveries(url, &config).await {
            Ok(run) => run,
            Err(limit @ CheckError::LocalLimit(_)) => return Err(limit),
            // The series reached the endpoint; a URL it cannot take now
            // has its findings there.
            Err(_) => continue,
        };
        let statuses: Vec<u16> = run
            .series
            .iter()
            .filter_map(|sent| match sent.delivery.outcome {
                Outcome::Answered { status, .. } => Some(status),
                _ => None,
            })
            .collect();
        // Every delivery of the probe answered, each with a 2xx.
        let accepted = statuses.len() == count && statuses.iter().all(|s| (200..300).contains(s));
        if accepted {
            findings.push(finding(code, signing, profile, statuses[count - 1]));
        }
    }
    Ok(findings)
}

fn finding(
    code: Code,
    signing: Signing,
    profile: &hookcheck_profile::Profile,
    status: u16,
) -> Finding {
    let what = match signing {
        Signing::Forged => "a delivery signed with a key that is not the secret".to_owned(),
        Signing::Unsigned => "a delivery without the signature".to_owned(),
        Signing::Stale(age) => format!(
            "a correctly signed delivery whose signature is {} old, past {}'s tolerance of {}",
            hookcheck_profile::duration(age),
            profile.name,
            profile
                .tolerance
                .map(|tolerance| hookcheck_profile::duration(tolerance.value()))
                .unwrap_or_default()
        ),
        Signing::Repeated => match profile.id_header() {
            Some(header) => format!("the same delivery twice (the same {header})"),
            None => "the same delivery twice (the same bytes and signature)".to_owned(),
        },
        Signing::Genuine => "a genuine delivery".to_owned(),
    };
    let meaning = match signing {
        Signing::Repeated => {
            "a 2xx is right either way, so the answer cannot tell whether the app processed it twice"
        }
        _ => {
            "it does not check, or acknowledges such deliveries without acting on them, which the answer cannot tell apart"
        }
    };
    Finding::new(
        code,
        format!("the endpoint answered {status} to {what}: {meaning}"),
    )
    .with_fact("status", status)
    .with_fact("provider", profile.name)
}
