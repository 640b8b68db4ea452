//! `veille train` — train a theme model from labelled articles.
//!
//! ```text
//! veille train --data FILE [--data FILE ...] --out MODEL [--config training/FILE.toml]
//!              [--labels-field themes] [--text-fields title,text] [--skip-invalid]
//!              [--c C] [--folds K] [--seed N] [--max-labels N] [--min-df N]
//! ```
//! Inputs are JSONL, CSV or Parquet (by extension; `-` is JSONL on standard input). The labels
//! field holds one label (a string: a single-label task such as newspaper sections) or an
//! array of labels, most central first (multi-label themes). In CSV, labels are separated by
//! `|` or `;`. Command-line values override the configuration file, which overrides the
//! built-in defaults (the same as `training/themes.toml`).

use super::common::{load_all, split_list, InvalidArgs, InvalidPolicy};
use crate::features::ArticleText;
use crate::model::{file, Folds, ThemeModel, TrainingConfig};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `veille train`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  veille train --data data/masakhanews-fra-labelled.jsonl --out themes.model"
)]
pub struct TrainArgs {
    /// Labelled articles (JSONL, CSV or Parquet; `-` for JSONL on standard input). Repeatable.
    #[arg(long, required = true, value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// Where to write the model (written atomically).
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    /// Training configuration (TOML with [text], [features], [model], [labels] tables).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The field holding the labels: a string or an array of strings.
    #[arg(long, default_value = "themes", value_name = "FIELD")]
    pub labels_field: String,
    /// Fields holding the text, comma-separated; a field named `title` is weighted as the title.
    #[arg(long, default_value = "title,text", value_name = "FIELDS")]
    pub text_fields: String,
    /// Inverse regularisation strength of the classifier (overrides [model] c).
    #[arg(long)]
    pub c: Option<f32>,
    /// Folds for calibration and threshold tuning: a number (0 disables) or "auto", 5 below
    /// 10,000 articles and 3 from there (overrides [labels] folds).
    #[arg(long)]
    pub folds: Option<Folds>,
    /// Seed for every random choice (overrides [model] seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// At most this many labels per article (overrides [labels] max_labels).
    #[arg(long)]
    pub max_labels: Option<usize>,
    /// Minimum document frequency of a term (overrides [features] min_df).
    #[arg(long)]
    pub min_df: Option<usize>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub invalid: InvalidArgs,
}

impl TrainArgs {
    /// Arguments equal to `veille train --data DATA… --out OUT` with every default.
    pub fn defaults(data: Vec<PathBuf>, out: PathBuf) -> TrainArgs {
        TrainArgs {
            data,
            out,
            config: None,
            labels_field: "themes".into(),
            text_fields: "title,text".into(),
            c: None,
            folds: None,
            seed: None,
            max_labels: None,
            min_df: None,
            invalid: InvalidArgs {
                skip_invalid: false,
                rejects: None,
            },
        }
    }
}

/// Reads the configuration file (if any) and applies command-line overrides.
pub fn resolve_config(args: &TrainArgs) -> anyhow::Result<TrainingConfig> {
    let mut cfg = match &args.config {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| {
                format!("cannot read the training configuration {}", p.display())
            })?;
            toml::from_str::<TrainingConfig>(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {}",
                    p.display(),
                    e.to_string().trim().replace('\n', " ")
                )
            })?
        }
        None => TrainingConfig::default(),
    };
    if let Some(c) = args.c {
        cfg.model.c = c;
    }
    if let Some(f) = args.folds {
        cfg.labels.folds = f;
    }
    if let Some(s) = args.seed {
        cfg.model.seed = s;
    }
    if let Some(m) = args.max_labels {
        cfg.labels.max_labels = m;
    }
    if let Some(m) = args.min_df {
        cfg.features.min_df = m;
    }
    Ok(cfg)
}

/// Runs `veille train`.
pub fn run(args: &TrainArgs) -> anyhow::Result<()> {
    let start = Instant::now();
    let cfg = resolve_config(args)?;
    let text_fields = split_list(&args.text_fields);
    if text_fields.is_empty() {
        bail!("--text-fields names no field");
    }
    let mut policy = InvalidPolicy::new(&args.invalid)?;
    let rows: Vec<(String, String, Vec<String>)> = load_all(&args.data, &mut policy, |r| {
        let (title, body) = r.text_of(&text_fields)?;
        let labels = r.labels(&args.labels_field, is_csv(&r.source))?;
        if labels.is_empty() {
            return Err(r.error(
                &args.labels_field,
                "missing label",
                "has no label to learn from",
            ));
        }
        Ok((title, body, labels))
    })?;
    policy.finish()?;
    if rows.is_empty() {
        bail!("no usable training records in {}", names(&args.data));
    }
    let docs: Vec<ArticleText<'_>> = rows
        .iter()
        .map(|(t, b, _)| ArticleText { title: t, body: b })
        .collect();
    let labels: Vec<Vec<String>> = rows.iter().map(|r| r.2.clone()).collect();
    let model = ThemeModel::train(&docs, &labels, &cfg)?;
    file::save(&model, &args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "veille: trained on {} records, {} labels ({}), {} features; wrote {} ({:.1} MB) in {:.1} s",
        rows.len(),
        model.labels.len(),
        if model.multi_label { "multi-label" } else { "single-label" },
        model.vectorizer.n_features(),
        args.out.display(),
        size as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn is_csv(source: &str) -> bool {
    source.to_ascii_lowercase().ends_with(".csv")
}

fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
