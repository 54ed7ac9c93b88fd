//! Matching one term against one folded field: fuzzy with skim in short fields, substrings
//! elsewhere, with smart case, and the matched positions for highlighting.
use super::fold::{Case, Folded, char_mask, gram_hash};
use super::query::MatchMode;
use memchr::memmem::Finder;
use std::ops::Range;

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

impl Needle {
    /// Whether a mask that lets the needle through proves a substring match: a lone lower-case ASCII letter
    /// or digit, whose class bit is its own (see `fold::char_bit`), matched ignoring case.
    fn decided_by_mask(&self) -> bool {
        self.cased.is_none() && matches!(self.lower.as_bytes(), [b] if b.is_ascii_alphanumeric())
    }

    /// Whether a field with character-class mask `mask` may hold the needle (`Folded::mask`).
    pub fn may_be_in(&self, mask: u64) -> bool {
        mask & self.mask == self.mask
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
    unplaced_score(chars) + boundary
}

/// `exact_score` without the word-start bonus.
fn unplaced_score(chars: usize) -> i64 {
    20 * chars as i64 - 4
}

/// The best score of the needle in one field, if it matches. Short fields match fuzzily in `Fuzzy` mode.
pub fn field_score(field: &Folded, needle: &Needle, mode: MatchMode, short: bool) -> Option<i64> {
    if field.mask & needle.mask != needle.mask {
        return None;
    }
    if short && mode == MatchMode::Fuzzy {
        let v = view(field, needle);
        return super::skim::score(v.hay, v.needle);
    }
    // A one-letter term in a long text: the mask answers without reading the text (a body is a mapped
    // range, and at 200k talks reading where each body's first "c" is paged in most of the cache file).
    // Its score leaves out the word-start bonus, which would need that place, wherever it is matched. A
    // mask of every bit set answers nothing (`Folded::body_for_one_scan` sets it so): the text is read.
    if !short && matches!(mode, MatchMode::Fuzzy | MatchMode::Exact) && needle.decided_by_mask() {
        let found = field.mask != u64::MAX || first_occurrence(field, needle, mode).is_some();
        return found.then(|| unplaced_score(needle.chars));
    }
    let at = first_occurrence(field, needle, mode)?;
    Some(exact_score(view(field, needle).hay, at, needle.chars))
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
        match super::skim::indices(v.hay, v.needle) {
            Some(positions) => positions.into_iter().map(|p| p..p + 1).collect(),
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
mod original_text_tests {
    use super::*;
    use crate::search::fold::fold_keep_case;
    use crate::store::Body;
    use proptest::prelude::*;

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
            let text = Body::from(hay.as_str());
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
        let body = Body::from("Benoît talks about gevent");
        let f = Folded::body(&body);
        assert!(!matches!(f.case, Case::Original(_)));
        assert!(field_score(&f, &needle("benoit"), MatchMode::Fuzzy, false).is_some());
    }

    #[test]
    fn a_one_letter_term_scores_a_body_alike_wherever_the_letter_is() {
        let score = |body: &str, term: &str| {
            let body = Body::from(body.repeat(8));
            let fields = [Folded::body(&body), Folded::body_for_one_scan(&body)];
            fields.map(|f| field_score(&f, &needle(term), MatchMode::Fuzzy, false))
        };
        let (start, inside) = ("cats and dogs, ", "a tomcat and dogs, ");
        assert_eq!(score(start, "c"), score(inside, "c"));
        assert_eq!(score(start, "c"), [Some(16); 2]);
        assert_eq!(score("dogs only, ", "c"), [None; 2]);
        // Longer terms, and a capital (case-sensitive), still get the bonus of a word start.
        assert!(score(start, "ca")[0] > score(inside, "ca")[0]);
        assert!(score("Cats, ", "C")[0] > score("TomCats, ", "C")[0]);
    }

    #[test]
    fn a_shared_body_costs_no_copy_and_honours_case() {
        let body = Body::from("The GIL and the gil: Python's Global Interpreter Lock. ".repeat(3));
        let f = Folded::body(&body);
        assert!(f.lower.is_empty(), "no lower-cased copy");
        assert!(
            matches!(&f.case, Case::Original(text) if text.as_ptr() == body.as_ptr()),
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
