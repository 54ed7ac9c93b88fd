//! Hand-written schedules (tests/fixtures/schedules) for each leniency of the importers, stable ids across
//! formats and versions, broken files with their positions, and the directory walk.
use confnotes::store::{Batch, Source, Store, Talk, load_file};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules")
        .join(name)
}

fn load(name: &str) -> Batch {
    load_file(&fixture(name))
}

fn talk<'a>(batch: &'a Batch, id: &str) -> &'a Talk {
    batch.talks.iter().find(|t| t.id == id).unwrap_or_else(|| {
        panic!(
            "no talk {id} in {:?}",
            batch.talks.iter().map(|t| &t.id).collect::<Vec<_>>()
        )
    })
}

fn start(t: &Talk) -> String {
    t.schedule.start.map(|m| m.to_string()).unwrap_or_default()
}

fn end(t: &Talk) -> String {
    t.schedule.end.map(|m| m.to_string()).unwrap_or_default()
}

#[test]
fn the_xml_and_the_json_of_one_schedule_give_the_same_talks_and_ids() {
    let xml = load("minicon.xml");
    let json = load("minicon.json");
    assert!(
        xml.warnings.is_empty() && json.warnings.is_empty(),
        "{:?} {:?}",
        xml.warnings,
        json.warnings
    );
    let ids: Vec<&str> = xml.talks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["minicon24/101", "minicon24/102", "minicon24/103"]);
    // Not only the ids: every field comes out the same whichever file is read.
    assert_eq!(xml.talks, json.talks);
    let opening = talk(&xml, "minicon24/101");
    assert_eq!(opening.conference, "MiniCon");
    assert_eq!(opening.year, 2024);
    assert_eq!(opening.schedule.kind.as_deref(), Some("talk"));
    assert_eq!(
        talk(&xml, "minicon24/103").schedule.kind.as_deref(),
        Some("lightning")
    );
}

#[test]
fn a_newer_version_of_the_schedule_keeps_the_ids() {
    let v1 = load("minicon.json");
    let v2 = load("minicon-v2.json");
    assert!(v2.warnings.is_empty(), "{:?}", v2.warnings);
    // Retitled, moved to another room and time, and listed in another order: still the same id.
    let moved = talk(&v2, "minicon24/102");
    assert_eq!(moved.title, "Rust at Scale (moved, longer)");
    assert_eq!(moved.schedule.room.as_deref(), Some("Saal 2"));
    assert_eq!(start(moved), "2024-12-27T14:00:00+01:00");
    assert_eq!(end(moved), "2024-12-27T15:30:00+01:00");
    assert_eq!(talk(&v2, "minicon24/101").title, "Opening Ceremony");
    assert_eq!(
        talk(&v1, "minicon24/102").schedule.source,
        moved.schedule.source
    );
    // A re-import of the same file gives the same ids.
    assert_eq!(load("minicon.json").talks, v1.talks);
}

#[test]
fn notes_follow_a_talk_from_the_xml_to_the_json() {
    // Loaded together, the JSON's talks are the XML's talks under the same ids: nothing new, no duplicates.
    let store = Store::load(&[
        Source::Path(fixture("minicon.xml")),
        Source::Path(fixture("minicon.json")),
    ]);
    assert_eq!(store.talks.len(), 3);
    assert_eq!(store.merged, 3, "{:?}", store.warnings);
}

