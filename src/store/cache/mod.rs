//! The load cache: each source's parsed batches, kept in the cache directory so a big catalog opens without
//! parsing it again.
//!
//! One file per `Source::Path` (the bundled talks are compiled in and need none), named by a hash of the
//! source's path and holding it, so a collision is only a miss. Layout: an 8-byte magic and a little-endian
//! format version (read before anything else, so an old layout is recognised, not misread), then the
//! length (u64 LE) of a postcard `Header`, the header, then the batches, each a u32 LE length and a
//! postcard record, then a u32 LE length and the batch's `Derived` bytes (none when the length is 0);
//! the body's length and CRC-32 are in the header. A hit is read in two streaming passes
//! (the CRC over the body, then one batch at a time to the sink), so a 300 MB cache never sits in memory
//! whole and the first batch reaches the screen before the last is decoded; the source's fingerprint is
//! taken on another thread meanwhile and compared before anything is served.
//!
//! **Never stale.** The header holds the source's fingerprint (see `fingerprint`), a digest of every
//! directory under it with its sorted entry names, and every file in them with size, mtime, ctime and inode
//! (device too), taken *before* the files are read. That suffices because the loader reads nothing but
//! files found by listing those directories: a file added, removed or renamed changes a listing; an
//! in-place edit changes the file's mtime and ctime (ctime cannot be set back by `touch`, so even a restored
//! mtime is caught); an atomic replace changes the inode; a symlink re-pointed changes the followed file's
//! inode. Taking the fingerprint first means an edit made while parsing makes the stored fingerprint older
//! than the disk, so the next start reloads. The header also holds the build (package version, executable
//! size and mtime), so a new confnotes never serves what an older parser produced. Any mismatch reloads that
//! source only.
//! A damaged, truncated or old-format file is ignored with a note and rewritten; it is never an error.
//! The one edit this cannot see is git's "racy" case: a second same-size write within one timestamp tick of
//! the first, after the fingerprint was taken (nanosecond stamps make it a few-millisecond window on ext4,
//! btrfs, xfs, APFS; on FAT's 2-second stamps it is real). `--no-cache` and `cache clear` are the way out.
mod fingerprint;
mod record;

use super::{Batch, Body, Source, load_path};
use record::BatchRecord;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"CNCACHE\0";
/// Bumped whenever the layout or the records change.
pub const FORMAT_VERSION: u32 = 4;
/// Cache files end in this (so `clear` removes nothing else).
const EXTENSION: &str = "cache";

/// Where cache files live.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    derived: Option<Derived>,
}

/// Works a batch's `Derived` bytes out from its talks.
pub type Make = fn(&[super::Talk]) -> Vec<u8>;

/// What the cache keeps beside each batch besides its talks: data worked out from them that a start
/// would otherwise work out again (the search's folded bodies). Opaque bytes here. They are made when a
/// cache file is written, on the writer's thread, so the load that parsed the files is not slowed; a hit
/// hands them back with their batch.
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    /// Works the bytes out from one batch's talks.
    pub make: Make,
    /// Whether a hit hands them back (false: skipped unread, for a command that does not need them).
    pub read: bool,
}

#[derive(Serialize, Deserialize)]
struct Header {
    build: String,
    source: Vec<u8>,
    fingerprint: u128,
    batches: u64,
    body_len: u64,
    body_crc: u32,
}

/// A cache file to write once the load is done.
pub struct PendingWrite {
    file: PathBuf,
    header: Header,
    /// Each batch's encoded record (its `Derived` bytes are made when written).
    records: Vec<Vec<u8>>,
    derive: Option<Make>,
}

/// What loading through the cache did besides delivering batches.
#[derive(Default)]
pub struct Outcome {
    /// Cache files that were ignored, and why (for the user; never errors).
    pub notes: Vec<String>,
    /// Sources served from the cache.
    pub hits: usize,
    /// Sources parsed (and to be cached).
    pub misses: usize,
    /// Cache files to write (see `write_in_background`).
    pub pending: Vec<PendingWrite>,
}

