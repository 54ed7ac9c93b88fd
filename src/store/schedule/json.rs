//! frab/pretalx JSON (`{"schedule": {"conference": {"days": [{"rooms": {"<room>": [event…]}}]}}}`), read as a
//! `serde_json::Value` tree so every leniency is a match arm rather than a failed parse: ids as numbers or
//! strings, persons as `public_name`/`name`/plain strings, links as strings or `{url|href, title}`, unknown
//! keys ignored, nulls as empty.
use super::event::{RawConference, RawEvent};
use crate::store::error::LoadError;
use crate::store::model::Link;
use serde_json::Value;
use std::path::Path;

/// The conference header and every event of a schedule JSON document.
pub(super) fn read(path: &Path, text: &str) -> Result<(RawConference, Vec<RawEvent>), LoadError> {
    let root: Value = serde_json::from_str(text).map_err(|e| LoadError {
        path: path.to_path_buf(),
        position: Some((e.line(), e.column())),
        message: format!(
            "not valid schedule JSON: {}",
            strip_position(&e.to_string())
        ),
    })?;
    let Some(conference) = root.pointer("/schedule/conference") else {
        return Err(LoadError::file(
            path,
            "not a schedule: no \"schedule\": {\"conference\": …} object",
        ));
    };
    let conf = RawConference {
        acronym: string(&conference["acronym"]),
        title: string(&conference["title"]),
        start: string(&conference["start"]),
        time_zone_name: string(&conference["time_zone_name"]),
        day_change: string(&conference["day_change"]),
    };
    let mut events = Vec::new();
    let mut search_from = 0;
    for day in conference["days"].as_array().into_iter().flatten() {
        let day_date = string(&day["date"]);
        let day_start = string(&day["day_start"]);
        let rooms: Vec<(String, &Value)> = match &day["rooms"] {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            // Some writers give a list of rooms, each with its events.
            Value::Array(list) => list
                .iter()
                .map(|r| (string(&r["name"]), &r["events"]))
                .collect(),
            _ => Vec::new(),
        };
        for (room, list) in rooms {
            for e in list.as_array().into_iter().flatten() {
                let mut ev = event(e);
                if ev.room.is_empty() {
                    ev.room = room.clone();
                }
                ev.day = day_date.clone();
                ev.day_start = day_start.clone();
                // A Value has no positions: find the event by its guid (or id) for messages, in file order.
                let needle = if ev.guid.is_empty() { &ev.id } else { &ev.guid };
                if !needle.is_empty()
                    && let Some(at) = text[search_from..].find(needle.as_str())
                {
                    search_from += at;
                }
                ev.offset = search_from;
                events.push(ev);
            }
        }
    }
    Ok((conf, events))
}

fn event(e: &Value) -> RawEvent {
    let persons = e["persons"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| match p {
            Value::Object(_) => ["public_name", "name", "full_public_name", "full_name"]
                .iter()
                .map(|k| string(&p[*k]))
                .find(|s| !s.trim().is_empty())
                .unwrap_or_default(),
            other => string(other),
        })
        .filter(|p| !p.trim().is_empty())
        .collect();
    let links = e["links"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| match l {
            Value::Object(_) => Link {
                label: string(&l["title"]),
                url: [&l["url"], &l["href"]]
                    .into_iter()
                    .map(string)
                    .find(|s| !s.is_empty())
                    .unwrap_or_default(),
            },
            other => Link {
                label: String::new(),
                url: string(other),
            },
        })
        .collect();
    RawEvent {
        id: string(&e["id"]),
        guid: string(&e["guid"]),
        title: string(&e["title"]),
        subtitle: string(&e["subtitle"]),
        date: string(&e["date"]),
        start: string(&e["start"]),
        duration: string(&e["duration"]),
        room: string(&e["room"]),
        track: string(&e["track"]),
        language: string(&e["language"]),
        kind: string(&e["type"]),
        summary: string(&e["abstract"]),
        description: string(&e["description"]),
        url: string(&e["url"]),
        persons,
        links,
        ..RawEvent::default()
    }
}

/// A value as text: strings as they are, numbers written out, `{name: …}` objects by their name.
fn string(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(_) => string(&v["name"]),
        _ => String::new(),
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}
