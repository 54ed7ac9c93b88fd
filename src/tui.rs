//! The event loop: terminal input, a tick, and messages from background work (loading, saving, signals)
//! become actions; `update` changes the state; the screen is drawn once per batch of events.
use crate::app::{Action, App, Effect};
use crate::cli::Cli;
use crate::config::resolve_notes_path;
use crate::notes::{NotesSaver, NotesStore};
use crate::store::Store;
use crate::tui_quiet::Quiet;
use crate::ui::{self, Theme};
use anyhow::{Context, Result};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use ratatui::backend::CrosstermBackend;
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

const TICK: Duration = Duration::from_millis(200);
/// How long the input thread waits for input before looking at its pause flag again.
const INPUT_POLL: Duration = Duration::from_millis(50);

/// The terminal the TUI draws on: ratatui's crossterm one, through `Quiet` (an unchanged frame writes
/// nothing).
type Screen = ratatui::Terminal<Quiet<CrosstermBackend<std::io::Stdout>>>;

/// Raw mode, the alternate screen and the panic hook that restores the terminal (ratatui's own start),
/// with the screen drawn through `Quiet`.
fn init_screen() -> std::io::Result<Screen> {
    drop(ratatui::init());
    ratatui::Terminal::new(Quiet::new(CrosstermBackend::new(std::io::stdout())))
}

/// The background helpers effects are performed with.
struct Services<'a> {
    saver: Option<&'a NotesSaver>,
    input: &'a InputControl,
    search: &'a crate::search::SearchWorker,
    picker_search: &'a crate::search::SearchWorker,
}

/// Messages from background threads.
enum Background {
    /// A terminal event from the input thread.
    Input(Event),
    Loaded(crate::catalog::Loaded),
    Action(Action),
    Signal,
}

/// Opens the terminal UI on the store the CLI options describe; returns once the user quits.
pub fn run(cli: &Cli) -> Result<()> {
    crate::tui_safety::require_terminal()?;
    let config = cli.load_config()?;
    let sources = cli.sources(&config);
    let notes = NotesStore::open(resolve_notes_path(cli.notes.as_deref(), &config));
    let (keymap, mut problems) = crate::app::Keymap::new(&config.keys, config.path.as_deref());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (theme, color_problems) = Theme::from_config(&config.colors, no_color);
    problems.extend(color_problems);

    let mut app = App::new(Store::default(), notes, keymap);
    app.set_speaker_rules(&config.speakers);
    app.status.loading = true;
    app.status.load_problems.extend(problems);
    crate::tui_safety::notes_start_notice(&mut app);

    if let Some(problem) = cli.subscriptions_problem() {
        app.status.load_problems.push(problem);
    }

    let (tx, rx) = channel::<Background>();
    spawn_loader(sources, cli.cache(), tx.clone());
    spawn_subscriptions_refresh(&mut app, config.refresh_after_minutes, tx.clone());
    spawn_signal_watcher(tx.clone())?;
    let wait_tx = std::sync::Mutex::new(tx.clone());
    crate::notes::on_lock_wait(move |text| {
        if let Ok(tx) = wait_tx.lock() {
            let _ = tx.send(Background::Action(Action::Message(text.to_string())));
        }
    });
    let saver_tx = tx.clone();
    let saver = app.notes.spawn_saver(move |outcome| {
        drop(saver_tx.send(Background::Action(Action::Saved(outcome))))
    });

    let search_tx = tx.clone();
    let search = crate::search::SearchWorker::spawn(
        app.catalog.shared_index(),
        crate::store::parallel::cores(),
        move |results| drop(search_tx.send(Background::Action(Action::SearchResults(results)))),
    );
    // The move picker's own (Ctrl-T in a scratch page): its passes and the filter's never cancel each other.
    let picker_tx = tx.clone();
    let picker_search = crate::search::SearchWorker::spawn(
        app.catalog.shared_index(),
        crate::store::parallel::cores(),
        move |results| {
            let input = crate::app::MoveInput::Results(results);
            drop(picker_tx.send(Background::Action(Action::MoveLine(input))))
        },
    );
    app.use_search_worker();

    let mut terminal = init_screen()?;
    // Mouse and bracketed paste are conveniences: a terminal without them still works.
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let input = spawn_input(tx.clone());
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let services = Services {
            saver: saver.as_ref(),
            input: &input,
            search: &search,
            picker_search: &picker_search,
        };
        event_loop(&mut terminal, &mut app, &theme, &rx, &services)
    }));
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();

    // Every exit path ends here: a clean quit, a signal, an error or a panic. Save before leaving.
    let saved = save_on_exit(&mut app, saver.as_ref());
    // The notes are saved; freeing every talk, field and index entry one by one would only keep the
    // shell waiting (the CLI's `list` on 22k talks took 247 ms with it, 194 without), and the process's
    // end frees them at once.
    std::mem::forget(app);
    match outcome {
        Ok(result) => result.and(saved),
        Err(_) => {
            saved?;
            anyhow::bail!("confnotes crashed (see the message above); your notes were saved")
        }
    }
}

