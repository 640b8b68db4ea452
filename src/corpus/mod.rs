//! Reading articles: JSONL, CSV, Parquet or plain text, from files or standard input.
//!
//! Every reader yields [`RawRecord`]s: a JSON object plus where it came from (file and line,
//! or row for Parquet). Field extraction ([`RawRecord::text_of`], [`RawRecord::labels`], …)
//! then checks types, so that one bad record gives one sentence naming file, line and field,
//! whatever the input format.

pub mod csv_reader;
pub mod jsonl;
mod parquet;

use serde_json::{Map, Value};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use parquet::read_parquet;

/// The input formats veille reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line (`.jsonl`, `.json`, `.ndjson`, and standard input).
    Jsonl,
    /// Comma-separated values with a header row (`.csv`).
    Csv,
    /// Apache Parquet (`.parquet`).
    Parquet,
    /// The whole file is one article's text (`--plain`).
    Plain,
}

impl Format {
    /// The format named by a path's extension; JSONL when the extension is unknown.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Format::Csv,
            Some("parquet") | Some("pq") => Format::Parquet,
            _ => Format::Jsonl,
        }
    }
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A 1-based line of a text file (JSONL, CSV).
    Line(usize),
    /// A 1-based row of a Parquet file.
    Row(usize),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Row(n) => write!(f, "row {n}"),
        }
    }
}

impl Position {
    /// The 1-based number.
    pub fn number(&self) -> usize {
        match self {
            Position::Line(n) | Position::Row(n) => *n,
        }
    }
}

/// One bad record (or an unreadable input), described for a person.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordError {
    /// The file, or `<stdin>`.
    pub source: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// A short category for skip summaries ("malformed JSON", "missing text", …).
    pub kind: &'static str,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(p) = &self.position {
            write!(f, ", {p}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RecordError {}

impl RecordError {
    /// An error about the whole input (no position).
    pub fn input(source: &str, kind: &'static str, message: impl Into<String>) -> RecordError {
        RecordError {
            source: source.to_string(),
            position: None,
            field: None,
            message: message.into(),
            kind,
        }
    }

    /// Whether the whole input is unusable (as opposed to one record in it).
    pub fn is_fatal(&self) -> bool {
        self.position.is_none()
    }
}

/// One input record: a JSON object with its origin.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The file, or `<stdin>`.
    pub source: String,
    /// Line or row.
    pub position: Position,
    /// The record's fields.
    pub fields: Map<String, Value>,
    /// The raw line, for `--rejects` (JSONL and CSV only).
    pub raw: Option<String>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl RawRecord {
    /// An error about `field` of this record.
    pub fn error(
        &self,
        field: &str,
        kind: &'static str,
        message: impl Into<String>,
    ) -> RecordError {
        RecordError {
            source: self.source.clone(),
            position: Some(self.position.clone()),
            field: Some(field.to_string()),
            message: message.into(),
            kind,
        }
    }

    /// A string field: `Ok(None)` when absent or null, an error when of another type.
    pub fn opt_str(&self, field: &str) -> Result<Option<&str>, RecordError> {
        match self.fields.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.error(
                field,
                "wrong field type",
                format!("expected a string, found {}", type_name(v)),
            )),
        }
    }

    /// The record's id: the input's `id` (string or number) or else its line/row number.
    pub fn id(&self) -> Value {
        match self.fields.get("id") {
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(Value::Number(n)) => Value::Number(n.clone()),
            _ => Value::from(self.position.number()),
        }
    }

    /// Title and body from `text_fields`: a field named `title` is the title, the others are
    /// joined (blank line between) as the body. Fails when a field has the wrong type or when
    /// none of them holds any text.
    pub fn text_of(&self, text_fields: &[String]) -> Result<(String, String), RecordError> {
        let mut title = String::new();
        let mut body = String::new();
        for f in text_fields {
            let Some(s) = self.opt_str(f)? else { continue };
            if f == "title" {
                title = s.to_string();
            } else {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                body.push_str(s);
            }
        }
        if title.trim().is_empty() && body.trim().is_empty() {
            let field = text_fields
                .iter()
                .find(|f| *f != "title")
                .or(text_fields.first());
            let name = field.map(String::as_str).unwrap_or("text");
            let what = if self.fields.contains_key(name) {
                "is empty"
            } else {
                "is missing"
            };
            return Err(self.error(
                name,
                "missing text",
                format!("{what}, so there is no text to read"),
            ));
        }
        Ok((title, body))
    }

    /// A label field: a string, an array of strings, or (CSV) a string with labels separated
    /// by `|` or `;`. Empty and duplicate labels are dropped; order is kept.
    pub fn labels(&self, field: &str, split: bool) -> Result<Vec<String>, RecordError> {
        let raw: Vec<String> = match self.fields.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) if split => s.split(['|', ';']).map(str::to_string).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    match it {
                        Value::String(s) => out.push(s.clone()),
                        other => {
                            return Err(self.error(
                                field,
                                "wrong field type",
                                format!(
                                    "expected strings in the label array, found {}",
                                    type_name(other)
                                ),
                            ))
                        }
                    }
                }
                out
            }
            Some(v) => {
                return Err(self.error(
                    field,
                    "wrong field type",
                    format!(
                        "expected a label or an array of labels, found {}",
                        type_name(v)
                    ),
                ))
            }
        };
        let mut out: Vec<String> = Vec::with_capacity(raw.len());
        for l in raw {
            let l = l.trim().to_string();
            if !l.is_empty() && !out.contains(&l) {
                out.push(l);
            }
        }
        Ok(out)
    }
}

