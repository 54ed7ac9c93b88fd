//! Tests of the notes file, saving and merging between sessions (the merge rules have their own in merge.rs).
use super::*;
use proptest::prelude::*;
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn at(n: u64) -> Timestamp {
    Timestamp::from_unix_seconds(1_714_557_600 + n) // 2024-05-01T10:00:00Z
}

fn one(id: &str, status: Status, text: &str) -> Notes {
    let mut notes = Notes::default();
    notes.put(
        id.into(),
        Note {
            status,
            text: text.into(),
            created: at(0),
            updated: at(1),
        },
    );
    notes
}

#[test]
fn the_file_is_sorted_readable_toml() {
    let mut notes = one("pycon-2014/b", Status::FollowUp, "two\nlines");
    notes.put(
        "europython-2015/a".into(),
        Note {
            status: Status::Done,
            text: "one".into(),
            created: at(0),
            updated: at(0),
        },
    );
    let text = format_notes(&notes).unwrap();
    let body = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        body,
        r#"
[notes."europython-2015/a"]
status = "done"
created = "2024-05-01T10:00:00Z"
updated = "2024-05-01T10:00:00Z"
text = "one"

[notes."pycon-2014/b"]
status = "follow-up"
created = "2024-05-01T10:00:00Z"
updated = "2024-05-01T10:00:01Z"
text = """
two
lines""""#
    );
    assert_eq!(parse_notes(Path::new("n"), &text).unwrap(), notes);
}

#[test]
fn awkward_texts_round_trip() {
    let texts = [
        "\nstarts with a newline",
        "ends with a quote\"",
        "ends with two quotes\"\"\nx\"\"",
        "three \"\"\" and three ''' and a \\ backslash\n",
        "ends with a backslash\\",
        "'''\n'''",
        "\t\ttabs\n\n\n",
        "\u{1F600} \u{200D} \u{0301}e",
    ];
    let mut notes = Notes::default();
    for (i, text) in texts.iter().enumerate() {
        notes.set_text(&format!("c/{i}"), text, at(0));
        assert_eq!(
            notes.get(&format!("c/{i}")).unwrap().text,
            *text,
            "kept as typed"
        );
    }
    let file = format_notes(&notes).unwrap();
    assert_eq!(parse_notes(Path::new("n"), &file).unwrap(), notes, "{file}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any typed text (control characters included) is kept as `clean_note_text` makes it, exactly, through
    /// the file; ids with any printable characters too.
    #[test]
    fn any_text_round_trips(
        texts in proptest::collection::vec((any::<String>(), "[^\\p{Cc}]{1,12}", 0..3u8), 1..6)
    ) {
        let mut notes = Notes::default();
        for (text, id, status) in &texts {
            let status = [Status::None, Status::FollowUp, Status::Done][*status as usize];
            prop_assume!(id.trim() != "" && !id.chars().any(crate::text::is_unsafe_char));
            notes.set_text(id, text, at(0));
            notes.set_status(id, status, at(1));
        }
        let file = format_notes(&notes).unwrap();
        prop_assert_eq!(&parse_notes(Path::new("n"), &file).unwrap(), &notes);
        for (id, note) in notes.iter() {
            prop_assert_eq!(&clean_note_text(&note.text), &note.text, "cleaning is idempotent ({})", id);
        }
    }

    /// Text without control characters is kept exactly as typed.
    #[test]
    fn text_without_controls_is_kept_as_typed(text in "[^\\p{Cc}\\p{Cf}]*(\n[^\\p{Cc}\\p{Cf}]*)*") {
        prop_assert_eq!(clean_note_text(&text), text);
    }
}

#[test]
fn parse_errors_say_where_and_how_to_recover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let cases = [
        (
            "[notes.\"a/b\"]\nstatus = \"later\"\ncreated = \"2024-05-01T10:00:00Z\"\nupdated = \"2024-05-01T10:00:00Z\"\n",
            2,
        ),
        (
            "[notes.\"a/b\"]\ncreated = \"2024-05-01T10:00:00Z\"\nupdated = \"2024-05-01T10:00:00Z\"\ncolour = 1\n",
            4,
        ),
        (
            "[notes.\"a/b\"]\ncreated = \"2024-05-01T10:00:00Z\"\nupdated = \"yesterday\"\n",
            3,
        ),
        ("\n\n[notes.\"a/b\"\n", 3),
        (
            "[notes.\"a\u{1b}b\"]\ncreated = \"2024-05-01T10:00:00Z\"\nupdated = \"2024-05-01T10:00:00Z\"\n",
            1,
        ),
    ];
    for (text, line) in cases {
        fs::write(&path, text).unwrap();
        let Err(NotesError::Corrupt(e)) = load_notes(&path) else {
            panic!("{text} loaded")
        };
        assert_eq!(e.position.map(|p| p.0), Some(line), "{e}");
        let message = NotesError::Corrupt(e).to_string();
        assert!(
            message.starts_with(&format!("{}:{line}:", path.display())),
            "{message}"
        );
        assert!(
            message.contains("fix that line, or move the file away"),
            "{message}"
        );
    }
    fs::write(&path, b"[notes.\"a/b\"]\ntext = \"\xff\"\n").unwrap();
    assert!(matches!(load_notes(&path), Err(NotesError::Corrupt(_))));
    assert_eq!(
        load_notes(&dir.path().join("missing.toml")).unwrap(),
        Notes::default()
    );
}

