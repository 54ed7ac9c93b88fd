//! Property tests on hostile input: the sanitiser, the talk and notes loaders, the query parser, and
//! drawing at any size (a resize storm, 1×1, zero rows) through ratatui's TestBackend.
mod common;

use common::is_dangerous;
use confnotes::app::{Action, App, Focus, Keymap};
use confnotes::notes::{NotesStore, parse_notes};
use confnotes::search::{NoNotes, SearchIndex};
use confnotes::store::{Source, Store, Talk, load_file, toml_doc::parse_document};
use confnotes::text::{sanitize_line, sanitize_multiline};
use confnotes::ui::{self, Theme};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_textarea::{Input, Key};
use std::path::Path;
use std::sync::OnceLock;

/// Characters a hostile file would use: C0, DEL and C1 controls, bidi and zero-width marks, and the wide,
/// joined and combining characters that layout gets wrong.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        (0x7fu32..=0x9f).prop_map(|c| char::from_u32(c).unwrap()),
        prop::sample::select(vec![
            '\u{202a}',
            '\u{202b}',
            '\u{202c}',
            '\u{202d}',
            '\u{202e}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{200e}',
            '\u{200f}',
            '\u{061c}',
            '\u{feff}',
            '\u{200b}',
            '\u{200d}',
            '\u{2060}',
            '\u{fe0f}',
            '\u{301}',
            '\u{1f3fd}',
            '日',
            '👩',
            '💻',
            '🇯',
            'é',
            '[',
            ']',
            ';',
            '\\',
            '"',
            '\'',
            '=',
            '#',
            ' ',
        ]),
    ]
}

/// Strings mixing any character with the nasty ones.
fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![3 => any::<char>(), 3 => nasty_char(), 2 => prop::char::range('a', 'z')],
        0..max,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// A clean conference document with `title` (as a TOML string) in its one talk.
fn document_with_title(title: &str) -> String {
    let quoted = toml::Value::String(title.to_string()).to_string();
    format!(
        "[conference]\nname = \"P\"\nyear = 2024\n\n[[talks]]\ntitle = {quoted}\nbody = {quoted}\n"
    )
}

/// Every text field of a loaded talk is safe to draw (bodies keep their newlines).
fn assert_talk_safe(t: &Talk) {
    for s in [&t.id, &t.title, &t.conference]
        .into_iter()
        .chain(&t.speakers)
        .chain(&t.tags)
    {
        assert!(
            !s.chars().any(|c| is_dangerous(c) || c == '\n' || c == '\t'),
            "{s:?}"
        );
    }
    assert!(
        !t.body.chars().any(|c| is_dangerous(c) || c == '\t'),
        "{:?}",
        t.body
    );
}

