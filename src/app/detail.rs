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
    /// "tags: a, b" (each tag after `TAGS_PREFIX`, joined by `TAG_SEPARATOR`).
    Tags,
    /// "[n] label: url" for link n−1.
    Link(usize),
    Blank,
    Body,
    /// Said when there is nothing to show.
    Placeholder,
}

pub const TAGS_PREFIX: &str = "tags: ";
pub const TAG_SEPARATOR: &str = ", ";

/// The detail of `talk` (or of no talk) as (role, text) parts, top to bottom.
pub fn detail_parts(talk: Option<&Talk>) -> Vec<(DetailPart, String)> {
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

/// How many lines `parts` take at `width` cells.
pub fn content_height(parts: &[(DetailPart, String)], width: usize) -> usize {
    parts
        .iter()
        .map(|(_, text)| wrapped_height(text, width))
        .sum()
}
