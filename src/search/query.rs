//! The query language: terms, operators and field scopes, parsed leniently (a query never fails).
use super::fold::fold_keep_case;
use crate::notes::Status;
use crate::text::fold;

/// (syntax, meaning) rows for the help overlay and the README.
pub const QUERY_HELP: &[(&str, &str)] = &[
    (
        "word",
        "fuzzy in speakers, title, conference, tags; substring in the notes and your notes",
    ),
    ("a b", "every term must match"),
    ("a | b", "either term"),
    ("'word", "exact substring"),
    ("^word", "a field starts with word"),
    ("word$", "a field ends with word (^word$: the whole field)"),
    (
        "!word",
        "leave out talks containing word (also !^word, !word$, !tag:x, !is:done)",
    ),
    ("speaker:name  @name", "speakers only"),
    ("title:x  conf:x  tag:x", "that field only"),
    (
        "body:x  notes:x",
        "the talk's notes text / your personal notes only",
    ),
    (
        "year:2014  year:2012..2014",
        "a year or a range (also 2012.. and ..2014)",
    ),
    (
        "is:planned  is:followup  is:done",
        "talks you marked planned / follow-up / done",
    ),
    (
        "room:x  track:x  lang:en",
        "a schedule's room, track, language",
    ),
    (
        "day:2024-12-27  day:today  day:tomorrow",
        "talks on that day (in the conference's zone)",
    ),
    (
        "time:14:00..16:00  time:14:00",
        "talks on during those hours / at that time (local)",
    ),
    ("is:now  is:next", "running now / starting within the hour"),
    ("has:notes", "talks with personal notes"),
    ("in:scratch", "the scratch pages, global and per day (N)"),
    (
        "\"a b\"  a\\ b",
        "a space inside a term; \\ makes any character plain",
    ),
    (
        "Capital",
        "a term with a capital letter is case-sensitive; accents never matter",
    ),
];

/// A parsed query: every group must match; a group matches when any of its terms does.
/// No groups means "everything".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// AND of ORs, in the order typed.
    pub groups: Vec<Vec<Term>>,
}

/// One term, possibly negated (`!`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// `!`: the talk must not match.
    pub negated: bool,
    pub kind: TermKind,
}

/// What a term tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// Text in some fields.
    Text {
        /// Which fields.
        scope: Scope,
        /// How it matches a field.
        mode: MatchMode,
        /// What to look for.
        pattern: Pattern,
    },
    /// `year:a..b`, inclusive.
    Year { from: i32, to: i32 },
    /// `is:planned`, `is:followup`, `is:done`.
    Status(Status),
    /// `has:notes`: personal notes text that is not blank.
    HasNotes,
    /// `in:scratch`: the scratch pad.
    Scratch,
    /// `day:…`: the talk starts on that local day.
    Day(DayTerm),
    /// `time:a..b`: on at some point between these local times (`from == to`: on at that time).
    TimeOfDay {
        from: jiff::civil::Time,
        to: jiff::civil::Time,
    },
    /// `is:now`: running at the search's "now".
    Now,
    /// `is:next`: starting within the hour after "now".
    Next,
}

/// The day of a `day:` term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayTerm {
    /// `day:2024-12-27`.
    Date(jiff::civil::Date),
    /// `day:today`: the day "now" falls on, in the talk's conference zone.
    Today,
    /// `day:tomorrow`.
    Tomorrow,
}

/// The fields a text term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every field (no scope).
    All,
    /// `speaker:`, `@`.
    Speaker,
    /// `title:`.
    Title,
    /// `conf:`: the conference name without the year.
    Conference,
    /// `tag:`.
    Tag,
    /// `body:`: the talk's notes text.
    Body,
    /// `notes:`: the personal notes.
    Notes,
    /// `room:`: a schedule's room.
    Room,
    /// `track:`.
    Track,
    /// `lang:`: the language code.
    Language,
}

/// How a text term matches a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// Fuzzy (subsequence) in short fields, substring in long ones.
    Fuzzy,
    /// `'word`: substring.
    Exact,
    /// `^word`: the field starts with it.
    Prefix,
    /// `word$`: the field ends with it.
    Suffix,
    /// `^word$`: the field is exactly it.
    Whole,
}

