//! A server that does not speak TLS properly, on purpose: what a client
//! meets when a port serves something else, or a peer dies or stalls
//! mid-handshake.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::{Running, localhost_v4};

/// What the server does once the client has sent its first bytes (the
/// `ClientHello`).
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Answers with these bytes, then closes.
    Reply(Vec<u8>),
    /// Closes the connection without a word.
    Close,
    /// Says nothing and keeps the connection open for this long.
    Stall(Duration),
    /// Writes these bytes one at a time, one every interval, then keeps the
    /// connection open until the client leaves: a peer that trickles.
    Trickle(Vec<u8>, Duration),
    /// Writes these bytes, then repeats the record after them until the
    /// client leaves: a peer that floods records.
    Flood(Vec<u8>, Vec<u8>),
}

impl Behaviour {
    /// A fatal TLS alert record with this description (40 is
    /// `handshake_failure`, 70 `protocol_version`).
    pub fn alert(description: u8) -> Behaviour {
        Behaviour::Reply(vec![0x15, 0x03, 0x03, 0x00, 0x02, 0x02, description])
    }

    /// A record header that promises a 16 KB handshake record, trickled a
    /// byte every `interval` and followed by zeros that never complete it.
    pub fn trickle(interval: Duration) -> Behaviour {
        let mut bytes = vec![0x16, 0x03, 0x03, 0x40, 0x00];
        bytes.resize(0x4005, 0);
        Behaviour::Trickle(bytes, interval)
    }

    /// A change-cipher-spec record after another, without end.
    pub fn flood() -> Behaviour {
        Behaviour::Flood(Vec::new(), vec![0x14, 0x03, 0x03, 0x00, 0x01, 0x01])
    }

    /// A TLS 1.2 `ServerHello` (ECDHE-RSA-AES128-GCM-SHA256), then a
    /// Certificate message whose header declares 16 MB, followed by empty
    /// handshake records without end.
    pub fn huge_certificate() -> Behaviour {
        let mut hello = vec![0x03, 0x03];
        hello.extend_from_slice(&[0x42; 32]);
        hello.extend_from_slice(&[0x00, 0xc0, 0x2f, 0x00]);
        let mut messages = vec![0x02, 0x00, 0x00, u8::try_from(hello.len()).unwrap_or(0)];
        messages.extend_from_slice(&hello);
        // Certificate, 0xffffff bytes, of which only the list's length comes.
        messages.extend_from_slice(&[0x0b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc]);
        let length = u16::try_from(messages.len()).unwrap_or(0).to_be_bytes();
        let mut first = vec![0x16, 0x03, 0x03, length[0], length[1]];
        first.extend_from_slice(&messages);
        let mut filler = vec![0x16, 0x03, 0x03, 0x40, 0x00];
        filler.resize(0x4005, 0);
        Behaviour::Flood(first, filler)
    }

    /// A plain HTTP answer, as from a port that serves http://.
    pub fn plain_http() -> Behaviour {
        Behaviour::Reply(
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec(),
        )
    }
}

/// A misbehaving server on loopback; stops when dropped.
pub struct RawServer {
    running: Running,
}

impl RawServer {
    /// Starts a server on 127.0.0.1.
    pub fn start(behaviour: Behaviour) -> RawServer {
        let running = Running::start(localhost_v4(), move |mut tcp| {
            let behaviour = behaviour.clone();
            async move {
                let mut hello = [0; 4096];
                if tcp.read(&mut hello).await.is_err() {
                    return;
                }
                match behaviour {
                    Behaviour::Reply(bytes) => {
                        let _ = tcp.write_all(&bytes).await;
                        let _ = tcp.shutdown().await;
                    }
                    Behaviour::Close => {}
                    Behaviour::Stall(duration) => tokio::time::sleep(duration).await,
                    Behaviour::Trickle(bytes, interval) => {
                        for byte in bytes {
                            if tcp.write_all(&[byte]).await.is_err() {
                                return;
                            }
                            tokio::time::sleep(interval).await;
                        }
                        // Wait for the client to leave.
                        let _ = tcp.read(&mut hello).await;
                    }
                    Behaviour::Flood(first, record) => {
                        if tcp.write_all(&first).await.is_err() {
                            return;
                        }
                        while tcp.write_all(&record).await.is_ok() {}
                    }
                }
            }
        });
        RawServer { running }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }
}
