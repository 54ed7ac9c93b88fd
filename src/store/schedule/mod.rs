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
mod json;
mod when;
mod xml;

pub use html::html_to_text;
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
