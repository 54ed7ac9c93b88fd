//! The notes pane: the selected talk's personal notes and status, or the editor while editing.
use super::Theme;
use super::textfit::wrapped_lines;
use crate::app::layout::inner;
use crate::app::{App, Focus};
use crate::notes::Status;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// A view of the notes pane for one frame.
pub struct NotesPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub bordered: bool,
}

impl Widget for &NotesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let body = inner(area, self.bordered);
        let talk = app.selected_talk();
        // An open editor is shown even when its talk left the list (a refresh never closes it).
        let editing = app.editor.as_ref();
        let note = match editing {
            Some(e) => app.notes.notes.get(&e.id),
            None => talk.and_then(|t| app.notes.notes.get(&t.id)),
        };
        if self.bordered {
            let focused = app.focus == Focus::Notes;
            // A scratch page says which one it is: the global pad or a day's.
            let page = match editing {
                Some(e) => Some(e.id.as_str()),
                None => talk.map(|t| t.id.as_str()),
            }
            .filter(|id| crate::notes::is_scratch(id))
            .map(crate::notes::scratch_title);
            let title = match (page, editing.is_some()) {
                (Some(page), true) => format!(" {page} (editing: Esc to stop) "),
                (Some(page), false) => format!(" {page} "),
                (None, true) => " Notes (editing: Esc to stop) ".into(),
                (None, false) => " Notes ".into(),
            };
            let status = match note.map_or(Status::None, |n| n.status) {
                Status::Planned => Span::styled(" ◆ planned ", theme.followup),
                Status::FollowUp => Span::styled(" ★ follow-up ", theme.followup),
                Status::Done => Span::styled(" ✓ done ", theme.done),
                Status::None => Span::raw(""),
            };
            let mut block = Block::bordered()
                .border_style(if focused {
                    theme.border_focused
                } else {
                    theme.border
                })
                .title(Line::styled(title, theme.title))
                .title(Line::from(status).right_aligned());
            if app.notes.is_read_only() {
                block = block.title_bottom(Line::styled(" read-only ", theme.error));
            }
            block.render(area, buf);
        }
        if body.width == 0 || body.height == 0 {
            return;
        }
        if let Some(editor) = editing {
            (&editor.textarea).render(body, buf);
            return;
        }
        let text = note.map_or("", |n| n.text.as_str());
        let lines = if text.trim().is_empty() {
            let key = app
                .keymap
                .hint(crate::app::Mode::Normal, "edit_notes")
                .unwrap_or("i");
            let status_key = app
                .keymap
                .hint(crate::app::Mode::Normal, "cycle_status")
                .unwrap_or("f");
            let hint = if talk.is_some() {
                format!(
                    "No notes yet. {key}: write notes · {status_key}: planned / follow-up / done"
                )
            } else {
                String::new()
            };
            wrapped_lines(&hint, body.width as usize, theme.dim, theme.dim, &[])
        } else {
            let hl = talk
                .and_then(|_| app.selected_index())
                .and_then(|i| app.highlights(i))
                .map(|h| h.notes)
                .unwrap_or_default();
            // A tab would be drawn as nothing: one space each keeps the highlight positions.
            let shown = text.replace('\t', " ");
            wrapped_lines(
                &shown,
                body.width as usize,
                theme.text,
                theme.highlight,
                &hl,
            )
        };
        Paragraph::new(lines).render(body, buf);
    }
}