/// An input: a file path, or standard input.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input (JSONL, or plain text with `--plain`).
    Stdin,
}

impl Input {
    /// `-` means standard input.
    pub fn from_arg(arg: &Path) -> Input {
        if arg.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(arg.to_path_buf())
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }

    fn open(&self) -> Result<Box<dyn BufRead + Send>, RecordError> {
        match self {
            Input::Stdin => Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin()))),
            Input::File(p) => {
                if p.is_dir() {
                    return Err(RecordError::input(
                        &self.name(),
                        "unreadable input",
                        "is a directory, not a file",
                    ));
                }
                let f = File::open(p).map_err(|e| {
                    RecordError::input(
                        &self.name(),
                        "unreadable input",
                        format!("cannot be opened: {e}"),
                    )
                })?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
            }
        }
    }
}

/// The records of one input, in order.
pub type Records = Box<dyn Iterator<Item = Result<RawRecord, RecordError>> + Send>;

/// Opens `input` in `format` and returns its records. Errors about the whole input (cannot
/// open, a directory, a Parquet file that cannot be decoded) come as the first item, with no
/// position.
pub fn read(input: &Input, format: Format) -> Records {
    let name = input.name();
    let reader = match (format, input) {
        (Format::Parquet, Input::File(p)) => return read_parquet(p),
        (Format::Parquet, Input::Stdin) => {
            let e = RecordError::input(
                &name,
                "unreadable input",
                "Parquet cannot be read from standard input; pass a file",
            );
            return Box::new(std::iter::once(Err(e)));
        }
        _ => input.open(),
    };
    let reader = match reader {
        Ok(r) => r,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    match format {
        Format::Jsonl => Box::new(jsonl::JsonlRecords::new(reader, name)),
        Format::Csv => csv_reader::read_csv(reader, name),
        _ => Box::new(std::iter::once(plain_record(reader, name))),
    }
}

/// A record as read, possibly not yet parsed: JSONL lines are parsed by [`Pending::parse`],
/// which callers run on worker threads so that JSON decoding is not a sequential bottleneck.
#[derive(Debug)]
pub enum Pending {
    /// Already decoded (CSV, Parquet, plain text) or an error about the input.
    Ready(Result<RawRecord, RecordError>),
    /// A JSONL line of the named source.
    Line(Arc<str>, jsonl::JsonlLine),
}

impl Pending {
    /// The record, decoding it if needed.
    pub fn parse(self) -> Result<RawRecord, RecordError> {
        match self {
            Pending::Ready(r) => r,
            Pending::Line(source, line) => jsonl::parse_line(&source, line),
        }
    }
}

/// Like [`read`], but JSONL lines come undecoded (see [`Pending`]); the records, once parsed,
/// are exactly those of [`read`], in the same order.
pub fn read_deferred(input: &Input, format: Format) -> Box<dyn Iterator<Item = Pending> + Send> {
    if format != Format::Jsonl {
        return Box::new(read(input, format).map(Pending::Ready));
    }
    let reader = match input.open() {
        Ok(r) => r,
        Err(e) => return Box::new(std::iter::once(Pending::Ready(Err(e)))),
    };
    let source: Arc<str> = input.name().into();
    Box::new(
        jsonl::JsonlLines::new(reader, input.name()).map(move |l| match l {
            Ok(l) => Pending::Line(source.clone(), l),
            Err(e) => Pending::Ready(Err(e)),
        }),
    )
}

/// The whole input as one article: `id` is the file name, `text` its content.
fn plain_record(
    mut reader: Box<dyn BufRead + Send>,
    name: String,
) -> Result<RawRecord, RecordError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| {
        RecordError::input(&name, "unreadable input", format!("cannot be read: {e}"))
    })?;
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let id = Path::new(&name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let mut fields = Map::new();
    fields.insert("id".into(), Value::String(id));
    fields.insert("text".into(), Value::String(text));
    Ok(RawRecord {
        source: name,
        position: Position::Line(1),
        fields,
        raw: None,
    })
}

