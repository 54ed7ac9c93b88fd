//! Text made safe for a terminal. Everything a file or catalog gives us passes through `sanitize_*` at load,
//! so no control sequence (ESC, CSI, OSC, C1, BEL, DEL) or bidi override can ever reach the terminal.

/// Tab stops used when expanding tabs.
const TAB_WIDTH: usize = 4;

/// Characters that must never reach the terminal: C0 controls (except the newline we handle), DEL,
/// C1 controls (U+0080–U+009F, including the 8-bit CSI U+009B) and the bidi embedding/override/isolate marks.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{feff}')
}

/// Multi-line text: keeps newlines, turns CRLF and lone CR into newlines, expands tabs, drops unsafe characters.
pub fn sanitize_multiline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    col = 0;
                }
            }
            '\n' => {
                out.push('\n');
                col = 0;
            }
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            c if is_unsafe_char(c) => {}
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// One-line text (titles, names, tags): like `sanitize_multiline`, with line breaks and runs of
/// white space folded to one space and the ends trimmed.
pub fn sanitize_line(s: &str) -> String {
    let clean = sanitize_multiline(s);
    let mut out = String::with_capacity(clean.len());
    for word in clean.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Text for a message about a file: unsafe characters (and newlines) shown as escapes (`\u{1b}`), so that a
/// hostile file name, or a key quoted back by the TOML parser, cannot drive the terminal or forge lines.
pub fn escape_unsafe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Cuts `s` to at most `max_chars` characters, marking the cut with an ellipsis.
pub fn truncate_chars(s: &str, max_chars: usize) -> (String, bool) {
    match s.char_indices().nth(max_chars) {
        None => (s.to_string(), false),
        Some((i, _)) => (format!("{}…", &s[..i]), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_are_removed() {
        let hostile = "a\x1b[2Jb\x1b]0;title\x07c\u{9b}31md\u{202e}e\x7f\x00f";
        let clean = sanitize_multiline(hostile);
        assert!(!clean.chars().any(is_unsafe_char), "{clean:?}");
        // The printable remains of the sequences stay visible as text: harmless.
        assert_eq!(clean, "a[2Jb]0;titlec31mdef");
    }

    #[test]
    fn messages_escape_what_they_quote() {
        assert_eq!(
            escape_unsafe("key `a\x1b]0;t\x07`\n"),
            "key `a\\u{1b}]0;t\\u{7}`\\n"
        );
        assert_eq!(escape_unsafe("plain é"), "plain é");
    }

    #[test]
    fn tabs_expand_to_stops_and_crlf_becomes_lf() {
        assert_eq!(sanitize_multiline("a\tb\r\nab\tc\rx"), "a   b\nab  c\nx");
    }

    #[test]
    fn line_folds_whitespace() {
        assert_eq!(
            sanitize_line("  Parallelism\n  Shootout\t! "),
            "Parallelism Shootout !"
        );
    }

    #[test]
    fn emoji_cjk_and_joiners_survive() {
        let s = "👩‍💻 日本語 é";
        assert_eq!(sanitize_multiline(s), s);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate_chars("abcdef", 3), ("abc…".to_string(), true));
        assert_eq!(truncate_chars("abc", 3), ("abc".to_string(), false));
    }
}
