//! An endpoint's answer, byte for byte, through the delivery engine: what
//! hookcheck makes of it (status, `Location`, `Connection`, the body cap,
//! a broken or late answer) and the delivery report built from it. hyper
//! parses the bytes; this target is about everything hookcheck does with
//! what hyper hands over.
//!
//! The answer is sent by a server on loopback, started once: each input is
//! one real delivery over a new connection, the server answering with the
//! input's bytes and then closing its side, so that no input can make the
//! engine wait for more.

use std::io::{Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::Duration;

use hookcheck_core::{DeliveryOutcome, Report};
use hookcheck_deliver::notifications::Bodies;
use hookcheck_deliver::retry::Schedule;
use hookcheck_deliver::verdict::Thresholds;
use hookcheck_deliver::{Config, check};
use hookcheck_net::{NetPolicy, TrustStore};
use tokio::runtime::Runtime;

use crate::{assert_one_line, assert_report};

/// The budget: far more than a loopback answer needs, and a delivery that
/// ran into it would be a hang, which the target reports.
const BUDGET: Duration = Duration::from_secs(3);

/// The answer the next connection gets.
static ANSWER: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// The server's address; the server runs on a thread of its own.
static SERVER: LazyLock<SocketAddr> = LazyLock::new(|| {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // One delivery at a time: the engine waits for each answer.
            let _ = answer(stream);
        }
    });
    address
});

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
});

static CONFIG: LazyLock<Config> = LazyLock::new(|| Config {
    profile: hookcheck_profile::default_profile(),
    trust: TrustStore::mozilla(),
    net: NetPolicy::default(),
    timeout: BUDGET,
    budget: BUDGET,
    count: 1,
    concurrency: 1,
    burst: 0,
    bodies: Bodies::Sequence,
    secrets: Vec::new(),
    signing: hookcheck_deliver::notifications::Signing::Genuine,
    retry: Schedule::default(),
    thresholds: Thresholds::default(),
});

/// Reads the request (its head, then `Content-Length` bytes), answers with
/// [`ANSWER`], closes the writing side and waits for the client to close.
fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(BUDGET))?;
    let mut request = Vec::new();
    let mut buffer = [0; 4096];
    let body_at = loop {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buffer[..n]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..body_at]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while request.len() < body_at + length {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buffer[..n]);
    }
    let answer = ANSWER
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    stream.write_all(&answer)?;
    stream.shutdown(Shutdown::Write)?;
    while stream.read(&mut buffer)? > 0 {}
    Ok(())
}

/// Delivers one notification to a server that answers with `data`.
///
/// # Panics
///
/// When the report is not valid against the report's schema or a finding
/// is empty, when the delivery ran into the budget (the server
/// closed its side, so nothing is left to wait for), or when a delivery's
/// detail is not one line.
pub fn run(data: &[u8]) {
    ANSWER
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone_from(&data.to_vec());
    let url = format!("http://{}/hook", *SERVER);
    let report = match RUNTIME.block_on(check(&url, &CONFIG)) {
        Ok(report) => report,
        Err(error) => panic!("the delivery could not run: {error}"),
    };
    assert_report(&report);
    assert_delivery(&report);
}

fn assert_delivery(report: &Report) {
    let Some(delivery) = &report.delivery else {
        panic!("a delivery report without its section");
    };
    for record in delivery.deliveries.iter().chain(&delivery.ack_probe) {
        assert_ne!(
            record.outcome,
            DeliveryOutcome::TimedOut,
            "a delivery waited for an answer that had ended: {record:?}"
        );
        if let Some(detail) = &record.detail {
            assert_one_line("a delivery's detail", detail);
        }
    }
}
