//! Learned salience: two small logistic models over explainable per-article features, trained
//! offline with `linfa-logistic` (`examples/train_salience.rs`) on the labelled Le Monde 2022 and
//! BBC Afrique sets, and embedded here as constants (no model file; [`CountryTagger::bundled`]
//! stays a few ms).
//!
//! # Country model
//! For each candidate country (any country with at least one resolved mention, plus the outlet's
//! home country when one is given, mentioned or not) the features of [`FEATURE_NAMES`] are computed; `p = σ(COUNTRY_BIAS + Σ COUNTRY_WEIGHTS[i]·x[i])` is the
//! probability that annotators list it. Countries with `p ≥ keep_threshold` are kept, most
//! probable first. Counts are `ln(1 + n)` so a long text repeating a name does not dominate.
//!
//! # Pair model
//! On the two most probable candidates, features of [`PAIR_FEATURE_NAMES`] give the probability
//! that the article is about their bilateral relation; a pair is returned when it passes
//! `pair_threshold` and both countries are kept.
//!
//! # Home country
//! A national outlet's domestic stories rarely name their own country. When the outlet's home
//! country is known ([`CountryTagger::tag_with_home`]), it is always a candidate and four features
//! describe it: `is_home`, `home_generic` (generic national-institution cues such as `Sénat` or
//! `préfet`, gazetteer rows with code `*`, which count for no country otherwise), `home_no_foreign`
//! and `home_foreign_title`; the pair model gets `home_in_pair`. Without a home country these
//! features are 0 and the other candidates' features are unchanged.
//!
//! # Context of the mentions
//! Three features describe what the mentions say rather than how many there are (see the
//! `context` module): `dem_state` (demonyms on the state or its people, "l'armée russe"), `event`
//! (names as the place of an event, "la guerre en Ukraine", often background) and `implied`
//! (gazetteer `implied` rows, event phrases that imply another party: "guerre en Ukraine" → RU).
//!
//! See [`COUNTRY_WEIGHTS`] and [`PAIR_WEIGHTS`] for the learned values and what they say.
//!
//! [`CountryTagger::bundled`]: super::CountryTagger::bundled
//! [`CountryTagger::tag_with_home`]: super::CountryTagger::tag_with_home

use super::context::Role;
use super::gazetteer::Kind;
use super::salience::{scores, Analysis, Mention, SalienceParams};

/// Number of per-candidate features.
pub const N_FEATURES: usize = 25;

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
    // Home-country evidence (0 for every candidate when the outlet's home country is unknown):
    "is_home",            // the outlet's home country (a candidate even with no mention)
    "home_generic",       // home only: ln(1+ generic national-institution cues: Sénat, préfet)
    "home_no_foreign",    // home only: no other country has a name/demonym/city/leader mention
    "home_foreign_title", // home only: another country is mentioned in the title
    // Context of the mentions (see the `context` module); also counted in the groups above:
    "dem_state", // ln(1+ demonyms on the state or its people: "l'armée russe")
    "event",     // ln(1+ names as the place of an event: "la guerre en Ukraine")
    // Gazetteer `implied` rows, counted in no group above:
    "implied", // ln(1+ event phrases implying this country: "guerre en Ukraine" → RU)
];

/// Learned weights of the country model (same order as [`FEATURE_NAMES`]), fitted by
/// `examples/train_salience.rs` (linfa-logistic) on all 1 874 labelled items, the Le Monde items
/// with home country FR (from `data/sources-fr.tsv`), the BBC Afrique items with none; the L2
/// alpha (0.3) and the thresholds were chosen by 5-fold cross-validation.
///
/// What they say: any title mention is the strongest evidence (≈ +2.8 to +4.6 per ln-count, even a
/// city or a leader); body names (+1.2) and demonyms (+0.7) count, cities/leaders barely (+0.25);
/// the share of mentions (+1.3) and an early first mention (+1.8) help; domestic cues (+0.8, and
/// +2.8 when they are the only evidence) give FR to French domestic stories; longer texts need
/// more evidence (−1.4 per ln-length).
///
/// Context (the `context` module): a demonym on the state or its people ("l'armée russe") adds
/// +0.90 per ln-count to the demonym weight, about as much as a body name; a name as the place of
/// an event ("la guerre en Ukraine") takes −2.13 per ln-count, about half a title mention, since
/// such a name is often only the background; an `implied` gazetteer phrase ("guerre en Ukraine"
/// → RU) gives its country +2.16 per ln-count, about two body names' worth, so it tips a country
/// that is also mentioned, and alone stays below the keep threshold.
///
/// The home country: `is_home` +0.73, `home_no_foreign` +1.86, `home_generic` +1.58 per ln-count,
/// `home_foreign_title` −1.21. So in a 30-token lede that names no country, the home country gets
/// p ≈ 0.51 and is kept (threshold 0.4), p ≈ 0.75 with one generic cue (`préfet`); once another
/// country is mentioned in the text it drops to p ≈ 0.14 unless generic cues back it (two cues:
/// p ≈ 0.46), and to p ≈ 0.05 when that country is in the title.
pub const COUNTRY_WEIGHTS: [f32; N_FEATURES] = [
    4.6253233,
    3.854931,
    2.8415537,
    0.7087935,
    1.1740038,
    0.67562747,
    0.24562725,
    0.77891237,
    1.2957909,
    0.30886227,
    0.21988146,
    -0.5692839,
    -0.25704983,
    -1.4090892,
    2.7584848,
    -0.35058603,
    1.763746,
    0.5225807,
    0.7333615,
    1.5839354,
    1.8630942,
    -1.2077899,
    0.898516,
    -2.126541,
    2.1563425,
];
/// Learned intercept of the country model.
pub const COUNTRY_BIAS: f32 = -2.204839;

