#![no_main]
//! Fuzz target `align`: the invariants are checked in `harness::align`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::align(data));
