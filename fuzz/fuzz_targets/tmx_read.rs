#![no_main]
//! Fuzz target `tmx_read`: the invariants are checked in `harness::tmx_read`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::tmx_read(data));
