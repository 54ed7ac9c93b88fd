//! The talk: what every loader produces and every view reads.
use serde::{Deserialize, Serialize};

/// One talk with its notes text. JSON output carries exactly these fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Talk {
    /// Stable slug `conference-slug/talk-slug`; personal notes are keyed by it.
    pub id: String,
    pub title: String,
    pub speakers: Vec<String>,
    /// Conference name without the year, e.g. "EuroPython".
    pub conference: String,
    pub year: i32,
    /// ISO date `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    pub location: Option<String>,
    pub tags: Vec<String>,
    pub links: Vec<Link>,
    /// The notes text (or a catalog's description), plain text.
    pub body: String,
    /// What the entry is when it is not a talk: `"overview"` for a write-up of a whole conference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A labelled URL (video, slides, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Talk {
    /// "EuroPython 2015".
    pub fn conference_label(&self) -> String {
        format!("{} {}", self.conference, self.year)
    }

    /// Whether the entry is an overview of a conference rather than a talk (shown apart, not counted).
    pub fn is_overview(&self) -> bool {
        self.kind.as_deref() == Some("overview")
    }

    /// Speakers joined for display ("A, B").
    pub fn speakers_label(&self) -> String {
        self.speakers.join(", ")
    }
}

/// Lower-case ASCII slug of `text`: accents folded, everything else a single `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = crate::text::fold_char(c);
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() {
                out.push(f.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `s` is a valid slug: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `s` is an ISO calendar date `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_accents_and_punctuation() {
        assert_eq!(
            slugify("Parallelism Shootout: threads vs asyncio!"),
            "parallelism-shootout-threads-vs-asyncio"
        );
        assert_eq!(slugify("  Benoît Gründemann  "), "benoit-grundemann");
        assert_eq!(slugify("PyCon 2014 — MTL"), "pycon-2014-mtl");
        assert_eq!(slugify("日本"), "");
    }

    #[test]
    fn slug_and_date_validation() {
        assert!(is_slug("europython-2015"));
        assert!(!is_slug("Europython"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug(""));
        assert!(is_iso_date("2015-07-24"));
        assert!(!is_iso_date("2015-13-01"));
        assert!(!is_iso_date("24 July 2015"));
    }
}
