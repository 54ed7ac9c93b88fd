//! `update` unit tests: one or more per action, on a small fixed store.
use super::*;
use crate::notes::{NotesStore, Status};
use crate::store::{Link, Store, Talk};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod changes;
pub(crate) mod changes_list;
mod loading;
pub(crate) mod schedule;
mod scratch;
mod search_worker;

pub(crate) fn talk(id: &str, title: &str, speaker: &str, conf: &str, year: i32) -> Talk {
    Talk {
        id: id.into(),
        title: title.into(),
        speakers: vec![speaker.into()],
        conference: conf.into(),
        year,
        body: format!("Notes on {title}.\nSecond line about {speaker}.").into(),
        ..Talk::default()
    }
}

pub(crate) fn sample_talks() -> Vec<Talk> {
    let mut t = vec![
        talk(
            "ep-2015/shootout",
            "Parallelism Shootout",
            "Shahriar Tajbakhsh",
            "EuroPython",
            2015,
        ),
        talk(
            "ep-2015/postgres",
            "Zero downtime PostgreSQL",
            "Matthieu Rigal",
            "EuroPython",
            2015,
        ),
        talk(
            "ep-2014/haskell",
            "What can python learn from Haskell?",
            "Bob Ippolito",
            "EuroPython",
            2014,
        ),
        talk(
            "ep-2014/sphinx",
            "Multi-language Sphinx docs",
            "Markus Zapke-Gründemann",
            "EuroPython",
            2014,
        ),
        talk(
            "pycon-us-2014/fast",
            "Fast Python, Slow Python",
            "Alex Gaynor",
            "PyCon US",
            2014,
        ),
        talk(
            "pycon-uk-2014/http2",
            "HTTP/2: Because The Web Was Too Easy",
            "Cory Benfield",
            "PyCon UK",
            2014,
        ),
    ];
    t[0].links = vec![
        Link {
            label: "video".into(),
            url: "https://example.org/v".into(),
        },
        Link {
            label: "slides".into(),
            url: "https://example.org/s".into(),
        },
    ];
    t[4].links = vec![Link {
        label: "video".into(),
        url: "https://example.org/fast".into(),
    }];
    t
}

/// An app over the sample talks, with its notes in a temp dir, at 120×40.
/// The status line's message (the test fails when there is none).
/// Opens the scratch pad, types `line` into it and opens the move picker on it: every effect asked.
pub(crate) fn open_move_picker_on(app: &mut App, line: &str) -> Vec<Effect> {
    let mut effects = app.update(Action::OpenScratch);
    for c in line.chars() {
        effects.extend(app.update(Action::EditorInput(ratatui_textarea::Input {
            key: ratatui_textarea::Key::Char(c),
            ..Default::default()
        })));
    }
    effects.extend(app.update(Action::MoveLine(MoveInput::Open)));
    effects
}

pub(crate) fn message(app: &App) -> &str {
    &app.status.message.as_ref().expect("a message").text
}

pub(crate) fn app() -> (App, tempfile::TempDir) {
    app_with(sample_talks())
}

/// An app over `talks`, 120×40, notes in a temporary directory.
pub(crate) fn app_with(talks: Vec<Talk>) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let notes = NotesStore::open(Some(dir.path().join("notes.toml")));
    let mut app = App::new(Store::from_talks(talks), notes, Keymap::default());
    app.update(Action::Resize(120, 40));
    (app, dir)
}

fn selected_id(app: &App) -> &str {
    &app.selected_talk().unwrap().id
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::FilterInsert(c));
    }
}

