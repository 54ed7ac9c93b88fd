//! Search as you type: remembers recent queries and their hits, so a query that narrows one of
//! them (typing on, or backspacing to it) re-scores those hits instead of scanning every talk.
//!
//! One engine serves both callers: [`Searcher::search`] (the caller holds the index; tests, benches,
//! the inline mode) and the search worker (`worker.rs`), which shares the index behind a lock. A pass
//! scores chunks of [`CHUNK`] talks on every allowed thread, looking between chunks at whether a newer
//! query has made it stale, and ranks the best [`TOP`] before sorting the rest.
use super::index::default_threads;
use super::matcher::Compiled;
use super::query::{Query, parse_query};
use super::rank::{NotesTable, Ranked, TalkSet};
use super::{Highlights, NoteLookup, Scored, SearchIndex};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// How many recent queries keep their hits.
const HISTORY: usize = 16;
/// Talks scored between two looks at the cancel flag (with the index lock released in between): well
/// under a millisecond of work, and small enough that two threads share a 22k catalog evenly (with 8192,
/// its three chunks split two to one).
pub(super) const CHUNK: usize = 2048;
/// A second thread pays once a pass has this many candidates (a millisecond or more of scoring, against
/// some 50 µs to start a thread). Narrowing from 12k hits used to run on one thread, as the bar was
/// a whole `CHUNK` per thread.
const PARALLEL_CANDIDATES: usize = 2048;
/// Hits ranked ahead of the rest: many screens' worth.
pub(super) const TOP: usize = 1024;
/// A pass running longer than this shows what it has found so far, and again as often.
const PARTIAL_EVERY: Duration = Duration::from_millis(30);
/// From this many hits on, every hit is shown with only the top ranked before the rest is sorted: sorting
/// the rest was a tenth to a sixth of a 22k keystroke's pass (perf, typing "chesneau"). The ordered answer
/// that follows changes nothing on screen unless the user has scrolled past the top.
pub(super) const RANKED_FIRST_FROM: usize = 4 * TOP;

/// Where a pass reads the index: owned by the caller, or behind the lock shared with the worker's owner
/// (taken per chunk, so the owner can add talks between chunks).
pub(super) trait IndexAccess: Sync {
    fn with<R>(&self, f: impl FnOnce(&SearchIndex) -> R) -> R;
}

impl IndexAccess for SearchIndex {
    fn with<R>(&self, f: impl FnOnce(&SearchIndex) -> R) -> R {
        f(self)
    }
}

impl IndexAccess for RwLock<SearchIndex> {
    fn with<R>(&self, f: impl FnOnce(&SearchIndex) -> R) -> R {
        f(&self.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// What a pass asks its caller between chunks.
pub(super) trait PassControl: Sync {
    /// A newer query is waiting: stop.
    fn cancelled(&self) -> bool;
    /// The best hits found so far, ranked (called from the pass's own thread only).
    fn partial(&self, _top: &[Scored]) {}
    /// Every hit, the first `TOP` of them ranked and the rest not yet (the pass goes on to sort them);
    /// called from the pass's own thread only.
    fn ranked_top(&self, _hits: &[Ranked]) {}
    /// Whether `partial` and `ranked_top` are wanted: ranking the hits so far costs a copy and a
    /// selection of all of them.
    fn wants_partials(&self) -> bool {
        true
    }
}

struct Uncancelled;
impl PassControl for Uncancelled {
    fn cancelled(&self) -> bool {
        false
    }
    fn wants_partials(&self) -> bool {
        false
    }
}

/// How a pass ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    /// `Searcher::hits` answers the query.
    Done,
    /// Stopped for a newer query.
    Cancelled,
    /// The index changed under it (talks were added): run it again.
    Stale,
    /// It panicked (a bug): the worker answers with no hits.
    Failed,
}

/// Incremental search for the TUI filter. Its hits are positions and scores: ask
/// [`Searcher::highlights`] for the rows on screen.
#[derive(Clone)]
pub struct Searcher {
    threads: usize,
    /// The index (id, length) the cached state belongs to.
    version: Option<(u64, usize)>,
    notes: Option<Arc<NotesTable>>,
    /// Recent queries with the talks they matched, to narrow from.
    history: Vec<(Query, TalkSet)>,
    /// The text of the current query, while `hits` answer it.
    text: Option<String>,
    query: Query,
    compiled: Compiled,
    hits: Vec<Scored>,
    /// The caller's "now" (`set_now`), for `is:now`, `is:next`, `day:today`.
    now: jiff::Timestamp,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::with_threads(default_threads())
    }
}

impl Searcher {
    /// A searcher that uses every core for large scans.
    pub fn new() -> Self {
        Searcher::default()
    }

