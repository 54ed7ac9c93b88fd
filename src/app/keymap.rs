//! Key → action: a lookup in bindings read from the embedded `assets/keys.toml`, with the user's
//! `[keys]` overrides merged on top.
use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};

/// Which bindings apply: the focused text input gets keys before the normal keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Filter,
    Editor,
    Help,
    Chooser,
}

impl Mode {
    fn from_name(name: &str) -> Option<Mode> {
        Some(match name {
            "normal" => Mode::Normal,
            "filter" => Mode::Filter,
            "editor" => Mode::Editor,
            "help" => Mode::Help,
            "chooser" => Mode::Chooser,
            _ => return None,
        })
    }
}

/// A key with its modifiers, normalised so that `G` and `shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl From<KeyEvent> for Key {
    fn from(ev: KeyEvent) -> Key {
        let code = match ev.code {
            // Shift is part of the character itself ("G"), and BackTab already says shift-tab.
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

/// Parses "j", "G", "ctrl-d", "alt-x", "pagedown", "f1", "shift-tab"; None if it is not a key.
pub fn parse_key(text: &str) -> Option<Key> {
    let (mut ctrl, mut alt) = (false, false);
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 2 && lower.starts_with("ctrl-") {
            ctrl = true;
            rest = &rest[5..];
        } else if rest.chars().count() > 2 && lower.starts_with("alt-") {
            alt = true;
            rest = &rest[4..];
        } else {
            break;
        }
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "shift-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        f if f.len() >= 2
            && f.starts_with('f')
            && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
        {
            KeyCode::F(f[1..].parse().ok()?)
        }
        _ => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
        }
    };
    Some(Key { code, ctrl, alt })
}

/// The action an action name in keys.toml stands for.
fn action_for(name: &str) -> Option<Action> {
    Some(match name {
        "quit" => Action::Quit,
        "down" => Action::Down,
        "up" => Action::Up,
        "top" => Action::Top,
        "bottom" => Action::Bottom,
        "page_down" => Action::PageDown,
        "page_up" => Action::PageUp,
        "half_page_down" => Action::HalfPageDown,
        "half_page_up" => Action::HalfPageUp,
        "confirm" => Action::Confirm,
        "back" => Action::Back,
        "focus_next" => Action::FocusNext,
        "focus_prev" => Action::FocusPrev,
        "filter" => Action::FocusFilter,
        "clear_filter" => Action::FilterClear,
        "delete_word" => Action::FilterDeleteWord,
        "filter_leave" => Action::FilterLeave,
        "filter_accept" => Action::FilterAccept,
        "sort" => Action::CycleSort,
        "open_link" => Action::OpenLink,
        "copy_link" => Action::CopyLink,
        "edit_notes" => Action::EditNotes,
        "stop_editing" => Action::StopEditing,
        "cycle_status" => Action::CycleStatus,
        "edit_externally" => Action::EditExternally,
        "help" => Action::ToggleHelp,
        "speakers" => Action::Speakers(super::SpeakerInput::Open),
        _ => return None,
    })
}

/// Bindings per mode, plus the names and keys for the help overlay.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<(Mode, Key), Action>,
    /// (mode, action name, key texts) in file order, for the help overlay.
    pub listing: Vec<(Mode, String, Vec<String>)>,
}

const DEFAULT_KEYS: &str = include_str!("../../assets/keys.toml");

impl Keymap {
    /// The embedded defaults with `overrides` (action name → keys) applied; problems are returned as messages.
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        let defaults: BTreeMap<String, toml::Table> =
            toml::from_str(DEFAULT_KEYS).unwrap_or_default();
        let mut listing = Vec::new();
        // Keep the file's order of modes for the help overlay.
        for mode_name in ["normal", "filter", "editor", "help", "chooser"] {
            let (Some(mode), Some(table)) = (Mode::from_name(mode_name), defaults.get(mode_name))
            else {
                continue;
            };
            let mut names: Vec<(usize, &String)> = table
                .keys()
                .map(|k| (DEFAULT_KEYS.find(&format!("\n{k} =")).unwrap_or(0), k))
                .collect();
            names.sort();
            for (_, name) in names {
                let keys: Vec<String> = match overrides.get(name) {
                    Some(user) => user.clone(),
                    None => table[name]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                listing.push((mode, name.clone(), keys));
            }
        }
        for name in overrides.keys() {
            if action_for(name).is_none() {
                problems.push(format!("config [keys]: unknown action {name:?}"));
            }
        }
        let mut bindings = HashMap::new();
        for (mode, name, keys) in &listing {
            let Some(action) = action_for(name) else {
                continue;
            };
            for text in keys {
                match parse_key(text) {
                    Some(key) => {
                        bindings.insert((*mode, key), action.clone());
                    }
                    None => {
                        let problem = format!("config [keys] {name}: {text:?} is not a key");
                        if !problems.contains(&problem) {
                            problems.push(problem);
                        }
                    }
                }
            }
        }
        (Keymap { bindings, listing }, problems)
    }

    /// The action bound to `key` in `mode`.
    pub fn lookup(&self, mode: Mode, key: KeyEvent) -> Option<Action> {
        self.bindings.get(&(mode, Key::from(key))).cloned()
    }

    /// The first key bound to `action_name` in `mode`, for hints.
    pub fn hint(&self, mode: Mode, action_name: &str) -> Option<&str> {
        self.listing
            .iter()
            .find(|(m, n, _)| *m == mode && n == action_name)
            .and_then(|(_, _, k)| k.first().map(String::as_str))
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new()).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn parses_key_names() {
        assert_eq!(parse_key("j").unwrap().code, KeyCode::Char('j'));
        assert_eq!(parse_key("G").unwrap().code, KeyCode::Char('G'));
        let k = parse_key("ctrl-D").unwrap();
        assert!(k.ctrl && k.code == KeyCode::Char('d'));
        assert_eq!(parse_key("pagedown").unwrap().code, KeyCode::PageDown);
        assert_eq!(parse_key("f5").unwrap().code, KeyCode::F(5));
        assert!(parse_key("nonsense").is_none());
        assert!(parse_key("").is_none());
    }

    #[test]
    fn defaults_map_vim_and_arrows() {
        let km = Keymap::default();
        assert!(matches!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        ));
        assert!(matches!(
            km.lookup(Mode::Normal, ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        ));
        assert!(matches!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        ));
        assert!(matches!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        ));
        assert!(matches!(
            km.lookup(Mode::Filter, ev(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Action::FilterClear)
        ));
        assert!(
            km.lookup(Mode::Filter, ev(KeyCode::Char('j'), KeyModifiers::NONE))
                .is_none(),
            "j is text in the filter"
        );
    }

    #[test]
    fn overrides_replace_an_action_everywhere_and_bad_ones_are_reported() {
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), vec!["x".to_string()]);
        o.insert("frobnicate".to_string(), vec!["z".to_string()]);
        o.insert("down".to_string(), vec!["what-key".to_string()]);
        let (km, problems) = Keymap::new(&o);
        assert!(matches!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Quit)
        ));
        assert!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('q'), KeyModifiers::NONE))
                .is_none()
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