#[test]
fn starts_grouped_by_conference_newest_first_with_the_first_talk_selected() {
    let (app, _d) = app();
    assert_eq!(app.effective_sort(), Sort::Conference);
    assert_eq!(app.list.rows[0], Row::Header("EuroPython 2015".into()));
    assert_eq!(app.list.talk_count, 6);
    assert_eq!(
        selected_id(&app),
        "ep-2015/shootout",
        "by date, then title: Parallelism < Zero"
    );
    let headers: Vec<_> = app
        .list
        .rows
        .iter()
        .filter_map(|r| {
            if let Row::Header(h) = r {
                Some(h.as_str())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        headers,
        [
            "EuroPython 2015",
            "EuroPython 2014",
            "PyCon UK 2014",
            "PyCon US 2014"
        ]
    );
}

#[test]
fn down_up_top_bottom_skip_headers_and_clamp() {
    let (mut app, _d) = app();
    app.update(Action::Down);
    assert_eq!(selected_id(&app), "ep-2015/postgres");
    app.update(Action::Down);
    assert_eq!(
        selected_id(&app),
        "ep-2014/sphinx",
        "the header row is skipped"
    );
    app.update(Action::Up);
    app.update(Action::Up);
    app.update(Action::Up);
    assert_eq!(selected_id(&app), "ep-2015/shootout", "clamped at the top");
    app.update(Action::Bottom);
    assert_eq!(selected_id(&app), "pycon-us-2014/fast");
    app.update(Action::Down);
    assert_eq!(
        selected_id(&app),
        "pycon-us-2014/fast",
        "clamped at the bottom"
    );
    app.update(Action::Top);
    assert_eq!(selected_id(&app), "ep-2015/shootout");
    app.update(Action::PageDown);
    assert_eq!(
        selected_id(&app),
        "pycon-us-2014/fast",
        "a page is longer than the list"
    );
}

#[test]
fn the_selection_stays_visible_in_a_short_terminal() {
    let (mut app, _d) = app();
    app.update(Action::Resize(50, 6)); // cramped: 4 list rows
    let page = app.page();
    for _ in 0..5 {
        app.update(Action::Down);
        assert!(
            app.list.selected >= app.list.offset && app.list.selected < app.list.offset + page,
            "{:?}",
            app.list
        );
    }
}

#[test]
fn typing_filters_live_ranks_and_resets_the_selection_to_the_best_match() {
    let (mut app, _d) = app();
    app.update(Action::Down);
    app.update(Action::FocusFilter);
    assert_eq!(app.mode(), Mode::Filter);
    type_text(&mut app, "gaynor");
    assert_eq!(app.list.talk_count, 1);
    assert_eq!(selected_id(&app), "pycon-us-2014/fast");
    assert_eq!(app.effective_sort(), Sort::Relevance);
    app.update(Action::FilterBackspace);
    assert_eq!(app.filter.query(), "gayno");
    app.update(Action::FilterClear);
    assert_eq!(app.list.talk_count, 6);
    assert_eq!(app.filter.cursor(), 0);
}

#[test]
fn filter_editing_keys_work_at_the_cursor() {
    let (mut app, _d) = app();
    app.update(Action::FocusFilter);
    type_text(&mut app, "ab cd");
    app.update(Action::FilterHome);
    app.update(Action::FilterInsert('x'));
    assert_eq!(app.filter.query(), "xab cd");
    app.update(Action::FilterEnd);
    app.update(Action::FilterLeft);
    app.update(Action::FilterDelete);
    assert_eq!(app.filter.query(), "xab c");
    app.update(Action::FilterDeleteWord);
    assert_eq!(app.filter.query(), "xab ");
    app.update(Action::Paste("é\x1b[2J\nz".into()));
    assert_eq!(
        app.filter.query(),
        "xab é[2J z",
        "pasted text is one sanitised line"
    );
}

#[test]
fn esc_leaves_the_filter_keeping_it_and_enter_goes_to_the_list() {
    let (mut app, _d) = app();
    app.update(Action::FocusFilter);
    type_text(&mut app, "python");
    app.update(Action::FilterLeave);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.filter.query(), "python");
    app.update(Action::FocusFilter);
    app.update(Action::FilterAccept);
    assert_eq!(app.focus, Focus::List);
    app.update(Action::Confirm);
    assert_eq!(
        app.focus,
        Focus::Detail,
        "Enter on the list opens the detail"
    );
}

#[test]
fn up_and_down_move_the_selection_while_typing() {
    let (mut app, _d) = app();
    app.update(Action::FocusFilter);
    type_text(&mut app, "python");
    let first = selected_id(&app).to_string();
    app.update(Action::Down);
    assert_ne!(selected_id(&app), first);
    assert_eq!(app.focus, Focus::Filter);
}

#[test]
fn sort_cycles_through_the_orders() {
    let (mut app, _d) = app();
    let mut seen = vec![app.list.sort];
    for _ in 0..5 {
        app.update(Action::CycleSort);
        seen.push(app.list.sort);
    }
    assert_eq!(
        seen,
        [
            Sort::Relevance,
            Sort::Conference,
            Sort::Schedule,
            Sort::Speaker,
            Sort::Title,
            Sort::Relevance
        ]
    );
    app.update(Action::Down);
    app.list.sort = Sort::Title;
    app.refresh_results();
    assert!(
        app.list.rows.iter().all(|r| matches!(r, Row::Talk { .. })),
        "no headers unless grouped by conference"
    );
    assert_eq!(
        selected_id(&app),
        "ep-2015/postgres",
        "a moved selection is kept across a re-sort"
    );
    app.update(Action::Top);
    assert_eq!(
        selected_id(&app),
        "pycon-us-2014/fast",
        "Fast Python… is first by title"
    );
}

#[test]
fn an_emptied_filter_shows_every_talk_sorted_again_and_a_new_talk_in_its_place() {
    let (mut app, _d) = app();
    let all = app.list.rows.clone();
    assert!(
        app.sorted_all.is_some(),
        "every talk, sorted by conference, kept"
    );
    type_text(&mut app, "/gaynor");
    assert_ne!(app.list.rows, all);
    app.update(Action::FilterClear);
    assert_eq!(app.list.rows, all, "the kept order, as sorted");
    // A talk added since is placed by a fresh sort: the newest conference heads the list.
    app.add_talks(
        "new",
        vec![talk("new/t", "Newest", "Nia", "FutureConf", 2099)],
    );
    let first = app.list.rows.iter().find_map(|r| match r {
        Row::Talk { index } => Some(app.catalog.talks()[*index].id.as_str()),
        _ => None,
    });
    assert_eq!(first, Some("new/t"));
    // Another order is sorted for itself, not served the conference order.
    app.list.sort = Sort::Title;
    app.refresh_results();
    let titles: Vec<&str> = (app.list.rows.iter())
        .filter_map(|r| match r {
            Row::Talk { index } => Some(app.catalog.talks()[*index].title.as_str()),
            _ => None,
        })
        .collect();
    assert!(titles.is_sorted_by_key(|t| t.to_lowercase()), "{titles:?}");
}

#[test]
fn tab_cycles_panes_and_shift_tab_goes_back() {
    let (mut app, _d) = app();
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::Detail);
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::Notes);
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::List);
    app.update(Action::FocusPrev);
    assert_eq!(app.focus, Focus::Notes);
    app.update(Action::Back);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn narrow_terminals_show_the_focused_second_pane() {
    let (mut app, _d) = app();
    app.update(Action::Resize(80, 24));
    assert!(!app.narrow_shows_notes());
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    assert!(app.narrow_shows_notes());
    app.update(Action::Back);
    assert!(
        app.narrow_shows_notes(),
        "the list keeps the last pane beside it"
    );
}

