//! Engine tests: each syntax form end to end, ranking, accents and case, highlights, the Searcher.
use super::matcher::TIER;
use super::*;
use crate::store::Talk;
use std::collections::HashMap;

pub(super) fn talk(
    title: &str,
    speakers: &[&str],
    conference: &str,
    year: i32,
    tags: &[&str],
    body: &str,
) -> Talk {
    Talk {
        id: crate::store::slugify(title),
        title: title.into(),
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        conference: conference.into(),
        year,
        tags: tags.iter().map(|s| s.to_string()).collect(),
        body: body.into(),
        ..Talk::default()
    }
}

/// Personal notes by talk index.
#[derive(Default)]
pub(super) struct Notes(pub HashMap<usize, (Status, String)>);

impl NoteLookup for Notes {
    fn note(&self, index: usize) -> Option<NoteRef<'_>> {
        self.0.get(&index).map(|(status, text)| NoteRef {
            status: *status,
            text,
        })
    }
}

const FILLER: &str =
    " This sentence is here so that the body is long enough to get a bigram filter of its own.";

pub(super) fn corpus() -> (Vec<Talk>, Notes) {
    let talks = vec![
        talk(
            "Parallelism Shootout: threads vs asyncio vs multiple processes",
            &["Shahriar Tajbakhsh"],
            "EuroPython",
            2015,
            &["concurrency", "asyncio"],
            &format!("We compare threads and processes. The GIL matters.{FILLER}"),
        ),
        talk(
            "Straße und Café: naïve Unicode",
            &["Benoît Gründemann", "Zoë Ærø"],
            "PyCon DE",
            2019,
            &["unicode"],
            &format!("Das ist GROSS und groß.{FILLER}"),
        ),
        talk(
            "Async all the things",
            &["Guido van Rossum"],
            "PyCon US",
            2014,
            &["python", "async"],
            "",
        ),
        talk(
            "Testing with Hypothesis",
            &["Benoit Dupont"],
            "Testing Days",
            2012,
            &[],
            "property based testing",
        ),
        talk(
            "Ελληνικά και Python",
            &["Αλέξανδρος Παπαδόπουλος"],
            "PyCon Greece",
            2016,
            &["i18n"],
            "ΣΊΣΥΦΟΣ σίσυφος",
        ),
    ];
    let mut notes = Notes::default();
    notes.0.insert(
        0,
        (Status::None, "Great point about the GIL and rust".into()),
    );
    notes.0.insert(2, (Status::FollowUp, "watch again".into()));
    notes.0.insert(3, (Status::Done, "  ".into()));
    notes.0.insert(4, (Status::Planned, String::new()));
    (talks, notes)
}

fn ids(query: &str) -> Vec<usize> {
    let (talks, notes) = corpus();
    SearchIndex::new(&talks)
        .search(query, &notes)
        .iter()
        .map(|h| h.index)
        .collect()
}

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

#[test]
fn blank_query_gives_everything_in_store_order() {
    assert_eq!(ids(""), vec![0, 1, 2, 3, 4]);
    assert_eq!(ids("   "), vec![0, 1, 2, 3, 4]);
    assert_eq!(ids("! |"), vec![0, 1, 2, 3, 4]);
}

#[test]
fn fuzzy_terms_in_short_fields_substring_in_bodies() {
    assert_eq!(ids("shtajb"), vec![0]); // fuzzy in the speaker
    assert_eq!(ids("prllsm"), vec![0]); // fuzzy in the title
    assert_eq!(ids("gil"), vec![0]); // substring of the body (and the notes)
    assert_eq!(ids("prprty"), Vec::<usize>::new()); // bodies are not fuzzy
    assert_eq!(ids("property"), vec![3]);
    assert_eq!(sorted(ids("async thi")), vec![0, 2]); // fuzzy across a long title
    assert_eq!(ids("async guido"), vec![2]); // all terms must match
}

#[test]
fn exact_prefix_suffix_whole() {
    assert_eq!(sorted(ids("'sync")), vec![0, 2]);
    assert_eq!(ids("'snc"), Vec::<usize>::new());
    assert_eq!(sorted(ids("^async")), vec![0, 2]); // a title or tag starts with it
    assert_eq!(sorted(ids("^asyncio")), vec![0]);
    assert_eq!(sorted(ids("processes$")), vec![0]);
    assert_eq!(ids("^async$"), vec![2]); // the tag "async" exactly
    assert_eq!(ids("^asyn$"), Vec::<usize>::new());
}

