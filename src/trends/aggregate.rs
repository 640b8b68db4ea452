//! The polars pipeline behind [`compute_trends`].
//!
//! Records are loaded into three relational frames (articles, article×theme,
//! article×country); selections become filters and joins producing a
//! membership frame `(row, period, place, theme)`; counts are a group-by on
//! it, totals a group-by on the population, and a (period × series) grid is
//! left-joined to both so that empty buckets get zeros.

use std::collections::{BTreeSet, HashMap};

use anyhow::{anyhow, Result};
use polars::prelude::*;

use super::period::{from_days, parse_record_date, to_days, Every};
use super::{
    normalize_pair, Coverage, Dimension, Place, SeriesInfo, TrendQuery, TrendRow, TrendTable,
    Trends,
};
use crate::scored::ScoredRecord;

/// Relational view of the dated records.
struct Frames {
    /// row (u32), day (i32), period (i32), source (str), pair (str, "" = none).
    articles: DataFrame,
    /// row (u32), theme (str), one line per distinct theme of an article.
    themes: DataFrame,
    /// row (u32), country (str), one line per distinct country of an article.
    countries: DataFrame,
}

/// Aggregates `records` according to `query` (see the module docs of
/// [`crate::trends`] for the series semantics).
pub fn compute_trends(records: &[ScoredRecord], query: &TrendQuery) -> Result<Trends> {
    let (frames, mut coverage) = build_frames(records, query.every)?;
    let base = population(&frames, query);
    let group = query.effective_group_by();
    let placed = place_stage(&frames, base.clone(), query, group)?;
    let members = theme_stage(&frames, placed, query, group)
        .collect()
        .map_err(|e| anyhow!("cannot compute series membership: {e}"))?;
    let counts = members
        .clone()
        .lazy()
        .group_by([col("period"), col("place"), col("theme")])
        .agg([len().cast(DataType::UInt64).alias("matching")])
        .collect()
        .map_err(|e| anyhow!("cannot count matching articles: {e}"))?;
    let totals = base
        .group_by([col("period")])
        .agg([len().cast(DataType::UInt64).alias("total")])
        .sort(["period"], SortMultipleOptions::default())
        .collect()
        .map_err(|e| anyhow!("cannot count bucket totals: {e}"))?;
    fill_coverage(&mut coverage, &frames, query)?;
    let series = choose_series(&counts, query, group)?;
    let periods = grid_periods(&totals, query)?;
    let rows = join_grid(&series, &periods, counts, totals)?;
    let mut table = TrendTable {
        every: query.every,
        smooth: query.smooth,
        series,
        rows,
    };
    if let Some(n) = query.smooth {
        apply_smoothing(&mut table, n);
    }
    let members = index_members(&members, &table.series)?;
    Ok(Trends {
        table,
        coverage,
        members,
    })
}

/// Column vectors of the three frames, filled record by record.
#[derive(Default)]
struct FrameBuilder {
    row: Vec<u32>,
    day: Vec<i32>,
    period: Vec<i32>,
    source: Vec<String>,
    pair: Vec<String>,
    theme_row: Vec<u32>,
    theme: Vec<String>,
    country_row: Vec<u32>,
    country: Vec<String>,
}

impl FrameBuilder {
    fn push(&mut self, idx: u32, rec: &ScoredRecord, date: chrono::NaiveDate, every: Every) {
        self.row.push(idx);
        self.day.push(to_days(date));
        self.period.push(to_days(every.start(date)));
        self.source.push(rec.source.clone().unwrap_or_default());
        let pair = rec.pair.as_deref().and_then(normalize_pair);
        self.pair.push(pair.unwrap_or_default());
        let themes: BTreeSet<&str> = rec
            .themes
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        for t in themes {
            self.theme_row.push(idx);
            self.theme.push(t.to_string());
        }
        let countries: BTreeSet<String> = rec
            .countries
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        for c in countries {
            self.country_row.push(idx);
            self.country.push(c);
        }
    }

    fn finish(self) -> Result<Frames> {
        let frame = |cols: Vec<Column>| DataFrame::new(cols.first().map_or(0, Column::len), cols);
        Ok(Frames {
            articles: frame(vec![
                Column::new("row".into(), self.row),
                Column::new("day".into(), self.day),
                Column::new("period".into(), self.period),
                Column::new("source".into(), self.source),
                Column::new("pair".into(), self.pair),
            ])?,
            themes: frame(vec![
                Column::new("row".into(), self.theme_row),
                Column::new("theme".into(), self.theme),
            ])?,
            countries: frame(vec![
                Column::new("row".into(), self.country_row),
                Column::new("country".into(), self.country),
            ])?,
        })
    }
}

