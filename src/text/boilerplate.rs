//! Scraped-page noise removal.
//!
//! Pages scraped from news sites carry text that is not the article: the title repeated,
//! a breadcrumb ("- in International"), widget labels ("Loading", "Partager") and, after a
//! "You may also like" header, teasers of unrelated articles. This stage drops such lines
//! when they are recognisable *as whole lines*; it never cuts inside a paragraph, so real
//! article text is kept even when it contains the same words.

/// Lines that are widget labels on their own, compared case-insensitively after trimming.
const NOISE_LINES: &[&str] = &[
    "loading",
    "loading...",
    "chargement",
    "chargement...",
    "chargement…",
    "partager",
    "partagez",
    "share",
    "tweet",
    "imprimer",
    "print",
    "publicité",
    "advertisement",
    "annonce",
    "lire la suite",
    "read more",
    "s'abonner",
    "abonnez-vous",
    "newsletter",
    "commentaires",
    "comments",
];

/// Headers after which a page lists other articles; everything from such a line on is dropped.
const RELATED_HEADERS: &[&str] = &[
    "you may also like",
    "you might also like",
    "related articles",
    "related posts",
    "read also",
    "vous aimerez aussi",
    "vous aimerez aussi :",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "voir aussi",
    "sur le même sujet",
    "articles similaires",
    "articles liés",
    "dans la même rubrique",
    "les plus lus",
];

/// Title and body of an article with recognisable page noise removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanArticle {
    /// The title, trimmed.
    pub title: String,
    /// The body without repeated titles, breadcrumbs, widget labels or related-article teasers.
    pub text: String,
}

/// Removes scraped-page noise from `text`, using `title` to recognise repeated titles.
///
/// When `title` is empty and the first non-empty line of `text` is repeated right after
/// itself (a common scrape artefact), that line is taken as the title.
///
/// ```
/// use veille::text::boilerplate::strip_boilerplate;
/// let page = "Titre\n\nTitre\n\n- in International\n\nLe vrai texte.\n\nLoading\n\nYou may also like\n\nAutre article.";
/// let clean = strip_boilerplate("", page);
/// assert_eq!(clean.title, "Titre");
/// assert_eq!(clean.text, "Le vrai texte.");
/// ```
pub fn strip_boilerplate(title: &str, text: &str) -> CleanArticle {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut title = title.trim().to_string();
    if title.is_empty() && lines.len() >= 2 && lines[0] == lines[1] {
        title = lines[0].to_string();
    }
    // The lowercased title, computed only if a line may repeat the title.
    let mut title_key: Option<String> = None;
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    for line in lines {
        // Most lines are article text that cannot be noise: only a short line can be a
        // label, header or breadcrumb, and only a line that starts like the title can repeat
        // it. Other lines are kept without lowercasing them (which was a fifth of the time
        // spent turning an article into features).
        let bare = line.trim_end_matches(':').trim();
        let short = bare
            .trim_start_matches(CRUMB_MARKS)
            .chars()
            .nth(39)
            .is_none();
        let may_be_title = !title.is_empty() && may_equal_ignoring_case(bare, &title);
        if !short && !may_be_title {
            kept.push(line);
            continue;
        }
        let key = line.to_lowercase();
        let key = key.trim_end_matches(':').trim();
        if !kept.is_empty() && RELATED_HEADERS.contains(&key) {
            break;
        }
        let repeats_title =
            may_be_title && key == title_key.get_or_insert_with(|| title.to_lowercase());
        if repeats_title || is_noise_line(key) {
            continue;
        }
        kept.push(line);
    }
    CleanArticle {
        title,
        text: kept.join("\n"),
    }
}

/// Characters a breadcrumb starts with ("- in International", "› dans Sport").
const CRUMB_MARKS: [char; 7] = ['-', '–', '—', '•', '›', '>', ' '];

/// False only when `a.to_lowercase()` cannot equal `b.to_lowercase()`: compares their
/// characters' lowercase forms one by one, stopping at the first difference (usually the
/// first character). Sigma is the one letter whose lowercase depends on its neighbours (σ or
/// final ς), so σ and ς count as equal here; the caller then compares the real lowercase.
fn may_equal_ignoring_case(a: &str, b: &str) -> bool {
    fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
        let fold = |c: char| if c == 'ς' { 'σ' } else { c };
        s.chars().flat_map(char::to_lowercase).map(fold)
    }
    lower(a).eq(lower(b))
}

