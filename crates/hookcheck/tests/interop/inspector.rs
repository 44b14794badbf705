//! `listen`'s browser inspector in a real headless browser: Chromium from
//! Debian's packages, driven by `chromedriver` over WebDriver (plain HTTP
//! and JSON). A delivery sent to `listen` appears on the open page without
//! a reload, and pressing Replay makes the app receive it again.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hookcheck_testkit::{Answer, HookOptions, HookServer};
use serde_json::{Value, json};

/// A process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; the answer's body as JSON.
fn call(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    try_call(port, method, path, body)
        .unwrap_or_else(|error| panic!("{method} {path} on port {port}: {error}"))
}

fn try_call(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    // The head, then as much body as it declares (chromedriver may keep the
    // connection open whatever the request asked).
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        head.push_str(&line.to_lowercase());
    }
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok());
    let mut content = Vec::new();
    match length {
        Some(length) => {
            content.resize(length, 0);
            reader.read_exact(&mut content)?;
        }
        None => {
            reader.read_to_end(&mut content)?;
            if head.contains("transfer-encoding: chunked") {
                content = unchunk(&content);
            }
        }
    }
    Ok(serde_json::from_slice(&content).unwrap_or(Value::Null))
}

/// A chunked body's content.
fn unchunk(mut chunked: &[u8]) -> Vec<u8> {
    let mut content = Vec::new();
    while let Some(end) = chunked.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&chunked[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        content.extend_from_slice(&chunked[end + 2..end + 2 + size]);
        chunked = &chunked[end + 2 + size + 2..];
    }
    content
}

/// A WebDriver session of headless Chromium.
struct Browser {
    port: u16,
    session: String,
    _driver: Running,
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Running(
            Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the interop tier needs chromedriver (apt-get install chromium-driver)"),
        );
        let started = Instant::now();
        while !try_call(port, "GET", "/status", None)
            .is_ok_and(|status| status["value"]["ready"] == json!(true))
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1400,900"],
            },
        }}});
        let created = call(port, "POST", "/session", Some(&capabilities));
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_owned();
        Browser {
            port,
            session,
            _driver: driver,
        }
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        call(self.port, method, &path, body)["value"].clone()
    }

    fn script(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// The element `css` selects, waited for up to 10 s.
    fn element(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let found = self.command(
                "POST",
                "/element",
                Some(&json!({"using": "css selector", "value": css})),
            );
            if let Some(id) = found
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_str)
            {
                return id.to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no {css} on the page: {found}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the element `css` selects, as a user would (the browser
    /// refuses a click on an element being redrawn: then again, for up to
    /// 10 s).
    fn click(&self, css: &str) {
        let started = Instant::now();
        loop {
            let id = self.element(css);
            let clicked = self.command("POST", &format!("/element/{id}/click"), Some(&json!({})));
            if clicked.get("error").is_none() {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "cannot click {css}: {clicked}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The text of the element `css` selects, once there is one (waited
    /// for up to 10 s).
    fn text(&self, css: &str) -> String {
        let script = format!(
            "const found = document.querySelector({}); return found ? found.textContent : null;",
            json!(css)
        );
        let started = Instant::now();
        loop {
            if let Some(text) = self.script(&script).as_str() {
                return text.to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no {css} on the page"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = call(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

#[test]
fn a_delivery_appears_live_in_the_inspector_and_replay_reaches_the_app() {
    let app = HookServer::start(HookOptions::http(Answer::ok()));
    let history = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("inspector.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", history.display()));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["listen", "--port", "0", "--secret", "s3cret", "--forward"])
        .arg(app.url("/hooks"))
        .arg("--history")
        .arg(&history)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hookcheck runs");
    let mut banner = BufReader::new(child.stderr.take().expect("stderr"));
    let mut port_of = || {
        let mut line = String::new();
        banner.read_line(&mut line).expect("a banner line");
        line.split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse::<u16>().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
    };
    let (listen_port, inspector_port) = (port_of(), port_of());
    let _listen = Running(child);

    let browser = Browser::start();
    browser.command(
        "POST",
        "/url",
        Some(&json!({"url": format!("http://127.0.0.1:{inspector_port}/")})),
    );
    // Live: subscribed to the events, the kept deliveries loaded.
    let started = Instant::now();
    while browser.text("#status") != "live" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the page never went live"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    browser.script("window.hookcheckMarker = 'loaded once';");

    let body = hookcheck_testkit::fixtures::captured("change");
    let mut stream = TcpStream::connect(("127.0.0.1", listen_port)).expect("a connection");
    write!(
        stream,
        "POST /cal HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .expect("a request");
    stream.write_all(&body).expect("a body");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // It appears without a reload: the page's own state is still there.
    let row = browser.text("#delivery-1");
    assert!(row.contains("change") && row.contains("POST /cal"), "{row}");
    assert_eq!(
        browser.script("return window.hookcheckMarker;"),
        json!("loaded once")
    );

    browser.click("#delivery-1");
    browser.click("#replay");
    let started = Instant::now();
    loop {
        let outcome = browser.text("#replay-outcome");
        if outcome.starts_with("replayed") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no replay outcome: {outcome:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let served = app.served();
    assert_eq!(served.len(), 2, "the app received it again");
    assert_eq!(served[1].body, body);
    assert_eq!(served[1].path, "/hooks/cal");
    assert!(
        served[1].header("cronofy-hmac-sha256").is_some(),
        "re-signed"
    );

    if let Some(path) = std::env::var_os("HOOKCHECK_INSPECTOR_SCREENSHOT") {
        let png = browser.command("GET", "/screenshot", None);
        let png = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            png.as_str().unwrap_or_default(),
        )
        .expect("a PNG");
        std::fs::write(path, png).expect("the screenshot written");
    }
}
