//! The schedule view's rows and flags: talks by day and start time under day headers, a "now" line at the
//! machine's clock, and which marked talks overlap. Pure functions over the talks; `update` calls them.
use super::list::Row;
use crate::store::Talk;
use crate::store::schedule::overlaps;
use jiff::Timestamp;
use std::collections::HashSet;

/// Rows for `order` (store positions) in schedule order: talks with a time by start (then room, then title)
/// under a header per day and conference; then talks with only a day (catalog records) by day; then the rest
/// under one header. When `now` falls on a listed day, a `Row::Now` goes before that day's first talk still
/// to start (or after its last).
pub fn schedule_rows(talks: &[Talk], mut order: Vec<usize>, now: Timestamp) -> Vec<Row> {
    order.sort_by_cached_key(|&i| {
        let t = &talks[i];
        let start = t.schedule.start.map(|s| s.timestamp);
        let day = t.date.clone().filter(|_| start.is_none());
        let rank = match (start, &day) {
            (Some(_), _) => 0,
            (None, Some(_)) => 1,
            (None, None) => 2,
        };
        (rank, start, day, t.schedule.room.clone(), t.title.clone())
    });
    let mut rows = Vec::with_capacity(order.len() + 16);
    let mut last_group: Option<String> = None;
    for &index in &order {
        let talk = &talks[index];
        let day = talk.local_start().map(|s| s.date()).or_else(|| {
            talk.date
                .as_deref()
                .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        });
        let group = match day {
            Some(day) => format!(
                "{} · {}",
                day.strftime("%a %Y-%m-%d"),
                talk.conference_label()
            ),
            None => "Without a day".to_string(),
        };
        if last_group.as_ref() != Some(&group) {
            rows.push(Row::Header(group.clone()));
            last_group = Some(group);
        }
        rows.push(Row::Talk { index });
    }
    // The now line: before today's first talk still to start, else after today's last one.
    let today: Vec<(usize, &Talk)> = rows
        .iter()
        .enumerate()
        .filter_map(|(at, r)| match r {
            Row::Talk { index } => Some((at, &talks[*index])),
            _ => None,
        })
        .filter(|(_, t)| t.local_start().is_some_and(|s| same_day(s, now)))
        .collect();
    let next = today
        .iter()
        .find(|(_, t)| t.schedule.start.is_some_and(|s| s.timestamp > now));
    let line = match (next, today.last()) {
        (Some(&(at, talk)), _) => Some((at, talk)),
        (None, Some(&(at, talk))) => Some((at + 1, talk)),
        (None, None) => None,
    };
    if let Some((at, talk)) = line {
        rows.insert(at, Row::Now(now_label(talk, now)));
    }
    rows
}

fn same_day(start: jiff::ZonedDateTime, now: Timestamp) -> bool {
    now.to_zoned_datetime(start.time_zone().clone()).date() == start.date()
}

/// "now 14:05" in the zone of the talk after the line.
fn now_label(talk: &Talk, now: Timestamp) -> String {
    match talk.zone() {
        Some(zone) => format!("now {}", now.to_zoned_datetime(zone).strftime("%H:%M")),
        None => "now".into(),
    }
}

/// The listed talks that are marked (per `marked`) and overlap another marked listed talk: a clash to resolve.
pub fn conflicts(
    talks: &[Talk],
    listed: &[usize],
    marked: impl Fn(usize) -> bool,
) -> HashSet<usize> {
    let mut timed: Vec<usize> = listed
        .iter()
        .copied()
        .filter(|&i| {
            marked(i) && talks[i].schedule.start.is_some() && talks[i].schedule.end.is_some()
        })
        .collect();
    timed.sort_by_key(|&i| talks[i].schedule.start.map(|s| s.timestamp));
    let mut out = HashSet::new();
    // Sweep in start order: each talk is compared with the earlier ones still running at its start.
    let mut open: Vec<usize> = Vec::new();
    for &i in &timed {
        let start = talks[i].schedule.start.map(|s| s.timestamp);
        open.retain(|&j| talks[j].schedule.end.map(|e| e.timestamp) > start);
        for &j in &open {
            if overlaps(&talks[i], &talks[j]) {
                out.insert(i);
                out.insert(j);
            }
        }
        open.push(i);
    }
    out
}

