//! TF-IDF features as sparse rows: vocabulary of stems and stem bigrams, sublinear tf,
//! smooth idf, L2-normalised rows, title terms weighted more.

use crate::sparse::CsrMatrix;
use crate::table::KeyTable;
use crate::text::boilerplate::strip_boilerplate;
use crate::text::{Analyzer, AnalyzerConfig, AnalyzerPool};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

const NONE: u32 = u32::MAX;

/// Vocabulary and weighting settings (the `[features]` table of a training config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TfidfConfig {
    /// Keep a term only if it occurs in at least this many training documents.
    pub min_df: usize,
    /// Drop a term that occurs in more than this fraction of training documents.
    pub max_df: f32,
    /// Keep at most this many terms, the most frequent by document frequency (0: no limit).
    pub max_features: usize,
    /// Use 1 + ln(tf) instead of the raw term count.
    pub sublinear_tf: bool,
    /// Add bigrams of adjacent terms (after stopword removal) to the unigrams.
    pub bigrams: bool,
    /// A term in the title counts this many times as much as one in the body.
    pub title_weight: f32,
}

impl Default for TfidfConfig {
    fn default() -> Self {
        TfidfConfig {
            min_df: 2,
            max_df: 0.9,
            max_features: 0,
            sublinear_tf: true,
            bigrams: true,
            title_weight: 2.0,
        }
    }
}

/// One article's text as the vectorizer sees it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleText<'a> {
    /// The title (may be empty).
    pub title: &'a str,
    /// The body: lede, full text, or both.
    pub body: &'a str,
}

/// A fitted TF-IDF vectorizer: maps articles to L2-normalised sparse rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "VectorizerData", into = "VectorizerData")]
pub struct TfidfVectorizer {
    config: TfidfConfig,
    analyzer: AnalyzerConfig,
    terms: Vec<String>,
    unigram_feature: Vec<u32>,
    bigrams: Vec<(u32, u32, u32)>,
    idf: Vec<f32>,
    term_index: TermIndex,
    /// Bigram (a, b) → feature, built once enough lookups have been made (see
    /// [`BigramIndex`]).
    bigram_index: BigramIndex,
    /// Names this vectorizer's vocabulary for analyzers that remember term ids
    /// ([`Analyzer::for_each_term_id`]); unique in the process, not saved.
    vocabulary_id: u64,
}

/// A fresh [`TfidfVectorizer::vocabulary_id`].
fn next_vocabulary_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Term → id without a second copy of the vocabulary: keyed by a 64-bit hash of the term and
/// checked against `terms` on lookup, so loading a model builds it without allocating a string
/// per term (a cold start cost). A term whose hash collides with an earlier one's (rare) is
/// kept by name in `collisions`, so no term is ever lost or confused.
#[derive(Debug, Clone, Default)]
struct TermIndex {
    by_hash: FxHashMap<u64, u32>,
    collisions: FxHashMap<String, u32>,
}

fn term_hash(t: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    t.hash(&mut h);
    h.finish()
}

impl TermIndex {
    fn build(terms: &[String]) -> TermIndex {
        let mut ix = TermIndex::default();
        ix.by_hash.reserve(terms.len());
        for (i, t) in terms.iter().enumerate() {
            if let Some(prev) = ix.by_hash.insert(term_hash(t), i as u32) {
                // Keep the first owner of the hash; the newcomer goes by name.
                ix.by_hash.insert(term_hash(t), prev);
                ix.collisions.insert(t.clone(), i as u32);
            }
        }
        ix
    }

    fn get(&self, terms: &[String], t: &str) -> Option<u32> {
        if let Some(&i) = self.by_hash.get(&term_hash(t)) {
            if terms.get(i as usize).is_some_and(|s| s == t) {
                return Some(i);
            }
        }
        self.collisions.get(t).copied()
    }
}

