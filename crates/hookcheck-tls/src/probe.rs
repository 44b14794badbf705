//! The handshake probe: connect to the endpoint as a strict client would,
//! record exactly what the server presents, and say why when no handshake is
//! possible. The only code here that opens connections to the target.
//!
//! The client's certificate verifier accepts any chain (after capturing it),
//! so the handshake gets far enough to learn the protocol, the cipher suite
//! and the stapled OCSP response even for a broken chain; the verdict on the
//! chain is the diagnosis's, from the captured bytes. The server's handshake
//! signature is still verified with the chain's key: a server that cannot
//! prove it holds the key fails here as it would for the provider.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use hookcheck_net::{ConnectError, millis};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{AlertDescription, ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio_rustls::TlsConnector;

use crate::grade::Protocol;
use crate::hello::Group;
use crate::protocols;

/// What one handshake attempt learned.
#[derive(Debug)]
pub(crate) struct Handshake {
    /// The certificates the server presented (empty if it presented none
    /// before the handshake ended).
    pub(crate) chain: Vec<CertificateDer<'static>>,
    /// Whether an OCSP response was stapled; `None` before the certificate.
    pub(crate) ocsp_stapled: Option<bool>,
    /// The negotiated protocol and cipher suite, after a full handshake.
    pub(crate) negotiated: Option<(String, String)>,
    /// The negotiated protocol version, after a full handshake.
    pub(crate) version: Option<Protocol>,
    /// Why no handshake could be completed.
    pub(crate) failure: Option<Failure>,
    /// The HTTP answer to a GET of the URL over the connection: its
    /// `Strict-Transport-Security` header (the first, as browsers read
    /// it), or why there was no answer.
    pub(crate) http: Option<Result<HttpHead, String>>,
}

/// Why the strict client could not complete a handshake.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    /// What happened, in words.
    pub(crate) message: String,
    /// The server refused the strict client's offer as such (a
    /// `handshake_failure`, `protocol_version` or `insufficient_security`
    /// alert, or a choice the client does not support): it may still speak
    /// what another client offers.
    pub(crate) incompatible: bool,
}

/// What the server answered to a GET, as far as the TLS check needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpHead {
    /// The status code.
    pub(crate) status: u16,
    /// The first `Strict-Transport-Security` header's value.
    pub(crate) hsts: Option<String>,
}

/// The GET sent over the verified connection: the URL's path and query,
/// and the Host header.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) target: String,
    pub(crate) host: String,
}

/// An answer's head larger than this is not read further.
const MAX_HEAD: usize = 32 * 1024;

/// What the capturing verifier saw.
#[derive(Debug, Default)]
struct Captured {
    chain: Vec<CertificateDer<'static>>,
    ocsp_stapled: Option<bool>,
}

/// Opens the TCP connection the handshake runs over: to the first of the
/// vetted `addresses` that accepts, each attempt bounded by `timeout`.
pub(crate) async fn connect(
    addresses: &[std::net::SocketAddr],
    timeout: Duration,
) -> Result<hookcheck_net::Connected, ConnectError> {
    hookcheck_net::connect(addresses, timeout).await
}

