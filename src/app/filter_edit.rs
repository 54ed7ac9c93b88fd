//! Editing the filter line: every cursor move and deletion on char boundaries (any Unicode space, any
//! width), and a cap on the query's length so a huge paste cannot stall the loop.
use super::App;

/// The longest query: far beyond any real search, short enough that matching it stays instant.
pub const MAX_QUERY_CHARS: usize = 256;

fn cap_message() -> String {
    format!("the filter holds at most {MAX_QUERY_CHARS} characters; the rest was not added")
}

impl App {
    /// Inserts `c` at the cursor, unless the query is full.
    pub(super) fn filter_insert(&mut self, c: char) {
        if self.filter.query.chars().count() >= MAX_QUERY_CHARS {
            self.error(cap_message());
            return;
        }
        let at = self.filter_byte_at_cursor();
        self.filter.query.insert(at, c);
        self.filter.cursor += 1;
        self.refresh_rows(None);
    }

    /// Inserts a pasted line at the cursor, cut to what still fits.
    pub(super) fn filter_paste(&mut self, text: &str) {
        let line = crate::text::sanitize_line(text);
        let room = MAX_QUERY_CHARS.saturating_sub(self.filter.query.chars().count());
        let fitting: String = line.chars().take(room).collect();
        if fitting.chars().count() < line.chars().count() {
            self.error(cap_message());
        }
        let at = self.filter_byte_at_cursor();
        self.filter.query.insert_str(at, &fitting);
        self.filter.cursor += fitting.chars().count();
        self.refresh_rows(None);
    }

    /// Ctrl-W: deletes the word before the cursor and the whitespace after it (any Unicode whitespace).
    pub(super) fn filter_delete_word(&mut self) {
        let end = self.filter_byte_at_cursor();
        let start = word_start(&self.filter.query[..end]);
        let removed = self.filter.query[start..end].chars().count();
        self.filter.query.replace_range(start..end, "");
        self.filter.cursor -= removed;
        self.refresh_rows(None);
    }

    /// The byte offset of the cursor (a char index), clamped to the query.
    pub(super) fn filter_byte_at_cursor(&self) -> usize {
        self.filter
            .query
            .char_indices()
            .nth(self.filter.cursor)
            .map_or(self.filter.query.len(), |(i, _)| i)
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

#[cfg(test)]
mod tests {
    use super::super::tests::app;
    use super::*;
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
            assert_eq!(app.filter.query, format!("first{space}"));
            app.update(Action::FilterDeleteWord);
            assert_eq!(app.filter.query, "");
        }
    }

    #[test]
    fn the_query_is_capped_with_a_message() {
        let (mut app, _d) = app();
        app.update(Action::FocusFilter);
        app.update(Action::Paste("x".repeat(1_000_000)));
        assert_eq!(app.filter.query.chars().count(), MAX_QUERY_CHARS);
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("at most")
        );
        let start = std::time::Instant::now();
        for _ in 0..100_000 {
            app.update(Action::FilterInsert('y'));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(app.filter.query.chars().count(), MAX_QUERY_CHARS);
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
                prop_assert!(app.filter.cursor <= app.filter.query.chars().count());
                prop_assert!(app.filter.query.chars().count() <= MAX_QUERY_CHARS);
            }
        }
    }
}
