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
}

impl Behaviour {
    /// A fatal TLS alert record with this description (40 is
    /// `handshake_failure`, 70 `protocol_version`).
    pub fn alert(description: u8) -> Behaviour {
        Behaviour::Reply(vec![0x15, 0x03, 0x03, 0x00, 0x02, 0x02, description])
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
