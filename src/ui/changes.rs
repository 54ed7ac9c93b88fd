//! The changes list, drawn over the panes: per subscription (newest first) a heading with when it was
//! fetched and how many talks it added, then each changed talk (★ for yours), the selected one highlighted.
use super::{Theme, overlay};
use crate::app::{App, ChangesList, ChangesRow};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// The changes list of the last refreshes.
pub struct ChangesOverlay<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub list: &'a ChangesList,
}

impl Widget for &ChangesOverlay<'_> {
    fn render(self, r: Rect, buf: &mut Buffer) {
        if r.width < 3 || r.height < 3 {
            return;
        }
        let title = " Schedule changes ".to_string();
        let hint = " Enter: go to the talk · Esc: close ";
        let inner = overlay::frame(r, buf, self.theme, title, Some(hint));
        let width = inner.width as usize;
        let fit = |text: &str, style: Style| overlay::fit_line(text, width, style).style(style);
        if self.list.rows.is_empty() {
            let text = if self.app.status.subscriptions.is_empty() {
                "No changes: nothing is subscribed (confnotes subscribe URL)."
            } else {
                "No changes: the last refresh of each subscription changed nothing."
            };
            Paragraph::new(fit(text, self.theme.dim)).render(inner, buf);
            return;
        }
        let rows = (inner.height as usize).max(1);
        let first = overlay::page_start(self.list.selected, rows);
        let lines: Vec<Line> = (self.list.rows.iter().enumerate().skip(first).take(rows))
            .map(|(at, row)| match row {
                ChangesRow::Heading(text) => fit(text, self.theme.header),
                ChangesRow::Change {
                    title, what, mine, ..
                } => {
                    let style = overlay::entry_style(self.theme, at == self.list.selected);
                    let star = if *mine { '★' } else { ' ' };
                    fit(&format!("{star} {title} — {what}"), style)
                }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
