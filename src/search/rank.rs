//! Scoring many talks (split across threads above a size) and putting the hits in rank order.
use super::matcher::{Compiled, Doc, Fields, Memo, NoteEntry, Pool};
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

impl NotesTable {
    /// From the notes of the talks that have any, by store position (a notes map is far smaller than the
    /// store: no lookup per talk).
    pub fn from_notes<'a>(
        notes: impl IntoIterator<Item = (usize, NoteRef<'a>)>,
        len: usize,
    ) -> Self {
        let mut entries: Vec<(usize, NoteEntry)> = notes
            .into_iter()
            .filter(|&(i, _)| i < len)
            .filter_map(|(i, n)| Some((i, entry(n)?)))
            .collect();
        entries.sort_unstable_by_key(|(i, _)| *i);
        entries.dedup_by_key(|(i, _)| *i);
        let mut present = vec![0; len.div_ceil(64)];
        for &(i, _) in &entries {
            present[i / 64] |= 1 << (i % 64);
        }
        NotesTable { present, entries }
    }
}

/// The matches among talks `from..to`: all of them, or only those also in `candidates`. One thread;
/// the search worker calls it chunk by chunk with one `memo` per thread and pass, so each interned
/// speaker, conference and tag is scored once per pass, not once per chunk.
pub fn scan_range(
    docs: &[Doc],
    pool: &Pool,
    query: &Compiled,
    notes: &NotesTable,
    candidates: Option<&TalkSet>,
    range: std::ops::Range<usize>,
    memo: &mut Memo,
) -> Vec<Ranked> {
    let to = range.end.min(docs.len());
    let mut score = |index: u32| {
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
    match candidates {
        Some(set) => set.range(range.start, to).filter_map(score).collect(),
        None => (range.start..to).filter_map(|i| score(i as u32)).collect(),
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
    let run = |from: usize, to: usize| {
        let mut memo = query.memo(pool);
        scan_range(docs, pool, query, notes, candidates, from..to, &mut memo)
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

/// The whole rank order of `sort_hits` as one comparison (titles beyond 16 bytes read only on a tie), for
/// ranking a few top hits apart from the rest.
pub fn full_rank<'a>(docs: &'a [Doc]) -> impl Fn(&Ranked, &Ranked) -> std::cmp::Ordering + 'a {
    move |a, b| {
        (b.score.cmp(&a.score))
            .then(b.year.cmp(&a.year))
            .then(a.title.cmp(&b.title))
            .then_with(|| {
                let title = |r: &Ranked| docs.get(r.index as usize).map(|d| &d.title.lower);
                title(a).cmp(&title(b))
            })
            .then(a.index.cmp(&b.index))
    }
}

/// Puts the best `top` hits first, in rank order, leaving the rest unordered: what a screen shows is
/// ranked before the rest are sorted.
pub fn rank_top(docs: &[Doc], hits: &mut [Ranked], top: usize) {
    let cmp = full_rank(docs);
    if hits.len() > top && top > 0 {
        hits.select_nth_unstable_by(top - 1, &cmp);
    }
    let head = top.min(hits.len());
    hits[..head].sort_unstable_by(&cmp);
}

/// Best first: score, then newer conference, then title, then store order.
pub fn sort_hits(docs: &[Doc], hits: &mut Vec<Ranked>, threads: usize) {
    sort_hits_until(docs, hits, threads, &|| false);
}

/// Hits sorted apart by `sort_hits_until`, a piece at a time (a few milliseconds each).
const SORT_PIECE: usize = 1 << 14;

/// `sort_hits`, given up as soon as `stop()` says so (checked between pieces of the work): false then,
/// with `hits` the same set in some order. Pieces are sorted on up to `threads` threads, then merged.
/// Sorting every hit of a one-letter query at 200k talks takes 40 ms after its top is on screen, and the
/// next keystroke's pass should not wait for it.
pub fn sort_hits_until(
    docs: &[Doc],
    hits: &mut Vec<Ranked>,
    threads: usize,
    stop: &(dyn Fn() -> bool + Sync),
) -> bool {
    let threads = threads.clamp(1, hits.len().div_ceil(SORT_PIECE).max(1));
    // Each piece sorted on whichever thread takes it.
    let pieces = std::sync::Mutex::new(hits.chunks_mut(SORT_PIECE));
    let work = || loop {
        if stop() {
            return false;
        }
        let piece = pieces.lock().ok().and_then(|mut p| p.next());
        let Some(piece) = piece else {
            return true;
        };
        piece.sort_unstable_by(by_rank);
    };
    let sorted = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mine = work();
        others.into_iter().fold(mine, |all, h| {
            all & h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
    });
    if !sorted {
        return false;
    }
    // Then the sorted runs merged in pairs, a level at a time.
    let mut width = SORT_PIECE;
    let mut merged = Vec::with_capacity(hits.len());
    while width < hits.len() {
        if stop() {
            return false;
        }
        merged.clear();
        for pair in hits.chunks(2 * width) {
            let (a, b) = pair.split_at(width.min(pair.len()));
            merge_into(a, b, &mut merged);
        }
        std::mem::swap(hits, &mut merged);
        width *= 2;
    }
    order_title_ties(docs, hits, stop)
}

/// Titles that share their first 16 bytes: orders each such run of sorted hits by the whole title. Read
/// from the talks, whole titles cost more than the sort itself where many repeat (a remixed catalog,
/// talks named "Keynote"), so `stop()` is asked every few runs: false when it said to give up.
fn order_title_ties(docs: &[Doc], hits: &mut [Ranked], stop: &(dyn Fn() -> bool + Sync)) -> bool {
    let full_title = |r: &Ranked| &docs[r.index as usize].title.lower;
    let mut since_asked = 0;
    for run in
        hits.chunk_by_mut(|a, b| a.score == b.score && a.year == b.year && a.title == b.title)
    {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| {
                full_title(a).cmp(full_title(b)).then(a.index.cmp(&b.index))
            });
            since_asked += run.len();
        }
        if since_asked >= ASK_EVERY {
            since_asked = 0;
            if stop() {
                return false;
            }
        }
    }
    true
}

