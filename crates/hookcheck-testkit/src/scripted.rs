//! A scripted server for what no available library will serve any more: it
//! reads a `ClientHello` (SSL 2.0 to TLS 1.3) and answers with the
//! `ServerHello` a server configured with the given protocols and suites
//! would send (SSL 3.0, RC4, export, an SSL 2.0 `SERVER-HELLO`), or a
//! `handshake_failure` alert. It never goes further: probes only read the
//! first flight. Given a chain, it sends it in that flight as a TLS 1.2
//! server with static RSA key exchange does (`ServerHello`, `Certificate`,
//! `ServerHelloDone`), in small records, so that the Certificate message
//! spans several of them as a large chain's does.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustls::pki_types::CertificateDer;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::{Running, localhost_v4};

/// What the scripted server accepts.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// Record-layer versions accepted: 0x0300 (SSL 3.0) … 0x0303 (TLS 1.2).
    pub versions: Vec<u16>,
    /// Suites accepted, in the server's order of preference.
    pub suites: Vec<u16>,
    /// SSL 2.0 cipher kinds listed in answer to an SSL 2.0 hello; empty:
    /// SSL 2.0 is refused.
    pub ssl2_ciphers: Vec<[u8; 3]>,
    /// After answering this many connections, stall every later one (read
    /// the hello, never answer), as a rate-limiting server does.
    pub stall_after: Option<usize>,
}

/// A scripted server on loopback; stops when dropped.
pub struct ScriptedServer {
    running: Running,
}

impl ScriptedServer {
    /// Starts a server on 127.0.0.1 that presents no certificate.
    pub fn start(script: Script) -> ScriptedServer {
        ScriptedServer::presenting(script, Vec::new())
    }

