//! The release binary on a large NDJSON file: `hookcheck validate --ndjson`
//! timed beside `wc -l` and beside the plain single-threaded loop of
//! `serde_json::Value` and `jsonschema` (benches' `ndjson-baseline`) on the
//! same file in the same run, with the page cache warm, so the figures say
//! how close validation comes to merely reading the lines and how far it is
//! ahead of the straightforward program. Peak memory shows that a gigabyte
//! streams through a bounded buffer.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use benches::{NdjsonCounts, NdjsonMix};

use crate::process::{self, NOTE_STYLE, cargo, target_dir};

/// GNU time, which reports a command's peak RSS with `-f %M`.
const GNU_TIME: &str = "/usr/bin/time";

/// What was measured.
#[derive(Debug, Clone)]
pub(crate) struct BinaryResults {
    /// The file, as shown in the report.
    pub(crate) file: String,
    pub(crate) counts: NdjsonCounts,
    /// How many times each command ran; the best time is kept.
    pub(crate) runs: usize,
    /// How peak RSS was read.
    pub(crate) rss_source: &'static str,
    /// `wc -l` first, then the baseline loop ([`BASELINE_ROW`]), then
    /// hookcheck's formats.
    pub(crate) timings: Vec<Timing>,
}

/// One command's best run.
#[derive(Debug, Clone)]
pub(crate) struct Timing {
    /// The command line, as shown in the report.
    pub(crate) command: String,
    pub(crate) best: Duration,
    /// The highest peak RSS over the runs, in KiB.
    pub(crate) peak_rss_kib: Option<u64>,
    /// The exit status (1 is expected from hookcheck: the file has invalid
    /// lines).
    pub(crate) exit_code: i32,
}

/// The row of [`BinaryResults::timings`] that holds the baseline loop.
pub(crate) const BASELINE_ROW: usize = 1;

pub(crate) fn measure(mib: u64, runs: usize) -> Result<BinaryResults> {
    let target = target_dir()?;
    let (path, counts) = ndjson_file(target, mib)?;
    let hookcheck = super::release_hookcheck()?;
    process::run(cargo().args([
        "build",
        "--release",
        "--package",
        "benches",
        "--bin",
        "ndjson-baseline",
    ]))?;
    let baseline = target.join("release/ndjson-baseline");

    // Reading the file once puts it in the page cache, so every command
    // below reads from memory and none pays for the disk alone.
    io::copy(
        &mut File::open(&path).with_context(|| format!("cannot open {}", path.display()))?,
        &mut io::sink(),
    )
    .with_context(|| format!("cannot read {}", path.display()))?;

    let rss_dir = target.join("bench-ndjson");
    let probe = RssProbe::find()?;
    let mut wc = Command::new("wc");
    wc.arg("-l").arg(&path);
    let wc_counts = move |stdout: &str| check_line_count(stdout, counts.lines);
    let mut timings = vec![time(&wc, runs, &probe, &rss_dir, &[0], Some(&wc_counts))?];
    let mut plain_loop = Command::new(&baseline);
    plain_loop.arg(&path);
    let baseline_counts = move |stdout: &str| check_baseline_counts(stdout, counts);
    timings.push(time(
        &plain_loop,
        runs,
        &probe,
        &rss_dir,
        &[0],
        Some(&baseline_counts),
    )?);
    for format in ["json", "human"] {
        let mut command = Command::new(&hookcheck);
        command
            .args(["validate", "--ndjson", "--format", format])
            .arg(&path);
        // The file has invalid lines, so 1 (not ready) is expected, and the
        // report shows it; only 2 (the tool failed) or a signal stops the run.
        timings.push(time(&command, runs, &probe, &rss_dir, &[0, 1], None)?);
    }
    Ok(BinaryResults {
        file: process::shown_path(&path),
        counts,
        runs,
        rss_source: probe.describe(),
        timings,
    })
}

/// The NDJSON file of at least `mib` MiB: written from the benchmark mix, or
/// kept from an earlier run when it is already exactly what the mix makes.
fn ndjson_file(target: &Path, mib: u64) -> Result<(PathBuf, NdjsonCounts)> {
    let dir = target.join("bench-ndjson");
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = if mib.is_multiple_of(1024) {
        format!("{}gb.ndjson", mib / 1024)
    } else {
        format!("{mib}mb.ndjson")
    };
    let path = dir.join(name);
    let mix = NdjsonMix::new();
    let min_bytes = mib << 20;
    // Counting what the mix would write costs no I/O.
    let counts = mix.write(&mut io::sink(), min_bytes)?;
    let shown = process::shown_path(&path);
    if fs::metadata(&path).is_ok_and(|meta| meta.len() == counts.bytes) {
        anstream::println!("{NOTE_STYLE}reusing {shown} ({mib} MiB){NOTE_STYLE:#}");
        return Ok((path, counts));
    }
    anstream::println!("{NOTE_STYLE}writing {shown} ({mib} MiB){NOTE_STYLE:#}");
    let partial = path.with_extension("ndjson.partial");
    let write = || -> io::Result<NdjsonCounts> {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&partial)?);
        let written = mix.write(&mut out, min_bytes)?;
        out.flush()?;
        Ok(written)
    };
    let written = write().with_context(|| format!("cannot write {}", partial.display()))?;
    fs::rename(&partial, &path).with_context(|| format!("cannot rename {}", partial.display()))?;
    Ok((path, written))
}

