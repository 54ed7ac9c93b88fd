//! The talk store: bundled talks plus the user's talk directories, loaded and checked.
mod body;
pub mod cache;
mod error;
pub mod merge;
mod model;
pub mod parallel;
pub mod pyvideo;
pub mod schedule;
pub mod toml_doc;

pub use body::Body;
pub use error::{LineIndex, LoadError, decode_utf8, line_col, line_cols};
pub use model::{Link, Moment, Schedule, ScheduleSlot, Talk, is_iso_date, is_slug, slugify};

/// foldhash rather than SipHash: these maps take every talk's id at a load (seeded per process still).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// `v.push(item)`, but a full `v` grows by a quarter rather than doubling: the store's and the search
/// index's vectors of every talk are the biggest blocks a load makes (61 and 71 MB at 200k talks), and
/// doubling left up to half of each unused. The reallocation of a block that size moves pages, not bytes.
pub fn push_growing_by_a_quarter<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() {
        v.reserve_exact((v.len() / 4).max(64));
    }
    v.push(item);
}

/// Where talks come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The talk documents embedded in the binary.
    Bundled,
    /// A directory (searched recursively for `*.toml` documents and pyvideo conference folders) or a single file.
    Path(PathBuf),
    /// Made-up talks (`synth::synth_talks`), for tests of the binary on a catalog too big to keep as files:
    /// `CONFNOTES_SYNTH_TALKS=N` in a build with the `synth` feature (the tests' build; never a release).
    #[cfg(feature = "synth")]
    Synthetic(usize),
}

/// Talks and warnings from one file or pyvideo conference folder: the unit in which loading reports progress.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// The file the talks came from.
    pub path: PathBuf,
    pub talks: Vec<Talk>,
    /// Line and column of each talk in `path`, where known (for duplicate-id messages).
    pub positions: Vec<Option<(usize, usize)>>,
    pub warnings: Vec<LoadError>,
    /// The conference's own first and last days (ISO dates), when the document gives them: a catalog date
    /// outside them never fills a missing date.
    pub days: Option<(String, String)>,
}

/// What one `Store::add_batch` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchAdded {
    /// The store position of the first appended talk (the store's length before the batch).
    pub from: usize,
    /// The batch positions of the talks appended at `from..`, in order.
    pub appended: Vec<usize>,
    /// Talks already in the store before this batch whose fields a merge changed, ascending.
    pub changed: Vec<usize>,
}

/// All loaded talks, in load order, with every problem met on the way.
#[derive(Debug, Default)]
pub struct Store {
    pub talks: Vec<Talk>,
    pub warnings: Vec<LoadError>,
    /// How many loaded talks were the same talk as one loaded earlier, and were folded into it (see `merge`).
    pub merged: usize,
    /// Positions in `talks` by the talk's id, compared on the talk's own id (a copy of every id as a map
    /// key was 16-22 MB at 200k talks). Each entry keeps its id's hash, so growing the table reads no
    /// talk: re-hashing every id from its talk cost ~80 ms of a 200k load, a cache miss or two apiece
    /// (the hash costs 8 bytes a slot, ~2 MB at 200k).
    ids: hashbrown::HashTable<(u64, usize)>,
    /// Ids of talks merged into an earlier one → that talk's position.
    aliases: HashMap<String, usize>,
    hasher: foldhash::fast::RandomState,
    twins: merge::TwinFinder,
}

