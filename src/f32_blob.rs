//! `#[serde(with = "crate::f32_blob")]` for large `Vec<f32>` fields of the model file: written
//! as one byte string of little-endian floats instead of a sequence of numbers, so loading a
//! model decodes its weights at memory speed (postcard otherwise visits every float).

use serde::de::{Error, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// Writes the floats as one byte string (4 bytes each, little-endian).
pub fn serialize<S: Serializer>(v: &[f32], s: S) -> Result<S::Ok, S::Error> {
    let mut bytes = Vec::with_capacity(v.len() * 4);
    for x in v {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    s.serialize_bytes(&bytes)
}

/// Reads a byte string written by [`serialize`]; a length that is not a multiple of 4 is an
/// error (a corrupt file), never a panic.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
    d.deserialize_bytes(BlobVisitor)
}

struct BlobVisitor;

impl<'de> Visitor<'de> for BlobVisitor {
    type Value = Vec<f32>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a byte string of little-endian f32 values")
    }

    fn visit_bytes<E: Error>(self, b: &[u8]) -> Result<Vec<f32>, E> {
        if !b.len().is_multiple_of(4) {
            return Err(E::custom(format!(
                "{} bytes is not a whole number of 4-byte floats",
                b.len()
            )));
        }
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn visit_byte_buf<E: Error>(self, b: Vec<u8>) -> Result<Vec<f32>, E> {
        self.visit_bytes(&b)
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct W(#[serde(with = "super")] Vec<f32>);

    #[test]
    fn round_trips_and_refuses_ragged_lengths() {
        let w = W(vec![0.0, -1.5, f32::MAX, 1e-30]);
        let bytes = postcard::to_allocvec(&w).unwrap();
        assert_eq!(postcard::from_bytes::<W>(&bytes).unwrap(), w);
        // postcard: varint length, then the bytes; claim 3 bytes.
        assert!(postcard::from_bytes::<W>(&[3, 1, 2, 3]).is_err());
    }
}
