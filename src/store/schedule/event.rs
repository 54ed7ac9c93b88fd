//! What every schedule format reads into (`RawConference`, `RawEvent`), and how that becomes talks: times
//! resolved in the conference's zone, ids made stable and unique, text cleaned.
use super::html::html_to_text;
use super::html::looks_like_html;
use super::times::{parse_duration, resolve_start, zone_contradicts};
use crate::store::error::LoadError;
use crate::store::model::{Link, Moment, Schedule, Talk, is_iso_date, slugify};
use crate::store::toml_doc::{MAX_BODY_BYTES, MAX_LINE_CHARS, Parsed};
use crate::text::{sanitize_line, sanitize_multiline, truncate_chars};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::collections::HashSet;
use std::path::Path;

/// The conference, as the schedule's header names it.
#[derive(Debug, Default)]
pub(super) struct RawConference {
    pub acronym: String,
    pub title: String,
    /// First day (`YYYY-MM-DD…`), for the year.
    pub start: String,
    /// IANA zone name (`time_zone_name`, `X-WR-TIMEZONE`, an ICS `TZID`).
    pub time_zone_name: String,
    /// Pentabarf's `day_change` (`09:00:00`): earlier start times belong to the next calendar day.
    pub day_change: String,
}

/// One event as a format gives it; every field is optional in practice.
#[derive(Debug, Default)]
pub(super) struct RawEvent {
    /// Byte offset in the file, for messages.
    pub offset: usize,
    pub id: String,
    pub guid: String,
    pub title: String,
    pub subtitle: String,
    /// `<date>`: a full datetime, with an offset when the writer was careful.
    pub date: String,
    /// `<start>`: local wall time `HH:MM`.
    pub start: String,
    /// `H:MM`, `HH:MM` or `HH:MM:SS`.
    pub duration: String,
    /// The enclosing day's date and its start (`day_start`), for `<start>`-only events.
    pub day: String,
    pub day_start: String,
    /// Already-resolved instants (iCalendar).
    pub begin: Option<Timestamp>,
    pub finish: Option<Timestamp>,
    pub room: String,
    pub track: String,
    pub language: String,
    pub kind: String,
    pub summary: String,
    pub description: String,
    pub persons: Vec<String>,
    pub links: Vec<Link>,
    pub url: String,
}