#[test]
fn detail_scrolls_and_clamps() {
    let mut talks = sample_talks();
    talks[0].body = (0..200)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n")
        .into();
    let (mut app, _d) = app_with(talks);
    app.update(Action::FocusNext);
    app.update(Action::Down);
    assert_eq!(app.detail.scroll, 1);
    app.update(Action::Bottom);
    // Title, speaker, place, two links, a blank line and 200 body lines, less what fits in the pane.
    let pane = layout::inner(app.layout.detail.unwrap(), true);
    let max = 206 - pane.height as usize;
    assert_eq!(app.detail.scroll, max);
    app.update(Action::PageDown);
    assert_eq!(app.detail.scroll, max);
    app.update(Action::Up);
    assert_eq!(
        app.detail.scroll,
        max - 1,
        "one up from the end is seen at once"
    );
    app.update(Action::Top);
    assert_eq!(app.detail.scroll, 0);
}

#[test]
fn links_open_directly_or_through_the_chooser_and_copy() {
    let (mut app, _d) = app();
    app.update(Action::Bottom); // Fast Python: one link
    assert_eq!(
        app.update(Action::OpenLink),
        vec![Effect::OpenUrl("https://example.org/fast".into())]
    );
    assert_eq!(
        app.update(Action::CopyLink),
        vec![Effect::Copy("https://example.org/fast".into())]
    );
    app.update(Action::Top); // Parallelism Shootout: two links
    assert!(app.update(Action::OpenLink).is_empty());
    assert_eq!(app.overlay, Overlay::Chooser(LinkChooser { selected: 0 }));
    assert_eq!(app.mode(), Mode::Chooser);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(
        app.overlay,
        Overlay::Chooser(LinkChooser { selected: 1 }),
        "clamped to the links"
    );
    assert_eq!(
        app.update(Action::Confirm),
        vec![Effect::OpenUrl("https://example.org/s".into())]
    );
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn editing_notes_autosaves_after_a_pause_and_on_stop() {
    let (mut app, _d) = app();
    let start = app.now;
    app.update(Action::EditNotes);
    assert_eq!(app.focus, Focus::Notes);
    assert_eq!(app.mode(), Mode::Editor);
    for c in "hi!".chars() {
        app.update(Action::EditorInput(
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE).into(),
        ));
    }
    assert!(app.has_unsaved_edits());
    assert!(
        app.update(Action::Tick(start + std::time::Duration::from_millis(100)))
            .is_empty(),
        "not yet"
    );
    assert_eq!(
        app.update(Action::Tick(start + std::time::Duration::from_secs(1))),
        vec![Effect::SaveNotes]
    );
    assert_eq!(app.notes.notes.get("ep-2015/shootout").unwrap().text, "hi!");
    app.update(Action::EditorInput(
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE).into(),
    ));
    app.update(Action::Paste("more\r\ntext\x1b]0;x\x07".into()));
    assert_eq!(app.update(Action::StopEditing), vec![Effect::SaveNotes]);
    assert_eq!(
        app.notes.notes.get("ep-2015/shootout").unwrap().text,
        "hi!\nmore\ntext]0;x"
    );
    assert!(app.editor.is_none());
}

