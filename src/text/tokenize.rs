//! Word splitting with French elisions.
//!
//! Works on text already passed through [`super::normalize`] (lowercase, apostrophes as `'`).
//! A token is a run of letters and digits; everything else separates tokens, including `-`
//! (so `maroco-françaises` gives `maroco` and `françaises`). An elided article or pronoun
//! before an apostrophe (l', d', qu', j', n', s', c', m', t', jusqu', lorsqu', puisqu',
//! quoiqu', presqu') is dropped. Tokens made only of digits are dropped too: dates and counts
//! do not generalise from one news period to the next.

/// Elided words, as written before the apostrophe.
const ELISIONS: &[&str] = &[
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
            let rest = &self.text[self.pos..];
            let start_off = rest.find(|c: char| c.is_alphanumeric())?;
            let start = self.pos + start_off;
            let after = &self.text[start..];
            let len = after
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(after.len());
            let end = start + len;
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
}
