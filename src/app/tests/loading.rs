//! A catalog streaming in: the rows follow the batches at a bounded rate, never once per batch.
use super::*;
use std::time::{Duration, Instant};

fn batch(id: &str, title: &str) -> Vec<crate::catalog::Loaded> {
    vec![crate::catalog::Loaded::unprepared(crate::store::Batch {
        talks: vec![talk(id, title, "Ada Speaker", "MiniCon", 2024)],
        ..Default::default()
    })]
}

#[test]
fn rows_follow_a_streaming_load_at_most_every_150_ms_and_at_its_end() {
    let (mut app, _dir) = app_with(Vec::new());
    app.status.loading = true;
    let start = Instant::now();
    app.now = start;
    app.update(Action::Loaded(batch("minicon/a", "First")));
    assert_eq!(app.list.talk_count, 1, "the first batch shows at once");
    app.now = start + Duration::from_millis(20);
    app.update(Action::Loaded(batch("minicon/b", "Second")));
    assert_eq!(app.catalog.talks().len(), 2);
    assert_eq!(
        app.list.talk_count, 1,
        "a batch soon after waits for the tick"
    );
    app.update(Action::Tick(start + Duration::from_millis(200)));
    assert_eq!(
        app.list.talk_count, 2,
        "the tick brings the rows up to date"
    );
    assert!(app.take_tick_changes(), "and asks for a frame");
    app.now = start + Duration::from_millis(250);
    app.update(Action::Loaded(batch("minicon/c", "Third")));
    assert_eq!(app.list.talk_count, 2);
    app.update(Action::LoadDone);
    assert_eq!(
        app.list.talk_count, 3,
        "the end of the load shows everything"
    );
    app.now = start + Duration::from_millis(260);
    app.update(Action::Loaded(batch("minicon/d", "Fourth")));
    assert_eq!(
        app.list.talk_count, 4,
        "after loading, every batch shows at once"
    );
}
