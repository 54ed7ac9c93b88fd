//! Hostile input through the CLI: every fixture either loads, with its text made safe, or is reported
//! with its file, line and column; nothing panics or hangs, and nothing printed drives the terminal.
mod common;

use common::{
    Env, assert_terminal_safe, copy_fixtures, fixtures, is_dangerous, json_array, json_strings,
};
use std::fs;
use std::time::Instant;

const LOADS: [&str; 4] = [
    "load/escapes.toml",
    "load/unicode.toml",
    "load/bom_crlf.toml",
    "load/crlf.toml",
];

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn documents_with_control_sequences_and_odd_unicode_load_with_safe_text() {
    let env = Env::new();
    copy_fixtures(&env.talks(), &LOADS);
    let out = env.cli_on_talks(&["list", "--json"]);
    assert_eq!(stderr(&out), "", "clean files, no warnings");
    let talks = json_array(&out);
    assert_eq!(talks.len(), 7 + 5 + 1 + 1);
    for t in &talks {
        for s in json_strings(t) {
            assert!(!s.chars().any(is_dangerous), "{s:?} in {}", t["id"]);
        }
        for field in ["title", "conference"] {
            assert!(!t[field].as_str().unwrap().contains('\n'), "{t}");
        }
    }
    let by_id = |id: &str| {
        talks
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    // The printable rest of a sequence stays visible as text: harmless, and shows what was there.
    assert_eq!(
        by_id("escape-2j-conf-2024/osc-zero")["title"],
        "Window title ]0;PWNED-TITLE osc zero"
    );
    assert_eq!(
        by_id("escape-2j-conf-2024/c1-csi")["title"],
        "Eight-bit CSI 2J31mC1-TITLE"
    );
    assert_eq!(
        by_id("escape-2j-conf-2024/bel-cr")["title"],
        "Bell and carriage return and nulbyte and del"
    );
    assert_eq!(
        by_id("escape-2j-conf-2024/bidi")["speakers"][0],
        "RTL Override"
    );
    // CR LF and lone CR are line ends; a BOM is not part of the first key.
    assert_eq!(by_id("crlf-conf-2024/crlf")["body"], "one\ntwo\nthree");
    assert_eq!(
        by_id("bom-and-crlf-conf-2024/bom-crlf")["body"],
        "First line.\nSecond line.\n"
    );
    // Wide, joined and combining characters are text, kept as written.
    let emoji = by_id("unicode-conf-2024/emoji")["title"].as_str().unwrap();
    assert!(
        emoji.contains("👩\u{200d}💻") && emoji.contains("❤\u{fe0f}"),
        "{emoji}"
    );
    assert!(
        by_id("unicode-conf-2024/combining")["title"]
            .as_str()
            .unwrap()
            .contains("e\u{301}")
    );
    assert_eq!(by_id("unicode-conf-2024/cjk")["speakers"][0], "山田太郎");

    // The plain outputs carry no control sequence either.
    assert_terminal_safe(&env.cli_on_talks(&["list"]).stdout, "list");
    for id in [
        "escape-2j-conf-2024/osc-eight",
        "escape-2j-conf-2024/c1-csi",
        "escape-2j-conf-2024/bidi",
    ] {
        let out = env.cli_on_talks(&["show", id]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_terminal_safe(&out.stdout, id);
    }
    let out = env.cli_on_talks(&["search", "PWNED"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("osc-zero"));
    assert_terminal_safe(&out.stdout, "search");
}

#[test]
fn broken_documents_are_reported_with_file_line_and_column() {
    let env = Env::new();
    copy_fixtures(
        &env.talks(),
        &[
            "load/crlf.toml",
            "reject/empty.toml",
            "reject/invalid_toml.toml",
            "reject/invalid_utf8.toml",
            "reject/nul.toml",
            "reject/binary.toml",
            "reject/unknown_key_escapes.toml",
        ],
    );
    let out = env.cli_on_talks(&["list", "--json"]);
    let talks = json_array(&out);
    assert_eq!(talks.len(), 1, "the good file still loads");
    let err = stderr(&out);
    assert_terminal_safe(&out.stderr, "warnings");
    let talks_dir = env.talks();
    for (file, at) in [
        ("empty.toml", "1:1: missing field `conference`"),
        ("invalid_toml.toml", "6:22:"),
        ("invalid_utf8.toml", "6:13: not valid UTF-8"),
        ("nul.toml", "6:14:"),
        ("binary.toml", "1:14:"),
        (
            "unknown_key_escapes.toml",
            "5:1: unknown field `title\\u{1b}]0;KEY-TITLE\\u{7}\\u{9b}2J`",
        ),
    ] {
        let want = format!(
            "confnotes: warning: {}:{at}",
            talks_dir.join(file).display()
        );
        assert!(
            err.lines().any(|l| l.starts_with(&want)),
            "no {want:?} in\n{err}"
        );
    }
    assert_eq!(err.lines().count(), 6, "{err}");
}

#[test]
fn huge_documents_load_cut_and_in_time() {
    let env = Env::new();
    common::write_big_documents(&env.talks());
    let start = Instant::now();
    let out = env.cli_on_talks(&["list", "--json"]);
    let took = start.elapsed();
    let talks = json_array(&out);
    let err = stderr(&out);
    let talks_dir = env.talks();
    for (file, what) in [
        ("big_body.toml", "body larger than 1 MiB; cut"),
        ("long_title.toml", "title longer than 1000 characters; cut"),
    ] {
        let want = format!("{}:5:1: {what}", talks_dir.join(file).display());
        assert!(err.contains(&want), "no {want:?} in\n{err}");
    }
    let by_slug = |slug: &str| {
        talks
            .iter()
            .find(|t| t["id"].as_str().unwrap().ends_with(slug))
            .unwrap()
    };
    let body = by_slug("/big")["body"].as_str().unwrap();
    assert!(
        body.len() <= (1 << 20) + 64 && body.ends_with("[… body cut at 1 MiB]"),
        "{}",
        body.len()
    );
    let title = by_slug("/long-title")["title"].as_str().unwrap();
    assert_eq!(title.chars().count(), 1000 + 1);
    assert!(title.starts_with("ΩΩΩ") && title.ends_with('…'));
    let line = by_slug("/long-line")["body"].as_str().unwrap();
    assert_eq!(line.chars().count(), 20_000);
    eprintln!("listing the 20 MB document took {took:?}");
}

#[test]
fn a_directory_named_toml_a_symlink_loop_and_an_unreadable_file_do_not_stop_loading() {
    let env = Env::new();
    let talks = env.talks();
    // A directory called *.toml is walked like any directory.
    fs::create_dir(talks.join("folder.toml")).unwrap();
    copy_fixtures(&talks.join("folder.toml"), &["load/crlf.toml"]);
    // Two links back up the tree.
    for link in ["up", "up-again"] {
        std::os::unix::fs::symlink("..", talks.join("folder.toml").join(link)).unwrap();
    }
    std::os::unix::fs::symlink("dangling.toml", talks.join("dangling.toml")).unwrap();
    let secret = talks.join("secret.toml");
    fs::copy(fixtures().join("load/bom_crlf.toml"), &secret).unwrap();
    fs::set_permissions(&secret, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    // Root reads files whatever their mode: then the file simply loads.
    let unreadable = fs::read(&secret).is_err();

    let out = env.cli_on_talks(&["list", "--json"]);
    let ids: Vec<String> = json_array(&out)
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let err = stderr(&out);
    assert!(ids.contains(&"crlf-conf-2024/crlf".to_string()), "{ids:?}");
    assert!(
        !err.contains("more than one source"),
        "the loop was walked more than once:\n{err}"
    );
    let dangling = format!("{}: cannot read", talks.join("dangling.toml").display());
    assert!(err.contains(&dangling), "{err}");
    if unreadable {
        let want = format!("{}: cannot read: Permission denied", secret.display());
        assert!(err.contains(&want), "{err}");
        assert_eq!(ids.len(), 1);
    } else {
        assert_eq!(ids.len(), 2, "{ids:?}");
    }
}

#[test]
fn hostile_notes_files_load_safely_or_are_reported_and_left_untouched() {
    let env = Env::new();
    copy_fixtures(&env.talks(), &LOADS);
    for (name, expect) in [
        ("escapes.toml", None),
        ("bom_crlf.toml", None),
        ("empty.toml", None),
        ("invalid_toml.toml", Some("4:11: invalid datetime")),
        ("invalid_utf8.toml", Some("5:11: not valid UTF-8")),
        (
            "control_id.toml",
            Some("1:8: note id \"bad\\u{1b}[2Jid\" is empty or has control characters"),
        ),
    ] {
        let path = env.dir.path().join(name);
        fs::copy(fixtures().join("notes").join(name), &path).unwrap();
        let before = fs::read(&path).unwrap();
        let p = path.to_str().unwrap();
        for args in [&["notes", "--json"][..], &["notes"], &["notes", "export"]] {
            let mut all = vec!["--notes", p];
            all.extend_from_slice(args);
            let out = env.cli_on_talks(&all);
            assert_terminal_safe(&out.stdout, name);
            assert_terminal_safe(&out.stderr, name);
            match expect {
                None => assert!(out.status.success(), "{name}: {}", stderr(&out)),
                Some(at) => {
                    assert!(!out.status.success(), "{name}");
                    let want = format!("{p}:{at}");
                    assert!(
                        stderr(&out).contains(&want),
                        "no {want:?} in {}",
                        stderr(&out)
                    );
                }
            }
        }
        assert_eq!(fs::read(&path).unwrap(), before, "{name} was changed");
    }
    let out = env.cli_on_talks(&[
        "--notes",
        env.dir.path().join("escapes.toml").to_str().unwrap(),
        "notes",
        "--json",
    ]);
    let notes = json_array(&out);
    let text = notes[0]["text"].as_str().unwrap();
    assert_eq!(
        text,
        "My note ]52;c;Tk9URS1DTElQ clip ]0;NOTE-TITLE title [2JNOTE-CLEAR 2J eight-bit NOTE-BIDI bell"
    );
}
