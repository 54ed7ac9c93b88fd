//! The filter line: the query being typed and the cursor in it, on `ratatui-textarea`. Every cursor move
//! and deletion is on char boundaries (any Unicode space, any width), and the query's length is capped so a
//! huge paste cannot stall the loop.
use super::{App, Focus, Overlay};
use ratatui_textarea::{CursorMove, TextArea};
use std::ops::Range;

/// The longest query: far beyond any real search, short enough that matching it stays instant.
pub const MAX_QUERY_CHARS: usize = 256;

fn cap_message() -> String {
    format!("the filter holds at most {MAX_QUERY_CHARS} characters; the rest was not added")
}

/// The filter line: one line of a `TextArea` (the same editor the notes use), which keeps the cursor on
/// char boundaries and does the inserting and deleting. Only what it does differently stays here: the cap,
/// one sanitised line per paste, and Ctrl-W by whitespace words.
#[derive(Debug, Clone)]
pub struct FilterState {
    input: TextArea<'static>,
}

impl Default for FilterState {
    fn default() -> FilterState {
        FilterState {
            input: line_input(""),
        }
    }
}

/// A one-line textarea holding `text`, the cursor at its end. No undo history: the filter has no undo key.
fn line_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.set_max_histories(0);
    input.move_cursor(CursorMove::End);
    input
}

/// A char index as the textarea's jump takes it (a query never gets near `u16::MAX` chars).
fn col(chars: usize) -> u16 {
    u16::try_from(chars).unwrap_or(u16::MAX)
}

impl FilterState {
    /// The query as typed.
    pub fn query(&self) -> &str {
        // The textarea always has a line, and the filter never more than one (no edit here inserts a break).
        self.input.lines().first().map_or("", String::as_str)
    }

    /// The cursor, as a char index into the query.
    pub fn cursor(&self) -> usize {
        self.input.cursor().1
    }

    fn len(&self) -> usize {
        self.query().chars().count()
    }

    /// Replaces the query, the cursor at its end.
    pub fn set(&mut self, query: &str) {
        self.input = line_input(query);
    }

    /// Empties the query.
    pub fn clear(&mut self) {
        self.set("");
    }

    /// Replaces the bytes `range` of the query (clamped to it) with `text`, the cursor after it.
    pub fn replace(&mut self, range: Range<usize>, text: &str) {
        let query = self.query();
        let (start, end) = (range.start.min(query.len()), range.end.min(query.len()));
        let (Some(head), Some(removed)) = (query.get(..start), query.get(start..end)) else {
            return; // Not on char boundaries: no term of the query.
        };
        let (at, removed) = (head.chars().count(), removed.chars().count());
        self.input.move_cursor(CursorMove::Jump(0, col(at)));
        self.input.delete_str(removed);
        self.input.insert_str(text);
    }

    /// Inserts `c` at the cursor; false (and nothing typed) when the query is full. A line break is not
    /// typed (the filter is one line; the caller drops control characters anyway).
    pub fn insert(&mut self, c: char) -> bool {
        if self.len() >= MAX_QUERY_CHARS {
            return false;
        }
        if !matches!(c, '\n' | '\r') {
            self.input.insert_char(c);
        }
        true
    }

    /// Inserts a pasted text as one sanitised line at the cursor, cut to what still fits; false when cut.
    pub fn paste(&mut self, text: &str) -> bool {
        let line = crate::text::sanitize_line(text);
        let room = MAX_QUERY_CHARS.saturating_sub(self.len());
        let fitting: String = line.chars().take(room).collect();
        self.input.insert_str(&fitting);
        fitting.len() == line.len()
    }

    /// Deletes the char before the cursor; whether there was one.
    pub fn backspace(&mut self) -> bool {
        self.input.delete_char()
    }

    /// Deletes the char under the cursor; whether there was one.
    pub fn delete(&mut self) -> bool {
        self.input.delete_next_char()
    }

    /// Ctrl-W: deletes the word before the cursor and the whitespace after it (any Unicode whitespace). The
    /// textarea's own `delete_word` also stops at punctuation (`speaker:"Bob"` would take four), so the
    /// word is found here as a shell finds it, and the textarea deletes it.
    pub fn delete_word(&mut self) {
        let before = &self.query()[..self.byte_at_cursor()];
        let start = word_start(before);
        let (at, removed) = (
            before[..start].chars().count(),
            before[start..].chars().count(),
        );
        self.input.move_cursor(CursorMove::Jump(0, col(at)));
        self.input.delete_str(removed);
    }

    pub fn left(&mut self) {
        self.input.move_cursor(CursorMove::Back);
    }

    pub fn right(&mut self) {
        self.input.move_cursor(CursorMove::Forward);
    }

    pub fn home(&mut self) {
        self.input.move_cursor(CursorMove::Head);
    }

    pub fn end(&mut self) {
        self.input.move_cursor(CursorMove::End);
    }

    /// The byte offset of the cursor, clamped to the query.
    pub fn byte_at_cursor(&self) -> usize {
        let query = self.query();
        query
            .char_indices()
            .nth(self.cursor())
            .map_or(query.len(), |(i, _)| i)
    }
}

