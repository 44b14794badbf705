//! Fetching a missing issuer from a certificate's AIA caIssuers URL, as a
//! browser would and the provider will not: the diagnosis uses it to name
//! the intermediate a server omits. Bounded in time and size, never follows
//! redirects, and under the same network policy as the target (an AIA URL
//! pointing into a private network is refused with `--deny-private`).

use std::time::Duration;

use hookcheck_core::AiaFetch;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use url::Url;
use x509_parser::asn1_rs::{Any, Class, FromDer as _, Tag};
use x509_parser::prelude::X509Certificate;

use hookcheck_net::{NetPolicy, Unreachable};

use crate::diagnose::{Diagnosis, Fetched, Input, diagnose};

/// An intermediate is about a kilobyte, a PKCS#7 bundle a few; anything
/// past this is not what a caIssuers URL serves.
const MAX_BYTES: usize = 256 * 1024;

/// How many rounds of AIA fetching a chain gets: one per missing level.
const AIA_ROUNDS: usize = 3;

/// Why a fetch brought no certificates.
#[derive(Debug)]
pub(crate) enum FetchError {
    /// The URL, its server or what it sent: recorded in the report.
    Failed(String),
    /// This machine ran out of descriptors, ports or buffers
    /// (hookcheck-net's `local_limit_in`): the tool's failure, which ends
    /// the check rather than becoming a fetch the endpoint failed.
    LocalLimit(String),
}

impl From<String> for FetchError {
    fn from(why: String) -> Self {
        FetchError::Failed(why)
    }
}

/// Diagnoses `input`'s chain, fetching the missing issuers its AIA URLs
/// name and diagnosing again while that finds new certificates. Whatever
/// `input` holds as fetched certificates and attempts is replaced by this
/// function's own. `Err` is the local limit a fetch met.
pub(crate) async fn diagnose_fetching(
    input: Input<'_>,
    policy: &NetPolicy,
    timeout: Duration,
) -> Result<(Diagnosis, Vec<AiaFetch>), String> {
    let mut fetched: Vec<Fetched> = Vec::new();
    let mut attempts: Vec<AiaFetch> = Vec::new();
    let mut round = 0;
    loop {
        let diagnosis = diagnose(&Input {
            fetched: &fetched,
            aia: &attempts,
            ..input
        });
        if diagnosis.fetch.is_empty() || round == AIA_ROUNDS {
            return Ok((diagnosis, attempts));
        }
        round += 1;
        for url in diagnosis.fetch {
            match fetch(&url, policy, timeout).await {
                Ok(certs) => {
                    attempts.push(AiaFetch {
                        url: url.clone(),
                        certificates: certs.len(),
                        error: None,
                    });
                    fetched.extend(certs.into_iter().map(|der| Fetched {
                        der,
                        url: url.clone(),
                    }));
                }
                Err(FetchError::LocalLimit(cause)) => {
                    return Err(format!("fetching {url}: {cause}"));
                }
                Err(FetchError::Failed(error)) => attempts.push(AiaFetch {
                    url,
                    certificates: 0,
                    error: Some(error),
                }),
            }
        }
    }
}

