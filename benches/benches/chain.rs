//! Chain diagnosis per chain (`hookcheck_tls::diagnose`: parse, build the
//! path, check every certificate, and webpki's verdict) beside webpki's
//! verification alone, on fixture chains. `tests/chain.rs` is its test twin.

use std::hint::black_box;

use benches::chain::chain_cases;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn chain(c: &mut Criterion) {
    for case in chain_cases() {
        let mut group = c.benchmark_group(format!("chain/{}", case.name));
        group.throughput(Throughput::ElementsAndBytes {
            elements: 1,
            bytes: case.bytes(),
        });
        group.bench_function("diagnose", |b| b.iter(|| black_box(&case).diagnose()));
        group.bench_function("webpki", |b| b.iter(|| black_box(&case).webpki()));
        group.finish();
    }
}

criterion_group!(chain_group, chain);
criterion_main!(chain_group);
