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

/// Connects to the first of `addresses` that accepts within `timeout`;
/// otherwise says, address by address, why none did (`"127.0.0.1:1:
/// connection refused; …"`).
///
/// Nagle's algorithm is turned off: hookcheck writes small messages (the
/// end of a handshake, a request's head) and waits for the answer, and with
/// Nagle each would wait for the server's delayed acknowledgement (40 ms on
/// Linux), time that is the client's, not the endpoint's.
pub async fn connect(addresses: &[SocketAddr], timeout: Duration) -> Result<Connected, String> {
    let mut refusals = Vec::new();
    for &address in addresses {
        match tokio::time::timeout(timeout, TcpStream::connect(address)).await {
            Ok(Ok(stream)) => {
                let _ = stream.set_nodelay(true);
                return Ok(Connected { stream, address });
            }
            Ok(Err(error)) => refusals.push(format!("{address}: {}", describe(&error))),
            Err(_) => refusals.push(format!("{address}: no answer within {}", millis(timeout))),
        }
    }
    if refusals.is_empty() {
        return Err("no address to connect to".to_owned());
    }
    Err(refusals.join("; "))
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
        assert_eq!(refused, format!("{closed}: connection refused"));
        assert_eq!(
            connect(&[], Duration::from_secs(1)).await.unwrap_err(),
            "no address to connect to"
        );
    }
}