#[test]
fn negation_and_or() {
    assert_eq!(sorted(ids("!async")), vec![1, 3, 4]);
    assert_eq!(sorted(ids("'async !guido")), vec![0]);
    assert_eq!(sorted(ids("hypothesis | shootout")), vec![0, 3]);
    assert_eq!(sorted(ids("!^async")), vec![1, 3, 4]);
    assert_eq!(sorted(ids("!tag:async")), vec![1, 3, 4]);
    // A negated plain term excludes by substring, not fuzzily: "tst" is no substring anywhere.
    assert_eq!(ids("!tst").len(), 5);
}

#[test]
fn field_scopes() {
    assert_eq!(ids("speaker:guido"), vec![2]);
    assert_eq!(ids("@guido"), vec![2]);
    assert_eq!(ids("@async"), Vec::<usize>::new());
    assert_eq!(ids("title:hypothesis"), vec![3]);
    assert_eq!(ids("title:guido"), Vec::<usize>::new());
    assert_eq!(ids("conf:europy"), vec![0]);
    assert_eq!(ids("tag:i18n"), vec![4]);
    assert_eq!(ids("body:groß"), vec![1]);
    assert_eq!(ids("body:watch"), Vec::<usize>::new());
    assert_eq!(ids("notes:watch"), vec![2]);
    assert_eq!(ids("watch"), vec![2]); // unscoped terms search the personal notes too
}

#[test]
fn years_marks_and_notes() {
    assert_eq!(ids("year:2014"), vec![2]);
    assert_eq!(ids("year:2014..2016"), vec![4, 0, 2]); // newer first
    assert_eq!(ids("year:..2013"), vec![3]);
    assert_eq!(ids("is:followup"), vec![2]);
    assert_eq!(ids("is:done"), vec![3]);
    assert_eq!(ids("is:planned"), vec![4]);
    assert_eq!(sorted(ids("!is:done")), vec![0, 1, 2, 4]);
    // A blank note text does not count.
    assert_eq!(sorted(ids("has:notes")), vec![0, 2]);
}

#[test]
fn quotes_and_escapes_search_spaces() {
    assert_eq!(ids("'\"all the\""), vec![2]);
    assert_eq!(ids("'all\\ the"), vec![2]);
    assert_eq!(ids("'\"und café\""), vec![1]);
}

#[test]
fn malformed_queries_are_text() {
    assert_eq!(ids("year:20x4"), Vec::<usize>::new());
    assert_eq!(ids("\"unclosed"), Vec::<usize>::new());
    assert_eq!(ids("\"asyncio"), vec![0]);
}

#[test]
fn accents_fold_both_ways() {
    assert_eq!(sorted(ids("benoit")), vec![1, 3]);
    assert_eq!(sorted(ids("benoît")), vec![1, 3]);
    assert_eq!(ids("grundemann"), vec![1]);
    assert_eq!(ids("'strasse"), vec![1]);
    assert_eq!(ids("@aero"), vec![1]);
    assert_eq!(ids("cafe"), vec![1]);
    // Every script folds, through Unicode decomposition.
    assert_eq!(ids("σίσυφος"), vec![4]);
    assert_eq!(ids("σισυφος"), vec![4]);
}

#[test]
fn smart_case() {
    // Lower case ignores case; a capital makes that term case-sensitive (accents still fold).
    assert_eq!(ids("'gross"), vec![1]);
    assert_eq!(ids("'GROSS"), vec![1]);
    assert_eq!(ids("'GROSs"), Vec::<usize>::new());
    assert_eq!(ids("'Gross"), Vec::<usize>::new());
    assert_eq!(sorted(ids("Benoit")), vec![1, 3]);
    assert_eq!(ids("BENOIT"), Vec::<usize>::new());
    assert_eq!(ids("'GIL"), vec![0]);
    assert_eq!(ids("'Gil"), Vec::<usize>::new());
    assert_eq!(ids("ΣΊΣ"), vec![4]);
    assert_eq!(ids("Σίσυφος"), Vec::<usize>::new());
}

