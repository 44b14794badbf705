//! A TCP proxy on loopback that adds a network's latency: what a check
//! costs over a link with real round trips, measured without leaving the
//! machine (the bench report and the round-trip tests of the TLS check).
//!
//! Each direction of each connection is delayed by the one-way delay: a
//! chunk read at `t` is written at `t + delay`, in order, so a round trip
//! through the proxy takes `2 × delay`. The client's `connect` returns at
//! once on loopback, where over a network it takes a round trip (the SYN and
//! its answer): the proxy charges that round trip to the client's first
//! bytes, which reach the server no sooner than `3 × delay` after the
//! connection was accepted, as they would after a real TCP handshake, and
//! the proxy connects to the server only then, when a server would accept.
//! Connections are independent: each has its own tasks and waits on no
//! other.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::{Running, localhost_v4};

/// A delaying proxy to one target; stops (closing every connection) when
/// dropped.
pub struct DelayProxy {
    running: Running,
    accepted: Arc<AtomicUsize>,
    delay: Duration,
}

impl DelayProxy {
    /// Listens on 127.0.0.1 and forwards each connection to `target`, each
    /// direction delayed by `one_way` (a round trip of `2 × one_way`).
    pub fn start(target: SocketAddr, one_way: Duration) -> DelayProxy {
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        let running = Running::start(localhost_v4(), move |client| {
            // Counted when accepted, before the connection's task runs: a
            // test that reads the count after its client is done sees every
            // connection that client opened.
            counter.fetch_add(1, Ordering::SeqCst);
            forward(client, target, one_way)
        });
        DelayProxy {
            running,
            accepted,
            delay: one_way,
        }
    }

    /// The address to connect to instead of the target.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }

    /// The connections accepted so far.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// The counter of accepted connections itself, for a test that reads it
    /// from elsewhere.
    pub fn counter(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.accepted)
    }

    /// One round trip through the proxy: twice the one-way delay.
    pub fn round_trip(&self) -> Duration {
        self.delay * 2
    }
}

/// Forwards one connection both ways until each side has closed.
async fn forward(client: TcpStream, target: SocketAddr, one_way: Duration) {
    let accepted = Instant::now();
    let _ = client.set_nodelay(true);
    let (client_read, client_write) = client.into_split();
    // The client's bytes are stamped as they arrive, from the start: over a
    // network its hello leaves as soon as `connect` returns (the SYN-ACK's
    // arrival, a round trip after the SYN) and reaches the server a one-way
    // delay later, three after the SYN. Nothing leaves before that round
    // trip.
    let (upstream, upstream_chunks) = stamp(client_read, one_way, accepted + one_way * 2);
    let relay = async move {
        // A server accepts a connection when the client's ACK arrives: the
        // SYN's way there, the SYN-ACK's back and the ACK's there again. A
        // server that serves one connection at a time is then held as long
        // as over a network, not from the SYN.
        tokio::time::sleep_until(accepted + one_way * 3).await;
        // Unreachable: the client's write side closes, and with it the
        // reader's channel.
        let Ok(server) = TcpStream::connect(target).await else {
            return;
        };
        let _ = server.set_nodelay(true);
        let (server_read, server_write) = server.into_split();
        let (downstream, downstream_chunks) = stamp(server_read, one_way, accepted);
        tokio::join!(
            deliver(upstream_chunks, server_write),
            downstream,
            deliver(downstream_chunks, client_write),
        );
    };
    tokio::join!(upstream, relay);
}

/// A chunk and when it is due at the other end; an empty chunk is the close.
type Chunk = (Instant, Vec<u8>);

/// Reads `from` as it comes, stamping each chunk due `delay` after it was
/// read (or after `not_before`, if later): the reader to run, and the
/// stamped chunks. Unbounded: a chunk must be stamped when it arrives, not
/// when the other side has room; a test's traffic is small.
fn stamp(
    mut from: OwnedReadHalf,
    delay: Duration,
    not_before: Instant,
) -> (impl Future<Output = ()>, mpsc::UnboundedReceiver<Chunk>) {
    let (send, receive) = mpsc::unbounded_channel();
    let read = async move {
        let mut buffer = vec![0; 16 * 1024];
        loop {
            let n = from.read(&mut buffer).await.unwrap_or(0);
            let due = Instant::now().max(not_before) + delay;
            if send.send((due, buffer[..n].to_vec())).is_err() || n == 0 {
                return;
            }
        }
    };
    (read, receive)
}

