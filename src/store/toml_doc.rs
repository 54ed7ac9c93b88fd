//! The conference TOML document (see docs/format.md): parsing, validation and conversion to talks.
use super::error::{LineIndex, LoadError};
use super::model::{Link, Moment, Schedule, Talk, is_iso_date, is_slug, slugify};
use crate::text::{sanitize_line, sanitize_multiline, truncate_chars};
use serde::{Deserialize, Serialize};
use std::path::Path;
use toml::Spanned;

/// Longest one-line field kept (titles, names); longer text is cut with a warning.
pub const MAX_LINE_CHARS: usize = 1_000;
/// Largest body kept; a bigger one is cut with a warning so drawing and searching stay fast.
pub const MAX_BODY_BYTES: usize = 1 << 20;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Document {
    conference: Conference,
    #[serde(default)]
    talks: Vec<Spanned<TalkEntry>>,
}

/// The `[conference]` table.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Conference {
    pub name: String,
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// One `[[talks]]` table.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TalkEntry {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// RFC 3339 with offset (`2024-12-27T10:30:00+01:00`); see docs/format.md.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// IANA zone name the times are shown in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The schedule's key for the talk (GUID or `<conference>/<event id>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Talks parsed from one document, plus the problems found in it that did not stop the rest.
#[derive(Debug, Default)]
pub struct Parsed {
    pub talks: Vec<Talk>,
    /// Byte offset of each talk's table in the source, for later error messages (duplicate ids).
    pub offsets: Vec<usize>,
    pub warnings: Vec<LoadError>,
    /// The conference's `start` and `end`, when both are valid dates.
    pub days: Option<(String, String)>,
}

/// Parses one conference document. A syntax or type error fails the whole file (with its position);
/// a bad talk inside a good file is skipped with a warning.
pub fn parse_document(path: &Path, text: &str) -> Result<Parsed, LoadError> {
    let doc: Document = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        LoadError::at(
            path,
            text,
            span.start,
            type_error_message(text, span, e.message()),
        )
    })?;
    let lines = LineIndex::new(text);
    let conf = &doc.conference;
    let mut parsed = Parsed::default();
    let conf_name = sanitize_line(&conf.name);
    if conf_name.is_empty() {
        return Err(LoadError::file(path, "[conference] name is empty"));
    }
    let conf_slug = match &conf.slug {
        Some(s) if is_slug(s) => s.clone(),
        Some(s) => {
            return Err(LoadError::file(
                path,
                format!("[conference] slug {s:?} is not a slug (a-z, 0-9, -)"),
            ));
        }
        None => format!("{}-{}", slugify(&conf_name), conf.year),
    };
    for (key, value) in [("start", &conf.start), ("end", &conf.end)] {
        if let Some(v) = value.as_ref().filter(|v| !is_iso_date(v)) {
            parsed.warnings.push(LoadError::file(
                path,
                format!("[conference] {key} {v:?} is not a YYYY-MM-DD date; ignored"),
            ));
        }
    }
    if let (Some(start), Some(end)) = (&conf.start, &conf.end)
        && is_iso_date(start)
        && is_iso_date(end)
    {
        parsed.days = Some((start.clone(), end.clone()));
    }
    let conf_location = conf
        .location
        .as_deref()
        .map(sanitize_line)
        .filter(|l| !l.is_empty());

    for entry in &doc.talks {
        let offset = entry.span().start;
        let entry = entry.get_ref();
        let warn = |msg: String| lines.error(path, offset, msg);
        let (title, cut) = truncate_chars(&sanitize_line(&entry.title), MAX_LINE_CHARS);
        if title.is_empty() {
            parsed
                .warnings
                .push(warn("talk has an empty title; skipped".into()));
            continue;
        }
        if cut {
            parsed.warnings.push(warn(format!(
                "title longer than {MAX_LINE_CHARS} characters; cut"
            )));
        }
        let slug = match &entry.slug {
            Some(s) if is_slug(s) => s.clone(),
            Some(s) => {
                parsed.warnings.push(warn(format!(
                    "slug {s:?} is not a slug (a-z, 0-9, -); skipped"
                )));
                continue;
            }
            None => {
                let s = slugify(&title);
                if s.is_empty() {
                    format!("talk-{}", parsed.talks.len() + 1)
                } else {
                    truncate_slug(&s)
                }
            }
        };
        let date = match &entry.date {
            Some(d) if is_iso_date(d) => Some(d.clone()),
            Some(d) => {
                parsed.warnings.push(warn(format!(
                    "date {d:?} is not a YYYY-MM-DD date; ignored"
                )));
                None
            }
            None => None,
        };
        let mut body = sanitize_multiline(&entry.body);
        if body.len() > MAX_BODY_BYTES {
            let mut end = MAX_BODY_BYTES;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            body.truncate(end);
            body.push_str("\n[… body cut at 1 MiB]");
            parsed
                .warnings
                .push(warn("body larger than 1 MiB; cut".into()));
        }
        let clean_list = |items: &[String]| -> Vec<String> {
            items
                .iter()
                .map(|s| truncate_chars(&sanitize_line(s), MAX_LINE_CHARS).0)
                .filter(|s| !s.is_empty())
                .collect()
        };
        let schedule = schedule_fields(entry, &mut |m| parsed.warnings.push(warn(m)));
        parsed.talks.push(Talk {
            id: format!("{conf_slug}/{slug}"),
            title,
            speakers: clean_list(&entry.speakers),
            conference: conf_name.clone(),
            year: conf.year,
            date,
            location: entry
                .location
                .as_deref()
                .map(sanitize_line)
                .filter(|l| !l.is_empty())
                .or_else(|| conf_location.clone()),
            tags: clean_list(&entry.tags),
            links: entry
                .links
                .iter()
                .map(|l| Link {
                    label: sanitize_line(&l.label),
                    url: sanitize_line(&l.url),
                })
                .filter(|l| !l.url.is_empty())
                .collect(),
            body: body.into(),
            schedule: schedule.into(),
        });
        parsed.offsets.push(offset);
    }
    Ok(parsed)
}

