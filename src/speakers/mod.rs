//! Speakers as people: every spelling of one person (accents, case, dots, Unicode normal forms, the user's
//! declared aliases) under one display name, with their talks across conferences and years. Plain Rust: the
//! TUI and the CLI both build it from the store's talks, and it grows as batches stream in.
mod key;
mod rules;
#[cfg(test)]
mod tests;

pub use key::speaker_key;
pub use rules::SpeakerRules;

use crate::store::Talk;
/// SipHash was the slow part of indexing 30k names; foldhash is still seeded per process.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// One spelling of a person's name and how many of their talks use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub text: String,
    pub talks: usize,
}

/// One person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Every spelling seen on a talk, in the order first seen.
    pub spellings: Vec<Spelling>,
    /// Store positions of their talks, ascending, each once.
    pub talks: Vec<usize>,
    /// The name and aliases the user declared in `[speakers]`, if any.
    declared: Option<(String, Vec<String>)>,
}

impl Person {
    /// The display name: the one the user declared, else the most used spelling; on a tie the one with
    /// diacritics ("Benoît" over "Benoit"), then the first seen.
    pub fn name(&self) -> &str {
        if let Some((name, _)) = &self.declared {
            return name;
        }
        let mut best: Option<&Spelling> = None;
        for s in &self.spellings {
            let better = best.is_none_or(|b| {
                (s.talks, key::has_diacritics(&s.text)) > (b.talks, key::has_diacritics(&b.text))
            });
            if better {
                best = Some(s);
            }
        }
        best.map_or("", |s| &s.text)
    }

    /// Every other name of the person: the spellings seen and the aliases declared, without the display name.
    pub fn aliases(&self) -> Vec<&str> {
        let name = self.name();
        let declared = self.declared.iter().flat_map(|(_, a)| a.iter());
        let mut out: Vec<&str> = Vec::new();
        for a in self
            .spellings
            .iter()
            .map(|s| s.text.as_str())
            .chain(declared.map(String::as_str))
        {
            if a != name && !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }
}

/// Every person met on the talks added so far.
#[derive(Debug, Default)]
pub struct SpeakerIndex {
    people: Vec<Person>,
    /// Normalised key (see `speaker_key`, `SpeakerRules`) → person.
    by_key: HashMap<String, usize>,
    /// Exact spelling → (person, spelling number): most spellings recur, and this skips normalising them.
    by_spelling: HashMap<String, (usize, usize)>,
    rules: rules::Resolved,
    /// Reused for each new spelling's key: a new spelling of a known person allocates nothing for it.
    scratch: String,
}

impl SpeakerIndex {
    /// An empty index that will apply `rules`.
    pub fn new(rules: &SpeakerRules) -> SpeakerIndex {
        SpeakerIndex {
            rules: rules::Resolved::new(rules),
            ..SpeakerIndex::default()
        }
    }

    /// The index of `talks` (position i = store position i).
    pub fn build(talks: &[Talk], rules: &SpeakerRules) -> SpeakerIndex {
        // No `reserve`: sized for every talk, the tables cost more in page faults than growing saves.
        let mut index = SpeakerIndex::new(rules);
        for (i, talk) in talks.iter().enumerate() {
            index.add_talk(i, talk);
        }
        index
    }

    /// The index built again over `talks` with the same rules (after talks lost speakers: `add_talk` only
    /// ever adds).
    pub fn rebuild(&mut self, talks: &[Talk]) {
        let rules = std::mem::take(&mut self.rules);
        *self = SpeakerIndex {
            rules,
            ..SpeakerIndex::default()
        };
        for (i, talk) in talks.iter().enumerate() {
            self.add_talk(i, talk);
        }
    }

    /// Adds the talk at store position `position`. Adding a talk again (after a merge gave it more speakers)
    /// only adds what is new.
    pub fn add_talk(&mut self, position: usize, talk: &Talk) {
        for speaker in &talk.speakers {
            let Some((person, spelling)) = self.locate(speaker) else {
                continue;
            };
            let p = &mut self.people[person];
            match p.talks.binary_search(&position) {
                // Already listed (a re-add, or two spellings on one talk): a new spelling still counts once.
                Ok(_) if p.spellings[spelling].talks > 0 => {}
                Ok(_) => p.spellings[spelling].talks += 1,
                Err(at) => {
                    p.talks.insert(at, position);
                    p.spellings[spelling].talks += 1;
                }
            }
        }
    }

