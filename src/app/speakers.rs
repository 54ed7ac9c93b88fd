//! The speaker view: everyone in the store once (see `crate::speakers`), filtered as you type; Enter lists
//! the chosen person's talks with the filter line `speaker:"Name"`.
use super::{App, Focus};
use crate::speakers::{PeopleFinder, SpeakerRules};
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
    /// Opened from an `@name` term of the filter: its byte range there, which the pick replaces.
    pub term: Option<std::ops::Range<usize>>,
    /// Indices into `SpeakerIndex::people`, best match first (by name with no query).
    pub matches: Vec<usize>,
    pub selected: usize,
    /// Everyone's names folded when the view opened (people who arrive later show the next time).
    finder: PeopleFinder,
}

impl App {
    /// Applies the user's `[speakers]` rules (the index is rebuilt over the talks loaded so far).
    pub fn set_speaker_rules(&mut self, rules: &SpeakerRules) {
        self.catalog.set_speaker_rules(rules);
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
                // From the detail pane: the selected talk's first speaker, to see all their talks.
                let query = match self.focus {
                    Focus::Detail => self
                        .selected_talk()
                        .and_then(|t| t.speakers.first().cloned())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                self.open_speaker_view(query, None);
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
                let term = view.term.clone();
                self.speaker_view = None;
                match term {
                    Some(range) => self.complete_speaker_term(range, person),
                    None => self.show_talks_of(person),
                }
            }
        }
    }

    /// Opens the view with `query` typed, ranked at once; `term` is the filter's `@name` it completes.
    pub(super) fn open_speaker_view(
        &mut self,
        query: String,
        term: Option<std::ops::Range<usize>>,
    ) {
        let finder = PeopleFinder::new(self.catalog.people());
        self.speaker_view = Some(SpeakerView {
            matches: finder.find(&query),
            finder,
            query,
            term,
            selected: 0,
        });
    }

    /// The `@name` (or `speaker:name`) term the filter's cursor is in or just after: its byte range and the
    /// name typed so far. Tab there offers the speaker view instead of moving on.
    pub fn speaker_term_at_cursor(&self) -> Option<(std::ops::Range<usize>, String)> {
        let q = self.filter.query();
        let at = self.filter.byte_at_cursor();
        let start = q[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let end = q[at..]
            .find(char::is_whitespace)
            .map_or(q.len(), |i| at + i);
        let term = &q[start..end];
        let name = term
            .strip_prefix('@')
            .or_else(|| term.strip_prefix("speaker:"))?;
        Some((start..end, name.trim_matches('"').to_string()))
    }

    /// Replaces the filter's `@name` term with the picked person, keeping the rest of the query.
    fn complete_speaker_term(&mut self, range: std::ops::Range<usize>, person: usize) {
        self.alias_talks_of(person);
        let term = speaker_term(self.catalog.people().people()[person].name());
        self.filter.replace(range, &term);
        self.focus = Focus::Filter;
        self.refresh_results();
    }

    /// `speaker:` terms match every name of the person on their talks (spellings, declared aliases).
    fn alias_talks_of(&mut self, person: usize) {
        self.catalog.alias_talks_of(person);
    }

    /// Lists every talk of person `person` (all conferences, by date), filter `speaker:"Name"`.
    fn show_talks_of(&mut self, person: usize) {
        self.alias_talks_of(person);
        let term = speaker_term(self.catalog.people().people()[person].name());
        self.filter.set(&term);
        // By date across conferences: the schedule order (day, then time), which `t` leaves again.
        self.enter_schedule();
        self.focus = Focus::List;
        self.list.selected = 0;
        self.refresh_results();
    }
}

/// `speaker:"Name"` (quotes inside a name would end the term: dropped).
fn speaker_term(name: &str) -> String {
    let name: String = name.chars().filter(|&c| c != '"').collect();
    format!("speaker:\"{name}\"")
}

