//! The HTML format: a self-contained page, everything a server sent escaped,
//! and charts that cope with no delivery, one, ten thousand, and latencies
//! that are all the same.

use hookcheck_core::{
    DeliveryOutcome, DeliveryRecord, HistogramBar, LatencyMs, PhasesMs, Report, Stage,
};
use hookcheck_report::Format;

use super::{hostile, rendered, sample};

/// The rich report with one delivery per total instead of its own and the
/// summary numbers to match: the last fifth is the burst, and every 97th
/// delivery failed with a 503.
fn with_totals(totals: &[f64]) -> Report {
    let mut report = sample::rich();
    let delivery = report
        .delivery
        .as_mut()
        .expect("the rich report has a delivery section");
    let burst_from = totals.len() - totals.len() / 5;
    delivery.deliveries = totals
        .iter()
        .enumerate()
        .map(|(i, &total)| {
            let stage = if i >= burst_from {
                Stage::Burst
            } else {
                Stage::Series
            };
            DeliveryRecord {
                n: i + 1,
                stage,
                notification_type: None,
                bytes: 100,
                protocol: Some("HTTP/2".to_owned()),
                reused: i > 0,
                reconnected: false,
                outcome: DeliveryOutcome::Answered,
                status: Some(if i % 97 == 5 { 503 } else { 204 }),
                detail: None,
                succeeded: i % 97 != 5,
                phases_ms: PhasesMs {
                    dns: None,
                    connect: None,
                    tls: None,
                    ttfb: Some(total),
                    total,
                },
            }
        })
        .collect();
    delivery.attempts = totals.len();
    delivery.succeeded = delivery.deliveries.iter().filter(|d| d.succeeded).count();
    delivery.burst = None;
    let low = totals.iter().copied().fold(f64::INFINITY, f64::min);
    let high = totals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let count = u64::try_from(totals.len()).expect("a count fits");
    delivery.latency_ms = (!totals.is_empty()).then_some(LatencyMs {
        count,
        min: low,
        p50: low,
        p90: high,
        p99: high,
        max: high,
        mean: f64::midpoint(low, high),
    });
    delivery.margin_ms = delivery
        .latency_ms
        .map(|l| (delivery.budget_ms - l.p99).max(0.0));
    delivery.histogram = if totals.is_empty() {
        Vec::new()
    } else if high - low < 0.001 {
        // What the delivery crate's buckets give for equal latencies: one
        // bar whose upper bound is the latency.
        vec![HistogramBar {
            upper_ms: high,
            count,
        }]
    } else {
        let width = (high - low) / 12.0;
        (1..=12u32)
            .map(|i| {
                let upper = low + width * f64::from(i);
                let n = totals
                    .iter()
                    .filter(|&&t| t <= upper && (i == 1 || t > upper - width))
                    .count();
                HistogramBar {
                    upper_ms: upper,
                    count: u64::try_from(n).expect("a count fits"),
                }
            })
            .collect()
    };
    report
}

/// The SVG drawings of a page.
fn drawings(html: &str) -> Vec<&str> {
    html.split("<svg")
        .skip(1)
        .map(|rest| rest.split("</svg>").next().unwrap_or_default())
        .collect()
}

/// Whether a drawing holds a value that is not a number.
fn has_nan(svg: &str) -> bool {
    let lower = svg.to_ascii_lowercase();
    lower.contains("nan") || lower.contains("inf")
}

#[test]
fn the_rich_report() {
    insta::assert_snapshot!(rendered(&sample::rich(), Format::Html));
}

#[test]
fn what_servers_send_is_escaped_everywhere() {
    let html = rendered(&hostile(), Format::Html);
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "unescaped script: {html}"
    );
    // In the title, the target line, a finding, a certificate subject, its
    // SAN and each failed delivery's detail.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp;";
    assert!(html.matches(escaped).count() >= 7, "{html}");
    assert!(!html.contains('\u{0}') && !html.contains('\u{1b}'));
}

