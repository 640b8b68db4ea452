//! What a country mention describes, from the words right before it.
//!
//! Annotators list the countries an article is *about*. Two contexts change what a mention says:
//! - A nationality adjective on the state, its institutions, forces, territory or people ("le
//!   gouvernement algérien", "l'armée russe", "la capitale malienne") speaks of the country
//!   itself, unlike the same adjective on a thing or a person ("le marché américain", "le
//!   dessinateur algérien"): [`Role::State`], from the lowercase noun right before a lowercase
//!   demonym ([`STATE_NOUNS`]).
//! - A country named as the place of an event ("la guerre en Ukraine", "l'invasion de
//!   l'Ukraine") is often only the background of the story (a made-up "Guerre en Ukraine : un
//!   festival de jazz reporté à Lyon"): [`Role::Event`], from an event noun ([`EVENT_NOUNS`])
//!   before the name, through function words only.
//!
//! The learned model turns the roles into features (`dem_state`, `event` in
//! `learned::FEATURE_NAMES`). Everything else is [`Role::Plain`]. The rules look at a few tokens
//! in the same phrase (no punctuation in between) and short closed word lists, so every decision
//! can be read off the text.
//!
//! Tried and left out (no cross-validated gain): a `Person` role for demonyms after occupation or
//! person nouns ("la comédienne américaine", "un Français"), as counts or as a "only described
//! persons" flag. It moved Le Monde F1 up by ~0.002 and its pair accuracy down by ~0.002: about a
//! third of such lone mentions are still listed by the annotators.

use super::tokens::Tokens;

/// What a mention describes (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// No particular context.
    #[default]
    Plain,
    /// A demonym describing the state, its institutions, forces, territory or people.
    State,
    /// A country name inside an event phrase ("la guerre en Ukraine").
    Event,
}

/// Normalised nouns of the state, its institutions, forces, territory and people (singular;
/// plurals by a final `s`/`x`): a demonym after them is about the country itself.
pub const STATE_NOUNS: &[&str] = &[
    "gouvernement",
    "president",
    "presidente",
    "presidence",
    "ministre",
    "ministere",
    "chancelier",
    "chanceliere",
    "chancellerie",
    "premier",
    "dirigeant",
    "dirigeante",
    "homologue",
    "delegation",
    "envoye",
    "emissaire",
    "ambassade",
    "ambassadeur",
    "ambassadrice",
    "consulat",
    "diplomatie",
    "diplomate",
    "regime",
    "junte",
    "pouvoir",
    "autorite",
    "administration",
    "etat",
    "parlement",
    "senat",
    "congres",
    "opposition",
    "justice",
    "tribunal",
    "tribunaux",
    "police",
    "gendarmerie",
    "armee",
    "force",
    "militaire",
    "soldat",
    "troupe",
    "marine",
    "aviation",
    "defense",
    "securite",
    "renseignement",
    "invasion",
    "offensive",
    "occupation",
    "frappe",
    "capitale",
    "territoire",
    "sol",
    "frontiere",
    "peuple",
    "population",
    "nation",
    "economie",
];

/// Is `w` (normalised) in `list`, as is or without a final plural `s`/`x`?
fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
        || w.strip_suffix('s')
            .or_else(|| w.strip_suffix('x'))
            .is_some_and(|s| list.contains(&s))
}

/// Role of a demonym matched at token `i` of `t` (the first token of the match): [`Role::State`]
/// when it is lowercase and follows, in the same phrase, a lowercase noun of [`STATE_NOUNS`].
pub(crate) fn demonym_role(t: &Tokens, i: usize) -> Role {
    let (Some(prev), Some(tok)) = (i.checked_sub(1).and_then(|p| t.toks.get(p)), t.toks.get(i))
    else {
        return Role::Plain;
    };
    // A phrase break (punctuation) between the two tokens: no relation.
    if !same_phrase(t, i) {
        return Role::Plain;
    }
    // A lowercase adjective after a lowercase common noun: "le gouvernement algérien".
    if tok.capitalised || prev.capitalised {
        return Role::Plain;
    }
    if in_list(STATE_NOUNS, t.norm(i - 1)) {
        Role::State
    } else {
        Role::Plain
    }
}

