//! The schedule view through `update`: toggling it, the now line, jumping to now, clashes of marked talks.
use super::*;
use crate::store::Moment;

fn slot(id: &str, title: &str, room: &str, start: &str, minutes: i64) -> Talk {
    let mut t = talk(id, title, "Ada Speaker", "MiniCon", 2024);
    let begin = Moment::parse(start).unwrap();
    t.schedule.start = Some(begin);
    t.schedule.end = Some(Moment {
        timestamp: begin.timestamp + jiff::SignedDuration::from_mins(minutes),
        offset: begin.offset,
    });
    t.schedule.room = Some(room.into());
    t.schedule.time_zone = Some("Europe/Berlin".into());
    t
}

pub(crate) fn schedule_talks() -> Vec<Talk> {
    vec![
        slot(
            "m/keynote",
            "Keynote",
            "Hall",
            "2024-12-27T09:00:00+01:00",
            60,
        ),
        slot(
            "m/rust",
            "Rust in anger",
            "Hall",
            "2024-12-27T10:30:00+01:00",
            40,
        ),
        slot(
            "m/tea",
            "Tea ceremony",
            "Lounge",
            "2024-12-27T10:45:00+01:00",
            30,
        ),
        slot(
            "m/close",
            "Closing",
            "Hall",
            "2024-12-28T17:00:00+01:00",
            30,
        ),
    ]
}

/// An app over the schedule talks at 120×40, its clock at `now`.
pub(crate) fn schedule_app(now: &str) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let notes = NotesStore::open(Some(dir.path().join("notes.toml")));
    let mut app = App::new(
        Store::from_talks(schedule_talks()),
        notes,
        Keymap::default(),
    );
    app.update(Action::Resize(120, 40));
    app.update(Action::Clock(Moment::parse(now).unwrap().timestamp));
    (app, dir)
}

fn row_labels(app: &App) -> Vec<String> {
    app.list
        .rows
        .iter()
        .map(|r| match r {
            Row::Header(h) => format!("# {h}"),
            Row::Now(n) => format!("-- {n}"),
            Row::Talk { index } => app.catalog.talks()[*index].title.clone(),
        })
        .collect()
}

#[test]
fn t_toggles_the_schedule_view_by_day_and_time_and_back() {
    let (mut app, _d) = schedule_app("2024-12-27T10:35:00+01:00");
    app.update(Action::CycleSort);
    assert_eq!(app.list.sort, Sort::Conference);
    app.update(Action::ToggleSchedule);
    assert_eq!(app.effective_sort(), Sort::Schedule);
    assert_eq!(
        row_labels(&app),
        [
            "# Fri 2024-12-27 · MiniCon 2024",
            "Keynote",
            "Rust in anger",
            "-- now 10:35",
            "Tea ceremony",
            "# Sat 2024-12-28 · MiniCon 2024",
            "Closing",
        ]
    );
    app.update(Action::ToggleSchedule);
    assert_eq!(app.list.sort, Sort::Conference, "back to the order before");
}

#[test]
fn the_now_line_moves_with_the_clock() {
    let (mut app, _d) = schedule_app("2024-12-27T10:35:00+01:00");
    app.update(Action::ToggleSchedule);
    app.update(Action::Clock(
        Moment::parse("2024-12-27T10:50:00+01:00")
            .unwrap()
            .timestamp,
    ));
    let labels = row_labels(&app);
    // Everything today has started: the line closes the day.
    let now = labels.iter().position(|l| l == "-- now 10:50");
    assert_eq!(now, Some(4), "{labels:?}");
    assert_eq!(labels[3], "Tea ceremony");
    assert_eq!(labels[5], "# Sat 2024-12-28 · MiniCon 2024");
}