proptest! {
    #[test]
    fn sanitised_text_holds_no_control_or_bidi_character(s in hostile_string(80)) {
        let multi = sanitize_multiline(&s);
        prop_assert!(!multi.chars().any(|c| is_dangerous(c) || c == '\t'), "{multi:?}");
        let line = sanitize_line(&s);
        prop_assert!(!line.chars().any(|c| is_dangerous(c) || c.is_control()), "{line:?}");
        prop_assert!(!line.contains("  ") && line.trim() == line, "{line:?}");
        // Sanitising again changes nothing.
        prop_assert_eq!(sanitize_multiline(&multi), multi.clone());
        prop_assert_eq!(sanitize_line(&line), line);
    }

    #[test]
    fn clean_text_passes_the_sanitiser_unchanged(s in "[a-zA-Zé日本👩\u{200d}\u{301} .,\n-]{0,60}") {
        prop_assert_eq!(sanitize_multiline(&s), s);
    }

    #[test]
    fn any_title_loads_safely_or_is_reported_at_its_talk(title in hostile_string(60)) {
        let text = document_with_title(&title);
        let parsed = parse_document(Path::new("p.toml"), &text).unwrap();
        match parsed.talks.as_slice() {
            [talk] => assert_talk_safe(talk),
            [] => prop_assert_eq!(parsed.warnings[0].position, Some((5, 1))),
            more => prop_assert!(false, "{more:?}"),
        }
    }

    #[test]
    fn any_text_as_a_document_loads_or_is_reported_with_a_position(text in hostile_document()) {
        check_loaded(&text, parse_document(Path::new("p.toml"), &text).map(|p| (p.talks, p.warnings)));
    }

    #[test]
    fn any_bytes_as_a_file_load_or_are_reported_with_a_position(bytes in hostile_bytes()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, &bytes).unwrap();
        let batch = load_file(&path);
        for w in &batch.warnings {
            prop_assert_eq!(&w.path, &path);
            let shown = w.to_string();
            prop_assert!(!shown.chars().any(|c| is_dangerous(c) || c == '\n'), "{shown:?}");
        }
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
        check_loaded(&text, Ok((batch.talks, batch.warnings)));
    }

    #[test]
    fn any_text_as_a_notes_file_loads_safely_or_is_reported_with_a_position(text in hostile_notes()) {
        match parse_notes(Path::new("notes.toml"), &text) {
            Ok(notes) => {
                for (id, note) in notes.iter() {
                    prop_assert!(!id.chars().any(|c| is_dangerous(c) || c.is_control()), "{id:?}");
                    // Tabs are kept in notes (they are typed); the terminal never gets them (ratatui drops them).
                    prop_assert!(!note.text.chars().any(|c| is_dangerous(c) && c != '\t'), "{:?}", note.text);
                }
            }
            Err(e) => {
                prop_assert!(e.position.is_some(), "{e}");
                prop_assert!(within(&text, e.position.unwrap()), "{e} in {text:?}");
            }
        }
    }

    #[test]
    fn any_query_searches_without_panicking(query in hostile_query()) {
        let (talks, index) = search_corpus();
        for hit in index.search(&query, &NoNotes) {
            let t = &talks[hit.index];
            let h = &hit.highlights;
            let n = |s: &str| s.chars().count();
            prop_assert!(h.title.iter().all(|&p| p < n(&t.title)), "{query:?}: {h:?}");
            prop_assert!(h.speakers.len() <= t.speakers.len());
            for (ps, name) in h.speakers.iter().zip(&t.speakers) {
                prop_assert!(ps.iter().all(|&p| p < n(name)), "{query:?}: {h:?}");
            }
            prop_assert!(h.conference.iter().all(|&p| p < n(&t.conference)), "{query:?}: {h:?}");
            prop_assert!(h.body.iter().all(|r| r.start <= r.end && r.end <= n(&t.body)), "{query:?}");
        }
    }
}

/// Texts near a document: a clean one with hostile text spliced in at a random place, or any text.
fn hostile_document() -> impl Strategy<Value = String> {
    let base = document_with_title("A title") + "speakers = [\"S\"]\ntags = [\"t\"]\n";
    prop_oneof![
        (0..base.len(), hostile_string(20)).prop_map(move |(at, junk)| {
            let at = (0..=at)
                .rev()
                .find(|&i| base.is_char_boundary(i))
                .unwrap_or(0);
            format!("{}{junk}{}", &base[..at], &base[at..])
        }),
        hostile_string(200),
    ]
}

/// Any bytes, or a document's bytes with some replaced (invalid UTF-8, NUL, BOM in the middle).
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let base = document_with_title("Bytes").into_bytes();
    let with_bom: Vec<u8> = b"\xEF\xBB\xBF".iter().chain(&base).copied().collect();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::vec((0..base.len(), any::<u8>()), 1..6).prop_map(move |edits| {
            let mut b = base.clone();
            for (at, byte) in edits {
                b[at] = byte;
            }
            b
        }),
        Just(with_bom),
    ]
}

