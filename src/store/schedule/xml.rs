//! frab/Pentabarf XML (`<schedule><conference/><day><room><event>…`), as frab, pretalx, Pentabarf (FOSDEM),
//! wafer (DebConf) and the CCC hub write it. Read with quick-xml as a stream of elements, keeping only what
//! becomes a talk: unknown elements are skipped wherever they appear, and elements may come in any order.
use super::event::{RawConference, RawEvent};
use crate::store::error::LoadError;
use crate::store::model::Link;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// The conference header and every event of a schedule XML document.
pub(super) fn read(path: &Path, text: &str) -> Result<(RawConference, Vec<RawEvent>), LoadError> {
    let mut reader = Reader::from_str(text);
    let mut conf = RawConference::default();
    let mut events = Vec::new();
    // Element names from the root down, and the text gathered inside each.
    let mut stack: Vec<(Vec<u8>, String)> = Vec::new();
    let mut day = (String::new(), String::new());
    let mut room = String::new();
    let mut event: Option<RawEvent> = None;
    let mut link_href = String::new();
    let mut saw_root = false;
    let broken = |reader: &Reader<&[u8]>, e: &dyn std::fmt::Display| {
        LoadError::at(
            path,
            text,
            usize::try_from(reader.error_position()).unwrap_or(0),
            format!("not well-formed schedule XML: {e}"),
        )
    };
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let ev = reader.read_event().map_err(|e| broken(&reader, &e))?;
        let (start, empty) = match &ev {
            Event::Start(s) => (Some(s), false),
            Event::Empty(s) => (Some(s), true),
            _ => (None, false),
        };
        if let Some(s) = start {
            let name = s.local_name().as_ref().as_bytes().to_vec();
            if stack.is_empty() {
                if name != b"schedule" {
                    return Err(LoadError::at(
                        path,
                        text,
                        before,
                        "not a schedule: the root element is not <schedule>",
                    ));
                }
                saw_root = true;
            }
            let depth = stack.len();
            match name.as_slice() {
                b"day" if event.is_none() => {
                    day = (attr(s, b"date"), attr(s, b"start"));
                }
                b"room" if event.is_none() && depth >= 2 => room = attr(s, b"name"),
                b"event" if event.is_none() => {
                    event = Some(RawEvent {
                        offset: before,
                        id: attr(s, b"id"),
                        guid: attr(s, b"guid"),
                        room: room.clone(),
                        day: day.0.clone(),
                        day_start: day.1.clone(),
                        ..RawEvent::default()
                    });
                }
                b"link" => link_href = attr(s, b"href"),
                _ => {}
            }
            stack.push((name, String::new()));
            if !empty {
                continue;
            }
        }
        match ev {
            Event::Text(t) => push(&mut stack, &t.html_content()),
            Event::CData(c) => push(&mut stack, &c.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.into_inner();
                        quick_xml::escape::resolve_xml_entity(&name)
                            .map_or_else(|| format!("&{name};"), str::to_string)
                    }
                };
                push(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::End(_) | Event::Empty(_) => {
                let Some((name, content)) = stack.pop() else {
                    continue;
                };
                let parent = stack.last().map(|(n, _)| n.clone());
                let parent = parent.as_deref();
                if let Some(ev) = event.as_mut() {
                    close_in_event(ev, &name, parent, content, &mut link_href, &mut stack);
                    if name == b"event" {
                        events.extend(event.take());
                    }
                } else if parent == Some(b"conference") {
                    let content = content.trim().to_string();
                    match name.as_slice() {
                        b"acronym" => conf.acronym = content,
                        b"title" => conf.title = content,
                        b"start" => conf.start = content,
                        b"time_zone_name" => conf.time_zone_name = content,
                        b"day_change" => conf.day_change = content,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if !saw_root {
        return Err(LoadError::file(
            path,
            "not a schedule: no <schedule> element",
        ));
    }
    Ok((conf, events))
}

/// Appends text to the innermost open element.
fn push(stack: &mut [(Vec<u8>, String)], s: &str) {
    if let Some((_, buf)) = stack.last_mut() {
        buf.push_str(s);
    }
}

/// Files what an element inside `<event>` held.
fn close_in_event(
    ev: &mut RawEvent,
    name: &[u8],
    parent: Option<&[u8]>,
    content: String,
    link_href: &mut String,
    stack: &mut [(Vec<u8>, String)],
) {
    match (parent, name) {
        (Some(b"event"), field) => {
            let content = content.trim().to_string();
            let slot = match field {
                b"date" => &mut ev.date,
                b"start" => &mut ev.start,
                b"duration" => &mut ev.duration,
                b"room" if !content.is_empty() => &mut ev.room,
                b"title" => &mut ev.title,
                b"subtitle" => &mut ev.subtitle,
                b"language" => &mut ev.language,
                b"track" => &mut ev.track,
                b"type" => &mut ev.kind,
                b"abstract" => &mut ev.summary,
                b"description" => &mut ev.description,
                b"url" => &mut ev.url,
                _ => return,
            };
            *slot = content;
        }
        (Some(b"persons"), b"person") => {
            let name = content.trim();
            if !name.is_empty() {
                ev.persons.push(name.to_string());
            }
        }
        // `<person><public_name>…</public_name></person>` or `<name>`: hand the text up to the person.
        (Some(b"person"), b"public_name" | b"name") => {
            if let Some((_, buf)) = stack.last_mut()
                && buf.trim().is_empty()
            {
                *buf = content;
            }
        }
        (Some(b"links"), b"link") => {
            let url = std::mem::take(link_href);
            let title = content.trim().to_string();
            let (label, url) = if url.is_empty() {
                (String::new(), title)
            } else {
                (title, url)
            };
            ev.links.push(Link { label, url });
        }
        _ => {}
    }
}

/// An attribute's value, unescaped (empty when missing or broken).
fn attr(s: &BytesStart, name: &[u8]) -> String {
    s.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref().as_bytes() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default()
}
