#![no_main]
//! Fuzz target `jsonl_memory`: the invariants are checked in `harness::jsonl_memory`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::jsonl_memory(data));
