//! Scratch pages per day and moving scratch lines onto a talk, through keys and `update`.
use super::schedule::schedule_talks;
use super::*;
use crate::notes::{SCRATCH_ID, day_scratch_id};

/// The schedule talks (MiniCon, 27 and 28 Dec 2024) and the undated sample talks, at 120×40.
fn conference_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let notes = NotesStore::open(Some(dir.path().join("notes.toml")));
    let mut talks = schedule_talks();
    talks.extend(sample_talks());
    let mut app = App::new(Store::from_talks(talks), notes, Keymap::default());
    app.update(Action::Resize(120, 40));
    app.update(Action::Clock(
        crate::store::Moment::parse("2024-12-27T10:35:00+01:00")
            .unwrap()
            .timestamp,
    ));
    (app, dir)
}

pub(super) fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    let key = KeyEvent::new(code, modifiers);
    match app.action_for_key(key) {
        Some(action) => app.update(action),
        None => Vec::new(),
    }
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        press(app, code, KeyModifiers::NONE);
    }
}

fn select(app: &mut App, id: &str) {
    let row = (app.list.rows.iter())
        .position(|r| matches!(r, Row::Talk { index } if app.catalog.talks()[*index].id == id))
        .unwrap_or_else(|| panic!("{id} is not in the list"));
    app.list.selected = row;
}

fn note(app: &App, id: &str) -> String {
    app.notes
        .notes
        .get(id)
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn editing(app: &App) -> Option<&str> {
    app.editor.as_ref().map(|e| e.id.as_str())
}

fn day(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

#[test]
fn n_on_a_dated_talk_opens_its_day_page_and_ctrl_g_switches_to_the_global_one_and_back() {
    let (mut app, _d) = conference_app();
    let friday = day_scratch_id(day("2024-12-27"));
    select(&mut app, "m/rust");
    press(&mut app, KeyCode::Char('N'), KeyModifiers::SHIFT);
    assert_eq!(editing(&app), Some(friday.as_str()));
    assert_eq!(
        app.selected_talk().unwrap().id,
        friday,
        "listed and selected"
    );
    type_keys(&mut app, "met Alice at lunch");
    ctrl(&mut app, 'g');
    assert_eq!(
        note(&app, &friday),
        "met Alice at lunch",
        "kept on switching"
    );
    assert_eq!(editing(&app), Some(SCRATCH_ID));
    assert_eq!(app.mode(), Mode::Editor);
    type_keys(&mut app, "a global thought");
    ctrl(&mut app, 'g');
    assert_eq!(editing(&app), Some(friday.as_str()), "back to the day");
    assert_eq!(note(&app, SCRATCH_ID), "a global thought");
    // Ctrl-G types nothing into the page.
    assert_eq!(app.editor.as_ref().unwrap().text(), "met Alice at lunch");

    // A talk of another day opens that day's page; an undated talk the global page.
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    select(&mut app, "m/close");
    press(&mut app, KeyCode::Char('N'), KeyModifiers::SHIFT);
    assert_eq!(editing(&app), Some("_scratch/2024-12-28"));
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    select(&mut app, "ep-2015/shootout");
    press(&mut app, KeyCode::Char('N'), KeyModifiers::SHIFT);
    assert_eq!(editing(&app), Some(SCRATCH_ID));
}

#[test]
fn from_the_global_page_ctrl_g_goes_to_today_when_no_day_was_open() {
    let (mut app, _d) = conference_app();
    select(&mut app, "ep-2015/shootout");
    app.update(Action::OpenScratch);
    assert_eq!(editing(&app), Some(SCRATCH_ID));
    ctrl(&mut app, 'g');
    let today = app.today();
    assert_eq!(editing(&app), Some(day_scratch_id(today).as_str()));
}

#[test]
fn ctrl_g_outside_a_scratch_page_says_how_it_works_and_changes_nothing() {
    let (mut app, _d) = conference_app();
    select(&mut app, "m/rust");
    app.update(Action::EditNotes);
    ctrl(&mut app, 'g');
    assert_eq!(editing(&app), Some("m/rust"));
    let message = message(&app).to_string();
    assert!(
        message.contains("ctrl-g switches scratch pages"),
        "{message}"
    );
}

#[test]
fn written_day_pages_are_listed_with_their_day_and_found_by_in_scratch_and_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let mut notes = NotesStore::open(Some(path.clone()));
    let now = crate::notes::Timestamp::now();
    notes
        .notes
        .set_text("_scratch/2023-12-29", "ask Bob about the badge", now);
    notes.notes.set_text("_scratch/2023-12-30", "   ", now);
    notes.notes.set_text(SCRATCH_ID, "global words", now);
    let mut app = App::new(Store::from_talks(sample_talks()), notes, Keymap::default());
    app.update(Action::Resize(120, 40));
    app.update(Action::LoadDone);
    let titles: Vec<&str> = (app.catalog.talks().iter())
        .filter(|t| crate::notes::is_scratch(&t.id))
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Scratch — Fri 29 Dec 2023", "Scratch pad"],
        "blank pages stay out"
    );
    let found = |app: &mut App, query: &str| {
        app.update(Action::FilterClear);
        for c in query.chars() {
            app.update(Action::FilterInsert(c));
        }
        let mut ids: Vec<String> = (app.list.rows.iter())
            .filter_map(|r| match r {
                Row::Talk { index } => Some(app.catalog.talks()[*index].id.clone()),
                _ => None,
            })
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        found(&mut app, "in:scratch"),
        ["_scratch/2023-12-29", SCRATCH_ID]
    );
    assert_eq!(found(&mut app, "badge bob"), ["_scratch/2023-12-29"]);
}