/// The row to jump to for "now": the first talk running at `now`, else the next one to start.
pub fn now_row(talks: &[Talk], rows: &[Row], now: Timestamp) -> Option<usize> {
    let talk_at = |r: &Row| match r {
        Row::Talk { index } => Some(&talks[*index]),
        _ => None,
    };
    rows.iter()
        .position(|r| talk_at(r).is_some_and(|t| t.is_running_at(now)))
        .or_else(|| {
            rows.iter().position(|r| {
                talk_at(r).is_some_and(|t| t.schedule.start.is_some_and(|s| s.timestamp >= now))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Moment;

    fn at(text: &str) -> Timestamp {
        Moment::parse(text).unwrap().timestamp
    }

    fn slot(title: &str, room: &str, start: &str, end: &str) -> Talk {
        let mut t = Talk {
            id: format!("c/{title}"),
            title: title.into(),
            conference: "Con".into(),
            year: 2024,
            ..Talk::default()
        };
        t.schedule.start = Moment::parse(start);
        t.schedule.end = Moment::parse(end);
        t.schedule.room = Some(room.into());
        t.schedule.time_zone = Some("Europe/Berlin".into());
        t
    }

    fn talks() -> Vec<Talk> {
        vec![
            slot(
                "late",
                "A",
                "2024-12-27T16:00:00+01:00",
                "2024-12-27T17:00:00+01:00",
            ),
            slot(
                "early",
                "B",
                "2024-12-27T10:00:00+01:00",
                "2024-12-27T11:00:00+01:00",
            ),
            slot(
                "clash",
                "A",
                "2024-12-27T10:30:00+01:00",
                "2024-12-27T11:30:00+01:00",
            ),
            slot(
                "day2",
                "A",
                "2024-12-28T10:00:00+01:00",
                "2024-12-28T11:00:00+01:00",
            ),
            Talk {
                id: "c/untimed".into(),
                title: "untimed".into(),
                conference: "Con".into(),
                year: 2024,
                ..Talk::default()
            },
        ]
    }

    fn labels(talks: &[Talk], rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                Row::Header(h) => format!("# {h}"),
                Row::Now(n) => format!("-- {n}"),
                Row::Talk { index } => talks[*index].title.clone(),
            })
            .collect()
    }

    #[test]
    fn rows_group_by_day_in_start_order_with_the_now_line_before_what_is_next() {
        let t = talks();
        let rows = schedule_rows(&t, (0..t.len()).collect(), at("2024-12-27T13:05:00+01:00"));
        assert_eq!(
            labels(&t, &rows),
            [
                "# Fri 2024-12-27 · Con 2024",
                "early",
                "clash",
                "-- now 13:05",
                "late",
                "# Sat 2024-12-28 · Con 2024",
                "day2",
                "# Without a day",
                "untimed",
            ]
        );
        // On another day, no now line.
        let rows = schedule_rows(&t, (0..t.len()).collect(), at("2025-01-05T12:00:00Z"));
        assert!(!rows.iter().any(|r| matches!(r, Row::Now(_))));
    }

    #[test]
    fn talks_with_only_a_day_come_after_the_timed_ones_under_their_day() {
        let mut t = talks();
        t[4].date = Some("2014-07-25".into());
        let mut dated = t[4].clone();
        dated.title = "also that day".into();
        t.push(dated);
        let rows = schedule_rows(&t, (0..t.len()).collect(), at("2025-01-05T12:00:00Z"));
        let labels = labels(&t, &rows);
        assert_eq!(
            labels[labels.len() - 3..],
            ["# Fri 2014-07-25 · Con 2024", "also that day", "untimed"]
        );
    }

    #[test]
    fn only_marked_overlapping_talks_conflict() {
        let t = talks();
        let all: Vec<usize> = (0..t.len()).collect();
        assert_eq!(conflicts(&t, &all, |_| true), HashSet::from([1, 2]));
        assert!(
            conflicts(&t, &all, |i| i != 2).is_empty(),
            "clash is not marked"
        );
        assert!(
            conflicts(&t, &[0, 1, 3], |_| true).is_empty(),
            "clash is not listed"
        );
    }

    #[test]
    fn now_jumps_to_what_runs_else_what_is_next() {
        let t = talks();
        let rows = schedule_rows(&t, (0..t.len()).collect(), at("2024-12-27T10:45:00+01:00"));
        let row = now_row(&t, &rows, at("2024-12-27T10:45:00+01:00")).unwrap();
        assert!(
            matches!(rows[row], Row::Talk { index: 1 }),
            "early runs now"
        );
        let row = now_row(&t, &rows, at("2024-12-27T12:00:00+01:00")).unwrap();
        assert!(matches!(rows[row], Row::Talk { index: 0 }), "late is next");
        assert_eq!(now_row(&t, &rows, at("2025-01-01T00:00:00Z")), None);
    }
}
