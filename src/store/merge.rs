//! One talk per talk: a talk that a later source brings again (a bundled notes talk and its pyvideo record)
//! is folded into the one loaded first, which keeps its id so personal notes stay attached.
//!
//! Two talks of the same conference and year are the same when they share a strong key (`keys`: the same
//! video, or a link naming the catalog record) that no other talk of the group carries, unless one of them is a
//! session that several talks share (a lightning-talks video) and the other is not.
//! Failing that, they are the same when their normalised titles are equal or one
//! is a prefix of the other (catalogs cut long titles; `title_match` says how long a prefix must be), their
//! speakers do not contradict each other, and the match is unambiguous both ways (five "Lightning Talks"
//! sessions stay five).
//! Talks of the same batch (one file or conference folder) never merge with each other.
use super::model::{Link, Talk};
use crate::text::fold;
use keys::{is_video, strong_keys};
/// foldhash rather than SipHash: twins are looked up for every talk at a load (seeded per process still).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

mod keys;
pub use keys::video_key;

/// The shortest normalised title that may match as a prefix of a longer one.
pub const MIN_PREFIX_CHARS: usize = 20;
/// The shortest that may, when both talks name the same speaker.
pub const MIN_CONFIRMED_PREFIX_CHARS: usize = 10;

/// Speaker entries that name nobody in particular.
const PLACEHOLDER_SPEAKERS: &[&str] = &[
    "various speakers",
    "various",
    "multiple speakers",
    "unknown",
    "tba",
    "tbd",
];

/// Words a session's title may add to its name: "Lightning Talks 2", "Lightning talks — day 1 (Monday)".
const SESSION_FILLER: &[&str] = &[
    "day",
    "session",
    "sessions",
    "part",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "morning",
    "afternoon",
    "evening",
    "i",
    "ii",
    "iii",
    "iv",
    "v",
];
/// Titles (normalised, without `SESSION_FILLER` and numbers) of records that hold several talks.
const SESSION_TITLES: &[&str] = &["lightning talks", "lightning talk", "lightning", "keynotes"];

/// The talks loaded so far, grouped by conference and year. Normalised titles are worked out only for groups
/// a later source asks about: a catalog alone (the usual big load) never pays for them.
#[derive(Debug, Default)]
pub(super) struct TwinFinder {
    groups: HashMap<(String, i32), Group>,
    /// The last conference name met and its group key: batches come one conference at a time.
    last_name: String,
    last_key: (String, i32),
}

#[derive(Debug, Default)]
struct Group {
    talks: Vec<usize>,
    /// Normalised titles of `talks[..titles.len()]`.
    titles: Vec<String>,
    /// Strong key → the talks carrying it, for `talks[..keyed]`.
    keys: HashMap<String, Vec<usize>>,
    keyed: usize,
    /// The conference's own first and last days (ISO dates), from the first source that gave them.
    days: Option<(String, String)>,
}

impl TwinFinder {
    fn set_key(&mut self, conference: &str, year: i32) {
        if self.last_name != conference || self.last_key.1 != year {
            self.last_name = conference.to_string();
            self.last_key = (normalize(conference), year);
        }
    }

    /// Records that `talk` sits at `index` in the store.
    pub(super) fn add(&mut self, index: usize, talk: &Talk) {
        self.set_key(&talk.conference, talk.year);
        match self.groups.get_mut(&self.last_key) {
            Some(group) => group.talks.push(index),
            None => {
                let group = Group {
                    talks: vec![index],
                    ..Group::default()
                };
                self.groups.insert(self.last_key.clone(), group);
            }
        }
    }

    /// Records the conference's own days (`start`, `end`), unless an earlier source gave them.
    pub(super) fn set_days(&mut self, conference: &str, year: i32, days: (String, String)) {
        self.set_key(conference, year);
        let group = self.groups.entry(self.last_key.clone()).or_default();
        group.days.get_or_insert(days);
    }

    /// The days of `talk`'s conference, if known.
    pub(super) fn days(&self, talk: &Talk) -> Option<&(String, String)> {
        let key = (normalize(&talk.conference), talk.year);
        self.groups.get(&key)?.days.as_ref()
    }

