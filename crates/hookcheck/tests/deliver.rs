//! `hookcheck deliver` end to end: the real binary against web-hook
//! receivers on loopback that answer well, slowly, wrongly or not at all.
//! Each test asserts the codes, the verdict, the exit status and, where
//! time is the point, the measured times against the server's own; every
//! JSON report is checked against the report schema.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use hookcheck_testkit::{Answer, HookOptions, HookServer, Writes, fixtures};
use serde_json::Value;
use support::{assert_findings, findings, message};

mod support;

/// Runs `hookcheck deliver URL --format json` with the fixture root
/// trusted and `extra` options.
fn deliver(url: &str, extra: &[&str]) -> (Output, Value) {
    let root = fixtures::root_pem();
    let mut args = vec!["deliver", url, "--format", "json", "--ca-file"];
    args.push(root.to_str().expect("a UTF-8 path"));
    args.extend_from_slice(extra);
    support::run_json(&args)
}

fn http(answer: Answer) -> HookServer {
    HookServer::start(HookOptions::http(answer))
}

fn https(answer: Answer, http2: bool) -> HookServer {
    HookServer::start(HookOptions {
        http2,
        ..HookOptions::https(fixtures::case("good"), answer)
    })
}

fn deliveries(report: &Value) -> &Vec<Value> {
    report["delivery"]["deliveries"]
        .as_array()
        .expect("deliveries")
}

fn ms(value: &Value) -> Duration {
    Duration::from_secs_f64(value.as_f64().expect("milliseconds") / 1e3)
}

#[test]
fn instant_2xx_answers_are_delivered_as_the_provider_sends_them() {
    for status in [200, 202, 204] {
        let server = http(Answer::status(status));
        let (output, report) = deliver(&server.url("/hook?channel=42"), &["--count", "3"]);
        assert_findings(&output, &report, &[]);
        let delivery = &report["delivery"];
        assert_eq!(
            (
                delivery["attempts"].as_u64(),
                delivery["succeeded"].as_u64()
            ),
            (Some(3), Some(3))
        );
        assert_eq!(delivery["reused"], 2, "one kept connection: {delivery:#}");
        assert_eq!(server.connections(), 1);

        let requests = server.served();
        assert_eq!(requests.len(), 3);
        let kinds: Vec<String> = requests
            .iter()
            .map(|s| {
                let body: Value = serde_json::from_slice(&s.body).expect("a JSON body");
                assert_eq!(
                    body["channel"]["callback_url"],
                    server.url("/hook?channel=42")
                );
                body["notification"]["type"]
                    .as_str()
                    .expect("a type")
                    .to_owned()
            })
            .collect();
        assert_eq!(kinds, ["verification", "change", "change"]);
        for request in &requests {
            assert_eq!(
                (request.method.as_str(), request.path.as_str()),
                ("POST", "/hook?channel=42")
            );
            assert_eq!(
                request.header("content-type"),
                Some("application/json; charset=utf-8")
            );
            assert!(
                request
                    .header("user-agent")
                    .is_some_and(|ua| ua.starts_with("hookcheck/"))
            );
            assert_eq!(
                request.header("cronofy-hmac-sha256"),
                None,
                "unsigned without --secret"
            );
        }
    }
}

#[test]
fn other_statuses_fail_with_their_status() {
    for status in [500, 404, 410] {
        let server = http(Answer::status(status));
        let (output, report) = deliver(&server.url("/hook"), &["--count", "2"]);
        assert_findings(&output, &report, &["error delivery-non-2xx"]);
        assert!(message(&report, "delivery-non-2xx").contains(&status.to_string()));
        assert_eq!(report["delivery"]["retry"]["channel_closes"], true);
    }
}

#[test]
fn redirects_fail_and_are_never_followed() {
    for status in [301, 302, 307] {
        let server = http(Answer::Status {
            status,
            delay: Duration::ZERO,
            headers: vec![("location".to_owned(), "/elsewhere".to_owned())],
            body: Vec::new(),
        });
        let (output, report) = deliver(&server.url("/hook"), &["--count", "2"]);
        assert_findings(&output, &report, &["error delivery-redirect"]);
        assert!(message(&report, "delivery-redirect").contains(&format!("{status} to /elsewhere")));
        assert!(
            server.served().iter().all(|s| s.path == "/hook"),
            "never followed"
        );
    }
}

