use super::*;
use crate::store::{Source, Store};
use crate::text::is_unsafe_char;
use std::path::PathBuf;

/// The vendored sample of pyvideo/data (5 conference folders); override with CONFNOTES_PYVIDEO_SAMPLE.
pub(crate) fn sample_dir() -> PathBuf {
    let dir = synth::sample_dir();
    assert!(
        dir.is_dir(),
        "the pyvideo sample is missing at {} (set CONFNOTES_PYVIDEO_SAMPLE)",
        dir.display()
    );
    dir
}

/// A conference folder `name` under `root` with `category` as category.json and the given records.
fn folder(root: &Path, name: &str, category: Option<&str>, records: &[(&str, &str)]) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("videos")).unwrap();
    if let Some(c) = category {
        std::fs::write(dir.join("category.json"), c).unwrap();
    }
    for (file, json) in records {
        std::fs::write(dir.join("videos").join(file), json).unwrap();
    }
    dir
}

const FULL: &str = r#"{
  "title": "Parallelism  Shootout",
  "slug": "europython-2015-parallelism-shootout",
  "speakers": ["Shahriar Tajbakhsh", "Shahriar Tajbakhsh", ""],
  "description": "See `the slides <https://example.org/s>`_ and ``asyncio``.\n\n.. image:: x.png\n\nDone.",
  "recorded": "2015-07-24T10:00:00+02:00",
  "tags": ["concurrency", null],
  "videos": [{"type": "youtube", "url": "https://youtu.be/x"}, {"type": "mp4", "url": "https://youtu.be/x"}],
  "related_urls": ["https://example.org/code", {"label": "Slides", "url": "https://example.org/s"}, null],
  "thumbnail_url": "https://i.ytimg.com/x.jpg",
  "some_future_field": {"nested": [1, 2]}
}"#;

#[test]
fn a_record_maps_to_a_talk() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(
        root.path(),
        "europython-2015",
        Some(r#"{"title": "EuroPython 2015", "start_date": "2015-07-20"}"#),
        &[("parallelism-shootout.json", FULL)],
    );
    let f = load_folder(&dir);
    assert!(f.batch.warnings.is_empty(), "{:?}", f.batch.warnings);
    assert_eq!(
        f.category,
        Category {
            slug: "europython-2015".into(),
            name: "EuroPython".into(),
            year: Some(2015),
            start: Some("2015-07-20".into()),
            end: None
        }
    );
    let t = &f.batch.talks[0];
    assert_eq!(t.id, "europython-2015/parallelism-shootout");
    assert_eq!(t.title, "Parallelism Shootout");
    assert_eq!(t.speakers, ["Shahriar Tajbakhsh"]);
    assert_eq!(
        (t.conference.as_str(), t.year, t.date.as_deref()),
        ("EuroPython", 2015, Some("2015-07-24"))
    );
    assert_eq!(t.tags, ["concurrency"]);
    let links: Vec<(&str, &str)> = t
        .links
        .iter()
        .map(|l| (l.label.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("video", "https://youtu.be/x"),
            ("link", "https://example.org/code"),
            ("Slides", "https://example.org/s")
        ]
    );
    assert_eq!(
        t.body,
        "See the slides (https://example.org/s) and asyncio.\n\nDone.".into()
    );
    assert_eq!(t.location, None);
}

