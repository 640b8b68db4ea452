//! The French stopword list, kept as data in `data/stopwords-fr.txt`.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const STOPWORDS_FR: &str = include_str!("../../data/stopwords-fr.txt");

/// Parses a stopword file: one word per line, `#` starts a comment line, blank lines ignored.
pub fn parse_stopwords(text: &str) -> FxHashSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The bundled French stopwords (lowercase, accented), parsed once per process.
pub fn french() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| parse_stopwords(STOPWORDS_FR))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stopwords_and_content_words_are_not() {
        let s = french();
        for w in ["le", "la", "des", "à", "été", "être", "qui", "dans"] {
            assert!(s.contains(w), "{w} should be a stopword");
        }
        for w in ["sécurité", "maroc", "contre", "guerre", "france"] {
            assert!(!s.contains(w), "{w} should not be a stopword");
        }
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let s = parse_stopwords("# comment\n\nle\n  la  \n");
        assert_eq!(s.len(), 2);
    }
}
