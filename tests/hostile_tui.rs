//! Hostile documents and notes in the TUI, in a real pseudo-terminal: nothing from the text reaches the
//! terminal as a control sequence (checked on the raw byte stream and by what the terminal was asked to
//! do), and the screen lines up with wide, joined and combining characters in it.
mod common;

use common::pty::{Term, Tui, contains, rfind};
use common::{Env, copy_fixtures, fixtures};
use std::fs;

const LOADS: [&str; 4] = [
    "load/escapes.toml",
    "load/unicode.toml",
    "load/bom_crlf.toml",
    "load/crlf.toml",
];
const TALKS: usize = 14;

/// Text that would be an escape sequence if the control characters had not been removed, with the
/// printable remains each one leaves on screen once they are.
const PAYLOADS: [(&[u8], &str); 8] = [
    (b"\x1b[2JCLEARED-TITLE", "[2JCLEARED-TITLE"),
    (b"\x1b]0;PWNED-TITLE", "]0;PWNED-TITLE"),
    (
        b"\x1b]8;;https://evil.example/LINK-TARGET",
        "]8;;https://evil.example/LINK-TARGET",
    ),
    (b"\x1b]52;c;UFdORUQtQ0xJUA==", "]52;c;UFdORUQtQ0xJUA=="),
    (b"\xc2\x9b31mC1-TITLE", "31mC1-TITLE"),
    (b"\x1b[31mRed Speaker", "[31mRed Speaker"),
    (b"\x1b]52;c;Tk9URS1DTElQ", "]52;c;Tk9URS1DTElQ"),
    (b"\x1b[2JNOTE-CLEAR", "[2JNOTE-CLEAR"),
];

fn hostile_env() -> Env {
    let env = Env::new();
    copy_fixtures(&env.talks(), &LOADS);
    fs::copy(fixtures().join("notes/escapes.toml"), env.notes()).unwrap();
    env
}

fn start(env: &Env, cols: u16, rows: u16) -> Tui {
    Tui::start_on_own_talks(env, cols, rows, &format!("Talks 1 / {TALKS}"))
}

/// The frame's borders are where the layout put them on every row, and every talk row of the list has
/// its title (and its conference, when shown) starting in the same column as a plain ASCII row's.
fn check_lines_up(t: &Term) -> Result<(), String> {
    check_borders(t)?;
    check_columns(t)
}

/// The frame's borders are where the layout put them on every row.
fn check_borders(t: &Term) -> Result<(), String> {
    let (rows, cols) = t.screen().size();
    let list_right = t.find_in_row(0, 1, "┐").ok_or("no list frame")?;
    let last_list_row = (1..rows)
        .find(|&r| t.cell(r, 0) == "└")
        .ok_or("no list bottom")?;
    for r in 1..last_list_row {
        for (col, ok) in [
            (0, &["│"][..]),
            (list_right, &["│"]),
            (cols - 1, &["│", "┐", "┘"]),
        ] {
            let cell = t.cell(r, col);
            if !ok.contains(&cell.as_str()) {
                return Err(format!(
                    "row {r} col {col} is {cell:?}, not a border: {:?}",
                    t.row(r)
                ));
            }
        }
    }
    Ok(())
}

