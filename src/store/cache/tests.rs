use super::*;
use crate::store::Source;

const DOC: &str =
    "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"first\"\nbody = \"aaaa\"\n";

struct Fixture {
    tree: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            tree: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        std::fs::write(f.tree.path().join("a.toml"), DOC).unwrap();
        // A warning, which must come back from the cache too.
        std::fs::write(f.tree.path().join("b.toml"), "[conference]\nname = \n").unwrap();
        f
    }

    /// Loads through the cache and writes it; returns the store and what the cache did.
    fn load(&self) -> (crate::store::Store, Outcome) {
        let cache = Cache::new(self.cache.path());
        let sources = [Source::Path(self.tree.path().to_path_buf())];
        let (store, mut outcome) = load_store(&sources, Some(&cache));
        assert!(outcome.write_in_background().join().unwrap().is_empty());
        (store, outcome)
    }

    fn cache_file(&self) -> PathBuf {
        let files: Vec<_> = std::fs::read_dir(self.cache.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }
}

fn titles(store: &crate::store::Store) -> Vec<String> {
    store.talks.iter().map(|t| t.title.clone()).collect()
}

#[test]
fn a_second_load_is_a_hit_with_the_same_talks_and_warnings() {
    let f = Fixture::new();
    let (cold, outcome) = f.load();
    assert_eq!((outcome.hits, outcome.misses), (0, 1));
    let (warm, outcome) = f.load();
    assert_eq!((outcome.hits, outcome.misses), (1, 0));
    assert!(outcome.notes.is_empty(), "{:?}", outcome.notes);
    assert_eq!(warm.talks, cold.talks);
    assert_eq!(warm.warnings, cold.warnings);
    assert_eq!(warm.warnings.len(), 1);
}

#[test]
fn a_hit_serves_bodies_as_ranges_of_the_mapped_file_that_outlive_its_replacement() {
    let f = Fixture::new();
    let (cold, _) = f.load();
    assert!(cold.talks.iter().all(|t| !t.body.is_mapped()));
    let (warm, _) = f.load();
    assert_eq!(warm.talks[0].body, "aaaa".into());
    assert_eq!(warm.talks[0].body.is_mapped(), cfg!(unix));
    // A newer cache file renamed over it, and `cache clear`, leave the mapped text as it was.
    let file = f.cache_file();
    std::fs::write(f.tree.path().join("a.toml"), DOC.replace("aaaa", "bbbbbb")).unwrap();
    let (changed, _) = f.load();
    assert_eq!(changed.talks[0].body, "bbbbbb".into());
    Cache::new(f.cache.path()).clear().unwrap();
    assert!(!file.exists());
    assert_eq!(&*warm.talks[0].body, "aaaa");
}

#[test]
fn an_edit_of_the_same_size_with_a_new_mtime_is_a_miss() {
    let f = Fixture::new();
    f.load();
    let file = f.tree.path().join("a.toml");
    std::fs::write(&file, DOC.replace("first", "FIRST")).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (store, outcome) = f.load();
    assert_eq!((outcome.hits, outcome.misses), (0, 1));
    assert_eq!(titles(&store), ["FIRST"]);
}

#[test]
fn an_added_or_removed_file_is_a_miss() {
    let f = Fixture::new();
    f.load();
    std::fs::write(
        f.tree.path().join("c.toml"),
        DOC.replace("\"A\"", "\"C\"").replace("first", "third"),
    )
    .unwrap();
    let (store, outcome) = f.load();
    assert_eq!(outcome.misses, 1);
    assert_eq!(titles(&store), ["first", "third"]);
    std::fs::remove_file(f.tree.path().join("a.toml")).unwrap();
    let (store, outcome) = f.load();
    assert_eq!(outcome.misses, 1);
    assert_eq!(titles(&store), ["third"]);
    assert_eq!(f.load().1.hits, 1);
}

/// Damages the cache file with `damage`, then checks the load ignores it with a note saying `why`, loads
/// the talks anyway, and rewrites the file (the load after is a hit).
fn damaged_cache_is_rebuilt(damage: impl Fn(&mut Vec<u8>), why: &str) {
    let f = Fixture::new();
    f.load();
    let file = f.cache_file();
    let mut bytes = std::fs::read(&file).unwrap();
    damage(&mut bytes);
    std::fs::write(&file, bytes).unwrap();
    let (store, outcome) = f.load();
    assert_eq!(outcome.misses, 1);
    assert!(
        outcome.notes.len() == 1 && outcome.notes[0].contains(why),
        "{:?}",
        outcome.notes
    );
    assert_eq!(titles(&store), ["first"]);
    let (_, outcome) = f.load();
    assert_eq!((outcome.hits, outcome.notes.len()), (1, 0));
}

#[test]
fn a_corrupt_cache_file_is_ignored_and_rebuilt() {
    damaged_cache_is_rebuilt(
        |b| {
            let last = b.len() - 3;
            b[last] ^= 0x55;
        },
        "checksum",
    );
}

#[test]
fn a_truncated_cache_file_is_ignored_and_rebuilt() {
    damaged_cache_is_rebuilt(|b| b.truncate(b.len() - 10), "truncated");
    damaged_cache_is_rebuilt(|b| b.truncate(5), "truncated");
}

#[test]
fn an_old_format_version_is_ignored_and_rebuilt() {
    damaged_cache_is_rebuilt(
        |b| b[8..12].copy_from_slice(&(FORMAT_VERSION - 1).to_le_bytes()),
        &format!("format version {}", FORMAT_VERSION - 1),
    );
}

#[test]
fn clear_removes_the_cache_files_only() {
    let f = Fixture::new();
    f.load();
    std::fs::write(f.cache.path().join("keep.txt"), "x").unwrap();
    let cache = Cache::new(f.cache.path());
    assert_eq!(cache.clear().unwrap(), 1);
    assert_eq!(f.cache_file(), f.cache.path().join("keep.txt"));
    assert_eq!(Cache::new(f.cache.path().join("none")).clear().unwrap(), 0);
}

/// Stands in for the search's folded bodies: the titles, joined.
fn titles_joined(talks: &[crate::store::Talk]) -> Vec<u8> {
    talks
        .iter()
        .map(|t| t.title.as_str())
        .collect::<Vec<_>>()
        .join("|")
        .into_bytes()
}

#[test]
fn derived_bytes_are_made_when_written_and_handed_back_only_when_asked() {
    let f = Fixture::new();
    let sources = [Source::Path(f.tree.path().to_path_buf())];
    let load = |read: bool| {
        let cache = Cache::new(f.cache.path()).with_derived(Derived {
            make: titles_joined,
            read,
        });
        let mut got = Vec::new();
        let mut outcome = load_sources_cached(&sources, Some(&cache), |batch, derived| {
            got.push((batch.talks.len(), derived));
        });
        assert!(outcome.write_in_background().join().unwrap().is_empty());
        got.sort();
        (got, outcome.hits)
    };
    let (cold, hits) = load(true);
    assert_eq!(hits, 0);
    assert!(cold.iter().all(|(_, d)| d.is_none()), "a parse has none");
    let (warm, hits) = load(true);
    assert_eq!(hits, 1);
    // b.toml has no talks (only a warning): nothing derived, and no bytes for it.
    assert_eq!(warm, vec![(0, None), (1, Some(b"first".to_vec()))]);
    let (skipped, hits) = load(false);
    assert_eq!(hits, 1);
    assert_eq!(skipped, vec![(0, None), (1, None)]);
}
