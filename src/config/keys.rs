//! The `[keys]` part of config.toml: key overrides per mode, each remembered with its line for messages.
//!
//! ```toml
//! [keys]              # the browsing modes (list, detail, notes pane, help, link chooser)
//! quit = ["q", "ctrl-q"]
//! [keys.filter]       # only while typing in the filter line
//! down = ["ctrl-n"]
//! ```
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// The sections of `[keys]` that name one mode, as written in config.toml.
pub const MODE_SECTIONS: [&str; 5] = ["list", "filter", "notes", "help", "chooser"];

/// One `action = [keys]` line of the user's config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// The `[keys.<mode>]` section it is in; None for plain `[keys]` (the browsing modes).
    pub mode: Option<String>,
    pub action: String,
    pub keys: Vec<String>,
    /// Where the keys are in config.toml (a byte offset until `load_config` turns it into a line).
    pub line: Option<usize>,
}

/// Every override in `[keys]`, in file order within each section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOverrides(pub Vec<KeyOverride>);

impl KeyOverrides {
    /// Overrides for the browsing modes, from `(action, keys)` pairs (tests, and callers without a file).
    pub fn plain<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a [&'a str])>) -> KeyOverrides {
        KeyOverrides(
            pairs
                .into_iter()
                .map(|(action, keys)| KeyOverride {
                    mode: None,
                    action: action.to_string(),
                    keys: keys.iter().map(|k| k.to_string()).collect(),
                    line: None,
                })
                .collect(),
        )
    }

    /// Turns byte offsets into 1-based line numbers of `text`.
    pub(crate) fn locate(&mut self, text: &str) {
        for o in &mut self.0 {
            o.line = o.line.map(|at| crate::store::line_col(text, at).0);
        }
    }
}

type Entries = BTreeMap<String, Spanned<Vec<String>>>;

fn push(out: &mut Vec<KeyOverride>, mode: Option<&str>, entries: Entries) {
    let mut entries: Vec<_> = entries.into_iter().collect();
    entries.sort_by_key(|(_, keys)| keys.span().start);
    for (action, keys) in entries {
        let line = Some(keys.span().start);
        out.push(KeyOverride {
            mode: mode.map(String::from),
            action,
            keys: keys.into_inner(),
            line,
        });
    }
}

/// A hand-written visitor rather than an untagged enum: serde's buffering would lose toml's spans.
impl<'de> Deserialize<'de> for KeyOverrides {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = KeyOverrides;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "action = [keys] lines, or [keys.list|filter|notes|help|chooser] tables",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyOverrides, A::Error> {
                let mut out = Vec::new();
                let mut plain = Entries::new();
                while let Some(name) = map.next_key::<String>()? {
                    if MODE_SECTIONS.contains(&name.as_str()) {
                        let entries: Entries = map.next_value()?;
                        push(&mut out, Some(&name), entries);
                    } else {
                        plain.insert(name, map.next_value()?);
                    }
                }
                push(&mut out, None, plain);
                Ok(KeyOverrides(out))
            }
        }
        d.deserialize_map(KeysVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        keys: KeyOverrides,
    }

    #[test]
    fn plain_and_per_mode_sections_keep_their_lines() {
        let text = "[keys]\nquit = [\"q\", \"ctrl-q\"]\n\n[keys.filter]\ndown = [\"ctrl-n\"]\n";
        let mut doc: Doc = toml::from_str(text).unwrap();
        doc.keys.locate(text);
        assert_eq!(
            doc.keys.0,
            vec![
                KeyOverride {
                    mode: Some("filter".into()),
                    action: "down".into(),
                    keys: vec!["ctrl-n".into()],
                    line: Some(5),
                },
                KeyOverride {
                    mode: None,
                    action: "quit".into(),
                    keys: vec!["q".into(), "ctrl-q".into()],
                    line: Some(2),
                },
            ]
        );
    }

    #[test]
    fn a_wrong_shape_is_an_error() {
        assert!(toml::from_str::<Doc>("[keys]\nquit = \"q\"\n").is_err());
        assert!(toml::from_str::<Doc>("[keys.filter]\ndown = 3\n").is_err());
    }
}
