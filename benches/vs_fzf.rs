//! confnotes beside fzf, in a real pseudo-terminal, on the same talks (docs/bench-search.md has the method).
//!
//! `CONFNOTES_TREE=/tmp/pv200k cargo bench --bench vs_fzf` (make the tree with the `gen_pyvideo_tree`
//! example). Both programs run in a 120×40 pty whose output feeds a vt100 screen; for each program it measures
//! start to the full list on screen, then types a speaker name one letter at a time, waiting for the screen to
//! settle after each: a keystroke's time is from writing the key to the last byte drawn for it. fzf reads
//! the same talks as "speakers — title" lines (from `confnotes list --json`). Without `CONFNOTES_TREE`, or
//! without fzf on the PATH, it says so and measures what it can. `VS_FZF_QUERY` sets the typed name
//! (default `chesneau`), `VS_FZF_RUNS` the number of runs (default 3). `VS_FZF_ONLY_CACHED=1` measures
//! only confnotes with its cache (no `--no-cache` runs, no fzf): the quick loop while tuning.
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLS: u16 = 120;
const ROWS: u16 = 40;
/// The screen counts as settled once nothing has been drawn for this long.
const QUIET: Duration = Duration::from_millis(400);
const GIVE_UP: Duration = Duration::from_secs(60);

/// What the pty has drawn: the screen and when the last byte arrived.
struct Drawn {
    parser: vt100::Parser,
    last_byte: Instant,
    bytes: usize,
}

struct Pty {
    drawn: Arc<Mutex<Drawn>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    started: Instant,
}

