//! The delivery section of the report: each reported total against the
//! server's own time, and the rate and latencies under load beside wrk's.

use std::fmt::Write as _;
use std::time::Duration;

use super::delivery::{
    Accuracy, DeliveryResults, LOAD_CONCURRENCY, LOAD_COUNT, Load, LoadFigures, TOLERANCE_MS,
};
use super::render::{factor, millis, rate, thousands, time};
use super::wrk;

// Writing to a String cannot fail, hence the `let _ =` throughout.

pub(crate) fn section(out: &mut String, results: &DeliveryResults) {
    let _ = write!(
        out,
        "
## Deliveries on loopback

`hookcheck deliver` (release build) against the test kit's web-hook
receiver (`HookServer`) over plain HTTP/1.1 with keep-alive, which answers
`200 ok` after a fixed delay and records, for each request, the time from
the request read in full to its answer starting: the ground truth.
"
    );
    accuracy_table(out, &results.accuracy);
    load_table(out, &results.load);
}

fn accuracy_table(out: &mut String, accuracy: &[Accuracy]) {
    let _ = write!(
        out,
        "
### The reported total against the server's own time

`hookcheck deliver http://127.0.0.1:PORT/hook --count N --concurrency 1 --budget 10s --format json`,
one server per delay. A delivery's error is its reported total
(`phases_ms.total`) minus the server's time for the same request: what the
client adds around the server (writing the request, the loopback both ways,
reading the answer). Median and max are over every delivery; the first one
also opens the TCP connection, which the server does not see, and is shown
apart from those that reused it. Reported p50 is the report's
`latency_ms.p50`. SPEC allows {TOLERANCE_MS} ms.

| server delay | deliveries | reported p50 | median error | max error | new connection | max, reused | all within {TOLERANCE_MS} ms |
|--:|--:|--:|--:|--:|--:|--:|:-:|
"
    );
    for row in accuracy {
        let all = row.errors(|_| true);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            delay(row.delay),
            row.pairs.len(),
            millis(row.reported_p50_ms),
            all.map_or_else(|| "-".to_owned(), |(median, _)| error(median)),
            all.map_or_else(|| "-".to_owned(), |(_, max)| error(max)),
            row.errors(|pair| !pair.reused)
                .map_or_else(|| "-".to_owned(), |(_, max)| error(max)),
            row.errors(|pair| pair.reused)
                .map_or_else(|| "-".to_owned(), |(_, max)| error(max)),
            if row.within_tolerance() {
                "yes"
            } else {
                "**no**"
            },
        );
    }
}

fn load_table(out: &mut String, load: &Load) {
    let _ = write!(
        out,
        "
### Rate under load, beside wrk

`hookcheck deliver http://127.0.0.1:PORT/hook --concurrency {LOAD_CONCURRENCY} --count {LOAD_COUNT} --format json`,
then `wrk -t{} -c{LOAD_CONCURRENCY} -d{}s --latency -s post.lua http://127.0.0.1:PORT/hook`
for about as long (3 s at least), against one server answering at once, in
the same run. hookcheck sends a verification then change notifications
({} bytes); the script makes wrk POST the captured change notification
(`{}`, {} bytes). Both send `content-type: application/json; charset=utf-8`.
Requests/s is hookcheck's attempts over its `wall_ms`, and wrk's
`Requests/sec`; failed counts answers other than 2xx and requests without
one; the latencies are each tool's percentiles of whole requests. The last
row divides hookcheck's figures by wrk's: a rate below 1× or latencies above
1× mean hookcheck is the slower.

| tool | requests | failed | time | requests/s | p50 | p90 | p99 | max |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
",
        wrk::THREADS,
        load.wrk_seconds,
        load.hookcheck_body,
        wrk::BODY,
        load.wrk_body,
    );
    load_row(out, "`hookcheck deliver`", &load.hookcheck);
    let Some(wrk) = &load.wrk else {
        let _ = write!(
            out,
            "\nwrk was not on PATH, so hookcheck's figures stand alone; install it with
{} and run again.\n",
            wrk::INSTALL
        );
        return;
    };
    load_row(out, "`wrk`", wrk);
    let ours = &load.hookcheck;
    let _ = writeln!(
        out,
        "| hookcheck ÷ wrk | | | | {} | {} | {} | {} | {} |",
        factor(ours.per_second / wrk.per_second),
        factor(ours.p50 / wrk.p50),
        factor(ours.p90 / wrk.p90),
        factor(ours.p99 / wrk.p99),
        factor(ours.max / wrk.max),
    );
}

