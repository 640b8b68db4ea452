//! Checks the polars aggregation against an independent recomputation with
//! plain loops over the records, on synthetic data with edge cases.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;
use crate::scored::ScoredRecord;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn rec(
    id: &str,
    date: Option<&str>,
    themes: &[&str],
    pair: Option<&str>,
    countries: &[&str],
    source: &str,
) -> ScoredRecord {
    ScoredRecord {
        id: id.into(),
        date: date.map(Into::into),
        source: Some(source.into()),
        themes: themes.iter().map(|s| s.to_string()).collect(),
        countries: countries.iter().map(|s| s.to_string()).collect(),
        pair: pair.map(Into::into),
        scores: themes
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), 0.9 - 0.1 * i as f64))
            .collect(),
        ..ScoredRecord::default()
    }
}

/// Hand-written edge cases plus deterministic pseudo-random filler.
fn fixture() -> Vec<ScoredRecord> {
    let mut v = vec![
        rec(
            "w53-mon",
            Some("2020-12-28"),
            &["securite", "diplomatie"],
            Some("FR-MA"),
            &["FR", "MA"],
            "a",
        ),
        rec(
            "w53-sun",
            Some("2021-01-03"),
            &["securite"],
            Some("MA-FR"),
            &["ma", "FR", "ES"],
            "a",
        ),
        rec(
            "w01-mon",
            Some("2021-01-04"),
            &["sport"],
            None,
            &["FR"],
            "a",
        ),
        rec(
            "w01-2020",
            Some("2019-12-30"),
            &["economie"],
            Some("ES-MA"),
            &["ES", "MA"],
            "b",
        ),
        rec(
            "gap",
            Some("2021-03-15"),
            &["securite"],
            Some("FR-MA"),
            &["FR", "MA"],
            "a",
        ),
        rec(
            "undated",
            None,
            &["securite"],
            Some("FR-MA"),
            &["FR", "MA"],
            "a",
        ),
        rec("bogus", Some("bogus"), &["securite"], None, &[], "a"),
        rec("feb30", Some("2021-02-30"), &["justice"], None, &[], "a"),
        rec(
            "rfc",
            Some("2021-01-10T23:30:00-05:00"),
            &["justice", "securite"],
            Some("FR-MA"),
            &["FR", "MA"],
            "b",
        ),
        rec(
            "dup",
            Some("2021-01-11"),
            &["securite", "securite", "justice"],
            Some("FR-MA"),
            &["FR", "MA", "MA"],
            "a",
        ),
        rec("none", Some("2021-01-12"), &[], None, &[], "a"),
    ];
    v.extend(filler());
    v
}

/// Deterministic pseudo-random records over 2019-11-20 .. 2021-04-03.
fn filler() -> Vec<ScoredRecord> {
    let mut v = Vec::new();
    let themes = ["securite", "justice", "sport", "economie", "diplomatie"];
    let pairs = [Some("FR-MA"), Some("ES-MA"), Some("DZ-FR"), None];
    let mut x: u64 = 42;
    let mut next = |m: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    for i in 0..300 {
        let day = d("2019-11-20") + chrono::Days::new(next(500));
        let date = if next(15) == 0 {
            None
        } else {
            Some(day.format("%Y-%m-%d").to_string())
        };
        let ts: Vec<&str> = (0..next(3)).map(|_| themes[next(5) as usize]).collect();
        let pair = pairs[next(4) as usize];
        let mut cs: Vec<&str> = pair.map(|p| p.split('-').collect()).unwrap_or_default();
        if next(3) == 0 {
            cs.push("US");
        }
        let src = if next(4) == 0 { "b" } else { "a" };
        v.push(rec(&format!("r{i}"), date.as_deref(), &ts, pair, &cs, src));
    }
    v
}

// ---- independent recomputation -------------------------------------------

fn bucket(day: NaiveDate, every: Every) -> NaiveDate {
    let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("valid");
    match every {
        Every::Day => day,
        Every::Week => {
            let w = day.iso_week();
            NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).expect("valid")
        }
        Every::Month => ymd(day.year(), day.month()),
        Every::Quarter => ymd(
            day.year(),
            [1, 1, 1, 4, 4, 4, 7, 7, 7, 10, 10, 10][day.month0() as usize],
        ),
        Every::Year => ymd(day.year(), 1),
    }
}

fn date_of(r: &ScoredRecord) -> Option<NaiveDate> {
    let s = r.date.as_deref()?;
    let day = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    (s.len() == 10 || s.as_bytes()[10] == b'T').then_some(day)
}

fn in_population(r: &ScoredRecord, q: &TrendQuery) -> Option<NaiveDate> {
    let day = date_of(r)?;
    let src_ok = q.sources.is_empty() || q.sources.iter().any(|s| Some(s) == r.source.as_ref());
    let range_ok = q.from.is_none_or(|f| day >= f) && q.to.is_none_or(|t| day <= t);
    (src_ok && range_ok).then_some(day)
}

