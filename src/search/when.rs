//! The time scopes of the query language (`day:`, `time:`, `is:now`, `is:next`): parsing their values, and
//! testing a talk's schedule against them at a given "now" (the caller's clock, never read here).
use super::query::DayTerm;
use crate::store::Talk;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

/// `2024-12-27`, `today`, `tomorrow`.
pub fn parse_day(value: &str) -> Option<DayTerm> {
    match value {
        "today" => Some(DayTerm::Today),
        "tomorrow" => Some(DayTerm::Tomorrow),
        v => v.parse::<Date>().ok().map(DayTerm::Date),
    }
}

/// `14:00..16:00`, `14:00..`, `..16:00`, `14:00` (then `from == to`); hours alone (`14..16`) too.
pub fn parse_time_range(value: &str) -> Option<(Time, Time)> {
    let time = |s: &str| -> Option<Time> {
        let mut parts = s.split(':');
        let h: i8 = parts.next()?.parse().ok()?;
        let m: i8 = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        if parts.next().is_some() || s.is_empty() {
            return None;
        }
        Time::new(h, m, 0, 0).ok()
    };
    match value.split_once("..") {
        None => time(value).map(|t| (t, t)),
        Some(("", "")) => None,
        Some((a, "")) => Some((time(a)?, Time::MAX)),
        Some(("", b)) => Some((Time::MIN, time(b)?)),
        Some((a, b)) => Some((time(a)?, time(b)?)),
    }
}

/// What the time scopes need of a talk, worked out once when it is indexed.
#[derive(Debug, Clone)]
pub struct Slot {
    start: Timestamp,
    end: Option<Timestamp>,
    zone: TimeZone,
    local_start: DateTime,
    local_end: Option<DateTime>,
}

impl Slot {
    /// The talk's slot, if it has a start.
    pub fn of(talk: &Talk) -> Option<Slot> {
        let zone = talk.zone()?;
        let start = talk.schedule.start?.timestamp;
        let end = talk.schedule.end.map(|e| e.timestamp);
        Some(Slot {
            start,
            end,
            local_start: zone.to_datetime(start),
            local_end: end.map(|e| zone.to_datetime(e)),
            zone,
        })
    }

    /// Whether the talk starts on `day` (its local day; today and tomorrow in its zone at `now`).
    pub fn on_day(&self, day: DayTerm, now: Timestamp) -> bool {
        let today = || self.zone.to_datetime(now).date();
        let wanted = match day {
            DayTerm::Date(d) => Some(d),
            DayTerm::Today => Some(today()),
            DayTerm::Tomorrow => today().tomorrow().ok(),
        };
        wanted == Some(self.local_start.date())
    }

    /// Whether the talk is on at some point between local `from` and `to` on its day (a window that wraps past
    /// midnight runs into the next day); with `from == to`, whether it is on at that time.
    pub fn in_hours(&self, from: Time, to: Time) -> bool {
        let day = self.local_start.date();
        let w_from = day.to_datetime(from);
        let w_to = if to < from {
            day.tomorrow().map_or(DateTime::MAX, |d| d.to_datetime(to))
        } else {
            day.to_datetime(to)
        };
        let start = self.local_start;
        match self.local_end {
            Some(end) if from == to => start <= w_from && w_from < end,
            Some(end) => start < w_to && end > w_from,
            None if from == to => start == w_from,
            None => w_from <= start && start < w_to,
        }
    }

    /// Whether the talk runs at `now`.
    pub fn running_at(&self, now: Timestamp) -> bool {
        self.end.is_some_and(|end| self.start <= now && now < end)
    }

    /// Whether the talk starts within the hour after `now`.
    pub fn starts_soon(&self, now: Timestamp) -> bool {
        let until = self.start.duration_since(now);
        until >= jiff::SignedDuration::ZERO && until < crate::store::schedule::SOON
    }
}

#[cfg(test)]
mod tests {
    use crate::search::{NoNotes, SearchIndex, Searcher};
    use crate::store::{Moment, Schedule, Talk};

    fn scheduled(title: &str, start: &str, end: Option<&str>, room: &str, lang: &str) -> Talk {
        Talk {
            id: format!("c/{title}"),
            title: title.into(),
            conference: "C".into(),
            year: 2024,
            schedule: Schedule {
                start: Moment::parse(start),
                end: end.and_then(Moment::parse),
                time_zone: Some("Europe/Berlin".into()),
                room: Some(room.into()),
                track: Some("Security".into()),
                language: Some(lang.into()),
                ..Schedule::default()
            }
            .into(),
            ..Talk::default()
        }
    }

