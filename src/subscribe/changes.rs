//! What a new copy of a schedule changed, talk by talk (ids are stable across versions): moved (time or room),
//! cancelled (gone), speakers changed, and how many talks were added. Kept beside the copy as
//! `<name>.changes` (JSON); each new copy's changes are merged into those kept ([`accumulate`]), so a move
//! seen at ten is still listed after a quiet refresh at eleven, and a talk moved twice is listed once, from
//! where it was to where it is. Which of them matter to the user (planned, follow-up or annotated talks) is
//! decided when they are shown, since marks change in between.
use crate::store::{Moment, Talk};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One talk's change between two copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Its start or room changed (either side may be unknown).
    Moved {
        from_start: Option<Moment>,
        to_start: Option<Moment>,
        from_room: Option<String>,
        to_room: Option<String>,
    },
    /// It is gone from the new copy.
    Cancelled,
    /// Its speakers changed.
    SpeakersChanged { from: Vec<String>, to: Vec<String> },
}

/// A change to one talk, with its title (from the new copy, or the old one if it is gone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub kind: ChangeKind,
}

/// Every change one refresh brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// The subscription's name.
    pub subscription: String,
    /// When the new copy was fetched.
    pub at: Timestamp,
    pub changes: Vec<Change>,
    /// Ids of talks that are new in this copy.
    pub added: Vec<String>,
}

/// Compares two versions of a schedule by talk id.
pub fn diff(old: &[Talk], new: &[Talk]) -> (Vec<Change>, Vec<String>) {
    let new_by_id: HashMap<&str, &Talk> = new.iter().map(|t| (t.id.as_str(), t)).collect();
    let old_ids: std::collections::HashSet<&str> = old.iter().map(|t| t.id.as_str()).collect();
    let mut changes = Vec::new();
    for o in old {
        let Some(n) = new_by_id.get(o.id.as_str()) else {
            changes.push(Change {
                id: o.id.clone(),
                title: o.title.clone(),
                kind: ChangeKind::Cancelled,
            });
            continue;
        };
        let (os, ns) = (&o.schedule, &n.schedule);
        let start = |s: &crate::store::Schedule| s.start.map(|m| m.timestamp);
        if start(os) != start(ns) || os.room != ns.room {
            changes.push(Change {
                id: o.id.clone(),
                title: n.title.clone(),
                kind: ChangeKind::Moved {
                    from_start: os.start,
                    to_start: ns.start,
                    from_room: os.room.clone(),
                    to_room: ns.room.clone(),
                },
            });
        }
        if o.speakers != n.speakers {
            changes.push(Change {
                id: o.id.clone(),
                title: n.title.clone(),
                kind: ChangeKind::SpeakersChanged {
                    from: o.speakers.clone(),
                    to: n.speakers.clone(),
                },
            });
        }
    }
    let added = new
        .iter()
        .filter(|t| !old_ids.contains(t.id.as_str()))
        .map(|t| t.id.clone())
        .collect();
    (changes, added)
}

