//! Field text folded once at load: lower-cased and accent-free for matching, with what is needed to
//! honour smart case and to map matches back to the original characters.
use crate::text::fold_char;

/// Bits in the bigram filter of a long text (1024: a 700-byte body sets about a quarter of them).
const GRAM_BITS: usize = 1024;
/// Texts shorter than this are searched directly: the filter would cost more than it saves.
const GRAM_MIN_LEN: usize = 96;

/// `fold`, but a capital stays a capital ("Benoît" → "Benoit"): what a case-sensitive term is compared with.
pub fn fold_keep_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let upper = c.is_uppercase();
        out.extend(fold_char(c).chars().map(|f| if upper { upper_of(f) } else { f }));
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
    let mut mask = 0u64;
    for c in s.chars() {
        mask |= match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            c if c.is_ascii() => 0,
            c => 1 << (36 + c as u32 % 28),
        };
    }
    mask
}

/// The filter bit of the byte pair `a b`.
pub fn gram_bit(a: u8, b: u8) -> usize {
    ((u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1) >> 22) as usize % GRAM_BITS
}

/// How a folded text keeps its capitals, for case-sensitive terms.
#[derive(Debug)]
pub enum Case {
    /// No capitals: the case-kept form equals `lower`.
    Same,
    /// Short fields: the case-kept form itself (the fuzzy matcher needs a string).
    Kept(Box<str>),
    /// Long texts: one bit per byte of `lower`, set where the original was a capital (a copy would
    /// double the memory of the bodies).
    Bits(Box<[u64]>),
}

/// One field's text, folded.
#[derive(Debug)]
pub struct Folded {
    /// Accents folded, lower-cased.
    pub lower: Box<str>,
    pub case: Case,
    /// Original character index of each character of `lower`; None when they are one to one
    /// (only "ß", "æ", "œ", "þ" expand).
    pub map: Option<Box<[u32]>>,
    /// `char_mask(lower)`.
    pub mask: u64,
    /// Byte-bigram filter of long texts.
    pub grams: Option<Box<[u64; GRAM_BITS / 64]>>,
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

    /// Whether the capital bit is set for byte `i` of `lower` (long texts).
    pub fn upper_bit(&self, i: usize) -> bool {
        match &self.case {
            Case::Bits(bits) => bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1),
            _ => false,
        }
    }

    /// Whether every bit in `bits` is set in the bigram filter (true when there is no filter).
    pub fn may_contain_grams(&self, bits: &[u16]) -> bool {
        match &self.grams {
            Some(g) => bits.iter().all(|&b| g[usize::from(b) / 64] >> (b % 64) & 1 == 1),
            None => true,
        }
    }

    /// The original character index of folded character `i`.
    pub fn original_char(&self, i: usize) -> usize {
        match &self.map {
            Some(map) => map.get(i).map_or(i, |&o| o as usize),
            None => i,
        }
    }
}

fn fold_field(s: &str, long: bool) -> Folded {
    let mut lower = String::with_capacity(s.len());
    let mut kept = String::new();
    let mut bits: Vec<u64> = Vec::new();
    let mut map: Option<Vec<u32>> = None;
    let mut folded_chars = 0usize;
    let mut any_upper = false;
    for (i, c) in s.chars().enumerate() {
        let upper = c.is_uppercase();
        let mut n = 0;
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
            n += 1;
        }
        if n != 1 && map.is_none() {
            // Everything before the first expansion was one to one.
            map = Some((0..folded_chars as u32).collect());
        }
        if let Some(m) = map.as_mut() {
            m.extend(std::iter::repeat_n(i as u32, n));
        }
        folded_chars += n;
    }
    let case = match (any_upper, long) {
        (false, _) => Case::Same,
        (true, false) => Case::Kept(kept.into_boxed_str()),
        (true, true) => Case::Bits(bits.into_boxed_slice()),
    };
    let grams = (long && lower.len() >= GRAM_MIN_LEN).then(|| {
        let mut g = Box::new([0u64; GRAM_BITS / 64]);
        for w in lower.as_bytes().windows(2) {
            let b = gram_bit(w[0], w[1]);
            g[b / 64] |= 1 << (b % 64);
        }
        g
    });
    Folded {
        mask: char_mask(&lower),
        lower: lower.into_boxed_str(),
        case,
        map: map.map(Vec::into_boxed_slice),
        grams,
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
        assert_eq!(fold_keep_case("Benoît Gründemann ÆSIR straße"), "Benoit Grundemann AESIR strasse");
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
        assert!(Folded::short("plain").map.is_none());
    }

    #[test]
    fn long_texts_mark_capitals_per_byte() {
        let f = Folded::long("aÉb");
        assert_eq!(&*f.lower, "aeb");
        assert_eq!((f.upper_bit(0), f.upper_bit(1), f.upper_bit(2)), (false, true, false));
        let g = Folded::long("Дa");
        assert_eq!((g.upper_bit(0), g.upper_bit(1), g.upper_bit(2)), (true, true, false));
    }

    #[test]
    fn gram_filter_is_a_necessary_condition() {
        let text = "the quick brown fox jumps over the lazy dog ".repeat(4);
        let f = Folded::long(&text);
        assert!(f.grams.is_some());
        let bits = |p: &str| -> Vec<u16> { p.as_bytes().windows(2).map(|w| gram_bit(w[0], w[1]) as u16).collect() };
        assert!(f.may_contain_grams(&bits("lazy dog")));
        assert!(!f.may_contain_grams(&bits("zqxjv")));
    }
}
