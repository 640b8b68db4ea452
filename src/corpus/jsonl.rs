//! JSON Lines: one object per line; blank lines are ignored; a UTF-8 BOM and CRLF line ends
//! are accepted. A line that is not valid UTF-8 or not a JSON object is one bad record.

use super::{Position, RawRecord, RecordError};
use serde_json::Value;
use std::io::BufRead;

/// One non-blank line of a JSONL stream, not yet parsed: parsing is left to the caller so
/// that it can run on worker threads (see [`super::read_deferred`]).
#[derive(Debug)]
pub struct JsonlLine {
    /// 1-based line number.
    pub line: usize,
    /// The line without its end (`\n`, `\r\n`), trailing blanks and, on line 1, the BOM.
    pub bytes: Vec<u8>,
}

/// Iterator over the non-blank lines of a JSONL stream; a read error ends it with one
/// whole-input error.
pub struct JsonlLines<R> {
    reader: R,
    source: String,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlLines<R> {
    /// Reads `reader`, naming it `source` in messages.
    pub fn new(reader: R, source: String) -> Self {
        JsonlLines {
            reader,
            source,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The name used in messages.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl<R: BufRead> Iterator for JsonlLines<R> {
    type Item = Result<JsonlLine, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let mut bytes: &[u8] = &self.buf;
                    if self.line == 1 {
                        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    }
                    while let Some((last, rest)) = bytes.split_last() {
                        if matches!(last, b'\n' | b'\r' | b' ' | b'\t') {
                            bytes = rest;
                        } else {
                            break;
                        }
                    }
                    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    return Some(Ok(JsonlLine {
                        line: self.line,
                        bytes: bytes.to_vec(),
                    }));
                }
                Err(e) => {
                    self.done = true;
                    let msg = format!("cannot be read after line {}: {e}", self.line);
                    return Some(Err(RecordError::input(
                        &self.source,
                        "unreadable input",
                        msg,
                    )));
                }
            }
        }
        None
    }
}

/// Parses one JSONL line of `source`: a JSON object, or one bad record saying why not.
pub fn parse_line(source: &str, line: JsonlLine) -> Result<RawRecord, RecordError> {
    let bad = |kind: &'static str, message: String| RecordError {
        source: source.to_string(),
        position: Some(Position::Line(line.line)),
        field: None,
        message,
        kind,
    };
    let text = match String::from_utf8(line.bytes) {
        Ok(t) => t,
        Err(e) => {
            let col = e.utf8_error().valid_up_to() + 1;
            return Err(bad(
                "invalid UTF-8",
                format!("is not valid UTF-8 (bad byte at column {col})"),
            ));
        }
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(fields)) => Ok(RawRecord {
            source: source.to_string(),
            position: Position::Line(line.line),
            fields,
            raw: Some(text),
        }),
        Ok(_) => Err(bad(
            "not an object",
            "is JSON but not an object ({...})".into(),
        )),
        Err(e) => Err(bad("malformed JSON", format!("is not valid JSON ({e})"))),
    }
}

/// Iterator over the records of a JSONL stream (lines parsed as they are read).
pub struct JsonlRecords<R> {
    lines: JsonlLines<R>,
}

impl<R: BufRead> JsonlRecords<R> {
    /// Reads `reader`, naming it `source` in messages.
    pub fn new(reader: R, source: String) -> Self {
        JsonlRecords {
            lines: JsonlLines::new(reader, source),
        }
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let line = self.lines.next()?;
        Some(line.and_then(|l| parse_line(self.lines.source(), l)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &[u8]) -> Vec<Result<RawRecord, RecordError>> {
        JsonlRecords::new(s, "in.jsonl".to_string()).collect()
    }

    #[test]
    fn good_and_bad_lines_keep_their_numbers() {
        let out = read(b"\xEF\xBB\xBF{\"text\":\"a\"}\r\n\n{oops\n[1]\n{\"text\":\"b\"}\n");
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().unwrap().position, Position::Line(1));
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.position, Some(Position::Line(3)));
        assert_eq!(e.kind, "malformed JSON");
        assert_eq!(out[2].as_ref().unwrap_err().kind, "not an object");
        assert_eq!(out[3].as_ref().unwrap().position, Position::Line(5));
    }

    #[test]
    fn invalid_utf8_is_one_bad_record() {
        let out = read(b"{\"text\":\"\xff\"}\n{\"text\":\"ok\"}");
        assert_eq!(out[0].as_ref().unwrap_err().kind, "invalid UTF-8");
        assert!(out[1].is_ok());
    }

    #[test]
    fn empty_input_has_no_records() {
        assert!(read(b"").is_empty());
        assert!(read(b"\n\r\n  \n").is_empty());
    }
}
