//! Integration tests: run the real `veille` binary on fixture files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_veille"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/marrakech-maroc-france-securite.txt")
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("veille runs");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "panic: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One model trained once for all tests, on the small BBC Afrique fixture.
fn model() -> &'static Path {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("veille-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("themes.model");
        let o = run(bin()
            .args(["train", "--out"])
            .arg(&path)
            .arg("--data")
            .arg(fixture("bbc-small.jsonl"))
            .args(["--folds", "3"]));
        assert!(o.status.success(), "train failed: {}", stderr(&o));
        path
    })
}

fn score_stdin(input: &str, extra: &[&str]) -> Output {
    score_stdin_with(model(), input, extra)
}

fn score_stdin_with(model: &Path, input: &str, extra: &[&str]) -> Output {
    let mut child = bin()
        .args(["score", "--model"])
        .arg(model)
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn score_reads_stdin_and_writes_one_object_per_article() {
    let o = score_stdin(
        "{\"text\": \"Le match de football a vu la victoire de l'équipe nationale.\", \"id\": \"x\", \"date\": \"2022-12-14\"}\n{\"text\": \"Le vaccin contre le paludisme est distribué dans les hôpitaux.\"}\n",
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = lines(&o);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], "x");
    assert_eq!(recs[0]["date"], "2022-12-14");
    assert_eq!(recs[1]["id"], 2, "id falls back to the line number");
    assert_eq!(recs[0]["themes"][0], "sport");
    assert_eq!(recs[1]["themes"][0], "sante");
    let scores = recs[0]["scores"].as_object().unwrap();
    assert!(scores
        .values()
        .all(|v| (0.0..=1.0).contains(&v.as_f64().unwrap())));
}

#[test]
fn malformed_line_stops_with_file_and_line() {
    let o = run(bin()
        .args(["score", "--model"])
        .arg(model())
        .arg(fixture("mixed-bad.jsonl")));
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("mixed-bad.jsonl, line 2"), "{err}");
    assert!(err.contains("--skip-invalid"), "{err}");
}

#[test]
fn skip_invalid_keeps_good_records_identical() {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.jsonl");
    let mixed = run(bin()
        .args(["score", "--skip-invalid", "--keep", "", "--model"])
        .arg(model())
        .arg(fixture("mixed-bad.jsonl"))
        .arg("--rejects")
        .arg(&rejects));
    assert!(mixed.status.success(), "{}", stderr(&mixed));
    assert!(
        stderr(&mixed).contains("skipped 3 invalid records"),
        "{}",
        stderr(&mixed)
    );
    let good = run(bin()
        .args(["score", "--keep", "", "--model"])
        .arg(model())
        .arg(fixture("good.jsonl")));
    let strip = |v: Vec<serde_json::Value>| -> Vec<serde_json::Value> {
        v.into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("id");
                r
            })
            .collect()
    };
    assert_eq!(strip(lines(&mixed)), strip(lines(&good)));
    let rej = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(rej.lines().count(), 3);
}

#[test]
fn seed_article_is_about_security() {
    let o = run(bin()
        .args(["score", "--plain", "--model"])
        .arg(model())
        .arg(seed()));
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = lines(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], "marrakech-maroc-france-securite.txt");
}

#[test]
fn eval_prints_json_figures() {
    let o = run(bin()
        .args(["eval", "--json", "--model"])
        .arg(model())
        .arg("--data")
        .arg(fixture("bbc-small.jsonl")));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let micro = v["themes"]["micro_f1"].as_f64().unwrap();
    assert!(micro > 0.5 && micro <= 1.0, "training-set micro-F1 {micro}");
    assert_eq!(v["themes"]["n"], 120);
}

#[test]
fn csv_and_parquet_outputs_round_trip_through_score() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["csv", "parquet"] {
        let out = dir.path().join(format!("scored.{ext}"));
        let o = run(bin()
            .args(["score", "--model"])
            .arg(model())
            .arg(fixture("good.jsonl"))
            .arg("--out")
            .arg(&out));
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        assert!(std::fs::metadata(&out).unwrap().len() > 0);
    }
    let csv = std::fs::read_to_string(dir.path().join("scored.csv")).unwrap();
    assert!(
        csv.starts_with("id,date,title,url,source,section,themes,scores"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn corrupt_and_foreign_models_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(model()).unwrap();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "truncated.model",
            bytes[..bytes.len() / 2].to_vec(),
            "is truncated",
        ),
        (
            "foreign.model",
            b"PK\x03\x04 not a model".to_vec(),
            "is not a veille model file",
        ),
        (
            "corrupt.model",
            {
                let mut b = bytes.clone();
                let i = b.len() - 10;
                b[i] ^= 0xff;
                b
            },
            "is corrupt",
        ),
    ];
    for (name, content, expect) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        let o = score_stdin_with(&p, "{\"text\":\"x\"}\n", &[]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
    }
}

