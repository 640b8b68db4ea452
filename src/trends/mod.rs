//! Trend aggregation: turns scored records into per-bucket coverage series.
//!
//! # Series semantics
//! * The **population** of a bucket is every *dated* record that passes the
//!   source filter (`sources`) and the date range (`from..=to`). Its size is
//!   `total`. Theme, pair and country selections never change `total`.
//! * `--theme T` ([`TrendQuery::themes`]) matches articles whose `themes`
//!   contain `T`.
//! * `--pair AA-BB` ([`Place::Pair`]) matches articles whose `pair` is
//!   `AA-BB`; pairs are compared with upper-cased, alphabetically sorted codes
//!   (`ma-fr` ≡ `FR-MA`).
//! * `--countries AA,BB` ([`Place::CoMention`]) matches articles whose
//!   `countries` contain *all* of the codes (co-mention); series name `AA+BB`.
//! * Places × themes give one series per combination, named `FR-MA/securite`;
//!   places only → `FR-MA`; themes only → `securite`.
//! * [`Dimension::Theme`] replaces the theme axis with every observed theme
//!   (restricted to `themes` when given), ranked by matching articles and cut
//!   to `top`; combined with places it gives `FR-MA/<theme>` series.
//! * [`Dimension::Pair`] / [`Dimension::Country`] replace the place axis with
//!   every observed pair / mentioned country, ranked and cut to `top`; a
//!   `--pair` list (resp. the `--countries` codes) restricts the candidates.
//! * With no selection and no grouping, themes are grouped ([`Dimension::Theme`]).
//! * `matching` counts distinct articles; `share = matching / total` (0 when
//!   `total` is 0). Records without a usable date are counted in
//!   [`Coverage::undated`], never silently dropped.

mod aggregate;
pub mod export;
pub mod input;
pub mod period;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use anyhow::{bail, Result};
use chrono::NaiveDate;

pub use aggregate::compute_trends;
pub use export::{table_to_dataframe, write_atomic, write_csv, write_parquet};
pub use input::{load_inputs, load_scored, Loaded, SkippedLine};
pub use period::{parse_record_date, Every};

use crate::scored::ScoredRecord;

/// A dimension that series can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// One series per theme slug.
    Theme,
    /// One series per country pair (top-N).
    Pair,
    /// One series per mentioned country (top-N).
    Country,
}

impl FromStr for Dimension {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "theme" => Ok(Dimension::Theme),
            "pair" => Ok(Dimension::Pair),
            "country" => Ok(Dimension::Country),
            _ => Err(format!(
                "unknown dimension `{s}`: expected theme, pair or country"
            )),
        }
    }
}

/// A place selection: a country pair or a set of co-mentioned countries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// Articles whose `pair` equals this normalised pair (`FR-MA`).
    Pair(String),
    /// Articles whose `countries` include all these (upper-case, sorted) codes.
    CoMention(Vec<String>),
}

impl Place {
    /// Parses and normalises `AA-BB` (codes upper-cased and sorted).
    pub fn pair(raw: &str) -> Result<Place> {
        match normalize_pair(raw) {
            Some(p) => Ok(Place::Pair(p)),
            None => bail!("invalid pair `{raw}`: expected two country codes like FR-MA"),
        }
    }

    /// Parses `AA,BB` (or `AA+BB`) into a co-mention set.
    pub fn co_mention(raw: &str) -> Result<Place> {
        let mut codes: Vec<String> = raw
            .split([',', '+'])
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        if codes.is_empty() || codes.iter().any(|c| !valid_code(c)) {
            bail!("invalid country list `{raw}`: expected codes like FR,MA");
        }
        codes.sort();
        codes.dedup();
        Ok(Place::CoMention(codes))
    }

    /// The series label of this place (`FR-MA` or `FR+MA`).
    pub fn label(&self) -> String {
        match self {
            Place::Pair(p) => p.clone(),
            Place::CoMention(c) => c.join("+"),
        }
    }
}

fn valid_code(c: &str) -> bool {
    (2..=3).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphanumeric())
}

