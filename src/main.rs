//! The `veille` command: dispatches to the subcommands in `veille::cmd`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = veille::cmd::Cli::parse();
    match veille::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if veille::cmd::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("veille: error: {}", veille::cmd::sentence(&e));
            ExitCode::from(1)
        }
    }
}
