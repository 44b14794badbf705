//! The delivery engine against real servers on loopback: phases recorded
//! (and absent where they did not happen), strict TLS, and every way a
//! delivery fails ending in its outcome within the cutoff.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::time::Duration;

use bytes::Bytes;
use hookcheck_deliver::engine::{Endpoint, Engine, Outcome, Target};
use hookcheck_testkit::{Behaviour, HttpServer, RawServer, Route, TlsServer, fixtures};
use hookcheck_net::{NetPolicy, TrustStore};

fn run<T>(future: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

fn engine(url: &str, trust: &TrustStore, cutoff: Duration) -> Engine {
    let endpoint = Endpoint::parse(url).expect("a valid URL");
    let target = Target::new(
        endpoint,
        NetPolicy::default(),
        trust.client_config(),
        Duration::from_secs(5),
    );
    Engine::new(target, cutoff)
}

fn fixture_roots() -> TrustStore {
    let pem = std::fs::read(fixtures::root_pem()).expect("the fixture root");
    TrustStore::from_pem(&pem, "root.pem").expect("a trust store")
}

const BODY: &str = r#"{"notification":{"type":"verification"},"channel":{"channel_id":"chn_1","callback_url":"https://example.com/","filters":{}}}"#;

fn headers() -> Vec<(&'static str, String)> {
    vec![("content-type", "application/json; charset=utf-8".to_owned())]
}

#[test]
fn a_plain_http_delivery_has_a_connect_phase_and_no_dns_or_tls() {
    let server = HttpServer::start(vec![Route::ok("/hook", b"ok".to_vec())]);
    let mut engine = engine(
        &server.url("/hook"),
        &fixture_roots(),
        Duration::from_secs(3),
    );
    let delivery = run(engine.deliver(&Bytes::from_static(BODY.as_bytes()), &headers()));
    assert_eq!(
        delivery.outcome,
        Outcome::Answered {
            status: 200,
            location: None,
            body_bytes: 2
        }
    );
    let phases = delivery.phases;
    assert_eq!(
        (phases.dns, phases.tls),
        (None, None),
        "an address, and plain http"
    );
    assert!(phases.connect.is_some());
    let ttfb = phases.ttfb.expect("a first byte");
    assert!(ttfb <= phases.total);
    assert!(!delivery.reused);
}

#[test]
fn https_is_verified_strictly_and_timed() {
    let server = TlsServer::fixture("good");
    let url = server.url("localhost");
    let body = Bytes::from_static(BODY.as_bytes());
    let mut trusted = engine(&url, &fixture_roots(), Duration::from_secs(3));
    let delivery = run(trusted.deliver(&body, &headers()));
    assert!(
        matches!(delivery.outcome, Outcome::Answered { status: 200, .. }),
        "{delivery:?}"
    );
    assert!(delivery.phases.dns.is_some(), "localhost is looked up");
    assert!(delivery.phases.tls.is_some());

    let mut strict = engine(&url, &TrustStore::mozilla(), Duration::from_secs(3));
    let refused = run(strict.deliver(&body, &headers()));
    assert!(
        matches!(refused.outcome, Outcome::TlsFailed(_)),
        "{refused:?}"
    );
}

#[test]
fn failures_end_in_their_outcome_within_the_cutoff() {
    let body = Bytes::from_static(BODY.as_bytes());
    let roots = fixture_roots();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut refused = engine(
        &format!("http://127.0.0.1:{port}/"),
        &roots,
        Duration::from_secs(3),
    );
    assert!(matches!(
        run(refused.deliver(&body, &headers())).outcome,
        Outcome::ConnectFailed(_)
    ));

    let stalling = RawServer::start(Behaviour::Stall(Duration::from_secs(30)));
    let url = format!("http://127.0.0.1:{}/", stalling.addr().port());
    let cutoff = Duration::from_millis(300);
    let delivery = run(engine(&url, &roots, cutoff).deliver(&body, &headers()));
    assert_eq!(
        delivery.outcome,
        Outcome::TimedOut("waiting for the answer")
    );
    assert!(
        delivery.phases.total >= cutoff && delivery.phases.total < cutoff * 2,
        "{delivery:?}"
    );

    let closing = RawServer::start(Behaviour::Close);
    let url = format!("http://127.0.0.1:{}/", closing.addr().port());
    let delivery = run(engine(&url, &roots, cutoff).deliver(&body, &headers()));
    assert!(
        matches!(delivery.outcome, Outcome::Broken(_)),
        "{delivery:?}"
    );
}

#[test]
fn redirects_are_answers_with_their_location_never_followed() {
    let server = HttpServer::start(vec![Route {
        status: "302 Found".to_owned(),
        headers: vec!["location: https://elsewhere.example/".to_owned()],
        ..Route::ok("/hook", Vec::new())
    }]);
    let mut engine = engine(
        &server.url("/hook"),
        &fixture_roots(),
        Duration::from_secs(3),
    );
    let delivery = run(engine.deliver(&Bytes::from_static(BODY.as_bytes()), &headers()));
    assert_eq!(
        delivery.outcome,
        Outcome::Answered {
            status: 302,
            location: Some("https://elsewhere.example/".to_owned()),
            body_bytes: 0
        }
    );
}

#[test]
fn the_total_matches_the_servers_own_time_within_2_ms() {
    let body = Bytes::from_static(BODY.as_bytes());
    let roots = fixture_roots();
    // Delays from none to a quarter second, scaled down from the budget.
    for delay_ms in [0, 40, 250] {
        let server = HttpServer::start(vec![Route {
            delay: Duration::from_millis(delay_ms),
            ..Route::ok("/", b"ok".to_vec())
        }]);
        let mut errors = Vec::new();
        for _ in 0..7 {
            let mut engine = engine(&server.url("/"), &roots, Duration::from_secs(3));
            let delivery = run(engine.deliver(&body, &headers()));
            assert!(matches!(
                delivery.outcome,
                Outcome::Answered { status: 200, .. }
            ));
            // The server's own time, from the request's head to its answer.
            let truth = *server.served().last().expect("the server answered");
            assert!(delivery.phases.total >= truth, "{delivery:?} vs {truth:?}");
            errors.push(delivery.phases.total.saturating_sub(truth));
        }
        errors.sort();
        // The median: a loaded CI machine may delay any one delivery.
        assert!(
            errors[3] < Duration::from_millis(2),
            "{delay_ms} ms: {errors:?}"
        );
    }
}

#[test]
fn a_kept_connection_is_reused_without_connect_or_tls_phases() {
    let server = HttpServer::keep_alive(vec![Route::ok("/", b"ok".to_vec())]);
    let body = Bytes::from_static(BODY.as_bytes());
    let mut engine = engine(&server.url("/"), &fixture_roots(), Duration::from_secs(3));
    // One runtime for both: the connection's driver lives on it.
    let (first, second) = run(async {
        let first = engine.deliver(&body, &headers()).await;
        (first, engine.deliver(&body, &headers()).await)
    });
    for delivery in [&first, &second] {
        assert!(
            matches!(delivery.outcome, Outcome::Answered { status: 200, .. }),
            "{delivery:?}"
        );
    }
    assert!(!first.reused && first.phases.connect.is_some());
    assert!(second.reused, "{second:?}");
    assert_eq!(
        (second.phases.dns, second.phases.connect, second.phases.tls),
        (None, None, None)
    );
    assert_eq!(server.served().len(), 2);
}

#[test]
fn the_cutoff_is_exact_on_both_sides() {
    let body = Bytes::from_static(BODY.as_bytes());
    let roots = fixture_roots();
    let slow = |delay_ms: u64| {
        HttpServer::start(vec![Route {
            delay: Duration::from_millis(delay_ms),
            ..Route::ok("/", b"ok".to_vec())
        }])
    };
    // A 100 ms cutoff: 80 ms answers, 120 ms does not.
    let cutoff = Duration::from_millis(100);
    let early = slow(80);
    let answered = run(engine(&early.url("/"), &roots, cutoff).deliver(&body, &headers()));
    assert!(
        matches!(answered.outcome, Outcome::Answered { status: 200, .. }),
        "{answered:?}"
    );
    let late = slow(120);
    let cut = run(engine(&late.url("/"), &roots, cutoff).deliver(&body, &headers()));
    assert_eq!(cut.outcome, Outcome::TimedOut("waiting for the answer"));
}