impl Cache {
    /// A cache in `dir` (created when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            derived: None,
        }
    }

    /// This cache, keeping `derived` beside each batch it writes.
    pub fn with_derived(self, derived: Derived) -> Cache {
        Cache {
            derived: Some(derived),
            ..self
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Removes every cache file; returns how many there were. A missing directory is an empty cache.
    pub fn clear(&self) -> std::io::Result<usize> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == EXTENSION) {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The cache file for a source key.
    fn file_for(&self, key: &[u8]) -> PathBuf {
        // FNV-1a: a stable name, not a proof (the key itself is checked in the header).
        let hash = key.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        self.dir.join(format!("{hash:016x}.{EXTENSION}"))
    }
}

/// Loads `sources` like `store::load_sources`, serving each directory or file source from `cache` when its
/// fingerprint still matches, and parsing (and queueing a cache write for) the others. Without a cache this
/// is `load_sources`. The sink gets each batch with its `Derived` bytes when the cache had them and was
/// asked for them.
pub fn load_sources_cached(
    sources: &[Source],
    cache: Option<&Cache>,
    mut sink: impl FnMut(Batch, Option<Vec<u8>>),
) -> Outcome {
    let mut outcome = Outcome::default();
    for source in sources {
        match (source, cache) {
            (Source::Path(path), Some(cache)) => load_one(cache, path, &mut sink, &mut outcome),
            _ => super::load_sources(std::slice::from_ref(source), &mut |b| sink(b, None)),
        }
    }
    outcome
}

fn load_one(
    cache: &Cache,
    path: &Path,
    sink: &mut impl FnMut(Batch, Option<Vec<u8>>),
    outcome: &mut Outcome,
) {
    let read_derived = cache.derived.is_some_and(|d| d.read);
    let key = source_key(path);
    let file = cache.file_for(&key);
    // The fingerprint (a stat of every file) runs beside the cache file's checksum pass and then beside
    // the decoding of its first batches, which wait for it: nothing is served before it says the cache
    // is current, but the decoding need not wait (a stale cache only wastes the batches decoded ahead).
    let (fingerprint, checked, ahead) = std::thread::scope(|scope| {
        let walker = scope.spawn(|| fingerprint::of_source(path));
        let mut checked =
            check(&file, &key).map(|found| found.map(|f| Decoder::new(f, read_derived)));
        let mut ahead = Vec::new();
        if let Ok(Some(decoder)) = &mut checked {
            while !walker.is_finished()
                && decoder.read() < AHEAD_BYTES
                && let Some(next) = decoder.next()
            {
                let stop = next.is_err();
                ahead.push(next);
                if stop {
                    break;
                }
            }
        }
        let fingerprint = walker
            .join()
            .unwrap_or_else(|_| fingerprint::of_source(path));
        (fingerprint, checked, ahead)
    });
    let Some(fingerprint) = fingerprint else {
        return load_path(path, &mut |b| sink(b, None));
    };
    match checked {
        Ok(Some(decoder)) if decoder.header.fingerprint == fingerprint => {
            match serve(ahead.into_iter().chain(decoder), sink) {
                Ok(()) => {
                    outcome.hits += 1;
                    return;
                }
                // The checksum passed, so only a bug gets here; the source is parsed again, and the
                // store shows twice-delivered talks once.
                Err(why) => outcome.notes.push(format!(
                    "load cache {} {why}; ignored, it is rebuilt",
                    file.display()
                )),
            }
        }
        Ok(_) => {}
        Err(why) => outcome.notes.push(format!(
            "load cache {} {why}; ignored, it is rebuilt",
            file.display()
        )),
    }
    outcome.misses += 1;
    let mut records = Vec::new();
    let mut encodable = true;
    load_path(path, &mut |batch: Batch| {
        match postcard::to_stdvec(&BatchRecord::of(&batch)) {
            Ok(bytes) if u32::try_from(bytes.len()).is_ok() => records.push(bytes),
            _ => encodable = false,
        }
        sink(batch, None);
    });
    if encodable {
        outcome.pending.push(PendingWrite {
            file,
            header: Header {
                build: build_stamp(),
                source: key,
                fingerprint,
                batches: records.len() as u64,
                // Set when written, once the derived bytes are known.
                body_len: 0,
                body_crc: 0,
            },
            records,
            derive: cache.derived.map(|d| d.make),
        });
    }
}

/// The source as named, and from where if relative: stored batches keep the paths as the user wrote them.
fn source_key(path: &Path) -> Vec<u8> {
    let mut key = fingerprint::bytes(&std::path::absolute(path).unwrap_or_default());
    key.push(0);
    key.extend(fingerprint::bytes(path));
    key
}

/// This build of confnotes: a rebuilt parser must not be served what the old one produced.
fn build_stamp() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            format!("{} {}", m.len(), mtime.as_nanos())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// A cache file whose header is this source's and this build's, and whose body passed its checksum.
struct Checked {
    header: Header,
    /// At the start of the body.
    reader: std::io::BufReader<std::fs::File>,
    /// Where the body starts in the file.
    body_start: u64,
    /// The file mapped, for the talks' bodies to be ranges of (see `store::Body`); None where mapping
    /// failed or is not done, and the bodies are copied.
    map: Option<std::sync::Arc<memmap2::Mmap>>,
}

/// Reads `file`'s header and checks its body's length and CRC (streaming): None for a missing file or one
/// of another source or build (a plain miss), or why the file is unusable.
fn check(file: &Path, key: &[u8]) -> Result<Option<Checked>, String> {
    use std::io::{Read, Seek};
    let handle = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read ({e})")),
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 20, handle);
    let mut start = [0u8; 20];
    reader.read_exact(&mut start).map_err(|_| "is truncated")?;
    let (magic, rest) = start.split_at(8);
    if magic != MAGIC {
        return Err("is not a confnotes cache".into());
    }
    let version = u32::from_le_bytes(rest[..4].try_into().map_err(|_| "is truncated")?);
    if version != FORMAT_VERSION {
        return Err(format!(
            "has format version {version}, this confnotes writes {FORMAT_VERSION}"
        ));
    }
    let header_len = u64::from_le_bytes(rest[4..12].try_into().map_err(|_| "is truncated")?);
    let file_len = reader.get_ref().metadata().map_or(0, |m| m.len());
    if header_len > file_len {
        return Err("is truncated".into());
    }
    let mut header = vec![0u8; header_len as usize];
    reader.read_exact(&mut header).map_err(|_| "is truncated")?;
    let header: Header = postcard::from_bytes(&header).map_err(|_| "has a damaged header")?;
    if header.source != key || header.build != build_stamp() {
        return Ok(None);
    }
    let body_start = 20 + header_len;
    if file_len.checked_sub(body_start) != Some(header.body_len) {
        return Err("is truncated".into());
    }
    let mut crc = crc32fast::Hasher::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => crc.update(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot be read ({e})")),
        }
    }
    if crc.finalize() != header.body_crc {
        return Err("is damaged (checksum mismatch)".into());
    }
    reader
        .seek(std::io::SeekFrom::Start(body_start))
        .map_err(|e| format!("cannot be read ({e})"))?;
    Ok(Some(Checked {
        header,
        body_start,
        map: map(reader.get_ref()),
        reader,
    }))
}

