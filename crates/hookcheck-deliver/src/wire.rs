//! The TCP stream under a delivery's connection, which acknowledges what it
//! reads at once, so that the time measured is the endpoint's and not the
//! time the client's own TCP stack held an acknowledgement back.
//!
//! Why: a server that writes an answer's head and body in two writes with
//! Nagle's algorithm on (Python's `http.server`, many small frameworks)
//! sends the body only once the head is acknowledged. On a kept connection
//! Linux delays that acknowledgement (by 40 ms at least, hoping to piggyback
//! it on the client's next write, which never comes while the client waits
//! for the body), so every delivery after the first would seem 40 ms slower
//! than the endpoint is. A new connection starts in "quick ACK" mode, which
//! is why only kept connections show it.
//!
//! The cure is `TCP_QUICKACK`, set before each read and again after each
//! read that returned bytes: the kernel clears it as it goes (it is a mode
//! switch, not a setting), and setting it when an acknowledgement is
//! pending sends that acknowledgement at once. The engine can also ask for
//! the opposite, acknowledgements delayed as most stacks delay them (one
//! delivery does, to see whether the endpoint's answers wait for them), and
//! counts the reads that returned bytes (whether an answer came in one
//! piece or several).
//!
//! Only Linux (and Android) have `TCP_QUICKACK`; elsewhere the stream reads
//! as the system's stack acknowledges, and delayed acknowledgements cannot
//! be chosen.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Whether this system lets the client choose when it acknowledges.
pub(crate) const CHOOSES_ACKS: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// A connection's TCP stream, acknowledging as its [`Meter`] says.
pub(crate) struct Wire {
    tcp: TcpStream,
    meter: Arc<Meter>,
}

/// What the engine shares with a [`Wire`] once the connection has been
/// handed to hyper: how to acknowledge, and how many reads returned bytes.
#[derive(Debug, Default)]
pub(crate) struct Meter {
    delay_acks: AtomicBool,
    reads: AtomicUsize,
}

impl Meter {
    /// From now on, acknowledge as most TCP stacks do (delayed) rather
    /// than at once.
    pub(crate) fn delay_acks(&self, delay: bool) {
        self.delay_acks.store(delay, Ordering::Relaxed);
    }

    /// How many reads have returned bytes so far.
    pub(crate) fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }
}

impl Wire {
    /// `tcp`, acknowledging at once until the meter says otherwise.
    pub(crate) fn new(tcp: TcpStream) -> (Wire, Arc<Meter>) {
        let meter = Arc::new(Meter::default());
        let wire = Wire {
            tcp,
            meter: Arc::clone(&meter),
        };
        (wire, meter)
    }

    /// Re-arms quick acknowledgements (or, when delayed ones were asked
    /// for, the delayed mode). A failure only costs accuracy, so it is
    /// ignored.
    fn arm(&self) {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let quick = !self.meter.delay_acks.load(Ordering::Relaxed);
            let _ = socket2::SockRef::from(&self.tcp).set_tcp_quickack(quick);
        }
    }
}

impl AsyncRead for Wire {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // Before: what arrives while waiting is acknowledged as it comes.
        this.arm();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.tcp).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.meter.reads.fetch_add(1, Ordering::Relaxed);
            // After: an acknowledgement the kernel still holds back for
            // what was just read leaves now.
            this.arm();
        }
        read
    }
}

impl AsyncWrite for Wire {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_shutdown(cx)
    }
}
