#![no_main]
//! Fuzz target `qa_fix`: the invariants are checked in `harness::qa_fix`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::qa_fix(data));
