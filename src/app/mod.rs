//! The app's state and its one entry point for change, `update`.
//!
//! Each pane has its own state struct with its own methods, in its own file: the list (`list.rs`, its rows
//! from the filter in `rows.rs`), the filter line (`filter.rs`), the detail (`detail.rs`), the notes editor
//! (`editor.rs`), the help (`help.rs`), the link chooser (`chooser.rs`), the status line (`status.rs`) and
//! the overlays that take every key (speakers, the move picker, the changes list). `App` holds them, and
//! `update` (`update.rs`) only routes each action to the pane it is for. `update` is pure apart from reading
//! the clock for note timestamps: all I/O comes back out as `Effect`s for the event loop to perform.
pub mod action;
mod changes;
mod changes_list;
mod chooser;
pub mod detail;
mod editor;
mod filter;
pub mod help;
pub mod keymap;
pub mod layout;
mod list;
mod mouse;
mod move_line;
mod notes;
mod panels;
mod rows;
pub mod schedule;
mod scratch;
mod scroll;
pub mod search;
mod speakers;
mod status;
mod update;

pub use action::{Action, Effect};
pub use changes::ScheduleChanges;
pub use changes_list::{ChangesInput, ChangesList, ChangesRow};
pub use chooser::LinkChooser;
pub use detail::DetailState;
pub use editor::{AUTOSAVE_AFTER, EditorState, MAX_EDITOR_NOTE_BYTES};
pub use filter::{FilterState, MAX_QUERY_CHARS};
pub use help::HelpState;
pub use keymap::{Key, Keymap, Mode};
pub use list::{ListView, Row, Sort};
pub use move_line::{MoveInput, MovePicker};
pub use scroll::ScrollState;
pub use speakers::{SpeakerInput, SpeakerView};
pub use status::{Level, Message, StatusState};

use crate::catalog::Catalog;
use crate::notes::NotesStore;
use crate::search::Searcher;
use crate::store::Store;
use std::time::Instant;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Filter,
    Detail,
    Notes,
}

impl Focus {
    /// Tab (or back-tab) order: list, detail, notes (from the filter: as from the list).
    pub fn cycle(self, forward: bool) -> Focus {
        let order = [Focus::List, Focus::Detail, Focus::Notes];
        let at = order.iter().position(|f| *f == self).unwrap_or(0);
        order[if forward { (at + 1) % 3 } else { (at + 2) % 3 }]
    }
}

/// What is drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help(HelpState),
    /// Choosing one of the selected talk's links.
    Chooser(LinkChooser),
}

/// The whole state of the TUI.
pub struct App {
    /// The talks, their search index and the people who speak in them.
    pub catalog: Catalog,
    /// Answers the filter per keystroke, narrowing the previous hits when it can.
    pub searcher: Searcher,
    /// Who matches the filter (inline, or a worker) and what is in flight.
    pub search: search::SearchState,
    pub notes: NotesStore,
    pub keymap: Keymap,
    pub list: ListView,
    pub filter: FilterState,
    pub detail: DetailState,
    pub editor: Option<EditorState>,
    pub focus: Focus,
    /// In narrow terminals: whether the second pane shows the notes (else the detail).
    pub narrow_notes: bool,
    pub overlay: Overlay,
    pub status: StatusState,
    /// The terminal size, for layout-dependent moves (pages, clicks).
    pub size: (u16, u16),
    /// Where each pane is at `size`: recomputed by `update`, read by drawing and mouse hit-testing.
    pub layout: layout::Areas,
    /// Set once `Quit` has been handled.
    pub quitting: bool,
    /// Notes changed during this update: ask the loop to save them.
    save_pending: bool,
    /// A tick changed something drawn (a message expired, typed notes were committed).
    tick_changed: bool,
    pub now: Instant,
    /// The speaker view, while it is open (drawn over the panes; it gets every key).
    pub speaker_view: Option<SpeakerView>,
    /// The wall clock, for the schedule view and time queries (set by `Action::Clock`).
    pub clock: jiff::Timestamp,
    /// The order to go back to when the schedule view is toggled off.
    pub(super) sort_before_schedule: Sort,
    /// Every talk in an order that sorts (conference, speaker, title), with the order and the catalog
    /// version it was sorted for: an emptied filter shows it again without sorting 200k talks anew.
    pub(super) sorted_all: Option<(Sort, u64, Vec<usize>)>,
    /// What the last refresh of each subscription changed.
    pub changes: ScheduleChanges,
    /// The changes list, while it is open (drawn over the panes; it gets every key).
    pub changes_list: Option<ChangesList>,
    /// The picker that moves scratch lines onto a talk, while it is open (it gets every key).
    pub move_picker: Option<MovePicker>,
    /// The day of the scratch page last opened: where Ctrl-G goes back to from the global page.
    pub last_scratch_day: Option<jiff::civil::Date>,
}

