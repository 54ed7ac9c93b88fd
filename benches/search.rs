//! Search speed on the synthetic corpus (numbers in docs/bench-search.md).
//!
//! `keystroke_*`: one keystroke of typing a speaker name, via `Searcher`, with the searcher already
//! holding the previous keystrokes (as in the TUI). The argument is the keystroke number; the
//! per-keystroke median is the median over keystrokes of these medians.
use confnotes::search::{NoNotes, SearchIndex, Searcher};
use confnotes::synth::synth_talks;
use std::sync::LazyLock;

/// Typed as plain ASCII: finds "Gründemann" through accent folding.
const NAME: &str = "grundemann";
const KEYS: [usize; 10] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

static SMALL: LazyLock<SearchIndex> = LazyLock::new(|| SearchIndex::new(&synth_talks(20_000, 42)));
static LARGE: LazyLock<SearchIndex> = LazyLock::new(|| SearchIndex::new(&synth_talks(200_000, 42)));

fn main() {
    divan::main();
}

/// A searcher that has seen keystrokes `1..key` of NAME.
fn primed(index: &SearchIndex, threads: usize, key: usize) -> Searcher {
    let mut searcher = Searcher::with_threads(threads);
    searcher.search(index, "", &NoNotes);
    for k in 1..key {
        searcher.search(index, &NAME[..k], &NoNotes);
    }
    searcher
}

fn keystroke(bencher: divan::Bencher, index: &'static SearchIndex, threads: usize, key: usize) {
    let start = primed(index, threads, key);
    bencher
        .with_inputs(|| start.clone())
        .bench_local_refs(|searcher| searcher.search(index, &NAME[..key], &NoNotes).len());
}

#[divan::bench(args = KEYS, sample_count = 30, sample_size = 1)]
fn keystroke_20k_1_thread(bencher: divan::Bencher, key: usize) {
    keystroke(bencher, &SMALL, 1, key);
}

#[divan::bench(args = KEYS, sample_count = 30, sample_size = 1)]
fn keystroke_20k_2_threads(bencher: divan::Bencher, key: usize) {
    keystroke(bencher, &SMALL, 2, key);
}

#[divan::bench(args = KEYS, sample_count = 20, sample_size = 1)]
fn keystroke_200k_1_thread(bencher: divan::Bencher, key: usize) {
    keystroke(bencher, &LARGE, 1, key);
}

#[divan::bench(args = KEYS, sample_count = 20, sample_size = 1)]
fn keystroke_200k_2_threads(bencher: divan::Bencher, key: usize) {
    keystroke(bencher, &LARGE, 2, key);
}

/// A whole query from scratch (`confnotes search`), highlights included.
#[divan::bench(args = ["grundemann", "asyncio", "'event loop", "speaker:grun year:2015..2020", "python | rust !django"], sample_count = 10, sample_size = 1)]
fn one_shot_200k(query: &str) -> usize {
    LARGE.search(query, &NoNotes).len()
}

/// Folding 20k talks into an index.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_index_20k(bencher: divan::Bencher) {
    let talks = synth_talks(20_000, 42);
    bencher.bench_local(|| SearchIndex::new(&talks).len());
}
