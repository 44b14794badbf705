//! From a run's measurements to the report: the findings of the verdict
//! and the `delivery` section (percentiles, phase medians, the histogram,
//! the retry outlook and every delivery). Pure: measurements in, report out.

use std::time::Duration;

use hookcheck_core::{
    BurstSummary, Code, DeliveryOutcome, DeliveryRecord, DeliverySection, HistogramBar, LatencyMs,
    PhasesMs, Report, RetryModel, RetryOutlook, Stage,
};
use hookcheck_profile::Scheme;

use crate::engine::{Delivery, Outcome, Phases};
use crate::retry::{Schedule, outlook};
use crate::run::{Run, Sent};
use crate::stats::{Latencies, Summary};
use crate::verdict::{Thresholds, judge, succeeded, succeeded_latencies};

/// Bars of the latency histogram: enough to see a second mode, few enough
/// for a terminal.
const HISTOGRAM_BARS: u32 = 12;

/// How the run was made, as the report states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The sender whose deliveries these are.
    pub provider: &'static str,
    /// How the sender signs them.
    pub scheme: Scheme,
    /// The budget deliveries are judged against.
    pub budget: Duration,
    /// When unanswered deliveries were given up.
    pub cutoff: Duration,
    /// Deliveries of the series in flight at once.
    pub concurrency: usize,
    /// How many secrets signed each delivery.
    pub signed_with: usize,
    /// The retry model the outlook is computed under.
    pub retry: Schedule,
    /// When margins draw warnings.
    pub thresholds: Thresholds,
}

/// The report of `run` against `target`.
pub fn report(target: &str, run: &Run, settings: &Settings) -> Report {
    let series: Vec<&Delivery> = run.series.iter().map(|s| &s.delivery).collect();
    let burst: Vec<&Delivery> = run.burst.iter().map(|s| &s.delivery).collect();
    let mut findings = judge(
        &series,
        &burst,
        run.ack_probe.as_ref().map(|s| &s.delivery),
        settings.budget,
        settings.signed_with > 0,
        settings.thresholds,
    );
    // The fix names the sender's own scheme.
    for finding in &mut findings {
        if finding.code == Code::DeliveryRejectsSigned {
            finding.fix = format!(
                "Verify the signature as {} signs it ({}) over the raw body bytes, and accept \
                 any of the values a secret rotation lists.",
                settings.provider, settings.scheme
            );
        }
    }
    let mut report = Report::new(target, findings);
    report.delivery = Some(section(run, settings));
    report
}

fn section(run: &Run, settings: &Settings) -> DeliverySection {
    let budget = settings.budget;
    let all: Vec<&Sent> = run.series.iter().chain(&run.burst).collect();
    let attempts = all.len();
    let delivered = all
        .iter()
        .filter(|s| succeeded(&s.delivery, budget))
        .count();
    let latencies = reached(&all);
    let latency = latencies.summary();
    let failure_rate = if attempts == 0 {
        0.0
    } else {
        1.0 - ratio(delivered, attempts)
    };
    let burst: Vec<&Sent> = run.burst.iter().collect();
    DeliverySection {
        provider: settings.provider.to_owned(),
        budget_ms: ms(budget),
        cutoff_ms: ms(settings.cutoff),
        concurrency: settings.concurrency,
        attempts,
        succeeded: delivered,
        success_rate: if attempts == 0 {
            0.0
        } else {
            ratio(delivered, attempts)
        },
        latency_ms: latency.map(latency_ms),
        margin_ms: succeeded_latencies(all.iter().map(|s| &s.delivery), budget)
            .summary()
            .map(|l| ms(budget) - ms(l.p99)),
        phases_ms: medians(&all),
        reused: all.iter().filter(|s| s.delivery.reused).count(),
        reconnected: all.iter().filter(|s| s.delivery.reconnected).count(),
        histogram: latencies
            .buckets(HISTOGRAM_BARS)
            .into_iter()
            .map(|b| HistogramBar {
                upper_ms: ms(b.upper),
                count: b.count,
            })
            .collect(),
        burst: (!burst.is_empty()).then(|| BurstSummary {
            size: burst.len(),
            succeeded: burst
                .iter()
                .filter(|s| succeeded(&s.delivery, budget))
                .count(),
            latency_ms: reached(&burst).summary().map(latency_ms),
        }),
        retry: retry_outlook(&settings.retry, failure_rate),
        signed_with: settings.signed_with,
        wall_ms: ms(run.wall),
        deliveries: all.iter().map(|sent| record(sent, budget)).collect(),
        ack_probe: run.ack_probe.as_ref().map(|sent| record(sent, budget)),
    }
}