#[test]
fn quitting_commits_the_editor_and_asks_to_save() {
    let (mut app, _d) = app();
    app.update(Action::EditNotes);
    app.update(Action::EditorInput(
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE).into(),
    ));
    assert_eq!(
        app.update(Action::Quit),
        vec![Effect::SaveNotes, Effect::Quit]
    );
    assert!(app.quitting);
    assert_eq!(app.notes.notes.get("ep-2015/shootout").unwrap().text, "x");
}

#[test]
fn leaving_the_editor_by_tab_or_click_saves_too() {
    let (mut app, _d) = app();
    app.update(Action::EditNotes);
    app.update(Action::EditorInput(
        KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE).into(),
    ));
    assert_eq!(app.update(Action::FocusNext), vec![Effect::SaveNotes]);
    app.update(Action::EditNotes);
    app.update(Action::EditorInput(
        KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE).into(),
    ));
    assert_eq!(
        app.update(Action::Click(5, 5)),
        vec![Effect::SaveNotes],
        "a click on the list"
    );
    assert_eq!(app.notes.notes.get("ep-2015/shootout").unwrap().text, "yz");
}

#[test]
fn status_cycles_planned_followup_done_none() {
    let (mut app, _d) = app();
    let status = |app: &App| app.notes.notes.get("ep-2015/shootout").map(|n| n.status);
    assert_eq!(app.update(Action::CycleStatus), vec![Effect::SaveNotes]);
    assert_eq!(status(&app), Some(Status::Planned));
    app.update(Action::CycleStatus);
    assert_eq!(status(&app), Some(Status::FollowUp));
    app.update(Action::CycleStatus);
    assert_eq!(status(&app), Some(Status::Done));
    app.update(Action::CycleStatus);
    assert_eq!(
        status(&app),
        None,
        "a note with no status and no text is removed"
    );
}

