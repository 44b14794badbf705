//! The scan section of the report: endpoints checked per second at each
//! concurrency, the CPU time hookcheck and the servers spent per endpoint,
//! and how many of the cores that kept busy; then long lists over many slow
//! endpoints, with the scan's peak memory and its rate beside the one the
//! endpoints allow.

use std::fmt::Write as _;

use super::criterion::as_f64;
use super::render::{factor, millis, rate, sig3, thousands, time};
use super::scan::scale::{ScaleResults, ScaleRun};
use super::scan::{ScanResults, ScanRun};

/// Above this share of the cores busy, the cores set the rate: what is left
/// is the scheduler's slack, not waiting on the network.
const SATURATED: f64 = 0.9;

// Writing to a String cannot fail, hence the `let _ =` throughout.

pub(crate) fn section(out: &mut String, results: &ScanResults) {
    let ScanResults {
        endpoints,
        cores,
        runs_each,
        ..
    } = results;
    let per_check = match (
        results.per_check.tls_connections,
        results.per_check.deliveries,
    ) {
        (Some(connections), Some(deliveries)) => format!(
            "\nEach check here made {connections} TLS connections and {deliveries} deliveries."
        ),
        _ => String::new(),
    };
    let build = if results.servers_optimised {
        "in an optimised build."
    } else {
        "which `cargo xtask` builds\n\
         unoptimised (the dev profile), so their CPU time is above what the same\n\
         servers would spend built for release."
    };
    let _ = write!(
        out,
        "
## Scanning many endpoints on loopback

`hookcheck scan --urls LIST --allow-private --ca-file fixtures/tls/ca/root.pem --format json --quiet --concurrency C`
(release build), LIST naming {endpoints} of the test kit's web-hook receivers
(`HookServer`) over HTTPS, each presenting the `good` fixture chain and
answering `200 ok` at once with HSTS, so that every endpoint is graded A+ and
ready (every run is checked for one ready report per URL). Each URL gets the
whole readiness check: the TLS check with its probes and grade, then the
deliveries.{per_check}
One unmeasured scan comes first, so that no row pays for loading the binary;
then the list is scanned {runs_each} times at each concurrency and the fastest
run is shown.

Time is the whole scan's wall time, and endpoints/s is {endpoints} over it;
the speed-up is over concurrency 1. CPU time is user plus system time:
hookcheck's from `getrusage(RUSAGE_CHILDREN)` around the run, the servers'
from `getrusage(RUSAGE_SELF)` of the xtask process over the same interval
(the servers are its threads; its main thread only waits meanwhile). Cores
busy is CPU time over wall time, out of the {cores} that
`available_parallelism` reports, which hookcheck and the servers share. The
servers run in the xtask process, {build}

| concurrency | time | endpoints/s | speed-up | CPU per endpoint: hookcheck | servers | cores busy: hookcheck | servers | both |
|--:|--:|--:|--:|--:|--:|--:|--:|--:|
"
    );
    for run in &results.runs {
        let tool = run.cores_busy(run.tool_cpu);
        let servers = run.cores_busy(run.server_cpu);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            run.concurrency,
            time(run.wall.as_secs_f64() * 1e9),
            rate(results.per_second(run)),
            results.speed_up(run).map_or_else(|| "-".to_owned(), factor),
            millis(results.per_endpoint_ms(run.tool_cpu)),
            millis(results.per_endpoint_ms(run.server_cpu)),
            sig3(tool),
            sig3(servers),
            sig3(tool + servers),
        );
    }
    if let Some(fastest) = results.runs.iter().min_by_key(|run| run.wall) {
        let _ = writeln!(out, "\n{}", limit(results, fastest));
    }
    scale(out, &results.scale);
}

