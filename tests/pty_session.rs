//! The whole app driven as a person drives it: the real binary in a pseudo-terminal, its screen read
//! through vt100, its config, data and notes in a temp dir.
mod common;

use common::pty::{Term, Tui, contains, rfind};
use common::{Env, poll_until};
use std::fs;
use vt100::Color;

const TALKS: &str = r#"
[conference]
name = "TestConf"
year = 2021

[[talks]]
title = "Compilers for everyone"
slug = "compilers"
speakers = ["Grace Hopper"]
body = "About COBOL and friends."

[[talks]]
title = "Analytical engines"
slug = "engines"
speakers = ["Ada Lovelace"]
body = "Notes on the engine."

[[talks]]
title = "Nanoseconds explained"
slug = "nanoseconds"
speakers = ["Grace Hopper", "Ada Lovelace"]
body = "A wire as long as a nanosecond."

[[talks]]
title = "Structured programming"
slug = "structured"
speakers = ["Edsger Dijkstra"]
body = "Go to considered harmful."
"#;

/// Colours of the default theme, as a 256-colour terminal receives them.
const YELLOW: Color = Color::Idx(3);
const CYAN: Color = Color::Idx(6);
const MAGENTA: Color = Color::Idx(5);

fn env_with_talks() -> Env {
    let env = Env::new();
    env.write_talks("test.toml", TALKS);
    env
}

/// The app on the test talks only, once all four are listed.
fn start(env: &Env, cols: u16, rows: u16) -> Tui {
    Tui::start_on_own_talks(env, cols, rows, "Talks 1 / 4")
}

/// The foreground colour of the border cell at (row, col).
fn fg(t: &Term, row: u16, col: u16) -> Color {
    t.screen().cell(row, col).unwrap().fgcolor()
}

#[test]
fn the_list_appears_at_both_sizes() {
    for (cols, rows) in [(120, 40), (80, 24)] {
        let env = env_with_talks();
        let mut tui = start(&env, cols, rows);
        let t = tui.term();
        let text = t.text();
        for title in ["Compilers for", "Analytical", "Nanoseconds", "Structured"] {
            assert!(
                text.contains(title),
                "{cols}×{rows}: no {title:?} in\n{text}"
            );
        }
        // The list's frame fills the terminal's height, the status line is the last row.
        assert_eq!(t.cell(0, 0), "┌", "{text}");
        assert!(t.row(rows - 1).contains("q quit"), "{text}");
        assert_eq!(t.cell(0, cols - 1), "┐", "{cols}×{rows}\n{text}");
        drop(t);
        tui.send("q");
        assert!(tui.wait_exit().success());
    }
}

