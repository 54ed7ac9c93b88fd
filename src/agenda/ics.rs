//! The agenda as an iCalendar file (RFC 5545): one VEVENT per planned talk with a time, in UTC (so no
//! VTIMEZONE is needed), with a UID stable per talk (`<talk id>@confnotes`) so a calendar that imports it
//! again updates the events instead of duplicating them. Written by hand: escaping and folding are the
//! whole format here, and the importer beside it (`store::schedule`) reads the result back.
use super::Agenda;
use crate::store::Talk;
use jiff::Timestamp;
use std::fmt::Write as _;

/// The calendar text (CRLF line ends, lines folded at 75 octets); `now` is every event's DTSTAMP.
pub fn to_ics(agenda: &Agenda, talks: &[Talk], now: Timestamp) -> String {
    let mut out = String::new();
    let mut line = |s: &str| fold_into(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(concat!(
        "PRODID:-//confnotes//confnotes ",
        env!("CARGO_PKG_VERSION"),
        "//EN"
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line("X-WR-CALNAME:My agenda (confnotes)");
    let stamp = utc(now);
    for entry in agenda.entries() {
        let t = &talks[entry.index];
        let s = &t.schedule;
        let Some(start) = s.start else { continue };
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", text(&format!("{}@confnotes", t.id))));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART:{}", utc(start.timestamp)));
        if let Some(end) = s.end {
            line(&format!("DTEND:{}", utc(end.timestamp)));
        }
        line(&format!("SUMMARY:{}", text(&t.title)));
        if let Some(room) = &s.room {
            line(&format!("LOCATION:{}", text(room)));
        }
        if let Some(track) = &s.track {
            line(&format!("CATEGORIES:{}", text(track)));
        }
        for speaker in &t.speakers {
            // A quoted parameter cannot hold a double quote; the address is a placeholder (CN is the name).
            let cn = speaker.replace('"', "'");
            line(&format!(
                "ATTENDEE;CN=\"{cn}\";ROLE=CHAIR:mailto:speaker@invalid"
            ));
        }
        let mut description = t.conference_label();
        if let Some(summary) = s.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            let _ = write!(description, "\n\n{}", summary.trim());
        }
        line(&format!("DESCRIPTION:{}", text(&description)));
        if let Some(link) = t.links.first() {
            line(&format!("URL:{}", link.url.replace(['\r', '\n'], "")));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// `20241227T093000Z`.
fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded so no physical line exceeds 75 octets (continuations start with a space), never
/// splitting a character.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_long_lines_folded_on_char_boundaries() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }
}
