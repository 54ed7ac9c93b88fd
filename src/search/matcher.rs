//! Matching one talk against a compiled query: whether it matches, its score, and what to highlight.
use super::Highlights;
use super::field::{Needle, field_ranges, field_score};
use super::fold::Folded;
use super::query::{MatchMode, Query, Scope, TermKind};
use crate::notes::Status;
use crate::store::Talk;
/// foldhash rather than SipHash: the pool is asked for every talk's speakers, conference and tags at a
/// load (seeded per process still).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use std::ops::Range;

/// Score of one tier: a speaker/title hit (tier 2) beats any conference/tag hit (1), which beats
/// any body or personal-notes hit (0), whatever the fuzzy scores within the tier.
pub const TIER: i64 = 1_000_000;

/// Speakers, conference names and tags, each distinct string folded once: they repeat across
/// talks, so a scan scores each of them once per term (see [`Memo`]) and memory holds one copy.
#[derive(Debug, Default)]
pub struct Pool {
    pub fields: Vec<Folded>,
    ids: HashMap<Box<str>, u32>,
}

impl Pool {
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.fields.len() as u32;
        self.fields.push(Folded::short(s));
        self.ids.insert(s.into(), id);
        id
    }
}

/// One talk's fields, folded at load; speakers, conference and tags live in the [`Pool`].
#[derive(Debug)]
pub struct Doc {
    pub title: Folded,
    pub speakers: Box<[u32]>,
    /// Other names of the speakers (see `SearchIndex::set_aliases`): matched by `speaker:` terms only.
    pub aliases: Box<[u32]>,
    pub conference: u32,
    pub tags: Box<[u32]>,
    /// Boxed: a scan reads the body only of a talk whose other fields missed, and the walk over every
    /// `Doc` is cheaper for the smaller size (192 bytes, not 264: the fastest 200k-talk `c` pass took 60–69
    /// ms unboxed, 49–52 boxed). Its mask is here, so that a body that cannot hold a term costs no visit.
    pub body: Box<Folded>,
    pub body_mask: u64,
    pub year: i32,
    /// What a schedule says (boxed: most catalog talks have none, and a scan should not pay for it).
    pub schedule: Option<Box<ScheduleDoc>>,
    /// The first 16 bytes of the folded title, big-endian: orders most titles without touching them.
    pub title_key: u128,
    /// It is the scratch pad (`in:scratch`).
    pub scratch: bool,
}

impl Doc {
    /// Folds every field of `talk`, interning the repeated ones in `pool`.
    pub fn new(talk: &Talk, pool: &mut Pool) -> Doc {
        Doc::with_body(talk, pool, Folded::body(&talk.body))
    }

    /// Like `new`, with the body already folded (the slow part, done on a loader thread).
    pub fn with_body(talk: &Talk, pool: &mut Pool, body: Folded) -> Doc {
        let title = Folded::short(&talk.title);
        Doc {
            title_key: title_key(&title.lower),
            title,
            speakers: talk.speakers.iter().map(|s| pool.intern(s)).collect(),
            aliases: Box::default(),
            conference: pool.intern(&talk.conference),
            tags: talk.tags.iter().map(|s| pool.intern(s)).collect(),
            body_mask: body.mask,
            body: Box::new(body),
            year: talk.year,
            scratch: crate::notes::is_scratch(&talk.id),
            schedule: (!talk.schedule.is_empty()).then(|| {
                let mut pooled = |s: &Option<String>| s.as_deref().map(|s| pool.intern(s));
                Box::new(ScheduleDoc {
                    room: pooled(&talk.schedule.room),
                    track: pooled(&talk.schedule.track),
                    language: pooled(&talk.schedule.language),
                    slot: super::when::Slot::of(talk),
                })
            }),
        }
    }
}

/// `s`'s first 16 bytes as a number that sorts like `s` (shorter strings are padded with zeros).
/// A scheduled talk's room, track and language (pooled: a conference has few of each) and its slot.
#[derive(Debug)]
pub struct ScheduleDoc {
    pub room: Option<u32>,
    pub track: Option<u32>,
    pub language: Option<u32>,
    pub slot: Option<super::when::Slot>,
}

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

/// Scores of pooled fields already computed in this scan, per text term (one per thread).
pub struct Memo {
    scores: Vec<i64>,
    pool_len: usize,
}

const UNKNOWN: i64 = i64::MIN;
const NO_MATCH: i64 = i64::MIN + 1;
/// At most this many memo cells (8 bytes each) per scanning thread: a pasted paragraph makes
/// hundreds of terms, and the terms past the budget are simply scored without a memo. Tests use a
/// tiny budget so that both paths run.
const MEMO_CELLS: usize = if cfg!(test) { 64 } else { 1 << 22 };

