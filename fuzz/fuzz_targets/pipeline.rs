//! libFuzzer's entry for the `pipeline` target (see `hookcheck_fuzz::pipeline`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::pipeline::run(data));
