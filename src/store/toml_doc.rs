//! The conference TOML document (see docs/format.md): parsing, validation and conversion to talks.
use super::error::LoadError;
use super::model::{Link, Talk, is_iso_date, is_slug, slugify};
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
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
        let offset = e.span().map_or(0, |s| s.start);
        LoadError::at(path, text, offset, e.message().trim().to_string())
    })?;
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
        let warn = |msg: String| LoadError::at(path, text, offset, msg);
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
            body,
            kind: entry
                .kind
                .as_deref()
                .map(sanitize_line)
                .filter(|k| !k.is_empty()),
        });
        parsed.offsets.push(offset);
    }
    Ok(parsed)
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
            body: t.body.clone(),
            kind: t.kind.clone(),
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
        assert_eq!(p.talks[0].kind.as_deref(), Some("overview"));
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
        assert_eq!(t.body, "line one\n    tabbed");
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
        assert_eq!(t.body, "31m");
        assert_eq!(p.warnings.len(), 1);
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
