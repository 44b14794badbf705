//! The web-hook receiver itself, on loopback: each answer as a client sees
//! it (raw bytes over TCP for HTTP/1.1, hyper's client over TLS for HTTP/2),
//! and what the server recorded.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::io::{self, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hookcheck_testkit::fixtures;
use hookcheck_testkit::{Answer, HookOptions, HookServer, Served, Writes};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

const CLOSE: &str = "connection: close";

/// A JSON POST with these extra header lines.
fn post(path: &str, headers: &[&str], body: &str) -> String {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nhost: hooks.test\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n",
        body.len()
    );
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    request.push_str(body);
    request
}

/// Sends `request` on a new connection and reads until the server closes
/// it: the answer's bytes, or the error the reading ended with.
fn exchange(addr: SocketAddr, request: &str) -> io::Result<Vec<u8>> {
    let mut tcp = TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(Duration::from_secs(3)))?;
    tcp.write_all(request.as_bytes())?;
    let mut answer = Vec::new();
    tcp.read_to_end(&mut answer)?;
    Ok(answer)
}

/// An answer's head (as text) and body.
fn split(answer: &[u8]) -> (String, Vec<u8>) {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    (
        String::from_utf8_lossy(&answer[..end + 2]).into_owned(),
        answer[end + 4..].to_vec(),
    )
}

fn start(answer: Answer) -> HookServer {
    HookServer::start(HookOptions::http(answer))
}

/// Waits (2 s at most) until the server has read `count` requests.
fn wait_for_requests(server: &HookServer, count: usize) -> Vec<Served> {
    let deadline = Instant::now() + Duration::from_secs(2);
    while server.served().len() < count && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.served()
}

