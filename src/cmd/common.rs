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

/// The outlet's home country, for the country tagger (see `data/sources-fr.tsv`).
#[derive(Debug, Clone, clap::Args)]
pub struct HomeArgs {
    /// Home country (ISO code, e.g. FR) of records whose `source` and `url` are not in the
    /// bundled table of outlets (data/sources-fr.tsv). Listed outlets always use their own
    /// (none for international ones such as BBC Afrique); without this option, unlisted
    /// outlets have none.
    #[arg(long, value_name = "CODE")]
    pub home_country: Option<String>,
}

impl HomeArgs {
    /// The fallback home country, checked against the gazetteer's codes.
    pub fn fallback(
        &self,
        tagger: &crate::countries::CountryTagger,
    ) -> anyhow::Result<Option<String>> {
        match &self.home_country {
            None => Ok(None),
            Some(c) => {
                let code = c.trim().to_ascii_uppercase();
                if tagger.name_fr(&code).is_none() {
                    bail!("--home-country {c:?} is not an ISO 3166-1 alpha-2 country code the gazetteer knows (e.g. FR, MA, BE)");
                }
                Ok(Some(code))
            }
        }
    }
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
