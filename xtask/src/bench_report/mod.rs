//! `cargo xtask bench-report`: runs the criterion benchmarks, times the
//! release binary on a large NDJSON file beside `wc -l`, the whole TLS
//! check beside a single `openssl s_client` handshake, and deliveries
//! against a server's own time and beside wrk, and writes it all, with the
//! machine it ran on, to `benches/REPORT.md`.

mod binary;
mod criterion;
mod delivery;
mod machine;
mod render;
mod tls;
mod wrk;

use std::fs;
use std::time::SystemTime;

use anyhow::{Context as _, Result, bail};

use crate::process::{self, cargo, target_dir, workspace_root};

#[derive(Debug, clap::Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is an independent command-line switch"
)]
pub(crate) struct Args {
    /// A fast smoke run: criterion's warm-up and measurement times cut to 1 s
    /// and 2 s, a 64 MiB NDJSON file, and fewer deliveries per server delay.
    #[arg(long)]
    quick: bool,
    /// The size of the NDJSON file the binary validates, in MiB [default:
    /// 1024, or 64 with --quick].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..))]
    ndjson_mb: Option<u64>,
    /// Do not run the benchmarks: report the results already in
    /// target/criterion.
    #[arg(long)]
    no_bench: bool,
    /// Do not time the binary on the NDJSON file.
    #[arg(long)]
    no_binary: bool,
    /// Do not time `hookcheck tls` against loopback servers.
    #[arg(long)]
    no_tls: bool,
    /// Do not time `hookcheck deliver` against loopback servers (nor wrk).
    #[arg(long)]
    no_delivery: bool,
}

/// Where the report is written, relative to the workspace root.
const REPORT: &str = "benches/REPORT.md";

/// How many times each command runs on the NDJSON file; the best time is
/// kept, since noise only ever adds time.
const BINARY_RUNS: usize = 3;

/// How many times `hookcheck tls` runs against each server; the best and
/// the median are shown.
const TLS_RUNS: usize = 11;

/// Criterion's options for `--quick`.
const QUICK_CRITERION: [&str; 4] = ["--warm-up-time", "1", "--measurement-time", "2"];

pub(crate) fn run(args: &Args) -> Result<()> {
    let target = target_dir()?;
    let started = SystemTime::now();
    if !args.no_bench {
        let mut bench = cargo();
        bench.args(["bench", "--package", "benches", "--benches"]);
        if args.quick {
            bench.arg("--").args(QUICK_CRITERION);
        }
        process::run(&mut bench)?;
    }
    let criterion_dir = target.join("criterion");
    // Results of this run only, unless reporting what is there.
    let since = (!args.no_bench).then_some(started);
    let groups = criterion::read(&criterion_dir, since)?;
    if groups.is_empty() {
        bail!("no criterion results in {}", criterion_dir.display());
    }

    let binary = if args.no_binary {
        None
    } else {
        let mib = args.ndjson_mb.unwrap_or(if args.quick { 64 } else { 1024 });
        Some(binary::measure(mib, BINARY_RUNS)?)
    };

    let tls = if args.no_tls {
        Vec::new()
    } else {
        tls::measure(TLS_RUNS)?
    };

    let delivery = if args.no_delivery {
        None
    } else {
        Some(delivery::measure(args.quick)?)
    };

    let report = render::render(&render::Inputs {
        quick: args.quick,
        machine: &machine::describe(),
        groups: &groups,
        binary: binary.as_ref(),
        tls: &tls,
        delivery: delivery.as_ref(),
    });
    let path = workspace_root().join(REPORT);
    fs::write(&path, &report).with_context(|| format!("cannot write {}", path.display()))?;
    println!("\n{report}");
    println!("wrote {REPORT}");
    Ok(())
}
