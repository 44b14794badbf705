//! The latency charts of the HTML page, drawn from the measurements as inline
//! SVG: a histogram of the totals with the budget as a vertical line, and a
//! timeline of every delivery (x: its number, y: its total on a log scale)
//! with the budget as a horizontal line and the burst shaded.
//!
//! The timeline's y axis is logarithmic because the budget (seconds) and a
//! healthy endpoint's answers (milliseconds) are orders of magnitude apart:
//! on a linear axis every point of a fast endpoint lies on the floor, and a
//! cold start or a burst that slows answers tenfold stays invisible.
//!
//! Every delivery is drawn, ten thousand or more: the points of one colour
//! are one `<path>` of zero-length segments with round caps, about 14 bytes
//! a point, so a 10 000-delivery run adds some 140 kB and no element per
//! point. Every coordinate is written through [`Px`] and every scale is built
//! over a range that is never empty, so no input (no delivery, one, all
//! equally fast, or a NaN in a report read back from elsewhere) puts a NaN or
//! an infinity into the SVG.

use std::fmt::{self, Write as _};
use std::io::{self, Write};

use hookcheck_core::{DeliverySection, Stage};

use super::escape;
use crate::words::duration;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
/// Room for the y axis's labels.
const LEFT: f64 = 64.0;
/// Room for half of the last x label, centred on the plot's edge.
const RIGHT: f64 = 32.0;
const TOP: f64 = 20.0;
/// Room for the x axis's labels and title.
const BOTTOM: f64 = 44.0;

/// The histogram of `delivery.histogram`: one bar per range, red past the
/// budget, the budget as a dashed vertical line when it falls within the
/// ranges.
pub(super) fn histogram(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    let bars = &delivery.histogram;
    let uppers: Vec<f64> = bars.iter().map(|b| measured(b.upper_ms)).collect();
    // The bars are equally wide, so the first starts one width before its
    // upper bound; a single bar starts at the fastest delivery.
    let first_lower = match uppers.as_slice() {
        [] => return Ok(()),
        [only] => delivery
            .latency_ms
            .map_or(*only, |l| measured(l.min))
            .min(*only),
        [first, second, ..] => first - (second - first),
    }
    .max(0.0);
    let last_upper = uppers.iter().copied().fold(first_lower, f64::max);
    let (low, high) = widen(first_lower, last_upper);
    let x = Scale::linear(low.max(0.0), high, LEFT, WIDTH - RIGHT);
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let y = Scale::linear(0.0, float(most), HEIGHT - BOTTOM, TOP);

    open(out, "Histogram of delivery latencies")?;
    for tick in ticks(0.0, float(most), 4)
        .into_iter()
        .filter(|t| t.fract() == 0.0)
    {
        let py = y.at(tick);
        writeln!(
            out,
            r#"<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/><text x="{}" y="{}" text-anchor="end">{tick}</text>"#,
            Px(LEFT),
            Px(py),
            Px(WIDTH - RIGHT),
            Px(py),
            Px(LEFT - 6.0),
            Px(py + 4.0)
        )?;
    }

    let budget = measured(delivery.budget_ms);
    let mut lower = first_lower;
    for (bar, &upper) in bars.iter().zip(&uppers) {
        let (left, right) = (x.at(lower), x.at(upper));
        // A range too narrow to see (all latencies equal) still gets a bar
        // one can see, centred on it.
        let width = (right - left - 2.0).max(6.0);
        let centre = f64::midpoint(left, right);
        let top = y.at(float(bar.count));
        let class = if budget > 0.0 && upper > budget {
            "bar over"
        } else {
            "bar"
        };
        writeln!(
            out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"><title>{} to {}: {}</title></rect>"#,
            Px(centre - width / 2.0),
            Px(top),
            Px(width),
            Px(y.at(0.0) - top),
            escape(&duration(lower)),
            escape(&duration(upper)),
            bar.count
        )?;
        lower = upper;
    }

    for tick in ticks(x.from.0, x.from.1, 6) {
        let px = x.at(tick);
        writeln!(
            out,
            r#"<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/><text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            Px(px),
            Px(HEIGHT - BOTTOM),
            Px(px),
            Px(HEIGHT - BOTTOM + 4.0),
            Px(px),
            Px(HEIGHT - BOTTOM + 16.0),
            escape(&duration(tick))
        )?;
    }
    axes(out, "total", "deliveries")?;
    if budget > 0.0 && (x.from.0..=x.from.1).contains(&budget) {
        let px = x.at(budget);
        writeln!(
            out,
            r#"<line class="budget" x1="{}" y1="{}" x2="{}" y2="{}"/><text class="budget" x="{}" y="{}">budget {}</text>"#,
            Px(px),
            Px(TOP),
            Px(px),
            Px(HEIGHT - BOTTOM),
            Px(px + 4.0),
            Px(TOP + 10.0),
            escape(&duration(budget))
        )?;
    }
    writeln!(out, "</svg>")
}

