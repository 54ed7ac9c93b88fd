//! The list's rows from the filter and the order: re-running the filter, sorting and grouping the hits,
//! keeping the selected talk selected, and the views that are an order (schedule, agenda, "now").
use super::App;
use super::list::{ListView, Row, Sort, sort_talks, talk_rows};
use crate::notes::Status;
use std::time::Duration;

/// How often the rows follow a catalog that is still streaming in.
const LOADING_ROWS_EVERY: Duration = Duration::from_millis(150);

impl App {
    /// Talks from the loader. Rebuilding every row per batch costs O(talks) each time, quadratic over a
    /// big load: while loading, the rows follow at most every LOADING_ROWS_EVERY (the tick and LoadDone
    /// catch up).
    pub(super) fn loaded(&mut self, batches: Vec<crate::catalog::Loaded>) {
        for loaded in batches {
            self.status
                .load_problems
                .extend(loaded.warnings.iter().map(|w| w.to_string()));
            self.catalog.add(loaded);
        }
        let recent = self
            .status
            .rows_built
            .is_some_and(|at| self.now.saturating_duration_since(at) < LOADING_ROWS_EVERY);
        if self.status.loading && recent {
            self.status.rows_stale = true;
        } else {
            self.rebuild_rows_now();
        }
    }

    /// The rows for every talk loaded so far.
    pub(super) fn rebuild_rows_now(&mut self) {
        self.status.rows_stale = false;
        self.status.rows_built = Some(self.now);
        self.refresh_results();
    }

    /// The order the list is in now (relevance means conference order when nothing is typed).
    pub fn effective_sort(&self) -> Sort {
        match self.list.sort {
            Sort::Relevance if self.filter.query().trim().is_empty() => Sort::Conference,
            s => s,
        }
    }

    /// Re-runs the filter and rebuilds the rows, keeping the selected talk selected when it still matches.
    pub fn refresh_results(&mut self) {
        let keep = self.moved_selection();
        self.refresh_rows(keep);
    }

    /// The talk to keep selected across new rows: the edited one, or one the user moved to. A selection
    /// still on the first talk follows the top (as in fzf).
    pub(super) fn moved_selection(&self) -> Option<String> {
        let first = self
            .list
            .rows
            .iter()
            .position(|r| matches!(r, Row::Talk { .. }));
        if let Some(editor) = &self.editor {
            Some(editor.id.clone()) // The edited talk stays selected while it is in the list.
        } else if first.is_some_and(|f| f != self.list.selected) {
            self.selected_talk().map(|t| t.id.clone())
        } else {
            None
        }
    }

    /// After the query changed: the best match is selected.
    pub(super) fn refilter(&mut self) {
        self.refresh_rows(None);
    }

    pub(super) fn refresh_rows(&mut self, keep: Option<String>) {
        let query = self.filter.query().trim().to_string();
        let order = if query.is_empty() {
            self.no_query();
            (0..self.catalog.talks().len()).collect()
        } else {
            match self.hits_for(&query, &keep) {
                Some(order) => order,
                // The worker answers with `Action::SearchResults`; the rows on screen stay until then.
                None => return,
            }
        };
        self.show_order(order, keep);
    }

    /// Rows for the talks in `order` (hits best first, or every talk), in the list's sort order.
    pub(super) fn show_order(&mut self, mut order: Vec<usize>, keep: Option<String>) {
        let filtered = !self.filter.query().trim().is_empty();
        let sort = self.effective_sort();
        let talks = self.catalog.talks();
        // While talks stream in they keep their arrival order (one folder or file at a time, so conference
        // headers still group); sorting everything on every batch would stall the loop on big catalogs.
        let reorder = if self.status.loading {
            Sort::Relevance
        } else {
            sort
        };
        let every_talk = !filtered && order.len() == talks.len();
        let version = self.catalog.version();
        match &self.sorted_all {
            Some((s, v, sorted)) if every_talk && (*s, *v) == (reorder, version) => {
                order.clone_from(sorted);
            }
            _ => {
                sort_talks(&mut order, reorder, talks, &self.catalog.index());
                if every_talk && matches!(reorder, Sort::Conference | Sort::Speaker | Sort::Title) {
                    self.sorted_all = Some((reorder, version, order.clone()));
                }
            }
        }
        // Entries that are not talks (a conference overview, a blog intro) are listed apart, after the talks.
        // Most catalogs have none: then no talk is read for it (200k reads cost 10-20 ms at 200k hits).
        let (order, overviews): (Vec<usize>, Vec<usize>) = if self.catalog.has_overviews() {
            order.into_iter().partition(|&i| !talks[i].is_overview())
        } else {
            (order, Vec::new())
        };
        self.list.talk_count = order.len();
        self.list.overview_count = overviews.len();
        self.list.total_talks = if filtered {
            self.catalog.talk_count()
        } else {
            self.list.talk_count
        };
        let mut rows = if reorder == Sort::Schedule {
            super::schedule::schedule_rows(talks, order, self.clock)
        } else {
            talk_rows(talks, &order, sort == Sort::Conference)
        };
        if !overviews.is_empty() {
            rows.push(Row::Header("Overviews (not talks)".into()));
            rows.extend(overviews.into_iter().map(|index| Row::Talk { index }));
        }
        self.list.rows = rows;
        self.refresh_conflicts();
        let page = self.page();
        // By position: comparing the id of every row's talk reads 200k talks at 200k hits.
        let store = self.catalog.store();
        let kept = keep.and_then(|id| store.position(&id).filter(|&i| store.talks[i].id == id));
        match kept.and_then(|i| self.list.row_of_talk(i)) {
            Some(row) => {
                self.list.select_and_show(row, page);
            }
            None => {
                self.list.select_edge(false, page);
                self.detail.reset();
            }
        }
    }

