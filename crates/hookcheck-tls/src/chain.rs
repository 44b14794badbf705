//! The chain check before deployment: a certificate bundle (PEM, leaf first,
//! as a server would send it) judged as the live check judges what a server
//! presents, with no connection. [`check_chain`] is pure (bytes, a name,
//! roots and an instant in, the report out); [`check_chain_fetching`] adds
//! the AIA fetches a user asks for, under the same network policy as a
//! target. [`read_bundle`] turns the file's bytes into the chain.

use hookcheck_core::{ChainSource, Report};
use hookcheck_net::TrustStore;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use time::OffsetDateTime;
use url::Host;
use x509_parser::prelude::{FromDer as _, X509Certificate};

use crate::diagnose::{Input, diagnose};
use crate::{Config, aia, section};

/// Why a bundle is read up to 1 MiB: a chain is a few kilobytes (a
/// certificate is one or two), so a megabyte is hundreds of certificates,
/// far past any real bundle, and a file past it is not one.
pub const MAX_BUNDLE_BYTES: usize = 1 << 20;

/// The target a chain's report names until its caller names the file.
const CHAIN_TARGET: &str = "chain";

/// Why a bundle's bytes are no chain to check.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BundleError {
    /// Nothing at all.
    #[error("it is empty")]
    Empty,
    /// No PEM block: a DER file, or not a certificate file at all.
    #[error("it is not PEM (no -----BEGIN line){}", if *.der {
        "; it looks like a DER certificate: convert it with `openssl x509 -inform der`"
    } else {
        ""
    })]
    NotPem {
        /// Whether the bytes are one DER certificate.
        der: bool,
    },
    /// PEM blocks, but none of them a certificate.
    #[error("it holds no CERTIFICATE block, only {}", .labels.join(", "))]
    NoCertificate {
        /// The labels of the blocks it holds.
        labels: Vec<String>,
    },
    /// A block other than a certificate among the certificates.
    #[error(
        "PEM block {position} is a {label}, not a CERTIFICATE: a chain file holds the \
         certificates only"
    )]
    NotCertificate {
        /// Its 1-based position among the file's blocks.
        position: usize,
        /// Its label, e.g. `PRIVATE KEY`.
        label: String,
    },
    /// A certificate block that does not decode.
    #[error("invalid PEM: {0}")]
    Invalid(String),
}

/// The certificates of a PEM bundle, in the file's order: every block must
/// be a `CERTIFICATE` (text around the blocks, as `openssl` writes it, is
/// allowed). The certificates themselves are not judged here: one that
/// does not parse as X.509 is the diagnosis's business, as when a server
/// sends it.
pub fn read_bundle(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, BundleError> {
    if pem.iter().all(u8::is_ascii_whitespace) {
        return Err(BundleError::Empty);
    }
    let labels: Vec<String> = pem
        .split(|&b| b == b'\n')
        .filter_map(|line| {
            let line = line.trim_ascii();
            let label = line.strip_prefix(b"-----BEGIN ")?.strip_suffix(b"-----")?;
            Some(String::from_utf8_lossy(label).into_owned())
        })
        .collect();
    if labels.is_empty() {
        let der = X509Certificate::from_der(pem).is_ok_and(|(rest, _)| rest.is_empty());
        return Err(BundleError::NotPem { der });
    }
    if !labels.iter().any(|label| label == "CERTIFICATE") {
        return Err(BundleError::NoCertificate { labels });
    }
    if let Some((index, label)) = labels
        .iter()
        .enumerate()
        .find(|(_, label)| *label != "CERTIFICATE")
    {
        return Err(BundleError::NotCertificate {
            position: index + 1,
            label: label.clone(),
        });
    }
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| BundleError::Invalid(e.to_string()))?;
    if certs.len() == labels.len() {
        Ok(certs)
    } else {
        Err(BundleError::Invalid(format!(
            "{} CERTIFICATE blocks begin but {} end",
            labels.len(),
            certs.len()
        )))
    }
}

/// The name a bundle is judged for, as a user writes it (`--host`): a DNS
/// name (an IDN becomes its ASCII form, as in a URL), an IPv4 address, or
/// an IPv6 address with or without brackets (`::1`, `[::1]`).
pub fn host_name(name: &str) -> Result<ServerName<'static>, String> {
    let invalid = |why: String| format!("`{name}` is not a valid host name: {why}");
    // The URL parser wants IPv6 addresses in brackets, as URLs write them.
    let bracketed;
    let host = if name.contains(':') && !name.starts_with('[') {
        bracketed = format!("[{name}]");
        bracketed.as_str()
    } else {
        name
    };
    if host.is_empty() {
        return Err(invalid("it is empty".to_owned()));
    }
    let parsed = Host::parse(host).map_err(|e| invalid(e.to_string()))?;
    let borrowed = match &parsed {
        Host::Domain(domain) => Host::Domain(domain.as_str()),
        Host::Ipv4(ip) => Host::Ipv4(*ip),
        Host::Ipv6(ip) => Host::Ipv6(*ip),
    };
    crate::server_name(&borrowed).map_err(invalid)
}

