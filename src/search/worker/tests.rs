use super::*;
use crate::search::{NoNotes, SearchIndex};
use std::sync::RwLock;
use std::sync::mpsc::Receiver;
use std::time::Duration;

fn shared(n: usize) -> (SharedIndex, Vec<crate::store::Talk>) {
    let talks = crate::synth::synth_talks(n, 42);
    (Arc::new(RwLock::new(SearchIndex::new(&talks))), talks)
}

fn request(generation: u64, query: &str) -> SearchRequest {
    SearchRequest {
        generation,
        query: query.into(),
        notes: NotesSnapshot::default(),
        now: jiff::Timestamp::UNIX_EPOCH,
    }
}

fn spawn(index: &SharedIndex) -> (SearchWorker, Receiver<SearchResults>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = SearchWorker::spawn(Arc::clone(index), 2, move |r| drop(tx.send(r)));
    (worker, rx)
}

/// Results until the complete and ordered one for `generation`.
fn until_complete(rx: &Receiver<SearchResults>, generation: u64) -> Vec<SearchResults> {
    let mut got = Vec::new();
    loop {
        let r = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        let done = r.complete && r.ordered && r.generation == generation;
        got.push(r);
        if done {
            return got;
        }
    }
}

fn one_shot(index: &SharedIndex, query: &str) -> Vec<usize> {
    let index = index.read().unwrap();
    index
        .search(query, &NoNotes)
        .iter()
        .map(|h| h.index)
        .collect()
}

#[test]
fn the_worker_answers_as_the_one_shot_search_does() {
    let (index, _) = shared(20_000);
    let (worker, rx) = spawn(&index);
    for (g, q) in ["e", "gr", "grundemann", "'the !a", "grund | taj"]
        .iter()
        .enumerate()
    {
        let g = g as u64 + 1;
        worker.request(request(g, q));
        let last = until_complete(&rx, g).pop().unwrap();
        assert_eq!(last.hits, one_shot(&index, q), "{q}");
    }
}

#[test]
fn a_pass_with_many_hits_shows_them_all_with_the_top_ranked_then_all_in_order() {
    let (index, _) = shared(50_000);
    let (worker, rx) = spawn(&index);
    worker.request(request(1, "e"));
    let got = until_complete(&rx, 1);
    let full = &got.last().unwrap().hits;
    assert!(
        full.len() >= super::super::searcher::RANKED_FIRST_FROM,
        "{}",
        full.len()
    );
    // Before the ordered answer: every hit, the top rows already in their final order.
    let first = got.iter().rev().nth(1).unwrap();
    assert!(first.complete && !first.ordered);
    let top = super::super::searcher::TOP;
    assert_eq!(first.hits[..top], full[..top]);
    let mut same = first.hits.clone();
    same.sort_unstable();
    let mut all = full.clone();
    all.sort_unstable();
    assert_eq!(same, all, "the same hits");
}

#[test]
fn a_pass_with_few_hits_answers_once_in_order() {
    let (index, _) = shared(20_000);
    let (worker, rx) = spawn(&index);
    worker.request(request(1, "grundemann"));
    let got = until_complete(&rx, 1);
    assert!(got.last().unwrap().hits.len() < super::super::searcher::RANKED_FIRST_FROM);
    assert!(
        got.iter().all(|r| r.ordered),
        "{:?}",
        got.iter().map(|r| r.hits.len()).collect::<Vec<_>>()
    );
}

#[test]
fn a_burst_of_keys_ends_with_the_last_query_and_stale_passes_say_nothing_final() {
    let (index, _) = shared(50_000);
    let (worker, rx) = spawn(&index);
    let typed = "grundemann";
    for k in 1..=typed.len() {
        worker.request(request(k as u64, &typed[..k]));
    }
    let last = typed.len() as u64;
    let got = until_complete(&rx, last);
    // A pass typed over after it has shown its hits (top ranked) may not also order them.
    assert!(
        got.iter().all(|r| !r.ordered || r.generation == last),
        "no final answer for a query typed over: {:?}",
        got.iter()
            .map(|r| (r.generation, r.complete, r.ordered))
            .collect::<Vec<_>>()
    );
    assert!(got.len() < 2 * typed.len(), "{}", got.len());
    assert_eq!(got.last().unwrap().hits, one_shot(&index, typed));
}

#[test]
fn talks_added_mid_search_are_found_by_the_next_request() {
    let (index, talks) = shared(2_000);
    let (worker, rx) = spawn(&index);
    worker.request(request(1, "zebra"));
    assert!(until_complete(&rx, 1).pop().unwrap().hits.is_empty());
    let mut zebra = talks[0].clone();
    zebra.title = "Zebra crossings".into();
    index.write().unwrap().push(&zebra);
    worker.request(request(2, "zebra"));
    assert_eq!(until_complete(&rx, 2).pop().unwrap().hits, [2_000]);
}

#[test]
fn notes_take_part_through_the_snapshot() {
    let (index, _) = shared(500);
    let (worker, rx) = spawn(&index);
    let note = crate::search::NoteRef {
        status: crate::notes::Status::FollowUp,
        text: "ask about the quokka",
    };
    let mut with_notes = request(1, "quokka");
    with_notes.notes = NotesSnapshot::new([(7, note)], 500);
    worker.request(with_notes.clone());
    assert_eq!(until_complete(&rx, 1).pop().unwrap().hits, [7]);
    // Another snapshot (the notes changed) is not answered from the old one's hits.
    with_notes.generation = 2;
    with_notes.notes = NotesSnapshot::default();
    worker.request(with_notes);
    assert!(until_complete(&rx, 2).pop().unwrap().hits.is_empty());
}
