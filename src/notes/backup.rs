//! Backups taken before a save would drop notes this session did not delete (a sync tool or `> notes.toml`
//! emptied or truncated the file), and the file fingerprint that tells the saver another tool wrote it.
use super::file::{NotesError, format_notes, write_atomically};
use super::model::Notes;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How many backups are kept: `notes.toml.bak` (newest), `notes.toml.bak.1`, `notes.toml.bak.2`.
pub const BACKUPS_KEPT: usize = 3;

/// A backup written before a save, and how many notes that save dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The file holding the last good notes.
    pub path: PathBuf,
    /// Notes that were in the last good file and are not in the new one.
    pub dropped: usize,
}

/// The ids in `last_good` that `merged` no longer has although `ours` (this session's notes) still has them
/// unchanged: notes this session did not delete.
pub(crate) fn dropped_by_others(last_good: &Notes, ours: &Notes, merged: &Notes) -> usize {
    last_good
        .iter()
        .filter(|(id, _)| merged.get(id).is_none() && ours.get(id).is_some())
        .count()
}

/// `<notes file>.bak` (n = 0) or `<notes file>.bak.<n>`.
pub fn backup_path(path: &Path, n: usize) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    if n > 0 {
        name.push(format!(".{n}"));
    }
    path.with_file_name(name)
}

/// Writes `last_good` to `notes.toml.bak`, moving older backups down (the oldest is dropped).
pub(crate) fn write_backup(
    path: &Path,
    last_good: &Notes,
    dropped: usize,
) -> Result<Backup, NotesError> {
    for n in (1..BACKUPS_KEPT).rev() {
        let _ = fs::rename(backup_path(path, n - 1), backup_path(path, n));
    }
    let target = backup_path(path, 0);
    write_atomically(&target, format_notes(last_good)?.as_bytes())?;
    Ok(Backup {
        path: target,
        dropped,
    })
}

/// What tells one version of the notes file from the next without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

/// The file's fingerprint now (None: no file).
pub(crate) fn fingerprint(path: &Path) -> Option<Fingerprint> {
    let meta = fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Fingerprint {
        len: meta.len(),
        modified: meta.modified().ok(),
        inode,
    })
}
