//! Reports: charts (PNG/SVG), coverage tables (CSV/Parquet) and `index.html`.
//!
//! One call to [`build_report`] writes one report directory for one
//! [`ReportSpec`]. To produce several views (e.g. « Maroc–France par mois en
//! 2022 » and « la sécurité pour les principales paires »), call it once per
//! spec with a different output directory; see [`ReportSpec::pair_by_month`]
//! and [`ReportSpec::theme_top_pairs`].
//!
//! Files written (all atomically, via a temporary file and a rename):
//! * `coverage.{png,svg}` — line chart of the series (at most
//!   [`MAX_LINES`]), peaks annotated, with a lower panel: bars of the bucket
//!   totals (metric `share`) or the shares (metric `count`);
//! * `small_multiples.{png,svg}` — one panel per series, when there are 3+;
//! * `themes_stacked.{png,svg}` — stacked theme areas, when grouping by theme
//!   for at most one place;
//! * `top_pairs.{png,svg}` — bar chart of the top pairs over the whole period
//!   (for the selected themes), unless places were selected explicitly;
//! * `coverage.csv`, `coverage.parquet` — see [`crate::trends::export`];
//! * `index.html` — the charts and a French summary with the largest peaks
//!   and the best-scored articles behind them.

pub mod charts;
pub mod html;
pub mod labels;
#[cfg(test)]
mod tests;
mod views;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::scored::ScoredRecord;
use crate::trends::export::write_bytes_atomic;
use crate::trends::{
    compute_trends, write_csv, write_parquet, ArticleRef, Coverage, Dimension, Loaded, Place,
    TrendQuery, TrendRow,
};

/// Most series drawn on the main line chart (all of them go to the tables).
pub const MAX_LINES: usize = 8;

/// What the charts show on their main axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// `share` in percent (default; comparable across periods).
    #[default]
    Share,
    /// `matching` article counts.
    Count,
}

impl FromStr for Metric {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "share" => Ok(Metric::Share),
            "count" => Ok(Metric::Count),
            _ => Err(format!("unknown metric `{s}`: expected share or count")),
        }
    }
}

/// Image formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    /// PNG only (default).
    #[default]
    Png,
    /// SVG only.
    Svg,
    /// Both PNG and SVG.
    Both,
}

impl Formats {
    /// File extensions to write, PNG first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Formats::Png => &["png"],
            Formats::Svg => &["svg"],
            Formats::Both => &["png", "svg"],
        }
    }
}

impl FromStr for Formats {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "png" => Ok(Formats::Png),
            "svg" => Ok(Formats::Svg),
            "both" => Ok(Formats::Both),
            _ => Err(format!("unknown format `{s}`: expected png, svg or both")),
        }
    }
}

/// Everything a report needs besides the records.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSpec {
    /// Title; a French title is derived from the query when `None`.
    pub title: Option<String>,
    /// The aggregation.
    pub query: TrendQuery,
    /// Main metric of the charts.
    pub metric: Metric,
    /// Image formats.
    pub formats: Formats,
    /// Bars in the top-pairs chart.
    pub top_pairs: usize,
    /// Peaks listed in the summary (the 3 largest are annotated on charts).
    pub peaks: usize,
    /// Articles listed per peak.
    pub articles_per_peak: usize,
    /// Image size in pixels.
    pub size: (u32, u32),
    /// Print progress lines on stderr.
    pub progress: bool,
}

impl Default for ReportSpec {
    /// Overview: themes overall by month, plus the top pairs.
    fn default() -> Self {
        ReportSpec {
            title: None,
            query: TrendQuery::default(),
            metric: Metric::Share,
            formats: Formats::Png,
            top_pairs: 10,
            peaks: 5,
            articles_per_peak: 5,
            size: charts::SIZE,
            progress: false,
        }
    }
}

impl ReportSpec {
    /// « Coverage of one pair, by month, for one year », one series per theme
    /// (e.g. `pair_by_month("FR-MA", 2022)`).
    pub fn pair_by_month(pair: &str, year: i32) -> Result<Self> {
        let mut spec = ReportSpec::default();
        spec.query.places = vec![Place::pair(pair)?];
        spec.query.group_by = Some(Dimension::Theme);
        spec.query.from = NaiveDate::from_ymd_opt(year, 1, 1);
        spec.query.to = NaiveDate::from_ymd_opt(year, 12, 31);
        Ok(spec)
    }

