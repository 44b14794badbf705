//! libFuzzer's entry for the `answer` target (see `hookcheck_fuzz::answer`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::answer::run(data));
