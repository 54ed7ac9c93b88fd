//! Colours and styles: defaults, `[colors]` overrides from config.toml, and `NO_COLOR`.
use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Every style the panes use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    /// Matched characters of the filter.
    pub highlight: Style,
    pub selected: Style,
    pub header: Style,
    pub border: Style,
    pub border_focused: Style,
    pub followup: Style,
    pub done: Style,
    pub link: Style,
    pub error: Style,
    pub warning: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            text: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            title: Style::default().add_modifier(Modifier::BOLD),
            highlight: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            selected: Style::default().bg(Color::Blue).fg(Color::White),
            header: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default().fg(Color::Cyan),
            followup: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            done: Style::default().fg(Color::Green),
            link: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: Style::default().fg(Color::Yellow),
        }
    }
}

impl Theme {
    /// No colours at all (`NO_COLOR`): emphasis by bold, underline and reverse video only.
    pub fn monochrome() -> Self {
        let plain = Style::default();
        Theme {
            text: plain,
            dim: plain,
            title: plain.add_modifier(Modifier::BOLD),
            highlight: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: plain.add_modifier(Modifier::REVERSED),
            header: plain.add_modifier(Modifier::BOLD),
            border: plain,
            border_focused: plain.add_modifier(Modifier::BOLD),
            followup: plain.add_modifier(Modifier::BOLD),
            done: plain,
            link: plain.add_modifier(Modifier::UNDERLINED),
            error: plain.add_modifier(Modifier::BOLD),
            warning: plain.add_modifier(Modifier::BOLD),
        }
    }

    /// The theme for this environment: `NO_COLOR` (any non-empty value) wins; else defaults with `colors`
    /// (element → colour name or `#rrggbb`) applied as foreground colours. Bad entries are returned as messages.
    pub fn from_config(colors: &BTreeMap<String, String>, no_color: bool) -> (Theme, Vec<String>) {
        if no_color {
            return (Theme::monochrome(), Vec::new());
        }
        let mut theme = Theme::default();
        let mut problems = Vec::new();
        for (name, value) in colors {
            let Ok(color) = Color::from_str(value) else {
                problems.push(format!("config [colors] {name}: {value:?} is not a colour"));
                continue;
            };
            let slot = match name.as_str() {
                "text" => &mut theme.text,
                "dim" => &mut theme.dim,
                "title" => &mut theme.title,
                "highlight" => &mut theme.highlight,
                "header" => &mut theme.header,
                "border" => &mut theme.border,
                "border_focused" => &mut theme.border_focused,
                "followup" => &mut theme.followup,
                "done" => &mut theme.done,
                "link" => &mut theme.link,
                "error" => &mut theme.error,
                "warning" => &mut theme.warning,
                "selected" => {
                    theme.selected = theme.selected.bg(color);
                    continue;
                }
                _ => {
                    problems.push(format!("config [colors]: unknown element {name:?}"));
                    continue;
                }
            };
            *slot = slot.fg(color);
        }
        (theme, problems)
    }
}
