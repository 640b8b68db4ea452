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
mod fused;
pub mod normalize;
pub mod stemmer;
pub mod stopwords;
pub mod tokenize;

use crate::table::KeyTable;
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
    /// Normalised text (slow path) or one lowercased word (fast path).
    buf: String,
    memo: Memo,
    terms: Vec<Box<str>>,
    batch: Batch,
    ids: TermIds,
}

/// Term slot → id of the term in one caller's vocabulary, filled on first use (see
/// [`Analyzer::for_each_term_id`]): dense and in first-seen order, so the frequent terms' ids
/// share cache lines, where a vocabulary lookup by string is a hash and a cache miss or two.
#[derive(Default)]
struct TermIds {
    /// Whose vocabulary the ids are in (0: nobody's yet).
    vocabulary: u64,
    ids: Vec<u32>,
}

/// [`TermIds`] value of a slot not looked up yet.
const UNMAPPED: u32 = u32::MAX - 1;

/// Words waiting for their memo lookup, with their memo keys (0 for a form without one).
///
/// Words are collected up to [`BATCH_WORDS`] at a time, and the memo group of each is
/// prefetched as it is collected; the lookups come after, when most groups are in cache. The
/// misses of a batch then overlap instead of stalling one after the other.
#[derive(Default)]
struct Batch {
    words: String,
    ends: Vec<usize>,
    keys: Vec<u128>,
}

/// Words per batch: enough for the prefetches to land, few enough to stay in L1.
const BATCH_WORDS: usize = 64;

/// Surface form (lowercased) → index of its term in `Analyzer::terms`, or [`DROPPED`]
/// (stopword, too short). News vocabulary is Zipfian, so after a few hundred articles nearly
/// every token is one hash lookup: no stopword check, no character count, no stemming.
///
/// Forms of at most 16 bytes (all but about 0.1 % of tokens in Le Monde 2022) are keyed by
/// their bytes packed into a `u128` (a form is never empty and cannot contain a NUL byte, which
/// is not alphanumeric, so the zero padding is unambiguous and the key is never 0) in a
/// [`KeyTable`]: a lookup reads one cache line and never follows a pointer to a string. The
/// Le Monde vocabulary (56,000 forms) does not fit in the L2 cache, so each lookup of a rarer
/// word is a cache miss; with boxed string keys in a `HashMap` it was two or three, half of the
/// pipeline's time. Longer forms go in `long`.
#[derive(Default)]
struct Memo {
    short: KeyTable,
    long: FxHashMap<Box<str>, u32>,
}

impl Memo {
    /// The form's bytes, zero-padded, as a little-endian `u128` (`None` when empty or beyond
    /// 16 bytes). Built from overlapping loads rather than a copy into a stack buffer, which
    /// would cost a `memcpy` call and a store-to-load stall on every token.
    #[inline]
    fn key(word: &str) -> Option<u128> {
        let b = word.as_bytes();
        let n = b.len();
        if n == 0 || n > 16 {
            return None;
        }
        Some(if n > 8 {
            u128::from(le_u64_prefix(b)) | u128::from(le_u64_prefix(&b[8..])) << 64
        } else {
            u128::from(le_u64_prefix(b))
        })
    }

    /// Starts loading the entry of `key` (0: nothing to do).
    #[inline]
    fn prefetch(&self, key: u128) {
        if key != 0 {
            self.short.prefetch(key);
        }
    }

    #[cfg(test)]
    fn get(&self, word: &str) -> Option<u32> {
        self.get_keyed(Memo::key(word).unwrap_or(0), word)
    }

    /// The slot of `word`, whose key is `k` (0 when [`Memo::key`] gives none).
    #[inline]
    fn get_keyed(&self, k: u128, word: &str) -> Option<u32> {
        if k == 0 {
            self.long.get(word).copied()
        } else {
            self.short.get(k)
        }
    }

    #[cfg(test)]
    fn insert(&mut self, word: &str, slot: u32) {
        self.insert_keyed(Memo::key(word).unwrap_or(0), word, slot)
    }

