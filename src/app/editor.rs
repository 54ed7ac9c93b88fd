//! The notes editor: bound to one talk id, rebased onto what other sessions saved, and capped in size.
use super::{App, Focus};
use crate::notes::Timestamp;
use ratatui_textarea::{CursorMove, Input, Key, TextArea};
use std::time::{Duration, Instant};

/// Typed notes are saved this long after the last keystroke.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(500);

/// The largest note the built-in editor edits: beyond this every keystroke would cost noticeable time.
pub const MAX_EDITOR_NOTE_BYTES: usize = 256 * 1024;

/// The notes editor, while the user is editing one talk's notes. It is bound to the talk id, not to a list
/// row: refreshing, re-filtering or re-sorting the list never closes it.
#[derive(Debug)]
pub struct EditorState {
    /// The talk being edited.
    pub id: String,
    pub textarea: TextArea<'static>,
    /// The note text the editor's text descends from (opened with, or last committed or rebased onto).
    pub base: String,
    /// When Enter was last typed: an LF right after it is the rest of a CRLF.
    pub last_enter: Option<Instant>,
    /// Typed text not yet copied into the notes (and so not yet saved).
    pub dirty: bool,
    pub last_edit: Instant,
}

/// An LF this soon after an Enter is the second half of a CRLF (a paste without bracketed paste).
const CRLF_WINDOW: Duration = Duration::from_millis(20);

impl EditorState {
    /// An editor on talk `id` holding `text`, the cursor at its end.
    pub fn new(id: String, text: &str, now: Instant) -> EditorState {
        let mut textarea = TextArea::new(text.split('\n').map(String::from).collect());
        textarea.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        textarea.set_cursor_line_style(ratatui::style::Style::default());
        textarea.set_cursor_style(
            ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::REVERSED),
        );
        textarea.move_cursor(CursorMove::Bottom);
        textarea.move_cursor(CursorMove::End);
        EditorState {
            id,
            textarea,
            base: text.to_string(),
            dirty: false,
            last_edit: now,
            last_enter: None,
        }
    }

    /// The text as typed so far.
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    fn len(&self) -> usize {
        self.textarea.lines().iter().map(|l| l.len() + 1).sum()
    }

    /// Applies one key: Enter, Ctrl-J, LF and CRLF each insert one newline (the textarea's own Ctrl-J
    /// deletes to the line start, which turned a pasted `a⏎b⏎c` into `c`). Returns whether the text changed;
    /// Err when the note is at its size cap.
    pub fn input(&mut self, input: Input, now: Instant) -> Result<bool, String> {
        let newline = matches!(
            input,
            Input {
                key: Key::Enter,
                ..
            } | Input {
                key: Key::Char('\n' | '\r'),
                alt: false,
                ..
            } | Input {
                key: Key::Char('j' | 'm'),
                ctrl: true,
                alt: false,
                ..
            }
        );
        let grows = newline || matches!(input.key, Key::Char(_) | Key::Tab);
        if grows && self.len() + 4 > MAX_EDITOR_NOTE_BYTES {
            return Err(size_message());
        }
        if newline {
            let is_lf = matches!(input.key, Key::Char('j' | '\n'));
            let after_cr = self
                .last_enter
                .is_some_and(|t| now.saturating_duration_since(t) <= CRLF_WINDOW);
            self.last_enter = (!is_lf).then_some(now);
            if is_lf && after_cr {
                return Ok(false);
            }
            self.textarea.insert_newline();
            return Ok(true);
        }
        self.last_enter = None;
        Ok(self.textarea.input(input))
    }

    /// Inserts pasted (already cleaned) text, refusing what would pass the size cap.
    pub fn paste(&mut self, text: String) -> Result<bool, String> {
        if self.len() + text.len() > MAX_EDITOR_NOTE_BYTES {
            return Err(size_message());
        }
        Ok(self.textarea.insert_str(text))
    }

    /// Rebases the editor onto `theirs`, the talk's note as now saved: merged three ways against the text the
    /// editor started from, the cursor kept where it was. Returns whether the editor's text changed.
    pub fn rebase(&mut self, theirs: &str) -> bool {
        if theirs == self.base {
            return false;
        }
        let ours = self.text();
        let merged = crate::notes::merge_text(&self.base, &ours, theirs);
        self.base = theirs.to_string();
        if merged == ours {
            return false;
        }
        let (row, col) = (self.textarea.cursor().0, self.textarea.cursor().1);
        let mut textarea = TextArea::new(merged.split('\n').map(String::from).collect());
        textarea.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        textarea.set_cursor_line_style(self.textarea.cursor_line_style());
        textarea.set_cursor_style(self.textarea.cursor_style());
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        textarea.move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
        self.textarea = textarea;
        // What differs from the saved note still has to be saved.
        self.dirty = merged != theirs;
        true
    }
}

