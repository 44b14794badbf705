//! The `JUnit` format: a `JUnit` XML test report with one test case per
//! check, so that CI systems show a failed check as a failed test.
//!
//! A check is a code of the catalog. The catalog gives each code its area
//! (TLS, delivery, URL, payload), and each area the report covers is one
//! `<testsuite>` holding one `<testcase>` per code of the area. A code with a finding of severity `error` fails. A code with
//! only warnings or infos passes and carries them in `<system-out>`, because
//! CI must not go red over a warning. A code without findings passes. A
//! area the report has findings of but no section for (a plain-http URL
//! gets `tls-not-https` and no TLS check) was not checked as a whole, so its
//! other codes are skipped rather than claimed to pass.
//!
//! The output follows the Jenkins xUnit plugin's `junit-10.xsd`, a copy of
//! which is in this crate's `tests/` folder.

use std::io::{self, Write};

use hookcheck_core::{Area, ChainSource, Code, Finding, Report, Severity};

/// Writes one report as a `JUnit` XML document.
pub fn junit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let suites: Vec<Suite<'_>> = Area::ALL
        .into_iter()
        .filter_map(|area| Suite::of(report, area))
        .collect();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(|s| s.count(Outcome::Failed)).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="hookcheck" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    for suite in &suites {
        suite.write(report, out)?;
    }
    writeln!(out, "</testsuites>")
}

/// How a test case ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    Skipped,
}

/// One area of codes as a test suite.
struct Suite<'a> {
    area: Area,
    cases: Vec<Case<'a>>,
}

/// One code as a test case, with the report's findings of that code.
struct Case<'a> {
    code: Code,
    findings: Vec<&'a Finding>,
    outcome: Outcome,
}

impl<'a> Suite<'a> {
    /// The suite of `area`, when the report has its section or a finding
    /// of it.
    fn of(report: &'a Report, area: Area) -> Option<Suite<'a>> {
        // The section is there when the area's checks ran.
        let checked = match area {
            Area::Tls => report.tls.is_some(),
            Area::Delivery => report.delivery.is_some(),
            Area::Payload => report.payload.is_some(),
            Area::Url => false,
        };
        let found = report.findings.iter().any(|f| f.code.area() == area);
        if !checked && !found {
            return None;
        }
        let cases = area
            .codes()
            .map(|code| {
                let mut findings: Vec<&Finding> =
                    report.findings.iter().filter(|f| f.code == code).collect();
                findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
                let outcome = if findings.iter().any(|f| f.severity == Severity::Error) {
                    Outcome::Failed
                } else if findings.is_empty() && !checked {
                    Outcome::Skipped
                } else {
                    Outcome::Passed
                };
                Case {
                    code,
                    findings,
                    outcome,
                }
            })
            .collect();
        Some(Suite { area, cases })
    }

    fn count(&self, outcome: Outcome) -> usize {
        self.cases.iter().filter(|c| c.outcome == outcome).count()
    }

    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let name = format!("{}: {}", self.area.as_str(), report.target);
        write!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="{}""#,
            escape(&name, Within::Attribute),
            self.cases.len(),
            self.count(Outcome::Failed),
            self.count(Outcome::Skipped),
        )?;
        if let (Area::Delivery, Some(delivery)) = (self.area, &report.delivery) {
            // The schema's time is digits and a decimal point: no exponent,
            // no sign, no NaN.
            let seconds = delivery.wall_ms / 1000.0;
            let seconds = if seconds.is_finite() {
                seconds.max(0.0)
            } else {
                0.0
            };
            write!(out, r#" time="{seconds:.3}""#)?;
        }
        writeln!(out, ">")?;

        writeln!(out, "    <properties>")?;
        for (name, value) in self.properties(report) {
            writeln!(
                out,
                r#"      <property name="{name}" value="{}"/>"#,
                escape(&value, Within::Attribute)
            )?;
        }
        writeln!(out, "    </properties>")?;

        for case in &self.cases {
            case.write(self, out)?;
        }
        writeln!(out, "  </testsuite>")
    }