/// The schedule fields of a talk table, cleaned; a time that is not RFC 3339 is dropped with a warning.
fn schedule_fields(entry: &TalkEntry, warn: &mut dyn FnMut(String)) -> Schedule {
    let line = |v: &Option<String>| {
        v.as_deref()
            .map(|s| truncate_chars(&sanitize_line(s), MAX_LINE_CHARS).0)
            .filter(|s| !s.is_empty())
    };
    let mut time = |key: &str, v: &Option<String>| {
        let v = v.as_deref()?;
        let m = Moment::parse(v);
        if m.is_none() {
            warn(format!(
                "{key} {v:?} is not an RFC 3339 time with offset (2024-12-27T10:30:00+01:00); ignored"
            ));
        }
        m
    };
    let start = time("start", &entry.start);
    let end = time("end", &entry.end);
    let time_zone = line(&entry.time_zone);
    if let Some(z) = time_zone
        .as_deref()
        .filter(|z| jiff::tz::db().get(z).is_err())
    {
        warn(format!(
            "unknown time_zone {z:?}; the times' own offsets are used"
        ));
    }
    Schedule {
        start,
        end,
        time_zone,
        room: line(&entry.room),
        track: line(&entry.track),
        language: line(&entry.language),
        kind: line(&entry.kind),
        summary: entry
            .summary
            .as_deref()
            .map(|s| sanitize_multiline(s).trim().to_string())
            .filter(|s| !s.is_empty()),
        source: line(&entry.source),
    }
}

/// The parser's message, said in the user's terms where it is known to confuse: an unquoted date is a TOML
/// datetime, which toml reports as a map where a string was expected.
fn type_error_message(text: &str, span: std::ops::Range<usize>, message: &str) -> String {
    let value = text.get(span).unwrap_or("").trim();
    let looks_like_date = value.len() >= 10
        && value.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if looks_like_date && message.contains("expected a string") {
        format!(
            "a date must be quoted: write \"{}\" instead of {value}",
            &value[..10]
        )
    } else {
        message.trim().to_string()
    }
}

/// Keeps generated slugs short enough to read in an id.
fn truncate_slug(s: &str) -> String {
    const MAX: usize = 60;
    if s.len() <= MAX {
        return s.to_string();
    }
    let cut = &s[..MAX];
    cut.rfind('-').map_or(cut, |i| &cut[..i]).to_string()
}

