use super::*;
use crate::store::{Batch, Source, Store};

fn talk(id: &str, title: &str, speakers: &[&str]) -> Talk {
    Talk {
        id: id.into(),
        title: title.into(),
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        conference: "EuroPython".into(),
        year: 2014,
        ..Talk::default()
    }
}

fn batch(talks: Vec<Talk>) -> Batch {
    Batch {
        talks,
        ..Batch::default()
    }
}

/// A store of `first` then `second`, loaded as two batches (two sources).
fn two_sources(first: Vec<Talk>, second: Vec<Talk>) -> Store {
    let mut store = Store::default();
    store.add_batch(batch(first));
    store.add_batch(batch(second));
    store
}

#[test]
fn titles_normalise_case_accents_and_punctuation() {
    assert_eq!(
        normalize("Permission or Forgiveness?"),
        "permission or forgiveness"
    );
    assert_eq!(
        normalize("PyPy - Current status and GIL-less future"),
        normalize("Pypy: current status and gil-less future")
    );
    assert_eq!(normalize("  Écrire du Python…  "), "ecrire du python");
    assert_eq!(normalize("日本語 のトーク!"), "日本語 のトーク");
}

#[test]
fn the_same_talk_from_two_sources_is_shown_once_under_the_first_id() {
    let mut notes = talk(
        "europython-2014/gevent",
        "gevent: asynchronous I/O made easy",
        &["Daniel Pope"],
    );
    notes.body = "My notes.".into();
    notes.date = Some("2014-07-23".into());
    notes.tags = vec!["gevent".into()];
    notes.links = vec![Link {
        label: "video".into(),
        url: "https://youtu.be/x".into(),
    }];
    let mut record = talk(
        "europython-2014/daniel-pope-gevent",
        "Gevent: Asynchronous I/O Made Easy",
        &["Daniel Pope", "Other Person"],
    );
    record.body = "The catalog's description.".into();
    record.date = Some("2014-08-01".into());
    record.tags = vec!["GEVENT".into(), "asyncio".into()];
    record.links = vec![
        Link {
            label: "video".into(),
            url: "http://youtu.be/x/".into(),
        },
        Link {
            label: "slides".into(),
            url: "https://s".into(),
        },
    ];
    let store = two_sources(vec![notes], vec![record]);
    assert_eq!((store.talks.len(), store.merged), (1, 1));
    let t = &store.talks[0];
    assert_eq!(
        (t.id.as_str(), t.title.as_str(), &*t.body),
        (
            "europython-2014/gevent",
            "gevent: asynchronous I/O made easy",
            "My notes."
        )
    );
    assert_eq!(t.speakers, ["Daniel Pope", "Other Person"]);
    assert_eq!(t.date.as_deref(), Some("2014-07-23"));
    assert_eq!(t.tags, ["gevent", "asyncio"]);
    assert_eq!(
        t.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>(),
        ["https://youtu.be/x", "https://s"]
    );
    // The catalog's id still finds the talk (notes written against it stay reachable).
    assert_eq!(
        store
            .get("europython-2014/daniel-pope-gevent")
            .map(|t| t.id.as_str()),
        Some("europython-2014/gevent")
    );
}

#[test]
fn a_notes_talk_without_body_or_date_takes_the_catalogs() {
    let mut record = talk("c/r", "Fun with cPython memory allocator", &[]);
    (record.body, record.date, record.location) = (
        "Description".into(),
        Some("2014-07-25".into()),
        Some("Berlin".into()),
    );
    let store = two_sources(
        vec![talk(
            "c/n",
            "Fun with CPython memory allocator",
            &["Tomasz Paczkowski"],
        )],
        vec![record],
    );
    let t = &store.talks[0];
    assert_eq!(
        (&*t.body, t.date.as_deref(), t.location.as_deref()),
        ("Description", Some("2014-07-25"), Some("Berlin"))
    );
    assert_eq!(t.speakers, ["Tomasz Paczkowski"]);
}

