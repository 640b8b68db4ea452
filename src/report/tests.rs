//! Rendering and end-to-end report tests on small synthetic data.

use chrono::NaiveDate;

use super::charts::{
    render, BarChart, Line, LineChart, Mark, Secondary, SmallMultiples, StackedChart, TimeAxis,
};
use super::*;
use crate::trends::Every;

fn months(n: usize) -> Vec<NaiveDate> {
    Every::Month.periods(
        NaiveDate::from_ymd_opt(2022, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(2022, n as u32, 1).expect("date"),
    )
}

fn sample_line_chart() -> LineChart {
    let axis = TimeAxis {
        every: Every::Month,
        periods: months(12),
    };
    let a: Vec<f64> = (0..12)
        .map(|i| 5.0 + (i as f64 * 0.9).sin() * 3.0)
        .collect();
    let b: Vec<f64> = (0..12).map(|i| 2.0 + i as f64 * 0.4).collect();
    LineChart {
        title: "Sécurité et Économie — part des articles, janv. 2022 – déc. 2022".into(),
        axis,
        lines: vec![Line::new("Sécurité", a), Line::new("Économie", b)],
        y_desc: "Part des articles (%)".into(),
        percent: true,
        marks: vec![Mark { line: 0, at: 2 }, Mark { line: 1, at: 11 }],
        secondary: Some(Secondary::Bars {
            desc: "Articles par mois".into(),
            bars: vec![80.0; 12],
            overlay: None,
        }),
    }
}

#[test]
fn png_and_svg_are_valid_and_keep_accents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chart = sample_line_chart();
    let png = dir.path().join("c.png");
    let svg = dir.path().join("c.svg");
    render(&chart, &png, charts::SIZE).expect("png");
    render(&chart, &svg, charts::SIZE).expect("svg");
    let bytes = std::fs::read(&png).expect("read png");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(bytes.len() > 10_000, "suspiciously small PNG");
    let text = std::fs::read_to_string(&svg).expect("read svg");
    assert!(text.starts_with("<svg"), "{}", &text[..40.min(text.len())]);
    assert!(
        text.contains("Sécurité et Économie"),
        "accented title missing"
    );
    assert!(text.contains("janv.") && text.contains("Part des articles (%)"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn every_chart_kind_renders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let axis = TimeAxis {
        every: Every::Month,
        periods: months(6),
    };
    let lines: Vec<Line> = (0..4)
        .map(|k| {
            Line::new(
                format!("Série {k}"),
                (0..6).map(|i| (i * k) as f64).collect(),
            )
        })
        .collect();
    let stacked = StackedChart {
        title: "Thèmes — FR-MA".into(),
        axis: axis.clone(),
        layers: lines.clone(),
        y_desc: "Articles".into(),
    };
    let multi = SmallMultiples {
        title: "Par thème".into(),
        axis,
        panels: lines,
        percent: false,
    };
    let bars = BarChart {
        title: "Principales paires — Sécurité".into(),
        labels: vec!["FR-MA".into(), "ES-MA".into()],
        values: vec![4.0, 2.5],
        notes: vec!["8 articles".into(), "5 articles".into()],
        x_desc: "Part (%)".into(),
    };
    render(&stacked, &dir.path().join("s.png"), (800, 500)).expect("stacked");
    render(&multi, &dir.path().join("m.svg"), (800, 500)).expect("multiples");
    render(&bars, &dir.path().join("b.png"), (800, 500)).expect("bars");
    assert!(render(&bars, &dir.path().join("b.gif"), (800, 500)).is_err());
}

fn rec(id: &str, date: Option<&str>, themes: &[&str], pair: Option<&str>) -> ScoredRecord {
    ScoredRecord {
        id: id.into(),
        date: date.map(Into::into),
        url: Some(format!("https://example.org/{id}")),
        title: Some(format!("Titre <{id}> « synthétique »")),
        themes: themes.iter().map(|t| t.to_string()).collect(),
        scores: themes.iter().map(|t| (t.to_string(), 0.8)).collect(),
        countries: pair
            .map(|p| p.split('-').map(str::to_string).collect())
            .unwrap_or_default(),
        pair: pair.map(Into::into),
        ..ScoredRecord::default()
    }
}

fn synthetic() -> Vec<ScoredRecord> {
    let mut v = Vec::new();
    for m in 1..=12u32 {
        for k in 0..(m % 4 + 2) {
            let date = format!("2022-{m:02}-{:02}", 1 + k * 3);
            let theme = ["securite", "diplomatie", "economie"][(k % 3) as usize];
            let pair = [Some("FR-MA"), Some("ES-MA"), None][((m + k) % 3) as usize];
            v.push(rec(
                &format!("s{m}-{k}"),
                Some(&date),
                &[theme, "politique"],
                pair,
            ));
        }
    }
    v.push(rec("undated", None, &["securite"], Some("FR-MA")));
    v
}

#[test]
fn build_report_writes_all_files_and_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut spec = ReportSpec::pair_by_month("FR-MA", 2022).expect("spec");
    spec.formats = Formats::Both;
    let s = build_report(&synthetic(), &spec, dir.path()).expect("report");
    for f in [
        "coverage.csv",
        "coverage.parquet",
        "coverage.png",
        "coverage.svg",
        "themes_stacked.png",
        "small_multiples.svg",
        "index.html",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    assert!(
        !dir.path().join("top_pairs.png").exists(),
        "no top-pairs chart when a pair is selected"
    );
    assert_eq!(s.coverage.undated, 1);
    assert_eq!(s.periods, 12);
    let csv = std::fs::read_to_string(dir.path().join("coverage.csv")).expect("csv");
    assert!(
        csv.starts_with("period_start,series,matching,total,share\n2022-01-01,FR-MA/"),
        "{csv}"
    );
    let html = std::fs::read_to_string(dir.path().join("index.html")).expect("html");
    assert!(
        html.contains("Période couverte")
            && html.contains("sans date exploitable (non comptés) : 1")
    );
    assert!(
        html.contains("Titre &lt;s") && !html.contains("Titre <s"),
        "titles must be escaped"
    );
}

#[test]
fn top_pairs_report_has_bar_chart_and_parquet_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut spec = ReportSpec::theme_top_pairs("securite", 2);
    spec.query.smooth = Some(2);
    build_report(&synthetic(), &spec, dir.path()).expect("report");
    assert!(dir.path().join("top_pairs.png").is_file());
    let f = std::fs::File::open(dir.path().join("coverage.parquet")).expect("parquet");
    use polars::prelude::SerReader;
    let df = polars::prelude::ParquetReader::new(f)
        .finish()
        .expect("read parquet");
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "period_start",
            "series",
            "matching",
            "total",
            "share",
            "share_smooth",
            "matching_smooth"
        ]
    );
    assert_eq!(
        df.column("period_start").expect("col").dtype(),
        &polars::prelude::DataType::Date
    );
}

