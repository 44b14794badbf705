//! Renderers: a report as text for a person on a terminal, as JSON for
//! programs, as a `JUnit` XML test report for CI systems, as Markdown for a
//! pull-request comment, or as a self-contained HTML page. Rendering is pure:
//! it writes to any `io::Write` and never decides anything about the verdict.

mod html;
mod human;
mod junit;
mod markdown;
mod ndjson;
mod words;

use std::io::{self, Write};

use hookcheck_core::{Finding, Report};

pub use html::html;
pub use human::{Summary, human, human_line, human_summary, visible};
pub use junit::junit;
pub use markdown::markdown;
pub use ndjson::LineReports;

/// The output formats every command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text for a person; styled when `color` is set.
    Human {
        /// Emit ANSI styles.
        color: bool,
    },
    /// One compact JSON document per report, each on its own line.
    Json,
    /// A `JUnit` XML test report with one test case per check, so that CI
    /// systems show failed checks as failed tests.
    Junit,
    /// GitHub-flavoured Markdown, for a pull-request comment.
    Markdown,
    /// One self-contained HTML page with the latency charts.
    Html,
}

/// Writes one report in the given format.
pub fn render(report: &Report, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human { color } => human(report, color, out),
        Format::Json => json(report, out),
        Format::Junit => junit(report, out),
        Format::Markdown => markdown(report, out),
        Format::Html => html(report, out),
    }
}

/// Writes one report as a compact JSON document and a newline. Generic over
/// the writer so that a report written into a `Vec` (an NDJSON batch) makes
/// no dynamic call per JSON token.
pub fn json<W: Write + ?Sized>(report: &Report, out: &mut W) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    out.write_all(b"\n")
}

/// The findings most severe first. `Report::new` sorts them already, but a
/// report assembled field by field need not be, and the formats that list
/// findings promise that order.
fn most_severe_first(report: &Report) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    findings
}
