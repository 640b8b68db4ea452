//! Parquet input through polars: each row becomes a JSON object (strings, numbers, booleans,
//! lists; dates as YYYY-MM-DD text), so field checks are the same as for JSONL.

use super::{Position, RawRecord, RecordError, Records};
use polars::prelude::*;
use serde_json::{Map, Value};
use std::fs::File;
use std::path::Path;

/// Reads every row of a Parquet file. The file is decoded whole (Parquet is columnar); a
/// file that cannot be decoded is one error about the whole input.
pub fn read_parquet(path: &Path) -> Records {
    let name = path.display().to_string();
    match load(path, &name) {
        Ok(df) => Box::new(rows(df, name)),
        Err(e) => Box::new(std::iter::once(Err(e))),
    }
}

fn load(path: &Path, name: &str) -> Result<DataFrame, RecordError> {
    if path.is_dir() {
        return Err(RecordError::input(
            name,
            "unreadable input",
            "is a directory, not a file",
        ));
    }
    let file = File::open(path).map_err(|e| {
        RecordError::input(name, "unreadable input", format!("cannot be opened: {e}"))
    })?;
    ParquetReader::new(file).finish().map_err(|e| {
        RecordError::input(
            name,
            "unreadable input",
            format!("is not a readable Parquet file ({e})"),
        )
    })
}

fn rows(
    df: DataFrame,
    name: String,
) -> impl Iterator<Item = Result<RawRecord, RecordError>> + Send {
    let height = df.height();
    (0..height).map(move |i| {
        let mut fields = Map::new();
        for col in df.columns() {
            let v = col.get(i).map(|v| to_json(&v)).unwrap_or(Value::Null);
            fields.insert(col.name().to_string(), v);
        }
        Ok(RawRecord {
            source: name.clone(),
            position: Position::Row(i + 1),
            fields,
            raw: None,
        })
    })
}

fn to_json(v: &AnyValue<'_>) -> Value {
    match v {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(*b),
        AnyValue::String(s) => Value::String((*s).to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        AnyValue::UInt8(x) => Value::from(*x),
        AnyValue::UInt16(x) => Value::from(*x),
        AnyValue::UInt32(x) => Value::from(*x),
        AnyValue::UInt64(x) => Value::from(*x),
        AnyValue::Int8(x) => Value::from(*x),
        AnyValue::Int16(x) => Value::from(*x),
        AnyValue::Int32(x) => Value::from(*x),
        AnyValue::Int64(x) => Value::from(*x),
        AnyValue::Float32(x) => Value::from(f64::from(*x)),
        AnyValue::Float64(x) => Value::from(*x),
        AnyValue::List(s) => Value::Array(
            (0..s.len())
                .map(|i| s.get(i).map(|v| to_json(&v)).unwrap_or(Value::Null))
                .collect(),
        ),
        other => Value::String(other.to_string().trim_matches('"').to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parquet_rows_become_records_with_lists() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.parquet");
        let themes = Series::new(
            "themes".into(),
            [
                Series::new("".into(), ["sport", "culture"]),
                Series::new("".into(), ["sante"]),
            ],
        );
        let mut df = DataFrame::new(
            2,
            vec![
                Column::new("id".into(), ["a", "b"]),
                Column::new("text".into(), ["Le match", "Le vaccin"]),
                Column::new("n".into(), [1i64, 2]),
                themes.into(),
            ],
        )
        .unwrap();
        ParquetWriter::new(File::create(&p).unwrap())
            .finish(&mut df)
            .unwrap();
        let recs: Vec<RawRecord> = read_parquet(&p).map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].position, Position::Row(2));
        assert_eq!(recs[0].fields["text"], "Le match");
        assert_eq!(recs[1].fields["n"], 2);
        assert_eq!(
            recs[0].labels("themes", false).unwrap(),
            ["sport", "culture"]
        );
    }

    #[test]
    fn a_file_that_is_not_parquet_is_one_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.parquet");
        std::fs::write(&p, b"{\"text\": \"not parquet\"}\n").unwrap();
        let e = read_parquet(&p).next().unwrap().unwrap_err();
        assert!(e.is_fatal());
        assert!(
            e.to_string().contains("is not a readable Parquet file"),
            "{e}"
        );
    }
}