    fn talks() -> Vec<Talk> {
        vec![
            scheduled(
                "opening",
                "2024-12-27T10:30:00+01:00",
                Some("2024-12-27T11:00:00+01:00"),
                "Saal 1",
                "en",
            ),
            scheduled(
                "afternoon",
                "2024-12-27T14:30:00+01:00",
                Some("2024-12-27T15:30:00+01:00"),
                "Saal 2",
                "de",
            ),
            // Written in UTC: 00:30 in Berlin on the 28th.
            scheduled(
                "late",
                "2024-12-27T23:30:00Z",
                Some("2024-12-28T00:30:00Z"),
                "Saal 1",
                "en",
            ),
            Talk {
                id: "c/unscheduled".into(),
                title: "unscheduled".into(),
                ..Talk::default()
            },
        ]
    }

    fn titles(query: &str, now: &str) -> Vec<String> {
        let talks = talks();
        let index = SearchIndex::new(&talks);
        let now = Moment::parse(now).unwrap().timestamp;
        let mut found: Vec<String> = index
            .search_at(query, &NoNotes, now)
            .iter()
            .map(|h| talks[h.index].title.clone())
            .collect();
        found.sort();
        found
    }

    const MORNING: &str = "2024-12-27T10:45:00+01:00";

    #[test]
    fn room_track_and_language_scopes() {
        assert_eq!(titles("room:saal1", MORNING), ["late", "opening"]);
        assert_eq!(titles("room:\"saal 2\"", MORNING), ["afternoon"]);
        assert_eq!(titles("lang:de", MORNING), ["afternoon"]);
        assert_eq!(titles("track:secu", MORNING).len(), 3);
        // A bare word does not look in rooms.
        assert!(titles("saal", MORNING).is_empty());
    }

    #[test]
    fn days_are_local_to_the_conference() {
        assert_eq!(titles("day:2024-12-27", MORNING), ["afternoon", "opening"]);
        assert_eq!(titles("day:2024-12-28", MORNING), ["late"]);
        assert_eq!(titles("day:today", MORNING), ["afternoon", "opening"]);
        assert_eq!(titles("day:tomorrow", MORNING), ["late"]);
        // 23:30 UTC on the 27th is already the 28th in Berlin.
        assert_eq!(titles("day:today", "2024-12-27T23:30:00Z"), ["late"]);
        assert_eq!(titles("!day:today", MORNING), ["late", "unscheduled"]);
    }

    #[test]
    fn hours_are_local_wall_times() {
        assert_eq!(titles("time:14:00..16:00", MORNING), ["afternoon"]);
        assert_eq!(titles("time:10:50", MORNING), ["opening"]);
        assert_eq!(
            titles("time:11:00", MORNING),
            Vec::<String>::new(),
            "ends at 11:00"
        );
        assert_eq!(titles("time:00:00..01:00", MORNING), ["late"]);
        assert_eq!(titles("time:15..", MORNING), ["afternoon"]);
        assert_eq!(titles("time:..10:31", MORNING), ["late", "opening"]);
    }

    #[test]
    fn now_and_next_follow_the_given_clock() {
        assert_eq!(titles("is:now", MORNING), ["opening"]);
        assert!(titles("is:next", MORNING).is_empty());
        assert_eq!(
            titles("is:next", "2024-12-27T13:40:00+01:00"),
            ["afternoon"]
        );
        assert_eq!(
            titles("is:now | is:next", "2024-12-28T00:00:00+01:00"),
            ["late"]
        );
        // Without a clock, nothing is "now".
        let talks = talks();
        assert!(
            SearchIndex::new(&talks)
                .search("is:now", &NoNotes)
                .is_empty()
        );
    }

    #[test]
    fn the_searcher_recomputes_now_queries_when_the_clock_moves() {
        let talks = talks();
        let index = SearchIndex::new(&talks);
        let mut searcher = Searcher::with_threads(1);
        searcher.set_now(Moment::parse(MORNING).unwrap().timestamp);
        assert_eq!(searcher.search(&index, "is:now", &NoNotes).len(), 1);
        searcher.set_now(
            Moment::parse("2024-12-27T15:00:00+01:00")
                .unwrap()
                .timestamp,
        );
        let hits = searcher.search(&index, "is:now", &NoNotes);
        assert_eq!(hits.len(), 1);
        assert_eq!(talks[hits[0].index].title, "afternoon");
        // Narrowing from a cached `is:now` of another time must not reuse its hits.
        searcher.set_now(Moment::parse(MORNING).unwrap().timestamp);
        let hits = searcher.search(&index, "is:now room:saal", &NoNotes);
        assert_eq!(hits.len(), 1);
        assert_eq!(talks[hits[0].index].title, "opening");
    }
}
