//! criterion benches: text pipeline and TF-IDF throughput (bytes/s), scoring (articles/s),
//! training and model load time. Inputs: the bundled BBC Afrique set (always there) and, when
//! present beside the repository, the Le Monde 2022 RSS corpus (`../shared/data/...`).
//!
//! Run: `cargo bench --bench pipeline` (results in target/criterion/).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use veille::features::ArticleText;
use veille::model::{file, ThemeModel, TrainingConfig};
use veille::text::{Analyzer, AnalyzerConfig};

struct Doc {
    title: String,
    body: String,
    labels: Vec<String>,
}

fn bbc() -> Vec<Doc> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/masakhanews-fra-labelled.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("bundled data");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Doc {
            title: v["title"].as_str().unwrap_or("").to_string(),
            body: v["text"].as_str().unwrap_or("").to_string(),
            labels: v["themes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// Le Monde title + lede, the short-article case (None when the corpus is absent).
fn lemonde() -> Option<Vec<Doc>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/lemonde-2022/lemonde_rss_2022.jsonl"
    );
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| Doc {
                title: v["title"].as_str().unwrap_or("").to_string(),
                body: v["description"].as_str().unwrap_or("").to_string(),
                labels: vec![v["url_section"].as_str().unwrap_or("").to_string()],
            })
            .collect(),
    )
}

fn texts(docs: &[Doc]) -> Vec<ArticleText<'_>> {
    docs.iter()
        .map(|d| ArticleText {
            title: &d.title,
            body: &d.body,
        })
        .collect()
}

fn bytes(docs: &[Doc]) -> u64 {
    docs.iter()
        .map(|d| (d.title.len() + d.body.len()) as u64)
        .sum()
}

/// Runs every title and body through the analyzer; the number of terms.
fn run_pipeline(a: &mut Analyzer, docs: &[Doc]) -> usize {
    let mut n = 0usize;
    for d in docs {
        a.for_each_term(&d.title, |_| n += 1);
        a.for_each_term(&d.body, |_| n += 1);
    }
    black_box(n)
}

fn bench_text(c: &mut Criterion) {
    let docs = bbc();
    let mut g = c.benchmark_group("text_pipeline");
    g.throughput(Throughput::Bytes(bytes(&docs)));
    g.sample_size(10);
    // A new analyzer per pass: its memo of word forms starts empty, as in a one-off run.
    g.bench_function("normalise_tokenise_stem_bbc", |b| {
        b.iter(|| run_pipeline(&mut Analyzer::new(AnalyzerConfig::default()), &docs))
    });
    // One analyzer kept across passes, as `veille score` keeps one per thread for a whole run.
    g.bench_function("normalise_tokenise_stem_bbc_warm", |b| {
        let mut a = Analyzer::new(AnalyzerConfig::default());
        b.iter(|| run_pipeline(&mut a, &docs))
    });
    g.finish();
}

fn bench_model(c: &mut Criterion) {
    let docs = bbc();
    let labels: Vec<Vec<String>> = docs.iter().map(|d| d.labels.clone()).collect();
    let cfg = TrainingConfig::default();
    let model = ThemeModel::train(&texts(&docs), &labels, &cfg).expect("trains");
    let mut g = c.benchmark_group("model");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes(&docs)));
    g.bench_function("tfidf_transform_bbc_1thread", |b| {
        let mut a = model.analyzer();
        b.iter(|| {
            for d in texts(&docs) {
                black_box(model.vectorizer.transform_one(&mut a, d));
            }
        })
    });
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("score_bbc_1thread", |b| {
        let mut a = model.analyzer();
        b.iter(|| {
            for d in texts(&docs) {
                black_box(model.predict(&mut a, d));
            }
        })
    });
    let bytes_model = file::to_bytes(&model);
    g.throughput(Throughput::Bytes(bytes_model.len() as u64));
    g.bench_function("model_load_bbc", |b| {
        b.iter(|| black_box(file::from_bytes(&bytes_model, "bench").expect("loads")))
    });
    g.finish();
}

fn bench_lemonde(c: &mut Criterion) {
    let Some(docs) = lemonde() else {
        eprintln!("Le Monde corpus not found beside the repository: skipping its benches");
        return;
    };
    let mut g = c.benchmark_group("lemonde");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes(&docs)));
    g.bench_with_input(
        BenchmarkId::new("text_pipeline", docs.len()),
        &docs,
        |b, docs| b.iter(|| run_pipeline(&mut Analyzer::new(AnalyzerConfig::default()), docs)),
    );
    g.bench_with_input(
        BenchmarkId::new("text_pipeline_warm", docs.len()),
        &docs,
        |b, docs| {
            let mut a = Analyzer::new(AnalyzerConfig::default());
            b.iter(|| run_pipeline(&mut a, docs))
        },
    );
    let sub: Vec<&Doc> = docs.iter().take(20_000).collect();
    let t: Vec<ArticleText<'_>> = sub
        .iter()
        .map(|d| ArticleText {
            title: &d.title,
            body: &d.body,
        })
        .collect();
    let l: Vec<Vec<String>> = sub.iter().map(|d| d.labels.clone()).collect();
    let mut cfg = TrainingConfig::default();
    cfg.labels.folds = veille::model::Folds::Fixed(0);
    g.throughput(Throughput::Elements(t.len() as u64));
    g.bench_function("train_sections_20k_no_calibration", |b| {
        b.iter(|| black_box(ThemeModel::train(&t, &l, &cfg).expect("trains")))
    });
    g.finish();
}

criterion_group!(benches, bench_text, bench_model, bench_lemonde);
criterion_main!(benches);