/// Notes files: a good one with hostile text spliced in, or any text.
fn hostile_notes() -> impl Strategy<Value = String> {
    let base = "[notes.\"c-2024/t\"]\nstatus = \"follow-up\"\ncreated = \"2024-05-01T10:00:00Z\"\nupdated = \"2024-05-01T10:00:00Z\"\ntext = \"x\"\n".to_string();
    prop_oneof![
        (0..base.len(), hostile_string(20))
            .prop_map(move |(at, junk)| { format!("{}{junk}{}", &base[..at], &base[at..]) }),
        hostile_string(120).prop_map(|s| format!(
            "[notes.{}]\ntext = {}\n",
            toml::Value::String(s.clone()),
            toml::Value::String(s)
        )),
        hostile_string(200),
    ]
}

/// Queries in the filter's language, with its operators, and anything else.
fn hostile_query() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile_string(30),
        prop::collection::vec(
            prop::sample::select(vec![
                "'",
                "^",
                "$",
                "!",
                "|",
                " ",
                "  ",
                "\\",
                "@",
                "#",
                ":",
                "*",
                "?",
                "-",
                "speaker:",
                "tag:",
                "conf:",
                "year:",
                "notes:",
                "is:follow-up",
                "2015",
                "pope",
                "e\u{301}",
                "日本",
                "ß",
                "İ",
                "ǅ",
                "\u{1f469}\u{200d}\u{1f4bb}",
                "\u{0}",
                "\u{1b}",
                "\u{9b}",
                "\u{202e}",
            ]),
            0..12,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// Whether a 1-based (line, column) lies in `text` (the column may point just past a line's end).
fn within(text: &str, (line, col): (usize, usize)) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    line >= 1 && col >= 1 && line <= lines.len() && col <= lines[line - 1].chars().count() + 1
}

/// What loading `text` gave: safe talks, and problems that say where (or concern the whole
/// `[conference]` table, which has no single position).
fn check_loaded(
    text: &str,
    result: Result<(Vec<Talk>, Vec<confnotes::store::LoadError>), confnotes::store::LoadError>,
) {
    let (talks, warnings) = match result {
        Ok(r) => r,
        Err(e) => (Vec::new(), vec![e]),
    };
    talks.iter().for_each(assert_talk_safe);
    for w in warnings {
        match w.position {
            Some(p) => assert!(within(text, p), "{w} in {text:?}"),
            None => assert!(w.message.starts_with("[conference]"), "{w} has no position"),
        }
    }
}

/// The bundled talks and the hostile fixtures, indexed once.
fn search_corpus() -> &'static (Vec<Talk>, SearchIndex) {
    static CORPUS: OnceLock<(Vec<Talk>, SearchIndex)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let store = Store::load(&[
            Source::Bundled,
            Source::Path(common::fixtures().join("load")),
        ]);
        let index = SearchIndex::new(&store.talks);
        (store.talks, index)
    })
}

// ---- drawing at any size ----

fn hostile_app(notes: &Path) -> App {
    let store = Store::load(&[Source::Path(common::fixtures().join("load"))]);
    assert!(store.talks.len() >= 14, "{:?}", store.warnings);
    let (keymap, problems) = Keymap::new(&Default::default(), None);
    assert!(problems.is_empty());
    App::new(store, NotesStore::open(Some(notes.to_path_buf())), keymap)
}

/// Draws the app at `w`×`h`; no cell may hold a character that would reach the terminal as a control.
fn draw(term: &mut Terminal<TestBackend>, app: &App, w: u16, h: u16) {
    term.backend_mut().resize(w, h);
    term.draw(|f| ui::draw(f, app, &Theme::default())).unwrap();
    for cell in term.backend().buffer().content() {
        let s = cell.symbol();
        assert!(
            !s.chars().any(|c| is_dangerous(c) || c.is_control()),
            "{s:?} drawn at {w}×{h}"
        );
    }
}

