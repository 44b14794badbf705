//! libFuzzer's entry for the `url_list` target (see `hookcheck_fuzz::url_list`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hookcheck_fuzz::url_list::run(data));
