//! The loading pipeline: sources are parsed on one thread (through the load cache) and each batch's
//! bodies are folded for the search (or read back from the load cache) on a second, so the thread that owns
//! the catalog only appends.
use crate::search::PreparedBody;
use crate::store::cache::{Cache, Derived};
use crate::store::{Batch, LoadError, Source, Talk};
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;

/// Parsed batches that may wait for folding.
const PARSED_AHEAD: usize = 256;
/// Fewer talks than this are folded on the calling thread.
const INLINE_FOLD: usize = 256;
/// Talks folded together at most (enough to share out, small enough that the first rows come soon).
const GROUP_TALKS: usize = 4096;
use std::thread::JoinHandle;

/// A loaded talk with what was worked out for it off the catalog's thread.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub talk: Talk,
    /// Line and column in the batch's file, where known (for duplicate-id messages).
    pub position: Option<(usize, usize)>,
    /// The body folded for matching; `None`: the catalog folds it when adding.
    pub body: Option<PreparedBody>,
}

/// One file's or folder's talks, ready for `Catalog::add`.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub path: PathBuf,
    pub talks: Vec<Prepared>,
    pub warnings: Vec<LoadError>,
    /// The conference's own first and last days, when its document gives them (see `Batch::days`).
    pub days: Option<(String, String)>,
}

/// Folds the bodies of `batch` (the slow half of indexing): call it off the thread that owns the catalog.
pub fn prepare(batch: Batch) -> Loaded {
    let mut loaded = Loaded::unprepared(batch);
    for p in &mut loaded.talks {
        p.body = Some(PreparedBody::new(&p.talk));
    }
    loaded
}

/// The folded bodies of `talks`, in order, split across the cores.
pub(super) fn fold_bodies<T: std::borrow::Borrow<Talk> + Sync>(talks: &[T]) -> Vec<PreparedBody> {
    fold_bodies_with(talks, PreparedBody::new)
}

/// `fold_bodies` with another way to prepare a body.
pub(super) fn fold_bodies_with<T: std::borrow::Borrow<Talk> + Sync>(
    talks: &[T],
    prepare: fn(&Talk) -> PreparedBody,
) -> Vec<PreparedBody> {
    let fold = |t: &T| prepare(t.borrow());
    // A folder's worth of talks (a parse, not the cache, feeds them one at a time) folds here: a thread
    // would cost more than it shares out.
    if talks.len() < INLINE_FOLD {
        return talks.iter().map(fold).collect();
    }
    let threads = crate::store::parallel::cores().min(8);
    let run = talks.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = talks
            .chunks(run)
            .map(|part| scope.spawn(move || part.iter().map(fold).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .zip(talks.chunks(run))
            // A fold that panicked is done again here, where the panic is reported.
            .flat_map(|(h, part)| h.join().unwrap_or_else(|_| part.iter().map(fold).collect()))
            .collect()
    })
}

impl Loaded {
    /// `batch` as it is; the catalog folds the bodies itself.
    pub fn unprepared(batch: Batch) -> Loaded {
        let Batch {
            path,
            talks,
            positions,
            warnings,
            days,
        } = batch;
        let talks = talks
            .into_iter()
            .enumerate()
            .map(|(i, talk)| Prepared {
                talk,
                position: positions.get(i).copied().flatten(),
                body: None,
            })
            .collect();
        Loaded {
            path,
            talks,
            warnings,
            days,
        }
    }

    /// Problems only (a note from the load cache), no talks.
    pub fn warnings(warnings: Vec<LoadError>) -> Loaded {
        Loaded {
            warnings,
            ..Loaded::default()
        }
    }

    /// Back into the store's shape, with the folded bodies by batch position.
    pub(super) fn into_batch(self) -> (Batch, Vec<Option<PreparedBody>>) {
        let mut talks = Vec::with_capacity(self.talks.len());
        let mut positions = Vec::with_capacity(self.talks.len());
        let mut bodies = Vec::with_capacity(self.talks.len());
        for p in self.talks {
            talks.push(p.talk);
            positions.push(p.position);
            bodies.push(p.body);
        }
        let batch = Batch {
            path: self.path,
            talks,
            positions,
            warnings: self.warnings,
            days: self.days,
        };
        (batch, bodies)
    }
}

/// The load cache's `Derived` bytes for the catalog: every batch's bodies folded for the search, so a
/// warm start reads them back rather than folding them again; `read` as in `Derived`.
pub fn folded_bodies(read: bool) -> Derived {
    Derived {
        make: crate::search::encode_bodies,
        read,
    }
}

/// `batch` with the bodies the cache kept for it, when they still fit its talks.
pub(super) fn with_cached_bodies(batch: Batch, derived: Option<Vec<u8>>) -> Loaded {
    let bodies = derived.and_then(|bytes| crate::search::decode_bodies(&bytes, &batch.talks));
    let mut loaded = Loaded::unprepared(batch);
    for (p, body) in loaded.talks.iter_mut().zip(bodies.into_iter().flatten()) {
        p.body = Some(body);
    }
    loaded
}

/// Loads `sources` in the background, through `cache` when given: `deliver` gets each batch, bodies
/// folded (or read back from the cache), in source order. Sources whose files are unchanged come from the
/// cache; the others are parsed and then cached (written once the last batch is handed on: loading is done
/// on screen first). A cache file that had to be ignored comes as a batch of warnings. The handle ends
/// after the last `deliver`.
pub fn stream(
    sources: Vec<Source>,
    cache: Option<Cache>,
    deliver: impl Fn(Loaded) + Send + 'static,
) -> JoinHandle<()> {
    // Bounded: a cache decodes faster than bodies fold, and batches waiting here are memory.
    let (parsed_tx, parsed_rx) = sync_channel(PARSED_AHEAD);
    let cache = cache.map(|c| c.with_derived(folded_bodies(true)));
    std::thread::spawn(move || {
        let send = |batch, derived| drop(parsed_tx.send((batch, derived)));
        let mut outcome = crate::store::cache::load_sources_cached(&sources, cache.as_ref(), send);
        if !outcome.notes.is_empty() {
            let warnings = std::mem::take(&mut outcome.notes)
                .into_iter()
                .map(|n| LoadError::file("note", n))
                .collect();
            let notes = Batch {
                warnings,
                ..Batch::default()
            };
            drop(parsed_tx.send((notes, None)));
        }
        drop(parsed_tx);
        // A failed cache write costs only a slower next start, so it is not reported.
        let _ = outcome.write_in_background().join();
    });
    std::thread::spawn(move || {
        while let Ok(first) = parsed_rx.recv() {
            // What is ready now folds as one group on every core, then goes on in order.
            let mut group = vec![first];
            let mut talks = group[0].0.talks.len();
            while talks < GROUP_TALKS
                && let Ok(next) = parsed_rx.try_recv()
            {
                talks += next.0.talks.len();
                group.push(next);
            }
            let mut loaded: Vec<Loaded> = group
                .into_iter()
                .map(|(batch, derived)| with_cached_bodies(batch, derived))
                .collect();
            // What the cache did not have folds here.
            let unfolded: Vec<&mut Prepared> = loaded
                .iter_mut()
                .flat_map(|l| l.talks.iter_mut().filter(|p| p.body.is_none()))
                .collect();
            let talks: Vec<&Talk> = unfolded.iter().map(|p| &p.talk).collect();
            let bodies = fold_bodies(&talks);
            for (p, body) in unfolded.into_iter().zip(bodies) {
                p.body = Some(body);
            }
            for l in loaded {
                deliver(l);
            }
        }
    })
}