#[test]
fn a_failing_write_leaves_the_old_file_and_no_litter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    fs::write(&path, "old contents").unwrap();
    let result = file::write_atomically_with(&path, |f| {
        std::io::Write::write_all(f, b"half of the new")?;
        Err(std::io::Error::from_raw_os_error(28)) // ENOSPC: the disk is full
    });
    let Err(NotesError::Io {
        action: "write",
        message,
        ..
    }) = result
    else {
        panic!("{result:?}")
    };
    assert!(message.contains("space"), "{message}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "old contents");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "the temporary file is gone"
    );
    write_atomically(&path, b"new").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new");
}

#[cfg(unix)]
#[test]
fn writes_keep_permissions_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles").join("notes.toml");
    fs::create_dir(real.parent().unwrap()).unwrap();
    fs::write(&real, "").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("notes.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomically(&link, b"x").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), "x");
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let fresh = dir.path().join("fresh.toml");
    write_atomically(&fresh, b"y").unwrap();
    assert_eq!(
        fs::metadata(&fresh).unwrap().permissions().mode() & 0o077,
        0,
        "new notes are private"
    );
}

#[test]
fn a_corrupt_file_is_read_only_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let garbage = b"[notes.\"a/b\"]\nstatus = \"follow-up\"\ntext = oops\n\x00\xff";
    fs::write(&path, garbage).unwrap();
    let store = NotesStore::open(Some(path.clone()));
    assert!(store.is_read_only() && store.spawn_saver(|_| {}).is_none());
    // Even a saver that believed the file was fine refuses once it sees it.
    let mut state = SaveState::new(path.clone(), Notes::default());
    let snapshot = Snapshot {
        notes: one("a/b", Status::Done, "mine"),
        adopted: 0,
    };
    assert!(matches!(state.save(&snapshot), Err(NotesError::Corrupt(_))));
    assert!(update_notes_file(&path, |n| *n = Notes::default()).is_err());
    assert_eq!(fs::read(&path).unwrap(), garbage);
    assert!(matches!(
        NotesStore::open(None).read_only_reason,
        Some(NotesError::NoPath)
    ));
}

#[test]
fn an_unwritable_place_fails_without_damage() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    fs::write(&blocker, "a file where the notes directory should be").unwrap();
    let mut state = SaveState::new(blocker.join("notes.toml"), Notes::default());
    let result = state.save(&Snapshot {
        notes: one("a/b", Status::Done, ""),
        adopted: 0,
    });
    assert!(matches!(result, Err(NotesError::Io { .. })), "{result:?}");
    assert_eq!(
        fs::read_to_string(&blocker).unwrap(),
        "a file where the notes directory should be"
    );
}