fn norm_pair(p: &str) -> String {
    let mut v: Vec<String> = p.split('-').map(|c| c.to_uppercase()).collect();
    v.sort();
    v.join("-")
}

/// Place labels an article belongs to, for the query's place axis.
fn places_of(r: &ScoredRecord, q: &TrendQuery, group: Option<Dimension>) -> Vec<String> {
    let countries: BTreeSet<String> = r.countries.iter().map(|c| c.to_uppercase()).collect();
    let pair = r.pair.as_deref().map(norm_pair);
    match group {
        Some(Dimension::Pair) => pair.into_iter().collect(),
        Some(Dimension::Country) => countries.into_iter().collect(),
        _ if q.places.is_empty() => vec![String::new()],
        _ => q
            .places
            .iter()
            .filter(|p| match p {
                Place::Pair(x) => pair.as_deref() == Some(x.as_str()),
                Place::CoMention(cs) => cs.iter().all(|c| countries.contains(c)),
            })
            .map(Place::label)
            .collect(),
    }
}

fn themes_of(r: &ScoredRecord, q: &TrendQuery, group: Option<Dimension>) -> Vec<String> {
    if q.themes.is_empty() && group != Some(Dimension::Theme) {
        return vec![String::new()];
    }
    let set: BTreeSet<&String> = r.themes.iter().collect();
    set.into_iter()
        .filter(|t| q.themes.is_empty() || q.themes.contains(t))
        .cloned()
        .collect()
}

fn top(sums: BTreeMap<String, u64>, n: Option<usize>) -> Vec<String> {
    let mut v: Vec<(String, u64)> = sums.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .take(n.unwrap_or(usize::MAX))
        .map(|(k, _)| k)
        .collect()
}

/// Every bucket of the requested (or observed) range, or the non-empty ones.
fn expected_grid(
    q: &TrendQuery,
    days: &[NaiveDate],
    totals: &BTreeMap<NaiveDate, u64>,
) -> BTreeSet<NaiveDate> {
    if !q.fill_empty {
        return totals.keys().copied().collect();
    }
    let lo = q.from.or(days.iter().min().copied());
    let hi = q.to.or(days.iter().max().copied());
    match (lo, hi) {
        (Some(lo), Some(hi)) => lo
            .iter_days()
            .take_while(|x| *x <= hi)
            .map(|x| bucket(x, q.every))
            .collect(),
        _ => BTreeSet::new(),
    }
}

type Expected = BTreeMap<(String, NaiveDate), (u64, u64)>;

fn recompute(records: &[ScoredRecord], q: &TrendQuery) -> Expected {
    let group = q.effective_group_by();
    let mut totals: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut hits: BTreeMap<(String, String, NaiveDate), u64> = BTreeMap::new();
    let (mut by_place, mut by_theme) = (BTreeMap::new(), BTreeMap::new());
    let mut days = Vec::new();
    for r in records {
        let Some(day) = in_population(r, q) else {
            continue;
        };
        days.push(day);
        let b = bucket(day, q.every);
        *totals.entry(b).or_default() += 1;
        for p in places_of(r, q, group) {
            if group == Some(Dimension::Pair)
                && !q.places.is_empty()
                && !q.places.contains(&Place::Pair(p.clone()))
            {
                continue;
            }
            for t in themes_of(r, q, group) {
                *hits.entry((p.clone(), t.clone(), b)).or_default() += 1;
                *by_place.entry(p.clone()).or_default() += 1;
                *by_theme.entry(t).or_default() += 1;
            }
        }
    }
    let or_blank = |v: Vec<String>| if v.is_empty() { vec![String::new()] } else { v };
    let place_axis = match group {
        Some(Dimension::Pair | Dimension::Country) => top(by_place, q.top),
        _ => or_blank(q.places.iter().map(Place::label).collect()),
    };
    let theme_axis = match group {
        Some(Dimension::Theme) => top(by_theme, q.top),
        _ => or_blank(q.themes.clone()),
    };
    let grid = expected_grid(q, &days, &totals);
    let mut out = Expected::new();
    for p in &place_axis {
        for t in &theme_axis {
            let name = [p.as_str(), t.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("/");
            for &b in &grid {
                let m = hits.get(&(p.clone(), t.clone(), b)).copied().unwrap_or(0);
                out.insert((name.clone(), b), (m, totals.get(&b).copied().unwrap_or(0)));
            }
        }
    }
    out
}

fn check(records: &[ScoredRecord], q: &TrendQuery) {
    let trends = compute_trends(records, q).expect("aggregation");
    let expected = recompute(records, q);
    let mut got = Expected::new();
    for r in &trends.table.rows {
        let share = if r.total == 0 {
            0.0
        } else {
            r.matching as f64 / r.total as f64
        };
        assert!((r.share - share).abs() < 1e-12, "share of {r:?}");
        got.insert((r.series.clone(), r.period_start), (r.matching, r.total));
    }
    assert_eq!(
        got.len(),
        trends.table.rows.len(),
        "duplicate rows for {q:?}"
    );
    assert_eq!(got, expected, "query {q:?}");
    let undated = records.iter().filter(|r| date_of(r).is_none()).count();
    assert_eq!(trends.coverage.undated, undated);
}

fn query(every: Every) -> TrendQuery {
    TrendQuery {
        every,
        ..TrendQuery::default()
    }
}

#[test]
fn weekly_pairs_and_co_mentions_by_theme() {
    let mut q = query(Every::Week);
    q.themes = vec!["securite".into(), "justice".into()];
    q.places = vec![
        Place::pair("FR-MA").expect("pair"),
        Place::co_mention("FR,MA").expect("set"),
    ];
    check(&fixture(), &q);
    let t = compute_trends(&fixture(), &q).expect("aggregation");
    let names: Vec<&str> = t.table.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "FR-MA/securite",
            "FR-MA/justice",
            "FR+MA/securite",
            "FR+MA/justice"
        ]
    );
    // ISO 2020-W53 holds both 2020-12-28 and 2021-01-03 (pair written MA-FR).
    let w53 = t
        .table
        .series_rows("FR-MA/securite")
        .find(|r| r.period_start == d("2020-12-28"));
    assert!(w53.is_some_and(|r| r.matching >= 2));
}