/// `file` mapped read-only. Unix only: elsewhere a mapped file cannot be renamed over, which is how a
/// newer cache replaces it.
fn map(file: &std::fs::File) -> Option<std::sync::Arc<memmap2::Mmap>> {
    if !cfg!(unix) {
        return None;
    }
    // SAFETY: confnotes never writes a cache file in place (see `store::Body` on why that suffices).
    let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
    Some(std::sync::Arc::new(map))
}

/// Hands the decoded batches to `sink` as they come, up to the first error.
fn serve(
    batches: impl Iterator<Item = Result<(Batch, Option<Vec<u8>>), String>>,
    sink: &mut impl FnMut(Batch, Option<Vec<u8>>),
) -> Result<(), String> {
    for batch in batches {
        let (batch, derived) = batch?;
        sink(batch, derived);
    }
    Ok(())
}

/// The derived bytes of one encoded batch record (none if it does not decode, which only a bug could cause).
fn derive(record: &[u8], make: Make) -> Vec<u8> {
    postcard::from_bytes::<BatchRecord>(record)
        .ok()
        .and_then(|b| b.into_batch(|text| Body::from(text)))
        .map(|batch| make(&batch.talks))
        .unwrap_or_default()
}

/// At most this much of a cache body is decoded ahead of the fingerprint's verdict. The decoded talks wait
/// in memory for it, beside the store that takes them later: at 200k talks an unbounded lead held the
/// whole catalog twice (+100 MB peak), while 24 MB covers a 22k-talk tree's walk.
const AHEAD_BYTES: u64 = 24 << 20;

/// The checked body, decoded one batch at a time (an error ends it).
struct Decoder {
    header: Header,
    reader: std::io::BufReader<std::fs::File>,
    body_start: u64,
    map: Option<std::sync::Arc<memmap2::Mmap>>,
    record: Vec<u8>,
    /// Body bytes not yet read, and batches not yet decoded.
    left: u64,
    batches: u64,
    /// Whether each batch's derived bytes are read (or skipped).
    derived: bool,
}

impl Decoder {
    fn new(found: Checked, derived: bool) -> Decoder {
        let Checked {
            header,
            reader,
            body_start,
            map,
        } = found;
        Decoder {
            body_start,
            map,
            left: header.body_len,
            batches: header.batches,
            header,
            reader,
            record: Vec::new(),
            derived,
        }
    }

    /// Body bytes read so far.
    fn read(&self) -> u64 {
        self.header.body_len - self.left
    }

