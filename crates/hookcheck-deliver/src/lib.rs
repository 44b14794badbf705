//! Deliveries as a sender makes them, judged against its rules: an answer
//! of 2xx within the budget (the calendar API's 5 seconds, or the budget of
//! the sender's profile), then retries until the sender gives up.
//!
//! [`check`] is the whole job behind `hookcheck deliver`. Beneath it, I/O
//! and judgement stay apart:
//! - [`notifications`] prepares each delivery's body and headers as the
//!   sender's profile says (signed over the exact bytes);
//! - [`engine`] makes one delivery at a time over a kept connection and
//!   times its phases, over a TCP stream that acknowledges at once
//!   (`wire.rs`); [`run`] makes a series and a burst of them;
//! - [`verdict`] counts deliveries as the provider does and turns them into
//!   findings; [`delayed_ack`] tells whether answers wait for the client's
//!   acknowledgements; [`stats`] turns latencies into percentiles and a
//!   histogram; [`retry`] states the retry model and what a failure rate
//!   means under it; [`summary`] puts them into the report. These five are
//!   pure.

pub mod delayed_ack;
pub mod engine;
pub mod notifications;
pub mod retry;
pub mod run;
pub mod stats;
pub mod summary;
pub mod verdict;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use hookcheck_core::Report;
use hookcheck_net::{NetPolicy, TrustStore};
use hookcheck_profile::Profile;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::engine::{Delivery, Endpoint, Engine, Outcome, Target};
use crate::notifications::{Bodies, ChannelInfo, Notifications, Prepared, Signing};
use crate::retry::Schedule;
use crate::run::{Plan, Run};
use crate::summary::Settings;
use crate::verdict::Thresholds;

/// How a delivery run is made.
pub struct Config {
    /// Whose deliveries: bodies, headers and signature scheme.
    pub profile: &'static Profile,
    /// The roots a strict client trusts.
    pub trust: TrustStore,
    /// Resolution and address policy.
    pub net: NetPolicy,
    /// The bound on each name lookup and TCP connection.
    pub timeout: Duration,
    /// The budget each delivery is judged against.
    pub budget: Duration,
    /// Deliveries in the series.
    pub count: usize,
    /// Deliveries of the series in flight at once.
    pub concurrency: usize,
    /// Deliveries sent all at once after the series (0: none).
    pub burst: usize,
    /// What is sent.
    pub bodies: Bodies,
    /// The secrets deliveries are signed with (none: unsigned).
    pub secrets: Vec<String>,
    /// Whether deliveries are signed as the sender signs them, or forged.
    pub signing: Signing,
    /// The retry model of the outlook.
    pub retry: Schedule,
    /// When margins draw warnings.
    pub thresholds: Thresholds,
}

impl Config {
    /// The same deliveries' settings for a probe after the run: `count`
    /// deliveries of `bodies` one at a time, signed as `signing` says.
    #[must_use]
    pub fn probe(&self, bodies: Bodies, count: usize, signing: Signing) -> Config {
        Config {
            profile: self.profile,
            trust: self.trust.clone(),
            net: self.net.clone(),
            timeout: self.timeout,
            budget: self.budget,
            count,
            concurrency: 1,
            burst: 0,
            bodies,
            secrets: self.secrets.clone(),
            signing,
            retry: self.retry,
            thresholds: self.thresholds,
        }
    }
}

/// The tool could not run the deliveries at all (an endpoint that fails
/// them is a finding, not this).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The URL is not one deliveries can be made to.
    #[error("{0}")]
    Url(String),
    /// The deliveries asked for are not ones the sender makes (an event
    /// type it does not have, a secret its scheme cannot use).
    #[error("{0}")]
    Bodies(String),
    /// hookcheck ran out of a local resource (file descriptors, ports,
    /// buffers) while delivering: its own limit, not the endpoint's fault,
    /// so no verdict is given.
    #[error(
        "this machine ran out of a local resource while delivering ({0}); raise the open-file limit (`ulimit -n`) or lower --burst or --concurrency"
    )]
    LocalLimit(String),
}

