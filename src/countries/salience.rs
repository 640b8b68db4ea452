//! Salience: from the mentions found in an article, decide which countries it is *about* and
//! whether it is about a bilateral pair.
//!
//! The rule is a weighted count, kept explainable on purpose:
//!
//! ```text
//! score(c) = title_weight · Σ_title w(kind)  +  (Σ_text w(kind) · lead(pos))^text_exponent
//!            + compound_bonus · [c appears in a compound adjective such as franco-marocain]
//! lead(pos) = lead_weight if pos < lead_tokens else 1
//! ```
//!
//! A country is kept when `score ≥ min_score + min_score_per_log_len · ln(1 + text_tokens/100)`,
//! `score ≥ min_ratio · top score` and `score ≥ min_share · total score` (at most
//! `max_countries`, best first). A pair is given for the two best kept countries when the second
//! is close enough to the first (`pair_min_ratio`) and a third, if any, is clearly behind
//! (`pair_max_third_ratio`), or when the two best are joined in a compound adjective.

use super::context::Role;
use super::gazetteer::{Kind, N_KINDS};

/// One country mention after ambiguity resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    /// Index of the country in the gazetteer.
    pub country: u16,
    /// What kind of form matched.
    pub kind: Kind,
    /// In the title (true) or the text (false).
    pub in_title: bool,
    /// Token index of the mention in the title or in the text.
    pub pos: u32,
    /// What the mention describes (demonyms only; see the `context` module).
    pub role: Role,
}

/// Everything the salience rule needs about one article (parameter-free, so that tuning can
/// evaluate many parameter sets on one analysis).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// All mentions, in order (title first).
    pub mentions: Vec<Mention>,
    /// Country pairs joined in one compound adjective (`franco-marocain`, `maroco-françaises`).
    pub compounds: Vec<(u16, u16)>,
    /// Number of tokens in the text (not the title).
    pub text_tokens: u32,
    /// The outlet's home country (index in the gazetteer), if known: see
    /// [`CountryTagger::tag_with_home`](super::CountryTagger::tag_with_home).
    pub home: Option<u16>,
    /// Generic national-institution cues (gazetteer rows with code `*`: `Assemblée nationale`,
    /// `préfet`) in title and text; evidence for the home country only.
    pub home_cues: u32,
}

/// The documented weights and thresholds of the salience rule. `Default` holds the tuned values.
#[derive(Debug, Clone, PartialEq)]
pub struct SalienceParams {
    /// Weight of one mention per [`Kind`] (indexed by `Kind as usize`). Names count fully;
    /// demonyms are often passing adjectives; cities and persons are weak hints.
    pub kind_weight: [f32; N_KINDS],
    /// Multiplier for mentions in the title: the title states what the article is about.
    pub title_weight: f32,
    /// Text mentions in the first `lead_tokens` tokens (the lede) are multiplied by `lead_weight`.
    pub lead_tokens: u32,
    /// Multiplier for mentions in the lede.
    pub lead_weight: f32,
    /// Exponent applied to the text score, below 1 so that long articles repeating a name do not
    /// drown the title (BBC Afrique texts are ~5 kB, Le Monde ledes ~300 B).
    pub text_exponent: f32,
    /// Bonus added to each country of a compound adjective (franco-marocain).
    pub compound_bonus: f32,
    /// Absolute minimum score to keep a country (for a text of ~100 tokens).
    pub min_score: f32,
    /// Added to `min_score` per unit of `ln(1 + text_tokens / 100)`: long features repeat names
    /// in passing, so the bar rises with length.
    pub min_score_per_log_len: f32,
    /// Minimum share of the article's total country score to keep a country: when many
    /// countries are cited about equally (a global survey), none is central.
    pub min_share: f32,
    /// Minimum score relative to the best country to keep a country.
    pub min_ratio: f32,
    /// At most this many countries are returned.
    pub max_countries: usize,
    /// The second country's score must reach this fraction of the first's for a pair.
    pub pair_min_ratio: f32,
    /// If a third country is kept, its score must stay below this fraction of the second's.
    pub pair_max_third_ratio: f32,
}

impl Default for SalienceParams {
    fn default() -> Self {
        let mut kind_weight = [0.0; N_KINDS];
        kind_weight[Kind::Name as usize] = 1.0;
        kind_weight[Kind::Alt as usize] = 1.0;
        kind_weight[Kind::Demonym as usize] = 0.7;
        kind_weight[Kind::Capital as usize] = 0.7;
        kind_weight[Kind::Metonym as usize] = 0.8;
        kind_weight[Kind::City as usize] = 0.4;
        kind_weight[Kind::Person as usize] = 0.6;
        kind_weight[Kind::Abbr as usize] = 1.0;
        kind_weight[Kind::Prefix as usize] = 0.8;
        // Domestic cues are left to the learned model; the hand rule ignores them as before.
        kind_weight[Kind::Domestic as usize] = 0.0;
        SalienceParams {
            kind_weight,
            title_weight: 4.0,
            lead_tokens: 40,
            lead_weight: 2.0,
            text_exponent: 0.7,
            compound_bonus: 1.0,
            min_score: 0.8,
            min_score_per_log_len: 1.0,
            min_share: 0.15,
            min_ratio: 0.25,
            max_countries: 4,
            pair_min_ratio: 0.6,
            pair_max_third_ratio: 0.5,
        }
    }
}

