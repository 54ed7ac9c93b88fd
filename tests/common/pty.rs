//! The real binary in a pseudo-terminal: a reader thread feeds every byte the app writes into a vt100
//! screen (and keeps the raw stream); tests wait on the parsed screen, never on the clock.
use super::{Env, TIMEOUT};
use portable_pty::{
    Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty, native_pty_system,
};
use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Terminal requests that are not drawing: what a hostile document would try to trigger.
#[derive(Debug, Default)]
pub struct Seen {
    pub bells: usize,
    pub titles: Vec<String>,
    pub clipboard: Vec<String>,
    pub other_osc: Vec<String>,
}

impl vt100::Callbacks for Seen {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard
            .push(String::from_utf8_lossy(data).into_owned());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        let parts: Vec<_> = params.iter().map(|p| String::from_utf8_lossy(p)).collect();
        self.other_osc.push(parts.join(";"));
    }
}

/// What the terminal has received so far.
pub struct Term {
    pub parser: vt100::Parser<Seen>,
    /// Every byte, as written by the app (and by anything run in the PTY after it).
    pub bytes: Vec<u8>,
    /// The reader saw the end of the stream.
    pub closed: bool,
}

impl Term {
    /// Feeds bytes to the screen model. vt100 can overflow on bytes drawn for a larger size than the model
    /// has during a resize storm: the model is then started afresh at its size (the app redraws whole
    /// frames after a resize, so the screen is right again at the next frame).
    fn process(&mut self, bytes: &[u8]) {
        let (rows, cols) = self.parser.screen().size();
        let parser = &mut self.parser;
        let fed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.process(bytes)));
        if fed.is_err() {
            self.reset_model(rows, cols);
        }
    }

    /// A fresh screen model of `rows`×`cols` (after vt100 panicked on the old one).
    fn reset_model(&mut self, rows: u16, cols: u16) {
        self.parser = vt100::Parser::new_with_callbacks(rows, cols, 0, Seen::default());
    }

    /// The parsed screen.
    pub fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        self.screen().contents()
    }

    /// The text of one row (wide characters once, no padding cells).
    pub fn row(&self, row: u16) -> String {
        let (_, cols) = self.screen().size();
        self.screen()
            .rows(0, cols)
            .nth(row as usize)
            .unwrap_or_default()
    }

    /// The symbol in one cell ("" for the second half of a wide character or an empty cell).
    pub fn cell(&self, row: u16, col: u16) -> String {
        self.screen()
            .cell(row, col)
            .map(|c| c.contents().to_string())
            .unwrap_or_default()
    }

    /// Row and column of the first cell where `text` starts, searching row by row.
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        let (rows, _) = self.screen().size();
        (0..rows).find_map(|r| Some((r, self.find_in_row(r, 0, text)?)))
    }

    /// Column of the first cell at or after `from` in `row` where `text` starts.
    pub fn find_in_row(&self, row: u16, from: u16, text: &str) -> Option<u16> {
        let (_, cols) = self.screen().size();
        let first = text.chars().next()?;
        let n = text.chars().count();
        (from..cols).find(|&c| {
            self.cell(row, c).starts_with(first) && self.text_at(row, c, n).starts_with(text)
        })
    }

    /// `n` cells of text from (row, col), skipping wide-character continuation cells.
    pub fn text_at(&self, row: u16, col: u16, n: usize) -> String {
        let (_, cols) = self.screen().size();
        let mut out = String::new();
        let mut taken = 0;
        for c in col..cols {
            let Some(cell) = self.screen().cell(row, c) else {
                break;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            if taken == n {
                break;
            }
            out.push_str(if cell.has_contents() {
                cell.contents()
            } else {
                " "
            });
            taken += 1;
        }
        out
    }
}