    /// Adds a form that is not in the memo, whose key is `k` (0 when [`Memo::key`] gives none).
    fn insert_keyed(&mut self, k: u128, word: &str, slot: u32) {
        if k == 0 {
            self.long.insert(word.into(), slot);
        } else {
            self.short.insert(k, slot);
        }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// The first `min(8, s.len())` bytes of `s` as a little-endian integer, zero-padded.
#[inline]
fn le_u64_prefix(s: &[u8]) -> u64 {
    let n = s.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]));
    if n >= 8 {
        u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]])
    } else if n >= 4 {
        // Two overlapping 4-byte loads; the overlap holds the same bytes in both.
        u32_at(0) | u32_at(n - 4) << (8 * (n - 4))
    } else if n > 0 {
        u64::from(s[0])
            | u64::from(s[n / 2]) << (8 * (n / 2))
            | u64::from(s[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
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
            memo: Memo::default(),
            terms: Vec::new(),
            batch: Batch::default(),
            ids: TermIds::default(),
        }
    }

    /// The settings this analyzer applies.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// Calls `f` with each term of `text`, in order.
    ///
    /// Most text takes a fast path that normalises and tokenises in one pass over the input
    /// ([`fused::for_each_word`]); text that Unicode normalisation would change (decomposed
    /// accents) goes through [`normalize`] then [`tokenize`]. Both give the same words (a
    /// property test checks it).
    pub fn for_each_term(&mut self, text: &str, mut f: impl FnMut(&str)) {
        self.walk(text, |_, _, term| f(term));
    }

    /// Calls `f` with the id of each term of `text` in a vocabulary, in order: what
    /// [`Analyzer::for_each_term`] followed by `id_of` on each term gives, but `id_of` runs only
    /// once per distinct term: the analyzer remembers the ids.
    ///
    /// `vocabulary` names the vocabulary that `id_of` looks terms up in: a non-zero number that
    /// no other vocabulary used with this analyzer shares (the remembered ids are dropped when
    /// it changes). `id_of` may return any value but `u32::MAX - 1`.
    pub fn for_each_term_id(
        &mut self,
        text: &str,
        vocabulary: u64,
        id_of: impl Fn(&str) -> u32,
        mut f: impl FnMut(u32),
    ) {
        if self.ids.vocabulary != vocabulary {
            self.ids.vocabulary = vocabulary;
            self.ids.ids.clear();
        }
        self.walk(text, |ids, slot, term| {
            let slot = slot as usize;
            if slot >= ids.len() {
                ids.resize(slot + 1, UNMAPPED);
            }
            if ids[slot] == UNMAPPED {
                ids[slot] = id_of(term);
            }
            f(ids[slot])
        });
    }

    /// Calls `g` with the remembered ids, the slot and the term of each term of `text`.
    fn walk(&mut self, text: &str, mut g: impl FnMut(&mut Vec<u32>, u32, &str)) {
        let Analyzer {
            config,
            stemmer,
            buf,
            memo,
            terms,
            batch,
            ids,
        } = self;
        let mut lookups = Lookups {
            config,
            stemmer,
            memo,
            terms,
            batch,
            ids: &mut ids.ids,
        };
        let mut on_word = |word: &str| {
            lookups.push(word);
            if lookups.batch.ends.len() == BATCH_WORDS {
                lookups.flush(&mut g);
            }
        };
        if fused::applies(text) {
            fused::for_each_word(text, buf, &mut on_word);
        } else {
            normalize::normalize_into(text, buf);
            tokenize::words(buf).for_each(&mut on_word);
        }
        lookups.flush(&mut g);
    }

    /// The terms of `text` as owned strings (convenient in tests and examples).
    pub fn terms(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_term(text, |t| out.push(t.to_string()));
        out
    }
}

/// The parts of an [`Analyzer`] that turn batched words into terms.
struct Lookups<'a> {
    config: &'a AnalyzerConfig,
    stemmer: &'a rust_stemmers::Stemmer,
    memo: &'a mut Memo,
    terms: &'a mut Vec<Box<str>>,
    batch: &'a mut Batch,
    /// The remembered vocabulary ids of `terms`, dropped with them.
    ids: &'a mut Vec<u32>,
}

impl Lookups<'_> {
    /// Queues a word and prefetches its memo entry.
    #[inline]
    fn push(&mut self, word: &str) {
        let key = Memo::key(word).unwrap_or(0);
        self.memo.prefetch(key);
        self.batch.words.push_str(word);
        self.batch.ends.push(self.batch.words.len());
        self.batch.keys.push(key);
    }

    /// Looks up the queued words in order, calls `g` with the remembered ids and each one's
    /// term slot and term, empties the batch.
    fn flush(&mut self, g: &mut impl FnMut(&mut Vec<u32>, u32, &str)) {
        let Lookups {
            config,
            stemmer,
            memo,
            terms,
            batch,
            ids,
        } = self;
        let mut start = 0;
        for (&end, &key) in batch.ends.iter().zip(&batch.keys) {
            let word = &batch.words[start..end];
            start = end;
            let slot = match memo.get_keyed(key, word) {
                Some(slot) => slot,
                None => {
                    if memo.len() >= MEMO_LIMIT {
                        memo.clear();
                        terms.clear();
                        ids.clear();
                    }
                    let slot = match term_of(config, stemmer, word) {
                        Some(term) => {
                            terms.push(term.into());
                            (terms.len() - 1) as u32
                        }
                        None => DROPPED,
                    };
                    memo.insert_keyed(key, word, slot);
                    slot
                }
            };
            if slot != DROPPED {
                g(ids, slot, &terms[slot as usize]);
            }
        }
        batch.words.clear();
        batch.ends.clear();
        batch.keys.clear();
    }
}

