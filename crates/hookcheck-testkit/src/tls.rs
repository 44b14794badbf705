//! A rustls server presenting any chain, exactly as given: no reordering,
//! no check that the key matches the first certificate, so broken chains
//! are served as broken servers serve them.

use std::net::SocketAddr;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::io::AsyncWriteExt as _;

use crate::fixtures::Chain;
use crate::{Running, localhost_v4};

/// How a [`TlsServer`] runs.
pub struct TlsServerOptions {
    /// What it presents.
    pub chain: Chain,
    /// Where it listens (port 0).
    pub addr: SocketAddr,
    /// An OCSP response to staple, if any (the client only sees bytes).
    pub ocsp: Option<Vec<u8>>,
    /// Header lines of its HTTP answers (`name: value`).
    pub headers: Vec<String>,
}

/// The HSTS header a well-configured endpoint sends: a year.
pub const HSTS_ONE_YEAR: &str = "strict-transport-security: max-age=31536000; includeSubDomains";

impl TlsServerOptions {
    /// Presents `chain` on 127.0.0.1, without stapling, answering with a
    /// year of HSTS.
    pub fn new(chain: Chain) -> TlsServerOptions {
        TlsServerOptions {
            chain,
            addr: localhost_v4(),
            ocsp: None,
            headers: vec![HSTS_ONE_YEAR.to_owned()],
        }
    }
}

/// A TLS server on loopback; stops when dropped.
pub struct TlsServer {
    running: Running,
}

impl TlsServer {
    /// Presents a fixture case on 127.0.0.1.
    pub fn fixture(case: &str) -> TlsServer {
        TlsServer::start(TlsServerOptions::new(crate::fixtures::case(case)))
    }

    /// Starts a server.
    pub fn start(options: TlsServerOptions) -> TlsServer {
        let config = server_config(options.chain, options.ocsp);
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let mut response =
            "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n".to_owned();
        for header in &options.headers {
            response.push_str(header);
            response.push_str("\r\n");
        }
        response.push_str("\r\nok");
        let response: Arc<str> = response.into();
        let running = Running::start(options.addr, move |tcp| {
            let acceptor = acceptor.clone();
            let response = Arc::clone(&response);
            async move {
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    answer_one_request(&mut tls, &response).await;
                }
            }
        });
        TlsServer { running }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr
    }

    /// `https://HOST:PORT/` for this server under the given host name (or
    /// address literal).
    pub fn url(&self, host: &str) -> String {
        format!("https://{host}:{}/", self.addr().port())
    }
}

/// A rustls configuration presenting `chain` exactly as given, stapling
/// `ocsp` if any, with no ALPN protocol.
pub(crate) fn server_config(chain: Chain, ocsp: Option<Vec<u8>>) -> ServerConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let signing_key = provider
        .key_provider
        .load_private_key(chain.key)
        .expect("a key rustls can sign with (use OpensslServer for others)");
    let mut certified = CertifiedKey::new(chain.certs, signing_key);
    certified.ocsp = ocsp;
    ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("default protocol versions")
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(Fixed(Arc::new(certified))))
}

/// Reads a request head (bounded) and answers, so HTTP clients finish.
async fn answer_one_request<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin>(
    stream: &mut S,
    response: &str,
) {
    if crate::read_request_head(stream).await.is_none() {
        return;
    }
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Always the same certificate, whatever the client asks for.
#[derive(Debug)]
struct Fixed(Arc<CertifiedKey>);

impl ResolvesServerCert for Fixed {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(&self.0))
    }
}
