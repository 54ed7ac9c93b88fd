//! `confnotes notes`: listing, export, scripted edits, and a notes file that must not be touched.
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TALKS: &str = r#"
[conference]
name = "TestConf"
year = 2020

[[talks]]
title = "Zeta talk"
slug = "zeta"
speakers = ["Zoe"]

[[talks]]
title = "Alpha talk"
slug = "alpha"
speakers = ["Ann", "Bo"]
date = "2020-01-02"
links = [{ label = "video", url = "https://example.org/alpha" }]

[[talks]]
title = "Beta talk"
slug = "beta"
"#;

/// A temp dir with `talks/test.toml`, no config and a notes path; commands run against only those.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("talks")).unwrap();
        fs::write(dir.path().join("talks/test.toml"), TALKS).unwrap();
        Env { dir }
    }

    fn notes(&self) -> PathBuf {
        self.dir.path().join("notes.toml")
    }

    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_confnotes"));
        c.env("CONFNOTES_CONFIG", self.dir.path().join("no-config.toml"))
            .env_remove("CONFNOTES_NOTES");
        // Not about the load cache (and the test dir's listing is checked): keep it out.
        c.arg("--no-cache")
            .arg("--no-bundled")
            .arg("--data")
            .arg(self.dir.path().join("talks"));
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command()
            .arg("--notes")
            .arg(self.notes())
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8(out.stderr).unwrap()
    }
}

#[test]
fn set_then_list_and_list_json() {
    let env = Env::new();
    assert_eq!(env.ok(&["notes"]), "", "no notes yet");
    env.ok(&[
        "notes",
        "set",
        "testconf-2020/beta",
        "--text",
        "first line\nsecond line",
    ]);
    env.ok(&[
        "notes",
        "set",
        "testconf-2020/alpha",
        "--status",
        "follow-up",
    ]);
    env.ok(&[
        "notes",
        "set",
        "testconf-2020/beta",
        "--append",
        "third line",
        "--status",
        "done",
    ]);
    env.ok(&[
        "notes",
        "set",
        "gone-2019/old",
        "--text",
        "orphan",
        "--force",
    ]);

    let lines: Vec<Vec<String>> = env
        .ok(&["notes"])
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect();
    let summary: Vec<(&str, &str, &str, &str)> = lines
        .iter()
        .map(|f| (f[0].as_str(), f[1].as_str(), f[3].as_str(), f[4].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("gone-2019/old", "none", "(not in the store)", "orphan"),
            ("testconf-2020/alpha", "follow-up", "Alpha talk", ""),
            ("testconf-2020/beta", "done", "Beta talk", "first line"),
        ]
    );
    assert!(
        lines
            .iter()
            .all(|f| f[2].len() == 20 && f[2].ends_with('Z')),
        "RFC 3339 UTC: {lines:?}"
    );

    let json: serde_json::Value = serde_json::from_str(&env.ok(&["notes", "--json"])).unwrap();
    assert_eq!(json[2]["text"], "first line\nsecond line\nthird line");
    assert_eq!(json[0]["title"], serde_json::Value::Null);
    assert_eq!(json[1]["status"], "follow-up");

    env.ok(&["notes", "set", "testconf-2020/alpha", "--status", "none"]);
    assert!(
        !env.ok(&["notes"]).contains("alpha"),
        "no status and no text: the note is gone"
    );
}

#[test]
fn set_refuses_unknown_ids_and_empty_requests() {
    let env = Env::new();
    assert!(
        env.fails(&["notes", "set", "nope/nothing", "--text", "x"])
            .contains("--force")
    );
    assert!(
        env.fails(&["notes", "set", "testconf-2020/beta"])
            .contains("nothing to set")
    );
    env.fails(&[
        "notes",
        "set",
        "testconf-2020/beta",
        "--text",
        "a",
        "--append",
        "b",
    ]);
    env.fails(&["notes", "set", "testconf-2020/beta", "--status", "later"]);
    assert!(!env.notes().exists(), "nothing was written");
}

#[test]
fn export_puts_follow_ups_first_then_by_conference_and_title_then_orphans() {
    let env = Env::new();
    env.ok(&[
        "notes",
        "set",
        "aaa-2000/orphan",
        "--text",
        "lost talk",
        "--force",
    ]);
    env.ok(&[
        "notes",
        "set",
        "testconf-2020/zeta",
        "--status",
        "follow-up",
        "--text",
        "ask Zoe",
    ]);
    env.ok(&["notes", "set", "testconf-2020/beta", "--text", "meh"]);
    env.ok(&[
        "notes",
        "set",
        "testconf-2020/alpha",
        "--status",
        "done",
        "--text",
        "great\n\n- point",
    ]);
    let md = env.ok(&["notes", "export"]);
    assert!(
        !md.contains("Recording available"),
        "Alpha links a video but is done, not follow-up:\n{md}"
    );
    env.ok(&[
        "notes",
        "set",
        "testconf-2020/alpha",
        "--status",
        "follow-up",
    ]);
    let md = env.ok(&["notes", "export"]);
    let alpha = md.split("## ").find(|s| s.starts_with("Alpha")).unwrap();
    assert!(
        alpha.contains("- Recording available: <https://example.org/alpha>\n"),
        "{alpha}"
    );
    env.ok(&["notes", "set", "testconf-2020/alpha", "--status", "done"]);
    let md = env.ok(&["notes", "export"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Zeta talk",
            "## Alpha talk",
            "## Beta talk",
            "## aaa-2000/orphan (not in the store)"
        ]
    );
    let alpha = md.split("## ").find(|s| s.starts_with("Alpha")).unwrap();
    for part in [
        "- Speakers: Ann, Bo",
        "- Conference: TestConf 2020",
        "- Date: 2020-01-02",
        "- Links: [video](<https://example.org/alpha>)",
        "- Status: done",
        "- Id: `testconf-2020/alpha`",
        "\ngreat\n\n- point\n",
    ] {
        assert!(alpha.contains(part), "{part:?} missing from:\n{alpha}");
    }
}

