//! The folded talks, and the one-shot search over them.
use super::fold::Folded;
use super::matcher::{Compiled, Doc, Fields, Memo, Pool};
use super::query::{Query, parse_query};
use super::rank::{
    NotesTable, Ranked, TalkSet, rank_top, scan, scan_range, sort_hits, sort_hits_until,
};
use super::{Highlights, Hit, NoteLookup};
use crate::store::Talk;
use std::sync::atomic::{AtomicU64, Ordering};

/// Tells indexes apart, so a `Searcher` notices when it is handed a different one.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A talk's notes text folded ahead of time, off the UI thread (`SearchIndex::push_prepared`).
#[derive(Debug, Clone)]
pub struct PreparedBody(Folded);

impl PreparedBody {
    /// Folds `talk`'s body (lower case, accents removed), or shares it when it is ASCII.
    pub fn new(talk: &Talk) -> PreparedBody {
        PreparedBody(Folded::body(&talk.body))
    }

    /// A body folded elsewhere (read back from the load cache, see `stored`).
    pub(super) fn from_folded(folded: Folded) -> PreparedBody {
        PreparedBody(folded)
    }

    /// Like `new`, for an index that answers one query only (see `Folded::body_for_one_scan`).
    pub fn for_one_scan(talk: &Talk) -> PreparedBody {
        PreparedBody(Folded::body_for_one_scan(&talk.body))
    }
}

/// Every talk's fields, folded (lower-cased, accents removed) once at load.
#[derive(Debug)]
pub struct SearchIndex {
    id: u64,
    docs: Vec<Doc>,
    pool: Pool,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            docs: Vec::new(),
            pool: Pool::default(),
        }
    }
}

impl SearchIndex {
    /// Indexes `talks` (index i = store position i).
    pub fn new(talks: &[Talk]) -> Self {
        let mut index = SearchIndex::default();
        index.docs.reserve(talks.len());
        for t in talks {
            index.push(t);
        }
        index
    }

    /// Appends one talk (streaming loads).
    pub fn push(&mut self, talk: &Talk) {
        let doc = Doc::new(talk, &mut self.pool);
        crate::store::push_growing_by_a_quarter(&mut self.docs, doc);
    }

    /// Appends one talk whose body a loader thread already folded: the cheap half of `push`.
    pub fn push_prepared(&mut self, talk: &Talk, body: PreparedBody) {
        let doc = Doc::with_body(talk, &mut self.pool, body.0);
        crate::store::push_growing_by_a_quarter(&mut self.docs, doc);
    }

