//! Saving: read-merge-write under the lock, and a background thread that does it off the UI loop.
use super::backup::{Backup, Fingerprint, dropped_by_others, fingerprint, write_backup};
use super::file::{NotesError, format_notes, read_notes, write_atomically};
use super::lock::lock_notes;
use super::merge::merge;
use super::model::Notes;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A session's notes to save, with the generation of the last save result it has adopted (see
/// `NotesStore::snapshot`), which tells the saver what they descend from.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The session's notes, to save.
    pub notes: Notes,
    /// The `SavedNotes::generation` last passed to `NotesStore::adopt` (0: none).
    pub adopted: u64,
}

/// A save that reached the disk: what was sent and what was written (the snapshot merged with other
/// sessions' changes). `generation` counts the saves of this saver, from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedNotes {
    /// 1 for this saver's first save, then 2, …
    pub generation: u64,
    /// The notes the session sent.
    pub snapshot: Notes,
    /// The notes now on disk.
    pub merged: Notes,
    /// Set when this save dropped notes this session did not delete: the last good file was kept here.
    pub backup: Option<Backup>,
}

impl SavedNotes {
    /// Whether other sessions had changed the file (the session should adopt the merged notes).
    pub fn has_changes_from_elsewhere(&self) -> bool {
        self.snapshot != self.merged
    }
}

/// What one save attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// On disk.
    Saved(SavedNotes),
    /// Nothing on disk changed; the saver tries the same snapshot again after `retry_in`, unless a newer one
    /// comes first.
    Failed {
        error: NotesError,
        retry_in: Duration,
    },
}

/// The saving state of one session: the last snapshot saved and what was written for it, which are the two
/// possible bases for merging the next snapshot. Synchronous; `NotesSaver` runs it on a thread.
#[derive(Debug)]
pub struct SaveState {
    path: PathBuf,
    generation: u64,
    last_snapshot: Notes,
    last_merged: Notes,
    /// The file as this state last read or wrote it: a different one was written by someone else.
    seen: Option<Fingerprint>,
}

impl SaveState {
    /// The state of a session that loaded `loaded` from `path` (generation 0).
    pub fn new(path: PathBuf, loaded: Notes) -> SaveState {
        SaveState {
            seen: fingerprint(&path),
            path,
            generation: 0,
            last_snapshot: loaded.clone(),
            last_merged: loaded,
        }
    }

    /// When another program changed the file since this state last read or wrote it: re-reads it under the
    /// lock and reports what is on disk as a save result (with this session's last merged notes as what it
    /// sent), so that an idle session adopts it. None when the file is as it was.
    pub fn refresh_if_changed(&mut self) -> Option<Result<SavedNotes, NotesError>> {
        if fingerprint(&self.path) == self.seen {
            return None;
        }
        let snapshot = Snapshot {
            notes: self.last_merged.clone(),
            adopted: self.generation,
        };
        let result = self.save(&snapshot);
        if result.is_err() {
            self.seen = fingerprint(&self.path); // Reported once, not every second.
        }
        Some(result)
    }

    /// The file saved to.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Under the lock: re-reads the file, merges `snapshot` into it and writes the result if it differs.
    /// A file that no longer parses is left alone (an error); a missing file is written afresh from the
    /// snapshot (a missing file says nothing about which notes to drop).
    pub fn save(&mut self, snapshot: &Snapshot) -> Result<SavedNotes, NotesError> {
        // A session that adopted the last result descends from it; otherwise from the last snapshot it sent
        // (its notes only move forward), and then what else is on disk counts as the other side's change.
        let base = if snapshot.adopted == self.generation {
            &self.last_merged
        } else {
            &self.last_snapshot
        };
        let _lock = lock_notes(&self.path)?;
        let on_disk = read_notes(&self.path)?;
        let merged = match &on_disk {
            Some(theirs) => merge(base, &snapshot.notes, theirs),
            None => snapshot.notes.clone(),
        };
        let unchanged = match &on_disk {
            Some(theirs) => *theirs == merged,
            None => merged.is_empty(),
        };
        // A file emptied or truncated elsewhere: the notes it lost are kept in a backup before anything
        // else happens (if the backup cannot be written, nothing is).
        let dropped = dropped_by_others(&self.last_merged, &snapshot.notes, &merged);
        let backup = if dropped > 0 {
            Some(write_backup(&self.path, &self.last_merged, dropped)?)
        } else {
            None
        };
        if !unchanged {
            write_atomically(&self.path, format_notes(&merged)?.as_bytes())?;
        }
        self.seen = fingerprint(&self.path);
        self.generation += 1;
        self.last_snapshot = snapshot.notes.clone();
        self.last_merged = merged.clone();
        Ok(SavedNotes {
            generation: self.generation,
            snapshot: snapshot.notes.clone(),
            merged,
            backup,
        })
    }
}

/// Delay before the first retry of a failed save; it doubles on each failure, up to `MAX_RETRY_DELAY`.
pub const FIRST_RETRY_DELAY: Duration = Duration::from_secs(2);
/// The longest wait between retries.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);
/// How often an idle saver looks whether another program changed the file (a sync tool, git, an editor).
pub const WATCH_INTERVAL: Duration = Duration::from_secs(1);

