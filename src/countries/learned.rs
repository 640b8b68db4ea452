//! Learned salience: two small logistic models over explainable per-article features, trained
//! offline with `linfa-logistic` (`examples/train_salience.rs`) on the labelled Le Monde 2022 and
//! BBC Afrique sets, and embedded here as constants (no model file; [`CountryTagger::bundled`]
//! stays a few ms).
//!
//! # Country model
//! For each candidate country (any country with at least one resolved mention) the features of
//! [`FEATURE_NAMES`] are computed; `p = σ(COUNTRY_BIAS + Σ COUNTRY_WEIGHTS[i]·x[i])` is the
//! probability that annotators list it. Countries with `p ≥ keep_threshold` are kept, most
//! probable first. Counts are `ln(1 + n)` so a long text repeating a name does not dominate.
//!
//! # Pair model
//! On the two most probable candidates, features of [`PAIR_FEATURE_NAMES`] give the probability
//! that the article is about their bilateral relation; a pair is returned when it passes
//! `pair_threshold` and both countries are kept.
//!
//! See [`COUNTRY_WEIGHTS`] and [`PAIR_WEIGHTS`] for the learned values and what they say.
//!
//! [`CountryTagger::bundled`]: super::CountryTagger::bundled

use super::gazetteer::Kind;
use super::salience::{scores, Analysis, Mention, SalienceParams};

/// Number of per-candidate features.
pub const N_FEATURES: usize = 18;

/// Text tokens counted as the lede ("first sentence"): Le Monde ledes and BBC first sentences.
const LEAD_TOKENS: u32 = 30;

/// Names of the per-candidate features, in the order of [`COUNTRY_WEIGHTS`].
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "title_strong",   // ln(1+ title mentions: name, alt, abbr, capital, metonym, prefix)
    "title_demonym",  // ln(1+ title demonyms)
    "title_weak",     // ln(1+ title cities and leaders)
    "lead",           // ln(1+ text mentions in the first 30 tokens, domestic cues excluded)
    "body_strong",    // ln(1+ text mentions: name, alt, abbr, capital, metonym, prefix)
    "body_demonym",   // ln(1+ text demonyms)
    "body_weak",      // ln(1+ text cities and leaders)
    "domestic",       // ln(1+ domestic-politics cues: parties, institutions, politicians)
    "share",          // share of the article's non-domestic mentions
    "rank1",          // first by the hand-weighted score
    "rank2",          // second by the hand-weighted score
    "only_candidate", // the only country mentioned at all
    "compound",       // part of a compound adjective (franco-marocain)
    "log_length",     // ln(1 + text tokens / 100)
    "domestic_only",  // only domestic cues, no name/demonym/city/leader mention
    "log_candidates", // ln(number of candidate countries)
    "early",          // 1 − (first text mention position / text length); 0 if not in the text
    "score_ratio",    // hand-weighted score / best hand-weighted score
];

/// Learned weights of the country model (same order as [`FEATURE_NAMES`]), fitted by
/// `examples/train_salience.rs` (linfa-logistic, L2 alpha = 1) on all 1 874 labelled items.
///
/// What they say: any title mention is the strongest evidence (≈ +3.0 to +3.7 per ln-count, even a
/// city or a leader); body names (+1.2) and demonyms (+1.0) count, cities/leaders barely (+0.4);
/// an early first mention (+1.4), the share of mentions (+0.9) and the hand rank help; domestic
/// cues (+1.4, and +2.75 when they are the only evidence) let a Le Monde domestic story get FR
/// without a hard-coded home country; longer texts need more evidence (−1.5 per ln-length).
pub const COUNTRY_WEIGHTS: [f32; N_FEATURES] = [
    3.709407,
    3.491011,
    3.0176032,
    0.65019435,
    1.1850609,
    0.9872858,
    0.37478414,
    1.3933282,
    0.8793092,
    0.5682384,
    0.23389852,
    -0.14874369,
    -0.22528735,
    -1.478667,
    2.750505,
    -0.3523706,
    1.4232422,
    0.48232952,
];
/// Learned intercept of the country model.
pub const COUNTRY_BIAS: f32 = -1.7722508;

/// Number of pair features.
pub const N_PAIR_FEATURES: usize = 7;

/// Names of the pair features, in the order of [`PAIR_WEIGHTS`].
pub const PAIR_FEATURE_NAMES: [&str; N_PAIR_FEATURES] = [
    "p1",           // country-model probability of the most probable candidate
    "p2",           // ... of the second
    "p3",           // ... of the third (0 if none): three central countries make no pair
    "compound",     // the two are joined in a compound adjective
    "adjacent",     // ln(1+ times they are mentioned within 4 tokens: "le Maroc et la France")
    "both_title",   // both are mentioned in the title
    "n_above_half", // number of candidates with p ≥ 0.5
];

