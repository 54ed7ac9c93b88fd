//! Refreshing a subscription: fetch, check that the body is a schedule, replace the cached copy atomically,
//! and record what happened in the subscription (kept on failure: the old copy stays and the reason is shown).
use super::changes::{ChangeSet, accumulate, changes_path, diff, load};
use super::fetch::{FetchError, FetchOptions, Fetched, fetch};
use super::{Subscription, Subscriptions, write_atomically};
use crate::store::LoadError;
use crate::store::schedule::{Format, parse_schedule, sniff};
use jiff::Timestamp;
use std::path::Path;

/// What one refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new copy was stored, with this many talks.
    Updated(usize),
    /// The server said the copy is current (304).
    NotModified,
    /// The fetch or the body failed; the old copy (if any) is kept.
    Failed(RefreshError),
}

/// Why a refresh stored nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    /// The body is not a schedule at all.
    #[error("not a schedule (expected frab/Pentabarf XML, frab/pretalx JSON or iCalendar)")]
    NotSchedule,
    /// The body looks like a schedule but does not parse: where.
    #[error("{0}")]
    Parse(LoadError),
    /// The copy could not be written.
    #[error("{0}")]
    Cache(String),
}

/// Refreshes `subs.list[index]` at `now`, updating the subscription's record (the caller saves the file).
pub fn refresh(
    subs: &mut Subscriptions,
    index: usize,
    now: Timestamp,
    options: &FetchOptions,
) -> Outcome {
    let cache_dir = subs.cache_dir();
    let has_copy = subs
        .list
        .get(index)
        .and_then(|s| subs.cache_path(s))
        .is_some();
    let Some(sub) = subs.list.get_mut(index) else {
        return Outcome::Failed(RefreshError::Cache("no such subscription".into()));
    };
    // Without a copy on disk the validators are worthless: a 304 would leave nothing to show.
    let (etag, modified) = if has_copy {
        (sub.etag.clone(), sub.last_modified.clone())
    } else {
        (None, None)
    };
    let outcome = match fetch(&sub.url, etag.as_deref(), modified.as_deref(), options) {
        Ok(Fetched::NotModified) => Outcome::NotModified,
        Ok(Fetched::Body {
            bytes,
            etag,
            last_modified,
        }) => match store_copy(&cache_dir, sub, &bytes, now) {
            Ok(talks) => {
                sub.etag = etag;
                sub.last_modified = last_modified;
                Outcome::Updated(talks)
            }
            Err(e) => Outcome::Failed(e),
        },
        Err(e) => Outcome::Failed(e.into()),
    };
    record(sub, &outcome, now);
    outcome
}

/// Checks that `bytes` parse as a schedule, then writes them as the subscription's copy, with what changed
/// since the previous copy beside it.
fn store_copy(
    dir: &Path,
    sub: &mut Subscription,
    bytes: &[u8],
    now: Timestamp,
) -> Result<usize, RefreshError> {
    let label = Path::new(&sub.url);
    let text = crate::store::decode_utf8(label, bytes).map_err(RefreshError::Parse)?;
    let format = sniff(&text).ok_or(RefreshError::NotSchedule)?;
    let parsed = parse_schedule(label, &text, format).map_err(RefreshError::Parse)?;
    let previous = sub.cache.as_deref().and_then(|c| read_copy(&dir.join(c)));
    let changes_file = changes_path(dir, &sub.name);
    match previous {
        Some(old) => {
            let (changes, added) = diff(&old, &parsed.talks);
            let fresh = ChangeSet {
                subscription: sub.name.clone(),
                at: now,
                changes,
                added,
            };
            // Kept changes are merged, not replaced: a quiet copy must not hide an unseen move.
            let present: Vec<&str> = parsed.talks.iter().map(|t| t.id.as_str()).collect();
            let set = accumulate(load(&changes_file), fresh, &present);
            let json =
                serde_json::to_vec_pretty(&set).map_err(|e| RefreshError::Cache(e.to_string()))?;
            write_atomically(&changes_file, &json)
                .map_err(|e| RefreshError::Cache(e.to_string()))?;
        }
        None => {
            let _ = std::fs::remove_file(&changes_file);
        }
    }
    let ext = match format {
        Format::Xml => "xml",
        Format::Json => "json",
        Format::Ical => "ics",
    };
    let name = format!("{}.{ext}", sub.name);
    write_atomically(&dir.join(&name), bytes).map_err(|e| RefreshError::Cache(e.to_string()))?;
    // A schedule that changed format leaves its old copy behind: remove it so only one loads.
    if let Some(old) = sub.cache.replace(name.clone())
        && old != name
    {
        let _ = std::fs::remove_file(dir.join(old));
    }
    Ok(parsed.talks.len())
}

/// The talks of a cached copy (None when it is missing or no longer parses).
fn read_copy(path: &Path) -> Option<Vec<crate::store::Talk>> {
    let bytes = std::fs::read(path).ok()?;
    let text = crate::store::decode_utf8(path, &bytes).ok()?;
    let parsed = parse_schedule(path, &text, sniff(&text)?).ok()?;
    Some(parsed.talks)
}

fn record(sub: &mut Subscription, outcome: &Outcome, now: Timestamp) {
    // Whole seconds: the file is for people to read.
    let now = Timestamp::from_second(now.as_second()).unwrap_or(now);
    sub.fetched = Some(now);
    match outcome {
        Outcome::Updated(n) => {
            sub.updated = Some(now);
            sub.failed = false;
            sub.status = Some(format!("ok: {n} talks"));
        }
        Outcome::NotModified => {
            sub.updated = Some(now);
            sub.failed = false;
            sub.status = Some("not modified".into());
        }
        Outcome::Failed(e) => {
            sub.failed = true;
            sub.status = Some(crate::text::escape_unsafe(&e.to_string()).into_owned());
        }
    }
}

/// Refreshes every subscription `pick` selects and saves the file once; returns each name with its outcome.
/// The file is read again just before saving and only the refreshed records are put into it, so a
/// subscription added or removed meanwhile (another confnotes, a hand edit) is not undone.
pub fn refresh_all(
    subs: &mut Subscriptions,
    now: Timestamp,
    options: &FetchOptions,
    mut pick: impl FnMut(&Subscription) -> bool,
) -> Result<Vec<(String, Outcome)>, super::SubscribeError> {
    let mut done = Vec::new();
    for i in 0..subs.list.len() {
        if pick(&subs.list[i]) {
            let outcome = refresh(subs, i, now, options);
            done.push((subs.list[i].name.clone(), outcome));
        }
    }
    if !done.is_empty() {
        let mut current = Subscriptions::load(&subs.dir)?;
        for record in &mut current.list {
            let ours = subs.list.iter().find(|s| s.name == record.name);
            if let Some(ours) = ours.filter(|_| done.iter().any(|(n, _)| *n == record.name)) {
                *record = ours.clone();
            }
        }
        current.save()?;
        *subs = current;
    }
    Ok(done)
}

/// One line about a batch of refreshes, for the TUI's status line.
pub fn summary(done: &[(String, Outcome)]) -> String {
    let parts: Vec<String> = done
        .iter()
        .map(|(name, outcome)| match outcome {
            Outcome::Updated(n) => format!("{name} updated ({n} talks)"),
            Outcome::NotModified => format!("{name} unchanged"),
            Outcome::Failed(e) => format!(
                "{name} failed: {}",
                crate::text::escape_unsafe(&e.to_string())
            ),
        })
        .collect();
    format!("schedules: {}", parts.join("; "))
}
