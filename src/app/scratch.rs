//! Scratch pages in the TUI: the global page and one per conference day, listed like talks once they have
//! text, opened with `N` (the selected talk's day, else the global page) and switched with Ctrl-G inside.
use super::{App, Mode};
use crate::notes::{SCRATCH_ID, day_scratch_id, is_scratch, scratch_day, scratch_talk_for};
use jiff::civil::Date;

impl App {
    /// Lists every scratch page with text once loading is over (an empty one stays out of the way).
    pub(super) fn list_scratch_if_written(&mut self) {
        let written: Vec<String> = (self.notes.notes.iter())
            .filter(|(id, n)| is_scratch(id) && !n.text.trim().is_empty())
            .map(|(id, _)| id.to_string())
            .collect();
        self.list_scratch_pages(&written);
    }

    /// Adds the pages of `ids` the store lacks, in one batch (so the list is rebuilt once).
    fn list_scratch_pages(&mut self, ids: &[String]) {
        if self.status.loading {
            return;
        }
        let talks: Vec<crate::store::Talk> = (ids.iter())
            .filter(|id| self.catalog.store().get(id).is_none())
            .map(|id| scratch_talk_for(id))
            .collect();
        if talks.is_empty() {
            return;
        }
        self.add_talks("scratch pad", talks);
    }

    /// `N`: the scratch page of the selected talk's day when it has a date (a selected scratch page itself),
    /// else the global page.
    pub(super) fn open_scratch(&mut self) {
        let id = match self.selected_talk() {
            Some(t) if is_scratch(&t.id) => t.id.clone(),
            Some(t) => talk_day(t).map_or_else(|| SCRATCH_ID.to_string(), day_scratch_id),
            None => SCRATCH_ID.to_string(),
        };
        self.open_scratch_page(id);
    }

    /// Ctrl-G in a scratch page: from a day's page to the global one, and back to the day last open (today
    /// when none was).
    pub(super) fn switch_scratch_page(&mut self) {
        let Some(id) = (self.editor.as_ref())
            .map(|e| e.id.clone())
            .filter(|id| is_scratch(id))
        else {
            let key = self
                .keymap
                .hint(Mode::Editor, "scratch_switch")
                .unwrap_or("");
            let text = format!("{key} switches scratch pages: open one with N first");
            self.info(text);
            return;
        };
        let other = match scratch_day(&id) {
            Some(_) => SCRATCH_ID.to_string(),
            None => day_scratch_id(self.last_scratch_day.unwrap_or_else(|| self.today())),
        };
        self.open_scratch_page(other);
    }

    /// Opens scratch page `id` in the editor (listing it first), selected in the list when the filter shows it.
    pub(super) fn open_scratch_page(&mut self, id: String) {
        if let Some(reason) = &self.notes.read_only_reason {
            let text = format!("notes are read-only: {reason}");
            self.error(text);
            return;
        }
        // What was typed into another page or talk is kept before the editor moves on.
        self.close_editor();
        if let Some(day) = scratch_day(&id) {
            self.last_scratch_day = Some(day);
        }
        self.list_scratch_pages(std::slice::from_ref(&id));
        if let Some(row) = self.list.row_of(self.catalog.talks(), &id) {
            self.show_row(row);
        }
        self.open_editor(id);
    }

    /// Today in the system's zone (by the app's clock, which tests fix).
    pub(super) fn today(&self) -> Date {
        (self.clock)
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .date()
    }
}

/// The conference day of `talk`: its start in the conference's zone, else its date.
pub(super) fn talk_day(talk: &crate::store::Talk) -> Option<Date> {
    if let Some(day) = scratch_day(&talk.id) {
        return Some(day);
    }
    match talk.local_start() {
        Some(start) => Some(start.date()),
        None => talk.date.as_deref()?.parse().ok(),
    }
}