    /// Moves the list's selection with `f` (given the page size); the detail starts at its top again when
    /// another talk is selected.
    pub(super) fn move_selection(&mut self, f: impl FnOnce(&mut ListView, usize)) {
        let before = self.list.selected;
        let page = self.page();
        f(&mut self.list, page);
        if self.list.selected != before {
            self.detail.reset();
        }
    }

    /// Selects the talk at list row `row`, scrolled into view, its detail from the top.
    pub(super) fn show_row(&mut self, row: usize) {
        let page = self.page();
        self.list.select_and_show(row, page);
        self.detail.reset();
    }

    /// Titles of the marked talks whose times overlap the selected one (when it is marked itself).
    pub fn clashes_of_selected(&self) -> Vec<&str> {
        let Some(i) = self
            .selected_index()
            .filter(|i| self.list.conflicts.contains(i))
        else {
            return Vec::new();
        };
        let talks = self.catalog.talks();
        let mut out: Vec<&str> = self
            .list
            .conflicts
            .iter()
            .filter(|&&j| j != i && crate::store::schedule::overlaps(&talks[i], &talks[j]))
            .map(|&j| talks[j].title.as_str())
            .collect();
        out.sort_unstable();
        out
    }

    /// Which marked talks (follow-up or done) overlap in time: from the notes, whatever the filter shows.
    pub(super) fn refresh_conflicts(&mut self) {
        let marked: Vec<usize> = self
            .notes
            .notes
            .iter()
            .filter(|(_, n)| n.status != Status::None)
            .filter_map(|(id, _)| self.catalog.store().position(id))
            .collect();
        self.list.conflicts = super::schedule::conflicts(self.catalog.talks(), &marked, |_| true);
    }

    /// The next order in the cycle.
    pub(super) fn cycle_sort(&mut self) {
        self.list.sort = self.list.sort.next();
        self.refresh_results();
        self.info(format!("sorted by {}", self.effective_sort().label()));
    }

    /// Switches to the schedule order, remembering the order to go back to.
    pub(super) fn enter_schedule(&mut self) {
        if self.list.sort != Sort::Schedule {
            self.sort_before_schedule = self.list.sort;
            self.list.sort = Sort::Schedule;
        }
    }

    /// The schedule view, or back to the order before it.
    pub(super) fn toggle_schedule(&mut self) {
        if self.list.sort == Sort::Schedule {
            self.list.sort = self.sort_before_schedule;
        } else {
            self.enter_schedule();
        }
        self.refresh_results();
        self.info(format!("sorted by {}", self.effective_sort().label()));
    }

    /// The agenda is the schedule view filtered to `is:planned`; toggling it off clears that filter and
    /// restores the order before it.
    pub(super) fn toggle_agenda(&mut self) {
        const AGENDA: &str = "is:planned";
        let showing = self.filter.query() == AGENDA && self.list.sort == Sort::Schedule;
        if showing {
            self.filter.clear();
            self.list.sort = self.sort_before_schedule;
        } else {
            self.filter.set(AGENDA);
            self.enter_schedule();
        }
        self.refresh_results();
        self.info(if showing {
            "agenda closed".into()
        } else {
            "my agenda: planned talks (f marks, a again: back)".into()
        });
    }

    /// Selects the talk running now (else the next to start), switching to the schedule view first.
    pub(super) fn jump_to_now(&mut self) {
        if self.list.sort != Sort::Schedule {
            self.enter_schedule();
            self.refresh_results();
        }
        match super::schedule::now_row(self.catalog.talks(), &self.list.rows, self.clock) {
            Some(row) => {
                let page = self.page();
                self.list.select_row(row, page);
                // A third of a page above it: what just started, the now line and what comes next all show.
                self.list.offset = row.saturating_sub(page / 3);
                self.list.scroll_into_view(page);
                self.detail.reset();
            }
            None => self.info("nothing in the list runs now or later".into()),
        }
    }

    /// The wall clock moved on: the now line moves, and is:now / is:next / day:today answer differently.
    pub(super) fn set_clock(&mut self, now: jiff::Timestamp) {
        self.clock = now;
        self.searcher.set_now(now);
        let timed = crate::search::parse_query(self.filter.query()).depends_on_now();
        if self.effective_sort() == Sort::Schedule || timed {
            self.refresh_results();
            self.tick_changed = true;
        }
    }
}
