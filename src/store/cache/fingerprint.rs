//! What a source's files look like on disk, cheaply: the proof a cached parse of them is still current.
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A tree with at least this many entries at its top is walked on several threads: stat is most of a
/// warm start's cost on a 200k-file pyvideo tree, and the kernel answers on every core.
const PARALLEL_FROM: usize = 64;

/// One thing seen under a source. Paths are stored as bytes so any file name round-trips.
#[derive(Debug, Serialize)]
enum Entry {
    /// A directory and the sorted names in it: a file added, removed or renamed changes this.
    Dir { path: Vec<u8>, names: Vec<Vec<u8>> },
    /// A file (symlinks followed): an in-place edit changes its mtime (and ctime, which `touch` cannot set
    /// back); a replacement by rename changes the inode.
    /// Its name only: it follows its directory's entry, whose listing places it.
    File {
        name: Vec<u8>,
        size: u64,
        mtime: (i64, i64),
        ctime: (i64, i64),
        inode: (u64, u64),
    },
    /// A path that could not be read (its error is part of the parse, so it must stay unreadable).
    Unreadable { path: Vec<u8> },
}

/// The fingerprint of `source` (a file or directory tree) to compare; None when the source itself cannot be
/// read (then nothing is cached: its error is cheap to produce again).
///
/// It is the 128-bit XXH3 digest of the entries' encoding, not the encoding: at 200k files that is 33 MB,
/// which a start held twice (the stored one and the fresh one) beside the decoding store. Two trees
/// that differ share a digest with odds of 2^-128, far below the racy case the module doc accepts.
pub fn of_source(source: &Path) -> Option<u128> {
    let meta = std::fs::metadata(source).ok()?;
    let mut entries = Vec::new();
    if meta.is_dir() {
        walk(
            source,
            &meta,
            &mut entries,
            &Mutex::new(HashSet::new()),
            true,
        );
    } else {
        entries.push(file_entry(source, &meta));
    }
    // Buffered: postcard writes a few bytes at a time, and each hasher update has a fixed cost.
    let mut digest =
        std::io::BufWriter::with_capacity(1 << 16, Digest(xxhash_rust::xxh3::Xxh3::new()));
    postcard::to_io(&entries, &mut digest).ok()?;
    let digest = digest.into_inner().ok()?;
    Some(digest.0.digest128())
}

/// Hashes what postcard writes, rather than gathering it.
struct Digest(xxhash_rust::xxh3::Xxh3);

impl std::io::Write for Digest {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Walks like the loader (symlinked directories followed once, hidden directories skipped) but records
/// every entry of every directory, so it sees at least everything the loader reads.
///
/// The top directory's children are split into contiguous runs, one per thread, and their entries joined
/// in order, so the fingerprint is the same as a sequential walk's (but for which of two symlinks to one
/// directory is walked first, which at worst costs a cache miss).
fn walk(
    dir: &Path,
    meta: &std::fs::Metadata,
    entries: &mut Vec<Entry>,
    visited: &Mutex<HashSet<DirId>>,
    top: bool,
) {
    if !visited
        .lock()
        .map_or(true, |mut v| v.insert(dir_id(dir, meta)))
    {
        return;
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return entries.push(Entry::Unreadable { path: bytes(dir) });
    };
    // Sorted by name (comparing whole paths component by component is much slower, and the same order).
    let mut children: Vec<_> = read.flatten().map(|e| (e.file_name(), e)).collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    entries.push(Entry::Dir {
        path: bytes(dir),
        names: children.iter().map(|(n, _)| bytes(Path::new(n))).collect(),
    });
    let threads = crate::store::parallel::cores().min(4);
    if top && threads > 1 && children.len() >= PARALLEL_FROM {
        let run = children.len().div_ceil(threads);
        let parts: Vec<Vec<Entry>> = std::thread::scope(|scope| {
            let handles: Vec<_> = children
                .chunks(run)
                .map(|part| {
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for (_, entry) in part {
                            visit(entry, &mut out, visited);
                        }
                        out
                    })
                })
                .collect();
            // A walker that panicked leaves its run out: the fingerprint then differs, a cache miss.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        entries.extend(parts.into_iter().flatten());
        return;
    }
    for (_, entry) in &children {
        visit(entry, entries, visited);
    }
}

/// One directory entry: a file's stat, or a subdirectory walked.
fn visit(entry: &std::fs::DirEntry, entries: &mut Vec<Entry>, visited: &Mutex<HashSet<DirId>>) {
    let child = entry.path();
    // The entry's own stat is relative to the open directory (no path walk); links are followed.
    let meta = match entry.metadata() {
        Ok(m) if m.is_symlink() => std::fs::metadata(&child),
        other => other,
    };
    match meta {
        Ok(meta) if meta.is_dir() => {
            let hidden = child
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                walk(&child, &meta, entries, visited, false);
            }
        }
        Ok(meta) => entries.push(file_entry(&child, &meta)),
        Err(_) => entries.push(Entry::Unreadable {
            path: bytes(&child),
        }),
    }
}

