//! Matching off the UI thread, as fzf, television and nucleo do it: the owner of the index sends each
//! query as a [`SearchRequest`] and goes on (the typed key is drawn at once); the worker thread scores it
//! on every core in chunks and publishes [`SearchResults`] back through a callback.
//!
//! - A burst of keys becomes one pass: the worker takes only the newest waiting request.
//! - A new request cancels a stale pass: an atomic generation, checked before every chunk.
//! - A long pass shows its best hits so far; a pass with many hits shows them all with the top rows ranked,
//!   then everything in order (an answer the screen rarely sees: only rows past the top move).
//! - The index stays with its owner behind a lock, taken per chunk, so loading goes on while it searches.
use super::rank::{NotesTable, Ranked};
use super::searcher::{Pass, PassControl};
use super::{NoteLookup, NoteRef, Scored, Searcher, SharedIndex};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// The personal notes as one search sees them, built once per change of the notes and shared by
/// requests (the same snapshot lets the worker keep narrowing from earlier hits).
#[derive(Debug, Clone, Default)]
pub struct NotesSnapshot(Arc<NotesTable>);

/// The same snapshot, not equal contents: what lets the worker keep its cached hits.
impl PartialEq for NotesSnapshot {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for NotesSnapshot {}

impl NotesSnapshot {
    /// From the notes of the talks that have any, by store position.
    pub fn new<'a>(notes: impl IntoIterator<Item = (usize, NoteRef<'a>)>, len: usize) -> Self {
        NotesSnapshot(Arc::new(NotesTable::from_notes(notes, len)))
    }

    /// From a lookup over talks `0..len`.
    pub fn from_lookup(notes: &dyn NoteLookup, len: usize) -> Self {
        NotesSnapshot(Arc::new(NotesTable::build(notes, len)))
    }
}

/// One query for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Increases with every request; results carry it, so stale ones can be told apart.
    pub generation: u64,
    pub query: String,
    pub notes: NotesSnapshot,
    /// The instant `is:now`, `is:next` and `day:today` are about.
    pub now: jiff::Timestamp,
}

/// Hits for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub generation: u64,
    /// Talk positions, best first.
    pub hits: Vec<usize>,
    /// False while the pass goes on: `hits` are then the best found so far (the list's top), not all.
    pub complete: bool,
    /// False when only the top rows are in rank order (`searcher::TOP`, far more than a screen), not the
    /// rest: the same hits in order follow.
    pub ordered: bool,
}

/// The handle of a running worker; dropping it ends the thread after its current pass.
pub struct SearchWorker {
    requests: Sender<SearchRequest>,
    latest: Arc<AtomicU64>,
}

impl SearchWorker {
    /// Starts the worker over `index`, scoring on `threads` threads; `publish` is called on the worker's
    /// thread with each (partial or complete) result.
    pub fn spawn(
        index: SharedIndex,
        threads: usize,
        publish: impl Fn(SearchResults) + Send + Sync + 'static,
    ) -> SearchWorker {
        let (requests, rx) = channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::spawn(move || serve(&rx, &index, threads, &seen, &publish));
        SearchWorker { requests, latest }
    }

    /// Asks for `request`, cancelling whatever pass is running for an older one.
    pub fn request(&self, request: SearchRequest) {
        self.latest.fetch_max(request.generation, Ordering::SeqCst);
        // The worker only ends when this handle is dropped: sending cannot fail before.
        let _ = self.requests.send(request);
    }
}

fn serve(
    rx: &Receiver<SearchRequest>,
    index: &SharedIndex,
    threads: usize,
    latest: &AtomicU64,
    publish: &(dyn Fn(SearchResults) + Sync),
) {
    let mut searcher = Searcher::with_threads(threads);
    while let Ok(mut request) = rx.recv() {
        // Only the newest of the waiting requests is worth a pass.
        while let Ok(newer) = rx.try_recv() {
            request = newer;
        }
        searcher.set_now(request.now);
        let control = Control {
            generation: request.generation,
            latest,
            publish,
        };
        loop {
            let notes = Arc::clone(&request.notes.0);
            // A bug in scoring must not leave the owner waiting for an answer forever (it holds the keys
            // typed meanwhile): a panicked pass answers with no hits and a fresh searcher.
            let pass = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                searcher.pass(&**index, &request.query, notes, &control)
            }))
            .unwrap_or_else(|_| {
                searcher = Searcher::with_threads(threads);
                Pass::Failed
            });
            match pass {
                Pass::Failed => {
                    publish(SearchResults {
                        generation: request.generation,
                        hits: Vec::new(),
                        complete: true,
                        ordered: true,
                    });
                    break;
                }
                Pass::Done => {
                    publish(SearchResults {
                        generation: request.generation,
                        hits: searcher.hits().iter().map(|h| h.index).collect(),
                        complete: true,
                        ordered: true,
                    });
                    break;
                }
                Pass::Cancelled => break,
                // Talks arrived mid-pass: the owner usually asks again, but this answer must not be lost.
                Pass::Stale if !control.cancelled() => continue,
                Pass::Stale => break,
            }
        }
    }
}

struct Control<'a> {
    generation: u64,
    latest: &'a AtomicU64,
    publish: &'a (dyn Fn(SearchResults) + Sync),
}

impl PassControl for Control<'_> {
    fn cancelled(&self) -> bool {
        self.latest.load(Ordering::SeqCst) != self.generation
    }

    fn partial(&self, top: &[Scored]) {
        (self.publish)(SearchResults {
            generation: self.generation,
            hits: top.iter().map(|h| h.index).collect(),
            complete: false,
            ordered: false,
        });
    }

    fn ranked_top(&self, hits: &[Ranked]) {
        (self.publish)(SearchResults {
            generation: self.generation,
            hits: hits.iter().map(|r| r.index as usize).collect(),
            complete: true,
            ordered: false,
        });
    }
}

#[cfg(test)]
mod tests;
