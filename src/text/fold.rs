//! Text folded for matching: case and accents dropped, in every script.

/// Folds one character for accent- and case-insensitive matching: "É" → "e", "ß" → "ss", "Ø" → "o".
/// A table for Latin-1 and Latin Extended-A (fast, and the letters that do not decompose); every other
/// character is lower-cased and loses its accents through Unicode decomposition (`strip_marks`).
pub fn fold_char(c: char) -> FoldedChar {
    if c.is_ascii() {
        return FoldedChar::One(c.to_ascii_lowercase());
    }
    let s = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            "e"
        }
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => {
            "i"
        }
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => {
            // A capital may only show after decomposition ("𝒫" has no lower case, its NFKD "P" has).
            return FoldedChar::One(lower_of(strip_marks(lower_of(c))));
        }
    };
    FoldedChar::Str(s)
}

/// The single lower-case form of `c`, or `c` when it has none or several.
fn lower_of(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `c` without its accents, for every script: the one base character of its compatibility decomposition
/// (NFKD) once combining marks are dropped ("ệ" → "e", "ά" → "α", "й" → "и", "ș" → "s", "ｆ" → "f").
/// A character that decomposes into several letters ("ﬁ") or not at all stays as it is; the letters that
/// do not decompose (ß, æ, ø, ł, đ, þ) are in `fold_char`'s table.
fn strip_marks(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut bases = std::iter::once(c).nfkd().filter(|&d| !is_combining_mark(d));
    match (bases.next(), bases.next()) {
        (Some(base), None) => base,
        _ => c,
    }
}

/// The result of `fold_char`: one character or a short ASCII string ("ss", "ae").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldedChar {
    One(char),
    Str(&'static str),
}

impl FoldedChar {
    /// The folded characters.
    pub fn chars(self) -> impl Iterator<Item = char> {
        let (one, s) = match self {
            FoldedChar::One(c) => (Some(c), ""),
            FoldedChar::Str(s) => (None, s),
        };
        one.into_iter().chain(s.chars())
    }
}

/// Folds a whole string (see `fold_char`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.extend(fold_char(c).chars());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_in_every_script_and_undecomposable_letters_by_table() {
        for (text, folded) in [
            ("Ελληνικά Άρης", "ελληνικα αρης"),
            ("Йога Ёлка", "иога елка"),
            ("Nguyễn Thị Ệ", "nguyen thi e"),
            ("Ștefan Țara ǍǏ", "stefan tara ai"),
            ("ｆｕｌｌ", "full"),
            ("𝒫ython ＦＵＬＬ", "python full"),
            (
                "Straße Æsir Øre Łódź Đorđe Þór",
                "strasse aesir ore lodz dorde thor",
            ),
            ("ﬁ 日本", "ﬁ 日本"),
        ] {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn folding_is_accent_and_case_insensitive() {
        assert_eq!(fold("Benoît Gründemann"), "benoit grundemann");
        assert_eq!(fold("Straße ØRSTED Łódź"), "strasse orsted lodz");
    }
}
