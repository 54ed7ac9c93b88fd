//! The app's side of the notes file: a talk's note text, its status mark, the external editor's answer
//! and the saver's. What changes the notes asks for a save and refreshes what the notes affect (hits for
//! `in:notes`/`is:` queries, the clashes of marked talks).
use super::{App, Effect};
use crate::notes::{SaveOutcome, Status, Timestamp};

impl App {
    /// The personal notes text of talk `id` ("" when it has none).
    pub(super) fn note_text(&self, id: &str) -> String {
        self.notes
            .notes
            .get(id)
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }

    /// The notes changed in memory: save them, and refilter when a query may see notes.
    pub(super) fn notes_changed(&mut self) {
        self.save_pending = true;
        self.searcher.invalidate();
        self.forget_notes_snapshot();
        if !self.filter.query().trim().is_empty() {
            self.refresh_results();
        }
    }

    /// none → planned → follow-up → done → none, on the selected talk.
    pub(super) fn cycle_status(&mut self) {
        let Some(talk) = self.selected_talk() else {
            return;
        };
        if self.notes.is_read_only() {
            self.error("notes are read-only; the status cannot change".into());
            return;
        }
        let id = talk.id.clone();
        let next = match self.notes.notes.get(&id).map_or(Status::None, |n| n.status) {
            Status::None => Status::Planned,
            Status::Planned => Status::FollowUp,
            Status::FollowUp => Status::Done,
            Status::Done => Status::None,
        };
        if self.notes.notes.set_status(&id, next, Timestamp::now()) {
            self.notes_changed();
            self.refresh_conflicts();
        }
        self.info(match next {
            Status::None => "status cleared".into(),
            s => format!("marked {s}"),
        });
    }

    /// Hands the selected talk's note to `$VISUAL`/`$EDITOR` (closing the built-in editor first).
    pub(super) fn edit_externally(&mut self, effects: &mut Vec<Effect>) {
        let Some(id) = self.selected_talk().map(|t| t.id.clone()) else {
            return;
        };
        if self.notes.is_read_only() {
            self.error("notes are read-only".into());
            return;
        }
        self.close_editor();
        let text = self.note_text(&id);
        effects.push(Effect::EditExternally { id, text });
    }

    /// The external editor came back.
    pub(super) fn external_edited(&mut self, id: &str, result: Result<String, String>) {
        match result {
            Ok(text) => {
                if self.notes.notes.set_text(id, &text, Timestamp::now()) {
                    self.notes_changed();
                    self.info("notes updated from the editor".into());
                }
            }
            Err(e) => self.error(format!("editor: {e}")),
        }
    }

    /// A save finished: adopt what other sessions wrote (into the open editor too), or report the failure.
    pub(super) fn saved(&mut self, outcome: SaveOutcome) {
        match outcome {
            SaveOutcome::Saved(saved) => {
                self.notes.adopt(&saved);
                self.rebase_editor();
                self.report_backup(&saved);
                let elsewhere = saved.has_changes_from_elsewhere();
                if elsewhere {
                    self.searcher.invalidate();
                    self.forget_notes_snapshot();
                }
                if self.status.save_error.take().is_some() {
                    self.info("notes saved".into());
                }
                if elsewhere && !self.filter.query().trim().is_empty() {
                    self.refresh_results();
                }
            }
            SaveOutcome::Failed { error, retry_in } => {
                let text = format!(
                    "saving notes failed: {error} (kept in memory; retrying in {}s)",
                    retry_in.as_secs().max(1)
                );
                self.status.save_error = Some(text.clone());
                self.error(text);
            }
        }
    }
}
