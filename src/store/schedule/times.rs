//! Reading a schedule's times: `<date>` with its offset, else the day's date and `<start>` in the conference's
//! zone (after midnight → the next date), wall times and durations in their lenient spellings.
use super::event::RawEvent;
use crate::store::model::Moment;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Whether a named zone puts an event's `<date>` at another wall time than its own `<start>` says, while
/// the `<date>` as written agrees with `<start>`: then the zone name is the wrong one.
pub(super) fn zone_contradicts(zone: &TimeZone, ev: &RawEvent) -> bool {
    let (Some(m), Some(start)) = (Moment::parse(&ev.date), parse_wall(&ev.start)) else {
        return false;
    };
    let in_zone = m.timestamp.to_zoned_datetime(zone.clone()).time();
    m.civil().time() == start && in_zone != start
}

/// The start instant: iCalendar's own, else `<date>` with its offset, else the day's date and `<start>` read
/// in `zone` (an event after midnight belongs to the day it is listed under, so it moves to the next date).
pub(super) fn resolve_start(ev: &RawEvent, zone: &TimeZone, day_change: &str) -> Option<Timestamp> {
    if let Some(b) = ev.begin {
        return Some(b);
    }
    if let Some(m) = Moment::parse(&ev.date) {
        return Some(m.timestamp);
    }
    // A `<date>` without offset is a local wall time.
    if let Ok(civil) = ev.date.trim().parse::<DateTime>() {
        return civil
            .to_zoned_datetime(zone.clone())
            .ok()
            .map(|z| z.timestamp());
    }
    let wall = parse_wall(&ev.start)?;
    let mut day: Date = ev.day.trim().get(..10)?.parse().ok()?;
    let day_start = if ev.day_start.trim().is_empty() {
        day_change
    } else {
        &ev.day_start
    };
    let day_begins = parse_wall(day_start)
        .filter(|_| day_start.trim().len() <= 8)
        .or_else(|| {
            day_start
                .trim()
                .parse::<DateTime>()
                .ok()
                .map(|d| d.time())
                .or_else(|| Moment::parse(day_start).map(|m| m.civil().time()))
        });
    if day_begins.is_some_and(|b| wall < b) {
        day = day.tomorrow().ok()?;
    }
    day.to_datetime(wall)
        .to_zoned_datetime(zone.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// `HH:MM` or `HH:MM:SS` (also a full datetime, whose time is taken).
fn parse_wall(s: &str) -> Option<Time> {
    let s = s.trim();
    let parts: Option<Vec<i8>> = s.split(':').map(|p| p.parse().ok()).collect();
    match parts.as_deref() {
        // `9:30` as well as `09:30`.
        Some([h, m]) => Time::new(*h, *m, 0, 0).ok(),
        Some([h, m, sec]) => Time::new(*h, *m, *sec, 0).ok(),
        _ => s.parse::<DateTime>().ok().map(|d| d.time()),
    }
}

/// `H:MM`, `HH:MM`, `HH:MM:SS`, or `D:HH:MM:SS`; a bare number is minutes.
pub(super) fn parse_duration(s: &str) -> Option<SignedDuration> {
    let parts: Vec<i64> = s
        .trim()
        .split(':')
        .map(|p| p.parse::<i64>().ok().filter(|n| *n >= 0))
        .collect::<Option<_>>()?;
    let seconds = match parts.as_slice() {
        [m] => m * 60,
        [h, m] if *m < 60 => h * 3600 + m * 60,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        [d, h, m, s] if *h < 24 && *m < 60 && *s < 60 => d * 86400 + h * 3600 + m * 60 + s,
        _ => return None,
    };
    (seconds < 7 * 86400).then(|| SignedDuration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_spelling() {
        let mins = |s| parse_duration(s).map(|d| d.as_secs() / 60);
        assert_eq!(mins("0:30"), Some(30));
        assert_eq!(mins("00:30"), Some(30));
        assert_eq!(mins("01:15"), Some(75));
        assert_eq!(mins("1:15:00"), Some(75));
        assert_eq!(mins("45"), Some(45));
        assert_eq!(mins("00:75"), None);
        assert_eq!(mins("half an hour"), None);
        assert_eq!(mins(""), None);
    }
}
