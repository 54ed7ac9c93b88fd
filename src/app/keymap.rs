//! Key → action: a lookup in bindings read from the embedded `assets/keys.toml`, with the user's
//! `[keys]` overrides (per mode) merged on top. Text inputs never get a binding for a typing key.
use super::action::Action;
use crate::config::{KeyOverride, KeyOverrides};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;
use std::path::Path;

/// Which bindings apply: the focused text input gets keys before the normal keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Filter,
    Editor,
    Help,
    Chooser,
    /// The picker that moves scratch lines onto a talk (typing filters it).
    Picker,
    /// The changes list.
    Changes,
}

impl Mode {
    fn from_name(name: &str) -> Option<Mode> {
        Some(match name {
            "normal" => Mode::Normal,
            "filter" => Mode::Filter,
            "editor" => Mode::Editor,
            "help" => Mode::Help,
            "chooser" => Mode::Chooser,
            "picker" => Mode::Picker,
            "changes" => Mode::Changes,
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
        "schedule" => Action::ToggleSchedule,
        "agenda" => Action::ToggleAgenda,
        "now" => Action::JumpToNow,
        "open_link" => Action::OpenLink,
        "copy_link" => Action::CopyLink,
        "edit_notes" => Action::EditNotes,
        "scratch" => Action::OpenScratch,
        "scratch_switch" => Action::SwitchScratchPage,
        "move_line" => Action::MoveLine(super::MoveInput::Open),
        "changes" => Action::ChangesList(super::ChangesInput::Toggle),
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
    /// (mode, action name, key texts) in the order of `assets/keys.toml`, for the help overlay.
    pub listing: Vec<(Mode, String, Vec<String>)>,
}

const DEFAULT_KEYS: &str = include_str!("../../assets/keys.toml");

/// The modes a plain `[keys]` entry applies to: everything but the text inputs.
const BROWSING: [Mode; 4] = [Mode::Normal, Mode::Help, Mode::Chooser, Mode::Changes];

impl Mode {
    /// The mode a `[keys.<section>]` table of config.toml names.
    fn from_section(section: &str) -> Option<Mode> {
        Some(match section {
            "list" => Mode::Normal,
            "filter" => Mode::Filter,
            "notes" => Mode::Editor,
            "help" => Mode::Help,
            "chooser" => Mode::Chooser,
            "picker" => Mode::Picker,
            "changes" => Mode::Changes,
            _ => return None,
        })
    }

    /// Whether this mode is a text input, where plain characters are typed.
    pub fn is_text_input(self) -> bool {
        matches!(self, Mode::Filter | Mode::Editor | Mode::Picker)
    }
}

impl Key {
    /// Whether this key types a character (so it can never be a binding in a text input).
    pub fn types_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }
}

impl Keymap {
    /// The embedded defaults with the user's `overrides` applied; problems are returned as messages that
    /// name the config file and line (`config` is the file's path, for those messages).
    pub fn new(overrides: &KeyOverrides, config: Option<&Path>) -> (Keymap, Vec<String>) {
        let mut problems = Vec::new();
        let mut listing = default_listing();
        let place = |o: &KeyOverride| {
            let file = config.map_or("config.toml".into(), |p| p.display().to_string());
            match o.line {
                Some(line) => format!("{file}:{line}"),
                None => file,
            }
        };
        for o in &overrides.0 {
            if action_for(&o.action).is_none() {
                problems.push(format!(
                    "{}: [keys] unknown action {:?}",
                    place(o),
                    o.action
                ));
                continue;
            }
            let modes: Vec<Mode> = match o.mode.as_deref() {
                None => {
                    let bound: Vec<Mode> = BROWSING
                        .into_iter()
                        .filter(|m| listing.iter().any(|(lm, n, _)| lm == m && *n == o.action))
                        .collect();
                    if bound.is_empty() {
                        vec![Mode::Normal]
                    } else {
                        bound
                    }
                }
                Some(section) => match Mode::from_section(section) {
                    Some(mode) => vec![mode],
                    None => continue,
                },
            };
            for mode in modes {
                let mut keys = Vec::new();
                for text in &o.keys {
                    match parse_key(text) {
                        None => problems.push(format!(
                            "{}: [keys] {}: {text:?} is not a key",
                            place(o),
                            o.action
                        )),
                        Some(key) if mode.is_text_input() && key.types_text() => {
                            problems.push(format!(
                                "{}: [keys.{}] {}: {text:?} types text there, so it cannot be a binding; ignored",
                                place(o),
                                o.mode.as_deref().unwrap_or("list"),
                                o.action
                            ))
                        }
                        Some(_) => keys.push(text.clone()),
                    }
                }
                match listing
                    .iter_mut()
                    .find(|(m, n, _)| *m == mode && *n == o.action)
                {
                    Some(entry) => entry.2 = keys,
                    None => listing.push((mode, o.action.clone(), keys)),
                }
            }
        }
        let mut bindings = HashMap::new();
        for (mode, name, keys) in &listing {
            let Some(action) = action_for(name) else {
                continue;
            };
            for key in keys.iter().filter_map(|k| parse_key(k)) {
                bindings.insert((*mode, key), action.clone());
            }
        }
        // One override applied to several modes would report the same bad key once per mode.
        problems.dedup();
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
        Keymap::new(&KeyOverrides::default(), None).0
    }
}

/// The embedded bindings as (mode, action, keys), in the file's order (toml's `preserve_order`).
fn default_listing() -> Vec<(Mode, String, Vec<String>)> {
    let defaults: toml::Table = toml::from_str(DEFAULT_KEYS).unwrap_or_default();
    let mut listing = Vec::new();
    for (mode_name, table) in &defaults {
        let (Some(mode), Some(table)) = (Mode::from_name(mode_name), table.as_table()) else {
            continue;
        };
        for (name, keys) in table {
            let keys = keys
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            listing.push((mode, name.clone(), keys));
        }
    }
    listing
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
    fn plain_overrides_replace_an_action_in_the_browsing_modes_and_bad_ones_are_reported() {
        let o = KeyOverrides::plain([
            ("quit", &["x"][..]),
            ("frobnicate", &["z"][..]),
            ("down", &["what-key"][..]),
        ]);
        let (km, problems) = Keymap::new(&o, None);
        let x = ev(KeyCode::Char('x'), KeyModifiers::NONE);
        assert!(matches!(km.lookup(Mode::Normal, x), Some(Action::Quit)));
        assert!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('q'), KeyModifiers::NONE))
                .is_none()
        );
        // The filter keeps its own quit (ctrl-c): a plain [keys] entry is for the browsing modes.
        assert!(km.lookup(Mode::Filter, x).is_none());
        let ctrl_c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(
            km.lookup(Mode::Filter, ctrl_c),
            Some(Action::Quit)
        ));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn the_readme_example_leaves_typing_keys_to_the_inputs() {
        let o = KeyOverrides::plain([
            ("quit", &["q", "ctrl-q"][..]),
            ("down", &["j", "down", "ctrl-n"][..]),
        ]);
        let (km, problems) = Keymap::new(&o, None);
        assert!(problems.is_empty(), "{problems:?}");
        for c in ['j', 'q', 'k'] {
            for mode in [Mode::Filter, Mode::Editor] {
                let key = ev(KeyCode::Char(c), KeyModifiers::NONE);
                assert!(km.lookup(mode, key).is_none(), "{c} bound in {mode:?}");
            }
        }
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(matches!(km.lookup(Mode::Normal, q), Some(Action::Quit)));
    }

    #[test]
    fn per_mode_sections_bind_one_mode_and_refuse_typing_keys_with_the_line() {
        let text = "[keys.filter]\ndown = [\"ctrl-j\", \"j\"]\n[keys.notes]\nstop_editing = [\"ctrl-s\"]\n";
        #[derive(serde::Deserialize)]
        struct Doc {
            keys: KeyOverrides,
        }
        let mut doc: Doc = toml::from_str(text).unwrap();
        doc.keys.locate(text);
        let (km, problems) = Keymap::new(&doc.keys, Some(Path::new("/c/config.toml")));
        assert_eq!(
            problems,
            vec![
                "/c/config.toml:2: [keys.filter] down: \"j\" types text there, so it cannot be a binding; ignored"
            ]
        );
        let ctrl = |c| ev(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert!(matches!(
            km.lookup(Mode::Filter, ctrl('j')),
            Some(Action::Down)
        ));
        assert!(km.lookup(Mode::Filter, ctrl('n')).is_none(), "replaced");
        assert!(matches!(
            km.lookup(Mode::Normal, ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        ));
        assert!(matches!(
            km.lookup(Mode::Editor, ctrl('s')),
            Some(Action::StopEditing)
        ));
        assert!(
            km.lookup(Mode::Editor, ev(KeyCode::Esc, KeyModifiers::NONE))
                .is_none(),
            "replaced by ctrl-s"
        );
    }

    #[test]
    fn the_listing_follows_the_order_of_keys_toml() {
        let km = Keymap::default();
        let mut expected = Vec::new();
        let mut mode = "";
        for line in DEFAULT_KEYS.lines() {
            if line.starts_with('#') {
                continue;
            } else if let Some(section) = line.strip_prefix('[') {
                mode = section.split(']').next().unwrap_or("");
            } else if let Some((name, _)) = line.split_once(" = ") {
                expected.push((Mode::from_name(mode).unwrap(), name.trim().to_string()));
            }
        }
        let listed: Vec<_> = km.listing.iter().map(|(m, n, _)| (*m, n.clone())).collect();
        assert_eq!(listed, expected);
        assert!(expected.len() > 40);
    }
}
