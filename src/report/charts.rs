//! Charts drawn with plotters, as PNG or SVG depending on the file extension.
//!
//! Fonts: DejaVu Sans (from the `dejavu` crate) is registered for plotters'
//! `ab_glyph` text renderer, so accented French labels render without any
//! system font. SVG files carry the text as UTF-8 `<text>` elements.

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Result};
use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::register_font;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::{axis_label, decimal, period_label};
use crate::trends::export::{write_atomic, write_bytes_atomic};
use crate::trends::Every;

/// Default image size, readable on screen and in reports.
pub const SIZE: (u32, u32) = (1200, 700);

const FONT: &str = "sans-serif";

/// Tableau-10 palette.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];

/// Colour of the `i`-th series.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Registers DejaVu Sans for the font families plotters uses (once).
pub fn ensure_fonts() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = DONE.get_or_init(|| {
        ["sans-serif", "serif", "monospace"].iter().all(|family| {
            register_font(family, FontStyle::Normal, dejavu::sans::regular()).is_ok()
                && register_font(family, FontStyle::Bold, dejavu::sans::bold()).is_ok()
        })
    });
    if *ok {
        Ok(())
    } else {
        bail!("cannot load the embedded DejaVu Sans font")
    }
}

/// Turns a plotters error into an anyhow error.
pub(crate) fn de<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing failed: {e:?}")
}

/// Something that can draw itself on any plotters backend.
pub trait Chart {
    /// Draws the whole chart on `root`.
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>;
}

/// Renders `chart` to `path` (PNG or SVG by extension), atomically.
pub fn render<C: Chart>(chart: &C, path: &Path, size: (u32, u32)) -> Result<()> {
    ensure_fonts()?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" => write_atomic(path, |tmp| {
            let root = BitMapBackend::new(tmp, size).into_drawing_area();
            chart.draw_on(&root)?;
            root.present().map_err(de)
        }),
        "svg" => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                chart.draw_on(&root)?;
                root.present().map_err(de)?;
            }
            write_bytes_atomic(path, svg.as_bytes())
        }
        _ => bail!(
            "{}: unknown image format (expected .png or .svg)",
            path.display()
        ),
    }
}

/// One named series of values aligned on the chart's periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Legend label.
    pub label: String,
    /// One value per period.
    pub values: Vec<f64>,
    /// Smoothed values: drawn thick, the raw values then drawn faint.
    pub smooth: Option<Vec<f64>>,
}

impl Line {
    /// A line without smoothing.
    pub fn new(label: impl Into<String>, values: Vec<f64>) -> Self {
        Line {
            label: label.into(),
            values,
            smooth: None,
        }
    }
}

/// Time axis shared by the time charts.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAxis {
    /// Bucket size (for labels).
    pub every: Every,
    /// Bucket starts, in order.
    pub periods: Vec<NaiveDate>,
}

impl TimeAxis {
    /// Label of the tick at `x` (bucket index), empty between buckets.
    fn tick(&self, x: f64) -> String {
        let i = x.round();
        if (x - i).abs() > 0.01 || i < 0.0 {
            return String::new();
        }
        let Some(&p) = self.periods.get(i as usize) else {
            return String::new();
        };
        let first = i as usize == 0;
        let with_year = match self.every {
            Every::Day | Every::Week => first || p.month() == 1 && p.day() <= 7,
            Every::Month => first || p.month() == 1,
            Every::Quarter => first || p.month() == 1,
            Every::Year => true,
        };
        axis_label(p, self.every, with_year || self.periods.len() <= 6)
    }

    fn x_range(&self) -> std::ops::Range<f64> {
        -0.5..(self.periods.len().max(1) as f64 - 0.5)
    }

    fn label_count(&self) -> usize {
        self.periods.len().clamp(1, 13)
    }
}

/// A point to annotate: series index and period index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// Index in [`LineChart::lines`].
    pub line: usize,
    /// Index in [`TimeAxis::periods`].
    pub at: usize,
}

/// Secondary panel under a line chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Secondary {
    /// Grey bars (e.g. totals per bucket), optionally overlaid with coloured
    /// bars (e.g. the matching articles of a single series).
    Bars {
        /// Axis description (e.g. « Articles publiés »).
        desc: String,
        /// Grey bar heights.
        bars: Vec<f64>,
        /// Coloured bars drawn over them.
        overlay: Option<Vec<f64>>,
    },
    /// Thin lines (e.g. shares when the main panel shows counts).
    Lines {
        /// Axis description.
        desc: String,
        /// One line per series, same colours as the main panel.
        lines: Vec<Line>,
    },
}