/// Loads the dated records into frames; counts the undated ones.
fn build_frames(records: &[ScoredRecord], every: Every) -> Result<(Frames, Coverage)> {
    let mut cov = Coverage {
        records: records.len(),
        ..Coverage::default()
    };
    let mut builder = FrameBuilder::default();
    for (i, rec) in records.iter().enumerate() {
        let Some(date) = rec.date.as_deref().and_then(parse_record_date) else {
            cov.undated += 1;
            if cov.undated_ids.len() < 20 {
                cov.undated_ids.push(rec.id.clone());
            }
            continue;
        };
        let idx = u32::try_from(i).map_err(|e| anyhow!("too many records: {e}"))?;
        builder.push(idx, rec, date, every);
    }
    Ok((builder.finish()?, cov))
}

/// `col(name) == v1 OR col(name) == v2 ...`; `true` when `values` is empty.
fn any_eq(name: &str, values: &[String]) -> Expr {
    values
        .iter()
        .map(|v| col(name).eq(lit(v.clone())))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(true))
}

/// The population: dated articles passing the source and date filters.
fn population(frames: &Frames, q: &TrendQuery) -> LazyFrame {
    let mut pred = any_eq("source", &q.sources);
    if let Some(from) = q.from {
        pred = pred.and(col("day").gt_eq(lit(to_days(from))));
    }
    if let Some(to) = q.to {
        pred = pred.and(col("day").lt_eq(lit(to_days(to))));
    }
    frames.articles.clone().lazy().filter(pred)
}

fn fill_coverage(cov: &mut Coverage, frames: &Frames, q: &TrendQuery) -> Result<()> {
    let days = population(frames, q)
        .select([
            col("day").min().alias("lo"),
            col("day").max().alias("hi"),
            len().alias("n"),
        ])
        .collect()?;
    let first = |name: &str| -> Result<Option<i32>> { Ok(days.column(name)?.i32()?.get(0)) };
    cov.first_day = first("lo")?.map(from_days);
    cov.last_day = first("hi")?.map(from_days);
    cov.in_scope = days
        .column("n")?
        .cast(&DataType::UInt64)?
        .u64()?
        .get(0)
        .unwrap_or(0) as usize;
    Ok(())
}

/// Frame `(row, period, place)`: the articles of each place value.
fn place_stage(
    frames: &Frames,
    base: LazyFrame,
    q: &TrendQuery,
    group: Option<Dimension>,
) -> Result<LazyFrame> {
    let keep = [col("row"), col("period")];
    match group {
        Some(Dimension::Pair) => {
            let pairs: Vec<String> = q
                .places
                .iter()
                .filter_map(|p| match p {
                    Place::Pair(s) => Some(s.clone()),
                    Place::CoMention(_) => None,
                })
                .collect();
            let pred = col("pair").neq(lit("")).and(any_eq("pair", &pairs));
            Ok(base.filter(pred).select([
                keep[0].clone(),
                keep[1].clone(),
                col("pair").alias("place"),
            ]))
        }
        Some(Dimension::Country) => {
            let codes: Vec<String> = q
                .places
                .iter()
                .flat_map(|p| match p {
                    Place::CoMention(c) => c.clone(),
                    Place::Pair(s) => s.split('-').map(str::to_string).collect(),
                })
                .collect();
            let countries = frames
                .countries
                .clone()
                .lazy()
                .filter(any_eq("country", &codes));
            Ok(countries.inner_join(base, col("row"), col("row")).select([
                col("row"),
                col("period"),
                col("country").alias("place"),
            ]))
        }
        _ if q.places.is_empty() => {
            Ok(base.select([col("row"), col("period"), lit("").alias("place")]))
        }
        _ => {
            let parts: Vec<LazyFrame> = q
                .places
                .iter()
                .map(|p| place_frame(frames, base.clone(), p))
                .collect();
            Ok(concat(parts, UnionArgs::default())?)
        }
    }
}