impl Memo {
    fn get(&mut self, slot: usize, id: u32, compute: impl FnOnce() -> Option<i64>) -> Option<i64> {
        // A string interned after the memo was made has no cell (its index would land in another slot's).
        if id as usize >= self.pool_len {
            return compute();
        }
        let Some(cell) = self.scores.get_mut(slot * self.pool_len + id as usize) else {
            return compute();
        };
        if *cell == UNKNOWN {
            *cell = compute().unwrap_or(NO_MATCH);
        }
        (*cell != NO_MATCH).then_some(*cell)
    }
}

/// One term of a compiled query.
#[derive(Clone)]
struct CompiledTerm {
    negated: bool,
    kind: CompiledKind,
}

#[derive(Clone)]
enum CompiledKind {
    /// `slot`: the term's row in a [`Memo`].
    Text {
        scope: Scope,
        mode: MatchMode,
        needle: Box<Needle>,
        slot: usize,
    },
    Year(i32, i32),
    Status(Status),
    HasNotes,
    Scratch,
    Day(super::query::DayTerm),
    Hours(jiff::civil::Time, jiff::civil::Time),
    Now,
    Next,
}

/// A query ready to run against many talks.
#[derive(Clone)]
pub struct Compiled {
    groups: Vec<Vec<CompiledTerm>>,
    text_terms: usize,
    /// "Now" for `is:now`, `is:next`, `day:today`, `day:tomorrow`.
    now: jiff::Timestamp,
}

/// What scoring a talk needs besides the query: the pool, and the note of the talk.
pub struct Fields<'a> {
    pub pool: &'a Pool,
    pub doc: &'a Doc,
    pub note: Option<&'a NoteEntry>,
}

impl Compiled {
    /// Prepares `query`: a negated fuzzy term excludes by substring, as fuzzy exclusion would drop nearly everything.
    pub fn new(query: &Query, now: jiff::Timestamp) -> Compiled {
        let mut text_terms = 0;
        let mut compile = |negated: bool, kind: &TermKind| match kind {
            TermKind::Text {
                scope,
                mode,
                pattern,
            } => {
                text_terms += 1;
                CompiledKind::Text {
                    scope: *scope,
                    mode: if negated && *mode == MatchMode::Fuzzy {
                        MatchMode::Exact
                    } else {
                        *mode
                    },
                    needle: Box::new(Needle::new(&pattern.lower, pattern.cased.as_deref())),
                    slot: text_terms - 1,
                }
            }
            TermKind::Year { from, to } => CompiledKind::Year(*from, *to),
            TermKind::Status(s) => CompiledKind::Status(*s),
            TermKind::HasNotes => CompiledKind::HasNotes,
            TermKind::Scratch => CompiledKind::Scratch,
            TermKind::Day(d) => CompiledKind::Day(*d),
            TermKind::TimeOfDay { from, to } => CompiledKind::Hours(*from, *to),
            TermKind::Now => CompiledKind::Now,
            TermKind::Next => CompiledKind::Next,
        };
        let groups = (query.groups.iter())
            .map(|group| {
                (group.iter())
                    .map(|t| CompiledTerm {
                        negated: t.negated,
                        kind: compile(t.negated, &t.kind),
                    })
                    .collect()
            })
            .collect();
        Compiled {
            groups,
            text_terms,
            now,
        }
    }

    /// An empty memo for scanning talks that share `pool`.
    pub fn memo(&self, pool: &Pool) -> Memo {
        let pool_len = pool.fields.len();
        let rows = self.text_terms.min(MEMO_CELLS / pool_len.max(1));
        Memo {
            scores: vec![UNKNOWN; pool_len * rows],
            pool_len,
        }
    }

    /// The talk's score if it matches every group: the sum over groups of the best matching term.
    pub fn score(&self, f: &Fields, memo: &mut Memo) -> Option<i64> {
        let mut total = 0;
        for group in &self.groups {
            total += group
                .iter()
                .filter_map(|t| term_score(t, f, memo, self.now))
                .max()?;
        }
        Some(total)
    }

