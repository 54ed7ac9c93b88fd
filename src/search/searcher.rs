//! Search as you type: remembers recent queries and their hits, so a query that narrows one of
//! them (typing on, or backspacing to it) re-scores those hits instead of scanning every talk.
use super::index::default_threads;
use super::matcher::Compiled;
use super::query::{Query, parse_query};
use super::rank::{NotesTable, TalkSet};
use super::{Highlights, Hit, NoteLookup, SearchIndex};

/// How many recent queries keep their hits.
const HISTORY: usize = 16;

/// Incremental search for the TUI filter. Its hits carry empty highlights: ask
/// [`Searcher::highlights`] for the rows on screen.
#[derive(Clone)]
pub struct Searcher {
    threads: usize,
    /// The index (id, length) the cached state belongs to.
    version: Option<(u64, usize)>,
    notes: Option<NotesTable>,
    /// Recent queries with the talks they matched, to narrow from.
    history: Vec<(Query, TalkSet)>,
    /// The text of the current query, while `hits` answer it.
    text: Option<String>,
    query: Query,
    compiled: Compiled,
    hits: Vec<Hit>,
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
    pub fn search(&mut self, index: &SearchIndex, query: &str, notes: &dyn NoteLookup) -> &[Hit] {
        if self.version != Some(index.version()) {
            self.invalidate();
            self.version = Some(index.version());
        }
        if self.text.as_deref() == Some(query) {
            return &self.hits;
        }
        let parsed = parse_query(query);
        let unchanged = self.text.is_some() && parsed == self.query;
        self.text = Some(query.to_string());
        if unchanged {
            return &self.hits;
        }
        self.compiled = Compiled::new(&parsed, self.now);
        self.query = parsed;
        self.hits.clear();
        if self.query.is_empty() {
            self.hits = index.everything();
            return &self.hits;
        }
        let notes = self
            .notes
            .get_or_insert_with(|| NotesTable::build(notes, index.len()));
        let base = self
            .history
            .iter()
            .filter(|(q, _)| self.query.narrows(q))
            .min_by_key(|(_, hits)| hits.len())
            .map(|(_, hits)| hits);
        let mut scored = index.scan(&self.compiled, notes, base, self.threads);
        index.sort(&mut scored, self.threads);
        self.hits.extend(scored.iter().map(|r| Hit {
            index: r.index as usize,
            score: r.score,
            highlights: Highlights::default(),
        }));
        self.remember(TalkSet::new(index.len(), &scored));
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

    fn remember(&mut self, hits: TalkSet) {
        self.history.retain(|(q, _)| *q != self.query);
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push((self.query.clone(), hits));
    }

    /// Forgets every cached result: call it when the notes change (the index is checked on each search).
    pub fn invalidate(&mut self) {
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
