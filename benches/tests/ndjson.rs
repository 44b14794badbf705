//! The test twin of `benches/ndjson.rs`: the measured function, run once on
//! the benchmark's corpus, finds exactly the invalid lines the corpus holds.

use benches::{NDJSON_BYTES, ndjson_corpus, validate_ndjson};
use hookcheck_payload::{Options, Validator};

#[test]
fn the_measured_function_finds_every_invalid_line() {
    let validator = Validator::new(Options::default());
    let corpus = ndjson_corpus(NDJSON_BYTES);
    let summary = validate_ndjson(&validator, corpus.bytes.as_slice()).unwrap();
    assert_eq!(summary.lines, corpus.counts.lines);
    assert_eq!(summary.invalid, corpus.counts.invalid);
    // Each invalid line is wrong in one value, so it has one finding.
    assert_eq!(summary.findings, corpus.counts.invalid);
}
