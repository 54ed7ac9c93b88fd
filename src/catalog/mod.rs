//! The talks as every front end sees them: the store, the search index over it and the people who speak,
//! kept in step. Loaded talks come in one way only, [`Catalog::add`], for the TUI (batch by batch, while
//! the loader streams) and the CLI (all at once, [`Catalog::load`]) alike.
//!
//! The index sits behind a lock shared with the search worker (`search::SearchWorker`): the worker
//! takes it for one chunk of talks at a time, so adding a batch waits at most a chunk.
mod loading;

pub use loading::{Loaded, Prepared, folded_bodies, prepare, stream};

use crate::search::{Hit, NoteLookup, PreparedBody, SearchIndex, SharedIndex};
use crate::speakers::{SpeakerIndex, SpeakerRules};
use crate::store::{BatchAdded, LoadError, Source, Store, Talk};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Store + search index + speaker index.
#[derive(Debug)]
pub struct Catalog {
    store: Store,
    index: SharedIndex,
    people: SpeakerIndex,
    /// Entries that are conference overviews, not talks (kept so the list need not count them per keystroke).
    overviews: usize,
    /// The index is built at its first use rather than per batch (the CLI: `list` and `show` never
    /// search, and folding every body is most of their work). Until then it is empty.
    deferred: AtomicBool,
    /// While deferred: bodies already folded (read back from the load cache), by store position.
    unindexed: std::sync::Mutex<Vec<Option<PreparedBody>>>,
    /// Counts the changes to the talks (added, merged, updated, cancelled), for what is worked out from
    /// them to tell it is current (the list's order of every talk).
    version: u64,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new(Store::default(), &SpeakerRules::default())
    }
}

impl Catalog {
    /// A catalog over the talks already in `store`, people merged by `rules`.
    pub fn new(store: Store, rules: &SpeakerRules) -> Catalog {
        let index = SearchIndex::new(&store.talks);
        let people = SpeakerIndex::build(&store.talks, rules);
        Catalog {
            index: Arc::new(RwLock::new(index)),
            overviews: count_overviews(&store.talks),
            store,
            people,
            deferred: AtomicBool::new(false),
            unindexed: std::sync::Mutex::default(),
            version: 0,
        }
    }

    /// Loads every source (through the load cache when given), blocking: the CLI's way in. The cache
    /// notes ("cache ignored: …") and a handle that finishes writing the cache are returned beside it.
    /// `searched`: the catalog will be searched, so the folded bodies the cache kept are read too.
    pub fn load(
        sources: &[Source],
        cache: Option<&crate::store::cache::Cache>,
        rules: &SpeakerRules,
        searched: bool,
    ) -> (Catalog, crate::store::cache::Outcome) {
        let mut catalog = Catalog::new(Store::default(), rules);
        catalog.deferred = AtomicBool::new(true);
        let cache = cache.map(|c| c.clone().with_derived(folded_bodies(searched)));
        let outcome =
            crate::store::cache::load_sources_cached(sources, cache.as_ref(), |batch, derived| {
                catalog.add(loading::with_cached_bodies(batch, derived));
            });
        (catalog, outcome)
    }

    /// Adds one loaded batch: new talks are appended to the store, the index and the people; talks
    /// that merges changed are indexed afresh.
    pub fn add(&mut self, loaded: Loaded) -> BatchAdded {
        self.version += 1;
        let (batch, mut bodies) = loaded.into_batch();
        let added = self.store.add_batch(batch);
        let talks = &self.store.talks;
        self.overviews = if added.changed.is_empty() {
            self.overviews + count_overviews(&talks[added.from..])
        } else {
            // A merge may have changed what an older entry is.
            count_overviews(talks)
        };
        if self.deferred.load(Ordering::Acquire) {
            let mut unindexed = lock(&self.unindexed);
            unindexed.extend(
                added
                    .appended
                    .iter()
                    .map(|&at| bodies.get_mut(at).and_then(Option::take)),
            );
            drop(unindexed);
            for &i in &added.changed {
                self.reindex(i);
            }
        } else {
            let mut index = write(&self.index);
            for (talk, &at) in talks[added.from..].iter().zip(&added.appended) {
                match bodies.get_mut(at).and_then(Option::take) {
                    Some(body) => index.push_prepared(talk, body),
                    None => index.push(talk),
                }
            }
            for &i in &added.changed {
                index.replace(i, &talks[i]);
            }
        }
        for i in (added.from..talks.len()).chain(added.changed.iter().copied()) {
            self.people.add_talk(i, &talks[i]);
        }
        added
    }

