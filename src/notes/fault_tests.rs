//! The notes file under fire: emptied or truncated elsewhere, changed by another tool while a session
//! idles, symlinked, hard-linked, owned by someone else or made read-only.
use super::*;
use std::fs;
use std::path::Path;
use std::time::Duration;

fn three_notes(path: &Path) -> NotesStore {
    let mut store = NotesStore::open(Some(path.to_path_buf()));
    for id in ["c/a", "c/b", "c/c"] {
        store
            .notes
            .set_text(id, &format!("note on {id}"), Timestamp::now());
    }
    let mut state = store.save_state().unwrap();
    let saved = state.save(&store.snapshot()).unwrap();
    store.adopt(&saved);
    store
}

#[test]
fn a_save_after_the_file_was_emptied_elsewhere_keeps_a_backup_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    drop(three_notes(&path));
    let mut store = NotesStore::open(Some(path.clone()));
    let mut state = store.save_state().unwrap();
    fs::write(&path, "").unwrap(); // A sync tool, or `> notes.toml`.
    store.notes.set_text("c/a", "edited", Timestamp::now());
    let saved = state.save(&store.snapshot()).unwrap();
    let backup = saved
        .backup
        .clone()
        .expect("a backup before dropping notes");
    assert_eq!(backup.dropped, 2);
    assert_eq!(backup.path, dir.path().join("notes.toml.bak"));
    let kept = load_notes(&backup.path).unwrap();
    assert_eq!(kept.len(), 3, "the last good file, whole");
    assert_eq!(kept.get("c/b").unwrap().text, "note on c/b");
    // A save that drops nothing writes no backup.
    store.adopt(&saved);
    store.notes.set_text("c/a", "again", Timestamp::now());
    assert!(state.save(&store.snapshot()).unwrap().backup.is_none());
}

#[test]
fn backups_rotate_and_keep_a_few() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    for round in 0..5 {
        drop(three_notes(&path));
        let store = NotesStore::open(Some(path.clone()));
        let mut state = store.save_state().unwrap();
        fs::write(&path, format!("# emptied {round}\n")).unwrap();
        let saved = state.refresh_if_changed().unwrap().unwrap();
        assert!(saved.backup.is_some());
    }
    for n in 0..BACKUPS_KEPT {
        assert_eq!(load_notes(&backup_path(&path, n)).unwrap().len(), 3);
    }
    assert!(!backup_path(&path, BACKUPS_KEPT).exists());
}

#[test]
fn an_idle_session_adopts_a_change_another_tool_made_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    drop(three_notes(&path));
    let mut store = NotesStore::open(Some(path.clone()));
    let (tx, rx) = std::sync::mpsc::channel();
    let saver = store.spawn_saver(move |o| drop(tx.send(o))).unwrap();
    // Another tool (git pull, a sync client, a text editor) rewrites the file.
    let mut theirs = load_notes(&path).unwrap();
    theirs.set_text("c/b", "changed by git", Timestamp::now());
    theirs.set_text("c/new", "from the other machine", Timestamp::now());
    std::thread::sleep(Duration::from_millis(20)); // A different mtime even on coarse clocks.
    write_atomically(&path, format_notes(&theirs).unwrap().as_bytes()).unwrap();
    let outcome = rx
        .recv_timeout(WATCH_INTERVAL * 5)
        .expect("the saver noticed");
    let SaveOutcome::Saved(saved) = outcome else {
        panic!("{outcome:?}")
    };
    store.adopt(&saved);
    assert_eq!(store.notes.get("c/b").unwrap().text, "changed by git");
    assert_eq!(
        store.notes.get("c/new").unwrap().text,
        "from the other machine"
    );
    // And this session's next save keeps them.
    store.notes.set_text("c/a", "mine", Timestamp::now());
    saver.save(store.snapshot());
    saver.flush().unwrap();
    let on_disk = load_notes(&path).unwrap();
    assert_eq!(on_disk.get("c/new").unwrap().text, "from the other machine");
    assert_eq!(on_disk.get("c/a").unwrap().text, "mine");
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_written_through_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("dotfiles/notes.toml");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    let link = dir.path().join("notes.toml");
    std::os::unix::fs::symlink("dotfiles/notes.toml", &link).unwrap();
    let mut store = NotesStore::open(Some(link.clone()));
    store
        .notes
        .set_text("c/a", "through the link", Timestamp::now());
    store.save_state().unwrap().save(&store.snapshot()).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load_notes(&target).unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn hard_links_and_the_mode_survive_a_save() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    drop(three_notes(&path));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let other = dir.path().join("backup-link.toml");
    fs::hard_link(&path, &other).unwrap();
    let mut store = NotesStore::open(Some(path.clone()));
    store
        .notes
        .set_text("c/a", "seen by both links", Timestamp::now());
    store.save_state().unwrap().save(&store.snapshot()).unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(meta.nlink(), 2, "the hard link is kept");
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_eq!(
        load_notes(&other).unwrap().get("c/a").unwrap().text,
        "seen by both links"
    );
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_owner() {
    use std::os::unix::fs::{MetadataExt, chown};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    drop(three_notes(&path));
    // Only root can give a file away; as anyone else the owner is ours anyway.
    if chown(&path, Some(12345), Some(12345)).is_err() {
        return;
    }
    let mut store = NotesStore::open(Some(path.clone()));
    store.notes.set_text("c/a", "as root", Timestamp::now());
    store.save_state().unwrap().save(&store.snapshot()).unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (12345, 12345));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_with_a_message() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    drop(three_notes(&path));
    let before = fs::read(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let store = NotesStore::open(Some(path.clone()));
    let reason = store.read_only_reason.as_ref().expect("read-only up front");
    assert!(reason.to_string().contains("read-only"), "{reason}");
    assert_eq!(store.notes.len(), 3, "still shown");
    // A session that opened it writable earlier is refused too.
    let err = write_atomically(&path, b"# over it\n").unwrap_err();
    assert!(matches!(err, NotesError::ReadOnlyFile { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}
