//! `confnotes speakers` and `@name` searches over the hand-made spellings fixture and the pyvideo sample.
mod common;

use common::{Env, json_array};
use std::path::Path;

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/speakers")
        .to_string_lossy()
        .into_owned()
}

fn sample() -> String {
    confnotes::store::pyvideo::synth::sample_dir()
        .to_string_lossy()
        .into_owned()
}

/// `speakers --json` as (name, aliases, talk count).
fn people(env: &Env, data: &str, query: &[&str]) -> Vec<(String, Vec<String>, usize)> {
    let mut args = vec!["--no-bundled", "--data", data, "speakers", "--json"];
    args.extend_from_slice(query);
    json_array(&env.cli(&args))
        .iter()
        .map(|p| {
            let strings = |v: &serde_json::Value| -> Vec<String> {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect()
            };
            (
                p["name"].as_str().unwrap().to_string(),
                strings(&p["aliases"]),
                strings(&p["talks"]).len(),
            )
        })
        .collect()
}

fn names(people: &[(String, Vec<String>, usize)]) -> Vec<&str> {
    people.iter().map(|p| p.0.as_str()).collect()
}

#[test]
fn spellings_merge_and_similar_names_stay_apart_sorted_by_name() {
    let env = Env::new();
    let all = people(&env, &fixture(), &[]);
    assert_eq!(
        names(&all),
        vec![
            "Benoît Chesneau",
            "benoitc",
            "Carina C. Zona",
            "Carl Meyer",
            "Christian Meyer",
            "Guido van Rossum",
            "Jack Bennett",
            "James Bennett",
        ]
    );
    let benoit = &all[0];
    assert_eq!(benoit.2, 3);
    assert_eq!(
        benoit.1,
        vec!["Benoit Chesneau", "Beno\u{69}\u{302}t Chesneau"]
    );
    assert_eq!(all[2].1, vec!["Carina C Zona"]);
}

#[test]
fn a_query_ranks_people_fuzzily() {
    let env = Env::new();
    let found = people(&env, &fixture(), &["bennett"]);
    assert_eq!(names(&found), vec!["Jack Bennett", "James Bennett"]);
    let found = people(&env, &fixture(), &["benoit", "chesneau"]);
    assert_eq!(names(&found), vec!["Benoît Chesneau"]);
}

#[test]
fn declared_aliases_join_the_person_and_speaker_queries_find_them() {
    let env = Env::new();
    std::fs::write(
        env.config(),
        "[speakers]\n\"Benoît Chesneau\" = [\"benoitc\"]\n",
    )
    .unwrap();
    let all = people(&env, &fixture(), &[]);
    assert_eq!(all[0].0, "Benoît Chesneau");
    assert_eq!(all[0].2, 4);
    assert!(all[0].1.contains(&"benoitc".to_string()), "{:?}", all[0]);
    // Exact, so the fuzzy match of "benoitc" in "Benoit Chesneau" does not count.
    let search = |q: &str| -> usize {
        json_array(&env.cli(&["--no-bundled", "--data", &fixture(), "search", q, "--json"])).len()
    };
    assert_eq!(search("@'benoitc"), 4);
    // Accent folding alone finds both spellings.
    assert_eq!(search("@'benoit chesneau"), 3);
}

#[test]
fn the_pyvideo_sample_merges_its_spelling_variants() {
    let env = Env::new();
    let all = people(&env, &sample(), &[]);
    let merged: Vec<(&str, &[String])> = all
        .iter()
        .filter(|p| !p.1.is_empty())
        .map(|p| (p.0.as_str(), p.1.as_slice()))
        .collect();
    let alias = |s: &str| vec![s.to_string()];
    assert_eq!(
        merged,
        vec![
            ("Fredrik Håård", alias("Fredrik Haard").as_slice()),
            ("Guido van Rossum", alias("Guido Van Rossum").as_slice()),
            ("Holger Krekel", alias("holger krekel").as_slice()),
            ("Marc-André Lemburg", alias("Marc-Andre Lemburg").as_slice()),
        ]
    );
    // Initials are not guessed: "A Cuni" and "Antonio Cuni" stay two entries.
    for name in ["A Cuni", "Antonio Cuni", "James Bennett", "Matt Bennett"] {
        assert!(names(&all).contains(&name), "{name} missing");
    }
}
