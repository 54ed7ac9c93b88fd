//! The user's `[speakers]` config: declared aliases, and spellings kept apart from a wrong merge.
use super::key::{speaker_key, speaker_key_into};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// `[speakers]` in config.toml:
///
/// ```toml
/// [speakers]
/// "Benoît Chesneau" = ["benoitc"]      # these spellings are this person, shown under this name
/// separate = ["José García"]           # this exact spelling is a person of its own
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SpeakerRules {
    /// Exact spellings (compared in NFC) that never fold together with other spellings of the same key:
    /// how a user splits two people whose names normalise alike.
    pub separate: Vec<String>,
    /// Display name → other spellings of that person (nicknames, handles, initials).
    #[serde(flatten)]
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// The rules prepared for lookups: keys resolved once.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    /// Alias key → the key of the declared name.
    alias_of: HashMap<String, String>,
    /// Declared name's key → (declared name, its aliases as written).
    declared: HashMap<String, (String, Vec<String>)>,
    /// NFC forms of the separate spellings.
    separate: HashSet<String>,
}

impl Resolved {
    pub(super) fn new(rules: &SpeakerRules) -> Resolved {
        let mut resolved = Resolved {
            separate: rules.separate.iter().map(|s| s.nfc().collect()).collect(),
            ..Resolved::default()
        };
        for (name, aliases) in &rules.aliases {
            let target = speaker_key(name);
            if target.is_empty() {
                continue;
            }
            for alias in aliases {
                let key = speaker_key(alias);
                if !key.is_empty() && key != target {
                    resolved.alias_of.insert(key, target.clone());
                }
            }
            resolved
                .declared
                .insert(target, (name.clone(), aliases.clone()));
        }
        resolved
    }

    /// Writes into `out` (cleared first) the key a spelling files under: its own normalised key, the declared
    /// person's for an alias, or a key of its own (outside the normalised keys' space: they never start with
    /// NUL) for a separate spelling.
    pub(super) fn key_into(&self, spelling: &str, out: &mut String) {
        out.clear();
        if !self.separate.is_empty() {
            let nfc: String = spelling.nfc().collect();
            if self.separate.contains(&nfc) {
                out.push('\0');
                out.push_str(&nfc);
                return;
            }
        }
        speaker_key_into(spelling, out);
        if let Some(target) = self.alias_of.get(out.as_str()) {
            out.clone_from(target);
        }
    }

    /// The declared name and aliases for a key, if the user declared one.
    pub(super) fn declared(&self, key: &str) -> Option<&(String, Vec<String>)> {
        self.declared.get(key)
    }
}
