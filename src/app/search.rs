//! The filter's matching, as the app drives it. In the TUI a search worker does the matching
//! (`search::SearchWorker`): `update` only asks (`Effect::Search`) and shows the answer when it comes
//! (`Action::SearchResults`), keeping the last rows on screen with a "searching…" mark meanwhile, so a
//! typed key is drawn in the next frame whatever the catalog's size. Without a worker (tests, benches)
//! `update` matches inline, with the same rows as the outcome.
use super::App;
use crate::search::{NotesSnapshot, Query, SearchRequest, SearchResults, parse_query};

/// Where the filter's hits come from, and what is in flight.
#[derive(Debug, Default)]
pub struct SearchState {
    /// Queries go to the worker (set by the loop that runs one).
    worker: bool,
    /// Of the latest request; answers to older ones are dropped.
    generation: u64,
    /// Of the move picker's latest request.
    picker_generation: u64,
    /// Asked in this update, for the loop to send.
    pub(super) outgoing: Option<SearchRequest>,
    /// A request whose complete answer has not come yet.
    pending: bool,
    /// The complete answer came with only its top rows ranked: the ordered one is still to come.
    unordered: bool,
    /// The talk to keep selected when the answer comes (see `refresh_results`).
    keep: Option<String>,
    /// The query of the hits on screen, for highlighting them.
    pub(super) shown: Query,
    /// The notes as the last request saw them, with the talk count they were made for.
    notes: Option<(usize, NotesSnapshot)>,
}

impl SearchState {
    /// Whether the rows on screen answer an older query than the one typed.
    pub fn searching(&self) -> bool {
        self.pending
    }

    /// Whether queries go to a worker.
    pub(super) fn uses_worker(&self) -> bool {
        self.worker
    }

    /// A generation for a request of the move picker's, which has a worker of its own (and answers of
    /// its own, `MoveInput::Results`): counted apart from the filter's, whose pending answer it must not
    /// make stale, and across pickers, so a new one never takes an answer meant for an old one.
    pub(super) fn next_picker_generation(&mut self) -> u64 {
        self.picker_generation += 1;
        self.picker_generation
    }
}

impl App {
    /// From now on, matching is a worker's: `update` returns `Effect::Search` and waits for the results.
    pub fn use_search_worker(&mut self) {
        self.search.worker = true;
    }

    /// The notes changed: the next request carries a new snapshot.
    pub(super) fn forget_notes_snapshot(&mut self) {
        self.search.notes = None;
    }

    /// The hits of the filter's query (non-blank), now if matching is inline (`Some`), else asked of the
    /// worker (`None`: the rows follow in `Action::SearchResults`).
    pub(super) fn hits_for(&mut self, query: &str, keep: &Option<String>) -> Option<Vec<usize>> {
        if !self.search.worker {
            let lookup = crate::search::TalkNotes::new(self.catalog.talks(), &self.notes.notes);
            let index = self.catalog.index();
            let hits = self.searcher.search(&index, query, &lookup);
            let order = hits.iter().map(|h| h.index).collect();
            drop(index);
            self.search.shown = parse_query(query);
            return Some(order);
        }
        self.search.generation += 1;
        self.search.pending = true;
        self.search.unordered = false;
        self.search.keep = keep.clone();
        self.search.outgoing = Some(SearchRequest {
            generation: self.search.generation,
            query: query.to_string(),
            notes: self.notes_snapshot(),
            now: self.clock,
        });
        None
    }

    /// An answer from the worker: shown if it answers the latest request.
    pub(super) fn search_results(&mut self, results: SearchResults) {
        let awaited = self.search.pending || self.search.unordered;
        if results.generation != self.search.generation || !awaited {
            return;
        }
        // A selection the user moved while waiting stays on its talk.
        let keep = self.search.keep.clone().or_else(|| self.moved_selection());
        if results.complete {
            self.search.pending = false;
            self.search.keep = None;
            self.search.unordered = !results.ordered;
        }
        self.search.shown = parse_query(self.filter.query().trim());
        self.show_order(results.hits, keep);
    }

    /// A blank query needs no matching: nothing is pending any more.
    pub(super) fn no_query(&mut self) {
        self.search.pending = false;
        self.search.unordered = false;
        self.search.keep = None;
        self.search.shown = Query::default();
    }

    pub(super) fn notes_snapshot(&mut self) -> NotesSnapshot {
        let len = self.catalog.talks().len();
        if let Some((made_for, snapshot)) = &self.search.notes
            && *made_for == len
        {
            return snapshot.clone();
        }
        let store = self.catalog.store();
        let notes = self.notes.notes.iter().filter_map(|(id, note)| {
            let note = crate::search::NoteRef {
                status: note.status,
                text: &note.text,
            };
            // As `TalkNotes` sees them: by a talk's own id (not the ids merged into it).
            let at = store.position(id).filter(|&i| store.talks[i].id == id)?;
            Some((at, note))
        });
        let snapshot = NotesSnapshot::new(notes, len);
        self.search.notes = Some((len, snapshot.clone()));
        snapshot
    }
}
