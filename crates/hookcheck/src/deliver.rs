//! `hookcheck deliver URL`: real deliveries, sent as the provider (of
//! `--provider`) sends them, measured against its budget.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Result, bail};
use bytes::Bytes;
use hookcheck_core::Verdict;
use hookcheck_deliver::notifications::{Bodies, Signing};
use hookcheck_deliver::retry::Schedule;
use hookcheck_deliver::verdict::Thresholds;
use hookcheck_deliver::{Config, check};
use hookcheck_payload::DEFAULT_MAX_BYTES;
use hookcheck_profile::{Events, Profile};
use hookcheck_report::Format;

use crate::cli::{DEFAULT_TIMEOUT, DeliverArgs, RetryArgs};
use crate::input;
use crate::providers::known_profile;
use crate::reports::Reports;
use crate::runtime;
use crate::schema::known_type;
use crate::tls::{net_policy, trust_store};

pub(crate) fn run(args: &DeliverArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    if args.secrets.iter().any(String::is_empty) {
        bail!("--secret must not be empty");
    }
    let profile = known_profile(&args.provider)?;
    let reports = Reports::new(format, &args.report.reports, &BTreeMap::new())?;
    let config = Config {
        profile,
        trust: trust_store(args.roots.ca_file.as_deref())?,
        net: net_policy(&args.net),
        timeout: args.net.timeout.unwrap_or(DEFAULT_TIMEOUT),
        budget: args.budget.unwrap_or(profile.budget.value()),
        count: args.count,
        concurrency: args.concurrency,
        burst: args.burst.map_or(0, |n| n.unwrap_or(args.count).min(1000)),
        bodies: bodies(args, profile)?,
        secrets: args.secrets.clone(),
        signing: Signing::Genuine,
        retry: retry(&args.retry, profile),
        thresholds: Thresholds {
            slow: args.slow,
            cold_start_factor: args.cold_start_factor,
        },
    };
    let report = runtime()?.block_on(check(&args.url, &config))?;
    reports.write(&report, out)?;
    Ok(report.verdict())
}

fn bodies(args: &DeliverArgs, profile: &Profile) -> Result<Bodies> {
    if let Some(kind) = &args.kind {
        // The calendar API's types are the ones the payload crate knows;
        // another sender's are checked against its profile.
        if let Events::Calendar = profile.events {
            known_type(kind)?;
        }
        return Ok(Bodies::Only(kind.clone()));
    }
    let Some(path) = &args.body else {
        return Ok(Bodies::Sequence);
    };
    let body = input::open(Some(path))?.read_capped(
        DEFAULT_MAX_BYTES,
        ": a notification body is never that large",
    )?;
    Ok(Bodies::Raw(Bytes::from(body)))
}

/// The provider's retries, or the model the `--retry-*` options describe
/// (each one not given as in the provider's model).
fn retry(args: &RetryArgs, profile: &Profile) -> Schedule {
    let published = Schedule::of(profile);
    if args.first.is_none() && args.factor.is_none() && args.max.is_none() && args.window.is_none()
    {
        return published;
    }
    let model = Schedule {
        delays: None,
        ..Schedule::default()
    };
    Schedule {
        delays: None,
        gives_up: published.gives_up,
        first: args.first.unwrap_or(model.first),
        factor: args.factor.unwrap_or(model.factor),
        max: args.max.unwrap_or(model.max),
        window: args.window.unwrap_or(if published.delays.is_some() {
            model.window
        } else {
            published.window
        }),
    }
}
