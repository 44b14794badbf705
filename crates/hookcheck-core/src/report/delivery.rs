//! The `delivery` section of the report: what a delivery run measured,
//! summarised (SPEC §4's `attempts`, `latency_ms`, `phases_ms`) and delivery
//! by delivery. Durations are milliseconds with microsecond precision.

use serde::{Deserialize, Serialize};

/// What a delivery run measured beyond its findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliverySection {
    /// The sender whose deliveries these are and whose budget they are
    /// judged against (a `hookcheck providers` name).
    #[serde(default)]
    pub provider: String,
    /// The budget a delivery must be answered within.
    pub budget_ms: f64,
    /// When an unanswered delivery was given up: the budget plus a grace,
    /// so that a late answer is measured rather than guessed.
    pub cutoff_ms: f64,
    /// How many deliveries of the series were in flight at once.
    pub concurrency: usize,
    /// Deliveries made, the burst's included.
    pub attempts: usize,
    /// Deliveries the provider would count as delivered: 2xx within the
    /// budget.
    pub succeeded: usize,
    /// `succeeded / attempts`.
    pub success_rate: f64,
    /// Totals of the deliveries that reached the server (an answer, a
    /// timeout or a broken connection after connecting); absent when none
    /// did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<LatencyMs>,
    /// The budget minus the 99th percentile of the successful deliveries:
    /// how much slower they may get before they fail too; absent when none
    /// succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_ms: Option<f64>,
    /// The median of each phase over the deliveries that had it.
    pub phases_ms: PhasesMs,
    /// Deliveries that went over a connection an earlier one opened.
    pub reused: usize,
    /// Deliveries that found the connection an earlier one kept closed by
    /// the server (an idle timeout) and went over a new one instead, as a
    /// provider's client does; the request was never written to the closed
    /// connection, so it was not sent twice.
    #[serde(default)]
    pub reconnected: usize,
    /// The latencies of [`DeliverySection::latency_ms`] as a histogram of
    /// equal-width bars, fastest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub histogram: Vec<HistogramBar>,
    /// The deliveries sent all at once after the series, when there were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burst: Option<BurstSummary>,
    /// What the observed failure rate means under the retry model.
    pub retry: RetryOutlook,
    /// How many secrets signed each delivery (0: unsigned).
    pub signed_with: usize,
    /// The run's wall time.
    pub wall_ms: f64,
    /// Every delivery, in the order they were started.
    pub deliveries: Vec<DeliveryRecord>,
    /// One more delivery over a kept connection with the client's
    /// acknowledgements delayed, as many TCP stacks delay them: whether the
    /// answers' bodies wait for them (`delivery-delayed-ack`). Made only
    /// when the series' answers came in pieces; not among the attempts or
    /// any figure above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_probe: Option<DeliveryRecord>,
}

/// Percentiles of delivery totals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatencyMs {
    /// How many latencies.
    pub count: u64,
    /// The fastest.
    pub min: f64,
    /// The median.
    pub p50: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The 99th percentile.
    pub p99: f64,
    /// The slowest.
    pub max: f64,
    /// The arithmetic mean.
    pub mean: f64,
}

/// Time spent in each phase of a delivery; `null` for a phase that did not
/// happen (no DNS for an address, no connect or TLS on a reused connection,
/// no first byte when nothing was answered).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhasesMs {
    /// Name resolution.
    pub dns: Option<f64>,
    /// The TCP connection.
    pub connect: Option<f64>,
    /// The TLS handshake.
    pub tls: Option<f64>,
    /// From the start to the answer's status line and headers.
    pub ttfb: Option<f64>,
    /// From the start (before DNS) to the whole answer read, or the failure.
    pub total: f64,
}

/// One bar of the latency histogram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HistogramBar {
    /// Latencies up to this (and above the bar before).
    pub upper_ms: f64,
    /// How many.
    pub count: u64,
}

/// The burst: deliveries sent at once, each on a connection of its own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BurstSummary {
    /// How many were sent at once.
    pub size: usize,
    /// How many the provider would count as delivered.
    pub succeeded: usize,
    /// Their totals, when any reached the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<LatencyMs>,
}

/// The retry model and what the observed failure rate means under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryOutlook {
    /// When the provider retries: its published delays, or a model of times
    /// it does not publish.
    pub model: RetryModel,
    /// The share of deliveries that failed in this run.
    pub failure_rate: f64,
    /// Attempts per notification within the window, the first included.
    pub attempts: usize,
    /// When the last attempt happens, in seconds after the first.
    pub last_attempt_s: f64,
    /// The chance that a notification fails every attempt, so that it is
    /// lost and the channel closes, if failures are independent.
    pub loss_probability: f64,
    /// The expected attempts until one succeeds.
    pub expected_attempts: f64,
    /// Whether the channel is sure to close: every delivery failed.
    pub channel_closes: bool,
}

/// When retries happen: the first after `first_retry_s`, each later delay
/// `factor` times the one before, at most `max_interval_s`, for `window_s`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryModel {
    /// The delay before the first retry.
    pub first_retry_s: f64,
    /// How much each delay grows.
    pub factor: f64,
    /// The longest delay between two attempts.
    pub max_interval_s: f64,
    /// How long retries go on before the channel is closed.
    pub window_s: f64,
    /// The sender's published delays, each after the attempt before (empty:
    /// no retries); absent when the fields above model unpublished times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delays_s: Option<Vec<f64>>,
    /// What the sender does when the retries run out.
    #[serde(default)]
    pub gives_up: String,
}

/// Which part of a run a delivery belonged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The series: one after another (or `concurrency` at a time).
    Series,
    /// The burst: all at once.
    Burst,
}

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryOutcome {
    /// The server answered (with any status).
    Answered,
    /// No complete answer before the cutoff.
    TimedOut,
    /// The host did not resolve, or the policy refused its addresses.
    DnsFailed,
    /// The address policy refused every address of the host.
    NotPublic,
    /// No TCP connection.
    ConnectFailed,
    /// No TLS session a strict client accepts.
    TlsFailed,
    /// The connection broke before a whole answer.
    Broken,
}

/// One delivery as measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// Its place in the run, from 1.
    pub n: usize,
    /// The series or the burst.
    pub stage: Stage,
    /// The notification type sent, when the body has one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub notification_type: Option<String>,
    /// The body's size in bytes.
    pub bytes: usize,
    /// `HTTP/1.1` or `HTTP/2`, once a connection was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Whether it went over a connection an earlier delivery opened.
    pub reused: bool,
    /// Whether the server had closed the connection an earlier delivery
    /// kept, so that this one went over a new connection.
    #[serde(default)]
    pub reconnected: bool,
    /// How it ended.
    pub outcome: DeliveryOutcome,
    /// The answer's status, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The cause of a failure, where it was stuck, or where a redirect
    /// pointed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Whether the provider would count it as delivered.
    pub succeeded: bool,
    /// Its phases.
    pub phases_ms: PhasesMs,
}
