//! Everything that can change the app's state, and the side effects `update` asks the loop to perform.
use crate::catalog::Loaded;
use crate::notes::SaveOutcome;
use ratatui_textarea::Input;
use std::time::Instant;

/// The only way state changes: keys (through the keymap), the mouse, time and background work.
#[derive(Debug, Clone)]
pub enum Action {
    /// Leave, saving notes first.
    Quit,
    /// Time passes (autosave, message expiry).
    Tick(Instant),
    /// The terminal has a new size.
    Resize(u16, u16),

    // Movement: what moves depends on the focused pane (list selection, detail scroll, help scroll, chooser).
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    /// Enter on the focused pane: list → detail, notes → edit, chooser → open.
    Confirm,
    /// Esc outside text input: close an overlay, or go back to the list.
    Back,
    FocusNext,
    FocusPrev,
    /// Cycle the list order: relevance, conference, schedule, speaker, title.
    CycleSort,
    /// Switch to the schedule view (or back to the order before it).
    ToggleSchedule,
    /// My agenda: the planned talks in the schedule view (filter `is:planned`); again: back.
    ToggleAgenda,
    /// In the schedule view, select what runs now (else what starts next).
    JumpToNow,
    /// The wall clock moved on (the loop sends it each minute; `CONFNOTES_NOW` fixes it for tests).
    Clock(jiff::Timestamp),

    /// Focus the filter line.
    FocusFilter,
    FilterInsert(char),
    FilterBackspace,
    FilterDelete,
    FilterDeleteWord,
    FilterClear,
    FilterLeft,
    FilterRight,
    FilterHome,
    FilterEnd,
    /// Esc in the filter: leave it, keeping the query.
    FilterLeave,
    /// Enter in the filter: jump to the list.
    FilterAccept,

    /// Open the selected talk's link (a chooser when it has several).
    OpenLink,
    /// Copy the selected talk's link (OSC 52).
    CopyLink,

    /// Start editing the selected talk's notes.
    EditNotes,
    /// Open the scratch pad (notes that belong to no talk) in the editor.
    OpenScratch,
    /// In a scratch page: switch between its day's page and the global one.
    SwitchScratchPage,
    /// Moving scratch lines onto a talk: open the picker, type in it, pick the talk.
    MoveLine(super::MoveInput),
    /// The changes list: open it, move in it, jump to a changed talk.
    ChangesList(super::ChangesInput),
    /// Stop editing (the text is saved).
    StopEditing,
    /// A key for the notes editor.
    EditorInput(Input),
    /// Bracketed paste (into the focused text input).
    Paste(String),
    /// none → planned → follow-up → done → none.
    CycleStatus,
    /// Edit the notes in $VISUAL/$EDITOR.
    EditExternally,
    /// The external editor came back with this text (or an error).
    ExternalEdited {
        id: String,
        result: Result<String, String>,
    },

    ToggleHelp,
    /// The speaker view: open it, type in it, pick a person.
    Speakers(super::SpeakerInput),
    /// A left click at (column, row).
    Click(u16, u16),
    /// The wheel at (column, row): positive is down.
    Wheel(u16, u16, i32),

    /// Files' talks arrived from the loader (all that were waiting, so the list is rebuilt once), each with
    /// its talks' bodies folded for the search index on the loader thread (or none: folded here).
    Loaded(Vec<Loaded>),
    /// The search worker's hits for a query (dropped unless they answer the latest request).
    SearchResults(crate::search::SearchResults),
    /// The loader has finished.
    LoadDone,
    /// A notes save finished.
    Saved(SaveOutcome),
    /// A background refresh of the subscriptions finished: their records now, and a line about what it did.
    SubscriptionsRefreshed(Vec<crate::subscribe::Subscription>, String),
    /// The subscriptions' last change sets (read at start and after a refresh).
    ScheduleChanges(Vec<crate::subscribe::changes::ChangeSet>),
    /// New copies of refreshed subscriptions, parsed, with those refreshes' change sets: the talks on
    /// screen take their times and rooms, and the ones the copies dropped show as cancelled.
    ScheduleUpdated(
        Vec<crate::store::Batch>,
        Vec<crate::subscribe::changes::ChangeSet>,
    ),
    /// A message for the status line (e.g. from the loop: clipboard, browser failures).
    Message(String),
}

impl Action {
    /// Whether this input is applied at once while the search worker is busy: editing the query (each key
    /// cancels the stale pass), typing notes, quitting, resizing. Anything else acts on the rows, so the
    /// loop holds it, in order, until the rows answer the typed query (as if matching took no time).
    pub fn runs_while_searching(&self) -> bool {
        matches!(
            self,
            Action::Quit
                | Action::Resize(..)
                | Action::FilterInsert(_)
                | Action::FilterBackspace
                | Action::FilterDelete
                | Action::FilterDeleteWord
                | Action::FilterClear
                | Action::FilterLeft
                | Action::FilterRight
                | Action::FilterHome
                | Action::FilterEnd
                | Action::EditorInput(_)
                | Action::Paste(_)
        ) || matches!(self, Action::MoveLine(input) if !input.waits_for_results())
    }
}

/// Side effects `update` asks the event loop to perform; the loop reports back with actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Hand the current notes to the background saver.
    SaveNotes,
    /// Open a URL in the browser (without waiting for it).
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Suspend the UI and edit `text` in the user's editor.
    EditExternally { id: String, text: String },
    /// Ask the search worker for the hits of a query (answered with `Action::SearchResults`).
    Search(crate::search::SearchRequest),
    /// Ask the move picker's search worker (answered with `MoveInput::Results`).
    PickerSearch(crate::search::SearchRequest),
    /// Save and leave.
    Quit,
}
