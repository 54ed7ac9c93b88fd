//! The notes lock: `<notes file>.lock`, held around every read-merge-write. A process waiting for it says
//! who holds it (the holder writes its pid into the file) and gives up after a bounded time.
use super::file::{NotesError, parent_dir, real_path};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a save waits for another process's lock before giving up (the caller keeps the text).
pub const LOCK_WAIT_LIMIT: Duration = Duration::from_secs(10);
/// How long a wait goes unreported: long enough for a normal save by another process to end.
const LOCK_NOTICE_AFTER: Duration = Duration::from_millis(300);
const LOCK_POLL: Duration = Duration::from_millis(20);

type Reporter = Box<dyn Fn(&str) + Send + Sync>;
static WAIT_REPORTER: Mutex<Option<Reporter>> = Mutex::new(None);

/// Sets what is told "waiting for the notes lock held by pid N" (stderr for the CLI, the status line for the
/// TUI). Replaces the previous one.
pub fn on_lock_wait(report: impl Fn(&str) + Send + Sync + 'static) {
    if let Ok(mut slot) = WAIT_REPORTER.lock() {
        *slot = Some(Box::new(report));
    }
}

fn report_wait(text: &str) {
    if let Ok(slot) = WAIT_REPORTER.lock()
        && let Some(report) = slot.as_ref()
    {
        report(text);
    }
}

/// Holds the exclusive lock on `<notes file>.lock` until dropped (closing the file releases it).
pub struct NotesLock {
    _file: File,
}

/// Takes the exclusive lock that guards every read-merge-write of the notes file at `path`, waiting at most
/// `LOCK_WAIT_LIMIT`. The lock file stays: removing it would let a third process lock a fresh file while a
/// second still holds the old.
pub fn lock_notes(path: &Path) -> Result<NotesLock, NotesError> {
    lock_notes_within(path, LOCK_WAIT_LIMIT)
}

/// `lock_notes` with the longest wait given.
pub fn lock_notes_within(path: &Path, limit: Duration) -> Result<NotesLock, NotesError> {
    let real = real_path(path);
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = real.with_file_name(name);
    fs::create_dir_all(parent_dir(&real))
        .map_err(|e| NotesError::io(parent_dir(&real), "create", &e))?;
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .map_err(|e| NotesError::io(&lock_path, "open the lock file", &e))?;
    let start = Instant::now();
    let mut reported = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(NotesError::io(&lock_path, "lock", &e)),
        }
        let waited = start.elapsed();
        let pid = holder_pid(&lock_path);
        if waited >= limit {
            return Err(NotesError::LockTimeout {
                path: real,
                pid,
                waited,
            });
        }
        if !reported && waited >= LOCK_NOTICE_AFTER {
            reported = true;
            let who = pid.map_or_else(|| "another process".into(), |p| format!("pid {p}"));
            report_wait(&format!(
                "waiting for the notes lock held by {who} ({}); giving up after {}s",
                lock_path.display(),
                limit.as_secs()
            ));
        }
        std::thread::sleep(LOCK_POLL);
    }
    // Who holds it, for anyone who has to wait (informative only: the lock itself is the kernel's).
    let _ = file
        .set_len(0)
        .and_then(|()| writeln!(file, "{}", std::process::id()))
        .and_then(|()| file.flush());
    Ok(NotesLock { _file: file })
}

fn holder_pid(lock_path: &Path) -> Option<u32> {
    fs::read_to_string(lock_path).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_the_wait_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.toml");
        let held = lock_notes(&path).unwrap();
        let lock_path = dir.path().join("notes.toml.lock");
        assert_eq!(holder_pid(&lock_path), Some(std::process::id()));
        // flock locks are per open file: a second open in this process waits like another process would.
        let start = Instant::now();
        let err = lock_notes_within(&path, Duration::from_millis(200))
            .err()
            .unwrap();
        assert!(start.elapsed() < Duration::from_secs(2));
        let NotesError::LockTimeout { pid, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(*pid, Some(std::process::id()));
        assert!(
            err.to_string()
                .contains(&format!("pid {}", std::process::id()))
        );
        drop(held);
        assert!(lock_notes_within(&path, Duration::from_millis(200)).is_ok());
    }
}
