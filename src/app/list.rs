//! The talk list's state: the rows shown (talks, and conference headers when grouped), the selection and
//! the scroll offset. The offset is kept here, by `update`, so drawing never changes state. How talks are
//! ordered and grouped into rows is here too, as functions over the talks (`rows.rs` drives them).
use crate::search::SearchIndex;
use crate::store::Talk;

/// The list order, cycled by a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first while filtering; by conference otherwise.
    #[default]
    Relevance,
    /// Newest conference first, grouped under headers.
    Conference,
    /// By day and start time, under day headers, with a line at the current time.
    Schedule,
    Speaker,
    Title,
}

impl Sort {
    /// The next order in the cycle.
    pub fn next(self) -> Sort {
        match self {
            Sort::Relevance => Sort::Conference,
            Sort::Conference => Sort::Schedule,
            Sort::Schedule => Sort::Speaker,
            Sort::Speaker => Sort::Title,
            Sort::Title => Sort::Relevance,
        }
    }

    /// Its name for the list title.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Conference => "conference",
            Sort::Schedule => "schedule",
            Sort::Speaker => "speaker",
            Sort::Title => "title",
        }
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A conference heading ("EuroPython 2015 · 9"), or a day in the schedule view.
    Header(String),
    /// The schedule view's line at the current time ("now 14:05").
    Now(String),
    /// A talk: its store position.
    Talk { index: usize },
}

/// The list pane's state.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    pub rows: Vec<Row>,
    /// Row index of the selection (always a talk row when there is one).
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    pub sort: Sort,
    /// How many talk rows there are (overviews not counted).
    pub talk_count: usize,
    /// How many rows are overviews and other entries that are not talks (listed after the talks).
    pub overview_count: usize,
    /// How many talks (not overviews) the store has, filtered or not.
    pub total_talks: usize,
    /// Store positions of marked talks whose times overlap another marked talk's.
    pub conflicts: std::collections::HashSet<usize>,
}

impl ListView {
    /// The row of talk `index` (store position), when it is listed.
    pub fn row_of_talk(&self, index: usize) -> Option<usize> {
        let wanted = index;
        (self.rows.iter()).position(|r| matches!(r, Row::Talk { index } if *index == wanted))
    }

    /// The row of talk `id`, when it is listed.
    pub fn row_of(&self, talks: &[Talk], id: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| matches!(r, Row::Talk { index } if talks[*index].id == id))
    }

    /// Selects the talk at `row` and scrolls to it; whether another talk is now selected.
    pub fn select_and_show(&mut self, row: usize, page: usize) -> bool {
        let before = self.selected;
        self.selected = row;
        self.scroll_into_view(page);
        before != self.selected
    }

    /// Store position of the selected talk.
    pub fn selected_talk(&self) -> Option<usize> {
        match self.rows.get(self.selected) {
            Some(Row::Talk { index, .. }) => Some(*index),
            _ => None,
        }
    }

    /// The position of the selected talk among talk rows (1-based), for "12 / 93".
    pub fn selected_ordinal(&self) -> usize {
        self.rows[..self.selected.min(self.rows.len())]
            .iter()
            .filter(|r| matches!(r, Row::Talk { .. }))
            .count()
            + usize::from(self.selected_talk().is_some())
    }

    /// Moves the selection by `delta` talks (skipping headers), clamped to the list.
    pub fn move_by(&mut self, delta: isize, page: usize) {
        if self.talk_count + self.overview_count == 0 {
            return;
        }
        let mut row = self.selected;
        let mut left = delta.unsigned_abs();
        while left > 0 {
            let next = if delta > 0 {
                row + 1
            } else if row == 0 {
                break;
            } else {
                row - 1
            };
            if next >= self.rows.len() {
                break;
            }
            row = next;
            if matches!(self.rows[row], Row::Talk { .. }) {
                self.selected = row;
                left -= 1;
            }
        }
        self.scroll_into_view(page);
    }

    /// Selects the first (or last) talk.
    pub fn select_edge(&mut self, last: bool, page: usize) {
        let found = if last {
            self.rows
                .iter()
                .rposition(|r| matches!(r, Row::Talk { .. }))
        } else {
            self.rows.iter().position(|r| matches!(r, Row::Talk { .. }))
        };
        self.selected = found.unwrap_or(0);
        if !last {
            self.offset = 0;
        }
        self.scroll_into_view(page);
    }

    /// Selects the talk at `row` (a click); a header selects nothing.
    pub fn select_row(&mut self, row: usize, page: usize) {
        if matches!(self.rows.get(row), Some(Row::Talk { .. })) {
            self.selected = row;
            self.scroll_into_view(page);
        }
    }

    /// Keeps the selection (and the header above it, at the top) within `page` visible rows.
    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
            if self.offset > 0 && !matches!(self.rows[self.offset - 1], Row::Talk { .. }) {
                self.offset -= 1;
            }
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }
}