/// Long lists over many slow endpoints: each run's time, rate beside the
/// endpoints' bound, peak RSS and CPU; the findings counted; what the runs
/// show.
fn scale(out: &mut String, results: &ScaleResults) {
    let ScaleResults {
        endpoints,
        addresses,
        concurrency,
        rss_source,
        ..
    } = results;
    let delay = millis(results.delay.as_secs_f64() * 1e3);
    let Some(largest) = results.runs.iter().max_by_key(|run| run.urls) else {
        return;
    };
    let sizes: Vec<String> = results.runs.iter().map(|run| thousands(run.urls)).collect();
    let per_url = millis(largest.per_url(results).as_secs_f64() * 1e3);
    let _ = write!(
        out,
        "
## Scanning at a provider's scale

`hookcheck scan --urls LIST --allow-private --format json --quiet --concurrency {concurrency}`
(release build), LIST naming {} URLs in turn over {endpoints} of the test
kit's receivers (`HookServer`, plain http, listening on 127.0.0.1 to
127.0.0.{addresses}), each URL a path and query of its own, so that one
endpoint stands for many customers' URLs. Every receiver answers `200 ok`
after {delay}. Over plain http a check opens no TLS connection (its TLS part
is the `tls-not-https` finding alone), so it is its deliveries: the receivers
counted {} requests and {} connections per URL, the requests one after
another, so one URL takes {} × {delay} = {per_url}. With {concurrency} at
once, a list of N URLs takes at least ⌈N / {concurrency}⌉ rounds of
{per_url}: that bound on the rate is the endpoints'; the full TLS check's
cost per endpoint is in the table above. One unmeasured scan of
{concurrency} URLs comes first; each list is then scanned once. Every run is
checked for one report per URL whose only error is `tls-not-https`, with
every delivery made: a connection refused or reset here would be the tool or
the machine failing, and fails the run. Peak RSS is the scan process's, read
by {rss_source}.

| URLs | time | URLs/s | the endpoints' bound | of the bound | peak RSS | hookcheck CPU per URL | cores busy: hookcheck | servers |
|--:|--:|--:|--:|--:|--:|--:|--:|--:|
",
        sizes.join(" and "),
        sig3(largest.requests_per_url()),
        sig3(largest.connections_per_url()),
        sig3(largest.requests_per_url()),
    );
    for run in &results.runs {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.0}% | {} | {} | {} | {} |",
            thousands(run.urls),
            time(run.wall.as_secs_f64() * 1e9),
            rate(run.per_second()),
            rate(run.bound(results)),
            100.0 * run.per_second() / run.bound(results),
            run.peak_rss_kib.map_or_else(|| "-".to_owned(), mib),
            millis(run.tool_cpu.as_secs_f64() * 1e3 / as_f64(run.urls)),
            sig3(run.cores_busy(run.tool_cpu)),
            sig3(run.cores_busy(run.server_cpu)),
        );
    }
    let findings: Vec<String> = largest
        .findings
        .iter()
        .map(|((severity, code), count)| format!("`{code}` ({severity}) × {}", thousands(*count)))
        .collect();
    let _ = writeln!(
        out,
        "\nFindings over the {} reports of the longest list: {}.",
        thousands(largest.urls),
        findings.join(", ")
    );
    if let Some(ports) = ports(results, largest) {
        let _ = writeln!(out, "{ports}");
    }
    if let Some(memory) = memory(&results.runs) {
        let _ = writeln!(out, "{memory}");
    }
}

/// The connections of the longest run beside this machine's ephemeral
/// ports: each takes one on the client side, and with no port free a check
/// would end the scan as the tool's failure (exit 2), which fails the run.
fn ports(results: &ScaleResults, run: &ScaleRun) -> Option<String> {
    let (low, high) = results.local_ports?;
    Some(format!(
        "The {} connections of that run went to {} address-port pairs from the {} \
         ephemeral ports of this machine ({low}–{high}).",
        thousands(run.connections),
        results.endpoints,
        thousands(u64::from(high.saturating_sub(low)) + 1),
    ))
}

/// The peak RSS of the longest list beside the shortest's.
fn memory(runs: &[ScaleRun]) -> Option<String> {
    let shortest = runs.iter().min_by_key(|run| run.urls)?;
    let longest = runs.iter().max_by_key(|run| run.urls)?;
    let (short, long) = (shortest.peak_rss_kib?, longest.peak_rss_kib?);
    Some(format!(
        "{} times the URLs took {} times the peak memory ({} against {}).",
        sig3(as_f64(longest.urls) / as_f64(shortest.urls)),
        sig3(as_f64(long) / as_f64(short)),
        mib(long),
        mib(short),
    ))
}

/// KiB as MiB.
fn mib(kib: u64) -> String {
    format!("{} MiB", sig3(as_f64(kib) / 1024.0))
}