/// Counts of skipped records by reason, for `--skip-invalid` summaries.
#[derive(Debug, Default, Clone)]
pub struct SkipReport {
    counts: std::collections::BTreeMap<&'static str, usize>,
    first: Option<String>,
}

impl SkipReport {
    /// Records one skipped record.
    pub fn add(&mut self, e: &RecordError) {
        *self.counts.entry(e.kind).or_default() += 1;
        if self.first.is_none() {
            self.first = Some(e.to_string());
        }
    }

    /// Number of skipped records.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// One line for standard error, e.g. "skipped 3 invalid records (2 malformed JSON, 1 missing text); first: …".
    pub fn summary(&self) -> Option<String> {
        if self.total() == 0 {
            return None;
        }
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let s = if self.total() == 1 { "" } else { "s" };
        Some(format!(
            "skipped {} invalid record{s} ({}); first: {}",
            self.total(),
            parts.join(", "),
            self.first.as_deref().unwrap_or("")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(json: &str) -> RawRecord {
        RawRecord {
            source: "t.jsonl".into(),
            position: Position::Line(7),
            fields: serde_json::from_str(json).unwrap(),
            raw: None,
        }
    }

    #[test]
    fn text_fields_split_title_and_body() {
        let r = rec(r#"{"title":"T","text":"B","description":"D"}"#);
        let f = ["title".to_string(), "text".into(), "description".into()];
        assert_eq!(r.text_of(&f).unwrap(), ("T".into(), "B\n\nD".into()));
    }

    #[test]
    fn wrong_type_names_file_line_and_field() {
        let r = rec(r#"{"text": 12}"#);
        let e = r.text_of(&["text".to_string()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.jsonl, line 7, field `text`: expected a string, found a number"
        );
    }

    #[test]
    fn missing_text_is_an_error() {
        let e = rec(r#"{"id": 1}"#)
            .text_of(&["title".into(), "text".into()])
            .unwrap_err();
        assert!(e.to_string().contains("field `text`: is missing"), "{e}");
        let e = rec(r#"{"text": "  "}"#)
            .text_of(&["text".into()])
            .unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
    }

    #[test]
    fn labels_accept_string_array_and_separated() {
        assert_eq!(rec(r#"{"l":"a"}"#).labels("l", false).unwrap(), ["a"]);
        assert_eq!(
            rec(r#"{"l":["a","b","a"," "]}"#)
                .labels("l", false)
                .unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            rec(r#"{"l":"a|b;c"}"#).labels("l", true).unwrap(),
            ["a", "b", "c"]
        );
        assert!(rec(r#"{"l":3}"#).labels("l", false).is_err());
        assert!(rec(r#"{"l":[3]}"#).labels("l", false).is_err());
    }

    #[test]
    fn id_falls_back_to_line_number() {
        assert_eq!(rec(r#"{"id":"x"}"#).id(), Value::from("x"));
        assert_eq!(rec(r#"{"id":5}"#).id(), Value::from(5));
        assert_eq!(rec(r#"{}"#).id(), Value::from(7));
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path(Path::new("a.CSV")), Format::Csv);
        assert_eq!(Format::from_path(Path::new("a.parquet")), Format::Parquet);
        assert_eq!(Format::from_path(Path::new("a.jsonl")), Format::Jsonl);
        assert_eq!(Format::from_path(Path::new("a")), Format::Jsonl);
    }
}
