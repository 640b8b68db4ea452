//! Reading scored records from JSONL, CSV or Parquet files (or JSONL on stdin).
//!
//! The format is chosen by the file extension: `.jsonl`/`.json` → JSON lines,
//! `.csv` → CSV (list fields joined with `|`, `scores`/`mentions` as JSON
//! object strings), `.parquet` → Parquet (`themes`/`countries` as
//! `List(String)` or `|`-joined strings, `scores`/`mentions` as JSON strings).
//! The path `-` reads JSONL from standard input.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use polars::prelude::*;
use serde::de::DeserializeOwned;

use crate::scored::ScoredRecord;

/// A malformed input line that was skipped because `skip_invalid` was set.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedLine {
    /// File name as given (or `-` for stdin).
    pub file: String,
    /// 1-based line number (data row number for Parquet).
    pub line: usize,
    /// Why the line could not be read.
    pub reason: String,
}

/// Records read from one or several inputs, plus the lines that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The records, in input order.
    pub records: Vec<ScoredRecord>,
    /// Malformed lines skipped (only when `skip_invalid` was set).
    pub skipped: Vec<SkippedLine>,
}

impl Loaded {
    fn merge(&mut self, other: Loaded) {
        self.records.extend(other.records);
        self.skipped.extend(other.skipped);
    }
}

/// Reads and concatenates several inputs (see [`load_scored`]).
pub fn load_inputs(paths: &[PathBuf], skip_invalid: bool) -> Result<Loaded> {
    let mut all = Loaded::default();
    for path in paths {
        all.merge(load_scored(path, skip_invalid)?);
    }
    Ok(all)
}

/// Reads one scored file, choosing the format from its extension.
///
/// A malformed line is an error naming the file and line, unless
/// `skip_invalid` is set, in which case it is recorded in [`Loaded::skipped`].
pub fn load_scored(path: &Path, skip_invalid: bool) -> Result<Loaded> {
    let name = path.display().to_string();
    if name == "-" {
        let stdin = std::io::stdin();
        return read_jsonl(stdin.lock(), "-", skip_invalid);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let open = || File::open(path).with_context(|| format!("cannot open input file {name}"));
    match ext.as_str() {
        "jsonl" | "json" | "ndjson" => read_jsonl(BufReader::new(open()?), &name, skip_invalid),
        "csv" => read_csv(open()?, &name, skip_invalid),
        "parquet" => read_parquet(open()?, &name, skip_invalid),
        _ => bail!("{name}: unknown input format (expected .jsonl, .json, .csv or .parquet)"),
    }
}

/// Reads JSON lines; blank lines are ignored.
pub fn read_jsonl<R: BufRead>(reader: R, name: &str, skip_invalid: bool) -> Result<Loaded> {
    let mut out = Loaded::default();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{name}:{}: cannot read line", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<ScoredRecord>(&line).map_err(|e| e.to_string());
        push_or_fail(&mut out, parsed, name, i + 1, skip_invalid)?;
    }
    Ok(out)
}

fn push_or_fail(
    out: &mut Loaded,
    parsed: std::result::Result<ScoredRecord, String>,
    name: &str,
    line: usize,
    skip_invalid: bool,
) -> Result<()> {
    match parsed {
        Ok(rec) => out.records.push(rec),
        Err(reason) if skip_invalid => out.skipped.push(SkippedLine {
            file: name.to_string(),
            line,
            reason,
        }),
        Err(reason) => bail!("{name}:{line}: invalid scored record: {reason}"),
    }
    Ok(())
}

/// Reads a CSV file with a header row (see the module docs for list fields).
pub fn read_csv<R: std::io::Read>(mut reader: R, name: &str, skip_invalid: bool) -> Result<Loaded> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("{name}: cannot read the CSV file"))?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let headers = rdr
        .headers()
        .with_context(|| format!("{name}:1: cannot read the CSV header"))?
        .clone();
    if !headers.iter().any(|h| h == "id") {
        bail!("{name}:1: the CSV header has no `id` column");
    }
    let mut out = Loaded::default();
    for (i, row) in rdr.records().enumerate() {
        let pos = match &row {
            Ok(r) => r.position().cloned(),
            Err(e) => e.position().cloned(),
        };
        let line = pos.map_or(i + 2, |p| line_of(&bytes, p.byte()));
        let parsed = row
            .map_err(|e| e.to_string())
            .and_then(|r| csv_record(&headers, &r));
        push_or_fail(&mut out, parsed, name, line, skip_invalid)?;
    }
    Ok(out)
}