#[test]
fn json_links_persons_durations_and_ids_in_every_shape() {
    let b = load("lenient.json");
    let t = talk(&b, "lenient/7");
    assert_eq!(t.speakers, ["Public Name", "Plain Name", "Just A String"]);
    let urls: Vec<(&str, &str)> = t
        .links
        .iter()
        .map(|l| (l.label.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        urls,
        [
            ("link", "https://example.org/plain"),
            ("Titled", "https://example.org/titled"),
            ("link", "https://example.org/href")
        ]
    );
    // "0:30" (H:MM).
    assert_eq!(end(t), "2023-08-15T10:30:00+02:00");
    // Markdown-ish text is kept as written.
    assert_eq!(
        t.body,
        "## Markdown heading\n\n* item one\n* item two\n\n**bold** stays a < b".into()
    );
    // A string id; "date": null, so the day's date + "start" in Europe/Berlin; "01:15:00" (HH:MM:SS);
    // a track given as {"name": …}.
    let s = talk(&b, "lenient/x-12");
    assert_eq!(start(s), "2023-08-15T11:15:00+02:00");
    assert_eq!(end(s), "2023-08-15T12:30:00+02:00");
    assert_eq!(s.schedule.track.as_deref(), Some("Track As Object"));
}

#[test]
fn duplicate_guids_and_ids_give_one_talk_each_with_unique_stable_ids() {
    let b = load("lenient.json");
    let same_guid: Vec<&str> = b
        .talks
        .iter()
        .filter(|t| t.schedule.source.as_deref() == Some("dup-guid-0001"))
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(same_guid, ["lenient/7", "lenient/x-12", "lenient/x-12-2"]);
    assert_eq!(
        talk(&b, "lenient/x-12-2").title,
        "Same id and guid a third time"
    );
    assert_eq!(load("lenient.json").talks, b.talks, "stable across loads");
}

#[test]
fn odd_events_are_skipped_or_kept_with_located_warnings() {
    let b = load("lenient.json");
    let messages: Vec<String> = b.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].ends_with("lenient.json:32:23: event has no title; skipped"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("lenient.json:35:23: duration \"ninety minutes\""),
        "{}",
        messages[1]
    );
    // The talk with the odd duration stays, without an end.
    let odd = talk(&b, "lenient/10");
    assert!(odd.schedule.start.is_some() && odd.schedule.end.is_none());
    assert_eq!(b.talks.len(), 4);
}

#[test]
fn pentabarf_without_guids_keys_on_conference_and_event_id() {
    let b = load("pentabarf.xml");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let t = talk(&b, "fosdem-2024/15850");
    assert_eq!(t.schedule.source.as_deref(), Some("fosdem-2024/15850"));
    assert_eq!(t.conference, "FOSDEM");
    // No <date>: the day's date and <start> in time_zone_name (Brussels, +01:00 in February).
    assert_eq!(start(t), "2024-02-03T09:30:00+01:00");
    assert_eq!(end(t), "2024-02-03T09:55:00+01:00");
    // Persons as element text, <public_name> and <name>; unknown elements and attachments ignored.
    assert_eq!(
        t.speakers,
        ["FOSDEM Staff", "Richard Hartmann", "Another Name"]
    );
    assert_eq!(t.links.len(), 2);
    assert_eq!(t.links[0].label, "Video recording (WebM/VP9)");
    assert_eq!(t.links[1].url, "https://example.org/bare-link");
    assert!(!t.body.contains("ignored"));
    // HTML abstract: paragraphs, list items and the link target, no tags.
    assert_eq!(
        t.body,
        "FOSDEM welcome and opening talk.\n\nRead the practical info (https://fosdem.org/2024/practical/) first:\n\n- be nice\n- drink water".into()
    );
    // Start "1:15" (H:MM) is before day_change 09:00, so it is the next calendar day; duration "1:05".
    let late = talk(&b, "fosdem-2024/15851");
    assert_eq!(late.date.as_deref(), Some("2024-02-04"));
    assert_eq!(start(late), "2024-02-04T01:15:00+01:00");
    assert_eq!(end(late), "2024-02-04T02:20:00+01:00");
    assert_eq!(late.body, "Plain text & an ampersand, – and a dash.".into());
}

