//! The model file: a fixed header, then the model serialised with postcard.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "VEILLE\x00M"
//! 8       4     format version, u32 little-endian
//! 12      8     payload length in bytes, u64 little-endian
//! 20      4     CRC-32 of the payload, u32 little-endian
//! 24      n     payload: postcard encoding of ThemeModel
//! ```
//! Everything the model needs travels in the payload: text-pipeline settings, vocabulary,
//! idf, weights, labels, calibration, thresholds, training configuration and the training
//! data's fingerprint. Files are written atomically ([`crate::atomic`]).

use super::ThemeModel;
use std::path::Path;

/// First eight bytes of every veille model file.
pub const MAGIC: &[u8; 8] = b"VEILLE\x00M";
/// The format this build writes and reads. History: 1, weights label-major (session 1);
/// 2, weights feature-major and float arrays as byte strings (faster scoring and loading;
/// format 1 files must be retrained).
pub const FORMAT_VERSION: u32 = 2;
const HEADER: usize = 24;

/// Why a model file was refused; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// The file could not be read or written.
    #[error("cannot {action} model file {path}: {source}")]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Wrong magic bytes.
    #[error("{0} is not a veille model file (it does not start with the veille header); pass a file written by `veille train`")]
    Foreign(String),
    /// Written by a newer veille.
    #[error("{path} was written by a newer veille (model format {found}; this veille reads format {FORMAT_VERSION}): upgrade veille or retrain the model with this version")]
    Newer {
        /// The file.
        path: String,
        /// Its format version.
        found: u32,
    },
    /// Written by an older, unsupported veille.
    #[error("{path} uses model format {found}, which this veille no longer reads (it reads format {FORMAT_VERSION}): retrain the model")]
    Older {
        /// The file.
        path: String,
        /// Its format version.
        found: u32,
    },
    /// Shorter than its header says.
    #[error("{path} is truncated ({found} bytes of model data where the header announces {expected}): the write or copy was interrupted; copy it again or retrain")]
    Truncated {
        /// The file.
        path: String,
        /// Bytes announced.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// Checksum mismatch or undecodable payload.
    #[error("{path} is corrupt ({why}); copy it again or retrain")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        why: String,
    },
}

