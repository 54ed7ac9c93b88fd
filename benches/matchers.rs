//! Scoring one field, three ways, on the titles and speakers of 200k synthetic talks (folded to lower case,
//! as the search does before scoring): `fuzzy-matcher`'s `SkimMatcherV2` (the scorer the user asked for),
//! confnotes' own evaluation of the same scores (`search::skim_score`, equal by its tests), and
//! `nucleo-matcher` (helix's; other scores). Each pass scores every line for one prefix of a typed name,
//! on one thread: the first letters are the ones that match nearly every line. Issue #14 asks for this
//! comparison before any change of scorer; the numbers are in docs/bench-search.md.
use confnotes::synth::synth_talks;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::sync::LazyLock;

const NAME: &str = "chesneau";
const KEYS: [usize; 5] = [1, 2, 3, 4, 8];

static LINES: LazyLock<Vec<String>> = LazyLock::new(|| {
    (synth_talks(200_000, 42).into_iter())
        .map(|t| format!("{} {}", t.speakers.join(", "), t.title).to_lowercase())
        .collect()
});

fn main() {
    // The three agree on which lines match (all three are subsequence matches); print the counts once.
    for key in KEYS {
        let needle = &NAME[..key];
        let counts = (skim_crate(needle), skim_own(needle), nucleo(needle));
        println!("{needle:>8}: matches (fuzzy-matcher, own, nucleo) = {counts:?}");
    }
    divan::main();
}

fn skim_crate(needle: &str) -> usize {
    let matcher = SkimMatcherV2::default().respect_case();
    (LINES.iter())
        .filter(|l| matcher.fuzzy_match(l, needle).is_some())
        .count()
}

fn skim_own(needle: &str) -> usize {
    (LINES.iter())
        .filter(|l| confnotes::search::skim_score(l, needle).is_some())
        .count()
}

fn nucleo(needle: &str) -> usize {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::new(
        needle,
        CaseMatching::Respect,
        Normalization::Never,
        AtomKind::Fuzzy,
    );
    let mut buf = Vec::new();
    (LINES.iter())
        .filter(|l| {
            pattern
                .score(Utf32Str::new(l, &mut buf), &mut matcher)
                .is_some()
        })
        .count()
}

#[divan::bench(args = KEYS, sample_count = 10, sample_size = 1)]
fn fuzzy_matcher_skim(key: usize) -> usize {
    skim_crate(&NAME[..key])
}

#[divan::bench(args = KEYS, sample_count = 10, sample_size = 1)]
fn confnotes_skim(key: usize) -> usize {
    skim_own(&NAME[..key])
}

#[divan::bench(args = KEYS, sample_count = 10, sample_size = 1)]
fn nucleo_matcher(key: usize) -> usize {
    nucleo(&NAME[..key])
}
