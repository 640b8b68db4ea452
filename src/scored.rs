//! Scored articles: what `veille score` writes, one per input article, in input order.
//!
//! JSONL is the default (standard output). With `--out FILE`, the extension chooses the
//! format: `.csv` (list fields joined with `|`, `scores` and `mentions` as JSON text) or
//! `.parquet` (lists as List(String), `scores` and `mentions` as JSON text); anything else is
//! JSONL. Files are written atomically.

use crate::atomic::AtomicFile;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// One scored article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoredArticle {
    /// The input's `id`, or its line (row) number.
    pub id: Value,
    /// The input's `date`, passed through unchanged (null when absent).
    pub date: Option<String>,
    /// Input fields passed through (`--keep`; by default title, url, source, section).
    #[serde(flatten)]
    pub kept: BTreeMap<String, Value>,
    /// Predicted themes, most probable first; never empty.
    pub themes: Vec<String>,
    /// Probability of every theme the model knows, rounded to 4 decimals.
    pub scores: BTreeMap<String, f64>,
    /// Countries the article is about, most salient first.
    pub countries: Vec<String>,
    /// The country pair ("AA-BB", codes sorted) or null.
    pub pair: Option<String>,
    /// Mentions of each country in title and text.
    pub mentions: BTreeMap<String, u32>,
}

/// A scored article as read back by the trend reports (the reading side of
/// [`ScoredArticle`]). Only `id` and `themes` are always present; `date` is kept as written so
/// that unusable dates can be counted and reported instead of failing the read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct ScoredRecord {
    /// Stable article identifier (e.g. `lm-1`); a numeric id (a line number) is read as text.
    #[serde(default, deserialize_with = "id_as_string")]
    pub id: String,
    /// Publication date as written: `YYYY-MM-DD` or RFC 3339; may be missing.
    #[serde(default)]
    pub date: Option<String>,
    /// Article title, when known.
    #[serde(default)]
    pub title: Option<String>,
    /// Article URL, when known.
    #[serde(default)]
    pub url: Option<String>,
    /// Source slug (e.g. `lemonde`).
    #[serde(default)]
    pub source: Option<String>,
    /// Section slug of the source (e.g. `sport`).
    #[serde(default)]
    pub section: Option<String>,
    /// Theme slugs assigned to the article (e.g. `securite`).
    #[serde(default)]
    pub themes: Vec<String>,
    /// Score per theme slug, in `[0, 1]`.
    #[serde(default)]
    pub scores: BTreeMap<String, f64>,
    /// ISO 3166-1 alpha-2 codes of the countries mentioned.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Main country pair, codes sorted alphabetically (e.g. `FR-MA`).
    #[serde(default)]
    pub pair: Option<String>,
    /// Mention count per country code.
    #[serde(default)]
    pub mentions: BTreeMap<String, u32>,
}

/// Accepts a string or a number (`veille score` writes the line number when the input has no id).
fn id_as_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Null => Ok(String::new()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or a number, found {other}"
        ))),
    }
}

/// Fields every scored article has: `id` and `date` (copied from the input) and the
/// predictions.
pub const OUTPUT_FIELDS: [&str; 7] = [
    "id",
    "date",
    "themes",
    "scores",
    "countries",
    "pair",
    "mentions",
];

/// Checks the `--keep` list: `id` and `date` are always copied, so naming them changes
/// nothing and they are dropped from the list; a prediction field (`themes`, `countries`, …)
/// cannot be kept, as the output would then hold two fields of that name (a JSON object with a
/// repeated key, a CSV with two columns of one name, a Parquet file that cannot be written).
/// Repeated names are kept once.
pub fn checked_keep(keep: Vec<String>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::with_capacity(keep.len());
    for k in keep {
        if k == "id" || k == "date" || out.contains(&k) {
            continue;
        }
        if OUTPUT_FIELDS.contains(&k.as_str()) {
            return Err(format!(
                "--keep cannot name `{k}`: score writes its own `{k}` field (to compare input labels with predictions, use `veille eval`, or rename the input field)"
            ));
        }
        out.push(k);
    }
    Ok(out)
}

