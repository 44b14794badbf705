//! `cargo xtask fuzz [TARGET] [--time SECONDS]`: runs the fuzz targets of
//! `crates/hookcheck-fuzz` under libFuzzer (cargo-fuzz, on the stable
//! toolchain: no sanitizer, coverage from LLVM's sanitizer-coverage passes),
//! one after another, each for the given time, and prints what each did.
//!
//! Each run starts from the checked-in seeds and regressions, read only,
//! and grows a working corpus under `target/fuzz/corpus/TARGET`, which the
//! next run starts from too; crashes, hangs and memory blowups are written
//! to `target/fuzz/artifacts/TARGET/`. Nothing lands in the tree: a failure
//! worth keeping is copied to `crates/hookcheck-fuzz/regressions/TARGET/`
//! by hand, with a named test, once fixed.
//!
//! Why these limits: 10 s for one input is a hang (the slowest seed takes
//! milliseconds), and 2 GiB is a blowup (the targets cap every input far
//! below that).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};
use hookcheck_fuzz::{TARGETS, Target};

use crate::process::{self, cargo, shown_path, workspace_root};

/// The seconds one input may take before it counts as a hang.
const TIMEOUT_SECONDS: u32 = 10;
/// The memory a run may reach before it counts as a blowup.
const RSS_LIMIT_MB: u32 = 2048;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The target to run (all of them when absent): payload, ndjson,
    /// chain, hello, answer, config or `url_list`.
    target: Option<String>,
    /// How long each target runs, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    time: u32,
}

