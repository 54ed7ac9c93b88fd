//! Conference schedules as talk sources: frab/Pentabarf XML (`xml`), frab/pretalx JSON (`json`) and
//! iCalendar (`ics`), told apart by their content, not their name (`sniff`).
//!
//! Each format reads into the same raw events (`event`), which become talks with their start and end (in the
//! conference's zone, see `when`), room, track, language, kind and abstract. A talk's id is
//! `<conference acronym>/<event id>` (the GUID when there is no id; `-2`, `-3` for repeats in one file), so
//! the XML and the JSON of one schedule give the same ids, and re-imports or newer versions keep them:
//! notes follow the talk whichever file is loaded. HTML in texts becomes plain text (`html`); everything
//! passes through the sanitiser. A file that does not parse is one error with its line and column.
mod event;
mod html;
mod ics;
mod import;
mod json;
mod times;
mod when;
mod xml;

pub use html::html_to_text;
pub use import::{ImportedSchedule, ScheduleImportError, import_schedule};
pub use when::{SOON, now, overlaps};

use super::error::LoadError;
use super::toml_doc::Parsed;
use std::path::Path;

/// The schedule formats confnotes reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// frab/Pentabarf `<schedule>` XML.
    Xml,
    /// frab/pretalx `{"schedule": …}` JSON.
    Json,
    /// iCalendar `BEGIN:VCALENDAR`.
    Ical,
}

/// How far into a file `sniff` looks: a schedule says what it is in its first lines.
const SNIFF_BYTES: usize = 4096;

/// The schedule format of `text`, judged from its start: XML holding `<schedule`, JSON with a `"schedule"`
/// key, or `BEGIN:VCALENDAR`. None for anything else (TOML talk documents, say).
pub fn sniff(text: &str) -> Option<Format> {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let mut end = head.len().min(SNIFF_BYTES);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let head = &head[..end];
    if head
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        Some(Format::Ical)
    } else if head.starts_with('<') && head.contains("<schedule") {
        Some(Format::Xml)
    } else if head.starts_with('{') && head.contains("\"schedule\"") {
        Some(Format::Json)
    } else {
        None
    }
}

/// Parses one schedule file of a known format into talks. A file that is not well-formed is an error with
/// its position; odd events are skipped or read leniently, with warnings.
pub fn parse_schedule(path: &Path, text: &str, format: Format) -> Result<Parsed, LoadError> {
    let mut warnings = Vec::new();
    let (conf, events) = match format {
        Format::Xml => xml::read(path, text)?,
        Format::Json => json::read(path, text)?,
        Format::Ical => ics::read(path, text, &mut warnings)?,
    };
    let mut parsed = event::build(path, text, &conf, events);
    warnings.append(&mut parsed.warnings);
    parsed.warnings = warnings;
    Ok(parsed)
}

/// Whether a file name could be a schedule (the directory walk only reads these).
pub fn is_schedule_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xml" | "json" | "ics"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(
            sniff("\u{feff}<?xml version=\"1.0\"?>\n<schedule>"),
            Some(Format::Xml)
        );
        assert_eq!(
            sniff("{\"$schema\": \"x\", \"schedule\": {}}"),
            Some(Format::Json)
        );
        assert_eq!(sniff("begin:vcalendar\r\n"), Some(Format::Ical));
        assert_eq!(sniff("<rss><channel/></rss>"), None);
        assert_eq!(sniff("{\"name\": \"package\"}"), None);
        assert_eq!(sniff("[conference]\nname = \"schedule\"\n"), None);
    }

    #[test]
    fn hostile_text_in_every_format_is_sanitised() {
        let json = "{\"schedule\": {\"conference\": {\"acronym\": \"x\", \"title\": \"X\\u001b]0;pwn\\u0007\", \"time_zone_name\": \"UTC\", \"days\": [{\"date\": \"2024-01-01\", \"rooms\": {\"R\\u001b[2J\": [{\"id\": 1, \"title\": \"T\\u009b31m\", \"start\": \"10:00\", \"duration\": \"00:30\", \"persons\": [\"P\\u202e\"], \"description\": \"<p>a\\u001b[1mb</p>\", \"track\": \"\\u0007t\"}]}}]}}}";
        let xml = "<schedule><conference><acronym>x</acronym><time_zone_name>UTC</time_zone_name></conference><day date=\"2024-01-01\"><room name=\"R\"><event id=\"1\"><title>T&#x9b;31m &#27;[2J</title><start>10:00</start><abstract>&lt;p&gt;&amp;#27;x&lt;/p&gt;</abstract></event></room></day></schedule>";
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:T\u{1b}[2J\nLOCATION:R\u{7}\nDTSTART:20240101T100000Z\nDESCRIPTION:a\\n\u{1b}]0;x\u{7}\nEND:VEVENT\nEND:VCALENDAR\n";
        for (text, format) in [
            (json, Format::Json),
            (xml, Format::Xml),
            (ics, Format::Ical),
        ] {
            let parsed = parse_schedule(Path::new("h"), text, format).unwrap();
            assert_eq!(parsed.talks.len(), 1, "{format:?}: {:?}", parsed.warnings);
            let t = &parsed.talks[0];
            let s = &t.schedule;
            let fields = [t.title.as_str(), &t.body, &t.conference]
                .into_iter()
                .chain(t.speakers.iter().map(String::as_str))
                .chain(
                    [&s.room, &s.track, &s.summary]
                        .into_iter()
                        .flatten()
                        .map(String::as_str),
                );
            for f in fields {
                assert!(
                    !f.chars()
                        .any(|c| crate::text::is_unsafe_char(c) && c != '\n'),
                    "{format:?}: {f:?}"
                );
            }
        }
    }
}
