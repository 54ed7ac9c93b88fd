//! A talk's notes text: owned, or a range of a mapped load-cache file.
//!
//! Bodies are most of a catalog's bytes (about 220 MB of a 200k-talk one). Served from the load cache,
//! each is a range of the cache file mapped read-only rather than a copy on the heap, so only the bodies
//! something reads (the detail pane, a body term's scan) are ever paged in, and the kernel may drop them
//! again under pressure: they are clean pages of a file, not heap.
//!
//! The mapping is sound while nothing rewrites the file in place: confnotes never does (a cache file is
//! written to a temporary beside it and renamed over it, and an unlinked file stays mapped), and the file
//! is the user's own, created mode 0600 in their cache directory. The bytes were checked (CRC) and decoded
//! as UTF-8 from the same file before any range of them is handed out. What this cannot survive is another
//! program truncating the file in place while confnotes runs: the next read of a body past the new end
//! would stop it (SIGBUS), as it would any program reading a mapped file.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// The text; derefs to `str`.
#[derive(Clone)]
pub struct Body(Repr);

#[derive(Clone)]
enum Repr {
    /// The empty text, without an allocation (many catalog talks have no description).
    Empty,
    Owned(Arc<str>),
    Mapped(Mapped),
}

#[derive(Clone)]
struct Mapped {
    file: Arc<memmap2::Mmap>,
    start: usize,
    len: u32,
    /// Counted when the range was made, so that asking (the search index does, for every body at a
    /// start) does not page the text in.
    chars: u32,
}

impl Body {
    /// `file[start..start + len]`, which the caller decoded as `text` (the same bytes read another way),
    /// or a copy of `text` when the range does not lie in `file`.
    fn mapped(file: &Arc<memmap2::Mmap>, start: usize, text: &str) -> Body {
        let fits = start
            .checked_add(text.len())
            .is_some_and(|end| end <= file.len());
        match u32::try_from(text.len()) {
            Ok(len) if fits && !text.is_empty() => Body(Repr::Mapped(Mapped {
                file: Arc::clone(file),
                start,
                len,
                // No more characters than bytes.
                chars: text.chars().count() as u32,
            })),
            _ => Body::from(text),
        }
    }

    /// `text`, a part of `bytes` that were read from a file at offset `at`, as a range of the file's
    /// mapping (when there is one); a copy when it is not a part of `bytes`.
    pub fn in_read_bytes(
        map: Option<&Arc<memmap2::Mmap>>,
        at: usize,
        bytes: &[u8],
        text: &str,
    ) -> Body {
        let offset = (text.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
        match map {
            Some(map) if offset <= bytes.len() && text.len() <= bytes.len() - offset => {
                Body::mapped(map, at + offset, text)
            }
            _ => Body::from(text),
        }
    }

    /// `str::is_ascii`, answered for a mapped text without reading it.
    pub fn is_ascii(&self) -> bool {
        match &self.0 {
            Repr::Empty => true,
            Repr::Owned(s) => s.is_ascii(),
            Repr::Mapped(m) => m.chars == m.len,
        }
    }

    /// `str::chars().count()`, answered for a mapped text without reading it.
    pub fn char_count(&self) -> usize {
        match &self.0 {
            Repr::Empty => 0,
            Repr::Owned(s) => s.chars().count(),
            Repr::Mapped(m) => m.chars as usize,
        }
    }

    /// Whether the text is a range of a mapped file (for tests and measurements).
    pub fn is_mapped(&self) -> bool {
        matches!(self.0, Repr::Mapped(_))
    }
}

impl std::ops::Deref for Body {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Empty => "",
            Repr::Owned(s) => s,
            Repr::Mapped(m) => {
                let bytes = &m.file[m.start..m.start + m.len as usize];
                // SAFETY: `mapped` took this range from a file whose bytes at it were decoded as UTF-8
                // (`text`), and the file is never written in place (see the module doc).
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }
}

impl AsRef<str> for Body {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Default for Body {
    fn default() -> Self {
        Body(Repr::Empty)
    }
}

impl From<&str> for Body {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            return Body::default();
        }
        Body(Repr::Owned(Arc::from(s)))
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body::from(s.as_str())
    }
}

impl PartialEq for Body {
    #[inline]
    fn eq(&self, other: &Body) -> bool {
        **self == **other
    }
}

impl Eq for Body {}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Body {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Body::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn map(bytes: &[u8]) -> Arc<memmap2::Mmap> {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        // SAFETY: a private temporary file nothing else can write.
        Arc::new(unsafe { memmap2::Mmap::map(&file) }.unwrap())
    }

    #[test]
    fn a_mapped_body_reads_as_its_range_and_equals_an_owned_one() {
        let file = map("head Ünï body tail".as_bytes());
        let body = Body::mapped(&file, 5, "Ünï body");
        assert!(body.is_mapped());
        assert_eq!(&*body, "Ünï body");
        assert!(!body.is_ascii());
        assert_eq!(body.char_count(), 8);
        assert_eq!(body, Body::from("Ünï body"));
        assert_eq!(format!("{body:?}"), format!("{:?}", "Ünï body"));
        assert_eq!(
            serde_json::to_string(&body.clone()).unwrap(),
            "\"Ünï body\""
        );
        assert!(Body::mapped(&file, 0, "head").is_ascii());
    }

    #[test]
    fn text_read_from_bytes_maps_to_its_place_in_the_file() {
        let file = map(b"0123456789");
        let read = b"3456".to_vec();
        let text = std::str::from_utf8(&read[1..3]).unwrap();
        let body = Body::in_read_bytes(Some(&file), 3, &read, text);
        assert!(body.is_mapped());
        assert_eq!(&*body, "45");
        // Not a part of the bytes, or no mapping: a copy.
        assert!(!Body::in_read_bytes(Some(&file), 3, &read, "45").is_mapped());
        assert!(!Body::in_read_bytes(None, 3, &read, text).is_mapped());
    }

    #[test]
    fn a_range_outside_the_file_or_empty_is_copied_instead() {
        let file = map(b"short");
        for (start, text) in [(3, "too long"), (usize::MAX - 2, "abc"), (0, "")] {
            let body = Body::mapped(&file, start, text);
            assert!(!body.is_mapped());
            assert_eq!(&*body, text);
        }
    }
}
