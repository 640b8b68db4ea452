//! The model file parser on arbitrary bytes: Ok or Err, never a panic.
//!
//! The header carries a CRC-32 of the payload, which random mutations almost never satisfy, so
//! besides the input as it is, an input that starts with the magic bytes is also loaded with its
//! length and checksum fields recomputed: that reaches the postcard decoder and the consistency
//! checks with mutated payloads. A model that loads is used once for scoring, which the
//! consistency checks exist to make safe.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veille::features::ArticleText;
use veille::model::file::{from_bytes, MAGIC};

const HEADER: usize = 24;

fn load_and_use(bytes: &[u8]) {
    match from_bytes(bytes, "fuzz.model") {
        Ok(model) => {
            let mut analyzer = model.analyzer();
            let _ = model.predict(
                &mut analyzer,
                ArticleText {
                    title: "Le Maroc et la France",
                    body: "Les ministres ont discuté de sécurité, d'économie et de football.",
                },
            );
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    load_and_use(data);
    if data.len() >= HEADER && data.starts_with(MAGIC) {
        let mut fixed = data.to_vec();
        let payload_len = (data.len() - HEADER) as u64;
        let crc = crc32fast::hash(&data[HEADER..]);
        fixed[12..20].copy_from_slice(&payload_len.to_le_bytes());
        fixed[20..24].copy_from_slice(&crc.to_le_bytes());
        load_and_use(&fixed);
    }
});