/// Normalises a pair: upper-case codes sorted alphabetically (`ma-fr` → `FR-MA`).
pub fn normalize_pair(raw: &str) -> Option<String> {
    let mut codes: Vec<String> = raw
        .split('-')
        .map(|c| c.trim().to_ascii_uppercase())
        .collect();
    if codes.len() != 2 || codes.iter().any(|c| !valid_code(c)) {
        return None;
    }
    codes.sort();
    Some(codes.join("-"))
}

/// What to aggregate: bucket size, filters, selections and grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendQuery {
    /// Bucket size.
    pub every: Every,
    /// Theme selection (see module docs).
    pub themes: Vec<String>,
    /// Place selection: pairs and co-mention sets.
    pub places: Vec<Place>,
    /// Population filter: keep only these sources (empty = all).
    pub sources: Vec<String>,
    /// Population filter: first day included.
    pub from: Option<NaiveDate>,
    /// Population filter: last day included.
    pub to: Option<NaiveDate>,
    /// Grouping dimension; `None` with no selection means [`Dimension::Theme`].
    pub group_by: Option<Dimension>,
    /// Keep only the N largest groups of the grouping dimension.
    pub top: Option<usize>,
    /// Rolling mean over this many buckets (adds `*_smooth` columns).
    pub smooth: Option<usize>,
    /// Fill every bucket of the requested (or observed) period, with zeros.
    pub fill_empty: bool,
}

impl Default for TrendQuery {
    fn default() -> Self {
        TrendQuery {
            every: Every::Month,
            themes: Vec::new(),
            places: Vec::new(),
            sources: Vec::new(),
            from: None,
            to: None,
            group_by: None,
            top: None,
            smooth: None,
            fill_empty: true,
        }
    }
}

impl TrendQuery {
    /// The grouping actually applied (theme grouping when nothing is selected).
    pub fn effective_group_by(&self) -> Option<Dimension> {
        match self.group_by {
            None if self.themes.is_empty() && self.places.is_empty() => Some(Dimension::Theme),
            g => g,
        }
    }
}

/// One series of the result, in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesInfo {
    /// Series name (`FR-MA/securite`, `FR+MA`, `securite`, ...).
    pub name: String,
    /// Place part of the name (empty when none).
    pub place: String,
    /// Theme slug part of the name (empty when none).
    pub theme: String,
    /// Matching articles over the whole period.
    pub matching_total: u64,
}

/// One line of the coverage table (see the column contract in [`export`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// First day of the bucket.
    pub period_start: NaiveDate,
    /// Series name.
    pub series: String,
    /// Articles of the bucket matching the series.
    pub matching: u64,
    /// Articles of the bucket in the population (no theme/place selection).
    pub total: u64,
    /// `matching / total`, 0 when `total` is 0.
    pub share: f64,
    /// Rolling mean of `share` (when smoothing is requested).
    pub share_smooth: Option<f64>,
    /// Rolling mean of `matching` (when smoothing is requested).
    pub matching_smooth: Option<f64>,
}

/// The aggregated table: rows sorted by series order, then period.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendTable {
    /// Bucket size used.
    pub every: Every,
    /// Smoothing window, if any.
    pub smooth: Option<usize>,
    /// Series in display order (largest first for grouped dimensions).
    pub series: Vec<SeriesInfo>,
    /// All rows.
    pub rows: Vec<TrendRow>,
}

impl TrendTable {
    /// Rows of one series, in period order.
    pub fn series_rows<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a TrendRow> + 'a {
        self.rows.iter().filter(move |r| r.series == name)
    }

    /// Distinct bucket starts, sorted.
    pub fn periods(&self) -> Vec<NaiveDate> {
        let mut p: Vec<NaiveDate> = self.rows.iter().map(|r| r.period_start).collect();
        p.sort();
        p.dedup();
        p
    }

    /// Up to `k` peaks over all series: local maxima (value > 0, not below
    /// either neighbour), largest first, by share or by matching count —
    /// of the smoothed values when smoothing was requested.
    pub fn peaks(&self, by_share: bool, k: usize) -> Vec<Peak> {
        let value = |r: &TrendRow| match (by_share, r.share_smooth, r.matching_smooth) {
            (true, Some(v), _) => v,
            (true, None, _) => r.share,
            (false, _, Some(v)) => v,
            (false, _, None) => r.matching as f64,
        };
        // Partial smoothing windows at the start are not reliable peaks.
        let skip = self.smooth.map_or(0, |n| n.saturating_sub(1));
        let mut out = Vec::new();
        for s in &self.series {
            let rows: Vec<&TrendRow> = self.series_rows(&s.name).collect();
            for (i, r) in rows.iter().enumerate().skip(skip) {
                let v = value(r);
                let left = i.checked_sub(1).map_or(f64::MIN, |j| value(rows[j]));
                let right = rows.get(i + 1).map_or(f64::MIN, |n| value(n));
                if r.matching > 0
                    && v >= left
                    && v >= right
                    && (v > left || v > right || rows.len() == 1)
                {
                    out.push(Peak {
                        series: s.name.clone(),
                        row: (*r).clone(),
                        value: v,
                    });
                }
            }
        }
        out.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.series.cmp(&b.series)));
        out.truncate(k);
        out
    }
}

