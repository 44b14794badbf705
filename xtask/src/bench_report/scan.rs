//! `hookcheck scan` on loopback: endpoints checked per second against many
//! HTTPS receivers at several concurrencies, with the CPU time hookcheck and
//! the receivers spent meanwhile, which tells whether the cores or the
//! waiting set the rate; and at a provider's scale (`scale.rs`).

pub(crate) mod scale;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{Answer, HookOptions, HookServer, fixtures};
use nix::sys::resource::{UsageWho, getrusage};
use nix::sys::time::TimeValLike as _;
use serde_json::Value;

use super::criterion::as_f64;
use crate::process::{self, COMMAND_STYLE, NOTE_STYLE, workspace_root};

/// The path every server answers on.
const PATH: &str = "/hook";

/// The "many loopback servers", and fewer with `--quick`.
const SERVERS: u64 = 64;
const QUICK_SERVERS: u64 = 16;

/// One at a time, scan's default, and up to one check per server at once.
const CONCURRENCIES: [usize; 4] = [1, 4, 16, 64];
const QUICK_CONCURRENCIES: [usize; 2] = [1, 4];

/// What was measured.
#[derive(Debug, Clone)]
pub(crate) struct ScanResults {
    /// How many servers the list names, one URL each.
    pub(crate) endpoints: u64,
    /// What `available_parallelism` reports: the cores the tool and the
    /// servers share.
    pub(crate) cores: u32,
    /// Whether the servers (threads of this process) run optimised code;
    /// `cargo xtask` builds the dev profile, where they cost more CPU.
    pub(crate) servers_optimised: bool,
    /// What one check did, read from the first report.
    pub(crate) per_check: PerCheck,
    /// How many times the list was scanned at each concurrency.
    pub(crate) runs_each: usize,
    /// The fastest run at each concurrency, in increasing concurrency, the
    /// first at concurrency 1.
    pub(crate) runs: Vec<ScanRun>,
    /// Long lists over many slow endpoints.
    pub(crate) scale: scale::ScaleResults,
}

/// The work behind one endpoint's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PerCheck {
    /// TLS connections: the handshake and every probe.
    pub(crate) tls_connections: Option<u64>,
    /// Deliveries attempted.
    pub(crate) deliveries: Option<u64>,
}

/// One scan of the whole list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ScanRun {
    pub(crate) concurrency: usize,
    /// The whole process, from spawning it to its exit.
    pub(crate) wall: Duration,
    /// hookcheck's user and system CPU time.
    pub(crate) tool_cpu: Duration,
    /// This process's user and system CPU time over the same interval: the
    /// servers' threads, since the main thread only waits meanwhile.
    pub(crate) server_cpu: Duration,
}

impl ScanResults {
    /// Endpoints checked per second of the run's wall time.
    pub(crate) fn per_second(&self, run: &ScanRun) -> f64 {
        as_f64(self.endpoints) / run.wall.as_secs_f64()
    }

    /// How many times faster than the run at concurrency 1.
    pub(crate) fn speed_up(&self, run: &ScanRun) -> Option<f64> {
        let one = self.runs.iter().find(|run| run.concurrency == 1)?;
        Some(one.wall.as_secs_f64() / run.wall.as_secs_f64())
    }

    /// CPU time per endpoint, in ms.
    pub(crate) fn per_endpoint_ms(&self, cpu: Duration) -> f64 {
        cpu.as_secs_f64() * 1e3 / as_f64(self.endpoints)
    }
}

