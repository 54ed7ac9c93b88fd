//! Time until a pyvideo tree is fully searchable in the TUI: the loader thread (parsing, folding bodies)
//! streams batches through a channel to the UI thread, which applies them as `Action::Loaded` as they
//! arrive, then `LoadDone` (the final sort). Drawing is left out (see the `frame` bench).
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
    let mut times = Vec::new();
    let mut talks = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let (tx, rx) = channel();
        let sources = vec![Source::Bundled, Source::Path(tree.clone().into())];
        let loader = confnotes::catalog::stream(sources, None, move |loaded| drop(tx.send(loaded)));
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
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        talks = app.catalog.talks().len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{talks} talks fully searchable in the TUI: median {:.0} ms (min {:.0}, max {:.0}, 7 runs)",
        times[3], times[0], times[6]
    );
}