    /// A new copy of a source already loaded (a subscription refreshed while the TUI runs). A talk whose id
    /// is known takes the copy's title, speakers, schedule and body (when it has one), keeping what other
    /// sources merged into it (links, tags, a recording); new ids are added; talks the copy no longer has
    /// are left to [`Catalog::cancel`] (the copy alone cannot tell them from talks of other sources).
    /// Returns (updated, added).
    pub fn update_from(&mut self, batch: crate::store::Batch) -> (usize, usize) {
        self.version += 1;
        let crate::store::Batch {
            path,
            talks,
            positions,
            days,
            ..
        } = batch;
        let (mut fresh, mut fresh_positions) = (Vec::new(), Vec::new());
        let (mut updated, mut speakers_changed) = (0, false);
        for (k, talk) in talks.into_iter().enumerate() {
            let Some(i) = self.store.position(&talk.id) else {
                fresh.push(talk);
                fresh_positions.push(positions.get(k).copied().flatten());
                continue;
            };
            let kept = &mut self.store.talks[i];
            let body = !talk.body.is_empty() && kept.body != talk.body;
            if kept.title == talk.title
                && kept.speakers == talk.speakers
                && kept.schedule == talk.schedule
                && !body
            {
                continue;
            }
            speakers_changed |= kept.speakers != talk.speakers;
            kept.title = talk.title;
            kept.speakers = talk.speakers;
            kept.schedule = talk.schedule;
            if body {
                kept.body = talk.body;
            }
            self.reindex(i);
            updated += 1;
        }
        if speakers_changed {
            self.people.rebuild(&self.store.talks);
        }
        if updated > 0 {
            // A copy may turn an entry into an overview or back.
            self.overviews = count_overviews(&self.store.talks);
        }
        let added = fresh.len();
        if added > 0 {
            self.add(Loaded::unprepared(crate::store::Batch {
                path,
                talks: fresh,
                positions: fresh_positions,
                warnings: Vec::new(),
                days,
            }));
        }
        (updated, added)
    }

    /// Marks talk `id` as cancelled, as a refreshed copy that dropped it says: it keeps its title, speakers
    /// and notes, takes the `cancelled` tag and `notice` as its body, and loses its time and room, so the
    /// schedule, the agenda and the calendar export leave it out, just as the stand-in the next start
    /// makes for it does. False when there is no such talk or it is already marked.
    pub fn cancel(&mut self, id: &str, notice: String) -> bool {
        self.version += 1;
        let Some(i) = self.store.position(id) else {
            return false;
        };
        let talk = &mut self.store.talks[i];
        if talk
            .tags
            .iter()
            .any(|t| t == crate::subscribe::changes::CANCELLED_TAG)
        {
            return false;
        }
        talk.tags
            .push(crate::subscribe::changes::CANCELLED_TAG.into());
        talk.body = notice.into();
        // Its kind goes with its schedule: an overview the copy dropped is no longer counted as one.
        if talk.is_overview() {
            self.overviews -= 1;
        }
        talk.schedule = crate::store::ScheduleSlot::default();
        self.reindex(i);
        true
    }

    /// Talk `i` changed: indexed afresh, or (deferred) its body folded again when the index is built.
    fn reindex(&self, i: usize) {
        if self.deferred.load(Ordering::Acquire) {
            if let Some(body) = lock(&self.unindexed).get_mut(i) {
                *body = None;
            }
        } else {
            write(&self.index).replace(i, &self.store.talks[i]);
        }
    }

    /// Adds talks made up here rather than loaded (the scratch pages, stand-ins for cancelled talks).
    pub fn add_talks(&mut self, path: &str, talks: Vec<Talk>) -> BatchAdded {
        let batch = crate::store::Batch {
            path: path.into(),
            positions: vec![None; talks.len()],
            talks,
            ..crate::store::Batch::default()
        };
        self.add(Loaded::unprepared(batch))
    }

    /// Changes whenever a talk is added or changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The talks, in store order (a talk's position is its index everywhere: rows, hits, people).
    pub fn talks(&self) -> &[Talk] {
        &self.store.talks
    }

    /// How many of the talks are talks (not conference overviews).
    pub fn talk_count(&self) -> usize {
        self.store.talks.len() - self.overviews
    }

    /// Whether any entry is a conference overview.
    pub fn has_overviews(&self) -> bool {
        self.overviews > 0
    }