/// How a command's peak RSS is read: GNU time where it is installed,
/// otherwise this xtask's own `peak-rss` command.
pub(crate) enum RssProbe {
    GnuTime,
    Xtask(PathBuf),
}

impl RssProbe {
    pub(crate) fn find() -> Result<RssProbe> {
        if Path::new(GNU_TIME).is_file() {
            return Ok(RssProbe::GnuTime);
        }
        let xtask = std::env::current_exe().context("cannot find the xtask binary")?;
        Ok(RssProbe::Xtask(xtask))
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self {
            RssProbe::GnuTime => "GNU time (`/usr/bin/time -f %M`)",
            RssProbe::Xtask(_) => "getrusage of the child (`cargo xtask peak-rss`)",
        }
    }

    /// `command` run under the probe, which writes the peak RSS to `out`.
    pub(crate) fn wrap(&self, command: &Command, out: &Path) -> Command {
        let mut wrapped = match self {
            RssProbe::GnuTime => {
                let mut time = Command::new(GNU_TIME);
                time.args(["-f", "%M", "-o"]).arg(out);
                time
            }
            RssProbe::Xtask(xtask) => {
                let mut xtask = Command::new(xtask);
                xtask.args(["peak-rss", "--out"]).arg(out).arg("--");
                xtask
            }
        };
        wrapped.arg(command.get_program()).args(command.get_args());
        wrapped
    }
}

/// Reads a command's standard output and says whether it counted right.
type CheckOutput = dyn Fn(&str) -> Result<()>;

/// Runs `command` `runs` times; keeps the best time and the highest peak
/// RSS. Its output goes to /dev/null, except for the commands that print
/// only counts (`wc -l`, the baseline loop), which `check` reads.
fn time(
    command: &Command,
    runs: usize,
    probe: &RssProbe,
    rss_dir: &Path,
    ok_codes: &[i32],
    check: Option<&CheckOutput>,
) -> Result<Timing> {
    let shown = match check {
        Some(_) => process::display(command),
        None => format!("{} > /dev/null", process::display(command)),
    };
    anstream::println!(
        "{}$ {shown}{:#} {NOTE_STYLE}({runs} runs){NOTE_STYLE:#}",
        process::COMMAND_STYLE,
        process::COMMAND_STYLE
    );
    let rss_file = rss_dir.join("peak-rss.txt");
    let mut best = Duration::MAX;
    let mut peak = None;
    let mut exit_code = 0;
    for _ in 0..runs {
        let mut wrapped = probe.wrap(command, &rss_file);
        let stdout = match check {
            Some(_) => Stdio::piped(),
            None => Stdio::null(),
        };
        let _ = fs::remove_file(&rss_file);
        let started = Instant::now();
        let output = wrapped
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .with_context(|| format!("cannot run `{shown}`"))?;
        let elapsed = started.elapsed();
        let Some(code) = output.status.code().filter(|code| ok_codes.contains(code)) else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let cause = stderr.lines().rev().find(|line| !line.trim().is_empty());
            bail!(
                "`{shown}` failed ({}){}",
                output.status,
                cause.map(|cause| format!(": {cause}")).unwrap_or_default()
            );
        };
        if let Some(check) = check {
            check(&String::from_utf8_lossy(&output.stdout))?;
        }
        exit_code = code;
        best = best.min(elapsed);
        peak = peak.max(read_rss(&rss_file));
    }
    Ok(Timing {
        command: shown,
        best,
        peak_rss_kib: peak,
        exit_code,
    })
}

/// The peak RSS the probe wrote: its last line (GNU time writes a line
/// about a non-zero exit status before it).
pub(crate) fn read_rss(path: &Path) -> Option<u64> {
    let text = fs::read_to_string(path).ok()?;
    text.lines().rev().find_map(|line| line.trim().parse().ok())
}

fn check_line_count(stdout: &str, expected: u64) -> Result<()> {
    let counted: Option<u64> = stdout
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok());
    if counted != Some(expected) {
        bail!("`wc -l` counted {stdout:?}, expected {expected} lines");
    }
    Ok(())
}

/// The baseline prints the lines it checked and the invalid ones: the file
/// must be judged as the mix that wrote it says.
fn check_baseline_counts(stdout: &str, counts: NdjsonCounts) -> Result<()> {
    let counted: Vec<u64> = stdout
        .split_whitespace()
        .filter_map(|count| count.parse().ok())
        .collect();
    if counted != [counts.lines, counts.invalid] {
        bail!(
            "the baseline counted {stdout:?}, expected {} lines and {} invalid",
            counts.lines,
            counts.invalid
        );
    }
    Ok(())
}
