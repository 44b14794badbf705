//! libFuzzer's entry for the `hello` target (see `hookcheck_fuzz::hello`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::hello::run(data));