impl Term {
    /// Whether the output so far ends where a frame ends: ratatui finishes every frame by hiding the
    /// cursor, or by showing it and moving it to its place (and the app's exit ends by showing it).
    pub fn at_frame_end(&self) -> bool {
        const HIDE: &[u8] = b"\x1b[?25l";
        const SHOW: &[u8] = b"\x1b[?25h";
        let b = &self.bytes;
        if b.ends_with(HIDE) || b.ends_with(SHOW) {
            return true;
        }
        // ESC[?25h ESC[<row>;<col>H
        rfind(b, SHOW).is_some_and(|i| {
            let rest = &b[i + SHOW.len()..];
            rest.len() > 3
                && rest.starts_with(b"\x1b[")
                && rest.ends_with(b"H")
                && rest[2..rest.len() - 1]
                    .iter()
                    .all(|c| c.is_ascii_digit() || *c == b';')
        })
    }
}

struct Shared {
    term: Mutex<Term>,
    changed: Condvar,
}

/// confnotes running in a PTY of a given size.
pub struct Tui {
    master: Box<dyn MasterPty + Send>,
    /// Kept open so that commands can run in the same terminal after the app (see `run_after`).
    slave: Box<dyn SlavePty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    shared: Arc<Shared>,
    vars: Vec<(String, String)>,
}

impl Tui {
    /// Starts `confnotes ARGS` in a `cols`×`rows` terminal with `env`'s environment, and waits for its
    /// first frame (keys sent before it may be read in cooked mode and lost).
    pub fn start(env: &Env, args: &[&str], cols: u16, rows: u16) -> Tui {
        let tui = Tui::start_no_wait(env, args, cols, rows);
        // The app enters the alternate screen after raw mode is on: from then on keys are read as keys.
        tui.wait_for("the first frame", |t| {
            t.screen().alternate_screen() && !t.text().trim().is_empty()
        });
        tui
    }

    /// Starts confnotes on `env`'s own talk directory (no bundled talks) and waits until `listed` shows and
    /// loading has finished.
    pub fn start_on_own_talks(env: &Env, cols: u16, rows: u16, listed: &str) -> Tui {
        let talks = env.talks();
        let tui = Tui::start(
            env,
            &["--no-bundled", "--data", talks.to_str().unwrap()],
            cols,
            rows,
        );
        tui.wait_text(listed);
        // The list is re-sorted when loading ends: a key sent before that would land on another order.
        tui.wait_gone("loading…");
        tui
    }

    /// Like `start`, with extra environment variables (e.g. `CONFNOTES_NOW`).
    pub fn start_with(
        env: &Env,
        extra: &[(&str, &str)],
        args: &[&str],
        cols: u16,
        rows: u16,
    ) -> Tui {
        let tui = Tui::spawn(env, extra, args, cols, rows);
        tui.wait_for("the first frame", |t| {
            t.screen().alternate_screen() && !t.text().trim().is_empty()
        });
        tui
    }

    /// Like `start`, without waiting for anything.
    pub fn start_no_wait(env: &Env, args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn(env, &[], args, cols, rows)
    }

