//! Parsing of the gazetteer TSV (format documented at the top of `data/gazetteer-fr.tsv` and in
//! the module doc of `crate::countries`).

use rustc_hash::FxHashMap;
use std::fmt;

use super::tokens::tokenize;

/// Longest phrase, in tokens, that a gazetteer form may have.
pub(crate) const MAX_PHRASE_TOKENS: usize = 16;

/// An error in a gazetteer file: 1-based line number and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    /// 1-based line number in the TSV text (0 when the error concerns the whole file).
    pub line: usize,
    /// Human-readable description of the problem.
    pub message: String,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gazetteer line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for GazetteerError {}

/// What a surface form is, which decides how it is matched and how much it weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The country's name (first one per code = display name).
    Name = 0,
    /// Other names and spellings.
    Alt = 1,
    /// Demonym or adjective, any case.
    Demonym = 2,
    /// Capital city.
    Capital = 3,
    /// Seat of power or press shorthand.
    Metonym = 4,
    /// Other city or region (weak evidence).
    City = 5,
    /// Head of state or government (weak evidence).
    Person = 6,
    /// Abbreviation, only in capitals.
    Abbr = 7,
    /// Compound prefix, only before a hyphen.
    Prefix = 8,
    /// Blocker phrase: not a country.
    Block = 9,
    /// Party, institution, politician or region of the country's internal affairs (weak evidence
    /// for domestic stories that never name their own country), matched like names. With code `*`:
    /// a national institution any country has (`Assemblée nationale`, `préfet`), evidence for the
    /// outlet's home country only.
    Domestic = 10,
    /// An event phrase that names one country and implies another party (`guerre en Ukraine`
    /// → RU), matched like names. It does not consume its tokens: the named country is still
    /// matched inside it. Its own learned feature (`implied`) weighs it; it is not a mention of
    /// the implied country in [`CountryTags::mentions`](super::CountryTags::mentions).
    Implied = 11,
}

/// Number of [`Kind`] variants.
pub const N_KINDS: usize = 12;

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "name" => Kind::Name,
            "alt" => Kind::Alt,
            "demonym" => Kind::Demonym,
            "capital" => Kind::Capital,
            "metonym" => Kind::Metonym,
            "city" => Kind::City,
            "person" => Kind::Person,
            "abbr" => Kind::Abbr,
            "prefix" => Kind::Prefix,
            "block" => Kind::Block,
            "domestic" => Kind::Domestic,
            "implied" => Kind::Implied,
            _ => return None,
        })
    }
}

/// Who a form denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Country(u16),
    /// Default country, alternative country.
    Ambiguous(u16, u16),
    Block,
    /// A generic national-institution cue (code `*`): counts for the outlet's home country.
    Home,
}

/// One gazetteer form, keyed in [`Gazetteer::phrases`] by its normalised text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub owner: Owner,
    pub kind: Kind,
    pub ntok: u8,
    /// Bit i set: token i of the form is capitalised in the gazetteer, so it must be in the text.
    pub cap_mask: u16,
    /// 1-based source line (for duplicate diagnostics).
    pub line: u32,
}

/// The parsed gazetteer.
#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    pub codes: Vec<String>,
    pub display: Vec<String>,
    pub code_index: FxHashMap<String, u16>,
    pub phrases: FxHashMap<Box<str>, Entry>,
    /// First normalised token → longest phrase length starting with it.
    pub first: FxHashMap<Box<str>, u8>,
}

fn err(line: usize, message: impl Into<String>) -> GazetteerError {
    GazetteerError {
        line,
        message: message.into(),
    }
}

