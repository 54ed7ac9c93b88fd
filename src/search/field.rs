//! Matching one term against one folded field: fuzzy with skim in short fields, substrings
//! elsewhere, with smart case, and the matched positions for highlighting.
use super::fold::{Case, Folded, char_mask, gram_hash};
use super::query::MatchMode;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem::Finder;
use std::ops::Range;
use std::sync::LazyLock;

/// Case is settled before the matcher sees the strings (both sides lower-case or both case-kept),
/// so it compares characters exactly.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

/// At most this many highlighted ranges per long text.
const MAX_RANGES: usize = 64;

/// A term's text ready for matching: both case forms, filters and substring finders.
#[derive(Clone)]
pub struct Needle {
    lower: Box<str>,
    cased: Option<Box<str>>,
    /// Per byte of `lower`: whether the case-kept form has a capital there (case-sensitive terms).
    upper: Box<[bool]>,
    chars: usize,
    mask: u64,
    grams: Box<[u32]>,
    find_lower: Finder<'static>,
    find_cased: Option<Finder<'static>>,
}

impl Needle {
    /// Prepares a folded term text (`cased`: its case-kept form, when case-sensitive).
    pub fn new(lower: &str, cased: Option<&str>) -> Needle {
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
            grams: lower
                .as_bytes()
                .windows(2)
                .map(|w| gram_hash(w[0], w[1]))
                .collect(),
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
    /// `hay` is an original ASCII text with its capitals and `needle` lower case: compare ignoring case.
    ignore_case: bool,
}

fn view<'a>(field: &'a Folded, needle: &'a Needle) -> View<'a> {
    let lower = View {
        hay: &field.lower,
        needle: &needle.lower,
        finder: &needle.find_lower,
        check_bits: false,
        ignore_case: false,
    };
    match (&needle.cased, &needle.find_cased, &field.case) {
        (Some(c), Some(finder), Case::Original(text)) => View {
            hay: text,
            needle: c,
            finder,
            check_bits: false,
            ignore_case: false,
        },
        (_, _, Case::Original(text)) => View {
            hay: text,
            ignore_case: true,
            ..lower
        },
        (Some(c), Some(finder), Case::Kept(kept)) => View {
            hay: kept,
            needle: c,
            finder,
            check_bits: false,
            ignore_case: false,
        },
        (Some(c), Some(finder), Case::Same) => View {
            needle: c,
            finder,
            ..lower
        },
        (Some(_), _, Case::Bits(_)) => View {
            check_bits: true,
            ..lower
        },
        _ => lower,
    }
}

/// Whether the capitals of `field` at byte `at` are those of the needle.
fn case_fits(field: &Folded, needle: &Needle, v: &View, at: usize) -> bool {
    !v.check_bits
        || needle
            .upper
            .iter()
            .enumerate()
            .all(|(k, &u)| field.upper_bit(at + k) == u)
}

/// The first byte offset where the needle occurs in the field with the right case (the hot path).
fn first_occurrence(field: &Folded, needle: &Needle, mode: MatchMode) -> Option<usize> {
    let v = view(field, needle);
    if v.ignore_case {
        return first_ignoring_case(&v, field, needle, mode);
    }
    let fits = |at: &usize| case_fits(field, needle, &v, *at);
    match mode {
        MatchMode::Prefix => v.hay.starts_with(v.needle).then_some(0).filter(fits),
        MatchMode::Suffix => v
            .hay
            .ends_with(v.needle)
            .then(|| v.hay.len() - v.needle.len())
            .filter(fits),
        MatchMode::Whole => (v.hay == v.needle).then_some(0).filter(fits),
        MatchMode::Fuzzy | MatchMode::Exact if !field.may_contain_grams(&needle.grams) => None,
        MatchMode::Fuzzy | MatchMode::Exact if v.check_bits => {
            overlapping(v.finder, v.hay.as_bytes()).find(fits)
        }
        MatchMode::Fuzzy | MatchMode::Exact => v.finder.find(v.hay.as_bytes()),
    }
}

/// `first_occurrence` in an original ASCII text, ignoring case.
fn first_ignoring_case(
    v: &View,
    field: &Folded,
    needle: &Needle,
    mode: MatchMode,
) -> Option<usize> {
    let (hay, n) = (v.hay.as_bytes(), v.needle.as_bytes());
    let at = |i: usize| {
        hay.get(i..i + n.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(n))
    };
    match mode {
        MatchMode::Prefix => at(0).then_some(0),
        MatchMode::Suffix => hay.len().checked_sub(n.len()).filter(|&i| at(i)),
        MatchMode::Whole => (hay.len() == n.len() && at(0)).then_some(0),
        MatchMode::Fuzzy | MatchMode::Exact if !field.may_contain_grams(&needle.grams) => None,
        MatchMode::Fuzzy | MatchMode::Exact => find_ignoring_case(hay, n, v.finder, 0),
    }
}

/// Lower-cased a piece at a time for [`find_ignoring_case`]: big enough that the overlap between pieces
/// (a needle's length) costs little, small enough to stay in L1.
const PIECE: usize = 1024;

/// The first `at >= from` where lower-case `needle` (found by `finder`) occurs in `hay` ignoring ASCII
/// case. When the needle's rarest byte is rare in prose, its places (either case, `memchr2`) are the
/// candidates, each checked whole; otherwise candidates would come every few bytes, and lower-casing
/// the hay a piece at a time for `memmem` is faster. A needle with non-ASCII bytes never matches an ASCII
/// hay, as it should.
fn find_ignoring_case(hay: &[u8], needle: &[u8], finder: &Finder, from: usize) -> Option<usize> {
    let Some((k, &b)) = needle
        .iter()
        .enumerate()
        .min_by_key(|&(_, &b)| commonness(b))
    else {
        return (from <= hay.len()).then_some(from);
    };
    if commonness(b) < COMMON || needle.len() > PIECE / 2 {
        return find_by_rare_byte(hay, needle, (k, b), from);
    }
    let mut piece = [0u8; PIECE];
    let mut start = from;
    while start + needle.len() <= hay.len() {
        let end = (start + PIECE).min(hay.len());
        let lower = &mut piece[..end - start];
        lower.copy_from_slice(&hay[start..end]);
        lower.make_ascii_lowercase();
        if let Some(i) = finder.find(lower) {
            return Some(start + i);
        }
        if end == hay.len() {
            break;
        }
        // The next piece starts early enough to hold an occurrence that straddles the two.
        start = end + 1 - needle.len();
    }
    None
}

/// `find_ignoring_case` by the places of the needle's byte `b` (at `k` in it).
fn find_by_rare_byte(hay: &[u8], needle: &[u8], (k, b): (usize, u8), from: usize) -> Option<usize> {
    let (lower, upper) = (b, b.to_ascii_uppercase());
    let mut i = from + k;
    while i < hay.len() {
        let rest = &hay[i..];
        let found = i + if lower == upper {
            memchr::memchr(lower, rest)?
        } else {
            memchr::memchr2(lower, upper, rest)?
        };
        let at = found - k;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = found + 1;
    }
    None
}

/// From this `commonness` on, a byte is too common to anchor a search (the letters from "m" on, about
/// 2.4% of prose and more).
const COMMON: u8 = 14;

/// How often byte `b` turns up in English prose, roughly (higher is more often): the letters by their
/// frequency, the space and the common punctuation above them, everything else rare.
fn commonness(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b"zqxjkvbpygfwmucldrhsnioate";
    match b {
        b' ' => 40,
        b'.' | b',' | b'\n' => 30,
        b'a'..=b'z' => BY_FREQUENCY
            .iter()
            .position(|&c| c == b)
            .map_or(0, |p| p as u8 + 2),
        _ => 1,
    }
}

/// Every occurrence, overlapping ones too (`find_iter` skips those): with capitals checked afterwards, "bB"
/// in "bbB" is the second "bb", which overlaps the first.
fn overlapping<'h>(finder: &'h Finder, hay: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(hay.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

/// Up to `limit` non-overlapping occurrences (byte offsets), for highlighting.
fn occurrences(field: &Folded, needle: &Needle, mode: MatchMode, limit: usize) -> Vec<usize> {
    let v = view(field, needle);
    let fits = |at: &usize| case_fits(field, needle, &v, *at);
    match mode {
        MatchMode::Fuzzy | MatchMode::Exact if v.ignore_case => {
            let (hay, n) = (v.hay.as_bytes(), v.needle.as_bytes());
            let mut found = Vec::new();
            let mut from = 0;
            while found.len() < limit
                && let Some(at) = find_ignoring_case(hay, n, v.finder, from)
            {
                found.push(at);
                from = at + n.len().max(1);
            }
            found
        }
        MatchMode::Fuzzy | MatchMode::Exact => {
            let mut found: Vec<usize> = Vec::new();
            for at in overlapping(v.finder, v.hay.as_bytes()).filter(fits) {
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
pub fn field_score(field: &Folded, needle: &Needle, mode: MatchMode, short: bool) -> Option<i64> {
    if field.mask & needle.mask != needle.mask {
        return None;
    }
    if short && mode == MatchMode::Fuzzy {
        let v = view(field, needle);
        if let Some(c) = single_char(v.needle) {
            return skim_one_char(v.hay, c);
        }
        if let Some((a, b)) = two_chars(v.needle) {
            return skim_two_chars(v.hay, a, b);
        }
        return is_subsequence(v.hay.as_bytes(), v.needle.as_bytes())
            .then(|| MATCHER.fuzzy_match(v.hay, v.needle))
            .flatten();
    }
    let at = first_occurrence(field, needle, mode)?;
    Some(exact_score(view(field, needle).hay, at, needle.chars))
}

/// The needle's one character, if it has exactly one.
fn single_char(needle: &str) -> Option<char> {
    let mut chars = needle.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// skim's score of a one-character pattern, without its matrix: the first keystroke scores nearly every
/// field, and this is most of its cost. For one character skim's best alignment is the best single
/// occurrence: `score_match` (16) plus a skip from the empty row (`gap_extension`, -1) plus that position's
/// in-place bonus (head 8, break 7, camel 6, else 0; doubled on the first character). The property test
/// `one_char_scores_equal_skims` checks this against `SkimMatcherV2` itself.
fn skim_one_char(hay: &str, c: char) -> Option<i64> {
    const FIRST_CHAR_MULTIPLIER: i64 = 2;
    let mut best: Option<i64> = None;
    let mut prev = '\0';
    for (i, h) in hay.chars().enumerate() {
        if h == c {
            let mut bonus = in_place_bonus(prev, h);
            if i == 0 {
                bonus *= FIRST_CHAR_MULTIPLIER;
            }
            let score = 15 + bonus;
            best = Some(best.map_or(score, |b| b.max(score)));
        }
        prev = h;
    }
    best
}

/// The needle's two characters, if it has exactly two.
fn two_chars(needle: &str) -> Option<(char, char)> {
    let mut chars = needle.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), Some(b), None) => Some((a, b)),
        _ => None,
    }
}

/// skim's score of a two-character pattern in one pass, without its matrix (the second keystroke also
/// scores nearly every field). skim's dynamic programme for two rows, as `SkimMatcherV2::fuzzy` runs it
/// without positions: row one holds, per column, the best score ending in a match of `a` (M) and of a gap
/// after one (P, gap start -3, extension -1); a match of `b` scores 16 plus the better of continuing M
/// (with the consecutive bonus, at least 4) or leaving P (with the position's bonus). Both start at the
/// first `a` and at the first `b` after it, as skim's do. The property test `two_char_scores_equal_skims`
/// checks it against `SkimMatcherV2` itself.
fn skim_two_chars(hay: &str, a: char, b: char) -> Option<i64> {
    const NEG: i32 = i16::MIN as i32;
    const FIRST_CHAR_MULTIPLIER: i32 = 2;
    // Row one's M and P at the column before the current character (the first `a`'s column starts at -∞).
    let (mut m, mut p) = (NEG, NEG);
    let (mut seen_a, mut seen_b) = (false, false);
    let mut best: Option<i32> = None;
    let mut prev = '\0';
    for (i, c) in hay.chars().enumerate() {
        let mut bonus = in_place_bonus(prev, c) as i32;
        if i == 0 {
            bonus *= FIRST_CHAR_MULTIPLIER;
        }
        if c == b && seen_a {
            seen_b = true;
        }
        if seen_b && c == b {
            let score = (m + bonus.max(4)).max(p + bonus) + 16;
            best = Some(best.map_or(score, |s| s.max(score)));
        }
        if seen_a || c == a {
            let next_m = if c == a { 15 + bonus } else { NEG };
            p = (m - 4).max(p - 1);
            m = next_m;
            seen_a = true;
        }
        prev = c;
    }
    best.map(i64::from)
}

/// skim's character classes (`fuzzy_matcher::skim::CharType`, private there).
#[derive(Clone, Copy, PartialEq)]
enum CharKind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_kind(c: char) -> CharKind {
    match c {
        '\0' => CharKind::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharKind::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharKind::SoftSep,
        '0'..='9' => CharKind::Number,
        'A'..='Z' => CharKind::Upper,
        _ => CharKind::Lower,
    }
}

/// skim's bonus for matching `cur` after `prev` (its `CharRole`: head, break, camel, tail).
fn in_place_bonus(prev: char, cur: char) -> i64 {
    match (char_kind(prev), char_kind(cur)) {
        (CharKind::Empty | CharKind::HardSep, _) => 8,
        (CharKind::SoftSep, _) => 7,
        (CharKind::Lower | CharKind::Number, CharKind::Upper) => 6,
        _ => 0,
    }
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
pub fn field_ranges(
    field: &Folded,
    needle: &Needle,
    mode: MatchMode,
    short: bool,
) -> Vec<Range<usize>> {
    if field.mask & needle.mask != needle.mask {
        return Vec::new();
    }
    let v = view(field, needle);
    let folded: Vec<Range<usize>> = if short && mode == MatchMode::Fuzzy {
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

#[cfg(test)]
mod one_char_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn one_char_scores_equal_skims(
            hay in "[a-cA-C0-2 ./(_\\-ü]{0,24}",
            c in "[a-cA-C0-2 ./_ü]",
        ) {
            let c = c.chars().next().unwrap();
            let skim = MATCHER.fuzzy_match(&hay, &c.to_string());
            prop_assert_eq!(skim_one_char(&hay, c), skim, "{:?} in {:?}", c, hay);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        #[test]
        fn two_char_scores_equal_skims(
            hay in "[a-cA-C0-1 ./(_\\-ü]{0,30}",
            pattern in "[a-cA-C0-1 ./_ü]{2}",
        ) {
            let mut chars = pattern.chars();
            let (a, b) = (chars.next().unwrap(), chars.next().unwrap());
            let skim = MATCHER.fuzzy_match(&hay, &pattern);
            prop_assert_eq!(skim_two_chars(&hay, a, b), skim, "{:?} in {:?}", pattern, hay);
        }
    }

    #[test]
    fn two_char_scores_equal_skims_on_real_titles() {
        let titles = [
            "Parallelism Shootout: threads vs asyncio vs multiple processes",
            "gevent: asynchronous I/O made easy",
            "So you want to be a full-stack developer? How to build a full-stack python web application",
            "Benoît Chesneau",
            "HTTP/2: Because The Web Was Too Easy",
            "",
            "c",
        ];
        for t in titles {
            for pattern in ["ch", "as", "yn", "Th", "  ", "/2", "zz", "ee", "üe"] {
                let mut chars = pattern.chars();
                let (a, b) = (chars.next().unwrap(), chars.next().unwrap());
                assert_eq!(
                    skim_two_chars(t, a, b),
                    MATCHER.fuzzy_match(t, pattern),
                    "{pattern:?} in {t:?}"
                );
            }
        }
    }

    #[test]
    fn one_char_scores_rank_heads_first() {
        assert_eq!(skim_one_char("abc", 'a'), MATCHER.fuzzy_match("abc", "a"));
        assert_eq!(skim_one_char("x.b", 'b'), MATCHER.fuzzy_match("x.b", "b"));
        assert_eq!(skim_one_char("xB", 'B'), MATCHER.fuzzy_match("xB", "B"));
        assert_eq!(skim_one_char("xyz", 'a'), None);
        assert!(skim_one_char("a b", 'b') > skim_one_char("ab", 'b'));
    }
}

#[cfg(test)]
mod original_text_tests {
    use super::*;
    use crate::search::fold::fold_keep_case;
    use proptest::prelude::*;
    use std::sync::Arc;

    /// A term as the query parser makes it: folded, and case-kept when it has a capital (smart case).
    fn needle(term: &str) -> Needle {
        let cased = term
            .chars()
            .any(char::is_uppercase)
            .then(|| fold_keep_case(term));
        Needle::new(&crate::text::fold(term), cased.as_deref())
    }

    const MODES: [MatchMode; 5] = [
        MatchMode::Fuzzy,
        MatchMode::Exact,
        MatchMode::Prefix,
        MatchMode::Suffix,
        MatchMode::Whole,
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        /// Matching an ASCII body on its original text (filtered or not) finds what matching its lower-cased copy finds:
        /// the same score, the same highlights, in every mode and for case-sensitive terms too.
        #[test]
        fn an_ascii_body_matches_on_its_original_as_on_a_folded_copy(
            hay in "[abAB .\\n]{0,40}|[a-zA-Z ,.]{90,200}",
            term in "[abAB .]{1,4}|[a-z]{1,3}",
        ) {
            let text: Arc<str> = Arc::from(hay.as_str());
            let shared = Folded::body(&text);
            prop_assert!(matches!(shared.case, Case::Original(_)));
            let folded = Folded::long(&hay);
            let n = needle(&term);
            // Without filters (the CLI's one scan), the same again.
            let unfiltered = Folded::body_for_one_scan(&text);
            for mode in MODES {
                prop_assert_eq!(
                    field_score(&unfiltered, &n, mode, false),
                    field_score(&folded, &n, mode, false)
                );
                prop_assert_eq!(
                    field_score(&shared, &n, mode, false),
                    field_score(&folded, &n, mode, false),
                    "{:?} {:?} in {:?}", mode, term, hay
                );
                prop_assert_eq!(
                    field_ranges(&shared, &n, mode, false),
                    field_ranges(&folded, &n, mode, false),
                    "{:?} {:?} in {:?}", mode, term, hay
                );
            }
        }
    }

    #[test]
    fn a_body_with_any_other_character_is_folded() {
        let body: Arc<str> = Arc::from("Benoît talks about gevent");
        let f = Folded::body(&body);
        assert!(!matches!(f.case, Case::Original(_)));
        assert!(field_score(&f, &needle("benoit"), MatchMode::Fuzzy, false).is_some());
    }

    #[test]
    fn a_shared_body_costs_no_copy_and_honours_case() {
        let body: Arc<str> =
            Arc::from("The GIL and the gil: Python's Global Interpreter Lock. ".repeat(3));
        let f = Folded::body(&body);
        assert!(f.lower.is_empty(), "no lower-cased copy");
        assert_eq!(
            Arc::strong_count(&body),
            2,
            "the index shares the talk's text"
        );
        let ranges = |t: &str| field_ranges(&f, &needle(t), MatchMode::Fuzzy, false);
        assert_eq!(ranges("GIL")[..2], [4..7, 59..62]);
        assert_eq!(ranges("gil")[..3], [4..7, 16..19, 59..62]);
        assert!(ranges("Gil").is_empty());
        assert_eq!(ranges("lock.").len(), 3);
        assert!(ranges("zebra").is_empty());
    }

    #[test]
    fn rare_bytes_anchor_the_search() {
        let find = |hay: &[u8], needle: &str, from| {
            find_ignoring_case(hay, needle.as_bytes(), &Finder::new(needle), from)
        };
        assert_eq!(find(b"xxAbZz", "bz", 0), Some(3));
        assert_eq!(find(b"QqQ", "qq", 1), Some(1));
        assert_eq!(find(b"ab", "abc", 0), None);
        assert_eq!(find(b"ab", "\u{e9}", 0), None);
        assert_eq!(find(b"ab", "", 2), Some(2));
    }

    #[test]
    fn common_needles_are_found_across_pieces() {
        let find = |hay: &[u8], needle: &str, from| {
            find_ignoring_case(hay, needle.as_bytes(), &Finder::new(needle), from)
        };
        // "the" anchors on no rare byte: the hay is lower-cased piece by piece.
        let mut hay = vec![b'x'; 3 * PIECE];
        for at in [PIECE - 2, 2 * PIECE - 1, 3 * PIECE - 3] {
            hay[at..at + 3].copy_from_slice(b"ThE");
        }
        assert_eq!(
            find(&hay, "the", 0),
            Some(PIECE - 2),
            "straddling the first two pieces"
        );
        assert_eq!(find(&hay, "the", PIECE), Some(2 * PIECE - 1));
        assert_eq!(
            find(&hay, "the", 2 * PIECE + 2),
            Some(3 * PIECE - 3),
            "at the very end"
        );
        assert_eq!(find(&hay, "the", 3 * PIECE - 2), None);
        assert_eq!(
            find(&hay[..3 * PIECE - 1], "the", 2 * PIECE),
            None,
            "cut short"
        );
    }
}
