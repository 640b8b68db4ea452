//! Turns aggregated trends into chart descriptions and renders them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::charts::{
    render, BarChart, Chart, Line, LineChart, Mark, Secondary, SmallMultiples, StackedChart,
    TimeAxis,
};
use super::labels::{date_fr, every_label, percent, period_label, series_label, theme_label};
use super::{Metric, PeakSummary, ReportSpec, MAX_LINES};
use crate::scored::ScoredRecord;
use crate::trends::{compute_trends, Dimension, Every, TrendTable, Trends};

/// A chart written in one or more formats.
pub(super) struct Rendered {
    /// Files written.
    pub files: Vec<PathBuf>,
    /// File name used by `index.html` (PNG when available).
    pub html_src: String,
    /// Caption / alt text.
    pub caption: String,
}

fn metric_desc(metric: Metric) -> &'static str {
    match metric {
        Metric::Share => "Part des articles (%)",
        Metric::Count => "Nombre d'articles",
    }
}

fn period_span(table: &TrendTable) -> String {
    let p = table.periods();
    match (p.first(), p.last()) {
        (Some(a), Some(b)) if a != b => format!(
            "{} – {}",
            period_label(*a, table.every),
            period_label(*b, table.every)
        ),
        (Some(a), _) => period_label(*a, table.every),
        _ => "aucune période".to_string(),
    }
}

fn day_span(c: &crate::trends::Coverage) -> String {
    match (c.first_day, c.last_day) {
        (Some(a), Some(b)) => format!("{} – {}", date_fr(a), date_fr(b)),
        _ => "aucun article daté".to_string(),
    }
}