impl Pty {
    fn spawn(cmd: CommandBuilder) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let drawn = Arc::new(Mutex::new(Drawn {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            last_byte: started,
            bytes: 0,
        }));
        let feed = Arc::clone(&drawn);
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let now = Instant::now();
                let mut d = feed.lock().expect("screen lock");
                d.parser.process(&buf[..n]);
                d.last_byte = now;
                d.bytes += n;
            }
        });
        Pty {
            drawn,
            writer,
            child,
            started,
        }
    }

    /// Waits until `done(screen)` holds and nothing was drawn for [`QUIET`]; returns the last byte's time.
    fn settle(&self, since: Instant, done: &dyn Fn(&str) -> bool) -> Option<Instant> {
        loop {
            std::thread::sleep(Duration::from_millis(5));
            let d = self.drawn.lock().expect("screen lock");
            let text = d.parser.screen().contents();
            if d.last_byte >= since && d.last_byte.elapsed() >= QUIET && done(&text) {
                return Some(d.last_byte);
            }
            if since.elapsed() > GIVE_UP {
                eprintln!("gave up waiting; screen:\n{text}");
                return None;
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Instant {
        let at = Instant::now();
        self.writer.write_all(bytes).expect("write key");
        self.writer.flush().expect("flush key");
        at
    }

    fn screen(&self) -> String {
        self.drawn
            .lock()
            .expect("screen lock")
            .parser
            .screen()
            .contents()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One program's numbers from one run.
struct Run {
    full_list: Duration,
    keys: Vec<Duration>,
    peak_rss_kb: u64,
    /// Resident heap and resident file pages (a mapped load cache) once the name is typed, in kB.
    anon_kb: u64,
    file_kb: u64,
}

/// A `/proc/<pid>/status` line's value in kB: `VmHWM` (peak RSS), `RssAnon`, `RssFile`.
fn status_kb(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn measure(
    cmd: CommandBuilder,
    focus: &[u8],
    ready: &dyn Fn(&str) -> bool,
    typed: &dyn Fn(&str, &str) -> bool,
    query: &str,
) -> Option<Run> {
    let mut pty = Pty::spawn(cmd);
    let started = pty.started;
    let full = pty.settle(started, ready)?;
    if !focus.is_empty() {
        let sent = pty.send(focus);
        pty.settle(sent, ready)?;
    }
    let mut keys = Vec::new();
    for (i, c) in query.char_indices() {
        let sent = pty.send(c.to_string().as_bytes());
        let so_far = &query[..i + c.len_utf8()];
        let last = pty.settle(sent, &|s| typed(s, so_far))?;
        keys.push(last.saturating_duration_since(sent));
    }
    let pid = pty.child.process_id().unwrap_or(0);
    let rss = status_kb(pid, "VmHWM");
    let (anon_kb, file_kb) = (status_kb(pid, "RssAnon"), status_kb(pid, "RssFile"));
    if std::env::var_os("VS_FZF_SHOW").is_some() {
        eprintln!("{}", pty.screen());
    }
    pty.send(b"\x1b");
    Some(Run {
        full_list: full - started,
        keys,
        peak_rss_kb: rss,
        anon_kb,
        file_kb,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn report(name: &str, runs: &[Run]) {
    if runs.is_empty() {
        println!("{name}: no run finished");
        return;
    }
    let mut keys: Vec<Duration> = runs.iter().flat_map(|r| r.keys.iter().copied()).collect();
    keys.sort();
    let mut full: Vec<Duration> = runs.iter().map(|r| r.full_list).collect();
    full.sort();
    let first: Vec<String> = runs.iter().map(|r| ms(r.keys[0])).collect();
    let rss = runs.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0);
    let at_end = |kb: fn(&Run) -> u64| runs.iter().map(kb).max().unwrap_or(0) / 1024;
    println!(
        "{name:<10} keystroke p50 {} / p95 {} / max {} ms (first key: {}) · full list {} ms (p50 of {}) · peak RSS {} MB (at the end: heap {} MB, file pages {} MB)",
        ms(percentile(&keys, 0.5)),
        ms(percentile(&keys, 0.95)),
        ms(*keys.last().unwrap_or(&Duration::ZERO)),
        first.join(", "),
        ms(percentile(&full, 0.5)),
        full.len(),
        rss / 1024,
        at_end(|r| r.anon_kb),
        at_end(|r| r.file_kb),
    );
    for (i, r) in runs.iter().enumerate() {
        let per: Vec<String> = r.keys.iter().map(|d| ms(*d)).collect();
        println!(
            "  run {i}: full list {} ms; keys {}",
            ms(r.full_list),
            per.join(" ")
        );
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

fn main() {
    let Some(tree) = std::env::var_os("CONFNOTES_TREE").map(PathBuf::from) else {
        println!(
            "vs_fzf: set CONFNOTES_TREE to a pyvideo tree (see docs/bench-search.md); skipped"
        );
        return;
    };
    let query = std::env::var("VS_FZF_QUERY").unwrap_or_else(|_| "chesneau".into());
    let runs: usize = std::env::var("VS_FZF_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_confnotes"));
    let home = tempfile::tempdir().expect("temp home");
    let lines = write_lines(&bin, &tree, home.path());
    let total = std::fs::read_to_string(&lines)
        .map(|s| s.lines().count())
        .unwrap_or(0);
    println!(
        "tree {} · {total} talks · typing {query:?} · {runs} runs · 120×40 pty",
        tree.display()
    );

    let confnotes_cmd = |cache: bool| {
        let mut cmd = CommandBuilder::new(&bin);
        cmd.args(["--no-bundled", "--data"]);
        cmd.arg(&tree);
        if !cache {
            cmd.arg("--no-cache");
        }
        isolate(&mut cmd, home.path());
        cmd
    };
    // Ready: the whole catalog is counted in the list title and nothing is loading.
    let all = format!("/ {total}");
    let cn_ready = |s: &str| s.contains(&all) && !s.contains("loading");
    let cn_typed = |s: &str, q: &str| s.contains(q) && !s.contains("searching");
    // A warm cache for the measured runs; one cold run first fills it.
    let cold = measure(confnotes_cmd(true), b"/", &cn_ready, &cn_typed, &query);
    if let Some(c) = &cold {
        println!("confnotes cold cache: full list {} ms", ms(c.full_list));
    }
    // The TUI writes its cache in the background and may quit before that ends (at 200k it takes seconds):
    // `list` waits for its writer, so the measured runs find the cache whole.
    let listed = std::process::Command::new(&bin)
        .args(["list", "--no-bundled", "--data"])
        .arg(&tree)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .stdout(std::process::Stdio::null())
        .status();
    assert!(listed.is_ok_and(|s| s.success()), "confnotes list");
    let only_cached = std::env::var_os("VS_FZF_ONLY_CACHED").is_some();
    let mut cn = Vec::new();
    let mut cn_nocache = Vec::new();
    for _ in 0..runs {
        cn.extend(measure(
            confnotes_cmd(true),
            b"/",
            &cn_ready,
            &cn_typed,
            &query,
        ));
        if only_cached {
            continue;
        }
        cn_nocache.extend(measure(
            confnotes_cmd(false),
            b"/",
            &cn_ready,
            &cn_typed,
            &query,
        ));
    }
    report("confnotes", &cn);
    if only_cached {
        return;
    }
    report("--no-cache", &cn_nocache);

    if !on_path("fzf") {
        println!("fzf: not on PATH (apt-get install fzf); skipped");
        return;
    }
    let fzf_all = format!("{total}/{total}");
    let fzf_ready = |s: &str| s.contains(&fzf_all);
    let fzf_typed = |s: &str, q: &str| s.contains(q);
    let mut fz = Vec::new();
    for _ in 0..runs {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(format!("exec fzf --no-mouse < '{}'", lines.display()));
        isolate(&mut cmd, home.path());
        fz.extend(measure(cmd, b"", &fzf_ready, &fzf_typed, &query));
    }
    report("fzf", &fz);
}

/// A clean environment: own HOME and XDG dirs, so the user's config and cache are never read.
fn isolate(cmd: &mut CommandBuilder, home: &Path) {
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_CACHE_HOME", home.join("cache"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("FZF_DEFAULT_OPTS");
    cmd.env_remove("FZF_DEFAULT_COMMAND");
}

/// The tree as "speakers — title" lines for fzf, written by confnotes itself.
fn write_lines(bin: &Path, tree: &Path, home: &Path) -> PathBuf {
    let out = std::process::Command::new(bin)
        .args(["list", "--json", "--no-bundled", "--no-cache", "--data"])
        .arg(tree)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache-lines"))
        .output()
        .expect("confnotes list");
    let talks: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("list --json");
    let mut text = String::new();
    for talk in &talks {
        let speakers: Vec<&str> = talk["speakers"]
            .as_array()
            .map(|s| s.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let title = talk["title"].as_str().unwrap_or("");
        text.push_str(&format!("{} — {title}\n", speakers.join(", ")));
    }
    let path = home.join("lines.txt");
    std::fs::write(&path, text).expect("write lines");
    path
}
