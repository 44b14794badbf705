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
/// reading thread ends before its next read of the list, even amid lines
/// it hands nothing on for. A read error ends the scan with that error,
/// after the checks already started; a check that met this machine's
/// limits ends it at once.
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
        .spawn(move || read_list(list, shard, &sender))
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

/// The scan's reading thread: hands the entries of `list` that belong to
/// `shard` to `sender` until the list ends, a read fails or the scan stops
/// (drops its receiver).
///
/// The stop is seen before every read of the list, not only when the next
/// entry is handed on: another shard's lines and a line too long to keep
/// are read without handing anything on, so a list of those (or one
/// endless line) would otherwise keep the thread reading to the list's end
/// long after the scan was over. A read already waiting on a quiet pipe
/// ends only with input or the process (blocking reads cannot be called
/// off), but reads nothing further.
fn read_list<R: BufRead>(list: R, shard: Shard, sender: &mpsc::Sender<io::Result<Entry>>) {
    let list = UntilStopped {
        inner: list,
        sender,
    };
    // Another shard's entries are dropped as they are read, so they take no
    // slot and cost no memory.
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
}

/// A list that reads as ended once the scan it feeds has stopped.
struct UntilStopped<'a, R> {
    inner: R,
    sender: &'a mpsc::Sender<io::Result<Entry>>,
}

impl<R: BufRead> io::Read for UntilStopped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.sender.is_closed() {
            return Ok(0);
        }
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for UntilStopped<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.sender.is_closed() {
            return Ok(&[]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

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

    /// A list of `head`, then `tail` over and over without end, counting
    /// the bytes read of it.
    struct Endless {
        head: &'static [u8],
        tail: &'static [u8],
        read: Arc<AtomicU64>,
    }

    impl Endless {
        fn new(head: &'static [u8], tail: &'static [u8]) -> (Endless, Arc<AtomicU64>) {
            let read = Arc::default();
            let list = Endless {
                head,
                tail,
                read: Arc::clone(&read),
            };
            (list, read)
        }
    }

    impl io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let at = self.read.load(Ordering::Relaxed);
            for (offset, byte) in buf.iter_mut().enumerate() {
                let n = usize::try_from(at).unwrap_or_default() + offset;
                *byte = match n.checked_sub(self.head.len()) {
                    None => self.head[n],
                    Some(n) => self.tail[n % self.tail.len()],
                };
            }
            self.read.fetch_add(buf.len() as u64, Ordering::Relaxed);
            Ok(buf.len())
        }
    }

    #[test]
    fn the_list_is_read_only_as_far_as_entries_are_asked_for() {
        let (list, read) = Endless::new(b"", b"not a url\n");
        let reader = io::BufReader::with_capacity(64, list);
        let first: Vec<Entry> = entries(reader)
            .take(3)
            .collect::<io::Result<_>>()
            .unwrap_or_default();
        assert_eq!(first, vec![Entry::Target("not a url".to_owned()); 3]);
        let read = read.load(Ordering::Relaxed);
        assert!(read <= 64, "read {read} bytes for 3 lines");
    }

    #[test]
    fn the_reading_thread_stops_reading_once_the_scan_stops() {
        const FIRST: &str = "https://example.com/first";
        const OTHER: &str = "https://example.com/other";
        // A shard that holds the first URL but not the other.
        let shard = (2..50)
            .flat_map(|count| (1..=count).filter_map(move |index| Shard::new(index, count)))
            .find(|shard| shard.holds(FIRST) && !shard.holds(OTHER))
            .unwrap();
        // After the first URL, lines that hand nothing on: one endless line
        // too long to keep, or endless lines of another shard.
        let cases: [(&[u8], Shard); 2] = [
            (b"x", Shard::WHOLE),
            (b"https://example.com/other\n", shard),
        ];
        for (tail, shard) in cases {
            let (list, read) = Endless::new(b"https://example.com/first\n", tail);
            let (sender, mut receiver) = mpsc::channel(1);
            let (ended, end) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                read_list(io::BufReader::new(list), shard, &sender);
                let _ = ended.send(());
            });
            let first = receiver.blocking_recv();
            assert!(
                matches!(&first, Some(Ok(Entry::Target(target))) if target == FIRST),
                "{first:?}"
            );
            // The scan stops.
            drop(receiver);
            assert!(
                end.recv_timeout(Duration::from_secs(10)).is_ok(),
                "still reading {tail:?} after {} bytes",
                read.load(Ordering::Relaxed)
            );
        }
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