/// Number of pair features.
pub const N_PAIR_FEATURES: usize = 10;

/// Names of the pair features, in the order of [`PAIR_WEIGHTS`].
pub const PAIR_FEATURE_NAMES: [&str; N_PAIR_FEATURES] = [
    "p1",           // country-model probability of the most probable candidate
    "p2",           // ... of the second
    "p3",           // ... of the third (0 if none): three central countries make no pair
    "compound",     // the two are joined in a compound adjective
    "adjacent",     // ln(1+ times they are mentioned within 4 tokens: "le Maroc et la France")
    "both_title",   // both are mentioned in the title
    "n_above_half", // number of candidates with p ≥ 0.5
    "home_in_pair", // one of the two is the outlet's home country
    "log_length",   // ln(1 + text tokens / 100): in a short lede two central countries interact
    "third_ratio",  // hand-weighted score of the third best / of the second: three equally central
];

/// Learned weights of the pair model (same order as [`PAIR_FEATURE_NAMES`]), fitted with the
/// country model above. A pair needs both candidates probable (p1 +2.9, p2 +5.1) and no strong
/// third (p3 −0.30, and `third_ratio` −1.14 as the third approaches the second); a compound
/// adjective (+0.42) and adjacent mentions (+0.40) add to it, many probable candidates take from it
/// (−0.47 each). A pair with the outlet's home country needs more (−0.51: the home country is often
/// only the point of view), and so does a long text (−0.52 per ln-length: in a long feature two
/// central countries are less often about each other than in a lede).
pub const PAIR_WEIGHTS: [f32; N_PAIR_FEATURES] = [
    2.924843,
    5.1266184,
    -0.3037212,
    0.42081124,
    0.39913252,
    0.13870306,
    -0.47484368,
    -0.5087598,
    -0.52311546,
    -1.1373668,
];
/// Learned intercept of the pair model.
pub const PAIR_BIAS: f32 = -5.043493;

/// Keep threshold chosen with the weights (grid 0.25–0.65, 5-fold CV maximising F1 + pair accuracy
/// on each set).
pub const KEEP_THRESHOLD: f32 = 0.4;
/// Pair threshold chosen with the weights (grid 0.25–0.65, same CV).
pub const PAIR_THRESHOLD: f32 = 0.4;

/// Index of the pair feature `third_ratio` in [`PAIR_FEATURE_NAMES`].
pub const THIRD_RATIO: usize = 9;
/// No pair when `third_ratio` reaches this: a third country at least as central as the second
/// (the guidelines: no pair when three countries are equally central). Chosen with the thresholds
/// by the same CV among 0.8, 0.9 and 1.0 (`THIRD_RULE=1` of `examples/train_salience.rs`; with 1.1,
/// "never", also allowed, the CV picks 1.1 with the same figures to ±0.003, but the guideline and
/// its test are kept).
pub const PAIR_MAX_THIRD_RATIO: f32 = 1.0;

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
    /// No pair when the third candidate is this central relative to the second (pair feature
    /// `third_ratio` at least this): the guidelines give no pair when three countries are
    /// equally central. Above 1: never applies.
    pub pair_max_third_ratio: f32,
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
            pair_max_third_ratio: PAIR_MAX_THIRD_RATIO,
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
    dem_state: u32,
    event: u32,
    implied: u32,
}

