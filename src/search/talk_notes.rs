//! The personal notes as the search sees them: the notes of the talks in store order. Here, where the
//! search meets the notes, so that the notes module never depends on the search (one direction only).
use super::{NoteLookup, NoteRef};
use crate::notes::Notes;
use crate::store::Talk;

/// The notes of the talks in store order, as the search wants them.
pub struct TalkNotes<'a> {
    talks: &'a [Talk],
    notes: &'a Notes,
}

impl<'a> TalkNotes<'a> {
    /// Pairs `talks` (index = store position) with `notes`.
    pub fn new(talks: &'a [Talk], notes: &'a Notes) -> Self {
        TalkNotes { talks, notes }
    }
}

impl NoteLookup for TalkNotes<'_> {
    fn note(&self, index: usize) -> Option<NoteRef<'_>> {
        let note = self.notes.get(&self.talks.get(index)?.id)?;
        Some(NoteRef {
            status: note.status,
            text: &note.text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Status, Timestamp};

    fn one(id: &str, status: Status, text: &str) -> Notes {
        let mut notes = Notes::default();
        let at = Timestamp::now();
        notes.set_text(id, text, at);
        notes.set_status(id, status, at);
        notes
    }

    #[test]
    fn search_sees_notes_by_store_position() {
        let talks: Vec<crate::store::Talk> = ["c/a", "c/b"]
            .iter()
            .map(|id| crate::store::Talk {
                id: id.to_string(),
                ..Default::default()
            })
            .collect();
        let notes = one("c/b", Status::FollowUp, "hello");
        let lookup = TalkNotes::new(&talks, &notes);
        assert!(lookup.note(0).is_none());
        let n = lookup.note(1).unwrap();
        assert_eq!((n.status, n.text), (Status::FollowUp, "hello"));
        assert!(lookup.note(2).is_none());
    }
}
