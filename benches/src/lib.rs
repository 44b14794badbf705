//! The corpora the benchmarks measure and the functions they time, shared by
//! the criterion benchmarks, their test twins (`tests/`) and
//! `cargo xtask bench-report`, which writes its large NDJSON file from the
//! same lines.
//!
//! Every payload derives from a real delivery: the compact `change` body
//! captured from a live channel (217 bytes, exactly as sent), so the numbers
//! describe what an endpoint actually receives. The variants change one
//! value each, so valid and invalid inputs differ in nothing else.

pub mod chain;

use std::io::{self, BufRead as _, BufReader, Read, Write};

use std::ops::AddAssign;

use hookcheck_core::Severity;
use hookcheck_payload::pipeline::{self, LineOutcome, Render};
use hookcheck_payload::{NOTIFICATION_SCHEMA, Outcome, Validation, Validator};
use hookcheck_report::{Format, LineReports, Summary};
use serde_json::Value;

/// The five deliveries captured from a live channel, byte for byte as sent:
/// compact JSON with `notification` before `channel`. Only the callback URL
/// was replaced (by the capture's publisher) with a placeholder.
pub const CAPTURED: [&str; 5] = [
    r#"{"notification":{"type":"verification"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#,
    r#"{"notification":{"type":"change","changes_since":"2026-08-25T20:06:29Z"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#,
    r#"{"notification":{"type":"profile_disconnected"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#,
    r#"{"notification":{"type":"profile_initial_sync_completed"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#,
    r#"{"notification":{"type":"conferencing_profile_disconnected"},"channel":{"channel_id":"chn_6a8df5c5944f9501621a3083","callback_url":"https://example.com/cronofy","filters":{},"scheduling_conversations":{}}}"#,
];

/// The captured `change` delivery: the small payload.
pub const CHANGE: &str = CAPTURED[1];

/// How many calendar ids the large payload's filter lists: a channel watching
/// a thousand calendars makes a delivery of about 30 KB, far beyond any real
/// one, which shows how validation scales with size.
pub const LARGE_CALENDAR_IDS: usize = 1000;

/// The size of the NDJSON corpus the `ndjson` benchmark validates: a few
/// megabytes, large enough that per-run overheads vanish, small enough to
/// stay in the CPU caches' neighbourhood as a file of notifications would.
pub const NDJSON_BYTES: u64 = 4 << 20;

/// The read buffer of the baseline loop ([`baseline_ndjson`]): large reads
/// keep parsing, not system calls, its limit.
pub const NDJSON_BUFFER: usize = 1 << 18;

const CHANNEL_ID: &str = "chn_6a8df5c5944f9501621a3083";
const CHANGES_SINCE: &str = "2026-08-25T20:06:29Z";
/// February has no 30th: the right shape, but not a date. It takes both
/// paths through format checking, not only the pattern.
const BAD_DATE: &str = "2026-02-30T20:06:29Z";
/// A dash where the schema wants `chn_`.
const WRONG_CHANNEL_ID: &str = "chn-6a8df5c5944f9501621a3083";

/// The payload's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The captured delivery as it is.
    Small,
    /// The same with [`LARGE_CALENDAR_IDS`] calendar ids in its filter.
    Large,
}

impl Size {
    /// Both sizes, small first.
    pub const ALL: [Size; 2] = [Size::Small, Size::Large];

    /// The name used in benchmark ids.
    pub const fn name(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Large => "large",
        }
    }
}

/// What is changed in the captured delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Nothing: a valid notification.
    Valid,
    /// `changes_since` is not a real date.
    BadDate,
    /// `channel_id` does not match `^chn_[0-9A-Za-z]+$`.
    WrongChannelId,
}

impl Variant {
    /// Every variant, the valid one first.
    pub const ALL: [Variant; 3] = [Variant::Valid, Variant::BadDate, Variant::WrongChannelId];

    /// The name used in benchmark ids.
    pub const fn name(self) -> &'static str {
        match self {
            Variant::Valid => "valid",
            Variant::BadDate => "bad-date",
            Variant::WrongChannelId => "wrong-channel-id",
        }
    }

    /// Whether a payload of this variant is a valid notification.
    pub const fn is_valid(self) -> bool {
        matches!(self, Variant::Valid)
    }
}

/// One payload to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Small or large.
    pub size: Size,
    /// What was changed.
    pub variant: Variant,
    /// The document's bytes.
    pub bytes: Vec<u8>,
}