    /// The store (ids, warnings, merge counts).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Problems met while loading.
    pub fn warnings(&self) -> &[LoadError] {
        &self.store.warnings
    }

    /// The search index, for highlighting and one-shot searches (shared with the search worker).
    pub fn index(&self) -> RwLockReadGuard<'_, SearchIndex> {
        self.build_deferred();
        read(&self.index)
    }

    /// The lock around the index, for a search worker.
    pub fn shared_index(&self) -> SharedIndex {
        self.build_deferred();
        Arc::clone(&self.index)
    }

    /// Indexes every talk now if the index was deferred, folding the bodies on every core.
    fn build_deferred(&self) {
        self.build_deferred_with(PreparedBody::new);
    }

    /// `build_deferred`, each body not folded yet prepared by `prepare`.
    fn build_deferred_with(&self, prepare: fn(&Talk) -> PreparedBody) {
        if !self.deferred.load(Ordering::Acquire) {
            return;
        }
        let mut index = write(&self.index);
        if !self.deferred.load(Ordering::Acquire) {
            return; // Another thread built it while this one waited for the lock.
        }
        let talks = &self.store.talks;
        let mut ready = std::mem::take(&mut *lock(&self.unindexed));
        ready.resize_with(talks.len(), || None);
        let unfolded: Vec<&Talk> = (talks.iter().zip(&ready))
            .filter(|(_, body)| body.is_none())
            .map(|(talk, _)| talk)
            .collect();
        let mut folded = loading::fold_bodies_with(&unfolded, prepare).into_iter();
        for (talk, body) in talks.iter().zip(ready) {
            match body.or_else(|| folded.next()) {
                Some(body) => index.push_prepared(talk, body),
                None => index.push(talk),
            }
        }
        self.deferred.store(false, Ordering::Release);
    }

    /// The people who speak in the talks.
    pub fn people(&self) -> &SpeakerIndex {
        &self.people
    }

    /// Applies the user's `[speakers]` rules (the people are rebuilt over the talks loaded so far).
    pub fn set_speaker_rules(&mut self, rules: &SpeakerRules) {
        self.people = SpeakerIndex::build(&self.store.talks, rules);
    }

    /// Lets `speaker:` terms find person `person`'s talks by every name they go by (spellings, aliases).
    pub fn alias_talks_of(&mut self, person: usize) {
        self.build_deferred();
        let Some(found) = self.people.people().get(person) else {
            return;
        };
        let mut index = write(&self.index);
        for &t in &found.talks {
            index.set_aliases(t, &self.people.aliases_for(&self.store.talks[t]));
        }
    }

    /// `alias_talks_of` for everyone (the CLI, before its one search: a pass over every talk, so not at
    /// start-up). A deferred index is built for that one scan (no filters for ASCII bodies).
    pub fn alias_all(&mut self) {
        self.build_deferred_with(PreparedBody::for_one_scan);
        self.set_all_aliases();
    }

    /// Readies the index for one search of `query` (the CLI's): like `alias_all`, but the aliases are
    /// only worked out when a term is scoped to speakers, the only terms that read them (they were a
    /// fifth of a 22k-talk `confnotes search`).
    pub fn prepare_one_search(&mut self, query: &str) {
        self.build_deferred_with(PreparedBody::for_one_scan);
        if crate::search::parse_query(query).scopes_speakers() {
            self.set_all_aliases();
        }
    }

    fn set_all_aliases(&mut self) {
        let mut index = write(&self.index);
        for (i, talk) in self.store.talks.iter().enumerate() {
            index.set_aliases(i, &self.people.aliases_for(talk));
        }
    }

    /// Answers `query` in one go (the CLI's `search`), with highlights, `now` for time terms.
    pub fn search(&self, query: &str, notes: &dyn NoteLookup, now: jiff::Timestamp) -> Vec<Hit> {
        self.index().search_at(query, notes, now)
    }
}

/// How many of `talks` are conference overviews rather than talks.
fn count_overviews(talks: &[Talk]) -> usize {
    talks.iter().filter(|t| t.is_overview()).count()
}

/// A poisoned lock means a panic elsewhere mid-update of the index; the index itself stays usable
/// (a push either happened or not), and the panic is reported where it happened.
fn read(index: &SharedIndex) -> RwLockReadGuard<'_, SearchIndex> {
    index
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write(index: &SharedIndex) -> RwLockWriteGuard<'_, SearchIndex> {
    index
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests;
