//! The talk list's state: the rows shown (talks, and conference headers when grouped), the selection and
//! the scroll offset. The offset is kept here, by `update`, so drawing never changes state.

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
