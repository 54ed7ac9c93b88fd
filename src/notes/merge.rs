//! Three-way merge of two sessions' notes against the version both started from.
use super::model::{Note, Notes, Status};
use std::collections::BTreeSet;

/// Opens the block of this session's text in a conflict.
pub const CONFLICT_OURS: &str = "<<<<<<< this session";
/// Separates this session's text from the other's.
pub const CONFLICT_SEPARATOR: &str = "======= other session";
/// Closes a conflict.
pub const CONFLICT_END: &str = ">>>>>>>";

/// Merges `ours` and `theirs`, both descended from `base`, talk by talk:
/// - changed on one side only: that side's note (a deletion included);
/// - deleted on one side and changed on the other: the changed note (nothing is lost to a deletion);
/// - changed on both: each field from the side that changed it; text changed on both sides is merged line
///   by line (`merge_text`: both insertions kept, one conflict block at most); status changed differently on both: the later `updated` wins
///   (this session on a tie).
pub fn merge(base: &Notes, ours: &Notes, theirs: &Notes) -> Notes {
    let ids: BTreeSet<&str> = ours.iter().chain(theirs.iter()).map(|(id, _)| id).collect();
    let mut merged = Notes::default();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let note = if o == b {
            t.cloned()
        } else if t == b || o == t {
            o.cloned()
        } else {
            match (o, t) {
                (Some(o), Some(t)) => Some(merge_note(b, o, t)),
                (o, t) => o.or(t).cloned(), // One side deleted, the other changed: keep the change.
            }
        };
        if let Some(note) = note {
            merged.put(id.to_string(), note);
        }
    }
    merged
}

fn merge_note(base: Option<&Note>, ours: &Note, theirs: &Note) -> Note {
    let base_text = base.map_or("", |b| b.text.as_str());
    let base_status = base.map_or(Status::None, |b| b.status);
    let text = super::merge_text::merge_text(base_text, &ours.text, &theirs.text);
    let status = if ours.status == theirs.status || theirs.status == base_status {
        ours.status
    } else if ours.status == base_status || theirs.updated > ours.updated {
        theirs.status
    } else {
        ours.status
    };
    Note {
        status,
        text,
        created: ours.created.min(theirs.created),
        updated: ours.updated.max(theirs.updated),
    }
}

/// Both texts, this session's first, between conflict markers (each block ends with a newline).
pub fn conflict_text(ours: &str, theirs: &str) -> String {
    let line = |s: &str| {
        if s.is_empty() || s.ends_with('\n') {
            s.to_string()
        } else {
            format!("{s}\n")
        }
    };
    format!(
        "{CONFLICT_OURS}\n{}{CONFLICT_SEPARATOR}\n{}{CONFLICT_END}\n",
        line(ours),
        line(theirs)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Timestamp;

    fn t(n: u64) -> Timestamp {
        Timestamp::from_unix_seconds(1_700_000_000 + n)
    }

    fn notes(entries: &[(&str, Status, &str, u64)]) -> Notes {
        let mut notes = Notes::default();
        for &(id, status, text, time) in entries {
            notes.put(
                id.into(),
                Note {
                    status,
                    text: text.into(),
                    created: t(0),
                    updated: t(time),
                },
            );
        }
        notes
    }

    #[test]
    fn one_sided_changes_are_taken_from_that_side() {
        let base = notes(&[
            ("a", Status::None, "a0", 0),
            ("b", Status::None, "b0", 0),
            ("gone", Status::Done, "", 0),
        ]);
        let ours = notes(&[
            ("a", Status::None, "a1", 1),
            ("b", Status::None, "b0", 0),
            ("new", Status::None, "n", 1),
        ]);
        let theirs = notes(&[
            ("a", Status::None, "a0", 0),
            ("b", Status::Done, "b0", 2),
            ("gone", Status::Done, "", 0),
        ]);
        let m = merge(&base, &ours, &theirs);
        let got: Vec<_> = m
            .iter()
            .map(|(id, n)| (id, n.status, n.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Status::None, "a1"),
                ("b", Status::Done, "b0"),
                ("new", Status::None, "n")
            ]
        );
    }

    #[test]
    fn a_deletion_never_beats_a_change() {
        let base = notes(&[("a", Status::None, "a0", 0), ("b", Status::None, "b0", 0)]);
        let ours = notes(&[("b", Status::None, "b1", 1)]); // we deleted a, changed b
        let theirs = notes(&[("a", Status::None, "a2", 2)]); // they changed a, deleted b
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.get("a").unwrap().text, "a2");
        assert_eq!(m.get("b").unwrap().text, "b1");
        let unchanged_elsewhere = merge(&base, &notes(&[("b", Status::None, "b0", 0)]), &base);
        assert!(
            unchanged_elsewhere.get("a").is_none(),
            "a deletion of an untouched note stands"
        );
    }

    #[test]
    fn both_changed_keeps_both_texts_and_the_later_status() {
        let base = notes(&[("a", Status::None, "line", 0)]);
        let ours = notes(&[("a", Status::Done, "mine", 3)]);
        let theirs = notes(&[("a", Status::FollowUp, "theirs", 2)]);
        let n = merge(&base, &ours, &theirs).get("a").cloned().unwrap();
        assert_eq!(
            n.text,
            "<<<<<<< this session\nmine\n======= other session\ntheirs\n>>>>>>>\n"
        );
        assert_eq!((n.status, n.updated), (Status::Done, t(3)), "ours is later");
        let n = merge(&base, &theirs, &ours).get("a").cloned().unwrap();
        assert_eq!(
            n.status,
            Status::Done,
            "the later one wins whichever side it is on"
        );
    }

    #[test]
    fn both_changed_different_fields_merge_cleanly() {
        let base = notes(&[("a", Status::None, "x", 0)]);
        let ours = notes(&[("a", Status::FollowUp, "x", 1)]);
        let theirs = notes(&[("a", Status::None, "y", 2)]);
        let n = merge(&base, &ours, &theirs).get("a").cloned().unwrap();
        assert_eq!(
            (n.status, n.text.as_str(), n.updated),
            (Status::FollowUp, "y", t(2))
        );
        let created_apart = notes(&[("a", Status::None, "mine", 1)]);
        let n = merge(
            &Notes::default(),
            &created_apart,
            &notes(&[("a", Status::None, "yours", 1)]),
        );
        assert_eq!(n.get("a").unwrap().text, "mine\nyours", "both kept");
    }
}
