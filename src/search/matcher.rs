//! Matching one talk against a compiled query: whether it matches, its score, and what to highlight.
use super::fold::{Case, Folded, char_mask, gram_bit};
use super::query::{Mode, Query, Scope, TermKind};
use super::Highlights;
use crate::notes::Status;
use crate::store::Talk;
use crate::text::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem::Finder;
use std::ops::Range;
use std::sync::LazyLock;

/// Case is settled before the matcher sees the strings (both sides lower-case or both case-kept),
/// so it compares characters exactly.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

/// Score of one tier: a speaker/title hit (tier 2) beats any conference/tag hit (1), which beats
/// any body or personal-notes hit (0), whatever the fuzzy scores within the tier.
pub const TIER: i64 = 1_000_000;
/// At most this many highlighted ranges per long text.
const MAX_RANGES: usize = 64;

/// One talk's fields, folded at load.
#[derive(Debug)]
pub struct Doc {
    pub title: Folded,
    pub speakers: Box<[Folded]>,
    pub conference: Folded,
    pub tags: Box<[Folded]>,
    pub body: Folded,
    pub year: i32,
    /// The first 16 bytes of the folded title, big-endian: orders most titles without touching them.
    pub title_key: u128,
}

impl Doc {
    /// Folds every field of `talk`.
    pub fn new(talk: &Talk) -> Doc {
        Doc {
            title: Folded::short(&talk.title),
            speakers: talk.speakers.iter().map(|s| Folded::short(s)).collect(),
            conference: Folded::short(&talk.conference),
            tags: talk.tags.iter().map(|s| Folded::short(s)).collect(),
            body: Folded::long(&talk.body),
            year: talk.year,
            title_key: title_key(&fold(&talk.title)),
        }
    }
}

/// `s`'s first 16 bytes as a number that sorts like `s` (shorter strings are padded with zeros).
fn title_key(s: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = s.len().min(16);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// A talk's personal note, folded.
#[derive(Debug, Clone)]
pub struct NoteEntry {
    pub status: Status,
    pub text: Folded,
    /// The text is not blank.
    pub has_text: bool,
}

/// A term's text ready for matching: both case forms, filters and substring finders.
#[derive(Clone)]
struct Needle {
    lower: Box<str>,
    cased: Option<Box<str>>,
    /// Per byte of `lower`: whether the case-kept form has a capital there (case-sensitive terms).
    upper: Box<[bool]>,
    chars: usize,
    mask: u64,
    grams: Box<[u16]>,
    find_lower: Finder<'static>,
    find_cased: Option<Finder<'static>>,
}

impl Needle {
    fn new(lower: &str, cased: Option<&str>) -> Needle {
        let upper = match cased {
            // The two forms have the same characters, so walk them side by side.
            Some(c) => lower
                .chars()
                .zip(c.chars())
                .flat_map(|(l, c)| std::iter::repeat_n(l != c, l.len_utf8()))
                .collect(),
            None => Box::default(),
        };
        Needle {
            lower: lower.into(),
            cased: cased.map(Into::into),
            upper,
            chars: lower.chars().count(),
            mask: char_mask(lower),
            grams: lower.as_bytes().windows(2).map(|w| gram_bit(w[0], w[1]) as u16).collect(),
            find_lower: Finder::new(lower).into_owned(),
            find_cased: cased.map(|c| Finder::new(c).into_owned()),
        }
    }
}

/// The haystack and needle forms a field and a term agree on.
struct View<'a> {
    hay: &'a str,
    needle: &'a str,
    finder: &'a Finder<'static>,
    /// The field keeps capitals as bits: check them at each occurrence.
    check_bits: bool,
}

fn view<'a>(field: &'a Folded, needle: &'a Needle) -> View<'a> {
    let lower = View { hay: &field.lower, needle: &needle.lower, finder: &needle.find_lower, check_bits: false };
    match (&needle.cased, &needle.find_cased, &field.case) {
        (Some(c), Some(finder), Case::Kept(kept)) => View { hay: kept, needle: c, finder, check_bits: false },
        (Some(c), Some(finder), Case::Same) => View { needle: c, finder, ..lower },
        (Some(_), _, Case::Bits(_)) => View { check_bits: true, ..lower },
        _ => lower,
    }
}

/// Whether the capitals of `field` at byte `at` are those of the needle.
fn case_fits(field: &Folded, needle: &Needle, v: &View, at: usize) -> bool {
    !v.check_bits || needle.upper.iter().enumerate().all(|(k, &u)| field.upper_bit(at + k) == u)
}

