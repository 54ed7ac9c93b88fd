//! Schedule changes in the TUI: the `Δ` flag, the detail line, and cancelled talks with notes kept visible.
use super::app;
use crate::app::{Action, App, Row};
use crate::notes::Timestamp;
use crate::subscribe::changes::{Change, ChangeKind, ChangeSet};

fn sets() -> Vec<ChangeSet> {
    vec![ChangeSet {
        subscription: "pycon-uk".into(),
        at: "2024-12-27T08:00:00Z".parse().unwrap(),
        changes: vec![
            Change {
                id: "pycon-uk-2014/http2".into(),
                title: "HTTP/2: Because The Web Was Too Easy".into(),
                kind: ChangeKind::Moved {
                    from_start: crate::store::Moment::parse("2024-12-27T10:30:00+01:00"),
                    to_start: crate::store::Moment::parse("2024-12-27T14:00:00+01:00"),
                    from_room: Some("Saal 1".into()),
                    to_room: Some("Saal 2".into()),
                },
            },
            Change {
                id: "pycon-uk-2014/gone".into(),
                title: "A cancelled talk".into(),
                kind: ChangeKind::Cancelled,
            },
            Change {
                id: "pycon-uk-2014/gone-unread".into(),
                title: "Cancelled, no notes".into(),
                kind: ChangeKind::Cancelled,
            },
        ],
        added: vec![],
    }]
}

fn select(app: &mut App, id: &str) {
    let row = app
        .list
        .rows
        .iter()
        .position(|r| matches!(r, Row::Talk { index } if app.catalog.talks()[*index].id == id))
        .unwrap_or_else(|| panic!("{id} is not in the list"));
    app.list.selected = row;
}

fn screen(app: &mut App) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| crate::ui::draw(f, app, &crate::ui::Theme::default()))
        .unwrap();
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_moved_talk_is_flagged_in_its_row_and_its_detail_says_where_it_was() {
    let (mut app, _d) = app();
    app.update(Action::ScheduleChanges(sets()));
    let moved = app.catalog.store().get("pycon-uk-2014/http2").unwrap();
    let moved = app
        .catalog
        .talks()
        .iter()
        .position(|t| t.id == moved.id)
        .unwrap();
    assert!(app.is_changed(moved));
    assert!(!app.is_changed(0));
    select(&mut app, "pycon-uk-2014/http2");
    assert_eq!(app.notices_of_selected(), ["Δ moved from Fri 10:30 Saal 1"]);
    let screen = screen(&mut app);
    let row = screen
        .lines()
        .find(|l| l.contains("HTTP/2") && l.contains("Cory"))
        .unwrap();
    assert!(row.contains(" Δ"), "{row}");
    assert!(screen.contains("Δ moved from Fri 10:30 Saal 1"), "{screen}");
    let unchanged = screen.lines().find(|l| l.contains("Fast Python")).unwrap();
    assert!(!unchanged.contains('Δ'), "{unchanged}");
}

#[test]
fn a_cancelled_talk_with_notes_stays_in_the_list_with_its_notes_once_loading_is_over() {
    let (mut app, _d) = app();
    app.notes
        .notes
        .set_text("pycon-uk-2014/gone", "ask for the slides", Timestamp::now());
    app.status.loading = true;
    app.update(Action::ScheduleChanges(sets()));
    assert!(
        app.catalog.store().get("pycon-uk-2014/gone").is_none(),
        "no stand-in while talks may still arrive"
    );
    app.update(Action::LoadDone);
    let stand_in = app.catalog.store().get("pycon-uk-2014/gone").unwrap();
    assert_eq!(
        stand_in.conference_label(),
        "PyCon UK 2014",
        "beside its siblings"
    );
    assert!(
        app.catalog
            .store()
            .get("pycon-uk-2014/gone-unread")
            .is_none(),
        "a cancelled talk without notes or a mark is not brought back"
    );
    select(&mut app, "pycon-uk-2014/gone");
    assert_eq!(app.notices_of_selected(), ["Δ cancelled"]);
    let screen = screen(&mut app);
    assert!(screen.contains("A cancelled talk"), "{screen}");
    assert!(screen.contains("ask for the slides"), "{screen}");
    assert!(screen.contains("Δ cancelled"), "{screen}");
    // A second change set (after a refresh) does not add it twice.
    let before = app.catalog.talks().len();
    app.update(Action::ScheduleChanges(sets()));
    assert_eq!(app.catalog.talks().len(), before);
}

#[test]
fn a_follow_up_talk_with_a_video_link_says_its_recording_is_available() {
    use crate::notes::Status;
    let (mut app, _d) = app();
    // Sample talk 0 (Parallelism Shootout) links a video; talk 3 (Sphinx docs) links none.
    app.notes
        .notes
        .set_status("ep-2015/shootout", Status::FollowUp, Timestamp::now());
    app.notes
        .notes
        .set_status("ep-2014/sphinx", Status::FollowUp, Timestamp::now());
    assert!(app.has_recording(0));
    assert!(!app.has_recording(3));
    assert!(
        !app.has_recording(4),
        "a video link, but not marked follow-up"
    );
    select(&mut app, "ep-2015/shootout");
    assert_eq!(
        app.notices_of_selected(),
        ["▷ recording available: https://example.org/v"]
    );
    let screen = screen(&mut app);
    let row = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle) && l.contains('★'))
            .unwrap_or_else(|| panic!("no row {needle:?} in\n{screen}"))
            .to_string()
    };
    assert!(row("Parallelism").contains("★▷"), "{screen}");
    assert!(!row("Multi-language").contains('▷'), "{screen}");
    assert!(screen.contains("▷ recording available"), "{screen}");
}