impl Case {
    /// The payload of this size and variant.
    pub fn new(size: Size, variant: Variant) -> Case {
        let changes_since = match variant {
            Variant::BadDate => BAD_DATE,
            Variant::Valid | Variant::WrongChannelId => CHANGES_SINCE,
        };
        let channel_id = match variant {
            Variant::WrongChannelId => WRONG_CHANNEL_ID,
            Variant::Valid | Variant::BadDate => CHANNEL_ID,
        };
        let filters = match size {
            Size::Small => "{}".to_owned(),
            Size::Large => {
                let ids: Vec<String> = (0..LARGE_CALENDAR_IDS)
                    .map(|index| format!("\"{}\"", calendar_id(index)))
                    .collect();
                format!("{{\"calendar_ids\":[{}]}}", ids.join(","))
            }
        };
        Case {
            size,
            variant,
            bytes: change_body(changes_since, channel_id, &filters).into_bytes(),
        }
    }

    /// `small-valid`, `large-bad-date`, …
    pub fn name(&self) -> String {
        format!("{}-{}", self.size.name(), self.variant.name())
    }

    /// Whether the payload is a valid notification.
    pub fn is_valid(&self) -> bool {
        self.variant.is_valid()
    }
}

/// Every size with every variant, small ones first.
pub fn cases() -> Vec<Case> {
    Size::ALL
        .into_iter()
        .flat_map(|size| Variant::ALL.map(|variant| Case::new(size, variant)))
        .collect()
}

/// The captured `change` body with three values replaced; with the captured
/// values it is [`CHANGE`] byte for byte (a test holds it to that).
fn change_body(changes_since: &str, channel_id: &str, filters: &str) -> String {
    format!(
        r#"{{"notification":{{"type":"change","changes_since":"{changes_since}"}},"channel":{{"channel_id":"{channel_id}","callback_url":"https://example.com/cronofy","filters":{filters},"scheduling_conversations":{{}}}}}}"#
    )
}

/// A calendar id shaped like real ones (`cal_n23kjnwrw2_sakdnawerd3`): ten
/// and eleven base-36 characters from a fixed pseudo-random sequence, so the
/// ids differ from each other and every run sees the same ones.
fn calendar_id(index: usize) -> String {
    const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut state = (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut id = String::from("cal_");
    for at in 0..21 {
        if at == 10 {
            id.push('_');
        }
        // xorshift64: cheap, deterministic, good enough to vary characters.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        id.push(char::from(
            ALPHABET[usize::try_from(state % 36).unwrap_or(0)],
        ));
    }
    id
}

/// The lines of the NDJSON corpus, in the order they repeat.
///
/// Real traffic is mostly small valid deliveries of every type, so in each
/// run of 1000 lines: 968 are the five captured deliveries in turn, 20 have a
/// bad date, 10 a wrong channel id, one is the large payload and one the
/// large payload with a bad date (about 260 KB a run, 3.1% of the lines
/// invalid).
#[derive(Debug, Clone)]
pub struct NdjsonMix {
    captured: Vec<Vec<u8>>,
    small_bad_date: Vec<u8>,
    small_wrong_channel_id: Vec<u8>,
    large_valid: Vec<u8>,
    large_bad_date: Vec<u8>,
}

impl Default for NdjsonMix {
    fn default() -> Self {
        NdjsonMix::new()
    }
}

impl NdjsonMix {
    /// The mix, with its large payloads built once.
    pub fn new() -> NdjsonMix {
        NdjsonMix {
            captured: CAPTURED
                .iter()
                .map(|body| body.as_bytes().to_vec())
                .collect(),
            small_bad_date: Case::new(Size::Small, Variant::BadDate).bytes,
            small_wrong_channel_id: Case::new(Size::Small, Variant::WrongChannelId).bytes,
            large_valid: Case::new(Size::Large, Variant::Valid).bytes,
            large_bad_date: Case::new(Size::Large, Variant::BadDate).bytes,
        }
    }

    /// The line at 0-based `index`, and whether it is valid.
    pub fn line(&self, index: u64) -> (&[u8], bool) {
        match (index % 1000, index % 100) {
            (250, _) => (&self.large_valid, true),
            (750, _) => (&self.large_bad_date, false),
            (_, 16 | 49) => (&self.small_bad_date, false),
            (_, 83) => (&self.small_wrong_channel_id, false),
            _ => {
                let captured = usize::try_from(index % 5).unwrap_or(0);
                (&self.captured[captured], true)
            }
        }
    }

