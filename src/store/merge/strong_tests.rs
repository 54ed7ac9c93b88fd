//! Strong keys (video, source reference), sessions, and catalog dates outside the conference's days.
use super::*;
use crate::store::{Batch, Store};

fn talk(id: &str, title: &str, speakers: &[&str], video: Option<&str>) -> Talk {
    Talk {
        id: id.into(),
        title: title.into(),
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        conference: "EuroPython".into(),
        year: 2012,
        links: video
            .map(|url| Link {
                label: "video".into(),
                url: url.into(),
            })
            .into_iter()
            .collect(),
        ..Talk::default()
    }
}

/// A batch's talks and the conference's days.
type Source<'a> = (Vec<Talk>, Option<(&'a str, &'a str)>);

fn store(batches: Vec<Source>) -> Store {
    let mut store = Store::default();
    for (talks, days) in batches {
        store.add_batch(Batch {
            talks,
            days: days.map(|(a, b)| (a.to_string(), b.to_string())),
            ..Batch::default()
        });
    }
    store
}

#[test]
fn the_same_video_in_another_url_form_is_the_same_talk_whatever_the_titles() {
    let notes = talk(
        "n/logging",
        "Logging Module",
        &[],
        Some("https://www.youtube.com/watch?v=m8mS28xBh_A"),
    );
    let record = talk(
        "r/getting-the-logging-module",
        "Getting the logging module to do your bidding",
        &["Vinay Sajip"],
        Some("https://youtu.be/m8mS28xBh_A"),
    );
    let s = store(vec![(vec![notes], None), (vec![record], None)]);
    assert_eq!((s.talks.len(), s.merged), (1, 1));
    assert_eq!(s.talks[0].title, "Logging Module");
    assert_eq!(s.talks[0].speakers, ["Vinay Sajip"]);
    assert_eq!(
        s.get("r/getting-the-logging-module").unwrap().id,
        "n/logging"
    );
}

#[test]
fn a_link_to_the_records_pyvideo_page_is_a_reference_to_it() {
    let mut notes = talk("n/uwsgi", "Going massive with uWSGI and nginx", &[], None);
    notes.links.push(Link {
        label: "pyvideo".into(),
        url: "https://pyvideo.org/europython-2012/esageriamo-con-uwsgi-e-nginx.html".into(),
    });
    let record = talk(
        "europython-2012/esageriamo-con-uwsgi-e-nginx",
        "Esageriamo con uWSGI e nginx",
        &["Roberto De Ioris"],
        None,
    );
    let s = store(vec![(vec![notes], None), (vec![record], None)]);
    assert_eq!((s.talks.len(), s.merged), (1, 1));
}

#[test]
fn a_session_video_is_not_a_twin_of_a_talk_in_it() {
    let video = Some("https://www.youtube.com/watch?v=qDzeSGv28kU");
    let lt = talk(
        "n/lt-architect",
        "Lightning talk: Architect (automatic table partitioning)",
        &[],
        video,
    );
    for (title, speakers) in [
        ("Lightning Talks", &["Various speakers"][..]),
        ("Lightning talks, day 2", &[]),
    ] {
        let session = talk("r/lightning-talks-6", title, speakers, video);
        let s = store(vec![(vec![lt.clone()], None), (vec![session], None)]);
        assert_eq!((s.talks.len(), s.merged), (2, 0), "{title}");
    }
    // Two sessions with one video are one session.
    let sessions = [
        talk("n/lts", "Lightning Talks", &[], video),
        talk("r/lts", "Lightning Talks 6", &["Various speakers"], video),
    ];
    let s = store(vec![
        (vec![sessions[0].clone()], None),
        (vec![sessions[1].clone()], None),
    ]);
    assert_eq!(s.merged, 1);
}

#[test]
fn a_video_several_talks_link_to_proves_nothing() {
    let video = Some("https://youtu.be/abc");
    let first = vec![
        talk("n/a", "First short talk", &["Ann Lee"], video),
        talk("n/b", "Second short talk", &["Bo Chen"], video),
    ];
    let record = talk("r/x", "Something else entirely", &[], video);
    let s = store(vec![(first, None), (vec![record], None)]);
    assert_eq!((s.talks.len(), s.merged), (3, 0));
}

#[test]
fn strong_keys_stay_within_the_conference_and_year() {
    let video = Some("https://youtu.be/abc");
    let mut later = talk("r/x", "Another title", &[], video);
    later.year = 2013;
    let s = store(vec![
        (vec![talk("n/a", "A title", &[], video)], None),
        (vec![later], None),
    ]);
    assert_eq!(s.merged, 0);
}

#[test]
fn a_strong_key_merges_despite_a_misspelt_speaker_which_is_not_added() {
    let video = Some("https://youtu.be/VnyvyTgWbzg");
    let s = store(vec![
        (
            vec![talk(
                "n/pyrun",
                "eGenix PyRun",
                &["Marc-Andre Lemburg"],
                video,
            )],
            None,
        ),
        (
            vec![talk(
                "r/pyrun",
                "Pyrun - the one file python runtime",
                &["M Lembuirg"],
                video,
            )],
            None,
        ),
    ]);
    assert_eq!(s.merged, 1);
    assert_eq!(s.talks[0].speakers, ["Marc-Andre Lemburg"]);
}

#[test]
fn a_catalog_date_outside_the_conferences_days_does_not_fill_a_missing_date() {
    let video = Some("https://youtu.be/abc");
    let days = Some(("2014-09-19", "2014-09-22"));
    let notes = talk("n/a", "A talk", &[], video);
    let mut late = talk("r/a", "A talk, recorded", &[], video);
    late.date = Some("2014-10-02".into());
    let s = store(vec![
        (vec![notes.clone()], days),
        (vec![late.clone()], None),
    ]);
    assert_eq!((s.merged, s.talks[0].date.as_deref()), (1, None));
    late.date = Some("2014-09-20".into());
    let s = store(vec![
        (vec![notes.clone()], days),
        (vec![late.clone()], None),
    ]);
    assert_eq!(s.talks[0].date.as_deref(), Some("2014-09-20"));
    // Days unknown: the catalog's date is all there is.
    late.date = Some("2014-10-02".into());
    let s = store(vec![(vec![notes], None), (vec![late], None)]);
    assert_eq!(s.talks[0].date.as_deref(), Some("2014-10-02"));
}
