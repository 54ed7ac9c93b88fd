//! The scratch pad in a real terminal: `N` on a talk opens its day's page, Ctrl-T moves the line under the
//! cursor onto a talk chosen in the picker, and the notes file holds both edits.
mod common;

use common::pty::Tui;
use common::{Env, json_array};

/// During the conference day of tests/fixtures/schedules/minicon.xml.
const NOW: &str = "2024-12-27T11:20:00+01:00";

/// The notes as `confnotes notes --json` lists them: (id, text).
fn notes(env: &Env) -> Vec<(String, String)> {
    let out = env.cli_on_talks(&["notes", "--json"]);
    assert!(out.status.success());
    json_array(&out)
        .iter()
        .map(|n| {
            let s = |k: &str| n[k].as_str().unwrap_or("").to_string();
            (s("id"), s("text"))
        })
        .collect()
}

#[test]
fn ctrl_t_moves_a_scratch_line_onto_the_talk_picked_and_both_notes_are_saved() {
    let env = Env::new();
    let xml = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schedules/minicon.xml"
    );
    std::fs::copy(xml, env.talks().join("minicon.xml")).unwrap();
    let talks = env.talks();
    let mut tui = Tui::start_with(
        &env,
        &[("CONFNOTES_NOW", NOW)],
        &["--no-bundled", "--data", talks.to_str().unwrap()],
        120,
        40,
    );
    tui.wait_text("Rust at Scale");
    tui.wait_gone("loading…");
    tui.send("/rust at scale\r");
    tui.wait_text("Talks 1 / ");
    // N on a talk of Friday: Friday's page.
    tui.send("N");
    tui.wait_text("Scratch — Fri 27 Dec 2024 (editing");
    tui.send("met Alice at lunch\rask about lifetimes");
    tui.wait_text("ask about lifetimes");
    tui.send("\x14"); // Ctrl-T
    tui.wait_text("Move 1 line to which talk?");
    tui.wait_text("moving: ask about lifetimes");
    tui.send("scale");
    tui.wait_text("> scale");
    tui.send("\r");
    tui.wait_text("moved 1 line to «Rust at Scale»");
    tui.wait_gone("Move 1 line to which talk?");
    tui.send("\x1b"); // stop editing
    tui.wait_gone("(editing");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let saved = notes(&env);
    let text_of = |id: &str| {
        (saved.iter())
            .find(|(i, _)| i == id)
            .map(|(_, t)| t.as_str())
    };
    assert_eq!(
        text_of("_scratch/2024-12-27"),
        Some("met Alice at lunch"),
        "{saved:?}"
    );
    let talk = (saved.iter())
        .find(|(_, t)| t == "ask about lifetimes")
        .unwrap_or_else(|| panic!("no talk got the line: {saved:?}"));
    let listed = env.cli_on_talks(&["show", &talk.0]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Rust at Scale"));
}
