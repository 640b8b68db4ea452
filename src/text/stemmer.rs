//! French Snowball stemming (`rust-stemmers`) with a per-analyzer memo.
//!
//! News vocabulary is Zipfian: a few thousand surface forms make most tokens, so remembering
//! each form's stem once makes stemming nearly free on long runs.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// Upper bound on remembered forms, so that adversarial input cannot grow memory without end.
const MEMO_LIMIT: usize = 200_000;

/// A French stemmer that memoises the stem of every surface form it has seen.
pub struct FrenchStemmer {
    stemmer: Stemmer,
    memo: FxHashMap<Box<str>, Box<str>>,
}

impl Default for FrenchStemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl FrenchStemmer {
    /// A stemmer with an empty memo.
    pub fn new() -> Self {
        FrenchStemmer {
            stemmer: Stemmer::create(Algorithm::French),
            memo: FxHashMap::default(),
        }
    }

    /// The stem of a lowercase word (the Snowball algorithm expects lowercase input).
    ///
    /// ```
    /// let mut s = veille::text::stemmer::FrenchStemmer::new();
    /// assert_eq!(s.stem("sécurité"), "sécur");
    /// ```
    pub fn stem(&mut self, word: &str) -> &str {
        if !self.memo.contains_key(word) {
            if self.memo.len() >= MEMO_LIMIT {
                self.memo.clear();
            }
            let stem: Box<str> = self.stemmer.stem(word).into();
            self.memo.insert(word.into(), stem);
        }
        self.memo.get(word).map(|s| &**s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(w: &str) -> String {
        FrenchStemmer::new().stem(w).to_string()
    }

    #[test]
    fn security_family() {
        assert_eq!(stem("sécurité"), "sécur");
        assert_eq!(stem("sécuritaire"), "sécuritair");
        assert_eq!(stem("sécuritaires"), "sécuritair");
    }

    #[test]
    fn migration_family() {
        assert_eq!(stem("migrants"), "migr");
        assert_eq!(stem("migrant"), "migr");
        assert_eq!(stem("migration"), "migrat");
    }

    #[test]
    fn terrorism_family() {
        assert_eq!(stem("terrorisme"), "terror");
        assert_eq!(stem("terroristes"), "terror");
        assert_eq!(stem("terroriste"), "terror");
    }

    #[test]
    fn moroccan_family() {
        assert_eq!(stem("marocain"), "marocain");
        assert_eq!(stem("marocaine"), "marocain");
        assert_eq!(stem("marocains"), "marocain");
        assert_eq!(stem("maroc"), "maroc");
    }

    #[test]
    fn memo_returns_the_same_stem_twice() {
        let mut s = FrenchStemmer::new();
        let first = s.stem("coopération").to_string();
        assert_eq!(s.stem("coopération"), first);
    }
}
