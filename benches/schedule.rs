//! Loading a 36C3-sized frab XML schedule (1,351 events, ~2.3 MB), made by repeating the 37C3 fixture's events
//! with fresh ids and GUIDs. Budget: under 100 ms on one core (the load of one file runs on one thread).
use confnotes::store::schedule::{Format, parse_schedule};
use confnotes::store::{Batch, load_file};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The 36C3 schedule's event count.
const EVENTS: usize = 1_351;

fn main() {
    divan::main();
}

/// The 37C3 header, then its events repeated (each with a new id and GUID) up to `EVENTS`, in one day and room.
fn big_schedule() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules/inoe_schedule-37c3.xml");
    let text = std::fs::read_to_string(path).expect("the 37C3 fixture");
    let header_end = text.find("<day ").expect("a <day>");
    let mut events = Vec::new();
    let mut rest = &text[header_end..];
    while let Some(start) = rest.find("<event ") {
        let end =
            rest[start..].find("</event>").expect("a closed <event>") + start + "</event>".len();
        events.push(&rest[start..end]);
        rest = &rest[end..];
    }
    let mut out = String::with_capacity(text.len() * 3);
    out.push_str(&text[..header_end]);
    out.push_str("<day index=\"1\" date=\"2023-12-27\"><room name=\"Saal 1\">");
    for n in 0..EVENTS {
        let event = events[n % events.len()];
        let open_end = event.find('>').expect("an event tag");
        out.push_str(&format!(
            "<event guid=\"00000000-0000-4000-8000-{n:012}\" id=\"{}\">",
            100_000 + n
        ));
        out.push_str(&event[open_end + 1..]);
    }
    out.push_str("</room></day></schedule>\n");
    out
}

static SCHEDULE: LazyLock<String> = LazyLock::new(big_schedule);

static FILE: LazyLock<tempfile::NamedTempFile> = LazyLock::new(|| {
    let file = tempfile::Builder::new()
        .suffix(".xml")
        .tempfile()
        .expect("temp file");
    std::fs::write(file.path(), SCHEDULE.as_bytes()).expect("write the schedule");
    file
});

fn check(batch: &Batch) {
    assert_eq!(batch.talks.len(), EVENTS, "{:?}", batch.warnings.first());
}

/// Parsing and building the talks from text already in memory.
#[divan::bench(sample_count = 30)]
fn parse_36c3_sized_xml(bencher: divan::Bencher) {
    let text = &*SCHEDULE;
    assert!(text.len() > 2_000_000, "{} bytes", text.len());
    bencher.bench(|| {
        let parsed = parse_schedule(Path::new("36c3.xml"), text, Format::Xml).expect("parses");
        assert_eq!(parsed.talks.len(), EVENTS);
        parsed
    });
}

/// The whole load of the file, as `--data 36c3.xml` does it: read, decode, sniff, parse, positions.
#[divan::bench(sample_count = 30)]
fn load_36c3_sized_xml_file(bencher: divan::Bencher) {
    let path = FILE.path();
    bencher.bench(|| {
        let batch = load_file(path);
        check(&batch);
        batch
    });
}
