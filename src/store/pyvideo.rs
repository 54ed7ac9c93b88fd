//! pyvideo/data trees: one folder per conference, a `category.json` plus one `videos/*.json` record per talk.
//!
//! A record becomes a talk: `title`, `speakers`, `tags`; `description` (or `summary`) as readable text (see
//! `rst`) → body; `recorded` → date; `videos[].url` (label "video") and `related_urls` (URLs or `{label, url}`)
//! → links. The conference is `category.json`'s `title` without its year ("EuroPython 2015" → "EuroPython",
//! 2015), else the folder name; the year comes from that title, the folder name or `recorded`. The id is
//! `<folder>/<slug>`, the slug being the record's `slug` without the "<folder>-" prefix, or the file name:
//! stable across re-imports, so notes stay attached. Text is sanitised and capped as in TOML documents.
//!
//! Nulls in any field but `title` load as empty. A record that is not JSON, has a wrong type or no title is
//! reported with its line and column and skipped; the rest of the folder still loads.
mod import;
mod rst;
#[cfg(any(test, feature = "synth"))]
pub mod synth;

pub use import::{ImportError, Imported, import_tree};
use rst::rst_to_text;

use super::Batch;
use super::error::LoadError;
use super::model::{Link, Talk, is_iso_date, is_slug, slugify};
use super::toml_doc::{MAX_BODY_BYTES, MAX_LINE_CHARS};
use crate::text::{sanitize_line, sanitize_multiline, truncate_chars};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// A record file bigger than this is skipped: no real record comes near it, and reading it would waste memory.
const MAX_RECORD_BYTES: u64 = 8 << 20;
/// Appended where a body was cut at `MAX_BODY_BYTES`.
const BODY_CUT_MARK: &str = "\n[… body cut at 1 MiB]";

/// Whether `dir` is a pyvideo conference folder (it has a `category.json` or a `videos` folder).
pub fn is_conference_folder(dir: &Path) -> bool {
    dir.join("category.json").is_file() || dir.join("videos").is_dir()
}

/// The conference a folder describes, from its `category.json` (or its name, when that is missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The id prefix: the folder name as a slug.
    pub slug: String,
    /// The conference name without its year ("EuroPython").
    pub name: String,
    /// The year in the title or the folder name, if there is one.
    pub year: Option<i32>,
    /// ISO start date (`start_date`), when given and valid.
    pub start: Option<String>,
    /// ISO end date (`end_date`), when given and valid.
    pub end: Option<String>,
}

/// One loaded conference folder.
#[derive(Debug)]
pub struct Folder {
    /// What `category.json` (or the folder name) says about the conference.
    pub category: Category,
    /// The folder's talks (in file-name order) and the problems met.
    pub batch: Batch,
}

#[derive(Deserialize)]
struct CategoryJson {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    start_date: Option<String>,
    #[serde(default)]
    end_date: Option<String>,
}

/// The fields of a video record that become a talk; the others (and unknown ones) are ignored.
#[derive(Deserialize)]
struct Record {
    title: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    speakers: Option<Vec<Option<String>>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    recorded: Option<String>,
    #[serde(default)]
    tags: Option<Vec<Option<String>>>,
    #[serde(default)]
    videos: Option<Vec<Option<Video>>>,
    #[serde(default)]
    related_urls: Option<Vec<RelatedUrl>>,
}

#[derive(Deserialize)]
struct Video {
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RelatedUrl {
    Url(String),
    Labelled {
        label: Option<String>,
        url: Option<String>,
    },
    Null(()),
}

/// Loads one conference folder: its category and every `videos/*.json` record, in file-name order.
pub fn load_folder(dir: &Path) -> Folder {
    let mut batch = Batch {
        path: dir.to_path_buf(),
        ..Batch::default()
    };
    let category = read_category(dir, &mut batch.warnings);
    let videos = dir.join("videos");
    // File names, sorted as bytes: comparing whole paths component by component is needlessly slow here.
    let mut names: Vec<std::ffi::OsString> = match std::fs::read_dir(&videos) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n.as_encoded_bytes().ends_with(b".json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            batch.warnings.push(LoadError::file(
                &videos,
                format!("cannot read directory: {e}"),
            ));
            Vec::new()
        }
    };
    names.sort_unstable_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    let files = names.iter().map(|n| videos.join(n));
    let mut slugs = HashSet::with_capacity(names.len());
    let mut buf = Vec::with_capacity(16 << 10);
    for file in files {
        match read_record(&file, &mut buf) {
            Ok(record) => {
                match record_to_talk(record, &file, &category, &mut slugs, &mut batch.warnings) {
                    Ok(talk) => {
                        batch.talks.push(talk);
                        batch.positions.push(None);
                    }
                    Err(message) => batch.warnings.push(LoadError::file(&file, message)),
                }
            }
            Err(e) => batch.warnings.push(e),
        }
    }
    Folder { category, batch }
}

