//! Display widths and word wrapping of text in terminal cells: pure measurement, shared by the app (which
//! clamps scrolling to what fits) and the ui (which draws). Widths are per grapheme cluster: ratatui's
//! buffer gives an emoji sequence one cell symbol of its grapheme width, while many terminals draw it as its
//! characters side by side, so text is laid out for the wider of the two.
use ratatui::buffer::CellWidth;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// Display width of one character on its own (control characters never get here: the store removed them).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string (the room it needs in any terminal).
pub fn str_width(s: &str) -> usize {
    s.graphemes(true).map(|g| grapheme_width(g).0).sum()
}

/// Width of one grapheme cluster: (the room it may take on screen, the cells ratatui's buffer gives it).
/// Control characters and bidi controls are not drawn at all (see `drawable`).
pub fn grapheme_width(g: &str) -> (usize, usize) {
    if !drawable(g) {
        return (0, 0);
    }
    let buffer = g.cell_width() as usize;
    let chars: usize = g.chars().map(char_width).sum();
    (buffer.max(chars), buffer)
}

/// Whether a grapheme may reach the terminal. Loaded text is sanitised already; this also keeps typed or
/// generated text (the filter, messages) from sending a bidi override, which ratatui would pass on.
pub fn drawable(g: &str) -> bool {
    !g.chars().any(crate::text::is_unsafe_char)
}

/// `chars` as a string, without what must not be drawn.
pub fn drawable_string(chars: &[char]) -> String {
    chars
        .iter()
        .filter(|&&c| !crate::text::is_unsafe_char(c))
        .collect()
}

/// The width of each character of `text` for layout: its grapheme's width on the grapheme's first
/// character, 0 on the others (so a cut at a character of non-zero width never splits a grapheme).
pub fn char_widths(text: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(text.len());
    for g in text.graphemes(true) {
        out.push(grapheme_width(g).0);
        out.extend(std::iter::repeat_n(0, g.chars().count() - 1));
    }
    out
}

/// Char ranges of the visual lines of `text` wrapped at `width` cells: breaks at spaces where it can,
/// inside a word where it must; every `\n` starts a new line. Each range excludes the newline.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut start = 0; // char index of the current visual line's start
    let mut used = 0;
    let mut last_space: Option<usize> = None; // char index just after the last space in this line
    let chars: Vec<char> = text.chars().collect();
    let widths = char_widths(text);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let w = widths[i];
        let overflows = used + w > width && i > start;
        if c == '\n' || (overflows && c == ' ') {
            // A line break; or a space at the edge, which the break eats.
            lines.push(start..i);
            start = i + 1;
            used = 0;
            last_space = None;
            i += 1;
            continue;
        }
        if overflows {
            let cut = last_space.filter(|&s| s > start).unwrap_or(i);
            lines.push(start..cut);
            start = cut;
            used = widths[start..i].iter().sum();
            last_space = None;
            continue;
        }
        used += w;
        if c == ' ' {
            last_space = Some(i + 1);
        }
        i += 1;
    }
    lines.push(start..chars.len());
    lines
}

/// How many visual lines `text` takes at `width` cells.
pub fn wrapped_height(text: &str, width: usize) -> usize {
    wrap_ranges(text, width).len()
}
