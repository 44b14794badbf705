//! The Markdown format: GitHub-flavoured Markdown for a pull-request comment.
//! A headline with the verdict and the target, the findings as a table most
//! severe first, then summaries of the TLS check, the delivery run and the
//! payload.
//!
//! Every string that is not hookcheck's own fixed wording goes through
//! [`text`] (the codes are kebab-case by contract and go into code spans
//! as they are), so that a subject or a message carrying what a server sent
//! can break neither out of a table cell nor into a link, an image, raw HTML
//! or a mention.

use std::io::{self, Write};

use hookcheck_core::{
    ChainSource, DeliverySection, LatencyMs, PayloadSection, Report, Severity, TlsSection, Verdict,
};

use crate::most_severe_first;
use crate::words::{
    bundle_judged, capitalized, chain_heading, day, duration, histogram_labels, retry, sentence,
    what_was_sent,
};

/// The longest histogram bar, in characters: narrow enough for a comment
/// column on GitHub without wrapping.
const BAR_WIDTH: u64 = 40;

/// Writes one report as GitHub-flavoured Markdown.
pub fn markdown(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let headline = match report.verdict() {
        Verdict::Ready => "✅ ready",
        Verdict::NotReady => "❌ not ready",
    };
    write!(out, "## {headline}: {}", text(&report.target))?;
    if let Some(line) = report.line {
        write!(out, ", line {line}")?;
    }
    writeln!(out, "\n")?;

    findings(report, out)?;
    if let Some(tls) = &report.tls {
        tls_summary(tls, out)?;
    }
    if let Some(delivery) = &report.delivery {
        delivery_summary(delivery, out)?;
    }
    if let Some(payload) = &report.payload {
        payload_summary(payload, out)?;
    }
    Ok(())
}

/// The counts, then one table row per finding with its fix below the
/// message.
fn findings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.findings.is_empty() {
        return writeln!(out, "No findings.\n");
    }
    let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|severity| {
            let n = report.count(severity);
            match (severity, n) {
                (Severity::Info, _) | (_, 1) => format!("{n} {severity}"),
                _ => format!("{n} {severity}s"),
            }
        })
        .collect();
    writeln!(out, "{}\n", counts.join(", "))?;
    writeln!(out, "| Severity | Code | Finding |")?;
    writeln!(out, "|---|---|---|")?;
    for finding in most_severe_first(report) {
        let badge = match finding.severity {
            Severity::Error => "🔴",
            Severity::Warning => "🟡",
            Severity::Info => "🔵",
        };
        writeln!(
            out,
            "| {badge} {} | `{}` | {}<br>**Fix:** {} |",
            finding.severity,
            finding.code.as_str(),
            text(&finding.message),
            text(&finding.fix)
        )?;
    }
    writeln!(out)
}