/// Where the word ending `before` starts, skipping whitespace after it first: always a char boundary.
fn word_start(before: &str) -> usize {
    let trimmed = before.trim_end();
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

impl App {
    /// Focuses the filter line, the cursor at the end of the query.
    pub(super) fn focus_filter(&mut self) {
        self.close_editor();
        self.overlay = Overlay::None;
        self.focus = Focus::Filter;
        self.filter.end();
    }

    /// Types `c` into the filter, unless the query is full.
    pub(super) fn filter_insert(&mut self, c: char) {
        if self.filter.insert(c) {
            self.refilter();
        } else {
            self.error(cap_message());
        }
    }

    /// Inserts a pasted line at the cursor, cut to what still fits.
    pub(super) fn filter_paste(&mut self, text: &str) {
        if !self.filter.paste(text) {
            self.error(cap_message());
        }
        self.refilter();
    }

    /// After an edit of the query that may have changed it: the rows follow when it did.
    pub(super) fn filter_edited(&mut self, changed: bool) {
        if changed {
            self.refilter();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{app, message};
    use super::*;

    fn typed(text: &str) -> FilterState {
        let mut f = FilterState::default();
        for c in text.chars() {
            assert!(f.insert(c));
        }
        f
    }

    #[test]
    fn edits_happen_at_the_cursor_on_char_boundaries() {
        let mut f = typed("é👍b");
        f.left();
        assert!(f.backspace());
        assert_eq!((f.query(), f.cursor()), ("éb", 1));
        f.home();
        assert!(!f.backspace());
        assert!(f.delete());
        assert_eq!((f.query(), f.cursor()), ("b", 0));
        f.end();
        assert!(!f.delete());
        f.right();
        assert_eq!(f.cursor(), 1);
    }

    #[test]
    fn ctrl_w_deletes_a_whole_term_punctuation_and_all() {
        let mut f = typed("year:2014 speaker:\"Bob\"  ");
        f.delete_word();
        assert_eq!((f.query(), f.cursor()), ("year:2014 ", 10));
        f.home();
        f.delete_word();
        assert_eq!(f.query(), "year:2014 ", "nothing before the cursor");
        assert!(f.insert('\n'));
        assert_eq!(f.query(), "year:2014 ", "the filter stays one line");
    }

    #[test]
    fn replacing_a_term_puts_the_cursor_after_it() {
        let mut f = typed("year:2014 @bo x");
        f.replace(10..13, "speaker:\"Bob\"");
        assert_eq!(f.query(), "year:2014 speaker:\"Bob\" x");
        assert_eq!(f.cursor(), 23);
        f.set("ab");
        assert_eq!(f.cursor(), 2);
        f.clear();
        assert_eq!((f.query(), f.cursor()), ("", 0));
    }

    #[test]
    fn a_paste_is_one_line_cut_to_the_cap() {
        let mut f = typed("ab");
        f.home();
        assert!(f.paste("x\ny"));
        assert_eq!((f.query(), f.cursor()), ("x yab", 3));
        assert!(!f.paste(&"z".repeat(MAX_QUERY_CHARS)));
        assert_eq!(f.query().chars().count(), MAX_QUERY_CHARS);
        assert!(!f.insert('q'));
    }
    use crate::app::Action;
    use proptest::prelude::*;

    #[test]
    fn ctrl_w_after_a_non_ascii_space_deletes_the_word() {
        for space in ['\u{a0}', '\u{3000}', '\u{2003}', ' '] {
            let (mut app, _d) = app();
            app.update(Action::FocusFilter);
            for c in format!("first{space}second").chars() {
                app.update(Action::FilterInsert(c));
            }
            app.update(Action::FilterDeleteWord);
            assert_eq!(app.filter.query(), format!("first{space}"));
            app.update(Action::FilterDeleteWord);
            assert_eq!(app.filter.query(), "");
        }
    }

    #[test]
    fn the_query_is_capped_with_a_message() {
        let (mut app, _d) = app();
        app.update(Action::FocusFilter);
        app.update(Action::Paste("x".repeat(1_000_000)));
        assert_eq!(app.filter.query().chars().count(), MAX_QUERY_CHARS);
        assert!(message(&app).contains("at most"));
        let start = std::time::Instant::now();
        for _ in 0..100_000 {
            app.update(Action::FilterInsert('y'));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(app.filter.query().chars().count(), MAX_QUERY_CHARS);
    }

    fn edit() -> impl Strategy<Value = Action> {
        let text = prop_oneof![
            Just(' '),
            Just('\u{a0}'),
            Just('\u{3000}'),
            Just('é'),
            Just('👍'),
            Just('\u{301}'), // a combining accent
            any::<char>(),
        ];
        prop_oneof![
            3 => text.prop_map(Action::FilterInsert),
            1 => Just(Action::FilterBackspace),
            1 => Just(Action::FilterDelete),
            1 => Just(Action::FilterDeleteWord),
            1 => Just(Action::FilterLeft),
            1 => Just(Action::FilterRight),
            1 => Just(Action::FilterHome),
            1 => Just(Action::FilterEnd),
            1 => "[ a\u{a0}\u{3000}é👍]{0,6}".prop_map(Action::Paste),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_unicode_edits_never_panic_and_keep_the_cursor_in_the_query(
            edits in proptest::collection::vec(edit(), 0..60)
        ) {
            let (mut app, _d) = app();
            app.update(Action::FocusFilter);
            for action in edits {
                app.update(action);
                prop_assert!(app.filter.cursor() <= app.filter.query().chars().count());
                prop_assert!(app.filter.query().chars().count() <= MAX_QUERY_CHARS);
            }
        }
    }
}
