//! `hookcheck deliver` on loopback: how close each reported total comes to
//! the server's own time for the same request (delays from 0 ms to 4 s),
//! and the rate and latency of 64 deliveries at a time beside wrk's against
//! the same server in the same run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{Answer, HookOptions, HookServer};
use serde_json::Value;

use super::wrk;
use crate::process::{self, COMMAND_STYLE};

/// The path every server answers on.
const PATH: &str = "/hook";

/// The server delays of the accuracy table, each with how many deliveries
/// are made to it and how many with `--quick`: fewer of the slow ones, whose
/// deliveries cost seconds each.
const DELAYS: [(Duration, usize, usize); 5] = [
    (Duration::ZERO, 20, 5),
    (Duration::from_millis(10), 20, 5),
    (Duration::from_millis(100), 20, 5),
    (Duration::from_secs(1), 5, 2),
    (Duration::from_secs(4), 5, 2),
];

/// Well above the slowest delay, so that no delivery is cut off and every
/// one has a total to compare.
const ACCURACY_BUDGET: &str = "10s";

/// The load: as the issue states it, many more deliveries than connections.
pub(crate) const LOAD_CONCURRENCY: usize = 64;
pub(crate) const LOAD_COUNT: usize = 10_000;

/// wrk runs at least this long, so that its rate is not dominated by the
/// connections it opens first.
const WRK_MIN_SECONDS: u64 = 3;

/// What SPEC allows between the reported total and the server's time.
pub(crate) const TOLERANCE_MS: f64 = 2.0;

/// Both measurements.
#[derive(Debug, Clone)]
pub(crate) struct DeliveryResults {
    pub(crate) accuracy: Vec<Accuracy>,
    pub(crate) load: Load,
}

/// The deliveries to one server, each paired with the server's own time.
#[derive(Debug, Clone)]
pub(crate) struct Accuracy {
    /// How long the server waited before answering.
    pub(crate) delay: Duration,
    /// The report's `latency_ms.p50`.
    pub(crate) reported_p50_ms: f64,
    /// In delivery order.
    pub(crate) pairs: Vec<Pair>,
}

/// One delivery beside the server's record of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pair {
    /// Whether it went over a connection an earlier delivery opened (the
    /// others include a TCP connect the server does not see).
    pub(crate) reused: bool,
    /// The reported total minus the server's time, in ms.
    pub(crate) error_ms: f64,
}

impl Accuracy {
    /// The median and the highest error of the deliveries `keep` picks.
    pub(crate) fn errors(&self, keep: impl Fn(&Pair) -> bool) -> Option<(f64, f64)> {
        let mut errors: Vec<f64> = self
            .pairs
            .iter()
            .filter(|pair| keep(pair))
            .map(|pair| pair.error_ms)
            .collect();
        errors.sort_by(f64::total_cmp);
        Some((*errors.get(errors.len() / 2)?, *errors.last()?))
    }

    /// Whether every delivery's total is within SPEC's tolerance.
    pub(crate) fn within_tolerance(&self) -> bool {
        self.pairs
            .iter()
            .all(|pair| pair.error_ms.abs() <= TOLERANCE_MS)
    }
}

/// hookcheck under load, and wrk against the same server.
#[derive(Debug, Clone)]
pub(crate) struct Load {
    pub(crate) hookcheck: LoadFigures,
    /// The body size of hookcheck's change notifications.
    pub(crate) hookcheck_body: u64,
    /// `None` when wrk is not installed.
    pub(crate) wrk: Option<LoadFigures>,
    /// The body wrk posts.
    pub(crate) wrk_body: usize,
    /// How long wrk ran.
    pub(crate) wrk_seconds: u64,
}

/// What one tool achieved; latencies in ms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LoadFigures {
    pub(crate) requests: u64,
    /// Requests without a 2xx answer, or not answered at all.
    pub(crate) failed: u64,
    pub(crate) seconds: f64,
    pub(crate) per_second: f64,
    pub(crate) p50: f64,
    pub(crate) p90: f64,
    pub(crate) p99: f64,
    pub(crate) max: f64,
}

/// Runs both measurements with the release binary.
pub(crate) fn measure(quick: bool) -> Result<DeliveryResults> {
    let hookcheck = super::release_hookcheck()?;
    let mut accuracy = Vec::new();
    for (delay, count, quick_count) in DELAYS {
        let count = if quick { quick_count } else { count };
        accuracy.push(measure_accuracy(&hookcheck, delay, count)?);
    }
    Ok(DeliveryResults {
        accuracy,
        load: measure_load(&hookcheck)?,
    })
}