fn themes_text(themes: &[String]) -> String {
    themes
        .iter()
        .map(|t| theme_label(t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// « RU-UA : Sécurité, Diplomatie » or the first series labels.
fn explicit_selection(trends: &Trends) -> String {
    let series = &trends.table.series;
    let places = all_same(series.iter().map(|s| s.place.as_str()));
    match series.first() {
        Some(first) if places && !first.place.is_empty() && !first.theme.is_empty() => {
            let themes: Vec<String> = series
                .iter()
                .take(4)
                .map(|s| theme_label(&s.theme))
                .collect();
            let more = if series.len() > 4 { "…" } else { "" };
            format!("{} : {}{more}", first.place, themes.join(", "))
        }
        _ => {
            let names: Vec<String> = series
                .iter()
                .take(3)
                .map(|s| series_label(&s.name))
                .collect();
            names.join(", ") + if series.len() > 3 { "…" } else { "" }
        }
    }
}

/// A French title describing the selection, metric, bucket and period.
pub(super) fn default_title(spec: &ReportSpec, trends: &Trends) -> String {
    let q = &spec.query;
    let places = q
        .places
        .iter()
        .map(|p| p.label())
        .collect::<Vec<_>>()
        .join(", ");
    let top = q
        .top
        .map(|n| format!("top {n} des "))
        .unwrap_or_else(|| "les ".to_string());
    let with_themes = |s: String| {
        if q.themes.is_empty() {
            s
        } else {
            format!("{} : {s}", themes_text(&q.themes))
        }
    };
    let selection = match q.effective_group_by() {
        Some(Dimension::Theme) if places.is_empty() => "Thèmes".to_string(),
        Some(Dimension::Theme) => format!("{places} par thème"),
        Some(Dimension::Pair) => with_themes(format!("{top}paires")),
        Some(Dimension::Country) => with_themes(format!("{top}pays")),
        None => explicit_selection(trends),
    };
    let metric = match spec.metric {
        Metric::Share => "part des articles",
        Metric::Count => "nombre d'articles",
    };
    let mut chars = selection.chars();
    let selection: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!(
        "{selection} — {metric} par {}, {}",
        every_label(q.every),
        period_span(&trends.table)
    )
}

fn all_same<'a>(mut it: impl Iterator<Item = &'a str>) -> bool {
    let first = it.next();
    it.all(|x| Some(x) == first)
}

/// Legend label of a series, leaving out the part all series share
/// (`FR-MA/securite` → « Sécurité » when every series is for FR-MA).
fn label_of(table: &TrendTable, name: &str) -> String {
    let same_place = all_same(table.series.iter().map(|s| s.place.as_str()));
    let same_theme = all_same(table.series.iter().map(|s| s.theme.as_str()));
    match table.series.iter().find(|s| s.name == name) {
        Some(s) if same_place && !s.theme.is_empty() => theme_label(&s.theme),
        Some(s) if same_theme && !s.place.is_empty() => s.place.clone(),
        _ => series_label(name),
    }
}

fn axis(table: &TrendTable) -> TimeAxis {
    TimeAxis {
        every: table.every,
        periods: table.periods(),
    }
}

/// Values of one series for the metric (shares in percent).
fn values(table: &TrendTable, name: &str, metric: Metric, smooth: bool) -> Vec<f64> {
    table
        .series_rows(name)
        .map(|r| match (metric, smooth) {
            (Metric::Share, false) => r.share * 100.0,
            (Metric::Share, true) => r.share_smooth.unwrap_or(r.share) * 100.0,
            (Metric::Count, false) => r.matching as f64,
            (Metric::Count, true) => r.matching_smooth.unwrap_or(r.matching as f64),
        })
        .collect()
}

fn line_for(table: &TrendTable, name: &str, metric: Metric) -> Line {
    let mut line = Line::new(label_of(table, name), values(table, name, metric, false));
    if let Some(n) = table.smooth {
        line.smooth = Some(values(table, name, metric, true));
        line.label = format!("{} (moy. mobile {n})", line.label);
    }
    line
}

fn main_chart(spec: &ReportSpec, trends: &Trends, title: &str) -> LineChart {
    let table = &trends.table;
    let shown: Vec<&str> = table
        .series
        .iter()
        .take(MAX_LINES)
        .map(|s| s.name.as_str())
        .collect();
    let lines: Vec<Line> = shown
        .iter()
        .map(|n| line_for(table, n, spec.metric))
        .collect();
    let axis = axis(table);
    let secondary = match spec.metric {
        Metric::Share => {
            let first = shown.first().copied().unwrap_or("");
            Secondary::Bars {
                desc: format!("Articles par {}", every_label(table.every)),
                bars: table.series_rows(first).map(|r| r.total as f64).collect(),
                overlay: (shown.len() == 1).then(|| {
                    table
                        .series_rows(first)
                        .map(|r| r.matching as f64)
                        .collect()
                }),
            }
        }
        Metric::Count => Secondary::Lines {
            desc: "Part (%)".to_string(),
            lines: shown
                .iter()
                .map(|n| Line::new(label_of(table, n), values(table, n, Metric::Share, false)))
                .collect(),
        },
    };
    let marks = spread_marks(table, spec.metric, &shown, &axis);
    LineChart {
        title: title.to_string(),
        axis,
        lines,
        y_desc: metric_desc(spec.metric).to_string(),
        percent: spec.metric == Metric::Share,
        marks,
        secondary: Some(secondary),
    }
}

/// Up to 3 peaks of the shown series, skipping peaks too close (in time) to
/// one already annotated so that their labels do not overlap.
fn spread_marks(table: &TrendTable, metric: Metric, shown: &[&str], axis: &TimeAxis) -> Vec<Mark> {
    // A label is ~200 px wide on a ~900 px plot: keep marks ≥ 2/9 apart.
    let gap = (axis.periods.len() * 2 / 9).max(1);
    let mut marks: Vec<Mark> = Vec::new();
    for p in table.peaks(metric == Metric::Share, 20) {
        let (Some(line), Some(at)) = (
            shown.iter().position(|n| *n == p.series),
            axis.periods.iter().position(|d| *d == p.row.period_start),
        ) else {
            continue;
        };
        if marks.iter().all(|m| m.at.abs_diff(at) >= gap) {
            marks.push(Mark { line, at });
        }
        if marks.len() == 3 {
            break;
        }
    }
    marks
}

fn small_multiples(spec: &ReportSpec, trends: &Trends) -> Option<SmallMultiples> {
    let table = &trends.table;
    if table.series.len() < 3 {
        return None;
    }
    let panels = table
        .series
        .iter()
        .take(16)
        .map(|s| {
            Line::new(
                label_of(table, &s.name),
                values(table, &s.name, spec.metric, false),
            )
        })
        .collect();
    let title = format!(
        "{}, une vignette par série — {}",
        metric_desc(spec.metric),
        period_span(table)
    );
    Some(SmallMultiples {
        title,
        axis: axis(table),
        panels,
        percent: spec.metric == Metric::Share,
    })
}

fn stacked(spec: &ReportSpec, trends: &Trends) -> Option<StackedChart> {
    let q = &spec.query;
    if q.effective_group_by() != Some(Dimension::Theme)
        || q.places.len() > 1
        || trends.table.series.is_empty()
    {
        return None;
    }
    let table = &trends.table;
    let layers = table
        .series
        .iter()
        .take(10)
        .map(|s| {
            Line::new(
                theme_label(&s.theme),
                values(table, &s.name, Metric::Count, false),
            )
        })
        .collect();
    let place = q
        .places
        .first()
        .map(|p| format!(" {}", p.label()))
        .unwrap_or_default();
    let which = if table.series.len() > 10 {
        "Les 10 principaux thèmes"
    } else {
        "Thèmes"
    };
    let title = format!(
        "{which} de la couverture{place} — articles par {}, {}",
        every_label(table.every),
        period_span(table)
    );
    let y_desc = "Articles (un article peut avoir plusieurs thèmes)".to_string();
    Some(StackedChart {
        title,
        axis: axis(table),
        layers,
        y_desc,
    })
}

/// Bar chart of the top pairs over the whole period, for the selected themes.
fn top_pairs(records: &[ScoredRecord], spec: &ReportSpec) -> Result<Option<BarChart>> {
    if !spec.query.places.is_empty() || spec.top_pairs == 0 {
        return Ok(None);
    }
    let mut q = spec.query.clone();
    q.group_by = Some(Dimension::Pair);
    q.top = Some(spec.top_pairs);
    (q.every, q.smooth, q.fill_empty) = (Every::Year, None, false);
    let t = compute_trends(records, &q)?;
    let mut totals: HashMap<chrono::NaiveDate, u64> = HashMap::new();
    let mut sums: Vec<(String, u64)> = t.table.series.iter().map(|s| (s.name.clone(), 0)).collect();
    for r in &t.table.rows {
        totals.insert(r.period_start, r.total);
        if let Some(s) = sums.iter_mut().find(|s| s.0 == r.series) {
            s.1 += r.matching;
        }
    }
    let population: u64 = totals.values().sum();
    if sums.is_empty() || population == 0 {
        return Ok(None);
    }
    let share = |m: u64| m as f64 / population as f64;
    let values = sums
        .iter()
        .map(|(_, m)| {
            if spec.metric == Metric::Share {
                share(*m) * 100.0
            } else {
                *m as f64
            }
        })
        .collect();
    let notes = sums
        .iter()
        .map(|(_, m)| format!("{m} articles · {}", percent(share(*m))))
        .collect();
    let what = if q.themes.is_empty() {
        "tous thèmes".to_string()
    } else {
        themes_text(&q.themes)
    };
    Ok(Some(BarChart {
        title: format!(
            "Principales paires de pays — {what}, {}",
            day_span(&t.coverage)
        ),
        labels: sums.iter().map(|(n, _)| label_of(&t.table, n)).collect(),
        values,
        notes,
        x_desc: format!("{} sur toute la période", metric_desc(spec.metric)),
    }))
}

fn write_chart<C: Chart>(
    chart: &C,
    stem: &str,
    caption: &str,
    spec: &ReportSpec,
    out_dir: &Path,
    say: &dyn Fn(&str),
) -> Result<Rendered> {
    let mut files = Vec::new();
    for ext in spec.formats.extensions() {
        let path = out_dir.join(format!("{stem}.{ext}"));
        say(&format!("writing {}", path.display()));
        render(chart, &path, spec.size)?;
        files.push(path);
    }
    let html_src = format!("{stem}.{}", spec.formats.extensions()[0]);
    Ok(Rendered {
        files,
        html_src,
        caption: caption.to_string(),
    })
}

/// Renders every chart that applies to this spec (see the module docs).
pub(super) fn render_all(
    records: &[ScoredRecord],
    spec: &ReportSpec,
    trends: &Trends,
    title: &str,
    out_dir: &Path,
    say: &dyn Fn(&str),
) -> Result<Vec<Rendered>> {
    let mut out = vec![write_chart(
        &main_chart(spec, trends, title),
        "coverage",
        title,
        spec,
        out_dir,
        say,
    )?];
    if let Some(c) = stacked(spec, trends) {
        out.push(write_chart(
            &c,
            "themes_stacked",
            &c.title.clone(),
            spec,
            out_dir,
            say,
        )?);
    }
    if let Some(c) = small_multiples(spec, trends) {
        out.push(write_chart(
            &c,
            "small_multiples",
            &c.title.clone(),
            spec,
            out_dir,
            say,
        )?);
    }
    if let Some(c) = top_pairs(records, spec)? {
        out.push(write_chart(
            &c,
            "top_pairs",
            &c.title.clone(),
            spec,
            out_dir,
            say,
        )?);
    }
    Ok(out)
}

/// The largest peaks with the best-scored articles behind them.
pub(super) fn peak_summaries(
    records: &[ScoredRecord],
    spec: &ReportSpec,
    trends: &Trends,
) -> Vec<PeakSummary> {
    trends
        .table
        .peaks(spec.metric == Metric::Share, spec.peaks)
        .into_iter()
        .map(|p| PeakSummary {
            articles: trends.top_articles(
                records,
                &p.series,
                p.row.period_start,
                spec.articles_per_peak,
            ),
            series: p.series,
            row: p.row,
        })
        .collect()
}
