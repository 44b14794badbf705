//! The network plumbing every hookcheck check shares, so that `tls` and
//! `deliver` reach an endpoint the same way and trust it the same way:
//!
//! - [`NetPolicy`] turns a URL's host into the addresses to connect to
//!   (`--resolve`, then IP literals, then DNS; `--deny-private` keeps only
//!   public ones, and callers connect to exactly those);
//! - [`connect`] opens a TCP connection to the first of them that accepts,
//!   each attempt bounded in time;
//! - [`TrustStore`] holds the roots a strict client trusts and gives the
//!   strict client's verdict (webpki, through rustls) on a chain.
//!
//! Judgement lives elsewhere: the chain diagnosis (hookcheck-tls) takes a
//! presented chain from a live server or from a file alike, and only uses
//! the trust store's roots and verdict.

mod connect;
mod resolve;
mod trust;

pub use connect::{ConnectError, Connected, connect, is_local_limit, local_limit_in};
pub use resolve::{NetPolicy, Unreachable};
pub use trust::{Anchor, TrustStore, TrustStoreError};

use std::time::Duration;

/// A duration as people write short ones: `500ms`, `2s`, `2.5s`.
pub fn millis(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else if ms > 1000 {
        format!("{:.1}s", duration.as_secs_f64())
    } else {
        format!("{ms}ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(millis(Duration::from_millis(500)), "500ms");
        assert_eq!(millis(Duration::from_secs(2)), "2s");
        assert_eq!(millis(Duration::from_millis(2500)), "2.5s");
    }
}
