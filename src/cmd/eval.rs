//! `veille eval` — measure a model on labelled articles.
//!
//! ```text
//! veille eval --model MODEL --data FILE [--data FILE ...] [--labels-field themes]
//!             [--text-fields title,text] [--json] [--skip-invalid]
//! ```
//! Prints precision, recall, F1 and support per label, micro- and macro-averaged F1,
//! primary-label accuracy (best predicted label = first gold label) and exact-match rate, as
//! a table or, with `--json`, one JSON object. Gold labels the model does not know count as
//! missed (false negatives) and are listed. When the data has `countries` and `pair` fields,
//! country precision/recall/F1 (micro) and pair exact-match accuracy are reported too.

use super::common::{load_all, split_list, HomeArgs, InvalidArgs, InvalidPolicy};
use super::score::Scorer;
use crate::countries::{CountryTagger, Sources};
use crate::metrics::{EvalSummary, MultiLabelEval};
use crate::model::file;
use crate::scored::ScoredArticle;
use crate::text::AnalyzerPool;
use anyhow::bail;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Arguments of `veille eval`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  veille eval --model themes.model --data test.jsonl --json")]
pub struct EvalArgs {
    /// The model written by `veille train`.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    /// Labelled articles (JSONL, CSV or Parquet). Repeatable.
    #[arg(long, required = true, value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The field holding the gold labels.
    #[arg(long, default_value = "themes", value_name = "FIELD")]
    pub labels_field: String,
    /// Fields holding the text, comma-separated.
    #[arg(long, default_value = "title,text", value_name = "FIELDS")]
    pub text_fields: String,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub home: HomeArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub invalid: InvalidArgs,
}

/// The figures `veille eval` reports.
#[derive(Debug, serde::Serialize)]
pub struct EvalReport {
    /// Theme figures.
    pub themes: EvalSummary,
    /// Gold labels unknown to the model, with their counts.
    pub unknown_labels: BTreeMap<String, usize>,
    /// Country figures, when the data has a `countries` field.
    pub countries: Option<EvalSummary>,
    /// Share of articles whose predicted pair equals the gold pair (null included), when the
    /// data has a `pair` field.
    pub pair_accuracy: Option<f64>,
}

/// Runs `veille eval`.
pub fn run(args: &EvalArgs) -> anyhow::Result<()> {
    let model = file::load(&args.model)?;
    let countries = CountryTagger::bundled();
    let sources = Sources::bundled();
    let scorer = Scorer {
        model: &model,
        countries: &countries,
        text_fields: split_list(&args.text_fields),
        keep: Vec::new(),
        sources: &sources,
        default_home: args.home.fallback(&countries)?,
    };
    let mut policy = InvalidPolicy::new(&args.invalid)?;
    let rows = load_all(&args.data, &mut policy, |r| {
        let gold = r.labels(&args.labels_field, is_csv(&r.source))?;
        if gold.is_empty() {
            return Err(r.error(
                &args.labels_field,
                "missing label",
                "has no gold label to compare with",
            ));
        }
        r.text_of(&scorer.text_fields)?;
        let gold_countries = match r.fields.get("countries") {
            Some(v) if !v.is_null() => Some(r.labels("countries", is_csv(&r.source))?),
            _ => None,
        };
        let gold_pair = match r.fields.contains_key("pair") {
            true => Some(r.opt_str("pair")?.map(str::to_string)),
            false => None,
        };
        Ok((r.clone(), gold, gold_countries, gold_pair))
    })?;
    policy.finish()?;
    if rows.is_empty() {
        bail!("no usable labelled records to evaluate");
    }
    let analyzers = AnalyzerPool::new(model.vectorizer.analyzer_config());
    let predictions: Vec<ScoredArticle> = rows
        .par_iter()
        .map(|(r, ..)| analyzers.with(|a| scorer.score(a, r)))
        .collect::<Result<_, _>>()?;
    let mut eval = MultiLabelEval::default();
    let mut country_eval = MultiLabelEval::default();
    let (mut pairs_seen, mut pairs_right) = (0usize, 0usize);
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for (p, (_, gold, gold_countries, gold_pair)) in predictions.iter().zip(&rows) {
        for g in gold {
            if !model.labels.contains(g) {
                *unknown.entry(g.clone()).or_default() += 1;
            }
        }
        eval.add(&p.themes, gold);
        if let Some(gc) = gold_countries {
            country_eval.add(&p.countries, gc);
        }
        if let Some(gp) = gold_pair {
            pairs_seen += 1;
            pairs_right += usize::from(p.pair == *gp);
        }
    }
    let report = EvalReport {
        themes: eval.summary(),
        unknown_labels: unknown,
        countries: (!country_eval.is_empty()).then(|| country_eval.summary()),
        pair_accuracy: (pairs_seen > 0).then(|| pairs_right as f64 / pairs_seen as f64),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    Ok(())
}

fn is_csv(source: &str) -> bool {
    source.to_ascii_lowercase().ends_with(".csv")
}

fn print_table(r: &EvalReport) {
    let s = &r.themes;
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>8} {:>9}",
        "label", "precision", "recall", "f1", "support", "predicted"
    );
    for l in &s.labels {
        println!(
            "{:<24} {:>9.3} {:>9.3} {:>9.3} {:>8} {:>9}",
            l.label, l.precision, l.recall, l.f1, l.support, l.predicted
        );
    }
    println!();
    println!("articles          {}", s.n);
    println!(
        "micro  P/R/F1     {:.3} / {:.3} / {:.3}",
        s.micro_precision, s.micro_recall, s.micro_f1
    );
    println!("macro  F1         {:.3}", s.macro_f1);
    println!("primary accuracy  {:.3}", s.primary_accuracy);
    println!("exact match       {:.3}", s.exact_match);
    if !r.unknown_labels.is_empty() {
        let list: Vec<String> = r
            .unknown_labels
            .iter()
            .map(|(k, v)| format!("{k} ({v})"))
            .collect();
        println!(
            "labels unknown to the model (counted as missed): {}",
            list.join(", ")
        );
    }
    if let Some(c) = &r.countries {
        println!();
        println!(
            "countries micro P/R/F1  {:.3} / {:.3} / {:.3}",
            c.micro_precision, c.micro_recall, c.micro_f1
        );
    }
    if let Some(p) = r.pair_accuracy {
        println!("pair accuracy           {p:.3} (null pairs included)");
    }
}