/// Every talk row of the list has its title (and its conference, when shown) starting in the same column
/// as the plain ASCII row's.
fn check_columns(t: &Term) -> Result<(), String> {
    let list_right = t.find_in_row(0, 1, "┐").ok_or("no list frame")?;
    let last_list_row = (1..t.screen().size().0)
        .find(|&r| t.cell(r, 0) == "└")
        .ok_or("no list bottom")?;
    // Columns of the plain row: "Lines end in CR LF" (no speakers) of "CRLF Conf 2024".
    let plain = (1..last_list_row)
        .find(|&r| {
            t.find_in_row(r, 0, "Lines end")
                .is_some_and(|c| c < list_right)
        })
        .ok_or("no plain row in view")?;
    let title_col = t.find_in_row(plain, 0, "Lines end").unwrap();
    let conf_col = t
        .find_in_row(plain, 0, "CRLF Conf")
        .filter(|&c| c < list_right);
    let titles = [
        "Clear screen",
        "Window title",
        "Hyperlink",
        "Clipboard",
        "Eight-bit",
        "Bell",
        "Bidi",
        "日本語",
        "Emoji",
        "Combining",
        "Zero",
        "Right-to-left",
        "Saved by",
        "Lines end",
    ];
    let conferences = ["Escape[2J", "Unicode Conf", "BOM and", "CRLF Conf"];
    for r in 1..last_list_row {
        if t.cell(r, 1) == "─"
            || t.text_at(r, 1, 3).trim().is_empty() && t.text_at(r, title_col, 3).trim().is_empty()
        {
            continue; // a conference header or an empty row
        }
        let at_title = t.text_at(r, title_col, 14);
        if !titles.iter().any(|p| {
            at_title.starts_with(&p[..p.char_indices().nth(4).map_or(p.len(), |(i, _)| i)])
        }) {
            return Err(format!(
                "row {r}: no title starts at column {title_col}: {:?}",
                t.row(r)
            ));
        }
        if let Some(c) = conf_col {
            let at_conf = t.text_at(r, c, 14);
            if !conferences.iter().any(|p| at_conf.starts_with(&p[..5])) {
                return Err(format!(
                    "row {r}: no conference at column {c}: {:?}",
                    t.row(r)
                ));
            }
        }
    }
    Ok(())
}

/// Visits every talk (its detail and notes drawn), checking the screen at each, then quits; returns the
/// screens it checked.
fn visit_every_talk(tui: &mut Tui) -> Vec<String> {
    let mut screens = Vec::new();
    for n in 1..=TALKS {
        if n > 1 {
            tui.send("j");
        }
        tui.wait_text(&format!("Talks {n} / {TALKS}"));
        tui.wait_check(&format!("talk {n} drawn in line"), check_lines_up);
        screens.push(tui.term().text());
    }
    // The talk with a hostile note, its notes pane shown (at 80 columns it replaces the detail).
    tui.send("/clear screen\r");
    tui.wait_text(&format!("Talks 1 / 1 of {TALKS}"));
    tui.send("\t\t");
    tui.wait_text("[2JNOTE-CLEAR");
    tui.wait_check("the note drawn in line", check_borders);
    screens.push(tui.term().text());
    // The detail scrolled, the help over everything.
    tui.send("\x1b[Z");
    tui.send("G");
    tui.send("?");
    tui.wait_text("Help (Esc closes)");
    tui.send("\x1b");
    tui.wait_gone("Help (Esc closes)");
    tui.send("q");
    assert!(tui.wait_exit().success());
    tui.wait_for("the alternate screen to be left", |t| {
        rfind(&t.bytes, b"\x1b[?1049l") > rfind(&t.bytes, b"\x1b[?1049h")
    });
    screens
}

/// Nothing in the whole session's output came from a control sequence in the text, and the text's
/// printable remains were on the `screens` checked.
fn assert_no_sequence_from_text(t: &Term, screens: &[String]) {
    let bytes = &t.bytes;
    let text = String::from_utf8_lossy(bytes);
    for (raw, shown) in PAYLOADS {
        assert!(
            !contains(bytes, raw),
            "{:?} reached the terminal",
            String::from_utf8_lossy(raw)
        );
        // The remains were drawn (so the check above looked at drawn text, not at nothing).
        assert!(
            screens.iter().any(|s| s.contains(shown)),
            "{shown:?} was never drawn"
        );
    }
    // The app itself writes no OSC, no BEL and no 8-bit control; text never does either.
    assert!(
        !contains(bytes, b"\x1b]"),
        "an OSC sequence reached the terminal"
    );
    assert!(!bytes.contains(&0x07), "a BEL reached the terminal");
    for c in text.chars() {
        assert!(
            !matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'),
            "{c:?} reached the terminal"
        );
    }
    let seen = t.parser.callbacks();
    assert_eq!(seen.bells, 0);
    assert!(
        seen.titles.is_empty() && seen.clipboard.is_empty() && seen.other_osc.is_empty(),
        "{seen:?}"
    );
    // The only screen clears are the app's own: when it starts and when it leaves.
    assert!(
        common::pty::count(bytes, b"\x1b[2J") <= 2,
        "{} screen clears",
        common::pty::count(bytes, b"\x1b[2J")
    );
}