/// Sorts `order` (store positions) into `sort`. Relevance keeps it (best hit first, or arrival order); the
/// schedule order is made with its rows (`schedule::schedule_rows`).
pub fn sort_talks(order: &mut [usize], sort: Sort, talks: &[Talk], index: &SearchIndex) {
    match sort {
        Sort::Relevance | Sort::Schedule => {}
        Sort::Conference => order.sort_by(|&a, &b| {
            let (a, b) = (&talks[a], &talks[b]);
            b.year
                .cmp(&a.year)
                .then_with(|| a.conference.cmp(&b.conference))
                .then_with(|| a.date.cmp(&b.date))
                .then_with(|| a.title.cmp(&b.title))
        }),
        // By the index's folded fields: no title is folded again.
        Sort::Speaker => order.sort_by(|&a, &b| {
            let ((ta, sa), (tb, sb)) = (index.sort_keys(a), index.sort_keys(b));
            (talks[a].speakers.is_empty(), sa, ta).cmp(&(talks[b].speakers.is_empty(), sb, tb))
        }),
        Sort::Title => order.sort_by(|&a, &b| index.sort_keys(a).0.cmp(index.sort_keys(b).0)),
    }
}

/// A row per talk in `order`, under a header per conference and year when `grouped`.
pub fn talk_rows(talks: &[Talk], order: &[usize], grouped: bool) -> Vec<Row> {
    let mut rows = Vec::with_capacity(order.len() + 16);
    let mut last_group: Option<(&str, i32)> = None;
    for &index in order {
        let t = &talks[index];
        if grouped && last_group != Some((t.conference.as_str(), t.year)) {
            last_group = Some((t.conference.as_str(), t.year));
            rows.push(Row::Header(t.conference_label()));
        }
        rows.push(Row::Talk { index });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(rows: Vec<Row>) -> ListView {
        let talk_count = rows
            .iter()
            .filter(|r| matches!(r, Row::Talk { .. }))
            .count();
        ListView {
            rows,
            talk_count,
            ..ListView::default()
        }
    }

    fn h(s: &str) -> Row {
        Row::Header(s.into())
    }

    fn t(index: usize) -> Row {
        Row::Talk { index }
    }

    #[test]
    fn moves_skip_headers_and_stop_at_the_ends() {
        let mut l = list(vec![h("a"), t(0), t(1), h("b"), t(2)]);
        l.select_edge(false, 10);
        assert_eq!(l.selected, 1);
        l.move_by(2, 10);
        assert_eq!(l.selected, 4);
        l.move_by(5, 10);
        assert_eq!(l.selected, 4);
        l.move_by(-9, 10);
        assert_eq!(l.selected, 1);
        assert_eq!((l.selected_talk(), l.selected_ordinal()), (Some(0), 1));
        l.select_row(3, 10);
        assert_eq!(l.selected, 1, "a header is not selected");
    }

    #[test]
    fn scrolling_keeps_the_selection_and_its_header_in_view() {
        let mut l = list(vec![h("a"), t(0), t(1), h("b"), t(2), t(3)]);
        l.select_edge(true, 2);
        assert_eq!((l.selected, l.offset), (5, 4));
        l.move_by(-3, 2);
        assert_eq!((l.selected, l.offset), (1, 0), "the header above shows");
        assert!(!l.select_and_show(1, 2));
        assert!(l.select_and_show(5, 2));
        assert_eq!(l.offset, 4);
    }

    #[test]
    fn talks_group_under_their_conference_and_are_found_by_id() {
        let talk = |id: &str, conference: &str, year| Talk {
            id: id.into(),
            conference: conference.into(),
            year,
            ..Talk::default()
        };
        let talks = vec![
            talk("a", "EP", 2015),
            talk("b", "EP", 2015),
            talk("c", "PyCon", 2014),
        ];
        let rows = talk_rows(&talks, &[0, 1, 2], true);
        assert_eq!(rows.len(), 5);
        assert!(matches!(rows[0], Row::Header(_)) && matches!(rows[3], Row::Header(_)));
        assert_eq!(talk_rows(&talks, &[2, 0], false), vec![t(2), t(0)]);
        let l = list(rows);
        assert_eq!(l.row_of(&talks, "c"), Some(4));
        assert_eq!(l.row_of(&talks, "zz"), None);
    }
}