    /// For each talk of a new batch, the index of the earlier talk (in `existing`) that it is the same as.
    pub(super) fn plan(&mut self, existing: &[Talk], incoming: &[Talk]) -> Vec<Option<usize>> {
        let mut plan: Vec<Option<usize>> =
            incoming.iter().map(|t| self.find(existing, t)).collect();
        let mut claims: HashMap<usize, usize> = HashMap::default();
        for &target in plan.iter().flatten() {
            *claims.entry(target).or_default() += 1;
        }
        // Two new talks claiming one old talk: no way to tell which is its twin, so neither merges.
        for slot in &mut plan {
            if slot.is_some_and(|t| claims[&t] > 1) {
                *slot = None;
            }
        }
        plan
    }

    fn find(&mut self, existing: &[Talk], talk: &Talk) -> Option<usize> {
        self.set_key(&talk.conference, talk.year);
        let group = self.groups.get_mut(&self.last_key)?;
        for &i in &group.talks[group.keyed..] {
            for key in strong_keys(&existing[i]) {
                group.keys.entry(key).or_default().push(i);
            }
        }
        group.keyed = group.talks.len();
        if let Some(twin) = strong_twin(group, existing, talk) {
            return Some(twin);
        }
        for &i in &group.talks[group.titles.len()..] {
            group.titles.push(normalize(&existing[i].title));
        }
        let title = normalize(&talk.title);
        let levels = group.talks.iter().zip(&group.titles).map(|(&i, t)| {
            let level = title_match(t, &title, &existing[i].speakers, &talk.speakers);
            (i, level)
        });
        let levels: Vec<(usize, Match)> = levels.filter(|&(_, l)| l != Match::None).collect();
        let best = levels.iter().map(|&(_, l)| l).max()?;
        match levels
            .iter()
            .filter(|&&(_, l)| l == best)
            .collect::<Vec<_>>()[..]
        {
            [&(one, _)] => Some(one),
            _ => None,
        }
    }
}

/// The one earlier talk that shares a strong key with `talk`: a key no other talk of the group carries (a video
/// that several talks link to is a session's), and not a session against one of its talks. Speakers may
/// disagree (catalogs misspell them, "M Lembuirg", or put the title there). Keys pointing at different talks
/// cancel out.
fn strong_twin(group: &Group, existing: &[Talk], talk: &Talk) -> Option<usize> {
    let session = is_session(talk);
    let mut found = None;
    for key in strong_keys(talk) {
        let Some(&[one]) = group.keys.get(&key).map(Vec::as_slice) else {
            continue;
        };
        let other = &existing[one];
        if is_video(&key) && is_session(other) != session {
            continue;
        }
        match found {
            Some(f) if f != one => return None,
            _ => found = Some(one),
        }
    }
    found
}

/// A record of several talks: only placeholder speakers ("Various speakers"), or a session title.
fn is_session(talk: &Talk) -> bool {
    let placeholders_only = !talk.speakers.is_empty() && named(&talk.speakers).is_empty();
    let title = normalize(&talk.title);
    let words: Vec<&str> = title
        .split(' ')
        .filter(|w| !SESSION_FILLER.contains(w) && !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    placeholders_only || SESSION_TITLES.contains(&words.join(" ").as_str())
}

/// How two talks' titles match, their speakers allowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    None,
    /// One normalised title starts the other (a catalog cut it short).
    Prefix,
    Exact,
}

/// Whether `a` and `b` are the same talk by conference, year, title and speakers (ambiguity aside).
pub fn same_talk(a: &Talk, b: &Talk) -> bool {
    a.year == b.year
        && normalize(&a.conference) == normalize(&b.conference)
        && title_match(
            &normalize(&a.title),
            &normalize(&b.title),
            &a.speakers,
            &b.speakers,
        ) != Match::None
}

