//! The binary with a pyvideo tree: talks merged once in `list --json`, the note on stderr, `import` round trip.
use std::path::PathBuf;
use std::process::{Command, Output};

fn sample() -> PathBuf {
    let dir = confnotes::store::pyvideo::synth::sample_dir();
    assert!(
        dir.is_dir(),
        "the pyvideo sample is missing at {} (set CONFNOTES_PYVIDEO_SAMPLE)",
        dir.display()
    );
    dir
}

fn confnotes(args: &[&str]) -> Output {
    let config = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .args(args)
        .env("CONFNOTES_CONFIG", config.path().join("none.toml"))
        .env("XDG_CACHE_HOME", config.path().join("cache"))
        .env("CONFNOTES_NOTES", config.path().join("notes.toml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn ids(output: &Output) -> Vec<String> {
    let talks: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    talks
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_json_shows_a_merged_talk_once_and_says_how_many_merged() {
    let sample = sample();
    let both = confnotes(&["list", "--json", "--data", sample.to_str().unwrap()]);
    let bundled = ids(&confnotes(&["list", "--json"]));
    let catalog = ids(&confnotes(&[
        "list",
        "--json",
        "--no-bundled",
        "--data",
        sample.to_str().unwrap(),
    ]));
    let merged = ids(&both);
    let stderr = String::from_utf8_lossy(&both.stderr);
    let note = stderr
        .lines()
        .find(|l| l.starts_with("confnotes: note: "))
        .unwrap_or_else(|| panic!("no note in {stderr:?}"));
    let count: usize = note["confnotes: note: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(count >= 38, "{note}");
    assert_eq!(merged.len(), bundled.len() + catalog.len() - count);
    assert_eq!(
        merged
            .iter()
            .filter(|id| id.as_str() == "europython-2015/parallelism-shootout")
            .count(),
        1
    );
    assert!(
        !merged
            .iter()
            .any(|id| id.starts_with("europython-2015/shahriar-tajbakhsh-parallelism"))
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn import_writes_documents_that_load_back_to_the_same_talks() {
    let out = tempfile::tempdir().unwrap();
    let sample = sample();
    let written = confnotes(&[
        "import",
        "pyvideo",
        sample.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(String::from_utf8_lossy(&written.stdout).lines().count(), 5);
    let from_catalog = confnotes(&[
        "list",
        "--json",
        "--no-bundled",
        "--data",
        sample.to_str().unwrap(),
    ]);
    let from_documents = confnotes(&[
        "list",
        "--json",
        "--no-bundled",
        "--data",
        out.path().to_str().unwrap(),
    ]);
    let sorted = |o: &Output| {
        let mut talks: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        talks.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        talks
    };
    assert_eq!(sorted(&from_documents), sorted(&from_catalog));
    let again = Command::new(env!("CARGO_BIN_EXE_confnotes"))
        .args([
            "import",
            "pyvideo",
            sample.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("already exists (use --force to replace it)")
    );
}
