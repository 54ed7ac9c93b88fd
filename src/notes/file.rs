//! `notes.toml` on disk: its format, where it lives, and writes that never leave it half-written.
use super::model::{Note, Notes};
use crate::store::{LoadError, decode_utf8};
use crate::text::is_unsafe_char;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the notes could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotesError {
    /// The file is there but does not parse: it is never overwritten.
    #[error(
        "{0} (confnotes leaves this file untouched and keeps notes read-only: fix that line, or move the file away)"
    )]
    Corrupt(LoadError),
    /// Reading, writing or locking failed.
    #[error("{}: cannot {action}: {message}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        message: String,
    },
    /// The notes could not be turned into TOML that reads back the same (a bug; nothing is written).
    #[error("cannot write the notes as TOML: {0}")]
    Format(String),
    /// There is no place for the file (no home directory and no `--notes`).
    #[error(
        "no place for the notes file (no home directory): pass --notes FILE or set CONFNOTES_NOTES"
    )]
    NoPath,
    /// The background saver is gone (it panicked); nothing more will be saved.
    #[error("the notes saver stopped")]
    SaverStopped,
    /// The file has no write permission: the user made it read-only, so it is not overwritten.
    #[error(
        "{}: the file is read-only, so confnotes does not overwrite it (make it writable, e.g. chmod u+w, to save notes)",
        path.display()
    )]
    ReadOnlyFile { path: PathBuf },
    /// Another process held the notes lock for longer than confnotes waits.
    #[error(
        "{}: another process (pid {}) held the notes lock for {}s; gave up waiting",
        path.display(), pid.map_or_else(|| "unknown".to_string(), |p| p.to_string()), waited.as_secs()
    )]
    LockTimeout {
        path: PathBuf,
        pid: Option<u32>,
        waited: std::time::Duration,
    },
    /// A signal asked to quit while the notes were being saved.
    #[error("interrupted by a signal before the notes were saved")]
    Interrupted,
}

impl NotesError {
    pub(crate) fn io(path: &Path, action: &'static str, e: &io::Error) -> NotesError {
        NotesError::Io {
            path: path.to_path_buf(),
            action,
            message: e.to_string(),
        }
    }
}

const HEADER: &str = "\
# confnotes personal notes: one [notes.\"<talk id>\"] table per talk, sorted by id.
# You may edit this file by hand; a running confnotes merges your changes when it next saves.
";

#[derive(Serialize)]
struct DocumentOut<'a> {
    notes: &'a BTreeMap<String, Note>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    /// Spanned, so that a bad id is reported at its line even when it was written with escapes.
    #[serde(default)]
    notes: BTreeMap<toml::Spanned<String>, Note>,
}

/// The file text for `notes`: stable (id order, fixed field order), multi-line strings for multi-line text.
/// The text is read back before it is returned, so a file is only ever written if it loads as these notes.
pub fn format_notes(notes: &Notes) -> Result<String, NotesError> {
    let text = to_toml(notes).map_err(|e| NotesError::Format(e.to_string()))?;
    match parse_notes(Path::new("notes.toml"), &text) {
        Ok(back) if back == *notes => Ok(text),
        Ok(_) => Err(NotesError::Format(
            "the written text reads back differently".into(),
        )),
        Err(e) => Err(NotesError::Format(e.to_string())),
    }
}

fn to_toml(notes: &Notes) -> Result<String, toml::ser::Error> {
    let body = if notes.is_empty() {
        String::new()
    } else {
        toml::to_string_pretty(&DocumentOut {
            notes: notes.as_map(),
        })?
    };
    Ok(format!("{HEADER}\n{body}"))
}

/// Parses the text of a notes file; errors carry `path`, line and column.
pub fn parse_notes(path: &Path, text: &str) -> Result<Notes, LoadError> {
    let doc: Document = toml::from_str(text).map_err(|e| {
        LoadError::at(
            path,
            text,
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let mut notes = Notes::default();
    for (id, mut note) in doc.notes {
        let offset = id.span().start;
        let id = id.into_inner();
        // Ids reach the terminal (orphans are listed), so they are checked like any other text.
        if id.trim().is_empty() || id.chars().any(is_unsafe_char) {
            let message = format!("note id {id:?} is empty or has control characters");
            return Err(LoadError::at(path, text, offset, message));
        }
        note.text = super::model::clean_note_text(&note.text);
        notes.put(id, note);
    }
    Ok(notes)
}

/// Reads the notes file: `Ok(None)` if there is none yet.
pub fn read_notes(path: &Path) -> Result<Option<Notes>, NotesError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(NotesError::io(path, "read", &e)),
    };
    let text = decode_utf8(path, &bytes).map_err(NotesError::Corrupt)?;
    parse_notes(path, &text)
        .map(Some)
        .map_err(NotesError::Corrupt)
}

/// Reads the notes file; a missing file is no notes.
pub fn load_notes(path: &Path) -> Result<Notes, NotesError> {
    Ok(read_notes(path)?.unwrap_or_default())
}

/// The file actually written: a symlinked notes file (dotfile managers) is updated at its target, so the
/// link survives the rename; a dangling link's target is created.
pub(crate) fn real_path(path: &Path) -> PathBuf {
    let mut real = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&real) {
            Ok(target) if target.is_absolute() => real = target,
            Ok(target) => real = parent_dir(&real).join(target),
            Err(_) => break, // Not a link (or no file): this is the one.
        }
    }
    real
}

