//! `cargo xtask`: the project's automation, one module per command. Errors
//! end the run with a one-line cause and exit status 2, as `hookcheck` does.

mod bench_report;
mod ci;
mod demo;
mod docs;
mod fixtures;
mod fuzz;
mod limbo;
mod man;
mod peak_rss;
mod process;
mod screenshot;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// hookcheck's project automation.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run what CI runs: rustfmt, clippy (warnings denied), the tests (the
    /// default tier, then the interop tier, which needs openssl and
    /// xmllint), and the API docs (warnings denied); stop at the first
    /// failure.
    Ci,
    /// Write docs/findings.md from the catalog of finding codes, and
    /// docs/hookcheck.toml.schema.json from the configuration types.
    Docs(docs::Args),
    /// Write docs/man/: hookcheck's man pages, one per command, from its
    /// command-line definitions.
    Man(man::Args),
    /// Run the benchmarks and time the release binary on a large NDJSON
    /// file; write benches/REPORT.md.
    BenchReport(bench_report::Args),
    /// Build hookcheck and run it on the captured deliveries, a few invalid
    /// payloads, and `check` against endpoints started on loopback.
    Demo,
    /// Render an HTML report in headless Chromium to a PNG, to look at it.
    Screenshot(screenshot::Args),
    /// Generate the TLS test certificates under fixtures/tls/, then verify
    /// their properties.
    Fixtures(fixtures::Args),
    /// Run x509-limbo's SERVER cases through the `--chain` path and write
    /// benches/CONFORMANCE.md: agreement beside rustls-webpki's, the wrong
    /// answers, and whether each rejection names its cause.
    Limbo(limbo::Args),
    /// Run the fuzz targets (all, or one) under libFuzzer for a while
    /// each, from the checked-in seeds; needs cargo-fuzz. Not part of `ci`.
    Fuzz(fuzz::Args),
    /// Run a command and write its peak resident set size (KiB) to a file:
    /// the stand-in for `/usr/bin/time -f %M` where that is missing.
    #[command(hide = true)]
    PeakRss(peak_rss::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Ci => ci::run(),
        Command::Docs(args) => docs::run(&args),
        Command::Man(args) => man::run(&args),
        Command::BenchReport(args) => bench_report::run(&args),
        Command::Demo => demo::run(),
        Command::Screenshot(args) => screenshot::run(&args),
        Command::Fixtures(args) => fixtures::run(&args),
        Command::Limbo(args) => limbo::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
        Command::PeakRss(args) => return peak_rss::run(&args),
    }
    .map(|()| ExitCode::SUCCESS)
}
