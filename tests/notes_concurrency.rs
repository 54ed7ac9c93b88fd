//! Several writers on one notes file: real processes (`confnotes notes set`) and a long-lived session.
use confnotes::notes::{
    NotesStore, Status, Timestamp, format_notes, load_notes, lock_notes, write_atomically,
};
use std::path::{Path, PathBuf};
use std::process::Command;

fn set(dir: &Path, notes: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .env("CONFNOTES_CONFIG", dir.join("no-config.toml"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env_remove("CONFNOTES_NOTES")
        .args(["--no-bundled", "--notes"])
        .arg(notes)
        .args(["notes", "set", "--force"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const ROUNDS: usize = 40;

#[test]
fn two_processes_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let notes: PathBuf = dir.path().join("notes.toml");
    std::thread::scope(|s| {
        for writer in ["a", "b"] {
            let (dir, notes) = (dir.path(), &notes);
            s.spawn(move || {
                for i in 0..ROUNDS {
                    // Its own talk each round, and a line on a talk both writers share.
                    set(
                        dir,
                        notes,
                        &[
                            &format!("{writer}-conf/talk-{i}"),
                            "--text",
                            &format!("{writer} {i}"),
                        ],
                    );
                    set(
                        dir,
                        notes,
                        &["shared/talk", "--append", &format!("{writer} {i}")],
                    );
                }
            });
        }
    });
    let all = load_notes(&notes).unwrap();
    assert_eq!(all.len(), 2 * ROUNDS + 1);
    let shared: Vec<&str> = all.get("shared/talk").unwrap().text.lines().collect();
    for writer in ["a", "b"] {
        for i in 0..ROUNDS {
            let line = format!("{writer} {i}");
            assert_eq!(
                all.get(&format!("{writer}-conf/talk-{i}")).unwrap().text,
                line
            );
            assert!(
                shared.contains(&line.as_str()),
                "{line} lost from {shared:?}"
            );
        }
    }
    assert_eq!(shared.len(), 2 * ROUNDS);
}

/// The many rounds above rarely overlap inside the short read-merge-write; this makes them overlap for sure:
/// while this test holds the lock, writers must wait, and what it wrote under the lock must survive them.
#[test]
fn writers_wait_for_the_lock_and_keep_what_its_holder_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.toml");
    set(dir.path(), &notes, &["c/first", "--text", "before"]);
    let lock = lock_notes(&notes).unwrap();
    let (sender, finished) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        for writer in ["a", "b"] {
            let (dir, notes, sender) = (dir.path(), &notes, sender.clone());
            s.spawn(move || {
                set(dir, notes, &[&format!("c/{writer}"), "--text", writer]);
                sender.send(writer).unwrap();
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert!(
            finished.try_recv().is_err(),
            "a writer finished while the lock was held"
        );
        let mut held = load_notes(&notes).unwrap();
        held.set_text("c/holder", "written under the lock", Timestamp::now());
        write_atomically(&notes, format_notes(&held).unwrap().as_bytes()).unwrap();
        drop(lock);
    });
    let all = load_notes(&notes).unwrap();
    let ids: Vec<&str> = all.iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["c/a", "c/b", "c/first", "c/holder"]);
}

#[test]
fn a_session_and_another_process_keep_each_others_notes_and_mark_a_shared_edit() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.toml");
    set(dir.path(), &notes, &["c/shared", "--text", "agreed start"]);
    let mut session = NotesStore::open(Some(notes.clone()));
    let mut saver = session.save_state().unwrap();

    // Meanwhile another process edits the shared talk and adds its own.
    set(
        dir.path(),
        &notes,
        &[
            "c/shared",
            "--text",
            "other process",
            "--status",
            "follow-up",
        ],
    );
    set(
        dir.path(),
        &notes,
        &["c/theirs", "--text", "from the process"],
    );

    let now = Timestamp::now();
    session.notes.set_text("c/shared", "this session", now);
    session.notes.set_text("c/mine", "from the session", now);
    let saved = saver.save(&session.snapshot()).unwrap();
    session.adopt(&saved);

    let on_disk = load_notes(&notes).unwrap();
    assert_eq!(
        on_disk, session.notes,
        "the session adopted what was written"
    );
    assert_eq!(on_disk.get("c/theirs").unwrap().text, "from the process");
    assert_eq!(on_disk.get("c/mine").unwrap().text, "from the session");
    let shared = on_disk.get("c/shared").unwrap();
    // Both rewrote the same line: one conflict block (two appends would merge without markers).
    assert_eq!(
        shared.text,
        "<<<<<<< this session\nthis session\n======= other session\nother process\n>>>>>>>\n"
    );
    assert_eq!(
        shared.status,
        Status::FollowUp,
        "only the other process changed the status"
    );

    // The process sees the conflict and resolves it; the session's next save keeps the resolution.
    set(dir.path(), &notes, &["c/shared", "--text", "resolved"]);
    session
        .notes
        .set_text("c/mine", "from the session, edited", Timestamp::now());
    saver.save(&session.snapshot()).unwrap();
    let on_disk = load_notes(&notes).unwrap();
    assert_eq!(on_disk.get("c/shared").unwrap().text, "resolved");
    assert_eq!(
        on_disk.get("c/mine").unwrap().text,
        "from the session, edited"
    );
}
