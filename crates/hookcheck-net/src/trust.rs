//! The roots a strict client trusts, and the strict client's verdict on a
//! chain: webpki (through rustls's verifier) with those roots, the way the
//! provider verifies, as the ground truth the diagnosis explains.

use std::sync::Arc;

use rustls::RootCertStore;
use rustls::client::danger::ServerCertVerifier as _;
use rustls::client::{WebPkiServerVerifier, verify_server_cert_signed_by_trust_anchor};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use rustls::server::ParsedCertificate;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer as _, X509Name};

/// A set of trusted roots: the built-in Mozilla set (webpki-roots) or the
/// roots of a CA file.
#[derive(Clone)]
pub struct TrustStore {
    description: String,
    anchors: Vec<Anchor>,
    roots: Arc<RootCertStore>,
    verifier: Arc<WebPkiServerVerifier>,
}

/// Why a trust store could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TrustStoreError {
    /// The CA file holds no PEM certificate.
    #[error("no PEM certificate found")]
    Empty,
    /// A PEM block is not valid.
    #[error("invalid PEM: {0}")]
    Pem(String),
    /// A certificate cannot serve as a trust anchor.
    #[error("certificate {position} cannot be a trust anchor: {reason}")]
    Anchor {
        /// Its 1-based position in the file.
        position: usize,
        /// What webpki objected to.
        reason: String,
    },
}

/// One root: its subject, key and name constraints as full DER structures
/// (as certificates carry them, ready to compare with an issuer name, to
/// verify with and to parse), and its name as reports write it.
#[derive(Clone)]
pub struct Anchor {
    subject: Vec<u8>,
    spki: Vec<u8>,
    name_constraints: Option<Vec<u8>>,
    name: String,
}

impl TrustStore {
    /// The Mozilla root set compiled in by webpki-roots: what the provider
    /// and most strict clients trust.
    pub fn mozilla() -> TrustStore {
        let roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let description = format!("Mozilla roots (webpki-roots, {} roots)", roots.roots.len());
        TrustStore::new(roots, description)
    }

    /// Exactly the roots in a PEM file (`--ca-file`). `source` names the file
    /// in reports.
    pub fn from_pem(pem: &[u8], source: &str) -> Result<TrustStore, TrustStoreError> {
        let mut roots = RootCertStore::empty();
        for (index, der) in CertificateDer::pem_slice_iter(pem).enumerate() {
            let der = der.map_err(|e| TrustStoreError::Pem(e.to_string()))?;
            roots.add(der).map_err(|e| TrustStoreError::Anchor {
                position: index + 1,
                reason: e.to_string(),
            })?;
        }
        if roots.is_empty() {
            return Err(TrustStoreError::Empty);
        }
        let description = match roots.len() {
            1 => format!("{source} (1 root)"),
            n => format!("{source} ({n} roots)"),
        };
        Ok(TrustStore::new(roots, description))
    }

    fn new(roots: RootCertStore, description: String) -> TrustStore {
        let anchors = roots.roots.iter().map(Anchor::from_trust_anchor).collect();
        let roots = Arc::new(roots);
        // Building the verifier only fails for an empty store, which neither
        // constructor lets through.
        let verifier = WebPkiServerVerifier::builder_with_provider(
            Arc::clone(&roots),
            Arc::new(rustls::crypto::ring::default_provider()),
        )
        .build()
        .unwrap_or_else(|_| unreachable!("trust stores are never empty: both constructors check"));
        TrustStore {
            description,
            anchors,
            roots,
            verifier,
        }
    }

