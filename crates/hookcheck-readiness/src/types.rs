//! Payload handling: an endpoint must acknowledge every delivery, of the
//! event types it uses and of those it does not (senders add types and tell
//! receivers to ignore the ones they do not know). One delivery of each
//! type the series did not send: for the calendar API, its three other known
//! types and `gdpr_requested`, a type it documents beyond the five; for
//! another sender, the types of its profile after the series' two.

use hookcheck_core::{Code, Finding};
use hookcheck_deliver::notifications::Bodies;
use hookcheck_deliver::verdict::succeeded;
use hookcheck_deliver::{CheckError, Config, deliveries};
use hookcheck_payload::NotificationType;
use hookcheck_profile::{Events, Profile};

/// The types sent one each, after the series.
fn probed(profile: &Profile) -> Vec<String> {
    match profile.events {
        Events::Calendar => [
            NotificationType::ProfileDisconnected,
            NotificationType::ProfileInitialSyncCompleted,
            NotificationType::ConferencingProfileDisconnected,
            NotificationType::Other("gdpr_requested".into()),
        ]
        .iter()
        .map(|kind| kind.as_str().to_owned())
        .collect(),
        Events::Documents(_) | Events::Header { .. } => profile
            .events
            .names()
            .into_iter()
            .skip(2)
            .map(str::to_owned)
            .collect(),
    }
}

/// The `delivery-rejects-type` finding, when the endpoint fails a delivery
/// of any of the probed types. A delivery this machine's limits stopped is
/// `Err` (`CheckError::LocalLimit`): the tool's failure, neither a refusal
/// nor a type to skip in silence.
pub(crate) async fn refused(url: &str, delivery: &Config) -> Result<Option<Finding>, CheckError> {
    let mut refused = Vec::new();
    for kind in probed(delivery.profile) {
        let config = delivery.probe(Bodies::Only(kind.clone()), 1, delivery.signing);
        let run = match deliveries(url, &config).await {
            Ok(run) => run,
            Err(limit @ CheckError::LocalLimit(_)) => return Err(limit),
            // The series before reached the endpoint; a URL it cannot
            // take now has its findings there.
            Err(_) => continue,
        };
        let Some(sent) = run.series.first() else {
            continue;
        };
        if !succeeded(&sent.delivery, config.budget) {
            refused.push(format!("`{kind}` ({})", sent.delivery.outcome.describe()));
        }
    }
    if refused.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        Finding::new(
            Code::DeliveryRejectsType,
            format!(
                "the endpoint accepts {} deliveries but not {}",
                series(delivery.profile),
                refused.join(", ")
            ),
        )
        .with_fact("refused", refused.len()),
    ))
}

/// The types of the series, as the finding names them.
fn series(profile: &Profile) -> String {
    match profile.events {
        Events::Calendar => "verification and change".to_owned(),
        Events::Documents(_) | Events::Header { .. } => {
            let names = profile.events.names();
            let series: Vec<String> = names
                .iter()
                .take(2)
                .map(|name| format!("`{name}`"))
                .collect();
            series.join(" and ")
        }
    }
}
