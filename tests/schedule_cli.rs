//! The binary with schedules: `list/show/search --json` carry start/end/room/track/language, `search` takes
//! its clock from CONFNOTES_NOW, and `import schedule` writes TOML that loads back as the same talks.
mod common;

use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules")
        .join(name)
        .display()
        .to_string()
}

/// Runs confnotes in a throwaway home (no config, notes, cache or subscriptions of the developer's), the
/// clock at `now` when given.
fn confnotes(args: &[&str], now: Option<&str>) -> Output {
    let extra: Vec<(&str, &str)> = now.map(|n| ("CONFNOTES_NOW", n)).into_iter().collect();
    common::Env::new().cli_ok_with(&extra, args)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn json_output_carries_the_schedule_fields() {
    let minicon = fixture("minicon.xml");
    let list = json(&confnotes(
        &["--no-bundled", "--data", &minicon, "list", "--json"],
        None,
    ));
    let first = &list[0];
    assert_eq!(first["id"], "minicon24/101");
    assert_eq!(first["date"], "2024-12-27");
    assert_eq!(first["start"], "2024-12-27T10:30:00+01:00");
    assert_eq!(first["end"], "2024-12-27T11:15:00+01:00");
    assert_eq!(first["room"], "Saal 1");
    assert_eq!(first["track"], "CCC");
    assert_eq!(first["language"], "en");
    assert_eq!(first["abstract"], "Welcome & overview.");
    let show = json(&confnotes(
        &[
            "--no-bundled",
            "--data",
            &minicon,
            "show",
            "minicon24/103",
            "--json",
        ],
        None,
    ));
    assert_eq!(show["start"], "2024-12-28T00:30:00+01:00");
    assert_eq!(show["kind"], "lightning");
    // Talks without a schedule keep exactly their old fields.
    let bundled = json(&confnotes(&["list", "--json"], None));
    assert!(bundled[0].get("start").is_none() && bundled[0].get("room").is_none());
}

#[test]
fn search_takes_now_from_confnotes_now() {
    let minicon = fixture("minicon.xml");
    let ids = |now: &str, query: &str| -> Vec<String> {
        let out = json(&confnotes(
            &[
                "--no-bundled",
                "--data",
                &minicon,
                "search",
                query,
                "--json",
            ],
            Some(now),
        ));
        out.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("2024-12-27T11:05:00+01:00", "is:now"),
        ["minicon24/101", "minicon24/102"]
    );
    assert_eq!(
        ids("2024-12-27T11:05:00+01:00", "is:now room:saal1 lang:de"),
        ["minicon24/102"]
    );
    assert_eq!(
        ids("2024-12-28T00:00:00+01:00", "is:next"),
        ["minicon24/103"]
    );
    assert_eq!(
        ids("2024-12-27T09:00:00Z", "day:tomorrow"),
        ["minicon24/103"]
    );
}

#[test]
fn imported_schedules_load_back_as_the_same_talks() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let written = confnotes(
        &[
            "import",
            "schedule",
            &fixture("minicon.json"),
            "--out",
            &dir,
        ],
        None,
    );
    let file = String::from_utf8(written.stdout).unwrap();
    assert_eq!(
        file.trim(),
        out.path().join("minicon24.toml").display().to_string()
    );
    let text = std::fs::read_to_string(file.trim()).unwrap();
    assert!(
        text.contains("start = \"2024-12-27T10:30:00+01:00\""),
        "{text}"
    );
    assert!(text.contains("room = \"Saal 1\""), "{text}");
    let from_schedule = json(&confnotes(
        &[
            "--no-bundled",
            "--data",
            &fixture("minicon.json"),
            "list",
            "--json",
        ],
        None,
    ));
    let from_toml = json(&confnotes(
        &["--no-bundled", "--data", &dir, "list", "--json"],
        None,
    ));
    assert_eq!(from_toml, from_schedule);
    // A second import without --force refuses to overwrite.
    let again = common::Env::new().cli(&[
        "import",
        "schedule",
        &fixture("minicon.json"),
        "--out",
        &dir,
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}