impl ScanRun {
    /// How many cores `cpu` kept busy on average over the run.
    pub(crate) fn cores_busy(&self, cpu: Duration) -> f64 {
        cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// Starts the servers, scans their list once unmeasured, then `runs` times
/// at each concurrency, keeping the fastest run.
pub(crate) fn measure(hookcheck: &Path, quick: bool, runs: usize) -> Result<ScanResults> {
    let (count, concurrencies) = if quick {
        (QUICK_SERVERS, &QUICK_CONCURRENCIES[..])
    } else {
        (SERVERS, &CONCURRENCIES[..])
    };
    let servers: Vec<HookServer> = (0..count).map(|_| receiver()).collect();
    let urls: Vec<String> = servers.iter().map(|server| server.url(PATH)).collect();
    // Resolved, so that the command shows it relative to the workspace root,
    // as the report has it.
    let root = fixtures::root_pem();
    let scan = Scan {
        hookcheck,
        root: root
            .canonicalize()
            .with_context(|| format!("cannot find {}", root.display()))?,
        list: TempFile::write("urls.txt", &(urls.join("\n") + "\n"))?,
        urls,
    };

    // The first scan pays for loading the binary and for each server's first
    // connections; a run at the highest concurrency takes that cost out of
    // the table (and shows a broken set-up before the slow runs).
    anstream::println!("{NOTE_STYLE}a warm-up scan, not measured:{NOTE_STYLE:#}");
    let highest = concurrencies.iter().copied().max().unwrap_or(1);
    let (_, first) = scan.run(highest)?;

    let mut fastest = Vec::new();
    for &concurrency in concurrencies {
        let tries = (0..runs.max(1))
            .map(|_| Ok(scan.run(concurrency)?.0))
            .collect::<Result<Vec<ScanRun>>>()?;
        fastest.extend(tries.into_iter().min_by_key(|run| run.wall));
    }
    drop(servers);
    let scale = scale::measure(hookcheck, quick)?;
    Ok(ScanResults {
        endpoints: count,
        cores: std::thread::available_parallelism()
            .map_or(1, |cores| u32::try_from(cores.get()).unwrap_or(u32::MAX)),
        // Release builds turn debug assertions off; dev builds, unoptimised,
        // leave them on.
        servers_optimised: !cfg!(debug_assertions),
        per_check: per_check(&first),
        runs_each: runs.max(1),
        runs: fastest,
        scale,
    })
}

/// An HTTPS receiver presenting the `good` fixture chain that answers 200
/// `ok` at once with HSTS, so that every check ends graded A+ and ready.
fn receiver() -> HookServer {
    let answer = Answer::Status {
        status: 200,
        delay: Duration::ZERO,
        headers: vec![(
            "strict-transport-security".into(),
            "max-age=31536000".into(),
        )],
        body: b"ok".to_vec(),
    };
    HookServer::start(HookOptions::https(fixtures::case("good"), answer))
}

/// What every scan of the list takes.
struct Scan<'a> {
    hookcheck: &'a Path,
    /// The fixture root, for `--ca-file`.
    root: PathBuf,
    /// The URLs, one a line.
    list: TempFile,
    urls: Vec<String>,
}

impl Scan<'_> {
    /// Runs `hookcheck scan` over the list at `concurrency` and times it;
    /// returns the run and the first report.
    fn run(&self, concurrency: usize) -> Result<(ScanRun, Value)> {
        let mut command = Command::new(self.hookcheck);
        command
            .args(["scan", "--urls"])
            .arg(&self.list.0)
            .args(["--allow-private", "--ca-file"])
            .arg(&self.root)
            .args(["--format", "json", "--quiet", "--concurrency"])
            .arg(concurrency.to_string())
            .current_dir(workspace_root())
            .stdin(Stdio::null());
        let shown = process::display(&command);
        anstream::println!("{COMMAND_STYLE}$ {shown}{COMMAND_STYLE:#}");

        // Not ready (1) is a verdict about the endpoints, judged line by line
        // below; anything else is the tool failing.
        let Timed {
            output,
            wall,
            tool_cpu,
            server_cpu,
        } = timed(&mut command, &shown, &[0, 1])?;
        let first = all_ready(&String::from_utf8_lossy(&output.stdout), &self.urls)
            .with_context(|| format!("`{shown}` did not find every endpoint ready"))?;
        Ok((
            ScanRun {
                concurrency,
                wall,
                tool_cpu,
                server_cpu,
            },
            first,
        ))
    }
}