#[test]
fn read_only_notes_refuse_edits_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    std::fs::write(&path, "[notes.\"x\"\nbroken").unwrap();
    let mut app = App::new(
        Store::from_talks(sample_talks()),
        NotesStore::open(Some(path)),
        Keymap::default(),
    );
    assert!(message(&app).contains("read-only"));
    app.update(Action::EditNotes);
    assert!(app.editor.is_none());
    assert!(app.update(Action::CycleStatus).is_empty());
}

#[test]
fn external_editing_round_trips_through_an_effect() {
    let (mut app, _d) = app();
    let effects = app.update(Action::EditExternally);
    assert_eq!(
        effects,
        vec![Effect::EditExternally {
            id: "ep-2015/shootout".into(),
            text: String::new()
        }]
    );
    let effects = app.update(Action::ExternalEdited {
        id: "ep-2015/shootout".into(),
        result: Ok("from vim\n".into()),
    });
    assert_eq!(effects, vec![Effect::SaveNotes]);
    assert_eq!(
        app.notes.notes.get("ep-2015/shootout").unwrap().text,
        "from vim\n"
    );
    app.update(Action::ExternalEdited {
        id: "ep-2015/shootout".into(),
        result: Err("boom".into()),
    });
    assert!(message(&app).contains("boom"));
}

#[test]
fn help_toggles_and_scrolls() {
    let (mut app, _d) = app();
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Help);
    app.update(Action::Down);
    assert_eq!(app.overlay, Overlay::Help(HelpState { scroll: 1 }));
    app.update(Action::Back);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn clicks_select_and_focus_and_the_wheel_scrolls() {
    let (mut app, _d) = app();
    // Row 1 inside the border is the first header; row 3 is the second talk.
    app.update(Action::Click(10, 3));
    assert_eq!(selected_id(&app), "ep-2015/postgres");
    app.update(Action::Click(10, 1));
    assert_eq!(
        selected_id(&app),
        "ep-2015/postgres",
        "a header selects nothing"
    );
    app.update(Action::Click(100, 5));
    assert_eq!(app.focus, Focus::Detail);
    app.update(Action::Click(100, 35));
    assert_eq!(app.focus, Focus::Notes);
    app.update(Action::Wheel(10, 5, 3));
    assert_eq!(selected_id(&app), "pycon-uk-2014/http2");
}

#[test]
fn talks_stream_in_while_loading() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        Store::default(),
        NotesStore::open(Some(dir.path().join("n.toml"))),
        Keymap::default(),
    );
    app.status.loading = true;
    app.update(Action::FocusFilter);
    type_text(&mut app, "gaynor");
    assert_eq!(app.list.talk_count, 0);
    app.update(Action::Loaded(vec![crate::catalog::Loaded::unprepared(
        crate::store::Batch {
            talks: sample_talks(),
            ..Default::default()
        },
    )]));
    assert_eq!(
        app.list.talk_count, 1,
        "the filter applies to arriving talks"
    );
    app.update(Action::LoadDone);
    assert!(!app.status.loading);
}

