//! `confnotes agenda`: planned talks by day with overlaps and gaps, `--json`, `--day`, and `--ics`, whose
//! file loads back through the iCalendar importer as the same talks; plus `is:planned` and notes files from
//! before the planned mark still loading.
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

fn run(env: &common::Env, args: &[&str]) -> Output {
    env.cli_ok_with(&[("CONFNOTES_NOW", "2024-12-27T09:00:00+01:00")], args)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An env whose notes plan all three minicon talks (101 and 102 overlap; 103 is after midnight).
fn planned() -> (common::Env, String) {
    let env = common::Env::new();
    let data = fixture("minicon.xml");
    for id in ["minicon24/101", "minicon24/102", "minicon24/103"] {
        run(
            &env,
            &[
                "--no-bundled",
                "--data",
                &data,
                "notes",
                "set",
                id,
                "--status",
                "planned",
            ],
        );
    }
    (env, data)
}

#[test]
fn the_agenda_lists_planned_talks_by_day_and_flags_overlaps() {
    let (env, data) = planned();
    let text =
        String::from_utf8(run(&env, &["--no-bundled", "--data", &data, "agenda"]).stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("2024-12-27"), "{text}");
    assert!(
        lines[1].starts_with("! 10:30–11:15  Saal 1  Opening"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("! 11:00–12:00  Saal 1  Rust at Scale"),
        "{text}"
    );
    assert!(lines[2].contains("(overlaps: Opening)"), "{text}");
    assert!(lines[3].starts_with("2024-12-28"), "{text}");
    assert!(
        lines[4].starts_with("  00:30–01:00  Saal 2  Late Night Lightning"),
        "{text}"
    );

    let v = json(&run(
        &env,
        &["--no-bundled", "--data", &data, "agenda", "--json"],
    ));
    let day = &v["days"][0];
    assert_eq!(day["date"], "2024-12-27");
    assert_eq!(day["talks"][0]["id"], "minicon24/101");
    assert_eq!(day["talks"][0]["start"], "2024-12-27T10:30:00+01:00");
    assert_eq!(day["talks"][0]["room"], "Saal 1");
    assert_eq!(day["talks"][0]["overlaps"][0], "minicon24/102");
    assert_eq!(day["talks"][1]["overlaps"][0], "minicon24/101");
    assert_eq!(v["days"][1]["talks"][0]["id"], "minicon24/103");

    let one = json(&run(
        &env,
        &[
            "--no-bundled",
            "--data",
            &data,
            "agenda",
            "--day",
            "2024-12-28",
            "--json",
        ],
    ));
    assert_eq!(one["days"].as_array().unwrap().len(), 1);
    assert_eq!(one["days"][0]["talks"][0]["id"], "minicon24/103");

    let found = json(&run(
        &env,
        &[
            "--no-bundled",
            "--data",
            &data,
            "search",
            "is:planned",
            "--json",
        ],
    ));
    assert_eq!(found.as_array().unwrap().len(), 3);
}

#[test]
fn the_ics_export_loads_back_as_the_same_talks() {
    let (env, data) = planned();
    let ics = run(&env, &["--no-bundled", "--data", &data, "agenda", "--ics"]).stdout;
    let again = run(&env, &["--no-bundled", "--data", &data, "agenda", "--ics"]).stdout;
    assert_eq!(
        ics, again,
        "the same agenda exports the same file (stable UIDs)"
    );
    let text = String::from_utf8(ics.clone()).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.contains("UID:minicon24/101@confnotes\r\n"));
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "a line longer than 75 octets"
    );

    let file = env.dir.path().join("mine.ics");
    std::fs::write(&file, &ics).unwrap();
    let file = file.display().to_string();
    let original = json(&run(
        &env,
        &["--no-bundled", "--data", &data, "list", "--json"],
    ));
    let back = json(&run(
        &env,
        &["--no-bundled", "--data", &file, "list", "--json"],
    ));
    let key = |t: &serde_json::Value| {
        let ts = |k: &str| t[k].as_str().map(|s| s.parse::<jiff::Timestamp>().unwrap());
        (
            t["title"].as_str().unwrap().to_string(),
            ts("start"),
            ts("end"),
            t["room"].as_str().map(str::to_string),
            t["speakers"].clone(),
        )
    };
    let want: Vec<_> = original.as_array().unwrap().iter().map(key).collect();
    let got: Vec<_> = back.as_array().unwrap().iter().map(key).collect();
    assert_eq!(got, want);
}

