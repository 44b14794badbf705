//! libFuzzer's entry for the `config` target (see `hookcheck_fuzz::config`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::config::run(data));
