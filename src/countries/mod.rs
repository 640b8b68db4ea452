//! Country tagging of French-language news: which countries an article is about, most salient
//! first, and the bilateral pair (`"FR-MA"`) when it is about an interaction between two.
//!
//! # Gazetteer
//! `data/gazetteer-fr.tsv` (embedded; ODbL, see `data/gazetteer-fr.NOTICE`) has one surface form
//! per line: `CODE<TAB>KIND<TAB>FORM`. Its header documents the format. Forms are matched on whole
//! tokens after normalisation (lowercase, no accents; spaces, hyphens and both apostrophes `'`/`’`
//! are equivalent), so `l’Algérie`, `d'Espagne`, `Etats-Unis`, `Senegal` need no extra rows. The
//! longest form starting at a token wins (`Guinée-Bissau` over `Guinée`, `fleuve Niger` over
//! `Niger`). Capitalised words of a form must be capitalised in the text (`Inde` matches, `inde-`
//! inside `indemnité` never does since matching is per whole token, and lowercase `maison blanche`
//! is not the White House); demonyms match in any case, abbreviations only in capitals (`USA`),
//! prefixes only before a hyphen (`franco-`, `algéro-`).
//!
//! # Ambiguity decisions (each has a test below)
//! - One owner per form; sovereign states win demonyms over territories (Français → FR, not TF;
//!   Américain → US, not MP).
//! - `Congo`/`Congolais` → CD by default (the DRC dominates African news); CG when the article's
//!   unambiguous mentions favour it (Brazzaville, Congo-Brazzaville, République du Congo).
//!   `RDC`, `Kinshasa`, `République démocratique du Congo` → CD always.
//! - `Géorgie` → GE by default; US when US evidence outweighs Georgian evidence (e.g. `Atlanta`,
//!   `l'État de Géorgie`, which also count for US themselves). `Corée`/`coréen` → KR unless North
//!   Korean evidence dominates.
//! - Blockers (code `-`) consume phrases that are not countries: fleuve/delta/boucle du Niger,
//!   fleuve/bassin du Congo, golfe de Guinée, lac Tchad, océan Indien, Paris Saint-Germain, Real
//!   Madrid, Washington Post, Amérique latine, latino-/sud-/nord-américain, Jordan, Georgia,
//!   Casques bleus (UN peacekeepers, not the French team), Rio Tinto (a company, not Rio).
//! - Places named after another country belong to their own: Colombie-Britannique → CA,
//!   Nouveau-Mexique → US (longest match wins, as for Guinée-Bissau).
//! - National teams count as their country (the guidelines): their nicknames are metonyms (`Bleus`,
//!   `Fennecs`, `Lions de l'Atlas`, `Super Eagles`); nicknames that are also common capitalised words
//!   (`Éléphants`, `Pharaons`) or shared (`la Roja`) are left out.
//! - Regions are not countries: Sahel, Maghreb, Europe, Afrique, Union européenne match nothing.
//! - Forms that are mostly first names or common words are left out: Maurice (use île Maurice,
//!   mauricien), Dominique, Grenade, Hollande (François Hollande; use Pays-Bas, néerlandais),
//!   Réunion (meeting), Jersey, Victoria, Kingston.
//! - England, Scotland, Wales, Northern Ireland → GB (the ISO code used by the annotators).
//! - Event phrases that imply another party (kind `implied`: `guerre en Ukraine`, `invasion de
//!   l'Ukraine`, `annexion de la Crimée` → RU) are matched without consuming their tokens, so
//!   Ukraine is still a mention; the implied country gets its own learned feature and no entry in
//!   [`CountryTags::mentions`].
//! - Generic national institutions that every country has (`Assemblée nationale`, `Sénat`,
//!   `préfet`, `Ligue 1`: code `*`) are no country's mention; they are evidence for the outlet's
//!   home country only, when one is given.
//!
//! # Salience
//! By default [`CountryTagger::tag`] uses two small learned logistic models (see [`COUNTRY_WEIGHTS`],
//! [`PAIR_WEIGHTS`] and the `learned` module): per-candidate features → probability that the country
//! is central, then a pair probability over the two best. `domestic` gazetteer rows (parties,
//! institutions, politicians: `LR`, `Palais-Bourbon`, `Pécresse`) are weak evidence the model weighs,
//! so French domestic stories get FR without naming France. [`CountryTagger::with_params`] switches
//! back to the older hand-weighted rule: see [`SalienceParams`] for the rule, its weights and
//! thresholds (defaults tuned on the labelled Le Monde 2022 and BBC Afrique sets with
//! temporal/2-fold held-out splits; the same values won every split).
//!
//! # Context
//! Each mention carries a [`Role`] from the words before it (`context` module): a demonym on the
//! state or its people ("le gouvernement algérien") or a name as the place of an event ("la guerre
//! en Ukraine"); the learned model weighs them as features of their own.
//!
//! # Home country
//! A national outlet's domestic stories rarely name their own country ("les députés", "le préfet")
//! and the annotation guidelines count the home country when the story is about it.
//! [`CountryTagger::tag_with_home`] takes the outlet's home country (e.g. from [`Sources::home_of`],
//! the bundled table `data/sources-fr.tsv` of French-language outlets by slug or web host); the
//! learned model then always considers it and weighs it with the rest of the evidence (see the
//! `learned` module). [`CountryTagger::tag`] uses no home country unless
//! [`CountryTagger::with_home_country`] set a default one.

