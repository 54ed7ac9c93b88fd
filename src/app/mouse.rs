//! The mouse: a left click lands on the topmost visible pane under it (an overlay first; a click outside one
//! closes it), never on a pane hidden in a small terminal; the wheel scrolls what is under the pointer.
use super::layout::{Hit, inner};
use super::{App, Focus, Overlay, SpeakerInput};
use ratatui::layout::Position;

impl App {
    pub(super) fn click(&mut self, col: u16, row: u16) {
        let at = Position::new(col, row);
        let hit = self.layout.hit(at);
        if self.speaker_view.is_some() {
            return self.click_speaker_view(at, hit);
        }
        if self.panel_open() {
            return self.click_panel(hit);
        }
        if self.overlay != Overlay::None {
            if hit != Some(Hit::Overlay) {
                self.overlay = Overlay::None;
            } else {
                self.click_chooser(at);
            }
            return;
        }
        match hit {
            Some(Hit::List) => {
                self.close_editor();
                self.focus = Focus::List;
                let Some(list) = self.layout.list else { return };
                let body = inner(list, self.layout.bordered);
                if body.contains(at) {
                    let row = self.list.offset + (row - body.y) as usize;
                    self.move_selection(|list, page| list.select_row(row, page));
                }
            }
            Some(Hit::Filter) => self.focus_filter(),
            Some(Hit::Detail) => {
                self.close_editor();
                self.focus = Focus::Detail;
                if self.on_detail_speakers(row) {
                    self.speakers(SpeakerInput::Open);
                }
            }
            Some(Hit::Notes) if self.focus != Focus::Notes => self.focus = Focus::Notes,
            _ => {}
        }
    }

    /// While an overlay is open the wheel scrolls only the overlay.
    pub(super) fn wheel(&mut self, col: u16, row: u16, delta: i32) {
        if self.speaker_view.is_some() {
            return self.speakers(SpeakerInput::Move(delta.signum() as isize));
        }
        if self.panel_open() {
            return self.wheel_panel(delta);
        }
        let hit = self.layout.hit(Position::new(col, row));
        match (&mut self.overlay, hit) {
            (Overlay::Help(help), _) => help.scroll_by(delta as isize),
            (Overlay::Chooser(_), Some(Hit::Overlay)) => {
                self.move_in_chooser(delta.signum() as isize)
            }
            (Overlay::Chooser(_), _) => {}
            (Overlay::None, Some(Hit::List)) => {
                self.move_selection(|list, page| list.move_by(delta as isize, page))
            }
            (Overlay::None, Some(Hit::Detail)) => self.detail.scroll_by(delta as isize),
            _ => {}
        }
    }

    /// A click in the speaker view picks the person under it; one outside closes the view.
    fn click_speaker_view(&mut self, at: Position, hit: Option<Hit>) {
        let (Some(Hit::Overlay), Some(r), Some(view)) =
            (hit, self.layout.overlay, self.speaker_view.as_mut())
        else {
            self.speaker_view = None;
            return;
        };
        // Inside the border: the query line, then a page of people (see ui::speakers).
        let body = inner(r, true);
        let rows = (body.height as usize).saturating_sub(1).max(1);
        let first = view.selected / rows * rows;
        if let Some(line) = (at.y as usize).checked_sub(body.y as usize + 1) {
            let person = first + line;
            if line < rows && person < view.matches.len() {
                view.selected = person;
            }
        }
    }
}
