//! `hookcheck scan` at a provider's scale on loopback: 10,000 URLs over a
//! few hundred receivers that each answer after a set delay. Two list
//! lengths at one concurrency show that the scan's peak memory does not
//! grow with the list, and that its rate is the one the endpoints set
//! (the concurrency over the time one URL takes), not the tool's.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_testkit::{Answer, HookOptions, HookServer};

use super::super::binary::{RssProbe, read_rss};
use super::super::criterion::as_f64;
use super::{TempFile, Timed, each_report, timed};
use crate::process::{self, COMMAND_STYLE, NOTE_STYLE, target_dir, workspace_root};

/// A few hundred endpoints, each named by many URLs, as a provider's
/// customers share a few hosting platforms; fewer with `--quick`.
const ENDPOINTS: usize = 300;
const QUICK_ENDPOINTS: usize = 50;

/// The list lengths compared, the longer ten times the shorter; both above
/// [`CONCURRENCY`], so that each run keeps as many checks in flight.
const SIZES: [usize; 2] = [1_000, 10_000];
const QUICK_SIZES: [usize; 2] = [300, 1_000];

/// How long every endpoint takes to answer: long beside what a delivery
/// costs the cores here, so that waiting, not work, sets the rate.
const DELAY: Duration = Duration::from_millis(200);

/// The most URLs `scan --concurrency` checks at once.
const CONCURRENCY: usize = 256;

/// The endpoints listen on 127.0.0.1 to 127.0.0.ADDRESSES, so that no
/// single address pair carries every connection of a run.
const ADDRESSES: u8 = 4;

/// The only error every report should have: the endpoints are plain http.
const EXPECTED_ERROR: &str = "tls-not-https";

/// What was measured.
#[derive(Debug, Clone)]
pub(crate) struct ScaleResults {
    pub(crate) endpoints: usize,
    pub(crate) addresses: u8,
    pub(crate) delay: Duration,
    pub(crate) concurrency: usize,
    /// How peak RSS was read.
    pub(crate) rss_source: &'static str,
    /// This machine's ephemeral port range, when Linux tells it: each
    /// connection a run opens takes one of these ports on the client side.
    pub(crate) local_ports: Option<(u32, u32)>,
    /// One run per list length, shortest first.
    pub(crate) runs: Vec<ScaleRun>,
}

/// One scan of a list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScaleRun {
    pub(crate) urls: u64,
    /// The whole process, from spawning it to its exit.
    pub(crate) wall: Duration,
    /// hookcheck's user and system CPU time.
    pub(crate) tool_cpu: Duration,
    /// The servers' (this process's) CPU time over the same interval.
    pub(crate) server_cpu: Duration,
    /// The scan's peak resident set size, in KiB.
    pub(crate) peak_rss_kib: Option<u64>,
    /// Requests the servers read in full during the run.
    pub(crate) requests: u64,
    /// Connections the servers accepted during the run.
    pub(crate) connections: u64,
    /// How many findings of each (severity, code) the reports held.
    pub(crate) findings: BTreeMap<(String, String), u64>,
}

impl ScaleRun {
    /// URLs checked per second of wall time.
    pub(crate) fn per_second(&self) -> f64 {
        as_f64(self.urls) / self.wall.as_secs_f64()
    }

    /// Requests the endpoints answered per URL.
    pub(crate) fn requests_per_url(&self) -> f64 {
        as_f64(self.requests) / as_f64(self.urls)
    }

    /// Connections the endpoints accepted per URL.
    pub(crate) fn connections_per_url(&self) -> f64 {
        as_f64(self.connections) / as_f64(self.urls)
    }

    /// How long one URL takes at the endpoints: its requests one after
    /// another, each `delay`.
    pub(crate) fn per_url(&self, results: &ScaleResults) -> Duration {
        results.delay.mul_f64(self.requests_per_url())
    }