fn refilter(view: &mut SpeakerView) {
    view.matches = view.finder.find(&view.query);
    view.selected = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::app;
    use crate::app::{Action, Sort};

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
        assert_eq!(view.matches.len(), app.catalog.people().people().len());
        for c in "ippolito".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        let view = app.speaker_view.as_ref().unwrap();
        let names: Vec<&str> = (view.matches.iter())
            .map(|&i| app.catalog.people().people()[i].name())
            .collect();
        assert_eq!(names, ["Bob Ippolito"]);
        press(&mut app, KeyCode::Enter);
        assert!(app.speaker_view.is_none());
        assert_eq!(app.filter.query(), "speaker:\"Bob Ippolito\"");
        let shown: Vec<&str> = (0..app.list.rows.len())
            .filter_map(|r| match app.list.rows[r] {
                crate::app::Row::Talk { index } => Some(app.catalog.talks()[index].id.as_str()),
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
        assert_eq!(app.filter.query(), "");
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
    }

    #[test]
    fn tab_after_an_at_term_offers_the_view_and_the_pick_replaces_only_that_term() {
        let (mut app, _dir) = app();
        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, "year:2014 @ippo");
        press(&mut app, KeyCode::Tab);
        let view = app.speaker_view.as_ref().expect("tab offered the view");
        assert_eq!(view.query, "ippo");
        let first = view
            .matches
            .first()
            .map(|&i| app.catalog.people().people()[i].name());
        assert_eq!(first, Some("Bob Ippolito"));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.filter.query(), "year:2014 speaker:\"Bob Ippolito\"");
        assert_eq!(app.focus, Focus::Filter, "typing goes on");
        assert_eq!(app.filter.cursor(), app.filter.query().chars().count());
        assert_eq!(app.list.talk_count, 1);
        // Without an @ term, tab still moves on.
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Tab);
        assert!(app.speaker_view.is_none());
        assert_ne!(app.focus, Focus::Filter);
    }

    #[test]
    fn from_the_detail_s_or_a_click_on_the_speakers_opens_the_view_on_them() {
        let (mut app, _dir) = app();
        app.update(Action::FocusNext);
        assert_eq!(app.focus, Focus::Detail);
        let speaker = app.selected_talk().unwrap().speakers[0].clone();
        press(&mut app, KeyCode::Char('S'));
        assert_eq!(app.speaker_view.as_ref().unwrap().query, speaker);
        // A click outside the view closes it.
        app.update(Action::Click(0, 0));
        assert!(app.speaker_view.is_none());
        // The detail's second line is the speakers line (a one-line title at 120 columns).
        let d = crate::app::layout::inner(app.layout.detail.unwrap(), true);
        app.update(Action::Click(d.x + 2, d.y + 1));
        assert_eq!(app.speaker_view.as_ref().unwrap().query, speaker);
        app.update(Action::Speakers(SpeakerInput::Clear));
        // The wheel and a click move the selection inside the view.
        app.update(Action::Wheel(1, 1, 3));
        assert_eq!(app.speaker_view.as_ref().unwrap().selected, 1);
        let r = crate::app::layout::inner(app.layout.overlay.unwrap(), true);
        app.update(Action::Click(r.x + 1, r.y + 3));
        assert_eq!(
            app.speaker_view.as_ref().unwrap().selected,
            2,
            "the third person"
        );
        // A click on the title line opens nothing.
        app.update(Action::Speakers(SpeakerInput::Close));
        app.update(Action::Click(d.x + 2, d.y));
        assert!(app.speaker_view.is_none());
    }

    #[test]
    fn a_persons_talks_are_listed_by_date_across_conferences() {
        use crate::app::tests::{sample_talks, talk};
        let mut talks = sample_talks();
        let mut later = talk(
            "pycon-us-2015/types",
            "Types",
            "Bob Ippolito",
            "PyCon US",
            2015,
        );
        later.date = Some("2015-04-11".into());
        talks[2].date = Some("2014-07-22".into());
        talks.insert(0, later);
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::new(
            crate::store::Store::from_talks(talks),
            crate::notes::NotesStore::open(Some(dir.path().join("n.toml"))),
            crate::app::Keymap::default(),
        );
        app.update(Action::Resize(120, 40));
        app.update(Action::Speakers(SpeakerInput::Open));
        typed(&mut app, "ippolito");
        press(&mut app, KeyCode::Enter);
        let shown: Vec<&str> = (app.list.rows.iter())
            .filter_map(|r| match r {
                crate::app::Row::Talk { index } => Some(app.catalog.talks()[*index].id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(shown, ["ep-2014/haskell", "pycon-us-2015/types"]);
        press(&mut app, KeyCode::Char('t'));
        assert_eq!(
            app.list.sort,
            Sort::Relevance,
            "t goes back to the order before"
        );
    }
}
