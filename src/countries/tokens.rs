//! Tokenisation and normalisation shared by the gazetteer loader and the tagger.
//!
//! A token is a maximal run of alphanumeric characters. Its normalised form is lowercase with
//! diacritics removed (`Élysée` → `elysee`, `œ` → `oe`), so accent variants and capitalisation do
//! not multiply gazetteer entries. Normalised tokens are written into one arena string separated by
//! `' '` (or `'\n'` across sentence punctuation), so the normalised text of any token span is a
//! plain slice of the arena and a phrase lookup allocates nothing.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// One token of the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Byte range of the normalised token in [`Tokens::arena`].
    pub norm_start: u32,
    pub norm_end: u32,
    /// First character is uppercase in the source (a proper noun, or a sentence start).
    pub capitalised: bool,
    /// Every letter is uppercase and there are at least two letters (`USA`, `RDC`).
    pub all_caps: bool,
    /// The separator right after this token is a single hyphen (`franco-marocain`).
    pub hyphen_after: bool,
}

/// A tokenised text: tokens plus the arena holding their normalised forms.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub arena: String,
    pub toks: Vec<Token>,
}

impl Tokens {
    /// Normalised text of tokens `from..to` (exclusive), joined by single separators.
    /// Returns `None` for an empty or out-of-range span.
    pub fn span(&self, from: usize, to: usize) -> Option<&str> {
        if from >= to || to > self.toks.len() {
            return None;
        }
        let a = self.toks[from].norm_start as usize;
        let b = self.toks[to - 1].norm_end as usize;
        self.arena.get(a..b)
    }

    /// Normalised text of one token.
    pub fn norm(&self, i: usize) -> &str {
        self.span(i, i + 1).unwrap_or("")
    }
}

/// Characters that end a phrase: a gazetteer phrase never spans them.
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '.' | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '«'
            | '»'
            | '"'
            | '“'
            | '”'
            | '\n'
            | '|'
            | ','
            | '/'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Append the normalised form of `c` (lowercase, no diacritics) to `out`.
fn push_norm(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }),
    }
}

/// Tokenise `text`, appending to `out` (so title and body can share one arena if wanted).
pub(crate) fn tokenize_into(text: &str, out: &mut Tokens) {
    let mut in_tok = false;
    let mut hard = true;
    // Separator state since the last token: number of chars and whether it was exactly one hyphen.
    let mut sep_len = 0usize;
    let mut sep_hyphen = false;
    let mut upper_letters = 0usize;
    let mut letters = 0usize;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if !in_tok {
                if let Some(prev) = out.toks.last_mut() {
                    prev.hyphen_after = sep_len == 1 && sep_hyphen;
                }
                if !out.toks.is_empty() || !out.arena.is_empty() {
                    out.arena.push(if hard { '\n' } else { ' ' });
                }
                let start = out.arena.len() as u32;
                out.toks.push(Token {
                    norm_start: start,
                    norm_end: start,
                    capitalised: c.is_uppercase(),
                    all_caps: false,
                    hyphen_after: false,
                });
                in_tok = true;
                hard = false;
                letters = 0;
                upper_letters = 0;
            }
            if c.is_alphabetic() {
                letters += 1;
                upper_letters += usize::from(c.is_uppercase());
            }
            push_norm(c, &mut out.arena);
        } else {
            if in_tok {
                close(out, letters, upper_letters);
                in_tok = false;
                sep_len = 0;
            }
            sep_len += 1;
            sep_hyphen = is_hyphen(c);
            hard |= is_hard_break(c);
        }
    }
    if in_tok {
        close(out, letters, upper_letters);
    }
}

fn close(out: &mut Tokens, letters: usize, upper_letters: usize) {
    let end = out.arena.len() as u32;
    if let Some(t) = out.toks.last_mut() {
        t.norm_end = end;
        t.all_caps = letters >= 2 && upper_letters == letters;
    }
}

/// Tokenise a whole string.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let mut t = Tokens {
        arena: String::with_capacity(text.len() + 8),
        toks: Vec::with_capacity(text.len() / 6 + 1),
    };
    tokenize_into(text, &mut t);
    t
}

/// Normalised, space-joined form of a gazetteer phrase (`"Côte d’Ivoire"` → `"cote d ivoire"`).
#[cfg(test)]
pub(crate) fn normalise_phrase(s: &str) -> String {
    let t = tokenize(s);
    (0..t.toks.len())
        .map(|i| t.norm(i))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_accents_case_and_apostrophes() {
        assert_eq!(normalise_phrase("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(normalise_phrase("États-Unis"), "etats unis");
        assert_eq!(normalise_phrase("l'Élysée"), "l elysee");
        assert_eq!(normalise_phrase("  Œuvre  "), "oeuvre");
    }

    #[test]
    fn flags_case_hyphen_and_breaks() {
        let t = tokenize("franco-marocain USA. Rabat");
        assert_eq!(t.toks.len(), 4);
        assert!(t.toks[0].hyphen_after);
        assert!(!t.toks[1].hyphen_after);
        assert!(t.toks[2].all_caps && t.toks[2].capitalised);
        assert!(t.toks[3].capitalised && !t.toks[3].all_caps);
        // A sentence break separates USA from Rabat with '\n', so no phrase spans it.
        assert_eq!(t.span(2, 4), Some("usa\nrabat"));
    }
}
