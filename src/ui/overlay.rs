//! What the boxes drawn over the panes share (help, link chooser, speakers, move picker, changes list):
//! a cleared frame bordered and titled in the focused style with an optional key hint at the bottom,
//! lines cut to its width, and a list that scrolls by whole pages to keep its selection on screen.
use super::{Theme, textfit};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

/// Clears `r` and draws the overlay's frame there; returns the area inside it.
pub fn frame(r: Rect, buf: &mut Buffer, theme: &Theme, title: String, hint: Option<&str>) -> Rect {
    Clear.render(r, buf);
    let mut block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::styled(title, theme.title));
    if let Some(hint) = hint {
        block = block.title_bottom(Line::styled(hint.to_string(), theme.dim));
    }
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// `text` as one line cut to `width` cells, in `style`.
pub fn fit_line(text: &str, width: usize, style: Style) -> Line<'static> {
    Line::from(textfit::fit_spans(text, width, style, style, &|_| false))
}

/// The first entry shown of a list with `rows` lines on screen: the page holding `selected`.
pub fn page_start(selected: usize, rows: usize) -> usize {
    selected / rows.max(1) * rows.max(1)
}

/// The style of an entry of a list: highlighted when it is the selected one.
pub fn entry_style(theme: &Theme, selected: bool) -> Style {
    if selected { theme.selected } else { theme.text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_scroll_by_whole_pages() {
        assert_eq!(page_start(0, 5), 0);
        assert_eq!(page_start(4, 5), 0);
        assert_eq!(page_start(5, 5), 5);
        assert_eq!(page_start(7, 0), 7, "no room: the selection is the page");
    }

    #[test]
    fn the_frame_is_drawn_and_its_inside_returned() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 4));
        let inner = frame(
            buf.area,
            &mut buf,
            &Theme::default(),
            " T ".into(),
            Some(" h "),
        );
        assert_eq!(inner, Rect::new(1, 1, 18, 2));
        let top: String = (0..20).map(|x| buf[(x, 0)].symbol()).collect();
        let bottom: String = (0..20).map(|x| buf[(x, 3)].symbol()).collect();
        assert!(
            top.contains(" T ") && bottom.contains(" h "),
            "{top}\n{bottom}"
        );
    }
}
