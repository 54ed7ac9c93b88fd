//! The schedule view in a real terminal, with the clock fixed by `CONFNOTES_NOW`: `t`, `n`, `room:` and
//! `is:now` queries on a small frab XML schedule (tests/fixtures/schedules/minicon.xml).
mod common;

use common::Env;
use common::pty::Tui;

/// After the opening (10:30–11:15), during "Rust at Scale" (11:00–12:00).
const NOW: &str = "2024-12-27T11:20:00+01:00";

fn start() -> (Env, Tui) {
    let env = Env::new();
    let xml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schedules/minicon.xml"
    );
    std::fs::copy(xml, env.talks().join("minicon.xml")).unwrap();
    let talks = env.talks();
    let tui = Tui::start_with(
        &env,
        &[("CONFNOTES_NOW", NOW)],
        &["--no-bundled", "--data", talks.to_str().unwrap()],
        120,
        40,
    );
    tui.wait_text("Rust at Scale");
    tui.wait_gone("loading…");
    (env, tui)
}

#[test]
fn t_shows_the_day_with_times_rooms_and_the_now_line_and_n_selects_what_runs() {
    let (_env, mut tui) = start();
    tui.send("t");
    tui.wait_text("sort: schedule");
    tui.wait_check("the schedule rows", |t| {
        let text = t.text();
        for want in ["Fri 2024-12-27", "10:30", "11:00", "Saal 1", "now 11:20"] {
            if !text.contains(want) {
                return Err(format!("no {want:?} in\n{text}"));
            }
        }
        Ok(())
    });
    tui.send("n");
    // The detail follows the selection: the talk running at 11:10.
    tui.wait_check("the running talk selected", |t| {
        // Row 1 holds the day header on the left and the detail's title on the right.
        let row = t.row(1);
        if row.contains("Fri 2024-12-27") && row.contains("Rust at Scale") {
            Ok(())
        } else {
            Err(t.text())
        }
    });
    tui.wait_text("11:00–12:00 CET");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn room_and_is_now_queries_narrow_the_list() {
    let (_env, mut tui) = start();
    tui.send("/room:saal\\ 2");
    tui.wait_check("only Saal 2", |t| {
        let text = t.text();
        if text.contains("Talks 1 / 1") && text.contains("Late Night Lightning") {
            Ok(())
        } else {
            Err(text)
        }
    });
    tui.send("\x15is:now");
    tui.wait_check("only what runs at 11:20", |t| {
        let text = t.text();
        if text.contains("Talks 1 / 1") && text.contains("Rust at Scale") {
            Ok(())
        } else {
            Err(text)
        }
    });
    tui.send("\x03");
    assert!(tui.wait_exit().success());
}
