//! Pieces shared by the subcommands: reading inputs with `--skip-invalid` handling, progress.

use crate::corpus::{self, Format, Input, RawRecord, RecordError, SkipReport};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Options about bad records, shared by every command that reads articles.
#[derive(Debug, Clone, clap::Args)]
pub struct InvalidArgs {
    /// Go on past invalid records: count them, report why on standard error, and keep every
    /// good record. Without it, the first invalid record stops the run with its file and line.
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid, also write each rejected record (its raw line, when there is one)
    /// with the reason to this JSONL file.
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
}

/// Decides what happens to bad records: stop (default) or count and go on.
pub struct InvalidPolicy {
    skip: bool,
    report: SkipReport,
    rejects: Option<crate::atomic::AtomicFile>,
}

impl InvalidPolicy {
    /// A policy from the command-line options.
    pub fn new(args: &InvalidArgs) -> anyhow::Result<InvalidPolicy> {
        let rejects = match &args.rejects {
            Some(p) => Some(
                crate::atomic::AtomicFile::create(p)
                    .with_context(|| format!("cannot create the rejects file {}", p.display()))?,
            ),
            None => None,
        };
        Ok(InvalidPolicy {
            skip: args.skip_invalid,
            report: SkipReport::default(),
            rejects,
        })
    }

    /// Handles one bad record: an error to stop with, or `Ok` after counting it.
    /// Errors about a whole input (unreadable, a directory) always stop the run.
    pub fn reject(&mut self, e: RecordError, raw: Option<&RawRecord>) -> anyhow::Result<()> {
        if !self.skip || e.is_fatal() {
            let hint = if e.is_fatal() {
                ""
            } else {
                " (use --skip-invalid to skip such records)"
            };
            bail!("{e}{hint}");
        }
        if let Some(w) = self.rejects.as_mut() {
            let line = serde_json::json!({
                "source": e.source,
                "position": e.position.as_ref().map(|p| p.to_string()),
                "reason": e.to_string(),
                "raw": raw.and_then(|r| r.raw.clone()),
            });
            writeln!(w, "{line}").context("cannot write the rejects file")?;
        }
        self.report.add(&e);
        Ok(())
    }

    /// Prints the skip summary on standard error and commits the rejects file.
    pub fn finish(mut self) -> anyhow::Result<usize> {
        if let Some(s) = self.report.summary() {
            eprintln!("veille: {s}");
        }
        if let Some(w) = self.rejects.take() {
            w.commit().context("cannot write the rejects file")?;
        }
        Ok(self.report.total())
    }
}

/// The format of an input path, or `Plain` when `plain` is set.
pub fn format_of(path: &Path, plain: bool) -> Format {
    if plain {
        Format::Plain
    } else {
        Format::from_path(path)
    }
}

/// Reads every record of `paths`, converting each with `convert`; bad records go through
/// `policy`.
pub fn load_all<T>(
    paths: &[PathBuf],
    policy: &mut InvalidPolicy,
    mut convert: impl FnMut(&RawRecord) -> Result<T, RecordError>,
) -> anyhow::Result<Vec<T>> {
    let mut out = Vec::new();
    for p in paths {
        let input = Input::from_arg(p);
        for item in corpus::read(&input, format_of(p, false)) {
            match item {
                Ok(raw) => match convert(&raw) {
                    Ok(t) => out.push(t),
                    Err(e) => policy.reject(e, Some(&raw))?,
                },
                Err(e) => policy.reject(e, None)?,
            }
        }
    }
    Ok(out)
}

/// A spinner counting records on standard error, hidden when standard error is not a terminal.
pub fn spinner(what: &'static str) -> ProgressBar {
    let pb = ProgressBar::new_spinner();
    if !std::io::stderr().is_terminal() {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    let style = ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    pb.set_style(style);
    pb.set_message(what);
    pb
}

/// Splits a comma-separated list argument.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}
