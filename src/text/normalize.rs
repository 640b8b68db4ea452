//! Character-level normalisation: Unicode NFC, typographic apostrophes and quotes, lowercase.
//!
//! Accents are kept: the French Snowball stemmer needs them (`sécurité` → `sécur`, while
//! `securite` → `securit`).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Apostrophe look-alikes that scraped French text uses for elisions (l’, d’, qu’).
pub(crate) const APOSTROPHES: [char; 6] = [
    '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '`', '\u{00B4}',
];

/// Writes the normalised, lowercased form of `input` into `out` (cleared first).
///
/// Typographic apostrophes become `'`; every other character is lowercased. Quotes
/// (« » “ ”) and other punctuation are left for the tokenizer, which treats them as separators.
///
/// ```
/// let mut out = String::new();
/// veille::text::normalize::normalize_into("L’Intérieur « Sécurité »", &mut out);
/// assert_eq!(out, "l'intérieur « sécurité »");
/// ```
pub fn normalize_into(input: &str, out: &mut String) {
    out.clear();
    out.reserve(input.len());
    if input.is_ascii() {
        for b in input.bytes() {
            out.push(if b == b'`' {
                '\''
            } else {
                b.to_ascii_lowercase() as char
            });
        }
        return;
    }
    if is_nfc_quick(input.chars()) == IsNormalized::Yes {
        push_lower(input.chars(), out);
    } else {
        push_lower(input.nfc(), out);
    }
}

fn push_lower(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        if APOSTROPHES.contains(&c) {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Convenience wrapper around [`normalize_into`] that allocates.
pub fn normalize(input: &str) -> String {
    let mut out = String::new();
    normalize_into(input, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_apostrophes_become_ascii() {
        assert_eq!(normalize("l’Intérieur d‘Espagne"), "l'intérieur d'espagne");
    }

    #[test]
    fn accents_are_kept_and_lowercased() {
        assert_eq!(normalize("ÉTATS-UNIS Sécurité"), "états-unis sécurité");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        // "é" written as e + combining acute accent, as some scrapers emit it.
        let decomposed = "se\u{301}curite\u{301}";
        assert_eq!(normalize(decomposed), "sécurité");
    }

    #[test]
    fn ascii_fast_path_matches_general_path() {
        assert_eq!(normalize("Le Maroc ET la France"), "le maroc et la france");
    }
}
