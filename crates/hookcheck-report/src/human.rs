//! The human format: a verdict line per target, then each finding with its
//! fix, readable in an 80-column terminal. Styles only when asked for.

mod delivery;

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use hookcheck_core::{CertificateSource, Report, Severity, TlsSection, Verdict};

use crate::words::{bundle_judged, chain_heading, day, not_presented, presented_at};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const CYAN: Style = AnsiColor::Cyan.on_default();

/// Writes `text` in `style` when `color` is set, plainly otherwise; the
/// one way text reaches the output, escaped by [`visible`].
struct Painter<'a> {
    out: &'a mut dyn Write,
    color: bool,
}

impl Painter<'_> {
    fn paint(&mut self, style: Style, text: &str) -> io::Result<()> {
        let (text, newline) = split_newline(text);
        let text = visible(text);
        if self.color {
            write!(self.out, "{style}{text}{style:#}{newline}")
        } else {
            write!(self.out, "{text}{newline}")
        }
    }

    fn plain(&mut self, text: &str) -> io::Result<()> {
        let (text, newline) = split_newline(text);
        write!(self.out, "{}{newline}", visible(text))
    }
}

/// `text` without the line break that ends it, and that line break. The
/// human format's own lines end in one; any other line break came from
/// outside and is shown, not obeyed.
fn split_newline(text: &str) -> (&str, &str) {
    match text.strip_suffix('\n') {
        Some(line) => (line, "\n"),
        None => (text, ""),
    }
}

/// The human format's escaping: `text` with every character a terminal would
/// act on instead of show (C0 controls with ESC, DEL, C1 controls, and the
/// bidirectional overrides and isolates that reorder what follows) written
/// visibly as `\u{1b}`. Everything the format writes goes through here, so a
/// certificate's subject, a header or a finding's message quoting a server
/// can neither style the terminal nor move its cursor nor fake a line; the
/// styles hookcheck adds itself are written around the escaped text. The
/// tool's own one-line errors on stderr go through it too, since they quote
/// file names, URLs and what a server said.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acted_on) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acted_on(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// Whether a terminal acts on `c` rather than showing it.
fn acted_on(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Info => CYAN,
    }
}

/// Lines are wrapped to fit an 80-column terminal.
const WIDTH: usize = 80;

/// Writes one report for a person.
pub fn human(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut p = Painter { out, color };
    match report.verdict() {
        Verdict::Ready => p.paint(GREEN, "✔ ready")?,
        Verdict::NotReady => p.paint(RED, "✘ not ready")?,
    }
    p.plain("  ")?;
    p.paint(BOLD, &report.target)?;
    if let Some(line) = report.line {
        p.plain(&format!(":{line}"))?;
    }
    p.plain("\n")?;

    if let Some(payload) = &report.payload {
        let mut facts = Vec::new();
        if let Some(kind) = &payload.notification_type {
            facts.push(format!("type {kind}"));
        }
        facts.push(format!("{} bytes", payload.bytes));
        if let Some(signature) = payload.signature {
            facts.push(match signature.matched_secret {
                Some(n) => format!("signature matches secret {n} of {}", signature.secrets),
                None => format!(
                    "signature matches none of {} secret(s) ({} value(s) in the header)",
                    signature.secrets, signature.values
                ),
            });
        }
        for line in wrap(&facts.join(", "), "  ") {
            p.paint(DIM, &line)?;
        }
    }

    if let Some(tls) = &report.tls {
        tls_section(&mut p, tls)?;
    }

    if let Some(delivery) = &report.delivery {
        delivery::section(&mut p, delivery)?;
    }

    for finding in &report.findings {
        p.plain("  ")?;
        p.paint(severity_style(finding.severity), finding.severity.as_str())?;
        p.plain(" ")?;
        p.paint(BOLD, finding.code.as_str())?;
        p.plain("\n")?;
        for line in wrap(&finding.message, "    ") {
            p.plain(&line)?;
        }
        for line in wrap(&format!("fix: {}", finding.fix), "    ") {
            p.paint(DIM, &line)?;
        }
    }
    Ok(())
}

