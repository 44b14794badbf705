//! libFuzzer's entry for the `payload` target (see `hookcheck_fuzz::payload`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::payload::run(data));
