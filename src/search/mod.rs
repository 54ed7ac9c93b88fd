//! The search engine behind the TUI filter and `confnotes search`: an fzf-like query language
//! (see [`QUERY_HELP`]), fuzzy scoring of the short fields with skim's algorithm, substring search in
//! the notes texts, ranking, and highlight positions. Plain Rust: no terminal code.
//!
//! [`SearchIndex::search`] answers one query; [`Searcher`] answers a query per keystroke, re-scoring
//! only the previous hits when the query narrows.
mod field;
mod fold;
mod index;
mod matcher;
mod names;
#[cfg(test)]
mod proptests;
mod query;
mod rank;
mod searcher;
mod skim;
mod stored;
mod talk_notes;
#[cfg(test)]
mod tests;
mod when;
mod worker;

pub use index::{PreparedBody, SearchIndex};
pub use names::{FoldedName, NameQuery, name_score};
pub use query::{
    DayTerm, MatchMode, Pattern, QUERY_HELP, Query, Scope, Term, TermKind, parse_query,
};
pub use searcher::Searcher;
pub use stored::{decode_bodies, encode_bodies};
pub use talk_notes::TalkNotes;
pub use worker::{NotesSnapshot, SearchRequest, SearchResults, SearchWorker};

/// skim's score of `needle` in `hay`, both already folded to one case, as the search computes it
/// (`benches/matchers.rs` sets it beside `fuzzy-matcher` itself and nucleo).
pub fn skim_score(hay: &str, needle: &str) -> Option<i64> {
    skim::score(hay, needle)
}

/// The index as the search worker and its owner share it: the owner writes (adds talks), the worker reads
/// one chunk at a time.
pub type SharedIndex = std::sync::Arc<std::sync::RwLock<SearchIndex>>;

use crate::notes::Status;

/// A talk's personal note as the search sees it.
#[derive(Debug, Clone, Copy)]
pub struct NoteRef<'a> {
    /// The follow-up / done mark.
    pub status: Status,
    /// The personal notes text.
    pub text: &'a str,
}

/// Gives the search the personal note of talk number `index`, if any.
pub trait NoteLookup {
    /// The note of talk `index` (its position in the store), if it has one.
    fn note(&self, index: usize) -> Option<NoteRef<'_>>;
}

/// No notes at all.
pub struct NoNotes;
impl NoteLookup for NoNotes {
    fn note(&self, _: usize) -> Option<NoteRef<'_>> {
        None
    }
}

/// Matched character positions per field, for highlighting: char indices into the talk's
/// (sanitised) field strings; char ranges into the body and the personal notes text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub title: Vec<usize>,
    /// One list per speaker.
    pub speakers: Vec<Vec<usize>>,
    /// Positions in the conference name (without the year).
    pub conference: Vec<usize>,
    /// One list per tag.
    pub tags: Vec<Vec<usize>>,
    /// Char ranges in the body.
    pub body: Vec<std::ops::Range<usize>>,
    /// Char ranges in the personal notes text.
    pub notes: Vec<std::ops::Range<usize>>,
}

/// One result of [`Searcher`]: the talk's index in the store and its score. Highlights are asked per
/// visible row ([`Searcher::highlights`]): a 200k-talk pass kept 174k empty [`Highlights`] at 160 bytes a
/// hit, twice over while the next list was built (57 MB of the TUI's peak heap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    /// The talk's position in the store.
    pub index: usize,
    /// Higher is better; only the order means anything.
    pub score: i64,
}

/// One result: the talk's index in the store, its score (higher is better) and what matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The talk's position in the store.
    pub index: usize,
    /// Higher is better; only the order means anything.
    pub score: i64,
    /// Where the query matched (a [`Searcher`] answers with [`Scored`] and highlights rows on request).
    pub highlights: Highlights,
}