fn event_loop(
    terminal: &mut Screen,
    app: &mut App,
    theme: &Theme,
    rx: &Receiver<Background>,
    services: &Services,
) -> Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut last_tick = Instant::now();
    // A closed terminal (window closed, ssh dropped, tmux killed) does not always send SIGHUP, and then
    // reads just return nothing: notice it on the tick, and leave through the saving exit path.
    let had_terminal = std::io::stdin().is_terminal();
    // Drawn when something may have changed: any action but a tick, or a tick that changed something. An
    // idle screen writes nothing (ratatui writes style resets and a cursor hide on every draw, even unchanged).
    let mut dirty = true;
    // Input that acts on the rows, held while the search worker answers the typed query (in order).
    let mut held: std::collections::VecDeque<Event> = std::collections::VecDeque::new();
    loop {
        // A terminal reporting an absurd size (65535×65535) would need gigabytes of cells: not drawn.
        if std::mem::take(&mut dirty) && !crate::tui_safety::frame_too_big(terminal.size()?) {
            terminal.draw(|frame| ui::draw(frame, app, theme))?;
        }
        // Wait for the next message or the tick, then handle everything that is ready before drawing
        // again. Keys are applied one by one, in order: "/" changes what the next key means.
        let mut ready = Vec::new();
        match rx.recv_timeout(TICK.saturating_sub(last_tick.elapsed())) {
            Ok(msg) => ready.push(msg),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        ready.extend(rx.try_iter());
        dirty |= !ready.is_empty();
        let mut loaded = Vec::new();
        for msg in ready {
            let action = match msg {
                Background::Loaded(batch) => {
                    loaded.push(batch);
                    continue;
                }
                Background::Input(ev) => {
                    let action = action_for_event(app, ev.clone());
                    let quit = matches!(action, Some(Action::Quit));
                    let waits = app.awaits_results()
                        && action.as_ref().is_some_and(|a| !a.runs_while_searching());
                    if !quit && (!held.is_empty() || waits) {
                        held.push_back(ev);
                        continue;
                    }
                    action
                }
                Background::Action(a) => Some(a),
                Background::Signal => Some(Action::Quit),
            };
            if !loaded.is_empty()
                && apply(
                    Action::Loaded(std::mem::take(&mut loaded)),
                    app,
                    terminal,
                    services,
                )?
            {
                return Ok(());
            }
            if let Some(action) = action
                && apply(action, app, terminal, services)?
            {
                return Ok(());
            }
        }
        if !loaded.is_empty() && apply(Action::Loaded(loaded), app, terminal, services)? {
            return Ok(());
        }
        // The rows answer the typed query now: what was held acts on them, until a key starts a search again.
        while !app.awaits_results()
            && let Some(ev) = held.pop_front()
        {
            if let Some(action) = action_for_event(app, ev)
                && apply(action, app, terminal, services)?
            {
                return Ok(());
            }
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            let gone = had_terminal && !std::io::stdin().is_terminal();
            let action = if gone {
                Action::Quit
            } else {
                Action::Tick(last_tick)
            };
            if apply(action, app, terminal, services)? {
                return Ok(());
            }
            dirty |= app.take_tick_changes();
            // crossterm can leave a Resize unread until the next key: asking the size (an ioctl, no
            // output) keeps the screen right without redrawing an idle one.
            if let Ok((w, h)) = crossterm::terminal::size()
                && (w, h) != app.size
            {
                dirty = true;
                if apply(Action::Resize(w, h), app, terminal, services)? {
                    return Ok(());
                }
            }
            // The schedule view's now line and time queries move on by the minute.
            let clock = crate::store::schedule::now();
            if clock.as_second() / 60 != app.clock.as_second() / 60 {
                if apply(Action::Clock(clock), app, terminal, services)? {
                    return Ok(());
                }
                dirty |= app.take_tick_changes();
            }
        }
    }
}

