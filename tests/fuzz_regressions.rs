//! Replays the inputs kept from the cargo-fuzz targets in `fuzz/` (see `fuzz/README.md`).
//!
//! `tests/fuzz_regressions/<target>/` holds, for each fuzz target, the inputs worth running on
//! every CI run: minimised crashes (after their fix) and small inputs that reached new code
//! while fuzzing. Each test here runs the fuzz target's own harness function (`fuzz/harness.rs`)
//! and fails, naming the file, when it panics.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

/// The files of `tests/fuzz_regressions/<target>/`, sorted, with their bytes.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

/// Runs `f` on every input of `target`; fails naming each input that panicked.
fn replay(target: &str, mut f: impl FnMut(&[u8])) {
    let mut failed = Vec::new();
    for (path, bytes) in inputs(target) {
        if catch_unwind(AssertUnwindSafe(|| f(&bytes))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{target}: panicked on {failed:?}");
}

#[test]
fn text_pipeline() {
    replay("text_pipeline", harness::text_pipeline);
}

#[test]
fn gazetteer() {
    replay("gazetteer", harness::gazetteer);
}

#[test]
fn jsonl_reader() {
    replay("jsonl_reader", harness::jsonl_reader);
}

#[test]
fn csv_reader() {
    replay("csv_reader", harness::csv_reader);
}

#[test]
fn model_loader() {
    let mut loaded = Vec::new();
    replay("model_loader", |data| {
        if harness::model_loader(data) {
            loaded.push(data.len());
        }
    });
    assert!(
        loaded.is_empty(),
        "model_loader: inputs of sizes {loaded:?} loaded as models; every kept input must be refused"
    );
}
