//! NDJSON validation on every core: the calling thread reads the input in
//! batches of whole lines, worker threads validate and render each batch,
//! and the calling thread writes the rendered batches back in input order.
//!
//! Rendering is the caller's: the pipeline hands each line's [`LineOutcome`]
//! to a [`Render`], which writes its bytes (a JSON report, a human line, or
//! nothing) and counts what it wants counted. So this crate knows nothing of
//! report formats, and `hookcheck validate --ndjson`, its benchmark and its
//! tests all run this one path.
//!
//! Memory stays bounded whatever the input: a batch holds about
//! [`BATCH_BYTES`] of input and at most [`BATCH_LINES`] lines (so that its
//! rendered reports stay small too), at most `2 × workers` batches wait for
//! a worker, and finished batches are written out between reads. A line is
//! held only up to the validator's size limit: past it, it is counted to its
//! newline and reported as too large. Blank lines are skipped (and counted,
//! so numbers match an editor's) a batch at a time, and the run ends when
//! the input does.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read, Write};
use std::num::NonZero;
use std::ops::{AddAssign, Range};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::{fmt, thread};

use crate::validate::{Outcome, Validator};

/// Input bytes read per batch: large enough that handing a batch to a
/// worker costs nothing next to validating it, small enough to keep memory
/// low.
pub const BATCH_BYTES: usize = 1 << 20;

/// Lines per batch at most, so that a file of very short lines (each with a
/// report far longer than itself) does not make huge batches of output.
pub const BATCH_LINES: usize = 16_384;

/// How the input is cut into batches: about `bytes` of input read at a
/// time, at most `lines` lines a batch. [`validate_lines`] uses the
/// default, [`BATCH_BYTES`] and [`BATCH_LINES`]; smaller batches give the
/// same reports (the fuzz target and the tests cut tiny ones, so that a few
/// bytes of input cross every kind of batch boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batching {
    bytes: usize,
    lines: usize,
}

impl Batching {
    /// Batches of about `bytes` (at least 1) and at most `lines` lines (at
    /// least 1).
    #[must_use]
    pub fn new(bytes: usize, lines: usize) -> Batching {
        Batching {
            bytes: bytes.max(1),
            lines: lines.max(1),
        }
    }
}

impl Default for Batching {
    fn default() -> Batching {
        Batching::new(BATCH_BYTES, BATCH_LINES)
    }
}

/// One NDJSON line, judged.
#[derive(Debug)]
pub struct LineOutcome<'a> {
    /// The 1-based line number (blank lines count).
    pub number: u64,
    /// The document's length in bytes, without its line ending; for a line
    /// over the limit, the line's length with a `\r` before its newline.
    pub bytes: u64,
    /// What validation found.
    pub outcome: Outcome<'a>,
}

/// Writes what one line's report is in some format. One value renders for
/// every worker thread, so it holds only what all lines share.
pub trait Render: Sync {
    /// What is counted over the lines (a summary); each batch's tally is
    /// added up in input order.
    type Tally: Default + AddAssign + Send;

    /// Appends the line's report (or nothing) to `out` and counts it.
    fn render(
        &self,
        line: LineOutcome<'_>,
        out: &mut Vec<u8>,
        tally: &mut Self::Tally,
    ) -> io::Result<()>;
}

/// Why the pipeline stopped before the input ended.
#[derive(Debug)]
pub enum PipelineError {
    /// The input could not be read.
    Read(io::Error),
    /// A report could not be rendered or written (a reader that went
    /// away: a broken pipe).
    Write(io::Error),
    /// A worker thread stopped without finishing its batch.
    WorkerStopped,
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::Read(error) => write!(f, "cannot read the input: {error}"),
            PipelineError::Write(error) => write!(f, "cannot write the reports: {error}"),
            PipelineError::WorkerStopped => f.write_str("a validation worker stopped"),
        }
    }
}

impl std::error::Error for PipelineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PipelineError::Read(error) | PipelineError::Write(error) => Some(error),
            PipelineError::WorkerStopped => None,
        }
    }
}

/// Validates every line of `input` with `validator`, rendering each with
/// `render` and writing the reports to `out` in input order; returns the
/// tally over all lines. It stops at the first read or write that fails.
pub fn validate_lines<T: Render>(
    input: impl Read,
    validator: &Validator,
    render: &T,
    out: &mut dyn Write,
) -> Result<T::Tally, PipelineError> {
    validate_lines_batched(input, validator, render, out, Batching::default())
}

