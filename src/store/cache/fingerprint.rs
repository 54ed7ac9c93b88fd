//! What a source's files look like on disk, cheaply: the proof a cached parse of them is still current.
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A tree with at least this many entries at its top is walked on several threads: stat is most of a
/// warm start's cost on a 200k-file pyvideo tree, and the kernel answers on every core.
const PARALLEL_FROM: usize = 64;

/// One thing seen under a source, as hashed. Paths and names are bytes so any file name round-trips.
#[derive(Debug, Serialize)]
enum Entry<'a> {
    /// A directory and the sorted names in it: a file added, removed or renamed changes this.
    Dir {
        path: &'a [u8],
        names: Vec<&'a [u8]>,
    },
    /// A file (symlinks followed): an in-place edit changes its mtime (and ctime, which `touch` cannot set
    /// back); a replacement by rename changes the inode.
    /// Its name only: it follows its directory's entry, whose listing places it.
    File {
        name: &'a [u8],
        size: u64,
        mtime: (i64, i64),
        ctime: (i64, i64),
        inode: (u64, u64),
    },
    /// A path that could not be read (its error is part of the parse, so it must stay unreadable).
    Unreadable { path: &'a [u8] },
    /// What one child of the top directory hashed to (its entries, walked on some thread).
    Child(u128),
}

/// The fingerprint of `source` (a file or directory tree) to compare; None when the source itself cannot be
/// read (then nothing is cached: its error is cheap to produce again).
///
/// It is the 128-bit XXH3 digest of the entries' encoding, hashed as they are met (at 200k files the
/// encoding is 33 MB, and the entries as values were three allocations a file). Each child of the top
/// directory is hashed apart, on whichever thread takes it, and the parent hashes the children's digests
/// in name order: the same tree gives the same digest on any number of cores. Two trees that differ share
/// a digest with odds of 2^-128, far below the racy case the module doc accepts.
pub fn of_source(source: &Path) -> Option<u128> {
    let meta = std::fs::metadata(source).ok()?;
    let mut digest = Digest::new();
    if meta.is_dir() {
        walk_top(source, &meta, &mut digest);
    } else {
        digest.add(&file_entry(&name_of(source), &meta));
    }
    digest.finish()
}

/// Hashes entries as postcard encodes them, through a buffer (postcard writes a few bytes at a time, and
/// each hasher update has a fixed cost). A failed encoding (none is expected) spoils the digest: a miss.
struct Digest {
    out: std::io::BufWriter<Hasher>,
    failed: bool,
}

struct Hasher(xxhash_rust::xxh3::Xxh3);

impl std::io::Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Digest {
    fn new() -> Digest {
        let hasher = Hasher(xxhash_rust::xxh3::Xxh3::new());
        Digest {
            out: std::io::BufWriter::with_capacity(1 << 14, hasher),
            failed: false,
        }
    }

    fn add(&mut self, entry: &Entry) {
        self.failed |= postcard::to_io(entry, &mut self.out).is_err();
    }

    /// The digest so far, the hasher started afresh for the next use.
    fn take(&mut self) -> Option<u128> {
        use std::io::Write;
        let flushed = self.out.flush().is_ok() && !std::mem::take(&mut self.failed);
        let hasher = &mut self.out.get_mut().0;
        let digest = hasher.digest128();
        hasher.reset();
        flushed.then_some(digest)
    }

    fn finish(mut self) -> Option<u128> {
        self.take()
    }
}

type Visited = Mutex<HashSet<DirId>>;