/// The first byte offset where the needle occurs in the field with the right case (the hot path).
fn first_occurrence(field: &Folded, needle: &Needle, mode: Mode) -> Option<usize> {
    let v = view(field, needle);
    let fits = |at: &usize| case_fits(field, needle, &v, *at);
    match mode {
        Mode::Prefix => v.hay.starts_with(v.needle).then_some(0).filter(fits),
        Mode::Suffix => v.hay.ends_with(v.needle).then(|| v.hay.len() - v.needle.len()).filter(fits),
        Mode::Whole => (v.hay == v.needle).then_some(0).filter(fits),
        Mode::Fuzzy | Mode::Exact if !field.may_contain_grams(&needle.grams) => None,
        Mode::Fuzzy | Mode::Exact if v.check_bits => v.finder.find_iter(v.hay.as_bytes()).find(fits),
        Mode::Fuzzy | Mode::Exact => v.finder.find(v.hay.as_bytes()),
    }
}

/// Up to `limit` non-overlapping occurrences (byte offsets), for highlighting.
fn occurrences(field: &Folded, needle: &Needle, mode: Mode, limit: usize) -> Vec<usize> {
    let v = view(field, needle);
    let fits = |at: &usize| case_fits(field, needle, &v, *at);
    match mode {
        Mode::Fuzzy | Mode::Exact => {
            let mut found: Vec<usize> = Vec::new();
            for at in v.finder.find_iter(v.hay.as_bytes()).filter(fits) {
                if found.last().is_none_or(|&last| at >= last + v.needle.len()) {
                    found.push(at);
                }
                if found.len() == limit {
                    break;
                }
            }
            found
        }
        _ => first_occurrence(field, needle, mode).into_iter().collect(),
    }
}

/// The skim-like score of a contiguous occurrence: per-character match and consecutive bonuses,
/// plus a word-start bonus.
fn exact_score(hay: &str, at: usize, chars: usize) -> i64 {
    let boundary = match hay.as_bytes().get(at.wrapping_sub(1)) {
        None => 16,
        Some(b) if !b.is_ascii_alphanumeric() => 8,
        Some(_) => 0,
    };
    20 * chars as i64 - 4 + boundary
}

/// The best score of the needle in one field, if it matches. Short fields match fuzzily in `Fuzzy` mode.
fn field_score(field: &Folded, needle: &Needle, mode: Mode, short: bool) -> Option<i64> {
    if field.mask & needle.mask != needle.mask {
        return None;
    }
    if short && mode == Mode::Fuzzy {
        let v = view(field, needle);
        return is_subsequence(v.hay.as_bytes(), v.needle.as_bytes())
            .then(|| MATCHER.fuzzy_match(v.hay, v.needle))
            .flatten();
    }
    let at = first_occurrence(field, needle, mode)?;
    Some(exact_score(view(field, needle).hay, at, needle.chars))
}

