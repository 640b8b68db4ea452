//! The alternative the theme issue asks to measure: linfa-logistic (dense) on a reduced feature
//! set, against veille's sparse model, on the Le Monde labelled split (train < 2022-09-01).
//!
//! `cargo run --profile measure --example dense_linfa_baseline -- [MAX_FEATURES]`
//! Reads `../shared/data/annotated/lemonde-2022-labelled.jsonl` (not shipped).

use linfa::prelude::*;
use linfa::Dataset;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use std::time::Instant;
use veille::features::{ArticleText, TfidfVectorizer};
use veille::metrics::MultiLabelEval;
use veille::model::{ThemeModel, TrainingConfig};

type Row = (String, String, String, Vec<String>);

fn load() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/annotated/lemonde-2022-labelled.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("Le Monde labelled set beside the repository");
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let themes = v["themes"]
                .as_array()
                .expect("themes")
                .iter()
                .filter_map(|t| t.as_str().map(String::from))
                .collect();
            (s("date"), s("title"), s("text"), themes)
        })
        .collect()
}

fn docs<'a>(rs: &[&'a Row]) -> Vec<ArticleText<'a>> {
    rs.iter()
        .map(|r| ArticleText {
            title: &r.1,
            body: &r.2,
        })
        .collect()
}

fn main() {
    let k: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let rows = load();
    let (train, test): (Vec<&Row>, Vec<&Row>) =
        rows.iter().partition(|r| r.0.as_str() < "2022-09-01");
    let (tr_docs, te_docs) = (docs(&train), docs(&test));
    let tr_labels: Vec<Vec<String>> = train.iter().map(|r| r.3.clone()).collect();

    let t = Instant::now();
    let cfg = TrainingConfig::default();
    let sparse = ThemeModel::train(&tr_docs, &tr_labels, &cfg).expect("trains");
    let mut a = sparse.analyzer();
    let mut e = MultiLabelEval::default();
    for (d, r) in te_docs.iter().zip(&test) {
        e.add(&sparse.predict(&mut a, *d).labels, &r.3);
    }
    let s = e.summary();
    println!(
        "sparse veille model: micro-F1 {:.3} macro-F1 {:.3} in {:.2} s",
        s.micro_f1,
        s.macro_f1,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut fcfg = cfg.features.clone();
    fcfg.max_features = k;
    let (vec, x) = TfidfVectorizer::fit_transform(&tr_docs, &cfg.text, &fcfg);
    let xt = vec.transform(&te_docs);
    let dense = |m: &veille::sparse::CsrMatrix| {
        let mut d = Array2::<f64>::zeros((m.n_rows(), m.n_cols()));
        for r in 0..m.n_rows() {
            let row = m.row(r);
            for (&i, &v) in row.indices.iter().zip(row.values) {
                d[(r, i as usize)] = f64::from(v);
            }
        }
        d
    };
    let (xd, xtd) = (dense(&x), dense(&xt));
    let names = &sparse.labels;
    let mut probs = Array2::<f64>::zeros((test.len(), names.len()));
    for (j, name) in names.iter().enumerate() {
        let y = Array1::from(
            train
                .iter()
                .map(|r| r.3.contains(name))
                .collect::<Vec<bool>>(),
        );
        let m = LogisticRegression::default()
            .alpha(0.1)
            .max_iterations(100)
            .fit(&Dataset::new(xd.clone(), y))
            .expect("fits");
        let p = m.predict_probabilities(&xtd);
        let sign_pos = m.labels().pos.class;
        for i in 0..test.len() {
            probs[(i, j)] = if sign_pos { p[i] } else { 1.0 - p[i] };
        }
    }
    let mut e = MultiLabelEval::default();
    for (i, r) in test.iter().enumerate() {
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| probs[(i, b)].total_cmp(&probs[(i, a)]));
        let pred: Vec<String> = order
            .iter()
            .take(3)
            .enumerate()
            .filter(|&(rank, &j)| rank == 0 || probs[(i, j)] >= 0.5)
            .map(|(_, &j)| names[j].clone())
            .collect();
        e.add(&pred, &r.3);
    }
    let s = e.summary();
    println!(
        "dense linfa-logistic on {} features: micro-F1 {:.3} macro-F1 {:.3} in {:.2} s",
        vec.n_features(),
        s.micro_f1,
        s.macro_f1,
        t.elapsed().as_secs_f64()
    );
}
