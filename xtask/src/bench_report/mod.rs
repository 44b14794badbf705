//! `cargo xtask bench-report`: runs the criterion benchmarks, times the
//! release binary on a large NDJSON file beside `wc -l`, the whole TLS
//! check beside a single `openssl s_client` handshake, deliveries against a
//! server's own time and beside wrk, `hookcheck scan` over many servers
//! at several concurrencies, and `hookcheck listen` under a flood, and
//! writes it all, with the machine it ran on, to `benches/REPORT.md`.

mod binary;
mod criterion;
mod delivery;
mod listen;
pub(crate) mod machine;
mod render;
mod render_delivery;
mod render_scan;
mod scan;
mod tls;
mod wrk;

pub(crate) use render::thousands;

use std::fs;
use std::path::PathBuf;
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
    /// and 2 s, a 64 MiB NDJSON file, fewer deliveries per server delay, and
    /// a scan of 16 servers at concurrency 1 and 4 only.
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
    /// Do not time `hookcheck scan` over many loopback servers.
    #[arg(long)]
    no_scan: bool,
    /// Do not flood `hookcheck listen`.
    #[arg(long)]
    no_listen: bool,
    /// Write the report here instead of benches/REPORT.md (a smoke run's
    /// figures stay out of the checked-in report).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// Where the report is written, relative to the workspace root.
const REPORT: &str = "benches/REPORT.md";

/// How many times each command runs on the NDJSON file; the best time is
/// kept, since noise only ever adds time.
const BINARY_RUNS: usize = 3;

/// How many times `hookcheck tls` runs against each server; the best and
/// the median are shown.
const TLS_RUNS: usize = 11;

/// How many times `hookcheck scan` runs at each concurrency; the fastest
/// run is kept, since noise (another process on the cores) only ever adds
/// time.
const SCAN_RUNS: usize = 3;

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

    let scan = if args.no_scan {
        None
    } else {
        Some(scan::measure(&release_hookcheck()?, args.quick, SCAN_RUNS)?)
    };

    let listen = if args.no_listen {
        None
    } else {
        Some(listen::measure(&release_hookcheck()?, args.quick)?)
    };

    let report = render::render(&render::Inputs {
        quick: args.quick,
        machine: &machine::describe(),
        groups: &groups,
        binary: binary.as_ref(),
        tls: &tls,
        delivery: delivery.as_ref(),
        scan: scan.as_ref(),
        listen: listen.as_ref(),
    });
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join(REPORT));
    fs::write(&path, &report).with_context(|| format!("cannot write {}", path.display()))?;
    println!("\n{report}");
    println!("wrote {}", path.display());
    Ok(())
}

/// Builds the release binary every timed section runs (cargo makes this a
/// no-op for all but the first) and returns its path.
fn release_hookcheck() -> Result<PathBuf> {
    process::run(cargo().args(["build", "--release", "--package", "hookcheck"]))?;
    Ok(target_dir()?.join("release/hookcheck"))
}
