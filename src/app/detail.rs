//! What the detail pane says about a talk, as plain text parts: the ui styles and highlights them, `update`
//! measures them to clamp scrolling (so it never has to run the renderer to learn a size).
use crate::store::Talk;
use crate::text::width::wrapped_height;

/// The role of one part of the detail text (the ui picks a style and highlights for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailPart {
    Title,
    Speakers,
    /// "EuroPython 2015 · 2015-07-24 · Bilbao"
    Place,
    /// "Fri 2024-12-27 · 10:30–11:10 CET · 40 min"
    When,
    /// "room: Saal 1 · track: Security · language: en · workshop"
    Where,
    /// "⚠ overlaps: Other talk" (both marked)
    Clash,
    /// "Δ moved from Fri 10:30 Saal 1", "Δ cancelled", "▷ recording available": news about the talk.
    Notice,
    /// "tags: a, b" (each tag after `TAGS_PREFIX`, joined by `TAG_SEPARATOR`).
    Tags,
    /// "[n] label: url" for link n−1.
    Link(usize),
    Blank,
    /// The schedule's short abstract, above the long description.
    Summary,
    Body,
    /// Said when there is nothing to show.
    Placeholder,
}

pub const TAGS_PREFIX: &str = "tags: ";
pub const TAG_SEPARATOR: &str = ", ";

/// The detail of `talk` (or of no talk) as (role, text) parts, top to bottom; `clashes` are the titles of
/// marked talks whose times overlap it, `notices` lines of news about it (schedule changes, a recording).
pub fn detail_parts(
    talk: Option<&Talk>,
    clashes: &[&str],
    notices: &[String],
) -> Vec<(DetailPart, String)> {
    let Some(talk) = talk else {
        return vec![(DetailPart::Placeholder, "No talk selected.".into())];
    };
    let mut parts = vec![(DetailPart::Title, talk.title.clone())];
    if !talk.speakers.is_empty() {
        parts.push((DetailPart::Speakers, talk.speakers_label()));
    }
    let conference = talk.conference_label();
    let place: Vec<&str> = [
        Some(conference.as_str()),
        talk.date.as_deref(),
        talk.location.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.push((DetailPart::Place, place.join(" · ")));
    if let Some(when) = when_text(talk) {
        parts.push((DetailPart::When, when));
    }
    let s = &talk.schedule;
    let place: Vec<String> = [
        s.room.as_ref().map(|r| format!("room: {r}")),
        s.track.as_ref().map(|t| format!("track: {t}")),
        s.language.as_ref().map(|l| format!("language: {l}")),
        // "talk" and "other" say nothing a reader needs.
        s.kind.clone().filter(|k| k != "talk" && k != "other"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !place.is_empty() {
        parts.push((DetailPart::Where, place.join(" · ")));
    }
    parts.extend(notices.iter().map(|n| (DetailPart::Notice, n.clone())));
    if !clashes.is_empty() {
        parts.push((
            DetailPart::Clash,
            format!("⚠ overlaps: {}", clashes.join("; ")),
        ));
    }
    if !talk.tags.is_empty() {
        parts.push((
            DetailPart::Tags,
            format!("{TAGS_PREFIX}{}", talk.tags.join(TAG_SEPARATOR)),
        ));
    }
    for (i, link) in talk.links.iter().enumerate() {
        parts.push((
            DetailPart::Link(i),
            format!("[{}] {}: {}", i + 1, link.label, link.url),
        ));
    }
    parts.push((DetailPart::Blank, String::new()));
    // Many schedules repeat the abstract as the start of the description: show it once.
    if let Some(summary) = s
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty() && !talk.body.trim_start().starts_with(a))
    {
        parts.push((DetailPart::Summary, summary.trim_end().to_string()));
        parts.push((DetailPart::Blank, String::new()));
    }
    if talk.body.trim().is_empty() {
        parts.push((
            DetailPart::Placeholder,
            "(no notes text for this talk)".into(),
        ));
    } else {
        parts.push((DetailPart::Body, talk.body.trim_end().to_string()));
    }
    parts
}

/// "Fri 2024-12-27 · 10:30–11:10 CET · 40 min", in the conference's own zone.
fn when_text(talk: &Talk) -> Option<String> {
    let start = talk.local_start()?;
    let mut text = format!(
        "{} · {}",
        start.strftime("%a %Y-%m-%d"),
        start.strftime("%H:%M")
    );
    if let Some(end) = talk.local_end() {
        text.push_str(&format!("–{}", end.strftime("%H:%M")));
    }
    text.push_str(&format!(" {}", start.strftime("%Z")));
    if let Some(d) = talk.duration() {
        text.push_str(&format!(" · {} min", d.as_secs() / 60));
    }
    Some(text)
}

/// How many lines `parts` take at `width` cells.
pub fn content_height(parts: &[(DetailPart, String)], width: usize) -> usize {
    parts
        .iter()
        .map(|(_, text)| wrapped_height(text, width))
        .sum()
}
