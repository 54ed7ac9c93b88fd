//! The `subscribe`, `refresh` and `subscriptions` subcommands (the edge: anyhow errors, printing).
use crate::subscribe::refresh::refresh_all;
use crate::subscribe::{FetchOptions, Outcome, Subscriptions};
use crate::text::escape_unsafe;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The data directory holding `subscriptions.toml`, or an error saying why there is none.
pub fn data_dir() -> Result<PathBuf> {
    crate::config::data_dir().context("no data directory (no home directory): set XDG_DATA_HOME")
}

/// `subscribe URL [--name NAME]`: adds the subscription and fetches it once. A failed first fetch keeps the
/// subscription (try `refresh` later) but is reported as an error.
pub fn subscribe(dir: &Path, url: &str, name: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let mut subs = Subscriptions::load(dir)?;
    let name = subs.add(url, name)?.name.clone();
    subs.save()?;
    writeln!(out, "subscribed {name}: {url}")?;
    let mut failed = report(
        refresh_all(
            &mut subs,
            crate::store::schedule::now(),
            &FetchOptions::default(),
            |s| s.name == name,
        )?,
        out,
    )?;
    if let Some(f) = failed.pop() {
        bail!("{f} (the subscription is kept: `confnotes refresh {name}` tries again)");
    }
    Ok(())
}

/// `unsubscribe NAME`: forgets the subscription and deletes its cached copy (notes on its talks stay).
pub fn unsubscribe(dir: &Path, name: &str, out: &mut dyn Write) -> Result<()> {
    let mut subs = Subscriptions::load(dir)?;
    if !subs.remove(name)? {
        bail!("no subscription named {name:?} (see `confnotes subscriptions`)");
    }
    writeln!(out, "unsubscribed {name}")?;
    Ok(())
}

/// `refresh [NAME]`: re-fetches every subscription, or the one named.
pub fn refresh(dir: &Path, name: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let mut subs = Subscriptions::load(dir)?;
    if let Some(n) = name
        && !subs.list.iter().any(|s| s.name == n)
    {
        bail!("no subscription named {n:?} (see `confnotes subscriptions`)");
    }
    if subs.list.is_empty() {
        bail!("no subscriptions yet: `confnotes subscribe URL` adds one");
    }
    let now = crate::store::schedule::now();
    let done = refresh_all(&mut subs, now, &FetchOptions::default(), |s| {
        name.is_none_or(|n| s.name == n)
    })?;
    let failed = report(done, out)?;
    if !failed.is_empty() {
        bail!(
            "{} of the refreshes failed; the old copies are kept",
            failed.len()
        );
    }
    Ok(())
}

/// Prints one line per refresh; returns the failures' messages.
fn report(done: Vec<(String, Outcome)>, out: &mut dyn Write) -> Result<Vec<String>> {
    let mut failed = Vec::new();
    for (name, outcome) in done {
        match outcome {
            Outcome::Updated(n) => writeln!(out, "{name}: updated, {n} talks")?,
            Outcome::NotModified => writeln!(out, "{name}: not modified")?,
            Outcome::Failed(e) => {
                let line = format!("{name}: failed: {e}");
                writeln!(out, "{line}")?;
                failed.push(line);
            }
        }
    }
    Ok(failed)
}

/// `subscriptions [--json]`: name, URL, last fetched and status of each.
pub fn list(dir: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let subs = Subscriptions::load(dir)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &subs.list)?;
        writeln!(out)?;
        return Ok(());
    }
    let zone = jiff::tz::TimeZone::system();
    for s in &subs.list {
        let fetched = s.fetched.map_or("never".to_string(), |t| {
            t.to_zoned_datetime(zone.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        });
        // The file is the user's to edit: what it says is escaped before it reaches the terminal.
        let status = escape_unsafe(s.status.as_deref().unwrap_or("not fetched yet"));
        writeln!(
            out,
            "{}\t{}\t{fetched}\t{status}",
            s.name,
            escape_unsafe(&s.url)
        )?;
    }
    Ok(())
}

/// `changes [--json] [--all]`: what the last new copy of each subscription changed, for the talks you marked
/// planned or follow-up or wrote notes on (`all`: every talk), with how many talks were added.
pub fn changes(
    dir: &Path,
    notes: &crate::notes::Notes,
    all: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let subs = Subscriptions::load(dir)?;
    let mut sets = crate::subscribe::changes::load_all(&subs);
    for set in &mut sets {
        set.changes
            .retain(|c| all || crate::subscribe::changes::is_mine(notes, &c.id));
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &sets)?;
        writeln!(out)?;
        return Ok(());
    }
    let zone = jiff::tz::TimeZone::system();
    for set in &sets {
        let when = set
            .at
            .to_zoned_datetime(zone.clone())
            .strftime("%a %Y-%m-%d %H:%M");
        let added = match set.added.len() {
            0 => String::new(),
            1 => ", 1 talk added".into(),
            n => format!(", {n} talks added"),
        };
        let name = escape_unsafe(&set.subscription);
        writeln!(out, "{name} (copy of {when}){added}")?;
        for c in &set.changes {
            let (id, title, what) = (&c.id, &c.title, c.describe());
            let [id, title, what] = [id, title, &what].map(|t| escape_unsafe(t));
            writeln!(out, "  {id}\t{title}\t{what}")?;
        }
    }
    Ok(())
}
