//! Notes persistence costs: a full locked save (read, merge, write, fsync), the merge alone, the search lookup.
use confnotes::notes::{Notes, NotesStore, SaveState, Timestamp, merge};
use confnotes::search::NoteLookup;
use confnotes::search::TalkNotes;
use confnotes::store::Talk;

fn main() {
    divan::main();
}

/// `n` notes of a few lines each on talks `conf-<i % 20>/talk-<i>`.
fn notes(n: usize) -> Notes {
    let mut notes = Notes::default();
    for i in 0..n {
        let text = format!(
            "Key points of talk {i}:\n- one idea, with \"quotes\"\n- another, à la française\nfollow up with the speaker"
        );
        notes.set_text(
            &format!("conf-{}/talk-{i}", i % 20),
            &text,
            Timestamp::from_unix_seconds(i as u64),
        );
    }
    notes
}

/// One edit, then a save of all notes to a file that already holds them (what each keystroke pause costs).
#[divan::bench(args = [100, 1000, 5000], sample_count = 30)]
fn save_after_one_edit(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let mut store = NotesStore::open(Some(path.clone()));
    store.notes = notes(n);
    let mut state: SaveState = store.save_state().unwrap();
    state.save(&store.snapshot()).unwrap();
    let mut i = 0u64;
    bencher.bench_local(|| {
        i += 1;
        store.notes.set_text(
            "conf-0/talk-0",
            &format!("edit {i}"),
            Timestamp::from_unix_seconds(i),
        );
        state.save(&store.snapshot()).unwrap()
    });
}

/// Three-way merge where the other side changed a tenth of the notes.
#[divan::bench(args = [1000, 5000])]
fn merge_with_other_changes(bencher: divan::Bencher, n: usize) {
    let base = notes(n);
    let mut ours = base.clone();
    ours.set_text("conf-1/talk-1", "ours", Timestamp::from_unix_seconds(1));
    let mut theirs = base.clone();
    for i in (0..n).step_by(10) {
        theirs.append_text(
            &format!("conf-{}/talk-{i}", i % 20),
            "theirs",
            Timestamp::from_unix_seconds(2),
        );
    }
    bencher.bench_local(|| merge(&base, &ours, &theirs));
}

/// The search's access pattern: every talk's note, in store order (10 000 talks, 1000 notes).
#[divan::bench]
fn lookup_every_talk(bencher: divan::Bencher) {
    let notes = notes(1000);
    let talks: Vec<Talk> = (0..10_000)
        .map(|i| Talk {
            id: format!("conf-{}/talk-{i}", i % 20),
            ..Talk::default()
        })
        .collect();
    let lookup = TalkNotes::new(&talks, &notes);
    bencher.bench_local(|| {
        (0..talks.len())
            .filter(|&i| lookup.note(i).is_some())
            .count()
    });
}