/// Frame `(row, period, place)` for one explicit place selection.
fn place_frame(frames: &Frames, base: LazyFrame, place: &Place) -> LazyFrame {
    let label = lit(place.label()).alias("place");
    match place {
        Place::Pair(p) => {
            base.filter(col("pair").eq(lit(p.clone())))
                .select([col("row"), col("period"), label])
        }
        Place::CoMention(codes) => {
            let need = u32::try_from(codes.len()).unwrap_or(u32::MAX);
            let hits = frames
                .countries
                .clone()
                .lazy()
                .filter(any_eq("country", codes))
                .group_by([col("row")])
                .agg([len().cast(DataType::UInt32).alias("n")])
                .filter(col("n").eq(lit(need)));
            hits.inner_join(base, col("row"), col("row"))
                .select([col("row"), col("period"), label])
        }
    }
}

/// Frame `(row, period, place, theme)`: adds the theme axis.
fn theme_stage(
    frames: &Frames,
    placed: LazyFrame,
    q: &TrendQuery,
    group: Option<Dimension>,
) -> LazyFrame {
    if q.themes.is_empty() && group != Some(Dimension::Theme) {
        return placed.with_column(lit("").alias("theme"));
    }
    let themes = frames
        .themes
        .clone()
        .lazy()
        .filter(any_eq("theme", &q.themes));
    placed.inner_join(themes, col("row"), col("row")).select([
        col("row"),
        col("period"),
        col("place"),
        col("theme"),
    ])
}

/// Reads a string column as owned strings ("" for nulls).
fn strings(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or("").to_string())
        .collect())
}

