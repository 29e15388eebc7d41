#![no_main]
//! Fuzz target `glossary`: the invariants are checked in `harness::glossary`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::glossary(data));
