//! The body of an answer, as both protocols send it: all at once, a byte at
//! a time, a long run from one small buffer, or broken off right after the
//! headers. It is a `hyper` body so that HTTP/2 sends it as is and HTTP/1.1
//! writes the same frames by hand.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use tokio::time::Sleep;

/// What a huge body repeats: one buffer, sent as often as needed.
static RUN: [u8; 64 * 1024] = [b'x'; 64 * 1024];

/// How long the body that breaks off claims to be.
const BROKEN_LENGTH: u64 = 1000;

/// How long the body that breaks off waits before it does. hyper's HTTP/2
/// server only queues the headers, and h2 drops what is queued for a stream
/// it resets; the pause lets the connection write the headers first.
const BROKEN_PAUSE: Duration = Duration::from_millis(5);

/// How an answer's bytes come after its headers.
pub(super) enum Body {
    /// All at once (`None` once sent).
    Full(Option<Bytes>),
    /// `left` more bytes, one every `interval`.
    Trickle {
        left: usize,
        interval: Duration,
        wait: Option<Pin<Box<Sleep>>>,
    },
    /// `left` more bytes, in slices of [`RUN`].
    Huge { left: u64 },
    /// An error instead of the announced bytes, after a pause.
    Broken { pause: Pin<Box<Sleep>> },
}

impl Body {
    pub(super) fn full(bytes: Vec<u8>) -> Body {
        Body::Full(Some(bytes.into()))
    }

    pub(super) fn trickle(bytes: usize, interval: Duration) -> Body {
        Body::Trickle {
            left: bytes,
            interval,
            wait: None,
        }
    }

    pub(super) fn broken() -> Body {
        Body::Broken {
            pause: Box::pin(tokio::time::sleep(BROKEN_PAUSE)),
        }
    }

    /// The `content-length` the headers announce, before anything is sent.
    pub(super) fn announced(&self) -> u64 {
        match self {
            Body::Full(bytes) => bytes.as_ref().map_or(0, |bytes| bytes.len() as u64),
            Body::Trickle { left, .. } => *left as u64,
            Body::Huge { left } => *left,
            Body::Broken { .. } => BROKEN_LENGTH,
        }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let frame = match self.get_mut() {
            Body::Full(bytes) => bytes.take(),
            Body::Trickle { left: 0, .. } | Body::Huge { left: 0 } => None,
            Body::Trickle {
                left,
                interval,
                wait,
            } => {
                let sleep = wait.get_or_insert_with(|| Box::pin(tokio::time::sleep(*interval)));
                ready!(sleep.as_mut().poll(cx));
                *wait = None;
                *left -= 1;
                Some(Bytes::from_static(b"x"))
            }
            Body::Huge { left } => {
                let n = usize::try_from(*left).map_or(RUN.len(), |left| left.min(RUN.len()));
                *left -= n as u64;
                Some(Bytes::from_static(&RUN[..n]))
            }
            Body::Broken { pause } => {
                ready!(pause.as_mut().poll(cx));
                return Poll::Ready(Some(Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "the answer breaks off after its headers",
                ))));
            }
        };
        Poll::Ready(frame.map(|data| Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        matches!(
            self,
            Body::Full(None) | Body::Trickle { left: 0, .. } | Body::Huge { left: 0 }
        )
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Broken { .. } => SizeHint::default(),
            _ => SizeHint::with_exact(self.announced()),
        }
    }
}