#[test]
fn the_page_fetches_nothing_and_runs_nothing() {
    let html = rendered(&sample::rich(), Format::Html);
    let lower = html.to_ascii_lowercase();
    for needle in ["<script", "<link", "src=", "url(", "@import", "<iframe"] {
        assert!(!lower.contains(needle), "{needle} in the page");
    }
    let outside = html
        .replace("https://hooks.example.com/cronofy/push", "")
        .replace("http://www.w3.org/2000/svg", "")
        .replace("http-equiv", "");
    assert!(!outside.contains("http"), "{outside}");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn the_rich_report_draws_both_charts_with_the_budget() {
    let html = rendered(&sample::rich(), Format::Html);
    let svgs = drawings(&html);
    assert_eq!(svgs.len(), 2);
    let (histogram, timeline) = (svgs[0], svgs[1]);
    assert_eq!(histogram.matches("<rect class=\"bar").count(), 12);
    // The ranges ending at 5.01 s, 5.50 s and 6 s.
    assert_eq!(histogram.matches("<rect class=\"bar over\"").count(), 3);
    assert!(histogram.contains(">budget 5 s</text>"));
    assert!(timeline.contains(">budget 5 s</text>"));
    assert!(timeline.contains("class=\"burst-band\""));
    // Every delivery is one dot: 38 succeeded (29 + 1 cold in the series,
    // 8 in the burst), 2 failed in the burst.
    assert_eq!(timeline.matches("h0").count(), 40);
    assert!(timeline.contains("dots failed-dot") || timeline.contains("dots burst-failed-dot"));
    assert!(!svgs.iter().any(|svg| has_nan(svg)));
}

#[test]
fn no_delivery_draws_no_chart_and_says_so() {
    let html = rendered(&with_totals(&[]), Format::Html);
    assert!(drawings(&html).is_empty());
    assert!(html.contains("No delivery was made"));
}

#[test]
fn one_delivery_is_one_dot_in_the_middle() {
    let html = rendered(&with_totals(&[42.0]), Format::Html);
    let svgs = drawings(&html);
    assert_eq!(svgs.len(), 2);
    assert!(!svgs.iter().any(|svg| has_nan(svg)), "{html}");
    assert_eq!(svgs[1].matches("h0").count(), 1);
    assert!(svgs[1].contains("d=\"M376.0 "), "centred: {}", svgs[1]);
}

#[test]
fn equal_latencies_divide_by_nothing() {
    for total in [0.0, 20.0, 5000.0] {
        let html = rendered(&with_totals(&[total; 50]), Format::Html);
        let svgs = drawings(&html);
        assert_eq!(svgs.len(), 2);
        assert!(!svgs.iter().any(|svg| has_nan(svg)), "{total} ms: {html}");
        assert_eq!(svgs[0].matches("<rect class=\"bar").count(), 1);
        assert_eq!(svgs[1].matches("h0").count(), 50);
    }
}

#[test]
fn ten_thousand_deliveries_are_all_drawn_in_a_reasonable_page() {
    let totals: Vec<f64> = (0..10_000u32)
        .map(|i| 20.0 + f64::from(i % 50) * 0.7 + f64::from(i / 2000) * 15.0)
        .collect();
    let html = rendered(&with_totals(&totals), Format::Html);
    let svgs = drawings(&html);
    assert!(!svgs.iter().any(|svg| has_nan(svg)));
    assert_eq!(svgs[1].matches("h0").count(), 10_000);
    assert!(html.len() < 400_000, "{} bytes", html.len());
    // 104 of them failed (every 97th); 50 are listed, the rest counted.
    assert_eq!(html.matches("<td>answered</td>").count(), 50);
    assert!(html.contains("And 54 more."));
}

#[test]
fn broken_numbers_never_reach_the_drawing() {
    let mut report = with_totals(&[10.0, f64::NAN, f64::INFINITY, -3.0, 12.0]);
    if let Some(delivery) = &mut report.delivery {
        delivery.budget_ms = f64::NAN;
        delivery.histogram[0].upper_ms = f64::NAN;
    }
    let html = rendered(&report, Format::Html);
    let svgs = drawings(&html);
    assert_eq!(svgs.len(), 2);
    assert!(!svgs.iter().any(|svg| has_nan(svg)), "{html}");
}