/// Applies one action and performs its effects; true when the loop should end.
fn apply(
    action: Action,
    app: &mut App,
    terminal: &mut Screen,
    services: &Services,
) -> Result<bool> {
    app.now = Instant::now();
    for effect in app.update(action) {
        if perform(effect, app, terminal, services)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn action_for_event(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.action_for_key(key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, 3)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, -3)),
            _ => None,
        },
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Performs one effect; true when the loop should end.
fn perform(
    effect: Effect,
    app: &mut App,
    terminal: &mut Screen,
    services: &Services,
) -> Result<bool> {
    match effect {
        Effect::Quit => return Ok(true),
        Effect::Search(request) => services.search.request(request),
        Effect::PickerSearch(request) => services.picker_search.request(request),
        Effect::SaveNotes => {
            if let Some(saver) = services.saver {
                saver.save(app.notes.snapshot());
            }
        }
        Effect::OpenUrl(url) => {
            if let Some(refusal) = crate::tui_safety::link_refusal(&url) {
                app.update(Action::Message(refusal));
            } else if let Err(e) = open_in_browser(&url) {
                app.update(Action::Message(format!(
                    "cannot open a browser ({e}); the link is {url}"
                )));
            } else {
                app.update(Action::Message(format!("opening {url}")));
            }
        }
        Effect::Copy(text) => {
            // OSC 52: the terminal puts the text on the clipboard; nothing to wait for.
            let _ = execute!(
                std::io::stdout(),
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
            );
        }
        Effect::EditExternally { id, text } => {
            // The input thread must not read the keys meant for the editor.
            services.input.pause();
            let result = edit_in_external_editor(terminal, &text);
            services.input.resume();
            let result = crate::tui_safety::keep_failed_external_edit(app, &id, result);
            for effect in app.update(Action::ExternalEdited {
                id,
                result: result.map_err(|e| format!("{e:#}")),
            }) {
                perform(effect, app, terminal, services)?;
            }
        }
    }
    Ok(false)
}

/// Saves the notes one last time (editor text included); if that fails, keeps them somewhere.
fn save_on_exit(app: &mut App, saver: Option<&NotesSaver>) -> Result<()> {
    if !app.quitting {
        app.update(Action::Quit);
    }
    crate::tui_safety::save_notes_on_exit(app, saver)
}

