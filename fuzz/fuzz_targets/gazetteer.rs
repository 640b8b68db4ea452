//! Country tagging with the bundled gazetteer on arbitrary title/text, and gazetteer parsing of
//! arbitrary text (an error, never a panic; a gazetteer that does parse is used to tag too).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use veille::countries::CountryTagger;

static BUNDLED: OnceLock<CountryTagger> = OnceLock::new();

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
    let tagger = BUNDLED.get_or_init(CountryTagger::bundled);
    let (title, text) = s.split_at(split_point(data, &s));
    let _ = tagger.tag(title, text);
    let _ = tagger.tag("", &s);

    if let Ok(custom) = CountryTagger::from_tsv(&s) {
        let _ = custom.tag(title, text);
    }
});