mod context;
mod gazetteer;
mod learned;
mod salience;
pub mod sources;
mod tokens;

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use context::Role;
pub use gazetteer::{GazetteerError, Kind, N_KINDS};
pub use learned::{
    candidate_features, pair_features, probabilities, Candidate, LearnedWeights, COUNTRY_BIAS,
    COUNTRY_WEIGHTS, FEATURE_NAMES, N_FEATURES, N_PAIR_FEATURES, PAIR_BIAS, PAIR_FEATURE_NAMES,
    PAIR_MAX_THIRD_RATIO, PAIR_WEIGHTS, THIRD_RATIO,
};
pub use salience::{Analysis, Mention, SalienceParams};
pub use sources::{Sources, SourcesError};

use gazetteer::{Entry, Gazetteer, Owner};
use tokens::{tokenize, Tokens};

/// The bundled gazetteer text.
const BUNDLED_TSV: &str = include_str!("../../data/gazetteer-fr.tsv");

/// Tags French news articles with the countries they are about.
#[derive(Debug)]
pub struct CountryTagger {
    gaz: Gazetteer,
    params: SalienceParams,
    /// The learned decision (default); `None` after [`CountryTagger::with_params`], which selects
    /// the hand-weighted rule.
    learned: Option<LearnedWeights>,
    /// The default home country used by [`CountryTagger::tag`], if set (see
    /// [`CountryTagger::with_home_country`]).
    home: Option<u16>,
}

/// The result of tagging one article.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CountryTags {
    /// ISO alpha-2 codes, most salient first; may be empty.
    pub countries: Vec<String>,
    /// `"AA-BB"` with the codes sorted, when the article is about exactly two interacting countries.
    pub pair: Option<String>,
    /// Code → number of mentions in title and text (after ambiguity resolution).
    pub mentions: BTreeMap<String, u32>,
}

/// A raw match before ambiguity resolution.
#[derive(Debug, Clone, Copy)]
struct Raw {
    owner: Owner,
    kind: Kind,
    in_title: bool,
    pos: u32,
    role: Role,
}

impl CountryTagger {
    /// The bundled French gazetteer (embedded with `include_str!`). Parses ~2 000 lines once; a
    /// bundled file that does not parse is a build defect caught by the tests.
    pub fn bundled() -> CountryTagger {
        CountryTagger::from_tsv(BUNDLED_TSV).expect("bundled gazetteer-fr.tsv is valid (tested)")
    }

