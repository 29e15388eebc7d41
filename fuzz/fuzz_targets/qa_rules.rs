#![no_main]
//! Fuzz target `qa_rules`: the invariants are checked in `harness::qa_rules`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::qa_rules(data));