    /// A rustls client configuration that verifies servers strictly against
    /// these roots (ring, TLS 1.2 and 1.3): the provider's client, for
    /// connections that must succeed only when the chain is right.
    pub fn client_config(&self) -> rustls::ClientConfig {
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|_| unreachable!("the ring provider supports the default versions"))
        .with_webpki_verifier(Arc::clone(&self.verifier))
        .with_no_client_auth()
    }

    /// How reports name this store.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The roots, for code that links certificates to them.
    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    /// The strict client's verdict: webpki builds and checks a path from the
    /// leaf through `intermediates` to one of these roots, valid at `at`
    /// and for `host`. This is all a plain rustls client learns; the
    /// diagnosis explains it.
    ///
    /// Without a host (a certificate bundle judged before it is deployed,
    /// for no particular name) the verdict is the same check minus the name:
    /// rustls's `verify_server_cert_signed_by_trust_anchor`, the first half
    /// of what its verifier does, with the same roots, algorithms and
    /// serverAuth usage.
    pub fn verify(
        &self,
        leaf: &[u8],
        intermediates: &[&[u8]],
        host: Option<&ServerName<'_>>,
        at: OffsetDateTime,
    ) -> Result<(), rustls::Error> {
        let leaf = CertificateDer::from(leaf);
        let intermediates: Vec<_> = intermediates
            .iter()
            .map(|der| CertificateDer::from(*der))
            .collect();
        let seconds = u64::try_from(at.unix_timestamp()).unwrap_or(0);
        let now = UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds));
        match host {
            Some(host) => self
                .verifier
                .verify_server_cert(&leaf, &intermediates, host, &[], now)
                .map(|_| ()),
            None => {
                let parsed = ParsedCertificate::try_from(&leaf)?;
                let algorithms = rustls::crypto::ring::default_provider()
                    .signature_verification_algorithms
                    .all;
                verify_server_cert_signed_by_trust_anchor(
                    &parsed,
                    &self.roots,
                    &intermediates,
                    now,
                    algorithms,
                )
            }
        }
    }
}

impl Anchor {
    /// The subject name, a DER `Name`.
    pub fn subject(&self) -> &[u8] {
        &self.subject
    }

    /// The public key, a DER `SubjectPublicKeyInfo`.
    pub fn spki(&self) -> &[u8] {
        &self.spki
    }

    /// The root's name constraints, a DER `NameConstraints`, when its
    /// certificate had them: webpki applies them to every certificate
    /// below the root.
    pub fn name_constraints(&self) -> Option<&[u8]> {
        self.name_constraints.as_deref()
    }

    /// The subject as reports write it (`CN=…, O=…`).
    pub fn name(&self) -> &str {
        &self.name
    }

    fn from_trust_anchor(anchor: &TrustAnchor<'_>) -> Anchor {
        // Trust anchors keep the contents of the subject and key without
        // their outer SEQUENCE; certificates carry the whole structure.
        let subject = sequence(&anchor.subject);
        let spki = sequence(&anchor.subject_public_key_info);
        let name_constraints = anchor.name_constraints.as_ref().map(|nc| sequence(nc));
        let name = X509Name::from_der(&subject).map_or_else(
            |_| "an unnamed root".to_owned(),
            |(_, name)| name.to_string(),
        );
        Anchor {
            subject,
            spki,
            name_constraints,
            name,
        }
    }
}

/// Wraps DER contents in a SEQUENCE header.
fn sequence(contents: &[u8]) -> Vec<u8> {
    let mut out = vec![0x30];
    let len = contents.len();
    match u8::try_from(len) {
        Ok(short) if short < 0x80 => out.push(short),
        _ => {
            let bytes = len.to_be_bytes();
            let significant = &bytes[bytes.iter().take_while(|&&b| b == 0).count()..];
            // At most size_of::<usize>() bytes: the count fits the low bits.
            out.push(0x80 | significant.len().to_le_bytes()[0]);
            out.extend_from_slice(significant);
        }
    }
    out.extend_from_slice(contents);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_headers_use_short_and_long_lengths() {
        assert_eq!(sequence(&[1, 2]), [0x30, 2, 1, 2]);
        let long = vec![0; 300];
        assert_eq!(&sequence(&long)[..4], &[0x30, 0x82, 0x01, 0x2c]);
    }

    #[test]
    fn the_mozilla_roots_have_names() {
        let store = TrustStore::mozilla();
        assert!(store.anchors.len() > 100);
        assert!(store.anchors.iter().all(|a| a.name.contains('=')));
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused() {
        assert!(matches!(
            TrustStore::from_pem(b"hello", "x.pem"),
            Err(TrustStoreError::Empty)
        ));
    }
}
