//! `confnotes notes`: list, export and (for scripts) set personal notes.
use crate::notes::{Note, Notes, Status, Timestamp, load_notes, update_notes_file};
use crate::store::{Store, Talk};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::Path;

/// `confnotes notes`: with no action, lists the talks that have a note or a status.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NotesArgs {
    /// Print a JSON array of notes.
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<NotesAction>,
}

/// What to do with the notes.
#[derive(Debug, Subcommand)]
pub enum NotesAction {
    /// Write every note as Markdown to stdout (with each talk's day, time and room when known): follow-ups
    /// first, then by conference and title, then notes
    /// of talks that are not in the store.
    Export,
    /// Set a talk's status and/or text.
    Set {
        /// The talk id.
        id: String,
        /// The new status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Replace the text ("" clears it).
        #[arg(long, value_name = "TEXT", conflicts_with = "append")]
        text: Option<String>,
        /// Add TEXT on a new line at the end.
        #[arg(long, value_name = "TEXT")]
        append: Option<String>,
        /// Accept an id that is not in the store.
        #[arg(long)]
        force: bool,
    },
}

/// A status on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    None,
    Planned,
    FollowUp,
    Done,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::None => Status::None,
            StatusArg::Planned => Status::Planned,
            StatusArg::FollowUp => Status::FollowUp,
            StatusArg::Done => Status::Done,
        }
    }
}

/// Runs `confnotes notes …` on the notes file at `path`.
pub fn run(args: &NotesArgs, path: &Path, store: &Store, out: &mut dyn Write) -> Result<()> {
    // A script blocked on another session's lock says why instead of hanging silently.
    crate::notes::on_lock_wait(|text| eprintln!("confnotes: {text}"));
    match &args.action {
        None => list(out, &load_notes(path)?, store, args.json),
        Some(NotesAction::Export) => export_markdown(out, &load_notes(path)?, store),
        Some(NotesAction::Set {
            id,
            status,
            text,
            append,
            force,
        }) => {
            if status.is_none() && text.is_none() && append.is_none() {
                bail!("nothing to set: give --status, --text or --append");
            }
            if store.get(id).is_none() && !force {
                bail!(
                    "no talk with id {id:?} in the store (use --force to keep a note for it anyway)"
                );
            }
            update_notes_file(path, |notes| {
                let now = Timestamp::now();
                if let Some(text) = text {
                    notes.set_text(id, text, now);
                }
                if let Some(text) = append {
                    notes.append_text(id, text, now);
                }
                if let Some(status) = status {
                    notes.set_status(id, (*status).into(), now);
                }
            })?;
            Ok(())
        }
    }
}

/// `confnotes scratch [--day D] [--append TEXT]`: prints scratch page `page` (the global one or a day's),
/// or adds a line to it.
pub fn scratch(path: &Path, page: &str, append: Option<&str>, out: &mut dyn Write) -> Result<()> {
    crate::notes::on_lock_wait(|text| eprintln!("confnotes: {text}"));
    match append {
        Some(text) => Ok(update_notes_file(path, |notes| {
            notes.append_text(page, text, Timestamp::now());
        })?),
        None => {
            let notes = load_notes(path)?;
            let text = notes.get(page).map_or("", |n| n.text.trim_end());
            if text.is_empty() {
                eprintln!(
                    "confnotes: {} is empty (add to it with --append TEXT or N in the TUI)",
                    crate::notes::scratch_title(page)
                );
            } else {
                writeln!(out, "{text}")?;
            }
            Ok(())
        }
    }
}

/// The first non-blank line, tabs shown as spaces: a tab would split the tab-separated columns.
fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .replace('\t', " ")
}

const NOT_IN_STORE: &str = "(not in the store)";

