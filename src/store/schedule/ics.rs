//! iCalendar (RFC 5545) schedules: each VEVENT is a talk (SUMMARY, DTSTART/DTEND or DURATION with TZID or
//! UTC, LOCATION as the room, DESCRIPTION, URL, UID, CATEGORIES as the track, ATTENDEE;CN= as speakers).
//!
//! A small reader rather than a crate: the parser crates (`ical`, `icalendar`'s parser) unfold lines and
//! split properties, which is most of these ~200 lines' easy part, but leave TZID resolution to the caller
//! and report no line and column for a broken file. Here unfolding keeps each logical line's position, TZIDs
//! resolve through jiff's tz database, and errors carry file:line:col like the other loaders.
use super::event::{RawConference, RawEvent};
use crate::store::error::LoadError;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::path::Path;

/// One unfolded content line: its name, parameters and value, with the byte offset where it starts.
struct Property<'a> {
    offset: usize,
    name: String,
    params: Vec<(String, String)>,
    value: std::borrow::Cow<'a, str>,
}

impl Property<'_> {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// The calendar's name and zone, every VEVENT, and warnings for values that could not be read.
pub(super) fn read(
    path: &Path,
    text: &str,
    warnings: &mut Vec<LoadError>,
) -> Result<(RawConference, Vec<RawEvent>), LoadError> {
    let props = unfold(path, text)?;
    if !props
        .first()
        .is_some_and(|p| p.name == "BEGIN" && p.value.eq_ignore_ascii_case("VCALENDAR"))
    {
        return Err(LoadError::at(
            path,
            text,
            0,
            "not an iCalendar file: no BEGIN:VCALENDAR",
        ));
    }
    let mut conf = RawConference::default();
    let mut events = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut current: Option<RawEvent> = None;
    // (TZID-less floating times are read in the calendar's zone.)
    let calendar_zone = props
        .iter()
        .find(|p| p.name == "X-WR-TIMEZONE")
        .map(|p| p.value.trim().to_string());
    for p in &props {
        match p.name.as_str() {
            "BEGIN" => {
                let what = p.value.trim().to_ascii_uppercase();
                if what == "VEVENT" {
                    current = Some(RawEvent {
                        offset: p.offset,
                        ..RawEvent::default()
                    });
                }
                open.push((what, p.offset));
                continue;
            }
            "END" => {
                let what = p.value.trim().to_ascii_uppercase();
                match open.pop() {
                    Some((begun, _)) if begun == what => {}
                    Some((begun, _)) => {
                        return Err(LoadError::at(
                            path,
                            text,
                            p.offset,
                            format!("END:{what} closes BEGIN:{begun}"),
                        ));
                    }
                    None => {
                        return Err(LoadError::at(
                            path,
                            text,
                            p.offset,
                            format!("END:{what} without BEGIN"),
                        ));
                    }
                }
                if what == "VEVENT" {
                    events.extend(current.take());
                }
                continue;
            }
            _ => {}
        }
        let in_calendar = open.len() == 1;
        if in_calendar {
            match p.name.as_str() {
                "X-WR-CALNAME" => conf.title = unescape(&p.value),
                "X-WR-TIMEZONE" => conf.time_zone_name = p.value.trim().to_string(),
                _ => {}
            }
        }
        let Some(ev) = current
            .as_mut()
            .filter(|_| open.last().is_some_and(|(w, _)| w == "VEVENT"))
        else {
            continue;
        };
        match p.name.as_str() {
            "UID" => ev.guid = unescape(&p.value),
            "SUMMARY" => ev.title = unescape(&p.value),
            "LOCATION" => ev.room = unescape(&p.value),
            "DESCRIPTION" => ev.description = unescape(&p.value),
            "URL" => ev.url = p.value.trim().to_string(),
            "CATEGORIES" => ev.track = unescape(&p.value),
            "ATTENDEE" | "ORGANIZER" if p.name == "ATTENDEE" || ev.persons.is_empty() => {
                if let Some(cn) = p.param("CN").filter(|c| !c.trim().is_empty()) {
                    ev.persons.push(cn.trim().to_string());
                }
            }
            "DTSTART" | "DTEND" => {
                let zone_name = p.param("TZID").or(calendar_zone.as_deref());
                match instant(&p.value, zone_name) {
                    Some((ts, written, zone)) => {
                        if p.name == "DTSTART" {
                            ev.begin = Some(ts);
                            ev.date = written;
                            if conf.time_zone_name.is_empty()
                                && let Some(z) = zone
                            {
                                conf.time_zone_name = z;
                            }
                        } else {
                            ev.finish = Some(ts);
                        }
                    }
                    None => warnings.push(LoadError::at(
                        path,
                        text,
                        p.offset,
                        format!(
                            "{} {:?} is not an iCalendar date-time; ignored",
                            p.name, p.value
                        ),
                    )),
                }
            }
            "DURATION" => ev.duration = p.value.trim().to_string(),
            _ => {}
        }
    }
    if let Some((what, at)) = open.pop() {
        return Err(LoadError::at(
            path,
            text,
            at,
            format!("BEGIN:{what} is never closed (END:{what})"),
        ));
    }
    for ev in &mut events {
        // DURATION is ISO 8601 (PT1H30M), not the H:MM of the other formats.
        if ev.finish.is_none()
            && let (Some(b), Ok(d)) = (ev.begin, ev.duration.parse::<SignedDuration>())
        {
            ev.finish = b.checked_add(d).ok();
        }
        ev.duration.clear();
    }
    Ok((conf, events))
}

