//! Fitting text into cells: truncation with an ellipsis, word wrapping, and highlight spans.
//! Widths are display widths (wide CJK and emoji count two, combining marks zero), per grapheme cluster:
//! ratatui's buffer gives an emoji sequence (👩‍💻, 👍🏽, ❤️) one cell symbol of its grapheme width, while many
//! terminals (xterm, vt100) draw it as its characters side by side. Text is laid out for the wider of
//! the two, so it never runs into the next column or a border, and padded by the buffer's measure, so
//! the columns after it start where they should.
//!
//! Why not ratatui's `Paragraph::wrap` / `line_count`: they measure with the buffer's width only (so an
//! emoji sequence can overrun a border in those terminals), they cannot say which characters of the text
//! landed on which line (the highlights of matched characters need that), and `update` must count lines
//! without building styled `Line`s. `text::width::wrap_ranges` does all three from one definition.
pub use crate::text::width::{char_width, str_width, wrap_ranges};
use crate::text::width::{drawable, drawable_string, grapheme_width};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Spans for `text` cut to `width` cells (an ellipsis marks a cut), with the characters for which
/// `hl(char index)` holds in `hl_style`.
pub fn fit_spans(
    text: &str,
    width: usize,
    base: Style,
    hl_style: Style,
    hl: &dyn Fn(usize) -> bool,
) -> Vec<Span<'static>> {
    let total = str_width(text);
    let budget = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let (mut used, mut cells) = (0, 0); // room taken, buffer cells taken
    let mut i = 0; // char index of the grapheme's first character
    for g in text.graphemes(true) {
        let (w, buffer_w) = grapheme_width(g);
        if used + w > budget {
            break;
        }
        used += w;
        cells += buffer_w;
        // A grapheme stays in one span, highlighted by its first character.
        let h = hl(i);
        i += g.chars().count();
        if !drawable(g) {
            continue;
        }
        if h != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { base.patch(hl_style) } else { base },
            ));
        }
        run_hl = h;
        run.push_str(g);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_hl { base.patch(hl_style) } else { base },
        ));
    }
    if total > width && width > 0 {
        spans.push(Span::styled("…", base));
        cells += 1;
    }
    if cells < width {
        spans.push(Span::styled(" ".repeat(width - cells), base));
    }
    spans
}

/// `text` wrapped to `width`, as lines with the characters in `hl` ranges (sorted char ranges) highlighted.
pub fn wrapped_lines(
    text: &str,
    width: usize,
    base: Style,
    hl_style: Style,
    hl: &[Range<usize>],
) -> Vec<Line<'static>> {
    let chars: Vec<char> = text.chars().collect();
    wrap_ranges(text, width)
        .into_iter()
        .map(|r| {
            let mut spans = Vec::new();
            let mut pos = r.start;
            // Highlight ranges overlapping this line, in order.
            let first = hl.partition_point(|h| h.end <= r.start);
            for h in hl[first..].iter().take_while(|h| h.start < r.end) {
                let (s, e) = (h.start.max(r.start).max(pos), h.end.min(r.end));
                if s > pos {
                    spans.push(Span::styled(drawable_string(&chars[pos..s]), base));
                }
                if e > s {
                    spans.push(Span::styled(
                        drawable_string(&chars[s..e]),
                        base.patch(hl_style),
                    ));
                    pos = e;
                }
            }
            if pos < r.end {
                spans.push(Span::styled(drawable_string(&chars[pos..r.end]), base));
            }
            Line::from(spans)
        })
        .collect()
}

