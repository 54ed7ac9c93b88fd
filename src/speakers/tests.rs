use super::*;

fn talk(speakers: &[&str]) -> Talk {
    Talk {
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        ..Talk::default()
    }
}

fn index(talks: &[&[&str]], rules: &SpeakerRules) -> SpeakerIndex {
    let talks: Vec<Talk> = talks.iter().map(|s| talk(s)).collect();
    SpeakerIndex::build(&talks, rules)
}

fn names(index: &SpeakerIndex) -> Vec<&str> {
    index
        .by_name()
        .into_iter()
        .map(|i| index.people()[i].name())
        .collect()
}

#[test]
fn spelling_variants_are_one_person_with_every_spelling() {
    let nfd = "Beno\u{0069}\u{0302}t Chesneau";
    let idx = index(
        &[
            &["Benoit Chesneau"],
            &["Benoît Chesneau"],
            &[nfd, "Guido van Rossum"],
            &["Guido Van Rossum"],
            &["Carina C. Zona"],
            &["Carina C Zona"],
        ],
        &SpeakerRules::default(),
    );
    assert_eq!(idx.people().len(), 3, "{:#?}", idx.people());
    let benoit = idx.person("benoit chesneau").unwrap();
    assert_eq!(benoit.talks, vec![0, 1, 2]);
    assert_eq!(benoit.spellings.len(), 3);
    // One use each: the tie goes to a spelling with diacritics, the first seen.
    assert_eq!(benoit.name(), "Benoît Chesneau");
    assert_eq!(benoit.aliases(), vec!["Benoit Chesneau", nfd]);
    assert_eq!(idx.person("Carina C Zona").unwrap().talks, vec![4, 5]);
}

#[test]
fn the_most_used_spelling_is_the_name() {
    let idx = index(
        &[
            &["Benoit Chesneau"],
            &["Benoit Chesneau"],
            &["Benoît Chesneau"],
        ],
        &SpeakerRules::default(),
    );
    assert_eq!(idx.people()[0].name(), "Benoit Chesneau");
}

#[test]
fn similar_names_of_different_people_stay_apart() {
    let idx = index(
        &[
            &["Carl Meyer"],
            &["Christian Meyer"],
            &["Jack Bennett"],
            &["James Bennett"],
            &["C. Meyer"],
        ],
        &SpeakerRules::default(),
    );
    assert_eq!(
        names(&idx),
        vec![
            "C. Meyer",
            "Carl Meyer",
            "Christian Meyer",
            "Jack Bennett",
            "James Bennett"
        ]
    );
}

#[test]
fn declared_aliases_join_and_name_the_person() {
    let rules: SpeakerRules =
        toml::from_str("\"Benoît Chesneau\" = [\"benoitc\"]\nseparate = []\n").unwrap();
    let idx = index(
        &[&["benoitc"], &["Benoit Chesneau"], &["Benoit Chesneau"]],
        &rules,
    );
    assert_eq!(idx.people().len(), 1);
    let p = &idx.people()[0];
    assert_eq!(p.name(), "Benoît Chesneau");
    assert_eq!(p.talks, vec![0, 1, 2]);
    assert_eq!(p.aliases(), vec!["benoitc", "Benoit Chesneau"]);
    // What `@benoitc` needs on a talk that only says "Benoit Chesneau".
    assert_eq!(
        idx.aliases_for(&talk(&["Benoit Chesneau"])),
        vec!["Benoît Chesneau", "benoitc"]
    );
}

#[test]
fn a_separate_spelling_splits_a_wrong_merge() {
    let rules: SpeakerRules = toml::from_str("separate = [\"José García\"]\n").unwrap();
    let idx = index(
        &[&["José García"], &["Jose Garcia"], &["jose garcia"]],
        &rules,
    );
    // Same folded name: first met first.
    assert_eq!(names(&idx), vec!["José García", "Jose Garcia"]);
    assert_eq!(idx.person("José García").unwrap().talks, vec![0]);
    assert_eq!(idx.person("jose garcia").unwrap().talks, vec![1, 2]);
}

#[test]
fn re_adding_a_merged_talk_adds_only_what_is_new() {
    let mut talks = vec![talk(&["Ana Silva"]), talk(&["Wei Zhang"])];
    let mut idx = SpeakerIndex::build(&talks, &SpeakerRules::default());
    // A merge gave talk 0 a second speaker; the loader adds it again.
    talks[0].speakers.push("Wei Zhang".into());
    idx.add_talk(0, &talks[0]);
    idx.add_talk(0, &talks[0]);
    let wei = idx.person("Wei Zhang").unwrap();
    assert_eq!(wei.talks, vec![0, 1]);
    assert_eq!(wei.spellings[0].talks, 2);
    assert_eq!(idx.person("Ana Silva").unwrap().spellings[0].talks, 1);
}

#[test]
fn blank_names_are_no_one_and_ranking_is_fuzzy() {
    let idx = index(
        &[
            &["...", "Guido van Rossum"],
            &["Gaius Ulysses Ido"],
            &["Alex Gaynor"],
        ],
        &SpeakerRules::default(),
    );
    assert_eq!(idx.people().len(), 3);
    let ranked: Vec<&str> = idx
        .ranked("guido")
        .into_iter()
        .map(|i| idx.people()[i].name())
        .collect();
    assert_eq!(ranked, vec!["Guido van Rossum", "Gaius Ulysses Ido"]);
    assert_eq!(idx.ranked("gaynor alex").len(), 1);
    assert_eq!(idx.ranked("").len(), 3);
}