#[test]
fn n_selects_what_runs_now_and_says_so_when_nothing_does() {
    let (mut app, _d) = schedule_app("2024-12-27T10:35:00+01:00");
    app.update(Action::JumpToNow);
    assert_eq!(
        app.effective_sort(),
        Sort::Schedule,
        "n opens the schedule view"
    );
    assert_eq!(selected_id(&app), "m/rust");
    app.update(Action::Clock(
        Moment::parse("2024-12-27T12:00:00+01:00")
            .unwrap()
            .timestamp,
    ));
    app.update(Action::JumpToNow);
    assert_eq!(selected_id(&app), "m/close", "nothing runs: the next one");
    app.update(Action::Clock(
        Moment::parse("2025-01-10T12:00:00+01:00")
            .unwrap()
            .timestamp,
    ));
    app.update(Action::JumpToNow);
    assert!(message(&app).contains("nothing"));
}

#[test]
fn two_marked_talks_that_overlap_are_flagged_on_both() {
    let (mut app, _d) = schedule_app("2024-12-27T08:00:00+01:00");
    app.update(Action::ToggleSchedule);
    let pos = |app: &App, id: &str| app.catalog.store().position(id).unwrap();
    for id in ["m/rust", "m/tea"] {
        let row = app
            .list
            .rows
            .iter()
            .position(|r| matches!(r, Row::Talk { index } if *index == pos(&app, id)))
            .unwrap();
        let page = app.page();
        app.list.select_row(row, page);
        app.update(Action::CycleStatus);
        if id == "m/rust" {
            assert!(app.list.conflicts.is_empty(), "one marked talk is no clash");
        }
    }
    let expected: std::collections::HashSet<usize> =
        [pos(&app, "m/rust"), pos(&app, "m/tea")].into();
    assert_eq!(app.list.conflicts, expected);
    assert_eq!(app.clashes_of_selected(), ["Rust in anger"]);
    let parts = detail::detail_parts(app.selected_talk(), &app.clashes_of_selected(), &[]);
    assert!(
        parts
            .iter()
            .any(|(p, t)| *p == detail::DetailPart::Clash && t.contains("Rust in anger")),
        "{parts:?}"
    );
    assert!(
        parts.iter().any(|(p, t)| *p == detail::DetailPart::When
            && t == "Fri 2024-12-27 · 10:45–11:15 CET · 30 min"),
        "{parts:?}"
    );
    // Unmarking one (planned → follow-up → done → none) clears the flag on both.
    app.update(Action::CycleStatus);
    app.update(Action::CycleStatus);
    app.update(Action::CycleStatus);
    assert!(app.list.conflicts.is_empty());
}

#[test]
fn the_agenda_key_shows_only_planned_talks_by_time_and_toggles_back() {
    let (mut app, _d) = schedule_app("2024-12-27T08:00:00+01:00");
    let before = app.list.sort;
    let now = crate::notes::Timestamp::now();
    for id in ["m/tea", "m/rust"] {
        app.notes.notes.set_status(id, Status::Planned, now);
    }
    app.update(Action::ToggleAgenda);
    assert_eq!(app.filter.query(), "is:planned");
    assert_eq!(app.list.sort, Sort::Schedule);
    let titles: Vec<&str> = app
        .list
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Talk { index } => Some(app.catalog.talks()[*index].title.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, ["Rust in anger", "Tea ceremony"]);
    app.update(Action::ToggleAgenda);
    assert_eq!(app.filter.query(), "");
    assert_eq!(app.list.sort, before);
}

#[test]
fn a_clock_minute_redraws_only_what_shows_time() {
    let (mut app, _d) = schedule_app("2024-12-27T10:35:00+01:00");
    app.take_tick_changes();
    let later = |m: &str| Moment::parse(m).unwrap().timestamp;
    app.update(Action::Clock(later("2024-12-27T10:36:00+01:00")));
    assert!(
        !app.take_tick_changes(),
        "the conference list shows no time"
    );
    app.update(Action::ToggleSchedule);
    app.update(Action::Clock(later("2024-12-27T10:37:00+01:00")));
    assert!(app.take_tick_changes(), "the now line moved");
    app.update(Action::ToggleSchedule);
    app.update(Action::FocusFilter);
    for c in "is:now".chars() {
        app.update(Action::FilterInsert(c));
    }
    app.update(Action::Clock(later("2024-12-27T10:38:00+01:00")));
    assert!(app.take_tick_changes(), "is:now answers anew");
}
