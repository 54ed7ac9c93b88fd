//! Scoring a name against one typed word with the same fuzzy scorer and smart case as talk fields: what the
//! speaker list ranks people by.
use super::field::{Needle, field_score};
use super::fold::{Folded, fold_keep_case};
use super::query::MatchMode;

/// The fuzzy score of `word` in `name` (accents folded; an upper-case letter in `word` makes it case-sensitive),
/// or `None` when it does not match.
pub fn name_score(name: &str, word: &str) -> Option<i64> {
    NameQuery::new(word).score(&[FoldedName::new(name)])
}

/// A name folded once, to be scored against many queries (the speaker view re-ranks on every keystroke).
#[derive(Debug, Clone)]
pub struct FoldedName(Folded);

impl FoldedName {
    /// Folds `name` (accents, case) for matching.
    pub fn new(name: &str) -> FoldedName {
        FoldedName(Folded::short(name))
    }
}

/// A typed query for names: each whitespace-separated word must match one of a person's names.
pub struct NameQuery {
    words: Vec<Needle>,
}

impl NameQuery {
    /// Prepares `query`'s words (smart case per word, as in the talk filter).
    pub fn new(query: &str) -> NameQuery {
        let words = query
            .split_whitespace()
            .map(|word| {
                let lower = crate::text::fold(word);
                let cased = word
                    .chars()
                    .any(char::is_uppercase)
                    .then(|| fold_keep_case(word));
                Needle::new(&lower, cased.as_deref())
            })
            .collect();
        NameQuery { words }
    }

    /// Whether the query has no words (everyone matches, unscored).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The sum over words of the best score among `names`; `None` when some word matches none of them.
    pub fn score(&self, names: &[FoldedName]) -> Option<i64> {
        self.words
            .iter()
            .map(|w| {
                (names.iter())
                    .filter_map(|n| field_score(&n.0, w, MatchMode::Fuzzy, true))
                    .max()
            })
            .sum()
    }
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
