//! `hookcheck scan --urls FILE`: many callback URLs checked at once, one
//! report per URL as each finishes (JSON Lines with `--format json`), a
//! progress bar with counts on stderr, and a summary at the end; with
//! `--shard K/N`, only part K of N of the list.

use std::io::{self, BufRead, BufReader, IsTerminal as _, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_core::{Report, Verdict};
use hookcheck_net::NetPolicy;
use hookcheck_readiness::scan::{ScanError, Shard, scan};
use hookcheck_report::{Format, Summary, human_line, human_summary, json};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{Network, Plan, config};
use crate::cli::ScanArgs;
use crate::input;
use crate::reports::Reports;

/// The URL list's read buffer: lines are short, a few pages is plenty.
const LIST_BUFFER: usize = 1 << 16;

/// A light plan per URL: a verification and two changes tell whether the
/// endpoint answers in time without loading someone else's server.
const PLAN: Plan = Plan {
    count: 3,
    burst: 0,
    probes: false,
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
    let (config, configured) = config(&args.readiness, &network, PLAN)?;
    let reports = Reports::new(format, &args.readiness.report.reports, &configured)?;
    if reports
        .formats()
        .any(|format| !matches!(format, Format::Human { .. } | Format::Json))
    {
        bail!(
            "scan writes human and json (JSON Lines) reports; junit, markdown and html are for check, deliver and tls"
        );
    }
    let format = reports.stdout();
    let mut files = reports.open()?;
    let bar = progress(args.readiness.quiet);
    let mut summary = Summary::default();
    let mut written: Result<()> = Ok(());
    let shard = args.shard.unwrap_or(Shard::WHOLE);
    let scanning = scan(list, &config, args.concurrency, shard, |report| {
        summary.add(&report);
        bar.inc(1);
        bar.set_message(format!(
            "{} ready, {} not ready",
            summary.ready, summary.not_ready
        ));
        // Each line is flushed as its check ends, so a reader sees it then;
        // the first write that fails (a reader that went away, a full
        // disk) stops the scan, so no endpoint is contacted for output
        // nobody reads.
        written = bar.suspend(|| {
            line(&report, format, out)
                .and_then(|()| out.flush())
                .context("cannot write to standard output")?;
            for (format, file) in &mut files {
                line(&report, *format, file.writer()).with_context(|| {
                    format!("cannot write the report `{}`", file.path().display())
                })?;
            }
            Ok(())
        });
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    });
    let scanned = crate::runtime()?.block_on(async {
        tokio::select! {
            biased;
            scanned = scanning => Some(scanned),
            () = reader_gone() => None,
        }
    });
    bar.finish_and_clear();
    written?;
    let Some(scanned) = scanned else {
        return Err(io::Error::from(io::ErrorKind::BrokenPipe))
            .context("standard output was closed while no report was due");
    };
    match scanned {
        Ok(()) => {}
        Err(ScanError::Read(error)) => {
            return Err(error).with_context(|| format!("cannot read `{name}`"));
        }
        Err(error @ ScanError::LocalLimit(_)) => return Err(error.into()),
    }
    // A part of a list says which, so that N summaries are not read as
    // N whole scans.
    let part = args
        .shard
        .map(|shard| format!("shard {shard}: "))
        .unwrap_or_default();
    for (format, mut file) in files {
        if let Format::Human { .. } = format {
            write!(file.writer(), "{part}")?;
            human_summary(&summary, "URL", false, file.writer())?;
        }
        file.finish()?;
    }
    match format {
        Format::Human { color } => {
            write!(out, "{part}")?;
            human_summary(&summary, "URL", color, out)?;
        }
        // Standard output stays JSON Lines; the summary is for a person.
        _ => {
            let mut stderr = std::io::stderr().lock();
            write!(stderr, "{part}")?;
            human_summary(&summary, "URL", false, &mut stderr)?;
        }
    }
    Ok(summary.verdict())
}

/// One report as a line of the scan's output: a line for a person, or
/// a JSON document (JSON Lines).
fn line(report: &Report, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human { color } => human_line(report, color, out),
        _ => json(report, out),
    }
}

/// How often a scan looks whether its reader went away while no report is
/// due: often enough that `| head -n1` ends at once to a person, rarely
/// enough to cost nothing.
const READER_CHECK: Duration = Duration::from_millis(100);

/// Resolves when standard output (where `run` writes: `main` hands it its
/// locked stdout) is a pipe whose reader went away, and never otherwise.
///
/// A failed write stops the scan too, but a write is due only when a check
/// ends: a list of another shard's lines or of lines too long to keep, or a
/// list on a pipe that stays quiet, would keep `scan … | head -n1` reading
/// long after `head` left. The write end of a pipe whose reader closed
/// polls as `POLLERR`, which this looks for every [`READER_CHECK`]; a file
/// or a terminal never does.
#[cfg(unix)]
async fn reader_gone() {
    use std::os::fd::AsFd as _;

    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};

    let stdout = io::stdout();
    let mut every = tokio::time::interval(READER_CHECK);
    loop {
        every.tick().await;
        let mut fds = [PollFd::new(stdout.as_fd(), PollFlags::empty())];
        let gone = poll(&mut fds, PollTimeout::ZERO).is_ok()
            && fds[0]
                .revents()
                .is_some_and(|events| events.contains(PollFlags::POLLERR));
        if gone {
            return;
        }
    }
}

/// Elsewhere only a failed write tells that the reader went away.
#[cfg(not(unix))]
async fn reader_gone() {
    std::future::pending().await
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
