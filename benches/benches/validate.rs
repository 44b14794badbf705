//! Per-payload validation: hookcheck's fast path (`Validator::is_valid`) and
//! full check (`Validator::validate`, with findings) beside the baseline
//! (`serde_json::Value` + `jsonschema`), small and large, valid and invalid,
//! all measured in the same run. `tests/validate.rs` is its test twin.

use std::hint::black_box;

use benches::{Baseline, cases};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hookcheck_payload::{Options, Validator};

fn validate(c: &mut Criterion) {
    let validator = Validator::new(Options::default());
    let baseline = Baseline::new();
    for case in cases() {
        // One group per payload, so each implementation is read against the
        // baseline on the same bytes. One iteration is one document.
        let mut group = c.benchmark_group(format!("validate/{}", case.name()));
        group.throughput(Throughput::ElementsAndBytes {
            elements: 1,
            bytes: case.bytes.len() as u64,
        });
        let bytes = case.bytes.as_slice();
        group.bench_function("is_valid", |b| {
            b.iter(|| validator.is_valid(black_box(bytes)));
        });
        group.bench_function("validate", |b| {
            b.iter(|| validator.validate(black_box(bytes)));
        });
        group.bench_function("baseline", |b| {
            b.iter(|| baseline.is_valid(black_box(bytes)));
        });
        group.finish();
    }
}

criterion_group!(validate_group, validate);
criterion_main!(validate_group);
