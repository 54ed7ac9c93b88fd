//! The scratch pad: one global page for the hallway track ("met Alice at lunch, ask about her PEP"), kept
//! in the notes file under a reserved id like any talk's notes (so the same locking, merging and atomic
//! saves apply), shown in the TUI as a talk of its own so the notes pane, search and editing just work.
use crate::store::Talk;

/// The notes id of the global scratch page (`_` cannot start a catalog slug, so no talk can take it).
pub const SCRATCH_ID: &str = "_scratch/global";

/// Whether `id` is a scratch page's.
pub fn is_scratch(id: &str) -> bool {
    id.starts_with("_scratch/")
}

/// The entry that stands for the scratch page in the list.
pub fn scratch_talk() -> Talk {
    Talk {
        id: SCRATCH_ID.into(),
        title: "Scratch pad".into(),
        conference: "Scratch".into(),
        tags: vec!["scratch".into()],
        body: "Notes that belong to no talk: people met, questions for later, links someone mentioned. \
               Open it from anywhere with N."
            .into(),
        ..Talk::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scratch_id_cannot_be_a_catalog_slug() {
        assert!(is_scratch(SCRATCH_ID) && is_scratch(&scratch_talk().id));
        assert!(!crate::store::is_slug(
            SCRATCH_ID.split('/').next().unwrap_or("")
        ));
        assert!(!is_scratch("scratch/global"));
        assert_eq!(
            scratch_talk().conference_label(),
            "Scratch",
            "no year shown"
        );
    }
}