/// Fetches the certificates at `url`.
pub(crate) async fn fetch(
    url: &str,
    policy: &NetPolicy,
    timeout: Duration,
) -> Result<Vec<CertificateDer<'static>>, FetchError> {
    let parsed = Url::parse(url).map_err(|e| format!("not a valid URL ({e})"))?;
    // RFC 5280 §4.2.2.1: caIssuers is fetched over plain HTTP (or LDAP); an
    // https:// issuer URL could need the very chain it is fetched for.
    if parsed.scheme() != "http" {
        return Err(format!(
            "only http:// caIssuers URLs are fetched, not {}:",
            parsed.scheme()
        )
        .into());
    }
    let (Some(host), Some(port)) = (parsed.host(), parsed.port_or_known_default()) else {
        return Err("the URL names no host".to_owned().into());
    };
    let addresses = policy
        .addresses(&host, port, timeout)
        .await
        .map_err(|e| match e {
            Unreachable::LocalLimit { .. } => FetchError::LocalLimit(e.to_string()),
            Unreachable::Dns { .. } | Unreachable::Denied { .. } => {
                FetchError::Failed(e.to_string())
            }
        })?;
    let mut client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(timeout);
    if let url::Host::Domain(name) = host {
        // Pin the connection to the vetted addresses.
        client = client.resolve_to_addrs(name, &addresses);
    }
    let client = client
        .build()
        .map_err(|e| match hookcheck_net::local_limit_in(&e) {
            Some(limit) => FetchError::LocalLimit(limit.to_string()),
            None => FetchError::Failed(format!("cannot set up HTTP ({e})")),
        })?;
    let mut response = client
        .get(parsed)
        .send()
        .await
        .map_err(|e| describe(&e, timeout))?;
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .unwrap_or("nowhere");
        return Err(format!("answered {status} to {to} (redirects are not followed)").into());
    }
    if !status.is_success() {
        return Err(format!("answered {status}").into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e, timeout))? {
        if body.len() + chunk.len() > MAX_BYTES {
            return Err(format!("sent more than {} KiB", MAX_BYTES / 1024).into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(read_certificates(&body)?)
}

fn describe(error: &reqwest::Error, timeout: Duration) -> FetchError {
    if let Some(limit) = hookcheck_net::local_limit_in(error) {
        return FetchError::LocalLimit(limit.to_string());
    }
    FetchError::Failed(if error.is_timeout() {
        format!(
            "no complete answer within {}",
            hookcheck_net::millis(timeout)
        )
    } else if error.is_connect() {
        "cannot connect".to_owned()
    } else {
        // reqwest's outer message is generic; the cause names the problem.
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text = format!("{text}: {cause}");
            source = cause.source();
        }
        text
    })
}

/// The certificates in a caIssuers response: one DER certificate (the
/// usual `application/pkix-cert`), PEM, or a certs-only PKCS#7 bundle
/// (`application/pkcs7-mime`, `.p7c`).
pub fn read_certificates(body: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    if body.windows(11).any(|w| w == b"-----BEGIN ") {
        let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(body).collect();
        return match certs {
            Ok(certs) if !certs.is_empty() => Ok(certs),
            Ok(_) => Err("the PEM holds no certificate".to_owned()),
            Err(e) => Err(format!("invalid PEM ({e})")),
        };
    }
    if X509Certificate::from_der(body).is_ok_and(|(rest, _)| rest.is_empty()) {
        return Ok(vec![CertificateDer::from(body.to_vec())]);
    }
    match pkcs7_certificates(body) {
        Some(certs) if !certs.is_empty() => Ok(certs),
        Some(_) => Err("the PKCS#7 bundle holds no certificate".to_owned()),
        None => Err(format!(
            "the {} bytes are neither a certificate (DER or PEM) nor a PKCS#7 bundle",
            body.len()
        )),
    }
}

/// The DER encoding of `signedData` (1.2.840.113549.1.7.2).
const SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// The certificates of a PKCS#7 `SignedData` (RFC 2315, RFC 5652 §5.1):
///
/// ```text
/// ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
/// SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
///                           certificates [0] IMPLICIT SET OF Certificate OPTIONAL, … }
/// ```
///
/// Only the certificates are read; a certs-only bundle has nothing else.
fn pkcs7_certificates(der: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    let (_, content_info) = Any::from_der(der).ok()?;
    let (rest, content_type) = Any::from_der(content_info.data).ok()?;
    if content_type.tag() != Tag::Oid || content_type.data != SIGNED_DATA {
        return None;
    }
    let (_, explicit) = Any::from_der(rest).ok()?;
    let (_, signed_data) = Any::from_der(explicit.data).ok()?;
    let mut fields = signed_data.data;
    for _ in 0..3 {
        fields = Any::from_der(fields).ok()?.0;
    }
    let (_, certificates) = Any::from_der(fields).ok()?;
    if certificates.class() != Class::ContextSpecific || certificates.tag() != Tag(0) {
        return Some(Vec::new());
    }
    let mut remaining = certificates.data;
    let mut found = Vec::new();
    while !remaining.is_empty() {
        let (rest, _) = Any::from_der(remaining).ok()?;
        let encoded = &remaining[..remaining.len() - rest.len()];
        found.push(CertificateDer::from(encoded.to_vec()));
        remaining = rest;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_described_not_parsed() {
        let error = read_certificates(b"<html>not found</html>").unwrap_err();
        assert!(error.contains("neither a certificate"), "{error}");
        assert!(read_certificates(b"-----BEGIN CERTIFICATE-----\n!!\n").is_err());
        assert_eq!(pkcs7_certificates(&[0x30, 0x03, 0x06, 0x01, 0x00]), None);
    }

    /// An AIA URL cannot steer hookcheck into a private network: with
    /// `--deny-private` it is refused before any connection is made.
    #[test]
    fn private_aia_hosts_are_refused_and_other_schemes_not_fetched() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let deny = NetPolicy {
            overrides: Vec::new(),
            deny_private: true,
        };
        let timeout = Duration::from_secs(1);
        for (url, expected) in [
            (
                "http://169.254.169.254/latest/meta-data",
                "refusing to connect to 169.254.169.254",
            ),
            ("http://[::1]:8080/ca.der", "refusing to connect to ::1"),
            ("https://ca.example/ca.der", "only http:// caIssuers URLs"),
            ("ldap://ldap.example/cn=CA", "only http:// caIssuers URLs"),
        ] {
            let error = runtime.block_on(fetch(url, &deny, timeout)).unwrap_err();
            assert!(
                matches!(&error, FetchError::Failed(why) if why.contains(expected)),
                "{url}: {error:?}"
            );
        }
    }
}