/// The changes kept from earlier copies (`previous`) brought up to date with a new copy's (`fresh`, diffed
/// against the copy before it), as net changes against the oldest copy they were seen from: a second move
/// keeps the first one's origin, a move back to where the talk was is no change, a cancelled talk that
/// comes back is no longer cancelled, a talk cancelled now drops its earlier moves.
pub fn accumulate(
    previous: Option<ChangeSet>,
    fresh: ChangeSet,
    now_present: &[&str],
) -> ChangeSet {
    let Some(previous) = previous else {
        return fresh;
    };
    let present: std::collections::HashSet<&str> = now_present.iter().copied().collect();
    let same_kind =
        |a: &ChangeKind, b: &ChangeKind| std::mem::discriminant(a) == std::mem::discriminant(b);
    let mut merged: Vec<Change> = Vec::new();
    // Fresh changes folded into an earlier one (kept combined, or cancelled out).
    let mut consumed = vec![false; fresh.changes.len()];
    for old in previous.changes {
        let cancelled_now = fresh
            .changes
            .iter()
            .any(|c| c.id == old.id && c.kind == ChangeKind::Cancelled);
        let newer_at = fresh
            .changes
            .iter()
            .position(|c| c.id == old.id && same_kind(&c.kind, &old.kind));
        let newer = newer_at.map(|i| &fresh.changes[i]);
        if let Some(i) = newer_at
            && old.kind != ChangeKind::Cancelled
        {
            consumed[i] = true;
        }
        let kept = match (&old.kind, newer) {
            (ChangeKind::Cancelled, _) if present.contains(old.id.as_str()) => None,
            (ChangeKind::Cancelled, _) => Some(old),
            (_, _) if cancelled_now => None,
            (_, None) => Some(old),
            (
                ChangeKind::Moved {
                    from_start,
                    from_room,
                    ..
                },
                Some(Change {
                    kind:
                        ChangeKind::Moved {
                            to_start, to_room, ..
                        },
                    title,
                    ..
                }),
            ) => {
                let back = from_start.map(|m| m.timestamp) == to_start.map(|m| m.timestamp)
                    && from_room == to_room;
                (!back).then(|| Change {
                    id: old.id.clone(),
                    title: title.clone(),
                    kind: ChangeKind::Moved {
                        from_start: *from_start,
                        to_start: *to_start,
                        from_room: from_room.clone(),
                        to_room: to_room.clone(),
                    },
                })
            }
            (
                ChangeKind::SpeakersChanged { from, .. },
                Some(Change {
                    kind: ChangeKind::SpeakersChanged { to, .. },
                    title,
                    ..
                }),
            ) => (from != to).then(|| Change {
                id: old.id.clone(),
                title: title.clone(),
                kind: ChangeKind::SpeakersChanged {
                    from: from.clone(),
                    to: to.clone(),
                },
            }),
            (_, Some(_)) => Some(old),
        };
        merged.extend(kept);
    }
    // What the new copy changed that nothing earlier covers.
    for (change, used) in fresh.changes.into_iter().zip(consumed) {
        let covered = merged
            .iter()
            .any(|m| m.id == change.id && same_kind(&m.kind, &change.kind));
        if !used && !covered {
            merged.push(change);
        }
    }
    let mut added: Vec<String> = previous
        .added
        .into_iter()
        .filter(|id| present.contains(id.as_str()))
        .collect();
    for id in fresh.added {
        if !added.contains(&id) {
            added.push(id);
        }
    }
    ChangeSet {
        subscription: fresh.subscription,
        at: fresh.at,
        changes: merged,
        added,
    }
}

/// Where a subscription's last change set is kept.
pub fn changes_path(cache_dir: &Path, name: &str) -> PathBuf {
    cache_dir.join(format!("{name}.changes"))
}

/// Reads a change set; a missing or unreadable file is none (it is only a report, rebuilt by the next refresh).
pub fn load(path: &Path) -> Option<ChangeSet> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Whether changes to talk `id` concern the user: planned or follow-up, or with notes written.
pub fn is_mine(notes: &crate::notes::Notes, id: &str) -> bool {
    use crate::notes::Status;
    notes.get(id).is_some_and(|n| {
        matches!(n.status, Status::Planned | Status::FollowUp) || !n.text.trim().is_empty()
    })
}

/// The last change set of every subscription that has one, in the file's order.
pub fn load_all(subs: &super::Subscriptions) -> Vec<ChangeSet> {
    subs.list
        .iter()
        .filter_map(|s| load(&changes_path(&subs.cache_dir(), &s.name)))
        .collect()
}

