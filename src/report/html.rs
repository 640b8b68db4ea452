//! The `index.html` page of a report: charts plus a short French summary.

use std::fmt::Write as _;

use super::labels::{date_fr, every_label, percent, period_label, series_label};
use super::{Metric, ReportSummary};
use crate::trends::Every;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Only http(s) URLs become links (no `javascript:` and the like).
fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url.trim())
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1240px;margin:2em auto;padding:0 1em;color:#222}\
figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}table{border-collapse:collapse;width:100%}\
td,th{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}\
.num{text-align:right;white-space:nowrap}ul.arts{margin:0;padding-left:1.1em}small{color:#666}";

/// Renders the whole page.
pub fn render_index(
    title: &str,
    summary: &ReportSummary,
    images: &[(String, String)],
    every: Every,
    metric: Metric,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n",
        t = escape(title)
    );
    h.push_str(&summary_list(summary, every));
    for (file, caption) in images {
        let _ = writeln!(
            h,
            "<figure><img src=\"{f}\" alt=\"{c}\"><figcaption>{c}</figcaption></figure>",
            f = escape(file),
            c = escape(caption)
        );
    }
    h.push_str(&peaks_table(summary, every, metric));
    h.push_str("<p>Tables : <a href=\"coverage.csv\">coverage.csv</a> · <a href=\"coverage.parquet\">coverage.parquet</a> \
<small>(colonnes period_start, series, matching, total, share ; share = matching / total)</small></p>\n</body>\n</html>\n");
    h
}

fn summary_list(s: &ReportSummary, every: Every) -> String {
    let c = &s.coverage;
    let period = match (c.first_day, c.last_day) {
        (Some(a), Some(b)) => format!("du {} au {}", date_fr(a), date_fr(b)),
        _ => "aucun article daté".to_string(),
    };
    let mut h = String::from("<ul>\n");
    let _ = writeln!(
        h,
        "<li>Période couverte : {} (par {}, {} périodes)</li>",
        escape(&period),
        every_label(every),
        s.periods
    );
    let _ = writeln!(
        h,
        "<li>Articles lus : {} ; dans le périmètre (sources et dates) : {}</li>",
        c.records, c.in_scope
    );
    let _ = writeln!(
        h,
        "<li>Articles sans date exploitable (non comptés) : {}</li>",
        c.undated
    );
    if s.skipped_lines > 0 {
        let _ = writeln!(
            h,
            "<li>Lignes invalides ignorées : {}</li>",
            s.skipped_lines
        );
    }
    let _ = writeln!(h, "<li>Séries : {}</li>\n</ul>", s.series);
    h
}

fn peaks_table(s: &ReportSummary, every: Every, metric: Metric) -> String {
    if s.peaks.is_empty() {
        return "<p>Aucun pic détecté.</p>\n".to_string();
    }
    let mut h = String::from(
        "<h2>Principaux pics</h2>\n<table>\n<tr><th>Série</th><th>Période</th><th class=\"num\">Valeur</th><th class=\"num\">Articles / total</th><th>Articles principaux</th></tr>\n",
    );
    for p in &s.peaks {
        let value = match metric {
            Metric::Share => percent(p.row.share),
            Metric::Count => p.row.matching.to_string(),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} / {}</td><td>{}</td></tr>",
            escape(&series_label(&p.series)),
            escape(&period_label(p.row.period_start, every)),
            escape(&value),
            p.row.matching,
            p.row.total,
            articles_list(p)
        );
    }
    h.push_str("</table>\n");
    h
}

fn articles_list(p: &super::PeakSummary) -> String {
    let mut h = String::from("<ul class=\"arts\">");
    for a in &p.articles {
        let text = escape(a.title.as_deref().unwrap_or(&a.id));
        let score = a
            .score
            .map(|v| format!(" <small>({})</small>", super::labels::decimal(v, 2)))
            .unwrap_or_default();
        match a.url.as_deref().and_then(safe_url) {
            Some(u) => {
                let _ = write!(h, "<li><a href=\"{}\">{text}</a>{score}</li>", escape(u));
            }
            None => {
                let _ = write!(h, "<li>{text}{score}</li>");
            }
        }
    }
    h.push_str("</ul>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_rejects_script_urls() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" https://ex.org/a "), Some("https://ex.org/a"));
    }
}
