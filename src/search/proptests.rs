//! Property tests: any query string, however odd, neither panics nor returns a talk that fails a
//! term (checked against a plain re-implementation of the matching rules), nor leaves out one that
//! passes; and search-as-you-type agrees with a one-shot search at every keystroke.
use super::fold::fold_keep_case;
use super::query::{MatchMode, Pattern, Scope, Term, TermKind};
use super::tests::{Notes, corpus, talk};
use super::*;
use crate::store::Talk;
use crate::text::fold;
use proptest::prelude::*;

/// The test corpus plus a talk full of characters whose case or folding is unusual.
fn odd_corpus() -> (Vec<Talk>, Notes) {
    let (mut talks, mut notes) = corpus();
    talks.push(talk(
        "ǅemal İstanbul Kelvin ſtraße ẞIG ﬁsh 🎉 x\u{301}",
        &["Œdipe Þór", "ÆØÅ æøå"],
        "Σ Conf",
        2020,
        &["ΣΑΣ", "ς", "ß"],
        &"Ünïcödé ǅ İ K ſ ẞ ß ﬁ 🎉 GIL gil Gil ".repeat(5),
    ));
    // Three talks from a schedule, for the room/track/lang and time scopes.
    let at = |s: &str| crate::store::Moment::parse(s);
    let slots = [
        (
            "2024-12-27T10:30:00+01:00",
            Some("2024-12-27T11:15:00+01:00"),
            "Saal 1",
            "Security",
            "en",
        ),
        (
            "2024-12-27T14:00:00+01:00",
            Some("2024-12-27T16:00:00+01:00"),
            "Saal Ü",
            "Science",
            "de",
        ),
        ("2024-12-28T00:30:00+01:00", None, "Lounge", "ß Track", "EN"),
    ];
    for (talk, (start, end, room, track, lang)) in talks.iter_mut().zip(slots) {
        talk.schedule = crate::store::Schedule {
            start: at(start),
            end: end.and_then(at),
            time_zone: Some("Europe/Berlin".into()),
            room: Some(room.into()),
            track: Some(track.into()),
            language: Some(lang.into()),
            ..Default::default()
        }
        .into();
    }
    notes.0.insert(5, (Status::None, "  ".into()));
    notes.0.insert(1, (Status::Done, "Ärger ÜBER groß".into()));
    (talks, notes)
}

fn fields<'a>(talk: &'a Talk, note: Option<&'a str>, scope: Scope) -> Vec<(&'a str, bool)> {
    let wants = |s: Scope| scope == Scope::All || scope == s;
    let mut out: Vec<(&str, bool)> = Vec::new();
    if wants(Scope::Speaker) {
        out.extend(talk.speakers.iter().map(|s| (s.as_str(), true)));
    }
    if wants(Scope::Title) {
        out.push((&talk.title, true));
    }
    if wants(Scope::Conference) {
        out.push((&talk.conference, true));
    }
    if wants(Scope::Tag) {
        out.extend(talk.tags.iter().map(|s| (s.as_str(), true)));
    }
    if wants(Scope::Body) {
        out.push((&talk.body, false));
    }
    if let Some(n) = note.filter(|_| wants(Scope::Notes)) {
        out.push((n, false));
    }
    let scheduled = [
        (Scope::Room, &talk.schedule.room),
        (Scope::Track, &talk.schedule.track),
        (Scope::Language, &talk.schedule.language),
    ];
    for (s, field) in scheduled {
        if scope == s {
            out.extend(field.as_deref().map(|f| (f, true)));
        }
    }
    out
}

/// The "now" of every property search: during the first scheduled talk.
fn now() -> jiff::Timestamp {
    "2024-12-27T09:45:00Z".parse().unwrap()
}

/// The time scopes, from the talk's own helpers (not the index's precomputed slot).
fn time_matches(talk: &Talk, kind: &TermKind) -> bool {
    let Some(start) = talk.local_start() else {
        return false;
    };
    let end = talk.local_end();
    let today = || now().to_zoned_datetime(talk.zone().unwrap()).date();
    match kind {
        TermKind::Day(super::query::DayTerm::Date(d)) => start.date() == *d,
        TermKind::Day(super::query::DayTerm::Today) => start.date() == today(),
        TermKind::Day(super::query::DayTerm::Tomorrow) => {
            Some(start.date()) == today().tomorrow().ok()
        }
        TermKind::TimeOfDay { from, to } => {
            let (s, day) = (start.datetime(), start.date());
            let (a, b) = (day.to_datetime(*from), day.to_datetime(*to));
            let b = if to < from {
                b.checked_add(jiff::SignedDuration::from_hours(24)).unwrap()
            } else {
                b
            };
            match end.map(|e| e.datetime()) {
                Some(e) if from == to => s <= a && a < e,
                Some(e) => s < b && e > a,
                None if from == to => s == a,
                None => a <= s && s < b,
            }
        }
        TermKind::Now => talk.is_running_at(now()),
        TermKind::Next => talk.starts_within_hour(now()),
        _ => false,
    }
}