#[test]
fn an_answer_is_sent_after_its_delay_and_the_request_recorded() {
    let server = start(Answer::Status {
        status: 201,
        delay: Duration::from_millis(100),
        headers: vec![("Location".to_owned(), "/elsewhere".to_owned())],
        body: b"made".to_vec(),
    });
    assert_eq!(
        server.url("/hook"),
        format!("http://127.0.0.1:{}/hook", server.addr().port())
    );
    let started = Instant::now();
    let answer = exchange(
        server.addr(),
        &post("/hook?id=1", &["X-Custom: Value", CLOSE], r#"{"a":1}"#),
    )
    .expect("an answer");
    assert!(started.elapsed() >= Duration::from_millis(100));
    let (head, body) = split(&answer);
    assert!(head.starts_with("HTTP/1.1 201 Created\r\n"), "{head}");
    assert!(head.contains("\r\nlocation: /elsewhere\r\n"), "{head}");
    assert!(head.contains("\r\ncontent-length: 4\r\n"), "{head}");
    assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
    assert_eq!(body, b"made");

    let log = server.served();
    assert_eq!(log.len(), 1);
    let request = &log[0];
    assert_eq!(request.protocol, "HTTP/1.1");
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/hook?id=1");
    assert!(
        request
            .headers
            .contains(&("x-custom".to_owned(), "Value".to_owned()))
    );
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.body, br#"{"a":1}"#);
    assert!(request.elapsed >= Duration::from_millis(100));
    assert!(request.elapsed < Duration::from_secs(1));
    assert_eq!(server.connections(), 1);
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection_unless_turned_off() {
    let server = start(Answer::ok());
    let pipelined = post("/one", &[], "{}") + &post("/two", &[CLOSE], "{}");
    let answer = exchange(server.addr(), &pipelined).expect("two answers");
    let text = String::from_utf8_lossy(&answer);
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{text}");
    let paths: Vec<String> = server.served().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/one", "/two"]);
    assert_eq!(server.connections(), 1);

    let server = HookServer::start(HookOptions {
        keep_alive: false,
        ..HookOptions::http(Answer::ok())
    });
    // No `connection: close` asked for: the server closes all the same.
    let answer = exchange(server.addr(), &post("/", &[], "{}")).expect("an answer");
    let (head, body) = split(&answer);
    assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
    assert_eq!(body, b"ok");
}

/// Sends `request` on a kept connection and reads one answer with a
/// `body` of that many bytes: the bytes of each read, and when it returned.
fn pieces(tcp: &mut TcpStream, request: &str, body: usize) -> Vec<(Instant, Vec<u8>)> {
    tcp.write_all(request.as_bytes()).expect("send");
    let mut pieces = Vec::new();
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    while answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .is_none_or(|end| answer.len() < end + 4 + body)
    {
        // A client that delays its acknowledgements, as most stacks do on a
        // kept connection (set again before each read: the kernel clears it).
        #[cfg(any(target_os = "linux", target_os = "android"))]
        socket2::SockRef::from(&*tcp)
            .set_tcp_quickack(false)
            .expect("delayed acknowledgements");
        let n = tcp.read(&mut buffer).expect("read");
        assert!(n > 0, "closed mid-answer");
        answer.extend_from_slice(&buffer[..n]);
        pieces.push((Instant::now(), buffer[..n].to_vec()));
    }
    pieces
}

#[test]
fn an_answer_leaves_in_one_write_unless_its_head_goes_apart() {
    let server = start(Answer::ok());
    let mut tcp = TcpStream::connect(server.addr()).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a read timeout");
    for _ in 0..3 {
        let pieces = pieces(&mut tcp, &post("/", &[], "{}"), 2);
        assert_eq!(pieces.len(), 1, "head and body in one read: {pieces:?}");
    }

    // Python's http.server: the head, then the body, Nagle's algorithm on.
    let server = HookServer::start(HookOptions {
        writes: Writes::HeadThenBodyWithNagle,
        ..HookOptions::http(Answer::ok())
    });
    let mut tcp = TcpStream::connect(server.addr()).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a read timeout");
    let mut lags = Vec::new();
    for _ in 0..3 {
        let pieces = pieces(&mut tcp, &post("/", &[], "{}"), 2);
        let whole: Vec<u8> = pieces.iter().flat_map(|(_, bytes)| bytes.clone()).collect();
        let (head, body) = split(&whole);
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert_eq!(body, b"ok");
        lags.push(pieces[pieces.len() - 1].0 - pieces[0].0);
    }
    // On the kept connection the body waits for the acknowledgement of the
    // head, which the client delays (40 ms at least on Linux): a lower
    // bound, which a loaded machine only makes longer.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    assert!(
        lags[1..]
            .iter()
            .all(|lag| *lag >= Duration::from_millis(30)),
        "{lags:?}"
    );
}

#[test]
fn an_idle_kept_connection_is_closed_without_a_word() {
    // Right behind the answer: one answer, no `connection: close`, then the
    // end of the connection.
    let server = HookServer::start(HookOptions {
        idle_close: Some(Duration::ZERO),
        ..HookOptions::http(Answer::ok())
    });
    let answer = exchange(server.addr(), &post("/", &[], "{}")).expect("an answer");
    let (head, body) = split(&answer);
    assert!(!head.contains("connection: close"), "{head}");
    assert_eq!(body, b"ok");

    // After 100 ms of idleness: a request sent at once is answered on the
    // same connection, then it closes once idle.
    let idle = Duration::from_millis(100);
    let server = HookServer::start(HookOptions {
        idle_close: Some(idle),
        ..HookOptions::http(Answer::ok())
    });
    let mut tcp = TcpStream::connect(server.addr()).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a read timeout");
    pieces(&mut tcp, &post("/", &[], "{}"), 2);
    pieces(&mut tcp, &post("/", &[], "{}"), 2);
    let mut rest = Vec::new();
    tcp.read_to_end(&mut rest).expect("closed by the server");
    assert!(rest.is_empty());
    assert_eq!((server.served().len(), server.connections()), (2, 1));
}

#[test]
fn reset_is_a_connection_reset_on_http1() {
    let server = start(Answer::Reset);
    let error = exchange(server.addr(), &post("/", &[CLOSE], "{}")).expect_err("a reset");
    assert_eq!(error.kind(), io::ErrorKind::ConnectionReset, "{error}");
    assert_eq!(server.served().len(), 1);
}

#[test]
fn close_after_headers_ends_the_answer_before_its_body() {
    let server = start(Answer::CloseAfterHeaders { status: 200 });
    let answer = exchange(server.addr(), &post("/", &[], "{}")).expect("a closed answer");
    let (head, body) = split(&answer);
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("\r\ncontent-length: 1000\r\n"), "{head}");
    assert!(body.is_empty());
}

