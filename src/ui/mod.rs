//! Drawing: one view per pane (`impl Widget for &Pane`), all reading the app's state and changing none.
pub mod detail;
pub mod filter;
pub mod help;
pub mod layout;
pub mod list;
pub mod notes;
pub mod speakers;
pub mod status;
pub mod textfit;
mod theme;

pub use theme::Theme;

use crate::app::{App, Overlay};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let a = layout::areas(area, app);
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
    if a.list.height > 0 && (bordered || (a.detail.is_none() && a.notes.is_none())) {
        frame.render_widget(
            &list::ListPane {
                app,
                theme,
                bordered,
            },
            a.list,
        );
    }
    let filter = filter::FilterPane { app, theme };
    if a.detail.is_none() && a.notes.is_none() || bordered {
        frame.render_widget(&filter, a.filter);
        if let Some(pos) = filter.cursor_position(a.filter) {
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
    match app.overlay {
        Overlay::Help { scroll } => {
            frame.render_widget(&help::HelpOverlay { app, theme, scroll }, area)
        }
        Overlay::Chooser { selected } => {
            render_chooser(app, theme, selected, area, frame.buffer_mut())
        }
        Overlay::None => {}
    }
    if let Some(view) = &app.speaker_view {
        frame.render_widget(&speakers::SpeakersOverlay { app, theme, view }, area);
    }
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

fn render_chooser(app: &App, theme: &Theme, selected: usize, area: Rect, buf: &mut Buffer) {
    let Some(talk) = app.selected_talk() else {
        return;
    };
    let height = (talk.links.len() as u16 + 2).min(area.height);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Percentage(80)])
        .flex(Flex::Center)
        .areas(r);
    Clear.render(r, buf);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::styled(" Open which link? ", theme.title));
    let inner = block.inner(r);
    block.render(r, buf);
    let lines: Vec<Line> = talk
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == selected {
                theme.selected
            } else {
                theme.text
            };
            Line::from(textfit::fit_spans(
                &format!("{}: {}", l.label, l.url),
                inner.width as usize,
                style,
                style,
                &|_| false,
            ))
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

#[cfg(test)]
mod tests;
