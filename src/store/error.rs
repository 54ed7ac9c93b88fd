//! Load problems, each with the file and (where there is one) the line and column.
use crate::text::escape_unsafe;
use std::path::PathBuf;

/// A problem found while loading one source; the other sources still load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
// File names and messages (which may quote a key from the file) are escaped: they are printed to a terminal.
#[error("{}{}: {}", escape_unsafe(&path.display().to_string()), position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(), escape_unsafe(message))]
pub struct LoadError {
    pub path: PathBuf,
    /// 1-based line and column.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl LoadError {
    /// An error for the whole file.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        LoadError {
            path: path.into(),
            position: None,
            message: message.into(),
        }
    }

    /// An error at byte `offset` of `text`.
    pub fn at(
        path: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        LoadError {
            path: path.into(),
            position: Some(line_col(text, offset)),
            message: message.into(),
        }
    }
}

/// The start of every line of a text, so that many positions in one big file cost a binary search each
/// (recounting from the start for every talk made a 50k-talk file take a minute).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`, as `line_col` gives them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// An error at byte `offset`.
    pub fn error(&self, path: &std::path::Path, offset: usize, message: String) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            position: Some(self.line_col(offset)),
            message,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `line_col` of many offsets in one pass over `text` while they ascend (a big one-line schedule has
/// hundreds of talks on line 1; counting from the start for each would be quadratic).
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(offsets.len());
    // (byte offset, line, column) reached so far.
    let (mut at, mut line, mut col) = (0usize, 1usize, 1usize);
    for &offset in offsets {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < at {
            (at, line, col) = (0, 1, 1);
        }
        for c in text[at..offset].chars() {
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        at = offset;
        out.push((line, col));
    }
    out
}

/// Decodes file bytes as UTF-8 (a leading BOM is dropped), or says where the first bad byte is.
pub fn decode_utf8(path: &std::path::Path, bytes: &[u8]) -> Result<String, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let (line, col) = line_col(&good, good.len());
            Err(LoadError {
                path: path.to_path_buf(),
                position: Some((line, col)),
                message: "not valid UTF-8 (save the file as UTF-8)".into(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_char_columns() {
        let text = "a\nbé c\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        assert_eq!(line_col(text, 5), (2, 3)); // after "bé"
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn many_positions_in_one_pass_agree_with_one_at_a_time() {
        let text = "ab\ncdé\n\nf";
        let offsets = [0, 1, 3, 6, 8, 9, 4, 999];
        let expected: Vec<_> = offsets.iter().map(|&o| line_col(text, o)).collect();
        assert_eq!(line_cols(text, &offsets), expected);
    }

    #[test]
    fn the_line_index_agrees_with_line_col() {
        let text = "a\nbé\n\nxyz\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn bad_utf8_is_located() {
        let err = decode_utf8(std::path::Path::new("x.toml"), b"ok\nab\xffcd").unwrap_err();
        assert_eq!(err.position, Some((2, 3)));
        assert_eq!(
            err.to_string(),
            "x.toml:2:3: not valid UTF-8 (save the file as UTF-8)"
        );
    }

    #[test]
    fn control_characters_in_names_and_messages_are_escaped() {
        let err = LoadError::at("a\x1b[2J.toml", "x", 0, "unknown field `\x1b]0;t\x07`");
        assert_eq!(
            err.to_string(),
            "a\\u{1b}[2J.toml:1:1: unknown field `\\u{1b}]0;t\\u{7}`"
        );
    }

    #[test]
    fn bom_is_accepted() {
        assert_eq!(
            decode_utf8(std::path::Path::new("x"), b"\xEF\xBB\xBFa=1").unwrap(),
            "a=1"
        );
    }
}
