//! libFuzzer's entry for the `chain` target (see `hookcheck_fuzz::chain`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::chain::run(data));
