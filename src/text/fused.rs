//! Normalisation and tokenisation in one pass over the input, for text where the two-step
//! chain ([`super::normalize`] then [`super::tokenize`]) works character by character.
//!
//! That is the case when the text is already in Unicode NFC (so composition changes nothing)
//! and contains no `İ` (U+0130, the only character whose lowercase is two characters). Then the
//! normalised text is the input with each character mapped on its own, apostrophe look-alikes
//! to `'` and everything else to its lowercase, and a character is alphanumeric exactly when its
//! image is (a unit test checks every character). So words can be cut from the input directly,
//! as byte ranges: the analyzer builds the memo key of a word from its bytes, lowercased on the
//! fly, and copies or lowercases a word into a string only when it has not seen it before (and
//! for the rare capitals beyond Latin-1).

use super::normalize::APOSTROPHES;
use super::tokenize::ELISIONS;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized};

/// The character that needs the slow path: its lowercase is `i` plus a combining dot. Its
/// UTF-8 encoding is C4 B0, which [`applies`] looks for.
#[cfg(test)]
const DOTTED_CAPITAL_I: char = '\u{130}';

/// Whether [`scan`] takes `text` to its end (every character [`stable`]), without scanning
/// for words: for the rest of a long text, checked before its first words are used.
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

/// Whether the one-pass scan handles `c` on its own: not `İ`, combining class 0 and stable
/// under NFC. Text made only of such characters is in NFC and stays as it is under
/// normalisation, which is what [`applies`] checks ahead of a scan; [`scan`] checks it as it
/// goes. A test compares this with the Unicode tables for every character.
#[inline]
fn stable(c: char) -> bool {
    match c {
        '\u{0}'..='\u{2FF}' => c != '\u{130}',
        // General punctuation (’ « » — …), but U+2000 and U+2001, which NFC replaces.
        '\u{2002}'..='\u{206F}' => true,
        _ => {
            canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
        }
    }
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

/// How to get the lowercase form of a word [`scan`] cut from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Case {
    /// The word is in lowercase already: its bytes are the form.
    Lower,
    /// Capitals from ASCII only: [`lower_ascii_caps`] lowercases the word eight bytes at a
    /// time, and the form is as long as the word.
    Ascii,
    /// Capitals from ASCII and Latin-1 only (U+00C0 to U+00DE), each of which lowercases to
    /// the letter 0x20 above it, encoded in as many bytes: [`lower_latin1_byte`] lowercases the
    /// word byte by byte, and the form is as long as the word.
    Latin1,
    /// Other capitals: lowercase with [`lowercase_into`].
    Other,
}

/// A word cut from the text by [`scan`]: bytes `start..end`, and how to lowercase them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cut {
    pub start: usize,
    pub end: usize,
    pub case: Case,
}

/// Byte `b` of a [`Case::Latin1`] word lowercased, `prev` being the byte before it (0 for the
/// first): ASCII capitals, and the second byte of a Latin-1 capital (lead byte C3, second byte
/// 0x80 to 0x9E but 0x97, which is `×`).
#[inline]
pub(super) fn lower_latin1_byte(prev: u8, b: u8) -> u8 {
    if b.is_ascii_uppercase() || (prev == 0xC3 && (0x80..=0x9E).contains(&b) && b != 0x97) {
        b + 0x20
    } else {
        b
    }
}

/// `x` (eight bytes of text) with its ASCII capitals lowercased.
#[inline]
pub(super) fn lower_ascii_caps(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    // As in `lower_ascii_run`: the top bit of each byte of `upper` tells whether it is from
    // `A` to `Z`; shifted down by two it is the 0x20 that lowercases it.
    let y = x & !HIGH;
    let ge_a = y + (0x80 - u64::from(b'A')) * ONES;
    let gt_z = y + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = ge_a & !gt_z & !x & HIGH;
    x | upper >> 2
}

