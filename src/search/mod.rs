//! The search engine behind the TUI filter and `confnotes search` (placeholder: plain substring match).
use crate::notes::Status;
use crate::store::Talk;
use crate::text::fold;

/// A talk's personal note as the search sees it.
#[derive(Debug, Clone, Copy)]
pub struct NoteRef<'a> {
    pub status: Status,
    pub text: &'a str,
}

/// Gives the search the personal note of talk number `index`, if any.
pub trait NoteLookup {
    fn note(&self, index: usize) -> Option<NoteRef<'_>>;
}

/// No notes at all.
pub struct NoNotes;
impl NoteLookup for NoNotes {
    fn note(&self, _: usize) -> Option<NoteRef<'_>> {
        None
    }
}

/// Matched character positions per field, for highlighting (char indices into the talk's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub title: Vec<usize>,
    /// One list per speaker.
    pub speakers: Vec<Vec<usize>>,
    pub conference: Vec<usize>,
    /// One list per tag.
    pub tags: Vec<Vec<usize>>,
    /// Char ranges in the body.
    pub body: Vec<std::ops::Range<usize>>,
    /// Char ranges in the personal notes text.
    pub notes: Vec<std::ops::Range<usize>>,
}

/// One result: the talk's index in the store, its score (higher is better) and what matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
    pub highlights: Highlights,
}

/// Precomputed, folded haystacks of every talk.
#[derive(Debug, Default)]
pub struct SearchIndex {
    haystacks: Vec<String>,
}

impl SearchIndex {
    /// Indexes `talks` (index i = store position i).
    pub fn new(talks: &[Talk]) -> Self {
        let mut index = SearchIndex::default();
        for t in talks {
            index.push(t);
        }
        index
    }

    /// Appends one talk (streaming loads).
    pub fn push(&mut self, talk: &Talk) {
        self.haystacks.push(fold(&format!(
            "{} {} {} {} {}",
            talk.title,
            talk.speakers.join(" "),
            talk.conference,
            talk.tags.join(" "),
            talk.body
        )));
    }

    /// Number of indexed talks.
    pub fn len(&self) -> usize {
        self.haystacks.len()
    }

    /// Whether no talk is indexed.
    pub fn is_empty(&self) -> bool {
        self.haystacks.is_empty()
    }

    /// Talks matching every term of `query`, best first. An empty query matches everything in store order.
    pub fn search(&self, query: &str, _notes: &dyn NoteLookup) -> Vec<Hit> {
        let terms: Vec<String> = query.split_whitespace().map(fold).collect();
        self.haystacks
            .iter()
            .enumerate()
            .filter(|(_, h)| terms.iter().all(|t| h.contains(t.as_str())))
            .map(|(index, _)| Hit {
                index,
                score: 0,
                highlights: Highlights::default(),
            })
            .collect()
    }
}
