//! The help overlay: its scroll state, and what it says as plain text parts: every key binding (in the
//! order of keys.toml), the query syntax (from the search engine's own table) and the problems met while
//! loading. The ui styles the parts; `update` measures them to clamp the help's scrolling.
use super::keymap::{Keymap, Mode};
use super::layout::inner;
use super::scroll::ScrollState;
use super::{App, Overlay};
use crate::text::width::wrapped_height;

/// The help overlay, while it is open: how far it is scrolled (it opens at its top).
pub type HelpState = ScrollState;

/// The role of one part of the help text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPart {
    Heading,
    Entry,
    Blank,
    Note,
    Warning,
}

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
        "focus_next" => "next pane (in the filter, after @name: choose a speaker)",
        "focus_prev" => "previous pane",
        "filter" => "filter talks",
        "clear_filter" => "clear the filter",
        "delete_word" => "delete a word",
        "filter_leave" => "leave the filter (keeps it)",
        "filter_accept" => "go to the list",
        "sort" => "sort: relevance, conference, schedule, speaker, title",
        "schedule" => "schedule view: by day and time (again: back)",
        "agenda" => "my agenda: planned talks by day and time, ! on overlaps (again: back)",
        "now" => "jump to what runs now (schedule view)",
        "speakers" => "speakers: everyone once, type to filter, Enter lists their talks",
        "open_link" => "open the talk's link in the browser",
        "copy_link" => "copy the link (OSC 52)",
        "edit_notes" => "write notes on the talk",
        "scratch" => "the scratch pad: notes that belong to no talk (in:scratch finds it)",
        "stop_editing" => "stop editing (saved)",
        "scratch_switch" => "in a scratch page: switch between its day's page and the global one",
        "move_line" => "in a scratch page: move the line (or selected lines) onto a talk's notes",
        "changes" => "changes list: what the last refresh moved, cancelled or added",
        "cycle_status" => "mark: planned → follow-up → done → none",
        "edit_externally" => "edit notes in $VISUAL / $EDITOR",
        "help" => "this help",
        _ => "",
    }
}

/// The help text as (role, text) parts, top to bottom.
pub fn help_parts(keymap: &Keymap, load_problems: &[String]) -> Vec<(HelpPart, String)> {
    let mut parts = Vec::new();
    let mut last_mode = None;
    for (mode, name, keys) in &keymap.listing {
        if last_mode != Some(*mode) {
            if last_mode.is_some() {
                parts.push((HelpPart::Blank, String::new()));
            }
            let heading = match mode {
                Mode::Normal => "Keys: list, detail, notes",
                Mode::Filter => "Keys: filter line (other keys type)",
                Mode::Editor => {
                    "Keys: notes editor (arrows, Home/End, Ctrl-←/→ words, Ctrl-W, Ctrl-U undo, Ctrl-R redo, paste)"
                }
                Mode::Help => "Keys: this help",
                Mode::Chooser => "Keys: link chooser",
                Mode::Picker => "Keys: move lines to a talk (other keys type the filter)",
                Mode::Changes => "Keys: changes list",
            };
            parts.push((HelpPart::Heading, heading.to_string()));
            last_mode = Some(*mode);
        }
        parts.push((
            HelpPart::Entry,
            format!("  {:<22} {}", keys.join(" "), describe(name)),
        ));
    }
    parts.push((HelpPart::Blank, String::new()));
    parts.push((HelpPart::Heading, "Filter query syntax".into()));
    for (syntax, meaning) in crate::search::QUERY_HELP {
        parts.push((HelpPart::Entry, format!("  {syntax:<28} {meaning}")));
    }
    parts.push((HelpPart::Blank, String::new()));
    parts.push((
        HelpPart::Note,
        "Mouse: click selects a talk or focuses a pane; the wheel scrolls.".into(),
    ));
    if !load_problems.is_empty() {
        parts.push((HelpPart::Blank, String::new()));
        parts.push((
            HelpPart::Warning,
            format!("Problems loading talks ({})", load_problems.len()),
        ));
        for p in load_problems {
            parts.push((HelpPart::Entry, format!("  {p}")));
        }
    }
    parts
}

/// How many lines the help takes at `width` cells.
pub fn help_height(parts: &[(HelpPart, String)], width: usize) -> usize {
    parts
        .iter()
        .map(|(_, text)| wrapped_height(text, width))
        .sum()
}

impl App {
    /// Opens the help at its top, or closes it (whatever other overlay was open).
    pub(super) fn toggle_help(&mut self) {
        self.overlay = match self.overlay {
            Overlay::Help(_) => Overlay::None,
            _ => Overlay::Help(HelpState::default()),
        }
    }

    /// How far the help can scroll: its lines that do not fit its box.
    pub(super) fn help_max_scroll(&self) -> usize {
        let Some(r) = self.layout.overlay else {
            return 0;
        };
        let body = inner(r, true);
        let parts = help_parts(&self.keymap, &self.status.load_problems);
        help_height(&parts, body.width.max(1) as usize).saturating_sub(body.height as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_action_has_a_description() {
        let keymap = Keymap::new(&Default::default(), None).0;
        for (_, name, _) in &keymap.listing {
            assert!(!describe(name).is_empty(), "{name} is not described");
        }
    }
}