    /// Where the positive text terms match the talk (every matching field, not only the best one).
    pub fn highlights(&self, f: &Fields) -> Highlights {
        let (doc, pool) = (f.doc, &f.pool.fields);
        let mut h = Highlights {
            speakers: vec![Vec::new(); doc.speakers.len()],
            tags: vec![Vec::new(); doc.tags.len()],
            ..Highlights::default()
        };
        for term in self.groups.iter().flatten().filter(|t| !t.negated) {
            let CompiledKind::Text {
                scope,
                mode,
                needle,
                ..
            } = &term.kind
            else {
                continue;
            };
            let wants = |s: Scope| *scope == Scope::All || *scope == s;
            let short = |field: &Folded, out: &mut Vec<usize>| {
                out.extend(
                    field_ranges(field, needle, *mode, true)
                        .into_iter()
                        .flatten(),
                );
            };
            let pooled = |id: &u32, out: &mut Vec<usize>| short(&pool[*id as usize], out);
            if wants(Scope::Title) {
                short(&doc.title, &mut h.title);
            }
            if wants(Scope::Speaker) {
                doc.speakers
                    .iter()
                    .zip(&mut h.speakers)
                    .for_each(|(id, out)| pooled(id, out));
            }
            if wants(Scope::Conference) {
                pooled(&doc.conference, &mut h.conference);
            }
            if wants(Scope::Tag) {
                doc.tags
                    .iter()
                    .zip(&mut h.tags)
                    .for_each(|(id, out)| pooled(id, out));
            }
            if wants(Scope::Body) {
                h.body.extend(field_ranges(&doc.body, needle, *mode, false));
            }
            if let Some(n) = f.note.filter(|_| wants(Scope::Notes)) {
                h.notes.extend(field_ranges(&n.text, needle, *mode, false));
            }
        }
        let lists = std::iter::once(&mut h.title)
            .chain(&mut h.speakers)
            .chain([&mut h.conference]);
        for list in lists.chain(&mut h.tags) {
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

fn term_score(
    term: &CompiledTerm,
    f: &Fields,
    memo: &mut Memo,
    now: jiff::Timestamp,
) -> Option<i64> {
    let slot = || f.doc.schedule.as_ref().and_then(|s| s.slot.as_ref());
    let positive = match &term.kind {
        CompiledKind::Text {
            scope,
            mode,
            needle,
            slot,
        } => text_score(f, memo, *scope, *mode, needle, *slot),
        CompiledKind::Year(from, to) => (*from..=*to).contains(&f.doc.year).then_some(0),
        CompiledKind::Status(s) => (f.note.map_or(Status::None, |n| n.status) == *s).then_some(0),
        CompiledKind::HasNotes => f.note.is_some_and(|n| n.has_text).then_some(0),
        CompiledKind::Scratch => f.doc.scratch.then_some(0),
        CompiledKind::Day(d) => slot().is_some_and(|s| s.on_day(*d, now)).then_some(0),
        CompiledKind::Hours(a, b) => slot().is_some_and(|s| s.in_hours(*a, *b)).then_some(0),
        CompiledKind::Now => slot().is_some_and(|s| s.running_at(now)).then_some(0),
        CompiledKind::Next => slot().is_some_and(|s| s.starts_soon(now)).then_some(0),
    };
    if term.negated {
        positive.is_none().then_some(0)
    } else {
        positive
    }
}

/// The best tier that matches, and the best field score within it.
fn text_score(
    f: &Fields,
    memo: &mut Memo,
    scope: Scope,
    mode: MatchMode,
    needle: &Needle,
    slot: usize,
) -> Option<i64> {
    let wants = |s: Scope| scope == Scope::All || scope == s;
    let in_tier = |tier: i64, score: Option<i64>| {
        score.map(|s| tier * TIER + s.clamp(1 - TIER / 2, TIER / 2 - 1))
    };
    let pool = &f.pool.fields;
    let mut pooled = |id: &u32| {
        memo.get(slot, *id, || {
            field_score(&pool[*id as usize], needle, mode, true)
        })
    };

    let mut best = None;
    if wants(Scope::Speaker) {
        best = f.doc.speakers.iter().filter_map(&mut pooled).max();
    }
    if scope == Scope::Speaker {
        best = best.max(f.doc.aliases.iter().filter_map(&mut pooled).max());
    }
    if wants(Scope::Title) {
        best = best.max(field_score(&f.doc.title, needle, mode, true));
    }
    if best.is_some() {
        return in_tier(2, best);
    }
    if wants(Scope::Conference) {
        best = pooled(&f.doc.conference);
    }
    if wants(Scope::Tag) {
        best = best.max(f.doc.tags.iter().filter_map(&mut pooled).max());
    }
    // Schedule fields only answer their own scope: a bare word keeps its old meaning.
    if let Some(sched) = f.doc.schedule.as_deref() {
        for (s, field) in [
            (Scope::Room, sched.room),
            (Scope::Track, sched.track),
            (Scope::Language, sched.language),
        ] {
            if scope == s {
                best = field.as_ref().and_then(&mut pooled);
            }
        }
    }
    if best.is_some() {
        return in_tier(1, best);
    }
    if wants(Scope::Body) && needle.may_be_in(f.doc.body_mask) {
        best = field_score(&f.doc.body, needle, mode, false);
    }
    if let Some(n) = f.note.filter(|_| wants(Scope::Notes)) {
        best = best.max(field_score(&n.text, needle, mode, false));
    }
    in_tier(0, best)
}