/// Tick labels of a value axis are distinct and say their value, whatever the span (a bar chart
/// up to 4.8 % once labelled its 0.5 steps "0, 0, 1, 2, 2, 3, 4, 4").
#[test]
fn value_axis_ticks_are_distinct() {
    use plotters::coord::ranged1d::Ranged;
    use plotters::coord::types::RangedCoordf64;
    for span in [
        0.004, 0.03, 0.8, 1.0, 2.5, 2.99, 3.0, 4.77, 7.3, 9.99, 10.0, 12.0, 48.0, 480.0, 5300.0,
    ] {
        for max_points in [4usize, 8, 10] {
            let axis: RangedCoordf64 = (0.0..span).into();
            let ticks = axis.key_points(max_points);
            assert!(ticks.len() >= 2, "span {span}: {ticks:?}");
            let d = super::charts::tick_decimals(span);
            let labels: Vec<String> = ticks
                .iter()
                .map(|v| crate::report::labels::decimal(*v, d))
                .collect();
            let mut unique = labels.clone();
            unique.dedup();
            assert_eq!(
                unique.len(),
                labels.len(),
                "span {span}, {max_points} ticks: {labels:?}"
            );
            for (v, l) in ticks.iter().zip(&labels) {
                let back: f64 = l.replace(',', ".").parse().expect("number");
                assert!((back - v).abs() < 1e-6, "span {span}: {v} shown as {l}");
            }
        }
    }
}
