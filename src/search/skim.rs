//! skim's fuzzy score (`fuzzy_matcher::skim::SkimMatcherV2`, case respected), computed without its
//! per-call costs: every keystroke scores the title of every candidate talk, and `SkimMatcherV2::fuzzy`
//! copies both strings into `char` vectors, allocates a bonus row and classifies each character twice.
//! Here one- and two-character patterns need no matrix at all, and longer ones run skim's own two-row
//! programme on the bytes of an ASCII title (on `char`s otherwise), in buffers kept per thread. The
//! property tests check every path against `SkimMatcherV2` itself; positions for highlighting still come
//! from it (only the drawn rows need them).
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Case is settled before the matcher sees the strings (both sides lower-case or both case-kept),
/// so it compares characters exactly.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

/// skim's positions of `needle` in `hay` (character indices), for highlighting.
pub(super) fn indices(hay: &str, needle: &str) -> Option<Vec<usize>> {
    MATCHER.fuzzy_indices(hay, needle).map(|(_, p)| p)
}

/// skim's score of `needle` in `hay`, or `None` when it is not a subsequence.
pub(super) fn score(hay: &str, needle: &str) -> Option<i64> {
    if !is_subsequence(hay.as_bytes(), needle.as_bytes()) {
        return None;
    }
    if let Some(c) = single_char(needle) {
        return skim_one_char(hay, c);
    }
    if let Some((a, b)) = two_chars(needle) {
        return skim_two_chars(hay, a, b);
    }
    SCRATCH.with_borrow_mut(|s| {
        if hay.is_ascii() && needle.is_ascii() {
            s.score(hay.as_bytes(), needle.as_bytes())
        } else {
            let (mut hay_chars, mut needle_chars) =
                (std::mem::take(&mut s.hay), std::mem::take(&mut s.needle));
            hay_chars.clear();
            hay_chars.extend(hay.chars());
            needle_chars.clear();
            needle_chars.extend(needle.chars());
            let score = s.score(&hay_chars, &needle_chars);
            (s.hay, s.needle) = (hay_chars, needle_chars);
            score
        }
    })
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

/// skim's "negative infinity" (`i16::MIN`, summed in `i32` as skim does).
const NEG: i32 = i16::MIN as i32;

/// One cell of skim's matrix: the best score ending in a match here (M), in a gap here (P), and the
/// consecutive bonus skim keeps beside them.
#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

/// A cell as a new `SkimMatcherV2` has it.
const FRESH: Cell = Cell {
    m: NEG,
    p: NEG,
    bonus: 0,
};

/// Buffers for [`Scratch::score`], kept per thread.
#[derive(Default)]
struct Scratch {
    rows: Vec<Cell>,
    bonus: Vec<i32>,
    first: Vec<usize>,
    hay: Vec<char>,
    needle: Vec<char>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl Scratch {
    /// `SkimMatcherV2::fuzzy` without positions, step for step: its two rows alternate, and a row reuses
    /// what the row two patterns back left in it (skim's left edge and consecutive bonus read those
    /// cells), so this keeps both rows whole rather than recomputing a tidier programme. A fresh matcher's
    /// cells are where skim's are fresh; skim's reused matrix can leave older values there, which only
    /// a pattern with repeated letters could ever read.
    fn score<T: Copy + PartialEq + Into<char>>(&mut self, hay: &[T], needle: &[T]) -> Option<i64> {
        // skim's `cheap_matches`: the first place of each needle character, in order.
        self.first.clear();
        let mut next = needle.iter().peekable();
        for (i, c) in hay.iter().enumerate() {
            match next.peek() {
                Some(&n) if n == c => {
                    self.first.push(i);
                    next.next();
                }
                Some(_) => {}
                None => break,
            }
        }
        if next.peek().is_some() {
            return None;
        }
        let cols = hay.len() + 1;
        self.bonus.clear();
        self.bonus.push(0);
        let mut prev = '\0';
        for &c in hay {
            let c = c.into();
            self.bonus.push(in_place_bonus(prev, c) as i32);
            prev = c;
        }
        if let Some(b) = self.bonus.get_mut(1) {
            *b *= FIRST_CHAR_MULTIPLIER as i32;
        }
        self.rows.clear();
        // Row 0 is the empty pattern: a gap everywhere (`gap_extension`).
        self.rows
            .extend(std::iter::repeat_n(Cell { p: -1, ..FRESH }, cols));
        self.rows.extend(std::iter::repeat_n(FRESH, cols));
        let (even, odd) = self.rows.split_at_mut(cols);
        for (i, &n) in needle.iter().enumerate() {
            let (row, above) = if i % 2 == 0 {
                (&mut *odd, &*even)
            } else {
                (&mut *even, &*odd)
            };
            for col in self.first[i] + 1..cols {
                let last = row[col - 1];
                if hay[col - 1] == n {
                    let diagonal = above[col - 1];
                    let in_place = self.bonus[col];
                    let consecutive = last.bonus.max(in_place.max(CONSECUTIVE));
                    row[col - 1].bonus = consecutive;
                    row[col].m = (diagonal.m + consecutive).max(diagonal.p + in_place) + MATCH;
                } else {
                    row[col].m = NEG;
                    row[col].bonus = 0;
                }
                row[col].p = (last.m + GAP_START + GAP_EXTENSION).max(last.p + GAP_EXTENSION);
            }
        }
        let last_row = if needle.len() % 2 == 1 { &*odd } else { &*even };
        let from = *self.first.last()?;
        last_row[from..].iter().map(|c| i64::from(c.m)).max()
    }
}

/// skim's default `SkimScoreConfig`.
const MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const CONSECUTIVE: i32 = 4;
const FIRST_CHAR_MULTIPLIER: i64 = 2;

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
    // Row one's M and P at the column before the current character (the first `a`'s column starts at -∞).
    let (mut m, mut p) = (NEG, NEG);
    let (mut seen_a, mut seen_b) = (false, false);
    let mut best: Option<i32> = None;
    let mut prev = '\0';
    for (i, c) in hay.chars().enumerate() {
        let mut bonus = in_place_bonus(prev, c) as i32;
        if i == 0 {
            bonus *= FIRST_CHAR_MULTIPLIER as i32;
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

#[inline]
fn char_kind(c: char) -> CharKind {
    // Looked up: this runs once per character of every title scored, and the `match` did not inline.
    ASCII_KINDS
        .get(c as usize)
        .copied()
        .unwrap_or(CharKind::Lower)
}

const ASCII_KINDS: [CharKind; 128] = {
    let mut kinds = [CharKind::Lower; 128];
    let mut i = 0;
    while i < 128 {
        kinds[i] = ascii_kind(i as u8 as char);
        i += 1;
    }
    kinds
};

const fn ascii_kind(c: char) -> CharKind {
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
#[inline]
fn in_place_bonus(prev: char, cur: char) -> i64 {
    match (char_kind(prev), char_kind(cur)) {
        (CharKind::Empty | CharKind::HardSep, _) => 8,
        (CharKind::SoftSep, _) => 7,
        (CharKind::Lower | CharKind::Number, CharKind::Upper) => 6,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
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

    /// A matcher with nothing left in its matrix from earlier calls (see `Scratch::score`).
    fn fresh(hay: &str, needle: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(hay, needle)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn longer_scores_equal_skims(
            hay in "[a-cA-C0-1 ./(_\\-ü]{0,40}",
            needle in "[a-cA-C0-1 ./_ü]{3,6}",
        ) {
            prop_assert_eq!(score(&hay, &needle), fresh(&hay, &needle), "{:?} in {:?}", needle, hay);
        }

        #[test]
        fn scores_equal_skims_on_titles(
            hay in "[a-z ]{0,12}(ches|chesneau|c h e s)?[a-z ,.:]{0,60}",
            needle in "ch|che|ches|chesn|chesneau|[a-e]{3,5}",
        ) {
            prop_assert_eq!(score(&hay, &needle), fresh(&hay, &needle), "{:?} in {:?}", needle, hay);
        }
    }

    /// Every short text and needle over a few letters, a capital and a space: the cases a random draw can
    /// miss (a consecutive bonus carried from a word start, runs of one letter).
    #[test]
    fn every_small_case_scores_as_skim_does() {
        let alphabet = ['a', 'b', 'A', ' '];
        let words = |max: usize| {
            let mut all = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..max {
                last = (last.iter())
                    .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                    .collect();
                all.extend(last.iter().cloned());
            }
            all
        };
        let needles: Vec<String> = words(4).into_iter().filter(|n| n.len() >= 3).collect();
        for hay in words(6) {
            for needle in &needles {
                assert_eq!(
                    score(&hay, needle),
                    fresh(&hay, needle),
                    "{needle:?} in {hay:?}"
                );
            }
        }
    }

    #[test]
    fn longer_scores_equal_skims_on_real_titles() {
        let titles = [
            "Parallelism Shootout: threads vs asyncio vs multiple processes",
            "So you want to be a full-stack developer? How to build a full-stack python web application",
            "Benoît Chesneau",
            "benoît chesneau",
            "HTTP/2: Because The Web Was Too Easy",
            "Ünïcödé in Python 3 — what changed",
            "",
        ];
        for t in titles {
            for needle in [
                "che",
                "ches",
                "chesneau",
                "Che",
                "pyt",
                "ünï",
                "full-stack",
                "ssss",
                "http/2",
            ] {
                assert_eq!(score(t, needle), fresh(t, needle), "{needle:?} in {t:?}");
            }
        }
        assert!(score("benoît chesneau", "ches").is_some());
        assert_eq!(score("abc", "abd"), None);
    }
}
