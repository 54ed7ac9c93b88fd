//! The detail pane: its scroll state, and what it says about a talk as plain text parts. The ui styles and
//! highlights the parts, `update` measures them to clamp scrolling (so it never has to run the renderer to
//! learn a size).
use super::App;
use super::layout::inner;
use super::scroll::ScrollState;
use crate::store::Talk;
use crate::text::width::wrapped_height;
use std::ops::Range;

/// The detail pane: how far the selected talk's text is scrolled (back to the top for another talk).
pub type DetailState = ScrollState;

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

/// Which lines of `talk`'s detail (counted from the top of the text, at `width` cells) are the speakers
/// line: the title's lines come first, then the speakers'.
pub fn speakers_lines(talk: &Talk, width: usize) -> Range<usize> {
    if talk.speakers.is_empty() {
        return 0..0;
    }
    let first = wrapped_height(&talk.title, width);
    first..first + wrapped_height(&talk.speakers_label(), width)
}

impl App {
    /// How far the detail can scroll: the lines of the selected talk's text that do not fit its pane.
    pub(super) fn detail_max_scroll(&self) -> usize {
        let Some(r) = self.layout.detail else {
            return 0;
        };
        let body = inner(r, self.layout.bordered);
        let clashes = self.clashes_of_selected();
        let notices = self.notices_of_selected();
        let parts = detail_parts(self.selected_talk(), &clashes, &notices);
        content_height(&parts, body.width.max(1) as usize).saturating_sub(body.height as usize)
    }

    /// Whether screen row `row` shows the selected talk's speakers line in the detail pane.
    pub(super) fn on_detail_speakers(&self, row: u16) -> bool {
        let (Some(r), Some(talk)) = (self.layout.detail, self.selected_talk()) else {
            return false;
        };
        let body = inner(r, self.layout.bordered);
        (row as usize)
            .checked_sub(body.y as usize)
            .is_some_and(|line| {
                speakers_lines(talk, body.width.max(1) as usize)
                    .contains(&(line + self.detail.scroll))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_speakers_line_follows_the_wrapped_title() {
        let talk = Talk {
            title: "a title that wraps".into(),
            speakers: vec!["Ada".into()],
            ..Talk::default()
        };
        assert_eq!(speakers_lines(&talk, 80), 1..2);
        assert_eq!(speakers_lines(&talk, 8), 3..4);
        let nobody = Talk {
            speakers: vec![],
            ..talk
        };
        assert!(speakers_lines(&nobody, 80).is_empty());
    }
}
