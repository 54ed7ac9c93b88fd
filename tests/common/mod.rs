//! Shared by the end-to-end and hostile-input tests: a throwaway home for one run of confnotes (config,
//! data, notes all in a temp dir), the CLI with a time limit, and the real binary in a pseudo-terminal.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

pub mod http;
pub mod pty;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any wait may take before the test fails: generous, since the machine may be busy.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A temp dir standing in for the user's home: `home/`, `config/`, `data/`, `talks/` and the notes file.
pub struct Env {
    pub dir: tempfile::TempDir,
    /// More variables for every run (e.g. EDITOR), set with `set_var`.
    extra: std::cell::RefCell<Vec<(String, String)>>,
}

impl Env {
    /// An empty home with an empty `talks/` directory.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "config", "data", "cache", "talks", "tmp"] {
            fs::create_dir(dir.path().join(sub)).unwrap();
        }
        Env {
            dir,
            extra: Default::default(),
        }
    }

    /// The directory given with `--data`.
    pub fn talks(&self) -> PathBuf {
        self.dir.path().join("talks")
    }

    /// The notes file (CONFNOTES_NOTES).
    pub fn notes(&self) -> PathBuf {
        self.dir.path().join("notes.toml")
    }

    /// The config file (CONFNOTES_CONFIG; absent unless a test writes it).
    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// Writes a talk document into `talks/`.
    pub fn write_talks(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.talks().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// Adds `key=value` to the environment of every later run.
    pub fn set_var(&self, key: &str, value: &str) {
        self.extra.borrow_mut().push((key.into(), value.into()));
    }

    /// The environment every run gets: nothing from the developer's own setup leaks in.
    pub fn vars(&self) -> Vec<(String, String)> {
        let mut vars = self.base_vars();
        vars.extend(self.extra.borrow().iter().cloned());
        vars
    }

    fn base_vars(&self) -> Vec<(String, String)> {
        let d = self.dir.path();
        let s = |p: PathBuf| p.to_string_lossy().into_owned();
        vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".into(), s(d.join("home"))),
            ("XDG_CONFIG_HOME".into(), s(d.join("config"))),
            ("XDG_DATA_HOME".into(), s(d.join("data"))),
            ("XDG_CACHE_HOME".into(), s(d.join("cache"))),
            ("CONFNOTES_CONFIG".into(), s(self.config())),
            ("CONFNOTES_NOTES".into(), s(self.notes())),
            // Recovery copies and editor files stay in the test's own temp dir.
            ("TMPDIR".into(), s(d.join("tmp"))),
            ("TERM".into(), "xterm-256color".into()),
            ("LANG".into(), "C.UTF-8".into()),
        ]
    }

    /// Runs a subcommand (with `args` before it, e.g. `--no-bundled --data DIR list --json`); fails the
    /// test if it takes longer than `TIMEOUT` (a hang is a bug, not a slow test).
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_confnotes"));
        cmd.env_clear()
            .envs(self.vars())
            .args(args)
            .stdin(Stdio::null());
        output_within(cmd, TIMEOUT)
    }

    /// Like `cli`, with `extra` variables on top (e.g. `CONFNOTES_NOW`); fails the test unless the command
    /// succeeds, showing its stderr.
    pub fn cli_ok_with(&self, extra: &[(&str, &str)], args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_confnotes"));
        cmd.env_clear()
            .envs(self.vars())
            .envs(extra.iter().copied())
            .args(args)
            .stdin(Stdio::null());
        let out = output_within(cmd, TIMEOUT);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `--no-bundled --data <talks>` followed by `args`.
    pub fn cli_on_talks(&self, args: &[&str]) -> Output {
        let talks = self.talks();
        let mut all = vec!["--no-bundled", "--data", talks.to_str().unwrap()];
        all.extend_from_slice(args);
        self.cli(&all)
    }
}

/// Runs `cmd` to the end, killing it and failing the test if it is not done within `limit`.
pub fn output_within(mut cmd: Command, limit: Duration) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || drop(tx.send(child.wait_with_output())));
    match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
    }
}

/// The array a `--json` command printed (the command must have succeeded).
pub fn json_array(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

/// The committed hostile fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// Copies fixture files (relative to `fixtures()`) into `dir`.
pub fn copy_fixtures(dir: &Path, names: &[&str]) {
    for name in names {
        let to = dir.join(Path::new(name).file_name().unwrap());
        fs::copy(fixtures().join(name), to).unwrap();
    }
}

/// Polls `check` until it returns Some or `TIMEOUT` passes (for things no event announces, such as a file
/// being written by another process).
pub fn poll_until<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The big hostile documents, generated rather than committed: a 20 MB body, a 10,000-character title and
/// a 20,000-character line (one unbroken word, so wrapping has to cut it).
pub fn write_big_documents(dir: &Path) {
    let body: String =
        "All work and no play makes Jack a dull boy. 日本\n".repeat(20 * 1024 * 1024 / 48 + 1);
    assert!(body.len() >= 20 * 1024 * 1024);
    let doc = format!(
        "[conference]\nname = \"Big Body Conf\"\nyear = 2024\n\n[[talks]]\ntitle = \"Twenty megabytes\"\nslug = \"big\"\nbody = '''\n{}'''\n",
        body
    );
    fs::write(dir.join("big_body.toml"), doc).unwrap();

    let title = "Ω".repeat(5_000) + &"t".repeat(5_000);
    fs::write(
        dir.join("long_title.toml"),
        format!("[conference]\nname = \"Long Title Conf\"\nyear = 2024\n\n[[talks]]\ntitle = \"{title}\"\nslug = \"long-title\"\n"),
    )
    .unwrap();

    let line = "x".repeat(19_992) + "LINE-END";
    fs::write(
        dir.join("long_line.toml"),
        format!("[conference]\nname = \"Long Line Conf\"\nyear = 2024\n\n[[talks]]\ntitle = \"One long line\"\nslug = \"long-line\"\nspeakers = [\"Lina Long\"]\nbody = \"{line}\"\n"),
    )
    .unwrap();
}

/// Characters that must never reach a terminal from document text: C0 and C1 controls (other than the
/// newline, and the tab that CLI output uses as a separator), DEL, and the bidi controls. Written out
/// here rather than taken from the crate, so the tests check the crate's own list.
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Fails if `bytes` (output meant for a terminal) hold an escape, a C1 control or a bidi control.
pub fn assert_terminal_safe(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| is_dangerous(c)) {
        let before: String = text[..i].chars().rev().take(60).collect();
        let before: String = before.chars().rev().collect();
        panic!("{what}: {c:?} at byte {i}, after {before:?}");
    }
}

/// Every string in a JSON value.
pub fn json_strings(v: &serde_json::Value) -> Vec<&str> {
    match v {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().flat_map(json_strings).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(json_strings).collect(),
        _ => Vec::new(),
    }
}