#[test]
fn nulls_in_optional_fields_load_empty() {
    let root = tempfile::tempdir().unwrap();
    let record = r#"{"title": "T", "speakers": null, "tags": null, "recorded": null, "description": null, "summary": "Short.",
                     "videos": null, "related_urls": null, "slug": null, "duration": null}"#;
    let dir = folder(
        root.path(),
        "pycon-us-2014",
        Some(r#"{"title": "PyCon US 2014"}"#),
        &[("t.json", record), ("u.json", r#"{"title": "U"}"#)],
    );
    let f = load_folder(&dir);
    assert!(f.batch.warnings.is_empty(), "{:?}", f.batch.warnings);
    let t = &f.batch.talks[0];
    assert_eq!(
        (
            t.id.as_str(),
            t.speakers.len(),
            t.tags.len(),
            t.links.len(),
            t.date.as_ref()
        ),
        ("pycon-us-2014/t", 0, 0, 0, None)
    );
    assert_eq!(
        t.body,
        "Short.".into(),
        "an empty description falls back to the summary"
    );
    assert_eq!(f.batch.talks[1].id, "pycon-us-2014/u");
}

#[test]
fn broken_records_are_located_and_skipped() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(
        root.path(),
        "conf-2020",
        Some(r#"{"title": "Conf 2020"}"#),
        &[
            ("a-good.json", r#"{"title": "Good"}"#),
            (
                "b-syntax.json",
                "{\n  \"title\": \"x\",\n  \"speakers\": [\"a\",]\n}",
            ),
            (
                "c-type.json",
                "{\n  \"title\": \"x\",\n  \"speakers\": \"Guido\"\n}",
            ),
            ("d-null-title.json", r#"{"title": null}"#),
            ("e-no-title.json", r#"{"speakers": ["a"]}"#),
            ("f-empty-title.json", r#"{"title": " \u001b "}"#),
            ("g-array.json", "[]"),
            ("h-bad-url.json", r#"{"title": "x", "related_urls": [42]}"#),
            ("notes.txt", "not a record"),
        ],
    );
    std::fs::write(
        dir.join("videos/j-latin1.json"),
        b"{\"title\": \"caf\xe9\"}",
    )
    .unwrap();
    let f = load_folder(&dir);
    assert_eq!(
        f.batch
            .talks
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["Good"]
    );
    let messages: Vec<String> = f.batch.warnings.iter().map(ToString::to_string).collect();
    let expect = [
        ("b-syntax.json:3:", "trailing comma"),
        (
            "c-type.json:3:",
            "invalid type: string \"Guido\", expected a sequence",
        ),
        (
            "d-null-title.json:1:",
            "invalid type: null, expected a string",
        ),
        ("e-no-title.json:1:", "missing field `title`"),
        ("f-empty-title.json", "empty title"),
        ("g-array.json:1:", "expected struct Record"),
        ("h-bad-url.json:1:", "did not match any variant"),
        ("j-latin1.json:1:", "invalid unicode"),
    ];
    assert_eq!(messages.len(), expect.len(), "{messages:#?}");
    for ((place, reason), message) in expect.iter().zip(&messages) {
        assert!(
            message.contains(place) && message.contains(reason) && message.ends_with("skipped"),
            "{message} (wanted {place} … {reason})"
        );
    }
}

#[test]
fn ids_come_from_slug_or_stem_and_stay_unique() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(
        root.path(),
        "PyCon_UK 2014",
        None,
        &[
            (
                "a.json",
                r#"{"title": "A", "slug": "pycon_uk-2014-sys_current_frames"}"#,
            ),
            ("b.json", r#"{"title": "B", "slug": "same"}"#),
            ("c.json", r#"{"title": "C", "slug": "same"}"#),
            ("Dé Talk.json", r#"{"title": "D"}"#),
            ("e.json", r#"{"title": "E", "slug": "!!!"}"#),
            ("e-2.json", r#"{"title": "F", "slug": "e"}"#),
        ],
    );
    let ids: Vec<String> = load_folder(&dir)
        .batch
        .talks
        .into_iter()
        .map(|t| t.id)
        .collect();
    // The folder slug is the folder name made a slug; a record slug keeps working without its folder prefix.
    assert_eq!(
        ids,
        [
            "pycon-uk-2014/de-talk",
            "pycon-uk-2014/sys-current-frames",
            "pycon-uk-2014/same",
            "pycon-uk-2014/c",
            "pycon-uk-2014/e",
            "pycon-uk-2014/e-2"
        ]
    );
    // Stable: loading again gives the same ids, in the same order.
    let again: Vec<String> = load_folder(&dir)
        .batch
        .talks
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(again, ids);
    assert!(ids.iter().all(|id| {
        id.split_once('/')
            .is_some_and(|(c, t)| is_slug(c) && is_slug(t))
    }));
}

#[test]
fn conference_name_and_year_fall_back_sensibly() {
    let root = tempfile::tempdir().unwrap();
    let rec = [("t.json", r#"{"title": "T", "recorded": "2013-05-01"}"#)];
    let cat = |dir: PathBuf| {
        let f = load_folder(&dir);
        (
            f.category.name.clone(),
            f.category.year,
            f.batch.talks[0].year,
            f.batch.warnings.len(),
        )
    };
    assert_eq!(
        cat(folder(root.path(), "pycon-us-2014", None, &rec)),
        ("pycon us".into(), Some(2014), 2014, 0)
    );
    assert_eq!(
        cat(folder(
            root.path(),
            "chipy",
            Some(r#"{"title": "ChiPy"}"#),
            &rec
        )),
        ("ChiPy".into(), None, 2013, 0)
    );
    assert_eq!(
        cat(folder(
            root.path(),
            "pyohio-2019",
            Some(r#"{"title": "PyOhio"}"#),
            &rec
        )),
        ("PyOhio".into(), Some(2019), 2019, 0)
    );
    assert_eq!(
        cat(folder(root.path(), "broken", Some("{\"title\": 3}"), &rec)),
        ("broken".into(), None, 2013, 1)
    );
    assert_eq!(
        cat(folder(
            root.path(),
            "nulls",
            Some(r#"{"title": null, "start_date": "someday"}"#),
            &rec
        )),
        ("nulls".into(), None, 2013, 0)
    );
}

#[test]
fn years_are_split_from_titles() {
    assert_eq!(
        split_year("EuroPython 2015"),
        ("EuroPython".into(), Some(2015))
    );
    assert_eq!(
        split_year("PyCon 2014 Montréal"),
        ("PyCon Montréal".into(), Some(2014))
    );
    assert_eq!(
        split_year("PyData Berlin (2017)"),
        ("PyData Berlin".into(), Some(2017))
    );
    assert_eq!(
        split_year("DjangoCon - 2019"),
        ("DjangoCon".into(), Some(2019))
    );
    assert_eq!(
        split_year("Python 3000 sprint"),
        ("Python 3000 sprint".into(), None)
    );
    assert_eq!(split_year("ChiPy"), ("ChiPy".into(), None));
}

#[test]
fn hostile_and_huge_text_is_sanitised_and_cut() {
    let root = tempfile::tempdir().unwrap();
    let long_title = "x".repeat(MAX_LINE_CHARS + 50);
    let huge = format!("a\u{1b}[2J\u{202e}b\r\n{}", "é".repeat(MAX_BODY_BYTES));
    let record = serde_json::json!({"title": format!("T\u{9b}31m{long_title}"), "speakers": ["\u{7}Bob\tSmith"], "description": huge,
                                    "videos": [{"url": "https://x/\u{1b}]8;;evil"}]});
    let dir = folder(
        root.path(),
        "c-2020",
        Some(r#"{"title": "C\u001b 2020"}"#),
        &[("t.json", &record.to_string())],
    );
    let f = load_folder(&dir);
    let t = &f.batch.talks[0];
    assert_eq!(f.category.name, "C");
    assert_eq!(t.title.chars().count(), MAX_LINE_CHARS);
    assert!(t.title.starts_with("T31mxxx") && t.title.ends_with('…'));
    assert_eq!(t.speakers, ["Bob Smith"]);
    assert_eq!(t.links[0].url, "https://x/]8;;evil");
    assert!(
        t.body.starts_with("a[2Jb\néé")
            && t.body.ends_with(BODY_CUT_MARK)
            && t.body.len() <= MAX_BODY_BYTES,
        "{}",
        &t.body[..20]
    );
    for s in [t.title.as_str(), &t.body, &t.speakers[0], &t.links[0].url] {
        assert!(!s.chars().any(|c| is_unsafe_char(c) && c != '\n'));
    }
    let warnings: Vec<&str> = f
        .batch
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "title longer than 1000 characters; cut",
            "description larger than 1 MiB; cut"
        ]
    );
}

#[test]
fn needs_sanitizing_agrees_with_is_unsafe_char_for_every_character() {
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        let s = format!("a{c}b");
        assert_eq!(
            needs_sanitizing(&s),
            c != '\n' && is_unsafe_char(c),
            "U+{:04X}",
            c as u32
        );
    }
}

proptest::proptest! {
    #[test]
    fn the_quick_line_sanitiser_matches_the_full_one(s in "\\PC{0,30}|[ a\u{a0}\u{2000}-\u{206f}\u{3000}\n\t\u{1b}\u{9b}]{0,30}") {
        proptest::prop_assert_eq!(sanitized_line(&s), crate::text::sanitize_line(&s));
    }

    #[test]
    fn text_said_clean_is_left_alone_by_sanitising(s in "\\PC{0,40}|[\\u{0}-\\u{ff}\\u{2000}-\\u{206f}\\u{feff}\\n\\t\\r]{0,40}") {
        if !needs_sanitizing(&s) {
            proptest::prop_assert_eq!(crate::text::sanitize_multiline(&s), s);
        }
    }
}

#[test]
fn the_real_sample_loads_cleanly() {
    let store = Store::load(&[Source::Path(sample_dir())]);
    assert!(store.warnings.is_empty(), "{:#?}", store.warnings);
    assert_eq!(store.talks.len(), 560);
    assert_eq!(
        store.merged, 0,
        "records of one folder never merge with each other"
    );
    let mut conferences: Vec<String> = store.talks.iter().map(Talk::conference_label).collect();
    conferences.dedup();
    assert_eq!(
        conferences,
        [
            "EuroPython 2012",
            "EuroPython 2014",
            "EuroPython 2015",
            "PyCon UK 2014",
            "PyCon US 2014"
        ]
    );
    let t = store
        .get("europython-2015/adam-forsyth-python-not-recommended")
        .unwrap();
    assert_eq!(
        (t.title.as_str(), t.speakers.as_slice(), t.date.as_deref()),
        (
            "Python Not Recommended",
            &["Adam Forsyth".to_string()][..],
            Some("2015-08-05")
        )
    );
    assert_eq!(
        t.links[0].url,
        "https://www.youtube.com/watch?v=JBItMmAvlN4"
    );
    assert!(
        t.body
            .starts_with("Adam Forsyth - Python Not Recommended\n[EuroPython 2015]")
    );
    // Five lightning-talk sessions of one conference stay five talks.
    assert_eq!(
        store
            .talks
            .iter()
            .filter(|t| t.title == "Lightning Talks" && t.year == 2014)
            .count(),
        5
    );
    // reStructuredText links in descriptions became readable text.
    let blosc = store
        .talks
        .iter()
        .find(|t| t.body.contains("Blosc (http://www.blosc.org)"));
    assert!(blosc.is_some());
    assert!(!store.talks.iter().any(|t| t.body.contains(">`_")));
}

#[test]
fn a_directory_with_documents_and_conference_folders_loads_both_in_path_order() {
    let root = tempfile::tempdir().unwrap();
    folder(
        root.path(),
        "b-conf-2020",
        Some(r#"{"title": "B 2020"}"#),
        &[("t.json", r#"{"title": "From pyvideo"}"#)],
    );
    std::fs::write(
        root.path().join("a.toml"),
        "[conference]\nname = \"A\"\nyear = 2020\n[[talks]]\ntitle = \"From TOML a\"\n",
    )
    .unwrap();
    std::fs::create_dir(root.path().join("c")).unwrap();
    std::fs::write(
        root.path().join("c/c.toml"),
        "[conference]\nname = \"C\"\nyear = 2020\n[[talks]]\ntitle = \"From TOML c\"\n",
    )
    .unwrap();
    folder(
        &root.path().join(".hidden"),
        "h-2020",
        None,
        &[("t.json", r#"{"title": "Hidden"}"#)],
    );
    let store = Store::load(&[Source::Path(root.path().to_path_buf())]);
    assert!(store.warnings.is_empty(), "{:#?}", store.warnings);
    let titles: Vec<&str> = store.talks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["From TOML a", "From pyvideo", "From TOML c"]);
    // A single conference folder works too.
    let one = Store::load(&[Source::Path(root.path().join("b-conf-2020"))]);
    assert_eq!(one.talks[0].id, "b-conf-2020/t");
}

#[test]
fn batches_stream_one_per_folder_in_order() {
    let root = tempfile::tempdir().unwrap();
    let written = synth::write_tree(&sample_dir(), root.path(), 400, 9).unwrap();
    assert_eq!((written.records, written.folders), (400, 9));
    let mut batches = Vec::new();
    crate::store::load_sources(&[Source::Path(root.path().to_path_buf())], |b| {
        batches.push((b.path.clone(), b.talks.len()))
    });
    assert_eq!(batches.len(), 9);
    assert!(batches.windows(2).all(|w| w[0].0 < w[1].0), "{batches:?}");
    assert_eq!(batches.iter().map(|b| b.1).sum::<usize>(), 400);
}

#[test]
fn synthetic_trees_are_deterministic_and_load_cleanly() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let wa = synth::write_tree(&sample_dir(), a.path(), 700, 13).unwrap();
    let wb = synth::write_tree(&sample_dir(), b.path(), 700, 13).unwrap();
    assert_eq!(wa, wb);
    let (sa, sb) = (
        Store::load(&[Source::Path(a.path().into())]),
        Store::load(&[Source::Path(b.path().into())]),
    );
    assert!(sa.warnings.is_empty(), "{:#?}", sa.warnings);
    assert_eq!(sa.talks, sb.talks);
    assert_eq!(sa.talks.len(), 700);
    // The shape the benchmarks rely on: nulls, empty speakers, other scripts, long bodies.
    assert!(sa.talks.iter().any(|t| t.speakers.is_empty()));
    assert!(sa.talks.iter().any(|t| t.date.is_none()));
    assert!(sa.talks.iter().any(|t| t.title.contains("日本語")));
    assert!(sa.talks.iter().any(|t| t.body.len() > 100_000));
}

#[test]
fn imported_documents_load_back_to_the_same_talks() {
    let out = tempfile::tempdir().unwrap();
    let imported = import_tree(&sample_dir(), out.path(), false).unwrap();
    assert_eq!((imported.talks, imported.files.len()), (560, 5));
    assert!(imported.warnings.is_empty(), "{:#?}", imported.warnings);
    let sort = |mut talks: Vec<Talk>| {
        talks.sort_by(|a, b| a.id.cmp(&b.id));
        talks
    };
    let original = Store::load(&[Source::Path(sample_dir())]);
    let reloaded = Store::load(&[Source::Path(out.path().to_path_buf())]);
    assert!(reloaded.warnings.is_empty(), "{:#?}", reloaded.warnings);
    assert_eq!(sort(reloaded.talks), sort(original.talks));
    // A second import does not overwrite edits unless forced.
    assert!(matches!(
        import_tree(&sample_dir(), out.path(), false),
        Err(ImportError::Exists(_))
    ));
    assert!(import_tree(&sample_dir(), out.path(), true).is_ok());
    assert!(matches!(
        import_tree(out.path(), out.path(), false),
        Err(ImportError::NothingFound(_))
    ));
}

#[test]
fn import_round_trips_hostile_records_and_folders_spanning_years() {
    let root = tempfile::tempdir().unwrap();
    let tree = root.path().join("tree");
    let long = serde_json::json!({"title": "L".repeat(3000), "description": "x".repeat(MAX_BODY_BYTES + 10), "recorded": "2012-01-01",
                                   "speakers": ["a\u{1b}b", "  "], "related_urls": [{"label": "", "url": "https://x"}]});
    folder(
        &tree,
        "chipy",
        Some(r#"{"title": "ChiPy"}"#),
        &[
            ("a.json", r#"{"title": "A", "recorded": "2012-03-01"}"#),
            ("b.json", r#"{"title": "B", "recorded": "2013-03-01"}"#),
            ("c.json", &long.to_string()),
        ],
    );
    folder(
        &tree,
        "undated",
        None,
        &[(
            "a.json",
            r#"{"title": "\"Quotes\" and '''triple''' and \\ \"\"\"", "description": "'''\n\"\"\"\n"}"#,
        )],
    );
    let out = root.path().join("out");
    let imported = import_tree(&tree, &out, false).unwrap();
    let names: Vec<String> = imported
        .files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["chipy-2012.toml", "chipy-2013.toml", "undated.toml"]
    );
    let original = Store::load(&[Source::Path(tree)]);
    let reloaded = Store::load(&[Source::Path(out)]);
    assert!(reloaded.warnings.is_empty(), "{:#?}", reloaded.warnings);
    let mut talks = reloaded.talks;
    talks.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(talks, original.talks);
    assert_eq!(talks[0].year, 2012);
}

#[test]
fn import_refuses_to_write_one_document_for_two_folders() {
    let root = tempfile::tempdir().unwrap();
    let tree = root.path().join("tree");
    let two_years = [
        ("a.json", r#"{"title": "A", "recorded": "2012-03-01"}"#),
        ("b.json", r#"{"title": "B", "recorded": "2013-03-01"}"#),
    ];
    folder(&tree, "chipy", Some(r#"{"title": "ChiPy"}"#), &two_years);
    folder(
        &tree,
        "chipy-2012",
        Some(r#"{"title": "ChiPy 2012"}"#),
        &[("c.json", r#"{"title": "C"}"#)],
    );
    let out = root.path().join("out");
    assert!(
        matches!(import_tree(&tree, &out, true), Err(ImportError::Clash(p)) if p.ends_with("chipy-2012.toml"))
    );
    assert!(!out.exists(), "nothing written");
}
