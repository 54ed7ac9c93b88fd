//! `kill -9` during autosave, 100 times (issue 15): nothing that had been saved is ever lost and the file
//! always parses. Slow, so ignored by default: `cargo test --test kill_loop -- --ignored`.
mod common;

use common::pty::Tui;
use common::{Env, poll_until};
use std::fs;
use std::time::Duration;

const TALKS: &str = r#"
[conference]
name = "TestConf"
year = 2021

[[talks]]
title = "Compilers for everyone"
slug = "compilers"
"#;

const ROUNDS: usize = 100;

#[test]
#[ignore = "slow: 100 app starts; run with --ignored"]
fn kill_9_during_autosave_loses_nothing_that_was_saved() {
    let env = Env::new();
    env.write_talks("test.toml", TALKS);
    let talks = env.talks();
    let mut lost_unsaved = 0;
    for round in 0..ROUNDS {
        let mut tui = Tui::start(
            &env,
            &["--no-bundled", "--data", talks.to_str().unwrap()],
            100,
            30,
        );
        tui.wait_text("Talks 1 / 1");
        tui.send("\t\ti"); // To the notes pane, and edit (keys are read in order).
        tui.wait_text("editing: Esc to stop");
        let saved = format!("kept-{round}");
        tui.send(&format!("\r{saved}"));
        poll_until("the autosave", || {
            fs::read_to_string(env.notes())
                .ok()
                .filter(|s| s.contains(&saved))
        });
        // More typing, then SIGKILL somewhere in or around the next autosave (500 ms after the last key).
        tui.send(&format!(" pending-{round}"));
        std::thread::sleep(Duration::from_millis(((round * 37) % 700) as u64));
        tui.signal("KILL");
        tui.wait_exit();
        let notes = confnotes::notes::load_notes(&env.notes())
            .unwrap_or_else(|e| panic!("round {round}: the file does not parse: {e}"));
        let text = &notes.get("testconf-2021/compilers").unwrap().text;
        for r in 0..=round {
            assert!(
                text.contains(&format!("kept-{r}")),
                "round {round}: kept-{r} lost:\n{text}"
            );
        }
        if !text.contains(&format!("pending-{round}")) {
            lost_unsaved += 1; // Typed after the last save and killed first: expected, and not a loss.
        }
    }
    eprintln!(
        "{ROUNDS} kills: every saved round kept; {lost_unsaved} kills came before the pending autosave"
    );
}
