//! `App::update`: one match on `Action`, delegating to small methods named for what they do.
use super::layout::{Areas, Hit, LayoutInput, inner};
use super::{Action, App, Effect, Focus, Level, Message, Overlay, Row, Sort};
use crate::notes::{SaveOutcome, Status, Timestamp};
use ratatui::layout::{Position, Rect};
use std::time::{Duration, Instant};

/// Typed notes are saved this long after the last keystroke.
pub const AUTOSAVE_AFTER: Duration = Duration::from_millis(500);
/// How often the rows follow a catalog that is still streaming in.
const LOADING_ROWS_EVERY: Duration = Duration::from_millis(150);
const MESSAGE_TIME: Duration = Duration::from_secs(5);

impl App {
    /// Applies one action; returns the side effects for the loop to perform.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        match action {
            Action::Quit => {
                self.commit_editor();
                self.quitting = true;
                effects.push(Effect::Quit);
            }
            Action::Tick(now) => self.tick(now),
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.relayout();
                self.list.scroll_into_view(self.page());
            }
            Action::Down => self.move_focused(1),
            Action::Up => self.move_focused(-1),
            Action::PageDown => self.move_focused(self.page() as isize),
            Action::PageUp => self.move_focused(-(self.page() as isize)),
            Action::HalfPageDown => self.move_focused((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_focused(-((self.page() / 2).max(1) as isize)),
            Action::Top => self.move_focused(isize::MIN),
            Action::Bottom => self.move_focused(isize::MAX),
            Action::Confirm => self.confirm(&mut effects),
            Action::Back => self.back(),
            Action::FocusNext => match self.speaker_term_at_cursor() {
                // Tab after `@name` in the filter offers the speaker view, as a shell completes a word.
                Some((range, name)) if self.focus == Focus::Filter => {
                    self.open_speaker_view(name, Some(range))
                }
                _ => self.cycle_focus(true),
            },
            Action::FocusPrev => self.cycle_focus(false),
            Action::CycleSort => {
                self.list.sort = self.list.sort.next();
                self.refresh_results();
                self.info(format!("sorted by {}", self.effective_sort().label()));
            }
            Action::ToggleSchedule => {
                if self.list.sort == Sort::Schedule {
                    self.list.sort = self.sort_before_schedule;
                } else {
                    self.sort_before_schedule = self.list.sort;
                    self.list.sort = Sort::Schedule;
                }
                self.refresh_results();
                self.info(format!("sorted by {}", self.effective_sort().label()));
            }
            Action::ToggleAgenda => self.toggle_agenda(),
            Action::JumpToNow => self.jump_to_now(),
            Action::Clock(now) => {
                self.clock = now;
                // The now line moves, and is:now / is:next / day:today answer differently.
                self.searcher.set_now(now);
                let timed = crate::search::parse_query(&self.filter.query).depends_on_now();
                if self.effective_sort() == Sort::Schedule || timed {
                    self.refresh_results();
                    self.tick_changed = true;
                }
            }
            Action::FocusFilter => self.focus_filter(),
            // A typed control or bidi character (a paste without bracketed paste) would be drawn.
            Action::FilterInsert(c) if crate::text::is_unsafe_char(c) => {}
            Action::FilterInsert(c) => self.filter_insert(c),
            Action::FilterBackspace => {
                if self.filter.cursor > 0 {
                    self.filter.cursor -= 1;
                    let at = self.byte_at_cursor();
                    self.filter.query.remove(at);
                    self.refilter();
                }
            }
            Action::FilterDelete => {
                let at = self.byte_at_cursor();
                if at < self.filter.query.len() {
                    self.filter.query.remove(at);
                    self.refilter();
                }
            }
            Action::FilterDeleteWord => self.filter_delete_word(),
            Action::FilterClear => {
                self.filter.query.clear();
                self.filter.cursor = 0;
                self.refilter();
            }
            Action::FilterLeft => self.filter.cursor = self.filter.cursor.saturating_sub(1),
            Action::FilterRight => {
                self.filter.cursor = (self.filter.cursor + 1).min(self.filter.query.chars().count())
            }
            Action::FilterHome => self.filter.cursor = 0,
            Action::FilterEnd => self.filter.cursor = self.filter.query.chars().count(),
            Action::FilterLeave => self.focus = Focus::List,
            Action::FilterAccept => {
                self.focus = Focus::List;
                self.list.scroll_into_view(self.page());
            }
            Action::OpenLink => self.open_link(&mut effects),
            Action::CopyLink => self.copy_link(&mut effects),
            Action::EditNotes => self.start_editing(),
            Action::OpenScratch => self.open_scratch(),
            Action::SwitchScratchPage => self.switch_scratch_page(),
            Action::MoveLine(input) => self.move_line(input),
            Action::ChangesList(input) => self.changes_list(input),
            Action::StopEditing => {
                self.close_editor();
            }
            Action::EditorInput(input) => self.editor_input(input),
            Action::Paste(text) if self.panel_open() => self.paste_into_panel(&text),
            Action::Paste(text) => self.paste(text),
            Action::CycleStatus => self.cycle_status(),
            Action::EditExternally => self.edit_externally(&mut effects),
            Action::ExternalEdited { id, result } => match result {
                Ok(text) => {
                    if self.notes.notes.set_text(&id, &text, Timestamp::now()) {
                        self.notes_changed();
                        self.info("notes updated from the editor".into());
                    }
                }
                Err(e) => self.error(format!("editor: {e}")),
            },
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Overlay::Help { .. } => Overlay::None,
                    _ => Overlay::Help { scroll: 0 },
                }
            }
            Action::Speakers(input) => self.speakers(input),
            Action::Click(col, row) => self.click(col, row),
            Action::Wheel(col, row, delta) => self.wheel(col, row, delta),
            Action::Loaded(batches) => {
                for loaded in batches {
                    self.status
                        .load_problems
                        .extend(loaded.warnings.iter().map(|w| w.to_string()));
                    self.catalog.add(loaded);
                }
                // Rebuilding every row per batch costs O(talks) each time, quadratic over a big load:
                // while loading, the rows follow at most every LOADING_ROWS_EVERY (and at LoadDone).
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
            Action::LoadDone => {
                self.status.loading = false;
                self.status.rows_stale = false;
                self.add_cancelled_stand_ins();
                self.list_scratch_if_written();
                self.refresh_results();
                if let Some(first) = self.status.load_problems.first() {
                    let n = self.status.load_problems.len();
                    let more = if n > 1 {
                        format!(" (+{} more: see ?)", n - 1)
                    } else {
                        String::new()
                    };
                    self.set_message(
                        format!("{first}{more}"),
                        Level::Warning,
                        Some(Duration::from_secs(15)),
                    );
                }
            }
            Action::Saved(outcome) => match outcome {
                SaveOutcome::Saved(saved) => {
                    self.notes.adopt(&saved);
                    self.rebase_editor();
                    self.report_backup(&saved);
                    if saved.has_changes_from_elsewhere() {
                        self.searcher.invalidate();
                        self.forget_notes_snapshot();
                    }
                    if self.status.save_error.take().is_some() {
                        self.info("notes saved".into());
                    }
                    if saved.has_changes_from_elsewhere() && !self.filter.query.trim().is_empty() {
                        self.refresh_results();
                    }
                }
                SaveOutcome::Failed { error, retry_in } => {
                    let text = format!(
                        "saving notes failed: {error} (kept in memory; retrying in {}s)",
                        retry_in.as_secs().max(1)
                    );
                    self.status.save_error = Some(text.clone());
                    self.error(text);
                }
            },
            Action::Message(text) => self.info(text),
            Action::SubscriptionsRefreshed(subs, summary) => {
                self.status.refreshing = false;
                self.status.subscriptions = subs;
                self.info(summary);
            }
            Action::ScheduleChanges(sets) => self.set_schedule_changes(sets),
            Action::SearchResults(results) => self.search_results(results),
        }
        if std::mem::take(&mut self.save_pending) {
            effects.insert(0, Effect::SaveNotes);
        }
        if let Some(request) = self.search.outgoing.take() {
            effects.push(Effect::Search(request));
        }
        self.relayout();
        self.clamp_scrolling();
        effects
    }

    /// Lays the panes out for the current size, focus and overlay.
    pub(crate) fn relayout(&mut self) {
        self.layout = self.layout_for(Rect::new(0, 0, self.size.0, self.size.1));
    }

    /// The layout of `area` in the current state (drawing uses it when a frame's size is not yet `size`).
    pub fn layout_for(&self, area: Rect) -> Areas {
        let links = self.selected_talk().map_or(0, |t| t.links.len());
        Areas::compute(
            area,
            LayoutInput {
                focus: self.focus,
                narrow_shows_notes: self.narrow_shows_notes(),
                overlay: &self.overlay,
                links,
                speakers: self.speaker_view.is_some() || self.panel_open(),
            },
        )
    }

    /// Keeps the detail and help scroll offsets within their text, so a move back from the end is seen at once.
    fn clamp_scrolling(&mut self) {
        if self.detail.scroll > 0 {
            let max = self.detail_max_scroll();
            self.detail.scroll = self.detail.scroll.min(max);
        }
        if let Overlay::Help { scroll } = self.overlay
            && scroll > 0
        {
            let max = self.help_max_scroll();
            self.overlay = Overlay::Help {
                scroll: scroll.min(max),
            };
        }
    }

    fn detail_max_scroll(&self) -> usize {
        let Some(r) = self.layout.detail else {
            return 0;
        };
        let body = inner(r, self.layout.bordered);
        let clashes = self.clashes_of_selected();
        let notices = self.notices_of_selected();
        let parts = super::detail::detail_parts(self.selected_talk(), &clashes, &notices);
        super::detail::content_height(&parts, body.width.max(1) as usize)
            .saturating_sub(body.height as usize)
    }

    fn help_max_scroll(&self) -> usize {
        let Some(r) = self.layout.overlay else {
            return 0;
        };
        let body = inner(r, true);
        let parts = super::help::help_parts(&self.keymap, &self.status.load_problems);
        super::help::help_height(&parts, body.width.max(1) as usize)
            .saturating_sub(body.height as usize)
    }

    /// Time passes: autosave typed notes, expire messages. Says (through `take_tick_changes`) whether
    /// anything on screen may differ, so an idle tick draws nothing.
    fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.status.rows_stale {
            self.rebuild_rows_now();
            self.tick_changed = true;
        }
        if self.editor.as_ref().is_some_and(|e| {
            e.dirty && now.saturating_duration_since(e.last_edit) >= AUTOSAVE_AFTER
        }) {
            self.commit_editor();
            self.tick_changed = true;
        }
        if self
            .status
            .message
            .as_ref()
            .is_some_and(|m| m.until.is_some_and(|u| now >= u))
        {
            self.status.message = None;
            self.tick_changed = true;
        }
    }

    /// The rows for every talk loaded so far (see `Action::Loaded`).
    fn rebuild_rows_now(&mut self) {
        self.status.rows_stale = false;
        self.status.rows_built = Some(self.now);
        self.refresh_results();
    }

    /// Whether the ticks (and clock moves) since the last call changed anything that is drawn.
    pub fn take_tick_changes(&mut self) -> bool {
        std::mem::take(&mut self.tick_changed)
    }

    /// Rows of list content on screen: the page size for paging keys.
    pub(crate) fn page(&self) -> usize {
        self.layout.list_rows().max(1)
    }

    fn move_focused(&mut self, delta: isize) {
        let page = self.page();
        match (&mut self.overlay, self.focus) {
            (Overlay::Help { scroll }, _) => *scroll = step(*scroll, delta, usize::MAX / 2),
            (Overlay::Chooser { selected }, _) => {
                let n = self
                    .catalog
                    .talks()
                    .get(self.list.selected_talk().unwrap_or(usize::MAX))
                    .map_or(0, |t| t.links.len());
                *selected = step(*selected, delta, n.saturating_sub(1));
            }
            (Overlay::None, Focus::Detail) => {
                self.detail.scroll = step(self.detail.scroll, delta, usize::MAX / 2);
            }
            (Overlay::None, Focus::Notes) => {}
            (Overlay::None, Focus::List | Focus::Filter) => {
                let before = self.list.selected;
                match delta {
                    isize::MIN => self.list.select_edge(false, page),
                    isize::MAX => self.list.select_edge(true, page),
                    d => self.list.move_by(d, page),
                }
                if self.list.selected != before {
                    self.detail.scroll = 0;
                }
            }
        }
    }

    fn confirm(&mut self, effects: &mut Vec<Effect>) {
        match (&self.overlay, self.focus) {
            (Overlay::Chooser { selected }, _) => {
                if let Some(link) = self.selected_talk().and_then(|t| t.links.get(*selected)) {
                    effects.push(Effect::OpenUrl(link.url.clone()));
                }
                self.overlay = Overlay::None;
            }
            (Overlay::Help { .. }, _) => self.overlay = Overlay::None,
            (Overlay::None, Focus::List | Focus::Filter) => self.focus = Focus::Detail,
            (Overlay::None, Focus::Detail) => self.open_link(effects),
            (Overlay::None, Focus::Notes) => self.start_editing(),
        }
    }

    fn back(&mut self) {
        if self.overlay != Overlay::None {
            self.overlay = Overlay::None;
        } else if self.focus != Focus::List {
            self.focus = Focus::List;
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        self.close_editor();
        self.overlay = Overlay::None;
        let order = [Focus::List, Focus::Detail, Focus::Notes];
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward { (at + 1) % 3 } else { (at + 2) % 3 };
        self.focus = order[next];
        match self.focus {
            Focus::Notes => self.narrow_notes = true,
            Focus::Detail => self.narrow_notes = false,
            _ => {}
        }
    }

    fn focus_filter(&mut self) {
        self.close_editor();
        self.overlay = Overlay::None;
        self.focus = Focus::Filter;
        self.filter.cursor = self.filter.query.chars().count();
    }

    fn byte_at_cursor(&self) -> usize {
        self.filter
            .query
            .char_indices()
            .nth(self.filter.cursor)
            .map_or(self.filter.query.len(), |(i, _)| i)
    }

    fn open_link(&mut self, effects: &mut Vec<Effect>) {
        let Some(talk) = self.selected_talk() else {
            return;
        };
        match talk.links.len() {
            0 => self.info("this talk has no links".into()),
            1 => effects.push(Effect::OpenUrl(talk.links[0].url.clone())),
            _ => self.overlay = Overlay::Chooser { selected: 0 },
        }
    }

    fn copy_link(&mut self, effects: &mut Vec<Effect>) {
        let chosen = match self.overlay {
            Overlay::Chooser { selected } => selected,
            _ => 0,
        };
        match self.selected_talk().and_then(|t| t.links.get(chosen)) {
            Some(link) => {
                let url = link.url.clone();
                self.info(format!("copied {url}"));
                effects.push(Effect::Copy(url));
            }
            None => self.info("this talk has no links".into()),
        }
        self.overlay = Overlay::None;
    }

    fn start_editing(&mut self) {
        let Some(talk) = self.selected_talk() else {
            return;
        };
        if let Some(reason) = &self.notes.read_only_reason {
            let text = format!("notes are read-only: {reason}");
            self.error(text);
            return;
        }
        let id = talk.id.clone();
        self.open_editor(id);
    }

    /// Stops editing, keeping what was typed.
    pub(super) fn close_editor(&mut self) {
        self.commit_editor();
        self.editor = None;
    }

    /// The personal notes text of talk `id` ("" when it has none).
    pub(super) fn note_text(&self, id: &str) -> String {
        self.notes
            .notes
            .get(id)
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }

    /// Copies typed text into the notes and asks for a save (editing goes on).
    pub(super) fn commit_editor(&mut self) {
        let Some(editor) = &mut self.editor else {
            return;
        };
        if !editor.dirty {
            return;
        }
        editor.dirty = false;
        let text = editor.text();
        let id = editor.id.clone();
        if self.notes.notes.set_text(&id, &text, Timestamp::now()) {
            self.notes_changed();
        }
        self.editor_committed(&text);
    }

    pub(super) fn notes_changed(&mut self) {
        self.save_pending = true;
        self.searcher.invalidate();
        self.forget_notes_snapshot();
        if !self.filter.query.trim().is_empty() {
            self.refresh_results();
        }
    }

    fn paste(&mut self, text: String) {
        match (self.focus, &mut self.editor) {
            (Focus::Notes, Some(_)) => self.editor_paste(&text),
            (Focus::Filter, _) => self.filter_paste(&text),
            _ => {}
        }
    }

    /// The agenda is the schedule view filtered to `is:planned`; toggling it off clears that filter and
    /// restores the order before it.
    fn toggle_agenda(&mut self) {
        const AGENDA: &str = "is:planned";
        let showing = self.filter.query == AGENDA && self.list.sort == Sort::Schedule;
        if showing {
            self.filter.query.clear();
            self.list.sort = self.sort_before_schedule;
        } else {
            self.filter.query = AGENDA.into();
            if self.list.sort != Sort::Schedule {
                self.sort_before_schedule = self.list.sort;
                self.list.sort = Sort::Schedule;
            }
        }
        self.filter.cursor = self.filter.query.chars().count();
        self.refresh_results();
        self.info(if showing {
            "agenda closed".into()
        } else {
            "my agenda: planned talks (f marks, a again: back)".into()
        });
    }

    fn cycle_status(&mut self) {
        let Some(talk) = self.selected_talk() else {
            return;
        };
        if self.notes.is_read_only() {
            self.error("notes are read-only; the status cannot change".into());
            return;
        }
        let id = talk.id.clone();
        let next = match self.notes.notes.get(&id).map_or(Status::None, |n| n.status) {
            Status::None => Status::Planned,
            Status::Planned => Status::FollowUp,
            Status::FollowUp => Status::Done,
            Status::Done => Status::None,
        };
        if self.notes.notes.set_status(&id, next, Timestamp::now()) {
            self.notes_changed();
            self.refresh_conflicts();
        }
        self.info(match next {
            Status::None => "status cleared".into(),
            s => format!("marked {s}"),
        });
    }

    fn edit_externally(&mut self, effects: &mut Vec<Effect>) {
        let Some(id) = self.selected_talk().map(|t| t.id.clone()) else {
            return;
        };
        if self.notes.is_read_only() {
            self.error("notes are read-only".into());
            return;
        }
        self.close_editor();
        let text = self.note_text(&id);
        effects.push(Effect::EditExternally { id, text });
    }

    /// A left click lands on the topmost visible pane under it: an overlay first (a click outside one
    /// closes it), never a pane hidden in a small terminal.
    fn click(&mut self, col: u16, row: u16) {
        let at = Position::new(col, row);
        let hit = self.layout.hit(at);
        if self.speaker_view.is_some() {
            self.click_speaker_view(at, hit);
            return;
        }
        if self.panel_open() {
            return self.click_panel(hit);
        }
        if self.overlay != Overlay::None {
            let n = self.selected_talk().map_or(0, |t| t.links.len());
            match (hit, &mut self.overlay, self.layout.overlay) {
                (Some(Hit::Overlay), Overlay::Chooser { selected }, Some(r)) => {
                    let body = inner(r, true);
                    let row = (row.saturating_sub(body.y)) as usize;
                    if body.contains(at) && row < n {
                        *selected = row;
                    }
                }
                (Some(Hit::Overlay), _, _) => {}
                _ => self.overlay = Overlay::None,
            }
            return;
        }
        match hit {
            Some(Hit::List) => {
                self.close_editor();
                self.focus = Focus::List;
                let Some(list) = self.layout.list else { return };
                let body = inner(list, self.layout.bordered);
                if body.contains(at) {
                    let before = self.list.selected;
                    self.list
                        .select_row(self.list.offset + (row - body.y) as usize, self.page());
                    if before != self.list.selected {
                        self.detail.scroll = 0;
                    }
                }
            }
            Some(Hit::Filter) => self.focus_filter(),
            Some(Hit::Detail) => {
                self.close_editor();
                self.focus = Focus::Detail;
                if self.on_detail_speakers(row) {
                    self.speakers(super::SpeakerInput::Open);
                }
            }
            Some(Hit::Notes) if self.focus != Focus::Notes => self.focus = Focus::Notes,
            _ => {}
        }
    }

    /// The wheel scrolls what is under the pointer; while an overlay is open, only the overlay.
    fn wheel(&mut self, col: u16, row: u16, delta: i32) {
        if self.speaker_view.is_some() {
            return self.speakers(super::SpeakerInput::Move(delta.signum() as isize));
        }
        if self.panel_open() {
            return self.wheel_panel(delta);
        }
        let hit = self.layout.hit(Position::new(col, row));
        match (&mut self.overlay, hit) {
            (Overlay::Help { scroll }, _) => {
                *scroll = step(*scroll, delta as isize, usize::MAX / 2)
            }
            (Overlay::Chooser { .. }, Some(Hit::Overlay)) => {
                self.move_focused(delta.signum() as isize)
            }
            (Overlay::Chooser { .. }, _) => {}
            (Overlay::None, Some(Hit::List)) => {
                let page = self.page();
                let before = self.list.selected;
                self.list.move_by(delta as isize, page);
                if before != self.list.selected {
                    self.detail.scroll = 0;
                }
            }
            (Overlay::None, Some(Hit::Detail)) => {
                self.detail.scroll = step(self.detail.scroll, delta as isize, usize::MAX / 2);
            }
            _ => {}
        }
    }

    /// Selects the talk running now (else the next to start), switching to the schedule view first.
    fn jump_to_now(&mut self) {
        if self.list.sort != Sort::Schedule {
            self.sort_before_schedule = self.list.sort;
            self.list.sort = Sort::Schedule;
            self.refresh_results();
        }
        match super::schedule::now_row(self.catalog.talks(), &self.list.rows, self.clock) {
            Some(row) => {
                let page = self.page();
                self.list.select_row(row, page);
                // A third of a page above it: what just started, the now line and what comes next all show.
                self.list.offset = row.saturating_sub(page / 3);
                self.list.scroll_into_view(page);
                self.detail.scroll = 0;
            }
            None => self.info("nothing in the list runs now or later".into()),
        }
    }

    /// A click in the speaker view picks the person under it; one outside closes the view.
    fn click_speaker_view(&mut self, at: Position, hit: Option<Hit>) {
        let (Some(Hit::Overlay), Some(r), Some(view)) =
            (hit, self.layout.overlay, self.speaker_view.as_mut())
        else {
            self.speaker_view = None;
            return;
        };
        // Inside the border: the query line, then a page of people (see ui::speakers).
        let body = inner(r, true);
        let rows = (body.height as usize).saturating_sub(1).max(1);
        let first = view.selected / rows * rows;
        if let Some(line) = (at.y as usize).checked_sub(body.y as usize + 1) {
            let person = first + line;
            if line < rows && person < view.matches.len() {
                view.selected = person;
            }
        }
    }

    /// Whether screen row `row` shows the selected talk's speakers line in the detail pane.
    fn on_detail_speakers(&self, row: u16) -> bool {
        let (Some(r), Some(talk)) = (self.layout.detail, self.selected_talk()) else {
            return false;
        };
        if talk.speakers.is_empty() {
            return false;
        }
        let body = inner(r, self.layout.bordered);
        let width = body.width.max(1) as usize;
        let Some(line) = (row as usize).checked_sub(body.y as usize) else {
            return false;
        };
        // The title's lines come first, then the speakers'.
        let first = crate::text::width::wrapped_height(&talk.title, width);
        let n = crate::text::width::wrapped_height(&talk.speakers_label(), width);
        (first..first + n).contains(&(line + self.detail.scroll))
    }

    /// The order the list is in now (relevance means conference order when nothing is typed).
    pub fn effective_sort(&self) -> Sort {
        match self.list.sort {
            Sort::Relevance if self.filter.query.trim().is_empty() => Sort::Conference,
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
    fn refilter(&mut self) {
        self.refresh_rows(None);
    }

    pub(super) fn refresh_rows(&mut self, keep: Option<String>) {
        let query = self.filter.query.trim().to_string();
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
        let query = self.filter.query.trim();
        let sort = self.effective_sort();
        let talks = self.catalog.talks();
        // While talks stream in they keep their arrival order (one folder or file at a time, so conference
        // headers still group); sorting everything on every batch would stall the loop on big catalogs.
        let reorder = if self.status.loading {
            Sort::Relevance
        } else {
            sort
        };
        match reorder {
            Sort::Relevance => {}
            Sort::Conference => order.sort_by(|&a, &b| {
                let (a, b) = (&talks[a], &talks[b]);
                b.year
                    .cmp(&a.year)
                    .then_with(|| a.conference.cmp(&b.conference))
                    .then_with(|| a.date.cmp(&b.date))
                    .then_with(|| a.title.cmp(&b.title))
            }),
            // By the index's folded fields: no title is folded again.
            Sort::Speaker => {
                let index = self.catalog.index();
                order.sort_by(|&a, &b| {
                    let ((ta, sa), (tb, sb)) = (index.sort_keys(a), index.sort_keys(b));
                    (talks[a].speakers.is_empty(), sa, ta).cmp(&(
                        talks[b].speakers.is_empty(),
                        sb,
                        tb,
                    ))
                })
            }
            Sort::Title => {
                let index = self.catalog.index();
                order.sort_by(|&a, &b| index.sort_keys(a).0.cmp(index.sort_keys(b).0))
            }
            // Sorted with its rows below.
            Sort::Schedule => {}
        }
        // Entries that are not talks (a conference overview, a blog intro) are listed apart, after the talks.
        let (order, overviews): (Vec<usize>, Vec<usize>) =
            order.into_iter().partition(|&i| !talks[i].is_overview());
        self.list.talk_count = order.len();
        self.list.overview_count = overviews.len();
        self.list.total_talks = if query.is_empty() {
            self.list.talk_count
        } else {
            talks.iter().filter(|t| !t.is_overview()).count()
        };
        let mut rows = if reorder == Sort::Schedule {
            super::schedule::schedule_rows(talks, order, self.clock)
        } else {
            let mut rows = Vec::with_capacity(order.len() + 16);
            let mut last_group: Option<(&str, i32)> = None;
            for &index in &order {
                if sort == Sort::Conference {
                    let t = &talks[index];
                    if last_group != Some((t.conference.as_str(), t.year)) {
                        last_group = Some((t.conference.as_str(), t.year));
                        rows.push(Row::Header(t.conference_label()));
                    }
                }
                rows.push(Row::Talk { index });
            }
            rows
        };
        if !overviews.is_empty() {
            rows.push(Row::Header("Overviews (not talks)".into()));
            rows.extend(overviews.into_iter().map(|index| Row::Talk { index }));
        }
        self.list.rows = rows;
        self.refresh_conflicts();
        let page = self.page();
        let found = keep.and_then(|id| {
            self.list.rows.iter().position(
                |r| matches!(r, Row::Talk { index, .. } if self.catalog.talks()[*index].id == id),
            )
        });
        match found {
            Some(row) => {
                self.list.selected = row;
                self.list.scroll_into_view(page);
            }
            None => {
                self.list.select_edge(false, page);
                self.detail.scroll = 0;
            }
        }
    }

    /// Titles of the marked talks whose times overlap the selected one (when it is marked itself).
    pub fn clashes_of_selected(&self) -> Vec<&str> {
        let Some(i) = self
            .selected_index()
            .filter(|i| self.list.conflicts.contains(i))
        else {
            return Vec::new();
        };
        let talk = &self.catalog.talks()[i];
        let mut out: Vec<&str> = self
            .list
            .conflicts
            .iter()
            .filter(|&&j| {
                j != i && crate::store::schedule::overlaps(talk, &self.catalog.talks()[j])
            })
            .map(|&j| self.catalog.talks()[j].title.as_str())
            .collect();
        out.sort_unstable();
        out
    }

    /// Which marked talks (follow-up or done) overlap in time: from the notes, whatever the filter shows.
    fn refresh_conflicts(&mut self) {
        let marked: Vec<usize> = self
            .notes
            .notes
            .iter()
            .filter(|(_, n)| n.status != Status::None)
            .filter_map(|(id, _)| self.catalog.store().position(id))
            .collect();
        self.list.conflicts = super::schedule::conflicts(self.catalog.talks(), &marked, |_| true);
    }

    pub(super) fn set_message(
        &mut self,
        text: String,
        level: Level,
        for_how_long: Option<Duration>,
    ) {
        self.status.message = Some(Message {
            text,
            level,
            until: for_how_long.map(|d| self.now + d),
        });
    }

    pub(super) fn info(&mut self, text: String) {
        self.set_message(text, Level::Info, Some(MESSAGE_TIME));
    }

    pub(super) fn error(&mut self, text: String) {
        self.set_message(text, Level::Error, Some(MESSAGE_TIME * 3));
    }
}

/// `value + delta`, clamped to `0..=max` (`isize::MIN`/`MAX` jump to the ends).
fn step(value: usize, delta: isize, max: usize) -> usize {
    match delta {
        isize::MIN => 0,
        isize::MAX => max,
        d if d < 0 => value.saturating_sub(d.unsigned_abs()),
        d => value.saturating_add(d as usize).min(max),
    }
}
