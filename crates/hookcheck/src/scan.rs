//! `hookcheck scan --urls FILE`: many callback URLs checked at once, one
//! report per URL as each finishes (JSON Lines with `--format json`), a
//! progress bar with counts on stderr, and a summary at the end; with
//! `--shard K/N`, only part K of N of the list.

use std::io::{BufRead, BufReader, IsTerminal as _, Write};
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{Context as _, Result};
use hookcheck_core::Verdict;
use hookcheck_net::NetPolicy;
use hookcheck_readiness::scan::{ScanError, Shard, scan};
use hookcheck_report::{Format, Summary, human_line, human_summary, json};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{Network, Plan, config};
use crate::cli::ScanArgs;
use crate::input;

/// The URL list's read buffer: lines are short, a few pages is plenty.
const LIST_BUFFER: usize = 1 << 16;

/// A light plan per URL: a verification and two changes tell whether the
/// endpoint answers in time without loading someone else's server.
const PLAN: Plan = Plan {
    count: 3,
    burst: 0,
    probe_types: false,
};

pub(crate) fn run(args: &ScanArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let (name, list) = list(&args.urls)?;
    let network = Network {
        policy: NetPolicy {
            overrides: args.resolve.clone(),
            deny_private: !args.allow_private,
        },
        timeout: args.timeout,
        concurrency: None,
    };
    let config = config(&args.readiness, &network, PLAN)?;
    let bar = progress(args.readiness.quiet);
    let mut summary = Summary::default();
    let mut written = Ok(());
    let shard = args.shard.unwrap_or(Shard::WHOLE);
    let scanned =
        crate::runtime()?.block_on(scan(list, &config, args.concurrency, shard, |report| {
            summary.add(&report);
            bar.inc(1);
            bar.set_message(format!(
                "{} ready, {} not ready",
                summary.ready, summary.not_ready
            ));
            // Each line is flushed as its check ends, so a reader sees it then;
            // the first write that fails (a reader that went away) stops the
            // scan, so no endpoint is contacted for output nobody reads.
            written = bar.suspend(|| {
                match format {
                    Format::Human { color } => human_line(&report, color, out),
                    _ => json(&report, out),
                }
                .and_then(|()| out.flush())
            });
            match written {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        }));
    bar.finish_and_clear();
    written?;
    match scanned {
        Ok(()) => {}
        Err(ScanError::Read(error)) => {
            return Err(error).with_context(|| format!("cannot read `{name}`"));
        }
        Err(error @ ScanError::LocalLimit(_)) => return Err(error.into()),
    }
    // A part of a list says which, so that N summaries are not read as
    // N whole scans.
    let part = args.shard.map(|shard| format!("shard {shard}: "));
    match format {
        Format::Human { color } => {
            write!(out, "{}", part.unwrap_or_default())?;
            human_summary(&summary, "URL", color, out)?;
        }
        // Standard output stays JSON Lines; the summary is for a person.
        _ => {
            let mut stderr = std::io::stderr().lock();
            write!(stderr, "{}", part.unwrap_or_default())?;
            human_summary(&summary, "URL", false, &mut stderr)?;
        }
    }
    Ok(summary.verdict())
}

/// The URL list, opened for reading on the scan's own thread (hence a
/// reader of its own that can be sent there, rather than `input::open`'s).
/// It is read as the scan goes, never whole.
fn list(path: &Path) -> Result<(String, Box<dyn BufRead + Send>)> {
    if path.as_os_str() == input::STDIN_NAME {
        let stdin = BufReader::with_capacity(LIST_BUFFER, std::io::stdin());
        return Ok((input::STDIN_NAME.to_owned(), Box::new(stdin)));
    }
    let (name, file) = input::open_file(path)?;
    Ok((name, Box::new(BufReader::with_capacity(LIST_BUFFER, file))))
}

/// A bar with counts on stderr, only for a person watching. The list is
/// read as the scan goes, so its length is not known: a count, no end.
fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::no_length();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} URLs, {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar
}
