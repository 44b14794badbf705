//! The report as Markdown: the machine, a summary of the fast path against
//! the baseline, a table per criterion group, the binary beside `wc -l` and
//! the TLS check beside one handshake; the delivery and scan sections have
//! files of their own. The number formats every section shares are here.

use std::fmt::Write as _;

use super::binary::{BASELINE_ROW, BinaryResults};
use super::criterion::{Group, Measurement, as_f64};
use super::delivery::DeliveryResults;
use super::listen::ListenResults;
use super::machine::Machine;
use super::scan::ScanResults;
use super::tls::TlsTiming;
use super::{render_delivery, render_scan};

/// Everything the report shows.
pub(crate) struct Inputs<'a> {
    pub(crate) quick: bool,
    pub(crate) machine: &'a Machine,
    pub(crate) groups: &'a [Group],
    pub(crate) binary: Option<&'a BinaryResults>,
    pub(crate) tls: &'a [TlsTiming],
    pub(crate) delivery: Option<&'a DeliveryResults>,
    pub(crate) scan: Option<&'a ScanResults>,
    pub(crate) listen: Option<&'a ListenResults>,
}

/// The benchmark every other one in its group is compared with.
const BASELINE: &str = "baseline";
/// hookcheck's fast path.
const FAST_PATH: &str = "is_valid";

/// What the payload benchmarks are, for the summary.
const PAYLOAD_LEGEND: &str = "\
Each payload is the captured `change` delivery (small, 217 bytes)
or the same with 1000 calendar ids (large, about 30 KB), valid or with one
value broken (a date that does not exist; a channel id without `chn_`).

- `is_valid`: `Validator::is_valid`, the fast path: one typed pass over the
  bytes; the schema is consulted only when that pass cannot prove the
  document valid, so invalid documents pay for both.
- `validate`: `Validator::validate`, the full result with findings (what the
  CLI calls).
- `baseline`: `serde_json::from_slice::<Value>` then `jsonschema`'s
  `is_valid`, with the same schema and format checking.";

/// What each family of groups measures (the group name up to its `/`): its
/// title, an introduction, and what one item of it is.
const FAMILIES: [(&str, &str, &str, &str); 3] = [
    (
        "validate",
        "Payload validation, one document at a time",
        "One table per payload (as summarised above), one row per benchmark.",
        "document",
    ),
    (
        "ndjson",
        "NDJSON through the library",
        "\
The payload crate's pipeline, which `hookcheck validate --ndjson` runs:
batches of lines validated on every core and written back in order, over a
few MB of the captured deliveries mixed with invalid and large ones (3.1% of
the lines invalid). `validate` counts the outcomes and renders nothing;
`json` also writes every line's JSON report, as `--format json` does;
`baseline` is the plain single-threaded loop, `serde_json::Value` per line
then `jsonschema`'s `is_valid`.",
        "line",
    ),
    (
        "chain",
        "Certificate chain diagnosis",
        "\
What `hookcheck tls` does with the certificates a server presented, short of
the network: `diagnose` parses every certificate (x509-parser), builds the
path to a root checking each signature, checks validity, keys, signatures,
usage, names and layout, and asks webpki for its verdict; `webpki` is that
verdict alone, what a plain rustls client computes. Fixture chains
(fixtures/tls) judged at 2026-06-01 against the fixture root, and the good
chain against the Mozilla roots, which do not know it.",
        "chain",
    ),
];

pub(crate) fn render(inputs: &Inputs<'_>) -> String {
    let mut out = String::new();
    header(&mut out, inputs);
    summary(&mut out, inputs.groups);
    groups(&mut out, inputs.groups);
    if let Some(binary) = inputs.binary {
        binary_section(&mut out, binary);
    }
    if !inputs.tls.is_empty() {
        tls_section(&mut out, inputs.tls);
    }
    if let Some(delivery) = inputs.delivery {
        render_delivery::section(&mut out, delivery);
    }
    if let Some(scan) = inputs.scan {
        render_scan::section(&mut out, scan);
    }
    if let Some(listen) = inputs.listen {
        listen_section(&mut out, listen);
    }
    fuzzing(&mut out);
    out
}

