//! Typing never waits for matching: in the real binary on 200,000 talks (made up in memory, see
//! `Source::Synthetic`; this debug build scores them far slower than a release, so every keystroke lands
//! while a search is running), each typed letter is on the filter line within a frame or two, and the
//! answer for the whole query comes after. The same holds in the move picker (Ctrl-T in a scratch page),
//! which has a search worker of its own.
mod common;

use common::Env;
use common::pty::Tui;
use std::time::{Duration, Instant};

const TALKS: usize = 200_000;
/// Loading and folding 200k talks in a debug build takes a while on a 2-core machine.
const LOAD_LIMIT: Duration = Duration::from_secs(240);
/// A typed letter must be on screen this soon, whatever the search is doing (a frame is drawn per
/// keystroke; this leaves room for a loaded CI machine and a debug build).
const ECHO_LIMIT: Duration = Duration::from_millis(1500);

/// Polls the screen until `done`, or fails after `limit` with the screen.
fn wait(tui: &Tui, what: &str, limit: Duration, done: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let text = tui.term().text();
        if done(&text) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}; screen:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Types `query` a letter at a time, each of which must be on a line after `prompt` within `ECHO_LIMIT`;
/// how many landed while a search was still running.
fn type_watching(tui: &mut Tui, query: &str, prompt: &str) -> usize {
    let mut while_searching = 0;
    for (i, c) in query.char_indices() {
        let typed = format!("{prompt}{}", &query[..=i]);
        tui.send(&c.to_string());
        let took = wait(tui, &format!("{typed:?} on screen"), ECHO_LIMIT, |s| {
            s.lines().any(|l| l.contains(&typed))
        });
        if tui.term().text().contains("searching") {
            while_searching += 1;
        }
        eprintln!("{typed:?} on screen after {took:?}");
    }
    while_searching
}

#[test]
fn every_letter_typed_during_a_200k_search_shows_at_once_in_the_filter_and_the_move_picker() {
    let env = Env::new();
    env.set_var("CONFNOTES_SYNTH_TALKS", &TALKS.to_string());
    let mut tui = Tui::start(&env, &["--no-bundled"], 120, 40);
    let all = format!("/ {TALKS}");
    wait(&tui, "all talks listed", LOAD_LIMIT, |s| {
        s.contains(&all) && !s.contains("loading")
    });
    tui.send("/");
    wait(&tui, "the filter line", ECHO_LIMIT, |s| s.contains("/ "));
    let query = "grundemann";
    assert!(
        type_watching(&mut tui, query, "/ ") > 0,
        "no letter landed while a search ran: this test did not test what it says"
    );
    // The answer for the whole word comes once the stale passes are dropped.
    wait(&tui, "the answer", LOAD_LIMIT, |s| !s.contains("searching"));
    let text = tui.term().text();
    assert!(text.contains(&format!("/ {query}")));
    assert!(
        text.contains("Gründemann"),
        "the answer lists the accent-folded name:\n{text}"
    );

    // A scratch line moved onto one of those talks: the picker's query echoes as the filter's did.
    tui.send("\r");
    tui.send("N");
    wait(&tui, "the scratch page", ECHO_LIMIT * 4, |s| {
        s.contains("(editing")
    });
    tui.send("ask about folding");
    wait(&tui, "the typed line", ECHO_LIMIT, |s| {
        s.contains("ask about folding")
    });
    tui.send("\x14"); // Ctrl-T
    wait(&tui, "the picker", ECHO_LIMIT * 4, |s| {
        s.contains("Move 1 line to which talk?")
    });
    assert!(
        type_watching(&mut tui, query, "> ") > 0,
        "no letter landed while the picker searched"
    );
    wait(&tui, "the picker's answer", LOAD_LIMIT, |s| {
        !s.contains("searching")
    });
    let text = tui.term().text();
    assert!(
        text.contains("Gründemann"),
        "the picker offers the talks:\n{text}"
    );
    // Enter waits for the answer, so it moves the line onto the top talk offered.
    tui.send("\r");
    wait(&tui, "the move", ECHO_LIMIT * 4, |s| {
        s.contains("moved 1 line to «")
    });
}
