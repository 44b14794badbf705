//! `listen` end to end on loopback: a sender (a plain hyper client) in
//! front, the test kit's web-hook receiver as the app behind, the history
//! in the test's scratch folder.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hookcheck_deliver::engine::{Endpoint, Target};
use hookcheck_listen::{Answer, Bounds, Listen, Record, Respond, Seen, Signature, Store};
use hookcheck_net::{NetPolicy, TrustStore};
use hookcheck_profile::Message;
use hookcheck_testkit::{HookOptions, HookServer, fixtures};
use http_body_util::{BodyExt as _, Full};
use tokio::sync::mpsc;

const SECRET: &str = "s3cret";

const AT_ONCE: Respond = Respond {
    status: 200,
    delay: Duration::ZERO,
};

/// The captured `change` delivery, as the calendar API sends it.
fn change() -> Vec<u8> {
    fixtures::captured("change")
}

/// A fresh history file for one test.
fn history(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("listen-{name}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// Deliveries to `url`, as `listen` forwards them.
fn app(url: &str) -> Target {
    Target::new(
        Endpoint::parse(url).expect("the app's URL"),
        NetPolicy::default(),
        TrustStore::mozilla().client_config(),
        Duration::from_secs(2),
    )
}

struct Running {
    addr: SocketAddr,
    inspector: SocketAddr,
    store: Arc<Store>,
    seen: mpsc::Receiver<Seen>,
}

/// `listen` for the calendar API with [`SECRET`] and a budget of 1 s,
/// forwarding to `forward` (or answering `respond`), its history named
/// `name`.
async fn start(name: &str, forward: Option<Target>, respond: Respond, max_body: usize) -> Running {
    start_for(("cronofy", SECRET), name, forward, respond, max_body).await
}

/// [`start`] for another provider and secret.
async fn start_for(
    (provider, secret): (&str, &str),
    name: &str,
    forward: Option<Target>,
    respond: Respond,
    max_body: usize,
) -> Running {
    let profile = hookcheck_profile::find(provider).expect("a known profile");
    let listen = Listen::new(profile, vec![secret.to_owned()], forward, respond, max_body)
        .with_budget(Duration::from_secs(1));
    let store = Arc::new(Store::open(&history(name), Bounds::default()).expect("a history"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("its address");
    let (told, seen) = mpsc::channel(64);
    let listen = Arc::new(listen);
    let inspecting = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let inspector = inspecting.local_addr().expect("its address");
    tokio::spawn(hookcheck_listen::inspector::inspect(
        inspecting,
        Arc::clone(&listen),
        Arc::clone(&store),
        format!("http://{addr}/"),
    ));
    tokio::spawn(hookcheck_listen::serve(
        listener,
        listen,
        Arc::clone(&store),
        told,
    ));
    Running {
        addr,
        inspector,
        store,
        seen,
    }
}

/// Sends `request` with `body` to `addr` over a new HTTP/1.1 connection.
async fn send(
    addr: SocketAddr,
    request: hyper::http::request::Builder,
    body: Bytes,
) -> hyper::Response<hyper::body::Incoming> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("a connection");
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("HTTP/1.1");
    tokio::spawn(connection);
    sender
        .send_request(request.body(Full::new(body)).expect("a request"))
        .await
        .expect("an answer")
}

/// What the sender got back.
struct Got {
    status: u16,
    headers: hyper::HeaderMap,
    body: Bytes,
    elapsed: Duration,
}

/// POSTs `body` with `headers` to `path` on `addr`, over a new connection.
async fn post(addr: SocketAddr, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> Got {
    let started = Instant::now();
    let mut request = hyper::Request::post(path).header("host", addr.to_string());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = send(addr, request, Bytes::from(body)).await;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Got {
        status,
        headers,
        body,
        elapsed: started.elapsed(),
    }
}

/// The calendar API's signature of `body` under [`SECRET`], and its
/// content type.
fn signed(body: &[u8]) -> Vec<(&'static str, String)> {
    let scheme = hookcheck_profile::find("cronofy")
        .expect("the profile")
        .scheme;
    let key = scheme.key(SECRET).expect("a usable secret");
    let message = Message {
        id: "1",
        timestamp: 0,
        body,
    };
    let mut headers = scheme.sign(&[key], &message);
    headers.push(("content-type", "application/json".to_owned()));
    headers
}

async fn next(seen: &mut mpsc::Receiver<Seen>) -> Record {
    let seen = tokio::time::timeout(Duration::from_secs(5), seen.recv())
        .await
        .expect("a delivery told in time")
        .expect("listen running");
    assert_eq!(seen.not_kept, None);
    seen.record
}

/// The app gets the sender's bytes and headers; the sender gets the app's
/// answer unchanged; the history keeps both, judged.
#[tokio::test(flavor = "multi_thread")]
async fn a_delivery_is_forwarded_byte_for_byte_and_the_apps_answer_returned() {
    let receiver = HookServer::start(HookOptions::http(hookcheck_testkit::Answer::Status {
        status: 202,
        delay: Duration::from_millis(50),
        headers: vec![("x-app".to_owned(), "seen".to_owned())],
        body: b"queued".to_vec(),
    }));
    let mut listen = start(
        "forward",
        Some(app(&receiver.url("/hooks"))),
        AT_ONCE,
        1 << 20,
    )
    .await;
    let body = change();
    let got = post(listen.addr, "/calendar?x=1", &signed(&body), body.clone()).await;
    assert_eq!(got.status, 202);
    assert_eq!(
        got.headers
            .get("x-app")
            .map(hyper::http::HeaderValue::as_bytes),
        Some(&b"seen"[..])
    );
    assert_eq!(&got.body[..], b"queued");
    assert!(
        got.elapsed >= Duration::from_millis(50),
        "{:?}",
        got.elapsed
    );

    let served = receiver.served();
    assert_eq!(served.len(), 1);
    assert_eq!(served[0].body, body, "the app gets the body byte for byte");
    assert_eq!(served[0].path, "/hooks/calendar?x=1");
    let signature = signed(&body)[0].1.clone();
    assert_eq!(
        served[0].header("cronofy-hmac-sha256"),
        Some(signature.as_str())
    );
    assert_eq!(served[0].header("content-type"), Some("application/json"));

    let record = next(&mut listen.seen).await;
    assert_eq!(record.id, 1);
    assert_eq!(record.signature, Signature::Genuine { secret: 1 });
    assert!(
        record.payload_valid && record.findings.is_empty(),
        "{:?}",
        record.findings
    );
    assert_eq!(record.notification_type.as_deref(), Some("change"));
    assert_eq!(record.body, body);
    let Answer::App {
        status,
        body: answer,
        total_ms,
        ..
    } = &record.answer
    else {
        panic!("the app answered: {:?}", record.answer);
    };
    assert_eq!((*status, &answer[..]), (202, &b"queued"[..]));
    assert!(*total_ms >= 50.0, "{total_ms}");
    assert_eq!(listen.store.get(1).expect("readable"), Some(record));
}

/// A forged signature and an invalid body are told, and still forwarded:
/// what the app does with them is what a developer wants to see.
#[tokio::test(flavor = "multi_thread")]
async fn a_forged_or_invalid_delivery_is_judged_and_still_forwarded() {
    let receiver = HookServer::start(HookOptions::http(hookcheck_testkit::Answer::ok()));
    let mut listen = start("judged", Some(app(&receiver.url("/"))), AT_ONCE, 1 << 20).await;
    let forged = [("cronofy-hmac-sha256", "AAAA".to_owned())];
    let body = br#"{"notification":{"type":"change"}}"#.to_vec();
    let got = post(listen.addr, "/", &forged, body).await;
    assert_eq!(got.status, 200);
    let record = next(&mut listen.seen).await;
    assert_eq!(record.signature, Signature::Refused);
    assert!(!record.payload_valid);
    let codes: Vec<String> = record.findings.iter().map(|f| f.code.to_string()).collect();
    assert!(
        codes.contains(&"payload-signature-mismatch".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"payload-schema-violation".to_owned()),
        "{codes:?}"
    );
    assert_eq!(receiver.served().len(), 1);
}

/// Without an app, `listen` answers itself, after the delay asked for.
#[tokio::test(flavor = "multi_thread")]
async fn without_an_app_listen_answers_itself() {
    let respond = Respond {
        status: 204,
        delay: Duration::from_millis(200),
    };
    let mut listen = start("respond", None, respond, 1 << 20).await;
    let body = change();
    let got = post(listen.addr, "/", &signed(&body), body).await;
    assert_eq!(got.status, 204);
    assert!(
        got.elapsed >= Duration::from_millis(200),
        "{:?}",
        got.elapsed
    );
    let record = next(&mut listen.seen).await;
    assert!(
        matches!(record.answer, Answer::Listen { status: 204, .. }),
        "{:?}",
        record.answer
    );
}

/// A body over the limit is refused with 413 and recorded as such, and
/// never reaches the app.
#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_limit_is_refused_and_recorded() {
    let receiver = HookServer::start(HookOptions::http(hookcheck_testkit::Answer::ok()));
    let mut listen = start("too-large", Some(app(&receiver.url("/"))), AT_ONCE, 1000).await;
    let got = post(listen.addr, "/", &[], vec![b' '; 5000]).await;
    assert_eq!(got.status, 413);
    let record = next(&mut listen.seen).await;
    assert_eq!(record.body_bytes, 1001);
    assert!(record.body.is_empty());
    assert_eq!(record.findings[0].code.to_string(), "payload-too-large");
    assert!(receiver.served().is_empty());
}

/// An app that answers past the budget and its grace gets the sender a
/// 504, one that is not there a 502, each with the reason kept.
#[tokio::test(flavor = "multi_thread")]
async fn an_app_that_fails_gets_the_sender_a_504_or_a_502() {
    let slow = HookServer::start(HookOptions::http(hookcheck_testkit::Answer::delayed(
        200,
        Duration::from_secs(3),
    )));
    let mut listen = start("slow", Some(app(&slow.url("/"))), AT_ONCE, 1 << 20).await;
    let got = post(listen.addr, "/", &[], change()).await;
    assert_eq!(got.status, 504);
    assert!(got.elapsed < Duration::from_secs(3), "{:?}", got.elapsed);
    let record = next(&mut listen.seen).await;
    assert!(
        matches!(&record.answer, Answer::AppFailed { status: 504, .. }),
        "{:?}",
        record.answer
    );

    // A port nothing listens on any more.
    let gone = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let gone_url = format!("http://{}/", gone.local_addr().expect("its address"));
    drop(gone);
    let mut listen = start("gone", Some(app(&gone_url)), AT_ONCE, 1 << 20).await;
    let got = post(listen.addr, "/", &[], change()).await;
    assert_eq!(got.status, 502);
    let record = next(&mut listen.seen).await;
    let Answer::AppFailed {
        status: 502,
        reason,
        ..
    } = &record.answer
    else {
        panic!("{:?}", record.answer);
    };
    assert!(reason.to_lowercase().contains("refused"), "{reason}");
}

/// A timestamp-signed delivery recorded long after it was signed is
/// refused as stale; replayed re-signed, it is the sender's own again, and
/// `listen` (here the replay's target) finds it genuine.
#[tokio::test(flavor = "multi_thread")]
async fn a_replay_is_re_signed_with_a_fresh_id_and_timestamp() {
    const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let profile = hookcheck_profile::find("standard-webhooks").expect("the profile");
    let mut listen = start_for(
        ("standard-webhooks", WHSEC),
        "replay",
        None,
        AT_ONCE,
        1 << 20,
    )
    .await;
    let body = br#"{"type":"invoice.paid","timestamp":"2026-12-05T12:00:00Z","data":{}}"#.to_vec();
    let key = profile.scheme.key(WHSEC).expect("a usable secret");
    let old = Message {
        id: "msg_1",
        timestamp: 1_614_265_330,
        body: &body,
    };
    let stale = profile.scheme.sign(std::slice::from_ref(&key), &old);
    post(listen.addr, "/hooks?a=1", &stale, body.clone()).await;
    let recorded = next(&mut listen.seen).await;
    assert_eq!(recorded.signature, Signature::Refused);

    let now = time::OffsetDateTime::now_utc();
    let replay = hookcheck_listen::replay::request(&recorded, profile, &[key], None, now);
    assert_eq!(replay.path_and_query, "/hooks?a=1");
    assert_eq!(&replay.body[..], &body[..]);
    let id = replay.headers.get("webhook-id").expect("an id");
    assert_ne!(id.as_bytes(), b"msg_1", "a fresh id");
    let mut engine = hookcheck_deliver::engine::Engine::new(
        app(&format!("http://{}/", listen.addr)),
        Duration::from_secs(5),
    );
    let delivery = engine.forward(&replay).await;
    assert!(
        matches!(
            delivery.outcome,
            hookcheck_deliver::engine::Outcome::Answered { status: 200, .. }
        ),
        "{:?}",
        delivery.outcome
    );
    let replayed = next(&mut listen.seen).await;
    assert_eq!(replayed.signature, Signature::Genuine { secret: 1 });
    assert_eq!(replayed.target, "/hooks?a=1");
    assert_eq!(replayed.body, body);
}

/// Bytes that are not HTTP get hyper's 400 and are kept, with why; the
/// server goes on serving.
#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_request_is_answered_and_kept() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut listen = start("malformed", None, AT_ONCE, 1 << 20).await;
    let mut stream = tokio::net::TcpStream::connect(listen.addr)
        .await
        .expect("a connection");
    stream
        .write_all(b"NOT HTTP AT ALL\r\n\r\n")
        .await
        .expect("written");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 400"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    let record = next(&mut listen.seen).await;
    assert_eq!(record.answer.status(), 400);
    assert!(
        record
            .error
            .as_deref()
            .is_some_and(|e| e.contains("not a valid HTTP/1.1 request")),
        "{:?}",
        record.error
    );
    let body = change();
    let got = post(listen.addr, "/", &signed(&body), body).await;
    assert_eq!(got.status, 200, "still serving");
}

/// A request to the inspector at `addr`, naming `host`: the status and the
/// body (of an event stream, its first event).
async fn inspect(
    addr: SocketAddr,
    method: &str,
    path: &str,
    host: &str,
    extra: Option<(&str, &str)>,
) -> (u16, String) {
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", host);
    if let Some((name, value)) = extra {
        request = request.header(name, value);
    }
    let response = send(addr, request, Bytes::new()).await;
    let status = response.status().as_u16();
    let mut body = response.into_body();
    let mut text = Vec::new();
    // An event stream never ends: its first event is enough.
    while let Ok(Some(Ok(frame))) = tokio::time::timeout(Duration::from_secs(5), body.frame()).await
    {
        if let Some(data) = frame.data_ref() {
            text.extend_from_slice(data);
        }
        if path == "/events" {
            break;
        }
    }
    (status, String::from_utf8_lossy(&text).into_owned())
}

/// The inspector serves its page and the kept deliveries only to its own
/// loopback name, streams each new delivery, and replays one to the app
/// only when asked with its header.
#[tokio::test(flavor = "multi_thread")]
async fn the_inspector_serves_its_own_host_streams_deliveries_and_replays() {
    let receiver = HookServer::start(HookOptions::http(hookcheck_testkit::Answer::ok()));
    let listen = start(
        "inspector",
        Some(app(&receiver.url("/hooks"))),
        AT_ONCE,
        1 << 20,
    )
    .await;
    let own = listen.inspector.to_string();
    let (status, page) = inspect(listen.inspector, "GET", "/", &own, None).await;
    assert_eq!(status, 200);
    assert!(page.contains("<title>hookcheck listen</title>"));
    let rebound = format!("attacker.example:{}", listen.inspector.port());
    assert_eq!(
        inspect(listen.inspector, "GET", "/", &rebound, None)
            .await
            .0,
        421
    );

    let (inspector, host) = (listen.inspector, own.clone());
    let events =
        tokio::spawn(async move { inspect(inspector, "GET", "/events", &host, None).await });
    // The event stream is open before the delivery arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let body = change();
    post(listen.addr, "/cal", &signed(&body), body.clone()).await;
    let (status, event) = events.await.expect("the event stream");
    assert_eq!(status, 200);
    assert!(event.starts_with("event: delivery\ndata: {"), "{event}");
    assert!(
        event.contains("\"id\":1") && event.contains("\"notification_type\":\"change\""),
        "{event}"
    );

    let (status, record) = inspect(listen.inspector, "GET", "/api/deliveries/1", &own, None).await;
    assert_eq!(status, 200);
    assert!(record.contains("\"target\":\"/cal\""), "{record}");
    let replay = "/api/deliveries/1/replay";
    assert_eq!(
        inspect(listen.inspector, "POST", replay, &own, None)
            .await
            .0,
        403
    );
    let (status, replayed) = inspect(
        listen.inspector,
        "POST",
        replay,
        &own,
        Some(("x-hookcheck", "replay")),
    )
    .await;
    assert_eq!(status, 200, "{replayed}");
    assert!(replayed.contains("\"status\":200"), "{replayed}");
    let served = receiver.served();
    assert_eq!(served.len(), 2);
    assert_eq!(served[1].body, body);
    assert_eq!(served[1].path, "/hooks/cal");
}
