use super::*;
use crate::search::NoNotes;
use crate::store::Batch;

fn talk(id: &str, title: &str, speakers: &[&str], body: &str) -> Talk {
    Talk {
        id: id.into(),
        title: title.into(),
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        conference: "EuroPython".into(),
        year: 2014,
        date: Some("2014-07-22".into()),
        body: body.into(),
        ..Talk::default()
    }
}

fn batch(talks: Vec<Talk>) -> Batch {
    Batch {
        positions: vec![None; talks.len()],
        talks,
        ..Batch::default()
    }
}

fn ids(catalog: &Catalog, query: &str) -> Vec<String> {
    catalog
        .search(query, &NoNotes, jiff::Timestamp::UNIX_EPOCH)
        .iter()
        .map(|h| catalog.talks()[h.index].id.clone())
        .collect()
}

#[test]
fn added_talks_are_in_the_store_the_index_and_the_people() {
    let mut catalog = Catalog::default();
    let added = catalog.add(prepare(batch(vec![
        talk(
            "ep14/a",
            "Asyncio in depth",
            &["Łukasz Langa"],
            "event loops",
        ),
        talk("ep14/b", "Packaging", &["Alice"], ""),
    ])));
    assert_eq!((added.from, added.appended.as_slice()), (0, &[0, 1][..]));
    assert_eq!(catalog.talks().len(), 2);
    assert_eq!(catalog.index().len(), 2);
    assert_eq!(ids(&catalog, "event loops"), ["ep14/a"]);
    assert_eq!(ids(&catalog, "@lukasz"), ["ep14/a"]);
    assert_eq!(catalog.people().people().len(), 2);
}

#[test]
fn prepared_and_unprepared_batches_index_the_same() {
    let talks = vec![talk(
        "ep14/a",
        "Asyncio",
        &["Ann"],
        "Gründemann's event loop",
    )];
    let mut folded = Catalog::default();
    folded.add(prepare(batch(talks.clone())));
    let mut plain = Catalog::default();
    plain.add(Loaded::unprepared(batch(talks)));
    assert_eq!(ids(&folded, "grundemann"), ids(&plain, "grundemann"));
    assert_eq!(ids(&folded, "grundemann"), ["ep14/a"]);
}

#[test]
fn a_merge_reindexes_the_earlier_talk_and_says_so() {
    let mut catalog = Catalog::default();
    catalog.add(prepare(batch(vec![talk(
        "ep14/a",
        "Asyncio in depth",
        &["Ann"],
        "",
    )])));
    // The same talk from a catalog: its recording description fills in the body.
    let twin = talk(
        "europython-2014/asyncio-in-depth",
        "Asyncio in depth",
        &["Ann"],
        "coroutines",
    );
    let added = catalog.add(prepare(batch(vec![twin])));
    assert!(added.appended.is_empty(), "{added:?}");
    assert_eq!(added.changed, [0]);
    assert_eq!(catalog.talks().len(), 1);
    assert_eq!(catalog.index().len(), 1);
    assert_eq!(ids(&catalog, "coroutines"), ["ep14/a"]);
}

#[test]
fn a_duplicate_id_is_a_warning_not_a_second_talk() {
    let mut catalog = Catalog::default();
    catalog.add(prepare(batch(vec![talk("ep14/a", "One", &[], "")])));
    let added = catalog.add(prepare(batch(vec![talk("ep14/a", "Another", &[], "")])));
    assert!(added.appended.is_empty() && added.changed.is_empty());
    assert_eq!(catalog.index().len(), catalog.talks().len());
    assert!(catalog.warnings()[0].to_string().contains("duplicate id"));
}

