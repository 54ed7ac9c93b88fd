//! The scratch pad: one global page for the hallway track ("met Alice at lunch, ask about her PEP") and one
//! per conference day (`_scratch/YYYY-MM-DD`), kept in the notes file under reserved ids like any talk's
//! notes (so the same locking, merging and atomic saves apply), shown in the TUI as talks of their own so
//! the notes pane, search and editing just work.
use crate::store::Talk;
use jiff::civil::Date;

/// The notes id of the global scratch page (`_` cannot start a catalog slug, so no talk can take it).
pub const SCRATCH_ID: &str = "_scratch/global";

/// Whether `id` is a scratch page's.
pub fn is_scratch(id: &str) -> bool {
    id.starts_with("_scratch/")
}

/// The notes id of day `day`'s scratch page.
pub fn day_scratch_id(day: Date) -> String {
    format!("_scratch/{day}")
}

/// The day of a day's scratch page (None for the global page and for any other id).
pub fn scratch_day(id: &str) -> Option<Date> {
    id.strip_prefix("_scratch/")?.parse().ok()
}

/// "Scratch pad", or "Scratch — Fri 29 Dec 2023" for a day's page.
pub fn scratch_title(id: &str) -> String {
    match scratch_day(id) {
        Some(day) => format!("Scratch — {}", day.strftime("%a %-d %b %Y")),
        None => "Scratch pad".into(),
    }
}

/// The entry that stands for scratch page `id` in the list: a day's page carries its date, so the schedule
/// view shows it under that day.
pub fn scratch_talk_for(id: &str) -> Talk {
    let Some(day) = scratch_day(id) else {
        return scratch_talk();
    };
    Talk {
        id: id.into(),
        title: scratch_title(id),
        date: Some(day.to_string()),
        body: format!(
            "Notes of {} that belong to no talk. Ctrl-G switches to the global scratch pad, Ctrl-T moves a \
             line onto a talk's notes.",
            day.strftime("%A %-d %B %Y")
        )
        .into(),
        ..scratch_talk()
    }
}

/// The entry that stands for the global scratch page in the list.
pub fn scratch_talk() -> Talk {
    Talk {
        id: SCRATCH_ID.into(),
        title: "Scratch pad".into(),
        conference: "Scratch".into(),
        tags: vec!["scratch".into()],
        body: "Notes that belong to no talk: people met, questions for later, links someone mentioned. \
               Open it from anywhere with N (a talk's day has its own page); Ctrl-T moves a line onto a \
               talk's notes."
            .into(),
        ..Talk::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scratch_id_cannot_be_a_catalog_slug() {
        assert!(is_scratch(SCRATCH_ID) && is_scratch(&scratch_talk().id));
        assert!(!crate::store::is_slug(
            SCRATCH_ID.split('/').next().unwrap_or("")
        ));
        assert!(!is_scratch("scratch/global"));
        assert_eq!(
            scratch_talk().conference_label(),
            "Scratch",
            "no year shown"
        );
    }

    #[test]
    fn a_day_page_has_its_date_in_the_id_and_the_title() {
        let day: Date = "2023-12-29".parse().unwrap();
        let id = day_scratch_id(day);
        assert_eq!(id, "_scratch/2023-12-29");
        assert!(is_scratch(&id));
        assert_eq!(scratch_day(&id), Some(day));
        assert_eq!(scratch_day(SCRATCH_ID), None);
        assert_eq!(scratch_day("ep-2015/2015-07-20"), None, "not a scratch id");
        assert_eq!(scratch_title(&id), "Scratch — Fri 29 Dec 2023");
        assert_eq!(scratch_title(SCRATCH_ID), "Scratch pad");
        let talk = scratch_talk_for(&id);
        assert_eq!(
            (talk.id.as_str(), talk.date.as_deref()),
            (id.as_str(), Some("2023-12-29"))
        );
        assert_eq!(talk.conference_label(), "Scratch");
        assert_eq!(scratch_talk_for(SCRATCH_ID), scratch_talk());
    }
}
