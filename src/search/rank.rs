//! Scoring many talks (split across threads above a size) and putting the hits in rank order.
use super::matcher::{Compiled, Doc, NoteEntry};
use super::{NoteLookup, NoteRef};
use crate::notes::Status;
use std::cmp::Ordering;

/// Below this many candidates one thread is faster than starting another.
const PARALLEL_MIN: usize = 8192;

/// The personal notes of the talks that have any, folded once per search (or once until the
/// `Searcher` is invalidated), so a scan never calls back into the `NoteLookup`.
#[derive(Debug, Default)]
pub struct NotesTable {
    /// One bit per talk: whether it has an entry (most have none, and this answers without a search).
    present: Vec<u64>,
    entries: Vec<(usize, NoteEntry)>,
}

impl NotesTable {
    /// Reads the notes of talks `0..len`.
    pub fn build(notes: &dyn NoteLookup, len: usize) -> NotesTable {
        let mut table = NotesTable { present: vec![0; len.div_ceil(64)], entries: Vec::new() };
        for i in 0..len {
            if let Some(note) = notes.note(i).and_then(entry) {
                table.present[i / 64] |= 1 << (i % 64);
                table.entries.push((i, note));
            }
        }
        table
    }

    /// The note of one talk only (highlighting a single row).
    pub fn single(notes: &dyn NoteLookup, index: usize) -> NotesTable {
        let mut table = NotesTable::default();
        if let Some(note) = notes.note(index).and_then(entry) {
            table.entries.push((index, note));
        }
        table
    }

    /// The note of talk `i`, if it has one.
    pub fn get(&self, i: usize) -> Option<&NoteEntry> {
        if let Some(word) = self.present.get(i / 64)
            && word >> (i % 64) & 1 == 0
        {
            return None;
        }
        let at = self.entries.binary_search_by_key(&i, |(j, _)| *j).ok()?;
        Some(&self.entries[at].1)
    }
}

/// A note that can affect a search (an empty one with no mark is as good as none).
fn entry(note: NoteRef<'_>) -> Option<NoteEntry> {
    let has_text = !note.text.trim().is_empty();
    (has_text || note.status != Status::None).then(|| NoteEntry {
        status: note.status,
        text: super::fold::Folded::long(note.text),
        has_text,
    })
}

/// (score, talk) of every candidate that matches: all talks, or only `candidates`.
pub fn scan(
    docs: &[Doc],
    query: &Compiled,
    notes: &NotesTable,
    candidates: Option<&[u32]>,
    threads: usize,
) -> Vec<(i64, u32)> {
    let n = candidates.map_or(docs.len(), <[u32]>::len);
    let score = |i: u32| query.score(&docs[i as usize], notes.get(i as usize)).map(|s| (s, i));
    let run = |from: usize, to: usize| -> Vec<(i64, u32)> {
        match candidates {
            Some(c) => c[from..to].iter().filter_map(|&i| score(i)).collect(),
            None => (from..to).filter_map(|i| score(i as u32)).collect(),
        }
    };
    let threads = threads.min(n / PARALLEL_MIN).max(1);
    if threads == 1 {
        return run(0, n);
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|s| {
        let others: Vec<_> = (1..threads)
            .map(|t| s.spawn(move || run(t * chunk, ((t + 1) * chunk).min(n))))
            .collect();
        let mut all = run(0, chunk);
        for handle in others {
            // A scoring thread only panics on a bug; its hits are then lost, not the whole search.
            all.extend(handle.join().unwrap_or_default());
        }
        all
    })
}

/// Best first: score, then newer conference, then title, then store order.
pub fn sort_hits(docs: &[Doc], hits: &mut [(i64, u32)]) {
    hits.sort_unstable_by(|a, b| rank_order(docs, a, b));
}

fn rank_order(docs: &[Doc], a: &(i64, u32), b: &(i64, u32)) -> Ordering {
    let (da, db) = (&docs[a.1 as usize], &docs[b.1 as usize]);
    b.0.cmp(&a.0)
        .then_with(|| db.year.cmp(&da.year))
        .then_with(|| da.title.lower.cmp(&db.title.lower))
        .then(a.1.cmp(&b.1))
}