    /// Indexes talk `i` afresh (its fields changed, e.g. merged with a catalog record).
    pub fn replace(&mut self, i: usize, talk: &Talk) {
        if let Some(doc) = self.docs.get_mut(i) {
            *doc = Doc::new(talk, &mut self.pool);
            // A new identity: a `Searcher` must not reuse hits computed from the old fields.
            self.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Gives talk `i` other names for its speakers (a person's other spellings and declared aliases, from
    /// `SpeakerIndex::aliases_for`): `speaker:`/`@` terms match them too; plain terms and highlights do not.
    pub fn set_aliases(&mut self, i: usize, aliases: &[&str]) {
        let ids: Box<[u32]> = aliases.iter().map(|a| self.pool.intern(a)).collect();
        if let Some(doc) = self.docs.get_mut(i)
            && doc.aliases != ids
        {
            doc.aliases = ids;
            self.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Talk `i`'s title and first speaker as matching sees them (lower case, accents removed): the list's
    /// title and speaker orders sort by these rather than folding every title again.
    pub fn sort_keys(&self, i: usize) -> (&str, &str) {
        self.docs.get(i).map_or(("", ""), |doc| {
            let speaker = doc
                .speakers
                .first()
                .and_then(|&s| self.pool.fields.get(s as usize))
                .map_or("", |f| &*f.lower);
            (&*doc.title.lower, speaker)
        })
    }

    /// Number of indexed talks.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no talk is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Talks matching `query`, best first, each with its highlights. A blank query gives every
    /// talk in store order. Without a clock: `is:now`, `is:next`, `day:today` match nothing (see `search_at`).
    pub fn search(&self, query: &str, notes: &dyn NoteLookup) -> Vec<Hit> {
        self.search_at(query, notes, jiff::Timestamp::UNIX_EPOCH)
    }

    /// `search`, with `now` as the instant `is:now`, `is:next`, `day:today` and `day:tomorrow` are about.
    pub fn search_at(&self, query: &str, notes: &dyn NoteLookup, now: jiff::Timestamp) -> Vec<Hit> {
        let query = parse_query(query);
        if query.is_empty() {
            return (0..self.len())
                .map(|index| Hit {
                    index,
                    score: 0,
                    highlights: Highlights::default(),
                })
                .collect();
        }
        let notes = NotesTable::build(notes, self.len());
        let compiled = Compiled::new(&query, now);
        let mut scored = self.scan(&compiled, &notes, None, default_threads());
        self.sort(&mut scored, default_threads());
        scored
            .into_iter()
            .map(|r| {
                let i = r.index as usize;
                Hit {
                    index: i,
                    score: r.score,
                    highlights: self.highlights_with(&compiled, &notes, i),
                }
            })
            .collect()
    }

    /// Where `query` matches talk `talk` (empty when it does not, or `talk` is out of range).
    pub fn highlights(&self, talk: usize, query: &Query, notes: &dyn NoteLookup) -> Highlights {
        // Time terms highlight nothing, so no clock is needed here.
        self.highlights_compiled(
            talk,
            &Compiled::new(query, jiff::Timestamp::UNIX_EPOCH),
            notes,
        )
    }

    pub(super) fn highlights_compiled(
        &self,
        talk: usize,
        query: &Compiled,
        notes: &dyn NoteLookup,
    ) -> Highlights {
        self.highlights_with(query, &NotesTable::single(notes, talk), talk)
    }

    fn highlights_with(&self, query: &Compiled, notes: &NotesTable, talk: usize) -> Highlights {
        let Some(doc) = self.docs.get(talk) else {
            return Highlights::default();
        };
        query.highlights(&Fields {
            pool: &self.pool,
            doc,
            note: notes.get(talk),
        })
    }

    /// Every talk in store order, unscored.
    pub(super) fn everything(&self) -> Vec<super::Scored> {
        (0..self.len())
            .map(|index| super::Scored { index, score: 0 })
            .collect()
    }

    /// Identifies this index and its size, to tell when cached results are stale.
    pub(super) fn version(&self) -> (u64, usize) {
        (self.id, self.docs.len())
    }

    pub(super) fn scan(
        &self,
        query: &Compiled,
        notes: &NotesTable,
        candidates: Option<&TalkSet>,
        threads: usize,
    ) -> Vec<Ranked> {
        scan(&self.docs, &self.pool, query, notes, candidates, threads)
    }

    pub(super) fn sort(&self, hits: &mut Vec<Ranked>, threads: usize) {
        sort_hits(&self.docs, hits, threads);
    }

    /// Matches among talks `range` (one thread; see `rank::scan_range`).
    pub(super) fn scan_range(
        &self,
        query: &Compiled,
        notes: &NotesTable,
        candidates: Option<&TalkSet>,
        range: std::ops::Range<usize>,
        memo: &mut Option<Memo>,
    ) -> Vec<Ranked> {
        let memo = memo.get_or_insert_with(|| query.memo(&self.pool));
        scan_range(
            &self.docs, &self.pool, query, notes, candidates, range, memo,
        )
    }

    /// The best `top` hits first, ranked; the rest unordered.
    pub(super) fn rank_top(&self, hits: &mut [Ranked], top: usize) {
        rank_top(&self.docs, hits, top);
    }

    /// After `rank_top(hits, top)`: the rest in rank order too, unless `stop()` says to give up first
    /// (false then, the rest left in some order).
    pub(super) fn rank_rest(
        &self,
        hits: &mut Vec<Ranked>,
        top: usize,
        threads: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> bool {
        if hits.len() <= top {
            return true;
        }
        let mut rest = hits.split_off(top);
        let sorted = sort_hits_until(&self.docs, &mut rest, threads, stop);
        hits.append(&mut rest);
        sorted
    }
}

/// One scoring thread per core.
pub(super) fn default_threads() -> usize {
    crate::store::parallel::cores()
}