#[test]
fn default_groups_themes_with_requested_range_filled() {
    let mut q = query(Every::Month);
    q.from = Some(d("2019-01-01"));
    q.to = Some(d("2021-12-31"));
    check(&fixture(), &q);
    let t = compute_trends(&fixture(), &q).expect("aggregation");
    assert_eq!(t.table.periods().len(), 36);
    let jan19 = t
        .table
        .rows
        .iter()
        .find(|r| r.period_start == d("2019-01-01"))
        .expect("filled");
    assert_eq!((jan19.matching, jan19.total, jan19.share), (0, 0, 0.0));
}

#[test]
fn top_pairs_for_a_theme_by_quarter_with_source_filter() {
    let mut q = query(Every::Quarter);
    q.themes = vec!["securite".into()];
    q.group_by = Some(Dimension::Pair);
    q.top = Some(2);
    q.sources = vec!["a".into()];
    check(&fixture(), &q);
}

#[test]
fn countries_by_day_without_filling() {
    let mut q = query(Every::Day);
    q.group_by = Some(Dimension::Country);
    q.top = Some(3);
    q.fill_empty = false;
    check(&fixture(), &q);
}

#[test]
fn yearly_and_weekly_theme_groups_for_a_pair() {
    for every in Every::ALL {
        let mut q = query(every);
        q.places = vec![Place::pair("ma-fr").expect("pair")];
        q.group_by = Some(Dimension::Theme);
        check(&fixture(), &q);
    }
}

#[test]
fn smoothing_is_a_trailing_mean() {
    let mut q = query(Every::Month);
    q.themes = vec!["securite".into()];
    q.smooth = Some(3);
    let t = compute_trends(&fixture(), &q).expect("aggregation");
    let rows: Vec<&TrendRow> = t.table.rows.iter().collect();
    let mean = (rows[0].share + rows[1].share + rows[2].share) / 3.0;
    assert_eq!(rows[0].share_smooth, Some(rows[0].share));
    assert!((rows[2].share_smooth.unwrap_or(-1.0) - mean).abs() < 1e-12);
}

#[test]
fn drill_down_lists_best_scored_articles() {
    let mut q = query(Every::Week);
    q.themes = vec!["securite".into()];
    let recs = fixture();
    let t = compute_trends(&recs, &q).expect("aggregation");
    let top = t.top_articles(&recs, "securite", d("2020-12-28"), 10);
    let ids: BTreeSet<&str> = top.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains("w53-mon") && ids.contains("w53-sun"));
    assert!(top.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn empty_input_gives_empty_table() {
    let t = compute_trends(&[], &query(Every::Month)).expect("aggregation");
    assert!(t.table.rows.is_empty());
    assert_eq!(t.coverage.records, 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_queries_match_recomputation(
        every in 0usize..5, theme in 0usize..4, group in 0usize..4, top_n in 1usize..5, smooth in 0usize..3,
    ) {
        let mut q = query(Every::ALL[every]);
        if theme > 0 {
            q.themes = vec![["", "securite", "justice", "sport"][theme].to_string()];
        }
        q.group_by = [None, Some(Dimension::Theme), Some(Dimension::Pair), Some(Dimension::Country)][group];
        q.top = Some(top_n);
        q.smooth = (smooth > 0).then_some(smooth);
        q.from = Some(d("2020-06-01"));
        check(&fixture(), &q);
    }
}
