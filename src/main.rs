use clap::Parser;
use confnotes::cli::{Cli, run_command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => run_command(&cli, command, &mut std::io::stdout().lock()),
        None => confnotes::tui::run(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("confnotes: {e:#}");
            ExitCode::FAILURE
        }
    }
}
