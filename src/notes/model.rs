//! The notes themselves: one `Note` per talk id, kept in id order.
use crate::text::is_unsafe_char;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where a talk stands for its reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    None,
    /// I'll attend it.
    Planned,
    /// Watch later, ask, read the slides.
    FollowUp,
    Done,
}

impl Status {
    /// The name used in files and on the command line: `none`, `planned`, `follow-up`, `done`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Planned => "planned",
            Status::FollowUp => "follow-up",
            Status::Done => "done",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(Status::None),
            "planned" => Ok(Status::Planned),
            "follow-up" => Ok(Status::FollowUp),
            "done" => Ok(Status::Done),
            _ => Err(format!(
                "unknown status {s:?} (expected none, planned, follow-up or done)"
            )),
        }
    }
}

/// A UTC instant between 1970 and 9999, written as RFC 3339 (`2024-05-01T10:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(SystemTime);

/// The last second humantime can write (9999-12-31T23:59:59Z).
const MAX_SECS: u64 = 253_402_300_799;

impl Timestamp {
    /// Now, to the second (a clock before 1970 reads as 1970: formatting must never fail).
    pub fn now() -> Timestamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Timestamp::from_unix_seconds(secs)
    }

    /// The instant `secs` seconds after 1970-01-01T00:00:00Z (capped at the end of year 9999).
    pub fn from_unix_seconds(secs: u64) -> Timestamp {
        Timestamp(UNIX_EPOCH + Duration::from_secs(secs.min(MAX_SECS)))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds print without a fraction, so what we write reads back identical.
        write!(f, "{}", humantime::format_rfc3339(self.0))
    }
}

impl FromStr for Timestamp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        humantime::parse_rfc3339(s)
            .map(Timestamp)
            .map_err(|e| format!("{e} in {s:?} (expected a UTC time such as 2024-05-01T10:00:00Z)"))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A personal note on one talk. Field order is file order: the (often long) text comes last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    #[serde(default)]
    pub status: Status,
    /// When the note was first made.
    pub created: Timestamp,
    /// When its status or text last changed.
    pub updated: Timestamp,
    /// Free-form text, cleaned by `clean_note_text`.
    #[serde(default)]
    pub text: String,
}

impl Note {
    /// A note with no status and no words in it carries nothing worth keeping.
    pub fn is_blank(&self) -> bool {
        self.status == Status::None && self.text.trim().is_empty()
    }
}

/// Note text as it is kept: as typed, except that line ends become `\n` and control characters (other
/// than newline and tab) and bidi overrides are dropped. By design: the text is shown in a terminal, so an
/// ESC typed or pasted in must never reach it, and TOML would store such characters only as escapes.
pub fn clean_note_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push('\n'),
            '\t' => out.push('\t'),
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Every note, keyed by talk id and kept sorted by id (so the file diffs and syncs well). Talks that are not
/// in the store keep their notes too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    by_id: BTreeMap<String, Note>,
}

impl Notes {
    /// The note on talk `id`.
    pub fn get(&self, id: &str) -> Option<&Note> {
        self.by_id.get(id)
    }

