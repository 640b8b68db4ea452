//! The French text pipeline on arbitrary text: analyzer terms, and boilerplate stripping with
//! the input cut in two (title, text) at a position taken from the data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veille::text::boilerplate::strip_boilerplate;
use veille::text::{Analyzer, AnalyzerConfig};

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

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let mut analyzer = Analyzer::new(AnalyzerConfig::default());
    let _ = analyzer.terms(&s);

    let (title, text) = s.split_at(split_point(data, &s));
    let clean = strip_boilerplate(title, text);
    // What training and scoring do next with a cleaned article.
    let _ = analyzer.terms(&clean.title);
    let _ = analyzer.terms(&clean.text);
});