/// Normalised event nouns: a country name right after one (through function words only, see
/// [`name_role`]) names the place of an event ("la guerre en Ukraine").
pub const EVENT_NOUNS: &[&str] = &[
    "guerre",
    "conflit",
    "invasion",
    "crise",
    "offensive",
    "agression",
    "occupation",
];

/// Function words allowed between an event noun and the country name.
const EVENT_LINKS: &[&str] = &[
    "en", "au", "aux", "d", "de", "du", "des", "l", "la", "le", "contre",
];

/// Role of a country name (or alternative name) matched at token `i`: [`Role::Event`] when the
/// first word before it, skipping at most three function words of [`EVENT_LINKS`] in the same
/// phrase, is an event noun ("la guerre en Ukraine", "l'invasion de l'Ukraine"), else
/// [`Role::Plain`].
pub(crate) fn name_role(t: &Tokens, i: usize) -> Role {
    let mut k = i;
    for _ in 0..4 {
        if k == 0 || !same_phrase(t, k) {
            return Role::Plain;
        }
        k -= 1;
        let w = t.norm(k);
        if EVENT_NOUNS.contains(&w) {
            return Role::Event;
        }
        if !EVENT_LINKS.contains(&w) {
            return Role::Plain;
        }
    }
    Role::Plain
}

/// Is token `k` separated from token `k - 1` by spaces only (no punctuation: same phrase)?
fn same_phrase(t: &Tokens, k: usize) -> bool {
    t.toks
        .get(k)
        .and_then(|tok| (tok.norm_start as usize).checked_sub(1))
        .and_then(|b| t.arena.as_bytes().get(b))
        == Some(&b' ')
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    /// Role of the demonym at token `i` of `text`.
    fn role(text: &str, i: usize) -> Role {
        demonym_role(&tokenize(text), i)
    }

    #[test]
    fn event_phrases() {
        let cases: &[(&str, usize, Role)] = &[
            ("la guerre en Ukraine", 3, Role::Event),
            ("Guerre en Ukraine : le point", 2, Role::Event),
            ("l'invasion de l'Ukraine", 4, Role::Event),
            ("la crise au Mali", 3, Role::Event),
            ("le conflit contre la Russie", 4, Role::Event),
            ("la visite en Ukraine", 3, Role::Plain),
            ("la guerre. Ukraine", 2, Role::Plain),
            ("Ukraine", 0, Role::Plain),
            ("la guerre économique de la Chine", 5, Role::Plain),
        ];
        for &(text, i, want) in cases {
            assert_eq!(name_role(&tokenize(text), i), want, "{text:?}");
        }
    }

    #[test]
    fn demonym_roles_from_the_preceding_noun() {
        let cases: &[(&str, usize, Role)] = &[
            ("le gouvernement algérien", 2, Role::State),
            ("l'armée russe", 2, Role::State),
            ("les forces ukrainiennes", 2, Role::State),
            ("la capitale malienne", 2, Role::State),
            ("le président américain", 2, Role::State),
            ("les autorités chinoises", 2, Role::State),
            ("le dessinateur algérien", 2, Role::Plain),
            ("le marché américain", 2, Role::Plain),
            ("les Algériens votent", 1, Role::Plain),
            ("le gouvernement, algérien", 2, Role::Plain),
            ("le gouvernement Algérien", 2, Role::Plain),
            ("Le Gouvernement algérien", 2, Role::Plain),
            ("algérien", 0, Role::Plain),
        ];
        for &(text, i, want) in cases {
            assert_eq!(role(text, i), want, "{text:?}");
        }
    }
}