/// The totals of the deliveries that reached the server: an answer, a
/// timeout or a break once connected. A refused connection or a failed
/// name lookup says nothing about how fast the endpoint answers.
fn reached(sent: &[&Sent]) -> Latencies {
    let mut latencies = Latencies::new();
    for s in sent {
        let d = &s.delivery;
        let reached = match d.outcome {
            Outcome::Answered { .. } | Outcome::Broken(_) => true,
            Outcome::TimedOut(_) => d.reused || d.phases.connect.is_some(),
            Outcome::DnsFailed(_)
            | Outcome::NotPublic(_)
            | Outcome::ConnectFailed(_)
            | Outcome::LocalLimit(_)
            | Outcome::TlsFailed(_) => false,
        };
        if reached {
            latencies.record(d.phases.total);
        }
    }
    latencies
}

fn latency_ms(summary: Summary) -> LatencyMs {
    LatencyMs {
        count: summary.count,
        min: ms(summary.min),
        p50: ms(summary.p50),
        p90: ms(summary.p90),
        p99: ms(summary.p99),
        max: ms(summary.max),
        mean: ms(summary.mean),
    }
}

/// The median of each phase over the deliveries that had it.
fn medians(sent: &[&Sent]) -> PhasesMs {
    let median = |pick: fn(&Phases) -> Option<Duration>| {
        let mut values: Vec<Duration> = sent
            .iter()
            .filter_map(|s| pick(&s.delivery.phases))
            .collect();
        values.sort_unstable();
        values.get(values.len() / 2).copied().map(ms)
    };
    PhasesMs {
        dns: median(|p| p.dns),
        connect: median(|p| p.connect),
        tls: median(|p| p.tls),
        ttfb: median(|p| p.ttfb),
        total: median(|p| Some(p.total)).unwrap_or_default(),
    }
}

fn record(sent: &Sent, budget: Duration) -> DeliveryRecord {
    let d = &sent.delivery;
    let (outcome, status, detail) = match &d.outcome {
        Outcome::Answered {
            status, location, ..
        } => (DeliveryOutcome::Answered, Some(*status), location.clone()),
        Outcome::TimedOut(stuck) => (
            DeliveryOutcome::TimedOut,
            None,
            Some(format!("stuck {stuck}")),
        ),
        Outcome::DnsFailed(cause) => (DeliveryOutcome::DnsFailed, None, Some(cause.clone())),
        Outcome::NotPublic(cause) => (DeliveryOutcome::NotPublic, None, Some(cause.clone())),
        // A local limit ends the check before any report (`check`); were
        // one to get here, it is at least no connection.
        Outcome::ConnectFailed(cause) | Outcome::LocalLimit(cause) => {
            (DeliveryOutcome::ConnectFailed, None, Some(cause.clone()))
        }
        Outcome::TlsFailed(cause) => (DeliveryOutcome::TlsFailed, None, Some(cause.clone())),
        Outcome::Broken(cause) => (DeliveryOutcome::Broken, None, Some(cause.clone())),
    };
    DeliveryRecord {
        n: sent.n + 1,
        stage: if sent.burst {
            Stage::Burst
        } else {
            Stage::Series
        },
        notification_type: sent.kind.clone(),
        bytes: sent.bytes,
        protocol: d.protocol.map(|p| p.as_str().to_owned()),
        reused: d.reused,
        reconnected: d.reconnected,
        outcome,
        status,
        detail,
        succeeded: succeeded(d, budget),
        phases_ms: PhasesMs {
            dns: d.phases.dns.map(ms),
            connect: d.phases.connect.map(ms),
            tls: d.phases.tls.map(ms),
            ttfb: d.phases.ttfb.map(ms),
            total: ms(d.phases.total),
        },
    }
}

fn retry_outlook(schedule: &Schedule, failure_rate: f64) -> RetryOutlook {
    let outlook = outlook(schedule, failure_rate);
    RetryOutlook {
        model: RetryModel {
            first_retry_s: schedule.first.as_secs_f64(),
            factor: schedule.factor,
            max_interval_s: schedule.max.as_secs_f64(),
            window_s: schedule.window.as_secs_f64(),
            delays_s: schedule
                .delays
                .map(|delays| delays.iter().map(Duration::as_secs_f64).collect()),
            gives_up: schedule.gives_up.to_owned(),
        },
        failure_rate,
        attempts: outlook.attempts,
        last_attempt_s: outlook.last_attempt.as_secs_f64(),
        loss_probability: outlook.lost,
        expected_attempts: outlook.expected_attempts,
        channel_closes: outlook.closes,
    }
}

/// Milliseconds, to the microsecond.
fn ms(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e6).round() / 1e3
}

#[allow(
    clippy::cast_precision_loss,
    reason = "delivery counts are far below 2^52, where f64 is exact"
)]
fn ratio(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}
