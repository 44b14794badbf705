//! `hookcheck check URL`: the whole readiness check, with settings from
//! the options, `hookcheck.toml` and the defaults, in that order, and a
//! spinner on stderr while it runs.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};
use hookcheck_core::{Grade, Verdict};
use hookcheck_deliver::notifications::{Bodies, Signing};
use hookcheck_deliver::retry::Schedule;
use hookcheck_deliver::verdict::Thresholds;
use hookcheck_net::NetPolicy;
use hookcheck_readiness::config::{FILE_NAME, FileConfig, ReportFormat};
use hookcheck_readiness::{Config, DEFAULT_BURST, DEFAULT_COUNT, Stage};
use hookcheck_report::Format;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{CheckArgs, DEFAULT_EXPIRY_WARNING, DEFAULT_TIMEOUT, ReadinessArgs};
use crate::providers::known_profile;
use crate::reports::Reports;
use crate::runtime;
use crate::tls::{expiry_window, instant, net_policy, trust_store};

pub(crate) fn run(args: &CheckArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let (config, configured) = config(
        &args.readiness,
        &Network {
            policy: net_policy(&args.net),
            timeout: args.net.timeout,
            concurrency: args.concurrency,
        },
        Plan {
            count: DEFAULT_COUNT,
            burst: DEFAULT_BURST,
            probes: true,
        },
    )?;
    let reports = Reports::new(format, &args.readiness.report.reports, &configured)?;
    let spinner = spinner(args.readiness.quiet);
    let progress = |stage: Stage| {
        spinner.set_message(match stage {
            Stage::Tls => "checking TLS: the chain, protocols and cipher suites",
            Stage::Delivering => "delivering notifications",
            Stage::Types => "delivering one notification of each other type",
            Stage::Security => "delivering forged, unsigned, replayed and repeated notifications",
        });
    };
    let report = runtime()?.block_on(hookcheck_readiness::check(&args.url, &config, &progress));
    spinner.finish_and_clear();
    let report = report?;
    reports.write(&report, out)?;
    Ok(report.verdict())
}

/// How a check reaches its targets.
pub(crate) struct Network {
    /// `--resolve` and the address policy.
    pub(crate) policy: NetPolicy,
    /// `--timeout`, when given.
    pub(crate) timeout: Option<Duration>,
    /// Deliveries of the series at once, when given.
    pub(crate) concurrency: Option<usize>,
}

/// The deliveries a command makes unless told otherwise.
#[derive(Clone, Copy)]
pub(crate) struct Plan {
    pub(crate) count: usize,
    pub(crate) burst: usize,
    /// Whether the payload and security probes follow the series.
    pub(crate) probes: bool,
}

/// The readiness check's settings: the options, else `hookcheck.toml`
/// (`--config`, or the one in the current folder), else `defaults`; and
/// the reports the file names.
pub(crate) fn config(
    args: &ReadinessArgs,
    network: &Network,
    defaults: Plan,
) -> Result<(Config, BTreeMap<ReportFormat, PathBuf>)> {
    let (file, path) = file_config(args.config.as_deref())?;
    let profile = known_profile(
        args.provider
            .as_deref()
            .or(file.provider.as_deref())
            .unwrap_or(hookcheck_profile::DEFAULT),
    )?;
    if args.secrets.iter().any(String::is_empty) {
        bail!("--secret must not be empty");
    }
    let secrets = if args.secrets.is_empty() {
        file.secret(&path, |name| std::env::var(name).ok())?
            .into_iter()
            .collect()
    } else {
        args.secrets.clone()
    };
    let ca_file = args
        .trust
        .roots
        .ca_file
        .as_deref()
        .or(file.ca_file.as_deref());
    let trust = trust_store(ca_file)?;
    let timeout = network.timeout.or(file.timeout).unwrap_or(DEFAULT_TIMEOUT);
    let config = Config {
        tls: hookcheck_tls::Config {
            trust: trust.clone(),
            at: instant(args.trust.at),
            timeout,
            expiry_warning: expiry_window(
                args.trust
                    .expiry_warning
                    .or(file.expiry_warning)
                    .unwrap_or(DEFAULT_EXPIRY_WARNING),
            )?,
            net: network.policy.clone(),
            probe_concurrency: Some(hookcheck_tls::DEFAULT_PROBE_CONCURRENCY),
            accepted_grade: args
                .accept_grade
                .or(file.accept_grade)
                .unwrap_or(Grade::AMinus),
        },
        delivery: hookcheck_deliver::Config {
            profile,
            trust,
            net: network.policy.clone(),
            timeout,
            budget: args
                .budget
                .or(file.budget)
                .unwrap_or(profile.budget.value()),
            count: args.count.or(file.count).unwrap_or(defaults.count).max(1),
            concurrency: network.concurrency.or(file.concurrency).unwrap_or(1),
            burst: args.burst.or(file.burst).unwrap_or(defaults.burst),
            bodies: Bodies::Sequence,
            secrets,
            signing: Signing::Genuine,
            retry: Schedule::of(profile),
            thresholds: Thresholds {
                slow: file.slow,
                cold_start_factor: file
                    .cold_start_factor
                    .unwrap_or(Thresholds::default().cold_start_factor)
                    .max(1),
            },
        },
        severities: file.severity,
        probe_types: defaults.probes,
        probe_security: defaults.probes,
    };
    Ok((config, file.reports))
}

/// `--config FILE`, else `./hookcheck.toml` when there is one, else the
/// defaults; and the path settings are reported against.
fn file_config(path: Option<&Path>) -> Result<(FileConfig, PathBuf)> {
    if let Some(path) = path {
        return Ok((FileConfig::load(path)?, path.to_owned()));
    }
    let default = PathBuf::from(FILE_NAME);
    if default.is_file() {
        return Ok((FileConfig::load(&default)?, default));
    }
    Ok((FileConfig::default(), default))
}

/// A spinner on stderr saying what the check is doing, only for a person
/// watching: hidden when stderr is not a terminal or with `--quiet`.
fn spinner(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}