/// A command's output, its wall time, and the CPU time it and this
/// process's server threads spent meanwhile.
struct Timed {
    output: Output,
    wall: Duration,
    tool_cpu: Duration,
    server_cpu: Duration,
}

/// Runs `command` (shown as `shown`) and times it; fails with its last
/// line on stderr unless it exits with one of `codes`.
fn timed(command: &mut Command, shown: &str, codes: &[i32]) -> Result<Timed> {
    // Children's times count once they are waited for, and this process
    // waits for no other child meanwhile, so the differences are the
    // command's alone and the servers' alone.
    let tool_before = cpu_time(UsageWho::RUSAGE_CHILDREN)?;
    let server_before = cpu_time(UsageWho::RUSAGE_SELF)?;
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run `{shown}`"))?;
    let wall = started.elapsed();
    let server_cpu = cpu_time(UsageWho::RUSAGE_SELF)?.saturating_sub(server_before);
    let tool_cpu = cpu_time(UsageWho::RUSAGE_CHILDREN)?.saturating_sub(tool_before);
    if !output
        .status
        .code()
        .is_some_and(|code| codes.contains(&code))
    {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let cause = stderr.lines().rev().find(|line| !line.trim().is_empty());
        bail!(
            "`{shown}` failed ({}){}",
            output.status,
            cause.map(|cause| format!(": {cause}")).unwrap_or_default()
        );
    }
    Ok(Timed {
        output,
        wall,
        tool_cpu,
        server_cpu,
    })
}

/// Checks that `stdout` holds one ready report for each of `urls`, and
/// nothing else; returns the first report. A rate of checks that failed
/// would measure something else.
fn all_ready(stdout: &str, urls: &[String]) -> Result<Value> {
    let mut first = None;
    each_report(stdout, urls, |number, target, report| {
        let verdict = report["verdict"].as_str().unwrap_or("none");
        if verdict != "ready" {
            bail!(
                "line {number}: `{target}` is {verdict}, not ready (findings: {})",
                codes(&report)
            );
        }
        first.get_or_insert(report);
        Ok(())
    })?;
    first.context("the list is empty")
}

/// Checks that `stdout` holds one JSON report for each of `urls` and
/// nothing else, handing each to `check` with its line number and target.
fn each_report(
    stdout: &str,
    urls: &[String],
    mut check: impl FnMut(usize, &str, Value) -> Result<()>,
) -> Result<()> {
    let lines: Vec<&str> = stdout.lines().collect();
    if lines.len() != urls.len() {
        bail!("{} report lines for {} URLs", lines.len(), urls.len());
    }
    let mut unseen: BTreeSet<&str> = urls.iter().map(String::as_str).collect();
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        let report: Value = serde_json::from_str(line)
            .with_context(|| format!("line {number} is not a JSON report"))?;
        let target = report["target"].as_str().unwrap_or_default().to_owned();
        if !unseen.remove(target.as_str()) {
            bail!("line {number}: `{target}` is not in the list, or reported twice");
        }
        check(number, &target, report)?;
    }
    Ok(())
}

/// The finding codes of a report, for an error.
fn codes(report: &Value) -> String {
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    if codes.is_empty() {
        "none".to_owned()
    } else {
        codes.join(", ")
    }
}

/// The connections and deliveries a report says its check made.
fn per_check(report: &Value) -> PerCheck {
    PerCheck {
        // The probes, and the handshake that fetched the chain.
        tls_connections: report["tls"]["probe_connections"]
            .as_u64()
            .map(|probes| probes + 1),
        deliveries: report["delivery"]["attempts"].as_u64(),
    }
}

/// The user and system CPU time of `who` so far.
fn cpu_time(who: UsageWho) -> Result<Duration> {
    let usage = getrusage(who).context("getrusage failed")?;
    let micros = usage.user_time().num_microseconds() + usage.system_time().num_microseconds();
    Ok(Duration::from_micros(
        u64::try_from(micros).unwrap_or_default(),
    ))
}