fn load_row(out: &mut String, tool: &str, figures: &LoadFigures) {
    let _ = writeln!(
        out,
        "| {tool} | {} | {} | {} | {} | {} | {} | {} | {} |",
        thousands(figures.requests),
        thousands(figures.failed),
        time(figures.seconds * 1e9),
        rate(figures.per_second),
        millis(figures.p50),
        millis(figures.p90),
        millis(figures.p99),
        millis(figures.max),
    );
}

/// A difference in milliseconds, which may be negative.
fn error(ms: f64) -> String {
    if ms < 0.0 {
        format!("−{}", millis(-ms))
    } else {
        millis(ms)
    }
}

/// A server's delay as it was set: `0 ms`, `100 ms`, `4 s`.
fn delay(delay: Duration) -> String {
    if delay >= Duration::from_secs(1) && delay.subsec_nanos() == 0 {
        format!("{} s", delay.as_secs())
    } else {
        format!("{} ms", delay.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::super::criterion::as_f64;
    use super::super::delivery::Pair;
    use super::*;

    fn delivery(wrk: Option<LoadFigures>) -> DeliveryResults {
        let pair = |reused, error_ms| Pair { reused, error_ms };
        let figures = |requests, seconds: f64, p50: f64| LoadFigures {
            requests,
            failed: 0,
            seconds,
            per_second: as_f64(requests) / seconds,
            p50,
            p90: p50 * 2.0,
            p99: p50 * 4.0,
            max: p50 * 10.0,
        };
        DeliveryResults {
            accuracy: vec![
                Accuracy {
                    delay: Duration::ZERO,
                    reported_p50_ms: 0.2,
                    pairs: vec![pair(false, 0.5), pair(true, 0.1), pair(true, 0.15)],
                },
                Accuracy {
                    delay: Duration::from_secs(4),
                    reported_p50_ms: 4_000.3,
                    pairs: vec![pair(false, 0.6), pair(true, 41.0)],
                },
            ],
            load: Load {
                hookcheck: figures(10_000, 2.0, 4.0),
                hookcheck_body: 183,
                wrk,
                wrk_body: 217,
                wrk_seconds: 3,
            },
        }
    }

    fn render_delivery(delivery: &DeliveryResults) -> String {
        let mut out = String::new();
        section(&mut out, delivery);
        out
    }

    #[test]
    fn deliveries_are_shown_against_the_ground_truth_and_wrk() {
        let wrk = LoadFigures {
            requests: 60_000,
            failed: 0,
            seconds: 3.0,
            per_second: 20_000.0,
            p50: 2.0,
            p90: 4.0,
            p99: 8.0,
            max: 20.0,
        };
        let report = render_delivery(&delivery(Some(wrk)));
        assert!(
            report.contains("| 0 ms | 3 | 200 µs | 150 µs | 500 µs | 500 µs | 150 µs | yes |"),
            "{report}"
        );
        assert!(
            report.contains("| 4 s | 2 | 4.00 s | 41.0 ms | 41.0 ms | 600 µs | 41.0 ms | **no** |"),
            "{report}"
        );
        assert!(report.contains("-d3s --latency"), "{report}");
        assert!(
            report.contains(
                "| `hookcheck deliver` | 10,000 | 0 | 2.00 s | 5.00 k | 4.00 ms | 8.00 ms | 16.0 ms | 40.0 ms |"
            ),
            "{report}"
        );
        assert!(
            report.contains("| hookcheck ÷ wrk | | | | 0.25× | 2.0× | 2.0× | 2.0× | 2.0× |"),
            "{report}"
        );
    }

    #[test]
    fn without_wrk_the_report_says_how_to_install_it() {
        let report = render_delivery(&delivery(None));
        assert!(
            report.contains("| `hookcheck deliver` | 10,000 |"),
            "{report}"
        );
        assert!(!report.contains("| `wrk` |"), "{report}");
        assert!(report.contains("wrk was not on PATH"), "{report}");
        assert!(report.contains("apt-get install wrk"), "{report}");
    }

    #[test]
    fn differences_and_delays_read_well() {
        assert_eq!(error(-0.25), "−250 µs");
        assert_eq!(error(1.5), "1.50 ms");
        assert_eq!(delay(Duration::ZERO), "0 ms");
        assert_eq!(delay(Duration::from_millis(10)), "10 ms");
        assert_eq!(delay(Duration::from_secs(1)), "1 s");
    }
}
