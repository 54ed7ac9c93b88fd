//! Screen tests: the whole screen drawn to a `TestBackend` at several sizes, compared with snapshots.
use super::{Theme, draw};
use crate::app::tests::{app, sample_talks};
use crate::app::{Action, App, Keymap};
use crate::notes::NotesStore;
use crate::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn render(app: &mut App, w: u16, h: u16) -> Buffer {
    app.update(Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(f, app, &Theme::default())).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn main_screen_wide() {
    let (mut app, _d) = app();
    insta::assert_snapshot!(text(&render(&mut app, 120, 40)));
}

#[test]
fn main_screen_80x24() {
    let (mut app, _d) = app();
    insta::assert_snapshot!(text(&render(&mut app, 80, 24)));
}

#[test]
fn main_screen_20x5() {
    let (mut app, _d) = app();
    insta::assert_snapshot!(text(&render(&mut app, 20, 5)));
}

#[test]
fn notes_pane_in_a_narrow_terminal() {
    let (mut app, _d) = app();
    app.update(Action::CycleStatus);
    app.update(Action::ExternalEdited {
        id: "ep-2015/shootout".into(),
        result: Ok("Watch again.\nAsk about asyncio.".into()),
    });
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    insta::assert_snapshot!(text(&render(&mut app, 80, 24)));
}

#[test]
fn filtered_with_highlights() {
    let (mut app, _d) = app();
    app.update(Action::FocusFilter);
    for c in "gaynor".chars() {
        app.update(Action::FilterInsert(c));
    }
    let buf = render(&mut app, 120, 40);
    insta::assert_snapshot!(text(&buf));
    // The matched characters of the speaker are drawn in the highlight style, in the list and the detail.
    let theme = Theme::default();
    let highlighted: String = (0..120u16)
        .flat_map(|x| (0..40u16).map(move |y| (x, y)))
        .filter(|&p| buf[p].fg == theme.highlight.fg.unwrap())
        .map(|p| buf[p].symbol().to_string())
        .collect();
    assert!(
        highlighted.contains('G') || highlighted.contains('g'),
        "highlighted cells: {highlighted:?}"
    );
}

#[test]
fn help_overlay() {
    let (mut app, _d) = app();
    app.update(Action::ToggleHelp);
    let screen = text(&render(&mut app, 120, 40));
    assert!(screen.contains("Help (Esc closes)"));
    assert!(screen.contains("quit (notes are saved)"));
    insta::assert_snapshot!(screen);
    app.update(Action::Bottom);
    let end = text(&render(&mut app, 120, 40));
    assert!(end.contains("year:2012..2014"), "{end}");
}

#[test]
fn tiny_and_degenerate_sizes_never_panic() {
    let (mut app, _d) = app();
    for (w, h) in [
        (1, 1),
        (0, 0),
        (1, 0),
        (0, 1),
        (5, 2),
        (15, 3),
        (16, 3),
        (39, 9),
        (40, 10),
        (59, 20),
        (99, 30),
        (100, 30),
        (300, 100),
    ] {
        let buf = render(&mut app, w, h);
        if w >= 18 && (1..3).contains(&h) {
            assert!(
                text(&buf).starts_with("terminal too small"),
                "{w}×{h}: {}",
                text(&buf)
            );
        }
    }
    app.update(Action::ToggleHelp);
    for (w, h) in [(1, 1), (10, 4), (30, 8)] {
        render(&mut app, w, h);
    }
    assert_eq!(text(&render(&mut app, 10, 2)), "terminal …\n\n");
}

#[test]
fn a_resize_storm_keeps_the_selection_visible() {
    let (mut app, _d) = app();
    app.update(Action::Bottom);
    for i in 0..200u16 {
        let (w, h) = (1 + (i * 37) % 180, 1 + (i * 11) % 60);
        render(&mut app, w, h);
        let page = app.page();
        assert!(app.list.selected < app.list.offset + page, "at {w}×{h}");
    }
}

#[test]
fn control_characters_in_talks_never_reach_the_buffer() {
    let doc = "[conference]\nname = \"Evil\\u001b[2J\"\nyear = 2020\n[[talks]]\ntitle = \"T\\u001b]0;pwned\\u0007itle\\u009b31m\"\nspeakers = [\"A\\u202eB\"]\nbody = \"x\\u001b]52;c;aGk=\\u0007y\\r\\nz\\u0000\"\n";
    let parsed =
        crate::store::toml_doc::parse_document(std::path::Path::new("evil.toml"), doc).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        Store::from_talks(parsed.talks),
        NotesStore::open(Some(dir.path().join("n.toml"))),
        Keymap::default(),
    );
    let buf = render(&mut app, 120, 40);
    for cell in buf.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || crate::text::is_unsafe_char(c)),
            "{:?}",
            cell.symbol()
        );
    }
    assert!(text(&buf).contains("T]0;pwneditle31m"));
}

#[test]
fn wide_characters_are_measured_and_cut_cleanly() {
    let mut talks = sample_talks();
    talks[0].title = "日本語のタイトルはとても長いのでここで切られるはずです、そうでしょう".into();
    talks[0].speakers = vec!["山田太郎".into()];
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        Store::from_talks(talks),
        NotesStore::open(Some(dir.path().join("n.toml"))),
        Keymap::default(),
    );
    let buf = render(&mut app, 80, 24);
    let screen = text(&buf);
    let row = screen.lines().find(|l| l.contains("山田太郎")).unwrap();
    assert!(row.contains('…'), "{row}");
    // The list's right border stays in its column on every row.
    let border_col = screen
        .lines()
        .next()
        .unwrap()
        .chars()
        .position(|c| c == '┐')
        .unwrap();
    for line in screen.lines().skip(1).take(20) {
        let mut col = 0;
        let mut col_of_border = None;
        for (i, c) in line.chars().enumerate() {
            if c == '│' && i > 0 && col_of_border.is_none() {
                col_of_border = Some(col);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        assert_eq!(col_of_border, Some(border_col), "{line}");
    }
}

#[test]
fn a_tab_in_a_note_is_drawn_as_a_space_not_as_nothing() {
    let (mut app, _d) = app();
    let id = app.selected_talk().unwrap().id.clone();
    app.notes
        .notes
        .set_text(&id, "left\tright", crate::notes::Timestamp::now());
    let shown = text(&render(&mut app, 120, 40));
    assert!(shown.contains("left right"), "{shown}");
}