/// A lowercased, trimmed line that is a widget label or a breadcrumb such as "- in International".
fn is_noise_line(key: &str) -> bool {
    if NOISE_LINES.contains(&key) || RELATED_HEADERS.contains(&key) {
        return true;
    }
    let crumb = key.trim_start_matches(CRUMB_MARKS);
    let words = crumb.split_whitespace().count();
    (crumb.starts_with("in ") || crumb.starts_with("dans ")) && words <= 3 && crumb.len() < 40
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../seeds/marrakech-maroc-france-securite.txt");

    #[test]
    fn seed_article_loses_its_page_noise() {
        let clean = strip_boilerplate("", SEED);
        assert!(clean
            .title
            .starts_with("Marrakech : Discussions maroco-françaises"));
        assert!(
            !clean.text.contains("Marrakech : Discussions"),
            "repeated title kept"
        );
        assert!(!clean.text.contains("in International"));
        assert!(!clean.text.contains("Loading"));
        assert!(!clean.text.contains("You may also like"));
        assert!(
            !clean.text.contains("Akhannouch"),
            "teaser after 'You may also like' kept"
        );
        assert!(clean
            .text
            .starts_with("Le ministre de l’Intérieur, Abdelouafi Laftit"));
        assert!(clean.text.contains("de manière plus efficace."));
    }

    #[test]
    fn real_text_mentioning_noise_words_is_kept() {
        let text = "Le site affichait « Loading » pendant des heures.\nLire aussi le rapport.";
        let clean = strip_boilerplate("Panne", text);
        assert_eq!(clean.text, text);
    }

    #[test]
    fn related_header_at_the_very_start_does_not_empty_the_article() {
        let clean = strip_boilerplate("T", "Lire aussi\nLe texte de l'article.");
        assert_eq!(clean.text, "Le texte de l'article.");
    }

    /// The rule as first written: every line lowercased.
    fn reference(title: &str, text: &str) -> CleanArticle {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut title = title.trim().to_string();
        if title.is_empty() && lines.len() >= 2 && lines[0] == lines[1] {
            title = lines[0].to_string();
        }
        let title_key = title.to_lowercase();
        let mut kept: Vec<&str> = Vec::new();
        for line in lines {
            let key = line.to_lowercase();
            let key = key.trim_end_matches(':').trim();
            if !kept.is_empty() && RELATED_HEADERS.contains(&key) {
                break;
            }
            if (!title_key.is_empty() && key == title_key) || is_noise_line(key) {
                continue;
            }
            kept.push(line);
        }
        CleanArticle {
            title,
            text: kept.join("\n"),
        }
    }

    #[test]
    fn long_lines_and_titles_match_the_reference() {
        let long = "- in ".to_string() + &"x".repeat(34);
        for (title, text) in [
            ("ΟΔΟΣ", "ΟΔΟΣ:\nΟδός σοφίας\nοδος"),
            ("İstanbul", "İSTANBUL\ni̇stanbul\nTexte."),
            (
                "Titre",
                &*format!("{long}\n{long}x\nLOADING\nLire aussi :\nFin"),
            ),
            ("", "Même titre\nMême titre\nTexte\nVous aimerez aussi"),
        ] {
            assert_eq!(
                strip_boilerplate(title, text),
                reference(title, text),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn lazy_lowercasing_matches_the_reference(
            title in "(\\PC|[A-ZÉa-zé: ΣΟ]){0,12}",
            lines in proptest::collection::vec(
                "(\\PC|[A-ZÉa-zé:>•ΣςσΟ -]|Loading|LIRE AUSSI|- in Monde|İ){0,50}", 0..6),
        ) {
            let text = lines.join("\n");
            proptest::prop_assert_eq!(strip_boilerplate(&title, &text), reference(&title, &text));
            // The title repeated in capitals, with a colon: a line that must be recognised.
            let text = format!("{}:\n{text}", title.to_uppercase());
            proptest::prop_assert_eq!(strip_boilerplate(&title, &text), reference(&title, &text));
        }
    }

    #[test]
    fn single_line_lede_is_unchanged() {
        let lede =
            "Le gardien, blessé à l’entraînement, devrait manquer le prochain match du club.";
        assert_eq!(strip_boilerplate("Handball", lede).text, lede);
    }
}
