//! Word splitting with French elisions.
//!
//! Works on text already passed through [`super::normalize`] (lowercase, apostrophes as `'`).
//! A token is a run of letters and digits; everything else separates tokens, including `-`
//! (so `maroco-françaises` gives `maroco` and `françaises`). An elided article or pronoun
//! before an apostrophe (l', d', qu', j', n', s', c', m', t', jusqu', lorsqu', puisqu',
//! quoiqu', presqu') is dropped. Tokens made only of digits are dropped too: dates and counts
//! do not generalise from one news period to the next.

/// Elided words, as written before the apostrophe.
pub(crate) const ELISIONS: &[&str] = &[
    "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

/// Iterates over the word tokens of normalised text, elisions and numbers removed.
///
/// ```
/// use veille::text::tokenize::words;
/// let toks: Vec<&str> = words("l'intérieur d'informations qu'il 2024 maroco-françaises").collect();
/// assert_eq!(toks, ["intérieur", "informations", "il", "maroco", "françaises"]);
/// ```
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let start = self.seek(self.pos, true)?;
            let end = self.seek(start, false).unwrap_or(self.text.len());
            self.pos = end;
            let word = &self.text[start..end];
            let elided = self.text[end..].starts_with('\'') && ELISIONS.contains(&word);
            if elided || word.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            return Some(word);
        }
    }
}

impl Words<'_> {
    /// Byte offset of the first character at or after `from` that is alphanumeric (`want`
    /// true) or not (`want` false); `None` at the end. ASCII bytes are tested directly, other
    /// characters with Unicode's `is_alphanumeric`; offsets stay on character boundaries.
    fn seek(&self, from: usize, want: bool) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() == want {
                    return Some(i);
                }
                i += 1;
            } else {
                let c = self.text[i..].chars().next()?;
                if c.is_alphanumeric() == want {
                    return Some(i);
                }
                i += c.len_utf8();
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize;

    fn toks(s: &str) -> Vec<String> {
        words(&normalize(s)).map(str::to_string).collect()
    }

    #[test]
    fn elisions_are_dropped_with_both_apostrophes() {
        assert_eq!(toks("l’Intérieur"), ["intérieur"]);
        assert_eq!(toks("d'informations"), ["informations"]);
        assert_eq!(toks("jusqu’à lorsqu’il puisqu’elle"), ["à", "il", "elle"]);
        assert_eq!(
            toks("qu’il n’a j’ai s’est c’est"),
            ["il", "a", "ai", "est", "est"]
        );
    }

    #[test]
    fn a_word_ending_like_an_elision_is_kept_without_apostrophe() {
        assert_eq!(toks("l d qu"), ["l", "d", "qu"]);
    }

    #[test]
    fn punctuation_and_quotes_separate_words() {
        assert_eq!(
            toks("« Sécurité », (Maroc) ; France!"),
            ["sécurité", "maroc", "france"]
        );
    }

    #[test]
    fn numbers_are_dropped_but_mixed_tokens_kept() {
        assert_eq!(toks("87 % entre 2020 et 2025, G20"), ["entre", "et", "g20"]);
    }

    #[test]
    fn non_latin_scripts_do_not_panic() {
        assert_eq!(toks("المغرب 日本 ok"), ["المغرب", "日本", "ok"]);
    }

    /// The straightforward char-based splitter the byte scanner must agree with.
    fn reference(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(s) = rest.find(|c: char| c.is_alphanumeric()) {
            let after = &rest[s..];
            let len = after
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(after.len());
            let word = &after[..len];
            let tail = &after[len..];
            let elided = tail.starts_with('\'') && ELISIONS.contains(&word);
            let number = word.bytes().all(|b| b.is_ascii_digit());
            if !elided && !number {
                out.push(word);
            }
            rest = tail;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_scanner_agrees_with_the_char_splitter(s in "(\\PC|[a-z' 0-9éà-]){0,80}") {
            let got: Vec<&str> = words(&s).collect();
            proptest::prop_assert_eq!(got, reference(&s));
        }
    }
}
