//! The emulator end to end on loopback, as an app's integration test uses
//! it: the channel API and Read Events over HTTP, deliveries to the test
//! kit's receiver — a careful one that checks every signature, one that is
//! down for a few scaled hours, one that is slow for a while, one that
//! fails for longer than the retry window — in scaled time.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hookcheck_emulate::client::{Answered, call};
use hookcheck_emulate::{Emulator, Options};
use hookcheck_net::TrustStore;
use hookcheck_testkit::{Answer, HookOptions, HookServer, Moment, Receiver};
use hyper::Method;
use serde_json::{Value, json};

const TOKEN: &str = "emulated-token";
const SECRET: &str = "emulated-secret";

/// An emulator of the calendar API on loopback, its clock `scale` times
/// real time, the endpoint given `budget`.
async fn start(scale: f64, budget: Duration) -> (String, Arc<Emulator>) {
    start_on("127.0.0.1:0", scale, budget).await
}

/// [`start`] on the loopback address `addr`.
async fn start_on(addr: &str, scale: f64, budget: Duration) -> (String, Arc<Emulator>) {
    let profile = hookcheck_profile::find("cronofy").expect("the calendar API");
    let options = Options {
        token: TOKEN.to_owned(),
        secrets: vec![SECRET.to_owned()],
        budget: Some(budget),
        scale,
        tls: TrustStore::mozilla().client_config(),
    };
    let emulator = Arc::new(Emulator::new(profile, options).expect("an emulator"));
    let listener = tokio::net::TcpListener::bind(addr).await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    tokio::spawn(hookcheck_emulate::api::serve(
        listener,
        Arc::clone(&emulator),
    ));
    tokio::spawn(hookcheck_emulate::drive(Arc::clone(&emulator)));
    (base, emulator)
}

async fn api(base: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map_or_else(Bytes::new, |body| Bytes::from(body.to_string()));
    let Answered { status, body } = call(
        base,
        method,
        path,
        Some(TOKEN),
        body,
        Duration::from_secs(5),
    )
    .await
    .expect("an answer");
    let document = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).expect("JSON")
    };
    (status, document)
}

/// `POST /emulator/changes` with `body`.
async fn change(base: &str, body: Option<Value>) -> (u16, Value) {
    api(base, Method::POST, "/emulator/changes", body).await
}