    /// Parse a gazetteer in the TSV format of `data/gazetteer-fr.tsv`; errors carry the line number.
    pub fn from_tsv(text: &str) -> Result<CountryTagger, GazetteerError> {
        Ok(CountryTagger {
            gaz: Gazetteer::parse(text)?,
            params: SalienceParams::default(),
            learned: Some(LearnedWeights::default()),
            home: None,
        })
    }

    /// Set a default home country (e.g. `"FR"` for a tagger that only sees a Paris daily), used
    /// by [`CountryTagger::tag`] and [`CountryTagger::analyse`] as [`CountryTagger::tag_with_home`]
    /// uses its `home` argument. An unknown code clears it. Off by default (BBC Afrique, for
    /// instance, writes from abroad).
    pub fn with_home_country(mut self, code: &str) -> CountryTagger {
        self.home = self.home_index(Some(code));
        self
    }

    /// Gazetteer index of a home code (trimmed, any case); `None` if absent or unknown.
    fn home_index(&self, code: Option<&str>) -> Option<u16> {
        let code = code?.trim().to_ascii_uppercase();
        self.gaz.code_index.get(code.as_str()).copied()
    }

    /// Use the hand-weighted salience rule with these parameters instead of the learned models
    /// (kept for comparison and tuning; the learned decision is the default).
    pub fn with_params(mut self, params: SalienceParams) -> CountryTagger {
        self.params = params;
        self.learned = None;
        self
    }

    /// Use the learned decision with these weights (for training and evaluation; the defaults are
    /// the embedded constants).
    pub fn with_learned(mut self, weights: LearnedWeights) -> CountryTagger {
        self.learned = Some(weights);
        self
    }

    /// Tag one article. `title` may be empty. Never panics. Uses the default home country of
    /// [`CountryTagger::with_home_country`], none unless set.
    pub fn tag(&self, title: &str, text: &str) -> CountryTags {
        self.tags_of(&self.analyse(title, text))
    }

    /// Tag one article published by an outlet whose home country is `home` (ISO alpha-2, any
    /// case, e.g. from [`Sources::home_of`]; `None`, or a code the gazetteer does not know, means
    /// no home country, whatever [`CountryTagger::with_home_country`] says).
    ///
    /// With the learned decision, the home country is always a candidate, even with no mention,
    /// and the model weighs it with the rest of the evidence (features `is_home`, `home_generic`,
    /// `home_no_foreign`, `home_foreign_title` of [`FEATURE_NAMES`]; `home_in_pair` of
    /// [`PAIR_FEATURE_NAMES`]): a domestic story ("le préfet", "les députés") gets it without
    /// naming it, a story about another country does not. With the hand-weighted rule
    /// ([`CountryTagger::with_params`]) the home country is returned only when nothing else is
    /// salient. Never panics.
    pub fn tag_with_home(&self, title: &str, text: &str, home: Option<&str>) -> CountryTags {
        self.tags_of(&self.analyse_with_home(title, text, home))
    }

    fn tags_of(&self, a: &Analysis) -> CountryTags {
        match &self.learned {
            Some(w) => self.tags_learned(a, w),
            None => self.tags_from(a, &self.params),
        }
    }

    /// Turn an [`Analysis`] into tags with the hand-weighted rule and the given parameters; the
    /// analysis' home country, if any, is returned when nothing else is kept.
    pub fn tags_from(&self, a: &Analysis, p: &SalienceParams) -> CountryTags {
        let (mut kept, pair) = salience::decide(a, p);
        if kept.is_empty() {
            kept.extend(a.home);
        }
        self.build_tags(a, (kept, pair))
    }

    /// Turn an [`Analysis`] into tags with the learned models and the given weights.
    pub fn tags_learned(&self, a: &Analysis, w: &LearnedWeights) -> CountryTags {
        self.build_tags(a, learned::decide(a, w))
    }