    /// The rate the endpoints allow: `concurrency` URLs at once, each
    /// taking [`ScaleRun::per_url`], so the list takes
    /// `ceil(urls / concurrency)` such rounds.
    pub(crate) fn bound(&self, results: &ScaleResults) -> f64 {
        let rounds = self.urls.div_ceil(results.concurrency as u64);
        as_f64(self.urls) / (as_f64(rounds) * self.per_url(results).as_secs_f64())
    }

    /// How many cores `cpu` kept busy on average over the run.
    pub(crate) fn cores_busy(&self, cpu: Duration) -> f64 {
        cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// Starts the endpoints, scans a short list once unmeasured, then each list
/// length once.
pub(crate) fn measure(hookcheck: &Path, quick: bool) -> Result<ScaleResults> {
    let (endpoints, sizes) = if quick {
        (QUICK_ENDPOINTS, QUICK_SIZES)
    } else {
        (ENDPOINTS, SIZES)
    };
    let servers: Vec<HookServer> = (0..endpoints).map(receiver).collect();
    let probe = RssProbe::find()?;
    let rss_file = target_dir()?.join("bench-scan-peak-rss.txt");

    anstream::println!("{NOTE_STYLE}a warm-up scan, not measured:{NOTE_STYLE:#}");
    run(hookcheck, &probe, &rss_file, &servers, CONCURRENCY)?;
    let runs = sizes
        .into_iter()
        .map(|urls| run(hookcheck, &probe, &rss_file, &servers, urls))
        .collect::<Result<Vec<_>>>()?;
    Ok(ScaleResults {
        endpoints,
        addresses: ADDRESSES,
        delay: DELAY,
        concurrency: CONCURRENCY,
        rss_source: probe.describe(),
        local_ports: local_ports(),
        runs,
    })
}

/// The `n`th endpoint: plain http on 127.0.0.(1 + n mod ADDRESSES),
/// answering `200 ok` after [`DELAY`].
fn receiver(n: usize) -> HookServer {
    let host = 1 + u8::try_from(n % usize::from(ADDRESSES)).unwrap_or_default();
    HookServer::start(HookOptions {
        addr: SocketAddr::from((Ipv4Addr::new(127, 0, 0, host), 0)),
        ..HookOptions::http(Answer::delayed(200, DELAY))
    })
}

/// Linux's ephemeral port range, from
/// `/proc/sys/net/ipv4/ip_local_port_range` (`32768\t60999`).
fn local_ports() -> Option<(u32, u32)> {
    let text = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").ok()?;
    let mut ports = text.split_whitespace().map(str::parse);
    match (ports.next(), ports.next()) {
        (Some(Ok(low)), Some(Ok(high))) => Some((low, high)),
        _ => None,
    }
}

/// `count` distinct URLs spread over `servers` in turn, each a path and
/// query of its own.
fn urls(servers: &[HookServer], count: usize) -> Vec<String> {
    (0..count)
        .map(|n| servers[n % servers.len()].url(&format!("/hook/{n}?customer=c{n}")))
        .collect()
}

/// Scans a list of `count` URLs once under the RSS probe and checks every
/// report.
fn run(
    hookcheck: &Path,
    probe: &RssProbe,
    rss_file: &Path,
    servers: &[HookServer],
    count: usize,
) -> Result<ScaleRun> {
    let urls = urls(servers, count);
    let list = TempFile::write(&format!("scale-{count}.txt"), &(urls.join("\n") + "\n"))?;
    let mut command = Command::new(hookcheck);
    command
        .args(["scan", "--urls"])
        .arg(&list.0)
        .args([
            "--allow-private",
            "--format",
            "json",
            "--quiet",
            "--concurrency",
        ])
        .arg(CONCURRENCY.to_string());
    let shown = format!("{} > REPORTS", process::display(&command));
    anstream::println!("{COMMAND_STYLE}$ {shown}{COMMAND_STYLE:#}");
    let mut wrapped = probe.wrap(&command, rss_file);
    wrapped
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());

    let requests_before = requests(servers);
    let connections_before = connections(servers);
    let _ = std::fs::remove_file(rss_file);
    // Every report is not ready (plain http): 1. Anything else, 2 above
    // all (a local limit met, such as ports), is the tool failing.
    let Timed {
        output,
        wall,
        tool_cpu,
        server_cpu,
    } = timed(&mut wrapped, &shown, &[1])?;
    let findings = tally(&String::from_utf8_lossy(&output.stdout), &urls)
        .with_context(|| format!("`{shown}` did not report as expected"))?;
    Ok(ScaleRun {
        urls: urls.len() as u64,
        wall,
        tool_cpu,
        server_cpu,
        peak_rss_kib: read_rss(rss_file),
        requests: requests(servers).saturating_sub(requests_before),
        connections: connections(servers).saturating_sub(connections_before),
        findings,
    })
}

fn requests(servers: &[HookServer]) -> u64 {
    servers
        .iter()
        .map(|server| server.served().len() as u64)
        .sum()
}

fn connections(servers: &[HookServer]) -> u64 {
    servers
        .iter()
        .map(|server| server.connections() as u64)
        .sum()
}

/// Checks that `stdout` holds one report for each of `urls` and nothing
/// else, with every delivery made and no error but [`EXPECTED_ERROR`] (a
/// connection refused or reset here would be the tool or the machine
/// failing, not an endpoint); returns the findings counted by severity
/// and code.
fn tally(stdout: &str, urls: &[String]) -> Result<BTreeMap<(String, String), u64>> {
    let mut findings = BTreeMap::<(String, String), u64>::new();
    let mut failed_deliveries = 0_u64;
    each_report(stdout, urls, |_, _, report| {
        for finding in report["findings"].as_array().into_iter().flatten() {
            let key = (
                finding["severity"].as_str().unwrap_or("none").to_owned(),
                finding["code"].as_str().unwrap_or("none").to_owned(),
            );
            *findings.entry(key).or_default() += 1;
        }
        let delivery = &report["delivery"];
        if delivery["succeeded"] != delivery["attempts"] || delivery["attempts"].is_null() {
            failed_deliveries += 1;
        }
        Ok(())
    })?;
    let unexpected: Vec<String> = findings
        .iter()
        .filter(|((severity, code), _)| severity == "error" && code != EXPECTED_ERROR)
        .map(|((_, code), count)| format!("{code} × {count}"))
        .collect();
    if !unexpected.is_empty() {
        bail!("unexpected errors: {}", unexpected.join(", "));
    }
    if failed_deliveries > 0 {
        bail!("{failed_deliveries} reports with a delivery that did not succeed");
    }
    let expected = findings
        .get(&("error".to_owned(), EXPECTED_ERROR.to_owned()))
        .copied()
        .unwrap_or_default();
    if expected != urls.len() as u64 {
        bail!(
            "{expected} {EXPECTED_ERROR} findings for {} URLs",
            urls.len()
        );
    }
    Ok(findings)
}

/// Two runs as a full report would have them, for the tests of the
/// renderers: 1,000 URLs at 400/s in 20 MiB, 10,000 at 415/s in 21 MiB,
/// three requests over one connection per URL.
#[cfg(test)]
pub(crate) fn example() -> ScaleResults {
    let run = |urls: u64, wall_ms, rss| ScaleRun {
        urls,
        wall: Duration::from_millis(wall_ms),
        tool_cpu: Duration::from_millis(wall_ms / 5),
        server_cpu: Duration::from_millis(wall_ms / 10),
        peak_rss_kib: Some(rss),
        requests: 3 * urls,
        connections: urls,
        findings: BTreeMap::from([
            (("error".to_owned(), EXPECTED_ERROR.to_owned()), urls),
            (("warning".to_owned(), "delivery-cold-start".to_owned()), 2),
        ]),
    };
    ScaleResults {
        endpoints: 300,
        addresses: ADDRESSES,
        delay: Duration::from_millis(200),
        concurrency: 256,
        rss_source: "GNU time (`/usr/bin/time -f %M`)",
        local_ports: Some((32_768, 60_999)),
        runs: vec![run(1_000, 2_500, 20_480), run(10_000, 24_096, 21_504)],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{Value, json};

    use super::*;

    fn report(target: &str, codes: &[(&str, &str)], succeeded: u64) -> String {
        let findings: Vec<Value> = codes
            .iter()
            .map(|(severity, code)| json!({"severity": severity, "code": code}))
            .collect();
        json!({
            "target": target,
            "findings": findings,
            "delivery": {"attempts": 3, "succeeded": succeeded},
        })
        .to_string()
    }

    #[test]
    fn every_url_once_with_no_error_but_plain_http() {
        let urls = ["http://a/1", "http://a/2"].map(str::to_owned);
        let plain = [("error", EXPECTED_ERROR)];
        let cold = [
            ("error", EXPECTED_ERROR),
            ("warning", "delivery-cold-start"),
        ];
        let good = [
            report("http://a/2", &cold, 3),
            report("http://a/1", &plain, 3),
        ];
        let findings = tally(&good.join("\n"), &urls).unwrap();
        assert_eq!(
            findings,
            BTreeMap::from([
                (("error".to_owned(), EXPECTED_ERROR.to_owned()), 2),
                (("warning".to_owned(), "delivery-cold-start".to_owned()), 1),
            ])
        );

        let refused = [
            report("http://a/1", &plain, 3),
            report(
                "http://a/2",
                &[
                    ("error", EXPECTED_ERROR),
                    ("error", "delivery-connect-failed"),
                ],
                0,
            ),
        ];
        let error = tally(&refused.join("\n"), &urls).unwrap_err();
        assert_eq!(
            error.to_string(),
            "unexpected errors: delivery-connect-failed × 1"
        );
        let short = [
            report("http://a/1", &plain, 3),
            report("http://a/2", &plain, 2),
        ];
        let error = tally(&short.join("\n"), &urls).unwrap_err();
        assert_eq!(
            error.to_string(),
            "1 reports with a delivery that did not succeed"
        );
        let twice = [
            report("http://a/1", &plain, 3),
            report("http://a/1", &plain, 3),
        ];
        let error = tally(&twice.join("\n"), &urls).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: `http://a/1` is not in the list, or reported twice"
        );
        let error = tally(&good[0], &urls).unwrap_err();
        assert_eq!(error.to_string(), "1 report lines for 2 URLs");
    }

    #[test]
    fn the_bound_is_the_concurrency_over_a_urls_requests_in_turn() {
        let results = example();
        let run = &results.runs[0];
        assert!((run.per_second() - 400.0).abs() < 1e-9);
        assert!((run.requests_per_url() - 3.0).abs() < 1e-9);
        assert!((run.connections_per_url() - 1.0).abs() < 1e-9);
        // 256 at once, 0.6 s each: 1,000 in four rounds.
        assert_eq!(run.per_url(&results), Duration::from_millis(600));
        assert!((run.bound(&results) - 1_000.0 / 2.4).abs() < 1e-9);
        let short = ScaleRun {
            urls: 128,
            requests: 384,
            ..run.clone()
        };
        assert!((short.bound(&results) - 128.0 / 0.6).abs() < 1e-9);
        assert!((run.cores_busy(run.tool_cpu) - 0.2).abs() < 1e-9);
    }

    #[test]
    fn urls_are_distinct_and_spread_over_the_servers() {
        let servers: Vec<HookServer> = (0..3).map(receiver).collect();
        let urls = urls(&servers, 7);
        assert_eq!(urls.iter().collect::<BTreeSet<_>>().len(), 7);
        assert!(urls[0].starts_with("http://127.0.0.1:"), "{}", urls[0]);
        assert!(urls[1].starts_with("http://127.0.0.2:"), "{}", urls[1]);
        assert!(urls[3].starts_with(&servers[0].url("/")), "{}", urls[3]);
    }
}