#[test]
fn save_failures_are_shown_and_cleared_by_a_later_success() {
    let (mut app, _d) = app();
    let error = crate::notes::NotesError::NoPath;
    app.update(Action::Saved(crate::notes::SaveOutcome::Failed {
        error,
        retry_in: std::time::Duration::from_secs(2),
    }));
    assert!(app.status.save_error.is_some());
    assert_eq!(app.status.message.as_ref().unwrap().level, Level::Error);
    let notes = app.notes.notes.clone();
    app.update(Action::Saved(crate::notes::SaveOutcome::Saved(
        crate::notes::SavedNotes {
            generation: 1,
            snapshot: notes.clone(),
            merged: notes,
            backup: None,
        },
    )));
    assert!(app.status.save_error.is_none(), "cleared by the success");
    let message = app.status.message.as_ref().unwrap();
    assert_eq!(
        (message.text.as_str(), message.level),
        ("notes saved", Level::Info)
    );
}

/// Turns each character of `keys` into a key event and applies the action the app maps it to.
fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        if let Some(action) =
            app.action_for_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        {
            app.update(action);
        }
    }
}

#[test]
fn the_readme_key_overrides_still_type_into_the_filter_and_the_notes() {
    let (mut app, _d) = app();
    let overrides = crate::config::KeyOverrides::plain([
        ("quit", &["q", "ctrl-q"][..]),
        ("down", &["j", "down", "ctrl-n"][..]),
    ]);
    app.keymap = Keymap::new(&overrides, None).0;
    press(&mut app, "/jqk");
    assert_eq!(app.filter.query(), "jqk");
    assert!(!app.quitting);
    app.update(Action::FilterClear);
    app.update(Action::FilterLeave);
    press(&mut app, "ijqk");
    let editor = app.editor.as_ref().expect("i opened the editor");
    assert_eq!(editor.textarea.lines().join("\n"), "jqk");
    assert!(!app.quitting);
    app.update(Action::StopEditing);
    press(&mut app, "q");
    assert!(app.quitting, "q still quits from the list");
}

#[test]
fn keys_reach_the_focused_text_input_first() {
    let (mut app, _d) = app();
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert!(matches!(app.action_for_key(key('q')), Some(Action::Quit)));
    app.update(Action::FocusFilter);
    assert!(matches!(
        app.action_for_key(key('q')),
        Some(Action::FilterInsert('q'))
    ));
    app.update(Action::FilterLeave);
    app.update(Action::EditNotes);
    assert!(matches!(
        app.action_for_key(key('q')),
        Some(Action::EditorInput(_))
    ));
    assert!(matches!(
        app.action_for_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        Some(Action::StopEditing)
    ));
}

#[test]
fn a_merge_while_streaming_makes_the_catalog_metadata_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        Store::default(),
        NotesStore::open(Some(dir.path().join("n.toml"))),
        Keymap::default(),
    );
    app.status.loading = true;
    let mut notes_talk = talk(
        "pycon-us-2014/fast",
        "Fast Python, Slow Python",
        "",
        "PyCon US",
        2014,
    );
    notes_talk.speakers.clear();
    let mut record = talk(
        "pycon-us-2014/alex-gaynor-fast-python-slow-python",
        "Fast Python, Slow Python",
        "Alex Gaynor",
        "PyCon US",
        2014,
    );
    record.body = "The catalog's description.".into();
    let batch = |talks| {
        crate::catalog::Loaded::unprepared(crate::store::Batch {
            talks,
            path: "x".into(),
            ..Default::default()
        })
    };
    app.update(Action::Loaded(vec![batch(vec![notes_talk])]));
    app.update(Action::Loaded(vec![batch(vec![record])]));
    app.update(Action::LoadDone);
    assert_eq!(
        (app.catalog.talks().len(), app.catalog.store().merged),
        (1, 1)
    );
    app.update(Action::FocusFilter);
    type_text(&mut app, "@gaynor");
    assert_eq!(app.list.talk_count, 1, "the merged speaker is in the index");
    assert_eq!(
        selected_id(&app),
        "pycon-us-2014/fast",
        "under the first-loaded id"
    );
}