/// Line chart of one or several series over time, with peak annotations
/// and an optional secondary panel.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Title.
    pub title: String,
    /// Time axis.
    pub axis: TimeAxis,
    /// Series.
    pub lines: Vec<Line>,
    /// Y-axis description.
    pub y_desc: String,
    /// Values are percentages (labels get « % »).
    pub percent: bool,
    /// Peaks to annotate with date and value.
    pub marks: Vec<Mark>,
    /// Optional lower panel.
    pub secondary: Option<Secondary>,
}

fn y_max(values: impl Iterator<Item = f64>) -> f64 {
    let m = values.fold(0.0f64, f64::max);
    if m > 0.0 {
        m * 1.18
    } else {
        1.0
    }
}

fn fmt_value(v: f64, percent: bool) -> String {
    if percent {
        format!("{}\u{a0}%", decimal(v, 1))
    } else if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        decimal(v, 1)
    }
}

/// A value-axis tick label. plotters puts at most 10 ticks on an axis (fewer where a chart asks
/// for fewer), a step of 1, 2 or 5 times a power of ten, so the step is at least a tenth of the
/// span and this many decimals tell every tick apart (one more than needed at worst: "1,0").
fn y_tick(v: f64, span: f64) -> String {
    decimal(v, tick_decimals(span))
}

/// Decimals that tell apart the ticks of an axis `0..span` (see [`y_tick`]).
pub(super) fn tick_decimals(span: f64) -> usize {
    if !(span.is_finite() && span > 0.0) {
        return 0;
    }
    (-(span / 10.0).log10().floor()).clamp(0.0, 6.0) as usize
}

impl Chart for LineChart {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(de)?;
        let (_, h) = root.dim_in_pixel();
        let items: Vec<(&str, usize)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (l.label.as_str(), i))
            .collect();
        let plot = titled_with_legend(root, &self.title, &items, false)?;
        if self.axis.periods.is_empty() {
            let style = TextStyle::from((FONT, 22).into_font())
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let (w, h) = plot.dim_in_pixel();
            let at = ((w / 2) as i32, (h / 2) as i32);
            let text = Text::new("Aucun article daté dans le périmètre", at, style);
            return plot.draw(&text).map_err(de);
        }
        let Some(sec) = &self.secondary else {
            return self.draw_main(&plot);
        };
        let (upper, lower) = plot.split_vertically((f64::from(h) * 0.66) as u32);
        self.draw_main(&upper)?;
        draw_secondary(&lower, &self.axis, sec)
    }
}

impl LineChart {
    fn draw_main<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let ymax = y_max(self.lines.iter().flat_map(|l| l.values.iter().copied()));
        let mut chart = ChartBuilder::on(area)
            .margin(12)
            .margin_right(20)
            .x_label_area_size(if self.secondary.is_some() { 10 } else { 45 })
            .y_label_area_size(75)
            .build_cartesian_2d(self.axis.x_range(), 0.0..ymax)
            .map_err(de)?;
        let hide_x = self.secondary.is_some();
        let fx = |x: &f64| {
            if hide_x {
                String::new()
            } else {
                self.axis.tick(*x)
            }
        };
        let fy = |y: &f64| y_tick(*y, ymax);
        chart
            .configure_mesh()
            .x_labels(self.axis.label_count())
            .y_labels(8)
            .x_label_formatter(&fx)
            .y_label_formatter(&fy)
            .y_desc(&self.y_desc)
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 17))
            .light_line_style(WHITE)
            .draw()
            .map_err(de)?;
        for (i, line) in self.lines.iter().enumerate() {
            let c = color(i);
            let pts = |v: &[f64]| {
                v.iter()
                    .enumerate()
                    .map(|(k, v)| (k as f64, *v))
                    .collect::<Vec<_>>()
            };
            let main = match &line.smooth {
                Some(sm) => {
                    chart
                        .draw_series(LineSeries::new(
                            pts(&line.values),
                            c.mix(0.35).stroke_width(2),
                        ))
                        .map_err(de)?;
                    pts(sm)
                }
                None => pts(&line.values),
            };
            chart
                .draw_series(LineSeries::new(main, c.stroke_width(3)))
                .map_err(de)?;
        }
        self.draw_marks(&mut chart)?;
        Ok(())
    }

    fn draw_marks<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<'_, DB, TimeCoord>,
    ) -> Result<()> {
        let n = self.axis.periods.len();
        for m in &self.marks {
            let (Some(line), Some(period)) = (self.lines.get(m.line), self.axis.periods.get(m.at))
            else {
                continue;
            };
            let shown = line.smooth.as_ref().unwrap_or(&line.values);
            let v = shown.get(m.at).copied().unwrap_or(0.0);
            let when = period_label(*period, self.axis.every);
            let text = if self.lines.len() > 1 {
                format!("{when} · {} : {}", line.label, fmt_value(v, self.percent))
            } else {
                format!("{when} : {}", fmt_value(v, self.percent))
            };
            let h = if m.at * 3 < n {
                HPos::Left
            } else if m.at * 3 > 2 * n {
                HPos::Right
            } else {
                HPos::Center
            };
            let style = TextStyle::from((FONT, 15).into_font())
                .color(&BLACK)
                .pos(Pos::new(h, VPos::Bottom));
            let c = color(m.line);
            let elem = EmptyElement::at((m.at as f64, v))
                + Circle::new((0, 0), 6, c.filled())
                + Circle::new((0, 0), 6, BLACK.stroke_width(1))
                + Text::new(text, (0, -10), style);
            chart.draw_series(std::iter::once(elem)).map_err(de)?;
        }
        Ok(())
    }
}