/// The serialised form of a [`TfidfVectorizer`] (indices are rebuilt on load).
#[derive(Serialize, Deserialize)]
struct VectorizerData {
    config: TfidfConfig,
    analyzer: AnalyzerConfig,
    terms: Vec<String>,
    unigram_feature: Vec<u32>,
    bigrams: Vec<(u32, u32, u32)>,
    #[serde(with = "crate::f32_blob")]
    idf: Vec<f32>,
}

impl From<VectorizerData> for TfidfVectorizer {
    fn from(d: VectorizerData) -> Self {
        let term_index = TermIndex::build(&d.terms);
        TfidfVectorizer {
            config: d.config,
            analyzer: d.analyzer,
            terms: d.terms,
            unigram_feature: d.unigram_feature,
            bigrams: d.bigrams,
            idf: d.idf,
            term_index,
            bigram_index: BigramIndex::default(),
            vocabulary_id: next_vocabulary_id(),
        }
    }
}

impl From<TfidfVectorizer> for VectorizerData {
    fn from(v: TfidfVectorizer) -> Self {
        VectorizerData {
            config: v.config,
            analyzer: v.analyzer,
            terms: v.terms,
            unigram_feature: v.unigram_feature,
            bigrams: v.bigrams,
            idf: v.idf,
        }
    }
}

/// Bigram (a, b) → feature lookups. The bigrams are stored sorted, so a binary search answers
/// without any index; that is what the first lookups of a process use, so that scoring one
/// article does not pay for building an index of every bigram (a few milliseconds on the
/// section model, a tenth of a cold start). After [`BigramIndex::BUILD_AFTER`] lookups a
/// [`KeyTable`] is built: one cache line per lookup, prefetched, where the binary search takes
/// several cache misses.
#[derive(Default)]
struct BigramIndex {
    table: std::sync::OnceLock<BigramTable>,
    searched: std::sync::atomic::AtomicUsize,
}

impl BigramIndex {
    /// Lookups answered by binary search before the table is built.
    const BUILD_AFTER: usize = 16_384;

    /// The table, if built.
    fn table(&self) -> Option<&BigramTable> {
        self.table.get()
    }

    /// Counts `n` lookups answered without the table and builds it once there were enough.
    fn searched(&self, n: usize, bigrams: &[(u32, u32, u32)]) {
        use std::sync::atomic::Ordering::Relaxed;
        if n > 0 && self.searched.fetch_add(n, Relaxed) + n >= Self::BUILD_AFTER {
            self.table.get_or_init(|| BigramTable::build(bigrams));
        }
    }
}

/// The bigram [`KeyTable`], behind a bit filter of the bigrams it holds.
///
/// Most adjacent term pairs of an article are not features, and the table (a megabyte for the
/// section model) does not stay in cache, so each lookup of such a pair would cost a cache
/// miss to learn nothing. The filter has 16 to 32 bits per bigram (its size is a power of
/// two; 2 to 4 kB per thousand bigrams, mostly in cache) and one hashed bit per pair: a clear
/// bit proves the pair is not in the table, and at most about one pair in sixteen that is not
/// a feature gets through to the table.
struct BigramTable {
    table: KeyTable,
    filter: Vec<u64>,
    /// 64 minus log2 of the filter's number of bits.
    shift: u32,
}

impl BigramTable {
    fn build(bigrams: &[(u32, u32, u32)]) -> BigramTable {
        let bits = (bigrams.len() * 16).next_power_of_two().max(1 << 12);
        let mut t = BigramTable {
            table: KeyTable::with_capacity(bigrams.len()),
            filter: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        for &(a, b, f) in bigrams {
            t.table.insert(bigram_key(a, b), f);
            let i = t.bit(a, b);
            t.filter[i / 64] |= 1 << (i % 64);
        }
        t
    }

    /// The filter bit of pair (`a`, `b`) (multiplicative hashing).
    #[inline]
    fn bit(&self, a: u32, b: u32) -> usize {
        ((u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift)
            as usize
    }

    /// False when (`a`, `b`) is certainly not a bigram of the table.
    #[inline]
    fn may_hold(&self, a: u32, b: u32) -> bool {
        let i = self.bit(a, b);
        self.filter[i / 64] >> (i % 64) & 1 == 1
    }

    /// Starts loading the table line of (`a`, `b`) when the filter lets it through.
    #[inline]
    fn prefetch(&self, a: u32, b: u32) {
        if self.may_hold(a, b) {
            self.table.prefetch(bigram_key(a, b));
        }
    }

    /// The feature of bigram (`a`, `b`).
    #[inline]
    fn get(&self, a: u32, b: u32) -> Option<u32> {
        if self.may_hold(a, b) {
            self.table.get(bigram_key(a, b))
        } else {
            None
        }
    }
}

impl Clone for BigramIndex {
    fn clone(&self) -> Self {
        BigramIndex::default()
    }
}

impl std::fmt::Debug for BigramIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BigramIndex")
            .field("built", &self.table.get().is_some())
            .finish()
    }
}

