//! `validate --ndjson` on every core: one thread reads lines into batches,
//! worker threads validate and render each batch, and the reading thread
//! writes the rendered batches back in input order.
//!
//! Memory stays bounded: a batch holds about [`BATCH_BYTES`] of input, at
//! most `2 × workers` batches wait for a worker, and the reader writes
//! finished batches out between reads, so output never piles up far ahead.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::num::NonZero;
use std::ops::Range;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread;

use anyhow::{Context as _, Result, anyhow};
use hookcheck_payload::{Line, Lines, Validator};
use hookcheck_report::{Format, Summary, render};

use crate::validate::{line_shown, report};

/// Input bytes per batch: large enough that handing a batch to a worker
/// costs nothing next to validating it, small enough to keep memory low.
const BATCH_BYTES: usize = 1 << 20;

/// Lines per batch at most, for files of very short lines.
const BATCH_LINES: usize = 16_384;

/// A run of input lines, copied out of the reader's buffer.
struct Batch {
    seq: u64,
    bytes: Vec<u8>,
    items: Vec<Item>,
}

enum Item {
    Document { number: u64, span: Range<usize> },
    TooLong { number: u64, bytes: u64 },
}

/// A batch's rendered reports and their counts.
struct Done {
    seq: u64,
    rendered: io::Result<Vec<u8>>,
    summary: Summary,
}

impl Batch {
    fn new(seq: u64) -> Batch {
        Batch {
            seq,
            bytes: Vec::with_capacity(BATCH_BYTES),
            items: Vec::new(),
        }
    }

    fn push(&mut self, line: &Line<'_>) {
        self.items.push(match *line {
            Line::Document { number, bytes } => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(bytes);
                Item::Document {
                    number,
                    span: start..self.bytes.len(),
                }
            }
            Line::TooLong { number, bytes } => Item::TooLong { number, bytes },
        });
    }

    fn is_full(&self) -> bool {
        self.bytes.len() >= BATCH_BYTES || self.items.len() >= BATCH_LINES
    }
}

/// Validates every line of `lines`, writing reports to `out` in input order
/// and counting them into `summary`.
pub(crate) fn validate_lines<R: BufRead>(
    lines: &mut Lines<R>,
    name: &str,
    validator: &Validator,
    format: Format,
    out: &mut dyn Write,
    summary: &mut Summary,
) -> Result<()> {
    let workers = thread::available_parallelism().map_or(1, NonZero::get);
    thread::scope(|scope| {
        let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(2 * workers);
        // std's channels have one receiver; the workers take turns on it.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for _ in 0..workers {
            let (work_rx, done_tx) = (Arc::clone(&work_rx), done_tx.clone());
            scope.spawn(move || {
                while let Some(batch) = next_batch(&work_rx) {
                    if done_tx
                        .send(process(&batch, name, validator, format))
                        .is_err()
                    {
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
            summary,
        };
        let read = (|| -> Result<()> {
            let mut batch = Batch::new(0);
            while let Some(line) = lines
                .next_line()
                .with_context(|| format!("cannot read `{name}`"))?
            {
                batch.push(&line);
                if batch.is_full() {
                    let next = Batch::new(batch.seq + 1);
                    let full = std::mem::replace(&mut batch, next);
                    work_tx
                        .send(full)
                        .map_err(|_| anyhow!("the validation workers stopped"))?;
                    writer.write_ready(&done_rx, false)?;
                }
            }
            if !batch.items.is_empty() {
                work_tx
                    .send(batch)
                    .map_err(|_| anyhow!("the validation workers stopped"))?;
            }
            Ok(())
        })();
        // Closing the queue lets the workers finish; then write the rest.
        drop(work_tx);
        let written = writer.write_ready(&done_rx, true);
        read.and(written)
    })
}

fn next_batch(work_rx: &Mutex<Receiver<Batch>>) -> Option<Batch> {
    // A worker that panicked while holding the lock poisons it; the panic
    // itself reaches the caller through the thread scope.
    work_rx.lock().ok()?.recv().ok()
}

fn process(batch: &Batch, name: &str, validator: &Validator, format: Format) -> Done {
    let mut rendered = Vec::new();
    let mut summary = Summary::default();
    let mut result = Ok(());
    for item in &batch.items {
        let report = match item {
            Item::Document { number, span } => {
                let bytes = &batch.bytes[span.clone()];
                report(
                    name.to_owned(),
                    Some(*number),
                    bytes.len() as u64,
                    validator.validate(bytes),
                )
            }
            Item::TooLong { number, bytes } => report(
                name.to_owned(),
                Some(*number),
                *bytes,
                validator.too_large(*bytes),
            ),
        };
        summary.add(&report);
        if result.is_ok() && line_shown(&report, format) {
            result = render(&report, format, &mut rendered);
        }
    }
    Done {
        seq: batch.seq,
        rendered: result.map(|()| rendered),
        summary,
    }
}

/// Writes finished batches in sequence order, holding back those that
/// finished early.
struct InOrder<'a> {
    next: u64,
    pending: BTreeMap<u64, Done>,
    out: &'a mut dyn Write,
    summary: &'a mut Summary,
}

impl InOrder<'_> {
    /// Writes what is ready; with `wait`, everything until the workers stop.
    fn write_ready(&mut self, done_rx: &Receiver<Done>, wait: bool) -> Result<()> {
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
                self.out.write_all(&done.rendered?)?;
                *self.summary += done.summary;
                self.next += 1;
            }
        }
    }
}