enum Message {
    Save(Snapshot),
    Flush(Sender<Result<(), NotesError>>),
}

/// Saves snapshots on a background thread so the UI never waits on the disk. Snapshots queued while a
/// save runs are coalesced (only the newest is written). A failed save is reported and retried by the
/// saver itself after `FIRST_RETRY_DELAY`, doubling up to `MAX_RETRY_DELAY`, until it succeeds or a newer
/// snapshot replaces it. Dropping the saver writes what is pending and waits for the thread.
pub struct NotesSaver {
    sender: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
    /// A flush was interrupted: dropping the saver must not wait for the thread (stuck on a lock).
    abandoned: std::sync::atomic::AtomicBool,
}

impl NotesSaver {
    /// Starts the saver thread; `on_done` is called (on that thread) after every save attempt.
    pub fn spawn(state: SaveState, on_done: impl Fn(SaveOutcome) + Send + 'static) -> NotesSaver {
        NotesSaver::spawn_with_retry(state, FIRST_RETRY_DELAY, on_done)
    }

    pub(crate) fn spawn_with_retry(
        state: SaveState,
        first_retry: Duration,
        on_done: impl Fn(SaveOutcome) + Send + 'static,
    ) -> NotesSaver {
        let (sender, receiver) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("notes-saver".into())
            .spawn(move || run_saver(state, receiver, first_retry, on_done))
            .ok();
        NotesSaver {
            sender: thread.as_ref().map(|_| sender),
            thread,
            abandoned: Default::default(),
        }
    }

    /// Queues `snapshot` for saving and returns at once.
    pub fn save(&self, snapshot: Snapshot) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(Message::Save(snapshot));
        }
    }

    /// Saves what is queued (or still failing) now and waits for the result: for exit paths. On an error the
    /// caller should `write_recovery` its notes.
    pub fn flush(&self) -> Result<(), NotesError> {
        self.flush_unless(|| false)
    }

    /// `flush`, giving up with `NotesError::Interrupted` as soon as `interrupted` says so (a signal while
    /// the save waits for another process's lock): the caller then keeps the notes another way.
    pub fn flush_unless(&self, interrupted: impl Fn() -> bool) -> Result<(), NotesError> {
        let (reply, result) = mpsc::channel();
        let sender = self.sender.as_ref().ok_or(NotesError::SaverStopped)?;
        sender
            .send(Message::Flush(reply))
            .map_err(|_| NotesError::SaverStopped)?;
        loop {
            match result.recv_timeout(Duration::from_millis(20)) {
                Ok(outcome) => return outcome,
                Err(RecvTimeoutError::Disconnected) => return Err(NotesError::SaverStopped),
                Err(RecvTimeoutError::Timeout) if interrupted() => {
                    self.abandoned
                        .store(true, std::sync::atomic::Ordering::SeqCst);
                    return Err(NotesError::Interrupted);
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }
}

impl Drop for NotesSaver {
    fn drop(&mut self) {
        self.sender = None; // Disconnects the thread, which then saves what is pending and ends.
        if self.abandoned.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run_saver(
    mut state: SaveState,
    receiver: Receiver<Message>,
    first_retry: Duration,
    on_done: impl Fn(SaveOutcome),
) {
    let mut pending: Option<Snapshot> = None;
    let mut retry: Option<(Instant, Duration)> = None; // When to retry, and the delay that got us there.
    loop {
        let first = match retry {
            Some((at, _)) => receiver.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => receiver.recv_timeout(WATCH_INTERVAL),
        };
        let idle = matches!(first, Err(RecvTimeoutError::Timeout)) && retry.is_none();
        let mut flushes = Vec::new();
        let mut disconnected = false;
        let mut handle = |message| match message {
            Message::Save(snapshot) => pending = Some(snapshot),
            Message::Flush(reply) => flushes.push(reply),
        };
        match first {
            Ok(message) => handle(message),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => disconnected = true,
        }
        // Coalesce: everything already queued is folded in before the disk is touched.
        loop {
            match receiver.try_recv() {
                Ok(message) => handle(message),
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    disconnected = true;
                    break;
                }
            }
        }
        let mut result = Ok(());
        if idle
            && pending.is_none()
            && let Some(Ok(saved)) = state.refresh_if_changed()
        {
            on_done(SaveOutcome::Saved(saved));
        }
        if let Some(snapshot) = &pending {
            match state.save(snapshot) {
                Ok(saved) => {
                    pending = None;
                    retry = None;
                    on_done(SaveOutcome::Saved(saved));
                }
                Err(error) => {
                    let delay = retry.map_or(first_retry, |(_, d)| {
                        (d * 2).min(MAX_RETRY_DELAY.max(first_retry))
                    });
                    retry = Some((Instant::now() + delay, delay));
                    result = Err(error.clone());
                    on_done(SaveOutcome::Failed {
                        error,
                        retry_in: delay,
                    });
                }
            }
        }
        for reply in flushes {
            let _ = reply.send(result.clone());
        }
        if disconnected {
            return;
        }
    }
}