fn draw_secondary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axis: &TimeAxis,
    sec: &Secondary,
) -> Result<()> {
    let (desc, values): (&str, Vec<f64>) = match sec {
        Secondary::Bars { desc, bars, .. } => (desc, bars.clone()),
        Secondary::Lines { desc, lines } => (
            desc,
            lines
                .iter()
                .flat_map(|l| l.values.iter().copied())
                .collect(),
        ),
    };
    let ymax = y_max(values.into_iter());
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .margin_right(20)
        .margin_top(0)
        .x_label_area_size(45)
        .y_label_area_size(75)
        .build_cartesian_2d(axis.x_range(), 0.0..ymax)
        .map_err(de)?;
    chart
        .configure_mesh()
        .x_labels(axis.label_count())
        .y_labels(4)
        .x_label_formatter(&|x| axis.tick(*x))
        .y_label_formatter(&|y| y_tick(*y, ymax))
        .y_desc(desc)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 15))
        .light_line_style(WHITE)
        .draw()
        .map_err(de)?;
    match sec {
        Secondary::Bars { bars, overlay, .. } => {
            draw_bars(&mut chart, axis, bars, overlay.as_deref())
        }
        Secondary::Lines { lines, .. } => {
            for (i, line) in lines.iter().enumerate() {
                let pts = line.values.iter().enumerate().map(|(k, v)| (k as f64, *v));
                chart
                    .draw_series(LineSeries::new(pts, color(i).stroke_width(2)))
                    .map_err(de)?;
            }
            Ok(())
        }
    }
}

type TimeCoord =
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>;

fn draw_bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, TimeCoord>,
    axis: &TimeAxis,
    bars: &[f64],
    overlay: Option<&[f64]>,
) -> Result<()> {
    let width = if axis.periods.len() > 60 { 0.5 } else { 0.38 };
    let bar = |i: usize, v: f64, style: ShapeStyle| {
        Rectangle::new([(i as f64 - width, 0.0), (i as f64 + width, v)], style)
    };
    let grey = RGBColor(200, 200, 200).filled();
    chart
        .draw_series(bars.iter().enumerate().map(|(i, v)| bar(i, *v, grey)))
        .map_err(de)?;
    if let Some(over) = overlay {
        let c = color(0).filled();
        chart
            .draw_series(over.iter().enumerate().map(|(i, v)| bar(i, *v, c)))
            .map_err(de)?;
    }
    Ok(())
}

/// Stacked areas (e.g. themes of one pair over time).
#[derive(Debug, Clone, PartialEq)]
pub struct StackedChart {
    /// Title.
    pub title: String,
    /// Time axis.
    pub axis: TimeAxis,
    /// Layers, bottom first.
    pub layers: Vec<Line>,
    /// Y-axis description.
    pub y_desc: String,
}

