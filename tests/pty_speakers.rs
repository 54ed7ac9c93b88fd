//! The speaker view in the real binary: `S` opens it, typing filters people, Enter lists that person's talks
//! (every spelling of their name) with the filter line `speaker:"Name"`.
mod common;

use common::Env;
use common::pty::Tui;

const TALKS: &str = r#"
[conference]
name = "TestConf"
year = 2021

[[talks]]
title = "Green unicorn"
speakers = ["Benoit Chesneau"]

[[talks]]
title = "Couchdb for Pythonistas"
speakers = ["Benoît Chesneau"]

[[talks]]
title = "Analytical engines"
speakers = ["Ada Lovelace"]
"#;

#[test]
fn s_opens_the_speaker_view_and_enter_lists_that_persons_talks() {
    let env = Env::new();
    env.write_talks("test.toml", TALKS);
    let mut tui = Tui::start_on_own_talks(&env, 100, 30, "Talks 1 / 3");
    tui.send("S");
    tui.wait_text("Speakers 2 / 2");
    assert!(
        tui.term()
            .text()
            .contains("Benoît Chesneau · 2 talks · 2021")
    );
    tui.send("ches");
    tui.wait_text("Speakers 1 / 2");
    tui.send("\r");
    tui.wait_gone("Speakers 1 / 2");
    tui.wait_text("speaker:\"Benoît Chesneau\"");
    tui.wait_text("Talks 1 / 2 of 3");
    let text = tui.term().text();
    assert!(
        text.contains("Green unicorn") && text.contains("Couchdb for"),
        "{text}"
    );
    assert!(!text.contains("Analytical engines"), "{text}");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
