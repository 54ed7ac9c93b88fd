//! The real schedules in tests/fixtures/schedules (see its README): counts, and times checked by hand
//! against the files.
use confnotes::store::{Batch, Talk, load_file};
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
    batch
        .talks
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no talk {id}"))
}

fn times(t: &Talk) -> (String, String) {
    (
        t.schedule.start.map(|m| m.to_string()).unwrap_or_default(),
        t.schedule.end.map(|m| m.to_string()).unwrap_or_default(),
    )
}

#[test]
fn frab_xml_37c3_has_501_events_with_berlin_times() {
    let b = load("inoe_schedule-37c3.xml");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    assert_eq!(b.talks.len(), 501);
    // <event guid="fddf9aa7-…" id="12338"><date>2023-12-27T10:30:00+01:00</date>…<duration>00:30</duration>
    let opening = talk(&b, "37c3/12338");
    assert_eq!(opening.title, "37C3: Feierliche Eröffnung");
    assert_eq!(opening.conference, "37th Chaos Communication Congress");
    assert_eq!(opening.year, 2023);
    assert_eq!(
        times(opening),
        (
            "2023-12-27T10:30:00+01:00".into(),
            "2023-12-27T11:00:00+01:00".into()
        )
    );
    assert_eq!(opening.schedule.room.as_deref(), Some("Saal 1"));
    assert_eq!(opening.schedule.track.as_deref(), Some("CCC"));
    assert_eq!(opening.schedule.language.as_deref(), Some("de"));
    assert_eq!(opening.schedule.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(
        opening.schedule.source.as_deref(),
        Some("fddf9aa7-4952-497e-b706-2e802deef3cc")
    );
    assert_eq!(opening.speakers, ["derPUPE", "Katharina Nocun", "Mullana"]);
    // Listed under day 1 but after midnight: <date>2023-12-28T00:15:00+01:00</date>, 02:00 long.
    let jeopardy = talk(&b, "37c3/11789");
    assert_eq!(jeopardy.date.as_deref(), Some("2023-12-28"));
    assert_eq!(
        times(jeopardy),
        (
            "2023-12-28T00:15:00+01:00".into(),
            "2023-12-28T02:15:00+01:00".into()
        )
    );
    // The last event of the file.
    let last = talk(&b, "37c3/57934");
    assert_eq!(last.title, "Topf Secret");
    assert_eq!(last.schedule.room.as_deref(), Some("Fireshonks"));
    assert_eq!(times(last).0, "2023-12-30T14:00:00+01:00");
    // Every event has a time; ids are unique.
    assert!(
        b.talks
            .iter()
            .all(|t| t.schedule.start.is_some() && t.schedule.end.is_some())
    );
    let ids: std::collections::HashSet<_> = b.talks.iter().map(|t| &t.id).collect();
    assert_eq!(ids.len(), 501);
}

#[test]
fn pretalx_json_democon_has_36_events_and_its_offsets_win_over_a_wrong_zone() {
    let b = load("voc_pretalx-democon.json");
    assert_eq!(b.talks.len(), 36);
    // time_zone_name says UTC, yet every date is "+01:00" with the same wall time as "start": the zone is
    // the wrong one, said once.
    assert_eq!(b.warnings.len(), 1, "{:?}", b.warnings);
    assert!(
        b.warnings[0]
            .message
            .contains("time_zone_name \"UTC\" disagrees")
    );
    // "id": 25, "date": "2020-12-14T09:00:00+01:00", "duration": "00:30", room "Gray Room".
    let first = talk(&b, "democon/25");
    assert_eq!(first.title, "Focused 5thgeneration hardware");
    assert_eq!(
        times(first),
        (
            "2020-12-14T09:00:00+01:00".into(),
            "2020-12-14T09:30:00+01:00".into()
        )
    );
    assert_eq!(first.speakers, ["Brian Robinson"]);
    assert_eq!(first.schedule.track.as_deref(), Some("Phased"));
    assert_eq!(first.schedule.kind.as_deref(), Some("talk"));
    assert_eq!(
        first.schedule.summary.as_deref(),
        Some("Brand back-end models!")
    );
    assert!(
        first
            .body
            .starts_with("Brand back-end models!\n\nStation provide certain mean.")
    );
    // "id": 50, "date": "2020-12-16T14:00:00+01:00", "duration": "01:30".
    assert_eq!(
        times(talk(&b, "democon/50")),
        (
            "2020-12-16T14:00:00+01:00".into(),
            "2020-12-16T15:30:00+01:00".into()
        )
    );
}

#[test]
fn frab_json_camp2019_has_79_events_with_titled_links() {
    let b = load("voc_frab-camp2019.json");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    assert_eq!(b.talks.len(), 79);
    // "id": 10386, "date": "2019-08-21T11:00:00+02:00", "duration": "00:30", persons {id, public_name}.
    let opening = talk(&b, "camp2019/10386");
    assert_eq!(opening.title, "Opening Ceremony");
    assert_eq!(opening.year, 2019);
    assert_eq!(opening.conference, "Chaos Communication Camp");
    assert_eq!(opening.speakers, ["jinxx", "smtw"]);
    assert_eq!(
        times(opening),
        (
            "2019-08-21T11:00:00+02:00".into(),
            "2019-08-21T11:30:00+02:00".into()
        )
    );
    // "links": [{"url": "https://edri.org", "title": "EDRi Website"}]
    let edri = talk(&b, "camp2019/10309");
    assert!(
        edri.links
            .iter()
            .any(|l| l.label == "EDRi Website" && l.url == "https://edri.org"),
        "{:?}",
        edri.links
    );
    let last = talk(&b, "camp2019/10352");
    assert_eq!(last.schedule.room.as_deref(), Some("Meitner"));
    assert_eq!(times(last).0, "2019-08-25T16:00:00+02:00");
}

#[test]
fn the_invalid_example_still_loads_its_one_event() {
    // String id "2814", a person id "dsadf", an extra "answers" key: the schema says no, we read it.
    let b = load("voc_invalid-example.json");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    assert_eq!(b.talks.len(), 1);
    let t = &b.talks[0];
    assert_eq!(t.id, "winterchaos2022/2814");
    assert_eq!(t.speakers, ["Mänu"]);
    assert_eq!(times(t).0, "2022-12-28T14:00:00+01:00");
    assert_eq!(t.schedule.time_zone.as_deref(), Some("Europe/Zurich"));
    // Its description is HTML with <br />: readable lines, no tags.
    assert!(!t.body.contains("<br"), "{}", t.body);
    assert!(
        t.body.contains("\n* Einführung ins Active Directory\n"),
        "{}",
        t.body
    );
}

#[test]
fn icalendar_kielux_has_24_events_with_attendees_as_speakers() {
    let b = load("giggity_kielux_2020.ics");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    assert_eq!(b.talks.len(), 24);
    // UID:460@KOLT20, DTSTART:20200918T110000Z, DTEND:20200918T120000Z, LOCATION:Ravensberg,
    // ATTENDEE;CN="Jakob Semere" (folded over two lines).
    let t = talk(&b, "18-kieler-open-source-und-linux-tage/460-kolt20");
    assert_eq!(t.title, "OpenCelium - Der generische OpenSoure API-Hub");
    assert_eq!(t.conference, "18. Kieler Open Source und Linux Tage");
    assert_eq!(t.year, 2020);
    assert_eq!(t.speakers, ["Jakob Semere"]);
    assert_eq!(t.schedule.room.as_deref(), Some("Ravensberg"));
    assert_eq!(t.schedule.source.as_deref(), Some("460@KOLT20"));
    assert_eq!(
        times(t),
        (
            "2020-09-18T11:00:00+00:00".into(),
            "2020-09-18T12:00:00+00:00".into()
        )
    );
    // Folded DESCRIPTION lines join without a break; `\,` is a comma.
    assert!(t.body.contains("Applikation zu anderen"), "{}", t.body);
    assert!(t.body.contains("auf einfache Art, damit"), "{}", t.body);
    // "<i>die</i>" in a description is markup, not text.
    let xen = talk(&b, "18-kieler-open-source-und-linux-tage/467-kolt20");
    assert!(xen.body.contains("Zeit die Plattform"), "{}", xen.body);
    // The last: UID:495@KOLT20, 16:00Z–16:30Z.
    assert_eq!(
        times(talk(&b, "18-kieler-open-source-und-linux-tage/495-kolt20")),
        (
            "2020-09-18T16:00:00+00:00".into(),
            "2020-09-18T16:30:00+00:00".into()
        )
    );
}

#[test]
fn every_text_from_the_real_files_is_sanitised() {
    for name in [
        "inoe_schedule-37c3.xml",
        "voc_pretalx-democon.json",
        "voc_frab-camp2019.json",
        "giggity_kielux_2020.ics",
    ] {
        for t in load(name).talks {
            let fields = [t.title.as_str(), &t.body]
                .into_iter()
                .chain(t.speakers.iter().map(String::as_str))
                .chain(t.schedule.room.as_deref())
                .chain(t.schedule.summary.as_deref());
            for s in fields {
                assert!(
                    !s.chars()
                        .any(|c| confnotes::text::is_unsafe_char(c) && c != '\n'),
                    "{name}: {}",
                    t.id
                );
                assert!(!s.contains('\r'), "{name}: {}", t.id);
            }
        }
    }
}