impl Store {
    /// Loads every source in order; problems become warnings, never failures.
    pub fn load(sources: &[Source]) -> Store {
        let mut store = Store::default();
        load_sources(sources, |batch| {
            store.add_batch(batch);
        });
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

    /// Adds one batch. A talk whose id is already taken is dropped with a warning; a talk that is the same as
    /// one from an earlier batch is folded into it (`merged` counts them) and its id leads to the earlier talk.
    /// Talks already in the store never move, so positions stay valid while batches stream in.
    /// Says which talks were appended and which earlier ones merges changed (indexes over the store follow).
    pub fn add_batch(&mut self, batch: Batch) -> BatchAdded {
        let Batch {
            path,
            talks,
            positions,
            warnings,
            days,
        } = batch;
        self.warnings.extend(warnings);
        if let (Some(days), Some(first)) = (days, talks.first()) {
            self.twins.set_days(&first.conference, first.year, days);
        }
        // Ids repeated inside the batch, found before the talks move (without copying every id).
        let mut seen = HashSet::with_capacity_and_hasher(talks.len(), Default::default());
        let repeated: Vec<bool> = talks.iter().map(|t| !seen.insert(t.id.as_str())).collect();
        drop(seen);
        let mut fresh = Vec::with_capacity(talks.len());
        let mut fresh_at = Vec::with_capacity(talks.len());
        let mut added = BatchAdded {
            from: self.talks.len(),
            appended: Vec::with_capacity(talks.len()),
            changed: Vec::new(),
        };
        let mut merged_by_id = Vec::new();
        for (i, talk) in talks.into_iter().enumerate() {
            let taken = self.position(&talk.id);
            if repeated[i] || taken.is_some_and(|t| !merge::same_talk(&self.talks[t], &talk)) {
                self.warnings.push(LoadError {
                    path: path.clone(),
                    position: positions.get(i).copied().flatten(),
                    message: format!(
                        "duplicate id {:?} ({}); the first one is kept",
                        talk.id, talk.title
                    ),
                });
                continue;
            }
            match taken {
                // The same talk under the same id (a catalog slug equal to the notes' slug).
                Some(twin) => {
                    self.merge(twin, talk);
                    added.changed.push(twin);
                    merged_by_id.push(twin);
                }
                None => {
                    fresh.push(talk);
                    fresh_at.push(i);
                }
            }
        }
        let mut plan = self.twins.plan(&self.talks, &fresh);
        // A talk already matched by id in this batch takes no second twin from it.
        plan.iter_mut()
            .filter(|t| t.is_some_and(|t| merged_by_id.contains(&t)))
            .for_each(|t| *t = None);
        for ((talk, twin), at) in fresh.into_iter().zip(plan).zip(fresh_at) {
            if let Some(twin) = twin {
                self.aliases.insert(talk.id.clone(), twin);
                self.merge(twin, talk);
                added.changed.push(twin);
            } else {
                self.twins.add(self.talks.len(), &talk);
                let hash = self.hasher.hash_one(talk.id.as_str());
                push_growing_by_a_quarter(&mut self.talks, talk);
                self.ids
                    .insert_unique(hash, (hash, self.talks.len() - 1), |&(h, _)| h);
                added.appended.push(at);
            }
        }
        // A talk merged into twice, or appended by this batch and then merged into, is listed once.
        added.changed.sort_unstable();
        added.changed.dedup();
        added.changed.retain(|&i| i < added.from);
        added
    }

    fn merge(&mut self, twin: usize, talk: Talk) {
        let days = self.twins.days(&self.talks[twin]).cloned();
        merge::merge_into(&mut self.talks[twin], talk, days.as_ref());
        self.merged += 1;
    }

    /// The talk with this id.
    pub fn get(&self, id: &str) -> Option<&Talk> {
        self.position(id).map(|i| &self.talks[i])
    }

    /// Position of the talk with this id (or of the talk it was merged into).
    pub fn position(&self, id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        (self
            .ids
            .find(hash, |&(h, i)| h == hash && self.talks[i].id == id))
        .map(|&(_, i)| i)
        .or_else(|| self.aliases.get(id).copied())
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
            #[cfg(feature = "synth")]
            Source::Synthetic(n) => {
                // Fifty talks an event, as in a pyvideo tree (twins are looked for within an event).
                let mut talks = crate::synth::synth_talks(*n, 42);
                for (i, part) in talks.chunks_mut(50).enumerate() {
                    for t in part.iter_mut() {
                        t.conference = format!("{} {i}", t.conference);
                    }
                    sink(Batch {
                        path: PathBuf::from(format!("<synthetic>/{i}")),
                        positions: vec![None; part.len()],
                        talks: part.to_vec(),
                        ..Batch::default()
                    });
                }
            }
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
    if let Some(kind) = special_file_kind(&meta.file_type()) {
        return sink(error_batch(LoadError::file(
            path,
            format!("is {kind}, not a talk file or a directory; skipped"),
        )));
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    collect_sources(path, &mut found, &mut errors);
    if !errors.is_empty() {
        sink(Batch {
            path: path.to_path_buf(),
            warnings: errors,
            ..Batch::default()
        });
    }
    found.sort();
    // Parsing is the slow part of a big catalog: spread it over the cores, hand batches on in path order.
    let load = |found: &Found| match found {
        Found::Toml(file) => load_file(file),
        Found::Pyvideo(dir) => pyvideo::load_folder(dir).batch,
        Found::Schedule(file) => load_schedule_candidate(file),
    };
    parallel::map_in_order(&found, load, sink);
}

/// A loadable thing found under a directory; ordered by path, so documents and folders interleave by name.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    Toml(PathBuf),
    Pyvideo(PathBuf),
    /// A `*.xml`, `*.json` or `*.ics` file: loaded only if its content is a schedule.
    Schedule(PathBuf),
}

impl Found {
    fn path(&self) -> &Path {
        match self {
            Found::Toml(p) | Found::Pyvideo(p) | Found::Schedule(p) => p,
        }
    }
}

impl PartialOrd for Found {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Found {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.path().cmp(other.path())
    }
}

fn collect_sources(dir: &Path, found: &mut Vec<Found>, errors: &mut Vec<LoadError>) {
    collect_sources_once(dir, found, errors, &mut HashSet::default());
}

/// `visited` holds the real paths of the directories already walked: a symlink back up the tree (or two
/// links to one place) is walked once, not until the path is too long, nor exponentially often.
fn collect_sources_once(
    dir: &Path,
    found: &mut Vec<Found>,
    errors: &mut Vec<LoadError>,
    visited: &mut HashSet<PathBuf>,
) {
    if !visited.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    if pyvideo::is_conference_folder(dir) {
        return found.push(Found::Pyvideo(dir.to_path_buf()));
    }
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
            // Hidden directories (.git, .schemas) hold no talks.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                collect_sources_once(&path, found, errors, visited);
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            push_regular(&path, Found::Toml(path.clone()), found, errors);
        } else if schedule::is_schedule_name(&path) {
            push_regular(&path, Found::Schedule(path.clone()), found, errors);
        }
    }
}

