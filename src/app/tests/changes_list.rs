//! The changes list (`c`): newest subscription first, yours first, j/k over changes, Enter to the talk.
use super::scratch::press;
use super::*;
use crate::app::ChangesRow;
use crate::subscribe::changes::{Change, ChangeKind, ChangeSet};

fn change(id: &str, title: &str, kind: ChangeKind) -> Change {
    Change {
        id: id.into(),
        title: title.into(),
        kind,
    }
}

pub(crate) fn two_sets() -> Vec<ChangeSet> {
    vec![
        ChangeSet {
            subscription: "older".into(),
            at: "2024-12-26T08:00:00Z".parse().unwrap(),
            changes: vec![change(
                "ep-2014/haskell",
                "What can python learn from Haskell?",
                ChangeKind::SpeakersChanged {
                    from: vec!["Bob Ippolito".into()],
                    to: vec!["Bob Ippolito".into(), "Ada".into()],
                },
            )],
            added: vec!["ep-2014/new".into()],
        },
        ChangeSet {
            subscription: "newer".into(),
            at: "2024-12-27T08:00:00Z".parse().unwrap(),
            changes: vec![
                change(
                    "pycon-us-2014/fast",
                    "Fast Python, Slow Python",
                    ChangeKind::Cancelled,
                ),
                change(
                    "pycon-uk-2014/http2",
                    "HTTP/2: Because The Web Was Too Easy",
                    ChangeKind::Moved {
                        from_start: crate::store::Moment::parse("2024-12-27T10:30:00+01:00"),
                        to_start: crate::store::Moment::parse("2024-12-27T14:00:00+01:00"),
                        from_room: Some("Saal 1".into()),
                        to_room: Some("Saal 2".into()),
                    },
                ),
            ],
            added: vec!["a".into(), "b".into()],
        },
    ]
}

fn labels(app: &App) -> Vec<String> {
    let list = app.changes_list.as_ref().unwrap();
    (list.rows.iter().enumerate())
        .map(|(i, r)| {
            let at = if i == list.selected { ">" } else { " " };
            match r {
                ChangesRow::Heading(h) => format!("{at}# {}", h.split(" · ").next().unwrap_or("")),
                ChangesRow::Change { id, mine, .. } => {
                    format!("{at}{}{id}", if *mine { "★" } else { "" })
                }
            }
        })
        .collect()
}

#[test]
fn c_lists_the_changes_newest_subscription_first_yours_first_and_j_k_skip_headings() {
    let (mut app, _d) = app();
    app.update(Action::ScheduleChanges(two_sets()));
    // The moved talk is planned: it is yours, so it comes first in its subscription.
    select_id(&mut app, "pycon-uk-2014/http2");
    app.update(Action::CycleStatus);
    press(&mut app, KeyCode::Char('c'), KeyModifiers::NONE);
    assert_eq!(app.mode(), Mode::Changes);
    assert_eq!(
        labels(&app),
        [
            " # newer",
            ">★pycon-uk-2014/http2",
            " pycon-us-2014/fast",
            " # older",
            " ep-2014/haskell",
        ]
    );
    let list = app.changes_list.as_ref().unwrap();
    let ChangesRow::Heading(newer) = &list.rows[0] else {
        panic!()
    };
    assert!(newer.ends_with(" · 2 talks added"), "{newer}");
    let ChangesRow::Change { what, .. } = &list.rows[1] else {
        panic!()
    };
    assert_eq!(what, "moved: Fri 10:30 Saal 1 → Fri 14:00 Saal 2");
    press(&mut app, KeyCode::Char('j'), KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(labels(&app)[4], ">ep-2014/haskell", "over the heading");
    press(&mut app, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(labels(&app)[4], ">ep-2014/haskell", "stays at the end");
    press(&mut app, KeyCode::Char('k'), KeyModifiers::NONE);
    assert_eq!(labels(&app)[2], ">pycon-us-2014/fast");
    press(&mut app, KeyCode::Char('g'), KeyModifiers::NONE);
    assert_eq!(labels(&app)[1], ">★pycon-uk-2014/http2");
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.changes_list.is_none());
    assert_eq!(app.mode(), Mode::Normal);
}

fn select_id(app: &mut App, id: &str) {
    let row = (app.list.rows.iter())
        .position(|r| matches!(r, Row::Talk { index } if app.catalog.talks()[*index].id == id))
        .unwrap();
    app.list.selected = row;
}

#[test]
fn enter_jumps_to_the_talk_clearing_a_filter_that_hides_it() {
    let (mut app, _d) = app();
    app.update(Action::ScheduleChanges(two_sets()));
    type_text(&mut app, "parallelism");
    app.update(Action::FilterAccept);
    assert_eq!(app.list.talk_count, 1);
    app.update(Action::ChangesList(ChangesInput::Toggle));
    press(&mut app, KeyCode::Char('G'), KeyModifiers::SHIFT);
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.changes_list.is_none());
    assert_eq!(app.filter.query(), "", "the filter hid it");
    assert_eq!(selected_id(&app), "ep-2014/haskell");
    assert_eq!(app.focus, Focus::List);
    // A talk the filter shows is selected without touching the filter.
    type_text(&mut app, "python");
    app.update(Action::ChangesList(ChangesInput::Toggle));
    app.update(Action::ChangesList(ChangesInput::Pick));
    assert_eq!(app.filter.query(), "python");
    assert_eq!(selected_id(&app), "pycon-us-2014/fast");
}

#[test]
fn a_cancelled_talk_that_is_gone_is_named_and_c_again_closes() {
    let (mut app, _d) = app();
    let mut sets = two_sets();
    sets[1].changes[0].id = "pycon-us-2014/gone".into();
    app.update(Action::ScheduleChanges(sets));
    let before = selected_id(&app).to_string();
    app.update(Action::ChangesList(ChangesInput::Toggle));
    app.update(Action::ChangesList(ChangesInput::Pick));
    assert_eq!(selected_id(&app), before);
    assert_eq!(
        message(&app),
        "«Fast Python, Slow Python» is no longer in the schedule"
    );
    press(&mut app, KeyCode::Char('c'), KeyModifiers::NONE);
    assert!(app.changes_list.is_some());
    press(&mut app, KeyCode::Char('c'), KeyModifiers::NONE);
    assert!(app.changes_list.is_none(), "c toggles");
}

#[test]
fn with_no_changes_the_list_is_empty_and_enter_does_nothing() {
    let (mut app, _d) = app();
    app.update(Action::ChangesList(ChangesInput::Toggle));
    assert_eq!(app.changes_list.as_ref().unwrap().rows, []);
    app.update(Action::ChangesList(ChangesInput::Move(1)));
    app.update(Action::ChangesList(ChangesInput::Pick));
    assert!(app.changes_list.is_some());
}

#[test]
fn a_click_outside_closes_the_list_and_the_wheel_moves_in_it() {
    let (mut app, _d) = app();
    app.update(Action::ScheduleChanges(two_sets()));
    app.update(Action::ChangesList(ChangesInput::Toggle));
    let r = app.layout.overlay.unwrap();
    app.update(Action::Wheel(r.x + 2, r.y + 2, 1));
    assert_eq!(app.changes_list.as_ref().unwrap().selected, 2);
    app.update(Action::Click(r.x + 2, r.y + 2));
    assert!(app.changes_list.is_some(), "a click inside keeps it");
    app.update(Action::Click(0, 0));
    assert!(app.changes_list.is_none());
}