/// A file in the temporary directory, removed when dropped, even when a
/// scan fails. The process id keeps two runs on one machine apart.
struct TempFile(PathBuf);

impl TempFile {
    fn write(name: &str, contents: &str) -> Result<TempFile> {
        let path = std::env::temp_dir().join(format!(
            "hookcheck-bench-scan-{}-{name}",
            std::process::id()
        ));
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(TempFile(path))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn report(target: &str, verdict: &str) -> String {
        json!({
            "target": target,
            "verdict": verdict,
            "findings": [{"code": "delivery-timeout"}],
            "tls": {"probe_connections": 22},
            "delivery": {"attempts": 3},
        })
        .to_string()
    }

    #[test]
    fn every_url_must_have_one_ready_report() {
        let urls = ["https://a/hook", "https://b/hook"].map(str::to_owned);
        let good = [
            report("https://b/hook", "ready"),
            report("https://a/hook", "ready"),
        ];
        let first = all_ready(&good.join("\n"), &urls).unwrap();
        assert_eq!(first["target"], "https://b/hook");
        assert_eq!(
            per_check(&first),
            PerCheck {
                tls_connections: Some(23),
                deliveries: Some(3),
            }
        );

        let bad = [
            report("https://a/hook", "ready"),
            report("https://b/hook", "not-ready"),
        ];
        let error = all_ready(&bad.join("\n"), &urls).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: `https://b/hook` is not-ready, not ready (findings: delivery-timeout)"
        );
        let twice = [
            report("https://a/hook", "ready"),
            report("https://a/hook", "ready"),
        ];
        let error = all_ready(&twice.join("\n"), &urls).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: `https://a/hook` is not in the list, or reported twice"
        );
        let error = all_ready(&good[0], &urls).unwrap_err();
        assert_eq!(error.to_string(), "1 report lines for 2 URLs");
        let error = all_ready("not json\n{}", &urls).unwrap_err();
        assert_eq!(error.to_string(), "line 1 is not a JSON report");
    }

    #[test]
    fn rates_speed_ups_and_cpu_come_from_the_times() {
        let run = |concurrency, wall_ms, tool_ms, server_ms| ScanRun {
            concurrency,
            wall: Duration::from_millis(wall_ms),
            tool_cpu: Duration::from_millis(tool_ms),
            server_cpu: Duration::from_millis(server_ms),
        };
        let results = ScanResults {
            endpoints: 64,
            cores: 2,
            servers_optimised: false,
            per_check: per_check(&Value::Null),
            runs_each: 1,
            runs: vec![run(1, 6_400, 3_200, 640), run(4, 1_600, 2_560, 640)],
            scale: scale::example(),
        };
        let four = &results.runs[1];
        assert!((results.per_second(four) - 40.0).abs() < 1e-9);
        assert!((results.speed_up(four).unwrap() - 4.0).abs() < 1e-9);
        assert!((results.per_endpoint_ms(four.tool_cpu) - 40.0).abs() < 1e-9);
        assert!((four.cores_busy(four.tool_cpu) - 1.6).abs() < 1e-9);
        assert!((four.cores_busy(four.server_cpu) - 0.4).abs() < 1e-9);
        let without_one = ScanResults {
            runs: vec![*four],
            ..results.clone()
        };
        assert_eq!(without_one.speed_up(four), None);
        assert_eq!(results.per_check.deliveries, None);
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let before = cpu_time(UsageWho::RUSAGE_SELF).unwrap();
        let mut sum = 0_u64;
        let started = Instant::now();
        while started.elapsed() < Duration::from_millis(50) {
            sum = std::hint::black_box(sum.wrapping_add(1));
        }
        assert!(cpu_time(UsageWho::RUSAGE_SELF).unwrap() > before);
    }
}
