//! Text made safe for a terminal, and folded for matching.
//!
//! Everything a file or catalog gives us passes through `sanitize_*` at load, so no control sequence
//! (ESC, CSI, OSC, C1, BEL, DEL) or bidi override can ever reach the terminal.
pub mod width;

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

/// Folds one character for accent- and case-insensitive matching: "É" → "e", "ß" → "ss", "Ø" → "o".
/// A table for Latin-1 and Latin Extended-A (fast, and the letters that do not decompose); every other
/// character is lower-cased and loses its accents through Unicode decomposition (`strip_marks`).
pub fn fold_char(c: char) -> FoldedChar {
    if c.is_ascii() {
        return FoldedChar::One(c.to_ascii_lowercase());
    }
    let s = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            "e"
        }
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => {
            "i"
        }
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => {
            let mut lower = c.to_lowercase();
            let lower = match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            };
            return FoldedChar::One(strip_marks(lower));
        }
    };
    FoldedChar::Str(s)
}

/// `c` without its accents, for every script: the one base character of its compatibility decomposition
/// (NFKD) once combining marks are dropped ("ệ" → "e", "ά" → "α", "й" → "и", "ș" → "s", "ｆ" → "f").
/// A character that decomposes into several letters ("ﬁ") or not at all stays as it is; the letters that
/// do not decompose (ß, æ, ø, ł, đ, þ) are in `fold_char`'s table.
fn strip_marks(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut bases = std::iter::once(c).nfkd().filter(|&d| !is_combining_mark(d));
    match (bases.next(), bases.next()) {
        (Some(base), None) => base,
        _ => c,
    }
}

/// The result of `fold_char`: one character or a short ASCII string ("ss", "ae").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldedChar {
    One(char),
    Str(&'static str),
}

impl FoldedChar {
    /// The folded characters.
    pub fn chars(self) -> impl Iterator<Item = char> {
        let (one, s) = match self {
            FoldedChar::One(c) => (Some(c), ""),
            FoldedChar::Str(s) => (None, s),
        };
        one.into_iter().chain(s.chars())
    }
}

/// Folds a whole string (see `fold_char`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.extend(fold_char(c).chars());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_in_every_script_and_undecomposable_letters_by_table() {
        for (text, folded) in [
            ("Ελληνικά Άρης", "ελληνικα αρης"),
            ("Йога Ёлка", "иога елка"),
            ("Nguyễn Thị Ệ", "nguyen thi e"),
            ("Ștefan Țara ǍǏ", "stefan tara ai"),
            ("ｆｕｌｌ", "full"),
            (
                "Straße Æsir Øre Łódź Đorđe Þór",
                "strasse aesir ore lodz dorde thor",
            ),
            ("ﬁ 日本", "ﬁ 日本"),
        ] {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

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
    fn folding_is_accent_and_case_insensitive() {
        assert_eq!(fold("Benoît Gründemann"), "benoit grundemann");
        assert_eq!(fold("Straße ØRSTED Łódź"), "strasse orsted lodz");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate_chars("abcdef", 3), ("abc…".to_string(), true));
        assert_eq!(truncate_chars("abc", 3), ("abc".to_string(), false));
    }
}