#[test]
fn huge_streams_a_hundred_megabytes() {
    const BYTES: u64 = 100_000_000;
    let server = start(Answer::Huge {
        status: 200,
        bytes: BYTES,
    });
    let started = Instant::now();
    let mut tcp = TcpStream::connect(server.addr()).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a read timeout");
    tcp.write_all(post("/", &[CLOSE], "{}").as_bytes())
        .expect("send");
    let mut buffer = vec![0; 1 << 16];
    let mut first = Vec::new();
    let mut total = 0_u64;
    loop {
        let n = tcp.read(&mut buffer).expect("read");
        if n == 0 {
            break;
        }
        if first.is_empty() {
            first = buffer[..n].to_vec();
        }
        total += n as u64;
    }
    let (head, _) = split(&first);
    assert!(head.contains("\r\ncontent-length: 100000000\r\n"), "{head}");
    assert_eq!(total, head.len() as u64 + 2 + BYTES);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn trickle_sends_the_head_at_once_and_the_body_a_byte_at_a_time() {
    let interval = Duration::from_millis(100);
    let server = start(Answer::Trickle {
        status: 200,
        bytes: 3,
        interval,
    });
    let started = Instant::now();
    let mut tcp = TcpStream::connect(server.addr()).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(3)))
        .expect("a read timeout");
    tcp.write_all(post("/", &[CLOSE], "{}").as_bytes())
        .expect("send");
    let mut head = [0; 1024];
    let n = tcp.read(&mut head).expect("the head");
    assert!(started.elapsed() < interval);
    let (head, body) = split(&head[..n]);
    assert!(head.contains("\r\ncontent-length: 3\r\n"), "{head}");
    assert!(body.is_empty());
    let mut body = Vec::new();
    tcp.read_to_end(&mut body).expect("the body");
    assert_eq!(body, b"xxx");
    assert!(started.elapsed() >= interval * 3);
}

#[test]
fn serial_answers_a_burst_one_request_at_a_time() {
    let work = Duration::from_millis(80);
    let server = start(Answer::Serial { status: 200, work });
    let addr = server.addr();
    let all = Instant::now();
    let clients: Vec<_> = (0..5)
        .map(|_| {
            std::thread::spawn(move || {
                let started = Instant::now();
                let answer = exchange(addr, &post("/", &[CLOSE], "{}")).expect("an answer");
                assert!(answer.starts_with(b"HTTP/1.1 200 OK\r\n"));
                started.elapsed()
            })
        })
        .collect();
    let mut waits: Vec<Duration> = clients
        .into_iter()
        .map(|client| client.join().expect("a client"))
        .collect();
    waits.sort();
    // One at a time, however the clients were scheduled: the five took five
    // works in all, and none took less than one.
    assert!(waits[0] >= work, "{waits:?}");
    assert!(all.elapsed() >= work * 5, "{waits:?}");
    // The server's own times include the queueing.
    let slowest = server.served().iter().map(|s| s.elapsed).max();
    assert!(slowest >= Some(work), "{slowest:?}");
}

#[test]
fn dropping_a_server_that_holds_a_connection_open_returns_promptly() {
    let server = start(Answer::NeverAnswer);
    let mut tcp = TcpStream::connect(server.addr()).expect("connect");
    tcp.write_all(post("/", &[], "{}").as_bytes())
        .expect("send");
    assert_eq!(wait_for_requests(&server, 1).len(), 1);
    tcp.set_read_timeout(Some(Duration::from_millis(100)))
        .expect("a read timeout");
    let mut buffer = [0; 64];
    let silence = tcp.read(&mut buffer).expect_err("no answer");
    assert!(
        matches!(
            silence.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ),
        "{silence}"
    );

    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_millis(500));
    tcp.set_read_timeout(Some(Duration::from_secs(2)))
        .expect("a read timeout");
    // The connection is gone with the server: an end or a reset, not a wait.
    match tcp.read(&mut buffer) {
        Ok(n) => assert_eq!(n, 0),
        Err(error) => assert_eq!(error.kind(), io::ErrorKind::ConnectionReset, "{error}"),
    }
}