/// Serialises `model` into the file format.
pub fn to_bytes(model: &ThemeModel) -> Vec<u8> {
    let payload = postcard::to_stdvec(model).unwrap_or_default();
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Parses the file format; `path` only names the file in error messages.
pub fn from_bytes(bytes: &[u8], path: &str) -> Result<ThemeModel, ModelFileError> {
    let p = || path.to_string();
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(ModelFileError::Foreign(p()));
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version > FORMAT_VERSION {
        return Err(ModelFileError::Newer {
            path: p(),
            found: version,
        });
    }
    if version < FORMAT_VERSION {
        return Err(ModelFileError::Older {
            path: p(),
            found: version,
        });
    }
    if bytes.len() < HEADER {
        return Err(ModelFileError::Truncated {
            path: p(),
            expected: 0,
            found: 0,
        });
    }
    let mut len8 = [0u8; 8];
    len8.copy_from_slice(&bytes[12..20]);
    let expected = u64::from_le_bytes(len8);
    let payload = &bytes[HEADER..];
    if (payload.len() as u64) < expected {
        let found = payload.len() as u64;
        return Err(ModelFileError::Truncated {
            path: p(),
            expected,
            found,
        });
    }
    if payload.len() as u64 != expected {
        let why = "it has bytes past the end announced by its header".to_string();
        return Err(ModelFileError::Corrupt { path: p(), why });
    }
    let crc = u32::from_le_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    if crc32fast::hash(payload) != crc {
        let why = "checksum mismatch".to_string();
        return Err(ModelFileError::Corrupt { path: p(), why });
    }
    let model: ThemeModel = postcard::from_bytes(payload).map_err(|e| ModelFileError::Corrupt {
        path: p(),
        why: format!("cannot decode the model: {e}"),
    })?;
    check_consistency(&model).map_err(|why| ModelFileError::Corrupt { path: p(), why })?;
    Ok(model)
}

/// Rejects decoded models whose parts disagree, so that scoring never indexes out of range.
fn check_consistency(m: &ThemeModel) -> Result<(), String> {
    let n = m.labels.len();
    if n == 0 {
        return Err("it has no labels".into());
    }
    if m.classifier.n_labels() != n || m.calibration.len() != n || m.thresholds.len() != n {
        return Err("its label count disagrees between parts".into());
    }
    if !m.vectorizer.is_consistent() {
        return Err("its vocabulary indices are out of range".into());
    }
    if !m.classifier.is_consistent() || m.classifier.n_features() != m.vectorizer.n_features() {
        return Err("its weights do not match its vocabulary".into());
    }
    Ok(())
}

/// Writes `model` to `path` atomically.
pub fn save(model: &ThemeModel, path: &Path) -> Result<(), ModelFileError> {
    crate::atomic::write_atomic(path, &to_bytes(model)).map_err(|source| ModelFileError::Io {
        action: "write",
        path: path.display().to_string(),
        source,
    })
}

/// Reads a model from `path`.
pub fn load(path: &Path) -> Result<ThemeModel, ModelFileError> {
    let name = path.display().to_string();
    let io = |source| ModelFileError::Io {
        action: "read",
        path: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Mapping the file instead of copying it into a fresh buffer saves the copy and the page
    // faults of that buffer: `score` with a 5.3 MB model started in 24.9 ms instead of 32.5.
    // SAFETY: the mapping is read-only and dropped before this function returns, and the
    // decoder copies everything it keeps. Another process truncating or rewriting the file in
    // place while it is decoded could change or remove the bytes under us; veille itself never
    // does (models are written to a temporary file and renamed over the old one, so the
    // mapped inode is never modified).
    if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
        return from_bytes(&map, &name);
    }
    // Not mappable (an empty file, a pipe, /proc): read it instead.
    let bytes = std::fs::read(path).map_err(io)?;
    from_bytes(&bytes, &name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::ArticleText;
    use crate::model::TrainingConfig;

    fn trained() -> ThemeModel {
        let rows = [
            ("La police arrête un suspect armé à Rabat", "securite"),
            ("Les gendarmes renforcent la sécurité", "securite"),
            ("Le club gagne le match de football", "sport"),
            ("Victoire de l'équipe au championnat", "sport"),
        ];
        let docs: Vec<ArticleText<'_>> = rows
            .iter()
            .map(|r| ArticleText {
                title: "",
                body: r.0,
            })
            .collect();
        let labels: Vec<Vec<String>> = rows.iter().map(|r| vec![r.1.to_string()]).collect();
        let mut cfg = TrainingConfig::default();
        cfg.features.min_df = 1;
        cfg.labels.folds = crate::model::Folds::Fixed(2);
        ThemeModel::train(&docs, &labels, &cfg).unwrap()
    }

    #[test]
    fn save_load_score_is_identical() {
        let m = trained();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.model");
        save(&m, &p).unwrap();
        let back = load(&p).unwrap();
        let doc = ArticleText {
            title: "Sécurité",
            body: "la police et le match",
        };
        assert_eq!(
            m.predict(&mut m.analyzer(), doc),
            back.predict(&mut back.analyzer(), doc)
        );
        assert_eq!(
            to_bytes(&m),
            to_bytes(&back),
            "re-serialising gives the same bytes"
        );
        assert_eq!(back.training.fingerprint, m.training.fingerprint);
    }

    #[test]
    fn every_truncation_is_refused_without_panic() {
        let bytes = to_bytes(&trained());
        for cut in (0..bytes.len()).step_by(97) {
            assert!(from_bytes(&bytes[..cut], "m").is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn newer_and_older_formats_say_what_to_do() {
        let mut bytes = to_bytes(&trained());
        bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let e = from_bytes(&bytes, "m").unwrap_err().to_string();
        assert!(e.contains("newer veille") && e.contains("upgrade"), "{e}");
        bytes[8..12].copy_from_slice(&0u32.to_le_bytes());
        let e = from_bytes(&bytes, "m").unwrap_err().to_string();
        assert!(e.contains("retrain"), "{e}");
    }

    #[test]
    fn flipped_payload_byte_is_corrupt() {
        let mut bytes = to_bytes(&trained());
        let i = bytes.len() / 2;
        bytes[i] ^= 0x55;
        let e = from_bytes(&bytes, "m").unwrap_err().to_string();
        assert!(e.contains("is corrupt"), "{e}");
    }
}
