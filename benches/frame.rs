//! Keystroke to drawn frame in the TUI: `App::update` for one typed character (the filter runs through the
//! incremental `Searcher`) plus drawing the whole 120×40 screen to a `TestBackend`, on the synthetic corpus.
//! Prints the median, p90 and max per keystroke (numbers in the README). Run: `cargo bench --bench frame`.
use confnotes::app::{Action, App, Keymap};
use confnotes::notes::NotesStore;
use confnotes::store::Store;
use confnotes::synth::synth_talks;
use confnotes::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

/// A speaker name typed as plain ASCII (finds "Gründemann" through accent folding).
const NAME: &str = "grundemann";
const ROUNDS: usize = 15;

fn main() {
    for n in [22_000, 200_000] {
        let mut app = App::new(
            Store::from_talks(synth_talks(n, 42)),
            NotesStore::open(None),
            Keymap::default(),
        );
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
        app.update(Action::Resize(120, 40));
        app.update(Action::FocusFilter);
        let theme = Theme::default();
        let mut times = Vec::new();
        let mut by_key = vec![Vec::new(); NAME.len()];
        let mut update_only = vec![Vec::new(); NAME.len()];
        for _ in 0..ROUNDS {
            app.update(Action::FilterClear);
            app.searcher.invalidate(); // each round types from scratch, with nothing remembered
            terminal.draw(|f| draw(f, &app, &theme)).expect("draw");
            for (k, c) in NAME.chars().enumerate() {
                let start = Instant::now();
                app.update(Action::FilterInsert(c));
                update_only[k].push(start.elapsed());
                terminal.draw(|f| draw(f, &app, &theme)).expect("draw");
                times.push(start.elapsed());
                by_key[k].push(start.elapsed());
            }
        }
        times.sort();
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1000.0
        };
        let per_key: Vec<String> = by_key
            .iter_mut()
            .zip(&mut update_only)
            .map(|(f, u)| format!("{:.1}/{:.1}", median(u), median(f)))
            .collect();
        println!(
            "{n:>7} talks, per keystroke (update/frame ms): {}",
            per_key.join(" ")
        );
        let pct = |p: usize| times[(times.len() - 1) * p / 100];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{n:>7} talks: keystroke→frame median {:.2} ms, p90 {:.2} ms, max {:.2} ms ({} keystrokes; {} matches at the end)",
            ms(pct(50)),
            ms(pct(90)),
            ms(pct(100)),
            times.len(),
            app.list.talk_count
        );
    }
}
