//! `update` with matching on a worker: it asks (`Effect::Search`) and shows only the answer to the latest
//! request; the rows stay meanwhile, marked as searching.
use super::*;
use crate::search::{SearchRequest, SearchResults};

fn worker_app() -> (App, tempfile::TempDir) {
    let (mut app, dir) = app();
    app.use_search_worker();
    (app, dir)
}

/// The request among `effects`.
fn asked(effects: &[Effect]) -> SearchRequest {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Search(r) => Some(r.clone()),
            _ => None,
        })
        .expect("a search request")
}

/// The talks in the list, in its order.
fn listed(app: &App) -> Vec<usize> {
    (app.list.rows.iter())
        .filter_map(|r| match r {
            Row::Talk { index } => Some(*index),
            _ => None,
        })
        .collect()
}

/// What the worker would answer: the inline search's hits.
fn answer(request: &SearchRequest, complete: bool) -> Action {
    let (inline, _d) = app();
    let mut inline = inline;
    for c in request.query.chars() {
        inline.update(Action::FilterInsert(c));
    }
    let hits = listed(&inline);
    Action::SearchResults(SearchResults {
        generation: request.generation,
        hits,
        complete,
        ordered: complete,
    })
}

#[test]
fn a_typed_key_asks_the_worker_and_the_rows_stay_until_it_answers() {
    let (mut app, _d) = worker_app();
    let before = app.list.rows.clone();
    app.update(Action::FocusFilter);
    let effects = app.update(Action::FilterInsert('g'));
    let request = asked(&effects);
    assert_eq!(request.query, "g");
    assert_eq!(app.filter.query(), "g", "the key is in the filter at once");
    assert_eq!(app.list.rows, before, "matching is not done in update");
    assert!(app.search.searching());
    app.update(answer(&request, true));
    assert!(!app.search.searching());
    assert_ne!(app.list.rows, before);
}

#[test]
fn an_answer_to_an_older_query_is_dropped() {
    let (mut app, _d) = worker_app();
    app.update(Action::FocusFilter);
    let first = asked(&app.update(Action::FilterInsert('g')));
    let second = asked(&app.update(Action::FilterInsert('a')));
    assert!(second.generation > first.generation);
    let rows = app.list.rows.clone();
    app.update(answer(&first, true));
    assert_eq!(
        app.list.rows, rows,
        "the answer to \"g\" is not shown for \"ga\""
    );
    assert!(app.search.searching());
    app.update(answer(&second, true));
    assert!(!app.search.searching());
    assert_eq!(
        selected_id(&app),
        "pycon-us-2014/fast",
        "Alex Gaynor's talk"
    );
}

#[test]
fn a_partial_answer_fills_the_list_and_keeps_the_searching_mark() {
    let (mut app, _d) = worker_app();
    app.update(Action::FocusFilter);
    let request = asked(&app.update(Action::FilterInsert('e')));
    let Action::SearchResults(mut top) = answer(&request, false) else {
        unreachable!()
    };
    top.hits.truncate(1);
    app.update(Action::SearchResults(top));
    assert!(app.search.searching());
    assert_eq!(app.list.talk_count, 1);
    app.update(answer(&request, true));
    assert!(!app.search.searching());
    assert!(app.list.talk_count > 1);
}

#[test]
fn every_hit_with_the_top_ranked_ends_the_searching_mark_and_the_ordered_answer_still_lands() {
    let (mut app, _d) = worker_app();
    app.update(Action::FocusFilter);
    let request = asked(&app.update(Action::FilterInsert('e')));
    let Action::SearchResults(mut first) = answer(&request, true) else {
        unreachable!()
    };
    let ordered = first.hits.clone();
    assert!(ordered.len() > 2, "{}", ordered.len());
    first.ordered = false;
    first.hits[1..].reverse();
    app.update(Action::SearchResults(first.clone()));
    assert!(!app.search.searching(), "the count is final");
    assert_eq!(app.list.talk_count, ordered.len());
    assert_eq!(
        app.selected_talk().map(|t| t.id.clone()),
        Some(app.catalog.talks()[ordered[0]].id.clone())
    );
    app.update(answer(&request, true));
    assert_eq!(
        listed(&app),
        ordered,
        "the ordered answer replaced the first"
    );
    // And nothing after it: a repeat of the unordered one is not taken.
    app.update(Action::SearchResults(first));
    assert_eq!(app.list.talk_count, ordered.len());
    assert_eq!(listed(&app), ordered);
}

#[test]
fn the_notes_travel_with_the_request_and_a_change_makes_a_new_snapshot() {
    let (mut app, _d) = worker_app();
    app.update(Action::FocusFilter);
    let first = asked(&app.update(Action::FilterInsert('x')));
    app.update(Action::FilterBackspace);
    let again = asked(&app.update(Action::FilterInsert('x')));
    assert_eq!(
        first.notes, again.notes,
        "unchanged notes: the same snapshot"
    );
    app.update(Action::FilterLeave);
    app.update(Action::CycleStatus);
    app.update(Action::FocusFilter);
    let after = asked(&app.update(Action::FilterInsert('y')));
    assert_ne!(after.notes, first.notes, "a mark changed the notes");
}

#[test]
fn only_keys_that_edit_the_query_or_notes_skip_the_queue() {
    assert!(Action::FilterInsert('a').runs_while_searching());
    assert!(Action::Quit.runs_while_searching());
    assert!(!Action::FilterAccept.runs_while_searching());
    assert!(!Action::Down.runs_while_searching());
    assert!(!Action::OpenLink.runs_while_searching());
}
