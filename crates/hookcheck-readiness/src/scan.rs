//! `scan`: many callback URLs checked at once, for a provider vetting the
//! URLs its customers register. Each target ends in a report of its own, as
//! soon as it is done; a line that is no URL, a host that does not resolve
//! or a hostile server is that line's report, and the scan goes on.

use futures_util::stream::{self, StreamExt as _};
use hookcheck_core::Report;
use url::Url;

use crate::{Config, check, invalid};

/// A polite default: a handful of checks at once, each with its own
/// probes and deliveries.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The longest line read as a URL; browsers and servers refuse longer ones.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// What a line of a URL list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A blank line or a `#` comment.
    Skip,
    /// A target to check.
    Target(String),
}

/// Reads one line of a URL list.
pub fn line(text: &str) -> Line {
    let text = text.trim();
    if text.is_empty() || text.starts_with('#') {
        Line::Skip
    } else {
        Line::Target(text.to_owned())
    }
}

/// Why `target` is not a URL to check, if it is not: an absolute http(s)
/// URL with a host, of a sane length.
pub fn unusable(target: &str) -> Option<String> {
    if target.len() > MAX_URL_BYTES {
        return Some(format!("longer than {MAX_URL_BYTES} bytes"));
    }
    match Url::parse(target) {
        Err(error) => Some(error.to_string()),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            Some(format!("the scheme is {}:, not https:", url.scheme()))
        }
        Ok(url) if url.host().is_none() => Some("it names no host".to_owned()),
        Ok(_) => None,
    }
}

/// Checks every target, `concurrency` at a time, handing each report to
/// `done` as it finishes (not in input order). Needs a tokio runtime with
/// time and I/O enabled.
pub async fn scan(
    targets: Vec<String>,
    config: &Config,
    concurrency: usize,
    mut done: impl FnMut(Report),
) {
    let mut reports = stream::iter(targets)
        .map(|target| async move {
            if let Some(why) = unusable(&target) {
                return invalid(&target, &why);
            }
            match check(&target, config, &|_| {}).await {
                Ok(report) => report,
                Err(error) => invalid(&target, &error.to_string()),
            }
        })
        .buffer_unordered(concurrency.max(1));
    while let Some(report) = reports.next().await {
        done(report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_comments_are_skipped_and_the_rest_trimmed() {
        assert_eq!(line("   "), Line::Skip);
        assert_eq!(line("# customers of 2026"), Line::Skip);
        assert_eq!(
            line("  https://example.com/hook \r"),
            Line::Target("https://example.com/hook".to_owned())
        );
    }

    #[test]
    fn only_absolute_http_urls_with_a_host_are_checked() {
        assert_eq!(unusable("https://example.com/hook"), None);
        assert_eq!(unusable("http://127.0.0.1:8080/"), None);
        for garbage in [
            "example.com/hook",
            "ftp://example.com/",
            "https://",
            "data:text/plain,hi",
            "\u{0}\u{1}binary",
        ] {
            assert!(unusable(garbage).is_some(), "{garbage:?}");
        }
        assert!(
            unusable(&format!(
                "https://example.com/{}",
                "a".repeat(MAX_URL_BYTES)
            ))
            .is_some()
        );
    }
}