/// Creates a channel to `url`; its id.
async fn channel(base: &str, url: &str) -> String {
    create(base, json!({ "callback_url": url })).await["channel_id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

/// Creates a channel as `request` asks; the channel the API answers.
async fn create(base: &str, request: Value) -> Value {
    let (status, created) = api(base, Method::POST, "/v1/channels", Some(request)).await;
    assert_eq!(status, 200, "{created}");
    created["channel"].clone()
}

/// The events Read Events answers to `query`.
async fn events(base: &str, query: &str) -> Vec<Value> {
    let (status, read) = api(base, Method::GET, query, None).await;
    assert_eq!(status, 200, "{read}");
    read["events"].as_array().cloned().unwrap_or_default()
}

/// Waits until `done` holds of the log's attempts, at most `within`.
async fn log_until(base: &str, within: Duration, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + within;
    loop {
        let (_, log) = api(base, Method::GET, "/emulator/log", None).await;
        let attempts = log["attempts"].as_array().cloned().unwrap_or_default();
        if done(&attempts) {
            return attempts;
        }
        assert!(
            Instant::now() < deadline,
            "not done within {within:?}: {attempts:#?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn every_channel(base: &str) -> Vec<Value> {
    let (_, channels) = api(base, Method::GET, "/emulator/channels", None).await;
    channels["channels"].as_array().cloned().unwrap_or_default()
}

/// A loopback address nothing listens on (for now).
fn vacant() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.local_addr().expect("its address")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_is_verified_told_of_a_change_and_reads_it() {
    let (base, _emulator) = start(1.0, Duration::from_secs(5)).await;
    let profile = hookcheck_profile::find("cronofy").expect("the calendar API");
    // The careful receiver answers 401 to any delivery whose signature
    // does not verify under the secret: a delivery counted as delivered
    // was signed as the provider signs.
    let app = HookServer::start(HookOptions::http(Answer::Receiver(Receiver::careful(
        profile, SECRET,
    ))));
    let url = app.url("/cronofy/channel/42");
    let id = channel(&base, &url).await;
    assert!(id.starts_with("chn_") && id.len() == 28, "{id}");

    let attempts = log_until(&base, Duration::from_secs(5), |a| a.len() == 1).await;
    assert_eq!(attempts[0]["type"], "verification");
    assert_eq!(attempts[0]["outcome"], "delivered", "{:#?}", attempts[0]);
    let verification: Value = serde_json::from_slice(&app.served()[0].body).expect("JSON");
    assert_eq!(verification["channel"]["channel_id"], id.as_str());
    assert_eq!(verification["channel"]["callback_url"], url.as_str());

    let (status, changed) = change(&base, Some(json!({"summary": "Planning"}))).await;
    assert_eq!(status, 202, "{changed}");
    assert_eq!(changed["notified"][0]["channel_id"], id.as_str());
    log_until(&base, Duration::from_secs(5), |a| {
        a.len() == 2 && a[1]["outcome"] == "delivered"
    })
    .await;
    let served = app.served();
    let change: Value = serde_json::from_slice(&served[1].body).expect("JSON");
    assert_eq!(change["notification"]["type"], "change");
    assert!(served[1].header("Cronofy-HMAC-SHA256").is_some());

    // The app's follow-up read: last_modified = changes_since.
    let since = change["notification"]["changes_since"]
        .as_str()
        .expect("changes_since");
    let (status, read) = api(
        &base,
        Method::GET,
        &format!("/v1/events?tzid=Etc%2FUTC&last_modified={since}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["events"].as_array().map(Vec::len), Some(1), "{read}");
    assert_eq!(read["events"][0]["summary"], "Planning");
    assert_eq!(
        read["events"][0]["event_uid"],
        changed["event"]["event_uid"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_refuses_as_documented() {
    let (base, _emulator) = start(1.0, Duration::from_secs(5)).await;
    let anonymous = call(
        &base,
        Method::GET,
        "/v1/channels",
        None,
        Bytes::new(),
        Duration::from_secs(5),
    )
    .await
    .expect("an answer");
    assert_eq!(anonymous.status, 401);
    let wrong = call(
        &base,
        Method::GET,
        "/v1/channels",
        Some("not-the-token"),
        Bytes::new(),
        Duration::from_secs(5),
    )
    .await
    .expect("an answer");
    assert_eq!(wrong.status, 401);

    for (body, parameter) in [
        (json!({}), "callback_url"),
        (json!({"callback_url": "ftp://files.test/"}), "callback_url"),
        (json!({"callback_url": "not a url"}), "callback_url"),
        (
            json!({"callback_url": "http://127.0.0.1:9/", "filters": {"calendar_ids": []}}),
            "filters.calendar_ids",
        ),
    ] {
        let (status, refused) = api(&base, Method::POST, "/v1/channels", Some(body)).await;
        assert_eq!(status, 422, "{refused}");
        assert!(
            refused["errors"][parameter][0]["key"].is_string(),
            "{refused}"
        );
    }
    let (status, refused) = api(&base, Method::GET, "/v1/events", None).await;
    assert_eq!(
        (status, &refused["errors"]["tzid"][0]["key"]),
        (422, &json!("errors.required"))
    );

    // The account's limit: 128 channels; the 129th is refused, a closed
    // one makes room.
    let mut ids = Vec::new();
    for n in 0..128 {
        ids.push(channel(&base, &format!("http://{}/hook?n={n}", vacant())).await);
    }
    let (status, refused) = api(
        &base,
        Method::POST,
        "/v1/channels",
        Some(json!({"callback_url": "http://127.0.0.1:9/one-more"})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        refused["errors"]["callback_url"][0]["key"],
        "errors.too_many_channels"
    );
    let close = format!("/v1/channels/{}", ids[0]);
    let (status, _) = api(&base, Method::DELETE, &close, None).await;
    assert_eq!(status, 202);
    let (status, _) = api(&base, Method::DELETE, &close, None).await;
    assert_eq!(status, 404, "closed once");
    let (_, listed) = api(&base, Method::GET, "/v1/channels", None).await;
    assert_eq!(listed["channels"].as_array().map(Vec::len), Some(127));
    channel(&base, "http://127.0.0.1:9/one-more").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_of_a_few_hours_is_retried_on_schedule() {
    // An hour a second: the schedule's slots at 0, 1, 3, 7, 15, 31, 63,
    // 123 and 183 minutes fall within 3.05 s.
    let (base, _emulator) = start(3600.0, Duration::from_secs(2)).await;
    let addr = vacant();
    channel(&base, &format!("http://{addr}/hook")).await;
    // Down (nothing listens) for 2.5 scaled hours, then up.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let app = HookServer::start(HookOptions {
        addr,
        ..HookOptions::http(Answer::ok())
    });
    let attempts = log_until(&base, Duration::from_secs(5), |a| {
        a.last().is_some_and(|last| last["outcome"] == "delivered")
    })
    .await;
    let slots: Vec<u64> = attempts.iter().filter_map(|a| a["slot"].as_u64()).collect();
    assert_eq!(slots, (0..=8).collect::<Vec<_>>(), "{attempts:#?}");
    for failed in &attempts[..8] {
        assert_eq!(failed["outcome"], "failed");
        assert_eq!(failed["next"]["action"], "retry");
    }
    assert_eq!(attempts[8]["slot_offset_s"], 183.0 * 60.0);
    assert_eq!(app.served().len(), 1, "delivered once");
    assert_eq!(every_channel(&base).await[0]["status"], "open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_window_is_retried_until_it_passes() {
    let (base, _emulator) = start(3600.0, Duration::from_millis(200)).await;
    // 400 ms answers, twice the budget, for the first 1.5 s (1.5 scaled
    // hours), then answers at once.
    let app = HookServer::start(HookOptions::http(Answer::Timeline(vec![
        Moment {
            from: Duration::ZERO,
            status: 200,
            delay: Duration::from_millis(400),
        },
        Moment {
            from: Duration::from_millis(1500),
            status: 200,
            delay: Duration::ZERO,
        },
    ])));
    channel(&base, &app.url("/hook")).await;
    let attempts = log_until(&base, Duration::from_secs(8), |a| {
        a.last().is_some_and(|last| last["outcome"] == "delivered")
    })
    .await;
    assert!(attempts.len() >= 2, "{attempts:#?}");
    let (failed, delivered) = attempts.split_at(attempts.len() - 1);
    for attempt in failed {
        let error = attempt["error"].as_str().unwrap_or_default();
        assert!(
            error.contains("past the 200 ms budget") || error.contains("stuck"),
            "{error}"
        );
    }
    // Each cut-off attempt spends 220 ms, 13 scaled minutes: the slots it
    // runs past are let pass, never tried late in a burst.
    let slots: Vec<u64> = attempts.iter().filter_map(|a| a["slot"].as_u64()).collect();
    assert!(slots.windows(2).all(|w| w[0] < w[1]), "{slots:?}");
    assert!(
        delivered[0]["latency_ms"]
            .as_f64()
            .is_some_and(|ms| ms < 200.0)
    );
    assert_eq!(every_channel(&base).await[0]["status"], "open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_past_the_window_closes_the_channel() {
    // Ten hours a second: the 24-hour window passes in 2.4 s.
    let (base, _emulator) = start(36_000.0, Duration::from_secs(2)).await;
    let app = HookServer::start(HookOptions::http(Answer::status(500)));
    let id = channel(&base, &app.url("/hook")).await;
    let attempts = log_until(&base, Duration::from_secs(10), |a| {
        a.last()
            .is_some_and(|last| last["next"]["action"] == "channel_closed")
    })
    .await;
    // At this scale the first slots are milliseconds apart: one an
    // attempt runs past is let pass. The last slot, 23 h 3 min after the
    // first attempt, is the last one made.
    let slots: Vec<u64> = attempts.iter().filter_map(|a| a["slot"].as_u64()).collect();
    assert!(slots.windows(2).all(|w| w[0] < w[1]), "{slots:?}");
    assert_eq!(slots.last(), Some(&28), "{slots:?}");
    assert_eq!(attempts[attempts.len() - 1]["slot_offset_s"], 1383.0 * 60.0);
    assert!(attempts.iter().all(|a| a["error"] == "answered 500"));
    let channels = every_channel(&base).await;
    assert_eq!(channels[0]["status"], "closed");
    let reason = channels[0]["closed_reason"].as_str().unwrap_or_default();
    let all = format!("all {} attempts within 1 day", attempts.len());
    assert!(reason.contains(&all), "{reason}");
    // Closed for good: not listed by the API, told of no change.
    let (_, listed) = api(&base, Method::GET, "/v1/channels", None).await;
    assert_eq!(listed["channels"], json!([]));
    let (_, changed) = change(&base, None).await;
    assert_eq!(changed["notified"], json!([]));
    let (status, _) = api(
        &base,
        Method::POST,
        "/emulator/notifications",
        Some(json!({"type": "profile_disconnected", "channel_id": id})),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(app.served().len(), attempts.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_choose_the_channels_told_and_the_events_read() {
    let (base, _emulator) = start(1.0, Duration::from_secs(5)).await;
    let app = HookServer::start(HookOptions::http(Answer::ok()));
    let created = create(
        &base,
        json!({
            "callback_url": app.url("/home"),
            "filters": {"calendar_ids": ["cal_hookcheck_home"]},
        }),
    )
    .await;
    assert_eq!(
        created["filters"]["calendar_ids"],
        json!(["cal_hookcheck_home"])
    );
    let id = created["channel_id"].clone();

    // A change in the other calendar is not told to it, unless it is
    // named.
    let (_, unheard) = change(&base, None).await;
    assert_eq!(unheard["notified"], json!([]));
    let (_, named) = change(&base, Some(json!({"channel_id": id}))).await;
    assert_eq!(named["notified"][0]["channel_id"], id);
    let uid = named["event"]["event_uid"].clone();
    let (_, heard) = change(
        &base,
        Some(json!({"calendar_id": "cal_hookcheck_home", "event_uid": uid, "deleted": true})),
    )
    .await;
    assert_eq!(heard["notified"][0]["channel_id"], id);
    assert_eq!(heard["event"]["status"], "cancelled");

    let read = |query| events(&base, query);
    assert_eq!(
        read("/v1/events?tzid=Etc%2FUTC").await.len(),
        1,
        "the deleted one left out"
    );
    assert_eq!(
        read("/v1/events?tzid=Etc%2FUTC&include_deleted=true")
            .await
            .len(),
        2
    );
    assert_eq!(
        read(
            "/v1/events?tzid=Etc%2FUTC&include_deleted=true&calendar_ids%5B%5D=cal_hookcheck_home"
        )
        .await
        .len(),
        1
    );
    let (status, refused) = change(&base, Some(json!({"calendar_id": "cal_nope"}))).await;
    assert_eq!(status, 422, "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apps_own_events_reach_only_managed_channels() {
    let (base, _emulator) = start(1.0, Duration::from_secs(5)).await;
    let app = HookServer::start(HookOptions::http(Answer::ok()));
    let created = create(
        &base,
        json!({"callback_url": app.url("/managed"), "filters": {"only_managed": true}}),
    )
    .await;
    let id = created["channel_id"].clone();

    // The verification first, so that the attempts below come in order.
    log_until(&base, Duration::from_secs(5), |a| a.len() == 1).await;

    // The user's change is not the app's: not told.
    let (_, unheard) = change(&base, None).await;
    assert_eq!(unheard["notified"], json!([]));

    let path = "/v1/calendars/cal_hookcheck_home/events";
    let event = json!({
        "event_id": "interview-7",
        "summary": "Interview",
        "description": "",
        "start": "2026-12-10T09:00:00Z",
        "end": "2026-12-10T10:00:00Z",
    });
    let (status, _) = api(&base, Method::POST, path, Some(event.clone())).await;
    assert_eq!(status, 202);
    let attempts = log_until(&base, Duration::from_secs(5), |a| a.len() == 2).await;
    assert_eq!(attempts[1]["type"], "change");
    assert_eq!(attempts[1]["channel_id"], id);
    let served = app.served();
    let told: Value = serde_json::from_slice(&served[1].body).expect("JSON");
    let since = told["notification"]["changes_since"]
        .as_str()
        .expect("a time");

    // Read Events leaves the app's events out unless asked.
    // (The user's change above may fall in the same second: it is read
    // either way.)
    let query = format!("/v1/events?tzid=Etc%2FUTC&last_modified={since}");
    let users = events(&base, &query).await;
    assert!(
        users.iter().all(|e| e.get("event_id").is_none()),
        "{users:?}"
    );
    let all = events(&base, &format!("{query}&include_managed=true")).await;
    let managed: Vec<&Value> = all.iter().filter(|e| e.get("event_id").is_some()).collect();
    assert_eq!(managed.len(), 1, "{all:?}");
    assert_eq!(managed[0]["event_id"], "interview-7");
    assert_eq!(managed[0]["start"], "2026-12-10T09:00:00Z");
    assert_eq!(all.len(), users.len() + 1);

    let (status, _) = api(
        &base,
        Method::DELETE,
        path,
        Some(json!({"event_id": "interview-7"})),
    )
    .await;
    assert_eq!(status, 202);
    log_until(&base, Duration::from_secs(5), |a| a.len() == 3).await;

    for (body, parameter) in [
        (json!({"summary": "x"}), "event_id"),
        (
            json!({"event_id": "e", "summary": "x", "start": "soon", "end": "later"}),
            "start",
        ),
        (
            json!({"event_id": "e", "summary": "x", "start": "2026-12-10T10:00:00Z", "end": "2026-12-10T09:00:00Z"}),
            "end",
        ),
    ] {
        let (status, refused) = api(&base, Method::POST, path, Some(body)).await;
        assert_eq!(status, 422, "{refused}");
        assert!(refused["errors"][parameter].is_array(), "{refused}");
    }
    let (status, _) = api(
        &base,
        Method::POST,
        "/v1/calendars/cal_nope/events",
        Some(event),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_reaches_an_emulator_on_ipv6_loopback() {
    let (base, _emulator) = start_on("[::1]:0", 1.0, Duration::from_secs(5)).await;
    assert!(base.starts_with("http://[::1]:"), "{base}");
    let (status, log) = api(&base, Method::GET, "/emulator/log", None).await;
    assert_eq!((status, &log["attempts"]), (200, &json!([])));
}
