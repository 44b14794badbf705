//! The HTML format: one self-contained HTML5 page (inline CSS, inline SVG, no
//! script, nothing fetched) with the verdict, the findings, the TLS check and
//! the delivery run with its latency charts, to keep as a CI artifact or send
//! to someone.
//!
//! Every string that is not hookcheck's own fixed wording goes through
//! [`escape`]: targets, subjects, messages and redirect locations carry what
//! a server sent. As a second line of defence the page forbids scripts and
//! every fetch with a Content-Security-Policy, which costs nothing because it
//! needs neither.

mod chart;
mod delivery;
mod tls;

use std::io::{self, Write};

use hookcheck_core::{PayloadSection, Report, Severity, Verdict};

use crate::most_severe_first;

/// The page's style sheet: readable on screen and in print, the verdict and
/// the severities in the colours people expect.
const STYLE: &str = r#"
:root { --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da;
  --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --text: #1f2328; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); margin: 0 auto; max-width: 1120px; padding: 24px; }
header.verdict { border-radius: 12px; padding: 20px 24px; color: #fff; }
header.ready { background: var(--ok); }
header.not-ready { background: var(--bad); }
header .big { font-size: 44px; font-weight: 800; line-height: 1.1; margin: 0; }
header .target { font: 17px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  overflow-wrap: anywhere; margin: 8px 0 0; }
header .counts { margin: 6px 0 0; opacity: .92; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 36px; }
h3 { margin-top: 24px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.break { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.good { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.thin { color: var(--warn); font-weight: 600; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px;
  font-weight: 700; color: #fff; text-transform: uppercase; letter-spacing: .03em; }
.badge.error { background: var(--bad); }
.badge.warning { background: var(--warn); }
.badge.info { background: var(--info); }
.fix { color: var(--muted); margin: 4px 0 0; }
.finding p { margin: 0; }
.finding code { white-space: nowrap; }
.grade { display: flex; align-items: center; gap: 20px; }
.letter { font-size: 44px; font-weight: 800; min-width: 88px; height: 88px; line-height: 88px;
  text-align: center; border-radius: 14px; color: #fff; }
.letter.good { background: var(--ok); }
.letter.bad { background: var(--bad); }
.grade table { width: auto; }
figure { margin: 16px 0; }
figcaption { color: var(--muted); font-size: 13px; }
svg { width: 100%; height: auto; display: block; background: #fff; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .axis { stroke: #8c959f; stroke-width: 1; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .bar { fill: #0969da; }
svg .bar.over { fill: var(--bad); }
svg .budget { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg text.budget { fill: var(--bad); stroke: none; }
svg .burst-band { fill: #fff8c5; }
svg .dots { fill: none; stroke-linecap: round; }
.ok-dot { stroke: #1a7f37; background: #1a7f37; }
.failed-dot { stroke: #cf222e; background: #cf222e; }
.burst-ok-dot { stroke: #4ac26b; background: #4ac26b; }
.burst-failed-dot { stroke: #82071e; background: #82071e; }
.legend span.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin: 0 4px 0 12px; vertical-align: -1px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
"#;

/// Writes one report as a self-contained HTML page.
pub fn html(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (class, verdict) = match report.verdict() {
        Verdict::Ready => ("ready", "✔ ready"),
        Verdict::NotReady => ("not-ready", "✘ not ready"),
    };
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    )?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        out,
        "<title>hookcheck: {verdict}: {}</title>",
        escape(&report.target)
    )?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;

    writeln!(out, r#"<header class="verdict {class}">"#)?;
    writeln!(out, r#"<p class="big">{verdict}</p>"#)?;
    write!(out, r#"<p class="target">{}"#, escape(&report.target))?;
    if let Some(line) = report.line {
        write!(out, ", line {line}")?;
    }
    writeln!(out, "</p>")?;
    writeln!(
        out,
        r#"<p class="counts">{} · {} · {}</p>"#,
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info")
    )?;
    writeln!(out, "</header>")?;

    writeln!(out, "<main>")?;
    findings(report, out)?;
    if let Some(section) = &report.tls {
        tls::section(section, out)?;
    }
    if let Some(section) = &report.delivery {
        delivery::section(section, out)?;
    }
    if let Some(section) = &report.payload {
        payload(section, out)?;
    }
    writeln!(out, "</main>")?;
    writeln!(out, "<footer>Written by hookcheck.</footer>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// One row per finding, most severe first: the severity, the code, the
/// message and the fix.
fn findings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<section id="findings">"#)?;
    writeln!(out, "<h2>Findings</h2>")?;
    if report.findings.is_empty() {
        writeln!(out, "<p>No findings.</p>")?;
        return writeln!(out, "</section>");
    }
    writeln!(out, "<table>")?;
    writeln!(
        out,
        "<thead><tr><th>Severity</th><th>Code</th><th>Finding</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")?;
    for finding in most_severe_first(report) {
        writeln!(
            out,
            r#"<tr class="finding"><td><span class="badge {severity}">{severity}</span></td><td><code>{}</code></td><td><p>{}</p><p class="fix">Fix: {}</p></td></tr>"#,
            escape(finding.code.as_str()),
            escape(&finding.message),
            escape(&finding.fix),
            severity = finding.severity.as_str(),
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")
}

fn payload(payload: &PayloadSection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<section id="payload">"#)?;
    writeln!(out, "<h2>Payload</h2>")?;
    write!(out, "<p>")?;
    if let Some(kind) = &payload.notification_type {
        write!(out, "Type <code>{}</code>, ", escape(kind))?;
    }
    write!(out, "{} bytes", payload.bytes)?;
    if let Some(signature) = payload.signature {
        match signature.matched_secret {
            Some(n) => write!(
                out,
                r#"; <span class="good">the signature matches secret {n} of {}</span>"#,
                signature.secrets
            )?,
            None => write!(
                out,
                r#"; <span class="bad">the signature matches none of {} secret(s)</span> ({} value(s) in the header)"#,
                signature.secrets, signature.values
            )?,
        }
    }
    writeln!(out, ".</p>")?;
    writeln!(out, "</section>")
}

/// `n` and the noun, plural unless one; `info` has no plural.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 || noun == "info" {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `s` as HTML text or a quoted attribute value: the five characters that
/// can end a text or an attribute or start markup (`& < > " '`) as character
/// references, and the control characters other than tab and line breaks
/// (parse errors in HTML) as U+FFFD. The one escape function of the HTML
/// format: whatever a server may have influenced passes through it.
fn escape(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\t' | '\n' | '\r' => escaped.push(c),
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
    fn escapes_the_five_and_replaces_controls() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "a\u{fffd}b\u{fffd}c\nd");
    }
}
