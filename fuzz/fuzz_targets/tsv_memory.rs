#![no_main]
//! Fuzz target `tsv_memory`: the invariants are checked in `harness::tsv_memory`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::tsv_memory(data));