    fn decode(&mut self) -> Result<(Batch, Option<Vec<u8>>), String> {
        let len = self.frame()?;
        // Where the record's bytes sit in the file (`frame` counted them as read).
        let at = self.body_start + self.read() - len;
        self.read_record(len)?;
        let batch: BatchRecord =
            postcard::from_bytes(&self.record).map_err(|_| "has a damaged record")?;
        let (record, map) = (&self.record, self.map.as_ref());
        // A body read from the record is the same bytes as the file's at the same place.
        let body = |text: &str| Body::in_read_bytes(map, at as usize, record, text);
        let batch = batch.into_batch(body).ok_or("has a damaged time")?;
        let len = self.frame()?;
        let derived = if len == 0 {
            None
        } else if self.derived {
            self.read_record(len)?;
            Some(self.record.clone())
        } else {
            let skip = i64::try_from(len).map_err(|_| "has a damaged record")?;
            self.reader
                .seek_relative(skip)
                .map_err(|_| "is truncated")?;
            None
        };
        Ok((batch, derived))
    }

    /// Reads a frame's length and counts the frame as read.
    fn frame(&mut self) -> Result<u64, String> {
        use std::io::Read;
        let mut len = [0u8; 4];
        self.reader
            .read_exact(&mut len)
            .map_err(|_| "is truncated")?;
        let len = u64::from(u32::from_le_bytes(len));
        // Never more than the body holds, whatever a damaged length says.
        self.left = self
            .left
            .checked_sub(4 + len)
            .ok_or("has a damaged record")?;
        Ok(len)
    }

    /// Reads a frame's `len` bytes into `record`.
    fn read_record(&mut self, len: u64) -> Result<(), String> {
        use std::io::Read;
        self.record.resize(len as usize, 0);
        self.reader
            .read_exact(&mut self.record)
            .map_err(|_| "is truncated".into())
    }
}

impl Iterator for Decoder {
    type Item = Result<(Batch, Option<Vec<u8>>), String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.batches == 0 {
            return None;
        }
        let next = self.decode();
        // After an error nothing more is read.
        self.batches = if next.is_ok() { self.batches - 1 } else { 0 };
        Some(next)
    }
}

impl PendingWrite {
    /// Writes the file atomically (for readers): a temporary file beside it, renamed over it. The derived
    /// bytes are made here, on every core; the body is written frame by frame, never gathered (gathered, and
    /// derived on one core, a cold 200k `list` peaked at 1293 MB; 1017 MB this way).
    pub fn write(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        let mut derived = Vec::with_capacity(self.records.len());
        if let Some(make) = self.derive {
            super::parallel::map_in_order(&self.records, |r| derive(r, make), |d| derived.push(d));
        }
        derived.resize_with(self.records.len(), Vec::new);
        let mut frames = Vec::with_capacity(self.records.len() * 2);
        for (record, derived) in self.records.iter().zip(&derived) {
            for part in [record, derived] {
                let len = u32::try_from(part.len())
                    .map_err(|_| std::io::Error::other("a batch too large to cache"))?;
                frames.push((len.to_le_bytes(), part.as_slice()));
            }
        }
        let mut crc = crc32fast::Hasher::new();
        for (len, part) in &frames {
            crc.update(len);
            crc.update(part);
        }
        self.header.body_crc = crc.finalize();
        self.header.body_len = frames.iter().map(|(l, p)| (l.len() + p.len()) as u64).sum();
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // Named like a cache file (so `clear` removes one left by a killed process) but never read as one.
        let mut tmp = tempfile::Builder::new()
            .prefix(".")
            .suffix(&format!(".tmp.{EXTENSION}"))
            .tempfile_in(dir)?;
        let header = postcard::to_stdvec(&self.header).map_err(std::io::Error::other)?;
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT_VERSION.to_le_bytes())?;
        out.write_all(&(header.len() as u64).to_le_bytes())?;
        out.write_all(&header)?;
        for (len, part) in &frames {
            out.write_all(len)?;
            out.write_all(part)?;
        }
        out.flush()?;
        drop(out);
        // No fsync: a cache may be lost, never wrong. A file torn by a crash or power loss fails its length
        // and CRC checks and is rebuilt, so the first run after a change need not wait for the disk.
        tmp.persist(&self.file).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Outcome {
    /// Writes the pending cache files on a thread of their own; the handle yields the failures, as notes.
    pub fn write_in_background(&mut self) -> std::thread::JoinHandle<Vec<String>> {
        let mut pending = std::mem::take(&mut self.pending);
        std::thread::spawn(move || {
            pending
                .iter_mut()
                .filter_map(|p| p.write().err().map(|e| (p, e)))
                .map(|(p, e)| format!("cannot write load cache {}: {e}", p.file.display()))
                .collect()
        })
    }
}

/// `Store::load` through the cache.
pub fn load_store(sources: &[Source], cache: Option<&Cache>) -> (super::Store, Outcome) {
    let mut store = super::Store::default();
    let outcome = load_sources_cached(sources, cache, |batch, _| {
        store.add_batch(batch);
    });
    (store, outcome)
}

#[cfg(test)]
mod tests;
