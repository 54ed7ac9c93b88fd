//! Field text folded once at load: lower-cased and accent-free for matching, with what is needed to
//! honour smart case and to map matches back to the original characters.
//!
//! An ASCII body is not copied: folding it is only lower-casing, so matching compares it with the term
//! ignoring ASCII case, on the talk's own text (`Case::Original`). Bodies are most of a catalog's bytes
//! (69% of them ASCII in the pyvideo tree), and a lower-cased copy of each cost as much memory again.
use crate::store::Body;
use crate::text::fold_char;

/// Bits in the bigram filter of a long text: about one per byte of text (a third of them end up set),
/// within these bounds.
const GRAM_BITS: std::ops::RangeInclusive<usize> = 512..=16384;
/// Texts shorter than this are searched directly: the filter would cost more than it saves.
const GRAM_MIN_LEN: usize = 96;
/// `GRAM_BITS` in 64-bit words.
pub const GRAM_WORDS: std::ops::RangeInclusive<usize> =
    *GRAM_BITS.start() / 64..=*GRAM_BITS.end() / 64;

/// `fold`, but a capital stays a capital ("Benoît" → "Benoit"): what a case-sensitive term is compared with.
pub fn fold_keep_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let upper = c.is_uppercase();
        out.extend(
            fold_char(c)
                .chars()
                .map(|f| if upper { upper_of(f) } else { f }),
        );
    }
    out
}

/// The single upper-case form of `c`, or `c` when there is none.
fn upper_of(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// A bit per character class: a necessary condition for containment that costs one AND to test.
pub fn char_mask(s: &str) -> u64 {
    if s.is_ascii() {
        // Byte by byte through a table: folding every body at load spends most of its time here.
        return s
            .bytes()
            .fold(0, |mask, b| mask | ASCII_MASK[usize::from(b)]);
    }
    s.chars().fold(0, |mask, c| mask | char_bit(c))
}

/// `char_bit` of every ASCII byte.
const ASCII_MASK: [u64; 128] = {
    let mut table = [0u64; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = char_bit(b as u8 as char);
        b += 1;
    }
    table
};

/// The class bit of one character: a letter or digit its own, other ASCII none, the rest hashed.
const fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if c.is_ascii() => 0,
        c => 1 << (36 + c as u32 % 28),
    }
}

/// A hash of the byte pair `a b`; a filter of `bits` bits uses `gram_bit` of it.
pub fn gram_hash(a: u8, b: u8) -> u32 {
    (u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1)
}

/// The bit of a pair's hash in a filter of `bits` bits (a power of two up to 2^15).
fn gram_bit(hash: u32, bits: usize) -> usize {
    (hash >> 17) as usize & (bits - 1)
}

/// How a folded text keeps its capitals, for case-sensitive terms.
#[derive(Debug, Clone)]
pub enum Case {
    /// No capitals: the case-kept form equals `lower`.
    Same,
    /// Short fields: the case-kept form itself (the fuzzy matcher needs a string).
    Kept(Box<str>),
    /// Long texts: one bit per byte of `lower`, set where the original was a capital (a copy would
    /// double the memory of the bodies).
    Bits(Box<[u64]>),
    /// An ASCII long text kept as it is (shared with the talk), `lower` left empty: a lower-case term
    /// is compared with it ignoring ASCII case, a case-sensitive one exactly.
    Original(Body),
}

/// One field's text, folded.
#[derive(Debug, Clone)]
pub struct Folded {
    /// Accents folded, lower-cased.
    pub lower: Box<str>,
    pub case: Case,
    /// Where `lower` has more characters than the original (only "ß", "æ", "œ", "þ" expand): for
    /// each expanding character, its first folded index and the extra characters up to its end.
    pub expansions: Box<[(u32, u32)]>,
    /// `char_mask(lower)`.
    pub mask: u64,
    /// Byte-bigram filter of long texts (a power-of-two number of bits).
    pub grams: Option<Box<[u64]>>,
}

impl Folded {
    /// A short field (title, speaker, conference, tag).
    pub fn short(s: &str) -> Folded {
        fold_field(s, false)
    }

    /// A long text (body, personal notes).
    pub fn long(s: &str) -> Folded {
        fold_field(s, true)
    }

    /// `body` without the filters for an ASCII body (its mask lets every term through): for a single scan,
    /// which reads each body once anyway, computing them would only add a second pass (the CLI's `search`).
    pub fn body_for_one_scan(s: &Body) -> Folded {
        if !s.is_ascii() {
            return fold_field(s, true);
        }
        Folded::original(s, u64::MAX, None)
    }