/// A term's text: as typed, and folded for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The text as typed (escapes and quotes removed).
    pub text: String,
    /// Accents folded, lower-cased.
    pub lower: String,
    /// Accents folded, case kept: present when the text has a capital (smart case makes it case-sensitive).
    pub cased: Option<String>,
}

impl Pattern {
    /// Folds `text` and decides its case sensitivity.
    pub fn new(text: &str) -> Pattern {
        let lower = fold(text);
        let cased = fold_keep_case(text);
        let cased = (cased != lower).then_some(cased);
        Pattern {
            text: text.to_string(),
            lower,
            cased,
        }
    }

    /// Whether an extension of `self` can only match where `self` matched (typing on).
    fn extends(&self, previous: &Pattern) -> bool {
        self.lower.starts_with(&previous.lower)
            && match (&previous.cased, &self.cased) {
                (None, _) => true,
                (Some(old), Some(new)) => new.starts_with(old.as_str()),
                (Some(_), None) => false,
            }
    }
}

impl Query {
    /// Whether every talk matching `self` also matches `previous`, judged from the structure alone
    /// (so a search may re-score `previous`'s hits instead of scanning everything).
    pub fn narrows(&self, previous: &Query) -> bool {
        self.groups.len() >= previous.groups.len()
            && self.groups.iter().zip(&previous.groups).all(|(new, old)| {
                new.len() == old.len() && new.iter().zip(old).all(|(n, o)| n.narrows(o))
            })
    }

    /// Whether the query's answer depends on "now" (`is:now`, `is:next`, `day:today`, `day:tomorrow`).
    pub fn depends_on_now(&self) -> bool {
        self.groups.iter().flatten().any(|t| {
            matches!(
                t.kind,
                TermKind::Now | TermKind::Next | TermKind::Day(DayTerm::Today | DayTerm::Tomorrow)
            )
        })
    }

    /// Whether a term is scoped to speakers (`@name`, `speaker:`), the only terms that read the
    /// speakers' other spellings: a search without one needs no aliases.
    pub fn scopes_speakers(&self) -> bool {
        self.groups.iter().flatten().any(|t| {
            matches!(
                t.kind,
                TermKind::Text {
                    scope: Scope::Speaker,
                    ..
                }
            )
        })
    }

    /// Whether the query has no terms (matches everything, in store order).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

impl Term {
    fn narrows(&self, previous: &Term) -> bool {
        if self == previous {
            return true;
        }
        match (&self.kind, &previous.kind) {
            (
                TermKind::Text {
                    scope,
                    mode,
                    pattern,
                },
                TermKind::Text {
                    scope: old_scope,
                    mode: old_mode,
                    pattern: old_pattern,
                },
            ) => {
                !self.negated
                    && !previous.negated
                    && scope == old_scope
                    && mode == old_mode
                    && matches!(
                        mode,
                        MatchMode::Fuzzy | MatchMode::Exact | MatchMode::Prefix
                    )
                    && pattern.extends(old_pattern)
            }
            _ => false,
        }
    }
}

/// A character of a token and whether it was quoted or escaped (then it is never an operator).
type Token = Vec<(char, bool)>;

/// Parses a query. Never fails: what is not valid syntax is searched as text; incomplete pieces
/// (a lone `!`, `^`, `'`, a scope with nothing after it, a dangling `|`) are ignored while typing.
pub fn parse_query(input: &str) -> Query {
    let mut groups: Vec<Vec<Term>> = Vec::new();
    let mut or_pending = false;
    for token in lex(input) {
        if token == [('|', false)] {
            or_pending = !groups.is_empty();
            continue;
        }
        let Some(term) = parse_term(&token) else {
            continue;
        };
        match groups.last_mut() {
            Some(group) if or_pending => group.push(term),
            _ => groups.push(vec![term]),
        }
        or_pending = false;
    }
    Query { groups }
}

/// Splits on unquoted white space; `"…"` quotes (an unclosed quote runs to the end), `\x` escapes x.
fn lex(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current: Token = Vec::new();
    let mut started = false;
    let mut quoted = false;
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push((chars.next().unwrap_or('\\'), true));
                started = true;
            }
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    tokens.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push((c, quoted));
                started = true;
            }
        }
    }
    if started {
        tokens.push(current);
    }
    tokens
}