    /// ISO code of a gazetteer country index (`None` if out of range), for callers of
    /// [`candidate_features`] and [`probabilities`].
    pub fn code_of(&self, country: u16) -> Option<&str> {
        self.gaz.codes.get(country as usize).map(String::as_str)
    }

    fn build_tags(&self, a: &Analysis, decision: (Vec<u16>, Option<(u16, u16)>)) -> CountryTags {
        let (kept, pair) = decision;
        let mut mentions = BTreeMap::new();
        for m in a.mentions.iter().filter(|m| m.kind != Kind::Implied) {
            *mentions
                .entry(self.code(m.country).to_string())
                .or_insert(0u32) += 1;
        }
        let pair = pair.map(|(x, y)| {
            let (a, b) = (self.code(x), self.code(y));
            if a <= b {
                format!("{a}-{b}")
            } else {
                format!("{b}-{a}")
            }
        });
        CountryTags {
            countries: kept.iter().map(|&c| self.code(c).to_string()).collect(),
            pair,
            mentions,
        }
    }

    /// Find and resolve all country mentions of an article (parameter-free part of tagging), with
    /// the default home country of [`CountryTagger::with_home_country`].
    pub fn analyse(&self, title: &str, text: &str) -> Analysis {
        let mut a = self.analyse_with_home(title, text, None);
        a.home = self.home;
        a
    }

    /// [`CountryTagger::analyse`] for an outlet whose home country is `home` (see
    /// [`CountryTagger::tag_with_home`]).
    pub fn analyse_with_home(&self, title: &str, text: &str, home: Option<&str>) -> Analysis {
        let mut raws = Vec::new();
        let mut compounds = Vec::new();
        let mut home_cues = 0;
        let tt = tokenize(title);
        self.scan(&tt, true, &mut raws, &mut compounds, &mut home_cues);
        let xt = tokenize(text);
        self.scan(&xt, false, &mut raws, &mut compounds, &mut home_cues);
        let mentions = self.resolve(&raws);
        let compounds = compounds
            .into_iter()
            .filter_map(|(a, b)| {
                Some((
                    self.resolve_one(a, &mentions)?,
                    self.resolve_one(b, &mentions)?,
                ))
            })
            .filter(|(a, b)| a != b)
            .collect();
        Analysis {
            mentions,
            compounds,
            text_tokens: u32::try_from(xt.toks.len()).unwrap_or(u32::MAX),
            home: self.home_index(home),
            home_cues,
        }
    }

    /// ISO code of a gazetteer country index.
    fn code(&self, c: u16) -> &str {
        self.gaz.codes.get(c as usize).map_or("", String::as_str)
    }

