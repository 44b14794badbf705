//! Reading documents with bounded memory: a whole document capped at the
//! size limit, or NDJSON one line at a time with each line capped.

use std::io::{self, BufRead, Read};

/// A document read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// The document's bytes, within the limit.
    Complete(Vec<u8>),
    /// The document was larger than the limit. Reading stopped at `max + 1`
    /// bytes, so its full size is not known: an endless input (`/dev/zero`,
    /// a pipe that never closes) ends here instead of being read forever.
    TooLarge,
}

/// Reads a whole document, reading and keeping at most `max + 1` bytes.
///
/// This is the one bounded reader for everything hookcheck reads whole:
/// documents, bodies, certificate bundles, CA files and configurations. It
/// never reads past the limit, so neither memory nor time depends on how
/// large (or endless) the input is.
pub fn read_document(reader: impl Read, max: usize) -> io::Result<Document> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(limit).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Ok(Document::TooLarge);
    }
    Ok(Document::Complete(bytes))
}

/// One line of NDJSON input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line within the limit, without its line ending.
    Document {
        /// The 1-based line number.
        number: u64,
        /// The line's bytes.
        bytes: &'a [u8],
    },
    /// A line over the limit: only its length was counted.
    TooLong {
        /// The 1-based line number.
        number: u64,
        /// The line's length in bytes.
        bytes: u64,
    },
}

/// NDJSON lines from a reader, each held in memory only up to `max` bytes.
/// Blank lines are skipped (but counted, so numbers match an editor's).
///
/// NDJSON is a stream, and a stream may legitimately never end (`tail -f`
/// into `validate --ndjson`), so the input's total is not capped: what is
/// bounded is memory (one line up to `max`, whatever the input) and the
/// work per byte. Every step consumes input, so an endless run of blank
/// lines, or an endless line, is read at flat memory until the input ends,
/// and the end is seen as soon as the writer closes it. A line over `max`
/// is counted to its newline without being kept, which is what lets the
/// lines after it be validated.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    max: usize,
    line: Vec<u8>,
    number: u64,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, each capped at `max` bytes.
    pub fn new(reader: R, max: usize) -> Lines<R> {
        Lines {
            reader,
            max,
            line: Vec::new(),
            number: 0,
        }
    }

    /// The next non-blank line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        loop {
            self.skip_blank_lines()?;
            let Some(length) = self.read_line()? else {
                return Ok(None);
            };
            self.number += 1;
            if length > self.max as u64 {
                return Ok(Some(Line::TooLong {
                    number: self.number,
                    bytes: length,
                }));
            }
            if !self.line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let bytes = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        Ok(Some(Line::Document {
            number: self.number,
            bytes,
        }))
    }

    /// Skips, and counts, the whole blank lines at the front of the buffer
    /// in bulk, so that a long run of them costs a scan of their bytes rather
    /// than a turn of `next_line` each. A blank line over `max` is left for
    /// `read_line` (it is reported, as any line over the limit), as is one
    /// the buffer holds only part of.
    fn skip_blank_lines(&mut self) -> io::Result<()> {
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            let blank = available
                .iter()
                .position(|byte| !byte.is_ascii_whitespace())
                .unwrap_or(available.len());
            let (mut start, mut skipped) = (0, 0u64);
            for end in memchr::memchr_iter(b'\n', &available[..blank]) {
                if end - start > self.max {
                    break;
                }
                start = end + 1;
                skipped += 1;
            }
            if skipped == 0 {
                return Ok(());
            }
            self.number += skipped;
            self.reader.consume(start);
        }
    }

    /// Reads up to the next newline into `self.line` (as far as the cap
    /// allows) and returns the line's full length; `None` at the end.
    fn read_line(&mut self) -> io::Result<Option<u64>> {
        self.line.clear();
        let mut length = 0u64;
        let mut seen_any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                return Ok(seen_any.then_some(length));
            }
            seen_any = true;
            let (chunk, consumed, done) = match memchr::memchr(b'\n', available) {
                Some(end) => (&available[..end], end + 1, true),
                None => (available, available.len(), false),
            };
            length += chunk.len() as u64;
            if length <= self.max as u64 {
                self.line.extend_from_slice(chunk);
            } else {
                self.line.clear();
            }
            self.reader.consume(consumed);
            if done {
                return Ok(Some(length));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `input`, the same whether the buffer splits every line
    /// (so blank lines are skipped one at a time) or holds them all (so they
    /// are skipped in bulk).
    fn collect(input: &[u8], max: usize) -> Vec<String> {
        let small = collect_with(input, max, 4);
        assert_eq!(small, collect_with(input, max, 1 << 16));
        small
    }

    fn collect_with(input: &[u8], max: usize, buffer: usize) -> Vec<String> {
        let mut lines = Lines::new(io::BufReader::with_capacity(buffer, input), max);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(match line {
                Line::Document { number, bytes } => {
                    format!("{number}:{}", String::from_utf8_lossy(bytes))
                }
                Line::TooLong { number, bytes } => format!("{number}:too long ({bytes})"),
            });
        }
        out
    }

    #[test]
    fn lines_are_numbered_skipping_blanks_and_capped() {
        let input = b"{\"a\":1}\r\n\n  \n0123456789abcdef\n{}";
        assert_eq!(
            collect(input, 10),
            ["1:{\"a\":1}", "4:too long (16)", "5:{}"]
        );
        assert_eq!(collect(b"", 10), Vec::<String>::new());
        assert_eq!(collect(b"\n\n", 10), Vec::<String>::new());
        // Blank lines skipped in bulk are counted as one at a time would be,
        // and a blank line over the limit is still reported.
        let mut input = b"\n \r\n".repeat(50);
        input.extend_from_slice(b"{}\n");
        input.extend_from_slice(&[b' '; 20]);
        input.extend_from_slice(b"\n\t\n[]");
        assert_eq!(
            collect(&input, 10),
            ["101:{}", "102:too long (20)", "104:[]"]
        );
    }

    #[test]
    fn whole_documents_are_capped() {
        assert_eq!(
            read_document(&b"{}"[..], 2).unwrap(),
            Document::Complete(b"{}".to_vec())
        );
        assert_eq!(read_document(&b"{ }"[..], 2).unwrap(), Document::TooLarge);
        // An endless input ends at the limit.
        assert_eq!(
            read_document(io::repeat(b' '), 2).unwrap(),
            Document::TooLarge
        );
    }
}
