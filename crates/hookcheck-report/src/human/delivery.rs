//! The delivery section for a person: what was sent and how it went, the
//! latency percentiles with the margin left, the phases, a histogram, the
//! burst and the retry outlook.

use std::fmt::Write as _;
use std::io;

use hookcheck_core::{DeliverySection, LatencyMs};

use super::{BOLD, DIM, GREEN, Painter, RED, YELLOW, wrap};
use crate::words::{duration, histogram_labels, retry, what_was_sent};

/// The widest histogram bar, in characters (label and count fit beside it
/// in 80 columns).
const BAR_WIDTH: u64 = 50;

pub(super) fn section(p: &mut Painter<'_>, delivery: &DeliverySection) -> io::Result<()> {
    for line in wrap(&what_was_sent(delivery), "  ") {
        p.paint(DIM, &line)?;
    }
    if delivery.reconnected > 0 {
        let line = format!(
            "{} reconnected: the server had closed the kept connection (an idle timeout) \
             before the request was written, so it went over a new one",
            delivery.reconnected
        );
        for line in wrap(&line, "  ") {
            p.paint(DIM, &line)?;
        }
    }
    if delivery.ack_probe.is_some() {
        let line = "and 1 more over a kept connection with delayed acknowledgements, to see \
                    whether answers wait for them (not counted above)";
        for line in wrap(line, "  ") {
            p.paint(DIM, &line)?;
        }
    }

    p.plain("  ")?;
    let style = if delivery.succeeded == delivery.attempts {
        GREEN
    } else {
        RED
    };
    p.paint(
        style,
        &format!(
            "{} of {} succeeded ({:.1}%)",
            delivery.succeeded,
            delivery.attempts,
            delivery.success_rate * 100.0
        ),
    )?;
    p.plain(&format!(
        ": a 2xx within the {} budget\n",
        duration(delivery.budget_ms)
    ))?;

    if let Some(latency) = &delivery.latency_ms {
        p.plain(&format!("  latency  {}\n", percentiles(latency)))?;
    }
    if let Some(margin) = delivery.margin_ms {
        margin_line(p, margin, delivery.budget_ms)?;
    }
    let phases = delivery.phases_ms;
    let phase = |name: &str, value: Option<f64>| {
        format!("{name} {}", value.map_or_else(|| "–".to_owned(), duration))
    };
    let line = format!(
        "phases (median): {}, {}, {}, {}, {}",
        phase("dns", phases.dns),
        phase("connect", phases.connect),
        phase("tls", phases.tls),
        phase("ttfb", phases.ttfb),
        phase("total", Some(phases.total)),
    );
    for line in wrap(&line, "  ") {
        p.plain(&line)?;
    }
    histogram(p, delivery)?;
    if let Some(burst) = delivery.burst {
        let mut line = format!("burst of {}: {} succeeded", burst.size, burst.succeeded);
        if let Some(latency) = &burst.latency_ms {
            let _ = write!(line, ", {}", percentiles(latency));
        }
        for line in wrap(&line, "  ") {
            p.plain(&line)?;
        }
    }
    for paragraph in retry(&delivery.retry) {
        for line in wrap(&paragraph, "  ") {
            p.plain(&line)?;
        }
    }
    Ok(())
}

/// How much slower the successful deliveries may get before they fail: the
/// budget minus their 99th percentile (thin below half the budget, where
/// `delivery-slow` warns).
fn margin_line(p: &mut Painter<'_>, margin: f64, budget: f64) -> io::Result<()> {
    let (style, text) = if margin < budget / 2.0 {
        (YELLOW, format!("p99 margin {}, thin", duration(margin)))
    } else {
        (GREEN, format!("p99 margin {}", duration(margin)))
    };
    p.plain("  ")?;
    p.paint(style, &text)?;
    p.plain(" (answers may get that much slower before they fail)\n")
}

fn percentiles(latency: &LatencyMs) -> String {
    format!(
        "p50 {}  p90 {}  p99 {}  max {}",
        duration(latency.p50),
        duration(latency.p90),
        duration(latency.p99),
        duration(latency.max)
    )
}

/// One bar per latency range, the count beside it; a run of empty ranges
/// between two outliers is one `⋮` line.
fn histogram(p: &mut Painter<'_>, delivery: &DeliverySection) -> io::Result<()> {
    let Some(most) = delivery.histogram.iter().map(|b| b.count).max() else {
        return Ok(());
    };
    let (labels, label_width) = histogram_labels(delivery);
    let mut gap = false;
    for (i, (bar, label)) in delivery.histogram.iter().zip(labels).enumerate() {
        let next_empty = delivery
            .histogram
            .get(i + 1)
            .is_some_and(|next| next.count == 0);
        if bar.count == 0 && (gap || next_empty) {
            if !gap {
                p.plain(&format!("    {:>label_width$} ⋮\n", ""))?;
            }
            gap = true;
            continue;
        }
        gap = false;
        let length = (bar.count * BAR_WIDTH).div_ceil(most.max(1));
        let over_budget = bar.upper_ms > delivery.budget_ms;
        p.plain(&format!("    {label:>label_width$} │"))?;
        let blocks = "█".repeat(usize::try_from(length).unwrap_or(0));
        p.paint(if over_budget { RED } else { BOLD }, &blocks)?;
        p.plain(&format!(" {}\n", bar.count))?;
    }
    Ok(())
}