#[test]
fn tiers_rank_speaker_title_over_conference_tag_over_body() {
    let talks = vec![
        talk("Zebra", &[], "Conf", 2010, &["kite"], ""),
        talk("Kites and more", &[], "Conf", 2010, &[], ""),
        talk("Other", &["Kit Eastwood"], "Conf", 2011, &[], ""),
        talk("Plain", &[], "Conf", 2024, &[], "a kite flies"),
        talk("Nothing", &[], "KiteConf", 2000, &[], ""),
        talk("Unrelated", &[], "Conf", 2024, &[], "no match here"),
    ];
    let hits = SearchIndex::new(&talks).search("kite", &NoNotes);
    assert_eq!(hits.len(), 5, "{hits:?}");
    // A hit's tier is its score in units of TIER: 2 = speaker/title, 1 = conference/tag, 0 = body.
    let tier_of = |i: usize| {
        let score = hits
            .iter()
            .find(|h| h.index == i)
            .map_or(-TIER, |h| h.score);
        (score + TIER / 2).div_euclid(TIER)
    };
    assert_eq!(
        [tier_of(1), tier_of(2), tier_of(0), tier_of(4), tier_of(3)],
        [2, 2, 1, 1, 0]
    );
    let order: Vec<usize> = hits.iter().map(|h| h.index).collect();
    let pos = |i: usize| order.iter().position(|&x| x == i).unwrap_or(usize::MAX);
    assert!(pos(1).max(pos(2)) < pos(0).min(pos(4)), "{order:?}");
    assert!(pos(0).max(pos(4)) < pos(3), "{order:?}");
}

#[test]
fn ties_go_to_newer_conferences_then_title() {
    let talks = vec![
        talk("Beta", &[], "Conf", 2010, &["kite"], ""),
        talk("alpha", &[], "Conf", 2010, &["kite"], ""),
        talk("Gamma", &[], "Conf", 2012, &["kite"], ""),
        talk("Alpha", &[], "Conf", 2010, &["kite"], ""),
    ];
    let hits = SearchIndex::new(&talks).search("kite", &NoNotes);
    assert!(hits.iter().all(|h| h.score == hits[0].score));
    // Titles compare folded; equal titles keep store order.
    assert_eq!(
        hits.iter().map(|h| h.index).collect::<Vec<_>>(),
        vec![2, 1, 3, 0]
    );
}

#[test]
fn long_titles_tie_break_past_sixteen_bytes() {
    let talks = vec![
        talk("How we scaled things part B", &[], "C", 2010, &["x"], ""),
        talk("How we scaled things part A", &[], "C", 2010, &["x"], ""),
    ];
    let hits = SearchIndex::new(&talks).search("tag:x", &NoNotes);
    assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), vec![1, 0]);
}

fn highlights(query: &str, index: usize) -> Highlights {
    let (talks, notes) = corpus();
    let hits = SearchIndex::new(&talks).search(query, &notes);
    hits.into_iter()
        .find(|h| h.index == index)
        .map(|h| h.highlights)
        .unwrap_or_default()
}

#[test]
fn highlights_are_original_char_positions() {
    // "Straße und Café": the folded "ss" must not shift what follows.
    let h = highlights("cafe", 1);
    assert_eq!(h.title, vec![11, 12, 13, 14]);
    assert_eq!(h.speakers, vec![Vec::<usize>::new(), Vec::new()]);
    assert_eq!(highlights("'und", 1).title, vec![7, 8, 9]);
    assert_eq!(highlights("'strasse", 1).title, vec![0, 1, 2, 3, 4, 5]);
    // One list per speaker.
    let h = highlights("@grun", 1);
    assert_eq!(h.speakers, vec![vec![7, 8, 9, 10], vec![]]);
    assert_eq!(highlights("aero", 1).speakers, vec![vec![], vec![4, 5, 6]]);
    assert_eq!(highlights("conf:de", 1).conference, vec![6, 7]);
    assert_eq!(
        highlights("^unicode$", 1).tags,
        vec![vec![0, 1, 2, 3, 4, 5, 6]]
    );
}

#[test]
fn highlights_in_bodies_and_notes_are_ranges() {
    let h = highlights("gross", 1);
    assert_eq!(h.body, vec![8..13, 18..22]);
    assert_eq!(highlights("GROSS", 1).body, vec![8..13]);
    let h = highlights("gil", 0);
    assert_eq!(h.body, vec![38..41]);
    assert_eq!(h.notes, vec![22..25]);
    // Every matching field is marked, not only the best one; negated terms mark nothing.
    let h = highlights("asyncio !guido", 0);
    assert_eq!(h.title, (33..40).collect::<Vec<_>>());
    assert_eq!(h.tags, vec![vec![], (0..7).collect()]);
    assert!(h.notes.is_empty());
}