/// Equal normalised titles, or one a prefix of the other: of at least `MIN_PREFIX_CHARS`, or of at least
/// `MIN_CONFIRMED_PREFIX_CHARS` and whole words when both name the same speaker ("Diving into Flask" is
/// "Diving into Flask (head on)" by the same person). Speakers that contradict each other rule a match out.
fn title_match(a: &str, b: &str, speakers_a: &[String], speakers_b: &[String]) -> Match {
    // The titles first: comparing them is cheap, the speakers' check allocates, and a new talk is
    // compared with every talk of its conference.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if !long.starts_with(short) || !speakers_agree(speakers_a, speakers_b) {
        return Match::None;
    }
    if a == b {
        return Match::Exact;
    }
    let chars = short.chars().count();
    let confirmed = chars >= MIN_CONFIRMED_PREFIX_CHARS
        && long[short.len()..].starts_with(' ')
        && !named(speakers_a).is_empty()
        && !named(speakers_b).is_empty();
    if chars >= MIN_PREFIX_CHARS || confirmed {
        Match::Prefix
    } else {
        Match::None
    }
}

/// Case, accents and punctuation folded away: "Permission or Forgiveness?" → "permission or forgiveness".
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Speakers agree unless both lists name people and no one is on both.
fn speakers_agree(a: &[String], b: &[String]) -> bool {
    let (a, b) = (named(a), named(b));
    a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| same_person(x, y)))
}

/// The normalised names that are not placeholders such as "Various speakers".
fn named(speakers: &[String]) -> Vec<String> {
    speakers
        .iter()
        .map(|s| normalize(s))
        .filter(|s| !s.is_empty() && !PLACEHOLDER_SPEAKERS.contains(&s.as_str()))
        .collect()
}

/// "A Cuni" is "Antonio Cuni", "Julia S Simon" is "Julia Simon", "Stefan" is "Stefan Behnel": the same surname,
/// or every word of one name in the other.
fn same_person(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    fn surname<'a>(words: &[&'a str]) -> Option<&'a str> {
        words
            .last()
            .copied()
            .filter(|s| s.len() >= 2 && words.len() >= 2)
    }
    (surname(&wa).is_some() && surname(&wa) == surname(&wb))
        || wa.iter().all(|w| wb.contains(w))
        || wb.iter().all(|w| wa.contains(w))
}

/// Folds `other` into `kept`: `kept` keeps its id, title and notes body (unless it has none) and its own date and
/// location when it has them; speakers, tags and links are the union of both, without duplicates. `other`'s
/// date fills a missing one only within the conference's `days` when they are known (a catalog's "recorded"
/// is often the upload date, weeks later).
pub fn merge_into(kept: &mut Talk, other: Talk, days: Option<&(String, String)>) {
    let kept_named = !named(&kept.speakers).is_empty();
    // Speakers that contradict the kept ones (only a strong key merges such talks) are the catalog's error.
    let other_speakers = if speakers_agree(&kept.speakers, &other.speakers) {
        other.speakers
    } else {
        Vec::new()
    };
    for speaker in other_speakers {
        let name = normalize(&speaker);
        // A placeholder adds nothing beside real names.
        let redundant = kept_named && PLACEHOLDER_SPEAKERS.contains(&name.as_str());
        let known = kept
            .speakers
            .iter()
            .any(|s| same_person(&normalize(s), &name));
        if !redundant && !known {
            kept.speakers.push(speaker);
        }
    }
    for tag in other.tags {
        let folded = fold(&tag);
        if !kept.tags.iter().any(|t| fold(t) == folded) {
            kept.tags.push(tag);
        }
    }
    for link in other.links {
        if !kept
            .links
            .iter()
            .any(|l: &Link| same_url(&l.url, &link.url))
        {
            kept.links.push(link);
        }
    }
    if kept.body.trim().is_empty() {
        kept.body = other.body;
    }
    let in_days = |d: &String| days.is_none_or(|(start, end)| start <= d && d <= end);
    kept.date = kept.date.take().or(other.date.filter(in_days));
    kept.location = kept.location.take().or(other.location);
    if !other.schedule.is_empty() {
        kept.schedule.fill_from(other.schedule.into_inner());
    }
}

/// URLs equal but for the scheme and a trailing slash.
fn same_url(a: &str, b: &str) -> bool {
    let bare = |u: &str| {
        u.trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    };
    bare(a) == bare(b)
}

#[cfg(test)]
mod strong_tests;
#[cfg(test)]
mod tests;
