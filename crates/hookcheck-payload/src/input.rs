//! Reading documents with bounded memory: a whole document capped at the
//! size limit, or NDJSON one line at a time with each line capped.

use std::io::{self, BufRead, Read};

/// A document read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// The document's bytes, within the limit.
    Complete(Vec<u8>),
    /// The document was larger than the limit: its size in bytes. Only the
    /// first `max + 1` bytes were kept in memory, and not even those are
    /// kept now.
    TooLarge(u64),
}

/// Reads a whole document, keeping at most `max + 1` bytes in memory. An
/// oversized document is read to its end (to report its size) but not kept.
pub fn read_document(mut reader: impl Read, max: usize) -> io::Result<Document> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader.by_ref().take(limit).read_to_end(&mut bytes)?;
    if bytes.len() <= max {
        return Ok(Document::Complete(bytes));
    }
    let rest = io::copy(&mut reader, &mut io::sink())?;
    Ok(Document::TooLarge(bytes.len() as u64 + rest))
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

    fn collect(input: &[u8], max: usize) -> Vec<String> {
        let mut lines = Lines::new(io::BufReader::with_capacity(4, input), max);
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
    }

    #[test]
    fn whole_documents_are_capped() {
        assert_eq!(
            read_document(&b"{}"[..], 2).unwrap(),
            Document::Complete(b"{}".to_vec())
        );
        assert_eq!(
            read_document(&b"{ }"[..], 2).unwrap(),
            Document::TooLarge(3)
        );
        assert_eq!(
            read_document(&[b' '; 10_000][..], 2).unwrap(),
            Document::TooLarge(10_000)
        );
    }
}