/// What sets the rate of the fastest run: the cores, when hookcheck and the
/// servers kept nearly all of them busy, and otherwise waiting; and the most
/// hookcheck's own CPU time would allow with the cores to itself.
fn limit(results: &ScanResults, run: &ScanRun) -> String {
    let cores = f64::from(results.cores);
    let tool = run.cores_busy(run.tool_cpu);
    let servers = run.cores_busy(run.server_cpu);
    let both = tool + servers;
    let busy = format!(
        "The fastest run, at concurrency {}, kept {} of the {} cores busy: {} for\n\
         hookcheck, {} for the servers.\n",
        run.concurrency,
        sig3(both),
        results.cores,
        sig3(tool),
        sig3(servers),
    );
    let verdict = if both >= SATURATED * cores {
        let heavier = if tool >= servers {
            "hookcheck takes more\nof them than the servers do"
        } else {
            "the servers take more\nof them than hookcheck does"
        };
        format!("The cores, not the network, set the rate there, and {heavier}.\n")
    } else {
        format!(
            "The cores are not the limit there: on average {} cores stayed idle\n\
             while the checks waited (on timers, the loopback or a connection's turn).\n",
            sig3(cores - both)
        )
    };
    let tool_ms = results.per_endpoint_ms(run.tool_cpu);
    format!(
        "{busy}{verdict}hookcheck's own {} of CPU time per endpoint caps it at about\n\
         {} endpoints/s on these {} cores, were nothing else running on them.",
        millis(tool_ms),
        rate(cores * 1e3 / tool_ms),
        results.cores,
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::scan::{PerCheck, scale};
    use super::*;

    fn run(concurrency: usize, wall_ms: u64, tool_ms: u64, server_ms: u64) -> ScanRun {
        ScanRun {
            concurrency,
            wall: Duration::from_millis(wall_ms),
            tool_cpu: Duration::from_millis(tool_ms),
            server_cpu: Duration::from_millis(server_ms),
        }
    }

    fn results(runs: Vec<ScanRun>) -> ScanResults {
        ScanResults {
            endpoints: 64,
            cores: 2,
            servers_optimised: false,
            per_check: PerCheck {
                tls_connections: Some(23),
                deliveries: Some(4),
            },
            runs_each: 3,
            runs,
            scale: scale::example(),
        }
    }

    #[test]
    fn the_scale_runs_show_rate_bound_and_memory() {
        let mut out = String::new();
        section(&mut out, &results(vec![run(1, 1_000, 500, 200)]));
        let scale = &out[out.find("## Scanning at a provider's scale").unwrap()..];
        assert!(scale.contains("--concurrency 256`"), "{scale}");
        assert!(
            scale.contains("naming 1,000 and 10,000 URLs in turn over 300"),
            "{scale}"
        );
        assert!(scale.contains("127.0.0.4"), "{scale}");
        assert!(
            scale.contains("counted 3.00 requests and 1.00 connections per URL"),
            "{scale}"
        );
        assert!(
            scale.contains("one URL takes 3.00 × 200 ms = 600 ms. With 256 at\nonce"),
            "{scale}"
        );
        assert!(
            scale
                .contains("| 1,000 | 2.50 s | 400 | 417 | 96% | 20.0 MiB | 500 µs | 0.20 | 0.10 |"),
            "{scale}"
        );
        assert!(
            scale.contains("| 10,000 | 24.1 s | 415 | 417 | 100% | 21.0 MiB |"),
            "{scale}"
        );
        assert!(
            scale
                .contains("`tls-not-https` (error) × 10,000, `delivery-cold-start` (warning) × 2."),
            "{scale}"
        );
        assert!(
            scale.contains(
                "The 10,000 connections of that run went to 300 address-port pairs from the 28,232 ephemeral ports of this machine (32768–60999)."
            ),
            "{scale}"
        );
        assert!(
            scale.contains(
                "10.0 times the URLs took 1.05 times the peak memory (21.0 MiB against 20.0 MiB)."
            ),
            "{scale}"
        );
    }

    #[test]
    fn each_concurrency_has_its_rate_speed_up_and_cpu() {
        let mut out = String::new();
        section(
            &mut out,
            &results(vec![run(1, 6_400, 2_560, 1_280), run(4, 1_600, 2_400, 800)]),
        );
        assert!(out.contains("--concurrency C`"), "{out}");
        assert!(out.contains("LIST naming 64 of"), "{out}");
        assert!(out.contains("scanned 3 times at each concurrency"), "{out}");
        assert!(
            out.contains("made 23 TLS connections and 4 deliveries."),
            "{out}"
        );
        assert!(out.contains("out of the 2 that"), "{out}");
        assert!(
            out.contains("| 1 | 6.40 s | 10.0 | 1.0× | 40.0 ms | 20.0 ms | 0.40 | 0.20 | 0.60 |"),
            "{out}"
        );
        assert!(
            out.contains("| 4 | 1.60 s | 40.0 | 4.0× | 37.5 ms | 12.5 ms | 1.50 | 0.50 | 2.00 |"),
            "{out}"
        );
        assert!(
            out.contains("The fastest run, at concurrency 4, kept 2.00 of the 2 cores busy"),
            "{out}"
        );
    }

    #[test]
    fn the_limit_is_the_cores_only_when_they_are_nearly_all_busy() {
        let limit_of = |run| limit(&results(vec![run]), &run);
        let saturated = limit_of(run(16, 1_000, 1_280, 640));
        assert!(
            saturated.contains("1.92 of the 2 cores busy"),
            "{saturated}"
        );
        assert!(
            saturated.contains("set the rate there, and hookcheck takes more\nof them"),
            "{saturated}"
        );
        // 20 ms of hookcheck's CPU time per endpoint: 100 a second on 2 cores.
        assert!(
            saturated.contains(
                "own 20.0 ms of CPU time per endpoint caps it at about\n100 endpoints/s on these 2 cores"
            ),
            "{saturated}"
        );
        let servers = limit_of(run(16, 1_000, 400, 1_500));
        assert!(servers.contains("the servers take more"), "{servers}");
        let waiting = limit_of(run(1, 1_000, 500, 200));
        assert!(
            waiting
                .contains("The cores are not the limit there: on average 1.30 cores stayed idle"),
            "{waiting}"
        );
    }

    #[test]
    fn the_build_of_the_servers_is_stated() {
        let mut scan = results(vec![run(1, 1_000, 500, 200)]);
        let mut out = String::new();
        section(&mut out, &scan);
        assert!(
            out.contains("which `cargo xtask` builds\nunoptimised (the dev profile)"),
            "{out}"
        );
        scan.servers_optimised = true;
        out.clear();
        section(&mut out, &scan);
        assert!(
            out.contains("xtask process, in an optimised build."),
            "{out}"
        );
    }
}