/// The web-hook receiver of the test kit over plain HTTP/1.1, keeping
/// connections open, answering 200 `ok` after `delay` in one write, so the
/// figures measure hookcheck's own overhead. (A receiver writing head and
/// body apart with Nagle's algorithm on no longer costs a delayed
/// acknowledgement per reused delivery, since the engine acknowledges at
/// once; `crates/hookcheck/tests/deliver.rs` pins that.)
fn receiver(delay: Duration) -> HookServer {
    HookServer::start(HookOptions::http(Answer::delayed(200, delay)))
}

/// One server answering after `delay`, `count` deliveries to it one at a
/// time, so that the deliveries and the server's records come in the same
/// order.
fn measure_accuracy(hookcheck: &Path, delay: Duration, count: usize) -> Result<Accuracy> {
    let server = receiver(delay);
    let url = server.url(PATH);
    let count = count.to_string();
    let delivery = deliver(
        hookcheck,
        &url,
        &[
            "--count",
            &count,
            "--concurrency",
            "1",
            "--budget",
            ACCURACY_BUDGET,
        ],
    )?;
    Ok(Accuracy {
        delay,
        reported_p50_ms: number(&delivery["latency_ms"]["p50"], "latency_ms.p50")?,
        pairs: pair(&deliveries(&delivery)?, &served_times(&server))?,
    })
}

/// One delivery as the report states it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reported {
    n: u64,
    reused: bool,
    total_ms: f64,
}

