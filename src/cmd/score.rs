//! `veille score` — tag articles with a trained model.
//!
//! ```text
//! veille score --model MODEL [FILE ...] [--plain] [--out FILE] [--text-fields title,text]
//!              [--keep title,url,source,section] [--skip-invalid [--rejects FILE]]
//! ```
//! Reads the files (JSONL, CSV or Parquet by extension) or standard input (JSONL; with
//! `--plain`, each file or standard input is one article's plain text). Writes one JSON
//! object per article, in input order, to standard output or `--out` (`.csv`, `.parquet`
//! or JSONL by extension): `id` (the input's, or its line number), `date` (passed through),
//! the kept fields, `themes` (best first, never empty), `scores` (label → probability),
//! `countries` (ISO codes, most salient first), `pair` ("AA-BB" or null) and `mentions`.
//! Work is streamed in chunks scored in parallel, so memory stays flat on any input size.

use super::common::{format_of, spinner, split_list, HomeArgs, InvalidArgs, InvalidPolicy};
use crate::corpus::{self, Input, Pending, RawRecord, RecordError};
use crate::countries::{CountryTagger, Sources};
use crate::features::ArticleText;
use crate::model::{file, ThemeModel};
use crate::scored::{checked_keep, round4, ScoredArticle, ScoredWriter};
use crate::text::boilerplate::strip_boilerplate;
use crate::text::{Analyzer, AnalyzerPool};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::mpsc;

/// Records scored together; bounds memory while keeping both cores busy.
const CHUNK: usize = 4096;

/// Arguments of `veille score`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  echo '{\"text\": \"La police renforce la sécurité à Rabat\"}' | veille score --model themes.model\n  veille score --model themes.model --plain seeds/marrakech-maroc-france-securite.txt\n  veille score --model themes.model articles.jsonl --out scored.parquet"
)]
pub struct ScoreArgs {
    /// The model written by `veille train`.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    /// Inputs (JSONL, CSV or Parquet by extension); none or `-` reads JSONL from standard input.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Treat each input as one article of plain text (the first line repeated is taken as title).
    #[arg(long)]
    pub plain: bool,
    /// Write here instead of standard output; `.csv` and `.parquet` choose those formats.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Fields holding the text, comma-separated; a field named `title` is weighted as the title.
    #[arg(long, default_value = "title,text", value_name = "FIELDS")]
    pub text_fields: String,
    /// Input fields copied to the output when present, comma-separated (`id` and `date` are
    /// always copied; the prediction fields themes, scores, countries, pair and mentions cannot
    /// be kept).
    #[arg(
        long,
        default_value = "title,url,source,section",
        value_name = "FIELDS"
    )]
    pub keep: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub home: HomeArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub invalid: InvalidArgs,
}

/// Everything needed to score one record, shared by the worker threads.
pub struct Scorer<'a> {
    /// The theme model.
    pub model: &'a ThemeModel,
    /// The country tagger.
    pub countries: &'a CountryTagger,
    /// Text fields to read.
    pub text_fields: Vec<String>,
    /// Fields to pass through.
    pub keep: Vec<String>,
    /// Outlets and their home countries.
    pub sources: &'a Sources,
    /// Home country of outlets missing from `sources` (`--home-country`).
    pub default_home: Option<String>,
}

impl Scorer<'_> {
    /// The home country of a record's outlet: from the table of outlets by its `source` or
    /// `url` field when listed there, else the `--home-country` fallback.
    pub fn home_of<'r>(&'r self, raw: &'r RawRecord) -> Option<&'r str> {
        let source = raw.fields.get("source").and_then(|v| v.as_str());
        let url = raw.fields.get("url").and_then(|v| v.as_str());
        match self.sources.entry(source, url) {
            Some(home) => home,
            None => self.default_home.as_deref(),
        }
    }

    /// Scores one raw record.
    pub fn score(
        &self,
        analyzer: &mut Analyzer,
        raw: &RawRecord,
    ) -> Result<ScoredArticle, RecordError> {
        let (title, body) = raw.text_of(&self.text_fields)?;
        let date = raw.opt_str("date")?.map(str::to_string);
        // Strip the page once: countries always read the clean text, the model reads it when
        // its text settings ask for boilerplate removal.
        let clean = strip_boilerplate(&title, &body);
        let for_model = if self.model.vectorizer.analyzer_config().strip_boilerplate {
            ArticleText {
                title: &clean.title,
                body: &clean.text,
            }
        } else {
            ArticleText {
                title: &title,
                body: &body,
            }
        };
        let pred = self.model.predict_prepared(analyzer, for_model);
        let tags = self
            .countries
            .tag_with_home(&clean.title, &clean.text, self.home_of(raw));
        let kept = self
            .keep
            .iter()
            .filter_map(|k| {
                raw.fields
                    .get(k)
                    .filter(|v| !v.is_null())
                    .map(|v| (k.clone(), v.clone()))
            })
            .collect();
        Ok(ScoredArticle {
            id: raw.id(),
            date,
            kept,
            themes: pred.labels,
            scores: pred
                .scores
                .into_iter()
                .map(|(l, p)| (l, round4(p)))
                .collect(),
            countries: tags.countries,
            pair: tags.pair,
            mentions: tags.mentions,
        })
    }
}

