//! The move picker and the changes list on screen: at a roomy and a tiny size, the selected row alone in
//! the selection style.
use super::{render, text};
use crate::app::tests::{app, open_move_picker_on};
use crate::app::{Action, App, ChangesInput, MoveInput};
use crate::ui::Theme;
use ratatui::buffer::Buffer;

/// The rows inside the overlay drawn in the selection style, as text.
fn selected_rows(app: &App, buf: &Buffer) -> Vec<String> {
    let bg = Theme::default().selected.bg.unwrap();
    let r = app.layout.overlay.unwrap();
    (r.y + 1..r.bottom().saturating_sub(1))
        .filter(|&y| (r.x + 1..r.right() - 1).any(|x| buf[(x, y)].bg == bg))
        .map(|y| {
            (r.x + 1..r.right() - 1)
                .map(|x| &buf[(x, y)])
                .filter(|c| c.bg == bg)
                .map(|c| c.symbol())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

/// The global scratch page with one line, and the picker opened on it.
fn picker_app() -> (App, tempfile::TempDir) {
    let (mut app, d) = app();
    open_move_picker_on(&mut app, "ask Alex about PyPy");
    (app, d)
}

#[test]
fn the_picker_shows_the_query_what_moves_and_the_talks_with_the_selected_one_highlighted() {
    let (mut app, _d) = picker_app();
    let buf = render(&mut app, 120, 40);
    insta::assert_snapshot!("move_picker_120x40", text(&buf));
    assert_eq!(
        selected_rows(&app, &buf),
        ["Parallelism Shootout · Shahriar Tajbakhsh · EuroPython 2015"]
    );
    for c in "gaynor".chars() {
        app.update(Action::MoveLine(MoveInput::Insert(c)));
    }
    let buf = render(&mut app, 120, 40);
    let screen = text(&buf);
    assert!(screen.contains("> gaynor"), "{screen}");
    assert_eq!(
        selected_rows(&app, &buf),
        ["Fast Python, Slow Python · Alex Gaynor · PyCon US 2014"]
    );
    app.update(Action::MoveLine(MoveInput::Insert('x')));
    let screen = text(&render(&mut app, 120, 40));
    assert!(screen.contains("no talk matches"), "{screen}");
}

#[test]
fn the_picker_in_a_tiny_terminal() {
    let (mut app, _d) = picker_app();
    app.update(Action::MoveLine(MoveInput::Move(1)));
    let buf = render(&mut app, 30, 8);
    insta::assert_snapshot!("move_picker_30x8", text(&buf));
    assert_eq!(selected_rows(&app, &buf), ["Zero downtime Postgre…"]);
    for (w, h) in [(1, 1), (16, 3), (20, 5)] {
        render(&mut app, w, h);
    }
}

#[test]
fn the_changes_list_shows_each_subscription_newest_first_with_the_selected_change_highlighted() {
    let (mut app, _d) = app();
    app.update(Action::ScheduleChanges(
        crate::app::tests::changes_list::two_sets(),
    ));
    app.update(Action::ChangesList(ChangesInput::Toggle));
    app.update(Action::ChangesList(ChangesInput::Move(1)));
    let buf = render(&mut app, 120, 40);
    insta::assert_snapshot!("changes_list_120x40", stable_times(&text(&buf)));
    assert_eq!(
        selected_rows(&app, &buf),
        ["HTTP/2: Because The Web Was Too Easy — moved: Fri 10:30 Saal 1 → Fri 14:00 Saal 2"]
    );
    let buf = render(&mut app, 30, 8);
    insta::assert_snapshot!("changes_list_30x8", stable_times(&text(&buf)));
    assert_eq!(selected_rows(&app, &buf), ["HTTP/2: Because The…"]);
    for (w, h) in [(1, 1), (16, 3), (20, 5)] {
        render(&mut app, w, h);
    }
}

#[test]
fn with_no_changes_the_list_says_so() {
    let (mut app, _d) = app();
    app.update(Action::ChangesList(ChangesInput::Toggle));
    let buf = render(&mut app, 120, 40);
    let screen = text(&buf);
    assert!(screen.contains(" Schedule changes "), "{screen}");
    assert!(
        screen.contains("No changes: nothing is subscribed (confnotes subscribe URL)."),
        "{screen}"
    );
    assert!(selected_rows(&app, &buf).is_empty());
}

/// The screen with the time after "fetched " masked, width kept (it is shown in the machine's zone).
fn stable_times(screen: &str) -> String {
    let lines: Vec<String> = (screen.lines())
        .map(|l| match l.find("fetched ") {
            Some(at) => {
                let (head, rest) = l.split_at(at + "fetched ".len());
                let end = rest.find(" · ").or(rest.find('│')).unwrap_or(rest.len());
                let masked = "~".repeat(rest[..end].chars().count());
                format!("{head}{masked}{}", &rest[end..])
            }
            None => l.to_string(),
        })
        .collect();
    lines.join("\n") + "\n"
}
