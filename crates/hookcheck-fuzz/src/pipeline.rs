//! The NDJSON pipeline (`validate --ndjson`): batches of lines validated on
//! worker threads and written back in order, checked against the plain
//! line reader and one validation a line. Its batches are cut tiny, so that
//! a few bytes of input cross every kind of batch boundary (a line carried
//! over to the next read, a line over the limit read to its newline, a read
//! cut into several batches), and at the default size.

use std::io::{self, BufReader, Write as _};
use std::ops::AddAssign;

use hookcheck_core::Code;
use hookcheck_payload::pipeline::{self, Batching, LineOutcome, Render};
use hookcheck_payload::{Line, Lines, Options, Outcome, Validator};

/// What the pipeline made of a line: its number, its length, and the codes
/// of its findings (`None` when the fast path proved it valid).
type Seen = (u64, u64, Option<Vec<Code>>);

/// Every line rendered, in the order the tallies were added up.
#[derive(Debug, Default)]
struct Recorded(Vec<Seen>);

impl AddAssign for Recorded {
    fn add_assign(&mut self, other: Recorded) {
        self.0.extend(other.0);
    }
}

/// Records each line and writes its number, one a line.
struct Record;

impl Render for Record {
    type Tally = Recorded;

    fn render(
        &self,
        line: LineOutcome<'_>,
        out: &mut Vec<u8>,
        seen: &mut Recorded,
    ) -> io::Result<()> {
        seen.0.push((line.number, line.bytes, codes(&line.outcome)));
        writeln!(out, "{}", line.number)
    }
}

fn codes(outcome: &Outcome<'_>) -> Option<Vec<Code>> {
    match outcome {
        Outcome::Valid(_) => None,
        Outcome::Validated(validation) => {
            crate::assert_findings(&validation.findings);
            Some(
                validation
                    .findings
                    .iter()
                    .map(|finding| finding.code)
                    .collect(),
            )
        }
    }
}

/// Runs `data` through the pipeline. The first byte picks the size limit
/// (0 to 1020 bytes, so that lines over it are common), the second the
/// bytes a batch reads (1 to 64), the third its lines at most (1 to 8);
/// the rest is the input.
///
/// # Panics
///
/// When the pipeline, with tiny batches or default ones, reports other
/// lines, numbers, lengths or findings than the line reader and one
/// validation a line, or writes them out of order.
pub fn run(data: &[u8]) {
    let [limit, bytes, lines, input @ ..] = data else {
        return;
    };
    let validator = Validator::new(Options {
        strict: false,
        max_bytes: usize::from(*limit) * 4,
    });
    let expected = model(input, &validator);
    let mut numbers = Vec::new();
    for (number, ..) in &expected {
        let _ = writeln!(numbers, "{number}");
    }
    let tiny = Batching::new(usize::from(bytes % 64) + 1, usize::from(lines % 8) + 1);
    for batching in [tiny, Batching::default()] {
        let mut out = Vec::new();
        let seen = pipeline::validate_lines_batched(input, &validator, &Record, &mut out, batching)
            .unwrap_or_else(|error| panic!("the pipeline failed on input in memory: {error}"));
        assert_eq!(
            seen.0, expected,
            "the pipeline ({batching:?}) disagrees with the model"
        );
        assert_eq!(out, numbers, "the reports ({batching:?}) are out of order");
    }
}

/// One line at a time: the line reader, then the validator on each line.
fn model(input: &[u8], validator: &Validator) -> Vec<Seen> {
    let max = validator.options().max_bytes;
    let mut lines = Lines::new(BufReader::new(input), max);
    let mut seen = Vec::new();
    loop {
        match lines.next_line() {
            Ok(Some(Line::Document { number, bytes })) => {
                seen.push((number, bytes.len() as u64, codes(&validator.check(bytes))));
            }
            Ok(Some(Line::TooLong { number, bytes })) => {
                let too_large = Outcome::Validated(validator.too_large(bytes));
                seen.push((number, bytes, codes(&too_large)));
            }
            Ok(None) => return seen,
            Err(error) => panic!("reading from memory failed: {error}"),
        }
    }
}
