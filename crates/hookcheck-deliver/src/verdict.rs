//! From measured deliveries to findings, as the provider counts them: a
//! delivery succeeds only with a 2xx answer complete within the budget;
//! anything else fails, with its cause. Pure: deliveries and a budget in,
//! findings out.

use std::fmt::Write as _;
use std::time::Duration;

use hookcheck_core::{Code, Finding};

use crate::delayed_ack;
use crate::engine::{Delivery, Outcome};
use crate::stats::Latencies;

/// Why 100 ms beside the factor: a first delivery that much slower than the
/// rest is a server warming up (a cold container, a lazily opened pool),
/// while a few milliseconds more are a new connection's handshake.
const COLD_MARGIN: Duration = Duration::from_millis(100);

/// When the warnings about margins are raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// `delivery-slow` when the p99 of successful deliveries is over this;
    /// `None` is half the budget.
    pub slow: Option<Duration>,
    /// `delivery-cold-start` when the first delivery is this many times
    /// slower than the median of the rest (and 100 ms slower at least).
    pub cold_start_factor: u32,
}

impl Default for Thresholds {
    /// Half the budget, and three times: a p99 past half the budget leaves
    /// one bad day of margin; a first delivery three times the rest is no
    /// jitter.
    fn default() -> Thresholds {
        Thresholds {
            slow: None,
            cold_start_factor: 3,
        }
    }
}

/// The causes a failure finding lists before it only counts the rest.
const MAX_CAUSES: usize = 3;

/// Whether the provider counts this delivery as delivered.
pub fn succeeded(delivery: &Delivery, budget: Duration) -> bool {
    matches!(
        delivery.outcome,
        Outcome::Answered {
            status: 200..=299,
            ..
        }
    ) && delivery.phases.total <= budget
}

/// The totals of the deliveries the provider counts as delivered: what
/// `delivery-slow` and the report's margin are about (failures have
/// findings of their own).
pub fn succeeded_latencies<'a>(
    deliveries: impl IntoIterator<Item = &'a Delivery>,
    budget: Duration,
) -> Latencies {
    let mut latencies = Latencies::new();
    for delivery in deliveries {
        if succeeded(delivery, budget) {
            latencies.record(delivery.phases.total);
        }
    }
    latencies
}

/// The findings of deliveries sent one after another (`sequential`) and
/// all at once (`burst`), and of the one made with delayed
/// acknowledgements (`probe`, see [`crate::delayed_ack`]), against
/// `budget`; `signed` when they carried a signature. The probe is no
/// delivery of the series: it only tells whether answers wait for the
/// client's acknowledgements.
pub fn judge(
    sequential: &[&Delivery],
    burst: &[&Delivery],
    probe: Option<&Delivery>,
    budget: Duration,
    signed: bool,
    thresholds: Thresholds,
) -> Vec<Finding> {
    let slow = thresholds.slow.unwrap_or(budget / 2);
    let all: Vec<&Delivery> = sequential.iter().chain(burst).copied().collect();
    let mut findings = failures(&all, budget, signed);
    if let Some(summary) = succeeded_latencies(all.iter().copied(), budget).summary()
        && summary.p99 > slow
    {
        let threshold = if thresholds.slow.is_some() {
            format!("over the {} threshold", ms(slow))
        } else {
            format!("over half the {} budget", ms(budget))
        };
        findings.push(
            Finding::new(
                Code::DeliverySlow,
                format!(
                    "the 99th percentile of successful deliveries is {}, {threshold}: {} of \
                     margin left",
                    ms(summary.p99),
                    ms(budget.saturating_sub(summary.p99))
                ),
            )
            .with_fact("p99_ms", millis(summary.p99))
            .with_fact("threshold_ms", millis(slow))
            .with_fact("budget_ms", millis(budget)),
        );
    }
    findings.extend(cold_start(sequential, thresholds.cold_start_factor));
    findings.extend(burst_degraded(sequential, burst, budget));
    findings.extend(delayed_ack::finding(sequential, probe));
    findings
}

