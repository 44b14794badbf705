//! `hookcheck scan --urls FILE`: many callback URLs checked at once, one
//! report per URL as each finishes (JSON Lines with `--format json`), a
//! progress bar with counts on stderr, and a summary at the end.

use std::io::{IsTerminal as _, Read as _, Write};

use anyhow::{Context as _, Result, bail};
use hookcheck_core::Verdict;
use hookcheck_net::NetPolicy;
use hookcheck_readiness::scan::{Line, line, scan};
use hookcheck_report::{Format, Summary, human_line, human_summary, json};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{Network, Plan, config};
use crate::cli::ScanArgs;
use crate::input;

/// The largest URL list read: a million long URLs. More is a mistake, not
/// a list.
const MAX_LIST_BYTES: u64 = 256 << 20;

/// A light plan per URL: a verification and two changes tell whether the
/// endpoint answers in time without loading someone else's server.
const PLAN: Plan = Plan {
    count: 3,
    burst: 0,
    probe_types: false,
};

pub(crate) fn run(args: &ScanArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let targets = targets(&args.urls)?;
    let network = Network {
        policy: NetPolicy {
            overrides: args.resolve.clone(),
            deny_private: !args.allow_private,
        },
        timeout: args.timeout,
        concurrency: None,
    };
    let config = config(&args.readiness, &network, PLAN)?;
    let bar = progress(args.readiness.quiet, targets.len());
    let mut summary = Summary::default();
    let mut written = Ok(());
    crate::runtime()?.block_on(scan(targets, &config, args.concurrency, |report| {
        summary.add(&report);
        bar.inc(1);
        bar.set_message(format!(
            "{} ready, {} not ready",
            summary.ready, summary.not_ready
        ));
        if written.is_ok() {
            written = bar.suspend(|| match format {
                Format::Human { color } => human_line(&report, color, out),
                _ => json(&report, out).and_then(|()| out.flush()),
            });
        }
    }));
    bar.finish_and_clear();
    written?;
    match format {
        Format::Human { color } => human_summary(&summary, "URL", color, out)?,
        // Standard output stays JSON Lines; the summary is for a person.
        _ => {
            let mut stderr = std::io::stderr().lock();
            human_summary(&summary, "URL", false, &mut stderr)?;
        }
    }
    Ok(summary.verdict())
}

/// The URLs of the list, blank lines and comments left out.
fn targets(path: &std::path::Path) -> Result<Vec<String>> {
    let input = input::open(Some(path))?;
    let mut bytes = Vec::new();
    input
        .reader
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read `{}`", input.name))?;
    if bytes.len() as u64 > MAX_LIST_BYTES {
        bail!(
            "`{}` is over {} MiB; split the list",
            input.name,
            MAX_LIST_BYTES >> 20
        );
    }
    // A line that is not UTF-8 is no URL: it is reported as such, with its
    // bytes shown as well as they can be.
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|text| match line(text) {
            Line::Skip => None,
            Line::Target(target) => Some(target),
        })
        .collect())
}

/// A bar with counts on stderr, only for a person watching.
fn progress(quiet: bool, total: usize) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} URLs, {msg} ({elapsed}, {eta} left)")
    {
        bar.set_style(style);
    }
    bar
}
