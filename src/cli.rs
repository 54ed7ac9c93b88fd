//! The command line: global options, the scriptable subcommands, and what they print.
mod agenda;
pub mod notes;
mod subscribe;

use crate::catalog::Catalog;
use crate::config::{Config, default_config_path, load_config};
use crate::speakers::SpeakerIndex;
use crate::store::{Source, Store, Talk};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Browse, fuzzy-find and annotate conference talk notes. With no command, opens the terminal UI.
#[derive(Debug, Parser)]
#[command(name = "confnotes", version, about)]
pub struct Cli {
    /// A directory of talk documents (*.toml), schedules (frab XML/JSON, iCalendar) or a pyvideo data tree, or
    /// one such file; repeatable.
    #[arg(long = "data", value_name = "PATH", global = true)]
    pub data: Vec<PathBuf>,
    /// Leave the bundled talks out.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// The personal notes file (default: notes.toml in the data directory; env CONFNOTES_NOTES).
    #[arg(long, value_name = "FILE", global = true, env = "CONFNOTES_NOTES")]
    pub notes: Option<PathBuf>,
    /// The config file (default: config.toml in the config directory; env CONFNOTES_CONFIG).
    #[arg(long, value_name = "FILE", global = true, env = "CONFNOTES_CONFIG")]
    pub config: Option<PathBuf>,
    /// Parse every source, neither reading nor writing the load cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every talk.
    List {
        /// Print a JSON array of talks.
        #[arg(long)]
        json: bool,
    },
    /// Show one talk by id.
    Show {
        /// The talk id, e.g. europython-2015/parallelism-shootout.
        id: String,
        /// Print the talk as a JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Search talks with the query language of the TUI filter.
    Search {
        /// The query (several words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Print a JSON array of talks, each with its score.
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// List the speakers: each person once with every spelling of their name, fuzzy-ranked by QUERY.
    Speakers {
        /// Rank and filter by this (several words are joined with spaces); without one, sorted by name.
        query: Vec<String>,
        /// Print a JSON array of people: name, aliases, talk ids.
        #[arg(long)]
        json: bool,
    },
    /// List the talks with personal notes; `notes export` writes them as Markdown, `notes set` edits one.
    Notes(notes::NotesArgs),
    /// Write a catalog out as talk documents (TOML, one per conference) that you can edit and load with --data.
    Import {
        /// The catalog's format.
        #[arg(value_enum)]
        format: ImportFormat,
        /// The catalog: a pyvideo/data checkout, a folder of its conference folders, or one of them; or a
        /// schedule file.
        path: PathBuf,
        /// The directory to write the documents to (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace documents that already exist in DIR.
        #[arg(long)]
        force: bool,
    },
    /// The scratch pad (notes that belong to no talk): print it, or add a line with --append. Without --day
    /// the global page, with it that day's page.
    Scratch {
        /// That day's page: YYYY-MM-DD, today or tomorrow.
        #[arg(long, value_name = "DAY")]
        day: Option<String>,
        /// Add TEXT on a new line at the end.
        #[arg(long, value_name = "TEXT")]
        append: Option<String>,
    },
    /// Your agenda: the talks marked planned, by day and time, with gaps and overlaps (`!`) flagged.
    Agenda {
        /// Only this day: YYYY-MM-DD, today or tomorrow.
        #[arg(long, value_name = "DAY")]
        day: Option<String>,
        /// Print JSON: days with their talks, each with the ids it overlaps and the minutes free before it.
        #[arg(long)]
        json: bool,
        /// Print an iCalendar file (RFC 5545, UTC, a UID stable per talk), e.g. `agenda --ics > mine.ics`.
        #[arg(long)]
        ics: bool,
    },
    /// Subscribe to a schedule URL (pretalx, frab, Pentabarf, .ics) and fetch it; its last good copy is kept
    /// in the data directory and loads at every start, so confnotes works offline.
    Subscribe {
        /// The schedule's URL (http or https).
        url: String,
        /// A short name for it (lower-case letters, digits, dashes; default: made from the URL).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Forget a subscription and delete its cached copy (your notes on its talks stay).
    Unsubscribe {
        /// The subscription's name (see `confnotes subscriptions`).
        name: String,
    },
    /// Fetch the subscribed schedules again (all, or the one named); a failed fetch keeps the old copy.
    Refresh {
        /// The subscription's name (see `confnotes subscriptions`).
        name: Option<String>,
    },
    /// What the last refresh changed for your planned, follow-up and annotated talks: moved, cancelled,
    /// speakers changed; and how many talks were added.
    Changes {
        /// Print a JSON array (one change set per subscription).
        #[arg(long)]
        json: bool,
        /// Every changed talk, not only yours.
        #[arg(long)]
        all: bool,
    },
    /// List the subscriptions: name, URL, last fetched, status.
    Subscriptions {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script, e.g. `confnotes completions bash > ~/.local/share/bash-completion/completions/confnotes`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The load cache of parsed catalogs (`cache clear` empties it; it is rebuilt at the next start).
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Print the man page (roff), e.g. `confnotes man > ~/.local/share/man/man1/confnotes.1`.
    Man,
}

/// The command-line definition, with where the files are in `--help`.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().after_long_help(crate::config::files_help())
}

/// Parses the process's arguments (exits with clap's message on a usage error, or for --help/--version).
pub fn parse_args() -> Cli {
    use clap::FromArgMatches;
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Writes the completion script for `shell` or the man page; neither needs the config or the talks.
fn write_generated(command: &Command, out: &mut dyn Write) -> Result<bool> {
    match command {
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut self::command(), "confnotes", &mut script);
            out.write_all(&script)?;
            Ok(true)
        }
        Command::Man => {
            clap_mangen::Man::new(self::command()).render(out)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// What `confnotes cache` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum CacheCommand {
    /// Delete the cached catalogs.
    Clear,
}

/// Catalog formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// pyvideo/data: conference folders of category.json and videos/*.json.
    Pyvideo,
    /// One conference schedule: frab/Pentabarf XML, frab/pretalx JSON or iCalendar.
    Schedule,
}

/// Everything a run needs: the config and the loaded store.
pub struct Loaded {
    pub config: Config,
    pub store: Store,
}

impl Cli {
    /// The sources in load order: bundled (unless `--no-bundled`), `talk_dirs` from config, the cached copies
    /// of subscribed schedules, then `--data`.
    pub fn sources(&self, config: &Config) -> Vec<Source> {
        let mut sources = Vec::new();
        if !self.no_bundled {
            sources.push(Source::Bundled);
        }
        sources.extend(config.talk_dirs.iter().cloned().map(Source::Path));
        let data_dir = crate::config::data_dir();
        sources.extend(crate::subscribe::cached_sources(data_dir.as_deref()).0);
        sources.extend(self.data.iter().cloned().map(Source::Path));
        #[cfg(feature = "synth")]
        if let Some(n) = std::env::var("CONFNOTES_SYNTH_TALKS")
            .ok()
            .and_then(|n| n.parse().ok())
        {
            sources.push(Source::Synthetic(n));
        }
        sources
    }

    /// Why the subscriptions file could not be read, if it could not (its schedules are then left out).
    pub fn subscriptions_problem(&self) -> Option<String> {
        let data_dir = crate::config::data_dir();
        crate::subscribe::cached_sources(data_dir.as_deref())
            .1
            .map(|e| e.to_string())
    }

    /// The load cache, unless `--no-cache` (or there is no home directory to keep it in).
    pub fn cache(&self) -> Option<crate::store::cache::Cache> {
        if self.no_cache {
            return None;
        }
        crate::config::cache_dir().map(crate::store::cache::Cache::new)
    }

    /// Reads the config (a broken config is an error: the user should fix it, not lose their settings silently).
    pub fn load_config(&self) -> Result<Config> {
        match self.config.clone().or_else(default_config_path) {
            Some(path) => Ok(load_config(&path)?),
            None => Ok(Config::default()),
        }
    }
}

/// Runs a subcommand, writing to `out`; load warnings go to stderr.
pub fn run_command(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<()> {
    if write_generated(command, out)? {
        return Ok(());
    }
    if let Command::Import {
        format: ImportFormat::Pyvideo,
        path,
        out: dir,
        force,
    } = command
    {
        return import_pyvideo(path, dir, *force, out);
    }
    if let Command::Import {
        format: ImportFormat::Schedule,
        path,
        out: dir,
        force,
    } = command
    {
        let imported = crate::store::schedule::import_schedule(path, dir, *force)?;
        for w in &imported.warnings {
            eprintln!("confnotes: warning: {w}");
        }
        writeln!(out, "{}", imported.file.display())?;
        eprintln!(
            "confnotes: wrote {} talks to {}",
            imported.talks,
            imported.file.display()
        );
        return Ok(());
    }
    match command {
        Command::Subscribe { url, name } => {
            let dir = subscribe::data_dir()?;
            return subscribe::subscribe(&dir, url, name.as_deref(), out);
        }
        Command::Unsubscribe { name } => {
            let dir = subscribe::data_dir()?;
            return subscribe::unsubscribe(&dir, name, out);
        }
        Command::Refresh { name } => {
            let dir = subscribe::data_dir()?;
            return subscribe::refresh(&dir, name.as_deref(), out);
        }
        Command::Subscriptions { json } => {
            let dir = subscribe::data_dir()?;
            return subscribe::list(&dir, *json, out);
        }
        Command::Changes { json, all } => {
            let dir = subscribe::data_dir()?;
            let config = cli.load_config()?;
            let notes = crate::notes::NotesStore::open(crate::config::resolve_notes_path(
                cli.notes.as_deref(),
                &config,
            ));
            return subscribe::changes(&dir, &notes.notes, *all, *json, out);
        }
        // The scratch pad needs no talks: answer before loading them.
        Command::Scratch { day, append } => {
            let page = match day {
                Some(d) => crate::notes::day_scratch_id(agenda::parse_day(
                    d,
                    crate::store::schedule::now(),
                )?),
                None => crate::notes::SCRATCH_ID.to_string(),
            };
            let config = cli.load_config()?;
            let path = crate::config::resolve_notes_path(cli.notes.as_deref(), &config)
                .context("no place for the notes file (no home directory): pass --notes FILE")?;
            return notes::scratch(&path, &page, append.as_deref(), out);
        }
        Command::Cache(CacheCommand::Clear) => {
            let dir =
                crate::config::cache_dir().context("no cache directory (no home directory)")?;
            let cache = crate::store::cache::Cache::new(&dir);
            let removed = cache
                .clear()
                .with_context(|| format!("cannot clear the load cache in {}", dir.display()))?;
            writeln!(out, "removed {removed} cache files from {}", dir.display())?;
            return Ok(());
        }
        _ => {}
    }
    let config = cli.load_config()?;
    let cache = cli.cache();
    let searched = matches!(command, Command::Search { .. });
    let (mut catalog, mut cached) = Catalog::load(
        &cli.sources(&config),
        cache.as_ref(),
        &config.speakers,
        searched,
    );
    if let Command::Search { query, .. } = command {
        catalog.prepare_one_search(&query.join(" "));
    }
    for note in &cached.notes {
        eprintln!("confnotes: note: {note}");
    }
    // Written while the command runs; waited for at the end, so the next start finds it.
    let writer = cached.write_in_background();
    let result = run_on_catalog(cli, command, config, &catalog, out);
    for note in writer.join().unwrap_or_default() {
        eprintln!("confnotes: note: {note}");
    }
    // As in the TUI: the process's end frees the catalog faster than dropping it piece by piece.
    std::mem::forget(catalog);
    result
}

/// Runs a subcommand that needs the talks, once they are loaded.
fn run_on_catalog(
    cli: &Cli,
    command: &Command,
    config: Config,
    catalog: &Catalog,
    out: &mut dyn Write,
) -> Result<()> {
    let store = catalog.store();
    if let Some(problem) = cli.subscriptions_problem() {
        eprintln!("confnotes: warning: {problem}");
    }
    for w in &store.warnings {
        eprintln!("confnotes: warning: {w}");
    }
    if store.merged > 0 {
        eprintln!(
            "confnotes: note: {} talks found in more than one source are shown once",
            store.merged
        );
    }
    match command {
        // JSON keeps store order (each overview says `"kind": "overview"`); text lists the talks, then the
        // overviews under a heading of their own.
        Command::List { json: true } => {
            print_talks(out, store.talks.iter().map(|t| (t, None)), true)
        }
        Command::List { json: false } => {
            let (overviews, talks): (Vec<&Talk>, Vec<&Talk>) =
                store.talks.iter().partition(|t| t.is_overview());
            print_talks(out, talks.into_iter().map(|t| (t, None)), false)?;
            if !overviews.is_empty() {
                writeln!(out, "\n# overviews (not talks)")?;
                print_talks(out, overviews.into_iter().map(|t| (t, None)), false)?;
            }
            Ok(())
        }
        Command::Show { id, json } => {
            let Some(talk) = store.get(id) else {
                bail!("no talk with id {id:?} (see `confnotes list` for the ids)");
            };
            if *json {
                serde_json::to_writer_pretty(&mut *out, talk)?;
                writeln!(out)?;
            } else {
                write_talk_text(out, talk)?;
            }
            Ok(())
        }
        Command::Search { query, json, limit } => {
            // The personal notes take part: `is:followup`, `has:notes` and words in them.
            let notes = crate::notes::NotesStore::open(crate::config::resolve_notes_path(
                cli.notes.as_deref(),
                &config,
            ));
            if let Some(reason) = &notes.read_only_reason
                && !matches!(reason, crate::notes::NotesError::NoPath)
                && notes.path.as_ref().is_some_and(|p| p.exists())
            {
                eprintln!("confnotes: warning: {reason}");
            }
            let lookup = crate::search::TalkNotes::new(&store.talks, &notes.notes);
            // `is:now`, `day:today`: the system clock, or CONFNOTES_NOW (RFC 3339) for tests and demos.
            let now = crate::store::schedule::now();
            // `@name` also finds the person's other spellings and declared aliases (set above if asked).
            let hits = catalog.search(&query.join(" "), &lookup, now);
            let hits = hits.iter().take(limit.unwrap_or(usize::MAX));
            print_talks(
                out,
                hits.map(|h| (&store.talks[h.index], Some(h.score))),
                *json,
            )
        }
        Command::Speakers { query, json } => {
            print_speakers(out, store, catalog.people(), &query.join(" "), *json)
        }
        Command::Notes(args) => {
            let path = crate::config::resolve_notes_path(cli.notes.as_deref(), &config)
                .context("no place for the notes file (no home directory): pass --notes FILE")?;
            notes::run(args, &path, store, out)
        }
        Command::Agenda { day, json, ics } => {
            let day = day
                .as_deref()
                .map(|d| agenda::parse_day(d, crate::store::schedule::now()))
                .transpose()?;
            let notes = crate::notes::NotesStore::open(crate::config::resolve_notes_path(
                cli.notes.as_deref(),
                &config,
            ));
            if let Some(reason) = &notes.read_only_reason
                && notes.path.as_ref().is_some_and(|p| p.exists())
            {
                eprintln!("confnotes: warning: {reason}");
            }
            let agenda = crate::agenda::Agenda::build(store, &notes.notes, day);
            agenda::print(&agenda, store, *json, *ics, out)
        }
        Command::Import { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Subscribe { .. }
        | Command::Refresh { .. }
        | Command::Subscriptions { .. }
        | Command::Unsubscribe { .. }
        | Command::Cache(_)
        | Command::Changes { .. }
        | Command::Scratch { .. } => Ok(()),
    }
}

/// `import pyvideo`: skipped records are warnings; the documents written are listed on `out`.
fn import_pyvideo(
    path: &std::path::Path,
    dir: &std::path::Path,
    force: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let imported = crate::store::pyvideo::import_tree(path, dir, force)?;
    for w in &imported.warnings {
        eprintln!("confnotes: warning: {w}");
    }
    for file in &imported.files {
        writeln!(out, "{}", file.display())?;
    }
    eprintln!(
        "confnotes: wrote {} talks in {} documents to {}",
        imported.talks,
        imported.files.len(),
        dir.display()
    );
    Ok(())
}

/// `speakers`: JSON `[{"name", "aliases", "talks": [ids]}]`, or one line per person: name, talk count, years,
/// other spellings.
fn print_speakers(
    out: &mut dyn Write,
    store: &Store,
    people: &SpeakerIndex,
    query: &str,
    json: bool,
) -> Result<()> {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        name: &'a str,
        aliases: Vec<&'a str>,
        talks: Vec<&'a str>,
    }
    let ranked = people.ranked(query);
    let entries = ranked.iter().map(|&i| {
        let person = &people.people()[i];
        Entry {
            name: person.name(),
            aliases: person.aliases(),
            talks: person
                .talks
                .iter()
                .map(|&t| store.talks[t].id.as_str())
                .collect(),
        }
    });
    if json {
        serde_json::to_writer_pretty(&mut *out, &entries.collect::<Vec<_>>())?;
        writeln!(out)?;
        return Ok(());
    }
    for (entry, &i) in entries.zip(&ranked) {
        let mut years: Vec<i32> = people.people()[i]
            .talks
            .iter()
            .map(|&t| store.talks[t].year)
            .collect();
        years.sort_unstable();
        years.dedup();
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        write!(
            out,
            "{}\t{}\t{}",
            entry.name,
            entry.talks.len(),
            years.join(",")
        )?;
        if !entry.aliases.is_empty() {
            write!(out, "\talso: {}", entry.aliases.join(" · "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn print_talks<'a>(
    out: &mut dyn Write,
    talks: impl Iterator<Item = (&'a Talk, Option<i64>)>,
    json: bool,
) -> Result<()> {
    if json {
        #[derive(serde::Serialize)]
        struct Scored<'a> {
            #[serde(flatten)]
            talk: &'a Talk,
            #[serde(skip_serializing_if = "Option::is_none")]
            score: Option<i64>,
        }
        let all: Vec<Scored> = talks.map(|(talk, score)| Scored { talk, score }).collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
    } else {
        for (t, _) in talks {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                t.id,
                t.conference_label(),
                t.speakers_label(),
                t.title
            )?;
        }
    }
    Ok(())
}

/// "2024-12-27 10:30–11:15 (Europe/Berlin) · Saal 1 · track CCC · en" for a scheduled talk.
fn schedule_line(t: &Talk) -> Option<String> {
    let s = &t.schedule;
    let when = t.local_start().map(|start| {
        let end = t
            .local_end()
            .map(|e| e.strftime("–%H:%M").to_string())
            .unwrap_or_default();
        let zone = s
            .time_zone
            .as_deref()
            .map(|z| format!(" ({z})"))
            .unwrap_or_default();
        format!("{}{end}{zone}", start.strftime("%Y-%m-%d %H:%M"))
    });
    let parts: Vec<String> = [
        when,
        s.room.clone(),
        s.track.as_ref().map(|t| format!("track {t}")),
        s.language.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A talk as readable text (for `show`).
pub fn write_talk_text(out: &mut dyn Write, t: &Talk) -> Result<()> {
    writeln!(out, "{}", t.title)?;
    if !t.speakers.is_empty() {
        writeln!(out, "{}", t.speakers_label())?;
    }
    let conference = t.conference_label();
    let place: Vec<&str> = [
        Some(conference.as_str()),
        t.date.as_deref(),
        t.location.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    writeln!(out, "{}", place.join(" · "))?;
    if let Some(slot) = schedule_line(t) {
        writeln!(out, "{slot}")?;
    }
    if !t.tags.is_empty() {
        writeln!(out, "tags: {}", t.tags.join(", "))?;
    }
    for l in &t.links {
        writeln!(out, "{}: {}", l.label, l.url)?;
    }
    writeln!(out, "id: {}\n", t.id)?;
    writeln!(out, "{}", t.body.trim_end()).context("writing the talk")?;
    Ok(())
}