#[test]
fn n_opens_the_scratch_pad_which_is_saved_as_a_note_and_found_by_in_scratch_and_plain_queries() {
    use crate::app::{Focus, Mode};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (mut app, _d) = app();
    let talks = app.catalog.talks().len();
    let n = KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT);
    let action = app.action_for_key(n).unwrap();
    assert!(matches!(action, Action::OpenScratch), "{action:?}");
    app.update(action);
    assert_eq!(app.focus, Focus::Notes);
    assert_eq!(app.mode(), Mode::Editor);
    assert_eq!(
        app.editor.as_ref().map(|e| e.id.as_str()),
        Some(crate::notes::SCRATCH_ID)
    );
    assert_eq!(app.catalog.talks().len(), talks + 1, "listed once");
    for c in "met Alice, ask about her PEP".chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let action = app.action_for_key(key).unwrap();
        app.update(action);
    }
    let screen = screen(&mut app);
    assert!(screen.contains("Scratch pad (editing"), "{screen}");
    app.update(Action::StopEditing);
    assert_eq!(
        app.notes
            .notes
            .get(crate::notes::SCRATCH_ID)
            .map(|n| n.text.as_str()),
        Some("met Alice, ask about her PEP")
    );
    assert_eq!(
        listed_for(&mut app, "in:scratch"),
        [crate::notes::SCRATCH_ID]
    );
    assert_eq!(
        listed_for(&mut app, "alice pep"),
        [crate::notes::SCRATCH_ID]
    );
    // Pressed again, it does not list the pad twice.
    app.update(Action::FilterLeave);
    app.update(Action::OpenScratch);
    assert_eq!(app.catalog.talks().len(), talks + 1);
}

#[test]
fn a_refreshed_copy_moves_talks_on_screen_and_the_selection_stays() {
    let (mut app, _dir) = app();
    app.update(Action::Down);
    let selected = app.selected_talk().unwrap().clone();
    let mut moved = selected.clone();
    moved.schedule.room = Some("Room 42".into());
    let mut new = moved.clone();
    new.id = format!("{}-late", selected.id);
    new.title = "A talk added late".into();
    app.update(Action::ScheduleUpdated(
        vec![crate::store::Batch {
            positions: vec![None, None],
            talks: vec![moved, new],
            ..Default::default()
        }],
        Vec::new(),
    ));
    let now = app.selected_talk().unwrap();
    assert_eq!(now.id, selected.id, "the selection stays on its talk");
    assert_eq!(now.schedule.room.as_deref(), Some("Room 42"));
    assert!(
        app.list
            .rows
            .iter()
            .any(|r| matches!(r, Row::Talk { index } if app.catalog.talks()[*index].title == "A talk added late")),
        "the new talk is listed"
    );
}

#[test]
fn a_talk_a_refreshed_copy_dropped_shows_as_cancelled_at_once() {
    let (mut app, _dir) = app();
    app.update(Action::Down);
    let mut gone = app.selected_talk().unwrap().clone();
    gone.schedule.start = crate::store::Moment::parse("2024-12-27T10:00:00+01:00");
    gone.schedule.room = Some("Saal 1".into());
    app.update(Action::ScheduleUpdated(
        vec![crate::store::Batch {
            positions: vec![None],
            talks: vec![gone.clone()],
            ..Default::default()
        }],
        Vec::new(),
    ));
    app.notes
        .notes
        .set_status(&gone.id, crate::notes::Status::Planned, Timestamp::now());
    let agenda =
        |app: &App| crate::agenda::Agenda::build(app.catalog.store(), &app.notes.notes, None);
    assert_eq!(agenda(&app).entries().count(), 1, "planned, at its time");
    let set = ChangeSet {
        subscription: "conf".into(),
        at: jiff::Timestamp::UNIX_EPOCH,
        changes: vec![Change {
            id: gone.id.clone(),
            title: gone.title.clone(),
            kind: ChangeKind::Cancelled,
        }],
        added: Vec::new(),
    };
    let talks = app.catalog.talks().len();
    app.update(Action::ScheduleUpdated(
        vec![crate::store::Batch::default()],
        vec![set.clone()],
    ));
    app.update(Action::ScheduleChanges(vec![set]));
    let now = app
        .catalog
        .store()
        .get(&gone.id)
        .expect("kept, not dropped");
    assert!(now.tags.iter().any(|t| t == "cancelled"), "{:?}", now.tags);
    assert!(now.body.starts_with("Cancelled:"), "{}", now.body);
    assert_eq!(now.schedule.start, None, "out of the schedule");
    assert_eq!(
        agenda(&app).entries().count(),
        0,
        "and out of the agenda's day"
    );
    assert_eq!(now.title, gone.title);
    assert_eq!(app.catalog.talks().len(), talks, "no stand-in beside it");
    assert_eq!(listed_for(&mut app, "tag:cancelled"), [gone.id.clone()]);
    let index = app.catalog.store().position(&gone.id).unwrap();
    assert!(app.is_changed(index), "the row carries the change mark");
}

/// The ids of the talks listed once `query` is typed into a cleared filter.
fn listed_for(app: &mut App, query: &str) -> Vec<String> {
    app.update(Action::FilterClear);
    for c in query.chars() {
        app.update(Action::FilterInsert(c));
    }
    app.list
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Talk { index } => Some(app.catalog.talks()[*index].id.clone()),
            _ => None,
        })
        .collect()
}
