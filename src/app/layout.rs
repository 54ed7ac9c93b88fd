//! Where each pane goes for a terminal size. Layout is state: `update` recomputes it after every action
//! (size, focus and overlays change it) into `App::layout`; drawing and mouse hit-testing both read it.
use super::{Focus, Overlay};
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};

/// Terminal sizes below this draw only a "too small" notice.
pub const MIN_WIDTH: u16 = 16;
pub const MIN_HEIGHT: u16 = 3;
/// From this width on, detail and notes show side by side with the list.
pub const WIDE: u16 = 100;

/// The rectangles of one frame. A pane that is not visible is None, so nothing can hit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Option<Rect>,
    pub filter: Option<Rect>,
    pub detail: Option<Rect>,
    pub notes: Option<Rect>,
    pub status: Rect,
    /// The help or link chooser box, drawn over everything else.
    pub overlay: Option<Rect>,
    /// Whether panes have borders (not in a cramped terminal).
    pub bordered: bool,
    pub too_small: bool,
}

/// What the layout depends on besides the size.
#[derive(Debug, Clone, Copy)]
pub struct LayoutInput<'a> {
    pub focus: Focus,
    /// In narrow terminals: whether the second pane is the notes (else the detail).
    pub narrow_shows_notes: bool,
    pub overlay: &'a Overlay,
    /// Links of the selected talk (the chooser's height).
    pub links: usize,
    /// The speaker view is open (drawn over everything).
    pub speakers: bool,
}

/// A pane that `at` falls on, topmost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Overlay,
    List,
    Filter,
    Detail,
    Notes,
    Status,
}

impl Areas {
    /// Lays out `area`: list + filter on the left, detail over notes on the right (≥ 100 columns); list and one
    /// other pane side by side or stacked in narrower terminals; in a cramped one the focused pane alone.
    pub fn compute(area: Rect, input: LayoutInput) -> Areas {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Areas {
                too_small: true,
                ..Areas::default()
            };
        }
        let mut a = panes(area, input);
        a.overlay = match input.overlay {
            Overlay::None if input.speakers => Some(centered(area, 80, 80)),
            Overlay::None => None,
            Overlay::Help(_) => Some(centered(area, 90, 90)),
            Overlay::Chooser(_) => Some(chooser(area, input.links)),
        };
        a
    }

    /// The topmost visible pane at `at`.
    pub fn hit(&self, at: Position) -> Option<Hit> {
        let on = |r: Option<Rect>| r.is_some_and(|r| r.contains(at));
        [
            (self.overlay, Hit::Overlay),
            (self.detail, Hit::Detail),
            (self.notes, Hit::Notes),
            (self.list, Hit::List),
            (self.filter, Hit::Filter),
            (Some(self.status), Hit::Status),
        ]
        .into_iter()
        .find(|(r, _)| on(*r))
        .map(|(_, hit)| hit)
    }

    /// Rows of talk list content (without borders); 0 while the list is hidden.
    pub fn list_rows(&self) -> usize {
        self.list
            .map_or(0, |r| inner(r, self.bordered).height as usize)
    }
}

fn panes(area: Rect, input: LayoutInput) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let cramped = area.width < 40 || area.height < 10;
    if cramped {
        // No borders; the focused detail or notes pane replaces the list and its filter line.
        let [list, filter] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(main);
        let mut a = Areas {
            status,
            ..Areas::default()
        };
        match input.focus {
            Focus::Detail => a.detail = Some(main),
            Focus::Notes => a.notes = Some(main),
            Focus::List | Focus::Filter => {
                a.list = Some(list);
                a.filter = Some(filter);
            }
        }
        return a;
    }
    let stacked = area.width < 60;
    let [left, right] = if stacked {
        Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(main)
    } else if area.width >= WIDE {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(main)
    } else {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(main)
    };
    let [list, filter] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(left);
    let mut a = Areas {
        list: Some(list),
        filter: Some(filter),
        status,
        bordered: true,
        ..Areas::default()
    };
    if area.width >= WIDE {
        let [detail, notes] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Fill(1)]).areas(right);
        a.detail = Some(detail);
        a.notes = Some(notes);
    } else if input.narrow_shows_notes {
        a.notes = Some(right);
    } else {
        a.detail = Some(right);
    }
    a
}

/// A rectangle of `pct_w` × `pct_h` percent of `area`, centred.
pub fn centered(area: Rect, pct_w: u16, pct_h: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Percentage(pct_w)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Percentage(pct_h)])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// The link chooser: one row per link inside a border, 80% wide, centred.
fn chooser(area: Rect, links: usize) -> Rect {
    let height = (links.min(u16::MAX as usize - 2) as u16 + 2).min(area.height);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Percentage(80)])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// The inside of a pane's rectangle.
pub fn inner(r: Rect, bordered: bool) -> Rect {
    if bordered && r.width >= 2 && r.height >= 2 {
        Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
    } else {
        r
    }
}
