//! `cargo xtask limbo [FILE]`: hookcheck's chain diagnosis against
//! x509-limbo, an independent suite of path-validation cases with the
//! results a conforming validator must reach. Every SERVER case goes
//! through the `--chain` path in process, spread over the cores; the
//! agreement, the wrong answers and whether each rejection names its cause
//! go to `benches/CONFORMANCE.md`.
//!
//! The suite is data from elsewhere and is never committed: it is read from
//! the path given (by default `../shared/limbo/limbo.json.xz` beside the
//! workspace), xz-compressed or plain.

mod case;
mod causes;
mod render;
mod suite;
mod tally;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use crate::bench_report::machine;
use crate::process::workspace_root;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The suite: limbo.json.xz or limbo.json [default:
    /// ../shared/limbo/limbo.json.xz, relative to the workspace root].
    file: Option<PathBuf>,
    /// How many threads judge cases [default: one per available core].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

/// The suite's default place, relative to the workspace root.
const DEFAULT_SUITE: &str = "../shared/limbo/limbo.json.xz";

/// Where the report is written, relative to the workspace root.
const REPORT: &str = "benches/CONFORMANCE.md";

pub(crate) fn run(args: &Args) -> Result<()> {
    let path = args
        .file
        .clone()
        .unwrap_or_else(|| workspace_root().join(DEFAULT_SUITE));
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let started = Instant::now();
    let loaded = suite::load(&path)?;
    let load_time = started.elapsed();
    let judged = Instant::now();
    // Now in whole seconds, as `hookcheck` takes it without `--at`.
    let now = OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    let outcomes = run_cases(&loaded.suite.testcases, now, threads);
    let run_time = judged.elapsed();
    let cpu_time = cpu_time();

    let command = match &args.file {
        None => "cargo xtask limbo".to_owned(),
        Some(file) => format!("cargo xtask limbo {}", shown(file)),
    };
    let report = render::render(&render::Inputs {
        command: &command,
        path: &shown(&path),
        loaded: &loaded,
        provenance: suite::provenance(&path).as_ref(),
        machine: &machine::describe(),
        profile: if cfg!(debug_assertions) {
            "dev (`cargo xtask`)"
        } else {
            "release"
        },
        threads,
        load_time,
        run_time,
        cpu_time,
        load_average: load_average(),
        outcomes: &outcomes,
    });
    let out = workspace_root().join(REPORT);
    fs::write(&out, &report).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{}", render::summary(&outcomes, load_time + run_time));
    println!("wrote {REPORT}");
    Ok(())
}

/// Judges every case on `threads` threads, each taking the next case not
/// yet taken; the outcomes come back in the suite's order.
fn run_cases(cases: &[suite::Case], now: OffsetDateTime, threads: usize) -> Vec<case::Outcome> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(cases.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    mine.push((index, case::evaluate(case, now)));
                }
                done.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend(mine);
            });
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, outcome)| outcome).collect()
}

/// The CPU time this process has used so far (user and system), which
/// says what the wall time means on a machine shared with other work.
fn cpu_time() -> Option<Duration> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_SELF).ok()?;
    let micros = |t: nix::sys::time::TimeVal| {
        let seconds = u64::try_from(t.tv_sec()).unwrap_or(0);
        let micros = u64::try_from(t.tv_usec()).unwrap_or(0);
        Duration::from_secs(seconds) + Duration::from_micros(micros)
    };
    Some(micros(usage.user_time()) + micros(usage.system_time()))
}

/// The system's one-minute load average, as `/proc/loadavg` has it.
fn load_average() -> Option<String> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_owned)
}

