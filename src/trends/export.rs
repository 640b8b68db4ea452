//! Writing the coverage table as CSV and Parquet, atomically.
//!
//! # Column contract
//! | column            | CSV             | Parquet   | meaning                                   |
//! |-------------------|-----------------|-----------|-------------------------------------------|
//! | `period_start`    | `YYYY-MM-DD`    | `Date`    | first day of the bucket                   |
//! | `series`          | text            | `String`  | series name (`FR-MA/securite`, ...)       |
//! | `matching`        | integer         | `UInt64`  | articles of the bucket matching the series|
//! | `total`           | integer         | `UInt64`  | articles of the bucket in the population  |
//! | `share`           | decimal         | `Float64` | `matching / total`, 0 when `total` is 0   |
//! | `share_smooth`    | decimal         | `Float64` | only with smoothing: rolling mean of share|
//! | `matching_smooth` | decimal         | `Float64` | only with smoothing: rolling mean of count|
//!
//! Rows are sorted by series (display order), then `period_start`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use polars::prelude::*;

use super::period::to_days;
use super::TrendTable;

/// Writes a file atomically: `write` fills a temporary file created in the
/// same directory (same extension, so format-sniffing writers work), which is
/// then flushed and renamed over `path`.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&Path) -> Result<()>,
{
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp{ext}", std::process::id()));
    let result = write(&tmp).and_then(|()| {
        File::open(&tmp).and_then(|f| f.sync_all()).ok();
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move {} into place", path.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes bytes atomically (see [`write_atomic`]).
pub fn write_bytes_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |tmp| {
        std::fs::write(tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))
    })
}

/// Converts the table to a DataFrame following the column contract.
pub fn table_to_dataframe(table: &TrendTable) -> Result<DataFrame> {
    let rows = &table.rows;
    let days: Vec<i32> = rows.iter().map(|r| to_days(r.period_start)).collect();
    let mut cols = vec![
        Column::new("period_start".into(), days).cast(&DataType::Date)?,
        Column::new(
            "series".into(),
            rows.iter().map(|r| r.series.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "matching".into(),
            rows.iter().map(|r| r.matching).collect::<Vec<_>>(),
        ),
        Column::new(
            "total".into(),
            rows.iter().map(|r| r.total).collect::<Vec<_>>(),
        ),
        Column::new(
            "share".into(),
            rows.iter().map(|r| r.share).collect::<Vec<_>>(),
        ),
    ];
    if table.smooth.is_some() {
        cols.push(Column::new(
            "share_smooth".into(),
            rows.iter().map(|r| r.share_smooth).collect::<Vec<_>>(),
        ));
        cols.push(Column::new(
            "matching_smooth".into(),
            rows.iter().map(|r| r.matching_smooth).collect::<Vec<_>>(),
        ));
    }
    Ok(DataFrame::new(rows.len(), cols)?)
}

/// Writes the table as CSV (atomically).
pub fn write_csv(table: &TrendTable, path: &Path) -> Result<()> {
    write_atomic(path, |tmp| {
        let file = File::create(tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut w = csv::Writer::from_writer(BufWriter::new(file));
        let smooth = table.smooth.is_some();
        let mut header = vec!["period_start", "series", "matching", "total", "share"];
        if smooth {
            header.extend(["share_smooth", "matching_smooth"]);
        }
        w.write_record(&header)?;
        for r in &table.rows {
            let mut rec = vec![
                r.period_start.format("%Y-%m-%d").to_string(),
                r.series.clone(),
                r.matching.to_string(),
                r.total.to_string(),
                r.share.to_string(),
            ];
            if smooth {
                let fmt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                rec.extend([fmt(r.share_smooth), fmt(r.matching_smooth)]);
            }
            w.write_record(&rec)?;
        }
        w.into_inner()
            .map_err(|e| anyhow!("cannot flush {}: {e}", tmp.display()))?
            .flush()?;
        Ok(())
    })
}

/// Writes the table as Parquet (atomically).
pub fn write_parquet(table: &TrendTable, path: &Path) -> Result<()> {
    let mut df = table_to_dataframe(table)?;
    write_atomic(path, |tmp| {
        let mut file =
            File::create(tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        ParquetWriter::new(&mut file)
            .finish(&mut df)
            .map_err(|e| anyhow!("cannot write Parquet {}: {e}", tmp.display()))?;
        Ok(())
    })
}