/// With a 1 s budget (cut off at 1.1 s): 700 ms answers pass, 1040 ms
/// answers fail as late, and each reported total is the server's own time
/// plus the loopback round trip.
#[test]
fn the_verdict_is_right_on_both_sides_of_the_budget() {
    for (delay_ms, expected) in [
        (700, &["warning delivery-slow"][..]),
        (1040, &["error delivery-timeout"][..]),
    ] {
        let server = http(Answer::delayed(200, Duration::from_millis(delay_ms)));
        let (output, report) = deliver(&server.url("/hook"), &["--count", "3", "--budget", "1s"]);
        assert_findings(&output, &report, expected);
        let requests = server.served();
        for (record, request) in deliveries(&report).iter().zip(&requests) {
            let total = ms(&record["phases_ms"]["total"]);
            assert!(
                total >= request.elapsed,
                "{total:?} < {:?}",
                request.elapsed
            );
            // Generous beside the 2 ms the engine's own test holds: this is
            // a debug binary in a parallel test run.
            assert!(
                total.saturating_sub(request.elapsed) < Duration::from_millis(25),
                "{record:#}"
            );
            assert_eq!(record["outcome"], "answered");
        }
    }
}

#[test]
fn a_trickling_answer_and_a_silent_server_are_cut_off_at_the_budget() {
    let trickle = Answer::Trickle {
        status: 200,
        bytes: 100,
        interval: Duration::from_millis(20),
    };
    for (answer, stuck) in [
        (trickle, "stuck reading the answer's body"),
        (Answer::NeverAnswer, "stuck waiting for the answer"),
    ] {
        let server = http(answer);
        let started = Instant::now();
        let (output, report) =
            deliver(&server.url("/hook"), &["--count", "3", "--budget", "200ms"]);
        let wall = started.elapsed();
        assert_findings(&output, &report, &["error delivery-timeout"]);
        for record in deliveries(&report) {
            assert_eq!(record["outcome"], "timed-out");
            assert_eq!(record["detail"], stuck);
            let total = ms(&record["phases_ms"]["total"]);
            assert!(
                (Duration::from_millis(220)..Duration::from_millis(400)).contains(&total),
                "{record:#}"
            );
        }
        // Three cutoffs of 220 ms one after another, and the process's own
        // start and stop.
        assert!(wall < Duration::from_millis(3 * 220 + 1500), "{wall:?}");
    }
}

#[test]
fn a_close_after_the_headers_and_a_reset_are_failures_with_their_cause() {
    for (answer, cause) in [
        (
            Answer::CloseAfterHeaders { status: 200 },
            "after the answer's head",
        ),
        (Answer::Reset, "before any answer"),
    ] {
        let server = http(answer);
        let (output, report) = deliver(&server.url("/hook"), &["--count", "2", "--budget", "1s"]);
        // However fast it breaks, a broken connection is no timeout.
        assert_findings(&output, &report, &["error delivery-broken"]);
        let broken = message(&report, "delivery-broken");
        assert!(broken.contains(cause), "{report:#}");
        assert!(
            broken.contains("reset or closed before a full answer, after"),
            "{broken}"
        );
        assert!(deliveries(&report).iter().all(|d| d["outcome"] == "broken"));
    }
}

