//! What is left after a failed save or a kill: recovery copies to mention at start, the unsaved notes as
//! text for stderr when no copy could be written, and stale temporary files to remove.
use super::file::{load_notes, recovery_toml};
use super::model::Notes;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file older than this belongs to a write that was killed (a write takes milliseconds).
const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// A recovery copy found beside the notes file or in the temp directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryFile {
    pub path: PathBuf,
    /// How long ago it was written.
    pub age: Duration,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "notes.toml".into(), |n| n.to_string_lossy().into_owned())
}

fn dirs(path: &Path) -> Vec<PathBuf> {
    let beside = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = std::env::temp_dir();
    if temp == beside {
        vec![beside]
    } else {
        vec![beside, temp]
    }
}

/// The recovery copies of the notes file at `path` (`notes.toml.recovery-*`, beside it or in the temp
/// directory), oldest first.
pub fn find_recovery_files(path: &Path) -> Vec<RecoveryFile> {
    let prefix = format!("{}.recovery-", file_name(path));
    let now = SystemTime::now();
    let mut found: Vec<RecoveryFile> = dirs(path)
        .iter()
        .filter_map(|dir| fs::read_dir(dir).ok())
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| {
            let modified = e.metadata().ok()?.modified().ok()?;
            Some(RecoveryFile {
                path: e.path(),
                age: now.duration_since(modified).unwrap_or_default(),
            })
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.age));
    found
}

/// A line for the user about `files`, or None when there are none.
pub fn recovery_notice(files: &[RecoveryFile]) -> Option<String> {
    let newest = files.last()?;
    let more = match files.len() {
        1 => String::new(),
        n => format!(" (and {} older)", n - 1),
    };
    let name = newest
        .path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let dir = newest.path.parent().unwrap_or(Path::new(".")).display();
    Some(format!(
        "found {name} ({} old, in {dir}){more}: notes that could not be saved earlier; copy what you need, then delete it",
        age_text(newest.age)
    ))
}

fn age_text(age: Duration) -> String {
    let s = age.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86400 => format!("{} h", s / 3600),
        _ => format!("{} days", s / 86400),
    }
}

/// The notes in `notes` that differ from what the file at `path` holds (all of them if it cannot be read),
/// as TOML: what to print when even a recovery copy could not be written.
pub fn unsaved_notes_text(path: &Path, notes: &Notes) -> String {
    let unsaved = match load_notes(path) {
        Ok(on_disk) => {
            let mut differ = Notes::default();
            for (id, note) in notes.iter() {
                if on_disk.get(id) != Some(note) {
                    differ.put(id.to_string(), note.clone());
                }
            }
            differ
        }
        Err(_) => notes.clone(),
    };
    recovery_toml(&unsaved)
}

/// Removes this program's temporary files (`.notes.toml.*.tmp`) left beside `path` by killed writes.
/// Returns how many were removed. Young ones may belong to a save running now and are left alone.
pub fn remove_stale_temp_files(path: &Path) -> usize {
    let name = file_name(path);
    let (prefix, suffix) = (format!(".{name}."), ".tmp");
    let now = SystemTime::now();
    let Some(dir) = dirs(path).into_iter().next() else {
        return 0;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&prefix) && n.ends_with(suffix)
        })
        .filter(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|m| now.duration_since(m).unwrap_or_default() >= STALE_TEMP_AGE)
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Timestamp;

    #[test]
    fn recovery_files_are_found_beside_the_notes_with_their_age() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        assert!(find_recovery_files(&path).is_empty());
        let mut notes = Notes::default();
        notes.set_text("c/a", "kept", Timestamp::now());
        let copy = crate::notes::write_recovery(&path, &notes).unwrap();
        let found = find_recovery_files(&path);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, copy);
        let notice = recovery_notice(&found).unwrap();
        let name = copy.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            notice.contains(&name) && notice.contains(" s old"),
            "{notice}"
        );
    }

    #[test]
    fn unsaved_notes_are_those_not_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        let mut notes = Notes::default();
        notes.set_text("c/saved", "on disk", Timestamp::now());
        crate::notes::write_atomically(
            &path,
            crate::notes::format_notes(&notes).unwrap().as_bytes(),
        )
        .unwrap();
        notes.set_text("c/typed", "not yet", Timestamp::now());
        let text = unsaved_notes_text(&path, &notes);
        assert!(
            text.contains("not yet") && !text.contains("on disk"),
            "{text}"
        );
    }

    #[test]
    fn only_old_temp_files_of_this_notes_file_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        let old = dir.path().join(".notes.toml.abc123.tmp");
        let young = dir.path().join(".notes.toml.def456.tmp");
        let other = dir.path().join(".other.toml.abc.tmp");
        for f in [&old, &young, &other] {
            fs::write(f, "x").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        for f in [&old, &other] {
            fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        assert_eq!(remove_stale_temp_files(&path), 1);
        assert!(!old.exists() && young.exists() && other.exists());
    }
}