/// Refuses a notes file the user made read-only (even root, who could write it, must not).
pub(crate) fn check_writable(path: &Path) -> Result<(), NotesError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.permissions().readonly() => {
            Err(NotesError::ReadOnlyFile {
                path: path.to_path_buf(),
            })
        }
        _ => Ok(()),
    }
}

/// Gives the new file the old one's owner (a save run as root must not take a user's file).
#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let current = file.metadata()?;
    if (current.uid(), current.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _meta: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Whether the file has other hard links, which a rename would cut off from the new text.
#[cfg(unix)]
fn has_other_links(meta: &fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) > 1
}

#[cfg(not(unix))]
fn has_other_links(_meta: &fs::Metadata) -> bool {
    false
}

pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replaces the file at `path` with `contents` so that it is always either the old or the new file: write a
/// temporary file beside it, fsync it, rename it over the old one, fsync the directory.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), NotesError> {
    write_atomically_with(path, |f| f.write_all(contents))
}

/// `write_atomically` with the writing step given, so tests can make it fail halfway.
pub(crate) fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), NotesError> {
    let real = real_path(path);
    let dir = parent_dir(&real);
    let err = |action, e: io::Error| NotesError::io(&real, action, &e);
    fs::create_dir_all(dir).map_err(|e| NotesError::io(dir, "create", &e))?;
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    // Dropped unpersisted on any error below, which deletes it: a failure leaves no litter.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| err("create a temporary file", e))?;
    check_writable(&real)?;
    let old = fs::metadata(&real).ok();
    if let Some(meta) = &old {
        // Keep the user's permissions and owner; a new file keeps tempfile's owner-only mode, right for
        // private notes.
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| err("set permissions", e))?;
        keep_owner(tmp.as_file(), meta).map_err(|e| err("keep the owner of", e))?;
    }
    write(tmp.as_file_mut()).map_err(|e| err("write", e))?;
    tmp.as_file().sync_all().map_err(|e| err("sync", e))?;
    if old.as_ref().is_some_and(has_other_links) {
        // A rename would leave the other links on the old text: copy into the file itself (not atomic, but
        // the complete new text is on disk in the temporary file until the copy is synced).
        fs::copy(tmp.path(), &real).map_err(|e| err("write", e))?;
        return File::open(&real)
            .and_then(|f| f.sync_all())
            .map_err(|e| err("sync", e));
    }
    tmp.persist(&real).map_err(|e| err("replace", e.error))?;
    sync_dir(dir).map_err(|e| NotesError::io(dir, "sync", &e))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(()) // Windows cannot open a directory as a file; its rename is durable enough.
}

/// `notes` as notes-file TOML for a last-resort copy: not `format_notes`, so it is written even if it would
/// not read back perfectly (and, should TOML fail, as plain text).
pub(crate) fn recovery_toml(notes: &Notes) -> String {
    to_toml(notes).unwrap_or_else(|_| {
        notes
            .iter()
            .map(|(id, n)| format!("[{id}] {}\n{}\n\n", n.status, n.text))
            .collect()
    })
}

/// Writes `notes` to `notes.toml.recovery-<UTC time>` beside `path` (or in the temp directory if that fails),
/// never over an existing file; for exit paths where a save failed. Returns the file written.
pub fn write_recovery(path: &Path, notes: &Notes) -> io::Result<PathBuf> {
    let stamp: String = super::Timestamp::now()
        .to_string()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let name = path
        .file_name()
        .unwrap_or(std::ffi::OsStr::new("notes.toml"))
        .to_string_lossy();
    let text = recovery_toml(notes);
    let mut last_error = io::Error::other("no place to write");
    for dir in [parent_dir(path).to_path_buf(), std::env::temp_dir()] {
        for n in 0..100 {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let candidate = dir.join(format!("{name}.recovery-{stamp}{suffix}"));
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&candidate)
            {
                Ok(mut f) => match f.write_all(text.as_bytes()).and_then(|()| f.sync_all()) {
                    Ok(()) => return Ok(candidate),
                    Err(e) => {
                        let _ = fs::remove_file(&candidate);
                        last_error = e;
                        break;
                    }
                },
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    last_error = e;
                    break;
                }
            }
        }
    }
    Err(last_error)
}

/// Changes the notes file with `change`, holding the lock from the read to the write, so concurrent
/// updates (scripts, other sessions) serialize instead of overwriting each other.
pub fn update_notes_file(path: &Path, change: impl FnOnce(&mut Notes)) -> Result<(), NotesError> {
    let _lock = super::lock_notes(path)?;
    let before = read_notes(path)?;
    let mut notes = before.clone().unwrap_or_default();
    change(&mut notes);
    if before.as_ref() != Some(&notes) {
        write_atomically(path, format_notes(&notes)?.as_bytes())?;
    }
    Ok(())
}