#[test]
fn aliases_let_speaker_terms_find_every_spelling() {
    let mut catalog = Catalog::default();
    catalog.add(prepare(batch(vec![
        talk("ep14/a", "One", &["Łukasz Langa"], ""),
        talk("ep15/b", "Two", &["Lukasz Langa"], ""),
    ])));
    catalog.alias_all();
    let mut found = ids(&catalog, "speaker:\"Łukasz Langa\"");
    found.sort();
    assert_eq!(found, ["ep14/a", "ep15/b"]);
}

#[test]
fn one_search_works_out_aliases_only_for_speaker_terms_and_answers_as_with_them() {
    let rules = SpeakerRules {
        aliases: [("Guido van Rossum".to_string(), vec!["GvR".to_string()])].into(),
        ..SpeakerRules::default()
    };
    let talks = || {
        let mut catalog = Catalog::new(Store::default(), &rules);
        catalog.add(prepare(batch(vec![
            talk("ep14/a", "One", &["Łukasz Langa"], "asyncio and gvr"),
            talk("ep15/b", "Two", &["Guido van Rossum"], ""),
            talk("ep15/c", "Langa's tools", &["GvR"], ""),
        ])));
        catalog
    };
    let mut aliased = talks();
    aliased.alias_all();
    for query in ["@gvr", "speaker:guido", "gvr", "!@gvr langa", "asyncio"] {
        let mut once = talks();
        once.prepare_one_search(query);
        let now = jiff::Timestamp::UNIX_EPOCH;
        assert_eq!(
            format!("{:?}", once.search(query, &NoNotes, now)),
            format!("{:?}", aliased.search(query, &NoNotes, now)),
            "{query}"
        );
    }
    let mut once = talks();
    once.prepare_one_search("@gvr");
    let mut found = ids(&once, "@gvr");
    found.sort();
    assert_eq!(found, ["ep15/b", "ep15/c"]);
}

