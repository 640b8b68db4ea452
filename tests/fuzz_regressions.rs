//! Replays the inputs kept from the cargo-fuzz targets in `fuzz/` (see `fuzz/README.md`).
//!
//! `tests/fuzz_regressions/<target>/` holds, for each fuzz target, the inputs worth running on
//! every CI run: minimised crashes (after their fix) and small inputs that reached new code
//! while fuzzing. Each test here calls the same library functions as the fuzz target of the
//! same name and fails, naming the file, when any of them panics.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use veille::corpus::csv_reader::read_csv;
use veille::corpus::jsonl::JsonlRecords;
use veille::corpus::RawRecord;
use veille::countries::CountryTagger;
use veille::features::ArticleText;
use veille::model::file::{from_bytes, MAGIC};
use veille::text::boilerplate::strip_boilerplate;
use veille::text::{Analyzer, AnalyzerConfig};

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

/// A char boundary of `s` chosen from the first two bytes of the data (as in the fuzz targets).
fn split_point(data: &[u8], s: &str) -> usize {
    let seed = match data {
        [a, b, ..] => u16::from_le_bytes([*a, *b]) as usize,
        [a] => *a as usize,
        [] => 0,
    };
    let mut i = seed % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn use_record(r: &RawRecord, split_labels: bool) {
    let _ = r.text_of(&["title".into(), "text".into()]);
    let _ = r.labels("themes", split_labels);
    let _ = r.id();
    let _ = r.opt_str("date");
}

#[test]
fn text_pipeline() {
    replay("text_pipeline", |data| {
        let s = String::from_utf8_lossy(data);
        let mut analyzer = Analyzer::new(AnalyzerConfig::default());
        let _ = analyzer.terms(&s);
        let (title, text) = s.split_at(split_point(data, &s));
        let clean = strip_boilerplate(title, text);
        let _ = analyzer.terms(&clean.title);
        let _ = analyzer.terms(&clean.text);
    });
}

#[test]
fn gazetteer() {
    static BUNDLED: OnceLock<CountryTagger> = OnceLock::new();
    replay("gazetteer", |data| {
        let s = String::from_utf8_lossy(data);
        let tagger = BUNDLED.get_or_init(CountryTagger::bundled);
        let (title, text) = s.split_at(split_point(data, &s));
        let _ = tagger.tag(title, text);
        let _ = tagger.tag("", &s);
        if let Ok(custom) = CountryTagger::from_tsv(&s) {
            let _ = custom.tag(title, text);
        }
    });
}

#[test]
fn jsonl_reader() {
    replay("jsonl_reader", |data| {
        for rec in JsonlRecords::new(data, "fuzz.jsonl".to_string()) {
            match rec {
                Ok(r) => use_record(&r, false),
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    });
}

#[test]
fn csv_reader() {
    replay("csv_reader", |data| {
        let records = read_csv(
            Box::new(std::io::Cursor::new(data.to_vec())),
            "fuzz.csv".into(),
        );
        for rec in records {
            match rec {
                Ok(r) => use_record(&r, true),
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    });
}

/// Loads `bytes` as a model file; a model that loads is used once for scoring.
fn load_and_use(bytes: &[u8]) -> bool {
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
            true
        }
        Err(e) => {
            let _ = e.to_string();
            false
        }
    }
}

#[test]
fn model_loader() {
    let mut loaded = Vec::new();
    replay("model_loader", |data| {
        if load_and_use(data) {
            loaded.push(data.len());
        }
        // As the fuzz target does: the same file with its length and checksum fields fixed up,
        // so that the payload reaches the decoder and the consistency checks.
        if data.len() >= 24 && data.starts_with(MAGIC) {
            let mut fixed = data.to_vec();
            fixed[12..20].copy_from_slice(&((data.len() - 24) as u64).to_le_bytes());
            fixed[20..24].copy_from_slice(&crc32fast::hash(&data[24..]).to_le_bytes());
            load_and_use(&fixed);
        }
    });
    assert!(
        loaded.is_empty(),
        "model_loader: inputs of sizes {loaded:?} loaded as models; every kept input must be refused"
    );
}