fn valid_code(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

impl Gazetteer {
    fn intern(&mut self, code: &str, line: usize) -> Result<u16, GazetteerError> {
        if !valid_code(code) {
            return Err(err(
                line,
                format!("bad country code {code:?}: expected two uppercase ASCII letters"),
            ));
        }
        if let Some(&i) = self.code_index.get(code) {
            return Ok(i);
        }
        let i = u16::try_from(self.codes.len()).map_err(|_| err(line, "too many country codes"))?;
        self.codes.push(code.to_string());
        self.display.push(String::new());
        self.code_index.insert(code.to_string(), i);
        Ok(i)
    }

    fn parse_owner(&mut self, field: &str, line: usize) -> Result<Owner, GazetteerError> {
        if field == "-" {
            return Ok(Owner::Block);
        }
        if field == "*" {
            return Ok(Owner::Home);
        }
        match field.split_once('|') {
            Some((a, b)) => {
                let a = self.intern(a, line)?;
                let b = self.intern(b, line)?;
                if a == b {
                    return Err(err(line, "ambiguous code lists the same country twice"));
                }
                Ok(Owner::Ambiguous(a, b))
            }
            None => Ok(Owner::Country(self.intern(field, line)?)),
        }
    }

    /// Parse the TSV text.
    pub fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim_end_matches('\r');
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let mut f = l.split('\t');
            let (Some(code), Some(kind), Some(form), None) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                return Err(err(line, "expected 3 TAB-separated fields: CODE KIND FORM"));
            };
            if kind.trim() == "display" {
                let c = g.intern(code.trim(), line)?;
                g.display[c as usize] = form.trim().to_string();
                continue;
            }
            let kind = Kind::parse(kind.trim())
                .ok_or_else(|| err(line, format!("unknown kind {:?}", kind.trim())))?;
            let owner = g.parse_owner(code.trim(), line)?;
            if (kind == Kind::Block) != (owner == Owner::Block) {
                return Err(err(
                    line,
                    "kind 'block' goes with code '-' and only with it",
                ));
            }
            if owner == Owner::Home && kind != Kind::Domestic {
                return Err(err(line, "code '*' goes with kind 'domestic' only"));
            }
            g.add_form(owner, kind, form.trim(), line)?;
        }
        if g.codes.is_empty() {
            return Err(err(0, "gazetteer has no country"));
        }
        Ok(g)
    }

    fn add_form(
        &mut self,
        owner: Owner,
        kind: Kind,
        form: &str,
        line: usize,
    ) -> Result<(), GazetteerError> {
        let toks = tokenize(form);
        let n = toks.toks.len();
        if n == 0 {
            return Err(err(line, "empty form"));
        }
        if n > MAX_PHRASE_TOKENS {
            return Err(err(
                line,
                format!("form has {n} tokens, at most {MAX_PHRASE_TOKENS} allowed"),
            ));
        }
        let words: Vec<&str> = (0..n).map(|i| toks.norm(i)).collect();
        let key = words.join(" ");
        let cap_mask = toks
            .toks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.capitalised)
            .fold(0u16, |m, (i, _)| m | (1 << i));
        if let (Owner::Country(c), Kind::Name | Kind::Alt) = (owner, kind) {
            if self.display[c as usize].is_empty() {
                self.display[c as usize] = form.to_string();
            }
        }
        let entry = Entry {
            owner,
            kind,
            ntok: n as u8,
            cap_mask,
            line: line as u32,
        };
        if let Some(old) = self.phrases.get_mut(key.as_str()) {
            let display_of_ambiguous = matches!(
                (old.owner, owner, kind),
                (Owner::Ambiguous(d, a), Owner::Country(c), Kind::Name) if c == d || c == a
            );
            if display_of_ambiguous {
                // A name row for a form that is ambiguous only sets the display name.
                return Ok(());
            }
            if old.owner != owner {
                return Err(err(
                    line,
                    format!(
                        "form {form:?} already belongs to another owner (line {})",
                        old.line
                    ),
                ));
            }
            // Same owner: keep the laxer case rule so that e.g. a demonym spelled like a name
            // still matches as a lowercase adjective.
            if kind == Kind::Demonym {
                *old = entry;
            }
            return Ok(());
        }
        self.phrases.insert(key.into_boxed_str(), entry);
        let first = self.first.entry(words[0].into()).or_insert(0);
        *first = (*first).max(n as u8);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_line_numbers() {
        let cases = [
            ("FR\tname\tFrance\nxx\tname\tFoo", 2, "bad country code"),
            ("# c\nFR\tnom\tFrance", 2, "unknown kind"),
            ("FR\tname", 1, "3 TAB-separated"),
            ("FR\tname\tFrance\nDE\tname\tfrance", 2, "already belongs"),
            ("FR\tblock\tParis SG", 1, "block"),
            ("FR|FR\tname\tX", 1, "same country twice"),
            (
                "FR\tname\tFrance\n*\tname\tSénat",
                2,
                "'*' goes with kind 'domestic'",
            ),
            ("*\tdomestic\tSénat", 0, "no country"),
            ("FR\tname\t  --  ", 1, "empty form"),
            ("", 0, "no country"),
        ];
        for (text, line, msg) in cases {
            let e = Gazetteer::parse(text).expect_err(text);
            assert_eq!(e.line, line, "{text}");
            assert!(e.message.contains(msg), "{text}: {}", e.message);
            assert!(e.to_string().contains(&format!("line {line}")));
        }
    }

    #[test]
    fn first_name_is_display_name() {
        let g = Gazetteer::parse("FR\tname\tFrance\nFR\tname\tRépublique française").expect("ok");
        assert_eq!(g.display[0], "France");
        assert_eq!(g.first.get("republique").copied(), Some(2));
    }
}