    /// Every note in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Note)> {
        self.by_id.iter().map(|(id, note)| (id.as_str(), note))
    }

    /// How many talks have a note.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there is no note at all.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Replaces the text of talk `id`'s note; true if anything changed. See `edit`.
    pub fn set_text(&mut self, id: &str, text: &str, now: Timestamp) -> bool {
        let text = clean_note_text(text);
        self.edit(id, now, |_, t| *t = text)
    }

    /// Adds `text` on a new line at the end of talk `id`'s note; true if anything changed.
    pub fn append_text(&mut self, id: &str, text: &str, now: Timestamp) -> bool {
        let text = clean_note_text(text);
        self.edit(id, now, |_, t| {
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t.push_str(&text);
        })
    }

    /// Sets the status of talk `id`; true if it changed.
    pub fn set_status(&mut self, id: &str, status: Status, now: Timestamp) -> bool {
        self.edit(id, now, |s, _| *s = status)
    }

    /// Changes talk `id`'s status and text with `change`. A note that ends up blank (no status, no words) is
    /// removed; otherwise `updated` becomes `now` (and `created` too for a new note). True if anything changed.
    pub fn edit(
        &mut self,
        id: &str,
        now: Timestamp,
        change: impl FnOnce(&mut Status, &mut String),
    ) -> bool {
        let old = self.by_id.get(id);
        let (mut status, mut text) = old.map_or((Status::None, String::new()), |n| {
            (n.status, n.text.clone())
        });
        change(&mut status, &mut text);
        if old.is_some_and(|n| n.status == status && n.text == text) {
            return false;
        }
        let note = Note {
            status,
            text,
            created: old.map_or(now, |n| n.created),
            updated: now,
        };
        if note.is_blank() {
            return self.by_id.remove(id).is_some();
        }
        self.by_id.insert(id.to_string(), note);
        true
    }

    /// Puts `note` in as it is (loading and merging, which keep timestamps); a blank note removes the entry.
    pub(crate) fn put(&mut self, id: String, note: Note) {
        if note.is_blank() {
            self.by_id.remove(&id);
        } else {
            self.by_id.insert(id, note);
        }
    }

    /// The notes as a map (for writing).
    pub(crate) fn as_map(&self) -> &BTreeMap<String, Note> {
        &self.by_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn timestamps_round_trip_and_order() {
        let t = at("2024-05-01T10:00:00Z");
        assert_eq!(t.to_string(), "2024-05-01T10:00:00Z");
        assert!(at("2024-05-01T10:00:01Z") > t);
        assert_eq!(
            Timestamp::from_unix_seconds(0).to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(u64::MAX).to_string(),
            "9999-12-31T23:59:59Z"
        );
        assert!("2024-05-01 10:00".parse::<Timestamp>().is_err());
        let now = Timestamp::now().to_string();
        assert!(now.ends_with('Z') && !now.contains('.'), "{now}");
    }

    #[test]
    fn status_names_match_serde() {
        for s in [
            Status::None,
            Status::Planned,
            Status::FollowUp,
            Status::Done,
        ] {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        assert!("followup".parse::<Status>().is_err());
    }

    #[test]
    fn cleaning_keeps_text_and_drops_control_characters() {
        assert_eq!(clean_note_text("a\r\nb\rc\n\td"), "a\nb\nc\n\td");
        assert_eq!(
            clean_note_text("x\u{1b}[31my\u{7}\u{9b}z\u{202e}é 日本"),
            "x[31myzé 日本"
        );
    }

    #[test]
    fn edits_keep_created_bump_updated_and_drop_blank_notes() {
        let (t1, t2, t3) = (
            at("2024-01-01T00:00:00Z"),
            at("2024-01-02T00:00:00Z"),
            at("2024-01-03T00:00:00Z"),
        );
        let mut notes = Notes::default();
        assert!(notes.set_text("c/a", "first", t1));
        assert!(notes.append_text("c/a", "second", t2));
        assert!(
            !notes.set_text("c/a", "first\nsecond", t3),
            "no change, no new timestamp"
        );
        let n = notes.get("c/a").unwrap();
        assert_eq!(
            (n.text.as_str(), n.created, n.updated),
            ("first\nsecond", t1, t2)
        );
        assert!(notes.set_status("c/a", Status::FollowUp, t3));
        assert!(notes.set_text("c/a", "", t3));
        assert_eq!(
            notes.get("c/a").map(|n| n.status),
            Some(Status::FollowUp),
            "a status alone is kept"
        );
        assert!(notes.set_status("c/a", Status::None, t3));
        assert!(notes.is_empty(), "no status and no text: removed");
        assert!(
            !notes.set_text("c/b", "  \n", t3),
            "a blank note is never created"
        );
    }
}