fn list(out: &mut dyn Write, notes: &Notes, store: &Store, json: bool) -> Result<()> {
    if json {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            id: &'a str,
            title: Option<&'a str>,
            #[serde(flatten)]
            note: &'a Note,
        }
        let all: Vec<Entry> = notes
            .iter()
            .map(|(id, note)| Entry {
                id,
                title: store.get(id).map(|t| t.title.as_str()),
                note,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
        return Ok(());
    }
    for (id, note) in notes.iter() {
        let title = match store.get(id) {
            // "(scratch pad)", "(scratch — Fri 29 Dec 2023)".
            _ if crate::notes::is_scratch(id) => &format!(
                "(s{})",
                crate::notes::scratch_title(id).trim_start_matches('S')
            ),
            Some(t) => t.title.as_str(),
            None => NOT_IN_STORE,
        };
        writeln!(
            out,
            "{id}\t{}\t{}\t{title}\t{}",
            note.status,
            note.updated,
            first_line(&note.text)
        )?;
    }
    Ok(())
}

/// Writes `notes` as Markdown: one section per talk, follow-ups first, then the others by conference and
/// title, then the notes of talks not in the store (by id).
pub fn export_markdown(out: &mut dyn Write, notes: &Notes, store: &Store) -> Result<()> {
    let mut known: Vec<(&Talk, &Note)> = Vec::new();
    let mut orphans: Vec<(&str, &Note)> = Vec::new();
    let mut scratch: Vec<(&str, &Note)> = Vec::new();
    for (id, note) in notes.iter() {
        match store.get(id) {
            _ if crate::notes::is_scratch(id) => scratch.push((id, note)),
            Some(talk) => known.push((talk, note)),
            None => orphans.push((id, note)),
        }
    }
    known.sort_by(|(a, an), (b, bn)| {
        (
            an.status != Status::FollowUp,
            &a.conference,
            a.year,
            &a.title,
            &a.id,
        )
            .cmp(&(
                bn.status != Status::FollowUp,
                &b.conference,
                b.year,
                &b.title,
                &b.id,
            ))
    });
    // The global page first, then the days' pages by date.
    scratch.sort_by_key(|(id, _)| (crate::notes::scratch_day(id), *id));
    writeln!(out, "# Talk notes")?;
    for (id, note) in scratch
        .into_iter()
        .filter(|(_, n)| !n.text.trim().is_empty())
    {
        writeln!(out, "\n## {}\n", crate::notes::scratch_title(id))?;
        write_note(out, id, note)?;
    }
    for (talk, note) in known {
        writeln!(out, "\n## {}\n", talk.title)?;
        if !talk.speakers.is_empty() {
            writeln!(out, "- Speakers: {}", talk.speakers_label())?;
        }
        writeln!(out, "- Conference: {}", talk.conference_label())?;
        match when_label(talk) {
            Some(when) => writeln!(out, "- When: {when}")?,
            None => {
                if let Some(date) = &talk.date {
                    writeln!(out, "- Date: {date}")?;
                }
            }
        }
        if let Some(room) = &talk.schedule.room {
            writeln!(out, "- Room: {room}")?;
        }
        if !talk.links.is_empty() {
            let links: Vec<String> = talk
                .links
                .iter()
                .map(|l| format!("[{}](<{}>)", l.label, l.url))
                .collect();
            writeln!(out, "- Links: {}", links.join(", "))?;
        }
        // Watch later: the follow-up list says which recordings are out.
        if let Some(link) = crate::notes::recording_available(talk, notes) {
            writeln!(out, "- Recording available: <{}>", link.url)?;
        }
        write_note(out, &talk.id, note)?;
    }
    for (id, note) in orphans {
        writeln!(out, "\n## {id} {NOT_IN_STORE}\n")?;
        write_note(out, id, note)?;
    }
    Ok(())
}

/// "Fri 2024-12-27 10:30–11:15 (Europe/Berlin)": day, start and end in the conference's zone, so the
/// follow-up list reads as the printed programme did; None for talks without a start.
fn when_label(talk: &Talk) -> Option<String> {
    let start = talk.local_start()?;
    let mut label = start.strftime("%a %Y-%m-%d %H:%M").to_string();
    if let Some(end) = talk.local_end() {
        label.push_str(&end.strftime("–%H:%M").to_string());
    }
    if let Some(zone) = &talk.schedule.time_zone {
        label.push_str(&format!(" ({zone})"));
    }
    Some(label)
}

fn write_note(out: &mut dyn Write, id: &str, note: &Note) -> Result<()> {
    writeln!(out, "- Status: {}", note.status)?;
    writeln!(out, "- Id: `{id}`")?;
    writeln!(out, "- Updated: {}", note.updated)?;
    let text = note.text.trim_end();
    if !text.is_empty() {
        writeln!(out, "\n{text}")?;
    }
    out.flush().context("writing the notes")
}
