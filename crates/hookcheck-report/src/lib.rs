//! Renderers: a report as text for a person on a terminal, or as JSON for
//! programs. Rendering is pure: it writes to any `io::Write` and never
//! decides anything about the verdict.

mod human;

use std::io::{self, Write};

use hookcheck_core::Report;

pub use human::{Summary, human, human_summary};

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
}

/// Writes one report in the given format.
pub fn render(report: &Report, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human { color } => human(report, color, out),
        Format::Json => json(report, out),
    }
}

/// Writes one report as a compact JSON document and a newline.
pub fn json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    out.write_all(b"\n")
}
