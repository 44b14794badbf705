//! NDJSON throughput in process, on a few megabytes of mixed deliveries:
//! the payload crate's pipeline `hookcheck validate --ndjson` runs (every
//! core), counting outcomes (`validate`) or writing every line's JSON report
//! as `--format json` does (`json`), beside the plain single-threaded loop
//! of `serde_json::Value` and `jsonschema` (`baseline`). `tests/ndjson.rs`
//! is its test twin.

use std::hint::black_box;
use std::io;

use benches::{
    Baseline, NDJSON_BYTES, baseline_ndjson, ndjson_corpus, ndjson_json_reports, validate_ndjson,
};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use hookcheck_payload::{Options, Validator};

fn ndjson(c: &mut Criterion) {
    let validator = Validator::new(Options::default());
    let baseline = Baseline::new();
    let corpus = ndjson_corpus(NDJSON_BYTES);
    let mut group = c.benchmark_group("ndjson");
    group.throughput(Throughput::ElementsAndBytes {
        elements: corpus.counts.lines,
        bytes: corpus.counts.bytes,
    });
    // One iteration takes tens of milliseconds: flat sampling with fewer
    // samples keeps the run within its measurement time.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.bench_function("validate", |b| {
        b.iter(|| validate_ndjson(&validator, black_box(corpus.bytes.as_slice())));
    });
    group.bench_function("json", |b| {
        b.iter(|| {
            ndjson_json_reports(
                &validator,
                black_box(corpus.bytes.as_slice()),
                &mut io::sink(),
            )
        });
    });
    group.bench_function("baseline", |b| {
        b.iter(|| baseline_ndjson(&baseline, black_box(corpus.bytes.as_slice())));
    });
    group.finish();
}

criterion_group!(ndjson_group, ndjson);
criterion_main!(ndjson_group);