/// `listen` under a flood.
fn listen_section(out: &mut String, listen: &ListenResults) {
    let ListenResults {
        flooded,
        kept,
        peak_rss_kib,
        body_bytes,
    } = listen;
    let seconds = flooded.elapsed.as_secs_f64();
    let per_second = rate(as_f64(flooded.acknowledged) / seconds);
    let lost = flooded.acknowledged.saturating_sub(*kept);
    let rss = peak_rss_kib.map_or_else(
        || "-".to_owned(),
        |kib| format!("{:.1} MiB", as_f64(kib) / 1024.0),
    );
    let _ = write!(
        out,
        "
## `listen` under a flood

`hookcheck listen --keep 100000000 --format json --history FILE` (release
build, answering 200 itself: no app behind it, so the figures are
`listen`'s own, each delivery judged, kept in the history on disk before it
is acknowledged, and written to standard output), flooded by the test
kit's `flood`: {connections} kept HTTP/1.1 connections POSTing the captured
`change` delivery ({body_bytes} bytes) as fast as `listen` answers. Then
the history is counted: every delivery the flood saw acknowledged (2xx)
must be in it. Peak memory is the `listen` process's (`VmHWM`).

| time | acknowledged | deliveries/s | failed | kept in the history | acknowledged but not kept | peak RSS |
|--:|--:|--:|--:|--:|--:|--:|
| {seconds:.1} s | {acknowledged} | {per_second} | {failed} | {kept} | {lost} | {rss} |
",
        connections = super::listen::CONNECTIONS,
        acknowledged = thousands(flooded.acknowledged),
        failed = thousands(flooded.failed),
        kept = thousands(*kept),
    );
}

/// Fuzzing runs too long for this report (10 minutes a target): its
/// figures are measured by `cargo xtask fuzz` and kept beside it.
fn fuzzing(out: &mut String) {
    out.push_str(
        "
## Fuzzing

Each parser that takes bytes from outside is fuzzed with libFuzzer
(`cargo xtask fuzz`, 10 minutes a target); the runs' figures (executions,
coverage, corpus, peak memory, what was found and fixed) and the commands
are in [FUZZING.md](FUZZING.md).
",
    );
}

fn tls_section(out: &mut String, timings: &[TlsTiming]) {
    let _ = write!(
        out,
        "
## The whole TLS check on loopback

`hookcheck tls https://localhost:PORT/ --ca-file fixtures/tls/ca/root.pem`
(release build): the handshake with the chain diagnosis, every protocol from
SSL 2.0 to TLS 1.3, every cipher suite of each accepted one, the server's
order, HSTS and the grade, at the default 16 probe connections at once.
Beside it, `openssl s_client` doing one handshake with the same server (the
floor). Wall time of the whole process, best and median of the runs.

| server | grade | connections | `hookcheck tls` best | median | one `s_client` handshake |
|---|:-:|--:|--:|--:|--:|
"
    );
    for timing in timings {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            timing.server,
            timing.grade,
            timing.connections,
            time(timing.check_best.as_secs_f64() * 1e9),
            time(timing.check_median.as_secs_f64() * 1e9),
            timing
                .handshake_best
                .map_or_else(|| "-".to_owned(), |d| time(d.as_secs_f64() * 1e9)),
        );
    }
    link_table(out, timings);
}

/// The check over a link with real round trips, in round trips.
fn link_table(out: &mut String, timings: &[TlsTiming]) {
    let rtt = super::tls::ROUND_TRIP;
    let measured: Vec<String> = timings
        .iter()
        .map(|timing| format!("{:.1}", timing.link.round_trip.as_secs_f64() * 1000.0))
        .collect();
    let _ = write!(
        out,
        "
The same check through the test kit's delaying proxy (`DelayProxy`: each
direction delayed by half the round trip, the TCP handshake's round trip
charged to the first bytes), {rtt} ms round trips: median wall time of the
process, in round trips of each server's proxy as measured ({measured} ms:
one-byte exchanges with an echo server through a proxy like it, its timers
adding a little to the nominal {rtt} ms); the round trips the link added, less the check's own
time (the median on loopback above), as the test kit's round-trip tests
count them; and the connections the proxy accepted. Beside it, sslyze through the same proxy asking the same
questions (`sslyze {commands} localhost:PORT`).