/// One finding per kind of failure, with how many and an example.
///
/// A signed delivery refused as unauthorised (401, 403) is the endpoint's
/// signature check failing on a correct signature: verifying re-serialised
/// JSON instead of the raw bytes, or not splitting the header's
/// comma-separated values during a rotation.
fn failures(all: &[&Delivery], budget: Duration, signed: bool) -> Vec<Finding> {
    let total = all.len();
    let Causes {
        late,
        slowest,
        statuses,
        refused,
        redirects,
        not_public,
        dns,
        connect,
        tls,
        broken,
        broke_after,
    } = causes(all, budget, signed);
    let mut findings = Vec::new();
    let mut add = |code: Code, causes: Vec<String>, what: &str| {
        if causes.is_empty() {
            return;
        }
        let mut distinct = causes.clone();
        distinct.sort();
        distinct.dedup();
        // A few causes say what happened; a thousand would drown it.
        let more = distinct.len().saturating_sub(MAX_CAUSES);
        distinct.truncate(MAX_CAUSES);
        let mut listed = distinct.join("; ");
        if more > 0 {
            let _ = write!(listed, "; and {more} other cause(s)");
        }
        findings.push(
            Finding::new(
                code,
                format!("{} of {total} deliveries {what}: {listed}", causes.len()),
            )
            .with_fact("failed", causes.len())
            .with_fact("deliveries", total),
        );
    };
    add(
        Code::UrlNotPublic,
        not_public,
        "were not sent: the host has no public address",
    );
    add(Code::DeliveryDnsFailed, dns, "could not resolve the host");
    add(Code::DeliveryConnectFailed, connect, "could not connect");
    add(
        Code::TlsHandshakeFailed,
        tls,
        "found no TLS session a strict client accepts",
    );
    add(
        Code::DeliveryRedirect,
        redirects,
        "were redirected (the provider never follows)",
    );
    add(
        Code::DeliveryRejectsSigned,
        refused,
        "were correctly signed and refused as unauthorised",
    );
    add(
        Code::DeliveryNon2xx,
        statuses,
        "were answered with a status other than 2xx",
    );
    let earliest = broke_after.iter().min().copied().unwrap_or_default();
    let latest = broke_after.iter().max().copied().unwrap_or_default();
    add(
        Code::DeliveryBroken,
        broken,
        &format!(
            "were cut off: the connection was reset or closed before a full answer, {}",
            span(earliest, latest)
        ),
    );
    add(Code::DeliveryTimeout, late, &late_message(budget, slowest));
    if let Some(broken) = findings.iter_mut().find(|f| f.code == Code::DeliveryBroken) {
        broken
            .facts
            .insert("earliest_ms".to_owned(), millis(earliest).into());
        broken
            .facts
            .insert("latest_ms".to_owned(), millis(latest).into());
    }
    findings
}

/// When deliveries broke off: `after 2 ms`, `after 2 ms to 1.2 s`.
fn span(first: Duration, last: Duration) -> String {
    if ms(first) == ms(last) {
        format!("after {}", ms(first))
    } else {
        format!("after {} to {}", ms(first), ms(last))
    }
}

/// The failed deliveries' causes, by the finding they make.
#[derive(Default)]
struct Causes {
    late: Vec<String>,
    /// The latest 2xx that came after the budget.
    slowest: Duration,
    statuses: Vec<String>,
    refused: Vec<String>,
    redirects: Vec<String>,
    not_public: Vec<String>,
    dns: Vec<String>,
    connect: Vec<String>,
    tls: Vec<String>,
    broken: Vec<String>,
    /// When each broken delivery broke.
    broke_after: Vec<Duration>,
}

fn causes(all: &[&Delivery], budget: Duration, signed: bool) -> Causes {
    let mut causes = Causes::default();
    for delivery in all {
        match &delivery.outcome {
            Outcome::Answered {
                status: 200..=299, ..
            } if delivery.phases.total > budget => {
                causes.late.push("a 2xx after the budget".to_owned());
                causes.slowest = causes.slowest.max(delivery.phases.total);
            }
            Outcome::Answered {
                status: 200..=299, ..
            } => {}
            Outcome::Answered {
                status: status @ 300..=399,
                location,
                ..
            } => causes.redirects.push(format!(
                "{status} to {}",
                location.as_deref().unwrap_or("no location")
            )),
            Outcome::Answered {
                status: status @ (401 | 403),
                ..
            } if signed => causes.refused.push(status.to_string()),
            Outcome::Answered { status, .. } => causes.statuses.push(status.to_string()),
            Outcome::TimedOut(stuck) => causes.late.push(format!("no answer, stuck {stuck}")),
            Outcome::Broken(cause) => {
                causes.broken.push(match delivery.phases.ttfb {
                    Some(_) => format!("{cause}, after the answer's head"),
                    None => format!("{cause}, before any answer"),
                });
                causes.broke_after.push(delivery.phases.total);
            }
            Outcome::DnsFailed(cause) => causes.dns.push(cause.clone()),
            Outcome::NotPublic(cause) => causes.not_public.push(cause.clone()),
            // A local limit ends the check before any verdict (`check`).
            Outcome::ConnectFailed(cause) | Outcome::LocalLimit(cause) => {
                causes.connect.push(cause.clone());
            }
            Outcome::TlsFailed(cause) => causes.tls.push(cause.clone()),
        }
    }
    causes
}

