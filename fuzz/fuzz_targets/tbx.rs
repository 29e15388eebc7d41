#![no_main]
//! Fuzz target `tbx`: the invariants are checked in `harness::tbx`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::tbx(data));