    /// French display name of a code in this tagger's gazetteer.
    pub fn name_fr(&self, code: &str) -> Option<&str> {
        let i = *self.gaz.code_index.get(code)?;
        self.gaz
            .display
            .get(i as usize)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// Does entry `e` match at token `i` given the case and hyphen rules of its kind?
    fn accepts(e: &Entry, t: &Tokens, i: usize) -> bool {
        let n = e.ntok as usize;
        let toks = &t.toks[i..(i + n).min(t.toks.len())];
        match e.kind {
            Kind::Block | Kind::Demonym => true,
            Kind::Abbr => toks.iter().all(|t| t.all_caps),
            Kind::Prefix => toks.last().is_some_and(|t| t.hyphen_after) && i + n < t.toks.len(),
            _ => toks
                .iter()
                .enumerate()
                .all(|(k, t)| e.cap_mask & (1 << k) == 0 || t.capitalised),
        }
    }

    /// Longest gazetteer match starting at token `i`, if any.
    fn longest_at(&self, t: &Tokens, i: usize) -> Option<Entry> {
        let max = *self.gaz.first.get(t.norm(i))? as usize;
        let max = max.min(t.toks.len() - i);
        (1..=max).rev().find_map(|len| {
            let e = self.gaz.phrases.get(t.span(i, i + len)?)?;
            (e.ntok as usize == len && Self::accepts(e, t, i)).then_some(*e)
        })
    }

    /// Scan one tokenised field, appending raw matches and compound-adjective pairs and counting
    /// generic national-institution cues.
    fn scan(
        &self,
        t: &Tokens,
        in_title: bool,
        out: &mut Vec<Raw>,
        compounds: &mut Vec<(Owner, Owner)>,
        home_cues: &mut u32,
    ) {
        let mut i = 0;
        // (token index right after the previous match, its owner) if that match ended with a hyphen.
        let mut hyphen_prev: Option<(usize, Owner)> = None;
        while i < t.toks.len() {
            let Some(e) = self.longest_at(t, i) else {
                i += 1;
                continue;
            };
            let n = e.ntok as usize;
            let country = !matches!(e.owner, Owner::Block | Owner::Home);
            *home_cues = home_cues.saturating_add(u32::from(e.owner == Owner::Home));
            if country {
                if let Some((at, o)) = hyphen_prev {
                    if at == i {
                        compounds.push((o, e.owner));
                    }
                }
                let pos = u32::try_from(i).unwrap_or(u32::MAX);
                let role = match e.kind {
                    Kind::Demonym => context::demonym_role(t, i),
                    Kind::Name | Kind::Alt => context::name_role(t, i),
                    _ => Role::Plain,
                };
                out.push(Raw {
                    owner: e.owner,
                    kind: e.kind,
                    in_title,
                    pos,
                    role,
                });
            }
            if e.kind == Kind::Implied {
                // Not consumed: the country named inside the phrase is matched next.
                i += 1;
                continue;
            }
            let last_hyphen = t.toks.get(i + n - 1).is_some_and(|x| x.hyphen_after);
            hyphen_prev = (last_hyphen && country).then_some((i + n, e.owner));
            i += n;
        }
    }

    /// Resolve ambiguous owners with the article's unambiguous evidence (see module doc).
    fn resolve(&self, raws: &[Raw]) -> Vec<Mention> {
        let mut counts = vec![0u32; self.gaz.codes.len()];
        for r in raws {
            if let Owner::Country(c) = r.owner {
                counts[c as usize] += 1;
            }
        }
        raws.iter()
            .filter_map(|r| {
                let country = match r.owner {
                    Owner::Country(c) => c,
                    Owner::Ambiguous(d, a) => pick(d, a, &counts),
                    Owner::Block | Owner::Home => return None,
                };
                Some(Mention {
                    country,
                    kind: r.kind,
                    in_title: r.in_title,
                    pos: r.pos,
                    role: r.role,
                })
            })
            .collect()
    }

    fn resolve_one(&self, o: Owner, mentions: &[Mention]) -> Option<u16> {
        match o {
            Owner::Country(c) => Some(c),
            Owner::Block | Owner::Home => None,
            Owner::Ambiguous(d, a) => {
                let count = |c: u16| mentions.iter().filter(|m| m.country == c).count() as u32;
                Some(if count(a) > count(d) { a } else { d })
            }
        }
    }
}

/// Ambiguous form: the alternative wins only with strictly more unambiguous mentions.
fn pick(default: u16, alt: u16, counts: &[u32]) -> u16 {
    let n = |c: u16| counts.get(c as usize).copied().unwrap_or(0);
    if n(alt) > n(default) {
        alt
    } else {
        default
    }
}

/// French display name of an ISO alpha-2 code in the bundled gazetteer (`"MA"` → `"Maroc"`).
pub fn country_name_fr(code: &str) -> Option<&'static str> {
    static TAGGER: OnceLock<CountryTagger> = OnceLock::new();
    TAGGER.get_or_init(CountryTagger::bundled).name_fr(code)
}

#[cfg(test)]
mod tests;