fn u64s(df: &DataFrame, name: &str) -> Result<Vec<u64>> {
    Ok(df
        .column(name)?
        .cast(&DataType::UInt64)?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

fn i32s(df: &DataFrame, name: &str) -> Result<Vec<i32>> {
    Ok(df
        .column(name)?
        .i32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

/// Builds the ordered series list from the counts and the query.
fn choose_series(
    counts: &DataFrame,
    q: &TrendQuery,
    group: Option<Dimension>,
) -> Result<Vec<SeriesInfo>> {
    let (places, themes, matching) = (
        strings(counts, "place")?,
        strings(counts, "theme")?,
        u64s(counts, "matching")?,
    );
    let mut per_key: HashMap<(String, String), u64> = HashMap::new();
    let mut per_place: HashMap<String, u64> = HashMap::new();
    let mut per_theme: HashMap<String, u64> = HashMap::new();
    for ((p, t), m) in places.into_iter().zip(themes).zip(matching) {
        *per_place.entry(p.clone()).or_default() += m;
        *per_theme.entry(t.clone()).or_default() += m;
        *per_key.entry((p, t)).or_default() += m;
    }
    let ranked = |sums: &HashMap<String, u64>| -> Vec<String> {
        let mut v: Vec<(&String, &u64)> = sums.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let n = q.top.unwrap_or(usize::MAX);
        v.into_iter().take(n).map(|(k, _)| k.clone()).collect()
    };
    let or_blank = |v: Vec<String>| if v.is_empty() { vec![String::new()] } else { v };
    let place_axis = match group {
        Some(Dimension::Pair | Dimension::Country) => ranked(&per_place),
        _ => or_blank(q.places.iter().map(Place::label).collect()),
    };
    let theme_axis = match group {
        Some(Dimension::Theme) => ranked(&per_theme),
        _ => or_blank(q.themes.clone()),
    };
    let mut out = Vec::new();
    for p in &place_axis {
        for t in &theme_axis {
            let name = match (p.is_empty(), t.is_empty()) {
                (false, false) => format!("{p}/{t}"),
                (true, _) => t.clone(),
                (false, true) => p.clone(),
            };
            let matching_total = per_key.get(&(p.clone(), t.clone())).copied().unwrap_or(0);
            out.push(SeriesInfo {
                name,
                place: p.clone(),
                theme: t.clone(),
                matching_total,
            });
        }
    }
    Ok(out)
}

/// Bucket starts (day numbers) of the output grid.
fn grid_periods(totals: &DataFrame, q: &TrendQuery) -> Result<Vec<i32>> {
    let observed = i32s(totals, "period")?;
    if !q.fill_empty {
        return Ok(observed);
    }
    let lo = q.from.or_else(|| observed.first().map(|&d| from_days(d)));
    let hi = q.to.or_else(|| observed.last().map(|&d| from_days(d)));
    Ok(match (lo, hi) {
        (Some(lo), Some(hi)) => q.every.periods(lo, hi).into_iter().map(to_days).collect(),
        _ => Vec::new(),
    })
}

/// Left-joins the (period × series) grid to counts and totals.
fn join_grid(
    series: &[SeriesInfo],
    periods: &[i32],
    counts: DataFrame,
    totals: DataFrame,
) -> Result<Vec<TrendRow>> {
    let (mut g_period, mut g_place, mut g_theme, mut g_series, mut g_order) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (order, s) in series.iter().enumerate() {
        for &p in periods {
            g_period.push(p);
            g_place.push(s.place.clone());
            g_theme.push(s.theme.clone());
            g_series.push(s.name.clone());
            g_order.push(order as u32);
        }
    }
    let grid = DataFrame::new(
        g_period.len(),
        vec![
            Column::new("period".into(), g_period),
            Column::new("place".into(), g_place),
            Column::new("theme".into(), g_theme),
            Column::new("series".into(), g_series),
            Column::new("order".into(), g_order),
        ],
    )?;
    let keys = [col("period"), col("place"), col("theme")];
    let share = when(col("total").gt(lit(0u64)))
        .then(col("matching").cast(DataType::Float64) / col("total").cast(DataType::Float64))
        .otherwise(lit(0.0f64));
    let df = grid
        .lazy()
        .join(
            counts.lazy(),
            keys.clone(),
            keys,
            JoinArgs::new(JoinType::Left),
        )
        .join(
            totals.lazy(),
            [col("period")],
            [col("period")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("matching").fill_null(lit(0u64)),
            col("total").fill_null(lit(0u64)),
        ])
        .with_column(share.alias("share"))
        .sort(["order", "period"], SortMultipleOptions::default())
        .collect()
        .map_err(|e| anyhow!("cannot join counts to the period grid: {e}"))?;
    rows_from_frame(&df)
}

fn rows_from_frame(df: &DataFrame) -> Result<Vec<TrendRow>> {
    let (period, series) = (i32s(df, "period")?, strings(df, "series")?);
    let (matching, total) = (u64s(df, "matching")?, u64s(df, "total")?);
    let share: Vec<f64> = df
        .column("share")?
        .f64()?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    Ok((0..df.height())
        .map(|i| TrendRow {
            period_start: from_days(period[i]),
            series: series[i].clone(),
            matching: matching[i],
            total: total[i],
            share: share[i],
            share_smooth: None,
            matching_smooth: None,
        })
        .collect())
}

/// Trailing rolling mean over `n` buckets of each series (shorter windows at
/// the start are averaged over the buckets available).
fn apply_smoothing(table: &mut TrendTable, n: usize) {
    let n = n.max(1);
    let mut start = 0;
    while start < table.rows.len() {
        let name = table.rows[start].series.clone();
        let end = table.rows[start..]
            .iter()
            .position(|r| r.series != name)
            .map_or(table.rows.len(), |k| start + k);
        for i in start..end {
            let lo = (i + 1).saturating_sub(n).max(start);
            let window = &table.rows[lo..=i];
            let len = window.len() as f64;
            let share = window.iter().map(|r| r.share).sum::<f64>() / len;
            let matching = window.iter().map(|r| r.matching as f64).sum::<f64>() / len;
            table.rows[i].share_smooth = Some(share);
            table.rows[i].matching_smooth = Some(matching);
        }
        start = end;
    }
}

/// Drill-down index: (series name, period) → record indices.
fn index_members(
    members: &DataFrame,
    series: &[SeriesInfo],
) -> Result<HashMap<(String, i32), Vec<usize>>> {
    let names: HashMap<(&str, &str), &str> = series
        .iter()
        .map(|s| ((s.place.as_str(), s.theme.as_str()), s.name.as_str()))
        .collect();
    let rows: Vec<u32> = members
        .column("row")?
        .u32()?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let (period, place, theme) = (
        i32s(members, "period")?,
        strings(members, "place")?,
        strings(members, "theme")?,
    );
    let mut out: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        if let Some(name) = names.get(&(place[i].as_str(), theme[i].as_str())) {
            out.entry((name.to_string(), period[i]))
                .or_default()
                .push(rows[i] as usize);
        }
    }
    Ok(out)
}