/// When an unanswered delivery is given up: the budget and a tenth of it
/// more (at most a second), so that an answer just past the budget is
/// measured and reported as late rather than guessed at, while the run's
/// wall time stays close to budget × deliveries / concurrency.
pub fn cutoff(budget: Duration) -> Duration {
    budget.saturating_add((budget / 10).min(Duration::from_secs(1)))
}

/// The channel a run's deliveries to `url` name: unique per run, so that a
/// receiver's logs tell runs apart.
pub fn channel(url: &str) -> ChannelInfo {
    let now = OffsetDateTime::now_utc();
    ChannelInfo {
        // Letters and digits after `chn_`, as the calendar API's ids.
        channel_id: format!("chn_hookcheck{:x}", now.unix_timestamp_nanos() / 1_000_000),
        callback_url: url.to_owned(),
        changes_since: now
            .replace_nanosecond(0)
            .unwrap_or(now)
            .format(&Rfc3339)
            .unwrap_or_default(),
    }
}

/// Makes one request to `url` over `config`'s network and trust, given up
/// after `budget` and a grace, keeping the answer's content type and its
/// first `keep` bytes: a sender's handshake, judged by what it says.
pub async fn exchange(
    url: &str,
    config: &Config,
    prepared: &Prepared,
    budget: Duration,
    keep: usize,
) -> Result<Delivery, CheckError> {
    let target = target(url, config)?;
    let mut engine = Engine::new(target, cutoff(budget)).keeping(keep);
    let delivery = engine.deliver(&prepared.body, &prepared.headers).await;
    if let Outcome::LocalLimit(cause) = &delivery.outcome {
        return Err(CheckError::LocalLimit(cause.clone()));
    }
    Ok(delivery)
}

/// Where deliveries to `url` go, over `config`'s network and trust.
fn target(url: &str, config: &Config) -> Result<Target, CheckError> {
    let endpoint = Endpoint::parse(url).map_err(CheckError::Url)?;
    Ok(Target::new(
        endpoint,
        config.net.clone(),
        config.trust.client_config(),
        config.timeout,
    ))
}

/// Delivers notifications to `url` as `config` says and reports on them.
/// Needs a tokio runtime with time and I/O enabled.
pub async fn check(url: &str, config: &Config) -> Result<Report, CheckError> {
    let run = deliveries(url, config).await?;
    let settings = Settings {
        provider: config.profile.name,
        scheme: config.profile.scheme,
        budget: config.budget,
        cutoff: cutoff(config.budget),
        concurrency: config.concurrency.max(1),
        signed_with: config.secrets.len(),
        retry: config.retry,
        thresholds: config.thresholds,
    };
    Ok(summary::report(url, &run, &settings))
}

/// Makes the deliveries of `config` to `url`: what each one did, typed, for
/// a check that judges them itself (the readiness check's probes). Needs a
/// tokio runtime with time and I/O enabled.
pub async fn deliveries(url: &str, config: &Config) -> Result<Run, CheckError> {
    let target = target(url, config)?;
    let channel = channel(url);
    let notifications =
        Notifications::new(config.profile, &config.bodies, &channel, &config.secrets)
            .map_err(CheckError::Bodies)?
            .signed(config.signing);
    let notifications = Arc::new(notifications);
    let plan = Plan {
        // At least one delivery: a run of none says nothing.
        count: config.count.max(1),
        concurrency: config.concurrency.max(1),
        burst: config.burst,
        cutoff: cutoff(config.budget),
    };
    let run = run::run(&target, plan, notifications).await;
    if let Some(cause) = run.local_limit() {
        return Err(CheckError::LocalLimit(cause.to_owned()));
    }
    Ok(run)
}
