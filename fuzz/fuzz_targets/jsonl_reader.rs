//! The JSONL reader and field extraction on arbitrary bytes.
//!
//! The work itself is in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::jsonl_reader(data);
});
