//! Personal notes and follow-up marks, keyed by talk id: the one thing here that cannot be re-downloaded.
//!
//! A session opens a `NotesStore`, edits `store.notes`, and hands `store.snapshot()` to a `NotesSaver` after
//! each change. Every save locks `notes.toml.lock`, re-reads the file, merges three-way (so another session's
//! notes survive) and replaces the file atomically. A file that does not parse is never written.
//!
//! ```no_run
//! use confnotes::config::resolve_notes_path;
//! use confnotes::notes::{NotesStore, SaveOutcome, Timestamp, write_recovery};
//! # let (cli_notes, config) = (None, confnotes::config::Config::default());
//! let mut store = NotesStore::open(resolve_notes_path(cli_notes, &config));
//! if let Some(reason) = &store.read_only_reason {
//!     eprintln!("{reason}"); // show it, and refuse edits
//! }
//! let (events, outcomes) = std::sync::mpsc::channel(); // the UI loop's own channel, in practice
//! let saver = store.spawn_saver(move |outcome| drop(events.send(outcome)));
//! // After an edit:
//! if store.notes.set_text("europython-2015/parallelism-shootout", "watch again", Timestamp::now()) {
//!     if let Some(saver) = &saver {
//!         saver.save(store.snapshot());
//!     }
//! }
//! // When an outcome arrives: fold other sessions' changes in, or show the error (the saver retries).
//! match outcomes.recv() {
//!     Ok(SaveOutcome::Saved(saved)) => store.adopt(&saved),
//!     Ok(SaveOutcome::Failed { error, retry_in }) => eprintln!("{error} (retrying in {retry_in:?})"),
//!     Err(_) => {}
//! }
//! // On exit: save now; if that fails, keep a copy somewhere.
//! if let (Some(saver), Some(path)) = (&saver, &store.path) {
//!     if let Err(e) = saver.flush() {
//!         let copy = write_recovery(path, &store.notes);
//!         eprintln!("{e}; notes copied to {copy:?}");
//!     }
//! }
//! ```
mod backup;
mod file;
mod lock;
mod merge;
mod merge_text;
mod model;
mod recording;
mod recovery;
mod saver;
mod scratch;

pub use backup::{BACKUPS_KEPT, Backup, backup_path};
pub use file::{
    NotesError, format_notes, load_notes, parse_notes, read_notes, update_notes_file,
    write_atomically, write_recovery,
};
pub use lock::{LOCK_WAIT_LIMIT, NotesLock, lock_notes, lock_notes_within, on_lock_wait};
pub use merge::{CONFLICT_END, CONFLICT_OURS, CONFLICT_SEPARATOR, conflict_text, merge};
pub use merge_text::merge_text;
pub use model::{Note, Notes, Status, Timestamp, clean_note_text};
pub use recording::{recording_available, recording_link};
pub use recovery::{
    RecoveryFile, find_recovery_files, recovery_notice, remove_stale_temp_files, unsaved_notes_text,
};
pub use saver::{
    FIRST_RETRY_DELAY, MAX_RETRY_DELAY, NotesSaver, SaveOutcome, SaveState, SavedNotes, Snapshot,
    WATCH_INTERVAL,
};
pub use scratch::{
    SCRATCH_ID, day_scratch_id, is_scratch, scratch_day, scratch_talk, scratch_talk_for,
    scratch_title,
};

use std::path::PathBuf;

/// One session's notes: what it loaded, its edits, and whether it may save at all.
#[derive(Debug)]
pub struct NotesStore {
    /// The notes file (None when there is no place for one).
    pub path: Option<PathBuf>,
    /// The notes as this session sees them; edit them, then save a `snapshot`.
    pub notes: Notes,
    /// Why this session must not save (the file does not parse or cannot be read, or there is no path);
    /// its message says how to recover. While set, the session should refuse edits.
    pub read_only_reason: Option<NotesError>,
    /// As loaded; the first base for merging.
    loaded: Notes,
    /// Generation of the last save result folded into `notes` (0: the load).
    adopted: u64,
}

impl NotesStore {
    /// Loads the notes at `path` (None: read-only, with `NotesError::NoPath`). Never fails: a problem makes
    /// the store read-only and empty, and the file is left as it is.
    pub fn open(path: Option<PathBuf>) -> NotesStore {
        let (notes, reason) = match &path {
            None => (Notes::default(), Some(NotesError::NoPath)),
            Some(p) => match load_notes(p) {
                // A read-only file is shown, but edits are refused up front so no typed word is lost.
                Ok(notes) => (notes, file::check_writable(p).err()),
                Err(e) => (Notes::default(), Some(e)),
            },
        };
        NotesStore {
            path,
            loaded: notes.clone(),
            notes,
            read_only_reason: reason,
            adopted: 0,
        }
    }

    /// Whether saving is refused (see `read_only_reason`).
    pub fn is_read_only(&self) -> bool {
        self.read_only_reason.is_some()
    }

    /// The current notes, to hand to `NotesSaver::save`.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            notes: self.notes.clone(),
            adopted: self.adopted,
        }
    }

    /// The saving state for this session, or None if it is read-only.
    pub fn save_state(&self) -> Option<SaveState> {
        match (&self.path, &self.read_only_reason) {
            (Some(path), None) => Some(SaveState::new(path.clone(), self.loaded.clone())),
            _ => None,
        }
    }

    /// Starts a background saver for this session (None if it is read-only).
    pub fn spawn_saver(
        &self,
        on_done: impl Fn(SaveOutcome) + Send + 'static,
    ) -> Option<NotesSaver> {
        self.save_state()
            .map(|state| NotesSaver::spawn(state, on_done))
    }

    /// Folds a save result in: other sessions' changes join `notes`, and edits made since the snapshot
    /// was taken stay. Older results than one already adopted are ignored.
    pub fn adopt(&mut self, saved: &SavedNotes) {
        if saved.generation > self.adopted {
            self.notes = merge(&saved.snapshot, &self.notes, &saved.merged);
            self.adopted = saved.generation;
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fault_tests;
