//! The TUI's edges that protect the user's words and terminal: the start-up notices about notes, the last
//! save on exit (recovery copy, else the text on stderr), the no-terminal check, and which links may open.
use crate::app::App;
use crate::notes::{
    Notes, NotesSaver, Timestamp, find_recovery_files, recovery_notice, remove_stale_temp_files,
    unsaved_notes_text, write_recovery,
};
use anyhow::Result;
use std::io::IsTerminal;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

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

/// The most cells a frame may have (ratatui keeps two buffers of them): well above any real screen.
pub const MAX_FRAME_CELLS: u32 = 1 << 20;

/// Whether a terminal of `size` is too big to draw (its frame would exceed `MAX_FRAME_CELLS`).
pub fn frame_too_big(size: ratatui::layout::Size) -> bool {
    u32::from(size.width) * u32::from(size.height) > MAX_FRAME_CELLS
}

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

/// An external editor returning this fast without a change probably forked into a GUI and did not wait.
const EDITOR_RETURNED_AT_ONCE: Duration = Duration::from_secs(1);

/// The external editor exited with an error after writing: the text is not applied, but not lost either.
#[derive(Debug, thiserror::Error)]
#[error("{editor} exited with {status}")]
pub struct EditorFailed {
    editor: String,
    status: ExitStatus,
    edited: String,
}

/// What an external edit came to: the edited text; or, when the editor failed (`:cq`) after changing it,
/// `EditorFailed` so that the caller keeps the text; or a hint for a GUI editor that did not wait.
pub fn external_edit_outcome(
    editor: &str,
    status: ExitStatus,
    took: Duration,
    before: &str,
    edited: String,
) -> Result<String> {
    let changed = edited != before;
    if !status.success() {
        if changed {
            return Err(EditorFailed {
                editor: editor.to_string(),
                status,
                edited,
            }
            .into());
        }
        anyhow::bail!("{editor} exited with {status}; notes unchanged");
    }
    if !changed && took < EDITOR_RETURNED_AT_ONCE {
        anyhow::bail!(
            "{editor} returned at once without a change; a GUI editor must wait for the file to close, e.g. EDITOR=\"code --wait\" or \"gvim -f\""
        );
    }
    Ok(edited)
}

/// Keeps the text of a failed external edit as a recovery file beside the notes (it is not applied).
pub fn keep_failed_external_edit(app: &App, id: &str, result: Result<String>) -> Result<String> {
    let Err(e) = result else { return result };
    let Some(failed) = e.downcast_ref::<EditorFailed>() else {
        return Err(e);
    };
    let mut notes = Notes::default();
    notes.set_text(id, &failed.edited, Timestamp::now());
    let kept = match &app.notes.path {
        Some(path) => write_recovery(path, &notes),
        None => write_recovery(&std::env::temp_dir().join("notes.toml"), &notes),
    };
    match kept {
        Ok(copy) => anyhow::bail!(
            "{e}: the edit was not applied; it is kept in {}",
            copy.display()
        ),
        Err(e2) => anyhow::bail!("{e}: the edit was not applied, and keeping it failed: {e2}"),
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
    use super::*;

    fn exit(code: i32) -> ExitStatus {
        std::os::unix::process::ExitStatusExt::from_raw(code << 8)
    }

    #[test]
    fn an_editor_failing_after_writing_keeps_the_text_in_a_recovery_file() {
        let (app, dir) = crate::app::tests::app();
        let out = external_edit_outcome("vi", exit(1), Duration::from_secs(5), "old", "new".into());
        let kept = keep_failed_external_edit(&app, "c/a", out)
            .unwrap_err()
            .to_string();
        assert!(
            kept.contains("not applied") && kept.contains("recovery"),
            "{kept}"
        );
        let found = crate::notes::find_recovery_files(&dir.path().join("notes.toml"));
        assert_eq!(found.len(), 1);
        let text = std::fs::read_to_string(&found[0].path).unwrap();
        assert!(text.contains("\"c/a\"") && text.contains("new"), "{text}");
        // Failing without a change loses nothing: no file.
        let out = external_edit_outcome("vi", exit(1), Duration::from_secs(5), "old", "old".into());
        assert!(keep_failed_external_edit(&app, "c/a", out).is_err());
        assert_eq!(
            crate::notes::find_recovery_files(&dir.path().join("notes.toml")).len(),
            1
        );
    }

    #[test]
    fn an_editor_returning_at_once_unchanged_gets_the_wait_hint() {
        let out =
            external_edit_outcome("code", exit(0), Duration::from_millis(30), "x", "x".into());
        assert!(out.unwrap_err().to_string().contains("--wait"));
        let out = external_edit_outcome("vi", exit(0), Duration::from_millis(30), "x", "y".into());
        assert_eq!(out.unwrap(), "y");
    }

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
