//! The NDJSON line reader (`validate --ndjson`, and the `scan` list under
//! it), checked against a model that splits the whole input at once: the
//! streaming reader must number, skip and cap lines exactly as the model
//! does, whatever its buffer's size, and hold no line past the cap.

use std::io::BufReader;

use hookcheck_payload::{Line, Lines};

/// A line as the model and the reader both describe it.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Document(u64, Vec<u8>),
    TooLong(u64, u64),
}

/// Reads `data` as NDJSON. The first byte picks the line cap (0 to 63
/// bytes, so that caps are met often) and the rest is the input.
///
/// # Panics
///
/// When the reader disagrees with the model at any buffer size, or fails.
pub fn run(data: &[u8]) {
    let Some((&first, input)) = data.split_first() else {
        return;
    };
    let max = usize::from(first % 64);
    let expected = model(input, max);
    for capacity in [1, 7, 64 * 1024] {
        assert_eq!(
            read(input, max, capacity),
            expected,
            "the reader (buffer {capacity}, cap {max}) disagrees with the model"
        );
    }
}

fn read(input: &[u8], max: usize, capacity: usize) -> Vec<Seen> {
    let mut lines = Lines::new(BufReader::with_capacity(capacity, input), max);
    let mut seen = Vec::new();
    loop {
        match lines.next_line() {
            Ok(Some(Line::Document { number, bytes })) => {
                assert!(bytes.len() <= max, "a kept line is over the cap");
                seen.push(Seen::Document(number, bytes.to_vec()));
            }
            Ok(Some(Line::TooLong { number, bytes })) => seen.push(Seen::TooLong(number, bytes)),
            Ok(None) => return seen,
            Err(error) => panic!("reading from memory failed: {error}"),
        }
    }
}

/// The lines of `input` as the reader documents them: split at `\n` (a
/// last line without one counts), numbered from 1; a line over `max` is
/// too long (even a blank one); a blank line within it is skipped; a kept
/// line loses one trailing `\r`.
fn model(input: &[u8], max: usize) -> Vec<Seen> {
    let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if input.is_empty() || input.ends_with(b"\n") {
        lines.pop();
    }
    let mut seen = Vec::new();
    for (line, number) in lines.into_iter().zip(1u64..) {
        if line.len() > max {
            seen.push(Seen::TooLong(number, line.len() as u64));
        } else if !line.iter().all(u8::is_ascii_whitespace) {
            let kept = line.strip_suffix(b"\r").unwrap_or(line);
            seen.push(Seen::Document(number, kept.to_vec()));
        }
    }
    seen
}