/// One [`Analyzer`] per thread of the current rayon pool, kept for a whole run so that each
/// memo stays warm across parallel jobs.
///
/// ```
/// use veille::text::{AnalyzerConfig, AnalyzerPool};
/// let pool = AnalyzerPool::new(&AnalyzerConfig::default());
/// assert_eq!(pool.with(|a| a.terms("Le Maroc")), ["maroc"]);
/// ```
pub struct AnalyzerPool {
    slots: Vec<std::sync::Mutex<Analyzer>>,
}

impl AnalyzerPool {
    /// Analyzers for `config`, one per thread of the current rayon pool.
    pub fn new(config: &AnalyzerConfig) -> Self {
        AnalyzerPool {
            slots: (0..rayon::current_num_threads().max(1))
                .map(|_| std::sync::Mutex::new(Analyzer::new(config.clone())))
                .collect(),
        }
    }

    /// Runs `f` with the calling thread's analyzer (outside the pool: the first one, shared
    /// under its lock). `f` must not start parallel work that comes back to this pool.
    pub fn with<R>(&self, f: impl FnOnce(&mut Analyzer) -> R) -> R {
        let slot = rayon::current_thread_index().unwrap_or(0) % self.slots.len();
        let mut a = self.slots[slot].lock().unwrap_or_else(|e| e.into_inner());
        f(&mut a)
    }
}

/// The term a surface form gives under `config`, if any (uncached).
fn term_of<'w>(
    config: &AnalyzerConfig,
    stemmer: &rust_stemmers::Stemmer,
    word: &'w str,
) -> Option<std::borrow::Cow<'w, str>> {
    if word.chars().count() < config.min_token_chars
        || (config.stopwords && stopwords::french().contains(word))
    {
        return None;
    }
    Some(if config.stem {
        stemmer.stem(word)
    } else {
        std::borrow::Cow::Borrowed(word)
    })
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
    fn memo_keys_are_the_zero_padded_bytes() {
        assert_eq!(Memo::key(""), None);
        for w in [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "sécurité",
        ] {
            let mut k = [0u8; 16];
            k[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(Memo::key(w), Some(u128::from_le_bytes(k)), "{w}");
        }
        let w = "abcdefghijklmnop";
        assert_eq!(
            Memo::key(w),
            Some(u128::from_le_bytes(w.as_bytes().try_into().unwrap()))
        );
        assert_eq!(Memo::key("abcdefghijklmnopq"), None);
    }

    proptest::proptest! {
        #[test]
        fn memo_keys_are_injective_on_short_forms(a in "[a-zé]{0,9}", b in "[a-zé]{0,9}") {
            let short = |s: &str| (1..=16).contains(&s.len());
            if short(&a) && short(&b) {
                proptest::prop_assert_eq!(Memo::key(&a) == Memo::key(&b), a == b);
            }
        }
    }

    #[test]
    fn memo_finds_every_form_it_was_given() {
        let mut m = Memo::default();
        let forms: Vec<String> = (0..5000).map(|i| format!("f{i}")).collect();
        let long = "anticonstitutionnellement";
        for (i, f) in forms.iter().enumerate() {
            assert_eq!(m.get(f), None);
            m.insert(f, i as u32);
        }
        m.insert(long, 7);
        for (i, f) in forms.iter().enumerate() {
            assert_eq!(m.get(f), Some(i as u32), "{f}");
        }
        assert_eq!((m.get(long), m.len()), (Some(7), 5001));
        m.clear();
        assert_eq!((m.get("f1"), m.get(long), m.len()), (None, None, 0));
    }

    #[test]
    fn term_ids_are_the_lookup_of_each_term_and_follow_the_vocabulary() {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        let text = "Le Maroc et la France, la France et le Maroc, l’Espagne";
        let calls = std::cell::Cell::new(0);
        let len_of = |t: &str| {
            calls.set(calls.get() + 1);
            t.len() as u32
        };
        let mut ids = Vec::new();
        a.for_each_term_id(text, 1, len_of, |id| ids.push(id));
        let expected: Vec<u32> = a.terms(text).iter().map(|t| t.len() as u32).collect();
        assert_eq!(ids, expected);
        assert_eq!(calls.get(), 3, "one lookup per distinct term");
        // Another vocabulary: ids are looked up again, not reused.
        let mut other = Vec::new();
        a.for_each_term_id(text, 2, |t| t.len() as u32 + 100, |id| other.push(id));
        assert_eq!(other, expected.iter().map(|i| i + 100).collect::<Vec<_>>());
    }

    #[test]
    fn empty_and_punctuation_only_text_give_no_terms() {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        assert!(a.terms("").is_empty());
        assert!(a.terms(" … « » — !!").is_empty());
    }
}
