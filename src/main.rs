// As gitui does: no unwrap, expect or panic in the product; tests may (clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use confnotes::cli::{parse_args, run_command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = parse_args();
    let result = match &cli.command {
        Some(command) => run_command(&cli, command, &mut std::io::stdout().lock()),
        None => confnotes::tui::run(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `confnotes list | head` closing the pipe early is not an error worth a message.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("confnotes: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}
