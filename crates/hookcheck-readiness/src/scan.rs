//! `scan`: many callback URLs checked at once, for a provider vetting the
//! URLs its customers register. Each target ends in a report of its own, as
//! soon as it is done; a line that is no URL, a host that does not resolve
//! or a hostile server is that line's report, and the scan goes on.

use std::cell::RefCell;
use std::io::{self, BufRead};
use std::ops::ControlFlow;

use futures_util::stream::{self, StreamExt as _};
use hookcheck_core::Report;
use hookcheck_payload::{Line as PayloadLine, Lines};
use tokio::sync::mpsc;
use url::Url;

use crate::{CheckError, Config, check, invalid};

pub mod shard;

pub use shard::Shard;

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

/// Why a scan stopped before the end of its list.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The list could not be read.
    #[error(transparent)]
    Read(io::Error),
    /// A check ran into this machine's limits
    /// ([`CheckError::is_local_limit`]): the other checks would too, and
    /// their reports would blame the endpoints.
    #[error(transparent)]
    LocalLimit(CheckError),
}

/// An entry of a URL list as the list's reader hands it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A line to check (not yet vetted: see [`unusable`]).
    Target(String),
    /// A line longer than [`MAX_URL_BYTES`], of which only the length was
    /// kept.
    TooLong {
        /// The line's number in the list, from 1.
        number: u64,
        /// Its length in bytes.
        bytes: u64,
    },
}

impl Entry {
    /// The text that decides the entry's [`Shard`]: the trimmed line, or
    /// for a line too long to keep, the name its report goes by
    /// (`line N`).
    pub fn key(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Entry::Target(target) => target.into(),
            Entry::TooLong { number, .. } => format!("line {number}").into(),
        }
    }
}

/// The entries of a URL list, read lazily: each line is read when it is
/// asked for and held only up to [`MAX_URL_BYTES`], so memory does not
/// depend on the list's length or on its longest line.
pub fn entries<R: BufRead>(reader: R) -> impl Iterator<Item = io::Result<Entry>> {
    let mut lines = Lines::new(reader, MAX_URL_BYTES);
    std::iter::from_fn(move || {
        loop {
            let entry = match lines.next_line() {
                Err(error) => return Some(Err(error)),
                Ok(None) => return None,
                Ok(Some(PayloadLine::TooLong { number, bytes })) => {
                    Entry::TooLong { number, bytes }
                }
                // A line that is not UTF-8 is no URL: it is reported as
                // such, with its bytes shown as well as they can be.
                Ok(Some(PayloadLine::Document { bytes, .. })) => {
                    match line(&String::from_utf8_lossy(bytes)) {
                        Line::Skip => continue,
                        Line::Target(target) => Entry::Target(target),
                    }
                }
            };
            return Some(Ok(entry));
        }
    })
}

/// Checks every entry of a URL list that belongs to `shard` (see
/// [`Shard`]; [`Shard::WHOLE`] for all), `concurrency` at a time, handing each
/// report to `done` as it finishes (not in input order), until the list
/// ends or `done` says to stop. Needs a tokio runtime with time and I/O
/// enabled.
///
/// The list is read on a thread of its own, one entry ahead of each free
/// slot: a list on a slow pipe never holds up the checks in flight (whose
/// timings would suffer), and only `concurrency` entries wait in memory
/// whatever the list's length. When `done` stops the scan, the checks in
/// flight are dropped (so no endpoint is contacted after that) and the
/// reading thread ends at its next entry. A read error ends the scan with
/// that error, after the checks already started; a check that met this
/// machine's limits ends it at once.
pub async fn scan<R: BufRead + Send + 'static>(
    list: R,
    config: &Config,
    concurrency: usize,
    shard: Shard,
    mut done: impl FnMut(Report) -> ControlFlow<()>,
) -> Result<(), ScanError> {
    let concurrency = concurrency.max(1);
    let (sender, mut receiver) = mpsc::channel::<io::Result<Entry>>(concurrency);
    std::thread::Builder::new()
        .name("hookcheck-scan-list".to_owned())
        .spawn(move || {
            // Another shard's entries are dropped as they are read, so they
            // take no slot and cost no memory.
            let mine = entries(list).filter(|entry| {
                entry
                    .as_ref()
                    .map_or(true, |entry| shard.holds(&entry.key()))
            });
            for entry in mine {
                let failed = entry.is_err();
                // The scan stopped: nothing more to read.
                if sender.blocking_send(entry).is_err() || failed {
                    break;
                }
            }
        })
        .map_err(ScanError::Read)?;
    let read_error = RefCell::new(None);
    let error_slot = &read_error;
    let targets = stream::poll_fn(move |cx| {
        receiver.poll_recv(cx).map(|entry| match entry? {
            Ok(entry) => Some(entry),
            Err(error) => {
                *error_slot.borrow_mut() = Some(error);
                None
            }
        })
    })
    .map(|entry| async move {
        let target = match entry {
            Entry::Target(target) => target,
            Entry::TooLong { number, bytes } => {
                return Ok(invalid(
                    &format!("line {number}"),
                    &format!("longer than {MAX_URL_BYTES} bytes ({bytes} bytes)"),
                ));
            }
        };
        if let Some(why) = unusable(&target) {
            return Ok(invalid(&target, &why));
        }
        match check(&target, config, &|_| {}).await {
            Ok(report) => Ok(report),
            Err(error) if error.is_local_limit() => Err(error),
            Err(error) => Ok(invalid(&target, &error.to_string())),
        }
    })
    .buffer_unordered(concurrency);
    let mut reports = std::pin::pin!(targets);
    while let Some(report) = reports.next().await {
        if done(report.map_err(ScanError::LocalLimit)?).is_break() {
            return Ok(());
        }
    }
    let error = read_error.borrow_mut().take();
    error.map_or(Ok(()), |error| Err(ScanError::Read(error)))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

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

    /// An endless list of `not a url` lines, counting what was read of it.
    struct Endless {
        read: std::rc::Rc<std::cell::Cell<u64>>,
    }

    impl io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let line = b"not a url\n";
            let n = buf.len().min(line.len());
            buf[..n].copy_from_slice(&line[..n]);
            self.read.set(self.read.get() + n as u64);
            Ok(n)
        }
    }

    #[test]
    fn the_list_is_read_only_as_far_as_entries_are_asked_for() {
        let read = std::rc::Rc::default();
        let reader = io::BufReader::with_capacity(
            64,
            Endless {
                read: std::rc::Rc::clone(&read),
            },
        );
        let first: Vec<Entry> = entries(reader)
            .take(3)
            .collect::<io::Result<_>>()
            .unwrap_or_default();
        assert_eq!(first, vec![Entry::Target("not a url".to_owned()); 3]);
        assert!(read.get() <= 64, "read {} bytes for 3 lines", read.get());
    }

    #[test]
    fn a_line_past_the_url_limit_is_counted_not_kept() {
        // 64 MiB of one line, then a URL: the long line costs no memory.
        let long = io::repeat(b'a').take(64 << 20);
        let list = io::BufReader::new(long.chain(&b"\n\n# done\nhttps://example.com/\n"[..]));
        let all: Vec<Entry> = entries(list).collect::<io::Result<_>>().unwrap_or_default();
        assert_eq!(
            all,
            [
                Entry::TooLong {
                    number: 1,
                    bytes: 64 << 20
                },
                Entry::Target("https://example.com/".to_owned()),
            ]
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
