//! The link chooser: which of the selected talk's links is highlighted, and what Enter, `y` and the mouse
//! do with it.
use super::layout::inner;
use super::scroll::step;
use super::{App, Effect, Overlay};
use ratatui::layout::Position;

/// The link chooser, while it is open over a talk with several links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkChooser {
    /// The highlighted link (an index into the talk's links).
    pub selected: usize,
}

impl LinkChooser {
    /// Moves the highlight by `delta` among `links` links (`isize::MIN`/`MAX`: to the ends).
    pub fn move_by(&mut self, delta: isize, links: usize) {
        self.selected = step(self.selected, delta, links.saturating_sub(1));
    }

    /// A click on the chooser's body line `line` (from its top) highlights the link drawn there.
    pub fn click_line(&mut self, line: usize, links: usize) {
        if line < links {
            self.selected = line;
        }
    }
}

impl App {
    /// How many links the selected talk has.
    fn link_count(&self) -> usize {
        self.selected_talk().map_or(0, |t| t.links.len())
    }

    /// Opens the talk's only link, or the chooser when it has several.
    pub(super) fn open_link(&mut self, effects: &mut Vec<Effect>) {
        let Some(talk) = self.selected_talk() else {
            return;
        };
        match talk.links.len() {
            0 => self.info("this talk has no links".into()),
            1 => effects.push(Effect::OpenUrl(talk.links[0].url.clone())),
            _ => self.overlay = Overlay::Chooser(LinkChooser::default()),
        }
    }

    /// Enter in the chooser: opens the highlighted link and closes it.
    pub(super) fn open_chosen_link(&mut self, chooser: LinkChooser, effects: &mut Vec<Effect>) {
        if let Some(link) = self
            .selected_talk()
            .and_then(|t| t.links.get(chooser.selected))
        {
            effects.push(Effect::OpenUrl(link.url.clone()));
        }
        self.overlay = Overlay::None;
    }

    /// Copies the highlighted link (the first one when the chooser is closed).
    pub(super) fn copy_link(&mut self, effects: &mut Vec<Effect>) {
        let chosen = match self.overlay {
            Overlay::Chooser(c) => c.selected,
            _ => 0,
        };
        match self.selected_talk().and_then(|t| t.links.get(chosen)) {
            Some(link) => {
                let url = link.url.clone();
                self.info(format!("copied {url}"));
                effects.push(Effect::Copy(url));
            }
            None => self.info("this talk has no links".into()),
        }
        self.overlay = Overlay::None;
    }

    /// Moves the chooser's highlight, if it is open.
    pub(super) fn move_in_chooser(&mut self, delta: isize) {
        let links = self.link_count();
        if let Overlay::Chooser(chooser) = &mut self.overlay {
            chooser.move_by(delta, links);
        }
    }

    /// A click at `at` inside the open chooser's box.
    pub(super) fn click_chooser(&mut self, at: Position) {
        let links = self.link_count();
        if let (Overlay::Chooser(chooser), Some(r)) = (&mut self.overlay, self.layout.overlay) {
            let body = inner(r, true);
            if body.contains(at) {
                chooser.click_line((at.y - body.y) as usize, links);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highlight_stays_on_a_link() {
        let mut c = LinkChooser::default();
        c.move_by(-1, 3);
        assert_eq!(c.selected, 0);
        c.move_by(5, 3);
        assert_eq!(c.selected, 2);
        c.move_by(isize::MIN, 3);
        assert_eq!(c.selected, 0);
        c.move_by(1, 0);
        assert_eq!(c.selected, 0, "no links: nothing to move to");
        c.click_line(1, 3);
        assert_eq!(c.selected, 1);
        c.click_line(3, 3);
        assert_eq!(c.selected, 1, "a click below the links changes nothing");
    }
}
