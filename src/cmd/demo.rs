//! `veille demo` — the main job on the bundled data, from a fresh clone:
//!
//! ```text
//! veille demo [--data data/masakhanews-fra-labelled.jsonl] [--seed-article seeds/…txt]
//!             [--corpus data/lemonde-2022-tags.jsonl] [--out reports/demo]
//! ```
//! 1. trains a theme model on the bundled labelled articles (BBC Afrique, MasakhaNEWS) and
//!    writes it to `OUT/themes.model`;
//! 2. scores the seed article (a scraped Moroccan news page) and prints its tags;
//! 3. builds trend reports from the bundled dated corpus (Le Monde 2022 tags: url, date,
//!    section and veille's tags, no text) into `OUT/`: Morocco–France coverage by month for
//!    2022 (overall, and by theme) and security coverage for the top pairs, plus an
//!    `index.html` linking them.
//!
//! Paths are relative to the current directory: run it from the repository root.

use super::score::Scorer;
use super::train::{self, TrainArgs};
use crate::atomic::write_atomic;
use crate::corpus::{self, Format, Input};
use crate::countries::{CountryTagger, Sources};
use crate::model::file;
use crate::report::{build_report_from_files, Formats, ReportSpec, ReportSummary};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// Arguments of `veille demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Labelled articles to train on.
    #[arg(
        long,
        default_value = "data/masakhanews-fra-labelled.jsonl",
        value_name = "FILE"
    )]
    pub data: PathBuf,
    /// The article to score and print.
    #[arg(
        long,
        default_value = "seeds/marrakech-maroc-france-securite.txt",
        value_name = "FILE"
    )]
    pub seed_article: PathBuf,
    /// Scored, dated articles to build the reports from.
    #[arg(
        long,
        default_value = "data/lemonde-2022-tags.jsonl",
        value_name = "FILE"
    )]
    pub corpus: PathBuf,
    /// Output directory for the model and the reports.
    #[arg(long, default_value = "reports/demo", value_name = "DIR")]
    pub out: PathBuf,
}

/// Runs `veille demo`.
pub fn run(args: &DemoArgs) -> anyhow::Result<()> {
    for p in [&args.data, &args.seed_article, &args.corpus] {
        if !p.is_file() {
            bail!(
                "{} not found: run `veille demo` from the repository root",
                p.display()
            );
        }
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let model_path = args.out.join("themes.model");
    eprintln!("veille demo: 1/3 training on {}", args.data.display());
    train::run(&TrainArgs::defaults(
        vec![args.data.clone()],
        model_path.clone(),
    ))?;
    eprintln!("veille demo: 2/3 scoring {}", args.seed_article.display());
    score_seed(&model_path, &args.seed_article)?;
    eprintln!(
        "veille demo: 3/3 building reports from {}",
        args.corpus.display()
    );
    let summaries = build_reports(&args.corpus, &args.out)?;
    write_index(&args.out, &summaries)?;
    eprintln!(
        "veille demo: open {}",
        args.out.join("index.html").display()
    );
    Ok(())
}

fn score_seed(model_path: &Path, seed: &Path) -> anyhow::Result<()> {
    let model = file::load(model_path)?;
    let countries = CountryTagger::bundled();
    let sources = Sources::bundled();
    let scorer = Scorer {
        model: &model,
        countries: &countries,
        text_fields: vec!["title".into(), "text".into()],
        keep: Vec::new(),
        sources: &sources,
        default_home: None,
    };
    let mut analyzer = model.analyzer();
    for raw in corpus::read(&Input::File(seed.to_path_buf()), Format::Plain) {
        let scored = scorer.score(&mut analyzer, &raw?)?;
        println!("{}", serde_json::to_string_pretty(&scored)?);
    }
    Ok(())
}

/// The demo's reports: (directory name, title for the index, spec).
fn specs() -> anyhow::Result<Vec<(&'static str, &'static str, ReportSpec)>> {
    let mut pair = ReportSpec::pair_by_month("FR-MA", 2022)?;
    pair.query.group_by = None;
    pair.title = Some("Maroc–France : part des articles par mois, 2022".into());
    let by_theme = ReportSpec::pair_by_month("FR-MA", 2022)?;
    let mut security = ReportSpec::theme_top_pairs("securite", 6);
    security.query.from = pair.query.from;
    security.query.to = pair.query.to;
    let mut out = vec![
        ("fr-ma-2022", "Maroc–France, par mois (2022)", pair),
        (
            "fr-ma-themes-2022",
            "Maroc–France par thème, par mois (2022)",
            by_theme,
        ),
        (
            "securite-top-pairs",
            "Sécurité : les paires de pays les plus couvertes",
            security,
        ),
    ];
    for (_, _, s) in &mut out {
        s.formats = Formats::Both;
        s.progress = false;
    }
    Ok(out)
}

fn build_reports(
    corpus: &Path,
    out: &Path,
) -> anyhow::Result<Vec<(String, String, ReportSummary)>> {
    let mut done = Vec::new();
    for (dir, title, spec) in specs()? {
        let summary =
            build_report_from_files(&[corpus.to_path_buf()], false, &spec, &out.join(dir))?;
        eprintln!("veille demo: {summary}");
        done.push((dir.to_string(), title.to_string(), summary));
    }
    Ok(done)
}

fn write_index(out: &Path, reports: &[(String, String, ReportSummary)]) -> anyhow::Result<()> {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>veille — démo</title>\
         <style>body{font-family:sans-serif;max-width:1240px;margin:2em auto}img{max-width:100%}</style>\
         </head><body>\n<h1>veille — rapports de démonstration</h1>\n<p>Corpus : Le Monde 2022 \
         (étiquettes produites par veille : date, url, rubrique, thèmes, pays ; aucun texte).</p>\n",
    );
    for (dir, title, s) in reports {
        html.push_str(&format!(
            "<h2><a href=\"{dir}/index.html\">{title}</a></h2>\n<p>{}</p>\n<img src=\"{dir}/coverage.png\" alt=\"{title}\">\n",
            s.coverage
        ));
    }
    html.push_str("</body></html>\n");
    write_atomic(&out.join("index.html"), html.as_bytes())
        .with_context(|| format!("cannot write {}", out.join("index.html").display()))
}