| server | `hookcheck tls` | round trips | less the loopback time | connections | sslyze | round trips | connections |
|---|--:|--:|--:|--:|--:|--:|--:|
",
        rtt = rtt.as_millis(),
        measured = measured.join(", "),
        commands = super::tls::SSLYZE_COMMANDS.join(" "),
    );
    let mut missing = None;
    for timing in timings {
        let link = &timing.link;
        let trips = |d: std::time::Duration| d.as_secs_f64() / link.round_trip.as_secs_f64();
        let sslyze = match &link.sslyze {
            Ok((wall, connections)) => format!(
                "{} | {:.1} | {connections}",
                time(wall.as_secs_f64() * 1e9),
                trips(*wall)
            ),
            Err(why) => {
                missing = Some(why.clone());
                "- | - | -".to_owned()
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} | {} | {sslyze} |",
            timing.server,
            time(link.check_median.as_secs_f64() * 1e9),
            trips(link.check_median),
            trips(link.check_median.saturating_sub(timing.check_median)),
            link.connections,
        );
    }
    if let Some(why) = missing {
        let _ = writeln!(out, "\nNo sslyze figures: {why}.");
    }
}

// Writing to a String cannot fail, hence the `let _ =` throughout.

fn header(out: &mut String, inputs: &Inputs<'_>) {
    let Machine {
        cpu,
        cores,
        memory,
        kernel,
        rustc,
        commit,
        date,
    } = inputs.machine;
    let command = if inputs.quick {
        "cargo xtask bench-report --quick"
    } else {
        "cargo xtask bench-report"
    };
    let _ = write!(
        out,
        "\
# Benchmark report

Written by `{command}` on {date}; run it again to refresh this file.
"
    );
    if inputs.quick {
        let _ = write!(
            out,
            "
**A quick run**: short measurement times, a small NDJSON file and few
deliveries. The figures show the orders of magnitude, not more.
"
        );
    }
    let _ = write!(
        out,
        "
| machine | |
|---|---|
| CPU | {cpu} ({cores}) |
| memory | {memory} |
| kernel | {kernel} |
| compiler | {rustc} |
| commit | {commit} |

Times are criterion's estimates per item (the slope of linear sampling, the
mean of flat sampling). MB is 10^6 bytes. A speed-up is the baseline's time
divided by the benchmark's, on the same payload in the same run.
"
    );
}

/// One line per payload: the fast path and the full check against the
/// baseline.
fn summary(out: &mut String, groups: &[Group]) {
    let rows: Vec<(&Group, &Measurement, &Measurement)> = groups
        .iter()
        .filter(|group| family(&group.name) == "validate")
        .filter_map(|group| Some((group, group.get(FAST_PATH)?, group.get(BASELINE)?)))
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "
## Summary: the fast path against the baseline

{PAYLOAD_LEGEND}

A speed-up below 1 is a slowdown: an invalid document fails the fast pass
and then takes the schema pass, which finds what is wrong. Valid documents,
nearly all of real traffic, take the fast pass alone.

| payload | size | `is_valid` | `validate` | baseline | `is_valid` speed-up | `validate` speed-up |
|---|--:|--:|--:|--:|--:|--:|
"
    );
    for (group, fast, baseline) in rows {
        let name = group
            .name
            .split_once('/')
            .map_or(&*group.name, |(_, name)| name);
        let full = group.get("validate");
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            fast.bytes.map_or_else(|| "-".to_owned(), size),
            time(fast.nanos_per_item()),
            full.map_or_else(|| "-".to_owned(), |m| time(m.nanos_per_item())),
            time(baseline.nanos_per_item()),
            speed_up(baseline, fast),
            full.map_or_else(|| "-".to_owned(), |m| speed_up(baseline, m)),
        );
    }
}

