//! What a CLI user expects: shell completions, a man page, and `--help` saying where the files are.
mod common;

use common::Env;
use std::process::Command;

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn completions_for_each_shell_name_every_subcommand() {
    let env = Env::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef confnotes"),
        ("fish", "complete -c confnotes"),
    ] {
        let script = stdout(&env.cli(&["completions", shell]));
        assert!(script.contains(marker), "{shell}: {script}");
        for sub in ["list", "search", "notes", "import", "completions", "man"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
    let bad = env.cli(&["completions", "tcsh"]);
    assert!(!bad.status.success());
}

#[test]
fn the_man_page_is_roff_with_the_options_and_subcommands() {
    let page = stdout(&Env::new().cli(&["man"]));
    assert!(page.contains(".TH confnotes 1"), "{page}");
    for text in [
        "\\-\\-data",
        "\\-\\-no\\-bundled",
        "search",
        "CONFNOTES_NOTES",
    ] {
        assert!(page.contains(text), "no {text} in the man page");
    }
}

#[test]
fn help_says_where_the_files_are_honouring_xdg() {
    let env = Env::new();
    let help = stdout(&env.cli(&["--help"]));
    let d = env.dir.path();
    // Env sets CONFNOTES_CONFIG/NOTES too, but the default paths shown come from XDG_*.
    let config = d.join("config/confnotes/config.toml");
    let notes = d.join("data/confnotes/notes.toml");
    assert!(help.contains(&config.display().to_string()), "{help}");
    assert!(help.contains(&notes.display().to_string()), "{help}");
}

#[test]
fn the_default_notes_file_follows_xdg_data_home() {
    let env = Env::new();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_confnotes"));
    let vars: Vec<_> = env
        .vars()
        .into_iter()
        .filter(|(k, _)| k != "CONFNOTES_NOTES")
        .collect();
    cmd.env_clear()
        .envs(vars)
        .args(["notes", "set", "a/b", "--text", "hello", "--force"]);
    let out = common::output_within(cmd, common::TIMEOUT);
    stdout(&out);
    let file = env.dir.path().join("data/confnotes/notes.toml");
    let saved = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(saved.contains("hello"), "{}: {saved:?}", file.display());
}

#[test]
fn a_closed_pipe_ends_completions_quietly() {
    let env = Env::new();
    let mut cmd = Command::new("bash");
    cmd.env_clear().envs(env.vars()).arg("-c").arg(format!(
        "set -o pipefail; {} completions zsh | head -c 10 >/dev/null",
        env!("CARGO_BIN_EXE_confnotes")
    ));
    let out = common::output_within(cmd, common::TIMEOUT);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{err}");
}
