//! News about talks, as the TUI shows it. What the last refresh of each subscription changed: a `Δ` on the
//! row of a talk that moved, was cancelled or got other speakers, the change in its detail, and cancelled
//! talks with notes kept in the list as stand-ins (their notes would otherwise be unreachable in the TUI).
//! And `▷` with "recording available" on a follow-up talk whose video is linked.
use super::App;
use crate::subscribe::changes::{self, Change, ChangeSet};
use std::collections::HashMap;

/// The last change sets and their changes by talk id.
#[derive(Debug, Clone, Default)]
pub struct ScheduleChanges {
    pub sets: Vec<ChangeSet>,
    pub by_talk: HashMap<String, Vec<Change>>,
}

impl App {
    /// Takes the subscriptions' last change sets (at start, and after a background refresh).
    pub(super) fn set_schedule_changes(&mut self, sets: Vec<ChangeSet>) {
        self.changes = ScheduleChanges {
            by_talk: changes::by_talk(&sets),
            sets,
        };
        self.add_cancelled_stand_ins();
    }

    /// Refreshed copies applied to the catalog while running (see `Catalog::update_from`), and the talks
    /// `fresh` (those refreshes' change sets) says they dropped marked cancelled; the rows follow, the
    /// selected talk stays selected.
    pub(super) fn schedule_updated(
        &mut self,
        batches: Vec<crate::store::Batch>,
        fresh: &[ChangeSet],
    ) {
        let keep = self.selected_talk().map(|t| t.id.clone());
        let mut changed = false;
        for batch in batches {
            self.status
                .load_problems
                .extend(batch.warnings.iter().map(|w| w.to_string()));
            let (updated, added) = self.catalog.update_from(batch);
            changed |= updated + added > 0;
        }
        for (id, notice) in changes::cancellations(fresh) {
            changed |= self.catalog.cancel(id, notice);
        }
        if changed {
            self.refresh_rows(keep);
        }
    }

    /// Adds stand-ins for cancelled talks with notes once loading is over: before that the talk may still
    /// arrive from a file, and a stand-in holding its id would push it out as a duplicate.
    pub(super) fn add_cancelled_stand_ins(&mut self) {
        if self.status.loading {
            return;
        }
        let talks = changes::cancelled_stand_ins(
            &self.changes.sets,
            &self.notes.notes,
            |id| self.catalog.store().get(id).is_some(),
            |id| {
                let prefix = id.split_once('/')?.0;
                self.catalog
                    .talks()
                    .iter()
                    .find(|t| t.id.split_once('/').is_some_and(|(p, _)| p == prefix))
                    .map(|t| (t.conference.clone(), t.year))
            },
        );
        if talks.is_empty() {
            return;
        }
        self.add_talks("schedule changes", talks);
    }

    /// Whether the last refresh changed talk `index` (store position).
    pub fn is_changed(&self, index: usize) -> bool {
        self.changes
            .by_talk
            .contains_key(&self.catalog.talks()[index].id)
    }

    /// Whether talk `index` is a follow-up whose recording is linked (watch later can start).
    pub fn has_recording(&self, index: usize) -> bool {
        crate::notes::recording_available(&self.catalog.talks()[index], &self.notes.notes).is_some()
    }

    /// "Δ moved from Fri 10:30 Saal 1", "▷ recording available: URL", … for the selected talk.
    pub fn notices_of_selected(&self) -> Vec<String> {
        let Some(talk) = self.selected_talk() else {
            return Vec::new();
        };
        let mut notices: Vec<String> = self
            .changes
            .by_talk
            .get(&talk.id)
            .into_iter()
            .flatten()
            .map(|c| format!("Δ {}", c.headline()))
            .collect();
        if let Some(link) = crate::notes::recording_available(talk, &self.notes.notes) {
            notices.push(format!("▷ recording available: {}", link.url));
        }
        notices
    }
}

impl App {
    /// Adds entries that are not loaded from a source (scratch pages, cancelled stand-ins), as a load would.
    pub(super) fn add_talks(&mut self, path: &str, talks: Vec<crate::store::Talk>) {
        self.catalog.add_talks(path, talks);
        self.refresh_results();
    }
}