    /// Starts a server on 127.0.0.1 that presents `chain` (exactly as
    /// given) after each `ServerHello`.
    pub fn presenting(script: Script, chain: Vec<CertificateDer<'static>>) -> ScriptedServer {
        let script = Arc::new((script, chain));
        let served = Arc::new(AtomicUsize::new(0));
        let running = Running::start(localhost_v4(), move |mut tcp| {
            let script = Arc::clone(&script);
            let number = served.fetch_add(1, Ordering::SeqCst);
            async move {
                let mut hello = vec![0; 16 * 1024];
                let mut read = 0;
                // Read until the whole hello is in (its length is known
                // from the header).
                loop {
                    match tcp.read(&mut hello[read..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => read += n,
                    }
                    if complete(&hello[..read]) || read == hello.len() {
                        break;
                    }
                }
                let (script, chain) = &*script;
                if script.stall_after.is_some_and(|limit| number >= limit) {
                    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                    return;
                }
                let answer = answer(script, chain, &hello[..read]);
                let _ = tcp.write_all(&answer).await;
                let _ = tcp.shutdown().await;
            }
        });
        ScriptedServer { running }
    }

    /// `https://localhost:PORT/` for this server.
    pub fn url(&self) -> String {
        format!("https://localhost:{}/", self.running.addr.port())
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }
}

fn complete(bytes: &[u8]) -> bool {
    match bytes {
        [first, second, ..] if first & 0x80 != 0 => {
            let length = usize::from(u16::from_be_bytes([*first, *second]) & 0x7fff);
            bytes.len() >= 2 + length
        }
        [_, _, _, high, low, ..] => {
            bytes.len() >= 5 + usize::from(u16::from_be_bytes([*high, *low]))
        }
        _ => false,
    }
}

/// A fatal `handshake_failure` alert.
const REFUSAL: [u8; 7] = [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 40];

/// The most handshake bytes one record of the answer carries: far below
/// TLS's 16 KiB, so that a two-certificate chain spans several records.
const RECORD_PAYLOAD: usize = 512;

fn answer(script: &Script, chain: &[CertificateDer<'static>], hello: &[u8]) -> Vec<u8> {
    if hello.first().is_some_and(|b| b & 0x80 != 0) {
        return ssl2_answer(script);
    }
    let Some((version, offered)) = client_hello(hello) else {
        return REFUSAL.to_vec();
    };
    if !script.versions.contains(&version) {
        return REFUSAL.to_vec();
    }
    let Some(&suite) = script.suites.iter().find(|s| offered.contains(s)) else {
        return REFUSAL.to_vec();
    };
    let mut body = version.to_be_bytes().to_vec();
    body.extend_from_slice(&[0x42; 32]);
    body.push(0);
    body.extend_from_slice(&suite.to_be_bytes());
    body.push(0);
    let mut messages = handshake(2, &body);
    if !chain.is_empty() {
        let mut list = Vec::new();
        for cert in chain {
            list.extend_from_slice(&u24(cert.len()));
            list.extend_from_slice(cert);
        }
        let mut certificate = u24(list.len()).to_vec();
        certificate.extend_from_slice(&list);
        messages.extend_from_slice(&handshake(11, &certificate));
    }
    // ServerHelloDone ends the flight, as after static RSA (no key
    // exchange message).
    messages.extend_from_slice(&handshake(14, &[]));
    messages
        .chunks(RECORD_PAYLOAD)
        .flat_map(|payload| record(version, payload))
        .collect()
}

fn u24(n: usize) -> [u8; 3] {
    let [_, high, middle, low] = u32::try_from(n).unwrap_or(0).to_be_bytes();
    [high, middle, low]
}

fn ssl2_answer(script: &Script) -> Vec<u8> {
    if script.ssl2_ciphers.is_empty() {
        // An SSL 3.0+ server that reads an SSL 2.0 hello and refuses it.
        return REFUSAL.to_vec();
    }
    let specs: Vec<u8> = script.ssl2_ciphers.iter().flatten().copied().collect();
    let mut body = vec![4, 0, 1];
    body.extend_from_slice(&0x0002_u16.to_be_bytes());
    body.extend_from_slice(&0_u16.to_be_bytes());
    body.extend_from_slice(&u16::try_from(specs.len()).unwrap_or(0).to_be_bytes());
    body.extend_from_slice(&16_u16.to_be_bytes());
    body.extend_from_slice(&specs);
    body.extend_from_slice(&[0x42; 16]);
    let mut out = (u16::try_from(body.len()).unwrap_or(0) | 0x8000)
        .to_be_bytes()
        .to_vec();
    out.extend_from_slice(&body);
    out
}

/// The version a `ClientHello` asks for (TLS 1.3 through `supported_versions`)
/// and the suites it offers.
fn client_hello(bytes: &[u8]) -> Option<(u16, Vec<u16>)> {
    let body = bytes.get(5 + 4..)?;
    let mut version = u16::from_be_bytes([*body.first()?, *body.get(1)?]);
    let mut at = 2 + 32;
    at += 1 + usize::from(*body.get(at)?);
    let length = usize::from(u16::from_be_bytes([*body.get(at)?, *body.get(at + 1)?]));
    let suites = body
        .get(at + 2..at + 2 + length)?
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    at += 2 + length;
    at += 1 + usize::from(*body.get(at)?);
    if let Some(extensions) = body.get(at + 2..) {
        let mut rest = extensions;
        while rest.len() >= 4 {
            let kind = u16::from_be_bytes([rest[0], rest[1]]);
            let length = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
            let data = rest.get(4..4 + length)?;
            if kind == 43 && data.len() >= 3 {
                version = u16::from_be_bytes([data[1], data[2]]);
            }
            rest = &rest[4 + length..];
        }
    }
    Some((version, suites))
}

fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![kind];
    out.extend_from_slice(&u24(body.len()));
    out.extend_from_slice(body);
    out
}

fn record(version: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![22];
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&u16::try_from(payload.len()).unwrap_or(0).to_be_bytes());
    out.extend_from_slice(payload);
    out
}
