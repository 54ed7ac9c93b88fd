//! Moving scratch lines onto a talk: Ctrl-T in a scratch page takes the line under the cursor (or the
//! selected lines) and opens a picker of talks that filters as you type; Enter appends the lines to the
//! chosen talk's notes and removes them from the page, in one notes change (one save); Esc changes nothing.
use super::{Action, App, EditorState, Mode};
use crate::notes::{Timestamp, is_scratch, scratch_day};
use crate::search::{SearchRequest, SearchResults, Searcher, TalkNotes};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the move picker does with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveInput {
    /// Take the line(s) at the scratch editor's cursor and open the picker.
    Open,
    Insert(char),
    Backspace,
    /// Clear the query.
    Clear,
    /// Move the selection by this many talks (`isize::MIN`/`MAX`: to the ends).
    Move(isize),
    /// Move the lines onto the selected talk.
    Pick,
    /// Close the picker, changing nothing.
    Cancel,
    /// The picker's search worker answers (see `refilter_move_picker`).
    Results(SearchResults),
}

impl MoveInput {
    /// Whether the input acts on the offered talks, and so waits for the answer to the typed query.
    pub fn waits_for_results(&self) -> bool {
        matches!(self, MoveInput::Move(_) | MoveInput::Pick)
    }
}

/// The open picker: the lines being moved and the talks to choose from.
#[derive(Clone)]
pub struct MovePicker {
    /// The scratch page the lines come from.
    pub from: String,
    /// The first of the moved rows of the page, and the lines themselves (checked again on Enter: a merge
    /// from another session could have changed the page meanwhile).
    pub first_row: usize,
    pub lines: Vec<String>,
    pub query: String,
    /// Store positions of the talks offered, best first.
    pub matches: Vec<usize>,
    pub selected: usize,
    /// Matches inline (tests, benches); the TUI asks a search worker of its own instead, as the filter
    /// does, so typing here never waits for a 200k-talk pass either.
    searcher: Searcher,
    /// The request whose complete answer has not come yet (its generation).
    pub(super) pending: Option<u64>,
    /// Asked in this update, for the loop to send.
    pub(super) outgoing: Option<SearchRequest>,
}

impl MovePicker {
    /// Whether the talks offered answer an older query than the one typed (the worker's answer is due).
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }
}

impl App {
    /// The key's meaning while the picker is open: typing filters; the `[picker]` keys move, pick, cancel.
    pub(super) fn move_picker_key(&self, key: KeyEvent) -> Option<Action> {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let input = match (key.code, self.keymap.lookup(Mode::Picker, key)) {
            (KeyCode::Char(c), _) if plain => MoveInput::Insert(c),
            (_, Some(Action::Quit)) => return Some(Action::Quit),
            (_, Some(Action::Down)) => MoveInput::Move(1),
            (_, Some(Action::Up)) => MoveInput::Move(-1),
            (_, Some(Action::PageDown)) => MoveInput::Move(10),
            (_, Some(Action::PageUp)) => MoveInput::Move(-10),
            (_, Some(Action::Confirm)) => MoveInput::Pick,
            (_, Some(Action::Back)) => MoveInput::Cancel,
            (_, Some(Action::FilterClear)) => MoveInput::Clear,
            (KeyCode::Backspace, _) => MoveInput::Backspace,
            _ => return None,
        };
        Some(Action::MoveLine(input))
    }

    /// Handles one picker input.
    pub(super) fn move_line(&mut self, input: MoveInput) {
        if input == MoveInput::Open {
            return self.open_move_picker();
        }
        let Some(picker) = self.move_picker.as_mut() else {
            return;
        };
        match input {
            MoveInput::Open => {}
            MoveInput::Cancel => self.move_picker = None,
            MoveInput::Insert(c) if crate::text::is_unsafe_char(c) => {}
            MoveInput::Insert(c) => {
                picker.query.push(c);
                self.refilter_move_picker();
            }
            MoveInput::Backspace => {
                picker.query.pop();
                self.refilter_move_picker();
            }
            MoveInput::Clear => {
                picker.query.clear();
                self.refilter_move_picker();
            }
            MoveInput::Move(by) => {
                let last = picker.matches.len().saturating_sub(1);
                picker.selected = match by {
                    isize::MIN => 0,
                    isize::MAX => last,
                    by => picker.selected.saturating_add_signed(by).min(last),
                };
            }
            MoveInput::Pick => self.move_lines_to_selected_talk(),
            MoveInput::Results(results) => {
                if picker.pending != Some(results.generation) {
                    return;
                }
                if results.complete && results.ordered {
                    picker.pending = None;
                }
                let talks = self.catalog.talks();
                picker.matches = results
                    .hits
                    .into_iter()
                    .filter(|&i| offered(talks, i))
                    .collect();
                picker.selected = 0;
            }
        }
    }

    /// Whether the rows on screen (the filter's, or the open picker's) answer an older query than the one
    /// typed: the loop holds input that acts on them until the answer comes.
    pub fn awaits_results(&self) -> bool {
        self.search.searching() || self.move_picker.as_ref().is_some_and(MovePicker::searching)
    }