    /// Writes whole lines until at least `min_bytes` bytes are written.
    pub fn write(&self, out: &mut impl Write, min_bytes: u64) -> io::Result<NdjsonCounts> {
        let mut counts = NdjsonCounts::default();
        while counts.bytes < min_bytes {
            let (line, valid) = self.line(counts.lines);
            out.write_all(line)?;
            out.write_all(b"\n")?;
            counts.lines += 1;
            counts.invalid += u64::from(!valid);
            counts.bytes += line.len() as u64 + 1;
        }
        Ok(counts)
    }
}

/// What an NDJSON corpus holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NdjsonCounts {
    /// Lines (each one document).
    pub lines: u64,
    /// Lines that are not valid notifications.
    pub invalid: u64,
    /// Bytes, line endings included.
    pub bytes: u64,
}

/// An NDJSON corpus in memory.
#[derive(Debug, Clone)]
pub struct NdjsonCorpus {
    /// The NDJSON text.
    pub bytes: Vec<u8>,
    /// What it holds.
    pub counts: NdjsonCounts,
}

/// The NDJSON corpus of at least `min_bytes` bytes ([`NDJSON_BYTES`] for the
/// benchmark).
pub fn ndjson_corpus(min_bytes: u64) -> NdjsonCorpus {
    let mut bytes = Vec::with_capacity(usize::try_from(min_bytes).unwrap_or(0) + (64 << 10));
    let counts = NdjsonMix::new()
        .write(&mut bytes, min_bytes)
        .unwrap_or_else(|_| unreachable!("writing to a Vec cannot fail"));
    NdjsonCorpus { bytes, counts }
}

/// What validating an NDJSON input found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NdjsonSummary {
    /// Documents (non-blank lines) validated.
    pub lines: u64,
    /// Lines with at least one finding of severity `error`.
    pub invalid: u64,
    /// Findings of any severity.
    pub findings: u64,
}

impl AddAssign for NdjsonSummary {
    fn add_assign(&mut self, other: NdjsonSummary) {
        self.lines += other.lines;
        self.invalid += other.invalid;
        self.findings += other.findings;
    }
}

/// Counts each line's outcome and renders nothing: validation alone, on the
/// pipeline `hookcheck validate --ndjson` runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountOnly;

impl Render for CountOnly {
    type Tally = NdjsonSummary;

    fn render(
        &self,
        line: LineOutcome<'_>,
        _out: &mut Vec<u8>,
        summary: &mut NdjsonSummary,
    ) -> io::Result<()> {
        summary.lines += 1;
        if let Outcome::Validated(validation) = &line.outcome {
            summary.invalid += u64::from(has_error(validation));
            summary.findings += validation.findings.len() as u64;
        }
        Ok(())
    }
}

/// Validates NDJSON on the path `hookcheck validate --ndjson` takes (the
/// payload crate's pipeline: batches of lines on every core), counting the
/// outcomes; reports are not rendered, since that is the report crate's
/// cost, not validation's.
pub fn validate_ndjson(validator: &Validator, input: impl Read) -> io::Result<NdjsonSummary> {
    pipeline::validate_lines(input, validator, &CountOnly, &mut io::sink())
        .map_err(io::Error::other)
}

/// The whole of `hookcheck validate --ndjson --format json` but for the
/// process: the same pipeline with the JSON report of every line, written
/// to `out`; returns the summary the closing line would give.
pub fn ndjson_json_reports(
    validator: &Validator,
    input: impl Read,
    out: &mut dyn Write,
) -> io::Result<Summary> {
    let reports = LineReports::new("bench.ndjson", Format::Json)?;
    pipeline::validate_lines(input, validator, &reports, out).map_err(io::Error::other)
}

/// Whether a validation has a finding of severity `error` (what makes
/// `hookcheck` call a document not ready).
pub fn has_error(validation: &Validation) -> bool {
    validation
        .findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
}

/// The straightforward approach the fast path is measured against: parse
/// into a `serde_json::Value`, then ask `jsonschema` with the same schema,
/// formats checked as hookcheck checks them.
pub struct Baseline {
    schema: jsonschema::Validator,
}

impl std::fmt::Debug for Baseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Baseline").finish_non_exhaustive()
    }
}

