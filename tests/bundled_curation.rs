//! The curation fixes in the bundled talks: record titles with the headings kept, filled-in entries, speakers
//! the write-ups name, and overviews marked apart from the talks.
mod common;

use confnotes::store::{Source, Store};

fn bundled() -> Store {
    Store::load(&[Source::Bundled])
}

#[test]
fn the_uwsgi_talk_has_its_records_speaker_date_link_and_title() {
    let store = bundled();
    let t = store
        .get("europython-2012/going-massive-with-uwsgi-and-nginx")
        .unwrap();
    assert_eq!(t.title, "Esageriamo con uWSGI e Nginx");
    assert_eq!(t.speakers, ["Roberto De Ioris"]);
    assert_eq!(t.date.as_deref(), Some("2012-07-03"));
    assert!(t.links.iter().any(|l| l.url.ends_with("v=-xuelXMtYNE")));
    assert!(
        t.tags
            .iter()
            .any(|g| g == "Going massive with uWSGI and nginx")
    );
}

#[test]
fn headings_give_way_to_record_titles_and_stay_as_tags() {
    let store = bundled();
    for (id, title, heading) in [
        (
            "europython-2012/logging-module",
            "Getting the logging module to do your bidding",
            "Logging Module",
        ),
        (
            "europython-2012/zc-buildout",
            "Reproducible installation of applications using zc.buildout",
            "zc.buildout",
        ),
        (
            "europython-2012/continuous-introspection",
            "Healthy webapps through continuous introspection",
            "Continous introspection",
        ),
    ] {
        let t = store.get(id).unwrap();
        assert_eq!(t.title, title);
        assert!(t.tags.iter().any(|g| g == heading), "{id}: {:?}", t.tags);
    }
}

#[test]
fn speakers_the_write_ups_name_are_on_the_talks() {
    let store = bundled();
    let speakers = |id: &str| store.get(id).unwrap().speakers.clone();
    assert_eq!(speakers("europython-2012/lt-uploading-to-pypi"), ["Pelle"]);
    assert_eq!(
        speakers("pycon-uk-2014/prototyping-to-production-in-government"),
        ["Michal", "Jim"]
    );
    assert_eq!(speakers("pycon-us-2014/ansible"), ["Michael DeHaan"]);
}

#[test]
fn overviews_are_marked_and_listed_apart_from_the_talks() {
    let store = bundled();
    let overviews: Vec<&str> = store
        .talks
        .iter()
        .filter(|t| t.is_overview())
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        overviews,
        [
            "europython-2012/overview",
            "europython-2014/general-impressions",
            "pycon-sweden-2014/the-bad-bits",
            "pycon-us-2014/general-impressions"
        ]
    );
    let env = common::Env::new();
    let out = env.cli(&["list"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let (talks, rest) = text.split_once("\n# overviews (not talks)\n").unwrap();
    assert_eq!(talks.lines().count(), store.talks.len() - 4);
    assert_eq!(rest.lines().count(), 4);
    assert!(
        rest.lines()
            .all(|l| overviews.contains(&l.split('\t').next().unwrap()))
    );
    let json = common::json_array(&env.cli(&["list", "--json"]));
    let kinds = json.iter().filter(|t| t["kind"] == "overview").count();
    assert_eq!((json.len(), kinds), (store.talks.len(), 4));
}