/// Runs a TLS handshake for `host` over `tcp`, then a GET of the URL for
/// its HSTS header. One `timeout` bounds the two together: a server that
/// stalls costs one timeout, not one per step. As soon as the handshake is
/// done, `agreed` is told the suite agreed on when it is TLS 1.3 (the
/// probes then need not ask whether that version is spoken).
pub(crate) async fn handshake(
    tcp: TcpStream,
    host: ServerName<'static>,
    request: &Request,
    timeout: Duration,
    agreed: oneshot::Sender<Option<protocols::Seed>>,
) -> Handshake {
    // A timeout past what the clock can hold (the library takes any
    // `Duration`) is as good as none: a far-future deadline stands in.
    let now = tokio::time::Instant::now();
    let deadline = now
        .checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365 * 30));
    let mut handshake = Handshake {
        chain: Vec::new(),
        ocsp_stapled: None,
        negotiated: None,
        version: None,
        failure: None,
        http: None,
    };
    let captured = Arc::new(Mutex::new(Captured::default()));
    let connector = TlsConnector::from(Arc::new(client_config(Arc::clone(&captured))));
    let recorded = Recorder::new(tcp);
    let result = tokio::time::timeout_at(deadline, connector.connect(host, recorded)).await;
    let seen = std::mem::take(&mut *captured.lock().unwrap_or_else(PoisonError::into_inner));
    handshake.chain = seen.chain;
    handshake.ocsp_stapled = seen.ocsp_stapled;
    match result {
        Ok(Ok(mut tls)) => {
            let (_, connection) = tls.get_ref();
            handshake.version = connection.protocol_version().and_then(protocol_of);
            let protocol = connection.protocol_version().map(protocol_name);
            let suite = connection.negotiated_cipher_suite().map(|s| {
                s.suite()
                    .as_str()
                    .map_or_else(|| format!("{:?}", s.suite()), str::to_owned)
            });
            if let (Some(protocol), Some(suite)) = (protocol, suite) {
                handshake.negotiated = Some((protocol, suite));
            }
            let _ = agreed.send(
                connection
                    .negotiated_cipher_suite()
                    .filter(|_| handshake.version == Some(Protocol::Tls13))
                    .map(|suite| protocols::Seed {
                        suite: u16::from(suite.suite()),
                        group: connection
                            .negotiated_key_exchange_group()
                            .map(|group| Group::Named(u16::from(group.name()))),
                    }),
            );
            handshake.http = Some(
                tokio::time::timeout_at(deadline, get(&mut tls, request))
                    .await
                    .unwrap_or_else(|_| {
                        Err(format!(
                            "no answer within {} of connecting",
                            millis(timeout)
                        ))
                    }),
            );
        }
        Ok(Err(error)) => handshake.failure = Some(handshake_error(&error)),
        Err(_) => {
            handshake.failure = Some(Failure {
                message: format!(
                    "the server accepted the connection but did not complete a TLS handshake \
                     within {} (it stalled)",
                    millis(timeout)
                ),
                incompatible: false,
            });
        }
    }
    handshake
}