    /// The target, the verdict and the area's headline numbers.
    fn properties(&self, report: &Report) -> Vec<(&'static str, String)> {
        let mut properties = vec![("target", report.target.clone())];
        if let Some(line) = report.line {
            properties.push(("line", line.to_string()));
        }
        properties.push(("verdict", report.verdict().as_str().to_owned()));
        match (self.area, &report.tls, &report.delivery, &report.payload) {
            (Area::Tls, Some(tls), _, _) => {
                if tls.source == ChainSource::File {
                    properties.push(("source", "file".to_owned()));
                }
                if let Some(grade) = tls.grade {
                    properties.push(("grade", grade.as_str().to_owned()));
                }
                properties.push(("trusted", tls.trusted.to_string()));
                if let Some(protocol) = &tls.protocol {
                    properties.push(("protocol", protocol.clone()));
                }
                if let Some(suite) = &tls.cipher_suite {
                    properties.push(("cipher_suite", suite.clone()));
                }
            }
            (Area::Delivery, _, Some(delivery), _) => {
                properties.push(("budget_ms", delivery.budget_ms.to_string()));
                properties.push(("attempts", delivery.attempts.to_string()));
                properties.push(("succeeded", delivery.succeeded.to_string()));
                if let Some(latency) = &delivery.latency_ms {
                    properties.push(("p50_ms", latency.p50.to_string()));
                    properties.push(("p99_ms", latency.p99.to_string()));
                }
                if let Some(margin) = delivery.margin_ms {
                    properties.push(("margin_ms", margin.to_string()));
                }
            }
            (Area::Payload, _, _, Some(payload)) => {
                properties.push(("bytes", payload.bytes.to_string()));
                if let Some(kind) = &payload.notification_type {
                    properties.push(("type", kind.clone()));
                }
            }
            _ => {}
        }
        properties
    }
}

impl Case<'_> {
    fn write(&self, suite: &Suite<'_>, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            r#"    <testcase classname="hookcheck.{}" name="{}""#,
            suite.area.as_str(),
            self.code.as_str()
        )?;
        match (self.outcome, self.findings.first()) {
            (Outcome::Failed, Some(first)) => {
                let message = match self.findings.len() {
                    1 => first.message.clone(),
                    n => format!("{} (and {} more)", first.message, n - 1),
                };
                writeln!(out, ">")?;
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    escape(&message, Within::Attribute),
                    first.severity.as_str(),
                    escape(&self.details(), Within::Text)
                )?;
            }
            (Outcome::Passed, Some(_)) => {
                writeln!(out, ">")?;
                writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    escape(&self.details(), Within::Text)
                )?;
            }
            (Outcome::Skipped, _) => {
                writeln!(out, ">")?;
                writeln!(out, r#"      <skipped message="not checked in this run"/>"#)?;
            }
            _ => return writeln!(out, "/>"),
        }
        writeln!(out, "    </testcase>")
    }

    /// Each finding of the code with its fix, most severe first.
    fn details(&self) -> String {
        self.findings
            .iter()
            .map(|f| format!("{}: {}\nfix: {}", f.severity, f.message, f.fix))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Where escaped text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Within {
    Text,
    Attribute,
}

/// `text` made safe for XML 1.0: the markup characters as entities, and the
/// characters XML 1.0 forbids (the C0 controls other than tab, line feed and
/// carriage return; U+FFFE and U+FFFF) as U+FFFD, because servers are hostile
/// and a message can carry whatever one sent, while a document with one of
/// those is not XML at all. Carriage returns, and in attribute values also
/// tabs and line feeds, become character references: a parser would turn them
/// into a line feed or a space otherwise.
fn escape(text: &str, within: Within) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\r' => escaped.push_str("&#13;"),
            '\n' if within == Within::Attribute => escaped.push_str("&#10;"),
            '\t' if within == Within::Attribute => escaped.push_str("&#9;"),
            '\n' | '\t' => escaped.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => escaped.push('\u{fffd}'),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_replaces_what_xml_forbids() {
        let hostile = "<a href=\"x\">'&'</a>\u{0}\u{1b}[31m\r\n\tok\u{fffe}";
        assert_eq!(
            escape(hostile, Within::Text),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\u{fffd}\u{fffd}[31m&#13;\n\tok\u{fffd}"
        );
        assert_eq!(escape("a\nb\tc", Within::Attribute), "a&#10;b&#9;c");
    }
}