#[test]
fn wafer_utc_dates_with_local_starts_give_the_right_instant_and_local_day() {
    let b = load("wafer.xml");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    // <date>2024-07-28T04:30:00+00:00</date> <start>10:00</start> in Asia/Kolkata (+05:30): the same instant.
    let t = talk(&b, "debconf24/901");
    assert_eq!(start(t), "2024-07-28T10:00:00+05:30");
    assert_eq!(t.local_start().unwrap().time().to_string(), "10:00:00");
    assert_eq!(t.body, "Wafer writes HTML here.".into());
    // 19:00 UTC on the 27th is 00:30 on the 28th in Kochi: the local day, not the UTC one.
    let late = talk(&b, "debconf24/902");
    assert_eq!(late.date.as_deref(), Some("2024-07-28"));
    assert_eq!(start(late), "2024-07-28T00:30:00+05:30");
    assert_eq!(late.schedule.kind.as_deref(), Some("bof"));
}

#[test]
fn no_zone_anywhere_reads_local_times_in_the_machines_zone_and_says_so() {
    let b = load("nozone.xml");
    assert_eq!(b.warnings.len(), 1);
    assert!(
        b.warnings[0]
            .to_string()
            .contains("nozone.xml:6:7: no time zone in the schedule"),
        "{}",
        b.warnings[0]
    );
    let t = &b.talks[0];
    let expected = jiff::civil::date(2022, 5, 1)
        .at(19, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .unwrap();
    assert_eq!(t.schedule.start.unwrap().timestamp, expected.timestamp());
    assert_eq!(t.schedule.time_zone, None);
}

#[test]
fn icalendar_tzid_folding_escapes_and_duration() {
    let b = load("zoned.ics");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let t = talk(&b, "zoned-fest-2025/talk-1-zoned");
    assert_eq!(t.year, 2025);
    // DTSTART;TZID=Europe/Amsterdam:20250615T143000 is summer time, +02:00.
    assert_eq!(start(t), "2025-06-15T14:30:00+02:00");
    assert_eq!(end(t), "2025-06-15T15:15:00+02:00");
    assert_eq!(t.schedule.time_zone.as_deref(), Some("Europe/Amsterdam"));
    assert_eq!(t.schedule.room.as_deref(), Some("Room , with comma"));
    assert_eq!(t.schedule.track.as_deref(), Some("Security"));
    assert_eq!(t.speakers, ["Jane Doe", "John Roe"]);
    assert_eq!(
        t.body,
        "First line\nsecond line with a very long text that is folded onto the next line.".into()
    );
    let d = talk(&b, "zoned-fest-2025/talk-2-zoned");
    assert_eq!(end(d), "2025-06-16T10:30:00+02:00", "DURATION:PT1H30M");
}

#[test]
fn broken_files_are_reported_with_file_line_and_column() {
    for (name, expected) in [
        ("broken.xml", "broken.xml:7:5: not well-formed schedule XML"),
        (
            "broken.json",
            "broken.json:5:41: not valid schedule JSON: trailing comma",
        ),
        (
            "broken.ics",
            "broken.ics:10:1: not an iCalendar content line",
        ),
    ] {
        let b = load(name);
        assert!(b.talks.is_empty(), "{name}");
        assert_eq!(b.warnings.len(), 1, "{name}: {:?}", b.warnings);
        let message = b.warnings[0].to_string();
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn a_directory_walk_loads_schedules_by_content_and_skips_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["minicon.xml", "zoned.ics", "broken.json", "wafer.xml"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    // Named like schedules, but not schedules: nothing, and no warning.
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}").unwrap();
    std::fs::write(dir.path().join("feed.xml"), "<rss><channel/></rss>").unwrap();
    // A schedule whose name says nothing is still found by content when passed directly.
    std::fs::copy(fixture("minicon.json"), dir.path().join("schedule.data")).unwrap();
    let store = Store::load(&[Source::Path(dir.path().to_path_buf())]);
    assert_eq!(store.talks.len(), 3 + 2 + 2, "{:?}", store.warnings);
    assert_eq!(store.warnings.len(), 1, "{:?}", store.warnings);
    assert!(store.warnings[0].to_string().contains("broken.json:5:41"));
    let direct = Store::load(&[Source::Path(dir.path().join("schedule.data"))]);
    assert_eq!(direct.talks.len(), 3);
}