/// The byte-level subsequence test: necessary for a character-level one, and much cheaper than scoring.
fn is_subsequence(hay: &[u8], needle: &[u8]) -> bool {
    let mut rest = hay;
    for &b in needle {
        match memchr::memchr(b, rest) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// Matched character ranges in the field's original text.
fn field_ranges(field: &Folded, needle: &Needle, mode: Mode, short: bool) -> Vec<Range<usize>> {
    if field.mask & needle.mask != needle.mask {
        return Vec::new();
    }
    let v = view(field, needle);
    let folded: Vec<Range<usize>> = if short && mode == Mode::Fuzzy {
        match MATCHER.fuzzy_indices(v.hay, v.needle) {
            Some((_, positions)) => positions.into_iter().map(|p| p..p + 1).collect(),
            None => Vec::new(),
        }
    } else {
        let (mut byte, mut char_index) = (0, 0);
        let mut ranges = Vec::new();
        for at in occurrences(field, needle, mode, MAX_RANGES) {
            char_index += v.hay[byte..at].chars().count();
            ranges.push(char_index..char_index + needle.chars);
            byte = at;
        }
        ranges
    };
    folded
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| field.original_char(r.start)..field.original_char(r.end - 1) + 1)
        .collect()
}

/// One term of a compiled query.
#[derive(Clone)]
struct CompiledTerm {
    negated: bool,
    kind: CompiledKind,
}

#[derive(Clone)]
enum CompiledKind {
    Text { scope: Scope, mode: Mode, needle: Needle },
    Year(i32, i32),
    Status(Status),
    HasNotes,
}

/// A query ready to run against many talks.
#[derive(Clone)]
pub struct Compiled {
    groups: Vec<Vec<CompiledTerm>>,
}

impl Compiled {
    /// Prepares `query`: a negated fuzzy term excludes by substring, as fuzzy exclusion would drop nearly everything.
    pub fn new(query: &Query) -> Compiled {
        let groups = query
            .groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|t| CompiledTerm {
                        negated: t.negated,
                        kind: match &t.kind {
                            TermKind::Text { scope, mode, pattern } => CompiledKind::Text {
                                scope: *scope,
                                mode: if t.negated && *mode == Mode::Fuzzy { Mode::Exact } else { *mode },
                                needle: Needle::new(&pattern.lower, pattern.cased.as_deref()),
                            },
                            TermKind::Year { from, to } => CompiledKind::Year(*from, *to),
                            TermKind::Status(s) => CompiledKind::Status(*s),
                            TermKind::HasNotes => CompiledKind::HasNotes,
                        },
                    })
                    .collect()
            })
            .collect();
        Compiled { groups }
    }

    /// The talk's score if it matches every group: the sum over groups of the best matching term.
    pub fn score(&self, doc: &Doc, note: Option<&NoteEntry>) -> Option<i64> {
        let mut total = 0;
        for group in &self.groups {
            total += group.iter().filter_map(|t| term_score(t, doc, note)).max()?;
        }
        Some(total)
    }

    /// Where the positive text terms match the talk (every matching field, not only the best one).
    pub fn highlights(&self, doc: &Doc, note: Option<&NoteEntry>) -> Highlights {
        let mut h = Highlights {
            speakers: vec![Vec::new(); doc.speakers.len()],
            tags: vec![Vec::new(); doc.tags.len()],
            ..Highlights::default()
        };
        for term in self.groups.iter().flatten().filter(|t| !t.negated) {
            let CompiledKind::Text { scope, mode, needle } = &term.kind else { continue };
            let wants = |s: Scope| *scope == Scope::All || *scope == s;
            let short = |f: &Folded, out: &mut Vec<usize>| {
                out.extend(field_ranges(f, needle, *mode, true).into_iter().flatten());
            };
            if wants(Scope::Title) {
                short(&doc.title, &mut h.title);
            }
            if wants(Scope::Speaker) {
                doc.speakers.iter().zip(&mut h.speakers).for_each(|(f, out)| short(f, out));
            }
            if wants(Scope::Conference) {
                short(&doc.conference, &mut h.conference);
            }
            if wants(Scope::Tag) {
                doc.tags.iter().zip(&mut h.tags).for_each(|(f, out)| short(f, out));
            }
            if wants(Scope::Body) {
                h.body.extend(field_ranges(&doc.body, needle, *mode, false));
            }
            if let Some(n) = note.filter(|_| wants(Scope::Notes)) {
                h.notes.extend(field_ranges(&n.text, needle, *mode, false));
            }
        }
        for list in std::iter::once(&mut h.title).chain(&mut h.speakers).chain([&mut h.conference]).chain(&mut h.tags)
        {
            list.sort_unstable();
            list.dedup();
        }
        merge_ranges(&mut h.body);
        merge_ranges(&mut h.notes);
        h
    }
}

fn merge_ranges(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    *ranges = merged;
}

fn term_score(term: &CompiledTerm, doc: &Doc, note: Option<&NoteEntry>) -> Option<i64> {
    let positive = match &term.kind {
        CompiledKind::Text { scope, mode, needle } => text_score(doc, note, *scope, *mode, needle),
        CompiledKind::Year(from, to) => (*from..=*to).contains(&doc.year).then_some(0),
        CompiledKind::Status(s) => (note.map_or(Status::None, |n| n.status) == *s).then_some(0),
        CompiledKind::HasNotes => note.is_some_and(|n| n.has_text).then_some(0),
    };
    if term.negated { positive.is_none().then_some(0) } else { positive }
}

/// The best tier that matches, and the best field score within it.
fn text_score(doc: &Doc, note: Option<&NoteEntry>, scope: Scope, mode: Mode, needle: &Needle) -> Option<i64> {
    let wants = |s: Scope| scope == Scope::All || scope == s;
    let in_tier = |tier: i64, score: Option<i64>| score.map(|s| tier * TIER + s.clamp(1 - TIER / 2, TIER / 2 - 1));
    let short = |f: &Folded| field_score(f, needle, mode, true);

    let mut best = None;
    if wants(Scope::Speaker) {
        best = doc.speakers.iter().filter_map(short).max();
    }
    if wants(Scope::Title) {
        best = best.max(short(&doc.title));
    }
    if best.is_some() {
        return in_tier(2, best);
    }
    if wants(Scope::Conference) {
        best = short(&doc.conference);
    }
    if wants(Scope::Tag) {
        best = best.max(doc.tags.iter().filter_map(short).max());
    }
    if best.is_some() {
        return in_tier(1, best);
    }
    if wants(Scope::Body) {
        best = field_score(&doc.body, needle, mode, false);
    }
    if let Some(n) = note.filter(|_| wants(Scope::Notes)) {
        best = best.max(field_score(&n.text, needle, mode, false));
    }
    in_tier(0, best)
}