    fn spawn(env: &Env, extra: &[(&str, &str)], args: &[&str], cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut vars = env.vars();
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_confnotes"));
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in &vars {
            cmd.env(k, v);
        }
        cmd.cwd(env.dir.path());
        let child = pair.slave.spawn_command(cmd).unwrap();
        let shared = Arc::new(Shared {
            term: Mutex::new(Term {
                parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Seen::default()),
                bytes: Vec::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let mut reader = pair.master.try_clone_reader().unwrap();
        let feed = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buf = [0u8; 64 * 1024];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                // A failed test may have poisoned the lock; the screen is still worth showing.
                let mut term = feed.term.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    term.closed = true;
                } else {
                    term.process(&buf[..n]);
                    term.bytes.extend_from_slice(&buf[..n]);
                }
                feed.changed.notify_all();
                if n == 0 {
                    break;
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tui {
            master: pair.master,
            slave: pair.slave,
            child,
            writer,
            shared,
            vars,
        }
    }

    /// The terminal as it is now.
    pub fn term(&self) -> MutexGuard<'_, Term> {
        self.shared.term.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `done` holds for a whole frame (see `wait_check`).
    pub fn wait_for(&self, what: &str, done: impl Fn(&Term) -> bool) {
        self.wait_check(what, |t| {
            if done(t) {
                Ok(())
            } else {
                Err("not yet".into())
            }
        });
    }

    /// Waits until `check` passes on a whole frame, failing the test with the last complaint and the
    /// screen after `TIMEOUT`. A frame may arrive in several reads: the screen is only checked when the
    /// output so far ends where a frame ends (see `Term::at_frame_end`), so that a half-drawn screen (new
    /// list, old status line) is never taken for the app's state.
    pub fn wait_check(&self, what: &str, check: impl Fn(&Term) -> Result<(), String>) {
        self.wait_stream(what, |t| {
            if t.at_frame_end() {
                check(t)
            } else {
                Err("a frame is being drawn".into())
            }
        });
    }

    /// Waits until `check` passes on the output so far, whether or not a frame is complete (for what is
    /// not a frame: the app's exit, a command run after it).
    pub fn wait_stream(&self, what: &str, check: impl Fn(&Term) -> Result<(), String>) {
        let deadline = Instant::now() + TIMEOUT;
        let mut term = self.term();
        loop {
            let complaint = match check(&term) {
                Ok(()) => return,
                Err(e) => e,
            };
            let now = Instant::now();
            assert!(
                now < deadline,
                "timed out waiting for {what}: {complaint}; the screen:\n{}",
                term.text()
            );
            term = match self.shared.changed.wait_timeout(term, deadline - now) {
                Ok((term, _)) => term,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// Waits until `text` is on the screen.
    pub fn wait_text(&self, text: &str) {
        self.wait_for(&format!("{text:?} on screen"), |t| t.text().contains(text));
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str) {
        self.wait_for(&format!("{text:?} to go"), |t| !t.text().contains(text));
    }

    /// Types `keys` (raw bytes: "\r" is Enter, "\x1b" Esc, "\t" Tab).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal (the app gets SIGWINCH) and the screen model with it.
    pub fn resize(&self, cols: u16, rows: u16) {
        // vt100 overflows (cols - 2) placing a wide character on a 1-column screen, which bytes drawn
        // for the size before can do: its model is kept 2 columns wide at least.
        let mut term = self.term();
        let resized = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            term.parser.screen_mut().set_size(rows, cols.max(2))
        }));
        if resized.is_err() {
            term.reset_model(rows, cols.max(2));
        }
        drop(term);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Resizes only the terminal the app sees, not the screen model: for sizes no model could hold.
    pub fn resize_pty_only(&self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Whether the app is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Sends a signal (e.g. "TERM") to the app.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits for the app to exit, failing the test after `TIMEOUT`.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not exit; the screen:\n{}",
                self.term().text()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Runs `sh -c SCRIPT` in the same terminal after the app, returning what it printed (its output is
    /// marked so it can be told from the app's).
    pub fn run_after(&mut self, script: &str) -> String {
        let start = self.term().bytes.len();
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", &format!("{script}; echo '<<done>>'")]);
        cmd.env_clear();
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        let mut child = self.slave.spawn_command(cmd).unwrap();
        self.wait_stream("the command's output", |t| {
            if String::from_utf8_lossy(&t.bytes[start..]).contains("<<done>>") {
                Ok(())
            } else {
                Err("not yet".into())
            }
        });
        child.wait().unwrap();
        let term = self.term();
        let out = String::from_utf8_lossy(&term.bytes[start..]).into_owned();
        out.replace("<<done>>", "")
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave the app running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    count(haystack, needle) > 0
}

/// How often `needle` occurs in `haystack`.
pub fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Byte offset of the last occurrence of `needle`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