#[test]
fn a_100_mb_answer_is_read_only_as_far_as_the_bound() {
    let server = http(Answer::Huge {
        status: 200,
        bytes: 100_000_000,
    });
    let started = Instant::now();
    let (output, report) = deliver(&server.url("/hook"), &["--count", "2"]);
    // The status decides; the body is read to 1 MiB and the connection
    // dropped, so each delivery opens a new one.
    assert_findings(&output, &report, &[]);
    assert_eq!(report["delivery"]["reused"], 0);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_slow_tls_handshake_counts_against_the_budget() {
    let server = HookServer::start(HookOptions {
        handshake_delay: Duration::from_millis(400),
        ..HookOptions::https(fixtures::case("good"), Answer::ok())
    });
    let (output, report) = deliver(&server.url("/hook"), &["--count", "1", "--budget", "300ms"]);
    assert_findings(&output, &report, &["error delivery-timeout"]);
    assert_eq!(deliveries(&report)[0]["detail"], "stuck the TLS handshake");

    let (output, report) = deliver(&server.url("/hook"), &["--count", "2", "--budget", "2s"]);
    assert_findings(&output, &report, &[]);
    let first = &deliveries(&report)[0]["phases_ms"];
    assert!(ms(&first["tls"]) >= Duration::from_millis(400), "{first:#}");
    // The second goes over the kept connection: no handshake to wait for.
    let second = &deliveries(&report)[1];
    assert_eq!(
        (&second["reused"], &second["phases_ms"]["tls"]),
        (&Value::Bool(true), &Value::Null)
    );
}

#[test]
fn https_goes_over_http2_when_the_server_offers_it_and_http11_otherwise() {
    for (http2, protocol) in [(true, "HTTP/2"), (false, "HTTP/1.1")] {
        let server = https(Answer::ok(), http2);
        let (output, report) = deliver(&server.url("/hook"), &["--count", "3"]);
        assert_findings(&output, &report, &[]);
        for record in deliveries(&report) {
            assert_eq!(record["protocol"], protocol);
            assert!(record["succeeded"].as_bool().expect("a bool"));
        }
        let phases = &report["delivery"]["phases_ms"];
        assert!(
            phases["connect"].is_number() && phases["tls"].is_number(),
            "{phases:#}"
        );
        assert!(server.served().iter().all(|s| s.protocol == protocol));
        assert_eq!(server.connections(), 1);
    }
}

#[test]
fn a_chain_the_strict_client_refuses_is_a_tls_failure() {
    let server = https(Answer::ok(), true);
    // The built-in Mozilla roots do not include the fixture root.
    let (output, report) = support::run_json(&[
        "deliver",
        &server.url("/hook"),
        "--count",
        "1",
        "--format",
        "json",
    ]);
    assert_findings(&output, &report, &["error tls-handshake-failed"]);
    assert!(server.served().is_empty());
}

#[test]
fn signatures_verify_at_the_receiver_and_a_refusal_is_named() {
    let server = http(Answer::Receiver(hookcheck_testkit::Receiver::careful(
        hookcheck_profile::default_profile(),
        "s3cret",
    )));
    let url = server.url("/hook");
    let (output, report) = deliver(&url, &["--count", "2", "--secret", "s3cret"]);
    assert_findings(&output, &report, &[]);
    assert_eq!(report["delivery"]["signed_with"], 1);
    // During a rotation the header carries one value per secret.
    let (output, report) = deliver(
        &url,
        &["--count", "2", "--secret", "old", "--secret", "s3cret"],
    );
    assert_findings(&output, &report, &[]);
    let header = server
        .served()
        .last()
        .and_then(|s| s.header("cronofy-hmac-sha256").map(str::to_owned));
    assert_eq!(header.map(|h| h.split(',').count()), Some(2));
    // A receiver checking with another secret refuses correctly signed
    // deliveries.
    let (output, report) = deliver(&url, &["--count", "2", "--secret", "another"]);
    assert_findings(&output, &report, &["error delivery-rejects-signed"]);
}

/// Every sender's deliveries, to a receiver built as that sender's
/// documentation asks: each verifies (a timestamped scheme's signed now, an
/// id of its own each time), the handshake is answered, and a receiver
/// holding another secret refuses them all, by name.
#[test]
fn each_provider_delivers_as_it_does_and_a_careful_receiver_accepts_it() {
    let secret = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";
    for profile in &hookcheck_profile::PROFILES {
        let name = profile.name;
        let server = http(Answer::Receiver(hookcheck_testkit::Receiver::careful(
            profile, secret,
        )));
        let url = server.url("/hook");
        let args = ["--provider", name, "--count", "3", "--secret", secret];
        let (output, report) = deliver(&url, &args);
        assert_findings(&output, &report, &[]);
        let requests = server.served();
        assert_eq!(requests.len(), 3, "{name}");
        let first = requests[0].header(profile.event_header().unwrap_or("-"));
        if let Some(first) = first {
            assert_eq!(
                Some(first),
                profile.events.names().first().copied(),
                "{name}"
            );
        }
        if let Some(id) = profile.id_header() {
            let ids: std::collections::HashSet<_> = requests
                .iter()
                .filter_map(|request| request.header(id))
                .collect();
            assert_eq!(ids.len(), 3, "{name}: one id per delivery");
        }
        assert_eq!(
            report["delivery"]["provider"], name,
            "the report names its judge"
        );
        let budget = report["delivery"]["budget_ms"].as_f64().expect("a budget");
        assert!(
            (budget - profile.budget.value().as_secs_f64() * 1e3).abs() < 1e-6,
            "{name}: judged against its own budget, not {budget} ms"
        );
        let other = "whsec_YW5vdGhlci1zZWNyZXQtb2YtdGhlLWVuZHBvaW50";
        let (output, report) = deliver(
            &url,
            &["--provider", name, "--count", "2", "--secret", other],
        );
        assert_findings(&output, &report, &["error delivery-rejects-signed"]);
        let fix = support::finding(&report, "delivery-rejects-signed")["fix"]
            .as_str()
            .expect("a fix");
        assert!(fix.contains(&profile.scheme.to_string()), "{name}: {fix}");
    }
    // Nothing is sent: the event is refused before any connection.
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "deliver",
            "http://127.0.0.1:9/",
            "--provider",
            "github",
            "--type",
            "change",
        ])
        .output()
        .expect("hookcheck runs");
    support::assert_tool_failure(
        &output,
        "github sends no `change` event (it sends ping, push)",
    );
}

