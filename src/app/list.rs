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
        Sort::Conference => sort_by_conference(order, talks),
        // By the index's folded fields: no title is folded again.
        Sort::Speaker => order.sort_by(|&a, &b| {
            let ((ta, sa), (tb, sb)) = (index.sort_keys(a), index.sort_keys(b));
            (talks[a].speakers.is_empty(), sa, ta).cmp(&(talks[b].speakers.is_empty(), sb, tb))
        }),
        Sort::Title => order.sort_by(|&a, &b| index.sort_keys(a).0.cmp(index.sort_keys(b).0)),
    }
}

/// Newest conference first, then by name, date and title (stable). The conferences are ranked once and
/// the talks put in rank order by counting, so only talks of one conference are compared field by field:
/// comparing every pair's fields read two random talks per comparison, 105-146 ms at 200k talks on the
/// loop's thread when a load ends.
fn sort_by_conference(order: &mut [usize], talks: &[Talk]) {
    let mut group_of: std::collections::HashMap<(i32, &str), u32> = Default::default();
    let mut last: Option<((i32, &str), u32)> = None;
    // Talks of one conference mostly sit together (a batch each), so the last group is tried first.
    let groups: Vec<u32> = (order.iter())
        .map(|&i| {
            let key = (talks[i].year, talks[i].conference.as_str());
            match last {
                Some((k, g)) if k == key => g,
                _ => {
                    let next = group_of.len() as u32;
                    let g = *group_of.entry(key).or_insert(next);
                    last = Some((key, g));
                    g
                }
            }
        })
        .collect();
    let mut by_rank: Vec<((i32, &str), u32)> = group_of.into_iter().collect();
    by_rank.sort_unstable_by(|((ya, ca), _), ((yb, cb), _)| yb.cmp(ya).then_with(|| ca.cmp(cb)));
    let mut rank = vec![0u32; by_rank.len()];
    for (r, (_, g)) in by_rank.iter().enumerate() {
        rank[*g as usize] = r as u32;
    }
    // Where each rank's run starts, then every talk placed in its run in the order it came (stable).
    let mut start = vec![0usize; rank.len() + 1];
    for &g in &groups {
        start[rank[g as usize] as usize + 1] += 1;
    }
    for r in 1..start.len() {
        start[r] += start[r - 1];
    }
    let mut next = start.clone();
    let mut placed = vec![0usize; order.len()];
    for (&i, &g) in order.iter().zip(&groups) {
        let r = rank[g as usize] as usize;
        placed[next[r]] = i;
        next[r] += 1;
    }
    // Within a conference, by date and title packed in numbers, the strings read only on a tie (reading
    // each talk's strings at every comparison cost half the sort in cache misses). An ISO date fits the
    // number whole; a longer one is compared as a string.
    let mut keyed: Vec<(DateKey, u64, usize)> = Vec::new();
    for run in start.windows(2) {
        let run = &mut placed[run[0]..run[1]];
        keyed.clear();
        keyed.extend(run.iter().map(|&i| {
            let t = &talks[i];
            let date = t
                .date
                .as_deref()
                .map(|d| (prefix::<16>(d), d.len().min(17)));
            (date, (prefix::<8>(&t.title) >> 64) as u64, i)
        }));
        keyed.sort_by(|a, b| {
            let (ta, tb) = (&talks[a.2], &talks[b.2]);
            let whole_dates = matches!((a.0, b.0), (Some((_, 17)), Some((_, 17))));
            (a.0.cmp(&b.0))
                .then_with(|| match whole_dates {
                    true => ta.date.cmp(&tb.date),
                    false => std::cmp::Ordering::Equal,
                })
                .then(a.1.cmp(&b.1))
                .then_with(|| ta.title.cmp(&tb.title))
        });
        for (slot, k) in run.iter_mut().zip(&keyed) {
            *slot = k.2;
        }
    }
    order.copy_from_slice(&placed);
}

/// A date's first 16 bytes as a number and its length (capped at 17: longer ones compare as strings).
type DateKey = Option<(u128, usize)>;

