//! The bundled talks and the vendored pyvideo sample loaded together: every talk once (strong keys merge the
//! note-taker's headings with the records' full titles), lightning-talk sessions apart from the talks in them,
//! and no upload date standing in for a talk's day.
use confnotes::store::merge::video_key;
use confnotes::store::{Source, Store};
use std::collections::HashMap;

fn both() -> Store {
    let sample = confnotes::store::pyvideo::synth::sample_dir();
    assert!(sample.is_dir(), "missing {}", sample.display());
    Store::load(&[Source::Bundled, Source::Path(sample)])
}

#[test]
fn no_talk_shares_its_video_with_another_except_sessions() {
    let store = both();
    let mut by_video: HashMap<(String, i32, String), Vec<&str>> = HashMap::new();
    for t in &store.talks {
        let mut keys: Vec<String> = t.links.iter().filter_map(|l| video_key(&l.url)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let at = (t.conference.clone(), t.year, key);
            by_video.entry(at).or_default().push(t.title.as_str());
        }
    }
    let mut shared: Vec<Vec<&str>> = by_video.into_values().filter(|t| t.len() > 1).collect();
    shared.sort();
    // The catalog links part 1 of a tutorial to part 2's video: two talks of one source.
    assert_eq!(
        shared.remove(0),
        [
            "Fully Test-driven Django with selenium part 1",
            "Fully Test-driven Django with selenium part 2"
        ]
    );
    // Three EuroPython 2014 session videos, each holding one of the bundled lightning talks.
    assert_eq!(shared.len(), 3, "{shared:#?}");
    for titles in &shared {
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(titles.contains(&"Lightning Talks"), "{titles:?}");
        assert!(
            titles.iter().any(|t| t.starts_with("Lightning talk: ")),
            "{titles:?}"
        );
    }
}

#[test]
fn headings_and_full_titles_of_one_talk_are_one_talk() {
    let store = both();
    for (bundled, record) in [
        (
            "europython-2012/logging-module",
            "europython-2012/getting-the-logging-module-to-do-your-bidding",
        ),
        (
            "europython-2012/egenix-pyrun",
            "europython-2012/pyrun-the-one-file-python-runtime-environment",
        ),
        (
            "europython-2012/zc-buildout",
            "europython-2012/reproducible-installation-of-applications-using-z",
        ),
        (
            "europython-2015/arrested-development-microservices",
            "europython-2015/arrested-development-surviving-the-awkward-adolescence-of-a-microservices-based-application",
        ),
    ] {
        let Some(t) = store.get(record) else {
            panic!("no record {record}")
        };
        assert_eq!(t.id, bundled);
    }
}

#[test]
fn pycon_uk_2014_dates_fall_within_the_conference_unless_the_catalog_alone_gives_them() {
    let store = both();
    let bundled: Vec<_> = Store::load(&[Source::Bundled])
        .talks
        .into_iter()
        .filter(|t| t.conference == "PyCon UK" && t.year == 2014)
        .collect();
    assert!(bundled.len() > 10);
    for b in &bundled {
        let t = store.get(&b.id).unwrap();
        if let Some(d) = &t.date {
            assert!(
                ("2014-09-19".."2014-09-23").contains(&d.as_str()),
                "{}: {d}",
                t.id
            );
        }
    }
}