    /// A talk's body: an ASCII one shared as it is (`Case::Original`), any other folded like `long`.
    pub fn body(s: &Body) -> Folded {
        if !s.is_ascii() {
            return fold_field(s, true);
        }
        let mask = s.bytes().fold(0, |mask, b| {
            mask | ASCII_MASK[usize::from(b.to_ascii_lowercase())]
        });
        let grams = (s.len() >= GRAM_MIN_LEN).then(|| gram_filter(s.as_bytes(), true));
        Folded::original(s, mask, grams)
    }

    /// ASCII text `s` kept as it is, with the filters given.
    pub(super) fn original(s: &Body, mask: u64, grams: Option<Box<[u64]>>) -> Folded {
        Folded {
            lower: Box::default(),
            mask,
            grams,
            case: Case::Original(s.clone()),
            expansions: Box::default(),
        }
    }

    /// Whether the capital bit is set for byte `i` of `lower` (long texts).
    pub fn upper_bit(&self, i: usize) -> bool {
        match &self.case {
            Case::Bits(bits) => bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1),
            _ => false,
        }
    }

    /// Whether every pair hash in `hashes` is set in the bigram filter (true when there is no filter).
    pub fn may_contain_grams(&self, hashes: &[u32]) -> bool {
        match &self.grams {
            Some(g) => hashes.iter().all(|&h| {
                let bit = gram_bit(h, g.len() * 64);
                g[bit / 64] >> (bit % 64) & 1 == 1
            }),
            None => true,
        }
    }

    /// The original character index of folded character `i`.
    pub fn original_char(&self, i: usize) -> usize {
        let i = i as u32;
        // The last expansion starting at or before i.
        let after = self.expansions.partition_point(|&(start, _)| start <= i);
        let Some(at) = after.checked_sub(1) else {
            return i as usize;
        };
        let (start, extra_through) = self.expansions[at];
        let extra_before = at.checked_sub(1).map_or(0, |p| self.expansions[p].1);
        let len = extra_through - extra_before + 1;
        let original = if i < start + len {
            start - extra_before
        } else {
            i - extra_through
        };
        original as usize
    }
}

fn fold_field(s: &str, long: bool) -> Folded {
    if s.is_ascii() {
        return fold_ascii(s, long);
    }
    let mut lower = String::with_capacity(s.len() + 8);
    let mut kept = if long {
        String::new()
    } else {
        String::with_capacity(s.len() + 8)
    };
    let mut bits: Vec<u64> = Vec::new();
    let mut expansions: Vec<(u32, u32)> = Vec::new();
    let (mut folded_chars, mut extra) = (0u32, 0u32);
    let mut any_upper = false;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        // A run of ASCII at once: most of a body with one curly quote is plain ASCII.
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if run > 0 {
            let (ascii, tail) = rest.split_at(run);
            let at = lower.len();
            for (k, b) in ascii.bytes().enumerate() {
                if b.is_ascii_uppercase() {
                    any_upper = true;
                    if long {
                        set_bits(&mut bits, at + k, 1);
                    }
                }
            }
            lower.push_str(ascii);
            lower[at..].make_ascii_lowercase();
            if !long {
                kept.push_str(ascii);
            }
            folded_chars += run as u32;
            rest = tail;
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let upper = c.is_uppercase();
        let start = folded_chars;
        for f in fold_char(c).chars() {
            let at = lower.len();
            lower.push(f);
            let u = if upper { upper_of(f) } else { f };
            if !long {
                kept.push(u);
            } else if u != f {
                set_bits(&mut bits, at, f.len_utf8());
            }
            any_upper |= u != f;
            folded_chars += 1;
        }
        if folded_chars - start > 1 {
            extra += folded_chars - start - 1;
            expansions.push((start, extra));
        }
    }
    let case = match (any_upper, long) {
        (false, _) => Case::Same,
        (true, false) => Case::Kept(kept.into_boxed_str()),
        (true, true) => Case::Bits(bits.into_boxed_slice()),
    };
    finish(lower, case, expansions, long)
}

/// The common case, byte by byte: `fold_char` of ASCII is `to_ascii_lowercase`.
fn fold_ascii(s: &str, long: bool) -> Folded {
    let lower = s.to_ascii_lowercase();
    let case = if !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Case::Same
    } else if long {
        let mut bits = vec![0u64; s.len().div_ceil(64)];
        for (i, b) in s.bytes().enumerate() {
            bits[i / 64] |= u64::from(b.is_ascii_uppercase()) << (i % 64);
        }
        Case::Bits(bits.into_boxed_slice())
    } else {
        Case::Kept(s.into())
    };
    finish(lower, case, Vec::new(), long)
}