/// The TOML text of a conference document holding `talks` (used by `import`).
pub fn write_document(
    conference: Conference,
    talks: &[Talk],
    conf_slug: &str,
) -> Result<String, toml::ser::Error> {
    let entries: Vec<TalkEntry> = talks
        .iter()
        .map(|t| TalkEntry {
            title: t.title.clone(),
            slug: t
                .id
                .strip_prefix(&format!("{conf_slug}/"))
                .map(str::to_string),
            speakers: t.speakers.clone(),
            date: t.date.clone(),
            location: t
                .location
                .clone()
                .filter(|l| Some(l) != conference.location.as_ref()),
            tags: t.tags.clone(),
            links: t.links.clone(),
            body: t.body.to_string(),
            start: t.schedule.start.map(|m| m.to_string()),
            end: t.schedule.end.map(|m| m.to_string()),
            time_zone: t.schedule.time_zone.clone(),
            room: t.schedule.room.clone(),
            track: t.schedule.track.clone(),
            language: t.schedule.language.clone(),
            kind: t.schedule.kind.clone(),
            summary: t.schedule.summary.clone(),
            source: t.schedule.source.clone(),
        })
        .collect();
    #[derive(Serialize)]
    struct Out<'a> {
        conference: &'a Conference,
        talks: &'a [TalkEntry],
    }
    toml::to_string(&Out {
        conference: &conference,
        talks: &entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, LoadError> {
        parse_document(Path::new("t.toml"), text)
    }

    const GOOD: &str = r#"
[conference]
name = "EuroPython"
year = 2015
location = "Bilbao"

[[talks]]
title = "Parallelism Shootout"
slug = "parallelism-shootout"
speakers = ["Shahriar Tajbakhsh"]
date = "2015-07-24"
tags = ["concurrency"]
links = [{ label = "video", url = "https://example.org/v" }]
body = """
line one
	tabbed"""

[[talks]]
title = "Second talk: with a title slug"
"#;

    #[test]
    fn kind_marks_an_overview_and_survives_a_round_trip() {
        let text = "[conference]\nname = \"A\"\nyear = 2014\nstart = \"2014-07-21\"\nend = \"2014-07-27\"\n\
                    [[talks]]\ntitle = \"Impressions\"\nkind = \"overview\"\n[[talks]]\ntitle = \"A talk\"\n";
        let p = parse(text).unwrap();
        assert_eq!(p.talks[0].schedule.kind.as_deref(), Some("overview"));
        assert!(p.talks[0].is_overview() && !p.talks[1].is_overview());
        assert_eq!(p.days, Some(("2014-07-21".into(), "2014-07-27".into())));
        let conference = Conference {
            name: "A".into(),
            year: 2014,
            slug: None,
            start: None,
            end: None,
            location: None,
        };
        let written = write_document(conference, &p.talks, "a-2014").unwrap();
        assert_eq!(
            written.matches("kind = \"overview\"").count(),
            1,
            "{written}"
        );
    }

    #[test]
    fn parses_a_good_document() {
        let p = parse(GOOD).unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.talks.len(), 2);
        let t = &p.talks[0];
        assert_eq!(t.id, "europython-2015/parallelism-shootout");
        assert_eq!(t.conference, "EuroPython");
        assert_eq!(t.year, 2015);
        assert_eq!(t.location.as_deref(), Some("Bilbao"));
        assert_eq!(t.body, "line one\n    tabbed".into());
        assert_eq!(
            p.talks[1].id,
            "europython-2015/second-talk-with-a-title-slug"
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse("[conference]\nname = \"X\"\nyear = 2014\n\n[[talks]]\ntitle = \"oops\n")
            .unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(6), "{err}");
    }

    #[test]
    fn missing_title_and_wrong_types_are_located() {
        let err = parse("[conference]\nname = \"X\"\nyear = 2014\n[[talks]]\nspeakers = [\"a\"]\n")
            .unwrap_err();
        assert!(err.message.contains("title"), "{err}");
        assert_eq!(err.position.map(|p| p.0), Some(4), "{err}");
        let err = parse("[conference]\nname = \"X\"\nyear = \"2014\"\n").unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(3), "{err}");
    }

    #[test]
    fn unknown_keys_are_reported() {
        let err = parse(
            "[conference]\nname = \"X\"\nyear = 2014\n[[talks]]\ntitle = \"t\"\nspeaker = \"a\"\n",
        )
        .unwrap_err();
        assert!(err.message.contains("speaker"), "{err}");
        assert_eq!(err.position.map(|p| p.0), Some(6), "{err}");
    }

    #[test]
    fn bad_talks_are_skipped_with_warnings() {
        let p = parse("[conference]\nname = \"X\"\nyear = 2014\n[[talks]]\ntitle = \"  \"\n[[talks]]\ntitle = \"ok\"\ndate = \"May\"\n").unwrap();
        assert_eq!(p.talks.len(), 1);
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
        assert_eq!(p.warnings[0].position.map(|p| p.0), Some(4));
    }

    #[test]
    fn hostile_text_is_sanitised_and_huge_fields_cut() {
        let title = "A\\u001b[2J".to_string() + &"x".repeat(5000);
        let text = format!(
            "[conference]\nname = \"X\\u001b]0;pwn\\u0007\"\nyear = 2014\n[[talks]]\ntitle = \"{title}\"\nbody = \"\\u009b31m\"\n"
        );
        let p = parse(&text).unwrap();
        let t = &p.talks[0];
        assert_eq!(t.conference, "X]0;pwn");
        assert!(t.title.starts_with("A[2J"));
        assert_eq!(t.title.chars().count(), MAX_LINE_CHARS + 1);
        assert_eq!(t.body, "31m".into());
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn schedule_fields_read_and_bad_times_are_warned() {
        let p = parse("[conference]\nname = \"X\"\nyear = 2024\n[[talks]]\ntitle = \"t\"\nstart = \"2024-12-27T10:30:00+01:00\"\nend = \"2024-12-27 11:00\"\nroom = \" Saal 1 \"\nabstract = \"short\"\ntime_zone = \"Europe/Berlin\"\n").unwrap();
        let s = &p.talks[0].schedule;
        assert_eq!(s.start.unwrap().to_string(), "2024-12-27T10:30:00+01:00");
        assert_eq!(s.end, None);
        assert_eq!(s.room.as_deref(), Some("Saal 1"));
        assert_eq!(s.summary.as_deref(), Some("short"));
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(
            p.warnings[0]
                .message
                .starts_with("end \"2024-12-27 11:00\" is not an RFC 3339")
        );
    }

    #[test]
    fn written_schedule_talks_read_back() {
        let text = "[conference]\nname = \"MiniCon\"\nyear = 2024\nslug = \"minicon24\"\n[[talks]]\ntitle = \"Opening\"\nslug = \"101\"\nstart = \"2024-12-27T10:30:00+01:00\"\nend = \"2024-12-27T11:15:00+01:00\"\ntime_zone = \"Europe/Berlin\"\nroom = \"Saal 1\"\ntrack = \"CCC\"\nlanguage = \"en\"\nkind = \"talk\"\nabstract = \"Welcome.\"\nsource = \"6f1c\"\n";
        let p = parse(text).unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let conf = Conference {
            name: "MiniCon".into(),
            year: 2024,
            slug: Some("minicon24".into()),
            start: None,
            end: None,
            location: None,
        };
        let written = write_document(conf, &p.talks, "minicon24").unwrap();
        assert!(
            written.contains("start = \"2024-12-27T10:30:00+01:00\""),
            "{written}"
        );
        assert_eq!(parse(&written).unwrap().talks, p.talks);
    }

    #[test]
    fn written_documents_read_back() {
        let p = parse(GOOD).unwrap();
        let conf = Conference {
            name: "EuroPython".into(),
            year: 2015,
            slug: Some("europython-2015".into()),
            start: None,
            end: None,
            location: Some("Bilbao".into()),
        };
        let text = write_document(conf, &p.talks, "europython-2015").unwrap();
        assert_eq!(parse(&text).unwrap().talks, p.talks);
    }
}
