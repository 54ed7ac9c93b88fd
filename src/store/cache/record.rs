//! The cached form of a batch. The model's serde attributes (`flatten`, `skip_serializing_if`) suit JSON but
//! not postcard, which needs every field in order, so the cache has plain mirrors of its own.
use super::fingerprint::{bytes, path};
use crate::store::{Batch, Body, Link, LoadError, Moment, Schedule, Talk};
use serde::{Deserialize, Serialize};

/// One batch as stored; its bodies borrow the talks written or the bytes read.
#[derive(Serialize, Deserialize)]
pub struct BatchRecord<'a> {
    path: Vec<u8>,
    #[serde(borrow)]
    talks: Vec<TalkRecord<'a>>,
    positions: Vec<Option<(usize, usize)>>,
    warnings: Vec<WarningRecord>,
    days: Option<(String, String)>,
}

#[derive(Serialize, Deserialize)]
struct TalkRecord<'a> {
    id: String,
    title: String,
    speakers: Vec<String>,
    conference: String,
    year: i32,
    date: Option<String>,
    location: Option<String>,
    tags: Vec<String>,
    links: Vec<(String, String)>,
    /// Borrowed: a read body becomes a range of the mapped cache file, or is copied once (`into_batch`).
    body: &'a str,
    /// RFC 3339 text: `Moment` round-trips through it exactly (offset included), see the tests.
    start: Option<String>,
    end: Option<String>,
    time_zone: Option<String>,
    room: Option<String>,
    track: Option<String>,
    language: Option<String>,
    kind: Option<String>,
    summary: Option<String>,
    source: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WarningRecord {
    path: Vec<u8>,
    position: Option<(usize, usize)>,
    message: String,
}

impl<'a> BatchRecord<'a> {
    /// The record of `batch`.
    pub fn of(batch: &'a Batch) -> BatchRecord<'a> {
        BatchRecord {
            path: bytes(&batch.path),
            talks: batch.talks.iter().map(TalkRecord::of).collect(),
            positions: batch.positions.clone(),
            warnings: batch
                .warnings
                .iter()
                .map(|w| WarningRecord {
                    path: bytes(&w.path),
                    position: w.position,
                    message: w.message.clone(),
                })
                .collect(),
            days: batch.days.clone(),
        }
    }

    /// The batch again, each body made by `body` from its text; None if a stored time no longer parses
    /// (a damaged file).
    pub fn into_batch(self, body: impl Fn(&str) -> Body) -> Option<Batch> {
        Some(Batch {
            path: path(&self.path),
            talks: self
                .talks
                .into_iter()
                .map(|t| t.into_talk(&body))
                .collect::<Option<_>>()?,
            positions: self.positions,
            warnings: self
                .warnings
                .into_iter()
                .map(|w| LoadError {
                    path: path(&w.path),
                    position: w.position,
                    message: w.message,
                })
                .collect(),
            days: self.days,
        })
    }
}

impl<'a> TalkRecord<'a> {
    fn of(t: &'a Talk) -> TalkRecord<'a> {
        let s = &t.schedule;
        TalkRecord {
            id: t.id.clone(),
            title: t.title.clone(),
            speakers: t.speakers.clone(),
            conference: t.conference.clone(),
            year: t.year,
            date: t.date.clone(),
            location: t.location.clone(),
            tags: t.tags.clone(),
            links: t
                .links
                .iter()
                .map(|l| (l.label.clone(), l.url.clone()))
                .collect(),
            body: &t.body,
            start: s.start.map(|m| m.to_string()),
            end: s.end.map(|m| m.to_string()),
            time_zone: s.time_zone.clone(),
            room: s.room.clone(),
            track: s.track.clone(),
            language: s.language.clone(),
            kind: s.kind.clone(),
            summary: s.summary.clone(),
            source: s.source.clone(),
        }
    }

    fn into_talk(self, body: impl Fn(&str) -> Body) -> Option<Talk> {
        let moment = |m: Option<String>| match m {
            Some(text) => Moment::parse(&text).map(Some),
            None => Some(None),
        };
        Some(Talk {
            id: self.id,
            title: self.title,
            speakers: self.speakers,
            conference: self.conference,
            year: self.year,
            date: self.date,
            location: self.location,
            tags: self.tags,
            links: self
                .links
                .into_iter()
                .map(|(label, url)| Link { label, url })
                .collect(),
            body: body(self.body),
            schedule: Schedule {
                start: moment(self.start)?,
                end: moment(self.end)?,
                time_zone: self.time_zone,
                room: self.room,
                track: self.track,
                language: self.language,
                kind: self.kind,
                summary: self.summary,
                source: self.source,
            }
            .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_round_trips_through_postcard_moments_and_warnings_included() {
        let start = Moment::parse("2024-12-27T10:30:00+01:00").unwrap();
        let end = Moment::parse("2024-12-27T11:15:30.5-09:30").unwrap();
        let talk = Talk {
            id: "c-2024/t".into(),
            title: "T".into(),
            speakers: vec!["Ada".into()],
            links: vec![Link {
                label: "video".into(),
                url: "https://x".into(),
            }],
            body: "body\nline".into(),
            schedule: Schedule {
                start: Some(start),
                end: Some(end),
                room: Some("R1".into()),
                ..Schedule::default()
            }
            .into(),
            ..Talk::default()
        };
        let batch = Batch {
            path: "dir/a.toml".into(),
            talks: vec![talk],
            positions: vec![Some((4, 1))],
            warnings: vec![LoadError::file("dir/a.toml", "odd")],
            days: Some(("2024-12-27".into(), "2024-12-30".into())),
        };
        let bytes = postcard::to_stdvec(&BatchRecord::of(&batch)).unwrap();
        let back = postcard::from_bytes::<BatchRecord>(&bytes)
            .unwrap()
            .into_batch(|text| Body::from(text))
            .unwrap();
        assert_eq!(back.talks, batch.talks);
        assert_eq!(back.talks[0].schedule.end.unwrap().offset.seconds(), -34200);
        assert_eq!(
            (back.path, back.positions, back.warnings, back.days),
            (batch.path, batch.positions, batch.warnings, batch.days)
        );
    }
}