/// `20200918T110000Z` (UTC), `20200918T110000` in `zone` (or this machine's, when none is known) or
/// `20200918` (a whole day, from midnight): the instant, as RFC 3339 in its zone, and the zone's name.
fn instant(value: &str, zone: Option<&str>) -> Option<(Timestamp, String, Option<String>)> {
    let v = value.trim();
    let (civil, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (v, false),
    };
    let dt: DateTime = if civil.len() == 8 {
        Date::strptime("%Y%m%d", civil)
            .ok()?
            .to_datetime(jiff::civil::Time::midnight())
    } else {
        DateTime::strptime("%Y%m%dT%H%M%S", civil).ok()?
    };
    let (tz, name) = if utc {
        (TimeZone::UTC, None)
    } else {
        match zone.and_then(|z| jiff::tz::db().get(z).ok()) {
            Some(tz) => (tz, zone.map(str::to_string)),
            None => (TimeZone::system(), None),
        }
    };
    let zoned = dt.to_zoned_datetime(tz).ok()?;
    let written = zoned
        .timestamp()
        .display_with_offset(zoned.offset())
        .to_string();
    Some((zoned.timestamp(), written, name))
}

/// Joins folded lines (a line starting with a space or tab continues the one before) and splits each into
/// name, parameters and value.
fn unfold<'a>(path: &Path, text: &'a str) -> Result<Vec<Property<'a>>, LoadError> {
    let mut logical: Vec<(usize, std::borrow::Cow<'a, str>)> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = offset;
        offset += raw.len();
        if let Some(rest) = line.strip_prefix([' ', '\t'])
            && let Some((_, last)) = logical.last_mut()
        {
            last.to_mut().push_str(rest);
            continue;
        }
        if !line.trim().is_empty() {
            logical.push((at, std::borrow::Cow::Borrowed(line)));
        }
    }
    logical
        .into_iter()
        .map(|(offset, line)| split_property(path, text, offset, line))
        .collect()
}

fn split_property<'a>(
    path: &Path,
    text: &str,
    offset: usize,
    line: std::borrow::Cow<'a, str>,
) -> Result<Property<'a>, LoadError> {
    // The value starts at the first colon outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    });
    let Some(colon) = colon else {
        return Err(LoadError::at(
            path,
            text,
            offset,
            "not an iCalendar content line (NAME:value)",
        ));
    };
    let head = &line[..colon];
    let mut parts = split_params(head).into_iter();
    let name = parts.next().unwrap_or_default().to_ascii_uppercase();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(LoadError::at(
            path,
            text,
            offset,
            format!("bad property name {name:?}"),
        ));
    }
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        })
        .collect();
    let value = match line {
        std::borrow::Cow::Borrowed(l) => std::borrow::Cow::Borrowed(&l[colon + 1..]),
        std::borrow::Cow::Owned(l) => std::borrow::Cow::Owned(l[colon + 1..].to_string()),
    };
    Ok(Property {
        offset,
        name,
        params,
        value,
    })
}

/// `ATTENDEE;CN="A; B";ROLE=X` → ["ATTENDEE", "CN=\"A; B\"", "ROLE=X"].
fn split_params(head: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in head.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&head[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&head[start..]);
    out
}

/// TEXT values: `\n` is a line break, `\,` `\;` `\\` the character itself.
fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_and_quoted_parameters() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a lon\r\n g title\r\nATTENDEE;CN=\"Doe: J; r\";ROLE=X:mailto:x\r\nDESCRIPTION:one\\ntwo\\, three\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut w = Vec::new();
        let (_, events) = read(Path::new("t.ics"), text, &mut w).unwrap();
        assert_eq!(events[0].title, "a long title");
        assert_eq!(events[0].persons, ["Doe: J; r"]);
        assert_eq!(events[0].description, "one\ntwo, three");
        assert!(w.is_empty());
    }

    #[test]
    fn tzid_utc_and_duration() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART;TZID=Europe/Berlin:20241227T103000\nDURATION:PT45M\nEND:VEVENT\nEND:VCALENDAR\n";
        let (conf, events) = read(Path::new("t.ics"), text, &mut Vec::new()).unwrap();
        assert_eq!(conf.time_zone_name, "Europe/Berlin");
        assert_eq!(events[0].date, "2024-12-27T10:30:00+01:00");
        let end = events[0].finish.unwrap();
        assert_eq!(end.to_string(), "2024-12-27T10:15:00Z");
    }
}