fn groups(out: &mut String, groups: &[Group]) {
    // Known families in the order above, each in the order its groups ran.
    let mut ordered: Vec<&Group> = groups.iter().collect();
    ordered.sort_by_key(|group| {
        FAMILIES
            .iter()
            .position(|(name, ..)| *name == family(&group.name))
            .unwrap_or(FAMILIES.len())
    });
    let mut current_family = None;
    for group in ordered {
        let group_family = family(&group.name);
        if current_family != Some(group_family) {
            current_family = Some(group_family);
            match FAMILIES.iter().find(|(name, ..)| *name == group_family) {
                Some((_, title, intro, _)) => {
                    let _ = write!(out, "\n## {title}\n\n{intro}\n");
                }
                None => {
                    let _ = write!(out, "\n## {group_family}\n");
                }
            }
        }
        let baseline = group.get(BASELINE);
        let first = &group.measurements[0];
        let unit = FAMILIES
            .iter()
            .find(|(name, ..)| *name == group_family)
            .map_or("item", |(.., unit)| *unit);
        let per_iteration = match (first.elements, first.bytes) {
            (1, Some(bytes)) => format!("One {unit} of {}", size(bytes)),
            (elements, Some(bytes)) => {
                format!("{} {unit}s, {} in all", thousands(elements), size(bytes))
            }
            (elements, None) => format!("{} {unit}s", thousands(elements)),
        };
        let _ = write!(
            out,
            "\n### {}\n\n{per_iteration}.\n\n| benchmark | time per item | items/s | MB/s |{}\n|---|--:|--:|--:|{}\n",
            group.name,
            if baseline.is_some() {
                " speed-up |"
            } else {
                ""
            },
            if baseline.is_some() { "--:|" } else { "" },
        );
        for measurement in &group.measurements {
            let _ = write!(
                out,
                "| `{}` | {} | {} | {} |",
                measurement.function,
                time(measurement.nanos_per_item()),
                rate(measurement.items_per_second()),
                measurement
                    .megabytes_per_second()
                    .map_or_else(|| "-".to_owned(), sig3),
            );
            if let Some(baseline) = baseline {
                let _ = write!(out, " {} |", speed_up(baseline, measurement));
            }
            out.push('\n');
        }
    }
}

fn binary_section(out: &mut String, binary: &BinaryResults) {
    let counts = &binary.counts;
    let permille = counts.invalid * 1000 / counts.lines.max(1);
    let _ = write!(
        out,
        "
## The binary on a large NDJSON file

`{}`: {} bytes, {} lines ({}.{}% invalid, so hookcheck exits 1), written from
the same mix as the NDJSON benchmark. The page cache was warm; each command
ran {} times and the best time is shown. Peak RSS by {}. `ndjson-baseline`
is the plain single-threaded loop (benches/src/bin): each line parsed into a
`serde_json::Value` and given to `jsonschema`'s `is_valid`, with the same
schema, counting the invalid lines; the speed-up is its time divided by the
command's.

| command | time | MB/s | lines/s | time ÷ `wc -l` | speed-up over the loop | peak RSS |
|---|--:|--:|--:|--:|--:|--:|
",
        binary.file,
        thousands(counts.bytes),
        thousands(counts.lines),
        permille / 10,
        permille % 10,
        binary.runs,
        binary.rss_source,
    );
    let Some(wc) = binary.timings.first() else {
        return;
    };
    let wc_seconds = wc.best.as_secs_f64();
    let baseline = binary.timings.get(BASELINE_ROW);
    for timing in &binary.timings {
        let seconds = timing.best.as_secs_f64();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            timing.command,
            time(seconds * 1e9),
            sig3(as_f64(counts.bytes) / seconds / 1e6),
            rate(as_f64(counts.lines) / seconds),
            sig3(seconds / wc_seconds),
            baseline.map_or_else(
                || "-".to_owned(),
                |baseline| factor(baseline.best.as_secs_f64() / seconds)
            ),
            timing.peak_rss_kib.map_or_else(
                || "-".to_owned(),
                |kib| format!("{} MiB", sig3(as_f64(kib) / 1024.0))
            ),
        );
    }
    let exits: Vec<String> = binary
        .timings
        .iter()
        .skip(BASELINE_ROW + 1)
        .map(|timing| timing.exit_code.to_string())
        .collect();
    let _ = writeln!(out, "\nhookcheck's exit status: {}.", exits.join(", "));
}