/// Writes the lowercase form of the word `raw` into `out` (cleared first).
pub(super) fn lowercase_into(raw: &str, out: &mut String) {
    out.clear();
    for c in raw.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Classes of ASCII bytes in [`ASCII_CLASS`].
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const LETTER: u8 = 4;

/// [`ALNUM`], [`UPPER`] and [`LETTER`] bits of each ASCII byte (0 for the rest).
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            ALNUM
        } else if c.is_ascii_lowercase() {
            ALNUM | LETTER
        } else if c.is_ascii_uppercase() {
            ALNUM | LETTER | UPPER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// How many of the eight bytes of `x` (little-endian: the first byte of the text lowest) are,
/// from the first, ASCII small letters `a` to `z`.
#[inline]
fn lower_ascii_run(x: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    // Each byte without its top bit, so the additions below never carry into the next byte;
    // then the top bit of each byte of `ge_a` tells whether it is at least `a`, of `gt_z`
    // whether it is beyond `z`; bytes that had their top bit set are not ASCII at all.
    let y = x & !HIGH;
    let ge_a = y + (0x80 - u64::from(b'a')) * ONES;
    let gt_z = y + (0x80 - u64::from(b'z') - 1) * ONES;
    let small = ge_a & !gt_z & !x & HIGH;
    ((!small & HIGH).trailing_zeros() / 8) as usize
}

/// Cuts `text` into words exactly as normalising then tokenising it would (lowercased,
/// elisions and pure numbers dropped), and calls `f` with each, in order, as long as `f`
/// returns true.
///
/// Returns false, at once, if `f` returns false or if the text has a character the one-pass
/// path does not handle (see [`stable`]): the caller then drops what it was given and takes
/// the two-step path. Words before such a character have been passed to `f` by then, so a
/// caller that acts on words before the scan is over checks the rest with [`applies`] first.
pub(super) fn scan(text: &str, mut f: impl FnMut(Cut) -> bool) -> bool {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // Skip separators.
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_CLASS[b as usize] & ALNUM == 0 {
                i += 1;
                continue;
            }
        } else {
            let c = next_char(text, i);
            if !stable(c) {
                return false;
            }
            if !is_alnum(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // A word starts at `i`.
        let start = i;
        let mut class = 0u8;
        let mut case = Case::Lower;
        loop {
            // Runs of small ASCII letters, eight bytes at a time.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let run = lower_ascii_run(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
                if run > 0 {
                    class |= LETTER;
                    i += run;
                    if run == 8 {
                        continue;
                    }
                }
            }
            let Some(&b) = bytes.get(i) else { break };
            if b < 0x80 {
                let c = ASCII_CLASS[b as usize];
                if c & ALNUM == 0 {
                    break;
                }
                class |= c;
                i += 1;
            } else if b == 0xC3 && i + 1 < n {
                // U+00C0 to U+00FF: letters but × and ÷, capitals below U+00DF.
                let second = bytes[i + 1];
                if second == 0x97 || second == 0xB7 {
                    break;
                }
                class |= LETTER;
                if second < 0x9F {
                    case = case.max(Case::Latin1);
                }
                i += 2;
            } else {
                let c = next_char(text, i);
                if !stable(c) {
                    return false;
                }
                if !is_alnum(c) {
                    break;
                }
                class |= LETTER;
                if !is_lower(c) {
                    case = Case::Other;
                }
                i += c.len_utf8();
            }
        }
        if class & LETTER == 0 {
            continue; // a number
        }
        if class & UPPER != 0 {
            case = case.max(Case::Ascii);
        }
        let elided = i < n && is_apostrophe(next_char(text, i)) && is_elision(&bytes[start..i]);
        if !elided
            && !f(Cut {
                start,
                end: i,
                case,
            })
        {
            return false;
        }
    }
    true
}

