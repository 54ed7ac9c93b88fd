//! The status line: a message, or key hints for the current mode; loading and problems on the right.
use super::Theme;
use super::textfit::{fit_spans, str_width};
use crate::app::{App, Level, Mode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A view of the status line for one frame.
pub struct StatusLine<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

/// Short key hints for a mode, from the keymap (so user overrides show).
fn hints(app: &App, mode: Mode) -> String {
    let k = |m: Mode, name: &str| app.keymap.hint(m, name).unwrap_or("?").to_string();
    match mode {
        Mode::Normal => format!(
            "{} quit · {} filter · {} next pane · {} notes · {} follow-up · {} open · {} sort · {} schedule · {} help",
            k(mode, "quit"),
            k(mode, "filter"),
            k(mode, "focus_next"),
            k(mode, "edit_notes"),
            k(mode, "cycle_status"),
            k(mode, "open_link"),
            k(mode, "sort"),
            k(mode, "schedule"),
            k(mode, "help")
        ),
        Mode::Filter if app.speaker_term_at_cursor().is_some() => format!(
            "{} choose a speaker · {} list · {} leave",
            k(mode, "focus_next"),
            k(mode, "filter_accept"),
            k(mode, "filter_leave")
        ),
        Mode::Filter => format!(
            "type to filter · {} list · {} leave · {} clear · ↑↓ move",
            k(mode, "filter_accept"),
            k(mode, "filter_leave"),
            k(mode, "clear_filter")
        ),
        Mode::Editor => format!(
            "editing notes (saved as you type) · {} stop",
            k(mode, "stop_editing")
        ),
        Mode::Help => format!("{} close · ↑↓ scroll", k(mode, "back")),
        Mode::Chooser => format!(
            "↑↓ choose · {} open · {} copy · {} cancel",
            k(mode, "confirm"),
            k(mode, "copy_link"),
            k(mode, "back")
        ),
    }
}

impl Widget for &StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let mut right = String::new();
        if app.status.loading {
            right = format!(" loading… {} talks ", app.store.talks.len());
        } else if app.status.save_error.is_some() {
            right = " notes NOT saved ".into();
        } else if !app.status.load_problems.is_empty() {
            right = format!(" ⚠ {} load problems (?) ", app.status.load_problems.len());
        }
        let width = area.width as usize;
        let right_w = str_width(&right).min(width);
        let (text, style) = match &app.status.message {
            Some(m) => (
                m.text.clone(),
                match m.level {
                    Level::Info => theme.text,
                    Level::Warning => theme.warning,
                    Level::Error => theme.error,
                },
            ),
            None => (hints(app, app.mode()), theme.dim),
        };
        let mut spans = fit_spans(&text, width - right_w, style, style, &|_| false);
        let right_style = if app.status.save_error.is_some() {
            theme.error
        } else {
            theme.warning
        };
        spans.extend(fit_spans(
            &right,
            right_w,
            right_style,
            right_style,
            &|_| false,
        ));
        Line::from(spans).render(area, buf);
    }
}