/// A group's family: its name up to the first `/`.
fn family(group: &str) -> &str {
    group.split_once('/').map_or(group, |(family, _)| family)
}

fn speed_up(baseline: &Measurement, measurement: &Measurement) -> String {
    factor(baseline.nanos_per_item() / measurement.nanos_per_item())
}

/// A ratio as a factor: `8.0×`, `0.76×`.
pub(super) fn factor(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}×")
    } else if ratio >= 1.0 {
        format!("{ratio:.1}×")
    } else {
        format!("{ratio:.2}×")
    }
}

/// A duration in nanoseconds, in the unit that reads best.
pub(super) fn time(nanos: f64) -> String {
    let (value, unit) = if nanos < 1e3 {
        (nanos, "ns")
    } else if nanos < 1e6 {
        (nanos / 1e3, "µs")
    } else if nanos < 1e9 {
        (nanos / 1e6, "ms")
    } else {
        (nanos / 1e9, "s")
    };
    format!("{} {unit}", sig3(value))
}

/// A duration in milliseconds, in the unit that reads best.
pub(super) fn millis(ms: f64) -> String {
    time(ms * 1e6)
}

/// A rate per second with an SI prefix: `3.21 M`.
pub(super) fn rate(per_second: f64) -> String {
    let (value, prefix) = if per_second < 1e3 {
        (per_second, "")
    } else if per_second < 1e6 {
        (per_second / 1e3, " k")
    } else if per_second < 1e9 {
        (per_second / 1e6, " M")
    } else {
        (per_second / 1e9, " G")
    };
    format!("{}{prefix}", sig3(value))
}

