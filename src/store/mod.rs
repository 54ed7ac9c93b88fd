//! The talk store: bundled talks plus the user's talk directories, loaded and checked.
mod error;
mod model;
pub mod toml_doc;

pub use error::{LoadError, decode_utf8, line_col};
pub use model::{Link, Talk, is_iso_date, is_slug, slugify};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where talks come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The talk documents embedded in the binary.
    Bundled,
    /// A directory (searched recursively for `*.toml`) or a single file.
    Path(PathBuf),
}

/// Talks and warnings from one file: the unit in which loading reports progress.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// The file the talks came from.
    pub path: PathBuf,
    pub talks: Vec<Talk>,
    /// Line and column of each talk in `path`, where known (for duplicate-id messages).
    pub positions: Vec<Option<(usize, usize)>>,
    pub warnings: Vec<LoadError>,
}

/// All loaded talks, in load order, with every problem met on the way.
#[derive(Debug, Default)]
pub struct Store {
    pub talks: Vec<Talk>,
    pub warnings: Vec<LoadError>,
    index: HashMap<String, usize>,
}

impl Store {
    /// Loads every source in order; problems become warnings, never failures.
    pub fn load(sources: &[Source]) -> Store {
        let mut store = Store::default();
        load_sources(sources, |batch| store.add_batch(batch));
        store
    }

    /// A store of the given talks (tests, benchmarks).
    pub fn from_talks(talks: Vec<Talk>) -> Store {
        let mut store = Store::default();
        store.add_batch(Batch {
            talks,
            ..Batch::default()
        });
        store
    }

    /// Adds one batch; a talk whose id is already taken is dropped with a warning.
    pub fn add_batch(&mut self, batch: Batch) {
        self.warnings.extend(batch.warnings);
        for (i, talk) in batch.talks.into_iter().enumerate() {
            if self.index.contains_key(&talk.id) {
                self.warnings.push(LoadError {
                    path: batch.path.clone(),
                    position: batch.positions.get(i).copied().flatten(),
                    message: format!(
                        "duplicate id {:?} ({}); the first one is kept",
                        talk.id, talk.title
                    ),
                });
                continue;
            }
            self.index.insert(talk.id.clone(), self.talks.len());
            self.talks.push(talk);
        }
    }

    /// The talk with this id.
    pub fn get(&self, id: &str) -> Option<&Talk> {
        self.index.get(id).map(|&i| &self.talks[i])
    }

    /// Position of the talk with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// The bundled documents as (name, text).
pub fn bundled_documents() -> &'static [(&'static str, &'static str)] {
    bundled::BUNDLED
}

/// Loads each source, handing every file's batch to `sink` as soon as it is parsed.
pub fn load_sources(sources: &[Source], mut sink: impl FnMut(Batch)) {
    for source in sources {
        match source {
            Source::Bundled => {
                for (name, text) in bundled_documents() {
                    sink(parse_text(
                        &PathBuf::from(format!("<bundled>/{name}")),
                        text,
                    ));
                }
            }
            Source::Path(path) => load_path(path, &mut sink),
        }
    }
}

fn load_path(path: &Path, sink: &mut impl FnMut(Batch)) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return sink(error_batch(LoadError::file(
                path,
                format!("cannot read: {e}"),
            )));
        }
    };
    if meta.is_file() {
        return sink(load_file(path));
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    collect_toml_files(path, &mut files, &mut errors);
    if !errors.is_empty() {
        sink(Batch {
            path: path.to_path_buf(),
            warnings: errors,
            ..Batch::default()
        });
    }
    files.sort();
    for file in files {
        sink(load_file(&file));
    }
}

fn collect_toml_files(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return errors.push(LoadError::file(dir, format!("cannot read directory: {e}"))),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
            // Hidden directories (.git, .cache) hold no talks.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect_toml_files(&path, files, errors);
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

/// Loads one talk document from disk.
pub fn load_file(path: &Path) -> Batch {
    match std::fs::read(path) {
        Ok(bytes) => match decode_utf8(path, &bytes) {
            Ok(text) => parse_text(path, &text),
            Err(e) => error_batch(e),
        },
        Err(e) => error_batch(LoadError::file(path, format!("cannot read: {e}"))),
    }
}

fn parse_text(path: &Path, text: &str) -> Batch {
    match toml_doc::parse_document(path, text) {
        Ok(p) => Batch {
            path: path.to_path_buf(),
            positions: p.offsets.iter().map(|&o| Some(line_col(text, o))).collect(),
            talks: p.talks,
            warnings: p.warnings,
        },
        Err(e) => error_batch(e),
    }
}

fn error_batch(e: LoadError) -> Batch {
    Batch {
        path: e.path.clone(),
        warnings: vec![e],
        ..Batch::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_talks_load_cleanly_and_are_complete() {
        let store = Store::load(&[Source::Bundled]);
        assert!(store.warnings.is_empty(), "{:#?}", store.warnings);
        assert!(
            store.talks.len() >= 30,
            "only {} bundled talks",
            store.talks.len()
        );
        for t in &store.talks {
            assert!(
                !t.title.is_empty() && !t.conference.is_empty() && t.year > 1990,
                "{t:?}"
            );
            let all = [&t.title, &t.body, &t.conference]
                .into_iter()
                .chain(&t.speakers)
                .chain(&t.tags);
            for s in all {
                assert!(
                    !s.chars()
                        .any(|c| crate::text::is_unsafe_char(c) && c != '\n'),
                    "control char in {}",
                    t.id
                );
            }
        }
    }

    #[test]
    fn a_broken_file_does_not_stop_the_others() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.toml"),
            "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"ok\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            "[conference]\nname = \"B\"\nyear = \n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("c.toml"),
            b"[conference]\nname = \"\xff\"\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("d.toml")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a talk").unwrap();
        let store = Store::load(&[Source::Path(dir.path().to_path_buf())]);
        assert_eq!(store.talks.len(), 1);
        assert_eq!(store.warnings.len(), 2, "{:#?}", store.warnings);
        assert!(
            store.warnings[0].to_string().contains("b.toml:3:"),
            "{}",
            store.warnings[0]
        );
        assert!(
            store.warnings[1]
                .to_string()
                .contains("c.toml:2:9: not valid UTF-8"),
            "{}",
            store.warnings[1]
        );
    }

    #[test]
    fn duplicate_ids_keep_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let doc = "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"same\"\n";
        std::fs::write(dir.path().join("a.toml"), doc).unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            doc.replace("same\"", "same\"\nbody = \"2\""),
        )
        .unwrap();
        let store = Store::load(&[Source::Path(dir.path().to_path_buf())]);
        assert_eq!(store.talks.len(), 1);
        assert_eq!(store.talks[0].body, "");
        assert!(
            store.warnings[0]
                .message
                .contains("duplicate id \"a-2020/same\"")
        );
        assert!(
            store.warnings[0]
                .to_string()
                .contains("b.toml:4:1: duplicate"),
            "{}",
            store.warnings[0]
        );
    }

    #[test]
    fn missing_path_is_reported() {
        let store = Store::load(&[Source::Path("/nonexistent/confnotes".into())]);
        assert!(store.talks.is_empty());
        assert!(
            store.warnings[0]
                .to_string()
                .starts_with("/nonexistent/confnotes: cannot read")
        );
    }
}