fn size_message() -> String {
    format!(
        "this note has reached the editor's limit of {} KiB: edit it with $EDITOR (E) instead",
        MAX_EDITOR_NOTE_BYTES / 1024
    )
}

impl App {
    /// Opens the editor on the selected talk's notes, unless the notes are read-only.
    pub(super) fn start_editing(&mut self) {
        let Some(talk) = self.selected_talk() else {
            return;
        };
        if let Some(reason) = &self.notes.read_only_reason {
            let text = format!("notes are read-only: {reason}");
            self.error(text);
            return;
        }
        let id = talk.id.clone();
        self.open_editor(id);
    }

    /// Stops editing, keeping what was typed.
    pub(super) fn close_editor(&mut self) {
        self.commit_editor();
        self.editor = None;
    }

    /// Copies typed text into the notes and asks for a save (editing goes on).
    pub(super) fn commit_editor(&mut self) {
        let Some(editor) = &mut self.editor else {
            return;
        };
        if !editor.dirty {
            return;
        }
        editor.dirty = false;
        let text = editor.text();
        let id = editor.id.clone();
        if self.notes.notes.set_text(&id, &text, Timestamp::now()) {
            self.notes_changed();
        }
        self.editor_committed(&text);
    }

    /// Commits typed notes that have rested for `AUTOSAVE_AFTER`; whether it did.
    pub(super) fn autosave_editor(&mut self, now: Instant) -> bool {
        let due = self.editor.as_ref().is_some_and(|e| {
            e.dirty && now.saturating_duration_since(e.last_edit) >= AUTOSAVE_AFTER
        });
        if due {
            self.commit_editor();
        }
        due
    }

    /// Opens the editor on talk `id`, or says why not (a note too big for it).
    pub(super) fn open_editor(&mut self, id: String) {
        let text = self.note_text(&id);
        if text.len() > MAX_EDITOR_NOTE_BYTES {
            self.error(size_message());
            return;
        }
        self.editor = Some(EditorState::new(id, &text, self.now));
        self.focus = Focus::Notes;
        self.narrow_notes = true;
        self.overlay = super::Overlay::None;
    }

    /// One key typed into the editor.
    pub(super) fn editor_input(&mut self, input: Input) {
        let now = self.now;
        let Some(editor) = &mut self.editor else {
            return;
        };
        match editor.input(input, now) {
            Ok(true) => {
                editor.dirty = true;
                editor.last_edit = now;
            }
            Ok(false) => {}
            Err(message) => self.error(message),
        }
    }

    /// A paste into the editor.
    pub(super) fn editor_paste(&mut self, text: &str) {
        let now = self.now;
        let Some(editor) = &mut self.editor else {
            return;
        };
        let clean = crate::notes::clean_note_text(text);
        match editor.paste(clean) {
            Ok(true) => {
                editor.dirty = true;
                editor.last_edit = now;
            }
            Ok(false) => {}
            Err(message) => self.error(message),
        }
    }

    /// After a save: if the edited talk's note changed elsewhere, merge it into the open editor now.
    pub(super) fn rebase_editor(&mut self) {
        let Some(editor) = &mut self.editor else {
            return;
        };
        let theirs = self
            .notes
            .notes
            .get(&editor.id)
            .map_or("", |n| n.text.as_str());
        if editor.rebase(theirs) {
            let dirty = editor.dirty;
            editor.last_edit = self.now;
            self.info(if dirty {
                "this note was changed elsewhere: merged into your text".into()
            } else {
                "this note was changed elsewhere: the editor shows the saved text".into()
            });
        }
    }

    /// Says so when a save dropped notes this session did not delete, and where the last good file went.
    pub(super) fn report_backup(&mut self, saved: &crate::notes::SavedNotes) {
        if let Some(backup) = &saved.backup {
            let text = format!(
                "the notes file lost {} note(s) outside confnotes; the last good file is kept in {}",
                backup.dropped,
                backup.path.display()
            );
            self.set_message(text, super::Level::Warning, Some(Duration::from_secs(30)));
        }
    }

    /// Marks the editor's text as committed: it is now the note, and so the base of the next rebase.
    pub(super) fn editor_committed(&mut self, text: &str) {
        if let Some(editor) = &mut self.editor {
            editor.base = text.to_string();
        }
    }
}

#[cfg(test)]
#[path = "editor_tests.rs"]
mod tests;
