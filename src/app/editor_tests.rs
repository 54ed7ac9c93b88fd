//! The notes editor under fire: notes saved elsewhere while it is open, list refreshes, line feeds, caps.
use super::super::tests::{app, message};
use crate::app::{Action, App, Effect, Focus, Mode};
use crate::notes::{
    CONFLICT_OURS, SaveOutcome, SaveState, Timestamp, format_notes, load_notes, write_atomically,
};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let action = app.action_for_key(KeyEvent::new(code, modifiers)).unwrap();
    app.update(action);
}

fn type_in_editor(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// Autosaves as the loop would: the tick commits, the saver saves, the outcome comes back.
fn autosave(app: &mut App, state: &mut SaveState) {
    let later = app.now + Duration::from_secs(1);
    let effects = app.update(Action::Tick(later));
    if effects.contains(&Effect::SaveNotes) {
        let saved = state.save(&app.notes.snapshot()).unwrap();
        app.update(Action::Saved(SaveOutcome::Saved(saved)));
    }
}

/// What `confnotes notes set --append` does from another process: under the file, not through the app.
fn append_elsewhere(path: &std::path::Path, id: &str, line: &str) {
    let mut notes = load_notes(path).unwrap();
    notes.append_text(id, line, Timestamp::now());
    write_atomically(path, format_notes(&notes).unwrap().as_bytes()).unwrap();
}

fn editor_text(app: &App) -> String {
    app.editor.as_ref().unwrap().text()
}

#[test]
fn an_open_editor_rebases_onto_what_another_session_saved() {
    let (mut app, dir) = app();
    let path = dir.path().join("notes.toml");
    let mut state = app.notes.save_state().unwrap();
    let id = app.selected_talk().unwrap().id.clone();
    app.update(Action::EditNotes);
    type_in_editor(&mut app, "first");
    autosave(&mut app, &mut state);
    append_elsewhere(&path, &id, "from the cli");
    type_in_editor(&mut app, " and more");
    autosave(&mut app, &mut state);
    assert_eq!(editor_text(&app), "first and more\nfrom the cli");
    assert!(message(&app).contains("changed elsewhere"));
    // The next autosave must not write the editor's old text over the other session's line.
    type_in_editor(&mut app, "!");
    autosave(&mut app, &mut state);
    let on_disk = load_notes(&path).unwrap();
    assert!(on_disk.get(&id).unwrap().text.contains("from the cli"));
}

#[test]
fn many_saves_against_a_concurrent_writer_never_nest_conflict_blocks() {
    let (mut app, dir) = app();
    let path = dir.path().join("notes.toml");
    let mut state = app.notes.save_state().unwrap();
    let id = app.selected_talk().unwrap().id.clone();
    app.update(Action::EditNotes);
    for i in 0..200 {
        append_elsewhere(&path, &id, &format!("cli {i}"));
        type_in_editor(&mut app, &format!("tui {i} "));
        autosave(&mut app, &mut state);
    }
    let text = load_notes(&path).unwrap().get(&id).unwrap().text.clone();
    assert!(text.matches(CONFLICT_OURS).count() <= 1, "{text}");
    for i in 0..200 {
        assert!(text.contains(&format!("cli {i}")), "cli {i} lost");
        assert!(text.contains(&format!("tui {i} ")), "tui {i} lost");
    }
}

#[test]
fn a_list_refresh_never_closes_the_editor_and_keys_stay_in_it() {
    let (mut app, _dir) = app();
    let id = app.selected_talk().unwrap().id.clone();
    app.notes
        .notes
        .set_text(&id, "todo later", Timestamp::now());
    app.update(Action::FocusFilter);
    for c in "todo".chars() {
        app.update(Action::FilterInsert(c));
    }
    app.update(Action::FilterAccept);
    assert_eq!(app.selected_talk().unwrap().id, id);
    app.update(Action::EditNotes);
    // Typing that makes the talk leave the filtered list, then an autosave refreshes the list.
    for _ in 0.."todo later".len() {
        key(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    }
    type_in_editor(&mut app, "done");
    app.update(Action::Tick(app.now + Duration::from_secs(1)));
    app.update(Action::LoadDone);
    assert_eq!(
        app.editor.as_ref().map(|e| e.id.as_str()),
        Some(id.as_str())
    );
    assert_eq!((app.focus, app.mode()), (Focus::Notes, Mode::Editor));
    // The rest of the sentence goes into the note, not to list commands (j, m, o...).
    type_in_editor(&mut app, " jmo");
    assert_eq!(editor_text(&app), "done jmo");
}

#[test]
fn the_edited_talk_stays_selected_when_talks_stream_in() {
    let (mut app, _dir) = app();
    app.update(Action::Down);
    let id = app.selected_talk().unwrap().id.clone();
    app.update(Action::EditNotes);
    app.update(Action::CycleSort);
    assert_eq!(app.selected_talk().unwrap().id, id);
    assert!(app.editor.is_some());
}

#[test]
fn enter_ctrl_j_lf_and_crlf_each_insert_one_newline() {
    let (mut app, _dir) = app();
    app.update(Action::EditNotes);
    type_in_editor(&mut app, "first");
    key(&mut app, KeyCode::Char('j'), KeyModifiers::CONTROL);
    type_in_editor(&mut app, "second");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    type_in_editor(&mut app, "third");
    // A CRLF typed as one paste without bracketed paste: Enter and Ctrl-J at the same instant.
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('j'), KeyModifiers::CONTROL);
    type_in_editor(&mut app, "fourth");
    assert_eq!(editor_text(&app), "first\nsecond\nthird\nfourth");
    app.update(Action::Paste("a\r\nb\nc".into()));
    assert_eq!(editor_text(&app), "first\nsecond\nthird\nfourtha\nb\nc");
}

#[test]
fn the_editor_refuses_text_past_its_size_cap() {
    let (mut app, _dir) = app();
    app.update(Action::EditNotes);
    let big = "x".repeat(crate::app::MAX_EDITOR_NOTE_BYTES);
    app.update(Action::Paste(big));
    assert_eq!(editor_text(&app), "", "the paste is refused whole");
    assert!(message(&app).contains("limit"));
    let id = app.selected_talk().unwrap().id.clone();
    app.update(Action::Back);
    app.update(Action::StopEditing);
    let huge = "y".repeat(crate::app::MAX_EDITOR_NOTE_BYTES + 1);
    app.notes.notes.set_text(&id, &huge, Timestamp::now());
    app.update(Action::EditNotes);
    assert!(app.editor.is_none(), "a note past the cap is not opened");
}