/// Learned weights of the pair model (same order as [`PAIR_FEATURE_NAMES`]), fitted with the
/// country model above. A pair needs both candidates probable (p1 +2.0, p2 +3.3) and no strong
/// third (p3 −2.5); a compound adjective (+0.66) and both in the title (+0.61) add to it; the
/// adjacency cue turned out uninformative (≈ 0).
pub const PAIR_WEIGHTS: [f32; N_PAIR_FEATURES] = [
    2.0452833,
    3.2523103,
    -2.4632084,
    0.6551384,
    -0.037599266,
    0.6147276,
    0.54293734,
];
/// Learned intercept of the pair model.
pub const PAIR_BIAS: f32 = -5.4954906;

/// Keep threshold chosen with the weights (grid 0.3–0.6 maximising F1 + pair accuracy).
pub const KEEP_THRESHOLD: f32 = 0.4;
/// Pair threshold chosen with the weights (grid 0.3–0.6).
pub const PAIR_THRESHOLD: f32 = 0.4;

/// The weights and thresholds of the learned decision; `Default` holds the embedded values.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedWeights {
    /// Country-model weights, see [`FEATURE_NAMES`].
    pub country: [f32; N_FEATURES],
    /// Country-model intercept.
    pub country_bias: f32,
    /// Minimum probability to keep a country.
    pub keep_threshold: f32,
    /// Pair-model weights, see [`PAIR_FEATURE_NAMES`].
    pub pair: [f32; N_PAIR_FEATURES],
    /// Pair-model intercept.
    pub pair_bias: f32,
    /// Minimum pair probability to return a pair.
    pub pair_threshold: f32,
    /// At most this many countries are returned.
    pub max_countries: usize,
}

impl Default for LearnedWeights {
    fn default() -> Self {
        LearnedWeights {
            country: COUNTRY_WEIGHTS,
            country_bias: COUNTRY_BIAS,
            keep_threshold: KEEP_THRESHOLD,
            pair: PAIR_WEIGHTS,
            pair_bias: PAIR_BIAS,
            pair_threshold: PAIR_THRESHOLD,
            max_countries: 4,
        }
    }
}

/// One candidate country of an article and its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the country in the gazetteer.
    pub country: u16,
    /// Feature values, see [`FEATURE_NAMES`].
    pub features: [f32; N_FEATURES],
}

/// Per-country mention counts gathered in one pass.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    title_strong: u32,
    title_demonym: u32,
    title_weak: u32,
    lead: u32,
    body_strong: u32,
    body_demonym: u32,
    body_weak: u32,
    domestic: u32,
    first_text_pos: Option<u32>,
}

/// Which feature group a mention of `kind` feeds (0 strong, 1 demonym, 2 weak, 3 domestic).
fn group(kind: Kind) -> usize {
    match kind {
        Kind::Demonym => 1,
        Kind::City | Kind::Person => 2,
        Kind::Domestic => 3,
        _ => 0,
    }
}

fn count(a: &Analysis, country: u16) -> Counts {
    let mut c = Counts::default();
    for m in a.mentions.iter().filter(|m| m.country == country) {
        let g = group(m.kind);
        if g == 3 {
            c.domestic += 1;
            continue;
        }
        let slot = match (m.in_title, g) {
            (true, 0) => &mut c.title_strong,
            (true, 1) => &mut c.title_demonym,
            (true, _) => &mut c.title_weak,
            (false, 0) => &mut c.body_strong,
            (false, 1) => &mut c.body_demonym,
            (false, _) => &mut c.body_weak,
        };
        *slot += 1;
        if !m.in_title {
            c.lead += u32::from(m.pos < LEAD_TOKENS);
            c.first_text_pos = Some(c.first_text_pos.map_or(m.pos, |p| p.min(m.pos)));
        }
    }
    c
}

fn ln1p(n: u32) -> f32 {
    (n as f32).ln_1p()
}

