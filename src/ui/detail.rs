//! The detail pane: title, speakers, conference · date · place, tags, links, then the notes text.
use super::Theme;
use super::layout::{areas, inner};
use super::list::speaker_positions;
use super::textfit::{positions_to_ranges, wrapped_lines};
use crate::app::{App, Focus};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

/// A view of the detail pane for one frame.
pub struct DetailPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub bordered: bool,
}

/// Every line of the selected talk's detail at `width` cells.
pub fn detail_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let Some(talk) = app.selected_talk() else {
        return vec![Line::styled("No talk selected.", theme.dim)];
    };
    let hl = app.selected_index().and_then(|i| app.highlights(i));
    let hl = hl.as_ref();
    let mut lines = Vec::new();
    let title_hl = hl
        .map(|h| positions_to_ranges(&h.title, 0))
        .unwrap_or_default();
    lines.extend(wrapped_lines(
        &talk.title,
        width,
        theme.title,
        theme.highlight,
        &title_hl,
    ));
    if !talk.speakers.is_empty() {
        let hl = positions_to_ranges(&speaker_positions(talk, hl), 0);
        lines.extend(wrapped_lines(
            &talk.speakers_label(),
            width,
            theme.text,
            theme.highlight,
            &hl,
        ));
    }
    let conference = talk.conference_label();
    let place: Vec<&str> = [
        Some(conference.as_str()),
        talk.date.as_deref(),
        talk.location.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let conf_hl = hl
        .map(|h| positions_to_ranges(&h.conference, 0))
        .unwrap_or_default();
    lines.extend(wrapped_lines(
        &place.join(" · "),
        width,
        theme.dim,
        theme.highlight,
        &conf_hl,
    ));
    if !talk.tags.is_empty() {
        let mut text = String::from("tags: ");
        let mut tag_hl = Vec::new();
        for (i, tag) in talk.tags.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            let offset = text.chars().count();
            if let Some(ps) = hl.and_then(|h| h.tags.get(i)) {
                tag_hl.extend(positions_to_ranges(ps, offset));
            }
            text.push_str(tag);
        }
        lines.extend(wrapped_lines(
            &text,
            width,
            theme.dim,
            theme.highlight,
            &tag_hl,
        ));
    }
    for (i, link) in talk.links.iter().enumerate() {
        let text = format!("[{}] {}: {}", i + 1, link.label, link.url);
        lines.extend(wrapped_lines(
            &text,
            width,
            theme.link,
            theme.highlight,
            &[],
        ));
    }
    lines.push(Line::default());
    let body_hl = hl.map(|h| h.body.as_slice()).unwrap_or(&[]);
    if talk.body.trim().is_empty() {
        lines.push(Line::styled("(no notes text for this talk)", theme.dim));
    } else {
        lines.extend(wrapped_lines(
            talk.body.trim_end(),
            width,
            theme.text,
            theme.highlight,
            body_hl,
        ));
    }
    lines
}

/// How far the detail can scroll at the current terminal size.
pub fn max_scroll(app: &App) -> usize {
    let a = areas(Rect::new(0, 0, app.size.0, app.size.1), app);
    let Some(r) = a.detail else { return 0 };
    let body = inner(r, a.bordered);
    let total = detail_lines(app, &Theme::default(), body.width.max(1) as usize).len();
    total.saturating_sub(body.height as usize)
}

impl Widget for &DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let body = inner(area, self.bordered);
        let lines = detail_lines(self.app, self.theme, body.width.max(1) as usize);
        if self.bordered {
            let focused = self.app.focus == Focus::Detail;
            let mut block = Block::bordered()
                .border_style(if focused {
                    self.theme.border_focused
                } else {
                    self.theme.border
                })
                .title(Line::styled(" Detail ", self.theme.title));
            if lines.len() > body.height as usize {
                let pos = format!(
                    " {}/{} ",
                    (self.app.detail.scroll + body.height as usize).min(lines.len()),
                    lines.len()
                );
                block = block.title_bottom(Line::styled(pos, self.theme.dim).right_aligned());
            }
            block.render(area, buf);
        }
        let visible: Vec<Line> = lines
            .into_iter()
            .skip(self.app.detail.scroll)
            .take(body.height as usize)
            .collect();
        Paragraph::new(visible).render(body, buf);
    }
}