/// A path as the report shows it: relative to the workspace root where it
/// is below or beside it.
fn shown(path: &Path) -> String {
    let root = workspace_root();
    if let Ok(below) = path.strip_prefix(root) {
        return below.display().to_string();
    }
    match (root.parent(), path.canonicalize()) {
        (Some(parent), Ok(full)) => match full.strip_prefix(parent) {
            Ok(beside) => Path::new("..").join(beside).display().to_string(),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

/// Seconds with a precision that suits them.
fn seconds(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    //! The runner's accounting on a hand-made suite of fixture chains, so
    //! `cargo test` proves it without the suite file.

    use super::case::{Exclusion, Scope};
    use super::tally::{Counts, Criterion};
    use super::*;

    /// The certificates of a fixture chain, one PEM block each.
    fn blocks(case: &str) -> Vec<String> {
        let path = workspace_root().join(format!("fixtures/tls/cases/{case}/chain.pem"));
        let pem = fs::read_to_string(&path).unwrap_or_default();
        pem.split_inclusive("-----END CERTIFICATE-----")
            .filter(|block| block.contains("BEGIN CERTIFICATE"))
            .map(|block| format!("{}\n", block.trim_start()))
            .collect()
    }

    /// A SERVER case over a fixture chain, checked for `hookcheck.test` in
    /// 2030 against the fixtures' root.
    fn case(id: &str, fixture: &str, expected: &str) -> serde_json::Value {
        let root = fs::read_to_string(workspace_root().join("fixtures/tls/ca/root.pem"))
            .unwrap_or_default();
        let chain = blocks(fixture);
        serde_json::json!({
            "id": id,
            "description": "made by the runner's test",
            "features": [],
            "validation_kind": "SERVER",
            "trusted_certs": [root],
            "untrusted_intermediates": chain[1..],
            "peer_certificate": chain[0],
            "validation_time": "2030-01-01T00:00:00Z",
            "expected_peer_name": {"kind": "DNS", "value": "hookcheck.test"},
            "expected_peer_names": [],
            "signature_algorithms": [],
            "key_usage": [],
            "extended_key_usage": [],
            "max_chain_depth": null,
            "crls": [],
            "expected_result": expected,
        })
    }

    #[test]
    fn a_hand_made_suite_is_counted_right() -> Result<()> {
        let mut crl = case("crl::with-crl", "good", "SUCCESS");
        crl["features"] = serde_json::json!(["has-crl"]);
        let mut client = case("client::good", "good", "SUCCESS");
        client["validation_kind"] = "CLIENT".into();
        // No DNS or IP name: judged for trust alone, as `--chain` without
        // `--host` is.
        let mut email = case("rfc5280::email", "good", "SUCCESS");
        email["expected_peer_name"] = serde_json::json!({"kind": "RFC822", "value": "a@b.test"});
        let mut usage = case("webpki::key-usage", "good", "SUCCESS");
        usage["key_usage"] = serde_json::json!(["digitalSignature"]);
        let suite = serde_json::json!({"version": 1, "testcases": [
            case("rfc5280::good", "good", "SUCCESS"),
            case("rfc5280::validity::expired-leaf", "expired", "FAILURE"),
            // Labelled against the truth, to make one of each wrong answer.
            case("webpki::mislabelled-good", "good", "FAILURE"),
            case("webpki::san::mislabelled-wrong-host", "wrong-host", "SUCCESS"),
            crl,
            client,
            email,
            usage,
        ]});
        let dir = std::env::temp_dir().join(format!("xtask-limbo-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        let file = dir.join("limbo.json");
        fs::write(&file, serde_json::to_vec(&suite)?)?;
        let loaded = suite::load(&file)?;
        fs::remove_dir_all(&dir)?;

        let now = OffsetDateTime::now_utc();
        let outcomes = run_cases(&loaded.suite.testcases, now, 3);
        let ids: Vec<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(
            ids[..2],
            ["rfc5280::good", "rfc5280::validity::expired-leaf"]
        );
        assert!(matches!(outcomes[4].scope, Scope::Excluded(Exclusion::Crl)));
        assert!(matches!(outcomes[5].scope, Scope::Client));
        assert!(matches!(outcomes[6].scope, Scope::Ran(_)));
        assert!(matches!(outcomes[7].scope, Scope::Inexpressible(_)));

        let expected = Counts {
            cases: 6,
            agree: 3,
            wrong_accept: 1,
            wrong_reject: 1,
            not_run: 1,
        };
        assert_eq!(tally::count(&outcomes, Criterion::Verdict), expected);
        // webpki agrees with the verdict on these chains.
        assert_eq!(tally::count(&outcomes, Criterion::Trusted), expected);

        // The expired leaf is rejected for the reason its id names.
        let Scope::Ran(expired) = &outcomes[1].scope else {
            panic!("the expired case ran");
        };
        assert!(expired.errors.contains(&hookcheck_core::Code::TlsExpired));
        assert_eq!(
            causes::naming(&outcomes[1]).map(|(_, naming)| naming),
            Some(causes::Naming::Named)
        );

        let report = render::render(&render::Inputs {
            command: "cargo xtask limbo limbo.json",
            path: "limbo.json",
            loaded: &loaded,
            provenance: None,
            machine: &machine::describe(),
            profile: "test",
            threads: 3,
            load_time: Duration::ZERO,
            run_time: Duration::ZERO,
            cpu_time: None,
            load_average: None,
            outcomes: &outcomes,
        });
        for line in [
            "| **hookcheck** (`--chain`: no error finding) | 3 | 1 | 1 | 1 | 6 |",
            "- `has-crl`, 1: `crl::with-crl`",
            "| `webpki::mislabelled-good` | accepts too |",
            "| `webpki::san::mislabelled-wrong-host` | tls-hostname-mismatch |",
            "- `webpki::key-usage`: asks for the key usage digitalSignature",
        ] {
            assert!(report.contains(line), "no `{line}` in:\n{report}");
        }
        Ok(())
    }
}
