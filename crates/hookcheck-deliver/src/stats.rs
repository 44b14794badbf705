//! Latency statistics over many deliveries: percentiles with HDR-histogram
//! accuracy (three significant digits from a microsecond to an hour) and a
//! histogram a person can read, both from the same recorded values.

use std::time::Duration;

use hdrhistogram::Histogram;

/// The longest latency recorded exactly; longer ones are clamped to it (a
/// delivery is cut off long before).
const MAX_MICROS: u64 = 3_600_000_000;

/// Recorded latencies.
#[derive(Debug, Clone)]
pub struct Latencies {
    histogram: Histogram<u64>,
}

/// The percentiles reports show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// How many latencies were recorded.
    pub count: u64,
    /// The fastest.
    pub min: Duration,
    /// The median.
    pub p50: Duration,
    /// The 90th percentile.
    pub p90: Duration,
    /// The 99th percentile.
    pub p99: Duration,
    /// The slowest.
    pub max: Duration,
    /// The arithmetic mean.
    pub mean: Duration,
}

/// One bar of the histogram: latencies up to `upper` (and above the bar
/// before), and how many fell there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    /// The bar's upper bound.
    pub upper: Duration,
    /// How many latencies it holds.
    pub count: u64,
}

impl Default for Latencies {
    fn default() -> Latencies {
        Latencies::new()
    }
}

impl Latencies {
    /// No latencies yet.
    pub fn new() -> Latencies {
        // One microsecond to an hour at three significant digits: a few
        // tens of kilobytes, and percentiles exact to 0.1%.
        let histogram = Histogram::new_with_bounds(1, MAX_MICROS, 3)
            .unwrap_or_else(|_| unreachable!("the bounds are valid constants"));
        Latencies { histogram }
    }

    /// Records one latency.
    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(MAX_MICROS);
        self.histogram
            .saturating_record(micros.clamp(1, MAX_MICROS));
    }

    /// The percentiles, or `None` when nothing was recorded.
    pub fn summary(&self) -> Option<Summary> {
        let h = &self.histogram;
        if h.is_empty() {
            return None;
        }
        let at = |quantile: f64| micros(h.value_at_quantile(quantile));
        Some(Summary {
            count: h.len(),
            min: micros(h.min()),
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: micros(h.max()),
            // Whole microseconds are plenty for a mean of network latencies.
            mean: Duration::from_secs_f64(h.mean() / 1e6),
        })
    }

    /// A histogram of at most `bars` equal-width bars from the fastest to
    /// the slowest latency (one bar when all are equal).
    pub fn buckets(&self, bars: u32) -> Vec<Bucket> {
        let h = &self.histogram;
        if h.is_empty() || bars == 0 {
            return Vec::new();
        }
        let (low, high) = (h.min(), h.max());
        let width = (high - low + 1).div_ceil(u64::from(bars)).max(1);
        let count = (high - low) / width + 1;
        let mut buckets: Vec<Bucket> = (1..=count)
            .map(|i| Bucket {
                upper: micros(low + width * i - 1),
                count: 0,
            })
            .collect();
        for value in h.iter_recorded() {
            let slot = ((value.value_iterated_to().max(low) - low) / width).min(count - 1);
            if let Some(bucket) = usize::try_from(slot).ok().and_then(|s| buckets.get_mut(s)) {
                bucket.count += value.count_at_value();
            }
        }
        buckets
    }
}

fn micros(value: u64) -> Duration {
    Duration::from_micros(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_within_a_tenth_of_a_percent() {
        let mut latencies = Latencies::new();
        for ms in 1..=1000 {
            latencies.record(Duration::from_millis(ms));
        }
        let summary = latencies.summary().unwrap();
        assert_eq!(summary.count, 1000);
        let near = |found: Duration, expected_ms: f64| {
            let expected = expected_ms / 1e3;
            let error = (found.as_secs_f64() - expected).abs() / expected;
            assert!(error < 0.001, "{found:?} vs {expected_ms} ms");
        };
        near(summary.p50, 500.0);
        near(summary.p90, 900.0);
        near(summary.p99, 990.0);
        near(summary.max, 1000.0);
        near(summary.min, 1.0);
        // The mean of 1..=1000 ms.
        near(summary.mean, 500.5);
    }

    #[test]
    fn nothing_recorded_has_no_summary_and_no_bars() {
        let latencies = Latencies::new();
        assert_eq!(latencies.summary(), None);
        assert!(latencies.buckets(10).is_empty());
    }

    #[test]
    fn every_latency_lands_in_one_bar() {
        let mut latencies = Latencies::new();
        for ms in [10, 11, 12, 50, 90, 4_900, 5_100] {
            latencies.record(Duration::from_millis(ms));
        }
        let buckets = latencies.buckets(10);
        assert_eq!(buckets.iter().map(|b| b.count).sum::<u64>(), 7);
        assert!(buckets.len() <= 10);
        assert!(buckets.windows(2).all(|w| w[0].upper < w[1].upper));
        assert_eq!(
            buckets[0].count, 5,
            "the fast ones share the first bar: {buckets:?}"
        );
        // Equal latencies make one bar.
        let mut same = Latencies::new();
        same.record(Duration::from_millis(7));
        same.record(Duration::from_millis(7));
        assert_eq!(same.buckets(10).iter().map(|b| b.count).sum::<u64>(), 2);
    }

    #[test]
    fn absurd_latencies_are_clamped_not_lost() {
        let mut latencies = Latencies::new();
        latencies.record(Duration::ZERO);
        latencies.record(Duration::from_secs(10 * 3600));
        let summary = latencies.summary().unwrap();
        assert_eq!(summary.count, 2);
        assert!(summary.max >= Duration::from_secs(3599));
    }
}
