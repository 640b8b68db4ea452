//! News sources and their home countries, for [`CountryTagger::tag_with_home`].
//!
//! A national outlet's domestic stories rarely name their own country ("les députés", "le
//! préfet"), and the annotation guidelines count the home country when the story is about it. The
//! bundled table `data/sources-fr.tsv` (format documented in its header) maps a source slug (the
//! `source` field of an input item, e.g. `lemonde`) or a web host (`lemonde.fr`) to the outlet's
//! home country, or to `-` for an international outlet with no home (BBC Afrique, RFI, AFP).
//!
//! [`CountryTagger::tag_with_home`]: super::CountryTagger::tag_with_home

use rustc_hash::FxHashMap;
use std::fmt;

/// The bundled source table.
const BUNDLED_SOURCES: &str = include_str!("../../data/sources-fr.tsv");

/// An error in a source table: 1-based line number and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesError {
    /// 1-based line number in the TSV text.
    pub line: usize,
    /// Human-readable description of the problem.
    pub message: String,
}

impl fmt::Display for SourcesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sources line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SourcesError {}

/// Source slugs and web hosts → home country (`None` = international outlet, no home).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Folded slug → home code.
    slugs: FxHashMap<String, Option<Box<str>>>,
    /// Lowercase host without `www.` → home code.
    hosts: FxHashMap<String, Option<Box<str>>>,
}

fn err(line: usize, message: impl Into<String>) -> SourcesError {
    SourcesError {
        line,
        message: message.into(),
    }
}

/// Slug comparison key: lowercase, with `-`, `_`, apostrophes and whitespace removed
/// (`Ouest France`, `ouest-france` and `OUEST_FRANCE` are one slug).
fn fold_slug(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '-' | '_' | '\'' | '’') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Host comparison key: lowercase, no trailing dot, no leading `www.`.
fn fold_host(h: &str) -> String {
    let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
    match h.strip_prefix("www.") {
        Some(rest) => rest.to_string(),
        None => h,
    }
}

