//! The speaker view: everyone in the store once (see `crate::speakers`), filtered as you type; Enter lists
//! the chosen person's talks with the filter line `speaker:"Name"`.
use super::{App, Focus, Sort};
use crate::speakers::{PeopleFinder, SpeakerIndex, SpeakerRules};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the speaker view does with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerInput {
    /// Open the view (from the list).
    Open,
    /// Close it, leaving the list as it was.
    Close,
    Insert(char),
    Backspace,
    /// Clear the query.
    Clear,
    /// Move the selection by this many people.
    Move(isize),
    /// Show the selected person's talks.
    Pick,
}

/// The open speaker view: the query and the people matching it.
#[derive(Debug, Clone, Default)]
pub struct SpeakerView {
    pub query: String,
    /// Indices into `SpeakerIndex::people`, best match first (by name with no query).
    pub matches: Vec<usize>,
    pub selected: usize,
    /// Everyone's names folded when the view opened (people who arrive later show the next time).
    finder: PeopleFinder,
}

impl App {
    /// Applies the user's `[speakers]` rules (the index is rebuilt over the talks loaded so far).
    pub fn set_speaker_rules(&mut self, rules: &SpeakerRules) {
        self.people = SpeakerIndex::build(&self.store.talks, rules);
    }

    /// Keeps the people in step with the store: talks appended from `from` on, and talks merges changed.
    pub(super) fn index_speakers(&mut self, from: usize, touched: &[usize]) {
        let talks = &self.store.talks;
        for i in (from..talks.len()).chain(touched.iter().copied()) {
            self.people.add_talk(i, &talks[i]);
        }
    }

    /// The key's meaning while the speaker view is open: typing filters, arrows move, Enter picks, Esc closes.
    pub(super) fn speaker_key(&self, key: KeyEvent) -> Option<super::Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let input = match key.code {
            KeyCode::Char('c') if ctrl => return Some(super::Action::Quit),
            KeyCode::Char('u') if ctrl => SpeakerInput::Clear,
            KeyCode::Char('n') if ctrl => SpeakerInput::Move(1),
            KeyCode::Char('p') if ctrl => SpeakerInput::Move(-1),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                SpeakerInput::Insert(c)
            }
            KeyCode::Backspace => SpeakerInput::Backspace,
            KeyCode::Down => SpeakerInput::Move(1),
            KeyCode::Up => SpeakerInput::Move(-1),
            KeyCode::PageDown => SpeakerInput::Move(10),
            KeyCode::PageUp => SpeakerInput::Move(-10),
            KeyCode::Enter => SpeakerInput::Pick,
            KeyCode::Esc => SpeakerInput::Close,
            _ => return None,
        };
        Some(super::Action::Speakers(input))
    }

    /// Handles one speaker-view input.
    pub(super) fn speakers(&mut self, input: SpeakerInput) {
        let Some(view) = self.speaker_view.as_mut() else {
            if input == SpeakerInput::Open {
                let finder = PeopleFinder::new(&self.people);
                self.speaker_view = Some(SpeakerView {
                    matches: finder.find(""),
                    finder,
                    ..SpeakerView::default()
                });
            }
            return;
        };
        match input {
            SpeakerInput::Open => {}
            SpeakerInput::Close => self.speaker_view = None,
            SpeakerInput::Insert(c) if crate::text::is_unsafe_char(c) => {}
            SpeakerInput::Insert(c) => {
                view.query.push(c);
                refilter(view);
            }
            SpeakerInput::Backspace => {
                view.query.pop();
                refilter(view);
            }
            SpeakerInput::Clear => {
                view.query.clear();
                refilter(view);
            }
            SpeakerInput::Move(by) => {
                let last = view.matches.len().saturating_sub(1);
                view.selected = view.selected.saturating_add_signed(by).min(last);
            }
            SpeakerInput::Pick => {
                let Some(&person) = view.matches.get(view.selected) else {
                    return;
                };
                self.speaker_view = None;
                self.show_talks_of(person);
            }
        }
    }

    /// Lists every talk of person `person` (all conferences, grouped by conference), filter `speaker:"Name"`.
    fn show_talks_of(&mut self, person: usize) {
        let p = &self.people.people()[person];
        // `speaker:` terms match every name of the person on their talks (spellings, declared aliases).
        for &t in &p.talks {
            let aliases = self.people.aliases_for(&self.store.talks[t]);
            self.index.set_aliases(t, &aliases);
        }
        let name: String = p.name().chars().filter(|&c| c != '"').collect();
        self.filter.query = format!("speaker:\"{name}\"");
        self.filter.cursor = self.filter.query.chars().count();
        self.list.sort = Sort::Conference;
        self.focus = Focus::List;
        self.list.selected = 0;
        self.refresh_results();
    }
}

fn refilter(view: &mut SpeakerView) {
    view.matches = view.finder.find(&view.query);
    view.selected = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;
    use crate::app::tests::app;

    fn press(app: &mut App, code: KeyCode) {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(action) = app.action_for_key(key) {
            app.update(action);
        }
    }

    #[test]
    fn s_opens_typing_filters_and_enter_lists_that_persons_talks() {
        let (mut app, _dir) = app();
        press(&mut app, KeyCode::Char('S'));
        let view = app.speaker_view.as_ref().expect("the view is open");
        assert_eq!(view.matches.len(), app.people.people().len());
        for c in "ippolito".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        let view = app.speaker_view.as_ref().unwrap();
        let names: Vec<&str> = (view.matches.iter())
            .map(|&i| app.people.people()[i].name())
            .collect();
        assert_eq!(names, ["Bob Ippolito"]);
        press(&mut app, KeyCode::Enter);
        assert!(app.speaker_view.is_none());
        assert_eq!(app.filter.query, "speaker:\"Bob Ippolito\"");
        let shown: Vec<&str> = (0..app.list.rows.len())
            .filter_map(|r| match app.list.rows[r] {
                crate::app::Row::Talk { index } => Some(app.store.talks[index].id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(shown, ["ep-2014/haskell"]);
    }

    #[test]
    fn esc_closes_without_touching_the_filter_and_q_is_typed() {
        let (mut app, _dir) = app();
        app.update(Action::Speakers(SpeakerInput::Open));
        press(&mut app, KeyCode::Char('q'));
        assert!(!app.quitting);
        assert_eq!(app.speaker_view.as_ref().unwrap().query, "q");
        press(&mut app, KeyCode::Esc);
        assert!(app.speaker_view.is_none());
        assert_eq!(app.filter.query, "");
    }
}