#[test]
fn the_stream_delivers_every_source_in_order_with_bodies_folded() {
    let dir = tempfile_dir();
    std::fs::write(
        dir.join("talks.toml"),
        "[conference]\nname = \"Demo\"\nyear = 2024\nslug = \"demo\"\n\n[[talks]]\nslug = \"x\"\ntitle = \"X\"\nbody = \"zqxwvy\"\n",
    )
    .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = stream(
        vec![Source::Bundled, Source::Path(dir.clone())],
        None,
        move |loaded| drop(tx.send(loaded)),
    );
    handle.join().unwrap();
    let got: Vec<Loaded> = rx.try_iter().collect();
    assert!(got.len() >= 2, "bundled documents then the user's file");
    assert!(got.iter().flat_map(|l| &l.talks).all(|p| p.body.is_some()));
    let last = got.last().unwrap();
    assert_eq!(last.talks[0].talk.id, "demo/x");
    let mut catalog = Catalog::default();
    got.into_iter().for_each(|l| drop(catalog.add(l)));
    assert_eq!(ids(&catalog, "zqxwvy"), ["demo/x"]);
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("confnotes-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_loaded_catalog_indexes_at_its_first_search_and_finds_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("talks.toml");
    std::fs::write(
        &doc,
        r#"
[conference]
name = "MiniCon"
year = 2024

[[talks]]
title = "Event loops"
speakers = ["Łukasz Langa"]
body = "Gründemann's asyncio tour"

[[talks]]
title = "Packaging"
speakers = ["Alice"]
"#,
    )
    .unwrap();
    let sources = [Source::Path(doc)];
    let (mut catalog, _) = Catalog::load(&sources, None, &SpeakerRules::default(), true);
    assert_eq!(catalog.talks().len(), 2);
    assert!(
        catalog.deferred.load(Ordering::Acquire),
        "nothing folded yet"
    );
    assert_eq!(
        catalog.people().people().len(),
        2,
        "the people are there at once"
    );
    let hits = ids(&catalog, "grundemann");
    assert_eq!(hits.len(), 1, "the body is searchable once asked");
    assert!(!catalog.deferred.load(Ordering::Acquire));
    assert_eq!(catalog.index().len(), 2);
    catalog.add_talks(
        "extra",
        vec![talk("x/1", "Late talk", &["Bo"], "grundemann again")],
    );
    assert_eq!(
        ids(&catalog, "grundemann").len(),
        2,
        "later talks are indexed as they come"
    );
}

#[test]
fn a_new_copy_of_a_source_updates_known_talks_in_place_and_adds_new_ones() {
    let mut catalog = Catalog::default();
    let mut moved = talk("mc/1", "Keynote", &["Ann"], "old abstract");
    moved.schedule.room = Some("Saal 1".into());
    moved.links = vec![crate::store::Link {
        label: "video".into(),
        url: "https://example.invalid/v".into(),
    }];
    catalog.add(prepare(batch(vec![
        moved,
        talk("mc/2", "Packaging", &["Bob"], ""),
    ])));
    let mut again = talk("mc/1", "Keynote", &["Cid"], "");
    again.schedule.room = Some("Saal 2".into());
    let unchanged = talk("mc/2", "Packaging", &["Bob"], "");
    let (updated, added) = catalog.update_from(batch(vec![
        again,
        unchanged,
        talk("mc/3", "Late addition", &["Dee"], "lightning"),
    ]));
    assert_eq!((updated, added), (1, 1));
    let t = &catalog.talks()[0];
    assert_eq!(t.schedule.room.as_deref(), Some("Saal 2"), "moved in place");
    assert_eq!(t.speakers, ["Cid"]);
    assert_eq!(
        t.body,
        "old abstract".into(),
        "an empty body in the copy keeps the old one"
    );
    assert_eq!(t.links.len(), 1, "what other sources merged in stays");
    assert_eq!(ids(&catalog, "@cid"), ["mc/1"], "the index follows");
    assert!(ids(&catalog, "@ann").is_empty());
    assert_eq!(ids(&catalog, "lightning"), ["mc/3"]);
    let names: Vec<&str> = catalog.people().people().iter().map(|p| p.name()).collect();
    assert!(
        !names.contains(&"Ann"),
        "people are rebuilt when speakers change: {names:?}"
    );
}

#[test]
fn a_warm_start_reads_the_folded_bodies_back_and_searches_as_a_cold_one() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let long = "Straße and Ærø, the Über tour of asyncio. ".repeat(8);
    std::fs::write(
        dir.path().join("a.toml"),
        format!(
            "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"One\"\nbody = \"{long}\"\n\
             [[talks]]\ntitle = \"Two\"\nbody = \"{}\"\n",
            "Plain ASCII body about Event Loops. ".repeat(8)
        ),
    )
    .unwrap();
    let sources = [Source::Path(dir.path().to_path_buf())];
    let cache = crate::store::cache::Cache::new(cache_dir.path());
    let load = |searched| {
        let (mut catalog, mut outcome) =
            Catalog::load(&sources, Some(&cache), &SpeakerRules::default(), searched);
        assert!(outcome.write_in_background().join().unwrap().is_empty());
        catalog.alias_all();
        (catalog, outcome.hits)
    };
    let queries = ["strasse", "aero", "uber", "event loops", "Event", "Über"];
    let found = |catalog: &Catalog| -> Vec<String> {
        queries
            .iter()
            .map(|q| {
                format!(
                    "{:?}",
                    catalog.search(q, &NoNotes, jiff::Timestamp::UNIX_EPOCH)
                )
            })
            .collect()
    };
    let (cold, hits) = load(true);
    assert_eq!(hits, 0);
    let (warm, hits) = load(true);
    assert_eq!(hits, 1);
    assert!(
        lock(&warm.unindexed).is_empty(),
        "the kept bodies went into the index"
    );
    assert_eq!(found(&warm), found(&cold));
    assert!(
        found(&warm).iter().all(|hits| hits != "[]"),
        "every query finds its talk"
    );
    let (listed, _) = load(false);
    assert_eq!(found(&listed), found(&cold));
}