impl Chart for StackedChart {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(de)?;
        let tops = cumulative(&self.layers, self.axis.periods.len());
        let ymax = y_max(tops.last().into_iter().flatten().copied());
        let items: Vec<(&str, usize)> = self
            .layers
            .iter()
            .enumerate()
            .rev()
            .map(|(i, l)| (l.label.as_str(), i))
            .collect();
        let plot = titled_with_legend(root, &self.title, &items, true)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .margin_right(20)
            .x_label_area_size(45)
            .y_label_area_size(75)
            .build_cartesian_2d(self.axis.x_range(), 0.0..ymax)
            .map_err(de)?;
        chart
            .configure_mesh()
            .x_labels(self.axis.label_count())
            .x_label_formatter(&|x| self.axis.tick(*x))
            .y_label_formatter(&|y| y_tick(*y, ymax))
            .y_desc(&self.y_desc)
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 17))
            .light_line_style(WHITE)
            .draw()
            .map_err(de)?;
        for (i, top) in tops.iter().enumerate().rev() {
            let c = color(i);
            let pts: Vec<(f64, f64)> = top
                .iter()
                .enumerate()
                .map(|(k, v)| (k as f64, *v))
                .collect();
            chart
                .draw_series(
                    AreaSeries::new(pts, 0.0, c.mix(0.9).filled())
                        .border_style(WHITE.stroke_width(1)),
                )
                .map_err(de)?;
        }
        Ok(())
    }
}

/// Running sums of the layers (the top edge of each stacked area).
fn cumulative(layers: &[Line], n: usize) -> Vec<Vec<f64>> {
    let mut tops: Vec<Vec<f64>> = Vec::new();
    for layer in layers {
        let prev = tops.last().cloned().unwrap_or_else(|| vec![0.0; n]);
        let top = (0..n).map(|i| prev[i] + layer.values.get(i).copied().unwrap_or(0.0));
        tops.push(top.collect());
    }
    tops
}

/// Draws the title and, for more than one item, a legend column on the
/// right; returns the remaining plotting area.
fn titled_with_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    items: &[(&str, usize)],
    boxes: bool,
) -> Result<DrawingArea<DB, Shift>> {
    let (w, _) = root.dim_in_pixel();
    let area = root
        .margin(8, 0, 0, 0)
        .titled(title, (FONT, title_size(title, w)))
        .map_err(de)?;
    if items.len() < 2 {
        return Ok(area);
    }
    let (plot, side) = area.split_horizontally(w.saturating_sub(LEGEND_WIDTH));
    draw_legend_column(&side, items, boxes)?;
    Ok(plot)
}

/// Title font size: smaller for long titles so that they fit the width.
fn title_size(title: &str, width: u32) -> u32 {
    let fits = (f64::from(width) / 15.0) as usize;
    let len = title.chars().count().max(1);
    if len <= fits {
        26
    } else {
        ((26 * fits / len) as u32).max(16)
    }
}

/// Width in pixels of the legend column on the right of time charts.
const LEGEND_WIDTH: u32 = 230;

/// Draws a legend as a column of (swatch, label) rows; `boxes` draws filled
/// squares (areas) instead of line segments.
fn draw_legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(&str, usize)],
    boxes: bool,
) -> Result<()> {
    let style = TextStyle::from((FONT, 15).into_font())
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (row, (label, idx)) in items.iter().enumerate() {
        let y = 40 + row as i32 * 24;
        let c = color(*idx);
        if boxes {
            area.draw(&Rectangle::new([(8, y - 7), (24, y + 7)], c.filled()))
                .map_err(de)?;
        } else {
            area.draw(&PathElement::new(vec![(4, y), (28, y)], c.stroke_width(3)))
                .map_err(de)?;
        }
        area.draw(&Text::new(label.to_string(), (36, y), style.clone()))
            .map_err(de)?;
    }
    Ok(())
}

/// Horizontal bar chart (e.g. top pairs for a theme), largest at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Title.
    pub title: String,
    /// Category labels, in display order (top first).
    pub labels: Vec<String>,
    /// Bar lengths.
    pub values: Vec<f64>,
    /// Text written at the end of each bar.
    pub notes: Vec<String>,
    /// Value-axis description.
    pub x_desc: String,
}