/// "2 of your talks changed: `confnotes changes`" (moved, cancelled or new speakers in the last new copy),
/// or None when none did.
pub fn notice(sets: &[ChangeSet], notes: &crate::notes::Notes) -> Option<String> {
    let mut ids: Vec<&str> = sets
        .iter()
        .flat_map(|s| &s.changes)
        .map(|c| c.id.as_str())
        .filter(|id| is_mine(notes, id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    match ids.len() {
        0 => None,
        1 => Some("1 of your talks changed: `confnotes changes`".into()),
        n => Some(format!("{n} of your talks changed: `confnotes changes`")),
    }
}

impl Change {
    /// A short line for the talk's own detail: "moved from Fri 10:30 Saal 1", "cancelled",
    /// "speakers changed (were A, B)".
    pub fn headline(&self) -> String {
        match &self.kind {
            ChangeKind::Moved {
                from_start,
                from_room,
                ..
            } => {
                let when = from_start.map(|m| m.civil().strftime("%a %H:%M").to_string());
                let parts: Vec<String> = [when, from_room.clone()].into_iter().flatten().collect();
                if parts.is_empty() {
                    "moved".into()
                } else {
                    format!("moved from {}", parts.join(" "))
                }
            }
            ChangeKind::Cancelled => "cancelled".into(),
            ChangeKind::SpeakersChanged { from, .. } if from.is_empty() => {
                "speakers changed (there were none)".into()
            }
            ChangeKind::SpeakersChanged { from, .. } => {
                format!("speakers changed (were {})", from.join(", "))
            }
        }
    }

    /// One line for people: "moved: Fri 10:30 Saal 1 → Fri 14:00 Saal 2", "cancelled", "speakers: A → B".
    pub fn describe(&self) -> String {
        let place = |start: &Option<Moment>, room: &Option<String>| {
            let when = start.map(|m| m.civil().strftime("%a %H:%M").to_string());
            let parts: Vec<String> = [when, room.clone()].into_iter().flatten().collect();
            if parts.is_empty() {
                "?".to_string()
            } else {
                parts.join(" ")
            }
        };
        match &self.kind {
            ChangeKind::Moved {
                from_start,
                to_start,
                from_room,
                to_room,
            } => format!(
                "moved: {} → {}",
                place(from_start, from_room),
                place(to_start, to_room)
            ),
            ChangeKind::Cancelled => "cancelled".into(),
            ChangeKind::SpeakersChanged { from, to } => {
                let names = |v: &[String]| {
                    if v.is_empty() {
                        "nobody".to_string()
                    } else {
                        v.join(", ")
                    }
                };
                format!("speakers: {} → {}", names(from), names(to))
            }
        }
    }
}

/// Every talk's changes from the last refresh of each subscription, by talk id, in the sets' order.
pub fn by_talk(sets: &[ChangeSet]) -> HashMap<String, Vec<Change>> {
    let mut map: HashMap<String, Vec<Change>> = HashMap::new();
    for change in sets.iter().flat_map(|s| &s.changes) {
        map.entry(change.id.clone())
            .or_default()
            .push(change.clone());
    }
    map
}

/// The tag a cancelled talk carries (stand-ins and talks a running TUI saw dropped alike).
pub const CANCELLED_TAG: &str = "cancelled";

/// The body a cancelled talk shows: which copy dropped it.
pub fn cancelled_notice(set: &ChangeSet) -> String {
    format!(
        "Cancelled: this talk is gone from the schedule {:?} since the copy fetched {}. \
         Your notes on it are kept.",
        set.subscription,
        set.at.strftime("%Y-%m-%d %H:%M UTC")
    )
}

/// The talks that `sets` say were cancelled, with the notice each should show.
pub fn cancellations(sets: &[ChangeSet]) -> impl Iterator<Item = (&str, String)> {
    sets.iter().flat_map(|set| {
        set.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Cancelled)
            .map(move |c| (c.id.as_str(), cancelled_notice(set)))
    })
}

/// Stand-ins for the cancelled talks that concern the user (marked or annotated) and that `known` does not
/// hold: the schedule dropped them, but their notes are kept, so the list keeps showing them as cancelled.
/// `conference_of` names the conference and year of a talk id's siblings (`c/…`), when one is loaded;
/// else the subscription's name and the fetch's year stand in.
pub fn cancelled_stand_ins(
    sets: &[ChangeSet],
    notes: &crate::notes::Notes,
    known: impl Fn(&str) -> bool,
    conference_of: impl Fn(&str) -> Option<(String, i32)>,
) -> Vec<Talk> {
    let mut seen = std::collections::HashSet::new();
    sets.iter()
        .flat_map(|set| set.changes.iter().map(move |c| (set, c)))
        .filter(|(_, c)| c.kind == ChangeKind::Cancelled && is_mine(notes, &c.id))
        .filter(|(_, c)| !known(&c.id) && seen.insert(c.id.clone()))
        .map(|(set, c)| {
            let (conference, year) = conference_of(&c.id).unwrap_or_else(|| {
                let year = set.at.to_zoned_datetime(jiff::tz::TimeZone::UTC).year();
                (set.subscription.clone(), year.into())
            });
            Talk {
                id: c.id.clone(),
                title: c.title.clone(),
                conference,
                year,
                tags: vec![CANCELLED_TAG.into()],
                body: cancelled_notice(set).into(),
                ..Talk::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn talk(id: &str, start: &str, room: &str, speakers: &[&str]) -> Talk {
        let mut t = Talk {
            id: id.into(),
            title: format!("T {id}"),
            speakers: speakers.iter().map(|s| s.to_string()).collect(),
            ..Talk::default()
        };
        t.schedule.start = Moment::parse(start);
        t.schedule.room = Some(room.into());
        t
    }

    #[test]
    fn moves_cancellations_speaker_changes_and_additions_are_found() {
        let old = [
            talk("c/same", "2024-12-27T10:00:00+01:00", "A", &["x"]),
            talk("c/later", "2024-12-27T10:00:00+01:00", "A", &["x"]),
            talk("c/gone", "2024-12-27T10:00:00+01:00", "A", &["x"]),
            talk("c/people", "2024-12-27T10:00:00+01:00", "A", &["x"]),
        ];
        let new = [
            talk("c/new", "2024-12-27T12:00:00+01:00", "B", &[]),
            talk("c/people", "2024-12-27T10:00:00+01:00", "A", &["y"]),
            // Same instant written in another offset: not a move.
            talk("c/same", "2024-12-27T09:00:00Z", "A", &["x"]),
            talk("c/later", "2024-12-27T11:00:00+01:00", "B", &["x"]),
        ];
        let (changes, added) = diff(&old, &new);
        let got: Vec<(&str, String)> = changes
            .iter()
            .map(|c| (c.id.as_str(), c.describe()))
            .collect();
        assert_eq!(
            got,
            [
                ("c/later", "moved: Fri 10:00 A → Fri 11:00 B".to_string()),
                ("c/gone", "cancelled".to_string()),
                ("c/people", "speakers: x → y".to_string()),
            ]
        );
        assert_eq!(added, ["c/new"]);
    }

    #[test]
    fn the_notice_counts_only_my_talks_once() {
        use crate::notes::{Notes, Status, Timestamp};
        let change = |id: &str, kind: ChangeKind| Change {
            id: id.into(),
            title: id.into(),
            kind,
        };
        let set = ChangeSet {
            subscription: "c".into(),
            at: "2024-12-27T14:00:00Z".parse().unwrap(),
            changes: vec![
                change("c/planned", ChangeKind::Cancelled),
                change("c/annotated", ChangeKind::Cancelled),
                change(
                    "c/annotated",
                    ChangeKind::SpeakersChanged {
                        from: vec![],
                        to: vec!["x".into()],
                    },
                ),
                change("c/done", ChangeKind::Cancelled),
                change("c/stranger", ChangeKind::Cancelled),
            ],
            added: vec![],
        };
        let mut notes = Notes::default();
        let now = Timestamp::now();
        notes.set_status("c/planned", Status::Planned, now);
        notes.set_status("c/done", Status::Done, now);
        notes.set_text("c/annotated", "ask", now);
        assert!(is_mine(&notes, "c/planned") && !is_mine(&notes, "c/done"));
        assert_eq!(
            notice(std::slice::from_ref(&set), &notes).as_deref(),
            Some("2 of your talks changed: `confnotes changes`")
        );
        assert_eq!(notice(&[set], &Notes::default()), None);
    }

    #[test]
    fn headlines_say_where_a_talk_was_and_stand_ins_cover_only_my_missing_cancelled_talks() {
        use crate::notes::{Notes, Timestamp};
        let old = [
            talk("c/moved", "2024-12-27T10:30:00+01:00", "Saal 1", &["x"]),
            talk("c/gone", "2024-12-27T10:00:00+01:00", "A", &["x"]),
            talk("c/gone-unread", "2024-12-27T10:00:00+01:00", "A", &["x"]),
            talk("c/people", "2024-12-27T10:00:00+01:00", "A", &["x", "y"]),
        ];
        let new = [
            talk("c/moved", "2024-12-27T14:00:00+01:00", "Saal 2", &["x"]),
            talk("c/people", "2024-12-27T10:00:00+01:00", "A", &["z"]),
        ];
        let (changes, added) = diff(&old, &new);
        let set = ChangeSet {
            subscription: "minicon".into(),
            at: "2024-12-27T08:00:00Z".parse().unwrap(),
            changes,
            added,
        };
        let sets = [set];
        let by = by_talk(&sets);
        let headline = |id: &str| by[id].iter().map(Change::headline).collect::<Vec<_>>();
        assert_eq!(headline("c/moved"), ["moved from Fri 10:30 Saal 1"]);
        assert_eq!(headline("c/gone"), ["cancelled"]);
        assert_eq!(headline("c/people"), ["speakers changed (were x, y)"]);
        assert!(!by.contains_key("c/same"));

        let mut notes = Notes::default();
        notes.set_text("c/gone", "ask about slides", Timestamp::now());
        let stand_ins = cancelled_stand_ins(&sets, &notes, |_| false, |_| None);
        assert_eq!(stand_ins.len(), 1, "only the annotated cancelled talk");
        let t = &stand_ins[0];
        assert_eq!((t.id.as_str(), t.title.as_str()), ("c/gone", "T c/gone"));
        assert_eq!(t.conference_label(), "minicon 2024");
        assert_eq!(t.tags, ["cancelled"]);
        assert!(t.body.contains("notes on it are kept"), "{}", t.body);
        assert!(cancelled_stand_ins(&sets, &notes, |id| id == "c/gone", |_| None).is_empty());
        let sibling = |id: &str| id.starts_with("c/").then(|| ("MiniCon".to_string(), 2024));
        let t = &cancelled_stand_ins(&sets, &notes, |_| false, sibling)[0];
        assert_eq!(
            t.conference_label(),
            "MiniCon 2024",
            "named like the talks beside it"
        );
    }

    /// One refresh from copy `old` to copy `new`, merged into what was kept.
    fn step(kept: Option<ChangeSet>, old: &[Talk], new: &[Talk]) -> ChangeSet {
        let (changes, added) = diff(old, new);
        let fresh = ChangeSet {
            subscription: "minicon".into(),
            at: "2024-12-27T08:00:00Z".parse().unwrap(),
            changes,
            added,
        };
        let present: Vec<&str> = new.iter().map(|t| t.id.as_str()).collect();
        accumulate(kept, fresh, &present)
    }

    fn headlines(set: &ChangeSet, id: &str) -> Vec<String> {
        by_talk(std::slice::from_ref(set))
            .get(id)
            .map(|c| c.iter().map(|c| c.headline()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn changes_accumulate_across_copies_as_net_changes() {
        let v1 = [
            talk("c/a", "2024-12-27T10:00:00+01:00", "Saal 1", &["x"]),
            talk("c/b", "2024-12-27T11:00:00+01:00", "Saal 1", &["x"]),
            talk("c/c", "2024-12-27T12:00:00+01:00", "Saal 1", &["x"]),
            talk("c/d", "2024-12-27T13:00:00+01:00", "Saal 1", &["x"]),
        ];
        // Copy 2: a moves, b is cancelled, c's speakers change, e is new.
        let v2 = [
            talk("c/a", "2024-12-27T15:00:00+01:00", "Saal 2", &["x"]),
            talk("c/c", "2024-12-27T12:00:00+01:00", "Saal 1", &["y"]),
            talk("c/d", "2024-12-27T13:00:00+01:00", "Saal 1", &["x"]),
            talk("c/e", "2024-12-27T16:00:00+01:00", "Saal 1", &["x"]),
        ];
        let kept = step(None, &v1, &v2);
        // Copy 3 changes nothing: what copy 2 brought stays.
        let quiet = step(Some(kept.clone()), &v2, &v2);
        assert_eq!(
            quiet.changes, kept.changes,
            "a quiet copy keeps the changes"
        );
        assert_eq!(quiet.added, ["c/e"]);
        // Copy 4: a moves again, b is back, c's speakers go back, d is cancelled.
        let v4 = [
            talk("c/a", "2024-12-27T17:00:00+01:00", "Saal 3", &["x"]),
            talk("c/b", "2024-12-27T11:00:00+01:00", "Saal 1", &["x"]),
            talk("c/c", "2024-12-27T12:00:00+01:00", "Saal 1", &["x"]),
            talk("c/e", "2024-12-27T16:00:00+01:00", "Saal 1", &["x"]),
        ];
        let now = step(Some(quiet), &v2, &v4);
        assert_eq!(
            headlines(&now, "c/a"),
            ["moved from Fri 10:00 Saal 1"],
            "from where it first was"
        );
        assert!(headlines(&now, "c/b").is_empty(), "back, so not cancelled");
        assert!(headlines(&now, "c/c").is_empty(), "the speakers went back");
        assert_eq!(headlines(&now, "c/d"), ["cancelled"]);
        assert_eq!(now.added, ["c/e", "c/b"]);
        // Copy 5: a moves back to where it first was.
        let mut v5 = v4.clone();
        v5[0] = talk("c/a", "2024-12-27T10:00:00+01:00", "Saal 1", &["x"]);
        let back = step(Some(now), &v4, &v5);
        assert!(headlines(&back, "c/a").is_empty(), "moved back: no change");
        assert_eq!(headlines(&back, "c/d"), ["cancelled"], "still gone");
    }
}