/// What a path that is neither a regular file nor a directory is ("a FIFO", "a socket", ...).
fn special_file_kind(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Adds `what` (found at `path`) unless `path` is a FIFO, socket or device: reading a FIFO would wait forever
/// for a writer, so only regular files are read and the others are named.
fn push_regular(path: &Path, what: Found, found: &mut Vec<Found>, errors: &mut Vec<LoadError>) {
    match std::fs::metadata(path).map(|m| special_file_kind(&m.file_type())) {
        Ok(Some(kind)) => errors.push(LoadError::file(
            path,
            format!("is {kind}, not a regular file; skipped"),
        )),
        _ => found.push(what),
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

/// Loads a file found in a directory walk if its content is a schedule; other XML/JSON/ICS files (configs,
/// feeds) are none of our business and load nothing, silently. Only the head is read to tell.
fn load_schedule_candidate(path: &Path) -> Batch {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    let opened = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    let is_schedule = opened.is_ok() && schedule::sniff(&String::from_utf8_lossy(&head)).is_some();
    if is_schedule {
        load_file(path)
    } else {
        Batch {
            path: path.to_path_buf(),
            ..Batch::default()
        }
    }
}

/// A schedule (told by its content, see `schedule::sniff`) or a TOML talk document.
fn parse_text(path: &Path, text: &str) -> Batch {
    let parsed = match schedule::sniff(text) {
        Some(format) => schedule::parse_schedule(path, text, format),
        None => toml_doc::parse_document(path, text),
    };
    match parsed {
        Ok(p) => Batch {
            path: path.to_path_buf(),
            positions: line_cols(text, &p.offsets).into_iter().map(Some).collect(),
            talks: p.talks,
            warnings: p.warnings,
            days: p.days,
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
    fn a_full_vector_grows_by_a_quarter_and_keeps_every_item() {
        let mut v = Vec::new();
        for i in 0..10_000 {
            push_growing_by_a_quarter(&mut v, i);
        }
        assert!(v.iter().copied().eq(0..10_000));
        assert!(v.capacity() <= 10_000 + 10_000 / 4, "{}", v.capacity());
    }

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
            let all = [t.title.as_str(), &t.body, &t.conference]
                .into_iter()
                .chain(t.speakers.iter().map(String::as_str))
                .chain(t.tags.iter().map(String::as_str));
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
        // Same id, another talk (the same talk under the same id would be merged, see `merge`).
        std::fs::write(
            dir.path().join("b.toml"),
            doc.replace("same\"", "other\"\nslug = \"same\"\nbody = \"2\""),
        )
        .unwrap();
        let store = Store::load(&[Source::Path(dir.path().to_path_buf())]);
        assert_eq!((store.talks.len(), store.merged), (1, 0));
        assert_eq!(store.talks[0].body, "".into());
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

    #[cfg(unix)]
    #[test]
    fn symlink_cycles_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let doc = "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"t\"\n";
        std::fs::write(dir.path().join("a.toml"), doc).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        // Two links up: without the visited set, 2^40 walks before the kernel stops resolving them.
        for name in ["up1", "up2"] {
            std::os::unix::fs::symlink("..", dir.path().join("sub").join(name)).unwrap();
        }
        let store = Store::load(&[Source::Path(dir.path().to_path_buf())]);
        assert_eq!(
            (store.talks.len(), store.merged),
            (1, 0),
            "{:?}",
            store.warnings
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
