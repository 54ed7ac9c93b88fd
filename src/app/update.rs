//! `App::update`: routing. One match on `Action` hands each to the pane that owns it (list, filter, detail,
//! notes editor, help, link chooser, the overlays), then the layout and the scroll offsets follow.
use super::layout::{Areas, LayoutInput};
use super::{Action, App, Effect, Focus, Level, Overlay};
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

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
            Action::CycleSort => self.cycle_sort(),
            Action::ToggleSchedule => self.toggle_schedule(),
            Action::ToggleAgenda => self.toggle_agenda(),
            Action::JumpToNow => self.jump_to_now(),
            Action::Clock(now) => self.set_clock(now),
            Action::FocusFilter => self.focus_filter(),
            // A typed control or bidi character (a paste without bracketed paste) would be drawn.
            Action::FilterInsert(c) if crate::text::is_unsafe_char(c) => {}
            Action::FilterInsert(c) => self.filter_insert(c),
            Action::FilterBackspace => {
                let changed = self.filter.backspace();
                self.filter_edited(changed)
            }
            Action::FilterDelete => {
                let changed = self.filter.delete();
                self.filter_edited(changed)
            }
            Action::FilterDeleteWord => {
                self.filter.delete_word();
                self.refilter()
            }
            Action::FilterClear => {
                self.filter.clear();
                self.refilter()
            }
            Action::FilterLeft => self.filter.left(),
            Action::FilterRight => self.filter.right(),
            Action::FilterHome => self.filter.home(),
            Action::FilterEnd => self.filter.end(),
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
            Action::StopEditing => self.close_editor(),
            Action::EditorInput(input) => self.editor_input(input),
            Action::Paste(text) if self.panel_open() => self.paste_into_panel(&text),
            Action::Paste(text) => match (self.focus, &self.editor) {
                (Focus::Notes, Some(_)) => self.editor_paste(&text),
                (Focus::Filter, _) => self.filter_paste(&text),
                _ => {}
            },
            Action::CycleStatus => self.cycle_status(),
            Action::EditExternally => self.edit_externally(&mut effects),
            Action::ExternalEdited { id, result } => self.external_edited(&id, result),
            Action::ToggleHelp => self.toggle_help(),
            Action::Speakers(input) => self.speakers(input),
            Action::Click(col, row) => self.click(col, row),
            Action::Wheel(col, row, delta) => self.wheel(col, row, delta),
            Action::Loaded(batches) => self.loaded(batches),
            Action::LoadDone => self.load_done(),
            Action::Saved(outcome) => self.saved(outcome),
            Action::Message(text) => self.info(text),
            Action::SubscriptionsRefreshed(subs, summary) => {
                self.status.refreshing = false;
                self.status.subscriptions = subs;
                self.info(summary);
            }
            Action::ScheduleChanges(sets) => self.set_schedule_changes(sets),
            Action::ScheduleUpdated(batches, fresh) => self.schedule_updated(batches, &fresh),
            Action::SearchResults(results) => self.search_results(results),
        }
        if std::mem::take(&mut self.save_pending) {
            effects.insert(0, Effect::SaveNotes);
        }
        if let Some(request) = self.search.outgoing.take() {
            effects.push(Effect::Search(request));
        }
        if let Some(request) = self.move_picker.as_mut().and_then(|p| p.outgoing.take()) {
            effects.push(Effect::PickerSearch(request));
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
            self.detail.clamp(max);
        }
        if let Overlay::Help(mut help) = self.overlay
            && help.scroll > 0
        {
            help.clamp(self.help_max_scroll());
            self.overlay = Overlay::Help(help);
        }
    }

    /// Time passes: autosave typed notes, expire messages. Says (through `take_tick_changes`) whether
    /// anything on screen may differ, so an idle tick draws nothing.
    fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.status.rows_stale {
            self.rebuild_rows_now();
            self.tick_changed = true;
        }
        if self.autosave_editor(now) {
            self.tick_changed = true;
        }
        if self.status.expire(now) {
            self.tick_changed = true;
        }
    }

    /// Whether the ticks (and clock moves) since the last call changed anything that is drawn.
    pub fn take_tick_changes(&mut self) -> bool {
        std::mem::take(&mut self.tick_changed)
    }

    /// Rows of list content on screen: the page size for paging keys.
    pub(crate) fn page(&self) -> usize {
        self.layout.list_rows().max(1)
    }

    /// A movement key moves what has the keyboard: the help's or the chooser's, else the focused pane's.
    fn move_focused(&mut self, delta: isize) {
        match (&mut self.overlay, self.focus) {
            (Overlay::Help(help), _) => help.scroll_by(delta),
            (Overlay::Chooser(_), _) => self.move_in_chooser(delta),
            (Overlay::None, Focus::Detail) => self.detail.scroll_by(delta),
            (Overlay::None, Focus::Notes) => {}
            (Overlay::None, Focus::List | Focus::Filter) => {
                self.move_selection(|list, page| match delta {
                    isize::MIN => list.select_edge(false, page),
                    isize::MAX => list.select_edge(true, page),
                    d => list.move_by(d, page),
                })
            }
        }
    }

    /// Enter: the chooser opens its link, the help closes, the list shows the detail, the detail opens the
    /// link, the notes start editing.
    fn confirm(&mut self, effects: &mut Vec<Effect>) {
        match (self.overlay, self.focus) {
            (Overlay::Chooser(chooser), _) => self.open_chosen_link(chooser, effects),
            (Overlay::Help(_), _) => self.overlay = Overlay::None,
            (Overlay::None, Focus::List | Focus::Filter) => self.focus = Focus::Detail,
            (Overlay::None, Focus::Detail) => self.open_link(effects),
            (Overlay::None, Focus::Notes) => self.start_editing(),
        }
    }

    /// Esc outside text input: close an overlay, or go back to the list.
    fn back(&mut self) {
        if self.overlay != Overlay::None {
            self.overlay = Overlay::None;
        } else {
            self.focus = Focus::List;
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        self.close_editor();
        self.overlay = Overlay::None;
        self.focus = self.focus.cycle(forward);
        match self.focus {
            Focus::Notes => self.narrow_notes = true,
            Focus::Detail => self.narrow_notes = false,
            _ => {}
        }
    }

    /// The loader has finished: the stand-ins for cancelled talks, the scratch pages, the final order, and
    /// a word about what could not be loaded.
    fn load_done(&mut self) {
        self.status.loading = false;
        self.status.rows_stale = false;
        self.add_cancelled_stand_ins();
        self.list_scratch_if_written();
        self.refresh_results();
        if let Some(summary) = self.status.load_summary() {
            self.set_message(summary, Level::Warning, Some(Duration::from_secs(15)));
        }
    }
}
