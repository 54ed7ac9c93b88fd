//! Folded bodies in the load cache: a warm start reads them back instead of folding every body again
//! (folding was over a quarter of a warm 22k-talk start). The cache keeps the bytes opaque, beside the
//! batch they were made from, under its checksum; this module alone knows their shape.
//!
//! A record that does not fit its talk (another count, a non-ASCII body stored as ASCII, a filter of
//! the wrong size, expansions out of order) makes the whole batch fold afresh: a cache is never trusted
//! past what can be checked cheaply, and nothing here can panic on bad bytes.
use super::fold::{Case, Folded, GRAM_WORDS};
use super::index::PreparedBody;
use crate::store::Body;
use crate::store::Talk;
use serde::{Deserialize, Serialize};

/// One body as stored.
#[derive(Serialize, Deserialize)]
struct BodyRecord<'a> {
    mask: u64,
    /// The bigram filter's words, little-endian.
    #[serde(borrow)]
    grams: Option<&'a [u8]>,
    /// None: an ASCII body matched on the talk's own text (`Case::Original`).
    #[serde(borrow)]
    folded: Option<FoldedRecord<'a>>,
}

#[derive(Serialize, Deserialize)]
struct FoldedRecord<'a> {
    lower: &'a str,
    /// `Case::Bits` words, little-endian; None for `Case::Same`.
    #[serde(borrow)]
    upper: Option<&'a [u8]>,
    expansions: Vec<(u32, u32)>,
}

/// The folded bodies of `talks`, encoded (what the load cache keeps beside their batch).
pub fn encode_bodies(talks: &[Talk]) -> Vec<u8> {
    let folded: Vec<Folded> = talks.iter().map(|t| Folded::body(&t.body)).collect();
    // The filters' words as bytes, owned here while the records borrow them.
    let words: Vec<[Option<Vec<u8>>; 2]> = folded
        .iter()
        .map(|f| {
            let upper = match &f.case {
                Case::Bits(bits) => Some(le_bytes(bits)),
                _ => None,
            };
            [f.grams.as_deref().map(le_bytes), upper]
        })
        .collect();
    let records: Vec<BodyRecord> = folded
        .iter()
        .zip(&words)
        .map(|(f, [grams, upper])| BodyRecord {
            mask: f.mask,
            grams: grams.as_deref(),
            folded: (!matches!(f.case, Case::Original(_))).then(|| FoldedRecord {
                lower: &f.lower,
                upper: upper.as_deref(),
                expansions: f.expansions.to_vec(),
            }),
        })
        .collect();
    // Only a length beyond u32 could fail here; no bodies are then kept and the next start folds them.
    postcard::to_stdvec(&records).unwrap_or_default()
}

/// The bodies `encode_bodies(talks)` stored in `bytes`; None when they do not fit `talks`.
pub fn decode_bodies(bytes: &[u8], talks: &[Talk]) -> Option<Vec<PreparedBody>> {
    let records: Vec<BodyRecord> = postcard::from_bytes(bytes).ok()?;
    if records.len() != talks.len() {
        return None;
    }
    records
        .into_iter()
        .zip(talks)
        .map(|(r, t)| decode_one(r, &t.body).map(PreparedBody::from_folded))
        .collect()
}

fn decode_one(record: BodyRecord, body: &Body) -> Option<Folded> {
    let grams = match record.grams {
        Some(bytes) => {
            let words = words_of(bytes)?;
            GRAM_WORDS.contains(&words.len()).then_some(())?;
            words.len().is_power_of_two().then_some(())?;
            Some(words)
        }
        None => None,
    };
    let Some(folded) = record.folded else {
        // Matching on the original assumes ASCII (byte offsets are character offsets).
        return body
            .is_ascii()
            .then(|| Folded::original(body, record.mask, grams));
    };
    let expansions = folded.expansions.into_boxed_slice();
    // `original_char` subtracts along the list: starts must rise and the extras add up.
    let ordered = expansions
        .windows(2)
        .all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
        && expansions.first().is_none_or(|&(_, extra)| extra > 0);
    // Highlights map folded characters back into the body: the two must have the same length.
    let extra = expansions.last().map_or(0, |&(_, extra)| extra as usize);
    if !ordered || folded.lower.chars().count() != body.char_count() + extra {
        return None;
    }
    let case = match folded.upper {
        Some(bytes) => Case::Bits(words_of(bytes)?),
        None => Case::Same,
    };
    Some(Folded {
        lower: folded.lower.into(),
        case,
        expansions,
        mask: record.mask,
        grams,
    })
}

fn le_bytes(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

fn words_of(bytes: &[u8]) -> Option<Box<[u64]>> {
    let chunks = bytes.chunks_exact(8);
    if !chunks.remainder().is_empty() {
        return None;
    }
    Some(
        chunks
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{NoNotes, SearchIndex};

    fn talk(body: &str) -> Talk {
        Talk {
            id: "x".into(),
            title: "T".into(),
            body: body.into(),
            ..Talk::default()
        }
    }

    fn bodies() -> Vec<Talk> {
        let long = "Straße Æsir Ünïcode — ".repeat(20);
        let ascii = "The Quick brown FOX and the lazy dog. ".repeat(10);
        ["", "short", "Ünï", &long, &ascii]
            .into_iter()
            .map(talk)
            .collect()
    }

    #[test]
    fn decoded_bodies_search_exactly_like_freshly_folded_ones() {
        let talks = bodies();
        let decoded = decode_bodies(&encode_bodies(&talks), &talks).unwrap();
        let mut from_cache = SearchIndex::default();
        for (t, b) in talks.iter().zip(decoded) {
            from_cache.push_prepared(t, b);
        }
        let fresh = SearchIndex::new(&talks);
        for q in [
            "strasse", "Æsir", "aesir", "unicode", "FOX", "fox", "lazy dog", "'ß",
        ] {
            let (a, b) = (from_cache.search(q, &NoNotes), fresh.search(q, &NoNotes));
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "query {q}");
        }
    }

    #[test]
    fn bodies_that_do_not_fit_their_talks_are_refused() {
        let talks = bodies();
        let bytes = encode_bodies(&talks);
        assert!(
            decode_bodies(&bytes, &talks[1..]).is_none(),
            "another count"
        );
        let mut changed = talks.clone();
        // The ASCII body became non-ASCII: it can no longer be matched on the original.
        changed[4] = talk(&"Ünï ".repeat(40));
        assert!(decode_bodies(&bytes, &changed).is_none());
        assert!(decode_bodies(&bytes[..bytes.len() / 2], &talks).is_none());
        assert!(decode_bodies(b"\xff\xff\xff", &talks).is_none());
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let talks = bodies();
        let bytes = encode_bodies(&talks);
        for i in 0..bytes.len() {
            for flip in [1u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                if let Some(decoded) = decode_bodies(&b, &talks) {
                    let mut index = SearchIndex::default();
                    for (t, body) in talks.iter().zip(decoded) {
                        index.push_prepared(t, body);
                    }
                    index.search("ae straße fox", &NoNotes);
                }
            }
        }
    }
}