/// Whether a word, in any case, is one of the elided forms (all ASCII).
#[inline]
fn is_elision(raw: &[u8]) -> bool {
    raw.len() <= 6
        && ELISIONS
            .iter()
            .any(|e| raw.eq_ignore_ascii_case(e.as_bytes()))
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

    /// The word of a cut, lowercased as the analyzer does it.
    fn form(text: &str, cut: Cut) -> String {
        let raw = &text[cut.start..cut.end];
        let mut slow = String::new();
        lowercase_into(raw, &mut slow);
        match cut.case {
            Case::Lower => {
                assert_eq!(raw, slow);
                raw.to_string()
            }
            Case::Ascii => {
                let mut b = raw.as_bytes().to_vec();
                for chunk in b.chunks_mut(8) {
                    let mut x = [0u8; 8];
                    x[..chunk.len()].copy_from_slice(chunk);
                    let lower = lower_ascii_caps(u64::from_le_bytes(x)).to_le_bytes();
                    chunk.copy_from_slice(&lower[..chunk.len()]);
                }
                let fast = String::from_utf8(b).expect("UTF-8");
                assert_eq!(fast, slow, "{raw}");
                fast
            }
            Case::Latin1 => {
                let b = raw.as_bytes();
                let bytes: Vec<u8> = (0..b.len())
                    .map(|j| lower_latin1_byte(if j == 0 { 0 } else { b[j - 1] }, b[j]))
                    .collect();
                let fast = String::from_utf8(bytes).expect("UTF-8");
                assert_eq!(fast, slow, "{raw}");
                fast
            }
            Case::Other => slow,
        }
    }

    /// The words of `text` by the one-pass scan (`None` when it refuses the text).
    fn fused(text: &str) -> Option<Vec<String>> {
        let mut out = Vec::new();
        scan(text, |cut| {
            out.push(form(text, cut));
            true
        })
        .then_some(out)
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
    fn stable_is_the_unicode_rule_for_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let rule = c != DOTTED_CAPITAL_I
                && canonical_combining_class(c) == 0
                && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
            assert_eq!(stable(c), rule, "{c:?}");
        }
    }

    #[test]
    fn latin1_capitals_lowercase_byte_by_byte() {
        for c in '\u{C0}'..='\u{DE}' {
            if c == '×' {
                continue;
            }
            let word = format!("{c}A{c}");
            let cut = Cut {
                start: 0,
                end: word.len(),
                case: Case::Latin1,
            };
            assert_eq!(form(&word, cut), word.to_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn ascii_capitals_lowercase_eight_bytes_at_a_time() {
        for (bytes, lower) in [
            (*b"ABCDEFGH", *b"abcdefgh"),
            (*b"@AZ[`az{", *b"@az[`az{"),
            (*b"\xC3\x89T\xC3\x89\0\0\0", *b"\xC3\x89t\xC3\x89\0\0\0"),
            (*b"\xC1\xDAxY0123", *b"\xC1\xDAxy0123"),
        ] {
            let x = u64::from_le_bytes(bytes);
            assert_eq!(lower_ascii_caps(x), u64::from_le_bytes(lower), "{bytes:?}");
        }
    }

    #[test]
    fn lower_ascii_runs() {
        for (bytes, run) in [
            (*b"abcdefgh", 8),
            (*b"abc defg", 3),
            (*b"Abcdefgh", 0),
            (*b"z{`a\x80abc", 1),
            (*b"ab\xC3\xA9cdef", 2),
            (*b"\xE1bcdefgh", 0),
        ] {
            assert_eq!(lower_ascii_run(u64::from_le_bytes(bytes)), run, "{bytes:?}");
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
            assert_eq!(fused(t), Some(two_step(t)), "{t}");
        }
    }

    #[test]
    fn decomposed_text_and_dotted_i_take_the_slow_path() {
        assert!(!applies("se\u{301}curite\u{301}"));
        assert_eq!(fused("se\u{301}curite\u{301}"), None);
        assert_eq!(DOTTED_CAPITAL_I.to_string().as_bytes(), [0xC4, 0xB0]);
        assert!(!applies("İstanbul"));
        assert_eq!(fused("à İstanbul"), None);
        assert!(applies("Istanbul"));
    }

    proptest::proptest! {
        #[test]
        fn fused_agrees_with_the_two_step_chain(
            s in "(\\PC|[A-Za-zÉÈÀÇŒéèàçœ' ’`´0-9-]|\u{301}|\u{130}){0,60}"
        ) {
            let words = fused(&s);
            proptest::prop_assert_eq!(words.is_some(), applies(&s));
            if let Some(words) = words {
                proptest::prop_assert_eq!(words, two_step(&s));
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
