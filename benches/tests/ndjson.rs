//! The test twin of `benches/ndjson.rs`: each measured function, run once on
//! the benchmark's corpus, finds exactly the invalid lines the corpus holds,
//! and the JSON path writes one schema-valid report per line.

use benches::{
    Baseline, NDJSON_BYTES, baseline_ndjson, ndjson_corpus, ndjson_json_reports, validate_ndjson,
};
use hookcheck_core::REPORT_SCHEMA;
use hookcheck_payload::{Options, Validator};
use serde_json::Value;

#[test]
fn every_measured_function_finds_every_invalid_line() {
    let validator = Validator::new(Options::default());
    let corpus = ndjson_corpus(NDJSON_BYTES);
    let summary = validate_ndjson(&validator, corpus.bytes.as_slice()).unwrap();
    assert_eq!(summary.lines, corpus.counts.lines);
    assert_eq!(summary.invalid, corpus.counts.invalid);
    // Each invalid line is wrong in one value, so it has one finding.
    assert_eq!(summary.findings, corpus.counts.invalid);

    let counted = baseline_ndjson(&Baseline::new(), corpus.bytes.as_slice()).unwrap();
    assert_eq!(counted.lines, corpus.counts.lines);
    assert_eq!(counted.invalid, corpus.counts.invalid);

    let mut out = Vec::new();
    let summary = ndjson_json_reports(&validator, corpus.bytes.as_slice(), &mut out).unwrap();
    assert_eq!(summary.ready + summary.not_ready, corpus.counts.lines);
    assert_eq!(summary.not_ready, corpus.counts.invalid);
    let schema: Value = serde_json::from_str(REPORT_SCHEMA).unwrap();
    let schema = jsonschema::validator_for(&schema).unwrap();
    let mut numbers = 0;
    for (index, line) in out
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .enumerate()
    {
        let report: Value = serde_json::from_slice(line).unwrap();
        assert_eq!(report["line"], index as u64 + 1);
        // Every report of the first thousand lines (both kinds, fast and
        // rendered) against the schema; the rest by their line numbers.
        if index < 1000 {
            assert!(schema.is_valid(&report), "{report}");
        }
        numbers += 1;
    }
    assert_eq!(numbers, corpus.counts.lines);
}