/// Tied hits ordered between two questions to `stop` in `order_title_ties`.
const ASK_EVERY: usize = 4096;

/// Appends sorted `a` and `b` to `out` in rank order (a tie keeps `a`'s first).
fn merge_into(a: &[Ranked], b: &[Ranked], out: &mut Vec<Ranked>) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::matcher::Pool;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Titles that tie on their first 16 bytes, and hits of them with a few scores and years: every
    /// piece of the sort, its merges and the whole-title pass have work to do.
    fn docs_and_hits() -> (Vec<Doc>, Vec<Ranked>) {
        let mut pool = Pool::default();
        let docs: Vec<Doc> = (0..40)
            .map(|i| {
                let talk = crate::store::Talk {
                    title: format!("Sixteen bytes in, then {}", (i * 7) % 40),
                    ..Default::default()
                };
                Doc::new(&talk, &mut pool)
            })
            .collect();
        let mut seed = 17u64;
        let hits = (0..3 * SORT_PIECE + 123)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (seed >> 33) as usize;
                let index = r % docs.len();
                Ranked {
                    score: (r % 5) as i64,
                    year: 2000 + (r / 5 % 3) as i32,
                    index: index as u32,
                    title: docs[index].title_key,
                }
            })
            .collect();
        (docs, hits)
    }

    fn keys(hits: &[Ranked]) -> Vec<(i64, i32, u32)> {
        hits.iter().map(|h| (h.score, h.year, h.index)).collect()
    }

    #[test]
    fn hits_sorted_in_pieces_are_in_full_rank_order() {
        let (docs, hits) = docs_and_hits();
        let mut expected = hits.clone();
        expected.sort_by(full_rank(&docs));
        for threads in [1, 2, 3] {
            let mut sorted = hits.clone();
            assert!(sort_hits_until(&docs, &mut sorted, threads, &|| false));
            assert_eq!(keys(&sorted), keys(&expected), "{threads} threads");
        }
    }

    #[test]
    fn a_sort_told_to_stop_gives_up_with_the_same_hits() {
        let (docs, hits) = docs_and_hits();
        let mut all = keys(&hits);
        all.sort_unstable();
        let mut gave_up = 0;
        for asks in 0..40 {
            let asked = AtomicUsize::new(0);
            let stop = || asked.fetch_add(1, Ordering::SeqCst) >= asks;
            let mut sorted = hits.clone();
            if !sort_hits_until(&docs, &mut sorted, 2, &stop) {
                gave_up += 1;
                let mut kept = keys(&sorted);
                kept.sort_unstable();
                assert_eq!(kept, all, "stopped after {asks} asks");
            }
        }
        // Pieces, merge levels and the tied titles each ask: it stops at many points.
        assert!(gave_up > 8, "{gave_up}");
    }
}