/// The [`KeyTable`] key of bigram (`a`, `b`): never 0, as the table requires.
#[inline]
fn bigram_key(a: u32, b: u32) -> u128 {
    (u128::from(a) + 1) << 32 | u128::from(b)
}

/// An article as interned term ids (title and body kept apart for weighting and bigrams).
struct TermSeq {
    title: Vec<u32>,
    body: Vec<u32>,
}

/// One article's terms packed into one buffer: term `k` is `buf[ends[k - 1]..ends[k]]`, and the
/// first `n_title` terms are the title's. Two allocations per article instead of one per term.
struct PackedTerms {
    buf: String,
    ends: Vec<usize>,
    n_title: usize,
}

impl PackedTerms {
    fn terms(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.buf[a..b])
    }

    fn push_terms(&mut self, analyzer: &mut Analyzer, text: &str) {
        analyzer.for_each_term(text, |t| {
            self.buf.push_str(t);
            self.ends.push(self.buf.len());
        });
    }
}

/// The terms of one article's title and body, after boilerplate removal when configured.
fn article_terms(analyzer: &mut Analyzer, doc: ArticleText<'_>) -> PackedTerms {
    let mut p = PackedTerms {
        buf: String::new(),
        ends: Vec::new(),
        n_title: 0,
    };
    if analyzer.config().strip_boilerplate {
        let clean = strip_boilerplate(doc.title, doc.body);
        p.push_terms(analyzer, &clean.title);
        p.n_title = p.ends.len();
        p.push_terms(analyzer, &clean.text);
    } else {
        p.push_terms(analyzer, doc.title);
        p.n_title = p.ends.len();
        p.push_terms(analyzer, doc.body);
    }
    p
}

