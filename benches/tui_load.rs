//! Time until a pyvideo tree is fully searchable in the TUI: the loader thread (parsing, folding bodies)
//! streams batches through a channel to the UI thread, which applies them as `Action::Loaded` as they
//! arrive, then `LoadDone` (the final sort). Drawing is left out (see the `frame` bench). Measured twice:
//! parsing every file (`--no-cache`), and through a warm load cache (every start after the first).
//! Run: `CONFNOTES_TREE=/tmp/pv22k cargo bench --bench tui_load` (make the tree with
//! `cargo run --release --example gen_pyvideo_tree -- tests/fixtures/pyvideo-sample /tmp/pv22k 22000 550`).
use confnotes::app::{Action, App, Keymap};
use confnotes::notes::NotesStore;
use confnotes::store::{Source, Store};
use std::sync::mpsc::channel;
use std::time::Instant;

fn main() {
    let Some(tree) = std::env::var_os("CONFNOTES_TREE") else {
        eprintln!("set CONFNOTES_TREE to a pyvideo tree (see the file's header); skipping");
        return;
    };
    let tree = std::path::PathBuf::from(tree);
    let dir = tempfile::tempdir().expect("a temporary cache directory");
    // The folded bodies too, as the TUI's loader keeps them.
    let cache = confnotes::store::cache::Cache::new(dir.path())
        .with_derived(confnotes::catalog::folded_bodies(true));
    let sources = [Source::Path(tree.clone())];
    let mut warm = confnotes::store::cache::load_sources_cached(&sources, Some(&cache), |_, _| ());
    let _ = warm.write_in_background().join();
    for (label, cache) in [("no cache", None), ("warm cache", Some(cache))] {
        let mut times = Vec::new();
        let mut talks = 0;
        for _ in 0..7 {
            let (ms, n) = load_once(&tree, cache.clone());
            times.push(ms);
            talks = n;
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{label}: {talks} talks fully searchable in the TUI: median {:.0} ms (min {:.0}, max {:.0}, 7 runs)",
            times[3], times[0], times[6]
        );
    }
}

/// One load into a fresh app: milliseconds until searchable, and the number of talks.
fn load_once(
    tree: &std::path::Path,
    cache: Option<confnotes::store::cache::Cache>,
) -> (f64, usize) {
    let start = Instant::now();
    let (tx, rx) = channel();
    let sources = vec![Source::Bundled, Source::Path(tree.into())];
    let loader = confnotes::catalog::stream(sources, cache, move |loaded| drop(tx.send(loaded)));
    let mut app = App::new(Store::default(), NotesStore::open(None), Keymap::default());
    app.status.loading = true;
    app.update(Action::Resize(120, 40));
    while let Ok(first) = rx.recv() {
        let mut ready = vec![first];
        ready.extend(rx.try_iter());
        app.update(Action::Loaded(ready));
    }
    loader.join().expect("loader thread");
    app.update(Action::LoadDone);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let talks = app.catalog.talks().len();
    // Freed after the clock stops, as the real exit leaves it to the OS.
    drop(app);
    (ms, talks)
}
