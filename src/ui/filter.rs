//! The filter line under the list.
use super::Theme;
use super::textfit::{char_width, str_width};
use crate::app::{App, Focus};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A view of the filter line for one frame.
pub struct FilterPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl FilterPane<'_> {
    /// The visible slice of the query (scrolled so the cursor shows) and the cursor's screen column.
    fn visible(&self, width: usize) -> (String, usize) {
        let chars: Vec<char> = self.app.filter.query().chars().collect();
        let cursor = self.app.filter.cursor().min(chars.len());
        let room = width.saturating_sub(3).max(1); // "/ " prompt and the cursor cell
        let mut start = 0;
        while chars[start..cursor]
            .iter()
            .map(|&c| char_width(c))
            .sum::<usize>()
            > room
        {
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for &c in &chars[start..] {
            if used + char_width(c) > room {
                break;
            }
            used += char_width(c);
            shown.push(c);
        }
        let col = 2 + chars[start..cursor]
            .iter()
            .map(|&c| char_width(c))
            .sum::<usize>();
        (shown, col)
    }

    /// Where the terminal cursor goes while the filter is focused.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        if self.app.focus != Focus::Filter || area.width == 0 || area.height == 0 {
            return None;
        }
        let (_, col) = self.visible(area.width as usize);
        Some(Position::new(
            area.x + (col as u16).min(area.width - 1),
            area.y,
        ))
    }
}

impl Widget for &FilterPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let focused = app.focus == Focus::Filter;
        if app.filter.query().is_empty() && !focused {
            let hint = format!(
                "{} filter · {} help",
                app.keymap
                    .hint(crate::app::Mode::Normal, "filter")
                    .unwrap_or("/"),
                app.keymap
                    .hint(crate::app::Mode::Normal, "help")
                    .unwrap_or("?")
            );
            let spans = super::textfit::fit_spans(
                &hint,
                area.width as usize,
                theme.dim,
                theme.dim,
                &|_| false,
            );
            Line::from(spans).render(area, buf);
            return;
        }
        let (shown, _) = self.visible(area.width as usize);
        let prompt = Span::styled(
            "/ ",
            if focused {
                theme.border_focused
            } else {
                theme.dim
            },
        );
        let mut line = Line::from(vec![prompt, Span::styled(shown.clone(), theme.text)]);
        if !focused && str_width(&shown) + 2 < area.width as usize {
            line.push_span(Span::styled("  (/ to edit)", theme.dim));
        }
        line.render(area, buf);
    }
}