fn read_category(dir: &Path, warnings: &mut Vec<LoadError>) -> Category {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = if is_slug(&folder) {
        folder.clone()
    } else {
        Some(slugify(&folder))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "pyvideo".into())
    };
    let path = dir.join("category.json");
    let json = match std::fs::read(&path) {
        Ok(bytes) => match serde_json::from_slice::<CategoryJson>(&bytes) {
            Ok(json) => Some(json),
            Err(e) => {
                warnings.push(json_error(&path, &e, "category ignored"));
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            warnings.push(LoadError::file(&path, format!("cannot read: {e}")));
            None
        }
    };
    let title = json
        .as_ref()
        .and_then(|j| j.title.as_deref())
        .map(sanitize_line)
        .filter(|t| !t.is_empty());
    let from_folder = || split_year(&folder.replace(['-', '_'], " "));
    let (name, year) = title.map_or_else(from_folder, |t| split_year(&t));
    let year = year.or_else(|| from_folder().1);
    let name = if name.is_empty() {
        slug.clone()
    } else {
        line(&name).0
    };
    let date = |d: Option<&String>| d.filter(|d| is_iso_date(d)).cloned();
    Category {
        slug,
        name,
        year,
        start: json.as_ref().and_then(|j| date(j.start_date.as_ref())),
        end: json.as_ref().and_then(|j| date(j.end_date.as_ref())),
    }
}

/// "EuroPython 2015" → ("EuroPython", Some(2015)); the last plausible year word is taken out of the name.
fn split_year(title: &str) -> (String, Option<i32>) {
    let words: Vec<&str> = title.split_whitespace().collect();
    let is_year = |w: &str| {
        let w = w.trim_matches(|c: char| "(),.:;[]".contains(c));
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    };
    let Some((i, year)) = words
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, w)| is_year(w).map(|y| (i, y)))
    else {
        return (title.to_string(), None);
    };
    let rest: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .map(|(_, w)| *w)
        .collect();
    let name = rest
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || "-–—:,".contains(c))
        .to_string();
    (name, Some(year))
}

fn read_record(file: &Path, buf: &mut Vec<u8>) -> Result<Record, LoadError> {
    read_capped(file, buf).map_err(|e| LoadError::file(file, format!("{e}; skipped")))?;
    let bytes = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    serde_json::from_slice(bytes).map_err(|e| json_error(file, &e, "record skipped"))
}

/// Reads the file into `buf` (reused from file to file), unless it is bigger than `MAX_RECORD_BYTES`. No `stat`:
/// with tens of thousands of small files, every system call per file shows in the load time.
fn read_capped(file: &Path, buf: &mut Vec<u8>) -> Result<(), String> {
    use std::io::Read;
    let f = std::fs::File::open(file).map_err(|e| format!("cannot read: {e}"))?;
    buf.clear();
    f.take(MAX_RECORD_BYTES + 1)
        .read_to_end(buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > MAX_RECORD_BYTES {
        return Err(format!("record larger than {} MiB", MAX_RECORD_BYTES >> 20));
    }
    Ok(())
}

/// A serde_json error as a load error: its line and column, and its message without the position text.
fn json_error(path: &Path, e: &serde_json::Error, consequence: &str) -> LoadError {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    LoadError {
        path: path.to_path_buf(),
        position: Some((e.line(), e.column())).filter(|p| p.0 > 0),
        message: format!("{message}; {consequence}"),
    }
}

/// The talk of one record; problems that do not stop it (cut fields) go to `warnings`.
fn record_to_talk(
    record: Record,
    file: &Path,
    category: &Category,
    slugs: &mut HashSet<String>,
    warnings: &mut Vec<LoadError>,
) -> Result<Talk, String> {
    let (title, cut) = line(&record.title);
    if title.is_empty() {
        return Err("record has an empty title; skipped".into());
    }
    if cut {
        warnings.push(LoadError::file(
            file,
            format!("title longer than {MAX_LINE_CHARS} characters; cut"),
        ));
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = talk_slug(record.slug.as_deref(), &stem, &category.slug, slugs);
    let date = record
        .recorded
        .as_deref()
        .and_then(|r| r.get(..10))
        .filter(|d| is_iso_date(d))
        .map(str::to_string);
    let year = category
        .year
        .or_else(|| date.as_ref().and_then(|d| d[..4].parse().ok()))
        .unwrap_or(0);
    let mut links = Vec::new();
    let videos = record
        .videos
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|v| v.url)
        .map(|url| ("video".to_string(), url));
    let related = record
        .related_urls
        .into_iter()
        .flatten()
        .filter_map(|r| match r {
            RelatedUrl::Url(url) => Some(("link".to_string(), url)),
            RelatedUrl::Labelled { label, url } => url.map(|u| (label.unwrap_or_default(), u)),
            RelatedUrl::Null(()) => None,
        });
    for (label, url) in videos.chain(related) {
        let url = sanitized_line(&url);
        let label = Some(line(&label).0)
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "link".into());
        if !url.is_empty() && !links.iter().any(|l: &Link| l.url == url) {
            links.push(Link { label, url });
        }
    }
    let description = record
        .description
        .filter(|d| !d.trim().is_empty())
        .or(record.summary)
        .unwrap_or_default();
    Ok(Talk {
        id: format!("{}/{slug}", category.slug),
        title,
        speakers: clean_list(record.speakers),
        conference: category.name.clone(),
        year,
        date,
        location: None,
        tags: clean_list(record.tags),
        links,
        body: body(&description, file, warnings).into(),
        schedule: Default::default(),
    })
}