/// Two sessions on one file, as two `NotesStore`s in this process (the lock is per open file, so they
/// exclude each other as two processes would).
fn two_sessions(path: &Path) -> ((NotesStore, SaveState), (NotesStore, SaveState)) {
    let open = || {
        let store = NotesStore::open(Some(path.to_path_buf()));
        let state = store.save_state().unwrap();
        (store, state)
    };
    (open(), open())
}

#[test]
fn two_sessions_keep_each_others_notes_and_both_appends() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    fs::write(
        &path,
        format_notes(&one("c/shared", Status::None, "base")).unwrap(),
    )
    .unwrap();
    let ((mut a, mut a_saver), (mut b, mut b_saver)) = two_sessions(&path);

    a.notes.set_text("c/only-a", "from a", at(10));
    a.notes.set_text("c/shared", "base\nfrom a", at(10));
    b.notes.set_text("c/only-b", "from b", at(11));
    b.notes.set_text("c/shared", "base\nfrom b", at(11));
    b.notes.set_status("c/shared", Status::FollowUp, at(11));

    let saved_a = a_saver.save(&a.snapshot()).unwrap();
    assert!(!saved_a.has_changes_from_elsewhere());
    let saved_b = b_saver.save(&b.snapshot()).unwrap();
    assert!(saved_b.has_changes_from_elsewhere());
    let on_disk = load_notes(&path).unwrap();
    assert_eq!(on_disk.get("c/only-a").unwrap().text, "from a");
    assert_eq!(on_disk.get("c/only-b").unwrap().text, "from b");
    let shared = on_disk.get("c/shared").unwrap();
    assert_eq!(
        shared.text, "base\nfrom b\nfrom a",
        "both appends, no markers"
    );
    assert_eq!(shared.status, Status::FollowUp);

    // b adopts; a saves again without having adopted anything: nothing of b's is reverted.
    b.adopt(&saved_b);
    assert_eq!(b.notes, on_disk);
    a.notes.set_text("c/only-a", "from a, again", at(12));
    a_saver.save(&a.snapshot()).unwrap();
    let on_disk = load_notes(&path).unwrap();
    assert_eq!(on_disk.get("c/only-b").unwrap().text, "from b");
    assert_eq!(on_disk.get("c/shared").unwrap().text, shared.text);
    assert_eq!(on_disk.get("c/only-a").unwrap().text, "from a, again");

    // b resolves the conflict and deletes two notes; a adopts what b did.
    b.notes.set_text("c/shared", "resolved", at(13));
    b.notes.set_text("c/only-b", "", at(13));
    b.notes.set_text("c/only-a", "", at(13));
    b_saver.save(&b.snapshot()).unwrap();
    let saved = a_saver.save(&a.snapshot()).unwrap();
    a.adopt(&saved);
    assert_eq!(a.notes.get("c/shared").unwrap().text, "resolved");
    assert!(
        a.notes.get("c/only-b").is_none(),
        "a never changed it, so b's deletion stands"
    );
    let kept = a.notes.get("c/only-a").map(|n| n.text.as_str());
    assert_eq!(
        kept,
        Some("from a, again"),
        "b deleted a version older than a's latest: a's change is kept"
    );
    assert_eq!(load_notes(&path).unwrap(), a.notes);
}

#[test]
fn edits_made_while_a_save_runs_survive_adoption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let ((mut a, mut a_saver), (mut b, mut b_saver)) = two_sessions(&path);
    b.notes.set_text("c/b", "b's", at(1));
    b_saver.save(&b.snapshot()).unwrap();
    a.notes.set_text("c/a", "one", at(2));
    let sent = a.snapshot();
    a.notes.set_text("c/a", "one two", at(3)); // typed while the save was in flight
    let second = a.snapshot(); // queued before the first result came back
    let saved = a_saver.save(&sent).unwrap();
    a.adopt(&saved);
    assert_eq!(a.notes.get("c/a").unwrap().text, "one two");
    assert_eq!(a.notes.get("c/b").unwrap().text, "b's");
    a_saver.save(&second).unwrap();
    let saved = a_saver.save(&a.snapshot()).unwrap();
    assert!(
        saved.merged.get("c/a").is_some_and(|n| n.text == "one two"),
        "no conflict with itself"
    );
    assert_eq!(saved.merged.get("c/b").unwrap().text, "b's");
    fs::remove_file(&path).unwrap(); // moved away: the next save writes everything this session has
    let saved = a_saver.save(&a.snapshot()).unwrap();
    assert_eq!(load_notes(&path).unwrap(), saved.merged);
    assert_eq!(saved.merged.len(), 2);
}

