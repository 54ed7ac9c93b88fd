//! The mouse on the overlays that take every key besides the speaker view (the move picker, the changes
//! list): the wheel moves their selection, a click outside closes them (changing nothing).
use super::layout::Hit;
use super::{App, ChangesInput, MoveInput};

impl App {
    /// Whether the move picker or the changes list is open.
    pub fn panel_open(&self) -> bool {
        self.move_picker.is_some() || self.changes_list.is_some()
    }

    pub(super) fn click_panel(&mut self, hit: Option<Hit>) {
        if hit == Some(Hit::Overlay) {
            return;
        }
        self.move_picker = None;
        self.changes_list = None;
    }

    /// A paste types into the move picker's query (never into the page behind it); the changes list has
    /// nothing to type into.
    pub(super) fn paste_into_panel(&mut self, text: &str) {
        if self.move_picker.is_none() {
            return;
        }
        // One line of it: the query is a single line.
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        for c in line.chars() {
            self.move_line(MoveInput::Insert(c));
        }
    }

    pub(super) fn wheel_panel(&mut self, delta: i32) {
        let by = delta.signum() as isize;
        if self.move_picker.is_some() {
            self.move_line(MoveInput::Move(by));
        } else {
            self.changes_list(ChangesInput::Move(by));
        }
    }
}
