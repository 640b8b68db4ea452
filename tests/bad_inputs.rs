//! Robustness: the real binary over a directory of bad and awkward inputs. None may panic;
//! bad records stop the run with file and line (exit 1) unless `--skip-invalid` is given, in
//! which case every good record is still scored (exit 0).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_veille"))
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

fn model() -> &'static Path {
    static M: OnceLock<PathBuf> = OnceLock::new();
    M.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("veille-bad-{}.model", std::process::id()));
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bbc-small.jsonl");
        let o = bin()
            .args(["train", "--folds", "2", "--out"])
            .arg(&out)
            .arg("--data")
            .arg(fixture)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    })
}

fn score(file: &str, skip: bool) -> Output {
    let mut c = bin();
    c.args(["score", "--model"])
        .arg(model())
        .arg(dir().join(file));
    if skip {
        c.arg("--skip-invalid");
    }
    let o = c.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{file}: {err}");
    o
}

fn n_lines(o: &Output) -> usize {
    String::from_utf8_lossy(&o.stdout).lines().count()
}

/// (file, where the bad record is, reason in the message, good records around it)
const BAD: &[(&str, &str, &str, usize)] = &[
    ("malformed.jsonl", "line 2", "is not valid JSON", 2),
    (
        "wrong-type.jsonl",
        "line 2, field `text`",
        "expected a string, found a number",
        1,
    ),
    (
        "missing-text.jsonl",
        "line 2, field `text`",
        "is missing",
        1,
    ),
    ("empty-text.jsonl", "line 2, field `text`", "is empty", 1),
    ("not-object.jsonl", "line 2", "not an object", 1),
    ("invalid-utf8.jsonl", "line 2", "not valid UTF-8", 1),
    ("nul-byte.jsonl", "line 2", "is not valid JSON", 1),
    (
        "csv-bad-row.csv",
        "line 4",
        "has 4 fields where the header has 2",
        1,
    ),
];

#[test]
fn each_bad_input_stops_with_file_line_and_reason() {
    for (file, pos, reason, _) in BAD {
        let o = score(file, false);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("{file}, {pos}")), "{file}: {err}");
        assert!(err.contains(reason), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
}

#[test]
fn skip_invalid_scores_every_good_record() {
    for (file, _, _, good) in BAD {
        let o = score(file, true);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(n_lines(&o), *good, "{file}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("skipped 1 invalid record"), "{file}: {err}");
    }
}

#[test]
fn awkward_but_valid_inputs_are_scored() {
    for (file, n) in [
        ("bom-crlf.jsonl", 2),
        ("empty.jsonl", 0),
        ("blank-lines.jsonl", 1),
        ("duplicate-ids.jsonl", 2),
        ("escaped-nul.jsonl", 1),
        ("csv-quoted-newline.csv", 1),
    ] {
        let o = score(file, false);
        assert!(
            o.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(n_lines(&o), n, "{file}");
    }
}

#[test]
fn parallel_output_keeps_input_order_over_several_chunks() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("many.jsonl");
    let lines: Vec<String> = (0..9000)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"text\": \"Article {i} sur la sécurité et le football\"}}"
            )
        })
        .collect();
    std::fs::write(&p, lines.join("\n")).unwrap();
    let o = bin()
        .args(["score", "--model"])
        .arg(model())
        .arg(&p)
        .output()
        .unwrap();
    assert!(o.status.success());
    let ids: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expect: Vec<String> = (0..9000).map(|i| format!("r{i}")).collect();
    assert_eq!(ids, expect);
}

#[test]
fn closing_stdout_early_exits_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("many.jsonl");
    let line = "{\"text\": \"La police renforce la sécurité à Rabat.\"}\n";
    std::fs::write(&p, line.repeat(20_000)).unwrap();
    let mut child = bin()
        .args(["score", "--model"])
        .arg(model())
        .arg(&p)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn training_edge_cases_work_or_say_why() {
    let tmp = tempfile::tempdir().unwrap();
    let one_label = tmp.path().join("one.jsonl");
    std::fs::write(&one_label, "{\"text\": \"a b c\", \"themes\": [\"sport\"]}\n{\"text\": \"le match\", \"themes\": \"sport\"}\n").unwrap();
    let o = bin()
        .args(["train", "--out"])
        .arg(tmp.path().join("m"))
        .arg("--data")
        .arg(&one_label)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bad_labels = tmp.path().join("bad.jsonl");
    std::fs::write(&bad_labels, "{\"text\": \"le match\", \"themes\": 3}\n").unwrap();
    let o = bin()
        .args(["train", "--out"])
        .arg(tmp.path().join("m2"))
        .arg("--data")
        .arg(&bad_labels)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "line 1, field `themes`: expected a label or an array of labels, found a number"
        ),
        "{err}"
    );
    assert!(
        !tmp.path().join("m2").exists(),
        "no model written on failure"
    );
}

#[test]
fn csv_without_header_and_parquet_with_the_wrong_schema_name_the_missing_field() {
    let tmp = tempfile::tempdir().unwrap();
    let no_header = tmp.path().join("no-header.csv");
    std::fs::write(
        &no_header,
        "1,La police renforce la sécurité\n2,Le match de football\n",
    )
    .unwrap();
    let o = bin()
        .args(["score", "--model"])
        .arg(model())
        .arg(&no_header)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no-header.csv, line 2, field `text`: is missing"),
        "{err}"
    );

    // A scored Parquet file has no `text` column: scoring it again must say so, per row.
    let scored = tmp.path().join("scored.parquet");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good.jsonl");
    let o = bin()
        .args(["score", "--keep", "", "--model"])
        .arg(model())
        .arg(&good)
        .arg("--out")
        .arg(&scored)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin()
        .args(["score", "--model"])
        .arg(model())
        .arg(&scored)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("scored.parquet, row 1, field `text`: is missing"),
        "{err}"
    );
}