/// Sorted char positions as ranges (for `wrapped_lines`), shifted by `offset`.
pub fn positions_to_ranges(positions: &[usize], offset: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut sorted = positions.to_vec();
    sorted.sort_unstable();
    for p in sorted {
        match out.last_mut() {
            Some(r) if r.end == p + offset => r.end += 1,
            _ => out.push(p + offset..p + offset + 1),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn fitting_cuts_with_an_ellipsis_and_pads() {
        let none = |_| false;
        assert_eq!(
            text_of(&fit_spans(
                "hello world",
                8,
                Style::default(),
                Style::default(),
                &none
            )),
            "hello w…"
        );
        assert_eq!(
            text_of(&fit_spans(
                "hi",
                4,
                Style::default(),
                Style::default(),
                &none
            )),
            "hi  "
        );
        // Wide characters count two cells and are never split.
        assert_eq!(
            text_of(&fit_spans(
                "日本語です",
                6,
                Style::default(),
                Style::default(),
                &none
            )),
            "日本… "
        );
        assert_eq!(
            str_width(&text_of(&fit_spans(
                "日本語です",
                6,
                Style::default(),
                Style::default(),
                &none
            ))),
            6
        );
        assert_eq!(
            text_of(&fit_spans(
                "abc",
                0,
                Style::default(),
                Style::default(),
                &none
            )),
            ""
        );
    }

    #[test]
    fn emoji_sequences_get_room_for_either_measure_and_pad_by_the_buffers() {
        let none = |_| false;
        let plain = Style::default();
        // 👩‍💻 is one 2-cell symbol in the buffer, 4 cells in a terminal that draws its parts.
        assert_eq!(str_width("a👩\u{200d}💻b"), 6);
        let spans = fit_spans("a👩\u{200d}💻b", 6, plain, plain, &none);
        assert_eq!(text_of(&spans), "a👩\u{200d}💻b  ");
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 7, 1));
        ratatui::widgets::Widget::render(Line::from(spans), buf.area, &mut buf);
        buf[(6, 0)].set_symbol("|");
        // The column after the field starts where it should: the padding made up the difference.
        assert_eq!(buf[(5, 0)].symbol(), " ");
        assert_eq!(buf[(6, 0)].symbol(), "|");
        // A highlight that starts inside the sequence does not split it.
        let spans = fit_spans("👩\u{200d}💻", 4, plain, plain, &|i| i == 2);
        assert_eq!(spans[0].content, "👩\u{200d}💻");
        // Wrapping never cuts inside it either.
        let t = "ab👩\u{200d}💻cd";
        let lines: Vec<String> = wrap_ranges(t, 4)
            .into_iter()
            .map(|r| t.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(lines, ["ab", "👩\u{200d}💻", "cd"]);
    }

    #[test]
    fn bidi_and_control_characters_are_not_drawn() {
        let plain = Style::default();
        let spans = fit_spans("a\u{202e}b\u{1b}c", 4, plain, plain, &|_| false);
        assert_eq!(text_of(&spans), "abc ");
        let all = std::ops::Range { start: 0, end: 5 };
        let lines = wrapped_lines("x\u{202a}y\u{9b}z", 10, plain, plain, &[all]);
        assert_eq!(text_of(&lines[0].spans), "xyz");
    }

    #[test]
    fn highlighted_chars_get_their_own_spans() {
        let spans = fit_spans("abcd", 4, Style::default(), Style::default().bold(), &|i| {
            i == 1 || i == 2
        });
        assert_eq!(
            spans.iter().map(|s| s.content.as_ref()).collect::<Vec<_>>(),
            ["a", "bc", "d"]
        );
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_long_words() {
        let t = "the quick brown fox";
        let lines: Vec<&str> = wrap_ranges(t, 10).into_iter().map(|r| &t[r]).collect();
        assert_eq!(lines, ["the quick ", "brown fox"]);
        let t = "abcdefghij";
        let lines: Vec<&str> = wrap_ranges(t, 4).into_iter().map(|r| &t[r]).collect();
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_ranges("a\n\nb", 5), vec![0..1, 2..2, 3..4]);
        assert_eq!(wrap_ranges("", 5), vec![0..0]);
    }

    #[test]
    fn wrapped_highlights_span_line_breaks() {
        let lines = wrapped_lines(
            "aaaa bbbb",
            5,
            Style::default(),
            Style::default().bold(),
            &[std::ops::Range { start: 3, end: 7 }],
        );
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0]
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<Vec<_>>(),
            ["aaa", "a "]
        );
        assert_eq!(
            lines[1]
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<Vec<_>>(),
            ["bb", "bb"]
        );
    }

    #[test]
    fn positions_merge_into_ranges() {
        assert_eq!(positions_to_ranges(&[0, 1, 2, 5], 10), vec![10..13, 15..16]);
    }
}