/// A peak of a series: its row and the plotted value.
#[derive(Debug, Clone, PartialEq)]
pub struct Peak {
    /// Series name.
    pub series: String,
    /// The bucket row.
    pub row: TrendRow,
    /// Share (0–1) or count, as requested.
    pub value: f64,
}

/// Counts describing the input and the population.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Records given.
    pub records: usize,
    /// Records without a usable date (not aggregated).
    pub undated: usize,
    /// Ids of the first undated records (at most 20), for messages.
    pub undated_ids: Vec<String>,
    /// Dated records in the population (after source and date filters).
    pub in_scope: usize,
    /// First and last day of the population, if any.
    pub first_day: Option<NaiveDate>,
    /// Last day of the population, if any.
    pub last_day: Option<NaiveDate>,
}

/// An article behind a bucket, for drill-down.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRef {
    /// Record id.
    pub id: String,
    /// Title, when the input has one.
    pub title: Option<String>,
    /// URL, when the input has one.
    pub url: Option<String>,
    /// Score of the series theme (or the best theme score when no theme).
    pub score: Option<f64>,
}

/// The result of [`compute_trends`]: table, coverage and drill-down index.
#[derive(Debug, Clone)]
pub struct Trends {
    /// The coverage table.
    pub table: TrendTable,
    /// Input / population counts.
    pub coverage: Coverage,
    /// (series, period day number) → record indices.
    members: HashMap<(String, i32), Vec<usize>>,
}

impl Trends {
    /// Indices (into the records given to [`compute_trends`]) of the articles
    /// matching `series` in the bucket starting at `period`.
    pub fn members(&self, series: &str, period: NaiveDate) -> &[usize] {
        self.members
            .get(&(series.to_string(), period::to_days(period)))
            .map_or(&[], Vec::as_slice)
    }

    /// The `n` best-scored articles behind a bucket of a series.
    pub fn top_articles(
        &self,
        records: &[ScoredRecord],
        series: &str,
        period: NaiveDate,
        n: usize,
    ) -> Vec<ArticleRef> {
        let theme = self
            .table
            .series
            .iter()
            .find(|s| s.name == series)
            .map(|s| s.theme.as_str());
        let mut refs: Vec<ArticleRef> = self
            .members(series, period)
            .iter()
            .filter_map(|&i| records.get(i))
            .map(|r| article_ref(r, theme.unwrap_or("")))
            .collect();
        refs.sort_by(|a, b| {
            let (sa, sb) = (a.score.unwrap_or(-1.0), b.score.unwrap_or(-1.0));
            sb.total_cmp(&sa).then_with(|| a.id.cmp(&b.id))
        });
        refs.truncate(n);
        refs
    }
}

fn article_ref(r: &ScoredRecord, theme: &str) -> ArticleRef {
    let score = if theme.is_empty() {
        r.scores.values().copied().reduce(f64::max)
    } else {
        r.scores.get(theme).copied()
    };
    ArticleRef {
        id: r.id.clone(),
        title: r.title.clone(),
        url: r.url.clone(),
        score,
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records, {} undated, {} in scope",
            self.records, self.undated, self.in_scope
        )?;
        if let (Some(a), Some(b)) = (self.first_day, self.last_day) {
            write!(f, " ({a} → {b})")?;
        }
        Ok(())
    }
}