/// The retry outlook is the sender's: Slack's three published retries,
/// GitHub's none, the calendar API's model over its day.
#[test]
fn the_retry_outlook_follows_the_providers_schedule() {
    let server = http(Answer::status(500));
    let url = server.url("/hook");
    let outlook = |provider: &str| {
        let (_, report) = deliver(&url, &["--provider", provider, "--count", "2"]);
        report["delivery"]["retry"].clone()
    };
    let slack = outlook("slack");
    assert_eq!(
        slack["model"]["delays_s"],
        serde_json::json!([0.0, 60.0, 300.0])
    );
    assert_eq!(slack["attempts"], 4);
    let github = outlook("github");
    assert_eq!(github["model"]["delays_s"], serde_json::json!([]));
    assert_eq!(github["attempts"], 1);
    assert_eq!(github["channel_closes"], true);
    let cronofy = outlook("cronofy");
    assert!(
        cronofy["model"].get("delays_s").is_none(),
        "a model, not published times"
    );
    assert_eq!(
        cronofy["model"]["gives_up"],
        "the channel is closed for good"
    );
    assert_eq!(cronofy["attempts"], 29);
    let human = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["deliver", &url, "--provider", "github", "--count", "1"])
        .output()
        .expect("hookcheck runs");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("retries: none"), "{text}");
    assert!(text.contains("and the provider does not retry"), "{text}");
}

#[test]
fn a_single_worker_endpoint_degrades_under_a_burst() {
    let server = http(Answer::Serial {
        status: 200,
        work: Duration::from_millis(60),
    });
    let (output, report) = deliver(
        &server.url("/hook"),
        &["--count", "3", "--burst", "10", "--budget", "300ms"],
    );
    let found = findings(&report);
    assert!(
        found.contains("warning delivery-burst-degraded"),
        "{found:?}"
    );
    assert!(found.contains("error delivery-timeout"), "{found:?}");
    assert_eq!(output.status.code(), Some(1));
    let burst = &report["delivery"]["burst"];
    assert_eq!(burst["size"], 10);
    assert!(
        burst["succeeded"].as_u64().expect("a count") < 10,
        "{burst:#}"
    );
    assert_eq!(report["delivery"]["attempts"], 13);
}

#[test]
fn concurrent_deliveries_share_a_few_kept_connections() {
    let server = http(Answer::ok());
    let (output, report) = deliver(
        &server.url("/hook"),
        &["--count", "40", "--concurrency", "4"],
    );
    assert_findings(&output, &report, &[]);
    let delivery = &report["delivery"];
    assert_eq!(delivery["succeeded"], 40);
    assert_eq!(server.connections(), 4);
    assert_eq!(delivery["reused"], 36);
    let numbers: Vec<u64> = deliveries(&report)
        .iter()
        .map(|d| d["n"].as_u64().expect("n"))
        .collect();
    assert_eq!(numbers, (1..=40).collect::<Vec<u64>>());
}

#[test]
fn unreachable_and_refused_targets_fail_before_any_request() {
    let server = http(Answer::ok());
    let (output, report) = deliver(&server.url("/hook"), &["--count", "1", "--deny-private"]);
    assert_findings(&output, &report, &["error url-not-public"]);
    assert_eq!(deliveries(&report)[0]["outcome"], "not-public");
    assert!(server.served().is_empty());
    assert!(report["delivery"].get("latency_ms").is_none());

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("an address")
    };
    let (output, report) = deliver(&format!("http://{closed}/hook"), &["--count", "2"]);
    assert_findings(&output, &report, &["error delivery-connect-failed"]);
}