/// Every delivery as a point: x its number, y its total on a log scale,
/// green when it succeeded and red when it failed, the burst's in lighter
/// shades over a shaded band; the budget as a dashed horizontal line.
pub(super) fn timeline(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    let records = &delivery.deliveries;
    if records.is_empty() {
        return Ok(());
    }
    let totals = || records.iter().map(|r| measured(r.phases_ms.total));
    let budget = measured(delivery.budget_ms);
    let slowest = totals().fold(budget, f64::max);
    let fastest = totals()
        .filter(|t| *t > 0.0)
        .fold(f64::INFINITY, f64::min)
        .min(slowest);
    // Whole decades, no finer than a microsecond, at least one apart: the
    // floor of an all-zero run is a microsecond, and a run where every total
    // equals the budget still spans a decade.
    let bottom = if fastest.is_finite() && fastest > 0.0 {
        fastest
    } else {
        1.0
    };
    let low_decade = bottom.max(0.001).log10().floor();
    let high_decade = slowest.max(0.001).log10().ceil().max(low_decade + 1.0);
    let y = Scale::log(low_decade, high_decade, HEIGHT - BOTTOM, TOP);

    let numbers = || records.iter().map(|r| float(r.n));
    let first = numbers().fold(f64::INFINITY, f64::min);
    let last = numbers().fold(f64::NEG_INFINITY, f64::max);
    let (first, last) = widen(first, last);
    let x = Scale::linear(first, last, LEFT + 8.0, WIDTH - RIGHT - 8.0);

    open(out, "Every delivery's total latency in order")?;
    burst_band(delivery, &x, out)?;
    for tick in log_ticks(low_decade, high_decade) {
        let py = y.at(tick);
        writeln!(
            out,
            r#"<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/><text x="{}" y="{}" text-anchor="end">{}</text>"#,
            Px(LEFT),
            Px(py),
            Px(WIDTH - RIGHT),
            Px(py),
            Px(LEFT - 6.0),
            Px(py + 4.0),
            escape(&duration(tick))
        )?;
    }
    for tick in ticks(x.from.0, x.from.1, 8)
        .into_iter()
        .filter(|t| t.fract() == 0.0 && *t >= first && *t <= last)
    {
        let px = x.at(tick);
        writeln!(
            out,
            r#"<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/><text x="{}" y="{}" text-anchor="middle">{tick}</text>"#,
            Px(px),
            Px(HEIGHT - BOTTOM),
            Px(px),
            Px(HEIGHT - BOTTOM + 4.0),
            Px(px),
            Px(HEIGHT - BOTTOM + 16.0)
        )?;
    }
    axes(out, "delivery", "total (log scale)")?;
    if budget > 0.0 {
        let py = y.at(budget);
        writeln!(
            out,
            r#"<line class="budget" x1="{}" y1="{}" x2="{}" y2="{}"/><text class="budget" x="{}" y="{}">budget {}</text>"#,
            Px(LEFT),
            Px(py),
            Px(WIDTH - RIGHT),
            Px(py),
            // At the left, over the series: the burst on the right is where
            // points climb towards the line.
            Px(LEFT + 4.0),
            Px(py - 4.0),
            escape(&duration(budget))
        )?;
    }

    dots(delivery, &x, &y, out)?;
    writeln!(out, "</svg>")
}