#[test]
fn notes_files_from_before_the_planned_mark_still_load() {
    let env = common::Env::new();
    let data = fixture("minicon.xml");
    std::fs::write(
        env.notes(),
        "[notes.\"minicon24/101\"]\nstatus = \"follow-up\"\ncreated = \"2024-05-01T10:00:00Z\"\n\
         updated = \"2024-05-01T10:00:00Z\"\ntext = \"ask\"\n\n\
         [notes.\"minicon24/102\"]\nstatus = \"done\"\ncreated = \"2024-05-01T10:00:00Z\"\n\
         updated = \"2024-05-01T10:00:00Z\"\n\n\
         [notes.\"minicon24/103\"]\ncreated = \"2024-05-01T10:00:00Z\"\n\
         updated = \"2024-05-01T10:00:00Z\"\ntext = \"no status key at all\"\n",
    )
    .unwrap();
    let v = json(&run(
        &env,
        &["--no-bundled", "--data", &data, "notes", "--json"],
    ));
    let status = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .map(|n| n["status"].clone())
    };
    assert_eq!(status("minicon24/101"), Some("follow-up".into()));
    assert_eq!(status("minicon24/102"), Some("done".into()));
    assert_eq!(status("minicon24/103"), Some("none".into()));
    run(
        &env,
        &[
            "--no-bundled",
            "--data",
            &data,
            "notes",
            "set",
            "minicon24/103",
            "--status",
            "planned",
        ],
    );
    let saved = std::fs::read_to_string(env.notes()).unwrap();
    assert!(saved.contains("status = \"planned\""), "{saved}");
    assert!(saved.contains("status = \"follow-up\""), "{saved}");
}

#[test]
fn every_talk_of_the_real_schedules_survives_the_ics_round_trip() {
    use confnotes::agenda::{Agenda, ics::to_ics};
    use confnotes::notes::{Notes, Status, Timestamp};
    use confnotes::store::schedule::{Format, parse_schedule};
    use confnotes::store::{Source, Store};
    for name in [
        "inoe_schedule-37c3.xml",
        "voc_pretalx-democon.json",
        "giggity_kielux_2020.ics",
    ] {
        let store = Store::load(&[Source::Path(fixture(name).into())]);
        let mut notes = Notes::default();
        for t in &store.talks {
            notes.set_status(&t.id, Status::Planned, Timestamp::now());
        }
        let agenda = Agenda::build(&store, &notes, None);
        let ics = to_ics(&agenda, &store.talks, jiff::Timestamp::now());
        let back = parse_schedule(std::path::Path::new("mine.ics"), &ics, Format::Ical).unwrap();
        let key = |t: &confnotes::store::Talk| {
            (
                t.title.clone(),
                t.schedule.start.map(|m| m.timestamp),
                t.schedule.end.map(|m| m.timestamp),
                t.schedule.room.clone(),
                t.speakers.clone(),
            )
        };
        let mut want: Vec<_> = agenda
            .entries()
            .map(|e| key(&store.talks[e.index]))
            .collect();
        let mut got: Vec<_> = back.talks.iter().map(key).collect();
        want.sort();
        got.sort();
        assert!(want.len() > 10, "{name}: {} talks", want.len());
        assert_eq!(got.len(), want.len(), "{name}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{name}");
        }
    }
}

#[test]
fn the_notes_export_says_each_talks_day_time_and_room() {
    let (env, data) = planned();
    let text =
        String::from_utf8(run(&env, &["--no-bundled", "--data", &data, "notes", "export"]).stdout)
            .unwrap();
    let opening = text
        .split("## ")
        .find(|s| s.starts_with("Opening"))
        .unwrap_or_else(|| panic!("no Opening section in:\n{text}"));
    assert!(
        opening.contains("- When: Fri 2024-12-27 10:30–11:15 (Europe/Berlin)\n- Room: Saal 1\n"),
        "{opening}"
    );
}