impl App {
    /// An app over `store` (more talks may arrive later through `Action::Loaded`).
    pub fn new(store: Store, notes: NotesStore, keymap: Keymap) -> App {
        let mut app = App {
            catalog: Catalog::new(store, &Default::default()),
            searcher: Searcher::new(),
            search: search::SearchState::default(),
            notes,
            keymap,
            list: ListView::default(),
            filter: FilterState::default(),
            detail: DetailState::default(),
            editor: None,
            focus: Focus::List,
            narrow_notes: false,
            overlay: Overlay::None,
            status: StatusState::default(),
            size: (80, 24),
            layout: layout::Areas::default(),
            quitting: false,
            save_pending: false,
            tick_changed: false,
            now: Instant::now(),
            speaker_view: None,
            clock: crate::store::schedule::now(),
            sort_before_schedule: Sort::Relevance,
            sorted_all: None,
            changes: ScheduleChanges::default(),
            changes_list: None,
            move_picker: None,
            last_scratch_day: None,
        };
        if let Some(reason) = &app.notes.read_only_reason {
            app.status.message = Some(Message {
                text: format!("notes are read-only: {reason}"),
                level: Level::Error,
                until: None,
            });
        }
        app.searcher.set_now(app.clock);
        app.relayout();
        app.refresh_results();
        app
    }

    /// The store position of the selected talk.
    pub fn selected_index(&self) -> Option<usize> {
        self.list.selected_talk()
    }

    /// The selected talk.
    pub fn selected_talk(&self) -> Option<&crate::store::Talk> {
        self.selected_index().map(|i| &self.catalog.talks()[i])
    }

    /// Where the filter matches talk `index` (store position), while a query is active.
    pub fn highlights(&self, index: usize) -> Option<crate::search::Highlights> {
        if self.filter.query().trim().is_empty() {
            return None;
        }
        // Of the query whose hits are on screen (the typed one may still be searching).
        let notes = crate::search::TalkNotes::new(self.catalog.talks(), &self.notes.notes);
        Some(
            self.catalog
                .index()
                .highlights(index, &self.search.shown, &notes),
        )
    }

    /// Which keymap applies now.
    pub fn mode(&self) -> Mode {
        if self.move_picker.is_some() {
            return Mode::Picker;
        }
        if self.changes_list.is_some() {
            return Mode::Changes;
        }
        match self.overlay {
            Overlay::Help(_) => Mode::Help,
            Overlay::Chooser(_) => Mode::Chooser,
            Overlay::None => match self.focus {
                Focus::Filter => Mode::Filter,
                Focus::Notes if self.editor.is_some() => Mode::Editor,
                _ => Mode::Normal,
            },
        }
    }

    /// In a narrow terminal, whether the notes pane (rather than the detail) is the one shown.
    pub fn narrow_shows_notes(&self) -> bool {
        match self.focus {
            Focus::Notes => true,
            Focus::Detail => false,
            _ => self.narrow_notes,
        }
    }

    /// Turns a key into an action. A focused text input takes every key that types before any binding
    /// is looked at (so no user binding can eat a letter); then the current mode's keymap; then the input's
    /// own editing keys.
    pub fn action_for_key(&self, key: crossterm::event::KeyEvent) -> Option<Action> {
        use crossterm::event::KeyCode;
        if self.speaker_view.is_some() {
            return self.speaker_key(key);
        }
        if self.move_picker.is_some() {
            return self.move_picker_key(key);
        }
        if self.changes_list.is_some() {
            return self.changes_list_key(key);
        }
        let mode = self.mode();
        let types = Key::from(key).types_text();
        match mode {
            Mode::Filter if types => {
                if let KeyCode::Char(c) = key.code {
                    return Some(Action::FilterInsert(c));
                }
            }
            Mode::Editor if types => return Some(Action::EditorInput(key.into())),
            _ => {}
        }
        if let Some(action) = self.keymap.lookup(mode, key) {
            return Some(action);
        }
        match mode {
            Mode::Filter => Some(match key.code {
                KeyCode::Backspace => Action::FilterBackspace,
                KeyCode::Delete => Action::FilterDelete,
                KeyCode::Left => Action::FilterLeft,
                KeyCode::Right => Action::FilterRight,
                KeyCode::Home => Action::FilterHome,
                KeyCode::End => Action::FilterEnd,
                _ => return None,
            }),
            Mode::Editor => Some(Action::EditorInput(key.into())),
            _ => None,
        }
    }

    /// Whether the notes have changes that have not been handed to the saver.
    pub fn has_unsaved_edits(&self) -> bool {
        self.editor.as_ref().is_some_and(|e| e.dirty)
    }
}

#[cfg(test)]
pub(crate) mod tests;