/// The band behind the deliveries of the burst, when there was one.
fn burst_band(delivery: &DeliverySection, x: &Scale, out: &mut dyn Write) -> io::Result<()> {
    let burst = || {
        delivery
            .deliveries
            .iter()
            .filter(|r| r.stage == Stage::Burst)
            .map(|r| float(r.n))
    };
    let first = burst().fold(f64::INFINITY, f64::min);
    let last = burst().fold(f64::NEG_INFINITY, f64::max);
    if first > last {
        return Ok(());
    }
    let left = x.at(first - 0.5).max(LEFT);
    let right = x.at(last + 0.5).min(WIDTH - RIGHT);
    writeln!(
        out,
        r#"<rect class="burst-band" x="{}" y="{}" width="{}" height="{}"/><text x="{}" y="{}">burst</text>"#,
        Px(left),
        Px(TOP),
        Px((right - left).max(1.0)),
        Px(HEIGHT - BOTTOM - TOP),
        Px(left + 4.0),
        Px(TOP + 10.0)
    )
}

/// Every delivery as a dot, one path per colour.
fn dots(delivery: &DeliverySection, x: &Scale, y: &Scale, out: &mut dyn Write) -> io::Result<()> {
    // One path per colour; the later ones are drawn over the earlier, so
    // failures stay visible among many successes.
    let mut paths = [
        ("ok-dot", String::new()),
        ("burst-ok-dot", String::new()),
        ("burst-failed-dot", String::new()),
        ("failed-dot", String::new()),
    ];
    for record in &delivery.deliveries {
        let slot = match (record.stage, record.succeeded) {
            (Stage::Series, true) => 0,
            (Stage::Burst, true) => 1,
            (Stage::Burst, false) => 2,
            (Stage::Series, false) => 3,
        };
        let point = (
            x.at(float(record.n)),
            y.at(measured(record.phases_ms.total)),
        );
        // Writing to a String cannot fail.
        let _ = write!(paths[slot].1, "M{} {}h0", Px(point.0), Px(point.1));
    }
    let size = match delivery.deliveries.len() {
        0..=200 => 6,
        201..=2000 => 4,
        _ => 3,
    };
    for (class, path) in &paths {
        if !path.is_empty() {
            writeln!(
                out,
                r#"<path class="dots {class}" stroke-width="{size}" d="{path}"/>"#
            )?;
        }
    }
    Ok(())
}

/// The opening tag: the drawing scales with the page.
fn open(out: &mut dyn Write, label: &str) -> io::Result<()> {
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}">"#,
        Px(WIDTH),
        Px(HEIGHT),
        escape(label)
    )
}

/// The two axis lines and their titles.
fn axes(out: &mut dyn Write, x_title: &str, y_title: &str) -> io::Result<()> {
    writeln!(
        out,
        r#"<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/><line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>"#,
        left = Px(LEFT),
        right = Px(WIDTH - RIGHT),
        top = Px(TOP),
        bottom = Px(HEIGHT - BOTTOM),
    )?;
    writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text><text x="14" y="{}" text-anchor="middle" transform="rotate(-90 14 {})">{}</text>"#,
        Px(f64::midpoint(LEFT, WIDTH - RIGHT)),
        Px(HEIGHT - 6.0),
        escape(x_title),
        Px(f64::midpoint(TOP, HEIGHT - BOTTOM)),
        Px(f64::midpoint(TOP, HEIGHT - BOTTOM)),
        escape(y_title)
    )
}

/// A map from measurements to pixels, linear or over the decades of a log
/// scale. Its domain is never empty.
#[derive(Debug, Clone, Copy)]
struct Scale {
    /// The domain: values, or for a log scale decades (log10 of values).
    from: (f64, f64),
    to: (f64, f64),
    log: bool,
}

impl Scale {
    fn linear(low: f64, high: f64, start: f64, end: f64) -> Scale {
        Scale {
            from: widen(low, high),
            to: (start, end),
            log: false,
        }
    }

    fn log(low_decade: f64, high_decade: f64, start: f64, end: f64) -> Scale {
        Scale {
            from: widen(low_decade, high_decade),
            to: (start, end),
            log: true,
        }
    }

