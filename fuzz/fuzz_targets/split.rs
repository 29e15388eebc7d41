#![no_main]
//! Fuzz target `split`: the invariants are checked in `harness::split`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::split(data));
