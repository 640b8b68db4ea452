//! Country tagging with the bundled gazetteer on arbitrary title/text, and gazetteer parsing of
//! arbitrary text (an error, never a panic; a gazetteer that does parse is used to tag too).
//!
//! The work itself is in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::gazetteer(data);
});