fn finish(lower: String, case: Case, expansions: Vec<(u32, u32)>, long: bool) -> Folded {
    let grams = (long && lower.len() >= GRAM_MIN_LEN).then(|| gram_filter(lower.as_bytes(), false));
    Folded {
        mask: char_mask(&lower),
        lower: lower.into_boxed_str(),
        case,
        expansions: expansions.into_boxed_slice(),
        grams,
    }
}

/// The byte-bigram filter of a long text, of its ASCII-lower-cased bytes when `lower_case` (a text
/// matched on its original).
fn gram_filter(text: &[u8], lower_case: bool) -> Box<[u64]> {
    let bits = text
        .len()
        .next_power_of_two()
        .clamp(*GRAM_BITS.start(), *GRAM_BITS.end());
    let mut g = vec![0u64; bits / 64].into_boxed_slice();
    // Two copies of the loop, so neither tests `lower_case` per byte (this is a third of folding a body).
    if lower_case {
        set_grams(&mut g, text, |b| b.to_ascii_lowercase());
    } else {
        set_grams(&mut g, text, |b| b);
    }
    g
}

/// Sets the bit of each pair of consecutive bytes of `text`, each byte mapped once by `map`.
fn set_grams(g: &mut [u64], text: &[u8], map: impl Fn(u8) -> u8) {
    let (words, bits) = (g.len(), g.len() * 64);
    let Some((&first, rest)) = text.split_first() else {
        return;
    };
    let mut a = map(first);
    for &b in rest {
        let b = map(b);
        let bit = gram_bit(gram_hash(a, b), bits);
        // `bit < bits`, so the index is in range; `min` lets the compiler drop the bounds check.
        g[(bit / 64).min(words - 1)] |= 1 << (bit % 64);
        a = b;
    }
}

fn set_bits(bits: &mut Vec<u64>, from: usize, len: usize) {
    for i in from..from + len {
        if bits.len() <= i / 64 {
            bits.resize(i / 64 + 1, 0);
        }
        bits[i / 64] |= 1 << (i % 64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_case_and_folds_accents() {
        assert_eq!(
            fold_keep_case("Benoît Gründemann ÆSIR straße"),
            "Benoit Grundemann AESIR strasse"
        );
        let f = Folded::short("Benoît");
        assert_eq!(&*f.lower, "benoit");
        assert!(matches!(&f.case, Case::Kept(k) if &**k == "Benoit"));
        assert!(matches!(Folded::short("grün").case, Case::Same));
    }

    #[test]
    fn maps_expanded_characters_back() {
        let f = Folded::short("Straße x");
        assert_eq!(&*f.lower, "strasse x");
        // "strasse x": s t r a s s e ␠ x → original S t r a ß ß e ␠ x
        let back: Vec<usize> = (0..9).map(|i| f.original_char(i)).collect();
        assert_eq!(back, vec![0, 1, 2, 3, 4, 4, 5, 6, 7]);
        assert!(Folded::short("plain").expansions.is_empty());
        let g = Folded::long("ßæx Þy");
        assert_eq!(&*g.lower, "ssaex thy");
        let back: Vec<usize> = (0..9).map(|i| g.original_char(i)).collect();
        assert_eq!(back, vec![0, 0, 1, 1, 2, 3, 4, 4, 5]);
    }

    #[test]
    fn long_texts_mark_capitals_per_byte() {
        let f = Folded::long("aÉb");
        assert_eq!(&*f.lower, "aeb");
        assert_eq!(
            (f.upper_bit(0), f.upper_bit(1), f.upper_bit(2)),
            (false, true, false)
        );
        let g = Folded::long("Дa");
        assert_eq!(
            (g.upper_bit(0), g.upper_bit(1), g.upper_bit(2)),
            (true, true, false)
        );
    }

    #[test]
    fn gram_filter_is_a_necessary_condition() {
        let text = "the quick brown fox jumps over the lazy dog ".repeat(4);
        let f = Folded::long(&text);
        assert!(f.grams.is_some());
        let bits = |p: &str| -> Vec<u32> {
            p.as_bytes()
                .windows(2)
                .map(|w| gram_hash(w[0], w[1]))
                .collect()
        };
        assert!(f.may_contain_grams(&bits("lazy dog")));
        assert!(!f.may_contain_grams(&bits("zqxjv")));
    }
}