/// Every file of tests/bad through every command that reads articles or scored records: none
/// may panic; each either succeeds (exit 0) or stops with exit 1 and one sentence.
#[test]
fn every_command_over_every_bad_input_never_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // A directory and a file that opens but cannot be read (Linux: reading /proc/self/mem at
    // offset 0 fails with EIO) are inputs too.
    files.push(dir());
    if Path::new("/proc/self/mem").exists() {
        files.push(PathBuf::from("/proc/self/mem"));
    }
    for f in &files {
        let runs: Vec<Vec<std::ffi::OsString>> = vec![
            vec!["score".into(), "--model".into(), model().into(), f.into()],
            vec![
                "eval".into(),
                "--model".into(),
                model().into(),
                "--data".into(),
                f.into(),
            ],
            vec![
                "train".into(),
                "--data".into(),
                f.into(),
                "--out".into(),
                tmp.path().join("m.model").into(),
            ],
            vec![
                "report".into(),
                "--input".into(),
                f.into(),
                "--out".into(),
                tmp.path().join("report").into(),
            ],
        ];
        for args in runs {
            let o = bin().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            let what = format!("{args:?}");
            assert!(!err.contains("panicked"), "{what}: {err}");
            match o.status.code() {
                Some(0) => {}
                Some(1) => {
                    let last = err.lines().last().unwrap_or("");
                    assert!(last.starts_with("veille: error: "), "{what}: {err}");
                }
                other => panic!("{what}: exit {other:?}: {err}"),
            }
        }
    }
}

#[test]
fn unreadable_input_is_one_sentence() {
    if !Path::new("/proc/self/mem").exists() {
        return;
    }
    let o = bin()
        .args(["score", "--model"])
        .arg(model())
        .arg("/proc/self/mem")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/proc/self/mem") && err.contains("cannot be read"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn report_counts_records_with_unusable_dates_and_keeps_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("scored.jsonl");
    let rec = |id: &str, date: serde_json::Value| {
        serde_json::json!({"id": id, "date": date, "themes": ["securite"], "countries": ["FR", "MA"], "pair": "FR-MA"})
            .to_string()
    };
    let lines = [
        rec("a", "2022-03-01".into()),
        rec("b", "2022-03-15T10:00:00+01:00".into()),
        rec("c", "2022-13-45".into()),
        rec("d", "hier".into()),
        rec("e", "".into()),
        rec("f", serde_json::Value::Null),
        rec("g", "01/03/2022".into()),
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out = tmp.path().join("r");
    let o = bin()
        .args(["report", "--input"])
        .arg(&input)
        .args(["--pair", "FR-MA", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The five undated records are counted and named, never silently dropped.
    assert!(err.contains('5') && err.contains("c, d, e, f, g"), "{err}");
    let csv = std::fs::read_to_string(out.join("coverage.csv")).unwrap();
    let total: u32 = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(3)?.parse::<u32>().ok())
        .sum();
    assert_eq!(total, 2, "{csv}");
}

/// A 10 MB article and a 50 MB line (one JSON record) are scored, not refused or crashed on.
#[test]
fn huge_article_and_huge_line_are_scored() {
    let tmp = tempfile::tempdir().unwrap();
    let sentence = "Le ministre de l’Intérieur a rencontré son homologue marocain à Rabat pour parler de sécurité et de migrations. ";
    for (name, bytes) in [("10mb.jsonl", 10usize << 20), ("50mb.jsonl", 50 << 20)] {
        let text = sentence.repeat(bytes / sentence.len() + 1);
        let path = tmp.path().join(name);
        let rec = serde_json::json!({"id": name, "text": text}).to_string();
        std::fs::write(&path, format!("{{\"text\": \"court\"}}\n{rec}\n")).unwrap();
        let o = bin()
            .args(["score", "--model"])
            .arg(model())
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.success() && !err.contains("panicked"),
            "{name}: {err}"
        );
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(out.lines().count(), 2, "{name}");
        let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        assert_eq!(last["id"], name);
        assert!(
            last["countries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "MA"),
            "{name}: {last}"
        );
    }
}

/// Model files are memory-mapped when possible and read otherwise: paths that cannot be mapped
/// (a directory, an empty file, /proc/self/mem) still give one sentence naming the file.
#[test]
fn unmappable_model_paths_are_one_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.model");
    std::fs::write(&empty, b"").unwrap();
    let mut cases = vec![
        (dir(), "cannot read model file"),
        (empty, "is not a veille model file"),
    ];
    if Path::new("/proc/self/mem").exists() {
        cases.push((PathBuf::from("/proc/self/mem"), "cannot read model file"));
    }
    for (path, says) in cases {
        let o = bin()
            .args(["score", "--model"])
            .arg(&path)
            .arg(dir().join("blank-lines.jsonl"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", path.display());
        assert_eq!(err.lines().count(), 1, "{}: {err}", path.display());
        assert!(err.contains(says), "{}: {err}", path.display());
        assert!(
            err.contains(&*path.file_name().unwrap().to_string_lossy()),
            "{err}"
        );
    }
}
