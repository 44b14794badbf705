//! The human format: what servers send is shown, never obeyed by the
//! terminal, while the styles hookcheck adds itself still work.

use hookcheck_report::{Format, human_line};

use super::{hostile, rendered};

/// Characters a terminal acts on beyond ESC: DEL, a C1 control (CSI), the
/// right-to-left override and a first-strong isolate.
const MORE_HOSTILE: &str = "del\u{7f} csi\u{9b}31m rlo\u{202e}txt.exe fsi\u{2068}x\u{2069}";

/// [`hostile`] with [`MORE_HOSTILE`] in the HSTS header and the target.
fn more_hostile() -> hookcheck_core::Report {
    let mut report = hostile();
    report.target.push_str(MORE_HOSTILE);
    if let Some(hsts) = report.tls.as_mut().and_then(|tls| tls.hsts.as_mut()) {
        hsts.header = Some(MORE_HOSTILE.to_owned());
    }
    report
}

/// Whether `c` is a character a terminal would act on.
fn acted_on(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` without the SGR sequences (`ESC [ digits ; m`) hookcheck writes.
fn without_styles(text: &str) -> String {
    let mut left = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('\u{1b}') {
        left.push_str(&rest[..start]);
        let sequence = &rest[start..];
        let end = sequence
            .char_indices()
            .skip(1)
            .find(|&(i, c)| !(i == 1 && c == '[' || c.is_ascii_digit() || c == ';'))
            .filter(|&(_, c)| c == 'm')
            .map(|(i, _)| i);
        match end {
            Some(end) => rest = &sequence[end + 1..],
            None => {
                // Not a style: kept, so the caller sees it.
                left.push('\u{1b}');
                rest = &sequence[1..];
            }
        }
    }
    left.push_str(rest);
    left
}

fn assert_shown_not_obeyed(text: &str) {
    for line in text.lines() {
        let bad: Vec<char> = line.chars().filter(|&c| acted_on(c)).collect();
        assert!(bad.is_empty(), "{bad:?} reached the terminal in {line:?}");
    }
    assert!(text.contains("\\u{1b}[31m"), "ESC shown: {text}");
    assert!(text.contains("\\u{0}"), "NUL shown: {text}");
    assert!(
        text.contains("line\\u{d}\\u{a}break"),
        "no forged line: {text}"
    );
}

#[test]
fn server_strings_are_shown_not_obeyed_without_color() {
    let human = rendered(&more_hostile(), Format::Human { color: false });
    assert!(!human.contains('\u{1b}'), "{human}");
    assert_shown_not_obeyed(&human);
    for shown in [
        "\\u{7f}",
        "\\u{9b}31m",
        "\\u{202e}txt.exe",
        "\\u{2068}x\\u{2069}",
    ] {
        assert!(human.contains(shown), "{shown} shown: {human}");
    }
}

#[test]
fn server_strings_are_shown_not_obeyed_beside_hookcheck_s_own_styles() {
    let human = rendered(&more_hostile(), Format::Human { color: true });
    assert!(
        human.contains("\u{1b}[1m"),
        "hookcheck's bold is kept: {human:?}"
    );
    assert_shown_not_obeyed(&without_styles(&human));
}

#[test]
fn the_one_line_form_shows_server_strings_too() {
    let mut out = Vec::new();
    human_line(&more_hostile(), true, &mut out).expect("writing to a Vec cannot fail");
    let line = String::from_utf8(out).expect("UTF-8");
    assert_eq!(line.matches('\n').count(), 1, "{line:?}");
    assert!(
        without_styles(&line)
            .trim_end_matches('\n')
            .chars()
            .all(|c| !acted_on(c)),
        "{line:?}"
    );
    assert!(line.contains("\\u{1b}[31m"), "{line:?}");
}