/// Which feature group a mention of `kind` feeds (0 strong, 1 demonym, 2 weak, 3 domestic,
/// 4 implied).
fn group(kind: Kind) -> usize {
    match kind {
        Kind::Demonym => 1,
        Kind::City | Kind::Person => 2,
        Kind::Domestic => 3,
        Kind::Implied => 4,
        _ => 0,
    }
}

fn count(a: &Analysis, country: u16) -> Counts {
    let mut c = Counts::default();
    for m in a.mentions.iter().filter(|m| m.country == country) {
        let g = group(m.kind);
        match m.role {
            Role::State => c.dem_state += 1,
            Role::Event => c.event += 1,
            Role::Plain => {}
        }
        if g == 3 {
            c.domestic += 1;
            continue;
        }
        if g == 4 {
            c.implied += 1;
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

/// The candidates of an article with their features, in hand-score order (best first); the home
/// country, if set and not mentioned, comes last.
pub fn candidate_features(a: &Analysis) -> Vec<Candidate> {
    let mut ranked = scores(a, &SalienceParams::default());
    let top = ranked.first().map_or(0.0, |x| x.1);
    let plain = a
        .mentions
        .iter()
        .filter(|m| !matches!(m.kind, Kind::Domestic | Kind::Implied))
        .count();
    // Rank and candidate-count features describe the mentioned countries only, so that an
    // unmentioned home candidate leaves the other candidates' features as without a home.
    let n = ranked.len();
    let len = (1.0 + a.text_tokens as f32 / 100.0).ln();
    let non_domestic_of = |c: &Counts| {
        c.title_strong
            + c.title_demonym
            + c.title_weak
            + c.body_strong
            + c.body_demonym
            + c.body_weak
    };
    let (mut foreign, mut foreign_title) = (false, false);
    if let Some(h) = a.home {
        for &(country, _) in ranked.iter().filter(|x| x.0 != h) {
            let c = count(a, country);
            foreign |= non_domestic_of(&c) > 0;
            foreign_title |= c.title_strong + c.title_demonym + c.title_weak > 0;
        }
        if !ranked.iter().any(|x| x.0 == h) {
            ranked.push((h, 0.0));
        }
    }
    ranked
        .iter()
        .enumerate()
        .map(|(rank, &(country, score))| {
            let c = count(a, country);
            let non_domestic = non_domestic_of(&c);
            let mentioned = rank < n;
            let home = a.home == Some(country);
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
                f32::from(u8::from(rank == 0 && mentioned)),
                f32::from(u8::from(rank == 1 && mentioned)),
                f32::from(u8::from(n == 1 && mentioned)),
                f32::from(u8::from(compound)),
                len,
                f32::from(u8::from(non_domestic == 0 && c.domestic > 0)),
                (n.max(1) as f32).ln(),
                early,
                if top > 0.0 { score / top } else { 0.0 },
                f32::from(u8::from(home)),
                if home { ln1p(a.home_cues) } else { 0.0 },
                f32::from(u8::from(home && !foreign)),
                f32::from(u8::from(home && foreign_title)),
                ln1p(c.dem_state),
                ln1p(c.event),
                ln1p(c.implied),
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
    // Hand-weighted scores do not saturate as probabilities do: equal evidence gives ratio 1.
    let hand = scores(a, &SalienceParams::default());
    let score_of = |c: u16| hand.iter().find(|x| x.0 == c).map_or(0.0, |x| x.1);
    let third = hand
        .iter()
        .filter(|x| x.0 != c1 && x.0 != c2)
        .map(|x| x.1)
        .fold(0.0f32, f32::max);
    let second = score_of(c1).min(score_of(c2));
    let third_ratio = if second > 0.0 {
        (third / second).min(1.0)
    } else {
        0.0
    };
    let above = probs.iter().filter(|x| x.1 >= 0.5).count();
    let home_in = a.home.is_some_and(|h| h == c1 || h == c2);
    let features = [
        p1,
        p2,
        p3,
        f32::from(u8::from(joined)),
        ln1p(adjacent(a, c1, c2)),
        f32::from(u8::from(in_title(c1) && in_title(c2))),
        above as f32,
        f32::from(u8::from(home_in)),
        (1.0 + a.text_tokens as f32 / 100.0).ln(),
        third_ratio,
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
        let third_ok = f[THIRD_RATIO] < w.pair_max_third_ratio;
        (p >= w.pair_threshold && third_ok && kept.contains(&c1) && kept.contains(&c2))
            .then_some((c1, c2))
    });
    (kept, pair)
}