/// Rounds a probability for output (4 decimals keep files small and diffs readable).
pub fn round4(p: f32) -> f64 {
    (f64::from(p) * 1e4).round() / 1e4
}

enum Sink {
    Jsonl(Box<dyn Write>),
    JsonlFile(AtomicFile),
    Csv(Box<csv::Writer<AtomicFile>>),
    Parquet(Box<ParquetRows>, AtomicFile),
}

/// Writes scored articles in the format the output path asks for.
pub struct ScoredWriter {
    sink: Sink,
    keep: Vec<String>,
}

/// Columns accumulated for a Parquet output (Parquet is written whole at the end).
#[derive(Default)]
struct ParquetRows {
    rows: Vec<ScoredArticle>,
}

impl ScoredWriter {
    /// Standard output (JSONL) when `path` is `None`, else a file chosen by extension.
    /// `keep` lists the passed-through fields, for the CSV column order.
    pub fn create(path: Option<&Path>, keep: &[String]) -> anyhow::Result<ScoredWriter> {
        let sink = match path {
            None => Sink::Jsonl(Box::new(BufWriter::with_capacity(1 << 16, io::stdout()))),
            Some(p) => {
                let f = AtomicFile::create(p)
                    .with_context(|| format!("cannot create the output file {}", p.display()))?;
                match crate::corpus::Format::from_path(p) {
                    crate::corpus::Format::Csv => {
                        let mut w = csv::Writer::from_writer(f);
                        let mut header = vec!["id".to_string(), "date".to_string()];
                        header.extend(keep.iter().cloned());
                        header.extend(
                            ["themes", "scores", "countries", "pair", "mentions"].map(String::from),
                        );
                        w.write_record(&header)?;
                        Sink::Csv(Box::new(w))
                    }
                    crate::corpus::Format::Parquet => Sink::Parquet(Box::default(), f),
                    _ => Sink::JsonlFile(f),
                }
            }
        };
        Ok(ScoredWriter {
            sink,
            keep: keep.to_vec(),
        })
    }

    /// Whether this writer takes pre-encoded JSON lines ([`ScoredWriter::encode_line`] and
    /// [`ScoredWriter::write_line`]), so that callers can encode on worker threads.
    pub fn takes_lines(&self) -> bool {
        matches!(self.sink, Sink::Jsonl(_) | Sink::JsonlFile(_))
    }

    /// One article as a JSONL line (with its `\n`), exactly as [`ScoredWriter::write`] writes it.
    pub fn encode_line(a: &ScoredArticle) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        // Writing JSON into a Vec cannot fail: every key is a string.
        let _ = write_jsonl(&mut out, a);
        out
    }

    /// Writes a line made by [`ScoredWriter::encode_line`]; for a JSONL sink only.
    pub fn write_line(&mut self, line: &[u8]) -> anyhow::Result<()> {
        match &mut self.sink {
            Sink::Jsonl(w) => w.write_all(line)?,
            Sink::JsonlFile(w) => w.write_all(line)?,
            _ => anyhow::bail!("internal error: a pre-encoded line sent to a non-JSONL output"),
        }
        Ok(())
    }

    /// Writes one article.
    pub fn write(&mut self, a: &ScoredArticle) -> anyhow::Result<()> {
        match &mut self.sink {
            Sink::Jsonl(w) => write_jsonl(w, a)?,
            Sink::JsonlFile(w) => write_jsonl(w, a)?,
            Sink::Csv(w) => {
                let mut rec = vec![plain(&a.id), a.date.clone().unwrap_or_default()];
                rec.extend(
                    self.keep
                        .iter()
                        .map(|k| a.kept.get(k).map(plain).unwrap_or_default()),
                );
                rec.push(a.themes.join("|"));
                rec.push(serde_json::to_string(&a.scores)?);
                rec.push(a.countries.join("|"));
                rec.push(a.pair.clone().unwrap_or_default());
                rec.push(serde_json::to_string(&a.mentions)?);
                w.write_record(&rec)?;
            }
            Sink::Parquet(rows, _) => rows.rows.push(a.clone()),
        }
        Ok(())
    }

    /// Flushes and, for files, renames into place.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.sink {
            Sink::Jsonl(mut w) => w.flush()?,
            Sink::JsonlFile(w) => w.commit()?,
            Sink::Csv(w) => w
                .into_inner()
                .map_err(|e| anyhow::anyhow!("cannot write the CSV output: {}", e.error()))?
                .commit()?,
            Sink::Parquet(rows, mut f) => {
                parquet_out::write(&rows.rows, &self.keep, &mut f)?;
                f.commit()?;
            }
        }
        Ok(())
    }
}

