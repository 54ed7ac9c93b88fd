//! Where each pane goes for a terminal size: one pure function, used by drawing and by mouse hit-testing.
use crate::app::{App, Focus};
use ratatui::layout::{Constraint, Layout, Rect};

/// Terminal sizes below this draw only a "too small" notice.
pub const MIN_WIDTH: u16 = 16;
pub const MIN_HEIGHT: u16 = 3;
/// From this width on, detail and notes show side by side with the list.
pub const WIDE: u16 = 100;

/// The rectangles of one frame. Panes that are not shown are None.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Rect,
    pub filter: Rect,
    pub detail: Option<Rect>,
    pub notes: Option<Rect>,
    pub status: Rect,
    /// Whether panes have borders (not in a cramped terminal).
    pub bordered: bool,
    pub too_small: bool,
}

/// Lays out `area` for `app`: list + filter on the left, detail over notes on the right (≥ 100 columns);
/// list and one other pane side by side or stacked in narrower terminals; list alone when cramped.
pub fn areas(area: Rect, app: &App) -> Areas {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            ..Areas::default()
        };
    }
    let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let cramped = area.width < 40 || area.height < 10;
    if cramped {
        // List rows and the filter line only; the focused pane replaces the list.
        let [list, filter] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(main);
        let mut a = Areas {
            list,
            filter,
            status,
            bordered: false,
            ..Areas::default()
        };
        match app.focus {
            Focus::Detail => a.detail = Some(main),
            Focus::Notes => a.notes = Some(main),
            _ => {}
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
        list,
        filter,
        status,
        bordered: true,
        ..Areas::default()
    };
    if area.width >= WIDE {
        let [detail, notes] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Fill(1)]).areas(right);
        a.detail = Some(detail);
        a.notes = Some(notes);
    } else if app.narrow_shows_notes() {
        a.notes = Some(right);
    } else {
        a.detail = Some(right);
    }
    a
}

/// Rows of talk list content inside `list` (without borders).
pub fn list_rows(a: &Areas) -> usize {
    inner(a.list, a.bordered).height as usize
}

/// The inside of a pane's rectangle.
pub fn inner(r: Rect, bordered: bool) -> Rect {
    if bordered && r.width >= 2 && r.height >= 2 {
        Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
    } else {
        r
    }
}