/// What one run did, from libFuzzer's last status line and final stats.
#[derive(Debug, Default, PartialEq, Eq)]
struct Figures {
    execs: Option<u64>,
    execs_per_second: Option<u64>,
    coverage: Option<u64>,
    features: Option<u64>,
    corpus: Option<String>,
    peak_rss_mb: Option<u64>,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let targets: Vec<&Target> = match &args.target {
        Some(name) => match hookcheck_fuzz::target(name) {
            Some(target) => vec![target],
            None => bail!(
                "no fuzz target `{name}` (the targets: {})",
                TARGETS
                    .iter()
                    .map(|t| t.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        None => TARGETS.iter().collect(),
    };
    let installed = cargo()
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !installed {
        bail!(
            "cargo-fuzz is not installed: `cargo install cargo-fuzz --locked` (it also needs a C++ compiler)"
        );
    }
    let target_dir = crate::process::target_dir()?.join("fuzz");
    let mut failed = Vec::new();
    for target in targets {
        let figures = run_target(target, &target_dir, args.time)?;
        match figures {
            Ok(figures) => println!("{}: {}", target.name, summary(&figures, args.time)),
            Err(artifact) => {
                println!("{}: FAILED, the input is {artifact}", target.name);
                failed.push(target.name);
            }
        }
    }
    if !failed.is_empty() {
        bail!("fuzzing failed for {}", failed.join(", "));
    }
    Ok(())
}

/// Builds and runs one target; `Err` names the input that failed it.
fn run_target(
    target: &Target,
    target_dir: &Path,
    seconds: u32,
) -> Result<std::result::Result<Figures, String>> {
    let fuzz_dir = workspace_root().join("fuzz");
    process::run(
        cargo()
            .args(["fuzz", "build", "--fuzz-dir"])
            .arg(&fuzz_dir)
            .arg("--target-dir")
            .arg(target_dir)
            .args([
                "--sanitizer",
                "none",
                "--release",
                "--debug-assertions",
                target.name,
            ]),
    )?;
    let binary = binary(target_dir, target.name)?;
    let corpus = target_dir.join("corpus").join(target.name);
    let artifacts = target_dir.join("artifacts").join(target.name);
    let log = target_dir.join("logs").join(format!("{}.log", target.name));
    for folder in [&corpus, &artifacts, &log.with_file_name("")] {
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let crate_dir = workspace_root().join("crates/hookcheck-fuzz");
    let mut command = Command::new(&binary);
    command.arg(&corpus);
    for kind in ["corpus", "regressions"] {
        let seeds = crate_dir.join(kind).join(target.name);
        if seeds.is_dir() {
            command.arg(seeds);
        }
    }
    command
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={TIMEOUT_SECONDS}"))
        .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .stdout(Stdio::null())
        .stderr(File::create(&log).with_context(|| format!("cannot create {}", log.display()))?);
    let status = process::run_status(&mut command)?;
    let output =
        fs::read_to_string(&log).with_context(|| format!("cannot read {}", log.display()))?;
    if status.success() {
        return Ok(Ok(figures(&output)));
    }
    // libFuzzer names the input it saved: "Test unit written to PATH".
    let artifact = output
        .lines()
        .find_map(|line| line.split_once("Test unit written to "))
        .map_or_else(
            || format!("not saved ({status}; see {})", shown_path(&log)),
            |(_, path)| format!("{} (see {})", path.trim(), shown_path(&log)),
        );
    Ok(Err(artifact))
}

/// The built binary: cargo-fuzz builds for the host's triple, under
/// `TARGET_DIR/TRIPLE/release/`.
fn binary(target_dir: &Path, name: &str) -> Result<PathBuf> {
    let entries = fs::read_dir(target_dir)
        .with_context(|| format!("cannot read {}", target_dir.display()))?;
    entries
        .flatten()
        .map(|entry| entry.path().join("release").join(name))
        .find(|path| path.is_file())
        .with_context(|| format!("no fuzz binary `{name}` under {}", target_dir.display()))
}

/// The figures of a run's log: the last status line (`#N DONE cov: …` or
/// the last `pulse`/`NEW` line) and the `stat::` lines.
fn figures(log: &str) -> Figures {
    let mut figures = Figures::default();
    // Status lines start `#` and the count of inputs run; the recommended
    // dictionary that may follow starts `###`.
    let status = log.lines().rev().find(|line| {
        line.strip_prefix('#')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    });
    if let Some(status) = status {
        let words: Vec<&str> = status.split_whitespace().collect();
        let after = |key: &str| {
            words
                .iter()
                .position(|word| *word == key)
                .and_then(|i| words.get(i + 1))
                .copied()
        };
        figures.coverage = after("cov:").and_then(|v| v.parse().ok());
        figures.features = after("ft:").and_then(|v| v.parse().ok());
        figures.corpus = after("corp:").map(str::to_owned);
    }
    for line in log.lines() {
        let Some((key, value)) = line.split_once(": ") else {
            continue;
        };
        let value = value.trim().parse().ok();
        match key {
            "stat::number_of_executed_units" => figures.execs = value,
            "stat::average_exec_per_sec" => figures.execs_per_second = value,
            "stat::peak_rss_mb" => figures.peak_rss_mb = value,
            _ => {}
        }
    }
    figures
}

fn summary(figures: &Figures, seconds: u32) -> String {
    let show = |value: Option<u64>| value.map_or_else(|| "?".to_owned(), |v| v.to_string());
    format!(
        "{seconds} s, {} execs ({}/s), corpus {} (files/size), cov {}, ft {}, peak RSS {} MB, no failure",
        show(figures.execs),
        show(figures.execs_per_second),
        figures.corpus.as_deref().unwrap_or("?"),
        show(figures.coverage),
        show(figures.features),
        show(figures.peak_rss_mb),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_from_libfuzzers_log() {
        let log = "INFO: Seed: 1\n\
                   #2\tINITED cov: 10 ft: 11 corp: 1/1b exec/s: 0 rss: 30Mb\n\
                   #1024\tpulse  cov: 20 ft: 25 corp: 5/90b lim: 4 exec/s: 512 rss: 31Mb\n\
                   #4096\tDONE   cov: 21 ft: 26 corp: 6/99b lim: 4 exec/s: 409 rss: 32Mb\n\
                   Done 4096 runs in 10 second(s)\n\
                   stat::number_of_executed_units: 4096\n\
                   stat::average_exec_per_sec:     409\n\
                   stat::new_units_added:          5\n\
                   stat::slowest_unit_time_sec:    0\n\
                   stat::peak_rss_mb:              32\n\
                   ###### Recommended dictionary. ######\n\
                   \"ok\" # Uses: 3\n\
                   ###### End of recommended dictionary. ######\n";
        assert_eq!(
            figures(log),
            Figures {
                execs: Some(4096),
                execs_per_second: Some(409),
                coverage: Some(21),
                features: Some(26),
                corpus: Some("6/99b".to_owned()),
                peak_rss_mb: Some(32),
            }
        );
    }

    /// Every target has its libFuzzer binary in `fuzz/`, declared in its
    /// manifest, and every binary there is a target's.
    #[test]
    fn every_target_has_a_fuzzer_binary() {
        let fuzz = workspace_root().join("fuzz");
        let manifest = fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
        let declared = manifest.matches("[[bin]]").count();
        assert_eq!(
            declared,
            TARGETS.len(),
            "fuzz/Cargo.toml declares {declared} binaries"
        );
        for target in TARGETS {
            let path = format!("fuzz_targets/{}.rs", target.name);
            assert!(
                manifest.contains(&format!("path = \"{path}\"")),
                "{path} not declared"
            );
            let source = fs::read_to_string(fuzz.join(&path)).expect("the binary's source");
            assert!(
                source.contains(&format!("hookcheck_fuzz::{}::run(data)", target.name)),
                "{path} does not run its target"
            );
        }
    }
}
