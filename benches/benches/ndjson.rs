//! NDJSON validation throughput of the library path `hookcheck validate
//! --ndjson` takes (`Lines` over a `BufReader`, `Validator::validate` per
//! line) on a few megabytes of mixed deliveries. `tests/ndjson.rs` is its
//! test twin.

use std::hint::black_box;

use benches::{NDJSON_BYTES, ndjson_corpus, validate_ndjson};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use hookcheck_payload::{Options, Validator};

fn ndjson(c: &mut Criterion) {
    let validator = Validator::new(Options::default());
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
    group.finish();
}

criterion_group!(ndjson_group, ndjson);
criterion_main!(ndjson_group);
