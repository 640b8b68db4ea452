//! What each fuzz target does with its input, shared by the targets in `fuzz_targets/` and by
//! `tests/fuzz_regressions.rs` (which replays the kept inputs in `cargo test`), so that the two
//! cannot drift apart. Each function takes the raw fuzz input; none may panic.

// Each includer uses only some of the functions.
#![allow(dead_code)]

use std::sync::OnceLock;
use veille::corpus::csv_reader::read_csv;
use veille::corpus::jsonl::JsonlRecords;
use veille::corpus::RawRecord;
use veille::countries::CountryTagger;
use veille::features::ArticleText;
use veille::model::file::{from_bytes, MAGIC};
use veille::text::boilerplate::strip_boilerplate;
use veille::text::{Analyzer, AnalyzerConfig};

/// Size of the model file header (magic, version, payload length, CRC-32).
const MODEL_HEADER: usize = 24;

/// A char boundary of `s` chosen from the first two bytes of the data.
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

/// The French text pipeline on arbitrary text: analyzer terms, and boilerplate stripping with
/// the input cut in two (title, text) at a position taken from the data.
pub fn text_pipeline(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let mut analyzer = Analyzer::new(AnalyzerConfig::default());
    // The analyzer (one-pass scan, batches, memo) gives the terms of the plain two-step chain,
    // from a cold memo and from a warm one.
    let expected = plain_chain(analyzer.config(), &s);
    assert_eq!(analyzer.terms(&s), expected);
    assert_eq!(analyzer.terms(&s), expected);
    let (title, text) = s.split_at(split_point(data, &s));
    let clean = strip_boilerplate(title, text);
    // What training and scoring do next with a cleaned article.
    let _ = analyzer.terms(&clean.title);
    let _ = analyzer.terms(&clean.text);
}

/// Normalise, tokenise, drop short words and stopwords, stem: the analyzer's chain without
/// its shortcuts.
fn plain_chain(config: &AnalyzerConfig, text: &str) -> Vec<String> {
    let mut stemmer = veille::text::stemmer::FrenchStemmer::new();
    let normalised = veille::text::normalize::normalize(text);
    veille::text::tokenize::words(&normalised)
        .filter(|w| w.chars().count() >= config.min_token_chars)
        .filter(|w| !(config.stopwords && veille::text::stopwords::french().contains(w)))
        .map(|w| {
            if config.stem {
                stemmer.stem(w).to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// Country tagging with the bundled gazetteer on arbitrary title/text, and gazetteer parsing of
/// arbitrary text (an error, never a panic; a gazetteer that does parse is used to tag too).
pub fn gazetteer(data: &[u8]) {
    static BUNDLED: OnceLock<CountryTagger> = OnceLock::new();
    let s = String::from_utf8_lossy(data);
    let tagger = BUNDLED.get_or_init(CountryTagger::bundled);
    let (title, text) = s.split_at(split_point(data, &s));
    let _ = tagger.tag(title, text);
    let _ = tagger.tag("", &s);
    if let Ok(custom) = CountryTagger::from_tsv(&s) {
        let _ = custom.tag(title, text);
    }
}

/// What the commands read from a record.
fn use_record(r: &RawRecord, split_labels: bool) {
    let _ = r.text_of(&["title".into(), "text".into()]);
    let _ = r.labels("themes", split_labels);
    let _ = r.id();
    let _ = r.opt_str("date");
}

/// The JSONL reader and field extraction on arbitrary bytes.
pub fn jsonl_reader(data: &[u8]) {
    for rec in JsonlRecords::new(data, "fuzz.jsonl".to_string()) {
        match rec {
            Ok(r) => use_record(&r, false),
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
}

/// The CSV reader and field extraction on arbitrary bytes.
pub fn csv_reader(data: &[u8]) {
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
}

/// Loads `bytes` as a model file; a model that loads is used once for scoring. True if it
/// loaded.
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

/// The model file parser on arbitrary bytes: Ok or Err, never a panic. Returns whether the
/// input, as it is, loaded as a model.
///
/// The header carries a CRC-32 of the payload, which random mutations almost never satisfy, so
/// an input that starts with the magic bytes is also loaded with its length and checksum fields
/// recomputed: that reaches the postcard decoder and the consistency checks with mutated
/// payloads.
pub fn model_loader(data: &[u8]) -> bool {
    let loaded = load_and_use(data);
    if data.len() >= MODEL_HEADER && data.starts_with(MAGIC) {
        let mut fixed = data.to_vec();
        let payload_len = (data.len() - MODEL_HEADER) as u64;
        let crc = crc32fast::hash(&data[MODEL_HEADER..]);
        fixed[12..20].copy_from_slice(&payload_len.to_le_bytes());
        fixed[20..24].copy_from_slice(&crc.to_le_bytes());
        load_and_use(&fixed);
    }
    loaded
}
