// As gitui does: no unwrap, expect or panic in the product; tests may (clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use confnotes::cli::{parse_args, run_command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = parse_args();
    let result = match &cli.command {
        Some(command) => run_command(&cli, command, &mut std::io::stdout().lock()),
        None => {
            few_malloc_arenas();
            confnotes::tui::run(&cli)
        }
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

/// glibc gives each thread that allocates an arena of its own, up to 8 per core; the loader's threads
/// (decode, fold, fingerprint walk) each leave theirs part-empty, and at 200k talks that held 100 MB more
/// resident (763 MB against 666 MB with two arenas, measured on the loaded TUI). Two are enough for two
/// busy threads. The TUI only: a one-shot command is over before its memory matters, and there two arenas
/// cost 10% of a 22k `search` (244 against 216 ms, more time in the kernel).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn few_malloc_arenas() {
    const M_ARENA_MAX: std::ffi::c_int = -8;
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: mallopt only sets an allocator parameter; called before the TUI starts any thread.
    unsafe {
        mallopt(M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn few_malloc_arenas() {}

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