/// The top directory: its listing, then each child's digest, the children shared out among threads (stat
/// is most of a warm start's cost on a 200k-file pyvideo tree, and the kernel answers on every core).
fn walk_top(dir: &Path, meta: &std::fs::Metadata, digest: &mut Digest) {
    let visited = Visited::default();
    let Some(children) = list(dir, meta, digest, &visited) else {
        return;
    };
    let threads = crate::store::parallel::cores().min(4);
    let threads = if children.len() >= PARALLEL_FROM {
        threads
    } else {
        1
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let digests: Vec<Mutex<Option<u128>>> = children.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        let mut own = Digest::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((_, child)) = children.get(i) else {
                break;
            };
            visit(child, &mut own, &visited);
            *digests[i].lock().unwrap_or_else(|e| e.into_inner()) = own.take();
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        work();
        // Joined here so a helper's panic stays here (its child is then left unhashed, below).
        for helper in helpers {
            let _ = helper.join();
        }
    });
    for slot in digests {
        // A child left unhashed (a walker panicked) or spoilt makes the digest differ: a cache miss.
        let child = slot.into_inner().unwrap_or_else(|e| e.into_inner());
        digest.add(&Entry::Child(child.unwrap_or_default()));
        digest.failed |= child.is_none();
    }
}

/// Walks like the loader (symlinked directories followed once, hidden directories skipped) but records
/// every entry of every directory, so it sees at least everything the loader reads.
fn walk(dir: &Path, meta: &std::fs::Metadata, digest: &mut Digest, visited: &Visited) {
    if let Some(children) = list(dir, meta, digest, visited) {
        for (_, entry) in &children {
            visit(entry, digest, visited);
        }
    }
}

/// Hashes `dir`'s listing and returns its entries by name; None when it was walked already (a symlink
/// loop) or cannot be read.
fn list(
    dir: &Path,
    meta: &std::fs::Metadata,
    digest: &mut Digest,
    visited: &Visited,
) -> Option<Vec<(std::ffi::OsString, std::fs::DirEntry)>> {
    if !visited
        .lock()
        .map_or(true, |mut v| v.insert(dir_id(dir, meta)))
    {
        return None;
    }
    let path = bytes(dir);
    let Ok(read) = std::fs::read_dir(dir) else {
        digest.add(&Entry::Unreadable { path: &path });
        return None;
    };
    // Sorted by name (comparing whole paths component by component is much slower, and the same order).
    let mut children: Vec<_> = read.flatten().map(|e| (e.file_name(), e)).collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    let names = children.iter().map(|(n, _)| name_bytes(n)).collect();
    digest.add(&Entry::Dir { path: &path, names });
    Some(children)
}

/// One directory entry: a file's stat, or a subdirectory walked.
fn visit(entry: &std::fs::DirEntry, digest: &mut Digest, visited: &Visited) {
    // The entry's own stat is relative to the open directory (no path walk); links are followed.
    let meta = match entry.metadata() {
        Ok(m) if m.is_symlink() => std::fs::metadata(entry.path()),
        other => other,
    };
    match meta {
        Ok(meta) if meta.is_dir() => {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !hidden {
                walk(&entry.path(), &meta, digest, visited);
            }
        }
        Ok(meta) => digest.add(&file_entry(&entry.file_name(), &meta)),
        Err(_) => digest.add(&Entry::Unreadable {
            path: &bytes(&entry.path()),
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

/// The last component of `path` (the whole path when it has none).
fn name_of(path: &Path) -> std::ffi::OsString {
    path.file_name().unwrap_or(path.as_os_str()).to_owned()
}

/// A name's bytes (the platform's own encoding: exact on Unix, WTF-8 on Windows).
fn name_bytes(name: &std::ffi::OsStr) -> &[u8] {
    name.as_encoded_bytes()
}

#[cfg(unix)]
fn file_entry<'a>(name: &'a std::ffi::OsStr, meta: &std::fs::Metadata) -> Entry<'a> {
    use std::os::unix::fs::MetadataExt;
    Entry::File {
        name: name_bytes(name),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        ctime: (meta.ctime(), meta.ctime_nsec()),
        inode: (meta.dev(), meta.ino()),
    }
}

#[cfg(not(unix))]
fn file_entry<'a>(name: &'a std::ffi::OsStr, meta: &std::fs::Metadata) -> Entry<'a> {
    let since = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((0, 0), |d| {
                (d.as_secs() as i64, i64::from(d.subsec_nanos()))
            })
    };
    Entry::File {
        name: name_bytes(name),
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