impl TfidfVectorizer {
    /// Learns the vocabulary and idf from `docs` and returns the vectorizer with the
    /// documents' TF-IDF matrix (one row per document, in order).
    pub fn fit_transform(
        docs: &[ArticleText<'_>],
        analyzer: &AnalyzerConfig,
        config: &TfidfConfig,
    ) -> (TfidfVectorizer, CsrMatrix) {
        // One analyzer per thread for the whole run: rayon's `map_init` would start a cold
        // memo for every job it splits off.
        let pool = AnalyzerPool::new(analyzer);
        let analysed: Vec<PackedTerms> = docs
            .par_iter()
            .map(|d| pool.with(|a| article_terms(a, *d)))
            .collect();
        let mut dict: FxHashMap<String, u32> = FxHashMap::default();
        let mut terms: Vec<String> = Vec::new();
        let mut intern = |t: &str| -> u32 {
            if let Some(&id) = dict.get(t) {
                return id;
            }
            let id = terms.len() as u32;
            terms.push(t.to_string());
            dict.insert(t.to_string(), id);
            id
        };
        let seqs: Vec<TermSeq> = analysed
            .iter()
            .map(|p| {
                let mut ids: Vec<u32> = p.terms().map(&mut intern).collect();
                let body = ids.split_off(p.n_title);
                TermSeq { title: ids, body }
            })
            .collect();
        drop(analysed);
        let (vectorizer, remap) = Self::select_vocabulary(terms, &seqs, analyzer, config);
        let mut m = CsrMatrix::new(vectorizer.n_features());
        let compact = |seq: &[u32]| -> Vec<u64> {
            seq.iter()
                .map(|&t| vectorizer.packed(remap[t as usize]))
                .collect()
        };
        for s in &seqs {
            m.push_row(vectorizer.weigh_ids(&compact(&s.title), &compact(&s.body)));
        }
        (vectorizer, m)
    }

    fn select_vocabulary(
        terms: Vec<String>,
        seqs: &[TermSeq],
        analyzer: &AnalyzerConfig,
        config: &TfidfConfig,
    ) -> (TfidfVectorizer, Vec<u32>) {
        let n_docs = seqs.len();
        let (uni_df, bi_df) = document_frequencies(seqs, terms.len(), config.bigrams);
        let max_df = (config.max_df.clamp(0.0, 1.0) as f64 * n_docs as f64).floor() as usize;
        let max_df = max_df.max(1);
        let keep = |df: usize| df >= config.min_df.max(1) && df <= max_df;
        // Candidates carry their display key so that feature order does not depend on hashing.
        let mut cands: Vec<(String, usize, u32, u32)> = Vec::new();
        for (id, &df) in uni_df.iter().enumerate() {
            if keep(df) {
                cands.push((terms[id].clone(), df, id as u32, NONE));
            }
        }
        for (&(a, b), &df) in &bi_df {
            if keep(df) {
                let key = format!("{} {}", terms[a as usize], terms[b as usize]);
                cands.push((key, df, a, b));
            }
        }
        if config.max_features > 0 && cands.len() > config.max_features {
            cands.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            cands.truncate(config.max_features);
        }
        // Features are numbered by falling document frequency (ties by name), so the frequent
        // ones, which nearly every row uses, sit together at the start of every weight vector
        // and stay in cache while the solver and the scorer gather from it.
        cands.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        Self::from_candidates(terms, &cands, n_docs, analyzer, config)
    }

    fn from_candidates(
        all_terms: Vec<String>,
        cands: &[(String, usize, u32, u32)],
        n_docs: usize,
        analyzer: &AnalyzerConfig,
        config: &TfidfConfig,
    ) -> (TfidfVectorizer, Vec<u32>) {
        // Keep only the terms some feature needs, renumbered compactly; `remap` takes a
        // dictionary id to its compact id (NONE for terms no feature uses).
        let mut remap = vec![NONE; all_terms.len()];
        let mut terms = Vec::new();
        let mut need = |id: u32, terms: &mut Vec<String>| -> u32 {
            if remap[id as usize] == NONE {
                remap[id as usize] = terms.len() as u32;
                terms.push(all_terms[id as usize].clone());
            }
            remap[id as usize]
        };
        let mut unigram_pairs = Vec::new();
        let mut bigrams = Vec::new();
        let mut idf = Vec::with_capacity(cands.len());
        for (f, (_, df, a, b)) in cands.iter().enumerate() {
            idf.push(((1.0 + n_docs as f64) / (1.0 + *df as f64)).ln() as f32 + 1.0);
            let ta = need(*a, &mut terms);
            if *b == NONE {
                unigram_pairs.push((ta, f as u32));
            } else {
                let tb = need(*b, &mut terms);
                bigrams.push((ta, tb, f as u32));
            }
        }
        let mut unigram_feature = vec![NONE; terms.len()];
        for (t, f) in unigram_pairs {
            unigram_feature[t as usize] = f;
        }
        bigrams.sort_unstable();
        let v = TfidfVectorizer::from(VectorizerData {
            config: config.clone(),
            analyzer: analyzer.clone(),
            terms,
            unigram_feature,
            bigrams,
            idf,
        });
        (v, remap)
    }

    /// True when every stored index is in range (checked when a model file is loaded, so that
    /// a corrupt file is refused instead of crashing later).
    pub fn is_consistent(&self) -> bool {
        let nf = self.idf.len() as u32;
        let nt = self.terms.len() as u32;
        self.unigram_feature.len() == self.terms.len()
            && self.unigram_feature.iter().all(|&f| f == NONE || f < nf)
            && self
                .bigrams
                .iter()
                .all(|&(a, b, f)| a < nt && b < nt && f < nf)
            // Sorted pairs, each once: bigram lookups binary-search them.
            && self
                .bigrams
                .windows(2)
                .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1))
            && self.idf.iter().all(|v| v.is_finite())
    }

    /// Number of features (columns of the rows this vectorizer produces).
    pub fn n_features(&self) -> usize {
        self.idf.len()
    }

    /// Settings of the text chain this vectorizer was fitted with.
    pub fn analyzer_config(&self) -> &AnalyzerConfig {
        &self.analyzer
    }

    /// Settings of the vocabulary and weighting.
    pub fn config(&self) -> &TfidfConfig {
        &self.config
    }

    /// The display name of feature `f` ("stem" or "stem stem"), for explaining models.
    pub fn feature_name(&self, f: usize) -> Option<String> {
        if let Some(t) = self.unigram_feature.iter().position(|&x| x as usize == f) {
            return Some(self.terms[t].clone());
        }
        self.bigrams
            .iter()
            .find(|b| b.2 as usize == f)
            .map(|&(a, b, _)| format!("{} {}", self.terms[a as usize], self.terms[b as usize]))
    }

    /// The TF-IDF row of one article, as sorted (feature, value) pairs, L2-normalised.
    pub fn transform_one(&self, analyzer: &mut Analyzer, doc: ArticleText<'_>) -> Vec<(u32, f32)> {
        if analyzer.config().strip_boilerplate {
            let clean = strip_boilerplate(doc.title, doc.body);
            self.row_of(analyzer, &clean.title, &clean.text)
        } else {
            self.row_of(analyzer, doc.title, doc.body)
        }
    }

    /// Like [`TfidfVectorizer::transform_one`] for text whose boilerplate the caller has already
    /// removed (when the analyzer settings ask for it), so a scorer that also needs the clean
    /// text for country tagging strips each page once.
    pub fn transform_prepared(
        &self,
        analyzer: &mut Analyzer,
        doc: ArticleText<'_>,
    ) -> Vec<(u32, f32)> {
        self.row_of(analyzer, doc.title, doc.body)
    }

    /// Title and body → term ids (no per-term allocation) → weighted row.
    fn row_of(&self, analyzer: &mut Analyzer, title: &str, body: &str) -> Vec<(u32, f32)> {
        let id_of = |t: &str| self.packed(self.term_index.get(&self.terms, t).unwrap_or(NONE));
        let mut ids = Vec::new();
        analyzer.for_each_term_id(title, self.vocabulary_id, id_of, |id| ids.push(id));
        let n_title = ids.len();
        analyzer.for_each_term_id(body, self.vocabulary_id, id_of, |id| ids.push(id));
        self.weigh_ids(&ids[..n_title], &ids[n_title..])
    }

    /// Term `t` (an index into `terms`, or NONE) as [`TfidfVectorizer::weigh_ids`] takes it:
    /// `t` in the low 32 bits, its unigram feature (or NONE) in the high 32. Analyzers remember
    /// this value per word form, so a row is built without looking up `unigram_feature`.
    #[inline]
    fn packed(&self, t: u32) -> u64 {
        let f = self
            .unigram_feature
            .get(t as usize)
            .copied()
            .unwrap_or(NONE);
        u64::from(t) | u64::from(f) << 32
    }

    /// TF-IDF rows of many articles (in parallel), in order.
    pub fn transform(&self, docs: &[ArticleText<'_>]) -> CsrMatrix {
        let pool = AnalyzerPool::new(&self.analyzer);
        let rows: Vec<Vec<(u32, f32)>> = docs
            .par_iter()
            .map(|d| pool.with(|a| self.transform_one(a, *d)))
            .collect();
        let mut m = CsrMatrix::new(self.n_features());
        for r in rows {
            m.push_row(r);
        }
        m
    }

    #[inline]
    fn prefetch_idf(&self, f: u32) {
        if let Some(x) = self.idf.get(f as usize) {
            crate::prefetch::prefetch(x);
        }
    }

    /// Turns [packed](TfidfVectorizer::packed) term sequences into a weighted, normalised row.
    fn weigh_ids(&self, title: &[u64], body: &[u64]) -> Vec<(u32, f32)> {
        // Every occurrence of a feature as `feature << 32 | occurrence number`, then sorted and
        // summed per feature: cheaper than a hash map for article-sized inputs. The keys are
        // distinct, so an unstable sort keeps each feature's occurrences in order, and sums are
        // made in occurrence order. The title's occurrences come first: those below
        // `title_hits` weigh `title_weight`, the others 1.
        let mut hits: Vec<u64> = Vec::with_capacity(2 * (title.len() + body.len()));
        let mut title_hits = 0;
        let term = |p: u64| p as u32;
        let table = self.bigram_index.table();
        if let (true, Some(table)) = (self.config.bigrams, table) {
            // Start loading every bigram's table line, so the misses overlap.
            for seq in [title, body] {
                for pair in seq.windows(2) {
                    let (a, b) = (term(pair[0]), term(pair[1]));
                    if a != NONE && b != NONE {
                        table.prefetch(a, b);
                    }
                }
            }
        }
        let mut searched = 0;
        for (part, seq) in [title, body].into_iter().enumerate() {
            if part == 1 {
                title_hits = hits.len();
            }
            for (i, &p) in seq.iter().enumerate() {
                let t = term(p);
                if t == NONE {
                    continue;
                }
                let f = (p >> 32) as u32;
                if f != NONE {
                    hits.push(u64::from(f) << 32 | hits.len() as u64);
                    // Its idf is read after the sort below, by then from cache.
                    self.prefetch_idf(f);
                }
                if self.config.bigrams {
                    if let Some(next) = seq.get(i + 1).map(|&n| term(n)).filter(|&n| n != NONE) {
                        let f = match table {
                            Some(table) => table.get(t, next),
                            None => {
                                searched += 1;
                                self.bigrams
                                    .binary_search_by_key(&(t, next), |e| (e.0, e.1))
                                    .ok()
                                    .map(|i| self.bigrams[i].2)
                            }
                        };
                        if let Some(f) = f {
                            hits.push(u64::from(f) << 32 | hits.len() as u64);
                            self.prefetch_idf(f);
                        }
                    }
                }
            }
        }
        self.bigram_index.searched(searched, &self.bigrams);
        hits.sort_unstable();
        let mut row: Vec<(u32, f32)> = Vec::with_capacity(hits.len());
        for h in hits {
            let (f, k) = ((h >> 32) as u32, h as u32 as usize);
            let w = if k < title_hits {
                self.config.title_weight
            } else {
                1.0
            };
            match row.last_mut() {
                Some(last) if last.0 == f => last.1 += w,
                _ => row.push((f, w)),
            }
        }
        for e in &mut row {
            let tf = if self.config.sublinear_tf {
                1.0 + e.1.ln()
            } else {
                e.1
            };
            e.1 = tf * self.idf[e.0 as usize];
        }
        let norm = row.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|e| e.1 /= norm);
        }
        row
    }
}