/// The connection, the chain as sent and the path a strict client builds.
fn tls_section(p: &mut Painter<'_>, tls: &TlsSection) -> io::Result<()> {
    let connection = (&tls.protocol, &tls.cipher_suite, &tls.address);
    let mut connection = match (bundle_judged(tls), connection) {
        (Some(bundle), _) => bundle,
        (None, (Some(protocol), Some(suite), Some(address))) => {
            format!("{protocol} {suite} with {address}")
        }
        (None, (_, _, Some(address))) => format!("no TLS session with {address}"),
        (None, _) => "no connection".to_owned(),
    };
    match tls.ocsp_stapled {
        Some(true) => connection.push_str(", OCSP response stapled"),
        Some(false) => connection.push_str(", no OCSP stapling"),
        None => {}
    }
    for line in wrap(&connection, "  ") {
        p.paint(DIM, &line)?;
    }
    if tls.chain.is_empty() {
        return Ok(());
    }
    let trust = if tls.trusted { "accepted" } else { "refused" };
    let heading = format!(
        "{}, {trust} by a strict client (roots: {}; at {}):",
        chain_heading(tls.source),
        tls.trust_store,
        tls.checked_at
    );
    for line in wrap(&heading, "  ") {
        p.plain(&line)?;
    }
    for cert in &tls.chain {
        p.plain(&format!("    {} ", cert.position))?;
        p.paint(BOLD, &cert.subject)?;
        p.plain("\n")?;
        let issuer = if cert.self_signed {
            "self-signed".to_owned()
        } else {
            format!("issued by {}", cert.issuer)
        };
        let mut details = vec![
            issuer,
            format!(
                "{}, {}, valid {} to {}",
                cert.key,
                cert.signature_algorithm,
                day(&cert.not_before),
                day(&cert.not_after)
            ),
        ];
        if !cert.san.is_empty() {
            details.push(cert.san.join(", "));
        }
        let fingerprint = cert.sha256.get(..16).unwrap_or(&cert.sha256);
        details.push(format!(
            "sha256 {fingerprint}…{}",
            if cert.ca { ", CA" } else { "" }
        ));
        for detail in details {
            for line in wrap(&detail, "        ") {
                p.paint(DIM, &line)?;
            }
        }
    }
    if !tls.verified_path.is_empty() {
        p.plain("  path to a root:\n")?;
        for step in &tls.verified_path {
            let source = match (step.source, step.position, &step.url) {
                (CertificateSource::TrustAnchor, Some(n), _) => {
                    format!("trusted root, {}", presented_at(tls.source, n))
                }
                (CertificateSource::TrustAnchor, None, _) => "trusted root".to_owned(),
                (CertificateSource::Presented, Some(n), _) => presented_at(tls.source, n),
                (CertificateSource::Fetched, _, Some(url)) => {
                    format!("{}; fetched from {url}", not_presented(tls.source))
                }
                _ => not_presented(tls.source).to_owned(),
            };
            for line in wrap(&format!("{} ({source})", step.subject), "    ") {
                p.plain(&line)?;
            }
        }
    }
    grade_lines(p, tls)?;
    for fetch in &tls.aia_fetches {
        let outcome = match &fetch.error {
            Some(error) => format!("AIA fetch of {} failed: {error}", fetch.url),
            None => format!(
                "AIA fetch of {}: {} certificate(s)",
                fetch.url, fetch.certificates
            ),
        };
        for line in wrap(&outcome, "  ") {
            p.paint(DIM, &line)?;
        }
    }
    Ok(())
}

/// The protocols, the grade and its reasons, and HSTS.
fn grade_lines(p: &mut Painter<'_>, tls: &TlsSection) -> io::Result<()> {
    use std::fmt::Write as _;
    if !tls.protocols.is_empty() {
        let accepted: Vec<String> = tls
            .protocols
            .iter()
            .rev()
            .filter(|s| s.accepted == Some(true))
            .map(|s| {
                let order = match s.server_preference {
                    Some(true) => ", server's order",
                    Some(false) => ", client's order",
                    None => "",
                };
                format!("{} ({} suites{order})", s.version, s.cipher_suites.len())
            })
            .collect();
        let refused: Vec<&str> = tls
            .protocols
            .iter()
            .filter(|s| s.accepted == Some(false))
            .map(|s| s.version.as_str())
            .collect();
        let mut line = format!(
            "protocols: {}",
            if accepted.is_empty() {
                "none".to_owned()
            } else {
                accepted.join(", ")
            }
        );
        if !refused.is_empty() {
            let _ = write!(line, "; refused: {}", refused.join(", "));
        }
        if let Some(connections) = tls.probe_connections {
            let _ = write!(line, " ({connections} probe connections)");
        }
        for line in wrap(&line, "  ") {
            p.plain(&line)?;
        }
    }
    if let Some(hsts) = &tls.hsts {
        let line = match (&hsts.header, &hsts.error) {
            (Some(header), None) => format!("HSTS: {header}"),
            (Some(header), Some(error)) => format!("HSTS: `{header}` is invalid ({error})"),
            (None, _) => "HSTS: none".to_owned(),
        };
        for line in wrap(&line, "  ") {
            p.plain(&line)?;
        }
    }
    if let Some(rating) = &tls.rating {
        p.plain("  grade ")?;
        let style = if rating.grade.meets_a() { GREEN } else { RED };
        p.paint(style, rating.grade.as_str())?;
        p.plain(&format!(
            " (score {}: protocol {}, key exchange {}, cipher {})\n",
            rating.score, rating.protocol_score, rating.key_exchange_score, rating.cipher_score
        ))?;
        for cap in &rating.caps {
            for line in wrap(&format!("{}: {}", cap.grade.as_str(), cap.reason), "    ") {
                p.paint(DIM, &line)?;
            }
        }
    }
    Ok(())
}

