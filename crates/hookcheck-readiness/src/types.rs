//! Payload handling: an endpoint must acknowledge every notification, of
//! the types it uses and of those it does not (the provider adds types and
//! tells receivers to ignore the ones they do not know). One delivery of
//! each type the series did not send: the three other known types, and
//! `gdpr_requested`, a type the provider documents beyond the five.

use hookcheck_core::{Code, Finding};
use hookcheck_deliver::notifications::Bodies;
use hookcheck_deliver::{CheckError, Config, check};
use hookcheck_payload::NotificationType;

/// The types sent one each, after the series of verification and changes.
fn probed() -> [NotificationType<'static>; 4] {
    [
        NotificationType::ProfileDisconnected,
        NotificationType::ProfileInitialSyncCompleted,
        NotificationType::ConferencingProfileDisconnected,
        NotificationType::Other("gdpr_requested".into()),
    ]
}

/// The `delivery-rejects-type` finding, when the endpoint fails a delivery
/// of any of the probed types. A delivery this machine's limits stopped is
/// `Err` (`CheckError::LocalLimit`): the tool's failure, neither a refusal
/// nor a type to skip in silence.
pub(crate) async fn refused(url: &str, delivery: &Config) -> Result<Option<Finding>, CheckError> {
    let mut refused = Vec::new();
    for kind in probed() {
        let config = Config {
            trust: delivery.trust.clone(),
            net: delivery.net.clone(),
            timeout: delivery.timeout,
            budget: delivery.budget,
            count: 1,
            concurrency: 1,
            burst: 0,
            bodies: Bodies::Only(kind.clone()),
            secrets: delivery.secrets.clone(),
            retry: delivery.retry,
            thresholds: delivery.thresholds,
        };
        let report = match check(url, &config).await {
            Ok(report) => report,
            Err(limit @ CheckError::LocalLimit(_)) => return Err(limit),
            // The series before reached the endpoint; a URL it cannot
            // take now has its findings there.
            Err(_) => continue,
        };
        let Some(record) = report
            .delivery
            .and_then(|d| d.deliveries.into_iter().next())
        else {
            continue;
        };
        if !record.succeeded {
            let how = match (record.status, record.detail) {
                (Some(status), _) => format!("answered {status}"),
                (None, Some(detail)) => detail,
                (None, None) => "failed".to_owned(),
            };
            refused.push(format!("`{}` ({how})", kind.as_str()));
        }
    }
    if refused.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        Finding::new(
            Code::DeliveryRejectsType,
            format!(
                "the endpoint accepts verification and change notifications but not {}",
                refused.join(", ")
            ),
        )
        .with_fact("refused", refused.len()),
    ))
}
