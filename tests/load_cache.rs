//! The load cache through the binary: a warm run serves the same talks and warnings, an edit is seen,
//! `--no-cache` neither reads nor writes it, `cache clear` empties it. All in the Env's own XDG_CACHE_HOME.
mod common;

use common::Env;
use std::path::PathBuf;

const DOC: &str = "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"first\"\n";

fn cache_dir(env: &Env) -> PathBuf {
    env.dir.path().join("cache").join("confnotes")
}

fn cache_files(env: &Env) -> usize {
    std::fs::read_dir(cache_dir(env)).map_or(0, |d| d.count())
}

fn run(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cli_on_talks(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn setup() -> Env {
    let env = Env::new();
    env.write_talks("a.toml", DOC);
    env.write_talks("broken.toml", "[conference]\nname = \n");
    env
}

#[test]
fn a_warm_run_prints_the_same_talks_and_warnings_and_sees_an_edit() {
    let env = setup();
    let cold = run(&env, &["list"]);
    assert_eq!(cache_files(&env), 1);
    assert!(cold.1.contains("broken.toml:2:"), "{}", cold.1);
    let warm = run(&env, &["list"]);
    assert_eq!(warm, cold);
    for args in [
        &["search", "first"][..],
        &["show", "a-2020/first"],
        &["speakers"],
    ] {
        assert_eq!(
            run(&env, args),
            run(&env, &[&["--no-cache"][..], args].concat())
        );
    }
    // A new file next to the others (the directory listing changes).
    env.write_talks(
        "b.toml",
        DOC.replace("\"A\"", "\"B\"").replace("first", "second"),
    );
    let (out, _) = run(&env, &["list"]);
    assert!(out.contains("second"), "{out}");
}

#[test]
fn a_damaged_cache_file_is_a_note_not_an_error() {
    let env = setup();
    run(&env, &["list"]);
    let file = std::fs::read_dir(cache_dir(&env))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&file, b"CNCACHE\0garbage").unwrap();
    let (out, err) = run(&env, &["list"]);
    assert!(out.contains("first"), "{out}");
    assert!(err.contains("confnotes: note: load cache"), "{err}");
    let (_, err) = run(&env, &["list"]);
    assert!(!err.contains("note: load cache"), "rebuilt: {err}");
}

#[test]
fn no_cache_neither_writes_nor_reads_the_cache() {
    let env = setup();
    run(&env, &["--no-cache", "list"]);
    assert_eq!(cache_files(&env), 0);
    run(&env, &["list"]);
    let file = std::fs::read_dir(cache_dir(&env))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // Garbage in the cache would be noted if it were read.
    std::fs::write(&file, b"garbage").unwrap();
    let (out, err) = run(&env, &["--no-cache", "list"]);
    assert!(
        out.contains("first") && !err.contains("note: load cache"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"garbage");
}

#[test]
fn cache_clear_empties_the_cache_directory() {
    let env = setup();
    run(&env, &["list"]);
    assert_eq!(cache_files(&env), 1);
    let (out, _) = run(&env, &["cache", "clear"]);
    assert!(out.starts_with("removed 1 cache files"), "{out}");
    assert_eq!(cache_files(&env), 0);
    let (out, _) = run(&env, &["cache", "clear"]);
    assert!(out.starts_with("removed 0 cache files"), "{out}");
}

/// The TUI's loader: talks and warnings stream the same from a warm cache, and the cache is written once
/// the stream is done.
#[test]
fn the_tui_loader_streams_the_same_batches_from_the_cache() {
    use confnotes::store::{Source, cache::Cache};
    let env = setup();
    let cache = Cache::new(cache_dir(&env));
    let stream = || {
        let (tx, rx) = std::sync::mpsc::channel();
        let loader = confnotes::catalog::stream(
            vec![Source::Path(env.talks())],
            Some(cache.clone()),
            move |loaded| {
                let talks: Vec<_> = loaded.talks.into_iter().map(|p| p.talk).collect();
                drop(tx.send((talks, loaded.warnings)))
            },
        );
        loader.join().unwrap();
        rx.iter().collect::<Vec<_>>()
    };
    let cold = stream();
    // The write follows the last batch on the loading thread; wait for it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while cache_files(&env) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(cache_files(&env), 1);
    assert_eq!(cold.iter().map(|b| b.0.len()).sum::<usize>(), 1);
    assert_eq!(cold.iter().map(|b| b.1.len()).sum::<usize>(), 1);
    assert_eq!(stream(), cold);
}