#[test]
fn training_twice_gives_identical_model_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..2 {
        let p = dir.path().join(format!("m{i}.model"));
        let o = run(bin()
            .args(["train", "--folds", "2", "--out"])
            .arg(&p)
            .arg("--data")
            .arg(fixture("bbc-small.jsonl")));
        assert!(o.status.success(), "{}", stderr(&o));
        files.push(std::fs::read(&p).unwrap());
    }
    assert!(files[0] == files[1], "model files differ");
}

#[test]
fn help_documents_every_command() {
    for cmd in ["train", "score", "eval"] {
        let o = run(bin().args([cmd, "--help"]));
        assert!(o.status.success());
        assert!(stdout(&o).contains("Usage: veille"), "{cmd}");
    }
}

#[test]
fn a_directory_as_input_is_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(bin()
        .args(["score", "--model"])
        .arg(model())
        .arg(dir.path()));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
}

#[test]
fn eval_lists_gold_labels_the_model_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("gold.jsonl");
    std::fs::write(
        &data,
        "{\"text\": \"Le match de football\", \"themes\": [\"sport\", \"inconnu\"]}\n{\"text\": \"Le vaccin\", \"themes\": \"sante\"}\n",
    )
    .unwrap();
    let o = run(bin()
        .args(["eval", "--model"])
        .arg(model())
        .arg("--data")
        .arg(&data));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("labels unknown to the model (counted as missed): inconnu (1)"),
        "{out}"
    );
    assert!(out.contains("articles          2"), "{out}");
}

#[test]
fn home_country_comes_from_the_source_table_or_the_flag() {
    let text = "Les députés ont adopté le texte à l’Assemblée nationale ; le préfet de police et la gendarmerie ont été entendus par les sénateurs.";
    let countries = |line: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        v["countries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    // A French national daily, by slug and by URL host: FR without naming France.
    let rec = serde_json::json!({"text": text, "source": "lemonde"}).to_string();
    let o = score_stdin(&rec, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(countries(&stdout(&o)), ["FR"]);
    let rec = serde_json::json!({"text": text, "url": "https://www.liberation.fr/politique/x"})
        .to_string();
    assert_eq!(countries(&stdout(&score_stdin(&rec, &[]))), ["FR"]);
    // An unlisted outlet has no home country unless --home-country gives one.
    let rec = serde_json::json!({"text": text, "source": "unknown-weekly"}).to_string();
    assert!(countries(&stdout(&score_stdin(&rec, &[]))).is_empty());
    assert_eq!(
        countries(&stdout(&score_stdin(&rec, &["--home-country", "fr"]))),
        ["FR"]
    );
    // An international outlet keeps none, whatever the flag says.
    let rec = serde_json::json!({"text": text, "source": "bbc-afrique"}).to_string();
    assert!(countries(&stdout(&score_stdin(&rec, &["--home-country", "FR"]))).is_empty());
    // A code the gazetteer does not know is refused with one sentence.
    let o = score_stdin(&rec, &["--home-country", "XX"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--home-country"), "{}", stderr(&o));
}

/// `--keep` never makes a field appear twice: `id` and `date` are always written (naming them
/// changes nothing, in every format), and prediction fields cannot be kept.
#[test]
fn keep_never_repeats_an_output_field() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["jsonl", "csv", "parquet"] {
        let out = dir.path().join(format!("kept.{ext}"));
        let o = run(bin()
            .args(["score", "--keep", "id,date,title,title", "--model"])
            .arg(model())
            .arg(fixture("good.jsonl"))
            .arg("--out")
            .arg(&out));
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
    }
    let csv = std::fs::read_to_string(dir.path().join("kept.csv")).unwrap();
    assert!(csv.starts_with("id,date,title,themes,scores"), "{csv}");
    let jsonl = std::fs::read_to_string(dir.path().join("kept.jsonl")).unwrap();
    let first = jsonl.lines().next().unwrap();
    assert_eq!(first.matches("\"id\":").count(), 1, "{first}");
    assert_eq!(first.matches("\"title\":").count(), 1, "{first}");
    for field in ["themes", "countries", "pair"] {
        let o = run(bin()
            .args(["score", "--keep", &format!("title,{field}"), "--model"])
            .arg(model())
            .arg(fixture("good.jsonl")));
        assert_eq!(o.status.code(), Some(1), "{field}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("--keep cannot name `{field}`")),
            "{err}"
        );
        assert!(o.stdout.is_empty(), "nothing is scored");
    }
}