    /// « Coverage of one theme for the top pairs » (e.g. `securite`, 5).
    pub fn theme_top_pairs(theme: &str, top: usize) -> Self {
        let mut spec = ReportSpec::default();
        spec.query.themes = vec![theme.to_string()];
        spec.query.group_by = Some(Dimension::Pair);
        spec.query.top = Some(top);
        spec.top_pairs = top.max(1);
        spec
    }
}

/// A peak of the report with the articles behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct PeakSummary {
    /// Series name.
    pub series: String,
    /// The bucket row.
    pub row: TrendRow,
    /// Best-scored articles of that bucket.
    pub articles: Vec<ArticleRef>,
}

/// What [`build_report`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    /// Output directory.
    pub out_dir: PathBuf,
    /// Files written, in order.
    pub files: Vec<PathBuf>,
    /// Input and population counts.
    pub coverage: Coverage,
    /// Input lines skipped as invalid.
    pub skipped_lines: usize,
    /// Number of series.
    pub series: usize,
    /// Number of buckets.
    pub periods: usize,
    /// Largest peaks, with their top articles.
    pub peaks: Vec<PeakSummary>,
}

impl fmt::Display for ReportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "report: {} series × {} periods, {}, {} skipped lines, {} files in {}",
            self.series,
            self.periods,
            self.coverage,
            self.skipped_lines,
            self.files.len(),
            self.out_dir.display()
        )
    }
}

/// Builds a report from in-memory records (see the module docs).
pub fn build_report(
    records: &[ScoredRecord],
    spec: &ReportSpec,
    out_dir: &Path,
) -> Result<ReportSummary> {
    let loaded = Loaded {
        records: records.to_vec(),
        skipped: Vec::new(),
    };
    build_report_loaded(&loaded, spec, out_dir)
}

/// Builds a report from scored files (see [`crate::trends::load_inputs`]).
pub fn build_report_from_files(
    inputs: &[PathBuf],
    skip_invalid: bool,
    spec: &ReportSpec,
    out_dir: &Path,
) -> Result<ReportSummary> {
    let loaded = crate::trends::load_inputs(inputs, skip_invalid)?;
    build_report_loaded(&loaded, spec, out_dir)
}

/// Builds a report from loaded records, counting their skipped lines.
pub fn build_report_loaded(
    loaded: &Loaded,
    spec: &ReportSpec,
    out_dir: &Path,
) -> Result<ReportSummary> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create output directory {}", out_dir.display()))?;
    let say = |msg: &str| {
        if spec.progress {
            eprintln!("veille report: {msg}");
        }
    };
    say(&format!("aggregating {} records", loaded.records.len()));
    let trends = compute_trends(&loaded.records, &spec.query)?;
    let mut files = Vec::new();
    let csv = out_dir.join("coverage.csv");
    write_csv(&trends.table, &csv)?;
    files.push(csv);
    let parquet = out_dir.join("coverage.parquet");
    write_parquet(&trends.table, &parquet)?;
    files.push(parquet);
    let title = spec
        .title
        .clone()
        .unwrap_or_else(|| views::default_title(spec, &trends));
    let images = views::render_all(&loaded.records, spec, &trends, &title, out_dir, &say)?;
    files.extend(images.iter().flat_map(|img| img.files.iter().cloned()));
    let peaks = views::peak_summaries(&loaded.records, spec, &trends);
    let mut summary = ReportSummary {
        out_dir: out_dir.to_path_buf(),
        files,
        coverage: trends.coverage.clone(),
        skipped_lines: loaded.skipped.len(),
        series: trends.table.series.len(),
        periods: trends.table.periods().len(),
        peaks,
    };
    let shown: Vec<(String, String)> = images
        .iter()
        .map(|i| (i.html_src.clone(), i.caption.clone()))
        .collect();
    let page = html::render_index(&title, &summary, &shown, spec.query.every, spec.metric);
    let index = out_dir.join("index.html");
    write_bytes_atomic(&index, page.as_bytes())?;
    summary.files.push(index);
    say("done");
    Ok(summary)
}
