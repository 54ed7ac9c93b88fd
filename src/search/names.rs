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
}
