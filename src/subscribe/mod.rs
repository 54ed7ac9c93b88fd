//! Schedule subscriptions: URLs of conference schedules, fetched over HTTP and cached in the data directory so
//! confnotes starts and works offline.
//!
//! `subscriptions.toml` (in the data directory) lists them, readable and editable; each schedule's last good
//! copy sits beside it in `subscriptions/`. A fetch replaces the copy only when the body parses as a schedule,
//! and always atomically; a failed fetch keeps the copy and records why (`fetch`, `refresh`).
pub mod changes;
pub mod fetch;
pub mod refresh;

pub use fetch::{FetchError, FetchOptions, Fetched};
pub use refresh::{Outcome, refresh};

use crate::store::{LoadError, Source, decode_utf8, is_slug, slugify};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The subscriptions file's name in the data directory.
pub const FILE_NAME: &str = "subscriptions.toml";
/// The folder beside it holding the cached copies.
pub const CACHE_DIR: &str = "subscriptions";

/// One subscribed schedule and what the last fetches found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// A short slug naming it (`refresh NAME`; the cached copy's file name).
    pub name: String,
    /// Where the schedule is fetched from (http or https).
    pub url: String,
    /// The cached copy's file name in `subscriptions/` (its extension follows the format), once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<String>,
    /// The server's validators of the cached copy, sent back for a conditional GET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When the last fetch was tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<Timestamp>,
    /// When the cached copy was last confirmed current (stored, or answered 304).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Timestamp>,
    /// What the last fetch did: "ok: 42 talks", "not modified", or the reason it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Whether the last fetch failed.
    #[serde(default)]
    pub failed: bool,
}

impl Subscription {
    /// A new subscription that has not been fetched yet.
    pub fn new(name: String, url: String) -> Subscription {
        Subscription {
            name,
            url,
            cache: None,
            etag: None,
            last_modified: None,
            fetched: None,
            updated: None,
            status: None,
            failed: false,
        }
    }

    /// Whether the copy is older than `after` at `now` (or missing); `after` of zero means never stale.
    pub fn is_stale(&self, now: Timestamp, after: jiff::SignedDuration) -> bool {
        if after.is_zero() {
            return false;
        }
        self.updated.is_none_or(|u| now.duration_since(u) >= after)
    }

    /// For the status line: "37c3: updated 3 min ago", or "37c3: offline, copy from Tue 14:02" after a failed
    /// fetch, or "37c3: no copy yet".
    pub fn freshness(&self, now: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        let name = &self.name;
        match self.updated {
            None => format!("{name}: no copy yet"),
            Some(u) if self.failed => {
                let local = u.to_zoned_datetime(zone.clone());
                format!("{name}: offline, copy from {}", local.strftime("%a %H:%M"))
            }
            Some(u) => {
                let minutes = now.duration_since(u).as_secs().max(0) / 60;
                if minutes < 120 {
                    format!("{name}: updated {minutes} min ago")
                } else {
                    format!("{name}: updated {} h ago", minutes / 60)
                }
            }
        }
    }
}

/// The subscriptions file, as read from disk.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriptions {
    /// One table per subscription, in the order they were added.
    #[serde(default, rename = "subscription")]
    pub list: Vec<Subscription>,
    /// The data directory the file lives in (not written).
    #[serde(skip)]
    pub dir: PathBuf,
}

/// Why the subscriptions could not be read, written or changed.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    /// The file does not parse (its line and column).
    #[error("{0}")]
    Corrupt(LoadError),
    /// Reading or writing a file failed.
    #[error("{}: cannot {action}: {message}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        message: String,
    },
    /// A name or URL the user gave is not usable.
    #[error("{0}")]
    Invalid(String),
}

