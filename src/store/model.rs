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
    /// The notes text (or a catalog's description), plain text. Shared with the search index, which
    /// matches an ASCII body on this very text rather than on a lower-cased copy (see `search::fold`).
    pub body: super::Body,
    /// When, where and what kind of session, for talks from a conference schedule (empty otherwise).
    #[serde(flatten, default)]
    pub schedule: ScheduleSlot,
}

/// What a conference schedule says about a talk beyond the catalog fields. In JSON these sit beside the
/// talk's other fields, and each is left out when empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Schedule {
    /// Start, with the UTC offset it has in the conference's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Moment>,
    /// End (start + duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Moment>,
    /// The conference's IANA time zone ("Europe/Berlin"), when the schedule names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// Language code as the schedule writes it ("en", "de").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Session type, lower case: "talk", "workshop", "lightning", … ("overview" for non-talk entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The short abstract (the body holds the long description), plain text.
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The schedule's own key for the event: its GUID, else `<conference>/<event id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Schedule {
    /// Takes each field `self` lacks from `other` (a twin from a later source).
    pub fn fill_from(&mut self, other: Schedule) {
        fn fill<T>(kept: &mut Option<T>, other: Option<T>) {
            if kept.is_none() {
                *kept = other;
            }
        }
        // Start, end and zone belong together: take them as one.
        if self.start.is_none() {
            self.start = other.start;
            self.end = other.end;
            self.time_zone = other.time_zone;
        }
        fill(&mut self.room, other.room);
        fill(&mut self.track, other.track);
        fill(&mut self.language, other.language);
        fill(&mut self.kind, other.kind);
        fill(&mut self.summary, other.summary);
        fill(&mut self.source, other.source);
    }

    /// Whether the schedule says nothing (a talk from notes or a catalog).
    pub fn is_empty(&self) -> bool {
        *self == Schedule::default()
    }
}

/// A talk's schedule, read and written as a [`Schedule`] (it derefs to one) but boxed, and absent when
/// empty: most catalog talks have none, and an empty one then costs a pointer rather than 232 bytes a
/// talk (60 MB of a 200k catalog's store).
#[derive(Clone, Default)]
pub struct ScheduleSlot(Option<Box<Schedule>>);

/// What an absent schedule reads as.
static NO_SCHEDULE: Schedule = Schedule {
    start: None,
    end: None,
    time_zone: None,
    room: None,
    track: None,
    language: None,
    kind: None,
    summary: None,
    source: None,
};

impl std::ops::Deref for ScheduleSlot {
    type Target = Schedule;

    fn deref(&self) -> &Schedule {
        self.0.as_deref().unwrap_or(&NO_SCHEDULE)
    }
}

impl std::ops::DerefMut for ScheduleSlot {
    /// A write makes the box (an emptied schedule keeps its box; only equality and `is_empty` matter).
    fn deref_mut(&mut self) -> &mut Schedule {
        self.0.get_or_insert_default()
    }
}

impl From<Schedule> for ScheduleSlot {
    fn from(schedule: Schedule) -> ScheduleSlot {
        ScheduleSlot((!schedule.is_empty()).then(|| Box::new(schedule)))
    }
}

impl ScheduleSlot {
    /// The schedule itself, to move its fields out.
    pub fn into_inner(self) -> Schedule {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

impl PartialEq for ScheduleSlot {
    fn eq(&self, other: &ScheduleSlot) -> bool {
        **self == **other
    }
}

impl Eq for ScheduleSlot {}

impl std::fmt::Debug for ScheduleSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for ScheduleSlot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ScheduleSlot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ScheduleSlot, D::Error> {
        Schedule::deserialize(deserializer).map(ScheduleSlot::from)
    }
}

/// An instant with the UTC offset it was written with; RFC 3339 text (`2024-12-27T10:30:00+01:00`) in JSON
/// and TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    pub timestamp: jiff::Timestamp,
    pub offset: jiff::tz::Offset,
}

impl Moment {
    /// The instant `zoned` names, with its offset.
    pub fn from_zoned(zoned: &jiff::ZonedDateTime) -> Moment {
        Moment {
            timestamp: zoned.timestamp(),
            offset: zoned.offset(),
        }
    }

    /// Parses RFC 3339 with an offset or `Z` (`2024-12-27T10:30:00+01:00`); None for anything else.
    pub fn parse(text: &str) -> Option<Moment> {
        let text = text.trim();
        let timestamp: jiff::Timestamp = text.parse().ok()?;
        // The civil reading ignores the offset; the difference to the instant is the offset itself.
        let offset = match text.parse::<jiff::civil::DateTime>() {
            Ok(civil) => {
                let utc = civil
                    .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                    .ok()?
                    .timestamp();
                let seconds = (utc.as_second() - timestamp.as_second()).try_into().ok()?;
                jiff::tz::Offset::from_seconds(seconds).ok()?
            }
            Err(_) => jiff::tz::Offset::UTC,
        };
        Some(Moment { timestamp, offset })
    }

    /// The civil date and time where the instant was written.
    pub fn civil(&self) -> jiff::civil::DateTime {
        self.offset.to_datetime(self.timestamp)
    }
}

impl Ord for Moment {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.timestamp, self.offset.seconds()).cmp(&(other.timestamp, other.offset.seconds()))
    }
}

impl PartialOrd for Moment {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.timestamp.display_with_offset(self.offset))
    }
}

impl Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Moment::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not an RFC 3339 time with offset (2024-12-27T10:30:00+01:00)"
            ))
        })
    }
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
        // Year 0: no year known (the scratch pad), not the year 0.
        if self.year == 0 {
            return self.conference.clone();
        }
        format!("{} {}", self.conference, self.year)
    }

    /// Whether the entry is an overview of a conference rather than a talk (shown apart, not counted).
    pub fn is_overview(&self) -> bool {
        self.schedule.kind.as_deref() == Some("overview")
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