/// Per-country scores of one article, best first (ties: earliest mention first).
pub fn scores(a: &Analysis, p: &SalienceParams) -> Vec<(u16, f32)> {
    // (country, title part, text part, first mention order, in compound)
    let mut acc: Vec<(u16, f32, f32, usize, bool)> = Vec::new();
    for (order, m) in a.mentions.iter().enumerate() {
        let w = p.kind_weight[m.kind as usize];
        let slot = match acc.iter().position(|x| x.0 == m.country) {
            Some(i) => i,
            None => {
                acc.push((m.country, 0.0, 0.0, order, false));
                acc.len() - 1
            }
        };
        if m.in_title {
            acc[slot].1 += w;
        } else {
            let lead = if m.pos < p.lead_tokens {
                p.lead_weight
            } else {
                1.0
            };
            acc[slot].2 += w * lead;
        }
    }
    for &(x, y) in &a.compounds {
        for e in acc.iter_mut().filter(|e| e.0 == x || e.0 == y) {
            e.4 = true;
        }
    }
    let mut out: Vec<(u16, f32, usize)> = acc
        .iter()
        .map(|&(c, t, x, order, comp)| {
            let s = p.title_weight * t
                + x.max(0.0).powf(p.text_exponent)
                + if comp { p.compound_bonus } else { 0.0 };
            (c, s, order)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    out.into_iter().map(|(c, s, _)| (c, s)).collect()
}

/// Decide the salient countries (best first) and the pair (two indices, unordered).
pub fn decide(a: &Analysis, p: &SalienceParams) -> (Vec<u16>, Option<(u16, u16)>) {
    let sc = scores(a, p);
    let Some(&(_, top)) = sc.first() else {
        return (Vec::new(), None);
    };
    let total: f32 = sc.iter().map(|x| x.1).sum();
    let len_factor = (1.0 + a.text_tokens as f32 / 100.0).ln();
    let bar = p.min_score + p.min_score_per_log_len * len_factor;
    let kept: Vec<(u16, f32)> = sc
        .into_iter()
        .filter(|&(_, s)| s >= bar && s >= p.min_ratio * top && s >= p.min_share * total)
        .take(p.max_countries)
        .collect();
    let pair = pick_pair(&kept, a, p);
    (kept.into_iter().map(|(c, _)| c).collect(), pair)
}

fn pick_pair(kept: &[(u16, f32)], a: &Analysis, p: &SalienceParams) -> Option<(u16, u16)> {
    let (&(c1, s1), &(c2, s2)) = (kept.first()?, kept.get(1)?);
    let joined = a
        .compounds
        .iter()
        .any(|&(x, y)| (x == c1 && y == c2) || (x == c2 && y == c1));
    let close = s2 >= p.pair_min_ratio * s1;
    let third_behind = kept
        .get(2)
        .is_none_or(|&(_, s3)| s3 < p.pair_max_third_ratio * s2);
    (joined || (close && third_behind)).then_some((c1, c2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(country: u16, kind: Kind, in_title: bool, pos: u32) -> Mention {
        Mention {
            country,
            kind,
            in_title,
            pos,
            role: Role::Plain,
        }
    }

    #[test]
    fn title_mentions_dominate_passing_mentions() {
        let a = Analysis {
            mentions: vec![
                m(0, Kind::Name, true, 0),
                m(0, Kind::Name, false, 3),
                m(1, Kind::Demonym, false, 200),
            ],
            compounds: vec![],
            text_tokens: 300,
            ..Analysis::default()
        };
        let (c, pair) = decide(&a, &SalienceParams::default());
        assert_eq!(c, vec![0]);
        assert_eq!(pair, None);
    }

    #[test]
    fn compound_adjective_makes_a_pair() {
        let a = Analysis {
            mentions: vec![
                m(0, Kind::Prefix, true, 1),
                m(1, Kind::Demonym, true, 2),
                m(1, Kind::Capital, false, 5),
                m(0, Kind::Capital, false, 7),
            ],
            compounds: vec![(0, 1)],
            text_tokens: 50,
            ..Analysis::default()
        };
        let (c, pair) = decide(&a, &SalienceParams::default());
        assert_eq!(c.len(), 2);
        assert!(matches!(pair, Some((1, 0)) | Some((0, 1))));
    }

    #[test]
    fn empty_analysis_gives_nothing() {
        assert_eq!(
            decide(&Analysis::default(), &SalienceParams::default()),
            (vec![], None)
        );
    }
}
