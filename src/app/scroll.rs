//! Scrolling, shared by the panes that scroll: the state of a pane that is a scroll offset over its text
//! (the detail, the help), and the one step of an offset or a selection (the chooser's too).

/// `value + delta`, clamped to `0..=max` (`isize::MIN`/`MAX` jump to the ends).
pub(super) fn step(value: usize, delta: isize, max: usize) -> usize {
    match delta {
        isize::MIN => 0,
        isize::MAX => max,
        d if d < 0 => value.saturating_sub(d.unsigned_abs()),
        d => value.saturating_add(d as usize).min(max),
    }
}

/// A scroll offset with no known end yet: `update` clamps it to the text after every action.
const UNBOUNDED: usize = usize::MAX / 2;

/// How far a pane's text is scrolled (in wrapped lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScrollState {
    pub scroll: usize,
}

impl ScrollState {
    /// Scrolls by `delta` lines (`isize::MIN`/`MAX`: to the ends); `update` clamps it to the text after.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = step(self.scroll, delta, UNBOUNDED);
    }

    /// Keeps the offset within `max` lines, so a move back from the end is seen at once.
    pub fn clamp(&mut self, max: usize) {
        self.scroll = self.scroll.min(max);
    }

    /// Back to the top (another talk is shown).
    pub fn reset(&mut self) {
        self.scroll = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_clamp_to_the_range_and_the_extremes_jump_to_its_ends() {
        assert_eq!(step(3, -5, 10), 0);
        assert_eq!(step(3, 4, 10), 7);
        assert_eq!(step(3, 40, 10), 10);
        assert_eq!(step(3, isize::MIN, 10), 0);
        assert_eq!(step(3, isize::MAX, 10), 10);
        assert_eq!(step(usize::MAX, 1, usize::MAX), usize::MAX);
    }

    #[test]
    fn scrolling_stops_at_the_top_and_clamps_to_the_text() {
        let mut s = ScrollState::default();
        s.scroll_by(-3);
        assert_eq!(s.scroll, 0);
        s.scroll_by(isize::MAX);
        s.clamp(7);
        assert_eq!(s.scroll, 7);
        s.scroll_by(-2);
        assert_eq!(s, ScrollState { scroll: 5 });
        s.reset();
        assert_eq!(s.scroll, 0);
    }
}