/// Pauses the input thread (while an external editor owns the terminal).
struct InputControl {
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl InputControl {
    /// Stops reading input, and waits until the reader has let go of the terminal.
    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let start = Instant::now();
        while !self.idle.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// Reads terminal events on their own thread, so the loop never blocks in a read (a closed terminal makes
/// crossterm's read spin forever) and background messages always get through.
fn spawn_input(tx: Sender<Background>) -> InputControl {
    let control = InputControl {
        paused: Arc::new(AtomicBool::new(false)),
        idle: Arc::new(AtomicBool::new(false)),
    };
    let (paused, idle) = (control.paused.clone(), control.idle.clone());
    std::thread::spawn(move || {
        loop {
            if paused.load(Ordering::SeqCst) {
                idle.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            idle.store(false, Ordering::SeqCst);
            match event::poll(INPUT_POLL) {
                // Input that arrived as we were paused is left for the editor.
                Ok(true) if !paused.load(Ordering::SeqCst) => match event::read() {
                    Ok(ev) => {
                        if tx.send(Background::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return drop(tx.send(Background::Signal)),
                },
                Ok(_) => {}
                Err(_) => return drop(tx.send(Background::Signal)),
            }
        }
    });
    control
}

fn spawn_loader(
    sources: Vec<crate::store::Source>,
    cache: Option<crate::store::cache::Cache>,
    tx: Sender<Background>,
) {
    let done = tx.clone();
    let folder = crate::catalog::stream(sources, cache, move |loaded| {
        drop(tx.send(Background::Loaded(loaded)))
    });
    std::thread::spawn(move || {
        let _ = folder.join();
        let _ = done.send(Background::Action(Action::LoadDone));
    });
}

/// Puts the subscriptions' freshness on the status line and refreshes the stale ones (older than
/// `refresh_after_minutes`, default an hour, 0 never) on a background thread that reports back with an action.
fn spawn_subscriptions_refresh(
    app: &mut App,
    refresh_after_minutes: Option<u64>,
    tx: Sender<Background>,
) {
    use crate::subscribe::{FetchOptions, Subscriptions, refresh::refresh_all, refresh::summary};
    let Some(dir) = crate::config::data_dir() else {
        return;
    };
    let Ok(mut subs) = Subscriptions::load(&dir) else {
        return; // Already among the load problems.
    };
    app.status.subscriptions = subs.list.clone();
    let sets = crate::subscribe::changes::load_all(&subs);
    if let Some(notice) = crate::subscribe::changes::notice(&sets, &app.notes.notes) {
        app.update(Action::Message(notice));
    }
    app.update(Action::ScheduleChanges(sets));
    let minutes = i64::try_from(refresh_after_minutes.unwrap_or(60)).unwrap_or(i64::MAX / 60);
    let after = jiff::SignedDuration::from_mins(minutes);
    let now = app.clock;
    if !subs.list.iter().any(|s| s.is_stale(now, after)) {
        return;
    }
    app.status.refreshing = true;
    let notes = app.notes.notes.clone();
    std::thread::spawn(move || {
        let options = FetchOptions::default();
        let line = match refresh_all(&mut subs, now, &options, |s| s.is_stale(now, after)) {
            Ok(done) => {
                // The new copies, parsed here, before the changes that mark their talks.
                let mut batches = Vec::new();
                for (name, outcome) in &done {
                    let updated = matches!(outcome, crate::subscribe::Outcome::Updated(_));
                    let copy = subs.list.iter().find(|s| &s.name == name);
                    if let Some(path) = copy.filter(|_| updated).and_then(|s| subs.cache_path(s)) {
                        crate::store::load_sources(&[crate::store::Source::Path(path)], |b| {
                            batches.push(b)
                        });
                    }
                }
                let sets = crate::subscribe::changes::load_all(&subs);
                let updated: Vec<&str> = done
                    .iter()
                    .filter(|(_, o)| matches!(o, crate::subscribe::Outcome::Updated(_)))
                    .map(|(n, _)| n.as_str())
                    .collect();
                let fresh: Vec<_> = sets
                    .iter()
                    .filter(|s| updated.contains(&s.subscription.as_str()))
                    .cloned()
                    .collect();
                if !batches.is_empty() {
                    let update = Action::ScheduleUpdated(batches, fresh.clone());
                    drop(tx.send(Background::Action(update)));
                }
                drop(tx.send(Background::Action(Action::ScheduleChanges(sets))));
                match crate::subscribe::changes::notice(&fresh, &notes) {
                    Some(n) => format!("{} · {n}", summary(&done)),
                    None => summary(&done),
                }
            }
            Err(e) => format!("subscriptions: {e}"),
        };
        drop(tx.send(Background::Action(Action::SubscriptionsRefreshed(
            subs.list, line,
        ))));
    });
}

fn spawn_signal_watcher(tx: Sender<Background>) -> Result<()> {
    // Every terminating signal a terminal or a user can send (Ctrl-\\ is SIGQUIT) saves and restores.
    let mut signals = signal_hook::iterator::Signals::new(crate::tui_safety::EXIT_SIGNALS)
        .context("installing signal handlers")?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            crate::tui_safety::SIGNALS_SEEN.fetch_add(1, Ordering::SeqCst);
            if tx.send(Background::Signal).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// Starts the browser on `url` without waiting for it: `$BROWSER` when set, else the desktop's opener
/// (the `open` crate: xdg-open and friends, `open` on macOS). Only checked links get here.
fn open_in_browser(url: &str) -> std::io::Result<()> {
    match std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        Some(browser) => open::with_detached(url, browser),
        None => open::that_detached(url),
    }
}

/// Suspends the UI, edits `text` in $VISUAL/$EDITOR (default vi) and returns what was saved.
fn edit_in_external_editor(terminal: &mut Screen, text: &str) -> Result<String> {
    let file = tempfile::Builder::new()
        .prefix("confnotes-")
        .suffix(".md")
        .tempfile()
        .context("creating a temporary file")?;
    std::fs::write(file.path(), text).context("writing the temporary file")?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
    // Through the shell, so EDITOR="code --wait" works.
    let started = Instant::now();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status();
    *terminal = init_screen()?;
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    terminal.clear()?;
    let status = status.with_context(|| format!("starting {editor}"))?;
    let bytes = std::fs::read(file.path()).context("reading the edited file back")?;
    let edited = String::from_utf8_lossy(&bytes).into_owned();
    crate::tui_safety::external_edit_outcome(&editor, status, started.elapsed(), text, edited)
}
