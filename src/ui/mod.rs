//! Drawing: one view per pane (`impl Widget for &Pane`), all reading the app's state and changing none.
pub mod changes;
pub mod detail;
pub mod filter;
pub mod help;
pub mod list;
pub mod notes;
mod overlay;
pub mod picker;
pub mod speakers;
pub mod status;
pub mod textfit;
mod theme;

pub use theme::Theme;

use crate::app::{App, Overlay};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    // The terminal can change size between the last Resize and this frame: never draw outside it.
    let a = if (area.width, area.height) == app.size {
        app.layout
    } else {
        app.layout_for(area)
    };
    if a.too_small {
        let msg = textfit::fit_spans(
            "terminal too small",
            area.width as usize,
            theme.warning,
            theme.warning,
            &|_| false,
        );
        if area.height > 0 {
            frame.render_widget(Line::from(msg), Rect::new(area.x, area.y, area.width, 1));
        }
        return;
    }
    let bordered = a.bordered;
    if let Some(r) = a.list.filter(|r| r.height > 0) {
        frame.render_widget(
            &list::ListPane {
                app,
                theme,
                bordered,
            },
            r,
        );
    }
    let filter = filter::FilterPane { app, theme };
    if let Some(r) = a.filter {
        frame.render_widget(&filter, r);
        if let Some(pos) = filter.cursor_position(r) {
            frame.set_cursor_position(pos);
        }
    }
    if let Some(r) = a.detail {
        frame.render_widget(
            &detail::DetailPane {
                app,
                theme,
                bordered,
            },
            r,
        );
    }
    if let Some(r) = a.notes {
        frame.render_widget(
            &notes::NotesPane {
                app,
                theme,
                bordered,
            },
            r,
        );
    }
    frame.render_widget(&status::StatusLine { app, theme }, a.status);
    match (&app.overlay, a.overlay) {
        (Overlay::Help(help), Some(r)) => frame.render_widget(
            &help::HelpOverlay {
                app,
                theme,
                scroll: help.scroll,
            },
            r,
        ),
        (Overlay::Chooser(chooser), Some(r)) => {
            render_chooser(app, theme, chooser.selected, r, frame.buffer_mut())
        }
        _ => {}
    }
    if let (Some(view), Some(r)) = (&app.speaker_view, a.overlay) {
        frame.render_widget(&speakers::SpeakersOverlay { app, theme, view }, r);
    }
    if let (Some(picker), Some(r)) = (&app.move_picker, a.overlay) {
        frame.render_widget(&picker::PickerOverlay { app, theme, picker }, r);
    } else if let (Some(list), Some(r)) = (&app.changes_list, a.overlay) {
        frame.render_widget(&changes::ChangesOverlay { app, theme, list }, r);
    }
}

/// The link chooser in its box `r` (placed by the layout).
fn render_chooser(app: &App, theme: &Theme, selected: usize, r: Rect, buf: &mut Buffer) {
    let Some(talk) = app.selected_talk() else {
        return;
    };
    let inner = overlay::frame(r, buf, theme, " Open which link? ".into(), None);
    let lines: Vec<Line> = talk
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = overlay::entry_style(theme, i == selected);
            overlay::fit_line(
                &format!("{}: {}", l.label, l.url),
                inner.width as usize,
                style,
            )
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

#[cfg(test)]
mod tests;