/// Connects to the host of the server's URL, verifying its certificate
/// strictly against the fixture root alone.
async fn connect_tls(server: &HookServer, alpn: &[&[u8]]) -> TlsStream<tokio::net::TcpStream> {
    let mut roots = RootCertStore::empty();
    for root in fixtures::certs(&fixtures::root_pem()) {
        roots.add(root).expect("the fixture root");
    }
    let mut config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("default protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|protocol| protocol.to_vec()).collect();
    let url = server.url("/");
    let host = url
        .strip_prefix("https://")
        .and_then(|rest| rest.rsplit_once(':'))
        .map(|(host, _)| host.to_owned())
        .expect("https://HOST:PORT/");
    let name = ServerName::try_from(host).expect("a server name");
    let tcp = tokio::net::TcpStream::connect(server.addr())
        .await
        .expect("connect");
    TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .expect("a handshake the fixture root verifies")
}

fn json_post(server: &HookServer, path: &str) -> hyper::Request<Full<Bytes>> {
    hyper::Request::post(server.url(path))
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(b"{}")))
        .expect("a request")
}

/// An HTTP/2 connection to the server, its driver spawned.
async fn connect_h2(server: &HookServer) -> http2::SendRequest<Full<Bytes>> {
    let tls = connect_tls(server, &[b"h2", b"http/1.1"]).await;
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let (sender, connection) = http2::handshake(TokioExecutor::new(), TokioIo::new(tls))
        .await
        .expect("an HTTP/2 connection");
    tokio::spawn(connection);
    sender
}

fn https(answer: Answer) -> HookServer {
    HookServer::start(HookOptions::https(fixtures::case("good"), answer))
}

#[tokio::test]
async fn http2_is_negotiated_over_tls_and_recorded() {
    let server = https(Answer::delayed(200, Duration::from_millis(50)));
    let mut sender = connect_h2(&server).await;
    let response = sender
        .send_request(json_post(&server, "/hook?id=2"))
        .await
        .expect("an answer");
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.expect("the body");
    assert_eq!(&body.to_bytes()[..], b"ok");

    let log = server.served();
    assert_eq!(log.len(), 1);
    let request = &log[0];
    assert_eq!(request.protocol, "HTTP/2");
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/hook?id=2");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body, b"{}");
    assert!(request.elapsed >= Duration::from_millis(50));
}

