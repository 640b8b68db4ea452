//! French display labels: theme names, months, periods and numbers.

use chrono::{Datelike, NaiveDate};

use crate::trends::Every;

/// French abbreviated month names (« janv. », « févr. », ..., « déc. »).
pub const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// Display name of a theme slug (`securite` → « Sécurité »); unknown slugs
/// are returned as-is.
pub fn theme_label(slug: &str) -> String {
    let known = match slug {
        "securite" => "Sécurité",
        "terrorisme" => "Terrorisme",
        "immigration" => "Immigration",
        "diplomatie" => "Diplomatie",
        "politique" => "Politique",
        "economie" => "Économie",
        "justice" => "Justice",
        "societe" => "Société",
        "sante" => "Santé",
        "environnement" => "Environnement",
        "sciences_tech" => "Sciences et tech",
        "culture" => "Culture",
        "sport" => "Sport",
        other => other,
    };
    known.to_string()
}

/// Display name of a series (`FR-MA/securite` → « FR-MA · Sécurité »).
pub fn series_label(name: &str) -> String {
    match name.split_once('/') {
        Some((place, theme)) => format!("{place} · {}", theme_label(theme)),
        None => theme_label(name),
    }
}

/// Label of a bucket: « 14 déc. 2022 » (day/week), « janv. 2022 »,
/// « T1 2022 », « 2022 ».
pub fn period_label(start: NaiveDate, every: Every) -> String {
    let month = MONTHS_FR[start.month0() as usize];
    match every {
        Every::Day | Every::Week => format!("{} {month} {}", start.day(), start.year()),
        Every::Month => format!("{month} {}", start.year()),
        Every::Quarter => format!("T{} {}", start.month0() / 3 + 1, start.year()),
        Every::Year => start.year().to_string(),
    }
}

/// Short axis label: the year is left out when `with_year` is false.
pub fn axis_label(start: NaiveDate, every: Every, with_year: bool) -> String {
    if with_year {
        return period_label(start, every);
    }
    let month = MONTHS_FR[start.month0() as usize];
    match every {
        Every::Day | Every::Week => format!("{} {month}", start.day()),
        Every::Month => month.to_string(),
        Every::Quarter => format!("T{}", start.month0() / 3 + 1),
        Every::Year => start.year().to_string(),
    }
}

/// Name of a bucket size, in French (« mois », « semaine ISO », ...).
pub fn every_label(every: Every) -> &'static str {
    match every {
        Every::Day => "jour",
        Every::Week => "semaine",
        Every::Month => "mois",
        Every::Quarter => "trimestre",
        Every::Year => "année",
    }
}

/// A share (0–1) as a French percentage with one decimal: « 12,3 % ».
pub fn percent(share: f64) -> String {
    format!("{:.1}\u{a0}%", share * 100.0).replace('.', ",")
}

/// A number with a French decimal comma and `decimals` digits.
pub fn decimal(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}").replace('.', ",")
}

/// A full French date: « 14 déc. 2022 ».
pub fn date_fr(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS_FR[d.month0() as usize],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn theme_names_have_accents() {
        assert_eq!(theme_label("securite"), "Sécurité");
        assert_eq!(theme_label("economie"), "Économie");
        assert_eq!(theme_label("sciences_tech"), "Sciences et tech");
        assert_eq!(theme_label("inconnu"), "inconnu");
        assert_eq!(series_label("FR-MA/sante"), "FR-MA · Santé");
        assert_eq!(series_label("FR+MA"), "FR+MA");
    }

    #[test]
    fn period_labels_are_french() {
        assert_eq!(period_label(d("2022-01-01"), Every::Month), "janv. 2022");
        assert_eq!(period_label(d("2022-12-12"), Every::Week), "12 déc. 2022");
        assert_eq!(period_label(d("2022-07-01"), Every::Quarter), "T3 2022");
        assert_eq!(axis_label(d("2022-09-01"), Every::Month, false), "sept.");
        assert_eq!(percent(0.1234), "12,3\u{a0}%");
    }
}