fn write_jsonl(w: &mut dyn Write, a: &ScoredArticle) -> io::Result<()> {
    serde_json::to_writer(&mut *w, a)?;
    w.write_all(b"\n")
}

/// A JSON value as CSV text: strings bare, anything else as JSON.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

mod parquet_out {
    use super::{plain, ScoredArticle};
    use polars::prelude::*;
    use std::io::Write;

    fn list_column(
        name: &str,
        rows: &[ScoredArticle],
        get: fn(&ScoredArticle) -> &Vec<String>,
    ) -> Column {
        let series: Vec<Series> = rows
            .iter()
            .map(|r| Series::new("".into(), get(r).as_slice()))
            .collect();
        let mut s = Series::new(name.into(), series);
        if rows.is_empty() {
            s = Series::new_empty(name.into(), &DataType::List(Box::new(DataType::String)));
        }
        s.into()
    }

    /// Builds a DataFrame of the scored articles and writes it as Parquet.
    pub fn write(
        rows: &[ScoredArticle],
        keep: &[String],
        out: &mut impl Write,
    ) -> anyhow::Result<()> {
        let text = |f: &dyn Fn(&ScoredArticle) -> Option<String>| -> Vec<Option<String>> {
            rows.iter().map(f).collect()
        };
        let mut cols: Vec<Column> = vec![
            Column::new("id".into(), text(&|r| Some(plain(&r.id)))),
            Column::new("date".into(), text(&|r| r.date.clone())),
        ];
        for k in keep {
            cols.push(Column::new(
                k.as_str().into(),
                text(&|r| r.kept.get(k).map(plain)),
            ));
        }
        cols.push(list_column("themes", rows, |r| &r.themes));
        cols.push(Column::new(
            "scores".into(),
            text(&|r| serde_json::to_string(&r.scores).ok()),
        ));
        cols.push(list_column("countries", rows, |r| &r.countries));
        cols.push(Column::new("pair".into(), text(&|r| r.pair.clone())));
        cols.push(Column::new(
            "mentions".into(),
            text(&|r| serde_json::to_string(&r.mentions).ok()),
        ));
        let mut df = DataFrame::new(rows.len(), cols)?;
        ParquetWriter::new(out).finish(&mut df)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_drops_id_and_date_and_refuses_prediction_fields() {
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            checked_keep(v(&["title", "id", "date", "url", "title"])),
            Ok(v(&["title", "url"]))
        );
        for f in ["themes", "scores", "countries", "pair", "mentions"] {
            let e = checked_keep(v(&["title", f])).unwrap_err();
            assert!(e.contains(&format!("`{f}`")), "{e}");
        }
    }

    #[test]
    fn written_articles_read_back_as_records() {
        let a = ScoredArticle {
            id: Value::from(3),
            date: Some("2022-12-14".into()),
            kept: [("url".to_string(), Value::from("https://x"))].into(),
            themes: vec!["sport".into()],
            scores: [("sport".to_string(), 0.9)].into(),
            countries: vec!["FR".into(), "MA".into()],
            pair: Some("FR-MA".into()),
            mentions: [("FR".to_string(), 2)].into(),
        };
        let line = serde_json::to_string(&a).unwrap();
        let r: ScoredRecord = serde_json::from_str(&line).unwrap();
        assert_eq!(r.id, "3");
        assert_eq!(r.url.as_deref(), Some("https://x"));
        assert_eq!(r.pair.as_deref(), Some("FR-MA"));
        assert_eq!(r.themes, ["sport"]);
    }
}