    /// A searcher that scores on at most `threads` threads (1: never starts one).
    pub fn with_threads(threads: usize) -> Self {
        Searcher {
            threads: threads.max(1),
            version: None,
            notes: None,
            history: Vec::new(),
            text: None,
            query: Query::default(),
            compiled: Compiled::new(&Query::default(), jiff::Timestamp::UNIX_EPOCH),
            hits: Vec::new(),
            now: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    /// The hits of `query`, best first (a blank query: every talk in store order).
    pub fn search(
        &mut self,
        index: &SearchIndex,
        query: &str,
        notes: &dyn NoteLookup,
    ) -> &[Scored] {
        if self.version != Some(index.version()) {
            self.invalidate();
        }
        let table = match &self.notes {
            Some(table) => Arc::clone(table),
            None => Arc::new(NotesTable::build(notes, index.len())),
        };
        // Nothing cancels it and the index cannot change under it: it always ends `Done`.
        self.pass(index, query, table, &Uncancelled);
        &self.hits
    }

    /// Runs `query` against the index behind `access`, with `notes` (a new table drops the cached hits).
    pub(super) fn pass(
        &mut self,
        access: &impl IndexAccess,
        query: &str,
        notes: Arc<NotesTable>,
        control: &dyn PassControl,
    ) -> Pass {
        let version = access.with(SearchIndex::version);
        if self.version != Some(version) {
            self.invalidate();
            self.version = Some(version);
        }
        if !self.notes.as_ref().is_some_and(|n| Arc::ptr_eq(n, &notes)) {
            self.history.clear();
            self.text = None;
            self.notes = Some(notes);
        }
        if self.text.as_deref() == Some(query) {
            return Pass::Done;
        }
        let parsed = parse_query(query);
        if self.text.is_some() && parsed == self.query {
            self.text = Some(query.to_string());
            return Pass::Done;
        }
        let compiled = Compiled::new(&parsed, self.now);
        if parsed.is_empty() {
            self.hits = access.with(SearchIndex::everything);
            self.finish(query, parsed, compiled);
            return Pass::Done;
        }
        let notes = self.notes.clone().unwrap_or_default();
        let base = self
            .history
            .iter()
            .filter(|(q, _)| parsed.narrows(q))
            .min_by_key(|(_, hits)| hits.len())
            .map(|(_, hits)| hits);
        let run = Run {
            access,
            compiled: &compiled,
            notes: &notes,
            base,
            version,
            control,
        };
        let mut scored = match run.scan(self.threads) {
            Ok(scored) => scored,
            Err(pass) => return pass,
        };
        if control.cancelled() {
            return Pass::Cancelled;
        }
        let len = version.1;
        access.with(|index| index.rank_top(&mut scored, TOP));
        if scored.len() >= RANKED_FIRST_FROM && control.wants_partials() && !control.cancelled() {
            // The screen fills before the long tail is in order.
            control.ranked_top(&scored);
        }
        let stop = || control.cancelled();
        let ranked = access.with(|index| index.rank_rest(&mut scored, TOP, self.threads, &stop));
        // Even when a newer query waits (not ranked), what matched this one narrows it, in any order.
        self.remember(parsed.clone(), TalkSet::new(len, &scored));
        if !ranked {
            return Pass::Cancelled;
        }
        self.hits = as_scored(&scored);
        self.finish(query, parsed, compiled);
        Pass::Done
    }

    fn finish(&mut self, text: &str, query: Query, compiled: Compiled) {
        self.text = Some(text.to_string());
        self.query = query;
        self.compiled = compiled;
    }

    /// The hits of the last completed pass.
    pub(super) fn hits(&self) -> &[Scored] {
        &self.hits
    }

    /// Sets the instant that `is:now`, `is:next`, `day:today` and `day:tomorrow` are about (until set, the
    /// Unix epoch: they match nothing). Cached results that depend on it are dropped when it changes; the
    /// others stay, so calling this before every search costs nothing.
    pub fn set_now(&mut self, now: jiff::Timestamp) {
        if now == self.now {
            return;
        }
        self.now = now;
        self.history.retain(|(q, _)| !q.depends_on_now());
        if self.query.depends_on_now() {
            self.text = None;
        }
    }

    /// Keeps the talks that match `query`, for narrower queries to start from.
    fn remember(&mut self, query: Query, hits: TalkSet) {
        self.history.retain(|(q, _)| *q != query);
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push((query, hits));
    }

    /// Forgets every cached result: call it when the notes change (the index is checked on each search).
    pub fn invalidate(&mut self) {
        self.version = None;
        self.notes = None;
        self.history.clear();
        self.text = None;
        self.hits.clear();
    }

    /// The query of the last search.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Where the last search's query matches talk `talk`, for drawing its row.
    pub fn highlights(
        &self,
        index: &SearchIndex,
        talk: usize,
        notes: &dyn NoteLookup,
    ) -> Highlights {
        index.highlights_compiled(talk, &self.compiled, notes)
    }
}

fn as_scored(ranked: &[Ranked]) -> Vec<Scored> {
    (ranked.iter())
        .map(|r| Scored {
            index: r.index as usize,
            score: r.score,
        })
        .collect()
}

/// One scan, split into chunks that every thread takes in turn.
struct Run<'a, A> {
    access: &'a A,
    compiled: &'a Compiled,
    notes: &'a NotesTable,
    base: Option<&'a TalkSet>,
    version: (u64, usize),
    control: &'a dyn PassControl,
}

impl<A: IndexAccess> Run<'_, A> {
    fn scan(&self, threads: usize) -> Result<Vec<Ranked>, Pass> {
        let len = self.version.1;
        let candidates = self.base.map_or(len, TalkSet::len);
        let chunks = len.div_ceil(CHUNK);
        let next = AtomicUsize::new(0);
        let found = Mutex::new(Vec::new());
        let threads = threads.min(candidates / PARALLEL_CANDIDATES).max(1);
        let started = Instant::now();
        // Each thread takes the next chunk until none is left, or the pass is stopped.
        let work = |publish: bool| -> Result<(), Pass> {
            let mut published = started;
            // Scores of interned strings, kept across this thread's chunks (the pass holds one version).
            let mut memo = None;
            loop {
                let chunk = next.fetch_add(1, Ordering::Relaxed);
                if chunk >= chunks {
                    return Ok(());
                }
                if self.control.cancelled() {
                    return Err(Pass::Cancelled);
                }
                let from = chunk * CHUNK;
                let hits = self.access.with(|index| {
                    (index.version() == self.version).then(|| {
                        index.scan_range(
                            self.compiled,
                            self.notes,
                            self.base,
                            from..from + CHUNK,
                            &mut memo,
                        )
                    })
                });
                let Some(hits) = hits else {
                    return Err(Pass::Stale);
                };
                lock(&found).extend(hits);
                if publish && published.elapsed() >= PARTIAL_EVERY {
                    published = Instant::now();
                    self.publish_so_far(&found);
                }
            }
        };
        let outcome = std::thread::scope(|s| {
            let others: Vec<_> = (1..threads).map(|_| s.spawn(|| work(false))).collect();
            let mut outcome = work(self.control.wants_partials());
            for handle in others {
                // A scoring thread only panics on a bug: pass it on rather than return partial hits.
                let theirs = handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                outcome = outcome.and(theirs);
            }
            outcome
        });
        outcome?;
        let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
        // Chunks finish in any order; store order keeps the result independent of the thread count.
        found.sort_unstable_by_key(|r| r.index);
        Ok(found)
    }

    fn publish_so_far(&self, found: &Mutex<Vec<Ranked>>) {
        let mut so_far = lock(found).clone();
        let top = self.access.with(|index| {
            index.rank_top(&mut so_far, TOP);
            as_scored(&so_far[..TOP.min(so_far.len())])
        });
        self.control.partial(&top);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