/// A scope keyword before `:`.
enum Keyword {
    Text(Scope),
    Year,
    Is,
    Has,
    In,
    Day,
    Time,
}

fn keyword(name: &str) -> Option<Keyword> {
    Some(match name.to_ascii_lowercase().as_str() {
        "speaker" | "speakers" => Keyword::Text(Scope::Speaker),
        "title" => Keyword::Text(Scope::Title),
        "conf" | "conference" => Keyword::Text(Scope::Conference),
        "tag" | "tags" => Keyword::Text(Scope::Tag),
        "body" => Keyword::Text(Scope::Body),
        "notes" | "note" => Keyword::Text(Scope::Notes),
        "room" => Keyword::Text(Scope::Room),
        "track" => Keyword::Text(Scope::Track),
        "lang" | "language" => Keyword::Text(Scope::Language),
        "day" => Keyword::Day,
        "time" => Keyword::Time,
        "year" => Keyword::Year,
        "is" => Keyword::Is,
        "has" => Keyword::Has,
        "in" => Keyword::In,
        _ => return None,
    })
}

fn is_op(token: &[(char, bool)], i: usize, op: char) -> bool {
    token.get(i) == Some(&(op, false))
}

fn text_of(token: &[(char, bool)]) -> String {
    token.iter().map(|&(c, _)| c).collect()
}

fn parse_term(token: &[(char, bool)]) -> Option<Term> {
    let negated = is_op(token, 0, '!');
    let body = if negated { &token[1..] } else { token };
    let term = |kind| Some(Term { negated, kind });
    let as_text = || term(text_kind(Scope::All, MatchMode::Fuzzy, &text_of(body)));

    let (keyword, rest) = if is_op(body, 0, '@') {
        (Some(Keyword::Text(Scope::Speaker)), &body[1..])
    } else {
        match body.iter().position(|&(c, literal)| c == ':' && !literal) {
            Some(colon) if body[..colon].iter().all(|&(_, literal)| !literal) => {
                match keyword(&text_of(&body[..colon])) {
                    Some(k) => (Some(k), &body[colon + 1..]),
                    None => (None, body),
                }
            }
            _ => (None, body),
        }
    };
    let value = text_of(rest).to_ascii_lowercase();
    match keyword {
        Some(_) if rest.is_empty() => None,
        Some(Keyword::Year) => match parse_years(&value) {
            Some((from, to)) => term(TermKind::Year { from, to }),
            None => as_text(),
        },
        Some(Keyword::Is) => match value.as_str() {
            "planned" => term(TermKind::Status(Status::Planned)),
            "followup" | "follow-up" => term(TermKind::Status(Status::FollowUp)),
            "done" => term(TermKind::Status(Status::Done)),
            "now" => term(TermKind::Now),
            "next" | "soon" => term(TermKind::Next),
            _ => as_text(),
        },
        Some(Keyword::Has) => match value.as_str() {
            "notes" | "note" => term(TermKind::HasNotes),
            _ => as_text(),
        },
        Some(Keyword::In) => match value.as_str() {
            "scratch" => term(TermKind::Scratch),
            _ => as_text(),
        },
        Some(Keyword::Day) => match super::when::parse_day(&value) {
            Some(day) => term(TermKind::Day(day)),
            None => as_text(),
        },
        Some(Keyword::Time) => match super::when::parse_time_range(&value) {
            Some((from, to)) => term(TermKind::TimeOfDay { from, to }),
            None => as_text(),
        },
        Some(Keyword::Text(scope)) => text_term(scope, rest).and_then(term),
        None => text_term(Scope::All, rest).and_then(term),
    }
}