/// What a worker hands back for one record: a pre-encoded JSON line when the output is JSONL
/// (encoding then runs in parallel too), else the article for the writer.
enum Done {
    Line(Vec<u8>),
    Article(Box<ScoredArticle>),
}

/// A bad record and, when it could be decoded, the record (for `--rejects`).
type Rejected = Box<(RecordError, Option<RawRecord>)>;

/// Runs `veille score`.
///
/// Three stages overlap: a reader thread cuts the inputs into chunks of raw records (JSONL lines
/// are not decoded there), the rayon pool decodes, scores and encodes each chunk in parallel,
/// and this thread writes the results in input order. At most a few chunks are in flight, so
/// memory does not grow with the input.
pub fn run(args: &ScoreArgs) -> anyhow::Result<()> {
    let keep = checked_keep(split_list(&args.keep)).map_err(anyhow::Error::msg)?;
    let model = file::load(&args.model)?;
    let countries = CountryTagger::bundled();
    let sources = Sources::bundled();
    let scorer = Scorer {
        model: &model,
        countries: &countries,
        text_fields: split_list(&args.text_fields),
        keep,
        sources: &sources,
        default_home: args.home.fallback(&countries)?,
    };
    let mut policy = InvalidPolicy::new(&args.invalid)?;
    let mut writer = ScoredWriter::create(args.out.as_deref(), &scorer.keep)?;
    let encode = writer.takes_lines();
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let chunks = spawn_reader(inputs, args.plain);
    // One analyzer per pool thread, kept across chunks so that each stem memo stays warm.
    let analyzers = AnalyzerPool::new(model.vectorizer.analyzer_config());
    let pb = spinner("articles scored");
    let mut n = 0usize;
    for chunk in chunks {
        let done: Vec<Result<Done, Rejected>> = chunk
            .into_par_iter()
            .with_min_len(16)
            .map(|pending| {
                let raw = pending.parse().map_err(|e| Box::new((e, None)))?;
                match analyzers.with(|a| scorer.score(a, &raw)) {
                    Ok(a) if encode => Ok(Done::Line(ScoredWriter::encode_line(&a))),
                    Ok(a) => Ok(Done::Article(Box::new(a))),
                    Err(e) => Err(Box::new((e, Some(raw)))),
                }
            })
            .collect();
        for d in done {
            match d {
                Ok(Done::Line(line)) => {
                    writer.write_line(&line)?;
                    n += 1;
                }
                Ok(Done::Article(a)) => {
                    writer.write(&a)?;
                    n += 1;
                }
                Err(r) => {
                    let (e, raw) = *r;
                    policy.reject(e, raw.as_ref())?
                }
            }
        }
        pb.set_position(n as u64);
    }
    writer.finish()?;
    pb.finish_and_clear();
    let skipped = policy.finish()?;
    if let Some(out) = &args.out {
        eprintln!(
            "veille: scored {n} articles into {} ({skipped} skipped)",
            out.display()
        );
    }
    Ok(())
}

/// Reads `inputs` on a thread of its own and sends their records in chunks of [`CHUNK`]. The
/// channel holds two chunks, so reading runs ahead of scoring by at most that much. The thread
/// is not joined: if scoring stops early (a bad record, a closed pipe), the process exits
/// without waiting for a slow input such as an open pipe.
fn spawn_reader(inputs: Vec<PathBuf>, plain: bool) -> mpsc::Receiver<Vec<Pending>> {
    let (tx, rx) = mpsc::sync_channel(2);
    std::thread::spawn(move || {
        for p in &inputs {
            let mut records = corpus::read_deferred(&Input::from_arg(p), format_of(p, plain));
            loop {
                let chunk: Vec<Pending> = records.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                if tx.send(chunk).is_err() {
                    return;
                }
            }
        }
    });
    rx
}
