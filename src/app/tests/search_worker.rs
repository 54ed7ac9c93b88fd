//! `update` with matching on a worker: it asks (`Effect::Search`) and shows only the answer to the latest
//! request; the rows stay meanwhile, marked as searching.
use super::*;
use crate::search::{SearchRequest, SearchResults};

fn worker_app() -> (App, tempfile::TempDir) {
    let (mut app, dir) = app();
    app.use_search_worker();
    (app, dir)
}

/// The filter's request among `effects`.
fn asked(effects: &[Effect]) -> SearchRequest {
    request_in(effects, false)
}

/// The filter's (or the move picker's) latest request among `effects`.
fn request_in(effects: &[Effect], picker: bool) -> SearchRequest {
    effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::Search(r) if !picker => Some(r.clone()),
            Effect::PickerSearch(r) if picker => Some(r.clone()),
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

/// The move picker's request among `effects`.
fn picker_asked(effects: &[Effect]) -> SearchRequest {
    request_in(effects, true)
}

/// The picker's answer to `request`: `hits` as the worker would publish them.
fn picker_answer(request: &SearchRequest, hits: Vec<usize>, complete: bool) -> Action {
    Action::MoveLine(MoveInput::Results(SearchResults {
        generation: request.generation,
        hits,
        complete,
        ordered: complete,
    }))
}

/// A scratch page with a line, and the picker opened on it.
fn worker_picker() -> (App, tempfile::TempDir) {
    let (mut app, dir) = worker_app();
    open_move_picker_on(&mut app, "x");
    (app, dir)
}

#[test]
fn the_move_picker_asks_its_own_worker_and_takes_only_the_latest_answer() {
    let (mut app, _d) = worker_picker();
    let offered = app.move_picker.as_ref().unwrap().matches.clone();
    assert!(
        !offered.is_empty(),
        "with nothing typed, every talk, at once"
    );
    let first = picker_asked(&app.update(Action::MoveLine(MoveInput::Insert('g'))));
    let effects = app.update(Action::MoveLine(MoveInput::Insert('a')));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Search(_))),
        "not the filter's worker"
    );
    let second = picker_asked(&effects);
    assert_eq!((first.query.as_str(), second.query.as_str()), ("g", "ga"));
    let picker = app.move_picker.as_ref().unwrap();
    assert_eq!(picker.query, "ga", "the keys are on screen at once");
    assert_eq!(picker.matches, offered, "matching is not done in update");
    assert!(picker.searching() && app.awaits_results());
    // The answer to the first request is stale; the second's is taken, without scratch pages.
    let talks = app.catalog.talks().len();
    app.update(picker_answer(&first, vec![0], true));
    assert_eq!(app.move_picker.as_ref().unwrap().matches, offered);
    let scratch = app
        .catalog
        .talks()
        .iter()
        .position(|t| crate::notes::is_scratch(&t.id));
    let hits: Vec<usize> = scratch.into_iter().chain([2, 1]).collect();
    app.update(picker_answer(&second, hits.clone(), false));
    assert!(
        app.move_picker.as_ref().unwrap().searching(),
        "a partial answer"
    );
    app.update(picker_answer(&second, hits, true));
    let picker = app.move_picker.as_ref().unwrap();
    assert_eq!(picker.matches, [2, 1]);
    assert!(!picker.searching() && !app.awaits_results());
    assert!(talks > 2);
}

#[test]
fn moving_and_picking_wait_for_the_pickers_answer_and_typing_does_not() {
    for (input, waits) in [
        (MoveInput::Insert('a'), false),
        (MoveInput::Backspace, false),
        (MoveInput::Cancel, false),
        (MoveInput::Move(1), true),
        (MoveInput::Pick, true),
    ] {
        assert_eq!(
            !Action::MoveLine(input.clone()).runs_while_searching(),
            waits,
            "{input:?}"
        );
    }
}

#[test]
fn the_pickers_requests_leave_the_filters_pending_answer_standing() {
    let (mut app, _d) = worker_app();
    app.update(Action::FocusFilter);
    let mut filter = asked(&app.update(Action::FilterInsert('g')));
    app.update(Action::FilterAccept);
    let effects = open_move_picker_on(&mut app, "x");
    // A new scratch page is a new talk: the filter asks again, for it.
    if effects.iter().any(|e| matches!(e, Effect::Search(_))) {
        filter = asked(&effects);
    }
    picker_asked(&app.update(Action::MoveLine(MoveInput::Insert('t'))));
    assert!(app.search.searching());
    app.update(answer(&filter, true));
    assert!(
        !app.search.searching(),
        "the filter's answer is still its own"
    );
}