/// Judges a presented chain (leaf first) as a strict client would, with no
/// connection: the same diagnosis, findings and section as the live check,
/// worded for a bundle (`source: file`), with no port, address, protocol,
/// OCSP, probes, HSTS or grade. With `host`, the name is checked as a client
/// connecting to it would; without, trust only (`tls-host-not-checked`
/// says so). Pure: no I/O, no clock; AIA URLs are not fetched.
///
/// The report's target is `chain`; a caller that read a file names it.
pub fn check_chain(
    presented: &[CertificateDer<'_>],
    host: Option<&ServerName<'_>>,
    trust: &TrustStore,
    at: OffsetDateTime,
    expiry_warning: time::Duration,
) -> Report {
    let input = bundle(presented, host, trust, at, expiry_warning);
    chain_report(&input, diagnose(&input), Vec::new())
}

/// [`check_chain`], fetching missing issuers through the certificates' AIA
/// URLs (`--fetch-aia`) under `config`'s network policy and timeout, as the
/// live check does. The only network this mode ever uses; a fetch this
/// machine's limits stopped is [`CheckError::LocalLimit`](crate::CheckError),
/// not a fetch the endpoint failed.
pub async fn check_chain_fetching(
    presented: &[CertificateDer<'_>],
    host: Option<&ServerName<'_>>,
    config: &Config,
) -> Result<Report, crate::CheckError> {
    let input = bundle(
        presented,
        host,
        &config.trust,
        config.at,
        config.expiry_warning,
    );
    let (diagnosis, fetches) = aia::diagnose_fetching(input, &config.net, config.timeout)
        .await
        .map_err(crate::CheckError::LocalLimit)?;
    Ok(chain_report(&input, diagnosis, fetches))
}

/// The diagnosis's input for a bundle: nothing fetched or tried yet.
fn bundle<'a>(
    presented: &'a [CertificateDer<'a>],
    host: Option<&'a ServerName<'a>>,
    trust: &'a TrustStore,
    at: OffsetDateTime,
    expiry_warning: time::Duration,
) -> Input<'a> {
    Input {
        source: ChainSource::File,
        host,
        presented,
        fetched: &[],
        aia: &[],
        trust,
        at,
        expiry_warning,
    }
}

fn chain_report(
    input: &Input<'_>,
    diagnosis: crate::Diagnosis,
    fetches: Vec<hookcheck_core::AiaFetch>,
) -> Report {
    let mut section = section::empty(input.source, input.host, None, input.trust, input.at);
    let findings = section::add_diagnosis(&mut section, diagnosis, fetches);
    section::report(CHAIN_TARGET, findings, section)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";

    #[test]
    fn a_bundle_is_its_certificate_blocks_in_order_with_text_around_them() {
        let pem = format!("subject=CN = a\n{CERT}\nissuer=CN = b\r\n{CERT}");
        let certs = read_bundle(pem.as_bytes()).expect("two blocks");
        assert_eq!(certs.len(), 2);
        assert_eq!(certs[0].as_ref(), &[0x30, 0x03, 0x02, 0x01, 0x00]);
    }

    #[test]
    fn hosts_are_names_or_addresses_as_in_a_url() {
        let name = |s: &str| host_name(s).map(|n| n.to_str().into_owned());
        assert_eq!(name("LocalHost").as_deref(), Ok("localhost"));
        assert_eq!(name("bücher.test").as_deref(), Ok("xn--bcher-kva.test"));
        assert_eq!(name("127.0.0.1").as_deref(), Ok("127.0.0.1"));
        assert_eq!(name("::1").as_deref(), Ok("::1"));
        assert_eq!(name("[::1]").as_deref(), Ok("::1"));
        for bad in ["", "a b", "[::1", "exa_mple..com", "::g"] {
            let error = host_name(bad).expect_err(bad);
            assert!(error.contains("is not a valid host name"), "{error}");
        }
    }

    #[test]
    fn what_is_no_bundle_says_why() {
        assert_eq!(read_bundle(b" \n"), Err(BundleError::Empty));
        assert_eq!(
            read_bundle(b"hello"),
            Err(BundleError::NotPem { der: false })
        );
        let key = "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            read_bundle(key.as_bytes()),
            Err(BundleError::NoCertificate {
                labels: vec!["PRIVATE KEY".to_owned()]
            })
        );
        assert_eq!(
            read_bundle(format!("{CERT}{key}").as_bytes()),
            Err(BundleError::NotCertificate {
                position: 2,
                label: "PRIVATE KEY".to_owned()
            })
        );
        let cut = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n";
        assert!(matches!(
            read_bundle(cut.as_bytes()),
            Err(BundleError::Invalid(_))
        ));
    }
}
