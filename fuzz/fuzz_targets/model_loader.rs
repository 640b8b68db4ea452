//! The model file parser on arbitrary bytes: Ok or Err, never a panic.
//!
//! The header carries a CRC-32 of the payload, which random mutations almost never satisfy, so
//! besides the input as it is, an input that starts with the magic bytes is also loaded with its
//! length and checksum fields recomputed: that reaches the postcard decoder and the consistency
//! checks with mutated payloads. A model that loads is used once for scoring, which the
//! consistency checks exist to make safe.
//!
//! The work itself is in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    let _ = harness::model_loader(data);
});
