//! The French text pipeline on arbitrary text: analyzer terms, and boilerplate stripping with
//! the input cut in two (title, text) at a position taken from the data.
//!
//! The work itself is in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::text_pipeline(data);
});
