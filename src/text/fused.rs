//! Normalisation and tokenisation in one pass over the input, for text where the two-step
//! chain ([`super::normalize`] then [`super::tokenize`]) works character by character.
//!
//! That is the case when the text is already in Unicode NFC (so composition changes nothing)
//! and contains no `İ` (U+0130, the only character whose lowercase is two characters). Then the
//! normalised text is the input with each character mapped on its own, apostrophe look-alikes
//! to `'` and everything else to its lowercase, and a character is alphanumeric exactly when its
//! image is (a unit test checks every character). So words can be cut from the input directly:
//! a word already in lowercase is borrowed from the input, no copy made; only words with a
//! capital are lowercased, into a scratch buffer.

use super::normalize::APOSTROPHES;
use super::tokenize::ELISIONS;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized};

/// The character that needs the slow path: its lowercase is `i` plus a combining dot. Its
/// UTF-8 encoding is C4 B0, which [`applies`] looks for.
#[cfg(test)]
const DOTTED_CAPITAL_I: char = '\u{130}';

/// Whether [`for_each_word`] gives the same words as normalising then tokenising `text`.
///
/// Characters below U+0300 (ASCII, Latin-1, Latin Extended, IPA) are all NFC-stable with
/// combining class 0; every other character must be NFC-stable on its own with combining class
/// 0 (so no reordering can arise either). Conservative: text with a stable combining mark goes
/// the slow way, which gives the same words.
pub(super) fn applies(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        return true;
    }
    // Characters below U+0300 are encoded with lead bytes up to 0xCB, and `İ` as C4 B0;
    // continuation bytes are below 0xC0. So only lead bytes from 0xCC need a closer look, and
    // runs of eight ASCII bytes (most of French text) are skipped at once.
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let ok = match bytes[i] {
            0xC4 => bytes.get(i + 1) != Some(&0xB0),
            0xCC.. => {
                let c = next_char(text, i);
                canonical_combining_class(c) == 0
                    && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
            }
            _ => true,
        };
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether the normalised image of `c` is alphanumeric, without a table lookup for Latin-1
/// and for general punctuation (’ « » — …), the non-ASCII characters of French text. An
/// apostrophe look-alike is never alphanumeric, even `ʼ` (U+02BC, a modifier letter), as it
/// becomes `'`.
#[inline]
fn is_alnum(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{FF}' => c != '×' && c != '÷',
        '\u{80}'..='\u{BF}' => matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼' | '½' | '¾'),
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric() && !APOSTROPHES.contains(&c),
    }
}

/// Whether `c` is its own lowercase (Latin-1 small letters without a lookup).
#[inline]
fn is_lower(c: char) -> bool {
    ('\u{DF}'..='\u{FF}').contains(&c) || c.to_lowercase().eq(std::iter::once(c))
}

/// Calls `f` with each word of `text` (lowercased, elisions and pure numbers dropped), exactly
/// as `tokenize::words(&normalize(text))` would list them. Requires [`applies`]`(text)`.
pub(super) fn for_each_word(text: &str, scratch: &mut String, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip separators.
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = next_char(text, i);
            if !is_alnum(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A word starts at `i`.
        let start = i;
        let mut lower = true;
        let mut digits = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                lower &= !b.is_ascii_uppercase();
                digits &= b.is_ascii_digit();
                i += 1;
            } else {
                let c = next_char(text, i);
                if !is_alnum(c) {
                    break;
                }
                lower &= is_lower(c);
                digits = false;
                i += c.len_utf8();
            }
        }
        if digits {
            continue;
        }
        let raw = &text[start..i];
        let word: &str = if lower {
            raw
        } else {
            scratch.clear();
            for c in raw.chars() {
                if c.is_ascii() {
                    scratch.push(c.to_ascii_lowercase());
                } else {
                    scratch.extend(c.to_lowercase());
                }
            }
            scratch
        };
        let elided =
            i < bytes.len() && is_apostrophe(next_char(text, i)) && ELISIONS.contains(&word);
        if !elided {
            f(word);
        }
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || APOSTROPHES.contains(&c)
}

/// The character starting at byte `i` of `text` (a character boundary inside the text).
#[inline]
fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize;
    use crate::text::tokenize::words;

    fn two_step(text: &str) -> Vec<String> {
        words(&normalize(text)).map(str::to_string).collect()
    }

    fn fused(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut scratch = String::new();
        for_each_word(text, &mut scratch, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn every_char_maps_to_one_char_with_the_same_class() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if c == DOTTED_CAPITAL_I {
                continue;
            }
            let mut lower = c.to_lowercase();
            let l = lower.next().expect("at least one char");
            assert!(lower.next().is_none(), "{c:?} lowercases to several chars");
            let image = if APOSTROPHES.contains(&c) { '\'' } else { l };
            assert_eq!(is_alnum(c), image.is_alphanumeric(), "{c:?}");
            assert_eq!(is_lower(c), l == c, "{c:?}");
            assert_eq!(image == '\'', is_apostrophe(c), "{c:?}");
            if c < '\u{300}' {
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            }
        }
    }

    #[test]
    fn french_examples_match_the_two_step_chain() {
        for t in [
            "L’Intérieur d'Espagne, qu’il JUSQU’À 2024 Maroco-Françaises",
            "ÉTATS-UNIS : la Sécurité « renforcée » — ÇA VA ?",
            "straße ŒUVRE Ǆemal ǅ Σίσυφος ΣΑΣ 日本 المغرب",
            "l´avion d`abord qu‘il n′a lʼhomme",
        ] {
            assert!(applies(t), "{t}");
            assert_eq!(fused(t), two_step(t), "{t}");
        }
    }

    #[test]
    fn decomposed_text_and_dotted_i_take_the_slow_path() {
        assert!(!applies("se\u{301}curite\u{301}"));
        assert_eq!(DOTTED_CAPITAL_I.to_string().as_bytes(), [0xC4, 0xB0]);
        assert!(!applies("İstanbul"));
        assert!(applies("Istanbul"));
    }

    proptest::proptest! {
        #[test]
        fn fused_agrees_with_the_two_step_chain(
            s in "(\\PC|[A-Za-zÉÈÀÇŒéèàçœ' ’`´0-9-]|\u{301}|\u{130}){0,60}"
        ) {
            if applies(&s) {
                proptest::prop_assert_eq!(fused(&s), two_step(&s));
            }
        }

        #[test]
        fn applies_is_the_cheap_form_of_its_rule(
            s in "(\\PC|[A-Za-zÉéàç’«» 0-9]|\u{301}|\u{130}|\u{2000}){0,60}"
        ) {
            let nfc = is_nfc_quick(s.chars()) == IsNormalized::Yes;
            let dotted = s.contains(DOTTED_CAPITAL_I);
            if applies(&s) {
                proptest::prop_assert!(nfc && !dotted);
            }
            if s.chars().all(|c| c < '\u{300}') && !dotted {
                proptest::prop_assert!(applies(&s));
            }
        }
    }
}