impl Subscriptions {
    /// Reads `<dir>/subscriptions.toml`; a missing file is no subscriptions.
    pub fn load(dir: &Path) -> Result<Subscriptions, SubscribeError> {
        let path = dir.join(FILE_NAME);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Subscriptions {
                    dir: dir.to_path_buf(),
                    ..Subscriptions::default()
                });
            }
            Err(e) => return Err(io_error(&path, "read", &e)),
        };
        let text = decode_utf8(&path, &bytes).map_err(SubscribeError::Corrupt)?;
        let mut subs: Subscriptions = toml::from_str(&text).map_err(|e| {
            SubscribeError::Corrupt(LoadError::at(
                &path,
                &text,
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            ))
        })?;
        for s in &subs.list {
            // The name becomes a file name: a hand-edited "../x" must not write outside the cache folder.
            if !is_slug(&s.name) || s.cache.as_deref().is_some_and(|c| !is_cache_name(c)) {
                return Err(SubscribeError::Corrupt(LoadError::file(
                    &path,
                    format!(
                        "subscription {:?}: name and cache must be slugs (a-z, 0-9, -)",
                        s.name
                    ),
                )));
            }
        }
        subs.dir = dir.to_path_buf();
        Ok(subs)
    }

    /// Writes the file atomically (temporary file, fsync, rename).
    pub fn save(&self) -> Result<(), SubscribeError> {
        let path = self.dir.join(FILE_NAME);
        let text = toml::to_string_pretty(self)
            .map_err(|e| SubscribeError::Invalid(format!("cannot write subscriptions: {e}")))?;
        let text = format!(
            "# confnotes schedule subscriptions (`confnotes subscribe URL`); cached copies in {CACHE_DIR}/\n{text}"
        );
        write_atomically(&path, text.as_bytes())
    }

    /// Adds a subscription named `name` (else a name made from the URL). The same URL twice is refused.
    pub fn add(&mut self, url: &str, name: Option<&str>) -> Result<&Subscription, SubscribeError> {
        fetch::check_url(url).map_err(|e| SubscribeError::Invalid(e.to_string()))?;
        let name = match name {
            Some(n) if is_slug(n) => n.to_string(),
            Some(n) => {
                return Err(SubscribeError::Invalid(format!(
                    "name {n:?}: use lower-case letters, digits and dashes (e.g. {:?})",
                    slugify(n)
                )));
            }
            None => self.unique_name(&name_from_url(url)),
        };
        if let Some(s) = self.list.iter().find(|s| s.name == name || s.url == url) {
            return Err(SubscribeError::Invalid(format!(
                "already subscribed: {} ({})",
                s.name, s.url
            )));
        }
        self.list.push(Subscription::new(name, url.to_string()));
        Ok(&self.list[self.list.len() - 1])
    }

    /// Removes the subscription `name` with its cached copy and change report; false if there is none.
    pub fn remove(&mut self, name: &str) -> Result<bool, SubscribeError> {
        let Some(at) = self.list.iter().position(|s| s.name == name) else {
            return Ok(false);
        };
        let sub = self.list.remove(at);
        self.save()?;
        let dir = self.cache_dir();
        let files = sub.cache.iter().map(|c| dir.join(c));
        for file in files.chain([changes::changes_path(&dir, &sub.name)]) {
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&file, "remove", &e)),
            }
        }
        Ok(true)
    }

    fn unique_name(&self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.list.iter().any(|s| s.name == name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }

    /// The folder of cached copies.
    pub fn cache_dir(&self) -> PathBuf {
        self.dir.join(CACHE_DIR)
    }

    /// A subscription's cached copy, if it has one on disk.
    pub fn cache_path(&self, sub: &Subscription) -> Option<PathBuf> {
        let path = self.cache_dir().join(sub.cache.as_deref()?);
        path.is_file().then_some(path)
    }

    /// The cached copies as talk sources, in the order of the file.
    pub fn sources(&self) -> Vec<Source> {
        self.list
            .iter()
            .filter_map(|s| self.cache_path(s))
            .map(Source::Path)
            .collect()
    }
}

/// The cached copies of the subscriptions in `data_dir` as sources; problems reading the file are returned
/// beside them (the app still starts).
pub fn cached_sources(data_dir: Option<&Path>) -> (Vec<Source>, Option<SubscribeError>) {
    let Some(dir) = data_dir else {
        return (Vec::new(), None);
    };
    match Subscriptions::load(dir) {
        Ok(subs) => (subs.sources(), None),
        Err(e) => (Vec::new(), Some(e)),
    }
}

/// A cache file name: a slug with one extension.
fn is_cache_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| is_slug(stem) && matches!(ext, "xml" | "json" | "ics"))
}

