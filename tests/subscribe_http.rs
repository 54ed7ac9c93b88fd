//! Subscriptions against a loopback HTTP server started by each test (127.0.0.1, an ephemeral port, a bounded
//! number of connections): a schedule with an ETag, 304, 500, a slow answer, a truncated body, gzip, a
//! redirect, a body that is not a schedule and one that is a broken schedule. The cached copy survives every
//! failure; the binary loads it offline.
mod common;

use common::http::{Server, fixture};
use confnotes::subscribe::refresh::RefreshError;
use confnotes::subscribe::{FetchError, FetchOptions, Outcome, Subscriptions, refresh};
use std::net::TcpListener;
use std::time::Duration;

fn quick() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(1),
        ..FetchOptions::default()
    }
}

fn now() -> jiff::Timestamp {
    "2024-12-27T14:00:00Z".parse().unwrap()
}

/// A data dir with one subscription to `url`, refreshed once.
fn subscribed(url: &str) -> (tempfile::TempDir, Subscriptions, Outcome) {
    let dir = tempfile::tempdir().unwrap();
    let mut subs = Subscriptions::load(dir.path()).unwrap();
    subs.add(url, Some("minicon")).unwrap();
    let outcome = refresh(&mut subs, 0, now(), &quick());
    (dir, subs, outcome)
}

fn copy(subs: &Subscriptions) -> Vec<u8> {
    std::fs::read(subs.cache_path(&subs.list[0]).unwrap()).unwrap()
}

#[test]
fn a_fetched_schedule_is_cached_and_a_304_keeps_it() {
    let server = Server::start(4);
    let (_dir, mut subs, outcome) = subscribed(&server.url("/schedule"));
    assert!(
        matches!(outcome, Outcome::Updated(n) if n > 0),
        "{outcome:?}"
    );
    assert_eq!(copy(&subs), fixture("minicon.xml"));
    let sub = &subs.list[0];
    assert_eq!(sub.cache.as_deref(), Some("minicon.xml"));
    assert!(sub.etag.is_some() && !sub.failed);

    let later = now() + jiff::SignedDuration::from_mins(5);
    assert_eq!(refresh(&mut subs, 0, later, &quick()), Outcome::NotModified);
    let seen = server.seen();
    assert_eq!(seen[1].header("if-none-match"), sub_etag(&subs));
    assert_eq!(subs.list[0].updated, Some(later));
    assert_eq!(copy(&subs), fixture("minicon.xml"));

    // A new version replaces the copy.
    *server.schedule.lock().unwrap() = fixture("minicon-v2.json");
    assert!(matches!(
        refresh(&mut subs, 0, later, &quick()),
        Outcome::Updated(_)
    ));
    assert_eq!(subs.list[0].cache.as_deref(), Some("minicon.json"));
    assert_eq!(copy(&subs), fixture("minicon-v2.json"));
    assert!(
        !subs.cache_dir().join("minicon.xml").exists(),
        "old format's copy left behind"
    );
}

fn sub_etag(subs: &Subscriptions) -> Option<&str> {
    subs.list[0].etag.as_deref()
}

#[test]
fn redirects_are_followed_and_gzip_is_decoded() {
    let server = Server::start(3);
    let (_dir, subs, outcome) = subscribed(&server.url("/moved"));
    assert!(matches!(outcome, Outcome::Updated(_)), "{outcome:?}");
    assert_eq!(copy(&subs), fixture("minicon.xml"));
    let (_dir, subs, outcome) = subscribed(&server.url("/gzip"));
    assert!(matches!(outcome, Outcome::Updated(_)), "{outcome:?}");
    assert_eq!(copy(&subs), fixture("minicon.xml"));
    assert!(
        server.seen()[2]
            .header("accept-encoding")
            .is_some_and(|v| v.contains("gzip"))
    );
}

/// Refreshes a good subscription from `path` on the same server and returns the failure; the copy stays.
fn failure_from(path: &str) -> (RefreshError, String) {
    let server = Server::start(2);
    let (_dir, mut subs, first) = subscribed(&server.url("/schedule"));
    assert!(matches!(first, Outcome::Updated(_)));
    subs.list[0].url = server.url(path);
    let outcome = refresh(&mut subs, 0, now(), &quick());
    let Outcome::Failed(e) = outcome else {
        panic!("{path}: {outcome:?}")
    };
    assert_eq!(copy(&subs), fixture("minicon.xml"), "{path}: copy lost");
    assert!(subs.list[0].failed);
    let status = subs.list[0].status.clone().unwrap();
    (e, status)
}