/// Turns a schedule's events into talks. Events without a title are skipped with a warning.
pub(super) fn build(
    path: &Path,
    text: &str,
    conf: &RawConference,
    events: Vec<RawEvent>,
) -> Parsed {
    let mut parsed = Parsed::default();
    let at = |offset: usize, msg: String| LoadError::at(path, text, offset, msg);
    let conf_title = sanitize_line(&conf.title);
    let acronym = sanitize_line(&conf.acronym);
    let conf_slug = [&acronym, &conf_title]
        .into_iter()
        .map(|s| slugify(s))
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "schedule".into());
    let (name, title_year) = split_year(&conf_title);
    let name = if name.is_empty() {
        acronym.clone()
    } else {
        name
    };
    let zone_name = sanitize_line(&conf.time_zone_name);
    let mut zone = match jiff::tz::db().get(&zone_name) {
        Ok(z) => Some((z, Some(zone_name.clone()))),
        Err(_) => {
            if !zone_name.is_empty() {
                parsed.warnings.push(LoadError::file(
                    path,
                    format!("unknown time zone {zone_name:?}"),
                ));
            }
            None
        }
    };
    if let Some((z, _)) = &zone
        && let Some(ev) = events
            .iter()
            .find(|e| !e.start.is_empty() && !e.date.is_empty())
        && zone_contradicts(z, ev)
    {
        parsed.warnings.push(at(
            ev.offset,
            format!(
                "time_zone_name {zone_name:?} disagrees with the event times; showing them with their own offsets"
            ),
        ));
        zone = None;
    }
    // Looked up once: the machine's zone is for schedules that name none.
    let system = TimeZone::system();
    let mut local_warned = false;
    let mut taken: HashSet<String> = HashSet::new();
    let mut first_year = None;
    for ev in events {
        let title = truncate_chars(&sanitize_line(&ev.title), MAX_LINE_CHARS).0;
        if title.is_empty() {
            parsed
                .warnings
                .push(at(ev.offset, "event has no title; skipped".into()));
            continue;
        }
        let needs_zone = ev.begin.is_none() && Moment::parse(&ev.date).is_none();
        if zone.is_none() && needs_zone && !local_warned && !ev.start.is_empty() {
            local_warned = true;
            parsed.warnings.push(at(
                ev.offset,
                "no time zone in the schedule: local times read in this machine's zone".into(),
            ));
        }
        let tz = zone.as_ref().map_or(&system, |(z, _)| z);
        let start = resolve_start(&ev, tz, &conf.day_change);
        let end = match (ev.finish, start, parse_duration(&ev.duration)) {
            (Some(f), _, _) => Some(f),
            (None, Some(s), Some(d)) => s.checked_add(d).ok(),
            _ => None,
        };
        if start.is_some() && end.is_none() && !ev.duration.trim().is_empty() {
            parsed.warnings.push(at(
                ev.offset,
                format!(
                    "duration {:?} is not H:MM or HH:MM:SS; no end time",
                    ev.duration
                ),
            ));
        }
        let show_zone = zone.as_ref().map(|(z, _)| z.clone());
        let moment = |ts: Timestamp, written: &str| match &show_zone {
            Some(z) => Moment::from_zoned(&ts.to_zoned_datetime(z.clone())),
            // Without a named zone: the offset the file wrote, else the zone the times were read in.
            None => Moment::parse(written).map_or_else(
                || Moment::from_zoned(&ts.to_zoned_datetime(tz.clone())),
                |m| Moment {
                    timestamp: ts,
                    offset: m.offset,
                },
            ),
        };
        let start = start.map(|s| moment(s, &ev.date));
        // The end keeps the start's offset when no zone says otherwise.
        let end = end.map(|e| moment(e, &start.map(|s| s.to_string()).unwrap_or_default()));
        let date = start
            .map(|s| s.civil().date().to_string())
            .or_else(|| Some(ev.day.trim().to_string()).filter(|d| is_iso_date(d)));
        first_year = first_year.or_else(|| date.as_deref().and_then(|d| d[..4].parse().ok()));

        let key = [&ev.id, &ev.guid]
            .into_iter()
            .map(|k| slugify(k))
            .find(|k| !k.is_empty())
            .unwrap_or_else(|| truncate_chars(&slugify(&title), 60).0);
        let key = if key.is_empty() { "event".into() } else { key };
        let mut id = format!("{conf_slug}/{key}");
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{conf_slug}/{key}-{n}");
            n += 1;
        }
        let source = if !ev.guid.trim().is_empty() {
            sanitize_line(&ev.guid)
        } else {
            format!(
                "{}/{}",
                if acronym.is_empty() {
                    &conf_slug
                } else {
                    &acronym
                },
                sanitize_line(&ev.id)
            )
        };
        let summary = readable(&ev.summary);
        let description = readable(&ev.description);
        let subtitle = sanitize_line(&ev.subtitle);
        let mut body = [subtitle.as_str(), summary.as_str(), description.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .fold(String::new(), |mut acc, part| {
                // Many schedules repeat the abstract as the description's first paragraph.
                if !acc.contains(part) {
                    if !acc.is_empty() {
                        acc.push_str("\n\n");
                    }
                    acc.push_str(part);
                }
                acc
            });
        if body.len() > MAX_BODY_BYTES {
            let mut cut = MAX_BODY_BYTES;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            body.truncate(cut);
            parsed
                .warnings
                .push(at(ev.offset, "description larger than 1 MiB; cut".into()));
        }
        let line = |s: &str| {
            Some(truncate_chars(&sanitize_line(s), MAX_LINE_CHARS).0).filter(|s| !s.is_empty())
        };
        let mut links: Vec<Link> = Vec::new();
        if let Some(url) = line(&ev.url) {
            links.push(Link {
                label: "event".into(),
                url,
            });
        }
        for l in &ev.links {
            if let Some(url) = line(&l.url).filter(|u| !links.iter().any(|k| &k.url == u)) {
                let label = line(&l.label).unwrap_or_else(|| "link".into());
                links.push(Link { label, url });
            }
        }
        parsed.talks.push(Talk {
            id,
            title,
            speakers: ev.persons.iter().filter_map(|p| line(p)).collect(),
            conference: name.clone(),
            year: 0,
            date,
            location: None,
            tags: Vec::new(),
            links,
            body: body.into(),
            schedule: Schedule {
                start,
                end,
                time_zone: zone.as_ref().and_then(|(_, n)| n.clone()),
                room: line(&ev.room),
                track: line(&ev.track),
                language: line(&ev.language).map(|l| l.to_lowercase()),
                kind: line(&ev.kind).map(|k| normalize_kind(&k)),
                summary: Some(summary).filter(|s| !s.is_empty()),
                source: Some(source),
            }
            .into(),
        });
        parsed.offsets.push(ev.offset);
    }
    let year = year_of(&conf.start)
        .or(title_year)
        .or(first_year)
        .unwrap_or(0);
    for t in &mut parsed.talks {
        t.year = year;
    }
    parsed
}

/// Abstracts and descriptions as readable text: HTML made plain, Markdown and plain text kept, all sanitised.
fn readable(s: &str) -> String {
    let text = if looks_like_html(s) {
        html_to_text(s)
    } else {
        s.to_string()
    };
    sanitize_multiline(text.trim()).trim().to_string()
}

/// "lecture" and "Talk" are talks; "Lightning Talk" is "lightning"; other kinds lower-cased.
fn normalize_kind(kind: &str) -> String {
    let k = kind.to_lowercase();
    match k.as_str() {
        "lecture" | "talk" | "vortrag" => "talk".into(),
        k if k.contains("lightning") => "lightning".into(),
        _ => k,
    }
}

/// "EuroPython 2015" → ("EuroPython", Some(2015)).
fn split_year(title: &str) -> (String, Option<i32>) {
    match title.rsplit_once(' ') {
        Some((name, y)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            (name.trim().to_string(), y.parse().ok())
        }
        _ => (title.to_string(), None),
    }
}

fn year_of(date: &str) -> Option<i32> {
    let y = date.trim().get(..4)?;
    y.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| y.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_years() {
        assert_eq!(normalize_kind("lecture"), "talk");
        assert_eq!(normalize_kind("Lightning Talk"), "lightning");
        assert_eq!(normalize_kind("Workshop"), "workshop");
        assert_eq!(split_year("FOSDEM 2024"), ("FOSDEM".into(), Some(2024)));
        assert_eq!(split_year("DemoCon"), ("DemoCon".into(), None));
        assert_eq!(year_of("2023-12-27T07:30:00+00:00"), Some(2023));
    }
}