#[test]
fn a_title_cut_short_matches_by_prefix_of_twenty_characters_or_more() {
    let full = "How Disqus is using Django as the basis of our Service Oriented Architecture";
    let store = two_sources(
        vec![talk("a/full", full, &["Adam Hitchcock"])],
        vec![talk(
            "b/cut",
            "How Disqus is using Django as the basis of our Service ...",
            &["Adam Hitchcock"],
        )],
    );
    assert_eq!(store.merged, 1);
    // Either way round.
    let store = two_sources(
        vec![talk("b/cut", "How Disqus is using Django…", &[])],
        vec![talk("a/full", full, &[])],
    );
    assert_eq!((store.merged, store.talks[0].id.as_str()), (1, "b/cut"));
    // Too short a prefix proves nothing.
    let store = two_sources(
        vec![talk("a/x", "Python in science", &[])],
        vec![talk("b/y", "Python in science: a decade later", &[])],
    );
    assert_eq!(store.merged, 0);
}

#[test]
fn a_shorter_prefix_matches_when_the_same_speaker_confirms_it() {
    let notes = || {
        vec![talk(
            "n/flask",
            "Diving into Flask",
            &["Andrii Mishkovskyi"],
        )]
    };
    let store = two_sources(
        notes(),
        vec![talk(
            "pv/flask",
            "Diving into Flask (head on)",
            &["Andni Mishkovskyi"],
        )],
    );
    assert_eq!(store.merged, 1);
    // No speakers to confirm it, or not whole words, or too short: no.
    let store = two_sources(
        notes(),
        vec![talk("pv/flask", "Diving into Flask (head on)", &[])],
    );
    assert_eq!(store.merged, 0);
    let store = two_sources(
        notes(),
        vec![talk(
            "pv/flask",
            "Diving into Flasks",
            &["Andrii Mishkovskyi"],
        )],
    );
    assert_eq!(store.merged, 0);
    let store = two_sources(
        vec![talk("n/k", "Keynote", &["Guido van Rossum"])],
        vec![talk("pv/k", "Keynote: Python now", &["Guido van Rossum"])],
    );
    assert_eq!(store.merged, 0);
}

#[test]
fn speakers_can_veto_and_confirm() {
    // Same title, different people: two keynotes.
    let store = two_sources(
        vec![talk("a/k", "Keynote", &["Guido van Rossum"])],
        vec![talk("b/k", "Keynote", &["Holger Krekel"])],
    );
    assert_eq!(store.merged, 0);
    // Placeholders name nobody; initials and middle names are the same person.
    let store = two_sources(
        vec![talk(
            "a/p",
            "Panel Discussion: Code Review Tools",
            &["Gautier Hayoun"],
        )],
        vec![talk(
            "b/p",
            "Panel discussion - code review tools",
            &["Various speakers"],
        )],
    );
    assert_eq!(
        (store.merged, store.talks[0].speakers.clone()),
        (1, vec!["Gautier Hayoun".to_string()])
    );
    let store = two_sources(
        vec![talk(
            "a/p",
            "PyPy - Current status and GIL-less future",
            &["Armin Rigo", "Antonio Cuni"],
        )],
        vec![talk(
            "b/p",
            "Pypy: current status and gil-less future",
            &["A Cuni", "M Fijalkowski"],
        )],
    );
    assert_eq!(store.merged, 1);
    assert_eq!(
        store.talks[0].speakers,
        ["Armin Rigo", "Antonio Cuni", "M Fijalkowski"]
    );
}

#[test]
fn other_conferences_years_and_the_same_batch_never_merge() {
    let mut other_year = talk("b/t", "Writing multi-language documentation", &[]);
    other_year.year = 2015;
    let mut other_conf = talk("c/t", "Writing multi-language documentation", &[]);
    other_conf.conference = "PyCon UK".into();
    let store = two_sources(
        vec![talk("a/t", "Writing multi-language documentation", &[])],
        vec![other_year, other_conf],
    );
    assert_eq!((store.merged, store.talks.len()), (0, 3));
    let mut store = Store::default();
    store.add_batch(batch(vec![
        talk("a/1", "Lightning Talks", &[]),
        talk("a/2", "Lightning Talks", &[]),
    ]));
    assert_eq!((store.merged, store.talks.len()), (0, 2));
}

