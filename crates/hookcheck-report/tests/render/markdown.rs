//! The Markdown format: the headline, the findings table most severe first,
//! and server strings that stay inside their cells.

use hookcheck_core::Report;
use hookcheck_report::Format;

use super::{hostile, rendered, sample};

/// `markdown` without its backslash escapes and what they escape: what is
/// left is what Markdown reads as syntax.
fn unescaped(markdown: &str) -> String {
    let mut left = String::new();
    let mut chars = markdown.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            c => left.push(c),
        }
    }
    left
}

#[test]
fn the_rich_report() {
    insta::assert_snapshot!(rendered(&sample::rich(), Format::Markdown));
}

#[test]
fn a_ready_report_says_so_with_its_target() {
    let markdown = rendered(
        &Report::new("https://hooks.example.com/push", Vec::new()),
        Format::Markdown,
    );
    assert_eq!(
        markdown,
        "## ✅ ready: https://hooks.example.com/push\n\nNo findings.\n\n"
    );
}

#[test]
fn findings_are_listed_most_severe_first() {
    let markdown = rendered(&hostile(), Format::Markdown);
    let severities: Vec<&str> = markdown
        .lines()
        .filter(|line| {
            line.starts_with("| 🔴") || line.starts_with("| 🟡") || line.starts_with("| 🔵")
        })
        .map(|line| line.split(' ').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(
        severities,
        ["error", "error", "warning", "warning", "warning", "info"]
    );
}

#[test]
fn server_strings_stay_inside_their_table_cells() {
    let report = hostile();
    let markdown = rendered(&report, Format::Markdown);
    let rows: Vec<&str> = markdown
        .lines()
        .skip_while(|line| !line.starts_with("| Severity"))
        .take_while(|line| line.starts_with('|'))
        .collect();
    // The header, the divider and one line per finding: no line break got
    // into a row.
    assert_eq!(rows.len(), 2 + report.findings.len(), "{markdown}");
    for row in &rows {
        let separators = unescaped(row).matches('|').count();
        assert_eq!(separators, 4, "three cells in {row:?}");
    }
    let syntax = unescaped(&markdown);
    assert!(!syntax.contains("<script"), "no HTML: {markdown}");
    assert!(!syntax.contains("]("), "no link: {markdown}");
    assert!(!syntax.contains("`tick"), "no code span: {markdown}");
    assert!(!syntax.contains("*bold"), "no emphasis: {markdown}");
    assert!(!markdown.contains("@team"), "no mention: {markdown}");
    assert!(!markdown.contains('\u{0}') && !markdown.contains('\r'));
}