/// The talk slug: the record's slug without the "<folder>-" prefix, else the file stem; made unique in the folder.
fn talk_slug(
    record_slug: Option<&str>,
    stem: &str,
    folder: &str,
    taken: &mut HashSet<String>,
) -> String {
    let as_slug = |s: &str| {
        if is_slug(s) {
            s.to_string()
        } else {
            slugify(s)
        }
    };
    let from_record = record_slug.map(as_slug).map(|s| {
        s.strip_prefix(folder)
            .and_then(|s| s.strip_prefix('-'))
            .map_or(s.clone(), str::to_string)
    });
    let candidates = [from_record, Some(as_slug(stem))];
    let base = candidates
        .into_iter()
        .flatten()
        .find(|s| !s.is_empty() && !taken.contains(s));
    let slug = base.unwrap_or_else(|| {
        let stem = Some(as_slug(stem))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "talk".into());
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|s| !taken.contains(s))
            .unwrap_or(stem)
    });
    taken.insert(slug.clone());
    slug
}

/// One-line text and whether it was cut; cut one short of the cap, so a written-out copy reloads uncut.
fn line(s: &str) -> (String, bool) {
    let clean = sanitized_line(s);
    if clean.chars().nth(MAX_LINE_CHARS).is_some() {
        (truncate_chars(&clean, MAX_LINE_CHARS - 1).0, true)
    } else {
        (clean, false)
    }
}

fn clean_list(items: Option<Vec<Option<String>>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items.into_iter().flatten().flatten() {
        let item = line(&item).0;
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// `sanitize_line`, without its copying passes for the usual field that it would leave as it is.
fn sanitized_line(s: &str) -> String {
    let already_clean = !needs_sanitizing(s)
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| c == ' ' || !c.is_whitespace());
    if already_clean {
        s.to_string()
    } else {
        sanitize_line(s)
    }
}

/// The description as readable text, capped (with the mark inside the cap, so a reload does not cut again).
fn body(description: &str, file: &Path, warnings: &mut Vec<LoadError>) -> String {
    // Most descriptions have nothing to remove, and sanitising would copy them unchanged: skip that pass.
    let mut text = if needs_sanitizing(description) {
        rst_to_text(&sanitize_multiline(description))
    } else {
        rst_to_text(description)
    };
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    if text.len() > MAX_BODY_BYTES {
        let mut end = MAX_BODY_BYTES - BODY_CUT_MARK.len();
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str(BODY_CUT_MARK);
        warnings.push(LoadError::file(file, "description larger than 1 MiB; cut"));
    }
    text
}

/// Whether `sanitize_multiline` would change `s`: `is_unsafe_char` (other than the newline) read off the UTF-8
/// bytes, several times faster than decoding characters. Tested against `is_unsafe_char` for every character.
fn needs_sanitizing(s: &str) -> bool {
    let b = s.as_bytes();
    let suspect = |x: u8| (x < 0x20 && x != b'\n') || matches!(x, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef);
    let mut i = 0;
    while let Some(offset) = b[i..].iter().position(|&x| suspect(x)) {
        i += offset;
        let (next, after) = (b.get(i + 1).copied(), b.get(i + 2).copied());
        let unsafe_here = match b[i] {
            0xc2 => matches!(next, Some(0x80..=0x9f)), // C1 controls
            0xd8 => next == Some(0x9c),                // U+061C
            0xe2 => matches!(
                (next, after),
                (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            ),
            0xef => (next, after) == (Some(0xbb), Some(0xbf)), // U+FEFF
            _ => true,                                         // C0 controls, DEL
        };
        if unsafe_here {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
pub(crate) mod tests;