    fn open_move_picker(&mut self) {
        let Some(editor) = self.editor.as_ref().filter(|e| is_scratch(&e.id)) else {
            self.info(
                "only scratch page lines move onto a talk: open the scratch pad with N".into(),
            );
            return;
        };
        if let Some(reason) = &self.notes.read_only_reason {
            let text = format!("notes are read-only: {reason}");
            self.error(text);
            return;
        }
        let (first, last) = moved_rows(editor);
        let lines: Vec<String> = editor.textarea.lines()[first..=last].to_vec();
        if lines.iter().all(|l| l.trim().is_empty()) {
            self.info("nothing to move: the line is empty".into());
            return;
        }
        let mut searcher = Searcher::new();
        searcher.set_now(self.clock);
        self.move_picker = Some(MovePicker {
            from: editor.id.clone(),
            first_row: first,
            lines,
            query: String::new(),
            matches: Vec::new(),
            selected: 0,
            searcher,
            pending: None,
            outgoing: None,
        });
        self.refilter_move_picker();
    }

    /// Ranks the talks for the picker's query: with none, the talks of the page's day first (by start),
    /// then the rest in store order. Scratch pages and overviews are never offered. With a search worker
    /// the ranked talks follow as `MoveInput::Results`.
    fn refilter_move_picker(&mut self) {
        let Some(query) = self
            .move_picker
            .as_ref()
            .map(|p| p.query.trim().to_string())
        else {
            return;
        };
        if !query.is_empty() && self.search.uses_worker() {
            let generation = self.search.next_picker_generation();
            let request = SearchRequest {
                generation,
                query,
                notes: self.notes_snapshot(),
                now: self.clock,
            };
            if let Some(picker) = self.move_picker.as_mut() {
                picker.pending = Some(generation);
                picker.outgoing = Some(request);
            }
            return;
        }
        let Some(picker) = self.move_picker.as_mut() else {
            return;
        };
        picker.pending = None;
        let talks = &self.catalog.talks();
        picker.matches = if query.is_empty() {
            let day = scratch_day(&picker.from);
            let (mut of_day, rest): (Vec<usize>, Vec<usize>) = (0..talks.len())
                .filter(|&i| offered(talks, i))
                .partition(|&i| day.is_some() && super::scratch::talk_day(&talks[i]) == day);
            of_day.sort_by_key(|&i| (talks[i].schedule.start.map(|s| s.timestamp), i));
            of_day.extend(rest);
            of_day
        } else {
            let notes = TalkNotes::new(talks, &self.notes.notes);
            (picker
                .searcher
                .search(&self.catalog.index(), &query, &notes)
                .iter())
            .map(|h| h.index)
            .filter(|&i| offered(talks, i))
            .collect()
        };
        picker.selected = 0;
    }

    /// Enter: the lines go to the end of the chosen talk's notes and leave the scratch page; both edits are
    /// one notes change, so one save writes them together.
    fn move_lines_to_selected_talk(&mut self) {
        let Some(picker) = self.move_picker.take() else {
            return;
        };
        let Some(&target) = picker.matches.get(picker.selected) else {
            self.info("no talk matches: nothing moved".into());
            return;
        };
        let still_there = self.editor.as_ref().is_some_and(|e| {
            e.id == picker.from
                && e.textarea
                    .lines()
                    .get(picker.first_row..picker.first_row + picker.lines.len())
                    == Some(&picker.lines[..])
        });
        if !still_there {
            self.error("the scratch page changed meanwhile: nothing moved, try again".into());
            return;
        }
        // The page as typed becomes the note first, so the removal below starts from it.
        self.commit_editor();
        let mut rest = self
            .note_text(&picker.from)
            .split('\n')
            .map(String::from)
            .collect::<Vec<_>>();
        let end = (picker.first_row + picker.lines.len()).min(rest.len());
        rest.drain(picker.first_row.min(end)..end);
        let rest = rest.join("\n");
        let (talk_id, title) = {
            let talk = &self.catalog.talks()[target];
            (talk.id.clone(), talk.title.clone())
        };
        let now = Timestamp::now();
        let moved = picker.lines.join("\n");
        let appended = self.notes.notes.append_text(&talk_id, &moved, now);
        let removed = self.notes.notes.set_text(&picker.from, &rest, now);
        if appended || removed {
            self.notes_changed();
        }
        let mut editor = EditorState::new(picker.from.clone(), &rest, self.now);
        let row = picker
            .first_row
            .min(editor.textarea.lines().len().saturating_sub(1));
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        editor
            .textarea
            .move_cursor(ratatui_textarea::CursorMove::Jump(row, 0));
        self.editor = Some(editor);
        let n = picker.lines.len();
        let lines = if n == 1 { "line" } else { "lines" };
        self.info(format!("moved {n} {lines} to «{title}»"));
    }
}

/// Whether talk `i` may receive lines: scratch pages and overviews never do.
fn offered(talks: &[crate::store::Talk], i: usize) -> bool {
    talks
        .get(i)
        .is_some_and(|t| !is_scratch(&t.id) && !t.is_overview())
}

/// The rows a move takes: the selection's (a selection ending at the start of a row leaves that row out),
/// else the cursor's.
fn moved_rows(editor: &EditorState) -> (usize, usize) {
    match editor.textarea.selection_range() {
        Some(((r1, _), (r2, c2))) if r2 > r1 && c2 == 0 => (r1, r2 - 1),
        Some(((r1, _), (r2, _))) => (r1, r2),
        None => {
            let row = editor.textarea.cursor().0;
            (row, row)
        }
    }
}