/// The grade with its reasons, trust, what was negotiated, and the chain.
fn tls_summary(tls: &TlsSection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### TLS\n")?;
    match (&tls.rating, tls.grade) {
        (Some(rating), _) => {
            writeln!(
                out,
                "**Grade {}** (score {}: protocol {}, key exchange {}, cipher {})\n",
                rating.grade.as_str(),
                rating.score,
                rating.protocol_score,
                rating.key_exchange_score,
                rating.cipher_score
            )?;
            for cap in &rating.caps {
                writeln!(out, "- {}: {}", cap.grade.as_str(), text(&cap.reason))?;
            }
            if !rating.caps.is_empty() {
                writeln!(out)?;
            }
        }
        (None, Some(grade)) => writeln!(out, "**Grade {}**\n", grade.as_str())?,
        (None, None) if tls.source == ChainSource::File => {
            writeln!(out, "No grade: a bundle has no protocols to probe.\n")?;
        }
        (None, None) => writeln!(out, "No grade: the protocols were not probed.\n")?,
    }

    let trust = if tls.trusted {
        "✅ Trusted"
    } else {
        "❌ Not trusted"
    };
    write!(
        out,
        "{trust} by a strict client (roots: {}; checked at {}).",
        text(&tls.trust_store),
        text(&tls.checked_at)
    )?;
    match (bundle_judged(tls), &tls.protocol, &tls.cipher_suite) {
        (Some(bundle), _, _) => writeln!(out, " {}\n", text(&sentence(&bundle)))?,
        (None, Some(protocol), Some(suite)) => writeln!(
            out,
            " Negotiated {} with {}.\n",
            text(protocol),
            text(suite)
        )?,
        (None, _, _) => writeln!(out, " No TLS session was negotiated.\n")?,
    }

    if !tls.chain.is_empty() {
        writeln!(out, "{}:\n", capitalized(chain_heading(tls.source)))?;
        for cert in &tls.chain {
            let issuer = if cert.self_signed {
                "self-signed".to_owned()
            } else {
                format!("issued by {}", text(&cert.issuer))
            };
            writeln!(
                out,
                "- **{}** {}, {issuer}, expires {}",
                cert.position,
                text(&cert.subject),
                text(day(&cert.not_after))
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// What was sent and how it went: the numbers, the retry outlook and the
/// histogram.
fn delivery_summary(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Delivery\n")?;
    writeln!(
        out,
        "**{} of {} succeeded ({:.1}%)**: a 2xx within the {} budget. {}.\n",
        delivery.succeeded,
        delivery.attempts,
        delivery.success_rate * 100.0,
        duration(delivery.budget_ms),
        text(&what_was_sent(delivery))
    )?;

    let burst = delivery
        .burst
        .and_then(|burst| burst.latency_ms.map(|latency| (burst.size, latency)));
    if delivery.latency_ms.is_some() || burst.is_some() {
        writeln!(out, "| | p50 | p90 | p99 | max |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        if let Some(latency) = &delivery.latency_ms {
            percentiles_row("all deliveries", latency, out)?;
        }
        if let Some((size, latency)) = &burst {
            percentiles_row(&format!("burst of {size}"), latency, out)?;
        }
        writeln!(out)?;
    }
    if let Some(margin) = delivery.margin_ms {
        let margin = if margin < delivery.budget_ms / 2.0 {
            format!(
                "p99 margin **{}**, thin: that much slower and deliveries fail",
                duration(margin)
            )
        } else {
            format!(
                "p99 margin {}: that much slower and deliveries fail",
                duration(margin)
            )
        };
        writeln!(out, "{margin}.\n")?;
    }

    let phases = delivery.phases_ms;
    let phase = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), duration);
    writeln!(
        out,
        "Phases (median): DNS {}, connect {}, TLS {}, first byte {}, total {}.\n",
        phase(phases.dns),
        phase(phases.connect),
        phase(phases.tls),
        phase(phases.ttfb),
        duration(phases.total)
    )?;
    if let Some(burst) = delivery.burst {
        writeln!(
            out,
            "Burst: {} of {} sent at once succeeded.\n",
            burst.succeeded, burst.size
        )?;
    }
    for paragraph in retry(&delivery.retry) {
        writeln!(out, "{}\n", text(&sentence(&paragraph)))?;
    }
    histogram(delivery, out)
}

fn percentiles_row(label: &str, latency: &LatencyMs, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "| {label} | {} | {} | {} | {} |",
        duration(latency.p50),
        duration(latency.p90),
        duration(latency.p99),
        duration(latency.max)
    )
}

/// The latency histogram as bars of text in a fenced block, the bars past
/// the budget drawn in a lighter shade and marked. The block holds only
/// durations and counts, none of them server-supplied.
fn histogram(delivery: &DeliverySection, out: &mut dyn Write) -> io::Result<()> {
    let Some(most) = delivery.histogram.iter().map(|b| b.count).max() else {
        return Ok(());
    };
    let (labels, label_width) = histogram_labels(delivery);
    writeln!(out, "Latency histogram (totals):\n")?;
    writeln!(out, "```text")?;
    for (bar, label) in delivery.histogram.iter().zip(labels) {
        let length = usize::try_from((bar.count * BAR_WIDTH).div_ceil(most.max(1))).unwrap_or(0);
        let over = bar.upper_ms > delivery.budget_ms;
        let blocks = if over { "░" } else { "█" }.repeat(length);
        let note = if over { "  over the budget" } else { "" };
        writeln!(out, "{label:>label_width$} │{blocks} {}{note}", bar.count)?;
    }
    writeln!(out, "```\n")
}

fn payload_summary(payload: &PayloadSection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Payload\n")?;
    if let Some(kind) = &payload.notification_type {
        write!(out, "Type {}, ", text(kind))?;
    }
    write!(out, "{} bytes", payload.bytes)?;
    if let Some(signature) = payload.signature {
        match signature.matched_secret {
            Some(n) => write!(
                out,
                "; the signature matches secret {n} of {}",
                signature.secrets
            )?,
            None => write!(
                out,
                "; the signature matches none of {} secret(s) ({} value(s) in the header)",
                signature.secrets, signature.values
            )?,
        }
    }
    writeln!(out, ".\n")
}

/// `s` as inline Markdown text that means only itself.
///
/// Every ASCII punctuation character that starts an inline construct (code
/// span, emphasis, strikethrough, link, image, raw HTML, entity) or ends a
/// table cell is escaped with a backslash, which `CommonMark` allows before any
/// ASCII punctuation. Line breaks and tabs become spaces, so the text stays
/// within its table row, and other control characters become U+FFFD. GitHub
/// links `@name` and `#123` after rendering, where a backslash no longer
/// helps, so a word joiner (U+2060, invisible) follows each `@` and `#`: a
/// hostile server cannot make a comment notify people or cross-reference
/// issues. Callers never begin a line with the result, so block-level
/// markers (`-`, `1.`, `>` at the start of a line) need no escaping.
fn text(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '@' | '#' => {
                escaped.push(c);
                escaped.push('\u{2060}');
            }
            '\n' | '\r' | '\t' => escaped.push(' '),
            c if c.is_control() => escaped.push('\u{fffd}'),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_leave_its_cell_or_become_markup() {
        assert_eq!(
            text("a|b `c` <img src=x> [l](u) *e* ~s~ &amp; \\"),
            r"a\|b \`c\` \<img src=x\> \[l\](u) \*e\* \~s\~ \&amp; \\"
        );
        assert_eq!(text("one\ntwo\r\tthree\u{7}"), "one two  three\u{fffd}");
        assert_eq!(text("@team #1"), "@\u{2060}team #\u{2060}1");
    }
}