/// What late deliveries did, with the latest 2xx when one came too late.
fn late_message(budget: Duration, slowest: Duration) -> String {
    let within = format!(
        "got no complete 2xx answer within the {} budget",
        ms(budget)
    );
    if slowest > Duration::ZERO {
        format!("{within} (the latest 2xx came after {})", ms(slowest))
    } else {
        within
    }
}

/// The first delivery much slower than the median of the rest.
fn cold_start(sequential: &[&Delivery], factor: u32) -> Option<Finding> {
    let (first, rest) = sequential.split_first()?;
    if rest.len() < 2 {
        return None;
    }
    let mut times: Vec<Duration> = rest.iter().map(|d| d.phases.total).collect();
    times.sort();
    let median = times[times.len() / 2];
    let cold = first.phases.total;
    if cold < median * factor || cold < median + COLD_MARGIN {
        return None;
    }
    Some(
        Finding::new(
            Code::DeliveryColdStart,
            format!(
                "the first delivery took {}, the following ones {} (median): the endpoint \
                 starts cold",
                ms(cold),
                ms(median)
            ),
        )
        .with_fact("first_ms", millis(cold))
        .with_fact("median_ms", millis(median)),
    )
}

/// Deliveries arriving together fail or cross the budget while the same
/// endpoint answers them one at a time in time.
fn burst_degraded(
    sequential: &[&Delivery],
    burst: &[&Delivery],
    budget: Duration,
) -> Option<Finding> {
    if burst.is_empty() || sequential.iter().any(|d| !succeeded(d, budget)) {
        return None;
    }
    let failed = burst.iter().filter(|d| !succeeded(d, budget)).count();
    if failed == 0 {
        return None;
    }
    let slowest = burst
        .iter()
        .map(|d| d.phases.total)
        .max()
        .unwrap_or_default();
    Some(
        Finding::new(
            Code::DeliveryBurstDegraded,
            format!(
                "one at a time every delivery succeeds, but {failed} of {} sent at once fail \
                 the {} budget (the slowest took {})",
                burst.len(),
                ms(budget),
                ms(slowest)
            ),
        )
        .with_fact("failed", failed)
        .with_fact("burst", burst.len()),
    )
}