fn recorder() -> (
    Arc<Mutex<Vec<SaveOutcome>>>,
    impl Fn(SaveOutcome) + Send + 'static,
) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    (log, move |o| sink.lock().unwrap().push(o))
}

#[test]
fn the_saver_coalesces_flushes_and_saves_on_drop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let mut store = NotesStore::open(Some(path.clone()));
    let (log, on_done) = recorder();
    let saver = store.spawn_saver(on_done).unwrap();
    for i in 0..50 {
        store.notes.set_text("c/a", &format!("version {i}"), at(i));
        saver.save(store.snapshot());
    }
    saver.flush().unwrap();
    assert_eq!(
        load_notes(&path).unwrap().get("c/a").unwrap().text,
        "version 49"
    );
    let saves = log.lock().unwrap().len();
    assert!((1..50).contains(&saves), "{saves} saves for 50 snapshots");
    store.notes.set_text("c/b", "last words", at(99));
    saver.save(store.snapshot());
    drop(saver);
    assert_eq!(
        load_notes(&path).unwrap().get("c/b").unwrap().text,
        "last words"
    );
}

#[test]
fn the_saver_reports_failures_and_retries_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("data");
    fs::write(&blocker, "").unwrap();
    let path = blocker.join("notes.toml");
    let (log, on_done) = recorder();
    let saver = NotesSaver::spawn_with_retry(
        SaveState::new(path.clone(), Notes::default()),
        Duration::from_millis(50),
        on_done,
    );
    let notes = one("c/a", Status::FollowUp, "keep me");
    saver.save(Snapshot {
        notes: notes.clone(),
        adopted: 0,
    });
    assert!(saver.flush().is_err());
    let recovered = write_recovery(&path, &notes).unwrap();
    assert!(
        recovered.starts_with(std::env::temp_dir()),
        "{}",
        recovered.display()
    );
    assert_eq!(load_notes(&recovered).unwrap(), notes);
    fs::remove_file(&recovered).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    {
        let log = log.lock().unwrap();
        assert!(log.len() >= 3, "retried: {log:?}");
        let delays: Vec<Duration> = log
            .iter()
            .map(|o| match o {
                SaveOutcome::Failed { retry_in, .. } => *retry_in,
                SaveOutcome::Saved(_) => panic!("saved into a file?"),
            })
            .collect();
        assert!(
            delays.windows(2).all(|w| w[1] >= w[0]),
            "backing off: {delays:?}"
        );
    }
    fs::remove_file(&blocker).unwrap(); // the disk problem goes away
    for _ in 0..100 {
        if matches!(log.lock().unwrap().last(), Some(SaveOutcome::Saved(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        load_notes(&path).unwrap(),
        notes,
        "saved by a retry, with no new snapshot"
    );
    assert!(matches!(
        log.lock().unwrap().last(),
        Some(SaveOutcome::Saved(_))
    ));
    saver.flush().unwrap();
}

#[test]
fn recovery_files_go_beside_the_notes_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let notes = one("c/a", Status::Done, "rescued");
    let first = write_recovery(&path, &notes).unwrap();
    let second = write_recovery(&path, &notes).unwrap();
    assert_ne!(first, second);
    for f in [&first, &second] {
        assert_eq!(f.parent(), Some(dir.path()));
        assert!(
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("notes.toml.recovery-"),
            "{}",
            f.display()
        );
        assert_eq!(load_notes(f).unwrap(), notes);
    }
}
