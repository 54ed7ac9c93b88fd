//! The TUI's edges that protect the user's words and terminal: the start-up notices about notes, the last
//! save on exit (recovery copy, else the text on stderr), the no-terminal check, and which links may open.
use crate::app::App;
use crate::notes::{
    NotesSaver, find_recovery_files, recovery_notice, remove_stale_temp_files, unsaved_notes_text,
    write_recovery,
};
use anyhow::Result;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The signals that end the TUI through its saving exit path (like a quit).
#[cfg(unix)]
pub const EXIT_SIGNALS: [i32; 8] = {
    use signal_hook::consts::*;
    [
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU,
    ]
};

/// How many exit signals arrived (the signal thread counts them), so the exit path can tell a new one.
pub static SIGNALS_SEEN: AtomicUsize = AtomicUsize::new(0);

/// Refuses to start without a terminal (a one-line error instead of a panic with a backtrace).
pub fn require_terminal() -> Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "no terminal: the interactive browser needs one (use a subcommand such as `confnotes list` in scripts)"
        );
    }
    Ok(())
}

/// Tidies what killed sessions left beside the notes file, and says if there are recovery copies.
pub fn notes_start_notice(app: &mut App) {
    let Some(path) = app.notes.path.clone() else {
        return;
    };
    remove_stale_temp_files(&path);
    if let Some(text) = recovery_notice(&find_recovery_files(&path)) {
        app.status.load_problems.push(text);
    }
}

/// Saves the notes one last time (editor text included, `app` already quit); if that fails writes a
/// recovery copy (beside the notes file, else in the temp directory), and if even that fails puts the
/// unsaved notes in the error, which is printed on stderr once the terminal is restored.
pub fn save_notes_on_exit(app: &mut App, saver: Option<&NotesSaver>) -> Result<()> {
    let Some(saver) = saver else { return Ok(()) };
    // The terminal is restored by now: a wait for another process's lock is told on stderr, and a signal
    // ends the wait (the notes then go to a recovery copy).
    crate::notes::on_lock_wait(|text| eprintln!("confnotes: {text}"));
    let signals_before = SIGNALS_SEEN.load(Ordering::SeqCst);
    saver.save(app.notes.snapshot());
    let Err(e) = saver.flush_unless(|| SIGNALS_SEEN.load(Ordering::SeqCst) > signals_before) else {
        return Ok(());
    };
    let Some(path) = app.notes.path.clone() else {
        return Err(e.into());
    };
    match write_recovery(&path, &app.notes.notes) {
        Ok(copy) => anyhow::bail!(
            "saving notes failed: {e}; they were written to {}",
            copy.display()
        ),
        Err(e2) => anyhow::bail!(
            "saving notes failed: {e}; and the recovery copy failed too: {e2}. The unsaved notes follow; copy them now:\n{}",
            unsaved_notes_text(&path, &app.notes.notes)
        ),
    }
}

/// Why `url` is not opened, or None when it may be: only http, https and mailto links go to a browser.
pub fn link_refusal(url: &str) -> Option<String> {
    // A scheme at the very start also means the URL can never be read as an option (`-…`).
    let starts = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if starts("http://") || starts("https://") || starts("mailto:") {
        None
    } else {
        Some(format!(
            "not opened (only http, https and mailto links are): {url}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::link_refusal;

    #[test]
    fn only_web_and_mail_links_open() {
        for ok in [
            "https://example.org/v",
            "http://example.org",
            "HTTPS://EXAMPLE.ORG",
            "mailto:a@b.c",
        ] {
            assert_eq!(link_refusal(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "-dangerous-option",
            "--help",
            "file:///etc/passwd",
            "data:text/html,x",
            "https:no-slashes",
            "example.org",
            "",
        ] {
            assert!(link_refusal(bad).is_some(), "{bad}");
        }
    }
}