/// A duration as reports write it: `250 ms`, `5 s`, `5.22 s`.
pub(crate) fn ms(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        let seconds = format!("{:.2}", duration.as_secs_f64());
        format!("{} s", seconds.trim_end_matches('0').trim_end_matches('.'))
    }
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Acks, Phases};

    const BUDGET: Duration = Duration::from_secs(5);

    fn delivery(total_ms: u64, outcome: Outcome) -> Delivery {
        Delivery {
            phases: Phases {
                total: Duration::from_millis(total_ms),
                ..Phases::default()
            },
            reused: false,
            reconnected: false,
            answer_reads: 1,
            acks: Acks::Immediate,
            protocol: None,
            outcome,
            kept: None,
        }
    }

    fn ok(total_ms: u64) -> Delivery {
        delivery(
            total_ms,
            Outcome::Answered {
                status: 200,
                location: None,
                body_bytes: 2,
            },
        )
    }

    fn judged(sequential: &[Delivery], burst: &[Delivery], signed: bool) -> Vec<Finding> {
        let sequential: Vec<&Delivery> = sequential.iter().collect();
        let burst: Vec<&Delivery> = burst.iter().collect();
        judge(
            &sequential,
            &burst,
            None,
            BUDGET,
            signed,
            Thresholds::default(),
        )
    }

    fn status(code: u16) -> Delivery {
        delivery(
            3,
            Outcome::Answered {
                status: code,
                location: None,
                body_bytes: 0,
            },
        )
    }

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn the_budget_is_exact_on_both_sides() {
        assert!(succeeded(&ok(4_900), BUDGET));
        assert!(succeeded(&ok(5_000), BUDGET));
        assert!(!succeeded(&ok(5_100), BUDGET));
        let findings = judged(&[ok(4_900), ok(5_100)], &[], false);
        assert_eq!(codes(&findings), ["delivery-timeout", "delivery-slow"]);
        assert!(
            findings[0].message.starts_with("1 of 2 deliveries"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn every_failure_is_named_by_its_cause() {
        let deliveries = [
            delivery(
                3,
                Outcome::Answered {
                    status: 500,
                    location: None,
                    body_bytes: 0,
                },
            ),
            delivery(
                3,
                Outcome::Answered {
                    status: 410,
                    location: None,
                    body_bytes: 0,
                },
            ),
            delivery(
                3,
                Outcome::Answered {
                    status: 301,
                    location: Some("https://x.test/".into()),
                    body_bytes: 0,
                },
            ),
            delivery(5_200, Outcome::TimedOut("waiting for the answer")),
            delivery(1, Outcome::ConnectFailed("connection refused".into())),
            delivery(1, Outcome::DnsFailed("no such host".into())),
            delivery(1, Outcome::TlsFailed("UnknownIssuer".into())),
            delivery(2, Outcome::Broken("connection reset".into())),
        ];
        let findings = judged(&deliveries, &[], false);
        assert_eq!(
            codes(&findings),
            [
                "delivery-dns-failed",
                "delivery-connect-failed",
                "tls-handshake-failed",
                "delivery-redirect",
                "delivery-non-2xx",
                "delivery-broken",
                "delivery-timeout"
            ]
        );
        let non_2xx = &findings[4].message;
        assert!(
            non_2xx.contains("2 of 8") && non_2xx.contains("410; 500"),
            "{non_2xx}"
        );
        assert!(findings[3].message.contains("301 to https://x.test/"));
        assert!(findings[6].message.contains("stuck waiting for the answer"));
    }

    #[test]
    fn a_broken_connection_is_not_a_timeout_and_says_when_and_how() {
        let mut after_head = delivery(
            40,
            Outcome::Broken("connection closed before message completed".into()),
        );
        after_head.phases.ttfb = Some(Duration::from_millis(1));
        let deliveries = [
            delivery(2, Outcome::Broken("connection reset".into())),
            after_head,
            ok(3),
        ];
        let findings = judged(&deliveries, &[], false);
        assert_eq!(codes(&findings), ["delivery-broken"]);
        let broken = &findings[0];
        assert_eq!(
            broken.message,
            "2 of 3 deliveries were cut off: the connection was reset or closed before a full \
             answer, after 2 ms to 40 ms: connection closed before message completed, after \
             the answer's head; connection reset, before any answer"
        );
        assert_eq!(
            (&broken.facts["earliest_ms"], &broken.facts["latest_ms"]),
            (&2.into(), &40.into())
        );
    }

    #[test]
    fn a_fast_healthy_endpoint_has_no_finding() {
        let sequential: Vec<Delivery> = (0..10).map(|i| ok(20 + i)).collect();
        let burst: Vec<Delivery> = (0..10).map(|i| ok(40 + i)).collect();
        assert!(judged(&sequential, &burst, false).is_empty());
    }

    #[test]
    fn a_cold_start_and_a_degrading_burst_are_warnings() {
        let sequential = [ok(1_500), ok(30), ok(35), ok(32)];
        let burst = [ok(900), ok(4_000), ok(5_600)];
        let findings = judged(&sequential, &burst, false);
        assert_eq!(
            codes(&findings),
            [
                "delivery-timeout",
                "delivery-slow",
                "delivery-cold-start",
                "delivery-burst-degraded"
            ]
        );
        let cold = &findings[2];
        assert_eq!(cold.facts["first_ms"], 1_500);
        assert_eq!(cold.facts["median_ms"], 32);
        // Jitter is not a cold start.
        assert!(cold_start(&[&ok(60), &ok(30), &ok(35), &ok(32)], 3).is_none());
    }

    #[test]
    fn a_signed_delivery_refused_as_unauthorised_is_named_as_such() {
        let answers = [status(401), status(403), status(404)];
        assert_eq!(
            codes(&judged(&answers, &[], true)),
            ["delivery-rejects-signed", "delivery-non-2xx"]
        );
        // Unsigned, a 401 is only a status other than 2xx.
        assert_eq!(codes(&judged(&answers, &[], false)), ["delivery-non-2xx"]);
    }

    #[test]
    fn a_failure_lists_a_few_causes_and_counts_the_rest() {
        let answers: Vec<Delivery> = [500, 501, 502, 503, 504].map(status).into();
        let findings = judged(&answers, &[], false);
        assert_eq!(
            findings[0].message,
            "5 of 5 deliveries were answered with a status other than 2xx: 500; 501; 502; \
             and 2 other cause(s)"
        );
        let late = judged(&[ok(5_220), ok(5_471)], &[], false);
        assert_eq!(
            late[0].message,
            "2 of 2 deliveries got no complete 2xx answer within the 5 s budget (the latest \
             2xx came after 5.47 s): a 2xx after the budget"
        );
    }

    #[test]
    fn thresholds_move_the_warnings() {
        let sequential: Vec<Delivery> = [1_000, 300, 310, 320].map(ok).into();
        let refs: Vec<&Delivery> = sequential.iter().collect();
        let default = judge(&refs, &[], None, BUDGET, false, Thresholds::default());
        assert_eq!(codes(&default), ["delivery-cold-start"]);
        let strict = Thresholds {
            slow: Some(Duration::from_millis(500)),
            cold_start_factor: 5,
        };
        let findings = judge(&refs, &[], None, BUDGET, false, strict);
        assert_eq!(codes(&findings), ["delivery-slow"]);
        assert!(
            findings[0].message.contains("over the 500 ms threshold"),
            "{}",
            findings[0].message
        );
    }
}