impl Chart for BarChart {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(de)?;
        let n = self.labels.len().max(1);
        let xmax = y_max(self.values.iter().copied()) * 1.15;
        let longest = self
            .labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(4) as u32;
        let label_width = (longest * 10 + 24).clamp(60, 400);
        let label_at = |y: f64| self.label_at(y, n);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, 28).into_font())
            .margin(12)
            .margin_right(40)
            .x_label_area_size(50)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0.0..xmax, -0.5..(n as f64 - 0.5))
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| label_at(*y))
            .x_label_formatter(&|x| y_tick(*x, xmax))
            .x_desc(&self.x_desc)
            .label_style((FONT, 16))
            .axis_desc_style((FONT, 17))
            .light_line_style(WHITE)
            .draw()
            .map_err(de)?;
        self.draw_bars(&mut chart, n)
    }
}

type BarCoord =
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>;

impl BarChart {
    /// Category label of the tick at `y` (the first category is at the top).
    fn label_at(&self, y: f64, n: usize) -> String {
        let k = y.round();
        if (y - k).abs() > 0.01 || k < 0.0 || k as usize >= n {
            return String::new();
        }
        self.labels
            .get(n - 1 - k as usize)
            .cloned()
            .unwrap_or_default()
    }

    fn draw_bars<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<'_, DB, BarCoord>,
        n: usize,
    ) -> Result<()> {
        let y_of = |i: usize| (n - 1 - i) as f64;
        let bars = self.values.iter().enumerate().map(|(i, v)| {
            Rectangle::new(
                [(0.0, y_of(i) - 0.35), (*v, y_of(i) + 0.35)],
                color(0).filled(),
            )
        });
        chart.draw_series(bars).map_err(de)?;
        let style = TextStyle::from((FONT, 15).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let notes = self
            .values
            .iter()
            .zip(&self.notes)
            .enumerate()
            .map(|(i, (v, t))| {
                EmptyElement::at((*v, y_of(i))) + Text::new(t.clone(), (8, 0), style.clone())
            });
        chart.draw_series(notes).map_err(de)?;
        Ok(())
    }
}

/// Small multiples: one panel per series, sharing the y scale.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallMultiples {
    /// Overall title.
    pub title: String,
    /// Time axis.
    pub axis: TimeAxis,
    /// One panel per line.
    pub panels: Vec<Line>,
    /// Values are percentages.
    pub percent: bool,
}

impl Chart for SmallMultiples {
    fn draw_on<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(de)?;
        let (w, _) = root.dim_in_pixel();
        let area = root
            .margin(8, 0, 0, 0)
            .titled(&self.title, (FONT, title_size(&self.title, w)))
            .map_err(de)?;
        let n = self.panels.len().max(1);
        let cols = ((n as f64 * 1.7).sqrt().ceil() as usize).clamp(1, n);
        let rows = n.div_ceil(cols);
        let ymax = y_max(self.panels.iter().flat_map(|l| l.values.iter().copied()));
        for (i, cell) in area.split_evenly((rows, cols)).iter().enumerate() {
            if let Some(panel) = self.panels.get(i) {
                self.draw_panel(cell, panel, i, ymax)?;
            }
        }
        Ok(())
    }
}

impl SmallMultiples {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        panel: &Line,
        i: usize,
        ymax: f64,
    ) -> Result<()> {
        let mut chart = ChartBuilder::on(cell)
            .caption(&panel.label, (FONT, 17).into_font())
            .margin(6)
            .margin_right(14)
            .x_label_area_size(24)
            .y_label_area_size(44)
            .build_cartesian_2d(self.axis.x_range(), 0.0..ymax)
            .map_err(de)?;
        let ticks = |x: f64| {
            let k = x.round() as usize;
            let n = self.axis.periods.len();
            let edge = k == 0 || k + 1 == n;
            if edge {
                self.axis.tick(x)
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(self.axis.label_count())
            .y_labels(4)
            .x_label_formatter(&|x| ticks(*x))
            .y_label_formatter(&|y| {
                if self.percent {
                    format!("{}\u{a0}%", y_tick(*y, ymax))
                } else {
                    y_tick(*y, ymax)
                }
            })
            .label_style((FONT, 12))
            .light_line_style(WHITE)
            .draw()
            .map_err(de)?;
        let c = color(i);
        let pts: Vec<(f64, f64)> = panel
            .values
            .iter()
            .enumerate()
            .map(|(k, v)| (k as f64, *v))
            .collect();
        chart
            .draw_series(AreaSeries::new(pts.clone(), 0.0, c.mix(0.2).filled()))
            .map_err(de)?;
        chart
            .draw_series(LineSeries::new(pts, c.stroke_width(2)))
            .map_err(de)?;
        Ok(())
    }
}