/// The first `N` (at most 16) bytes of `s` as a big-endian number, zero-padded: where two numbers differ,
/// the strings differ the same way; equal numbers (and lengths up to `N`) are equal strings.
fn prefix<const N: usize>(s: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = s.len().min(N);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// A row per talk in `order`, under a header per conference and year when `grouped`.
pub fn talk_rows(talks: &[Talk], order: &[usize], grouped: bool) -> Vec<Row> {
    // Counted first: 5000 headers over 200k talks overflowed a guess, and the doubled vector was 13 MB.
    let group = |i: usize| (talks[i].conference.as_str(), talks[i].year);
    let headers = match grouped {
        true => {
            order
                .windows(2)
                .filter(|w| group(w[0]) != group(w[1]))
                .count()
                + 1
        }
        false => 0,
    };
    let mut rows = Vec::with_capacity(order.len() + headers);
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
    fn the_conference_order_is_newest_first_then_name_date_title_and_stable() {
        let talk = |id: &str, conference: &str, year: i32, date: Option<&str>, title: &str| Talk {
            id: id.into(),
            conference: conference.into(),
            year,
            date: date.map(Into::into),
            title: title.into(),
            ..Talk::default()
        };
        let talks = vec![
            talk("a", "PyCon", 2014, Some("2014-04-11"), "Zed"),
            talk("b", "EuroPython", 2015, None, "Beta"),
            talk("c", "PyCon", 2014, Some("2014-04-10"), "Zed"),
            talk("d", "EuroPython", 2014, Some("2014-07-22"), "Alpha"),
            talk("e", "PyCon", 2014, Some("2014-04-10"), "Alpha"),
            talk("f", "EuroPython", 2015, None, "Beta"),
            talk("g", "EuroPython", 2015, Some("2015-07-20"), "Alpha"),
            talk("h", "EuroPython", 2014, Some("2014-07-22"), "Alpha"),
        ];
        // Talks of one conference apart from each other, and from a conference met earlier.
        let mut order = vec![7, 0, 5, 2, 3, 1, 4, 6];
        let index = SearchIndex::new(&talks);
        sort_talks(&mut order, Sort::Conference, &talks, &index);
        let ids: Vec<&str> = order.iter().map(|&i| talks[i].id.as_str()).collect();
        // 2015 first; an unknown date sorts before any date; equal keys keep their order (f before b).
        assert_eq!(ids, ["f", "b", "g", "h", "d", "e", "c", "a"]);
        let mut every_way = (0..talks.len()).rev().collect::<Vec<_>>();
        sort_talks(&mut every_way, Sort::Conference, &talks, &index);
        let ids: Vec<&str> = every_way.iter().map(|&i| talks[i].id.as_str()).collect();
        assert_eq!(ids, ["f", "b", "g", "h", "d", "e", "c", "a"]);
    }

    #[test]
    fn the_conference_order_matches_comparing_every_field() {
        // A small linear congruential generator: the same mixed catalog every run.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let talks: Vec<Talk> = (0..600)
            .map(|i| Talk {
                id: format!("t{i}"),
                conference: ["PyCon", "EuroPython", "PyData", "DjangoCon"][next(4) as usize].into(),
                year: 2010 + next(3) as i32,
                // ISO dates, and longer ones that differ only after their first 16 bytes.
                date: (next(4) > 0).then(|| {
                    let time = ["", "T10:00:00", "T10:00:1", "T09:00:10"][next(4) as usize];
                    format!("2011-0{}-1{}{time}", 1 + next(3), next(3))
                }),
                title: format!("title {}", next(20)),
                ..Talk::default()
            })
            .collect();
        let mut order: Vec<usize> = (0..talks.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, next(i as u64 + 1) as usize);
        }
        let mut expected = order.clone();
        expected.sort_by(|&a, &b| {
            let (a, b) = (&talks[a], &talks[b]);
            (b.year.cmp(&a.year))
                .then_with(|| a.conference.cmp(&b.conference))
                .then_with(|| a.date.cmp(&b.date))
                .then_with(|| a.title.cmp(&b.title))
        });
        sort_talks(
            &mut order,
            Sort::Conference,
            &talks,
            &SearchIndex::new(&talks),
        );
        assert_eq!(order, expected);
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
