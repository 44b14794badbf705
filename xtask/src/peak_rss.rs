//! `cargo xtask peak-rss --out FILE -- COMMAND…` (hidden): runs a command and
//! writes its peak resident set size in KiB to FILE, exiting as the command
//! did. It stands in for `/usr/bin/time -f %M -o FILE` where GNU time is
//! missing.
//!
//! The peak comes from `getrusage(RUSAGE_CHILDREN)`, which covers every
//! waited-for child of the calling process. In this small process, whose
//! only child is the command, that is the command's own peak (or this
//! process's few MiB, if larger: the child starts from its parent's memory).
//! The bench report runs it as a fresh process (`current_exe`), never through
//! `cargo xtask`: `cargo run` replaces cargo with the binary in the same
//! process, so the compilers cargo just waited for would count too.

use std::fs;
use std::os::unix::process::ExitStatusExt as _;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{Context as _, Result, bail};
use nix::sys::resource::{UsageWho, getrusage};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where to write the peak RSS, in KiB.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The command and its arguments.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    command: Vec<String>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode> {
    let (code, kib) = measure(&args.command)?;
    fs::write(&args.out, format!("{kib}\n"))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

/// Runs the command; returns its exit code (128 + N for signal N, as GNU
/// time has it) and the peak RSS of this process's children in KiB.
fn measure(command: &[String]) -> Result<(i32, i64)> {
    let Some((program, rest)) = command.split_first() else {
        bail!("no command to run");
    };
    let status = Command::new(program)
        .args(rest)
        .status()
        .with_context(|| format!("cannot run `{program}`"))?;
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).context("getrusage failed")?;
    let code = status
        .code()
        .or_else(|| status.signal().map(|signal| 128 + signal))
        .unwrap_or(1);
    // Linux reports ru_maxrss in KiB.
    Ok((code, usage.max_rss()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_exit_code_and_a_peak() {
        let command = ["sh", "-c", "exit 3"].map(str::to_owned);
        let (code, kib) = measure(&command).unwrap();
        assert_eq!(code, 3);
        assert!(kib > 0, "{kib}");
        let command = ["sh", "-c", "kill -9 $$"].map(str::to_owned);
        assert_eq!(measure(&command).unwrap().0, 128 + 9);
        assert!(measure(&[]).is_err());
    }
}
