//! The detail pane: title, speakers, conference · date · place, tags, links, then the notes text.
use super::Theme;
use super::list::speaker_positions;
use super::textfit::{positions_to_ranges, wrapped_lines};
use crate::app::detail::{DetailPart, TAG_SEPARATOR, TAGS_PREFIX, detail_parts};
use crate::app::layout::inner;
use crate::app::{App, Focus};
use crate::search::Highlights;
use crate::store::Talk;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};
use std::ops::Range;

/// A view of the detail pane for one frame.
pub struct DetailPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub bordered: bool,
}

/// Every line of the selected talk's detail at `width` cells, styled and highlighted.
pub fn detail_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let talk = app.selected_talk();
    let hl = app.selected_index().and_then(|i| app.highlights(i));
    let hl = hl.as_ref();
    let mut lines = Vec::new();
    let clashes = app.clashes_of_selected();
    let notices = app.notices_of_selected();
    for (part, text) in detail_parts(talk, &clashes, &notices) {
        let (style, ranges) = match (part, talk) {
            (DetailPart::Title, _) => (
                theme.title,
                hl.map(|h| positions_to_ranges(&h.title, 0))
                    .unwrap_or_default(),
            ),
            (DetailPart::Speakers, Some(talk)) => (
                theme.text,
                positions_to_ranges(&speaker_positions(talk, hl), 0),
            ),
            (DetailPart::Place, _) => (
                theme.dim,
                hl.map(|h| positions_to_ranges(&h.conference, 0))
                    .unwrap_or_default(),
            ),
            (DetailPart::Tags, Some(talk)) => (theme.dim, tag_ranges(talk, hl)),
            (DetailPart::Link(_), _) => (theme.link, Vec::new()),
            (DetailPart::When | DetailPart::Where, _) => (theme.text, Vec::new()),
            (DetailPart::Clash, _) => (theme.error, Vec::new()),
            (DetailPart::Notice, _) => (theme.warning, Vec::new()),
            (DetailPart::Summary, _) => (theme.title, Vec::new()),
            (DetailPart::Body, _) => (theme.text, hl.map(|h| h.body.clone()).unwrap_or_default()),
            (DetailPart::Blank, _) => {
                lines.push(Line::default());
                continue;
            }
            _ => (theme.dim, Vec::new()),
        };
        lines.extend(wrapped_lines(&text, width, style, theme.highlight, &ranges));
    }
    lines
}

/// Highlight ranges of each tag inside the "tags: a, b" line.
fn tag_ranges(talk: &Talk, hl: Option<&Highlights>) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut offset = TAGS_PREFIX.chars().count();
    for (i, tag) in talk.tags.iter().enumerate() {
        if let Some(ps) = hl.and_then(|h| h.tags.get(i)) {
            ranges.extend(positions_to_ranges(ps, offset));
        }
        offset += tag.chars().count() + TAG_SEPARATOR.chars().count();
    }
    ranges
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