/// Three significant digits for values below 1000; whole numbers with
/// thousands separators above.
pub(super) fn sig3(value: f64) -> String {
    if value >= 1000.0 {
        let whole = format!("{value:.0}");
        match whole.parse::<u64>() {
            Ok(whole) => thousands(whole),
            Err(_) => whole,
        }
    } else if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// A byte count: bytes below 10 000, else KB or MB (10^3, 10^6).
fn size(bytes: u64) -> String {
    if bytes < 10_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} KB", sig3(as_f64(bytes) / 1e3))
    } else {
        format!("{} MB", sig3(as_f64(bytes) / 1e6))
    }
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use benches::NdjsonCounts;

    use super::super::binary::Timing;
    use super::*;

    fn machine() -> Machine {
        Machine {
            cpu: "Test CPU".to_owned(),
            cores: "2 logical CPUs".to_owned(),
            memory: "24 GiB".to_owned(),
            kernel: "Linux 6.1".to_owned(),
            rustc: "rustc 1.95.0".to_owned(),
            commit: "abc1234".to_owned(),
            date: "2026-01-01 00:00 UTC".to_owned(),
        }
    }

    fn group(name: &str, rows: &[(&str, f64)], elements: u64, bytes: u64) -> Group {
        Group {
            name: name.to_owned(),
            measurements: rows
                .iter()
                .map(|&(function, nanos)| Measurement::for_test(function, nanos, elements, bytes))
                .collect(),
        }
    }

    #[test]
    fn the_report_has_the_machine_the_tables_and_the_speed_ups() {
        let groups = [
            group("ndjson", &[("validate", 20e6)], 20_000, 4_000_000),
            group(
                "validate/small-valid",
                &[
                    ("is_valid", 250.0),
                    ("validate", 300.0),
                    ("baseline", 2000.0),
                ],
                1,
                217,
            ),
        ];
        let timing = |command: &str, millis, kib, exit_code| Timing {
            command: command.to_owned(),
            best: Duration::from_millis(millis),
            peak_rss_kib: Some(kib),
            exit_code,
        };
        let binary = BinaryResults {
            file: "target/bench-ndjson/64mb.ndjson".to_owned(),
            counts: NdjsonCounts {
                lines: 258_000,
                invalid: 26_058,
                bytes: 67_108_864,
            },
            runs: 3,
            rss_source: "GNU time",
            timings: vec![
                timing("wc -l FILE", 50, 2048, 0),
                timing("ndjson-baseline FILE", 1500, 4096, 0),
                timing(
                    "hookcheck validate --ndjson --format json FILE > /dev/null",
                    500,
                    10_240,
                    1,
                ),
            ],
        };
        let tls = [TlsTiming {
            server: "rustls",
            grade: "A+".to_owned(),
            connections: 23,
            check_best: Duration::from_millis(40),
            check_median: Duration::from_millis(45),
            handshake_best: Some(Duration::from_millis(12)),
            link: super::super::tls::LinkTiming {
                round_trip: Duration::from_millis(50),
                check_median: Duration::from_millis(250),
                connections: 14,
                sslyze: Err("sslyze is not installed".to_owned()),
            },
        }];
        let report = render(&Inputs {
            quick: true,
            machine: &machine(),
            groups: &groups,
            binary: Some(&binary),
            tls: &tls,
            delivery: None,
            scan: None,
            listen: None,
        });
        assert!(
            report.contains("| rustls | A+ | 23 | 40.0 ms | 45.0 ms | 12.0 ms |"),
            "{report}"
        );
        assert!(
            report.contains("| rustls | 250 ms | 5.0 | 4.1 | 14 | - | - | - |"),
            "{report}"
        );
        assert!(
            report.contains("| CPU | Test CPU (2 logical CPUs) |"),
            "{report}"
        );
        assert!(report.contains("**A quick run**"), "{report}");
        assert!(
            report.contains("| small-valid | 217 B | 250 ns | 300 ns | 2.00 µs | 8.0× | 6.7× |"),
            "{report}"
        );
        assert!(
            report.contains("| `is_valid` | 250 ns | 4.00 M | 868 | 8.0× |"),
            "{report}"
        );
        assert!(
            report.contains("| `validate` | 1.00 µs | 1.00 M | 200 |"),
            "{report}"
        );
        // The payload tables come before the NDJSON one, whatever ran first.
        assert!(report.find("### validate/small-valid") < report.find("### ndjson"));
        assert!(report.contains("258,000 lines (10.1% invalid"), "{report}");
        assert!(
            report.contains("| `wc -l FILE` | 50.0 ms | 1,342 | 5.16 M | 1.00 | 30× | 2.00 MiB |"),
            "{report}"
        );
        assert!(
            report.contains("| 500 ms | 134 | 516 k | 10.0 | 3.0× | 10.0 MiB |"),
            "{report}"
        );
        assert!(report.contains("exit status: 1."), "{report}");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_073_741_824), "1,073,741,824");
        assert_eq!(time(312.4), "312 ns");
        assert_eq!(time(1234.0), "1.23 µs");
        assert_eq!(time(45_600_000.0), "45.6 ms");
        assert_eq!(rate(3_210_000.0), "3.21 M");
        assert_eq!(rate(512.0), "512");
        assert_eq!(sig3(4321.4), "4,321");
        assert_eq!(size(217), "217 B");
        assert_eq!(size(29_215), "29.2 KB");
        assert_eq!(size(4_194_400), "4.19 MB");
    }

    #[test]
    fn the_flood_of_listen_is_counted_against_its_history() {
        let mut out = String::new();
        listen_section(
            &mut out,
            &ListenResults {
                flooded: hookcheck_testkit::Flooded {
                    acknowledged: 90_000,
                    failed: 0,
                    elapsed: Duration::from_secs(30),
                },
                kept: 89_990,
                peak_rss_kib: Some(30 * 1024),
                body_bytes: 217,
            },
        );
        assert!(
            out.contains("| 30.0 s | 90,000 | 3.00 k | 0 | 89,990 | 10 | 30.0 MiB |"),
            "{out}"
        );
    }
}
