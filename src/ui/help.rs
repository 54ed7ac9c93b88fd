//! The help overlay: every key binding, the query syntax, and the problems met while loading.
use super::Theme;
use super::textfit::wrapped_lines;
use crate::app::{App, Mode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// What each action name does, for the help overlay.
pub fn describe(action: &str) -> &'static str {
    match action {
        "quit" => "quit (notes are saved)",
        "down" => "down / next",
        "up" => "up / previous",
        "top" => "first",
        "bottom" => "last",
        "page_down" => "page down",
        "page_up" => "page up",
        "half_page_down" => "half a page down",
        "half_page_up" => "half a page up",
        "confirm" => "open: list → detail, notes → edit, link",
        "back" => "back / close",
        "focus_next" => "next pane",
        "focus_prev" => "previous pane",
        "filter" => "filter talks",
        "clear_filter" => "clear the filter",
        "delete_word" => "delete a word",
        "filter_leave" => "leave the filter (keeps it)",
        "filter_accept" => "go to the list",
        "sort" => "sort: relevance, conference, speaker, title",
        "open_link" => "open the talk's link in the browser",
        "copy_link" => "copy the link (OSC 52)",
        "edit_notes" => "write notes on the talk",
        "stop_editing" => "stop editing (saved)",
        "cycle_status" => "mark: follow-up → done → none",
        "edit_externally" => "edit notes in $VISUAL / $EDITOR",
        "help" => "this help",
        "speakers" => "speakers: everyone once, type to filter, Enter lists their talks",
        _ => "",
    }
}

/// Query syntax rows (syntax, meaning) for the help overlay.
pub const QUERY_SYNTAX: &[(&str, &str)] = &[
    (
        "word other",
        "both must match (fuzzy on speakers, title, conference, tags; words in the text)",
    ),
    ("'word", "exact substring"),
    ("^word  word$", "prefix / suffix"),
    ("!word", "exclude talks matching word"),
    ("a | b", "either a or b"),
    ("speaker:name  @name", "speaker only"),
    ("title:  conf:  tag:", "that field only"),
    ("year:2014  year:2012..2014", "year or range"),
    ("is:followup  is:done  has:notes", "by your notes"),
    ("\"two words\"  two\\ words", "a term with spaces"),
    ("Upper case", "makes that term case-sensitive"),
];

/// All lines of the help text at `width`.
pub fn help_lines(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut last_mode = None;
    for (mode, name, keys) in &app.keymap.listing {
        if last_mode != Some(*mode) {
            if last_mode.is_some() {
                lines.push(Line::default());
            }
            let heading = match mode {
                Mode::Normal => "Keys: list, detail, notes",
                Mode::Filter => "Keys: filter line (other keys type)",
                Mode::Editor => {
                    "Keys: notes editor (arrows, Home/End, Ctrl-←/→ words, Ctrl-W, Ctrl-U undo, Ctrl-R redo, paste)"
                }
                Mode::Help => "Keys: this help",
                Mode::Chooser => "Keys: link chooser",
            };
            lines.extend(wrapped_lines(
                heading,
                width,
                theme.header,
                theme.header,
                &[],
            ));
            last_mode = Some(*mode);
        }
        let text = format!("  {:<22} {}", keys.join(" "), describe(name));
        lines.extend(wrapped_lines(&text, width, theme.text, theme.text, &[]));
    }
    lines.push(Line::default());
    lines.extend(wrapped_lines(
        "Filter query syntax",
        width,
        theme.header,
        theme.header,
        &[],
    ));
    for (syntax, meaning) in QUERY_SYNTAX {
        lines.extend(wrapped_lines(
            &format!("  {syntax:<32} {meaning}"),
            width,
            theme.text,
            theme.text,
            &[],
        ));
    }
    lines.push(Line::default());
    lines.extend(wrapped_lines(
        "Mouse: click selects a talk or focuses a pane; the wheel scrolls.",
        width,
        theme.dim,
        theme.dim,
        &[],
    ));
    if !app.status.load_problems.is_empty() {
        lines.push(Line::default());
        lines.extend(wrapped_lines(
            &format!(
                "Problems loading talks ({})",
                app.status.load_problems.len()
            ),
            width,
            theme.warning,
            theme.warning,
            &[],
        ));
        for p in &app.status.load_problems {
            lines.extend(wrapped_lines(
                &format!("  {p}"),
                width,
                theme.text,
                theme.text,
                &[],
            ));
        }
    }
    lines
}

/// The help overlay, drawn over the panes.
pub struct HelpOverlay<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub scroll: usize,
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rect = super::centered(area, 90, 90);
        Clear.render(rect, buf);
        let block = Block::bordered()
            .border_style(self.theme.border_focused)
            .title(Line::styled(" Help (Esc closes) ", self.theme.title));
        let inner = block.inner(rect);
        block.render(rect, buf);
        let lines = help_lines(self.app, self.theme, inner.width.max(1) as usize);
        let max = lines.len().saturating_sub(inner.height as usize);
        let visible: Vec<Line> = lines
            .into_iter()
            .skip(self.scroll.min(max))
            .take(inner.height as usize)
            .collect();
        Paragraph::new(visible).render(inner, buf);
    }
}
