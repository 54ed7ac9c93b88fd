//! `confnotes agenda [--day D] [--json | --ics]`: the planned talks as text, JSON or an iCalendar file.
use crate::agenda::{Agenda, Entry};
use crate::store::{Store, Talk};
use anyhow::{Context, Result, bail};
use jiff::civil::Date;
use std::io::Write;

/// Reads `--day`: `2024-12-27`, `today` or `tomorrow` (the local date at `now`).
pub fn parse_day(text: &str, now: jiff::Timestamp) -> Result<Date> {
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::system()).date();
    match text {
        "today" => Ok(today),
        "tomorrow" => today.tomorrow().context("no tomorrow"),
        _ => text
            .parse()
            .with_context(|| format!("--day {text:?}: expected YYYY-MM-DD, today or tomorrow")),
    }
}

/// Prints `agenda` in the form asked for.
pub fn print(
    agenda: &Agenda,
    store: &Store,
    json: bool,
    ics: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if json && ics {
        bail!("--json and --ics cannot be combined");
    }
    if ics {
        let text = crate::agenda::ics::to_ics(agenda, &store.talks, crate::store::schedule::now());
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &as_json(agenda, &store.talks))?;
        writeln!(out)?;
        return Ok(());
    }
    if agenda.days.is_empty() && agenda.unscheduled.is_empty() {
        eprintln!(
            "confnotes: no planned talks (mark some with `f` in the TUI or `notes set ID --status planned`)"
        );
    }
    for day in &agenda.days {
        writeln!(out, "{}", day.date.strftime("%Y-%m-%d %A"))?;
        for e in &day.entries {
            if let Some(gap) = e.gap_before {
                writeln!(out, "                 ·· {} min free", gap.as_mins())?;
            }
            write_entry(out, &store.talks, e)?;
        }
    }
    if !agenda.unscheduled.is_empty() {
        writeln!(out, "no time yet")?;
        for &i in &agenda.unscheduled {
            let t = &store.talks[i];
            writeln!(out, "  {}  {}  [{}]", t.title, t.speakers_label(), t.id)?;
        }
    }
    Ok(())
}

fn write_entry(out: &mut dyn Write, talks: &[Talk], e: &Entry) -> Result<()> {
    let t = &talks[e.index];
    let time = |z: Option<jiff::ZonedDateTime>| {
        z.map_or("     ".into(), |z| z.strftime("%H:%M").to_string())
    };
    let flag = if e.overlaps.is_empty() { ' ' } else { '!' };
    let room = t.schedule.room.as_deref().unwrap_or("");
    let speakers = t.speakers_label();
    let by = if speakers.is_empty() {
        String::new()
    } else {
        format!(" — {speakers}")
    };
    write!(
        out,
        "{flag} {}–{}  {room}  {}{by}  [{}]",
        time(t.local_start()),
        time(t.local_end()),
        t.title,
        t.id
    )?;
    let clashes: Vec<&str> = e
        .overlaps
        .iter()
        .map(|&i| talks[i].title.as_str())
        .collect();
    if !clashes.is_empty() {
        write!(out, "  (overlaps: {})", clashes.join("; "))?;
    }
    writeln!(out)?;
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonDay<'a> {
    date: String,
    talks: Vec<JsonEntry<'a>>,
}

#[derive(serde::Serialize)]
struct JsonEntry<'a> {
    id: &'a str,
    title: &'a str,
    speakers: &'a [String],
    /// RFC 3339 with the conference's offset, as in `list --json`.
    start: Option<crate::store::Moment>,
    end: Option<crate::store::Moment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<&'a str>,
    /// Ids of the planned talks it overlaps.
    overlaps: Vec<&'a str>,
    /// Minutes free before it (since the previous planned talk that day ended).
    #[serde(skip_serializing_if = "Option::is_none")]
    gap_before_minutes: Option<i64>,
}

#[derive(serde::Serialize)]
struct JsonAgenda<'a> {
    days: Vec<JsonDay<'a>>,
    unscheduled: Vec<&'a str>,
}

fn as_json<'a>(agenda: &Agenda, talks: &'a [Talk]) -> JsonAgenda<'a> {
    let days = agenda
        .days
        .iter()
        .map(|d| JsonDay {
            date: d.date.to_string(),
            talks: d
                .entries
                .iter()
                .map(|e| {
                    let t = &talks[e.index];
                    JsonEntry {
                        id: &t.id,
                        title: &t.title,
                        speakers: &t.speakers,
                        start: t.schedule.start,
                        end: t.schedule.end,
                        time_zone: t.schedule.time_zone.as_deref(),
                        room: t.schedule.room.as_deref(),
                        overlaps: e.overlaps.iter().map(|&i| talks[i].id.as_str()).collect(),
                        gap_before_minutes: e.gap_before.map(|g| g.as_mins()),
                    }
                })
                .collect(),
        })
        .collect();
    JsonAgenda {
        days,
        unscheduled: agenda
            .unscheduled
            .iter()
            .map(|&i| talks[i].id.as_str())
            .collect(),
    }
}