#[test]
fn typing_a_speaker_narrows_the_list_and_enter_tab_reach_the_detail() {
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    tui.send("/");
    tui.wait_text("type to filter");
    tui.send("lovelace");
    tui.wait_text("Talks 1 / 2 of 4");
    {
        let t = tui.term();
        let text = t.text();
        assert!(
            text.contains("Analytical engines") && text.contains("Nanoseconds"),
            "{text}"
        );
        assert!(
            !text.contains("Compilers for") && !text.contains("Structured"),
            "{text}"
        );
    }
    // Enter: from the filter to the list; Enter again: the detail, whose border lights up.
    tui.send("\r");
    tui.wait_text("(/ to edit)");
    let detail = tui.term().find("Detail").unwrap();
    assert_ne!(fg(&tui.term(), detail.0, detail.1 - 2), CYAN);
    tui.send("\r");
    tui.wait_for("the detail focused", |t| {
        fg(t, detail.0, detail.1 - 2) == CYAN
    });
    // Shift-Tab back to the list, Tab to the detail again.
    tui.send("\x1b[Z");
    tui.wait_for("the list focused", |t| {
        fg(t, detail.0, detail.1 - 2) != CYAN
    });
    tui.send("\t");
    tui.wait_for("the detail focused", |t| {
        fg(t, detail.0, detail.1 - 2) == CYAN
    });
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn matched_characters_are_highlighted() {
    // The library reports the speaker's matched characters; the screen must show them.
    let store =
        confnotes::store::Store::load(&[confnotes::store::Source::Path(env_with_talks().talks())]);
    let hits = confnotes::search::SearchIndex::new(&store.talks)
        .search("lovelace", &confnotes::search::NoNotes);
    assert!(
        hits.iter()
            .any(|h| h.highlights.speakers.iter().any(|s| !s.is_empty())),
        "the search reports no speaker highlights"
    );
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    tui.send("/lovelace");
    tui.wait_text("Talks 1 / 2 of 4");
    tui.wait_check("the speaker's name highlighted", |t| {
        let list_right = t.find_in_row(0, 0, "┐").ok_or("no frame")?;
        let in_list = |row: u16, text| t.find_in_row(row, 0, text).filter(|&c| c < list_right);
        let row_with = |text| (0..40).find(|&r| in_list(r, text).is_some());
        // "Ada Lovelace" is her talk's whole speaker column: every letter of the name is highlighted.
        let r = row_with("Analytical").ok_or("no Analytical row")?;
        let col = in_list(r, "Lovelace").ok_or("no Lovelace")?;
        for c in col..col + 8 {
            let cell = t.screen().cell(r, c).unwrap();
            if cell.fgcolor() != YELLOW || !cell.bold() {
                return Err(format!(
                    "{:?} at {c} is not highlighted in {:?}",
                    cell.contents(),
                    t.row(r)
                ));
            }
        }
        // Neither the title nor the other speaker, which did not match, is highlighted.
        let grace = row_with("Grace Hopper").ok_or("no Grace row")?;
        for (row, text) in [(r, "Analytical"), (grace, "Grace"), (grace, "Nanoseconds")] {
            let cell = t.screen().cell(row, in_list(row, text).unwrap()).unwrap();
            if cell.fgcolor() == YELLOW || cell.bold() {
                return Err(format!("{text} is highlighted in {:?}", t.row(row)));
            }
        }
        Ok(())
    });
    tui.send("\x1b");
    tui.wait_text("(/ to edit)");
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn help_opens_and_esc_closes_it() {
    let env = env_with_talks();
    let mut tui = start(&env, 80, 24);
    tui.send("?");
    tui.wait_text("Help (Esc closes)");
    assert!(tui.term().text().contains("quit (notes are saved)"));
    tui.send("\x1b");
    tui.wait_gone("Help (Esc closes)");
    assert!(tui.term().text().contains("Compilers for"));
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// Filters the list down to the one talk that `query` matches, and goes to the list.
fn select(tui: &mut Tui, query: &str) {
    tui.send(&format!("/{query}\r"));
    tui.wait_text("Talks 1 / 1 of 4");
    tui.wait_text("(/ to edit)");
}

/// Focus the talk's notes and type `text` into them (the editor stays open).
fn type_note(tui: &mut Tui, query: &str, text: &str) {
    select(tui, query);
    tui.send("\t\t");
    tui.wait_text("i: write notes");
    tui.send("i");
    tui.wait_text("editing: Esc to stop");
    tui.send(text);
    tui.wait_text(text);
}

fn notes_file(env: &Env) -> String {
    fs::read_to_string(env.notes()).unwrap_or_default()
}

#[test]
fn a_note_is_on_disk_after_q() {
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    type_note(&mut tui, "compilers", "remember the moth");
    // Saved while typing, shortly after the last key.
    poll_until("the autosave", || {
        notes_file(&env).contains("remember the moth").then_some(())
    });
    tui.send(" and more");
    tui.wait_text("the moth and more");
    tui.send("\x1b");
    tui.wait_gone("editing: Esc to stop");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let saved = notes_file(&env);
    assert!(
        saved.contains("[notes.\"testconf-2021/compilers\"]"),
        "{saved}"
    );
    assert!(
        saved.contains("text = \"remember the moth and more\""),
        "{saved}"
    );
}

#[test]
fn a_note_being_typed_is_saved_on_sigterm() {
    let env = env_with_talks();
    let mut tui = start(&env, 80, 24);
    type_note(&mut tui, "compilers", "typed then killed");
    // No Esc, no pause for the autosave: the signal must save what is in the editor.
    tui.signal("TERM");
    assert!(tui.wait_exit().success());
    let saved = notes_file(&env);
    assert!(
        saved.contains("[notes.\"testconf-2021/compilers\"]"),
        "{saved}"
    );
    assert!(saved.contains("text = \"typed then killed\""), "{saved}");
    assert_restored(&mut tui);
}

#[test]
fn a_follow_up_mark_survives_a_restart() {
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    select(&mut tui, "engines");
    tui.send("f");
    tui.wait_text("◆ planned");
    tui.send("f");
    tui.wait_text("★ follow-up");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert!(
        notes_file(&env).contains("status = \"follow-up\""),
        "{}",
        notes_file(&env)
    );

    let mut tui = start(&env, 120, 40);
    let t = tui.term();
    let (r, c) = t
        .find("★")
        .unwrap_or_else(|| panic!("no mark:\n{}", t.text()));
    assert!(t.row(r).contains("Analytical engines"), "{}", t.text());
    assert_eq!(t.screen().cell(r, c).unwrap().fgcolor(), MAGENTA);
    drop(t);
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn q_restores_the_terminal() {
    let env = env_with_talks();
    let mut tui = start(&env, 80, 24);
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_restored(&mut tui);
}

/// After the app has exited: the alternate screen was left, the cursor shown, mouse and paste modes
/// switched off (in the byte stream and in the parsed terminal), and the tty is back in cooked mode.
fn assert_restored(tui: &mut Tui) {
    const ENTER_ALT: &[u8] = b"\x1b[?1049h";
    const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
    const HIDE: &[u8] = b"\x1b[?25l";
    const SHOW: &[u8] = b"\x1b[?25h";
    // The app has exited, but its last bytes may still be on their way: wait for them, then check.
    tui.wait_check("the terminal restored", |t| {
        let s = t.screen();
        if rfind(&t.bytes, LEAVE_ALT) <= rfind(&t.bytes, ENTER_ALT) || s.alternate_screen() {
            Err("the alternate screen was not left".into())
        } else if rfind(&t.bytes, SHOW) <= rfind(&t.bytes, HIDE) || s.hide_cursor() {
            Err("the cursor is hidden".into())
        } else if s.bracketed_paste() || s.mouse_protocol_mode() != vt100::MouseProtocolMode::None {
            Err("paste or mouse mode left on".into())
        } else {
            Ok(())
        }
    });
    assert!(contains(&tui.term().bytes, ENTER_ALT));
    let stty = tui.run_after("stty -a");
    let flags: Vec<&str> = stty.split_whitespace().collect();
    // What raw mode (cfmakeraw) turns off must be on again.
    for flag in ["icanon", "echo", "isig", "iexten", "icrnl", "opost", "ixon"] {
        assert!(flags.contains(&flag), "{flag} is off after exit:\n{stty}");
    }
}

#[test]
fn a_resize_is_drawn_at_the_new_size() {
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    for (cols, rows) in [(80, 24), (60, 15), (132, 50), (100, 30)] {
        tui.resize(cols, rows);
        tui.wait_for(&format!("a frame at {cols}×{rows}"), |t| {
            t.cell(0, cols - 1) == "┐"
                && t.cell(rows - 2, cols - 1) == "┘"
                && t.row(rows - 1).contains("q quit")
        });
    }
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn a_resize_storm_down_to_one_cell_ends_drawn_at_the_last_size() {
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    tui.send("/grace\r\t");
    // Keys typed during a resize can stay unread until the next key (crossterm returns the Resize of a
    // poll that also saw the tty readable, and mio does not report that readiness again): let them in.
    tui.wait_text("Talks 1 / 2 of 4");
    // Sizes in quick succession, without waiting for frames: tiny, huge, back and forth.
    for (cols, rows) in [
        (1, 1),
        (200, 60),
        (2, 1),
        (15, 3),
        (16, 3),
        (1, 40),
        (300, 2),
        (39, 9),
        (59, 20),
        (100, 30),
    ] {
        tui.resize(cols, rows);
    }
    tui.wait_check("a frame at 100×30", |t| {
        let ok = t.cell(0, 0) == "┌"
            && t.cell(0, 99) == "┐"
            && t.cell(28, 99) == "┘"
            && t.row(29).contains("q quit")
            && t.text().contains("Talks 1 / 2 of 4");
        if ok {
            Ok(())
        } else {
            Err("not at 100×30".into())
        }
    });
    tui.resize(1, 1);
    tui.wait_for("the notice in one cell", |t| {
        t.cell(0, 0) == "t" || t.cell(0, 0) == "…"
    });
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn an_idle_screen_writes_nothing() {
    let env = env_with_talks();
    let mut tui = start(&env, 120, 40);
    tui.wait_gone("loading…");
    // Let the frame after the last load message go out, then listen.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let before = tui.term().bytes.len();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let after = tui.term().bytes.len();
    let idle = String::from_utf8_lossy(&tui.term().bytes[before..after]).into_owned();
    assert_eq!(after - before, 0, "written while idle: {idle:?}");
    // Still alive and drawing when something happens.
    tui.send("j");
    tui.wait_for("a frame after the key", |t| t.bytes.len() > after);
    tui.send("q");
    assert!(tui.wait_exit().success());
}
