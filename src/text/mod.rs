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
    ids: Vec<u64>,
}

/// [`TermIds`] value of a slot not looked up yet.
const UNMAPPED: u64 = u64::MAX - 1;

/// Words waiting for their memo lookup, with their memo keys.
///
/// Words are collected up to [`BATCH_WORDS`] at a time, and the memo group of each is
/// prefetched as it is collected; the lookups come after, when most groups are in cache. The
/// misses of a batch then overlap instead of stalling one after the other.
#[derive(Default)]
struct Batch {
    pending: Vec<Pending>,
    /// The lowercase forms of words with capitals beyond Latin-1 ([`Src::Copied`]).
    copied: String,
    /// A form being made for a memo miss or a long word.
    form: String,
}

impl Batch {
    fn clear(&mut self) {
        self.pending.clear();
        self.copied.clear();
    }
}

/// A word in a [`Batch`]: its memo key (0 for a form without one) and where its form is.
#[derive(Clone, Copy)]
struct Pending {
    key: u128,
    /// [`KeyTable::hash`] of `key`, computed once for the prefetch and the lookup.
    hash: usize,
    start: usize,
    end: usize,
    src: Src,
}

/// Where the form of a [`Pending`] word is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Src {
    /// Bytes `start..end` of the text being analysed (or of its normalised copy), as they are.
    Input,
    /// The same bytes lowercased ([`fused::Case::Ascii`] or [`fused::Case::Latin1`]).
    InputLatin1,
    /// Bytes `start..end` of [`Batch::copied`].
    Copied,
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

    /// [`Memo::key`] of `input[start..end]`, with one 16-byte load and a mask when the input
    /// goes on for 16 bytes from `start` (most words of a text).
    #[inline]
    fn key_in(input: &str, start: usize, end: usize) -> Option<u128> {
        let n = end - start;
        match input.as_bytes().get(start..start + 16) {
            Some(b) if (1..=16).contains(&n) => {
                let all = u128::from_le_bytes(b.try_into().unwrap_or([0; 16]));
                Some(if n == 16 {
                    all
                } else {
                    all & ((1u128 << (8 * n)) - 1)
                })
            }
            _ => Memo::key(&input[start..end]),
        }
    }

    /// [`Memo::key`] of the lowercase form of `raw`, a word of [`fused::Case::Latin1`]: the
    /// form has as many bytes, each lowercased on its own.
    #[inline]
    fn key_latin1(raw: &[u8]) -> Option<u128> {
        if raw.is_empty() || raw.len() > 16 {
            return None;
        }
        let mut key = 0u128;
        let mut prev = 0u8;
        for (j, &b) in raw.iter().enumerate() {
            key |= u128::from(fused::lower_latin1_byte(prev, b)) << (8 * j);
            prev = b;
        }
        Some(key)
    }

    #[cfg(test)]
    fn get(&self, word: &str) -> Option<u32> {
        self.get_keyed(Memo::key(word).unwrap_or(0), word)
    }

    /// The slot of `word`, whose key is `k` (0 when [`Memo::key`] gives none).
    #[cfg(test)]
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
    /// ([`fused::scan`]); text that Unicode normalisation would change (decomposed
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
    /// it changes). `id_of` may return any value but `u64::MAX - 1` (a caller may pack more than
    /// the id into it, such as what its vocabulary knows about the term).
    pub fn for_each_term_id(
        &mut self,
        text: &str,
        vocabulary: u64,
        id_of: impl Fn(&str) -> u64,
        mut f: impl FnMut(u64),
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
    ///
    /// The one-pass scan runs first. It may refuse the text at a character it does not handle
    /// ([`fused::scan`]); words are only used once that can no longer happen (at the end of the
    /// text, or when a batch fills up and the rest of the text has been checked), so a refused
    /// text starts over on the two-step path without any word given twice.
    fn walk(&mut self, text: &str, mut g: impl FnMut(&mut Vec<u64>, u32, &str)) {
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
        lookups.batch.clear();
        let mut rest_checked = false;
        let scanned = fused::scan(text, |cut| {
            lookups.push(text, cut);
            if lookups.batch.pending.len() == BATCH_WORDS {
                if !rest_checked {
                    if !fused::applies(&text[cut.end..]) {
                        return false;
                    }
                    rest_checked = true;
                }
                lookups.flush(text, &mut g);
            }
            true
        });
        if scanned {
            lookups.flush(text, &mut g);
            return;
        }
        lookups.batch.clear();
        normalize::normalize_into(text, buf);
        for word in tokenize::words(buf) {
            let start = word.as_ptr() as usize - buf.as_ptr() as usize;
            let end = start + word.len();
            lookups.push(
                buf,
                fused::Cut {
                    start,
                    end,
                    case: fused::Case::Lower,
                },
            );
            if lookups.batch.pending.len() == BATCH_WORDS {
                lookups.flush(buf, &mut g);
            }
        }
        lookups.flush(buf, &mut g);
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
    ids: &'a mut Vec<u64>,
}

impl Lookups<'_> {
    /// Queues a word cut from `input` and prefetches its memo entry.
    #[inline]
    fn push(&mut self, input: &str, cut: fused::Cut) {
        let raw = &input[cut.start..cut.end];
        let (key, start, end, src) = match cut.case {
            fused::Case::Lower => (
                Memo::key_in(input, cut.start, cut.end),
                cut.start,
                cut.end,
                Src::Input,
            ),
            fused::Case::Ascii => (
                Memo::key_in(input, cut.start, cut.end).map(|k| {
                    let lower = |half: u64| u128::from(fused::lower_ascii_caps(half));
                    lower(k as u64) | lower((k >> 64) as u64) << 64
                }),
                cut.start,
                cut.end,
                Src::InputLatin1,
            ),
            fused::Case::Latin1 => (
                Memo::key_latin1(raw.as_bytes()),
                cut.start,
                cut.end,
                Src::InputLatin1,
            ),
            fused::Case::Other => {
                let batch = &mut *self.batch;
                fused::lowercase_into(raw, &mut batch.form);
                let start = batch.copied.len();
                batch.copied.push_str(&batch.form);
                (
                    Memo::key(&batch.form),
                    start,
                    batch.copied.len(),
                    Src::Copied,
                )
            }
        };
        let key = key.unwrap_or(0);
        let hash = KeyTable::hash(key);
        if key != 0 {
            self.memo.short.prefetch_hashed(hash);
        }
        self.batch.pending.push(Pending {
            key,
            hash,
            start,
            end,
            src,
        });
    }

    /// Looks up the queued words (cut from `input`) in order, calls `g` with the remembered ids
    /// and each one's term slot and term, empties the batch.
    fn flush(&mut self, input: &str, g: &mut impl FnMut(&mut Vec<u64>, u32, &str)) {
        let Lookups {
            config,
            stemmer,
            memo,
            terms,
            batch,
            ids,
        } = self;
        let Batch {
            pending,
            copied,
            form,
        } = &mut **batch;
        for p in pending.iter() {
            let hit = if p.key != 0 {
                memo.short.get_hashed(p.hash, p.key)
            } else {
                None
            };
            let slot = match hit {
                Some(slot) => slot,
                None => {
                    let word: &str = match p.src {
                        Src::Input => &input[p.start..p.end],
                        Src::InputLatin1 => {
                            fused::lowercase_into(&input[p.start..p.end], form);
                            form
                        }
                        Src::Copied => &copied[p.start..p.end],
                    };
                    // A keyed form missed above; only a long form still has a place to look.
                    let long_hit = if p.key == 0 {
                        memo.long.get(word).copied()
                    } else {
                        None
                    };
                    match long_hit {
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
                            memo.insert_keyed(p.key, word, slot);
                            slot
                        }
                    }
                }
            };
            if slot != DROPPED {
                g(ids, slot, &terms[slot as usize]);
            }
        }
        batch.clear();
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

    /// The chain without memo, batches or one-pass scan: the reference for the analyzer.
    fn reference(config: &AnalyzerConfig, text: &str) -> Vec<String> {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French);
        tokenize::words(&normalize::normalize(text))
            .filter_map(|w| term_of(config, &stemmer, w).map(|t| t.into_owned()))
            .collect()
    }

    #[test]
    fn texts_refused_by_the_scan_after_a_full_batch_give_each_term_once() {
        let words: String = (0..3 * BATCH_WORDS)
            .map(|i| format!("Élection{i} CAPITALE{i} d’Œuvre{} ", i % 7))
            .collect();
        let config = AnalyzerConfig::default();
        let mut a = Analyzer::new(config.clone());
        for odd in [
            "se\u{301}curité",
            "İstanbul",
            "Σίσυφος ΣΑΣ",
            "ANTICONSTITUTIONNELLEMENT",
            "",
        ] {
            for text in [format!("{words}{odd}"), format!("{odd} {words}")] {
                let expected = reference(&config, &text);
                assert_eq!(a.terms(&text), expected, "{odd}");
                assert_eq!(a.terms(&text), expected, "{odd}, from the memo");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn analyzer_agrees_with_the_uncached_chain(
            text in "([A-Za-zÉÈÀÇŒéèàçœ’' 0-9-]|\u{301}|\u{130}|ΣΑΣ|Anticonstitutionnellement ){0,300}"
        ) {
            let config = AnalyzerConfig::default();
            let mut a = Analyzer::new(config.clone());
            let expected = reference(&config, &text);
            proptest::prop_assert_eq!(a.terms(&text), expected.clone());
            proptest::prop_assert_eq!(a.terms(&text), expected);
        }
    }

    #[test]
    fn memo_keys_are_the_zero_padded_bytes() {
        assert_eq!(Memo::key(""), None);
        let text = "sécurité des frontières et anticonstitutionnellement";
        for (start, word) in text
            .match_indices(|c: char| c.is_alphabetic())
            .map(|(i, _)| i)
            .filter(|&i| i == 0 || text.as_bytes()[i - 1] == b' ')
            .map(|i| (i, text[i..].split(' ').next().unwrap_or("")))
        {
            assert_eq!(
                Memo::key_in(text, start, start + word.len()),
                Memo::key(word),
                "{word}"
            );
        }
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
            t.len() as u64
        };
        let mut ids = Vec::new();
        a.for_each_term_id(text, 1, len_of, |id| ids.push(id));
        let expected: Vec<u64> = a.terms(text).iter().map(|t| t.len() as u64).collect();
        assert_eq!(ids, expected);
        assert_eq!(calls.get(), 3, "one lookup per distinct term");
        // Another vocabulary: ids are looked up again, not reused.
        let mut other = Vec::new();
        a.for_each_term_id(text, 2, |t| t.len() as u64 + 100, |id| other.push(id));
        assert_eq!(other, expected.iter().map(|i| i + 100).collect::<Vec<_>>());
    }

    #[test]
    fn empty_and_punctuation_only_text_give_no_terms() {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        assert!(a.terms("").is_empty());
        assert!(a.terms(" … « » — !!").is_empty());
    }
}
