//! CSV with a header row. Quoted fields may span lines; every value is read as a string
//! (labels separated by `|` or `;`). A record with the wrong number of fields is one bad record.

use super::{Position, RawRecord, RecordError, Records};
use serde_json::{Map, Value};
use std::io::BufRead;

/// Reads CSV records from `reader`; the first row must be the header.
pub fn read_csv(reader: Box<dyn BufRead + Send>, source: String) -> Records {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = String::from_utf8_lossy(f);
                let s = if i == 0 {
                    s.trim_start_matches('\u{feff}')
                } else {
                    &s
                };
                s.trim().to_string()
            })
            .collect(),
        Err(e) => {
            let e = RecordError::input(
                &source,
                "unreadable input",
                format!("has no readable CSV header: {e}"),
            );
            return Box::new(std::iter::once(Err(e)));
        }
    };
    if headers.iter().all(String::is_empty) {
        let e = RecordError::input(
            &source,
            "unreadable input",
            "is empty or has no CSV header row",
        );
        return Box::new(std::iter::once(Err(e)));
    }
    let mut record = csv::ByteRecord::new();
    Box::new(std::iter::from_fn(move || loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => return None,
            Ok(true) => {
                let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
                if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                return Some(to_record(&record, &headers, &source, line));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                let (kind, message) = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => (
                        "wrong number of CSV fields",
                        format!("has {len} fields where the header has {expected_len}"),
                    ),
                    csv::ErrorKind::Io(io) => {
                        let m = format!("cannot be read: {io}");
                        return Some(Err(RecordError::input(&source, "unreadable input", m)));
                    }
                    _ => ("malformed CSV", format!("is not valid CSV ({e})")),
                };
                return Some(Err(RecordError {
                    source: source.clone(),
                    position: Some(Position::Line(line)),
                    field: None,
                    message,
                    kind,
                }));
            }
        }
    }))
}

fn to_record(
    record: &csv::ByteRecord,
    headers: &[String],
    source: &str,
    line: usize,
) -> Result<RawRecord, RecordError> {
    let mut fields = Map::new();
    for (h, v) in headers.iter().zip(record.iter()) {
        let s = std::str::from_utf8(v).map_err(|_| RecordError {
            source: source.to_string(),
            position: Some(Position::Line(line)),
            field: Some(h.clone()),
            message: "is not valid UTF-8".into(),
            kind: "invalid UTF-8",
        })?;
        if !h.is_empty() {
            fields.insert(h.clone(), Value::String(s.to_string()));
        }
    }
    let raw = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect::<Vec<_>>()
        .join(",");
    Ok(RawRecord {
        source: source.to_string(),
        position: Position::Line(line),
        fields,
        raw: Some(raw),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &'static str) -> Vec<Result<RawRecord, RecordError>> {
        read_csv(Box::new(s.as_bytes()), "in.csv".into()).collect()
    }

    #[test]
    fn quoted_newlines_and_line_numbers() {
        let out = read("id,text,themes\n1,\"deux\nlignes\",sport|culture\n2,b,x\n");
        assert_eq!(out.len(), 2);
        let r0 = out[0].as_ref().unwrap();
        assert_eq!(r0.fields["text"], "deux\nlignes");
        assert_eq!(r0.position, Position::Line(2));
        assert_eq!(out[1].as_ref().unwrap().position, Position::Line(4));
    }

    #[test]
    fn wrong_field_count_is_one_bad_record() {
        let out = read("id,text\n1,a\n2,b,extra\n3,c\n");
        assert!(out[0].is_ok());
        assert_eq!(
            out[1].as_ref().unwrap_err().kind,
            "wrong number of CSV fields"
        );
        assert!(out[2].is_ok());
    }

    #[test]
    fn empty_file_is_reported() {
        let out = read("");
        assert!(out[0].as_ref().unwrap_err().is_fatal());
    }
}
