//! libFuzzer's entry for the `ndjson` target (see `hookcheck_fuzz::ndjson`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::ndjson::run(data));