#[test]
fn searcher_matches_one_shot_search_while_typing_and_backspacing() {
    let talks = crate::synth::synth_talks(3000, 9);
    let index = SearchIndex::new(&talks);
    let notes = NoNotes;
    let mut searcher = Searcher::with_threads(2);
    let typed = "grundemann";
    let mut steps: Vec<&str> = (0..=typed.len()).map(|k| &typed[..k]).collect();
    steps.extend([
        "grundem",
        "grundemz",
        "grund",
        "grund |",
        "grund | tajb",
        "grund | taj",
        "!grund",
        "!grundx",
    ]);
    for q in steps {
        let one_shot: Vec<(usize, i64)> = index
            .search(q, &notes)
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        let incremental: Vec<(usize, i64)> = searcher
            .search(&index, q, &notes)
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        assert_eq!(incremental, one_shot, "{q:?}");
    }
    assert!(!index.search("grundemann", &notes).is_empty());
}

#[test]
fn searcher_sees_new_talks_and_invalidated_notes() {
    let (talks, mut notes) = corpus();
    let mut index = SearchIndex::new(&talks);
    let mut searcher = Searcher::new();
    assert_eq!(searcher.search(&index, "has:notes", &notes).len(), 2);
    notes.0.insert(4, (Status::None, "new note".into()));
    // Notes are cached until invalidated.
    assert_eq!(searcher.search(&index, "has:notes", &notes).len(), 2);
    searcher.invalidate();
    assert_eq!(searcher.search(&index, "has:notes", &notes).len(), 3);
    assert_eq!(searcher.search(&index, "zebr", &notes).len(), 0);
    index.push(&talk("Zebras", &[], "C", 2020, &[], ""));
    assert_eq!(searcher.search(&index, "zebr", &notes).len(), 1);
    assert_eq!(searcher.search(&index, "zebra", &notes).len(), 1);
    // Lazy highlights for the rows on screen.
    assert_eq!(
        searcher.highlights(&index, 5, &notes).title,
        vec![0, 1, 2, 3, 4]
    );
    assert_eq!(
        searcher.highlights(&index, 99, &notes),
        Highlights::default()
    );
}

#[test]
fn threads_do_not_change_results() {
    // Large enough for both the split scan and the split sort.
    let talks = crate::synth::synth_talks(20_000, 5);
    let index = SearchIndex::new(&talks);
    for q in ["e", "gr", "'the !a"] {
        let one: Vec<(usize, i64)> = Searcher::with_threads(1)
            .search(&index, q, &NoNotes)
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        let two: Vec<(usize, i64)> = Searcher::with_threads(2)
            .search(&index, q, &NoNotes)
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        assert!(one.len() > 16_384 || q != "e", "{q}: {}", one.len());
        assert_eq!(one, two, "{q}");
    }
}

#[test]
fn many_terms_stay_correct_past_the_memo_budget() {
    let (talks, notes) = corpus();
    let index = SearchIndex::new(&talks);
    let few = index.search("benoit", &notes);
    let many = index.search(&["benoit"; 200].join(" "), &notes);
    assert_eq!(
        few.iter().map(|h| h.index).collect::<Vec<_>>(),
        many.iter().map(|h| h.index).collect::<Vec<_>>()
    );
    assert_eq!(many[0].score, few[0].score * 200);
}

/// Cancels the pass once its top is ranked: what a key typed while the rest is sorted does.
#[derive(Default)]
struct CancelAfterTop(std::sync::atomic::AtomicBool);

impl super::searcher::PassControl for CancelAfterTop {
    fn cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn ranked_top(&self, _hits: &[super::rank::Ranked]) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn a_pass_stopped_while_sorting_its_tail_still_narrows_the_next_query() {
    let talks = crate::synth::synth_talks(6000, 3);
    let index = SearchIndex::new(&talks);
    let table = std::sync::Arc::new(super::rank::NotesTable::build(&NoNotes, index.len()));
    let mut searcher = Searcher::with_threads(2);
    let control = CancelAfterTop::default();
    let pass = searcher.pass(&index, "e", table, &control);
    assert_eq!(pass, super::searcher::Pass::Cancelled);
    // The top was ranked (the tail was long), and the scan was whole when it was.
    assert!(control.0.load(std::sync::atomic::Ordering::SeqCst));
    let ranked = |hits: &[Scored]| hits.iter().map(|h| (h.index, h.score)).collect::<Vec<_>>();
    for q in ["e", "er", "ern"] {
        let fresh = ranked(Searcher::with_threads(2).search(&index, q, &NoNotes));
        assert!(!fresh.is_empty(), "{q}");
        assert_eq!(ranked(searcher.search(&index, q, &NoNotes)), fresh, "{q}");
    }
}