#[test]
fn in_a_cramped_terminal_the_mouse_reaches_the_visible_pane_not_the_hidden_list() {
    let mut talks = sample_talks();
    talks[0].body = (0..50)
        .map(|i| format!("line {i}\n"))
        .collect::<String>()
        .into();
    let (mut app, _d) = app_with(talks);
    app.update(Action::Resize(30, 8));
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::Detail);
    assert!(app.layout.list.is_none(), "the detail replaces the list");
    let before = selected_id(&app).to_string();
    app.update(Action::Click(5, 3));
    assert_eq!(selected_id(&app), before, "the click selected a hidden row");
    assert_eq!(app.focus, Focus::Detail);
    app.update(Action::Wheel(5, 3, 3));
    assert_eq!(selected_id(&app), before, "the wheel moved the hidden list");
    assert_eq!(app.detail.scroll, 3, "the wheel scrolls the detail shown");
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::Notes);
    app.update(Action::Click(5, 3));
    app.update(Action::Wheel(5, 3, 3));
    assert_eq!(selected_id(&app), before);
    assert_eq!(app.focus, Focus::Notes);
}

#[test]
fn the_wheel_scrolls_an_overlay_never_the_list_under_it() {
    let (mut app, _d) = app();
    let before = selected_id(&app).to_string();
    app.update(Action::ToggleHelp);
    app.update(Action::Wheel(10, 5, 3));
    assert_eq!(selected_id(&app), before);
    assert_eq!(app.overlay, Overlay::Help(HelpState { scroll: 3 }));
    app.update(Action::ToggleHelp);
    app.update(Action::OpenLink);
    assert_eq!(app.overlay, Overlay::Chooser(LinkChooser { selected: 0 }));
    let r = app.layout.overlay.unwrap();
    app.update(Action::Wheel(r.x + 2, r.y + 1, 3));
    assert_eq!(app.overlay, Overlay::Chooser(LinkChooser { selected: 1 }));
    app.update(Action::Wheel(0, 0, 3));
    assert_eq!(selected_id(&app), before, "outside the chooser: nothing");
    // A click on a link row picks it; a click outside closes the chooser.
    app.update(Action::Click(r.x + 2, r.y + 1));
    assert_eq!(app.overlay, Overlay::Chooser(LinkChooser { selected: 0 }));
    app.update(Action::Click(0, 0));
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(selected_id(&app), before);
}

#[test]
fn help_scrolls_back_from_the_end_at_once() {
    let (mut app, _d) = app();
    app.update(Action::Resize(80, 24));
    app.update(Action::ToggleHelp);
    app.update(Action::Bottom);
    let Overlay::Help(HelpState { scroll: end }) = app.overlay else {
        panic!("help closed")
    };
    let body = layout::inner(app.layout.overlay.unwrap(), true);
    let parts = help::help_parts(&app.keymap, &app.status.load_problems);
    let total = help::help_height(&parts, body.width as usize);
    assert!(total > body.height as usize + 10, "{total} lines");
    assert_eq!(end, total - body.height as usize);
    app.update(Action::Up);
    assert_eq!(app.overlay, Overlay::Help(HelpState { scroll: end - 1 }));
}

#[test]
fn tab_cycles_list_detail_notes_and_the_filter_counts_as_the_list() {
    assert_eq!(Focus::List.cycle(true), Focus::Detail);
    assert_eq!(Focus::Notes.cycle(true), Focus::List);
    assert_eq!(Focus::List.cycle(false), Focus::Notes);
    assert_eq!(Focus::Filter.cycle(true), Focus::Detail);
    assert_eq!(Focus::Filter.cycle(false), Focus::Notes);
}
