//! The French text pipeline, one named chain used identically by training and scoring:
//!
//! 1. [`boilerplate`]: drop scraped-page noise (repeated title, "Loading", teasers);
//! 2. [`normalize`]: Unicode NFC, typographic apostrophes, lowercase (accents kept);
//! 3. [`tokenize`]: words, with elisions (l', d', qu'…) and pure numbers dropped;
//! 4. [`stopwords`]: French function words dropped (a data file);
//! 5. [`stemmer`]: French Snowball stems.
//!
//! [`Analyzer`] runs stages 2–5; callers run stage 1 once per article (see
//! [`boilerplate::strip_boilerplate`]) because it needs the title and the line structure.

pub mod boilerplate;
pub mod normalize;
pub mod stemmer;
pub mod stopwords;
pub mod tokenize;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Settings of the text chain; saved in every model so scoring analyses text as training did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzerConfig {
    /// Reduce words to their French Snowball stem.
    pub stem: bool,
    /// Drop French stopwords.
    pub stopwords: bool,
    /// Drop tokens shorter than this many characters (after elision removal).
    pub min_token_chars: usize,
    /// Remove recognisable scraped-page noise before analysis.
    pub strip_boilerplate: bool,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            stem: true,
            stopwords: true,
            min_token_chars: 2,
            strip_boilerplate: true,
        }
    }
}

/// Runs normalisation, tokenisation, stopword removal and stemming over a text.
///
/// An `Analyzer` keeps scratch buffers and a memo of surface form → term, so it is cheap to
/// reuse and is used by one thread at a time (create one per thread).
///
/// ```
/// use veille::text::{Analyzer, AnalyzerConfig};
/// let mut a = Analyzer::new(AnalyzerConfig::default());
/// let terms = a.terms("Le ministre de l’Intérieur renforce la sécurité des frontières");
/// assert_eq!(terms, ["ministr", "intérieur", "renforc", "sécur", "fronti"]);
/// ```
pub struct Analyzer {
    config: AnalyzerConfig,
    stemmer: rust_stemmers::Stemmer,
    buf: String,
    /// Surface form → index of its term in `terms`, or [`DROPPED`] (stopword, too short).
    /// News vocabulary is Zipfian, so after a few hundred articles nearly every token is one
    /// hash lookup: no stopword check, no character count, no stemming.
    memo: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
}

/// Memo value of a surface form that yields no term.
const DROPPED: u32 = u32::MAX;

/// Upper bound on remembered surface forms, so that adversarial input cannot grow memory
/// without end (the memo starts over when it is reached).
const MEMO_LIMIT: usize = 200_000;

impl Analyzer {
    /// An analyzer for the given settings.
    pub fn new(config: AnalyzerConfig) -> Self {
        Analyzer {
            config,
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French),
            buf: String::new(),
            memo: FxHashMap::default(),
            terms: Vec::new(),
        }
    }

    /// The settings this analyzer applies.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// Calls `f` with each term of `text`, in order.
    pub fn for_each_term(&mut self, text: &str, mut f: impl FnMut(&str)) {
        normalize::normalize_into(text, &mut self.buf);
        for word in tokenize::words(&self.buf) {
            let slot = match self.memo.get(word) {
                Some(&slot) => slot,
                None => {
                    if self.memo.len() >= MEMO_LIMIT {
                        self.memo.clear();
                        self.terms.clear();
                    }
                    let slot = match self.term_of(word) {
                        Some(term) => {
                            self.terms.push(term.into());
                            (self.terms.len() - 1) as u32
                        }
                        None => DROPPED,
                    };
                    self.memo.insert(word.into(), slot);
                    slot
                }
            };
            if slot != DROPPED {
                f(&self.terms[slot as usize]);
            }
        }
    }

    /// The term a surface form gives under this configuration, if any (uncached).
    fn term_of<'w>(&self, word: &'w str) -> Option<std::borrow::Cow<'w, str>> {
        if word.chars().count() < self.config.min_token_chars
            || (self.config.stopwords && stopwords::french().contains(word))
        {
            return None;
        }
        Some(if self.config.stem {
            self.stemmer.stem(word)
        } else {
            std::borrow::Cow::Borrowed(word)
        })
    }

    /// The terms of `text` as owned strings (convenient in tests and examples).
    pub fn terms(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_term(text, |t| out.push(t.to_string()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_sentence_gives_expected_stems() {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        let terms = a.terms("Ce partenariat s’articule autour de défis communs liés à l’immigration et à la lutte contre le terrorisme.");
        assert_eq!(
            terms,
            [
                "partenariat",
                "articul",
                "autour",
                "def",
                "commun",
                "li",
                "immigr",
                "lutt",
                "contr",
                "terror"
            ]
        );
    }

    #[test]
    fn moroccan_forms_share_a_stem_but_not_with_the_country() {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        let terms = a.terms("marocain marocaine marocains marocaines Maroc");
        assert_eq!(
            terms,
            ["marocain", "marocain", "marocain", "marocain", "maroc"]
        );
    }

    #[test]
    fn without_stemming_words_are_lowercased_only() {
        let cfg = AnalyzerConfig {
            stem: false,
            ..AnalyzerConfig::default()
        };
        let mut a = Analyzer::new(cfg);
        assert_eq!(a.terms("Les Migrants d’Afrique"), ["migrants", "afrique"]);
    }

    #[test]
    fn empty_and_punctuation_only_text_give_no_terms() {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        assert!(a.terms("").is_empty());
        assert!(a.terms(" … « » — !!").is_empty());
    }
}
