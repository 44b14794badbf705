//! Findings for documents that are not JSON at all: what is wrong in words
//! (a byte-order mark, invalid UTF-8, a cut-off document, a lone surrogate),
//! where, and a fix for that cause. `serde_json`'s own words alone can
//! mislead, so the text around the error is shown too.

use hookcheck_core::{Code, Finding};

/// How much of the text before a JSON syntax error a message shows.
const CONTEXT_CHARS: usize = 24;

/// A document `serde_json` could not parse: what is wrong in words, where,
/// and a fix for that cause rather than the code's generic one.
pub(crate) fn invalid_json(bytes: &[u8], error: &serde_json::Error) -> Finding {
    let (line, column) = (error.line(), error.column());
    if let Some(finding) = invalid_utf8(bytes, (line, column)) {
        return finding;
    }
    let syntax = error.to_string();
    let (message, fix) = if bytes.starts_with(b"\xEF\xBB\xBF") {
        (
            "the document starts with a UTF-8 byte-order mark (bytes EF BB BF), which JSON forbids"
                .to_owned(),
            "Remove the byte-order mark: the document must start with its JSON.".to_owned(),
        )
    } else if bytes.iter().all(u8::is_ascii_whitespace) {
        let message = if bytes.is_empty() {
            "the document is empty"
        } else {
            "the document is empty: it holds only whitespace"
        };
        (
            message.to_owned(),
            "Send the notification's JSON as the body.".to_owned(),
        )
    } else if error.classify() == serde_json::error::Category::Eof {
        (
            format!("not valid JSON: the document ends too early ({syntax})"),
            "Send the whole document: it was cut off.".to_owned(),
        )
    } else if syntax.starts_with("recursion limit exceeded") {
        // serde_json refuses the 128th level of nesting; a notification has 4.
        (
            format!(
                "arrays and objects nest 128 levels deep at line {line} column {column}, past the parser's recursion limit"
            ),
            "Send the notification's own shape; nothing in it nests more than a few levels."
                .to_owned(),
        )
    } else if syntax.starts_with("trailing characters") {
        (
            format!("not valid JSON: more follows the end of the document ({syntax})"),
            "Send exactly one JSON document; to validate one document per line, use --ndjson."
                .to_owned(),
        )
    } else {
        // serde_json's words alone can mislead ("unexpected end of hex
        // escape" for a lone surrogate), so show the text it stopped at.
        let message = match context(bytes, line, column) {
            Some(text) => match lone_surrogate(&syntax, &text) {
                Some(escape) => format!(
                    "not valid JSON: `\\u{escape}` is a lone UTF-16 surrogate, half of a pair, at line {line} column {column}, in `{text}`"
                ),
                None => format!("not valid JSON: {syntax}, in `{text}`"),
            },
            None => format!("not valid JSON: {syntax}"),
        };
        (
            message,
            format!("Correct the JSON at line {line} column {column}."),
        )
    };
    Finding::new(Code::PayloadInvalidJson, message)
        .with_fix(fix)
        .with_fact("line", line)
        .with_fact("column", column)
}

/// The end of the line up to and including the parser's error position (at
/// most `CONTEXT_CHARS` characters, control characters escaped), so the
/// reader sees what the parser stopped at.
fn context(bytes: &[u8], line: usize, column: usize) -> Option<String> {
    let start = match line {
        0 | 1 => 0,
        _ => memchr::memchr_iter(b'\n', bytes).nth(line - 2)? + 1,
    };
    let end = start.saturating_add(column).min(bytes.len());
    let text = String::from_utf8_lossy(bytes.get(start..end)?);
    let text = text.trim_start();
    let skip = text.chars().count().saturating_sub(CONTEXT_CHARS);
    let shown: String = text
        .chars()
        .skip(skip)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    let cut = if skip > 0 { "…" } else { "" };
    (!shown.trim().is_empty()).then(|| format!("{cut}{shown}"))
}

/// The `\uXXXX` escape behind a hex-escape error, when it is a surrogate:
/// `serde_json` reports a lone one as an "unexpected end of hex escape".
fn lone_surrogate<'a>(syntax: &str, context: &'a str) -> Option<&'a str> {
    if !syntax.contains("hex escape") {
        return None;
    }
    let (_, after) = context.rsplit_once("\\u")?;
    let hex = after.get(..4)?;
    let unit = u16::from_str_radix(hex, 16).ok()?;
    (0xD800..=0xDFFF).contains(&unit).then_some(hex)
}

/// The finding for bytes that are not UTF-8, when that is the first thing
/// wrong: the parser stops at its first error, which may come before the
/// bad bytes (`at` is where it stopped, as line and column).
fn invalid_utf8(bytes: &[u8], at: (usize, usize)) -> Option<Finding> {
    let error = std::str::from_utf8(bytes).err()?;
    let offset = error.valid_up_to();
    let before = &bytes[..offset];
    let line = 1 + memchr::memchr_iter(b'\n', before).count();
    let column = 1 + offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |nl| nl + 1);
    if (line, column) > at {
        return None;
    }
    let message = match error.error_len() {
        Some(len) => {
            let hex: Vec<String> = bytes[offset..offset + len]
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            format!(
                "not valid UTF-8: invalid byte sequence {} at line {line} column {column} (byte offset {offset})",
                hex.join(" ")
            )
        }
        None => format!(
            "not valid UTF-8: the document ends inside a multi-byte character at line {line} column {column} (byte offset {offset})"
        ),
    };
    Some(
        Finding::new(Code::PayloadInvalidJson, message)
            .with_fix("Encode the document as UTF-8, the only encoding JSON allows.")
            .with_fact("line", line)
            .with_fact("column", column)
            .with_fact("offset", offset),
    )
}
