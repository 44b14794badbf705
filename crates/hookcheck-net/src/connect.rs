//! The TCP connection to an endpoint: the first of its vetted addresses
//! that accepts, each attempt bounded in time, with why each other failed.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;

use crate::millis;

/// A connection and the address it went to.
#[derive(Debug)]
pub struct Connected {
    /// The stream, with Nagle's algorithm off (see [`connect`]).
    pub stream: TcpStream,
    /// The address that accepted.
    pub address: SocketAddr,
}

/// Why no connection was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    /// No address accepted: address by address, why (`"127.0.0.1:1:
    /// connection refused; …"`). The endpoint's doing (or its network's).
    #[error("{0}")]
    Unreachable(String),
    /// This machine ran out of what a connection needs before one could be
    /// tried: file descriptors (`EMFILE`, `ENFILE`), buffer space
    /// (`ENOBUFS`, `ENOMEM`) or local ports (`EADDRNOTAVAIL`). Not the
    /// endpoint's doing: the caller's limits or load, so a check reports it
    /// as its own failure, never as a finding against the endpoint.
    #[error("{0}")]
    LocalLimit(String),
}

/// Connects to the first of `addresses` that accepts within `timeout`;
/// otherwise says, address by address, why none did, or that this
/// machine's own limits stopped the attempt ([`ConnectError::LocalLimit`],
/// at the first such error: the other addresses would fail alike).
///
/// Nagle's algorithm is turned off: hookcheck writes small messages (the
/// end of a handshake, a request's head) and waits for the answer, and with
/// Nagle each would wait for the server's delayed acknowledgement (40 ms on
/// Linux), time that is the client's, not the endpoint's.
pub async fn connect(
    addresses: &[SocketAddr],
    timeout: Duration,
) -> Result<Connected, ConnectError> {
    let mut refusals = Vec::new();
    for &address in addresses {
        match tokio::time::timeout(timeout, TcpStream::connect(address)).await {
            Ok(Ok(stream)) => {
                let _ = stream.set_nodelay(true);
                return Ok(Connected { stream, address });
            }
            Ok(Err(error)) if is_local_limit(&error) => {
                return Err(ConnectError::LocalLimit(format!("{address}: {error}")));
            }
            Ok(Err(error)) => refusals.push(format!("{address}: {}", describe(&error))),
            Err(_) => refusals.push(format!("{address}: no answer within {}", millis(timeout))),
        }
    }
    if refusals.is_empty() {
        return Err(ConnectError::Unreachable(
            "no address to connect to".to_owned(),
        ));
    }
    Err(ConnectError::Unreachable(refusals.join("; ")))
}

/// Whether `error` (from creating a socket or connecting it) is this
/// machine's limit rather than anything the endpoint did. Read from the
/// error number, since std has no kind for `EMFILE`, `ENFILE` or `ENOBUFS`.
pub fn is_local_limit(error: &io::Error) -> bool {
    if matches!(
        error.kind(),
        io::ErrorKind::AddrNotAvailable | io::ErrorKind::OutOfMemory
    ) {
        return true;
    }
    #[cfg(unix)]
    {
        use nix::errno::Errno;
        if let Some(code) = error.raw_os_error() {
            return matches!(
                Errno::from_raw(code),
                Errno::EMFILE
                    | Errno::ENFILE
                    | Errno::ENOBUFS
                    | Errno::ENOMEM
                    | Errno::EADDRNOTAVAIL
            );
        }
    }
    false
}

/// The first error in `error`'s chain of causes (itself, then each
/// `source()`) that is an `io::Error` [`is_local_limit`] calls this
/// machine's limit: how a library that wraps its socket errors (an HTTP
/// client, a resolver) is read the same way as [`connect`].
pub fn local_limit_in<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a io::Error> {
    let mut next = Some(error);
    while let Some(cause) = next {
        if let Some(io) = cause.downcast_ref::<io::Error>()
            && is_local_limit(io)
        {
            return Some(io);
        }
        next = cause.source();
    }
    None
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_address_that_accepts_wins_and_refusals_are_named() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let open = listener.local_addr().unwrap();
        // A port that was just bound and released refuses connections.
        let closed = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap()
        };
        let connected = connect(&[closed, open], Duration::from_secs(2))
            .await
            .unwrap();
        assert_eq!(connected.address, open);
        assert!(connected.stream.nodelay().unwrap());
        let refused = connect(&[closed], Duration::from_secs(2))
            .await
            .unwrap_err();
        assert_eq!(
            refused,
            ConnectError::Unreachable(format!("{closed}: connection refused"))
        );
        assert_eq!(
            connect(&[], Duration::from_secs(1)).await.unwrap_err(),
            ConnectError::Unreachable("no address to connect to".to_owned())
        );
    }

    #[test]
    fn a_local_limit_is_found_however_deep_it_is_wrapped() {
        #[derive(Debug, thiserror::Error)]
        #[error("wrapper")]
        struct Wrapper(#[source] Box<dyn std::error::Error + Send + Sync>);
        #[cfg(unix)]
        let emfile = || io::Error::from_raw_os_error(nix::errno::Errno::EMFILE as i32);
        #[cfg(not(unix))]
        let emfile = || io::Error::from(io::ErrorKind::OutOfMemory);
        let deep = Wrapper(Box::new(Wrapper(Box::new(emfile()))));
        assert!(local_limit_in(&deep).is_some());
        assert!(local_limit_in(&emfile()).is_some());
        let refused = Wrapper(Box::new(io::Error::from(io::ErrorKind::ConnectionRefused)));
        assert!(local_limit_in(&refused).is_none());
    }

    #[test]
    fn running_out_of_descriptors_ports_or_buffers_is_a_local_limit() {
        for code in [24, 23, 105, 99, 12] {
            // EMFILE, ENFILE, ENOBUFS, EADDRNOTAVAIL, ENOMEM on Linux.
            if cfg!(target_os = "linux") {
                assert!(
                    is_local_limit(&io::Error::from_raw_os_error(code)),
                    "{code}"
                );
            }
        }
        for kind in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::TimedOut,
        ] {
            assert!(!is_local_limit(&io::Error::from(kind)), "{kind:?}");
        }
        // ECONNREFUSED, ENETUNREACH, EHOSTUNREACH: the network's answer.
        for code in [111, 101, 113] {
            if cfg!(target_os = "linux") {
                assert!(
                    !is_local_limit(&io::Error::from_raw_os_error(code)),
                    "{code}"
                );
            }
        }
    }
}
