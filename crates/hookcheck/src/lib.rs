//! The `hookcheck` command line: argument parsing and glue over the library
//! crates. Everything a command decides lives in those crates; this crate
//! reads input, calls them, renders and picks the exit status.

mod check;
mod cli;
mod deliver;
mod emulate;
mod input;
mod listen;
mod providers;
mod reports;
mod scan;
mod schema;
mod sign;
mod tls;
mod validate;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Parser as _;
use hookcheck_core::Verdict;
use hookcheck_report::Format;

use crate::cli::{Cli, Command};

/// Exit status when the tool itself failed (SPEC §3).
const EXIT_TOOL_FAILURE: u8 = 2;

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = cli.format.format(stdout_has_color());
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = run(cli.command, format, &mut out).and_then(|verdict| {
        out.flush()?;
        Ok(verdict)
    });
    match result {
        Ok(Verdict::Ready) => ExitCode::SUCCESS,
        Ok(Verdict::NotReady) => ExitCode::from(1),
        // A reader that went away (`hookcheck … | head`): the command
        // stopped at the first write that failed, so not every report was
        // written and the verdict is unknown. Exit 0 would claim "ready"
        // (and 1 "not ready") for reports nobody saw; the tool could not
        // finish its job, which is what 2 says. Why not die by SIGPIPE as
        // `cat` does: 0/1/2 is the contract scripts read (SPEC §3), and a
        // status of 141 is outside it. One line says why, as for every 2.
        Err(error) if is_broken_pipe(&error) => {
            eprintln!(
                "hookcheck: error: standard output was closed; stopped before every report was written"
            );
            ExitCode::from(EXIT_TOOL_FAILURE)
        }
        Err(error) => {
            // Show what was written before the failure, then the one-line cause.
            let _ = out.flush();
            let message = format!("{error:#}");
            eprintln!("hookcheck: error: {}", hookcheck_report::visible(&message));
            ExitCode::from(EXIT_TOOL_FAILURE)
        }
    }
}

fn run(command: Command, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let one_report = matches!(
        command,
        Command::Check(_) | Command::Deliver(_) | Command::Tls(_)
    );
    if !one_report && !matches!(format, Format::Human { .. } | Format::Json) {
        bail!("--format junit, markdown and html are for check, deliver and tls");
    }
    match command {
        Command::Validate(args) => validate::run(&args, format, out),
        Command::Schema(args) => schema::run(&args, format, out),
        Command::Sign(args) => sign::run(&args, format, out),
        Command::Tls(args) => tls::run(&args, format, out),
        Command::Check(args) => check::run(&args, format, out),
        Command::Deliver(args) => deliver::run(&args, format, out),
        Command::Scan(args) => scan::run(&args, format, out),
        Command::Providers(args) => providers::run(&args, format, out),
        Command::Listen(args) => listen::run(&args, format, out),
        Command::History(args) => listen::history(&args, format, out),
        Command::Replay(args) => listen::replay(&args, format, out),
        Command::Emulate(args) => emulate::run(&args, format, out),
        Command::Completions(args) => {
            clap_complete::generate(args.shell, &mut self::command(), "hookcheck", out);
            Ok(Verdict::Ready)
        }
    }
}

/// The command line's definition: what completions and man pages are
/// generated from.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Colour on a terminal, never when `NO_COLOR` is set or output is piped
/// (anstream's reading of the environment, which also honours `CLICOLOR`).
fn stdout_has_color() -> bool {
    anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

/// The async runtime of the network commands: every core, so concurrent
/// deliveries and probes are not limited by the tool.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|cause| cause.kind() == io::ErrorKind::BrokenPipe)
}