/// `'x`, `^x`, `x$`, `^x$` around the text; None when nothing is left to search for.
fn text_term(scope: Scope, token: &[(char, bool)]) -> Option<TermKind> {
    let (mut mode, mut rest) = if is_op(token, 0, '\'') {
        (MatchMode::Exact, &token[1..])
    } else if is_op(token, 0, '^') {
        (MatchMode::Prefix, &token[1..])
    } else {
        (MatchMode::Fuzzy, token)
    };
    if !rest.is_empty() && is_op(rest, rest.len() - 1, '$') {
        rest = &rest[..rest.len() - 1];
        mode = if mode == MatchMode::Prefix {
            MatchMode::Whole
        } else {
            MatchMode::Suffix
        };
    }
    (!rest.is_empty()).then(|| text_kind(scope, mode, &text_of(rest)))
}

fn text_kind(scope: Scope, mode: MatchMode, text: &str) -> TermKind {
    TermKind::Text {
        scope,
        mode,
        pattern: Pattern::new(text),
    }
}

/// `2014`, `2012..2014`, `2012..`, `..2014` (a reversed range is put right).
fn parse_years(s: &str) -> Option<(i32, i32)> {
    let year = |t: &str| -> Option<i32> {
        (!t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())?
    };
    match s.split_once("..") {
        None => year(s).map(|y| (y, y)),
        Some(("", "")) => None,
        Some((a, "")) => year(a).map(|a| (a, i32::MAX)),
        Some(("", b)) => year(b).map(|b| (i32::MIN, b)),
        Some((a, b)) => {
            let (a, b) = (year(a)?, year(b)?);
            Some((a.min(b), a.max(b)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(scope: Scope, mode: MatchMode, s: &str) -> Term {
        Term {
            negated: false,
            kind: text_kind(scope, mode, s),
        }
    }

    fn one(q: &str) -> Term {
        let parsed = parse_query(q);
        assert_eq!(parsed.groups.len(), 1, "{q}: {parsed:?}");
        assert_eq!(parsed.groups[0].len(), 1, "{q}: {parsed:?}");
        parsed.groups[0][0].clone()
    }

    #[test]
    fn only_speaker_terms_scope_speakers() {
        for (q, yes) in [
            ("@guido", true),
            ("speaker:guido", true),
            ("title:x | !speakers:y", true),
            ("guido", false),
            ("title:guido year:2014", false),
            ("", false),
        ] {
            assert_eq!(parse_query(q).scopes_speakers(), yes, "{q}");
        }
    }

    #[test]
    fn plain_terms_are_and_groups() {
        let q = parse_query("  foo   bar ");
        assert_eq!(
            q.groups,
            vec![
                vec![text(Scope::All, MatchMode::Fuzzy, "foo")],
                vec![text(Scope::All, MatchMode::Fuzzy, "bar")]
            ]
        );
        assert!(parse_query("   ").is_empty());
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn operators() {
        assert_eq!(one("'word"), text(Scope::All, MatchMode::Exact, "word"));
        assert_eq!(one("^word"), text(Scope::All, MatchMode::Prefix, "word"));
        assert_eq!(one("word$"), text(Scope::All, MatchMode::Suffix, "word"));
        assert_eq!(one("^word$"), text(Scope::All, MatchMode::Whole, "word"));
        let mut neg = text(Scope::All, MatchMode::Fuzzy, "word");
        neg.negated = true;
        assert_eq!(one("!word"), neg);
        let mut neg = text(Scope::Tag, MatchMode::Prefix, "py");
        neg.negated = true;
        assert_eq!(one("!tag:^py"), neg);
    }

    #[test]
    fn or_groups_and_dangling_bars() {
        let q = parse_query("a | b c");
        assert_eq!(q.groups.len(), 2);
        assert_eq!(
            q.groups[0],
            vec![
                text(Scope::All, MatchMode::Fuzzy, "a"),
                text(Scope::All, MatchMode::Fuzzy, "b")
            ]
        );
        assert_eq!(
            parse_query("| a |").groups,
            vec![vec![text(Scope::All, MatchMode::Fuzzy, "a")]]
        );
        assert_eq!(parse_query("a | | b").groups[0].len(), 2);
        // `a|b` without spaces is one term, as in fzf.
        assert_eq!(one("a|b"), text(Scope::All, MatchMode::Fuzzy, "a|b"));
    }

    #[test]
    fn scopes() {
        assert_eq!(
            one("speaker:guido"),
            text(Scope::Speaker, MatchMode::Fuzzy, "guido")
        );
        assert_eq!(
            one("@guido"),
            text(Scope::Speaker, MatchMode::Fuzzy, "guido")
        );
        assert_eq!(
            one("title:'async"),
            text(Scope::Title, MatchMode::Exact, "async")
        );
        assert_eq!(
            one("conf:europy"),
            text(Scope::Conference, MatchMode::Fuzzy, "europy")
        );
        assert_eq!(one("Tag:rust"), text(Scope::Tag, MatchMode::Fuzzy, "rust"));
        assert_eq!(one("body:gil"), text(Scope::Body, MatchMode::Fuzzy, "gil"));
        assert_eq!(
            one("notes:todo"),
            text(Scope::Notes, MatchMode::Fuzzy, "todo")
        );
        // An unknown scope is just text.
        assert_eq!(
            one("http://x"),
            text(Scope::All, MatchMode::Fuzzy, "http://x")
        );
        // A scope with nothing after it is ignored while typing.
        assert!(parse_query("speaker: year:").is_empty());
    }

    #[test]
    fn years_and_marks() {
        assert_eq!(
            one("year:2014").kind,
            TermKind::Year {
                from: 2014,
                to: 2014
            }
        );
        assert_eq!(
            one("year:2012..2014").kind,
            TermKind::Year {
                from: 2012,
                to: 2014
            }
        );
        assert_eq!(
            one("year:2014..2012").kind,
            TermKind::Year {
                from: 2012,
                to: 2014
            }
        );
        assert_eq!(
            one("year:2012..").kind,
            TermKind::Year {
                from: 2012,
                to: i32::MAX
            }
        );
        assert_eq!(
            one("year:..2014").kind,
            TermKind::Year {
                from: i32::MIN,
                to: 2014
            }
        );
        assert_eq!(one("is:now").kind, TermKind::Now);
        assert_eq!(one("is:next").kind, TermKind::Next);
        assert_eq!(
            one("room:saal").kind,
            text_kind(Scope::Room, MatchMode::Fuzzy, "saal")
        );
        assert_eq!(
            one("track:^sec").kind,
            text_kind(Scope::Track, MatchMode::Prefix, "sec")
        );
        assert_eq!(
            one("lang:de").kind,
            text_kind(Scope::Language, MatchMode::Fuzzy, "de")
        );
        assert_eq!(
            one("day:2024-12-27").kind,
            TermKind::Day(DayTerm::Date(jiff::civil::date(2024, 12, 27)))
        );
        assert_eq!(one("day:Today").kind, TermKind::Day(DayTerm::Today));
        assert_eq!(one("day:tomorrow").kind, TermKind::Day(DayTerm::Tomorrow));
        assert_eq!(
            one("time:14:00..16:00").kind,
            TermKind::TimeOfDay {
                from: jiff::civil::time(14, 0, 0, 0),
                to: jiff::civil::time(16, 0, 0, 0)
            }
        );
        assert!(parse_query("is:now").depends_on_now());
        assert!(parse_query("a | !day:today").depends_on_now());
        assert!(!parse_query("day:2024-12-27 time:14:00").depends_on_now());
        assert_eq!(one("is:followup").kind, TermKind::Status(Status::FollowUp));
        assert_eq!(one("is:done").kind, TermKind::Status(Status::Done));
        assert_eq!(one("is:planned").kind, TermKind::Status(Status::Planned));
        assert_eq!(one("has:notes").kind, TermKind::HasNotes);
        assert_eq!(one("in:scratch").kind, TermKind::Scratch);
        let mut not_done = one("is:done");
        not_done.negated = true;
        assert_eq!(one("!is:done"), not_done);
    }

    #[test]
    fn malformed_pieces_become_text() {
        assert_eq!(
            one("year:20x4"),
            text(Scope::All, MatchMode::Fuzzy, "year:20x4")
        );
        assert_eq!(
            one("year:.."),
            text(Scope::All, MatchMode::Fuzzy, "year:..")
        );
        assert_eq!(
            one("is:maybe"),
            text(Scope::All, MatchMode::Fuzzy, "is:maybe")
        );
        assert_eq!(
            one("has:cake"),
            text(Scope::All, MatchMode::Fuzzy, "has:cake")
        );
        assert_eq!(
            one("day:someday"),
            text(Scope::All, MatchMode::Fuzzy, "day:someday")
        );
        assert_eq!(
            one("time:25:00"),
            text(Scope::All, MatchMode::Fuzzy, "time:25:00")
        );
        assert!(parse_query("! ^ ' $ ^$ !'").is_empty());
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            one("\"machine learning\""),
            text(Scope::All, MatchMode::Fuzzy, "machine learning")
        );
        assert_eq!(
            one("machine\\ learning"),
            text(Scope::All, MatchMode::Fuzzy, "machine learning")
        );
        assert_eq!(
            one("speaker:\"van rossum\""),
            text(Scope::Speaker, MatchMode::Fuzzy, "van rossum")
        );
        assert_eq!(
            one("\"unclosed quote"),
            text(Scope::All, MatchMode::Fuzzy, "unclosed quote")
        );
        // Quoted or escaped operators are plain characters.
        assert_eq!(one("\\!bang"), text(Scope::All, MatchMode::Fuzzy, "!bang"));
        assert_eq!(one("\"^x$\""), text(Scope::All, MatchMode::Fuzzy, "^x$"));
        assert_eq!(
            one("\"tag:x\""),
            text(Scope::All, MatchMode::Fuzzy, "tag:x")
        );
        assert_eq!(one("\\|"), text(Scope::All, MatchMode::Fuzzy, "|"));
        assert_eq!(
            one("trailing\\"),
            text(Scope::All, MatchMode::Fuzzy, "trailing\\")
        );
    }

    #[test]
    fn smart_case_and_folding() {
        let p = Pattern::new("Benoît");
        assert_eq!(p.lower, "benoit");
        assert_eq!(p.cased.as_deref(), Some("Benoit"));
        assert_eq!(Pattern::new("grün").cased, None);
    }

    #[test]
    fn narrowing_follows_typing() {
        let q = |s| parse_query(s);
        assert!(q("gru").narrows(&q("gr")));
        assert!(q("gr x").narrows(&q("gr")));
        assert!(q("grU").narrows(&q("gru")));
        assert!(q("'abc").narrows(&q("'ab")));
        assert!(q("^abc").narrows(&q("^ab")));
        assert!(q("gr").narrows(&q("")));
        assert!(!q("gr").narrows(&q("gru")));
        assert!(!q("abc$").narrows(&q("ab$")));
        assert!(!q("!abc").narrows(&q("!ab")));
        assert!(!q("a | b").narrows(&q("a")));
        assert!(q("a | bc").narrows(&q("a | b")));
        assert!(!q("year:2014").narrows(&q("year:201")));
        assert!(!q("gru").narrows(&q("gR")));
    }
}

#[cfg(test)]
mod readme_tests {
    /// The README's query table and the help are written from the same syntax: every keyword the help lists
    /// (`room:`, and each `is:…`, `has:…`, `in:…` value) is in the README too.
    #[test]
    fn the_readme_names_every_keyword_of_the_query_help() {
        let readme = include_str!("../../README.md");
        let mut missing = Vec::new();
        for (syntax, _) in super::QUERY_HELP {
            for token in syntax.split_whitespace().filter(|t| t.contains(':')) {
                let (key, _) = token.split_once(':').unwrap_or((token, ""));
                let wanted = match key {
                    "is" | "has" | "in" => token.to_string(),
                    _ => format!("{key}:"),
                };
                if !readme.contains(&wanted) {
                    missing.push(wanted);
                }
            }
        }
        assert!(missing.is_empty(), "README lacks {missing:?}");
    }
}