/// The report's deliveries in the order they were made.
fn deliveries(delivery: &Value) -> Result<Vec<Reported>> {
    let Some(records) = delivery["deliveries"].as_array() else {
        bail!("the report has no `delivery.deliveries`");
    };
    let mut reported = records
        .iter()
        .map(|record| {
            let Some(n) = record["n"].as_u64() else {
                bail!("a delivery of the report has no `n`");
            };
            Ok(Reported {
                n,
                reused: record["reused"].as_bool().unwrap_or(false),
                total_ms: number(&record["phases_ms"]["total"], "phases_ms.total")
                    .with_context(|| format!("delivery {n}"))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    reported.sort_by_key(|delivery| delivery.n);
    Ok(reported)
}

/// The server's time for each request, from the request read in full to
/// its answer starting, in arrival order.
fn served_times(server: &HookServer) -> Vec<Duration> {
    server
        .served()
        .iter()
        .map(|served| served.elapsed)
        .collect()
}

/// Each delivery with the server's time for the request it made.
fn pair(reported: &[Reported], served: &[Duration]) -> Result<Vec<Pair>> {
    if reported.len() != served.len() {
        bail!(
            "hookcheck reported {} deliveries but the server answered {} requests",
            reported.len(),
            served.len()
        );
    }
    Ok(reported
        .iter()
        .zip(served)
        .map(|(delivery, served)| Pair {
            reused: delivery.reused,
            error_ms: delivery.total_ms - served.as_secs_f64() * 1e3,
        })
        .collect())
}

/// hookcheck's load, then wrk's for about as long, against one server that
/// answers at once.
fn measure_load(hookcheck: &Path) -> Result<Load> {
    let server = receiver(Duration::ZERO);
    let url = server.url(PATH);
    let delivery = deliver(
        hookcheck,
        &url,
        &[
            "--concurrency",
            &LOAD_CONCURRENCY.to_string(),
            "--count",
            &LOAD_COUNT.to_string(),
        ],
    )?;
    let figures = load_figures(&delivery)?;
    let hookcheck_body = deliveries_body(&delivery);
    let wall = Duration::try_from_secs_f64(figures.seconds)
        .context("the report's `delivery.wall_ms` is not a duration")?;
    // Whole seconds, rounded up, as wrk takes them.
    let wrk_seconds = (wall.as_secs() + u64::from(wall.subsec_nanos() > 0)).max(WRK_MIN_SECONDS);
    let (wrk, wrk_body) = wrk::measure(&url, LOAD_CONCURRENCY, wrk_seconds)?;
    Ok(Load {
        hookcheck: figures,
        hookcheck_body,
        wrk,
        wrk_body,
        wrk_seconds,
    })
}

/// The rate and latencies of the `delivery` section.
fn load_figures(delivery: &Value) -> Result<LoadFigures> {
    let count = |field: &str| {
        delivery[field]
            .as_u64()
            .with_context(|| format!("the report has no `delivery.{field}`"))
    };
    let latency = |field: &str| {
        number(
            &delivery["latency_ms"][field],
            &format!("latency_ms.{field}"),
        )
    };
    let attempts = count("attempts")?;
    let succeeded = count("succeeded")?;
    let seconds = number(&delivery["wall_ms"], "wall_ms")? / 1e3;
    Ok(LoadFigures {
        requests: attempts,
        failed: attempts.saturating_sub(succeeded),
        seconds,
        per_second: super::criterion::as_f64(attempts) / seconds,
        p50: latency("p50")?,
        p90: latency("p90")?,
        p99: latency("p99")?,
        max: latency("max")?,
    })
}

/// The body size of the last delivery: a change notification (the first is
/// the smaller verification).
fn deliveries_body(delivery: &Value) -> u64 {
    delivery["deliveries"]
        .as_array()
        .and_then(|records| records.last())
        .and_then(|record| record["bytes"].as_u64())
        .unwrap_or_default()
}

/// Runs `hookcheck deliver URL ARGS --format json` and returns the report's
/// `delivery` section. Not ready (1) is a verdict about the server, not a
/// failure of the run.
fn deliver(hookcheck: &Path, url: &str, args: &[&str]) -> Result<Value> {
    let mut command = Command::new(hookcheck);
    command
        .args(["deliver", url])
        .args(args)
        .args(["--format", "json"]);
    let shown = process::display(&command);
    anstream::println!("{COMMAND_STYLE}$ {shown}{COMMAND_STYLE:#}");
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run `{shown}`"))?;
    if !matches!(output.status.code(), Some(0 | 1)) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let cause = stderr.lines().rev().find(|line| !line.trim().is_empty());
        bail!(
            "`{shown}` failed ({}){}",
            output.status,
            cause.map(|cause| format!(": {cause}")).unwrap_or_default()
        );
    }
    let mut report: Value = serde_json::from_slice(&output.stdout)
        .with_context(|| format!("`{shown}` wrote no JSON report"))?;
    match report.get_mut("delivery").map(Value::take) {
        Some(delivery) if delivery.is_object() => Ok(delivery),
        _ => bail!("the report of `{shown}` has no `delivery` section"),
    }
}

/// A number of the `delivery` section, named by its path for the error.
fn number(value: &Value, name: &str) -> Result<f64> {
    value
        .as_f64()
        .with_context(|| format!("the report has no number at `delivery.{name}`"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn deliveries_pair_with_the_server_records_in_order() {
        let delivery = json!({"deliveries": [
            {"n": 2, "reused": true, "phases_ms": {"total": 10.5}},
            {"n": 1, "reused": false, "phases_ms": {"total": 10.9}},
        ]});
        let served = [Duration::from_millis(10), Duration::from_micros(10_250)];
        let pairs = pair(&deliveries(&delivery).unwrap(), &served).unwrap();
        assert!(!pairs[0].reused && pairs[1].reused);
        assert!((pairs[0].error_ms - 0.9).abs() < 1e-9);
        assert!((pairs[1].error_ms - 0.25).abs() < 1e-9);

        let error = pair(&deliveries(&delivery).unwrap(), &served[..1]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "hookcheck reported 2 deliveries but the server answered 1 requests"
        );
    }

    #[test]
    fn errors_are_summarised_and_judged_against_the_tolerance() {
        let accuracy = Accuracy {
            delay: Duration::ZERO,
            reported_p50_ms: 0.3,
            pairs: [(false, 1.5), (true, 0.2), (true, 0.1), (true, 0.4)]
                .map(|(reused, error_ms)| Pair { reused, error_ms })
                .to_vec(),
        };
        assert_eq!(accuracy.errors(|_| true), Some((0.4, 1.5)));
        assert_eq!(accuracy.errors(|pair| pair.reused), Some((0.2, 0.4)));
        assert!(accuracy.within_tolerance());
        let late = Accuracy {
            pairs: vec![Pair {
                reused: true,
                error_ms: 40.1,
            }],
            ..accuracy
        };
        assert!(!late.within_tolerance());
        assert_eq!(late.errors(|pair| !pair.reused), None);
    }

    #[test]
    fn the_load_figures_come_from_the_delivery_section() {
        let delivery = json!({
            "attempts": 10_000, "succeeded": 9_998, "wall_ms": 2_000.0,
            "latency_ms": {"p50": 1.0, "p90": 2.0, "p99": 3.0, "max": 9.0},
        });
        let figures = load_figures(&delivery).unwrap();
        assert_eq!(figures.failed, 2);
        assert!((figures.per_second - 5_000.0).abs() < 1e-9);
        assert!((figures.max - 9.0).abs() < 1e-9);
        let error = load_figures(&json!({"attempts": 1})).unwrap_err();
        assert_eq!(error.to_string(), "the report has no `delivery.succeeded`");
    }
}