    /// The person and spelling number of `speaker`, created when new; `None` for a name that is no one.
    fn locate(&mut self, speaker: &str) -> Option<(usize, usize)> {
        if let Some(&found) = self.by_spelling.get(speaker) {
            return Some(found);
        }
        let mut key = std::mem::take(&mut self.scratch);
        self.rules.key_into(speaker, &mut key);
        let found = (!key.is_empty()).then(|| self.locate_key(&key, speaker));
        self.scratch = key;
        found
    }

    fn locate_key(&mut self, key: &str, speaker: &str) -> (usize, usize) {
        let person = match self.by_key.get(key) {
            Some(&p) => p,
            None => {
                self.people.push(Person {
                    spellings: Vec::with_capacity(1),
                    talks: Vec::with_capacity(1),
                    declared: self.rules.declared(key).cloned(),
                });
                self.by_key.insert(key.to_string(), self.people.len() - 1);
                self.people.len() - 1
            }
        };
        let spellings = &mut self.people[person].spellings;
        spellings.push(Spelling {
            text: speaker.to_string(),
            talks: 0,
        });
        let found = (person, spellings.len() - 1);
        self.by_spelling.insert(speaker.to_string(), found);
        found
    }

    /// Every person, in the order first met.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The person a spelling belongs to (under the same rules as the talks'), if any talk names them.
    pub fn person(&self, spelling: &str) -> Option<&Person> {
        let mut key = String::new();
        self.rules.key_into(spelling, &mut key);
        self.by_key.get(&key).map(|&p| &self.people[p])
    }

    /// The other names of `talk`'s speakers (spellings seen elsewhere, declared aliases): what a
    /// `speaker:` query also matches on this talk.
    pub fn aliases_for(&self, talk: &Talk) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for person in talk.speakers.iter().filter_map(|s| self.person(s)) {
            let names = std::iter::once(person.name()).chain(person.aliases());
            for name in names {
                if !talk.speakers.iter().any(|s| s == name) && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// People (indices into `people()`) sorted by display name, accents and case folded.
    pub fn by_name(&self) -> Vec<usize> {
        let keys: Vec<String> = self
            .people
            .iter()
            .map(|p| crate::text::fold(p.name()))
            .collect();
        let mut order: Vec<usize> = (0..self.people.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
        order
    }

    /// People matching `query` (fuzzy on the display name and every alias, each word must match), best first;
    /// a blank query gives everyone by name.
    pub fn ranked(&self, query: &str) -> Vec<usize> {
        PeopleFinder::new(self).find(query)
    }
}

/// Everyone's names folded once, sorted by display name: ranking people per keystroke then costs a scan.
#[derive(Debug, Clone, Default)]
pub struct PeopleFinder {
    /// (person, their display name then aliases, folded), by display name.
    entries: Vec<(usize, Vec<crate::search::FoldedName>)>,
}

impl PeopleFinder {
    /// Prepares every person of `index`.
    pub fn new(index: &SpeakerIndex) -> PeopleFinder {
        let entries = (index.by_name().into_iter())
            .map(|i| {
                let p = &index.people[i];
                let names = std::iter::once(p.name()).chain(p.aliases());
                (i, names.map(crate::search::FoldedName::new).collect())
            })
            .collect();
        PeopleFinder { entries }
    }

    /// People matching `query` (each word fuzzy in the name or an alias), best first, ties by name; everyone
    /// by name for a blank query.
    pub fn find(&self, query: &str) -> Vec<usize> {
        let query = crate::search::NameQuery::new(query);
        if query.is_empty() {
            return self.entries.iter().map(|(i, _)| *i).collect();
        }
        let mut scored: Vec<(i64, usize)> = (self.entries.iter())
            .filter_map(|(i, names)| query.score(names).map(|s| (s, *i)))
            .collect();
        // Stable: equal scores stay in name order.
        scored.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}