/// A Friday page with three lines, the cursor on the middle one.
fn friday_page_with_three_lines(app: &mut App) -> String {
    let friday = day_scratch_id(day("2024-12-27"));
    select(app, "m/rust");
    app.update(Action::OpenScratch);
    type_keys(app, "first thought\nask about lifetimes\nlast thought");
    press(app, KeyCode::Up, KeyModifiers::NONE);
    friday
}

#[test]
fn ctrl_t_moves_the_cursor_line_onto_the_picked_talk_in_one_save() {
    let (mut app, _d) = conference_app();
    let friday = friday_page_with_three_lines(&mut app);
    app.update(Action::ExternalEdited {
        id: "m/tea".into(),
        result: Ok("bring a cup".into()),
    });
    ctrl(&mut app, 't');
    assert_eq!(app.mode(), Mode::Picker);
    let picker = app.move_picker.as_ref().unwrap();
    assert_eq!(picker.lines, ["ask about lifetimes"]);
    // With nothing typed: Friday's talks first, by start.
    let first: Vec<&str> = (picker.matches.iter().take(3))
        .map(|&i| app.catalog.talks()[i].id.as_str())
        .collect();
    assert_eq!(first, ["m/keynote", "m/rust", "m/tea"]);
    assert!(
        !(picker.matches.iter()).any(|&i| crate::notes::is_scratch(&app.catalog.talks()[i].id)),
        "pages are not offered"
    );
    // Typing filters (through the search): letters are text here, not keys.
    type_keys(&mut app, "tea");
    let picker = app.move_picker.as_ref().unwrap();
    assert_eq!(picker.query, "tea");
    assert_eq!(app.catalog.talks()[picker.matches[0]].id, "m/tea");
    let effects = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(effects, [Effect::SaveNotes], "one save for both notes");
    assert!(app.move_picker.is_none());
    assert_eq!(note(&app, "m/tea"), "bring a cup\nask about lifetimes");
    assert_eq!(note(&app, &friday), "first thought\nlast thought");
    let editor = app.editor.as_ref().unwrap();
    assert_eq!(editor.id, friday, "still on the page");
    assert_eq!(editor.text(), "first thought\nlast thought");
    assert!(!editor.dirty);
    assert_eq!(editor.textarea.cursor().0, 1, "where the line was");
    assert_eq!(message(&app), "moved 1 line to «Tea ceremony»");
}

#[test]
fn selected_lines_move_together_and_esc_cancels_without_a_change() {
    let (mut app, _d) = conference_app();
    let friday = friday_page_with_three_lines(&mut app);
    // Shift-↑ from the middle line selects the first two lines (the selection ends inside the second).
    press(&mut app, KeyCode::Up, KeyModifiers::SHIFT);
    ctrl(&mut app, 't');
    assert_eq!(
        app.move_picker.as_ref().unwrap().lines,
        ["first thought", "ask about lifetimes"]
    );
    let effects = press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(effects.is_empty());
    assert!(app.move_picker.is_none());
    assert_eq!(app.mode(), Mode::Editor, "back in the page");
    assert_eq!(note(&app, "m/keynote"), "");
    assert_eq!(
        app.editor.as_ref().unwrap().text(),
        "first thought\nask about lifetimes\nlast thought"
    );
    // Again, onto the first offered talk.
    ctrl(&mut app, 't');
    let effects = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(effects, [Effect::SaveNotes]);
    assert_eq!(
        note(&app, "m/keynote"),
        "first thought\nask about lifetimes"
    );
    assert_eq!(note(&app, &friday), "last thought");
    assert_eq!(message(&app), "moved 2 lines to «Keynote»");
}

#[test]
fn ctrl_t_outside_a_scratch_page_or_on_a_blank_line_opens_nothing() {
    let (mut app, _d) = conference_app();
    select(&mut app, "m/rust");
    app.update(Action::EditNotes);
    type_keys(&mut app, "my own note");
    ctrl(&mut app, 't');
    assert!(app.move_picker.is_none());
    assert!(app.editor.as_ref().unwrap().text() == "my own note");
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    app.update(Action::OpenScratch);
    ctrl(&mut app, 't');
    assert!(
        app.move_picker.is_none(),
        "an empty line has nothing to move"
    );
}

#[test]
fn a_page_changed_by_a_merge_meanwhile_moves_nothing() {
    let (mut app, _d) = conference_app();
    let friday = friday_page_with_three_lines(&mut app);
    ctrl(&mut app, 't');
    // Another session's save rewrote the line the picker holds.
    let editor = app.editor.as_mut().unwrap();
    *editor = EditorState::new(friday.clone(), "first thought\nsomething else", app.now);
    let effects = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(effects.is_empty());
    assert_eq!(note(&app, "m/keynote"), "");
    assert!(message(&app).contains("changed meanwhile"));
}

#[test]
fn a_paste_while_the_picker_is_open_filters_it_and_leaves_the_page_alone() {
    let (mut app, _d) = conference_app();
    friday_page_with_three_lines(&mut app);
    ctrl(&mut app, 't');
    app.update(Action::Paste("tea\nignored".into()));
    assert_eq!(app.move_picker.as_ref().unwrap().query, "tea");
    assert_eq!(
        app.editor.as_ref().unwrap().text(),
        "first thought\nask about lifetimes\nlast thought"
    );
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(note(&app, "m/tea"), "ask about lifetimes");
}
