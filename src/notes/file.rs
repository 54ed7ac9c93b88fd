//! `notes.toml` on disk: its format, where it lives, and writes that never leave it half-written.
use super::model::{Note, Notes};
use crate::config::Config;
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
}

impl NotesError {
    fn io(path: &Path, action: &'static str, e: &io::Error) -> NotesError {
        NotesError::Io {
            path: path.to_path_buf(),
            action,
            message: e.to_string(),
        }
    }
}

/// The notes file to use: `--notes`/`CONFNOTES_NOTES`, else `notes_file` from the config, else
/// `notes.toml` in the data directory (None only when there is no home directory).
pub fn resolve_notes_path(cli_notes: Option<&Path>, config: &Config) -> Option<PathBuf> {
    cli_notes
        .map(Path::to_path_buf)
        .or_else(|| config.notes_file.clone())
        .or_else(|| crate::config::data_dir().map(|d| d.join("notes.toml")))
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
/// link survives the rename.
fn real_path(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Holds the exclusive lock on `<notes file>.lock` until dropped (closing the file releases it).
pub struct NotesLock {
    _file: File,
}

/// Waits for the exclusive lock that guards every read-merge-write of the notes file at `path`. The lock
/// file stays: removing it would let a third process lock a fresh file while a second still holds the old.
pub fn lock_notes(path: &Path) -> Result<NotesLock, NotesError> {
    let real = real_path(path);
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = real.with_file_name(name);
    fs::create_dir_all(parent_dir(&real))
        .map_err(|e| NotesError::io(parent_dir(&real), "create", &e))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| NotesError::io(&lock_path, "open the lock file", &e))?;
    file.lock()
        .map_err(|e| NotesError::io(&lock_path, "lock", &e))?;
    Ok(NotesLock { _file: file })
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
    if let Ok(meta) = fs::metadata(&real) {
        // Keep the user's permissions; a new file keeps tempfile's owner-only mode, right for private notes.
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| err("set permissions", e))?;
    }
    write(tmp.as_file_mut()).map_err(|e| err("write", e))?;
    tmp.as_file().sync_all().map_err(|e| err("sync", e))?;
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
    // Not `format_notes`: a last-resort copy is written even if it would not read back perfectly.
    let text = to_toml(notes).map_err(io::Error::other)?;
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
