//! The delivery part of the HTML page: how many deliveries succeeded, the
//! latency charts, the percentiles against the budget, the phases, the retry
//! outlook and the deliveries that failed.

use std::io::{self, Write};

use hookcheck_core::{DeliveryOutcome, DeliverySection, LatencyMs, Stage};

use super::{chart, escape};
use crate::words::{duration, retry, sentence, what_was_sent};

/// At most this many failed deliveries are listed one by one; the rest are
/// counted. A run against a dead endpoint fails every delivery, and a page
/// of ten thousand identical rows helps nobody.
const LISTED_FAILURES: usize = 50;

pub(super) fn section(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<section id="delivery">"#)?;
    writeln!(out, "<h2>Delivery</h2>")?;
    let class = if delivery.succeeded == delivery.attempts {
        "good"
    } else {
        "bad"
    };
    writeln!(
        out,
        r#"<p><span class="{class}">{} of {} succeeded ({:.1}%)</span>: a 2xx within the {} budget. {}.</p>"#,
        delivery.succeeded,
        delivery.attempts,
        delivery.success_rate * 100.0,
        duration(delivery.budget_ms),
        escape(&what_was_sent(delivery))
    )?;

    charts(delivery, out)?;
    percentiles(delivery, out)?;
    phases(delivery, out)?;
    for paragraph in retry(&delivery.retry) {
        writeln!(out, "<p>{}</p>", escape(&sentence(&paragraph)))?;
    }
    failures(delivery, out)?;
    writeln!(out, "</section>")
}

fn charts(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<h3>Latency</h3>")?;
    if delivery.deliveries.is_empty() {
        return writeln!(
            out,
            "<p>No delivery was made, so there is nothing to chart.</p>"
        );
    }
    if !delivery.histogram.is_empty() {
        writeln!(out, "<figure>")?;
        chart::histogram(delivery, out)?;
        let reached: u64 = delivery.histogram.iter().map(|b| b.count).sum();
        let slowest = delivery.histogram.last().map_or(0.0, |b| b.upper_ms);
        let budget = if delivery.budget_ms > slowest {
            format!(
                "The budget, {}, is beyond the slowest of them.",
                duration(delivery.budget_ms)
            )
        } else {
            format!(
                "The dashed line is the {} budget; bars past it are red.",
                duration(delivery.budget_ms)
            )
        };
        let ranges = match delivery.histogram.len() {
            1 => "one range".to_owned(),
            n => format!("{n} equal ranges"),
        };
        writeln!(
            out,
            "<figcaption>The totals of the {reached} deliveries that reached the server, in {ranges}. {budget}</figcaption>"
        )?;
        writeln!(out, "</figure>")?;
    }
    writeln!(out, "<figure>")?;
    chart::timeline(delivery, out)?;
    write!(
        out,
        r#"<figcaption class="legend">Every delivery in the order it was started, its total on a log scale; the dashed line is the {} budget."#,
        duration(delivery.budget_ms)
    )?;
    write!(
        out,
        r#"<span class="dot ok-dot"></span>succeeded<span class="dot failed-dot"></span>failed"#
    )?;
    if delivery.deliveries.iter().any(|d| d.stage == Stage::Burst) {
        write!(
            out,
            r#"<span class="dot burst-ok-dot"></span>burst, succeeded<span class="dot burst-failed-dot"></span>burst, failed"#
        )?;
    }
    writeln!(out, "</figcaption>")?;
    writeln!(out, "</figure>")
}

/// The percentiles of the whole run and of the burst, and the margin left.
fn percentiles(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    let burst = delivery
        .burst
        .and_then(|b| b.latency_ms.map(|latency| (b.size, latency)));
    if delivery.latency_ms.is_none() && burst.is_none() {
        return writeln!(
            out,
            "<p>No delivery reached the server, so there are no latencies.</p>"
        );
    }
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th></th><th class="num">count</th><th class="num">min</th><th class="num">p50</th><th class="num">p90</th><th class="num">p99</th><th class="num">max</th><th class="num">mean</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    if let Some(latency) = &delivery.latency_ms {
        row("all deliveries", latency, delivery.budget_ms, out)?;
    }
    if let Some((size, latency)) = &burst {
        row(
            &format!("burst of {size}"),
            latency,
            delivery.budget_ms,
            out,
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    if let Some(margin) = delivery.margin_ms {
        let class = if margin < delivery.budget_ms / 2.0 {
            "thin"
        } else {
            "good"
        };
        writeln!(
            out,
            r#"<p>Margin of the successful deliveries at the 99th percentile: <span class="{class}">{}</span>, how much slower they may get before they fail.</p>"#,
            duration(margin)
        )?;
    }
    Ok(())
}

/// One row of percentiles, each past the budget in red.
fn row(label: &str, latency: &LatencyMs, budget: f64, out: &mut dyn Write) -> io::Result<()> {
    let cell = |ms: f64| {
        if ms > budget {
            format!(r#"<td class="num bad">{}</td>"#, duration(ms))
        } else {
            format!(r#"<td class="num">{}</td>"#, duration(ms))
        }
    };
    writeln!(
        out,
        r#"<tr><th>{label}</th><td class="num">{}</td>{}{}{}{}{}{}</tr>"#,
        latency.count,
        cell(latency.min),
        cell(latency.p50),
        cell(latency.p90),
        cell(latency.p99),
        cell(latency.max),
        cell(latency.mean)
    )
}

/// The median of each phase.
fn phases(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    let phases = delivery.phases_ms;
    let cell = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), duration);
    writeln!(out, "<h3>Phases (median)</h3>")?;
    writeln!(
        out,
        r#"<table><thead><tr><th class="num">DNS</th><th class="num">connect</th><th class="num">TLS</th><th class="num">first byte</th><th class="num">total</th></tr></thead>"#
    )?;
    writeln!(
        out,
        r#"<tbody><tr><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr></tbody></table>"#,
        cell(phases.dns),
        cell(phases.connect),
        cell(phases.tls),
        cell(phases.ttfb),
        duration(phases.total)
    )
}

/// The deliveries that failed, with how they ended and the detail (a cause,
/// where one was stuck, where a redirect pointed).
fn failures(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    let failed: Vec<_> = delivery
        .deliveries
        .iter()
        .filter(|d| !d.succeeded)
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h3>Failed deliveries</h3>")?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th class="num">#</th><th>Stage</th><th>Outcome</th><th class="num">Status</th><th class="num">Total</th><th>Detail</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    for record in failed.iter().take(LISTED_FAILURES) {
        let stage = match record.stage {
            Stage::Series => "series",
            Stage::Burst => "burst",
        };
        let outcome = match record.outcome {
            DeliveryOutcome::Answered => "answered",
            DeliveryOutcome::TimedOut => "timed out",
            DeliveryOutcome::DnsFailed => "DNS failed",
            DeliveryOutcome::NotPublic => "not public",
            DeliveryOutcome::ConnectFailed => "connect failed",
            DeliveryOutcome::TlsFailed => "TLS failed",
            DeliveryOutcome::Broken => "broken off",
        };
        let status = record.status.map(|s| s.to_string()).unwrap_or_default();
        writeln!(
            out,
            r#"<tr><td class="num">{}</td><td>{stage}</td><td>{outcome}</td><td class="num">{status}</td><td class="num">{}</td><td class="break">{}</td></tr>"#,
            record.n,
            duration(record.phases_ms.total),
            escape(record.detail.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    if failed.len() > LISTED_FAILURES {
        writeln!(
            out,
            r#"<p class="muted">And {} more.</p>"#,
            failed.len() - LISTED_FAILURES
        )?;
    }
    Ok(())
}
