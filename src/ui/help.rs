//! The help overlay, drawn over the panes from the text parts `app::help` lists.
use super::Theme;
use super::textfit::wrapped_lines;
use crate::app::App;
use crate::app::help::{HelpPart, help_parts};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// All lines of the help text at `width`.
pub fn help_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (part, text) in help_parts(&app.keymap, &app.status.load_problems) {
        let style = match part {
            HelpPart::Blank => {
                lines.push(Line::default());
                continue;
            }
            HelpPart::Heading => theme.header,
            HelpPart::Entry => theme.text,
            HelpPart::Note => theme.dim,
            HelpPart::Warning => theme.warning,
        };
        lines.extend(wrapped_lines(&text, width, style, style, &[]));
    }
    lines
}

/// The help overlay, drawn over the panes.
pub struct HelpOverlay<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    /// Lines scrolled past (clamped by `update`).
    pub scroll: usize,
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, rect: Rect, buf: &mut Buffer) {
        let inner =
            super::overlay::frame(rect, buf, self.theme, " Help (Esc closes) ".into(), None);
        let lines = help_lines(self.app, self.theme, inner.width.max(1) as usize);
        let visible: Vec<Line> = lines
            .into_iter()
            .skip(self.scroll)
            .take(inner.height as usize)
            .collect();
        Paragraph::new(visible).render(inner, buf);
    }
}
