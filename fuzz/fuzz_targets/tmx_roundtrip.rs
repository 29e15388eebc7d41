#![no_main]
//! Fuzz target `tmx_roundtrip`: the invariants are checked in `harness::tmx_roundtrip`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::tmx_roundtrip(data));