/// What makes a directory the same one however it is reached (through a symlink or not).
#[cfg(unix)]
type DirId = (u64, u64);
#[cfg(not(unix))]
type DirId = std::path::PathBuf;

/// The directory's device and inode, from the stat already taken (no `realpath` per directory).
#[cfg(unix)]
fn dir_id(_dir: &Path, meta: &std::fs::Metadata) -> DirId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dir_id(dir: &Path, _meta: &std::fs::Metadata) -> DirId {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The last component of `path` as bytes (the whole path when it has none).
fn name_of(path: &Path) -> Vec<u8> {
    bytes(Path::new(path.file_name().unwrap_or(path.as_os_str())))
}

#[cfg(unix)]
fn file_entry(path: &Path, meta: &std::fs::Metadata) -> Entry {
    use std::os::unix::fs::MetadataExt;
    Entry::File {
        name: name_of(path),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        ctime: (meta.ctime(), meta.ctime_nsec()),
        inode: (meta.dev(), meta.ino()),
    }
}

#[cfg(not(unix))]
fn file_entry(path: &Path, meta: &std::fs::Metadata) -> Entry {
    let since = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((0, 0), |d| {
                (d.as_secs() as i64, i64::from(d.subsec_nanos()))
            })
    };
    Entry::File {
        name: name_of(path),
        size: meta.len(),
        mtime: since(meta.modified()),
        ctime: since(meta.created()),
        inode: (0, 0),
    }
}

/// A path's bytes (exact on Unix; lossy elsewhere, which at worst costs a cache miss).
pub fn bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().as_bytes().to_vec()
    }
}

/// The path these bytes came from (see `bytes`).
pub fn path(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_loop_is_walked_once_and_edits_behind_a_link_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.toml"), "x").unwrap();
        std::os::unix::fs::symlink(&real, real.join("loop")).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("via-link")).unwrap();
        let first = of_source(dir.path()).unwrap();
        assert_eq!(
            of_source(dir.path()).unwrap(),
            first,
            "the same tree, the same bytes"
        );
        std::fs::write(real.join("a.toml"), "longer").unwrap();
        assert_ne!(of_source(dir.path()).unwrap(), first, "an edit is seen");
        let many = tempfile::tempdir().unwrap();
        for i in 0..PARALLEL_FROM + 5 {
            let sub = many.path().join(format!("c{i:03}"));
            std::fs::create_dir(&sub).unwrap();
            std::fs::write(sub.join("t.json"), "{}").unwrap();
        }
        let wide = of_source(many.path()).unwrap();
        assert_eq!(
            of_source(many.path()).unwrap(),
            wide,
            "the parallel walk keeps its order"
        );
        std::fs::write(many.path().join("c040").join("t.json"), "{ }").unwrap();
        assert_ne!(of_source(many.path()).unwrap(), wide);
    }
}
