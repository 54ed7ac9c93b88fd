//! My agenda: the talks marked planned, by day and start time, with the gaps between them and the talks that
//! overlap flagged; and its export as an iCalendar file (`ics`).
pub mod ics;

use crate::notes::{Notes, Status};
use crate::store::{Store, Talk, schedule::overlaps};
use jiff::SignedDuration;
use jiff::civil::Date;

/// One planned talk in the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its position in the store.
    pub index: usize,
    /// Planned talks of the same day that share some of its time (positions in the store).
    pub overlaps: Vec<usize>,
    /// Free time between the end of the previous planned talk that day and this one's start.
    pub gap_before: Option<SignedDuration>,
}

/// The planned talks of one day (the conference's local date), by start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: Date,
    pub entries: Vec<Entry>,
}

/// The whole agenda.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agenda {
    pub days: Vec<Day>,
    /// Planned talks without a start time (positions in the store, in id order).
    pub unscheduled: Vec<usize>,
}

impl Agenda {
    /// The planned talks of `store` according to `notes`, on `day` only when given.
    pub fn build(store: &Store, notes: &Notes, day: Option<Date>) -> Agenda {
        let mut timed: Vec<(jiff::Timestamp, Date, usize)> = Vec::new();
        let mut unscheduled = Vec::new();
        for (id, note) in notes.iter() {
            if note.status != Status::Planned {
                continue;
            }
            // Orphan notes (a talk no longer loaded) have no time to show.
            let Some(index) = store.position(id) else {
                continue;
            };
            let talk = &store.talks[index];
            match (talk.schedule.start, talk.local_start()) {
                (Some(start), Some(local)) => timed.push((start.timestamp, local.date(), index)),
                _ => unscheduled.push(index),
            }
        }
        // Twins reached by two ids (merged talks) appear once.
        timed.sort_by_key(|&(start, _, index)| (start, index));
        timed.dedup_by_key(|t| t.2);
        unscheduled.sort_unstable();
        unscheduled.dedup();
        if day.is_some() {
            unscheduled.clear();
        }
        let mut days: Vec<Day> = Vec::new();
        for (_, date, index) in timed {
            if day.is_some_and(|d| d != date) {
                continue;
            }
            match days.last_mut() {
                Some(d) if d.date == date => d.entries.push(entry(index)),
                _ => days.push(Day {
                    date,
                    entries: vec![entry(index)],
                }),
            }
        }
        for d in &mut days {
            flag(&store.talks, &mut d.entries);
        }
        Agenda { days, unscheduled }
    }

    /// Every planned talk with a time, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.days.iter().flat_map(|d| &d.entries)
    }
}

fn entry(index: usize) -> Entry {
    Entry {
        index,
        overlaps: Vec::new(),
        gap_before: None,
    }
}

/// Fills in overlaps (every pair of the day) and gaps (from the latest end so far to each start).
fn flag(talks: &[Talk], entries: &mut [Entry]) {
    for i in 0..entries.len() {
        for j in 0..entries.len() {
            if i != j && overlaps(&talks[entries[i].index], &talks[entries[j].index]) {
                let other = entries[j].index;
                entries[i].overlaps.push(other);
            }
        }
    }
    let mut busy_until: Option<jiff::Timestamp> = None;
    for e in entries.iter_mut() {
        let s = &talks[e.index].schedule;
        if let (Some(until), Some(start)) = (busy_until, s.start) {
            let gap = start.timestamp.duration_since(until);
            e.gap_before = (gap > SignedDuration::ZERO).then_some(gap);
        }
        let end = s.end.or(s.start).map(|m| m.timestamp);
        busy_until = busy_until.max(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Timestamp;
    use crate::store::Moment;

    fn talk(id: &str, start: &str, minutes: i64) -> Talk {
        let mut t = Talk {
            id: id.into(),
            title: id.into(),
            ..Talk::default()
        };
        let m = Moment::parse(start).unwrap();
        t.schedule.start = Some(m);
        t.schedule.end = Some(Moment {
            timestamp: m.timestamp + SignedDuration::from_mins(minutes),
            offset: m.offset,
        });
        t.schedule.time_zone = Some("Europe/Berlin".into());
        t
    }

    #[test]
    fn planned_talks_by_day_with_gaps_and_overlaps() {
        let untimed = Talk {
            id: "c/untimed".into(),
            ..Talk::default()
        };
        let store = Store::from_talks(vec![
            talk("c/b", "2024-12-27T11:00:00+01:00", 60),
            talk("c/a", "2024-12-27T10:00:00+01:00", 30),
            talk("c/c", "2024-12-27T11:30:00+01:00", 30),
            talk("c/d", "2024-12-28T00:30:00+01:00", 30),
            talk("c/not-planned", "2024-12-27T10:00:00+01:00", 30),
            untimed,
        ]);
        let mut notes = Notes::default();
        let now = Timestamp::now();
        for id in ["c/a", "c/b", "c/c", "c/d", "c/untimed", "gone/orphan"] {
            notes.set_status(id, Status::Planned, now);
        }
        notes.set_status("c/not-planned", Status::FollowUp, now);
        let agenda = Agenda::build(&store, &notes, None);
        let ids = |d: &Day| -> Vec<&str> {
            d.entries
                .iter()
                .map(|e| store.talks[e.index].id.as_str())
                .collect()
        };
        assert_eq!(agenda.days.len(), 2);
        assert_eq!(ids(&agenda.days[0]), ["c/a", "c/b", "c/c"]);
        assert_eq!(ids(&agenda.days[1]), ["c/d"]);
        let day = &agenda.days[0].entries;
        assert_eq!(day[0].gap_before, None);
        assert_eq!(day[1].gap_before, Some(SignedDuration::from_mins(30)));
        assert_eq!(day[2].gap_before, None, "it starts before b ends");
        assert_eq!(day[1].overlaps, vec![day[2].index]);
        assert_eq!(day[2].overlaps, vec![day[1].index]);
        assert!(day[0].overlaps.is_empty());
        assert_eq!(agenda.unscheduled, vec![5]);

        let one = Agenda::build(&store, &notes, Some(jiff::civil::date(2024, 12, 28)));
        assert_eq!(one.days.len(), 1);
        assert_eq!(ids(&one.days[0]), ["c/d"]);
        assert!(one.unscheduled.is_empty());
    }
}