#[test]
fn hostile_text_at_120x40_reaches_the_terminal_as_text_only_and_lines_up() {
    let env = hostile_env();
    let mut tui = start(&env, 120, 40);
    let screens = visit_every_talk(&mut tui);
    assert_no_sequence_from_text(&tui.term(), &screens);
}

#[test]
fn hostile_text_at_80x24_reaches_the_terminal_as_text_only_and_lines_up() {
    let env = hostile_env();
    let mut tui = start(&env, 80, 24);
    let screens = visit_every_talk(&mut tui);
    assert_no_sequence_from_text(&tui.term(), &screens);
}

#[test]
fn huge_documents_stay_responsive() {
    let env = Env::new();
    common::write_big_documents(&env.talks());
    let talks = env.talks();
    let mut tui = Tui::start(
        &env,
        &["--no-bundled", "--data", talks.to_str().unwrap()],
        100,
        30,
    );
    tui.wait_text("Talks 1 / 3");
    tui.wait_text("load problems");
    // Each talk, and each one's detail scrolled to the end: every key answered with a frame in time.
    for (slug_text, n) in [("Twenty megabytes", 1), ("One long line", 2), ("ΩΩΩ", 3)] {
        if n > 1 {
            tui.send("\x1b[Z"); // back to the list
            tui.wait_for("the list focused", |t| t.text().contains("Talks"));
            tui.send("j");
        }
        tui.wait_text(&format!("Talks {n} / 3"));
        tui.wait_text(slug_text);
        tui.send("\tG");
        tui.wait_for("the end of the detail", |t| {
            let text = t.text();
            text.contains("[… body cut at 1 MiB]") || text.contains("LINE-END") || n == 3
        });
        tui.wait_check("in line", |t| {
            let (rows, cols) = t.screen().size();
            match (1..rows - 2).find(|&r| t.cell(r, cols - 1).is_empty()) {
                Some(r) => Err(format!("row {r} has no right border")),
                None => Ok(()),
            }
        });
    }
    tui.send("q");
    assert!(tui.wait_exit().success());
}

#[test]
fn a_corrupt_notes_file_makes_notes_read_only_and_is_left_untouched() {
    let env = Env::new();
    copy_fixtures(&env.talks(), &LOADS);
    fs::copy(fixtures().join("notes/invalid_toml.toml"), env.notes()).unwrap();
    let before = fs::read(env.notes()).unwrap();
    let mut tui = start(&env, 120, 40);
    tui.wait_text("notes are read-only");
    tui.wait_text(":4:11: invalid datetime");
    // Trying to write anyway: refused, and the file does not change.
    tui.send("\t\t");
    tui.wait_text("i: write notes");
    tui.send("i");
    tui.send("f");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert_eq!(fs::read(env.notes()).unwrap(), before);
    let t = tui.term();
    let drawn = String::from_utf8_lossy(&t.bytes);
    assert!(!drawn.contains("editing: Esc to stop") && !drawn.contains("★ follow-up"));
}

#[test]
fn hostile_text_at_140x40_with_the_conference_column_lines_up() {
    let env = hostile_env();
    let mut tui = start(&env, 140, 40);
    tui.wait_check("the conference column", |t| {
        let (r, _) = t.find("Lines end").ok_or("no plain row")?;
        match t.find_in_row(r, 0, "CRLF Conf") {
            Some(_) => Ok(()),
            None => Err("no conference column".into()),
        }
    });
    let screens = visit_every_talk(&mut tui);
    assert_no_sequence_from_text(&tui.term(), &screens);
}