#[test]
fn ambiguous_matches_merge_nothing() {
    // Five sessions of one title in a later source, one earlier talk of that title: which is it? None.
    let sessions: Vec<Talk> = (1..=5)
        .map(|i| {
            talk(
                &format!("pv/lt-{i}"),
                "Lightning Talks",
                &["Various speakers"],
            )
        })
        .collect();
    let store = two_sources(vec![talk("notes/lt", "Lightning talks", &[])], sessions);
    assert_eq!((store.merged, store.talks.len()), (0, 6));
    // Two earlier talks that a later one would both match.
    let mut store = Store::default();
    store.add_batch(batch(vec![talk(
        "a/x",
        "Lightning talk: why getattr() should not be abused",
        &[],
    )]));
    store.add_batch(batch(vec![talk(
        "b/x",
        "Lightning talk: why getattr() should not be abused",
        &[],
    )]));
    assert_eq!(
        store.merged, 1,
        "the second source's copy merges into the first"
    );
    store.add_batch(batch(vec![talk(
        "c/x",
        "Lightning talk: why getattr() should not be",
        &[],
    )]));
    assert_eq!(
        store.merged, 2,
        "still one earlier talk of that title: unambiguous"
    );
    // Two different short lightning talks never fold into a session record.
    let store = two_sources(
        vec![
            talk("n/hsts", "Lightning talk: HSTS", &[]),
            talk(
                "n/getattr",
                "Lightning talk: why getattr() should not be abused",
                &[],
            ),
        ],
        vec![talk("pv/lt", "Lightning Talks", &["Various speakers"])],
    );
    assert_eq!(store.merged, 0);
}

#[test]
fn an_id_met_again_merges_when_it_is_the_same_talk_and_warns_otherwise() {
    let store = two_sources(
        vec![talk(
            "a/python-debugger",
            "Python Debugger Uncovered",
            &["Dmitry Trofimov"],
        )],
        vec![talk("a/python-debugger", "Python debugger uncovered", &[])],
    );
    assert_eq!((store.merged, store.warnings.len()), (1, 0));
    let store = two_sources(
        vec![talk("a/x", "One talk", &[])],
        vec![talk("a/x", "Another talk", &[])],
    );
    assert_eq!((store.merged, store.talks.len()), (0, 1));
    assert!(
        store.warnings[0]
            .message
            .starts_with("duplicate id \"a/x\"")
    );
}

#[test]
fn bundled_talks_and_the_real_sample_merge_where_they_should() {
    let sample = crate::store::pyvideo::tests::sample_dir();
    let alone = Store::load(&[Source::Bundled]).talks.len()
        + Store::load(&[Source::Path(sample.clone())]).talks.len();
    let store = Store::load(&[Source::Bundled, Source::Path(sample)]);
    assert!(store.warnings.is_empty(), "{:#?}", store.warnings);
    assert_eq!(store.talks.len() + store.merged, alone);
    // 38 when the bundled talks were EuroPython 2014/2015 and PyCon UK 2014; more bundled talks may add some.
    assert!(store.merged >= 38, "only {} merged", store.merged);
    let twin_of = |catalog_id: &str| store.get(catalog_id).map(|t| t.id.as_str());
    // Exact title; the record's slug equal to the notes' slug; a record title cut with "..."; a placeholder speaker.
    assert_eq!(
        twin_of(
            "europython-2015/shahriar-tajbakhsh-parallelism-shootout-threads-vs-asyncio-vs-multiple-processes"
        ),
        Some("europython-2015/parallelism-shootout")
    );
    assert_eq!(
        twin_of("europython-2014/python-debugger-uncovered"),
        Some("europython-2014/python-debugger-uncovered")
    );
    assert_eq!(
        twin_of("europython-2014/how-disqus-is-using-django-as-the-basis-of-our-se"),
        Some("europython-2014/disqus-django-soa")
    );
    assert_eq!(
        twin_of("europython-2015/panel-discussion-code-review-tools"),
        Some("europython-2015/panel-code-review-tools")
    );
    let shootout = store.get("europython-2015/parallelism-shootout").unwrap();
    assert!(
        shootout.body.starts_with("You need to download data"),
        "the notes body is kept"
    );
    assert_eq!(
        shootout
            .links
            .iter()
            .filter(|l| l.url.contains("B0Qfe3U_hKU"))
            .count(),
        1,
        "no duplicate links"
    );
    // Lightning talks of the notes stay apart from the catalog's lightning-talk sessions.
    let hsts = store.get("europython-2014/lt-hsts").unwrap();
    assert!(
        hsts.links.iter().all(|l| !l.url.is_empty())
            && store
                .talks
                .iter()
                .filter(|t| t.title == "Lightning Talks" && t.year == 2014)
                .count()
                == 5
    );
    assert_eq!(
        store.talks.iter().filter(|t| t.title == hsts.title).count(),
        1
    );
}