/// 1-based line of the record starting at byte `offset`. The csv crate may
/// report the offset of the preceding `\n` (CRLF files), which is counted
/// as part of the previous line either way.
fn line_of(bytes: &[u8], offset: u64) -> usize {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len().saturating_sub(1));
    1 + bytes[..=end].iter().filter(|b| **b == b'\n').count()
}

fn csv_record(
    headers: &csv::StringRecord,
    row: &csv::StringRecord,
) -> std::result::Result<ScoredRecord, String> {
    let get = |key: &str| {
        headers
            .iter()
            .position(|h| h == key)
            .and_then(|i| row.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let id = get("id").ok_or("missing `id`")?;
    Ok(ScoredRecord {
        id,
        date: get("date"),
        title: get("title"),
        url: get("url"),
        source: get("source"),
        section: get("section"),
        themes: split_list(get("themes").as_deref()),
        scores: json_map(get("scores").as_deref(), "scores")?,
        countries: split_list(get("countries").as_deref()),
        pair: get("pair"),
        mentions: json_map(get("mentions").as_deref(), "mentions")?,
    })
}

/// Splits a `|`-joined list, dropping empty items.
fn split_list(raw: Option<&str>) -> Vec<String> {
    raw.map(|s| {
        s.split('|')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Parses a JSON object string (`scores`, `mentions`); empty → empty map.
fn json_map<V: DeserializeOwned>(
    raw: Option<&str>,
    field: &str,
) -> std::result::Result<BTreeMap<String, V>, String> {
    match raw {
        None | Some("null") => Ok(BTreeMap::new()),
        Some(s) => {
            serde_json::from_str(s).map_err(|e| format!("`{field}` is not a JSON object: {e}"))
        }
    }
}

/// Reads a Parquet file of scored records.
pub fn read_parquet(file: File, name: &str, skip_invalid: bool) -> Result<Loaded> {
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| anyhow!("{name}: cannot read Parquet: {e}"))?;
    let cols = ParquetColumns::new(&df).map_err(|e| anyhow!("{name}: {e}"))?;
    let mut out = Loaded::default();
    for row in 0..df.height() {
        let parsed = cols.record(row);
        push_or_fail(&mut out, parsed, name, row + 1, skip_invalid)?;
    }
    Ok(out)
}

/// Typed accessors over the columns of a scored-records Parquet frame.
struct ParquetColumns<'a> {
    df: &'a DataFrame,
}

impl<'a> ParquetColumns<'a> {
    fn new(df: &'a DataFrame) -> std::result::Result<Self, String> {
        if df.column("id").is_err() {
            return Err("the Parquet file has no `id` column".into());
        }
        Ok(Self { df })
    }

    fn text(&self, key: &str, row: usize) -> std::result::Result<Option<String>, String> {
        let Ok(col) = self.df.column(key) else {
            return Ok(None);
        };
        let value = col.get(row).map_err(|e| e.to_string())?;
        Ok(match value {
            AnyValue::Null => None,
            AnyValue::String(s) => Some(s.to_string()),
            AnyValue::StringOwned(s) => Some(s.to_string()),
            other => Some(other.to_string()),
        }
        .filter(|s| !s.trim().is_empty()))
    }

    fn list(&self, key: &str, row: usize) -> std::result::Result<Vec<String>, String> {
        let Ok(col) = self.df.column(key) else {
            return Ok(Vec::new());
        };
        if !matches!(col.dtype(), DataType::List(_)) {
            return Ok(split_list(self.text(key, row)?.as_deref()));
        }
        let Some(items) = col.list().map_err(|e| e.to_string())?.get_as_series(row) else {
            return Ok(Vec::new());
        };
        let strings = items.str().map_err(|e| format!("`{key}`: {e}"))?;
        Ok(strings.iter().flatten().map(str::to_string).collect())
    }

    fn record(&self, row: usize) -> std::result::Result<ScoredRecord, String> {
        let id = self.text("id", row)?.ok_or("missing `id`")?;
        Ok(ScoredRecord {
            id,
            date: self.text("date", row)?,
            title: self.text("title", row)?,
            url: self.text("url", row)?,
            source: self.text("source", row)?,
            section: self.text("section", row)?,
            themes: self.list("themes", row)?,
            scores: json_map(self.text("scores", row)?.as_deref(), "scores")?,
            countries: self.list("countries", row)?,
            pair: self.text("pair", row)?,
            mentions: json_map(self.text("mentions", row)?.as_deref(), "mentions")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const JSONL: &str = r#"{"id":"a","date":"2022-01-03","themes":["sport"],"scores":{"sport":0.9},"countries":["FR","MA"],"pair":"FR-MA","mentions":{"FR":1,"MA":2}}

{"id":"b","themes":[]}
"#;

    #[test]
    fn jsonl_reads_and_skips_blank_lines() {
        let l = read_jsonl(JSONL.as_bytes(), "x.jsonl", false).expect("valid jsonl");
        assert_eq!(l.records.len(), 2);
        assert_eq!(l.records[0].mentions.get("MA"), Some(&2));
        assert_eq!(l.records[1].date, None);
    }

    #[test]
    fn jsonl_error_names_file_and_line() {
        let bad = "{\"id\":\"a\",\"themes\":[]}\n{oops\n";
        let err = read_jsonl(bad.as_bytes(), "in.jsonl", false).expect_err("must fail");
        assert!(err.to_string().starts_with("in.jsonl:2:"), "{err}");
        let ok = read_jsonl(bad.as_bytes(), "in.jsonl", true).expect("skips");
        assert_eq!(ok.records.len(), 1);
        assert_eq!(ok.skipped[0].line, 2);
    }

    #[test]
    fn csv_lists_and_json_maps() {
        let data = "id,date,themes,countries,pair,scores\n\
                    a,2022-01-03,sport|diplomatie,FR|MA,FR-MA,\"{\"\"sport\"\":0.5}\"\n\
                    b,,,,,\n\
                    c,2022-01-04,sport,,,notjson\n";
        let err = read_csv(data.as_bytes(), "s.csv", false).expect_err("bad scores");
        assert!(err.to_string().starts_with("s.csv:4:"), "{err}");
        let l = read_csv(data.as_bytes(), "s.csv", true).expect("skips");
        assert_eq!(l.records.len(), 2);
        assert_eq!(l.records[0].themes, vec!["sport", "diplomatie"]);
        assert_eq!(l.records[0].countries, vec!["FR", "MA"]);
        assert_eq!(l.records[0].scores.get("sport"), Some(&0.5));
        assert!(l.records[1].themes.is_empty());
        assert_eq!(l.skipped.len(), 1);
    }

    #[test]
    fn parquet_round_trip_with_list_columns() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.parquet");
        let themes = Series::new(
            "themes".into(),
            [
                Series::new("".into(), ["sport", "justice"]),
                Series::new("".into(), ["culture"]),
            ],
        );
        let mut df = DataFrame::new(
            2,
            vec![
                Column::new("id".into(), ["a", "b"]),
                Column::new("date".into(), [Some("2022-05-01T10:00:00+02:00"), None]),
                themes.into(),
                Column::new("scores".into(), [Some("{\"sport\":0.7}"), None]),
            ],
        )
        .expect("frame");
        let mut f = File::create(&path).expect("create");
        ParquetWriter::new(&mut f).finish(&mut df).expect("write");
        f.flush().expect("flush");
        let l = load_scored(&path, false).expect("read back");
        assert_eq!(l.records[0].themes, vec!["sport", "justice"]);
        assert_eq!(l.records[0].scores.get("sport"), Some(&0.7));
        assert_eq!(l.records[1].date, None);
        assert_eq!(l.records[1].themes, vec!["culture"]);
    }

    #[test]
    fn csv_line_numbers_with_crlf_and_quoted_newlines() {
        for data in [
            "id,themes,scores\r\na,x,{}\r\nb,x,{bad\r\n",
            "id,themes,scores\na,x,{}\nb,x,{bad\n",
            "id,themes,scores\n\"a\nb\",x,{}\nc,x,{bad\n",
        ] {
            let bad_line = if data.contains("\"a") { 4 } else { 3 };
            let err = read_csv(data.as_bytes(), "t.csv", false).expect_err("bad scores");
            assert!(
                err.to_string().starts_with(&format!("t.csv:{bad_line}:")),
                "{err}"
            );
        }
    }

    #[test]
    fn unknown_extension_is_an_error() {
        let err = load_scored(Path::new("x.txt"), false).expect_err("unknown");
        assert!(err.to_string().contains("unknown input format"));
    }
}
