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

    pub(super) fn wheel_panel(&mut self, delta: i32) {
        let by = delta.signum() as isize;
        if self.move_picker.is_some() {
            self.move_line(MoveInput::Move(by));
        } else {
            self.changes_list(ChangesInput::Move(by));
        }
    }
}