/// Greedy word wrap to [`WIDTH`] columns, each line indented and ending in a
/// newline. A word longer than a line (a URL, say) gets a line of its own.
fn wrap(text: &str, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from(indent);
    let mut width = indent.len();
    for word in text.split(' ') {
        let word_width = word.chars().count();
        if width > indent.len() && width + 1 + word_width > WIDTH {
            lines.push(std::mem::replace(&mut line, String::from(indent)) + "\n");
            width = indent.len();
        }
        if width > indent.len() {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += word_width;
    }
    lines.push(line + "\n");
    lines
}

/// Writes one report as one line, for lists of many targets: the verdict,
/// the target, and the first finding's code and count of the rest.
pub fn human_line(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut p = Painter { out, color };
    match report.verdict() {
        Verdict::Ready => p.paint(GREEN, "✔ ready    ")?,
        Verdict::NotReady => p.paint(RED, "✘ not ready")?,
    }
    p.plain("  ")?;
    p.paint(BOLD, &report.target)?;
    if let Some(first) = report.findings.first() {
        p.plain("  ")?;
        p.paint(severity_style(first.severity), first.code.as_str())?;
        let more = report.findings.len() - 1;
        if more > 0 {
            p.plain(&format!(" and {more} more"))?;
        }
    }
    p.plain("\n")
}

/// Counts over many reports, for the closing line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Reports with a `ready` verdict.
    pub ready: u64,
    /// Reports with a `not-ready` verdict.
    pub not_ready: u64,
    /// Findings of severity `error`, over all reports.
    pub errors: u64,
    /// Findings of severity `warning`, over all reports.
    pub warnings: u64,
}

impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, other: Summary) {
        self.ready += other.ready;
        self.not_ready += other.not_ready;
        self.errors += other.errors;
        self.warnings += other.warnings;
    }
}

impl Summary {
    /// Counts one more report.
    pub fn add(&mut self, report: &Report) {
        match report.verdict() {
            Verdict::Ready => self.ready += 1,
            Verdict::NotReady => self.not_ready += 1,
        }
        self.errors += report.count(Severity::Error) as u64;
        self.warnings += report.count(Severity::Warning) as u64;
    }

    /// The verdict over all reports.
    pub fn verdict(&self) -> Verdict {
        if self.not_ready > 0 {
            Verdict::NotReady
        } else {
            Verdict::Ready
        }
    }
}

/// Writes the closing line over many reports: "3 checked: 2 ready, 1 not
/// ready (2 errors, 1 warning)".
pub fn human_summary(
    summary: &Summary,
    noun: &str,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut p = Painter { out, color };
    let total = summary.ready + summary.not_ready;
    let plural = |n: u64, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    p.paint(BOLD, &format!("{} checked: ", plural(total, noun)))?;
    p.paint(GREEN, &format!("{} ready", summary.ready))?;
    p.plain(", ")?;
    let style = if summary.not_ready > 0 { RED } else { BOLD };
    p.paint(style, &format!("{} not ready", summary.not_ready))?;
    p.plain(&format!(
        " ({}, {})\n",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries_within_the_width() {
        let text = "a ".repeat(60) + &"x".repeat(90);
        let lines = wrap(&text, "    ");
        assert!(
            lines
                .iter()
                .all(|line| line.starts_with("    ") && line.ends_with('\n'))
        );
        assert!(
            lines[..lines.len() - 1]
                .iter()
                .all(|line| line.trim_end().chars().count() <= WIDTH)
        );
        assert_eq!(
            lines.last().map(|line| line.trim()),
            Some("x".repeat(90).as_str())
        );
        assert_eq!(wrap("short", "  "), ["  short\n"]);
    }
}
