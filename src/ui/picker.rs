//! The move picker, drawn over the panes: the query, what moves, then the talks to choose from (the
//! selected one highlighted).
use super::{Theme, overlay};
use crate::app::{App, MovePicker};
use crate::store::Talk;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Widget};

/// The picker over the app's talks.
pub struct PickerOverlay<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub picker: &'a MovePicker,
}

/// "Title · Speaker · Fri 10:30 Room", or with the conference when the talk has no time.
pub fn talk_label(talk: &Talk) -> String {
    let mut parts = vec![talk.title.clone()];
    if !talk.speakers.is_empty() {
        parts.push(talk.speakers_label());
    }
    match talk.local_start() {
        Some(start) => {
            let mut when = start.strftime("%a %H:%M").to_string();
            if let Some(room) = &talk.schedule.room {
                when.push(' ');
                when.push_str(room);
            }
            parts.push(when);
        }
        None => parts.push(talk.conference_label()),
    }
    parts.join(" · ")
}

impl Widget for &PickerOverlay<'_> {
    fn render(self, r: Rect, buf: &mut Buffer) {
        if r.width < 3 || r.height < 3 {
            return;
        }
        let n = self.picker.lines.len();
        let title = if n == 1 {
            " Move 1 line to which talk? ".to_string()
        } else {
            format!(" Move {n} lines to which talk? ")
        };
        let hint = " type to filter · Enter: move · Esc: cancel ";
        let inner = overlay::frame(r, buf, self.theme, title, Some(hint));
        let width = inner.width as usize;
        let fit = |text: &str, style: Style| overlay::fit_line(text, width, style).style(style);
        let first_line = self.picker.lines.iter().find(|l| !l.trim().is_empty());
        let moving = match (n, first_line) {
            (1, Some(l)) => format!("moving: {}", l.trim()),
            (_, Some(l)) => format!("moving: {} (+{} more)", l.trim(), n - 1),
            (_, None) => String::new(),
        };
        // The talks offered answer an earlier query until the worker's answer to the typed one comes.
        let searching = if self.picker.searching() {
            "  · searching…"
        } else {
            ""
        };
        let mut lines = vec![
            fit(
                &format!("> {}{searching}", self.picker.query),
                self.theme.text,
            ),
            fit(&moving, self.theme.dim),
        ];
        let rows = (inner.height as usize).saturating_sub(lines.len());
        if self.picker.matches.is_empty() && !self.picker.searching() {
            lines.push(fit("no talk matches", self.theme.dim));
        }
        let first = overlay::page_start(self.picker.selected, rows);
        let talks = &self.app.catalog.talks();
        for (at, &i) in self
            .picker
            .matches
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
        {
            let style = overlay::entry_style(self.theme, at == self.picker.selected);
            lines.push(fit(&talk_label(&talks[i]), style));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
