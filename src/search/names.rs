//! Scoring a name against one typed word with the same fuzzy scorer and smart case as talk fields: what the
//! speaker list ranks people by.
use super::field::{Needle, field_score};
use super::fold::{Folded, fold_keep_case};
use super::query::Mode;

/// The fuzzy score of `word` in `name` (accents folded; an upper-case letter in `word` makes it case-sensitive),
/// or `None` when it does not match.
pub fn name_score(name: &str, word: &str) -> Option<i64> {
    let lower = crate::text::fold(word);
    let cased = word
        .chars()
        .any(char::is_uppercase)
        .then(|| fold_keep_case(word));
    let needle = Needle::new(&lower, cased.as_deref());
    field_score(&Folded::short(name), &needle, Mode::Fuzzy, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_fuzzily_without_accents_and_with_smart_case() {
        assert!(name_score("Benoît Chesneau", "benoit").is_some());
        assert!(name_score("Benoît Chesneau", "bchsn").is_some());
        assert!(name_score("Benoît Chesneau", "Benoit").is_some());
        assert!(name_score("benoît chesneau", "Benoit").is_none());
        assert!(name_score("Guido van Rossum", "gaynor").is_none());
        assert!(name_score("Guido", "guido") > name_score("Gaius Ulysses Ido", "guido"));
    }

    #[test]
    fn speaker_terms_match_aliases_and_plain_terms_do_not() {
        use crate::search::{NoNotes, SearchIndex};
        use crate::store::Talk;
        let talks = vec![
            Talk {
                title: "Green unicorn".into(),
                speakers: vec!["Benoit Chesneau".into()],
                ..Talk::default()
            },
            Talk {
                title: "Other".into(),
                speakers: vec!["Alex Gaynor".into()],
                ..Talk::default()
            },
        ];
        let mut index = SearchIndex::new(&talks);
        let found = |index: &SearchIndex, q: &str| -> Vec<usize> {
            index.search(q, &NoNotes).iter().map(|h| h.index).collect()
        };
        // Exact terms: fuzzily, "benoitc" is in "Benoit Chesneau" anyway.
        assert!(found(&index, "@'benoitc").is_empty());
        index.set_aliases(0, &["Benoît Chesneau", "benoitc"]);
        assert_eq!(found(&index, "@'benoitc"), vec![0]);
        assert_eq!(found(&index, "speaker:'benoitc"), vec![0]);
        assert!(found(&index, "'benoitc").is_empty());
        let hits = index.search("@'benoitc", &NoNotes);
        assert_eq!(hits[0].highlights.speakers, vec![Vec::<usize>::new()]);
    }
}