fn char_subsequence(hay: &str, needle: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|n| hay.any(|h| h == n))
}

fn field_matches(text: &str, short: bool, mode: MatchMode, p: &Pattern) -> bool {
    let (hay, needle) = match &p.cased {
        Some(c) => (fold_keep_case(text), c.as_str()),
        None => (fold(text), p.lower.as_str()),
    };
    match mode {
        MatchMode::Fuzzy if short => char_subsequence(&hay, needle),
        MatchMode::Fuzzy | MatchMode::Exact => hay.contains(needle),
        MatchMode::Prefix => hay.starts_with(needle),
        MatchMode::Suffix => hay.ends_with(needle),
        MatchMode::Whole => hay == needle,
    }
}

fn term_matches(talk: &Talk, note: Option<&(Status, String)>, term: &Term) -> bool {
    let positive = match &term.kind {
        TermKind::Text {
            scope,
            mode,
            pattern,
        } => {
            let mode = if term.negated && *mode == MatchMode::Fuzzy {
                MatchMode::Exact
            } else {
                *mode
            };
            let text = note.map(|(_, t)| t.as_str());
            fields(talk, text, *scope)
                .into_iter()
                .any(|(f, short)| field_matches(f, short, mode, pattern))
        }
        TermKind::Year { from, to } => (*from..=*to).contains(&talk.year),
        TermKind::Status(s) => note.map_or(Status::None, |(s, _)| *s) == *s,
        TermKind::HasNotes => note.is_some_and(|(_, t)| !t.trim().is_empty()),
        TermKind::Scratch => crate::notes::is_scratch(&talk.id),
        kind => time_matches(talk, kind),
    };
    positive != term.negated
}

fn expected(talks: &[Talk], notes: &Notes, query: &str) -> Vec<usize> {
    let q = parse_query(query);
    (0..talks.len())
        .filter(|&i| {
            q.groups.iter().all(|g| {
                g.iter()
                    .any(|t| term_matches(&talks[i], notes.0.get(&i), t))
            })
        })
        .collect()
}

fn check(query: &str) -> Result<(), TestCaseError> {
    let (talks, notes) = odd_corpus();
    let index = SearchIndex::new(&talks);
    let hits = index.search_at(query, &notes, now());
    let mut found: Vec<usize> = hits.iter().map(|h| h.index).collect();
    prop_assert!(
        hits.windows(2).all(|w| w[0].score >= w[1].score),
        "not in score order: {hits:?}"
    );
    found.sort_unstable();
    prop_assert_eq!(found, expected(&talks, &notes, query), "query {:?}", query);

    // Typing the query one character at a time gives the one-shot answer at every step.
    let mut searcher = Searcher::with_threads(1);
    searcher.set_now(now());
    for (end, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
        let typed = &query[..end];
        let one_shot: Vec<(usize, i64)> = index
            .search_at(typed, &notes, now())
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        let incremental: Vec<(usize, i64)> = searcher
            .search(&index, typed, &notes)
            .iter()
            .map(|h| (h.index, h.score))
            .collect();
        prop_assert_eq!(incremental, one_shot, "typed {:?}", typed);
    }
    Ok(())
}

/// Query pieces that exercise the syntax and the odd characters of the corpus.
fn piece() -> impl Strategy<Value = String> {
    let pieces = [
        "a",
        "s",
        "e",
        "i",
        "gr",
        "ü",
        "ß",
        "ss",
        "SS",
        "É",
        "Σ",
        "σ",
        "ς",
        "ί",
        "ǅ",
        "ǆ",
        "İ",
        "i̇",
        "K",
        "ſ",
        "ẞ",
        "ﬁ",
        "🎉",
        "\u{301}",
        "GIL",
        "Gil",
        "async",
        "benoit",
        "Benoît",
        "!",
        "'",
        "^",
        "$",
        "|",
        " ",
        " | ",
        "\"",
        "\\",
        "@",
        "speaker:",
        "title:",
        "conf:",
        "tag:",
        "body:",
        "notes:",
        "year:",
        "2014",
        "2020",
        "..",
        "is:",
        "followup",
        "done",
        "has:",
        "notes",
        "x",
        "room:",
        "track:",
        "lang:",
        "saal",
        "en",
        "day:",
        "today",
        "tomorrow",
        "2024-12-27",
        "2024-12-28",
        "time:",
        "14:00",
        "10:",
        "00:30",
        "11:15",
        "is:now",
        "is:next",
    ];
    prop_oneof![
        3 => prop::sample::select(pieces.to_vec()).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_unicode_queries(query in any::<String>()) {
        check(&query)?;
    }

    #[test]
    fn syntax_soup_queries(pieces in prop::collection::vec(piece(), 0..8)) {
        check(&pieces.concat())?;
    }
}