#[test]
fn an_http_error_keeps_the_copy_and_says_the_status() {
    let (e, status) = failure_from("/error");
    assert_eq!(e, RefreshError::Fetch(FetchError::Status(500)));
    assert!(status.contains("500"), "{status}");
}

#[test]
fn a_slow_server_times_out() {
    let (e, _) = failure_from("/slow");
    assert!(
        matches!(e, RefreshError::Fetch(FetchError::Timeout(1))),
        "{e:?}"
    );
}

#[test]
fn a_truncated_body_never_replaces_the_copy() {
    let (e, _) = failure_from("/truncated");
    assert!(
        matches!(e, RefreshError::Fetch(FetchError::Network(_))),
        "{e:?}"
    );
}

#[test]
fn a_body_that_is_not_a_schedule_is_refused() {
    let (e, status) = failure_from("/html");
    assert_eq!(e, RefreshError::NotSchedule);
    assert!(status.contains("not a schedule"), "{status}");
}

#[test]
fn a_broken_schedule_is_refused_with_its_line_and_column() {
    let (e, status) = failure_from("/broken");
    let RefreshError::Parse(load) = &e else {
        panic!("{e:?}")
    };
    assert!(load.position.is_some(), "{e}");
    assert!(status.contains("/broken:"), "{status}");
}

#[test]
fn a_closed_port_is_a_connection_failure() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_dir, subs, outcome) = subscribed(&format!("http://127.0.0.1:{port}/schedule"));
    assert!(
        matches!(
            outcome,
            Outcome::Failed(RefreshError::Fetch(FetchError::Connect(_)))
        ),
        "{outcome:?}"
    );
    assert!(subs.cache_path(&subs.list[0]).is_none());
}