/// [`validate_lines`] with batches cut as `batching` says.
pub fn validate_lines_batched<T: Render>(
    input: impl Read,
    validator: &Validator,
    render: &T,
    out: &mut dyn Write,
    batching: Batching,
) -> Result<T::Tally, PipelineError> {
    let workers = thread::available_parallelism().map_or(1, NonZero::get);
    // Enough spare buffers for every batch in the queue and in flight.
    let inputs = Pool::new(4 * workers);
    let outputs = Pool::new(4 * workers);
    let (inputs, outputs) = (&inputs, &outputs);
    thread::scope(|scope| {
        let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(2 * workers);
        // std's channels have one receiver; the workers take turns on it.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done<T::Tally>>();
        for _ in 0..workers {
            let (work_rx, done_tx) = (Arc::clone(&work_rx), done_tx.clone());
            scope.spawn(move || {
                while let Some(batch) = next_batch(&work_rx) {
                    let done = process(&batch, validator, render, outputs.take());
                    // The last batch cut from a read hands its buffer back.
                    if let Some(buffer) = Arc::into_inner(batch.buffer) {
                        inputs.give(buffer);
                    }
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        let mut writer = InOrder {
            next: 0,
            pending: BTreeMap::new(),
            out,
            outputs,
            tally: T::Tally::default(),
        };
        let mut batcher = Batcher::new(input, validator.options().max_bytes, batching, inputs);
        let read = (|| {
            while let Some(batch) = batcher.next_batch()? {
                work_tx
                    .send(batch)
                    .map_err(|_| PipelineError::WorkerStopped)?;
                writer.write_ready(&done_rx, false)?;
            }
            Ok(())
        })();
        // Closing the queue lets the workers finish; then write the rest.
        drop(work_tx);
        let written = writer.write_ready(&done_rx, true);
        read.and(written)?;
        Ok(writer.tally)
    })
}

/// A run of whole lines, shared with the other batches cut from the same
/// read, and possibly a line over the limit after them.
struct Batch {
    seq: u64,
    buffer: Arc<Vec<u8>>,
    span: Range<usize>,
    /// The number of the first line in `span`.
    first: u64,
    /// A line over the limit that follows the span: its number and length.
    too_long: Option<(u64, u64)>,
}

/// Cuts the input into batches: reads about [`Batching`]'s bytes at a time,
/// cuts the whole lines read into batches of at most its lines, and
/// carries the unfinished last line over to the next read; an unfinished
/// line that grows past the limit is counted to its newline without being
/// kept.
struct Batcher<'a, R> {
    input: R,
    max: usize,
    batching: Batching,
    buffers: &'a Pool,
    /// Whole batches cut from the last read, not yet handed out.
    ready: VecDeque<Batch>,
    /// The unfinished line carried over from the last read.
    carry: Vec<u8>,
    /// How much of `carry`, from its start, is known to hold no newline:
    /// all of an unfinished line, none of what followed a line over the
    /// limit (which may hold many whole lines).
    scanned: usize,
    /// The number the next line gets.
    number: u64,
    sent: u64,
    ended: bool,
}

impl<'a, R: Read> Batcher<'a, R> {
    fn new(input: R, max: usize, batching: Batching, buffers: &'a Pool) -> Batcher<'a, R> {
        Batcher {
            input,
            max,
            batching,
            buffers,
            ready: VecDeque::new(),
            carry: Vec::new(),
            scanned: 0,
            number: 1,
            sent: 0,
            ended: false,
        }
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, PipelineError> {
        while self.ready.is_empty() && !self.ended {
            self.read_more()?;
        }
        Ok(self.ready.pop_front())
    }

    /// Reads about a batch's bytes more and cuts what it can into batches.
    fn read_more(&mut self) -> Result<(), PipelineError> {
        let mut buffer = std::mem::take(&mut self.carry);
        if buffer.capacity() == 0 {
            buffer = self.buffers.take();
        }
        let scanned = std::mem::take(&mut self.scanned);
        let want = buffer.len() + self.batching.bytes;
        buffer.reserve(self.batching.bytes);
        let eof = fill(&mut self.input, &mut buffer, want)?;
        self.ended = eof;
        // Whole lines end at the last newline, or at the end of the input.
        let whole = match memchr::memrchr(b'\n', &buffer[scanned..]) {
            _ if eof => buffer.len(),
            Some(end) => scanned + end + 1,
            None => 0,
        };
        let unfinished = buffer.len() - whole;
        let mut too_long = None;
        if unfinished > self.max {
            // The last line is over the limit: keep none of it, count the
            // rest of it, then carry on after its newline.
            let (length, rest) = self.skip_line(unfinished as u64)?;
            too_long = Some(length);
            self.carry = rest;
        } else if whole == 0 {
            // One line within the limit, still unfinished: read on into
            // the same buffer.
            self.scanned = buffer.len();
            self.carry = buffer;
            return Ok(());
        } else if unfinished > 0 {
            let mut carry = self.buffers.take();
            carry.reserve(unfinished + self.batching.bytes);
            carry.extend_from_slice(&buffer[whole..]);
            self.scanned = unfinished;
            self.carry = carry;
        }
        buffer.truncate(whole);
        self.cut(&Arc::new(buffer), too_long);
        Ok(())
    }

    /// Reads the rest of a line over the limit (`counted` bytes of it read
    /// already) to its newline; returns its whole length and what was read
    /// after its newline.
    fn skip_line(&mut self, mut counted: u64) -> Result<(u64, Vec<u8>), PipelineError> {
        let mut scratch = self.buffers.take();
        loop {
            scratch.clear();
            let eof = fill(&mut self.input, &mut scratch, self.batching.bytes)?;
            if let Some(end) = memchr::memchr(b'\n', &scratch) {
                counted += end as u64;
                scratch.drain(..=end);
                return Ok((counted, scratch));
            }
            counted += scratch.len() as u64;
            if eof {
                self.ended = true;
                self.buffers.give(scratch);
                return Ok((counted, Vec::new()));
            }
        }
    }

    /// Cuts `buffer` (whole lines) into batches of at most a batch's lines;
    /// the last gets the line over the limit that followed them, of
    /// length `too_long`.
    fn cut(&mut self, buffer: &Arc<Vec<u8>>, too_long: Option<u64>) {
        let (mut start, mut first) = (0, self.number);
        // Counting is a vectorised scan; only a read of very short lines
        // (under 64 bytes each on average) needs its newlines one by one.
        let most = self.batching.lines;
        let newlines = memchr::memchr_iter(b'\n', buffer).count();
        if newlines < most {
            self.number += newlines as u64;
        } else {
            let mut lines = 0;
            for end in memchr::memchr_iter(b'\n', buffer) {
                lines += 1;
                self.number += 1;
                if lines == most {
                    self.push(buffer, start..end + 1, first, None);
                    (start, lines, first) = (end + 1, 0, self.number);
                }
            }
        }
        // A last line without a newline: the end of the input.
        if buffer.last().is_some_and(|&byte| byte != b'\n') {
            self.number += 1;
        }
        let too_long = too_long.map(|length| {
            let number = self.number;
            self.number += 1;
            (number, length)
        });
        if start < buffer.len() || too_long.is_some() {
            self.push(buffer, start..buffer.len(), first, too_long);
        }
    }

    fn push(
        &mut self,
        buffer: &Arc<Vec<u8>>,
        span: Range<usize>,
        first: u64,
        too_long: Option<(u64, u64)>,
    ) {
        self.ready.push_back(Batch {
            seq: self.sent,
            buffer: Arc::clone(buffer),
            span,
            first,
            too_long,
        });
        self.sent += 1;
    }
}

/// Buffers handed back once used, so that each batch reuses memory already
/// in place rather than faulting in fresh pages, which cost more than the
/// reading itself. It keeps a few; more are dropped.
struct Pool {
    spare: Mutex<Vec<Vec<u8>>>,
    keep: usize,
}

impl Pool {
    fn new(keep: usize) -> Pool {
        Pool {
            spare: Mutex::new(Vec::new()),
            keep,
        }
    }

    /// A spare buffer, empty, or a new one.
    fn take(&self) -> Vec<u8> {
        let spare = self.spare.lock().ok().and_then(|mut spare| spare.pop());
        spare.unwrap_or_default()
    }

    fn give(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        if let Ok(mut spare) = self.spare.lock()
            && spare.len() < self.keep
        {
            spare.push(buffer);
        }
    }
}

/// Reads into `buffer` until it holds `want` bytes or the input ends;
/// returns whether it ended.
fn fill(input: &mut impl Read, buffer: &mut Vec<u8>, want: usize) -> Result<bool, PipelineError> {
    let missing = want.saturating_sub(buffer.len());
    let read = input
        .by_ref()
        .take(missing as u64)
        .read_to_end(buffer)
        .map_err(PipelineError::Read)?;
    Ok(read < missing)
}

fn next_batch(work_rx: &Mutex<Receiver<Batch>>) -> Option<Batch> {
    // A worker that panicked while holding the lock poisons it; the panic
    // itself reaches the caller through the thread scope.
    work_rx.lock().ok()?.recv().ok()
}

/// A batch's rendered reports and their tally.
struct Done<T> {
    seq: u64,
    rendered: io::Result<Vec<u8>>,
    tally: T,
}

fn process<T: Render>(
    batch: &Batch,
    validator: &Validator,
    render: &T,
    mut rendered: Vec<u8>,
) -> Done<T::Tally> {
    let mut tally = T::Tally::default();
    let max = validator.options().max_bytes;
    let mut result = Ok(());
    let mut number = batch.first;
    let mut rest = &batch.buffer[batch.span.clone()];
    while !rest.is_empty() && result.is_ok() {
        let (line, next) = match memchr::memchr(b'\n', rest) {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        let line_number = number;
        number += 1;
        // As `Lines` reads them: a line over the limit counts its `\r`, a
        // document is the line without it.
        let (bytes, outcome) = if line.len() > max {
            let bytes = line.len() as u64;
            (bytes, Outcome::Validated(validator.too_large(bytes)))
        } else if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        } else {
            let document = line.strip_suffix(b"\r").unwrap_or(line);
            (document.len() as u64, validator.check(document))
        };
        let line = LineOutcome {
            number: line_number,
            bytes,
            outcome,
        };
        result = render.render(line, &mut rendered, &mut tally);
    }
    if let (Some((number, bytes)), Ok(())) = (batch.too_long, &result) {
        let line = LineOutcome {
            number,
            bytes,
            outcome: Outcome::Validated(validator.too_large(bytes)),
        };
        result = render.render(line, &mut rendered, &mut tally);
    }
    Done {
        seq: batch.seq,
        rendered: result.map(|()| rendered),
        tally,
    }
}

/// Writes finished batches in sequence order, holding back those that
/// finished early.
struct InOrder<'a, T> {
    next: u64,
    pending: BTreeMap<u64, Done<T>>,
    out: &'a mut dyn Write,
    outputs: &'a Pool,
    tally: T,
}

impl<T: AddAssign> InOrder<'_, T> {
    /// Writes what is ready; with `wait`, everything until the workers stop.
    fn write_ready(
        &mut self,
        done_rx: &Receiver<Done<T>>,
        wait: bool,
    ) -> Result<(), PipelineError> {
        loop {
            let done = if wait {
                match done_rx.recv() {
                    Ok(done) => done,
                    Err(_) => return Ok(()),
                }
            } else {
                match done_rx.try_recv() {
                    Ok(done) => done,
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => return Ok(()),
                }
            };
            self.pending.insert(done.seq, done);
            while let Some(done) = self.pending.remove(&self.next) {
                let rendered = done.rendered.map_err(PipelineError::Write)?;
                self.out
                    .write_all(&rendered)
                    .map_err(PipelineError::Write)?;
                self.outputs.give(rendered);
                self.tally += done.tally;
                self.next += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use hookcheck_core::Code;

    use super::*;
    use crate::{Line, Lines, Options};

    /// What a line amounted to: its number, its length, and whether it was
    /// over the limit.
    type Seen = (u64, u64, bool);

    /// Records every line, in the order the pipeline writes them.
    #[derive(Debug, Default)]
    struct Recorded(Vec<Seen>);

    impl AddAssign for Recorded {
        fn add_assign(&mut self, other: Recorded) {
            self.0.extend(other.0);
        }
    }

    struct Record;

    impl Render for Record {
        type Tally = Recorded;

        fn render(
            &self,
            line: LineOutcome<'_>,
            out: &mut Vec<u8>,
            seen: &mut Recorded,
        ) -> io::Result<()> {
            let too_long = match &line.outcome {
                Outcome::Valid(_) => false,
                Outcome::Validated(validation) => validation
                    .findings
                    .iter()
                    .any(|finding| finding.code == Code::PayloadTooLarge),
            };
            seen.0.push((line.number, line.bytes, too_long));
            writeln!(out, "{}", line.number)
        }
    }

    /// A reader that hands out a few bytes per read, as a pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(4093);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn through_pipeline(input: &[u8], max: usize, trickle: bool) -> (Vec<Seen>, String) {
        let validator = Validator::new(Options {
            strict: false,
            max_bytes: max,
        });
        let mut out = Vec::new();
        let seen = if trickle {
            validate_lines(Trickle(input), &validator, &Record, &mut out)
        } else {
            validate_lines(input, &validator, &Record, &mut out)
        };
        (seen.unwrap().0, String::from_utf8(out).unwrap())
    }

    /// What `Lines`, the one-line-at-a-time reader, makes of the input.
    fn through_lines(input: &[u8], max: usize) -> Vec<Seen> {
        let mut lines = Lines::new(BufReader::with_capacity(1 << 16, input), max);
        let mut seen = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            seen.push(match line {
                Line::Document { number, bytes } => (number, bytes.len() as u64, false),
                Line::TooLong { number, bytes } => (number, bytes, true),
            });
        }
        seen
    }

    /// The pipeline numbers, measures, skips and caps lines exactly as
    /// `Lines` does, whether the input comes in large reads or small ones,
    /// and writes them back in input order across many batches.
    #[test]
    fn lines_are_read_as_the_line_reader_reads_them() {
        let long = |n: usize| vec![b'x'; n];
        let mut inputs: Vec<(Vec<u8>, usize)> = vec![
            (b"{\"a\":1}\r\n\n  \n0123456789abcdef\n{}".to_vec(), 10),
            (Vec::new(), 10),
            (b"\n\n".to_vec(), 10),
            (b"{}".to_vec(), 10),
            // A blank line over the limit is reported, as `Lines` does.
            ([&b"{}\n"[..], &[b' '; 20], b"\n\t\n[]\r\n"].concat(), 10),
        ];
        // Lines over the limit that cross reads, end the input, or fill
        // many reads; a line within a large limit longer than a read.
        for length in [BATCH_BYTES - 1, BATCH_BYTES + 7, 3 * BATCH_BYTES] {
            inputs.push(([&b"{}\n"[..], &long(length), b"\r\n{}\n"].concat(), 1000));
            inputs.push(([&b"{}\n"[..], &long(length)].concat(), 1000));
            inputs.push(([&long(length)[..], b"\n{}"].concat(), 4 * BATCH_BYTES));
        }
        // Whole lines read with the end of a line over the limit, then a
        // read without a newline (found by the `pipeline` fuzz target).
        inputs.push((
            [
                &long(BATCH_BYTES + 10)[..],
                b"\n[]\n",
                &long(3 * BATCH_BYTES),
                b"\n{}",
            ]
            .concat(),
            1000,
        ));
        // Many short lines and runs of blank lines: several batches of
        // BATCH_LINES from one read.
        let mut many = Vec::new();
        for n in 0..3 * BATCH_LINES {
            many.extend_from_slice(if n % 7 == 0 { b"\n" } else { b"[1]\n" });
        }
        many.extend_from_slice(&b"\n".repeat(2 * BATCH_BYTES));
        many.extend_from_slice(b"{}");
        inputs.push((many, 100));

        for (input, max) in &inputs {
            let expected = through_lines(input, *max);
            for trickle in [false, true] {
                let (seen, out) = through_pipeline(input, *max, trickle);
                assert_eq!(seen, expected, "max {max}, trickle {trickle}");
                let numbers: Vec<String> = expected.iter().map(|(n, ..)| n.to_string()).collect();
                assert_eq!(out.lines().collect::<Vec<_>>(), numbers);
            }
        }
    }

    /// A failed write stops the pipeline with the write's error.
    #[test]
    fn a_failed_write_is_a_write_error() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let validator = Validator::new(Options::default());
        let input = b"{}\n".repeat(100_000);
        let error = validate_lines(input.as_slice(), &validator, &Record, &mut Closed).unwrap_err();
        assert!(
            matches!(&error, PipelineError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe),
            "{error}"
        );
    }
}
