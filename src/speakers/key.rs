//! The key two spellings of one person share: what makes "Benoit Chesneau", "Benoît Chesneau" (NFC or NFD),
//! "benoît chesneau" and "Carina C. Zona" / "Carina C Zona" one person each, and nothing looser: no initials
//! or nicknames, so "Carl Meyer" and "Christian Meyer" keep apart.
use crate::text::fold_char;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Characters dropped from a name: dots, quotes and apostrophes ("O'Brien" is "O’Brien" is "OBrien").
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '.' | '\''
            | '"'
            | '`'
            | '´'
            | '‘'
            | '’'
            | '‚'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
    )
}

/// Characters that separate words like a space: hyphens and dashes ("Jean-Paul" is "Jean Paul").
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '‐' | '‑' | '‒' | '–' | '—' | '\u{00a0}')
}

/// The normalised key of a name: NFC, accents and case folded, dots and quotes dropped, hyphens and runs of
/// white space made one space, ends trimmed. Empty for a name with nothing left ("..."): such a name is no one.
pub fn speaker_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    speaker_key_into(name, &mut out);
    out
}

/// `speaker_key` appended to `out`: a reused buffer spares an allocation per name on the indexing path.
pub fn speaker_key_into(name: &str, out: &mut String) {
    let start = out.len();
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if is_dropped(c) {
            return;
        }
        if is_separator(c) {
            space = out.len() > start;
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        push_folded(c, out);
    };
    if name.is_ascii() || is_nfc_quick(name.chars()) == IsNormalized::Yes {
        name.chars().for_each(|c| push(c, out));
    } else {
        name.nfc().for_each(|c| push(c, out));
    }
}

/// `c` folded: the project's table for Latin letters, else its canonical decomposition without the marks
/// ("ș" → "s"), lower-cased.
fn push_folded(c: char, out: &mut String) {
    let folded = fold_char(c);
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(one), None) if !one.is_ascii() => {
            let mut base = String::new();
            decompose_canonical(one, |d| {
                if !is_combining_mark(d) {
                    base.push(d);
                }
            });
            if base.is_empty() {
                return;
            }
            out.extend(base.chars().flat_map(char::to_lowercase));
        }
        _ => out.extend(folded.chars()),
    }
}

/// Whether `name` carries letters beyond ASCII (diacritics): the spelling preferred on a tie.
pub fn has_diacritics(name: &str) -> bool {
    !name.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_dots_and_normal_forms_fold_together() {
        let nfd = "Beno\u{0069}\u{0302}t Chesneau";
        for s in [
            "Benoit Chesneau",
            "Benoît Chesneau",
            "benoît  chesneau ",
            nfd,
        ] {
            assert_eq!(speaker_key(s), "benoit chesneau", "{s:?}");
        }
        assert_eq!(
            speaker_key("Guido Van Rossum"),
            speaker_key("Guido van Rossum")
        );
        assert_eq!(speaker_key("Carina C. Zona"), speaker_key("Carina C Zona"));
        assert_eq!(speaker_key("Jean-Paul O’Brien"), "jean paul obrien");
        assert_eq!(speaker_key("Jean Paul O'Brien"), "jean paul obrien");
        assert_eq!(speaker_key("Ștefan Ţiriac"), "stefan tiriac");
        assert_eq!(speaker_key("Αλέξανδρος"), "αλεξανδρος");
        assert_eq!(speaker_key(" ... "), "");
    }

    #[test]
    fn different_people_keep_different_keys() {
        let pairs = [
            ("Carl Meyer", "Christian Meyer"),
            ("Jack Bennett", "James Bennett"),
            ("C. Meyer", "Carl Meyer"),
            ("Alex Gaynor", "Alexander Gaynor"),
        ];
        for (a, b) in pairs {
            assert_ne!(speaker_key(a), speaker_key(b), "{a} / {b}");
        }
    }
}