/// Actions a person (and a terminal) can cause, with out-of-range coordinates and hostile text.
fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0u16..200, 0u16..70).prop_map(|(w, h)| Action::Resize(w, h)),
        6 => prop::sample::select(vec![
            Action::Down, Action::Up, Action::Top, Action::Bottom, Action::PageDown, Action::PageUp,
            Action::HalfPageDown, Action::HalfPageUp, Action::Confirm, Action::Back, Action::FocusNext,
            Action::FocusPrev, Action::CycleSort, Action::FocusFilter, Action::FilterBackspace,
            Action::FilterDeleteWord, Action::FilterClear, Action::FilterLeft, Action::FilterRight,
            Action::FilterHome, Action::FilterEnd, Action::FilterLeave, Action::FilterAccept,
            Action::EditNotes, Action::StopEditing, Action::CycleStatus, Action::ToggleHelp,
            Action::LoadDone,
        ]),
        2 => nasty_char().prop_map(Action::FilterInsert),
        2 => nasty_char().prop_map(|c| Action::EditorInput(Input {
            key: Key::Char(c),
            ..Input::default()
        })),
        1 => hostile_string(30).prop_map(Action::Paste),
        1 => hostile_string(30).prop_map(Action::Message),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(x, y)| Action::Click(x, y)),
        1 => (any::<u16>(), any::<u16>(), -50i32..50).prop_map(|(x, y, d)| Action::Wheel(x, y, d)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_storm_of_resizes_keys_and_clicks_draws_without_panicking(actions in prop::collection::vec(action(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let mut app = hostile_app(&dir.path().join("notes.toml"));
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let (mut w, mut h) = (80, 24);
        for a in actions {
            if let Action::Resize(nw, nh) = a {
                (w, h) = (nw, nh);
            }
            app.update(a);
            draw(&mut term, &app, w, h);
        }
    }
}

#[test]
fn every_pane_draws_at_every_awkward_size() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = [
        (0, 0),
        (1, 1),
        (0, 24),
        (80, 0),
        (1, 40),
        (300, 1),
        (2, 2),
        (15, 3),
        (16, 3),
        (16, 2),
        (39, 9),
        (40, 10),
        (59, 20),
        (60, 20),
        (99, 30),
        (100, 30),
        (100, 5),
        (500, 200),
    ];
    type Setup = fn(&mut App);
    let states: [(&str, Setup); 6] = [
        ("list", |_| {}),
        ("filter", |a| {
            a.update(Action::FocusFilter);
            "日本👩\u{200d}💻e\u{301}"
                .chars()
                .for_each(|c| drop(a.update(Action::FilterInsert(c))));
        }),
        ("detail", |a| {
            a.update(Action::Bottom);
            a.update(Action::Confirm);
            a.update(Action::Bottom);
        }),
        ("editor", |a| {
            a.update(Action::EditNotes);
            a.update(Action::Paste("note \u{1b}]0;x\u{7} 日本\n\tline".into()));
            // Typed, not pasted: a terminal without bracketed paste sends a paste as keys.
            for c in "\u{202e}\u{1b}]0;t\u{7}\u{9b}x".chars() {
                a.update(Action::EditorInput(Input {
                    key: Key::Char(c),
                    ..Input::default()
                }));
            }
        }),
        ("help", |a| drop(a.update(Action::ToggleHelp))),
        ("narrow notes", |a| {
            a.update(Action::FocusNext);
            a.update(Action::FocusNext);
        }),
    ];
    for (name, setup) in states {
        let mut app = hostile_app(&dir.path().join("notes.toml"));
        setup(&mut app);
        let mut term = Terminal::new(TestBackend::new(1, 1)).unwrap();
        for (w, h) in sizes {
            app.update(Action::Resize(w, h));
            draw(&mut term, &app, w, h);
        }
        assert!(name != "editor" || app.focus == Focus::Notes, "{name}");
    }
}
