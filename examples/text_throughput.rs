//! Text pipeline and TF-IDF throughput on one thread, over the Le Monde 2022 corpus (title and
//! lede of each of its 30,912 items, read from `../shared/data/lemonde-2022/` beside the
//! repository), in MB of input text per second of the thread's CPU time (so that other work on
//! the machine does not count against it).
//!
//!   cargo run --release --example text_throughput [PASSES]
//!       normalise, tokenise, drop stopwords, stem (one analyzer, kept across passes)
//!   cargo run --release --example text_throughput [PASSES] MODEL
//!       the same plus the TF-IDF row of each article (boilerplate removal, unigrams, bigrams)
//!
//! PASSES (default 5) is how many times the corpus is run through.
use veille::features::ArticleText;
use veille::model::file;
use veille::text::{Analyzer, AnalyzerConfig};

/// CPU time of the calling thread, in seconds (Linux; wall time elsewhere).
fn thread_seconds(start: std::time::Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e9)
        .unwrap_or_else(|| start.elapsed().as_secs_f64())
}

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/lemonde-2022/lemonde_rss_2022.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("the Le Monde corpus is not at {path}");
        std::process::exit(1);
    };
    let docs: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let field = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (field("title"), field("description"))
        })
        .collect();
    let mut args = std::env::args().skip(1);
    let passes: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let model = args.next().map(|m| {
        file::load(std::path::Path::new(&m)).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        })
    });
    let bytes: usize = docs.iter().map(|d| d.0.len() + d.1.len()).sum();
    let mut analyzer = match &model {
        Some(m) => m.analyzer(),
        None => Analyzer::new(AnalyzerConfig::default()),
    };
    let mut n = 0usize;
    let wall = std::time::Instant::now();
    let t0 = thread_seconds(wall);
    for _ in 0..passes {
        for (title, body) in &docs {
            match &model {
                Some(m) => {
                    let doc = ArticleText { title, body };
                    n += m.vectorizer.transform_one(&mut analyzer, doc).len();
                }
                None => {
                    analyzer.for_each_term(title, |_| n += 1);
                    analyzer.for_each_term(body, |_| n += 1);
                }
            }
        }
    }
    let secs = thread_seconds(wall) - t0;
    println!(
        "{} {:.1} MB/s ({} MB × {passes} passes in {secs:.2} s; {n} {})",
        if model.is_some() {
            "text pipeline + TF-IDF"
        } else {
            "text pipeline"
        },
        (bytes * passes) as f64 / secs / 1e6,
        bytes / 1_000_000,
        if model.is_some() {
            "row entries"
        } else {
            "terms"
        },
    );
}