#[test]
fn a_chosen_type_or_a_file_is_what_gets_sent() {
    let server = http(Answer::ok());
    let (output, _) = deliver(
        &server.url("/hook"),
        &["--count", "2", "--type", "profile_disconnected"],
    );
    assert_eq!(output.status.code(), Some(0));
    for request in server.served() {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON");
        assert_eq!(body["notification"]["type"], "profile_disconnected");
    }

    let server = http(Answer::ok());
    let file = fixtures::dir().join("../payloads/captured/change.json");
    let file = file.to_str().expect("a UTF-8 path");
    let (output, report) = deliver(&server.url("/hook"), &["--count", "2", "--body", file]);
    assert_eq!(output.status.code(), Some(0));
    let bytes = std::fs::read(file).expect("the fixture");
    assert!(
        server.served().iter().all(|s| s.body == bytes),
        "sent byte for byte"
    );
    assert_eq!(deliveries(&report)[0]["bytes"], bytes.len());
}

#[test]
fn bad_options_are_one_line_errors() {
    for args in [
        &["deliver", "ftp://127.0.0.1/hook"][..],
        &[
            "deliver",
            "http://127.0.0.1:9/hook",
            "--type",
            "gdpr_requested",
        ],
        &[
            "deliver",
            "http://127.0.0.1:9/hook",
            "--body",
            "/no/such/file",
        ],
        &["deliver", "http://127.0.0.1:9/hook", "--count", "0"],
        &["deliver", "http://127.0.0.1:9/hook", "--budget", "soon"],
        &["deliver", "http://127.0.0.1:9/hook", "--secret", ""],
        &[
            "deliver",
            "http://127.0.0.1:9/hook",
            "--retry-factor",
            "0.5",
        ],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
            .args(args)
            .output()
            .expect("hookcheck runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn the_human_report_shows_the_histogram_within_80_columns() {
    let server = http(Answer::delayed(200, Duration::from_millis(2)));
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args([
            "deliver",
            &server.url("/hook"),
            "--count",
            "10",
            "--burst",
            "5",
        ])
        .output()
        .expect("hookcheck runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.starts_with("✔ ready"), "{text}");
    for expected in [
        "15 of 15 succeeded",
        "latency  p50",
        "p99 margin",
        "│█",
        "burst of 5",
        "retry model",
    ] {
        assert!(text.contains(expected), "no `{expected}` in\n{text}");
    }
    assert!(
        text.lines().all(|line| line.chars().count() <= 80),
        "{text}"
    );
}

#[test]
fn a_slow_first_delivery_is_a_cold_start() {
    let server = http(Answer::ColdStart {
        first: Duration::from_millis(300),
    });
    let (output, report) = deliver(&server.url("/hook"), &["--count", "5"]);
    assert_findings(&output, &report, &["warning delivery-cold-start"]);
    assert!(ms(&deliveries(&report)[0]["phases_ms"]["total"]) >= Duration::from_millis(300));
}

#[test]
fn the_retry_outlook_follows_the_stated_model() {
    let server = http(Answer::status(503));
    let (output, report) = deliver(
        &server.url("/hook"),
        &[
            "--count",
            "2",
            "--retry-first",
            "10m",
            "--retry-factor",
            "1",
            "--retry-window",
            "1h",
        ],
    );
    assert_findings(&output, &report, &["error delivery-non-2xx"]);
    let retry = &report["delivery"]["retry"];
    // Every 10 minutes for an hour: at 0, 10, …, 60 minutes.
    assert_eq!(retry["attempts"], 7, "{retry:#}");
    assert_eq!(retry["last_attempt_s"], 3600.0);
    assert_eq!(retry["model"]["first_retry_s"], 600.0);
    assert_eq!(
        (&retry["failure_rate"], &retry["channel_closes"]),
        (&Value::from(1.0), &Value::Bool(true))
    );
}

#[test]
fn thresholds_set_when_margins_draw_warnings() {
    let server = http(Answer::delayed(200, Duration::from_millis(20)));
    let url = server.url("/hook");
    let (output, report) = deliver(&url, &["--count", "3"]);
    assert_findings(&output, &report, &[]);
    let (output, report) = deliver(&url, &["--count", "3", "--slow", "10ms"]);
    assert_findings(&output, &report, &["warning delivery-slow"]);
    assert!(message(&report, "delivery-slow").contains("over the 10 ms threshold"));
}

/// A receiver as Python's `http.server` writes: the head, then the body,
/// with Nagle's algorithm on, so the body waits until the head is
/// acknowledged. Each delivery over the kept connection is measured as the
/// server answers (the client acknowledges at once), and the one delivery
/// made with delayed acknowledgements shows the wait, as an info finding.
/// Written in one piece, Nagle's algorithm or not, nothing waits.
#[test]
fn an_answer_whose_body_waits_for_the_acknowledgement_is_timed_without_it_and_named() {
    for (writes, expected) in [
        (
            Writes::HeadThenBodyWithNagle,
            &["info delivery-delayed-ack"][..],
        ),
        (Writes::WholeWithNagle, &[][..]),
    ] {
        let server = HookServer::start(HookOptions {
            writes,
            ..HookOptions::http(Answer::ok())
        });
        let (output, report) = deliver(&server.url("/hook"), &["--count", "10"]);
        assert_findings(&output, &report, expected);
        let requests = server.served();
        let mut errors: Vec<Duration> = deliveries(&report)
            .iter()
            .zip(&requests)
            .filter(|(record, _)| record["reused"] == true)
            .map(|(record, request)| {
                let total = ms(&record["phases_ms"]["total"]);
                assert!(total >= request.elapsed, "{record:#}");
                total.saturating_sub(request.elapsed)
            })
            .collect();
        assert_eq!(errors.len(), 9, "{report:#}");
        errors.sort();
        // The median within 2 ms of the server's own time; each below the
        // 40 ms a delayed acknowledgement costs, with room for a debug binary
        // on a loaded machine.
        assert!(errors[4] < Duration::from_millis(2), "{errors:?}");
        assert!(
            errors.iter().all(|e| *e < Duration::from_millis(30)),
            "{errors:?}"
        );
        let probe = &report["delivery"]["ack_probe"];
        if writes == Writes::HeadThenBodyWithNagle {
            // One more request, over the kept connection, not counted.
            assert_eq!(requests.len(), 11);
            assert_eq!((&probe["n"], &probe["reused"]), (&11.into(), &true.into()));
            assert_eq!(report["delivery"]["attempts"], 10);
            let found = message(&report, "delivery-delayed-ack");
            assert!(
                found.contains("when hookcheck delayed its acknowledgement"),
                "{found}"
            );
            let delayed = report["findings"][0]["facts"]["body_delayed_acks_ms"]
                .as_u64()
                .expect("the body's wait");
            assert!(delayed >= 30, "{report:#}");
        } else {
            assert!(
                probe.is_null(),
                "answers in one piece need no probe: {report:#}"
            );
            assert_eq!(requests.len(), 10);
        }
    }
}

/// A server that closes every kept connection right behind its answer
/// (without `connection: close`, as an idle timeout does): each later
/// delivery finds the connection closed before writing its request, opens
/// a new one and succeeds, once each, and the report counts them.
#[test]
fn a_kept_connection_closed_while_idle_is_replaced_and_counted() {
    let server = HookServer::start(HookOptions {
        idle_close: Some(Duration::ZERO),
        ..HookOptions::http(Answer::ok())
    });
    let (output, report) = deliver(&server.url("/hook"), &["--count", "3"]);
    assert_findings(&output, &report, &[]);
    let delivery = &report["delivery"];
    assert_eq!(
        (
            &delivery["succeeded"],
            &delivery["reconnected"],
            &delivery["reused"]
        ),
        (&3.into(), &2.into(), &0.into()),
        "{delivery:#}"
    );
    let reconnected: Vec<Option<bool>> = deliveries(&report)
        .iter()
        .map(|d| d["reconnected"].as_bool())
        .collect();
    assert_eq!(reconnected, [Some(false), Some(true), Some(true)]);
    // Each request sent once, each over a connection of its own.
    assert_eq!((server.served().len(), server.connections()), (3, 3));

    let text = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["deliver", &server.url("/hook"), "--count", "3"])
        .output()
        .expect("hookcheck runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("2 reconnected: the server had closed"),
        "{text}"
    );
}

#[test]
fn a_burst_past_the_open_file_limit_is_the_tools_failure_not_the_endpoints() {
    let server = http(Answer::ok());
    let url = server.url("/hook");
    // Twenty descriptors: the runtime and the standard streams take some,
    // and a burst of forty connections at once cannot all have one.
    let output = Command::new("sh")
        .args(["-c", "ulimit -n 20 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["deliver", &url, "--count", "1", "--burst", "40"])
        .output()
        .expect("sh runs");
    support::assert_tool_failure(&output, "ran out of a local resource");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ulimit -n"), "{stderr}");
    assert!(!stderr.contains("delivery-connect-failed"), "{stderr}");
}
