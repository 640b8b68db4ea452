//! The README's main command, end to end: `veille demo` trains on the bundled data, scores the
//! seed article and builds the reports from the bundled Le Monde 2022 tags.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[test]
fn demo_scores_the_seed_and_reports_the_world_cup_peak() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_veille"))
        .current_dir(root)
        .args(["demo", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && !err.contains("panicked"), "{err}");

    // The seed: security among its two best themes, Morocco and France, pair FR-MA.
    let seed: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    let mut scores: Vec<(String, f64)> = seed["scores"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_f64().unwrap()))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let top2: Vec<&str> = scores.iter().take(2).map(|s| s.0.as_str()).collect();
    assert!(top2.contains(&"securite"), "top two themes {top2:?}");
    let countries: Vec<&str> = seed["countries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(
        countries.contains(&"MA") && countries.contains(&"FR"),
        "{countries:?}"
    );
    assert_eq!(seed["pair"], "FR-MA");

    // The report: counts equal a plain recomputation from the bundled tags, and December 2022
    // (the World Cup semi-final France–Morocco) is the largest month of FR-MA coverage.
    let mut expect: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let tags = std::fs::read_to_string(root.join("data/lemonde-2022-tags.jsonl")).unwrap();
    for line in tags.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(date) = r["date"].as_str() else {
            continue;
        };
        if !date.starts_with("2022-") {
            continue;
        }
        let month = format!("{}-01", &date[..7]);
        let e = expect.entry(month).or_default();
        e.1 += 1;
        if r["pair"] == "FR-MA" {
            e.0 += 1;
        }
    }
    let csv = std::fs::read_to_string(out.path().join("fr-ma-2022/coverage.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("period_start,series,matching,total,share")
    );
    let mut got: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let (m, t): (u64, u64) = (f[2].parse().unwrap(), f[3].parse().unwrap());
        let share: f64 = f[4].parse().unwrap();
        assert!((share - m as f64 / t as f64).abs() < 1e-9, "{l}");
        got.insert(f[0].to_string(), (m, t));
    }
    assert_eq!(got, expect);
    let peak = got.iter().max_by_key(|(_, v)| v.0).map(|(k, _)| k.as_str());
    assert_eq!(peak, Some("2022-12-01"));
    for f in [
        "index.html",
        "fr-ma-2022/coverage.svg",
        "securite-top-pairs/top_pairs.png",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
}