/// Document frequencies of unigram term ids and of adjacent bigrams.
fn document_frequencies(
    seqs: &[TermSeq],
    n_terms: usize,
    bigrams: bool,
) -> (Vec<usize>, FxHashMap<(u32, u32), usize>) {
    let mut uni = vec![0usize; n_terms];
    let mut bi: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    let mut seen_u: Vec<u32> = Vec::new();
    let mut seen_b: Vec<(u32, u32)> = Vec::new();
    for s in seqs {
        seen_u.clear();
        seen_b.clear();
        for seq in [&s.title, &s.body] {
            seen_u.extend_from_slice(seq);
            if bigrams {
                seen_b.extend(seq.windows(2).map(|w| (w[0], w[1])));
            }
        }
        seen_u.sort_unstable();
        seen_u.dedup();
        seen_b.sort_unstable();
        seen_b.dedup();
        for &t in &seen_u {
            uni[t as usize] += 1;
        }
        for &b in &seen_b {
            *bi.entry(b).or_default() += 1;
        }
    }
    (uni, bi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> (AnalyzerConfig, TfidfConfig) {
        let a = AnalyzerConfig {
            stem: false,
            stopwords: false,
            min_token_chars: 1,
            strip_boilerplate: false,
        };
        let c = TfidfConfig {
            min_df: 1,
            max_df: 1.0,
            max_features: 0,
            sublinear_tf: false,
            bigrams: false,
            title_weight: 1.0,
        };
        (a, c)
    }

    fn doc(body: &str) -> ArticleText<'_> {
        ArticleText { title: "", body }
    }

    /// Hand-computed: docs "a b a", "b c"; n=2. idf(a)=ln(3/2)+1, idf(b)=ln(3/3)+1=1,
    /// idf(c)=ln(3/2)+1. Features by falling df: b, a, c. Row 0 raw = [1*idf(b), 2*idf(a)]
    /// then L2-normalised.
    #[test]
    fn tfidf_matches_hand_computation() {
        let (a, c) = plain();
        let (v, m) = TfidfVectorizer::fit_transform(&[doc("a b a"), doc("b c")], &a, &c);
        assert_eq!(v.n_features(), 3);
        let names: Vec<String> = (0..3).filter_map(|f| v.feature_name(f)).collect();
        assert_eq!(names, ["b", "a", "c"]);
        let idf_a = (1.5f32).ln() + 1.0;
        let (x, y) = (2.0 * idf_a, 1.0f32);
        let n = (x * x + y * y).sqrt();
        let r0 = m.row(0);
        assert_eq!(r0.indices, &[0, 1]);
        assert!((r0.values[0] - y / n).abs() < 1e-6);
        assert!((r0.values[1] - x / n).abs() < 1e-6);
        let r1 = m.row(1);
        assert_eq!(r1.indices, &[0, 2]);
        let (p, q) = (1.0f32, idf_a);
        let n1 = (p * p + q * q).sqrt();
        assert!((r1.values[0] - p / n1).abs() < 1e-6);
        assert!((r1.values[1] - q / n1).abs() < 1e-6);
    }

    #[test]
    fn sublinear_tf_and_title_weight() {
        let (a, mut c) = plain();
        c.sublinear_tf = true;
        c.title_weight = 3.0;
        let docs = [
            ArticleText {
                title: "x",
                body: "y",
            },
            doc("x y"),
        ];
        let (_, m) = TfidfVectorizer::fit_transform(&docs, &a, &c);
        // Both idf are 1 (df = 2 of 2); row 0 raw = [1 + ln 3, 1].
        let (x, y) = (1.0 + 3f32.ln(), 1.0f32);
        let n = (x * x + y * y).sqrt();
        assert!((m.row(0).values[0] - x / n).abs() < 1e-6);
    }

    #[test]
    fn bigrams_min_df_and_transform_agree_with_fit() {
        let (a, mut c) = plain();
        c.bigrams = true;
        c.min_df = 2;
        let docs = [
            doc("maroc france sécurité"),
            doc("maroc france sport"),
            doc("autre"),
        ];
        let (v, m) = TfidfVectorizer::fit_transform(&docs, &a, &c);
        assert_eq!(v.n_features(), 3); // france, maroc, "maroc france"
        assert_eq!(v.feature_name(1).as_deref(), Some("maroc"));
        assert_eq!(v.feature_name(2).as_deref(), Some("maroc france"));
        let mut an = Analyzer::new(a.clone());
        let again = v.transform_one(&mut an, docs[0]);
        assert_eq!(
            again.iter().map(|e| e.0).collect::<Vec<_>>(),
            m.row(0).indices
        );
        for (x, y) in again.iter().zip(m.row(0).values) {
            assert!((x.1 - y).abs() < 1e-6);
        }
        // An unknown word between known ones breaks the bigram.
        let row = v.transform_one(&mut an, doc("maroc inconnu france"));
        assert_eq!(row.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn max_df_and_max_features_prune() {
        let (a, mut c) = plain();
        c.max_df = 0.5;
        let docs = [
            doc("commun rare1"),
            doc("commun rare2"),
            doc("commun rare2"),
        ];
        let (v, _) = TfidfVectorizer::fit_transform(&docs, &a, &c);
        assert_eq!(v.n_features(), 1); // rare1 (1/3); rare2 is in 2/3 > 0.5, commun 3/3
        c.max_df = 1.0;
        c.max_features = 2;
        let (v, _) = TfidfVectorizer::fit_transform(&docs, &a, &c);
        assert_eq!(v.feature_name(0).as_deref(), Some("commun"));
        assert_eq!(v.feature_name(1).as_deref(), Some("rare2"));
    }

    #[test]
    fn term_index_finds_every_term_and_survives_a_hash_collision() {
        let terms: Vec<String> = ["sécur", "maroc", "franc"].map(String::from).to_vec();
        let ix = TermIndex::build(&terms);
        for (i, t) in terms.iter().enumerate() {
            assert_eq!(ix.get(&terms, t), Some(i as u32));
        }
        assert_eq!(ix.get(&terms, "absent"), None);
        // A collision, forced: the hash of "maroc" points at another term.
        let mut ix = TermIndex::default();
        ix.by_hash.insert(term_hash("maroc"), 0);
        ix.collisions.insert("maroc".into(), 1);
        assert_eq!(ix.get(&terms, "maroc"), Some(1));
        assert_eq!(ix.get(&terms, "franc"), None);
    }

    #[test]
    fn bigram_rows_are_the_same_before_and_after_the_index_is_built() {
        let (a, mut c) = plain();
        c.bigrams = true;
        let docs = [doc("a b c a b"), doc("b c a b"), doc("c a b c")];
        let (v, m) = TfidfVectorizer::fit_transform(&docs, &a, &c);
        assert!(v.bigram_index.table().is_none());
        let before = v.transform(&docs);
        v.bigram_index
            .searched(BigramIndex::BUILD_AFTER, &v.bigrams);
        assert!(v.bigram_index.table().is_some());
        let after = v.transform(&docs);
        for r in 0..docs.len() {
            assert_eq!(before.row(r).indices, after.row(r).indices);
            assert_eq!(before.row(r).values, after.row(r).values);
            assert_eq!(before.row(r).indices, m.row(r).indices);
        }
    }

    #[test]
    fn bigram_table_finds_its_bigrams_and_filters_most_others() {
        let bigrams: Vec<(u32, u32, u32)> = (0..3000u32)
            .map(|i| (i % 97, i / 97 * 7 + i % 5, i))
            .collect();
        let t = BigramTable::build(&bigrams);
        for &(a, b, f) in &bigrams {
            assert_eq!(t.get(a, b), Some(f), "({a}, {b})");
        }
        let mut through = 0;
        let mut others = 0;
        for a in 100..400u32 {
            for b in 0..300u32 {
                others += 1;
                assert_eq!(t.get(a, b), None);
                through += usize::from(t.may_hold(a, b));
            }
        }
        assert!(
            through * 8 < others,
            "{through} of {others} pairs got through"
        );
    }

    #[test]
    fn unsorted_or_repeated_bigrams_make_a_vectorizer_inconsistent() {
        let (a, mut c) = plain();
        c.bigrams = true;
        let (v, _) = TfidfVectorizer::fit_transform(&[doc("a b c a b"), doc("b c a b")], &a, &c);
        assert!(v.is_consistent());
        let mut d = VectorizerData::from(v);
        assert!(d.bigrams.len() >= 2);
        d.bigrams.swap(0, 1);
        assert!(!TfidfVectorizer::from(d).is_consistent());
    }

    #[test]
    fn empty_document_gives_empty_row() {
        let (a, c) = plain();
        let (v, m) = TfidfVectorizer::fit_transform(&[doc("a"), doc("")], &a, &c);
        assert_eq!(m.row(1).indices.len(), 0);
        let mut an = Analyzer::new(a);
        assert!(v.transform_one(&mut an, doc("zzz")).is_empty());
    }
}
