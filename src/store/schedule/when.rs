//! Time questions about scheduled talks, answered in the conference's own zone: what the TUI and the search
//! ask (local start and end, length, overlaps, running now, starting soon).
use crate::store::{Moment, Talk};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ZonedDateTime};

/// "Starting soon" means within this long.
pub const SOON: SignedDuration = SignedDuration::from_hours(1);

impl Talk {
    /// The conference's zone: its IANA zone when the schedule names a known one, else the start's offset.
    pub fn zone(&self) -> Option<TimeZone> {
        let named = self
            .schedule
            .time_zone
            .as_deref()
            .and_then(|name| jiff::tz::db().get(name).ok());
        named.or_else(|| self.schedule.start.map(|s| TimeZone::fixed(s.offset)))
    }

    /// The start in the conference's zone.
    pub fn local_start(&self) -> Option<ZonedDateTime> {
        self.in_zone(self.schedule.start?)
    }

    /// The end in the conference's zone.
    pub fn local_end(&self) -> Option<ZonedDateTime> {
        self.in_zone(self.schedule.end?)
    }

    fn in_zone(&self, moment: Moment) -> Option<ZonedDateTime> {
        Some(moment.timestamp.to_zoned_datetime(self.zone()?))
    }

    /// How long the talk runs (None without both start and end).
    pub fn duration(&self) -> Option<SignedDuration> {
        let (start, end) = (self.schedule.start?, self.schedule.end?);
        Some(end.timestamp.duration_since(start.timestamp))
    }

    /// Whether the talk is on at `now` (from its start, up to but not including its end).
    pub fn is_running_at(&self, now: Timestamp) -> bool {
        match (self.schedule.start, self.schedule.end) {
            (Some(start), Some(end)) => start.timestamp <= now && now < end.timestamp,
            _ => false,
        }
    }

    /// Whether the talk starts at `now` or within the hour after it.
    pub fn starts_within_hour(&self, now: Timestamp) -> bool {
        self.schedule.start.is_some_and(|s| {
            let until = s.timestamp.duration_since(now);
            until >= SignedDuration::ZERO && until < SOON
        })
    }
}

/// Whether two talks share some time (touching end to start does not count). Talks without both ends never do.
pub fn overlaps(a: &Talk, b: &Talk) -> bool {
    match (
        a.schedule.start,
        a.schedule.end,
        b.schedule.start,
        b.schedule.end,
    ) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => {
            a0.timestamp < b1.timestamp && b0.timestamp < a1.timestamp
        }
        _ => false,
    }
}

/// "Now" for the whole program: `CONFNOTES_NOW` (RFC 3339, for tests and demos) when set and valid, else the
/// system clock. Search and the schedule view take the instant from their caller; only the edges call this.
pub fn now() -> Timestamp {
    std::env::var("CONFNOTES_NOW")
        .ok()
        .and_then(|s| Moment::parse(&s))
        .map_or_else(Timestamp::now, |m| m.timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Schedule;

    fn at(s: &str) -> Moment {
        Moment::parse(s).unwrap()
    }

    fn talk(start: &str, end: &str, zone: Option<&str>) -> Talk {
        Talk {
            schedule: Schedule {
                start: Some(at(start)),
                end: Some(at(end)),
                time_zone: zone.map(str::to_string),
                ..Schedule::default()
            }
            .into(),
            ..Talk::default()
        }
    }

    #[test]
    fn moments_keep_their_offset_in_rfc3339() {
        let m = at("2024-12-27T10:30:00+01:00");
        assert_eq!(m.to_string(), "2024-12-27T10:30:00+01:00");
        assert_eq!(m.offset.seconds(), 3600);
        assert_eq!(at("2024-12-27T09:30:00Z").timestamp, m.timestamp);
        assert_eq!(
            at("2024-12-27T09:30:00Z").to_string(),
            "2024-12-27T09:30:00+00:00"
        );
        assert_eq!(
            at("2024-06-01T12:00:00-05:30").to_string(),
            "2024-06-01T12:00:00-05:30"
        );
        assert!(Moment::parse("2024-12-27").is_none());
        assert!(Moment::parse("10:30").is_none());
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"2024-12-27T10:30:00+01:00\"");
        assert_eq!(serde_json::from_str::<Moment>(&json).unwrap(), m);
    }

    #[test]
    fn local_times_are_in_the_conference_zone() {
        // Written in UTC, shown in Berlin.
        let t = talk(
            "2024-12-27T09:30:00Z",
            "2024-12-27T10:15:00Z",
            Some("Europe/Berlin"),
        );
        let start = t.local_start().unwrap();
        assert_eq!(
            start.to_string(),
            "2024-12-27T10:30:00+01:00[Europe/Berlin]"
        );
        assert_eq!(t.local_end().unwrap().time().to_string(), "11:15:00");
        assert_eq!(t.duration(), Some(SignedDuration::from_mins(45)));
        // No zone name: the start's own offset.
        let t = talk(
            "2024-12-27T10:30:00+01:00",
            "2024-12-27T11:00:00+01:00",
            None,
        );
        assert_eq!(t.local_start().unwrap().time().to_string(), "10:30:00");
        assert!(Talk::default().local_start().is_none());
        assert!(Talk::default().duration().is_none());
    }

    #[test]
    fn running_soon_and_overlapping() {
        let a = talk(
            "2024-12-27T10:00:00+01:00",
            "2024-12-27T11:00:00+01:00",
            None,
        );
        let b = talk(
            "2024-12-27T10:30:00+01:00",
            "2024-12-27T11:30:00+01:00",
            None,
        );
        let c = talk(
            "2024-12-27T11:00:00+01:00",
            "2024-12-27T12:00:00+01:00",
            None,
        );
        assert!(overlaps(&a, &b) && overlaps(&b, &a));
        assert!(!overlaps(&a, &c), "end meets start: no conflict");
        assert!(overlaps(&b, &c));
        assert!(!overlaps(&a, &Talk::default()));
        let ts = |s: &str| at(s).timestamp;
        assert!(a.is_running_at(ts("2024-12-27T10:00:00+01:00")));
        assert!(a.is_running_at(ts("2024-12-27T10:59:59+01:00")));
        assert!(!a.is_running_at(ts("2024-12-27T11:00:00+01:00")));
        assert!(!a.is_running_at(ts("2024-12-27T09:59:00+01:00")));
        assert!(c.starts_within_hour(ts("2024-12-27T10:00:01+01:00")));
        assert!(c.starts_within_hour(ts("2024-12-27T11:00:00+01:00")));
        assert!(!c.starts_within_hour(ts("2024-12-27T10:00:00+01:00")));
        assert!(!c.starts_within_hour(ts("2024-12-27T11:00:01+01:00")));
    }
}
