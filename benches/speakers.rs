//! Building the speaker index over a catalog-sized corpus (budget: 22k talks in ≤ 20 ms on one core).
use confnotes::speakers::{PeopleFinder, SpeakerIndex, SpeakerRules};
use confnotes::store::Talk;
use confnotes::synth::synth_talks;
use std::sync::LazyLock;

static TALKS: LazyLock<Vec<Talk>> = LazyLock::new(|| synth_talks(22_000, 42));
/// The same talks with ~13k distinct spellings (pyvideo's count), so few names repeat.
static DISTINCT: LazyLock<Vec<Talk>> = LazyLock::new(|| {
    let mut talks = synth_talks(22_000, 42);
    for (i, t) in talks.iter_mut().enumerate() {
        for s in &mut t.speakers {
            *s = format!("{s} {}", i % 6);
        }
    }
    talks
});

fn main() {
    // Built before timing starts, not inside the first sample.
    LazyLock::force(&TALKS);
    LazyLock::force(&DISTINCT);
    LazyLock::force(&PEOPLE);
    divan::main();
}

/// The whole index from scratch, as the CLI builds it after a load.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn build_22k() -> SpeakerIndex {
    SpeakerIndex::build(&TALKS, &SpeakerRules::default())
}

/// The index over ~13k distinct names.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn build_22k_distinct_names() -> SpeakerIndex {
    SpeakerIndex::build(&DISTINCT, &SpeakerRules::default())
}

/// The same talks streamed in batches of 500, as the TUI adds them.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn stream_22k_in_batches() -> SpeakerIndex {
    let mut index = SpeakerIndex::new(&SpeakerRules::default());
    for (b, batch) in TALKS.chunks(500).enumerate() {
        for (i, talk) in batch.iter().enumerate() {
            index.add_talk(b * 500 + i, talk);
        }
    }
    index
}

static PEOPLE: LazyLock<PeopleFinder> =
    LazyLock::new(|| PeopleFinder::new(&SpeakerIndex::build(&DISTINCT, &SpeakerRules::default())));

/// One keystroke in the speaker view over ~13k people: rank everyone by the query so far.
#[divan::bench(args = ["g", "gru", "grundemann"], sample_count = 20, sample_size = 1)]
fn rank_13k_people(query: &str) -> usize {
    PEOPLE.find(query).len()
}

/// Opening the speaker view over ~13k people: fold every name once.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_view_13k_people(bencher: divan::Bencher) {
    let index = SpeakerIndex::build(&DISTINCT, &SpeakerRules::default());
    bencher.bench_local(|| PeopleFinder::new(&index));
}