/// Sends a GET and reads the answer's head (bounded).
async fn get<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    request: &Request,
) -> Result<HttpHead, String> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let text = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: hookcheck/{}\r\nAccept: */*\r\n\
         Connection: close\r\n\r\n",
        request.target,
        request.host,
        env!("CARGO_PKG_VERSION")
    );
    stream
        .write_all(text.as_bytes())
        .await
        .map_err(|e| format!("cannot send a request: {e}"))?;
    let mut head = Vec::new();
    let mut buffer = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            return Err(format!("the answer's head exceeds {} KiB", MAX_HEAD / 1024));
        }
        match stream.read(&mut buffer).await {
            Ok(0) => return Err("the server closed the connection without an answer".to_owned()),
            Ok(n) => head.extend_from_slice(&buffer[..n]),
            Err(error) => return Err(format!("reading the answer: {error}")),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| "the answer is not HTTP".to_owned())?;
    let hsts = lines
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| {
            name.trim()
                .eq_ignore_ascii_case("strict-transport-security")
        })
        .map(|(_, value)| value.trim().to_owned());
    Ok(HttpHead { status, hsts })
}

fn client_config(captured: Arc<Mutex<Captured>>) -> ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = CapturingVerifier {
        algorithms: provider.signature_verification_algorithms,
        captured,
    };
    // The protocol versions and suites of the provider's strict client:
    // rustls's safe defaults (TLS 1.2 and 1.3, forward-secret AEAD suites).
    ClientConfig::builder_with_provider(Arc::clone(&provider) as Arc<CryptoProvider>)
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|_| unreachable!("the ring provider supports the default versions"))
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth()
}

/// Accepts any certificate chain after recording it; verifies handshake
/// signatures properly.
#[derive(Debug)]
struct CapturingVerifier {
    algorithms: WebPkiSupportedAlgorithms,
    captured: Arc<Mutex<Captured>>,
}

impl ServerCertVerifier for CapturingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut captured = self.captured.lock().unwrap_or_else(PoisonError::into_inner);
        captured.chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        captured.ocsp_stapled = Some(!ocsp_response.is_empty());
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Why a handshake failed, in words: the alert the server sent, or what it
/// did instead of speaking TLS; and whether it refused the offer as such.
fn handshake_error(error: &io::Error) -> Failure {
    let incompatible = matches!(
        error
            .get_ref()
            .and_then(|e| e.downcast_ref::<rustls::Error>()),
        Some(
            rustls::Error::AlertReceived(
                AlertDescription::HandshakeFailure
                    | AlertDescription::InsufficientSecurity
                    | AlertDescription::ProtocolVersion
            ) | rustls::Error::PeerIncompatible(_)
        )
    );
    Failure {
        message: failure_text(error),
        incompatible,
    }
}

fn failure_text(error: &io::Error) -> String {
    if let Some(tls) = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
    {
        return match tls {
            rustls::Error::AlertReceived(alert) => alert_text(*alert),
            rustls::Error::InvalidMessage(invalid) => {
                format!("the server sent something that is not a valid TLS message ({invalid:?})")
            }
            rustls::Error::InvalidCertificate(rustls::CertificateError::BadSignature) => {
                "the server's handshake signature does not verify with its certificate's key \
                 (strict clients refuse RSA keys under 2048 bits)"
                    .to_owned()
            }
            rustls::Error::InvalidCertificate(cause) => {
                format!("the server's certificate was refused during the handshake: {cause:?}")
            }
            rustls::Error::PeerIncompatible(why) => {
                format!("the server supports nothing a strict TLS 1.2/1.3 client offers ({why:?})")
            }
            rustls::Error::PeerMisbehaved(why) => {
                format!("the server broke the TLS protocol ({why:?})")
            }
            other => format!("the handshake failed: {other}"),
        };
    }
    if let Some(recorded) = error.get_ref().and_then(|e| e.downcast_ref::<NotTls>()) {
        return recorded.to_string();
    }
    match error.kind() {
        io::ErrorKind::UnexpectedEof => {
            "the server closed the connection during the handshake".to_owned()
        }
        io::ErrorKind::ConnectionReset => {
            "the server reset the connection during the handshake".to_owned()
        }
        _ => format!("the handshake failed: {error}"),
    }
}

fn alert_text(alert: AlertDescription) -> String {
    let hint = match alert {
        AlertDescription::HandshakeFailure | AlertDescription::InsufficientSecurity => {
            ": no protocol version or cipher suite in common with a strict TLS 1.2/1.3 client"
        }
        AlertDescription::ProtocolVersion => ": it does not accept TLS 1.2 or 1.3",
        AlertDescription::UnrecognisedName => ": it has no certificate for this host name (SNI)",
        AlertDescription::CertificateRequired => ": it demands a client certificate",
        _ => "",
    };
    format!("the server refused the handshake with the TLS alert `{alert:?}`{hint}")
}

fn protocol_of(version: rustls::ProtocolVersion) -> Option<Protocol> {
    match version {
        rustls::ProtocolVersion::TLSv1_3 => Some(Protocol::Tls13),
        rustls::ProtocolVersion::TLSv1_2 => Some(Protocol::Tls12),
        _ => None,
    }
}

/// The cipher suites the strict client offers, by number: what it could
/// have agreed on with a server that accepts one of them.
pub(crate) fn strict_suites() -> Vec<u16> {
    rustls::crypto::ring::default_provider()
        .cipher_suites
        .iter()
        .map(|s| u16::from(s.suite()))
        .collect()
}

fn protocol_name(version: rustls::ProtocolVersion) -> String {
    match version {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_owned(),
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_owned(),
        other => format!("{other:?}"),
    }
}

/// The server's first bytes were not a TLS record: say what they look like.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct NotTls(String);

/// Watches the first bytes the server sends: a server that answers a
/// `ClientHello` with plain HTTP, an SSH banner or other garbage is named as
/// such rather than as a "corrupt message".
struct Recorder<S> {
    inner: S,
    checked: bool,
}

/// How many of the first bytes a message quotes.
const QUOTED: usize = 8;

impl<S> Recorder<S> {
    fn new(inner: S) -> Recorder<S> {
        Recorder {
            inner,
            checked: false,
        }
    }
}

/// Whether a record can start with this byte: TLS content types 20–24.
fn is_tls_record_start(byte: u8) -> bool {
    (20..=24).contains(&byte)
}

fn describe_not_tls(first: &[u8]) -> String {
    let text: String = first
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        })
        .collect();
    if first.starts_with(b"HTTP/") {
        "the server answered in plain HTTP, not TLS: this port serves http://, not https://"
            .to_owned()
    } else if first.starts_with(b"SSH-") {
        "the server answered with an SSH banner, not TLS".to_owned()
    } else {
        format!("the server answered with bytes that are not TLS (`{text}`…)")
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Recorder<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll
            && !self.checked
            && let Some(&first) = buf.filled().get(before)
        {
            self.checked = true;
            if !is_tls_record_start(first) {
                let new = &buf.filled()[before..];
                let quoted = describe_not_tls(&new[..new.len().min(QUOTED)]);
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    NotTls(quoted),
                )));
            }
        }
        poll
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Recorder<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_and_other_protocols_are_named() {
        assert!(describe_not_tls(b"HTTP/1.1").contains("plain HTTP"));
        assert!(describe_not_tls(b"SSH-2.0-").contains("SSH"));
        assert!(describe_not_tls(b"\x00\x01hi").contains("..hi"));
        assert!(is_tls_record_start(0x16) && is_tls_record_start(0x15));
        assert!(!is_tls_record_start(b'H'));
    }
}