#[test]
fn the_binary_subscribes_lists_and_starts_offline_from_the_copy() {
    let env = common::Env::new();
    let server = Server::start(1);
    let url = server.url("/schedule");
    let out = env.cli(&["subscribe", &url, "--name", "minicon"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("minicon: updated"));
    let data = env.dir.path().join("data/confnotes");
    assert!(data.join("subscriptions.toml").is_file());
    assert!(data.join("subscriptions/minicon.xml").is_file());

    // The server is gone now (it served its one connection): the talks still load from the copy.
    let list = env.cli(&["--no-bundled", "list"]);
    assert!(list.status.success());
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.lines().count() >= 2, "{text}");

    let refresh = env.cli(&["refresh"]);
    assert!(!refresh.status.success());
    assert!(String::from_utf8_lossy(&refresh.stdout).contains("minicon: failed"));
    let again = env.cli(&["--no-bundled", "list"]);
    assert_eq!(
        again.stdout, list.stdout,
        "a failed refresh changed the talks"
    );

    let json = env.cli(&["subscriptions", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["name"], "minicon");
    assert_eq!(v[0]["url"], url.as_str());
    assert_eq!(v[0]["failed"], true);
    let plain = env.cli(&["subscriptions"]);
    assert!(String::from_utf8_lossy(&plain.stdout).starts_with("minicon\thttp://127.0.0.1:"));

    assert!(env.cli(&["unsubscribe", "minicon"]).status.success());
    assert!(!data.join("subscriptions/minicon.xml").exists());
    assert!(env.cli(&["subscriptions"]).stdout.is_empty());
    assert!(!env.cli(&["unsubscribe", "minicon"]).status.success());
}

#[test]
fn a_changed_schedule_shows_what_moved_was_cancelled_and_was_added_for_my_talks() {
    let env = common::Env::new();
    let server = Server::start(2);
    *server.schedule.lock().unwrap() = fixture("minicon.json");
    let ok = |args: &[&str]| {
        let out = env.cli(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["subscribe", &server.url("/schedule"), "--name", "minicon"]);
    // The ids come from the cached copy: no --data needed.
    ok(&[
        "--no-bundled",
        "notes",
        "set",
        "minicon24/101",
        "--status",
        "planned",
    ]);
    ok(&[
        "--no-bundled",
        "notes",
        "set",
        "minicon24/103",
        "--append",
        "ask about the demo",
    ]);
    assert_eq!(ok(&["changes"]), "", "no changes before a second copy");

    *server.schedule.lock().unwrap() = fixture("minicon-v2.json");
    assert!(ok(&["refresh", "minicon"]).contains("minicon: updated"));
    let text = ok(&["changes"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("minicon (copy of ") && lines[0].ends_with(", 1 talk added"),
        "{text}"
    );
    assert_eq!(
        &lines[1..],
        [
            "  minicon24/101\tOpening Ceremony\tmoved: Fri 10:30 Saal 1 → Fri 10:30 Saal 2",
            "  minicon24/101\tOpening Ceremony\tspeakers: Ada Lovelace, Alan Turing → nobody",
            "  minicon24/103\tLate Night Lightning\tcancelled",
        ],
        "{text}"
    );
    let all: serde_json::Value =
        serde_json::from_str(&ok(&["changes", "--all", "--json"])).unwrap();
    let kinds: Vec<(&str, &str)> = all[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("minicon24/102", "moved")), "{kinds:?}");
    assert_eq!(all[0]["added"][0], "minicon24/104");

    // Offline (the server is done): the new copy loads, and the cancelled talk's notes are kept.
    let listed = ok(&["--no-bundled", "list"]);
    assert!(
        listed.contains("minicon24/104") && !listed.contains("minicon24/103"),
        "{listed}"
    );
    assert!(ok(&["--no-bundled", "notes"]).contains("minicon24/103"));
}

#[test]
fn the_real_schedules_come_through_gzip_whole() {
    use confnotes::store::schedule::{parse_schedule, sniff};
    for name in [
        "inoe_schedule-37c3.xml",
        "voc_pretalx-democon.json",
        "voc_frab-camp2019.json",
        "giggity_kielux_2020.ics",
    ] {
        let body = fixture(name);
        let text = String::from_utf8(body.clone()).unwrap();
        let direct = parse_schedule(std::path::Path::new(name), &text, sniff(&text).unwrap())
            .unwrap()
            .talks
            .len();
        let server = Server::start(1);
        *server.schedule.lock().unwrap() = body.clone();
        let started = std::time::Instant::now();
        let (_dir, subs, outcome) = subscribed(&server.url("/gzip"));
        eprintln!(
            "{name}: {} bytes, {direct} talks, fetched and checked in {:?}",
            body.len(),
            started.elapsed()
        );
        assert_eq!(outcome, Outcome::Updated(direct), "{name}");
        assert_eq!(copy(&subs), body, "{name}");
    }
}

#[test]
fn a_body_over_the_size_cap_is_refused() {
    let server = Server::start(1);
    let dir = tempfile::tempdir().unwrap();
    let mut subs = Subscriptions::load(dir.path()).unwrap();
    subs.add(&server.url("/schedule"), Some("minicon")).unwrap();
    let small = FetchOptions {
        max_bytes: 100,
        ..quick()
    };
    let outcome = refresh(&mut subs, 0, now(), &small);
    assert_eq!(
        outcome,
        Outcome::Failed(RefreshError::Fetch(FetchError::TooLarge(100)))
    );
    assert!(subs.cache_path(&subs.list[0]).is_none());
}

#[test]
fn https_to_a_server_that_speaks_no_tls_is_a_tls_error() {
    let server = Server::start(1);
    let url = server.url("/schedule").replace("http://", "https://");
    let (_dir, _subs, outcome) = subscribed(&url);
    let Outcome::Failed(RefreshError::Fetch(e)) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(matches!(e, FetchError::Tls(_)), "{e:?}");
    assert!(e.to_string().starts_with("TLS: "), "{e}");
}

#[test]
fn a_refresh_keeps_a_subscription_added_while_it_ran() {
    use confnotes::subscribe::refresh::refresh_all;
    let server = Server::start(1);
    let dir = tempfile::tempdir().unwrap();
    let mut subs = Subscriptions::load(dir.path()).unwrap();
    subs.add(&server.url("/schedule"), Some("minicon")).unwrap();
    subs.save().unwrap();
    // Another confnotes adds one after this one read the file.
    let mut other = Subscriptions::load(dir.path()).unwrap();
    other
        .add("http://127.0.0.1:9/other.xml", Some("other"))
        .unwrap();
    other.save().unwrap();
    let done = refresh_all(&mut subs, now(), &quick(), |s| s.name == "minicon").unwrap();
    assert!(matches!(done[0].1, Outcome::Updated(_)), "{done:?}");
    let back = Subscriptions::load(dir.path()).unwrap();
    let names: Vec<&str> = back.list.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["minicon", "other"]);
    assert_eq!(back.list[0].status.as_deref(), Some("ok: 3 talks"));
    assert_eq!(subs.list, back.list);
}