impl Default for Baseline {
    fn default() -> Self {
        Baseline::new()
    }
}

impl Baseline {
    /// Compiles the notification schema.
    ///
    /// # Panics
    ///
    /// Never: the schema is embedded, and hookcheck-payload's tests compile it.
    pub fn new() -> Baseline {
        #[allow(
            clippy::expect_used,
            reason = "the embedded schema parses and compiles; hookcheck-payload's tests prove it"
        )]
        let schema: Value =
            serde_json::from_str(NOTIFICATION_SCHEMA).expect("the embedded schema is JSON");
        #[allow(
            clippy::expect_used,
            reason = "the embedded schema parses and compiles; hookcheck-payload's tests prove it"
        )]
        let schema = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the embedded schema compiles");
        Baseline { schema }
    }

    /// Whether the document is a valid notification.
    pub fn is_valid(&self, bytes: &[u8]) -> bool {
        serde_json::from_slice::<Value>(bytes).is_ok_and(|doc| self.schema.is_valid(&doc))
    }
}

/// What the baseline loop counted over an NDJSON input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaselineCounts {
    /// Non-empty lines checked.
    pub lines: u64,
    /// Lines that are not valid notifications.
    pub invalid: u64,
}

/// The plain loop `hookcheck validate --ndjson` is measured against in
/// `cargo xtask bench-report`: one thread, each line read into a reused
/// buffer, parsed into a `serde_json::Value` and given to `jsonschema`'s
/// `is_valid` ([`Baseline`]). It reports nothing but the count, so every
/// cost beyond it in hookcheck's figure is hookcheck's own.
pub fn baseline_ndjson(baseline: &Baseline, input: impl Read) -> io::Result<BaselineCounts> {
    let mut reader = BufReader::with_capacity(NDJSON_BUFFER, input);
    let mut line = Vec::new();
    let mut counts = BaselineCounts::default();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(counts);
        }
        let document = line.strip_suffix(b"\n").unwrap_or(&line);
        if document.is_empty() {
            continue;
        }
        counts.lines += 1;
        counts.invalid += u64::from(!baseline.is_valid(document));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_small_valid_payload_is_the_captured_change_delivery() {
        let case = Case::new(Size::Small, Variant::Valid);
        assert_eq!(case.bytes, CHANGE.as_bytes());
        // The length the capture recorded as its Content-Length.
        assert_eq!(case.bytes.len(), 217);
    }

    #[test]
    fn variants_change_only_their_value() {
        for size in Size::ALL {
            let valid = String::from_utf8(Case::new(size, Variant::Valid).bytes).unwrap();
            let bad_date = String::from_utf8(Case::new(size, Variant::BadDate).bytes).unwrap();
            let wrong_id =
                String::from_utf8(Case::new(size, Variant::WrongChannelId).bytes).unwrap();
            assert_eq!(bad_date, valid.replace(CHANGES_SINCE, BAD_DATE));
            assert_eq!(wrong_id, valid.replace(CHANNEL_ID, WRONG_CHANNEL_ID));
            assert_ne!(bad_date, valid);
            assert_ne!(wrong_id, valid);
        }
    }

    #[test]
    fn the_large_payload_is_about_30_kb_of_distinct_ids() {
        let large = Case::new(Size::Large, Variant::Valid);
        assert!(
            (28_000..32_000).contains(&large.bytes.len()),
            "{}",
            large.bytes.len()
        );
        let doc: Value = serde_json::from_slice(&large.bytes).unwrap();
        let ids = doc["channel"]["filters"]["calendar_ids"]
            .as_array()
            .unwrap();
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), LARGE_CALENDAR_IDS);
    }

    #[test]
    fn the_ndjson_mix_holds_three_percent_invalid_lines() {
        let corpus = ndjson_corpus(NDJSON_BYTES);
        assert!(corpus.counts.bytes >= NDJSON_BYTES);
        assert_eq!(corpus.counts.bytes, corpus.bytes.len() as u64);
        let text = std::str::from_utf8(&corpus.bytes).unwrap();
        assert!(text.ends_with('\n'));
        assert_eq!(text.lines().count() as u64, corpus.counts.lines);
        let (invalid, lines) = (corpus.counts.invalid, corpus.counts.lines);
        assert!(
            (3 * lines..4 * lines).contains(&(100 * invalid)),
            "{invalid} of {lines}"
        );
    }
}