/// Is `h` (folded) a plausible host: dot-separated labels of ASCII letters, digits and hyphens?
fn valid_host(h: &str) -> bool {
    h.contains('.')
        && h.split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// The host of a URL (`https://user@www.lemonde.fr:443/x?y` → `lemonde.fr`), folded; also accepts
/// a bare host or a scheme-less `host/path`.
fn host_of(url: &str) -> Option<String> {
    let s = url.trim();
    let rest = match s.find("://") {
        Some(i) => &s[i + 3..],
        None => s.strip_prefix("//").unwrap_or(s),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |x| x.1);
    let host = host_port.split(':').next().unwrap_or("");
    let host = fold_host(host);
    valid_host(&host).then_some(host)
}

impl Sources {
    /// The bundled table `data/sources-fr.tsv` (embedded with `include_str!`; a bundled file that
    /// does not parse is a build defect caught by the tests).
    pub fn bundled() -> Sources {
        Sources::parse(BUNDLED_SOURCES).expect("bundled sources-fr.tsv is valid (tested)")
    }

    /// Parse a table in the format of `data/sources-fr.tsv`; errors carry the line number.
    pub fn parse(text: &str) -> Result<Sources, SourcesError> {
        let mut s = Sources::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim_end_matches('\r');
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let mut f = l.split('\t');
            let (Some(key), Some(code), None) = (f.next(), f.next(), f.next()) else {
                return Err(err(line, "expected 2 TAB-separated fields: KEY CODE"));
            };
            let (key, code) = (key.trim(), code.trim());
            let home = match code {
                "-" => None,
                c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                    Some(Box::from(c))
                }
                c => {
                    return Err(err(
                        line,
                        format!(
                            "bad country code {c:?}: expected two uppercase ASCII letters or '-'"
                        ),
                    ))
                }
            };
            if key.contains("://") || key.contains('/') {
                return Err(err(
                    line,
                    format!("key {key:?} is a URL: give a slug or a host"),
                ));
            }
            let (map, folded) = if key.contains('.') {
                let h = fold_host(key);
                if !valid_host(&h) {
                    return Err(err(line, format!("bad host {key:?}")));
                }
                (&mut s.hosts, h)
            } else {
                let k = fold_slug(key);
                if k.is_empty() {
                    return Err(err(line, "empty key"));
                }
                (&mut s.slugs, k)
            };
            if map.insert(folded, home).is_some() {
                return Err(err(line, format!("key {key:?} is listed twice")));
            }
        }
        Ok(s)
    }

    /// The table entry for a source slug or URL: `Some(home)` when known (`home` is `None` for an
    /// international outlet), `None` when unknown. The slug decides when it is known (a source
    /// written as a host, `lemonde.fr`, is also tried as a host); otherwise the URL's host, then
    /// its parent domains (`afrique.lemonde.fr` → `lemonde.fr`).
    pub fn entry(&self, source: Option<&str>, url: Option<&str>) -> Option<Option<&str>> {
        let by_host = |host: String| {
            let mut h = host.as_str();
            loop {
                if let Some(e) = self.hosts.get(h) {
                    return Some(e.as_deref());
                }
                h = h.split_once('.')?.1;
                if !h.contains('.') {
                    return None;
                }
            }
        };
        if let Some(src) = source {
            if let Some(e) = self.slugs.get(&fold_slug(src)) {
                return Some(e.as_deref());
            }
            if let Some(e) = host_of(src).and_then(by_host) {
                return Some(e);
            }
        }
        url.and_then(host_of).and_then(by_host)
    }

    /// The home country (ISO alpha-2) of the outlet named by `source` (a slug such as `lemonde`,
    /// compared case-insensitively with `-`, `_` and spaces ignored) or, failing that, by the host
    /// of `url` and its parent domains (`www.` ignored). `None` for an unknown source or an
    /// international outlet (code `-`).
    pub fn home_of(&self, source: Option<&str>, url: Option<&str>) -> Option<&str> {
        self.entry(source, url).flatten()
    }

    /// Is the source (slug or URL host) in the table, possibly as an international outlet? Lets
    /// a caller apply a fallback home country to unknown sources only.
    pub fn is_known(&self, source: Option<&str>, url: Option<&str>) -> bool {
        self.entry(source, url).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_parses() {
        let s = Sources::bundled();
        assert!(s.slugs.len() >= 50 && s.hosts.len() >= 100, "{s:?}");
    }

    #[test]
    fn lookups() {
        let s = Sources::bundled();
        let cases: &[(Option<&str>, Option<&str>, Option<&str>)] = &[
            // Slug variants.
            (Some("lemonde"), None, Some("FR")),
            (Some("LeMonde"), None, Some("FR")),
            (Some("le-monde"), None, Some("FR")),
            (Some("Le Monde"), None, Some("FR")),
            (Some("le_monde"), None, Some("FR")),
            (Some("ouest-france"), None, Some("FR")),
            (Some("Ouest France"), None, Some("FR")),
            (Some("hespress"), None, Some("MA")),
            (Some("tsa-algerie"), None, Some("DZ")),
            // Hosts, www. and subdomains.
            (
                None,
                Some("https://www.lemonde.fr/politique/article/x.html"),
                Some("FR"),
            ),
            (None, Some("https://lemonde.fr"), Some("FR")),
            (None, Some("http://WWW.LEMONDE.FR/"), Some("FR")),
            (None, Some("https://www.lemonde.fr:443/x?y=1#z"), Some("FR")),
            (None, Some("https://fr.hespress.com/123.html"), Some("MA")),
            (
                None,
                Some("https://ici.radio-canada.ca/nouvelle/1"),
                Some("CA"),
            ),
            (None, Some("lesoir.be/article"), Some("BE")),
            (None, Some("https://www.lematin.ma/x"), Some("MA")),
            (None, Some("https://www.lematin.ch/x"), Some("CH")),
            (None, Some("https://www.businessnews.com.tn/x"), Some("TN")),
            // A source written as a host.
            (Some("www.letemps.ch"), None, Some("CH")),
            // International outlets: no home, and the slug decides over the URL.
            (Some("bbc-afrique"), None, None),
            (None, Some("https://www.bbc.com/afrique/articles/x"), None),
            (None, Some("https://www.rfi.fr/fr/afrique/x"), None),
            (Some("bbc-afrique"), Some("https://www.lemonde.fr/x"), None),
            (
                Some("lemonde"),
                Some("https://www.bbc.com/afrique"),
                Some("FR"),
            ),
            // Unknown slug: the URL decides.
            (
                Some("mystery"),
                Some("https://www.lefigaro.fr/x"),
                Some("FR"),
            ),
            // Unknown.
            (Some("mystery"), None, None),
            (None, Some("https://example.org/lemonde.fr"), None),
            (None, Some("https://notlemonde.fr/x"), None),
            (None, Some("https://fr/x"), None),
            (None, Some(""), None),
            (Some(""), Some("not a url"), None),
            (None, None, None),
        ];
        for &(src, url, want) in cases {
            assert_eq!(s.home_of(src, url), want, "{src:?} {url:?}");
        }
        assert!(s.is_known(Some("bbc-afrique"), None));
        assert!(s.is_known(None, Some("https://www.lemonde.fr/x")));
        assert!(!s.is_known(Some("mystery"), Some("https://example.org/")));
    }

    #[test]
    fn parse_and_errors_carry_line_numbers() {
        let ok = Sources::parse("# c\n\nfoo\tMA\r\nfoo.example.com\t-\n").expect("valid");
        assert_eq!(ok.home_of(Some("FOO"), None), Some("MA"));
        assert_eq!(ok.home_of(None, Some("https://a.foo.example.com/x")), None);
        assert!(ok.is_known(None, Some("https://a.foo.example.com/x")));
        let cases = [
            ("lemonde", 1, "2 TAB-separated"),
            ("# x\nlemonde\tFR\tX", 2, "2 TAB-separated"),
            ("lemonde\tfr", 1, "bad country code"),
            ("lemonde\tFRA", 1, "bad country code"),
            ("lemonde\t", 1, "bad country code"),
            ("\tFR", 1, "empty key"),
            ("https://lemonde.fr\tFR", 1, "URL"),
            ("le..monde.fr\tFR", 1, "bad host"),
            ("lemonde\tFR\nle-monde\tFR", 2, "twice"),
            ("lemonde.fr\tFR\n\nwww.lemonde.fr\tFR", 3, "twice"),
        ];
        for (text, line, msg) in cases {
            let e = Sources::parse(text).expect_err(text);
            assert_eq!(e.line, line, "{text}");
            assert!(e.message.contains(msg), "{text}: {}", e.message);
            assert!(e.to_string().contains(&format!("line {line}")));
        }
    }
}