#[tokio::test]
async fn http2_resets_breaks_off_and_stays_silent_per_stream() {
    let server = https(Answer::Reset);
    let mut sender = connect_h2(&server).await;
    let error = sender
        .send_request(json_post(&server, "/"))
        .await
        .expect_err("a reset stream");
    assert!(format!("{error:?}").contains("INTERNAL_ERROR"), "{error:?}");

    let server = https(Answer::CloseAfterHeaders { status: 200 });
    let mut sender = connect_h2(&server).await;
    let response = sender
        .send_request(json_post(&server, "/"))
        .await
        .expect("the headers");
    assert_eq!(response.headers()["content-length"], "1000");
    response
        .into_body()
        .collect()
        .await
        .expect_err("a body that breaks off");

    let server = https(Answer::NeverAnswer);
    let mut sender = connect_h2(&server).await;
    let waiting = tokio::time::timeout(
        Duration::from_millis(100),
        sender.send_request(json_post(&server, "/")),
    )
    .await;
    assert!(waiting.is_err(), "no answer");
    assert_eq!(server.served().len(), 1);
    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn without_http2_tls_speaks_http1_after_the_handshake_delay() {
    let delay = Duration::from_millis(150);
    let server = HookServer::start(HookOptions {
        http2: false,
        handshake_delay: delay,
        ..HookOptions::https(fixtures::case("good"), Answer::ok())
    });
    let started = Instant::now();
    let tls = connect_tls(&server, &[b"h2", b"http/1.1"]).await;
    assert!(started.elapsed() >= delay);
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    let (mut sender, connection) = http1::handshake(TokioIo::new(tls))
        .await
        .expect("an HTTP/1.1 connection");
    tokio::spawn(connection);
    let request = hyper::Request::post("/hook")
        .header("host", "127.0.0.1")
        .body(Full::new(Bytes::from_static(b"{}")))
        .expect("a request");
    let response = sender.send_request(request).await.expect("an answer");
    assert_eq!(response.status(), 200);
    assert_eq!(server.served()[0].protocol, "HTTP/1.1");
}

/// Each provider's receiver: the careful one verifies under the profile's
/// scheme, refuses stale signatures, ignores repeats and answers the
/// handshake; the careless one says 200 `ok` to all of it.
#[test]
fn a_receiver_of_each_provider_is_careful_or_careless() {
    let secret = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs(),
    )
    .expect("a Unix time");
    for profile in &hookcheck_profile::PROFILES {
        let scheme = profile.scheme;
        let key = scheme.key(secret).expect("a key of every scheme");
        let body = format!(r#"{{"value":[{{"clientState":"{secret}"}}]}}"#);
        let request = |timestamp: i64, keys: &[&[u8]], body: &str, path: &str| {
            let message = hookcheck_profile::Message {
                id: "msg_1",
                timestamp,
                body: body.as_bytes(),
            };
            let headers: Vec<String> = scheme
                .sign(keys, &message)
                .into_iter()
                .map(|(name, value)| format!("{name}: {value}"))
                .chain([CLOSE.to_owned()])
                .collect();
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            post(path, &headers, body)
        };
        let careful = start(Answer::Receiver(hookcheck_testkit::Receiver::careful(
            profile, secret,
        )));
        let careless = start(Answer::Receiver(hookcheck_testkit::Receiver::careless(
            profile, secret,
        )));
        let answer = |server: &HookServer, request: &str| {
            let (head, body) = split(&exchange(server.addr(), request).expect("an answer"));
            (
                head[9..12].to_owned(),
                String::from_utf8_lossy(&body).into_owned(),
            )
        };
        let genuine = request(now, &[&key], &body, "/hook");
        let forged = request(now, &[b"another-secret-of-24-bytes"], "{}", "/hook");
        let unsigned = post("/hook", &[CLOSE], "{}");
        let name = profile.name;
        assert_eq!(answer(&careful, &genuine).0, "200", "{name}");
        assert_eq!(answer(&careful, &forged).0, "401", "{name}");
        assert_eq!(answer(&careful, &unsigned).0, "401", "{name}");
        for request in [&genuine, &forged, &unsigned] {
            assert_eq!(answer(&careless, request).0, "200", "{name}");
        }
        if scheme.is_timestamped() {
            let stale = request(now - 3_600, &[&key], &body, "/hook");
            assert_eq!(
                answer(&careful, &stale),
                ("401".to_owned(), "stale signature".to_owned()),
                "{name}"
            );
        }
        if profile.id_header().is_some() && scheme.is_timestamped() {
            // The same id again: acknowledged, not processed twice.
            assert_eq!(answer(&careful, &genuine).1, "duplicate ignored", "{name}");
        }
        match profile.handshake {
            hookcheck_profile::Handshake::ValidationToken { .. } => {
                let validation = post("/hook?validationToken=a%20b%2Bc", &[CLOSE], "");
                assert_eq!(
                    answer(&careful, &validation),
                    ("200".to_owned(), "a b+c".to_owned())
                );
                assert_eq!(answer(&careless, &validation).1, "ok");
            }
            hookcheck_profile::Handshake::EchoChallenge => {
                let challenge = r#"{"type":"url_verification","challenge":"3eZbrw1aB"}"#;
                let signed = request(now, &[&key], challenge, "/hook");
                assert_eq!(
                    answer(&careful, &signed),
                    ("200".to_owned(), "3eZbrw1aB".to_owned())
                );
                assert_eq!(answer(&careless, &signed).1, "ok");
                let forged = request(now, &[b"another-secret-of-24-bytes"], challenge, "/hook");
                assert_eq!(answer(&careful, &forged).0, "401");
            }
            hookcheck_profile::Handshake::None | hookcheck_profile::Handshake::FirstDelivery(_) => {
            }
        }
    }
}