#[test]
fn the_notes_path_comes_from_flag_env_or_config() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    fs::write(&config, "notes_file = \"from-config.toml\"\n").unwrap();
    let set = |c: &mut Command| {
        let out = c
            .args(["notes", "set", "x/y", "--text", "t", "--force"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    set(env.command().env("CONFNOTES_CONFIG", &config));
    assert!(
        env.dir.path().join("from-config.toml").exists(),
        "relative to the config file"
    );
    let from_env = env.dir.path().join("from-env.toml");
    set(env
        .command()
        .env("CONFNOTES_CONFIG", &config)
        .env("CONFNOTES_NOTES", &from_env));
    assert!(from_env.exists());
    let from_flag = env.dir.path().join("from-flag.toml");
    set(env
        .command()
        .env("CONFNOTES_NOTES", &from_env)
        .arg("--notes")
        .arg(&from_flag));
    assert!(from_flag.exists());
}

fn assert_untouched(path: &Path, bytes: &[u8]) {
    assert_eq!(fs::read(path).unwrap(), bytes, "the notes file changed");
}

#[test]
fn a_corrupt_notes_file_is_reported_with_its_line_and_left_byte_for_byte() {
    let env = Env::new();
    let garbage: &[u8] = b"[notes.\"testconf-2020/beta\"]\ncreated = \"2024-05-01T10:00:00Z\"\nupdated = \"2024-05-01T10:00:00Z\"\ntext = unquoted words\r\n# caf\xc3\xa9\r\n";
    fs::write(env.notes(), garbage).unwrap();
    for args in [
        &["notes"][..],
        &["notes", "export"],
        &["notes", "set", "testconf-2020/beta", "--text", "overwrite?"],
        &["notes", "set", "testconf-2020/alpha", "--status", "done"],
    ] {
        let err = env.fails(args);
        let location = format!("{}:4:", env.notes().display());
        assert!(err.contains(&location), "{args:?}: {err}");
        assert!(
            err.contains("fix that line, or move the file away"),
            "{err}"
        );
        assert_untouched(&env.notes(), garbage);
    }
    let lock = env.dir.path().join("notes.toml.lock");
    let entries: Vec<_> = fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(
        entries
            .iter()
            .all(|p| p == &env.notes() || p == &lock || p.ends_with("talks")),
        "{entries:?}"
    );
}

#[test]
fn the_scratch_pad_takes_appended_lines_prints_them_and_exports_first() {
    let env = Env::new();
    assert_eq!(env.ok(&["scratch"]), "", "empty at first");
    env.ok(&["scratch", "--append", "met Alice at lunch"]);
    env.ok(&["scratch", "--append", "ask about her PEP"]);
    assert_eq!(
        env.ok(&["scratch"]),
        "met Alice at lunch\nask about her PEP\n"
    );
    env.ok(&["notes", "set", "testconf-2020/beta", "--text", "meh"]);
    let md = env.ok(&["notes", "export"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## Scratch pad", "## Beta talk"], "{md}");
    assert!(
        md.contains("\nmet Alice at lunch\nask about her PEP\n"),
        "{md}"
    );
    assert!(!md.contains("not in the store"), "{md}");
    let list = env.ok(&["notes"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("_scratch/global\t") && l.contains("\t(scratch pad)\t")),
        "{list}"
    );
}

#[test]
fn scratch_day_pages_take_a_date_today_or_tomorrow_and_export_after_the_global_page() {
    let env = Env::new();
    let at_conference = |args: &[&str]| {
        let out = (env.command())
            .env("CONFNOTES_NOW", "2023-12-29T10:00:00Z")
            .env("TZ", "UTC")
            .arg("--notes")
            .arg(env.notes())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    at_conference(&["scratch", "--day", "2023-12-28", "--append", "day one"]);
    at_conference(&["scratch", "--day", "today", "--append", "met Alice"]);
    at_conference(&["scratch", "--day", "tomorrow", "--append", "closing party"]);
    env.ok(&["scratch", "--append", "global thought"]);
    assert_eq!(
        at_conference(&["scratch", "--day", "2023-12-29"]),
        "met Alice\n"
    );
    assert_eq!(
        env.ok(&["scratch", "--day", "2023-12-30"]),
        "closing party\n"
    );
    assert_eq!(
        env.ok(&["scratch"]),
        "global thought\n",
        "no --day: the global page"
    );

    let empty = env.run(&["scratch", "--day", "2024-01-05"]);
    assert!(empty.status.success() && empty.stdout.is_empty());
    let said = String::from_utf8_lossy(&empty.stderr);
    assert!(said.contains("Scratch — Fri 5 Jan 2024 is empty"), "{said}");
    let bad = env.run(&["scratch", "--day", "someday"]);
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.contains("expected YYYY-MM-DD, today or tomorrow"),
        "{said}"
    );

    let md = env.ok(&["notes", "export"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Scratch pad",
            "## Scratch — Thu 28 Dec 2023",
            "## Scratch — Fri 29 Dec 2023",
            "## Scratch — Sat 30 Dec 2023"
        ],
        "{md}"
    );
    assert!(md.contains("\nmet Alice\n"), "{md}");
    let list = env.ok(&["notes"]);
    assert!(
        list.lines().any(|l| l.starts_with("_scratch/2023-12-29\t")
            && l.contains("\t(scratch — Fri 29 Dec 2023)\t")),
        "{list}"
    );
}