/// A name from a URL: its host's main label and the path words that are not boilerplate, e.g.
/// `https://fahrplan.events.ccc.de/congress/2023/fahrplan/schedule.xml` → "events-congress-2023-fahrplan".
pub fn name_from_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').filter(|l| *l != "www").collect();
    // "pretalx.com" → "pretalx"; "fahrplan.events.ccc.de" → "events".
    let main = if host.parse::<std::net::IpAddr>().is_ok() {
        "local"
    } else {
        labels.len().checked_sub(2).map_or(host, |i| labels[i])
    };
    let boring = ["schedule", "export", "api", "events", "ical", "index"];
    let mut words = vec![main.to_string()];
    for seg in path.split('/') {
        let stem = seg.rsplit_once('.').map_or(seg, |(s, _)| s);
        if !stem.is_empty() && !boring.contains(&stem.to_ascii_lowercase().as_str()) {
            words.push(stem.to_string());
        }
    }
    let slug = slugify(&words.join(" "));
    let mut slug: String = slug.chars().take(48).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "schedule".into()
    } else {
        slug
    }
}

fn io_error(path: &Path, action: &'static str, e: &std::io::Error) -> SubscribeError {
    SubscribeError::Io {
        path: path.to_path_buf(),
        action,
        message: e.to_string(),
    }
}

/// Replaces `path` atomically (the notes' own routine: temporary file, fsync, rename, directory fsync).
fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), SubscribeError> {
    crate::notes::write_atomically(path, contents).map_err(|e| SubscribeError::Io {
        path: path.to_path_buf(),
        action: "write",
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_url() {
        assert_eq!(
            name_from_url("https://fahrplan.events.ccc.de/congress/2023/fahrplan/schedule.xml"),
            "ccc-congress-2023-fahrplan"
        );
        assert_eq!(
            name_from_url("https://pretalx.com/democon/schedule/export/schedule.json"),
            "pretalx-democon"
        );
        assert_eq!(name_from_url("http://127.0.0.1:8080/s.ics"), "local-s");
    }

    #[test]
    fn the_file_round_trips_and_refuses_bad_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut subs = Subscriptions::load(dir.path()).unwrap();
        assert!(subs.list.is_empty());
        subs.add(
            "https://pretalx.com/democon/schedule/export/schedule.json",
            None,
        )
        .unwrap();
        subs.add("https://example.org/other.xml", Some("other"))
            .unwrap();
        assert!(subs.add("https://example.org/other.xml", None).is_err());
        assert!(
            subs.add("https://example.org/x.xml", Some("Bad Name"))
                .is_err()
        );
        assert!(subs.add("ftp://example.org/x.xml", None).is_err());
        subs.save().unwrap();
        let back = Subscriptions::load(dir.path()).unwrap();
        assert_eq!(back.list, subs.list);
        assert_eq!(back.list[0].name, "pretalx-democon");

        std::fs::write(
            dir.path().join(FILE_NAME),
            "[[subscription]]\nname = \"../up\"\nurl = \"http://x/\"\n",
        )
        .unwrap();
        assert!(matches!(
            Subscriptions::load(dir.path()),
            Err(SubscribeError::Corrupt(_))
        ));
        std::fs::write(dir.path().join(FILE_NAME), "[[subscription]]\nname = 3\n").unwrap();
        let err = Subscriptions::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":2:"), "{err}");
    }

    #[test]
    fn freshness_reads_like_the_status_line() {
        let mut s = Subscription::new("c".into(), "http://x/".into());
        let now: Timestamp = "2024-12-27T14:05:00Z".parse().unwrap();
        assert_eq!(s.freshness(now, &jiff::tz::TimeZone::UTC), "c: no copy yet");
        assert!(s.is_stale(now, jiff::SignedDuration::from_hours(1)));
        s.updated = Some("2024-12-27T14:02:00Z".parse().unwrap());
        assert_eq!(
            s.freshness(now, &jiff::tz::TimeZone::UTC),
            "c: updated 3 min ago"
        );
        assert!(!s.is_stale(now, jiff::SignedDuration::from_hours(1)));
        assert!(!s.is_stale(now, jiff::SignedDuration::ZERO));
        s.failed = true;
        assert_eq!(
            s.freshness(now, &jiff::tz::TimeZone::UTC),
            "c: offline, copy from Fri 14:02"
        );
    }
}
