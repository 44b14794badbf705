//! The reports of NDJSON lines, as the payload crate's pipeline renders
//! them on its worker threads: one JSON report per line, or for the other
//! formats a report for each line with findings.
//!
//! Most lines of a real stream are valid notifications, and their JSON
//! report differs only in the line number, the size and the type; writing
//! it through a [`Report`] and serde cost more than validating the line.
//! So the constant parts of that report are written once, and a valid line
//! costs three small writes. Every other line takes the [`Report`] and its
//! renderer; a test holds the two to the same JSON.

use std::io;

use hookcheck_core::{REPORT_VERSION, Report, Verdict};
use hookcheck_payload::Outcome;
use hookcheck_payload::pipeline::{LineOutcome, Render};

use crate::{Format, Summary, json, render};

/// Renders each NDJSON line's report in one format, counting every line
/// into a [`Summary`].
#[derive(Debug, Clone)]
pub struct LineReports {
    target: String,
    format: Format,
    /// The JSON report of a valid line up to its line number.
    valid_head: Vec<u8>,
    /// The same from after the line number up to the document's size.
    valid_middle: Vec<u8>,
}

impl LineReports {
    /// The reports of lines read from `target` (a file name, `-` for
    /// standard input), in `format`.
    pub fn new(target: &str, format: Format) -> io::Result<LineReports> {
        let mut valid_head = format!(
            r#"{{"hookcheck_version":"{}","report_version":{REPORT_VERSION},"target":"#,
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes();
        serde_json::to_writer(&mut valid_head, target)?;
        valid_head.extend_from_slice(br#","line":"#);
        let valid_middle = format!(
            r#","verdict":"{}","findings":[],"payload":{{"bytes":"#,
            Verdict::Ready.as_str()
        )
        .into_bytes();
        Ok(LineReports {
            target: target.to_owned(),
            format,
            valid_head,
            valid_middle,
        })
    }

    /// The JSON report of a line the fast path found a valid notification
    /// of a known type: no findings, so `ready`.
    fn valid_json(&self, line: &LineOutcome<'_>, kind: &str, out: &mut Vec<u8>) -> io::Result<()> {
        out.extend_from_slice(&self.valid_head);
        serde_json::to_writer(&mut *out, &line.number)?;
        out.extend_from_slice(&self.valid_middle);
        serde_json::to_writer(&mut *out, &line.bytes)?;
        out.extend_from_slice(br#","type":"#);
        serde_json::to_writer(&mut *out, kind)?;
        out.extend_from_slice(b"}}\n");
        Ok(())
    }
}

impl Render for LineReports {
    type Tally = Summary;

    fn render(
        &self,
        line: LineOutcome<'_>,
        out: &mut Vec<u8>,
        summary: &mut Summary,
    ) -> io::Result<()> {
        let validation = match line.outcome {
            Outcome::Valid(ref kind) => {
                summary.ready += 1;
                // People get the problems, not a line per valid document.
                return match self.format {
                    Format::Json => self.valid_json(&line, kind.as_str(), out),
                    _ => Ok(()),
                };
            }
            Outcome::Validated(validation) => validation,
        };
        let report: Report =
            validation.into_report(self.target.as_str(), Some(line.number), line.bytes);
        summary.add(&report);
        match self.format {
            Format::Json => json(&report, out),
            _ if report.findings.is_empty() => Ok(()),
            format => render(&report, format, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use hookcheck_payload::{Options, Validator};
    use serde_json::Value;

    use super::*;

    const CHANGE: &[u8] = br#"{"notification":{"type":"change","changes_since":"2026-08-25T20:06:29Z"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#;
    const VERIFICATION: &[u8] = br#"{"notification":{"type":"verification"},"channel":{"channel_id":"chn_1","callback_url":"https://example.com/cronofy","filters":{}}}"#;
    const BAD_DATE: &[u8] = br#"{"notification":{"type":"change","changes_since":"2026-02-30T20:06:29Z"},"channel":{"channel_id":"chn_1","callback_url":"https://example.com/cronofy","filters":{}}}"#;

    fn line_with(number: u64, bytes: &[u8]) -> LineOutcome<'_> {
        LineOutcome {
            number,
            bytes: bytes.len() as u64,
            outcome: Validator::new(Options::default()).check(bytes),
        }
    }

    /// A valid line's JSON report written from the constant parts is
    /// exactly what the report and its renderer write for it; so is an
    /// invalid line's, which takes the renderer. The counts agree too.
    #[test]
    fn a_line_report_is_the_report_the_renderer_writes() {
        let validator = Validator::new(Options::default());
        // A target that needs escaping.
        let target = "dir/\"odd\"\u{1b}[31m.ndjson";
        let reports = LineReports::new(target, Format::Json).unwrap();
        for (number, bytes, fast) in [
            (7, CHANGE, true),
            (8, VERIFICATION, true),
            (9, BAD_DATE, false),
        ] {
            let line = line_with(number, bytes);
            assert_eq!(matches!(line.outcome, Outcome::Valid(_)), fast);
            let mut written = Vec::new();
            let mut summary = Summary::default();
            reports.render(line, &mut written, &mut summary).unwrap();

            let report =
                validator
                    .validate(bytes)
                    .into_report(target, Some(number), bytes.len() as u64);
            let mut expected = Vec::new();
            render(&report, Format::Json, &mut expected).unwrap();
            let mut expected_summary = Summary::default();
            expected_summary.add(&report);

            assert_eq!(
                serde_json::from_slice::<Value>(&written).unwrap(),
                serde_json::from_slice::<Value>(&expected).unwrap()
            );
            // Byte for byte: the fields in the contract's order, one line.
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            assert_eq!(summary, expected_summary);
        }
    }

    #[test]
    fn people_get_only_the_lines_with_findings() {
        let reports = LineReports::new("-", Format::Human { color: false }).unwrap();
        let mut out = Vec::new();
        let mut summary = Summary::default();
        reports
            .render(line_with(1, VERIFICATION), &mut out, &mut summary)
            .unwrap();
        assert!(out.is_empty());
        reports
            .render(line_with(2, b"{not json"), &mut out, &mut summary)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("-:2"), "{text}");
        assert_eq!((summary.ready, summary.not_ready), (1, 1));
    }
}
