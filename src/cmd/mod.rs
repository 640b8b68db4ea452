//! The command-line interface: one file per subcommand, each starting with its usage.
//! The library does the work; these files wire inputs to outputs.

pub mod common;
pub mod demo;
pub mod eval;
pub mod report;
pub mod score;
pub mod train;

use clap::{Parser, Subcommand};

/// veille tags French-language news by theme (and country pair) and turns the tags into trend
/// reports.
#[derive(Debug, Parser)]
#[command(name = "veille", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a theme model from labelled articles (JSONL, CSV or Parquet).
    Train(train::TrainArgs),
    /// Tag articles with a trained model; one JSON object per article on standard output.
    Score(score::ScoreArgs),
    /// Measure a model on labelled articles: precision, recall and F1 per label.
    Eval(eval::EvalArgs),
    /// Build trend charts, tables and an HTML page from scored articles.
    Report(report::ReportArgs),
    /// Train on the bundled data, score the seed article, and build the demo reports.
    Demo(demo::DemoArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Train(a) => train::run(&a),
        Command::Score(a) => score::run(&a),
        Command::Eval(a) => eval::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Demo(a) => demo::run(&a),
    }
}

/// True when the error comes from writing to a closed pipe (`veille score … | head -1`),
/// which is not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes as one sentence ("cannot read x: permission denied").
pub fn sentence(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in e.chain() {
        let s = c.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}