    /// The pixel of `value`; a value below a log scale's floor sits on it.
    fn at(&self, value: f64) -> f64 {
        let value = if self.log {
            value.max(10f64.powf(self.from.0)).log10()
        } else {
            value
        };
        let share = (value - self.from.0) / (self.from.1 - self.from.0);
        self.to.0 + share * (self.to.1 - self.to.0)
    }
}

/// `(low, high)` as a range that is finite and not empty: an empty or
/// inverted one grows by half a unit (or a tenth of its value) each way.
fn widen(low: f64, high: f64) -> (f64, f64) {
    let low = if low.is_finite() { low } else { 0.0 };
    let high = if high.is_finite() { high.max(low) } else { low };
    if high - low > 1e-9 * high.abs().max(1.0) {
        (low, high)
    } else {
        let pad = (low.abs() / 10.0).max(0.5);
        (low - pad, high + pad)
    }
}

/// Round values within `[low, high]`, about `count` of them: steps of 1, 2
/// or 5 times a power of ten.
fn ticks(low: f64, high: f64, count: u32) -> Vec<f64> {
    let span = high - low;
    if !span.is_finite() || span <= 0.0 {
        return if low.is_finite() {
            vec![low]
        } else {
            Vec::new()
        };
    }
    let count = f64::from(count.max(1));
    let power = 10f64.powf((span / count).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|step| span / step <= count)
        .unwrap_or(10.0 * power);
    let mut ticks = Vec::new();
    let mut k = (low / step).ceil();
    // The bound on the count guards against a step lost to rounding.
    while k * step <= high + step * 1e-9 && ticks.len() <= 100 {
        // Adding 0.0 turns -0 into 0, which would print as "-0".
        ticks.push(k * step + 0.0);
        k += 1.0;
    }
    ticks
}

/// The powers of ten from `10^low` to `10^high`, and 2 and 5 times each
/// when the scale spans only a decade or two (too few labels otherwise).
fn log_ticks(low_decade: f64, high_decade: f64) -> Vec<f64> {
    let fine = high_decade - low_decade <= 2.0;
    let mut ticks = Vec::new();
    let mut decade = low_decade;
    while decade <= high_decade && ticks.len() <= 100 {
        let power = 10f64.powf(decade);
        ticks.push(power);
        if fine && decade < high_decade {
            ticks.extend([2.0 * power, 5.0 * power]);
        }
        decade += 1.0;
    }
    ticks
}

/// A finite, non-negative measurement; anything else counts as 0.
fn measured(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

/// A count as a coordinate.
#[allow(
    clippy::cast_precision_loss,
    reason = "counts of deliveries are far below 2^52, where f64 is exact"
)]
fn float<N: TryInto<u64>>(n: N) -> f64 {
    n.try_into().unwrap_or(u64::MAX) as f64
}

/// A pixel coordinate with one decimal (a tenth of a pixel is plenty); 0 in
/// place of what is not a number, so the SVG never holds a NaN.
struct Px(f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.0.is_finite() { self.0 } else { 0.0 };
        // Adding 0.0 turns -0 into 0.
        write!(f, "{:.1}", value + 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_within_the_range() {
        assert_eq!(ticks(0.0, 10.0, 5), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(0.5, 3.2, 4), [1.0, 2.0, 3.0]);
        assert_eq!(ticks(3.0, 3.0, 5), [3.0]);
        assert!(ticks(f64::NAN, 1.0, 5).is_empty());
        assert_eq!(log_ticks(0.0, 1.0), [1.0, 2.0, 5.0, 10.0]);
    }

    #[test]
    fn empty_and_broken_ranges_are_widened() {
        assert_eq!(widen(2.0, 2.0), (1.5, 2.5));
        assert_eq!(widen(100.0, 100.0), (90.0, 110.0));
        assert_eq!(widen(f64::NAN, f64::INFINITY), (-0.5, 0.5));
        assert_eq!(widen(5.0, 1.0), (4.5, 5.5));
        let scale = Scale::linear(7.0, 7.0, 0.0, 100.0);
        assert!((scale.at(7.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn coordinates_are_never_nan() {
        assert_eq!(Px(f64::NAN).to_string(), "0.0");
        assert_eq!(Px(-0.0).to_string(), "0.0");
        assert_eq!(Px(12.345).to_string(), "12.3");
    }
}
