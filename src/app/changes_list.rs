//! The changes list (`c`): what the last refresh of each subscription changed, newest subscription first,
//! yours (planned, follow-up or annotated talks, ★) before the others; Enter jumps to the talk.
use super::{Action, App, Focus, Mode};
use crate::subscribe::changes::is_mine;
use crossterm::event::KeyEvent;

/// What the changes list does with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangesInput {
    /// Open the list (again: close it).
    Toggle,
    /// Move the selection by this many changes (`isize::MIN`/`MAX`: to the ends).
    Move(isize),
    /// Jump to the selected change's talk.
    Pick,
    Close,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangesRow {
    /// A subscription: "pycon-uk · fetched Fri 27 Dec 08:00 · 3 talks added".
    Heading(String),
    /// A change to one talk.
    Change {
        id: String,
        title: String,
        /// "moved: Fri 10:30 Saal 1 → Fri 14:00 Saal 2", "cancelled", "speakers: A → B".
        what: String,
        /// The talk is planned, a follow-up or has notes.
        mine: bool,
    },
}

/// The open changes list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangesList {
    pub rows: Vec<ChangesRow>,
    /// The selected row (always a change, when there is one).
    pub selected: usize,
}

impl ChangesList {
    /// The rows of `changes` as the list shows them.
    fn build(app: &App) -> ChangesList {
        let mut sets: Vec<&crate::subscribe::changes::ChangeSet> =
            app.changes.sets.iter().collect();
        sets.sort_by_key(|s| std::cmp::Reverse(s.at));
        let mut rows = Vec::new();
        for set in sets {
            let at = set
                .at
                .to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%a %-d %b %H:%M");
            let mut heading = format!("{} · fetched {at}", set.subscription);
            match set.added.len() {
                0 => {}
                1 => heading.push_str(" · 1 talk added"),
                n => heading.push_str(&format!(" · {n} talks added")),
            }
            if set.changes.is_empty() {
                heading.push_str(" · nothing moved or cancelled");
            }
            rows.push(ChangesRow::Heading(heading));
            let mut changes: Vec<ChangesRow> = (set.changes.iter())
                .map(|c| ChangesRow::Change {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    what: c.describe(),
                    mine: is_mine(&app.notes.notes, &c.id),
                })
                .collect();
            // Yours first; otherwise the refresh's order (stable sort).
            changes.sort_by_key(|r| !matches!(r, ChangesRow::Change { mine: true, .. }));
            rows.extend(changes);
        }
        let selected = rows.iter().position(is_change).unwrap_or(0);
        ChangesList { rows, selected }
    }

    /// The positions of the change rows, in order.
    fn change_rows(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| is_change(&self.rows[i]))
            .collect()
    }

    /// Moves to another change, skipping headings.
    fn step(&mut self, by: isize) {
        let changes = self.change_rows();
        let Some(at) = changes.iter().position(|&i| i == self.selected) else {
            return;
        };
        let to = match by {
            isize::MIN => 0,
            isize::MAX => changes.len() - 1,
            by => at.saturating_add_signed(by).min(changes.len() - 1),
        };
        self.selected = changes[to];
    }
}

fn is_change(row: &ChangesRow) -> bool {
    matches!(row, ChangesRow::Change { .. })
}

impl App {
    /// The key's meaning while the changes list is open (the `[changes]` keys).
    pub(super) fn changes_list_key(&self, key: KeyEvent) -> Option<Action> {
        let input = match self.keymap.lookup(Mode::Changes, key)? {
            Action::Quit => return Some(Action::Quit),
            Action::Down => ChangesInput::Move(1),
            Action::Up => ChangesInput::Move(-1),
            Action::PageDown => ChangesInput::Move(10),
            Action::PageUp => ChangesInput::Move(-10),
            Action::Top => ChangesInput::Move(isize::MIN),
            Action::Bottom => ChangesInput::Move(isize::MAX),
            Action::Confirm => ChangesInput::Pick,
            Action::Back => ChangesInput::Close,
            Action::ChangesList(input) => input,
            _ => return None,
        };
        Some(Action::ChangesList(input))
    }

    /// Handles one changes-list input.
    pub(super) fn changes_list(&mut self, input: ChangesInput) {
        let Some(list) = self.changes_list.as_mut() else {
            if input == ChangesInput::Toggle {
                self.close_editor();
                self.changes_list = Some(ChangesList::build(self));
            }
            return;
        };
        match input {
            ChangesInput::Toggle | ChangesInput::Close => self.changes_list = None,
            ChangesInput::Move(by) => list.step(by),
            ChangesInput::Pick => {
                let Some(ChangesRow::Change { id, title, .. }) = list.rows.get(list.selected)
                else {
                    return;
                };
                let (id, title) = (id.clone(), title.clone());
                self.changes_list = None;
                self.jump_to_talk(&id, &title);
            }
        }
    }

    /// Selects talk `id` in the list, clearing a filter that hides it.
    fn jump_to_talk(&mut self, id: &str, title: &str) {
        let row_of = |app: &App| app.list.row_of(app.catalog.talks(), id);
        if row_of(self).is_none() && self.catalog.store().get(id).is_some() {
            self.filter.clear();
            self.refresh_rows(Some(id.to_string()));
            self.info("filter cleared to show the talk".into());
        }
        match row_of(self) {
            Some(row) => {
                self.show_row(row);
                self.focus = Focus::List;
            }
            None => self.info(format!("«{title}» is no longer in the schedule")),
        }
    }
}
