//! Subscriptions in a real terminal against a loopback server: a copy older than an hour is refreshed in the
//! background at start (the status line says so) and the running TUI shows the new copy, and with the server
//! gone the status line says the copy is offline; a cancelled talk with notes stays listed, flagged `Δ`.
mod common;

use common::Env;
use common::http::{Server, fixture};
use common::pty::Tui;

/// The clock `hours` after the real one (the subscription was fetched at the real time).
fn later(hours: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours)).to_string()
}

fn tui_at(env: &Env, now: &str) -> Tui {
    Tui::start_with(env, &[("CONFNOTES_NOW", now)], &["--no-bundled"], 120, 40)
}

#[test]
fn stale_copies_refresh_in_the_background_and_the_status_line_tells_how_fresh_they_are() {
    let env = Env::new();
    // subscribe, the TUI's refresh; then the server is gone.
    let server = Server::start(2);
    *server.schedule.lock().unwrap() = fixture("minicon.json");
    let out = env.cli(&["subscribe", &server.url("/schedule"), "--name", "minicon"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Notes on a talk that the next version cancels.
    let out = env.cli(&[
        "--no-bundled",
        "notes",
        "set",
        "minicon24/103",
        "--append",
        "go",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    *server.schedule.lock().unwrap() = fixture("minicon-v2.json");

    let mut tui = tui_at(&env, &later(2));
    tui.wait_text("Late Night Lightning"); // the first copy, loaded from disk
    tui.wait_text("minicon updated (3 talks) · 1 of your talks changed");
    tui.wait_text("minicon: updated 0 min ago");
    tui.wait_text("Added Later"); // the new copy, in the running TUI
    // The talk the new copy dropped is flagged cancelled in the running TUI too, not at the next start.
    tui.wait_for("the dropped talk flagged Δ", |t| {
        t.text()
            .lines()
            .any(|l| l.contains("•Δ") && l.contains("Late Night Lightning"))
    });
    tui.send("q");
    assert!(tui.wait_exit().success());

    let mut tui = tui_at(&env, &later(4));
    tui.wait_text("Added Later"); // the new copy
    tui.wait_text("minicon: offline, copy from");
    // The notice at start came and went; the failed refresh's line replaced it.
    tui.wait_text("minicon failed: cannot connect to 127.0.0.1");
    // The cancelled talk is gone from the copy, but it has notes: it stays listed, flagged as changed.
    let text = tui.term().text();
    assert!(
        text.lines()
            .any(|l| l.contains("•Δ") && l.contains("Late Night Lightning")),
        "the cancelled talk with notes is not listed, flagged:\n{text}"
    );
    tui.wait_text("Δ cancelled"); // the stand-in is selected at start: its detail says so
    tui.send("q");
    assert!(tui.wait_exit().success());
}