/// The candidates of an article with their features, in hand-score order (best first).
pub fn candidate_features(a: &Analysis) -> Vec<Candidate> {
    let ranked = scores(a, &SalienceParams::default());
    let top = ranked.first().map_or(0.0, |x| x.1);
    let plain = a
        .mentions
        .iter()
        .filter(|m| m.kind != Kind::Domestic)
        .count();
    let n = ranked.len();
    let len = (1.0 + a.text_tokens as f32 / 100.0).ln();
    ranked
        .iter()
        .enumerate()
        .map(|(rank, &(country, score))| {
            let c = count(a, country);
            let non_domestic = c.title_strong
                + c.title_demonym
                + c.title_weak
                + c.body_strong
                + c.body_demonym
                + c.body_weak;
            let compound = a
                .compounds
                .iter()
                .any(|&(x, y)| x == country || y == country);
            let early = c.first_text_pos.map_or(0.0, |p| {
                1.0 - (p as f32 / a.text_tokens.max(1) as f32).min(1.0)
            });
            let features = [
                ln1p(c.title_strong),
                ln1p(c.title_demonym),
                ln1p(c.title_weak),
                ln1p(c.lead),
                ln1p(c.body_strong),
                ln1p(c.body_demonym),
                ln1p(c.body_weak),
                ln1p(c.domestic),
                non_domestic as f32 / plain.max(1) as f32,
                f32::from(u8::from(rank == 0)),
                f32::from(u8::from(rank == 1)),
                f32::from(u8::from(n == 1)),
                f32::from(u8::from(compound)),
                len,
                f32::from(u8::from(non_domestic == 0)),
                (n as f32).ln(),
                early,
                if top > 0.0 { score / top } else { 0.0 },
            ];
            Candidate { country, features }
        })
        .collect()
}

/// Logistic function of a weighted sum.
fn sigmoid(bias: f32, w: &[f32], x: &[f32]) -> f32 {
    let z: f32 = bias + w.iter().zip(x).map(|(w, x)| w * x).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// Candidates with their country-model probability, most probable first.
pub fn probabilities(a: &Analysis, w: &LearnedWeights) -> Vec<(u16, f32)> {
    let mut out: Vec<(u16, f32)> = candidate_features(a)
        .iter()
        .map(|c| (c.country, sigmoid(w.country_bias, &w.country, &c.features)))
        .collect();
    // Stable sort keeps the hand-score order among equal probabilities.
    out.sort_by(|x, y| y.1.total_cmp(&x.1));
    out
}

/// Pair features for the two most probable candidates (`None` with fewer than two).
pub fn pair_features(
    a: &Analysis,
    probs: &[(u16, f32)],
) -> Option<(u16, u16, [f32; N_PAIR_FEATURES])> {
    let (&(c1, p1), &(c2, p2)) = (probs.first()?, probs.get(1)?);
    let p3 = probs.get(2).map_or(0.0, |x| x.1);
    let joined = a
        .compounds
        .iter()
        .any(|&(x, y)| (x == c1 && y == c2) || (x == c2 && y == c1));
    let in_title = |c: u16| a.mentions.iter().any(|m| m.country == c && m.in_title);
    let above = probs.iter().filter(|x| x.1 >= 0.5).count();
    let features = [
        p1,
        p2,
        p3,
        f32::from(u8::from(joined)),
        ln1p(adjacent(a, c1, c2)),
        f32::from(u8::from(in_title(c1) && in_title(c2))),
        above as f32,
    ];
    Some((c1, c2, features))
}

/// How often `x` is mentioned within 4 tokens of `y` in the same field. Mentions are in text
/// order (title first), so only the neighbours inside the window are visited.
fn adjacent(a: &Analysis, x: u16, y: u16) -> u32 {
    let ms = &a.mentions;
    let close = |m: &Mention, o: &Mention| o.in_title == m.in_title && o.pos.abs_diff(m.pos) <= 4;
    let mut n = 0;
    for (i, m) in ms.iter().enumerate().filter(|(_, m)| m.country == x) {
        let after = ms[i + 1..].iter().take_while(|o| close(m, o));
        let before = ms[..i].iter().rev().take_while(|o| close(m, o));
        n += u32::from(after.chain(before).any(|o| o.country == y));
    }
    n
}

/// Decide the salient countries (most probable first) and the pair with the learned models.
pub fn decide(a: &Analysis, w: &LearnedWeights) -> (Vec<u16>, Option<(u16, u16)>) {
    let probs = probabilities(a, w);
    let kept: Vec<u16> = probs
        .iter()
        .filter(|x| x.1 >= w.keep_threshold)
        .take(w.max_countries)
        .map(|x| x.0)
        .collect();
    let pair = pair_features(a, &probs).and_then(|(c1, c2, f)| {
        let p = sigmoid(w.pair_bias, &w.pair, &f);
        (p >= w.pair_threshold && kept.contains(&c1) && kept.contains(&c2)).then_some((c1, c2))
    });
    (kept, pair)
}
