//! `veille report`: trend tables, charts and an HTML page from scored records.
//!
//! ```text
//! veille report --input SCORED [--input SCORED ...] [--every day|week|month|quarter|year]
//!               [--theme T ...] [--pair AA-BB ...] [--countries AA,BB] [--source S ...]
//!               [--from DATE] [--to DATE] [--group-by theme|pair|country]
//!               [--metric share|count] [--smooth N] [--top N] [--format png|svg|both]
//!               [--skip-invalid] --out DIR
//! ```
//!
//! * `SCORED` is a `.jsonl`/`.json`, `.csv` or `.parquet` file, or `-` for
//!   JSONL on stdin; several `--input` are concatenated.
//! * `--theme`, `--pair` and `--source` may be repeated or comma-separated.
//! * Without any `--theme/--pair/--countries/--group-by`, the report shows
//!   every theme (grouped by theme) plus a chart of the top pairs.
//! * `DIR` receives `coverage.csv`, `coverage.parquet`, the charts and
//!   `index.html` (see [`crate::report`]). Progress and a one-line summary go
//!   to stderr.
//!
//! Examples: `veille report --input scored.jsonl --pair FR-MA --group-by theme
//! --from 2022-01-01 --to 2022-12-31 --out out/fr-ma`, and
//! `veille report --input scored.jsonl --theme securite --group-by pair --top 5
//! --out out/securite`.

use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::report::{build_report_loaded, Formats, Metric, ReportSpec};
use crate::trends::{load_inputs, Dimension, Every, Place, TrendQuery};

/// Arguments of `veille report`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Scored records (.jsonl, .json, .csv, .parquet, or - for JSONL on stdin); repeatable.
    #[arg(long = "input", short = 'i', required = true, value_name = "SCORED")]
    pub inputs: Vec<PathBuf>,
    /// Bucket size: day, week (ISO, Monday), month, quarter or year.
    #[arg(long, default_value = "month", value_name = "BUCKET")]
    pub every: Every,
    /// Theme slug(s) to select (e.g. securite); repeatable or comma-separated.
    #[arg(long = "theme", value_delimiter = ',', value_name = "T")]
    pub themes: Vec<String>,
    /// Country pair(s) to select (e.g. FR-MA); repeatable or comma-separated.
    #[arg(long = "pair", value_delimiter = ',', value_name = "AA-BB")]
    pub pairs: Vec<String>,
    /// Co-mentioned countries: articles mentioning all of them (series AA+BB).
    #[arg(long, value_name = "AA,BB")]
    pub countries: Option<String>,
    /// Keep only these sources (changes totals too); repeatable or comma-separated.
    #[arg(long = "source", value_delimiter = ',', value_name = "S")]
    pub sources: Vec<String>,
    /// First day included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last day included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// One series per theme, pair or country.
    #[arg(long, value_name = "DIM")]
    pub group_by: Option<Dimension>,
    /// Main metric of the charts: share (default) or count.
    #[arg(long, default_value = "share")]
    pub metric: Metric,
    /// Rolling mean over N buckets (adds share_smooth / matching_smooth).
    #[arg(long, value_name = "N")]
    pub smooth: Option<usize>,
    /// Keep the N largest groups (group-by pair/country/theme) and N bars in the top-pairs chart.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Image format(s): png, svg or both.
    #[arg(long, default_value = "png")]
    pub format: Formats,
    /// Skip malformed input lines (they are counted and reported) instead of failing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Output directory.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

impl ReportArgs {
    /// Turns the arguments into a report spec.
    pub fn spec(&self) -> Result<ReportSpec> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                bail!("--from {from} is after --to {to}");
            }
        }
        if self.smooth == Some(0) || self.top == Some(0) {
            bail!("--smooth and --top must be at least 1");
        }
        let mut places = self
            .pairs
            .iter()
            .map(|p| Place::pair(p))
            .collect::<Result<Vec<_>>>()?;
        if let Some(c) = &self.countries {
            places.push(Place::co_mention(c)?);
        }
        let query = TrendQuery {
            every: self.every,
            themes: self
                .themes
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            places,
            sources: self.sources.clone(),
            from: self.from,
            to: self.to,
            group_by: self.group_by,
            top: self.top.or_else(|| {
                matches!(self.group_by, Some(Dimension::Pair | Dimension::Country)).then_some(8)
            }),
            smooth: self.smooth,
            fill_empty: true,
        };
        let defaults = ReportSpec::default();
        Ok(ReportSpec {
            query,
            metric: self.metric,
            formats: self.format,
            top_pairs: self.top.unwrap_or(defaults.top_pairs),
            progress: true,
            ..defaults
        })
    }
}

/// Runs `veille report`.
pub fn run(args: &ReportArgs) -> Result<()> {
    let spec = args.spec()?;
    let names: Vec<String> = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    eprintln!("veille report: reading {}", names.join(", "));
    let loaded = load_inputs(&args.inputs, args.skip_invalid)?;
    for s in loaded.skipped.iter().take(10) {
        eprintln!("veille report: skipped {}:{}: {}", s.file, s.line, s.reason);
    }
    if loaded.skipped.len() > 10 {
        eprintln!(
            "veille report: … {} invalid lines skipped in all",
            loaded.skipped.len()
        );
    }
    let summary = build_report_loaded(&loaded, &spec, &args.out)?;
    let c = &summary.coverage;
    if c.undated > 0 {
        let more = if c.undated > c.undated_ids.len() {
            ", …"
        } else {
            ""
        };
        eprintln!(
            "veille report: warning: {} records have no usable date and are not counted (ids: {}{more})",
            c.undated,
            c.undated_ids.join(", ")
        );
    }
    eprintln!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: ReportArgs,
    }

    fn parse(argv: &[&str]) -> Result<ReportArgs> {
        Ok(Cli::try_parse_from(std::iter::once("report").chain(argv.iter().copied()))?.args)
    }

    #[test]
    fn parses_the_documented_usage() {
        let a = parse(&[
            "--input",
            "a.jsonl",
            "--input",
            "b.csv",
            "--every",
            "week",
            "--theme",
            "securite,justice",
            "--pair",
            "ma-fr",
            "--countries",
            "FR,MA",
            "--from",
            "2022-01-01",
            "--to",
            "2022-12-31",
            "--group-by",
            "theme",
            "--metric",
            "count",
            "--smooth",
            "3",
            "--top",
            "4",
            "--format",
            "both",
            "--skip-invalid",
            "--out",
            "o",
        ])
        .expect("valid args");
        let spec = a.spec().expect("valid spec");
        assert_eq!(spec.query.every, Every::Week);
        assert_eq!(spec.query.themes, ["securite", "justice"]);
        assert_eq!(
            spec.query.places,
            [
                Place::Pair("FR-MA".into()),
                Place::CoMention(vec!["FR".into(), "MA".into()])
            ]
        );
        assert_eq!(
            (spec.metric, spec.formats, spec.query.top),
            (Metric::Count, Formats::Both, Some(4))
        );
    }

    #[test]
    fn rejects_bad_values_with_a_clear_message() {
        assert!(parse(&["--input", "a", "--every", "fortnight", "--out", "o"]).is_err());
        let a = parse(&["--input", "a", "--pair", "FRANCE", "--out", "o"]).expect("parses");
        assert!(a
            .spec()
            .expect_err("bad pair")
            .to_string()
            .contains("invalid pair"));
        let a = parse(&[
            "--input",
            "a",
            "--from",
            "2022-02-01",
            "--to",
            "2022-01-01",
            "--out",
            "o",
        ])
        .expect("parses");
        assert!(a.spec().is_err());
    }
}