/// Writes each stamped chunk to `to` when it is due; a close is passed on.
async fn deliver(mut chunks: mpsc::UnboundedReceiver<Chunk>, mut to: OwnedWriteHalf) {
    while let Some((due, chunk)) = chunks.recv().await {
        tokio::time::sleep_until(due).await;
        if chunk.is_empty() {
            let _ = to.shutdown().await;
            return;
        }
        if to.write_all(&chunk).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};
    use std::time::Instant;

    use super::*;

    /// An echo server on loopback that answers each chunk at once.
    fn echo() -> Running {
        Running::start(localhost_v4(), |mut stream: TcpStream| async move {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = stream.read(&mut buffer).await {
                if stream.write_all(&buffer[..n]).await.is_err() {
                    return;
                }
            }
        })
    }

    #[test]
    fn a_round_trip_takes_twice_the_delay_and_the_bytes_arrive_intact() {
        let server = echo();
        // Long enough that a loaded test machine's scheduling (tens of
        // milliseconds) stays inside half a one-way delay.
        let one_way = Duration::from_millis(200);
        let proxy = DelayProxy::start(server.addr, one_way);
        assert_eq!(proxy.round_trip(), Duration::from_millis(400));
        let mut client = std::net::TcpStream::connect(proxy.addr()).expect("connect");
        // The first exchange pays the TCP handshake's round trip as well.
        let message: Vec<u8> = (0..=255).cycle().take(100_000).collect();
        let started = Instant::now();
        client.write_all(&message).expect("send");
        let mut back = vec![0; message.len()];
        client.read_exact(&mut back).expect("the echo");
        let first = started.elapsed();
        assert_eq!(back, message, "the bytes come back in order and intact");
        assert!(first >= one_way * 4, "{first:?}");
        // The TCP handshake is charged once, and the hello not held past it:
        // short of a further one-way delay.
        assert!(first < one_way * 9 / 2, "{first:?}");
        // Later exchanges cost one round trip.
        let started = Instant::now();
        client.write_all(b"ping").expect("send");
        let mut pong = [0; 4];
        client.read_exact(&mut pong).expect("the echo");
        let second = started.elapsed();
        assert_eq!(&pong, b"ping");
        assert!(second >= one_way * 2, "{second:?}");
        assert!(second < one_way * 5 / 2, "{second:?}");
        assert_eq!(proxy.connections(), 1);
    }

    #[test]
    fn connections_run_side_by_side_and_are_counted() {
        let server = echo();
        let one_way = Duration::from_millis(50);
        let proxy = DelayProxy::start(server.addr, one_way);
        let counter = proxy.counter();
        let started = Instant::now();
        let clients: Vec<_> = (0..6u8)
            .map(|i| {
                let addr = proxy.addr();
                std::thread::spawn(move || {
                    let mut client = std::net::TcpStream::connect(addr).expect("connect");
                    client.write_all(&[i; 10]).expect("send");
                    let mut back = [0; 10];
                    client.read_exact(&mut back).expect("the echo");
                    back == [i; 10]
                })
            })
            .collect();
        for client in clients {
            assert!(client.join().expect("a client thread"));
        }
        // Six connections in series would take 6 × 200 ms.
        let elapsed = started.elapsed();
        assert!(elapsed < one_way * 4 * 2, "{elapsed:?}");
        assert_eq!(counter.load(Ordering::SeqCst), 6);
    }

    #[test]
    fn a_close_is_passed_on_and_dropping_the_proxy_closes_it() {
        let server = echo();
        let proxy = DelayProxy::start(server.addr, Duration::from_millis(5));
        let mut client = std::net::TcpStream::connect(proxy.addr()).expect("connect");
        client.write_all(b"bye").expect("send");
        client
            .shutdown(std::net::Shutdown::Write)
            .expect("half-close");
        let mut back = Vec::new();
        client.read_to_end(&mut back).expect("read to the close");
        assert_eq!(back, b"bye");
        let addr = proxy.addr();
        drop(proxy);
        assert!(
            std::net::TcpStream::connect(addr).is_err(),
            "still listening"
        );
    }
}
