//! Scoring many talks (split across threads above a size) and putting the hits in rank order.
use super::matcher::{Compiled, Doc, Fields, NoteEntry, Pool};
use super::{NoteLookup, NoteRef};
use crate::notes::Status;

/// Below this many candidates one thread is faster than starting another.
const PARALLEL_MIN: usize = 8192;

/// The personal notes of the talks that have any, folded once per search (or once until the
/// `Searcher` is invalidated), so a scan never calls back into the `NoteLookup`.
#[derive(Debug, Default, Clone)]
pub struct NotesTable {
    /// One bit per talk: whether it has an entry (most have none, and this answers without a search).
    present: Vec<u64>,
    entries: Vec<(usize, NoteEntry)>,
}

impl NotesTable {
    /// Reads the notes of talks `0..len`.
    pub fn build(notes: &dyn NoteLookup, len: usize) -> NotesTable {
        let mut table = NotesTable {
            present: vec![0; len.div_ceil(64)],
            entries: Vec::new(),
        };
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
    (!note.text.is_empty() || note.status != Status::None).then(|| NoteEntry {
        status: note.status,
        text: super::fold::Folded::long(note.text),
        has_text,
    })
}

/// A matching talk with what orders it, gathered while its fields are in cache.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub score: i64,
    pub year: i32,
    pub index: u32,
    title: u128,
}

/// A set of talks (the hits of an earlier query), visited in store order: scanning in order keeps
/// memory access sequential, which rank order would not.
#[derive(Debug, Clone, Default)]
pub struct TalkSet {
    words: Vec<u64>,
    len: usize,
}

impl TalkSet {
    /// The talks of `hits`, out of `n` talks.
    pub fn new(n: usize, hits: &[Ranked]) -> TalkSet {
        let mut words = vec![0u64; n.div_ceil(64)];
        for r in hits {
            words[r.index as usize / 64] |= 1 << (r.index % 64);
        }
        TalkSet {
            words,
            len: hits.len(),
        }
    }

    /// How many talks are in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The talks in `from..to`, ascending.
    fn range(&self, from: usize, to: usize) -> impl Iterator<Item = u32> + '_ {
        let first = from / 64;
        let last = to.div_ceil(64).min(self.words.len());
        (first..last).flat_map(move |w| {
            let mut bits = self.words[w];
            std::iter::from_fn(move || {
                let bit = bits.trailing_zeros();
                (bits != 0).then(|| {
                    bits &= bits - 1;
                    (w * 64) as u32 + bit
                })
            })
            .filter(move |&i| (from..to).contains(&(i as usize)))
        })
    }
}

/// Every candidate that matches: all talks, or only those in `candidates`.
pub fn scan(
    docs: &[Doc],
    pool: &Pool,
    query: &Compiled,
    notes: &NotesTable,
    candidates: Option<&TalkSet>,
    threads: usize,
) -> Vec<Ranked> {
    let n = candidates.map_or(docs.len(), TalkSet::len);
    let score = |index: u32, memo: &mut _| {
        let doc = &docs[index as usize];
        let score = query.score(
            &Fields {
                pool,
                doc,
                note: notes.get(index as usize),
            },
            memo,
        )?;
        Some(Ranked {
            score,
            year: doc.year,
            index,
            title: doc.title_key,
        })
    };
    let run = |from: usize, to: usize| -> Vec<Ranked> {
        let mut memo = query.memo(pool);
        match candidates {
            Some(set) => set
                .range(from, to)
                .filter_map(|i| score(i, &mut memo))
                .collect(),
            None => (from..to)
                .filter_map(|i| score(i as u32, &mut memo))
                .collect(),
        }
    };
    let threads = threads.min(n / PARALLEL_MIN).max(1);
    if threads == 1 {
        return run(0, docs.len());
    }
    // Equal slices of the store; a set's talks spread evenly enough over it.
    let chunk = docs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let others: Vec<_> = (1..threads)
            .map(|t| s.spawn(move || run(t * chunk, ((t + 1) * chunk).min(docs.len()))))
            .collect();
        let mut all = run(0, chunk);
        for handle in others {
            // A scoring thread only panics on a bug: pass it on rather than return partial hits.
            let hits = handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            all.extend(hits);
        }
        all
    })
}

/// Best first by score, then newer conference, then the first 16 bytes of the title, then store order.
fn by_rank(a: &Ranked, b: &Ranked) -> std::cmp::Ordering {
    (b.score.cmp(&a.score))
        .then(b.year.cmp(&a.year))
        .then(a.title.cmp(&b.title))
        .then(a.index.cmp(&b.index))
}

/// Best first: score, then newer conference, then title, then store order. Large sets are
/// sorted in two halves on two threads (when allowed), then merged.
pub fn sort_hits(docs: &[Doc], hits: &mut Vec<Ranked>, threads: usize) {
    if threads > 1 && hits.len() >= 2 * PARALLEL_MIN {
        let mid = hits.len() / 2;
        let (left, right) = hits.split_at_mut(mid);
        std::thread::scope(|s| {
            s.spawn(|| left.sort_unstable_by(by_rank));
            right.sort_unstable_by(by_rank);
        });
        *hits = merge(&hits[..mid], &hits[mid..]);
    } else {
        hits.sort_unstable_by(by_rank);
    }
    // Titles that share their first 16 bytes: order each such run by the whole title.
    let full_title = |r: &Ranked| &docs[r.index as usize].title.lower;
    for run in
        hits.chunk_by_mut(|a, b| a.score == b.score && a.year == b.year && a.title == b.title)
    {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| {
                full_title(a).cmp(full_title(b)).then(a.index.cmp(&b.index))
            });
        }
    }
}

fn merge(a: &[Ranked], b: &[Ranked]) -> Vec<Ranked> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if by_rank(&b[j], &a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}