#[test]
fn pasted_and_typed_control_sequences_are_neither_drawn_nor_saved() {
    let env = hostile_env();
    let mut tui = start(&env, 100, 30);
    // Bracketed paste into the filter, then bytes typed (a terminal without bracketed paste sends a
    // paste as keys): the remains show, the controls do not.
    tui.send("/");
    tui.wait_text("type to filter");
    tui.send("\x1b[200~x\x1b]0;PASTE-TITLE\x07\u{202e}\u{9b}2J\x1b[201~");
    tui.wait_text("/ x]0;PASTE-TITLE2J");
    tui.send("\u{202e}\u{9b}y");
    tui.wait_text("/ x]0;PASTE-TITLE2Jy");
    tui.send("\x15"); // ctrl-u: clear
    tui.wait_text("Talks 1 / 14");
    tui.send("\r");
    tui.wait_text("q quit");
    tui.send("\t\ti");
    tui.wait_text("editing: Esc to stop");
    tui.send("\x1b[200~pasted \x1b]52;c;QQ==\x07 \u{202e}BIDI1\x1b[201~");
    tui.wait_text("BIDI1");
    tui.send(" typed \u{202e}BIDI2 \u{9b}");
    tui.wait_text("BIDI2");
    tui.send("\x1b");
    tui.wait_gone("editing: Esc to stop");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let saved = fs::read_to_string(env.notes()).unwrap();
    assert!(
        saved.contains("pasted ]52;c;QQ== BIDI1 typed BIDI2"),
        "{saved}"
    );
    assert!(!saved.chars().any(common::is_dangerous), "{saved:?}");
    let t = tui.term();
    assert!(
        !contains(&t.bytes, b"\x1b]"),
        "an OSC sequence reached the terminal"
    );
    let drawn = String::from_utf8_lossy(&t.bytes);
    assert!(
        !drawn.contains('\u{202e}') && !drawn.contains('\u{9b}'),
        "a bidi or C1 control was drawn"
    );
    assert!(t.parser.callbacks().titles.is_empty() && t.parser.callbacks().clipboard.is_empty());
}

#[test]
fn broken_documents_are_listed_in_the_help_with_their_positions() {
    let env = Env::new();
    copy_fixtures(
        &env.talks(),
        &[
            "load/crlf.toml",
            "reject/empty.toml",
            "reject/invalid_toml.toml",
            "reject/invalid_utf8.toml",
            "reject/unknown_key_escapes.toml",
        ],
    );
    let talks = env.talks();
    let mut tui = Tui::start(
        &env,
        &["--no-bundled", "--data", talks.to_str().unwrap()],
        120,
        40,
    );
    tui.wait_text("Talks 1 / 1");
    tui.wait_text("(+3 more: see ?)");
    // The problems come after the keys, at the end of the help.
    tui.send("?");
    tui.wait_text("Help (Esc closes)");
    tui.send("G");
    tui.wait_text("Problems loading talks (4)");
    let shown = tui.term().text();
    for at in [
        "empty.toml:1:1: missing field `conference`",
        "invalid_toml.toml:6:22:",
        "invalid_utf8.toml:6:13: not valid UTF-8",
        "unknown_key_escapes.toml:5:1: unknown field",
        // The key the parser quotes back is shown escaped.
        "`title\\u{1b}]0;KEY-TITLE\\u{7}\\u{9b}2J`",
    ] {
        assert!(shown.contains(at), "no {at:?} in\n{shown}");
    }
    tui.send("\x1b");
    tui.wait_gone("Problems loading talks");
    tui.send("q");
    assert!(tui.wait_exit().success());
    let t = tui.term();
    assert!(
        !contains(&t.bytes, b"\x1b]"),
        "an OSC sequence reached the terminal"
    );
    assert!(t.parser.callbacks().titles.is_empty());
}
