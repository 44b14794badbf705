//! The TLS fixtures of `fixtures/tls/` (see its README), and leaves minted at
//! run time by the fixture intermediate for what cannot be fixed in a file:
//! an AIA URL naming a port that is only known once a server is started.

use std::path::PathBuf;

use rcgen::{
    CertificateParams, CustomExtension, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use x509_parser::asn1_rs::{Any, Class, Header, Length, Oid, Tag, ToDer as _};

/// A chain as a server presents it, with the leaf's key.
pub struct Chain {
    /// The certificates, leaf first (unless a case says otherwise).
    pub certs: Vec<CertificateDer<'static>>,
    /// The leaf's private key.
    pub key: PrivateKeyDer<'static>,
}

impl Clone for Chain {
    fn clone(&self) -> Chain {
        Chain {
            certs: self.certs.clone(),
            key: self.key.clone_key(),
        }
    }
}

/// `fixtures/tls/` in this checkout.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/tls")
}

/// A delivery as the calendar API sent it: the bytes of
/// `fixtures/payloads/captured/<name>.json` (`change`, `verification`, …).
pub fn captured(name: &str) -> Vec<u8> {
    let path = dir().join(format!("../payloads/captured/{name}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The root the fixtures chain to: what tests pass as `--ca-file`.
pub fn root_pem() -> PathBuf {
    dir().join("ca/root.pem")
}

/// A fixture case: `fixtures/tls/cases/<name>/{chain,key}.pem`.
pub fn case(name: &str) -> Chain {
    let folder = dir().join("cases").join(name);
    Chain {
        certs: certs(&folder.join("chain.pem")),
        key: key(&folder.join("key.pem")),
    }
}

/// The certificates of a PEM file.
pub fn certs(path: &std::path::Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("invalid PEM in {}: {e}", path.display()))
}

fn key(path: &std::path::Path) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_file(path)
        .unwrap_or_else(|e| panic!("cannot read the key {}: {e}", path.display()))
}

/// The fixture intermediate's certificate (DER), as an AIA URL serves it.
pub fn intermediate_der() -> Vec<u8> {
    std::fs::read(dir().join("ca/intermediate.der")).expect("fixtures/tls/ca/intermediate.der")
}

/// A leaf for `localhost` (and the fixture SANs) signed by the fixture
/// intermediate, whose AIA caIssuers URL is `aia_url`; the chain holds the
/// leaf alone, as a server that omits its intermediate sends it.
pub fn leaf_with_aia(aia_url: &str) -> Chain {
    leaf("localhost", Some(aia_url))
}

/// A leaf for `localhost` (and the fixture SANs) signed by the fixture
/// intermediate, whose subject's common name is `common_name` (anything: a
/// hostile peer's control characters, say); the chain holds the leaf and
/// the intermediate, so a client trusting the fixture root accepts it.
pub fn leaf_named(common_name: &str) -> Chain {
    let mut chain = leaf(common_name, None);
    chain.certs.push(CertificateDer::from(intermediate_der()));
    chain
}

fn leaf(common_name: &str, aia_url: Option<&str>) -> Chain {
    let ca_dir = dir().join("ca");
    let ca_key = std::fs::read_to_string(ca_dir.join("intermediate.key"))
        .expect("fixtures/tls/ca/intermediate.key");
    let ca_key = KeyPair::from_pem(&ca_key).expect("the intermediate's key");
    let ca_pem = std::fs::read_to_string(ca_dir.join("intermediate.pem"))
        .expect("fixtures/tls/ca/intermediate.pem");
    let issuer = Issuer::from_ca_cert_pem(&ca_pem, ca_key).expect("the intermediate certificate");

    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).expect("SANs");
    params
        .subject_alt_names
        .push(SanType::IpAddress([127, 0, 0, 1].into()));
    params
        .subject_alt_names
        .push(SanType::IpAddress(std::net::Ipv6Addr::LOCALHOST.into()));
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = time::macros::datetime!(2025-01-01 0:00 UTC);
    params.not_after = time::macros::datetime!(2045-01-01 0:00 UTC);
    if let Some(aia_url) = aia_url {
        params.custom_extensions.push(aia_extension(aia_url));
    }
    let key = KeyPair::generate().expect("a P-256 key");
    let leaf = params.signed_by(&key, &issuer).expect("sign the leaf");
    Chain {
        certs: vec![leaf.der().clone()],
        key: PrivateKeyDer::try_from(key.serialize_der()).expect("a PKCS#8 key"),
    }
}

/// The Authority Information Access extension (RFC 5280 §4.2.2.1) with one
/// caIssuers URI (rcgen has no support for it):
///
/// ```text
/// SEQUENCE { SEQUENCE { OID id-ad-caIssuers, [6] IMPLICIT IA5String uri } }
/// ```
pub fn aia_extension(uri: &str) -> CustomExtension {
    const ID_PE_AUTHORITY_INFO_ACCESS: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 1, 1];
    let ca_issuers = Oid::from(&[1, 3, 6, 1, 5, 5, 7, 48, 2]).expect("id-ad-caIssuers");
    let location = Any::new(
        Header::new(
            Class::ContextSpecific,
            false,
            Tag(6),
            Length::Definite(uri.len()),
        ),
        uri.as_bytes(),
    );
    let description =
        sequence(&[ca_issuers.to_der_vec().expect("an OID"), der(&location)].concat());
    CustomExtension::from_oid_content(ID_PE_AUTHORITY_INFO_ACCESS, sequence(&description))
}

fn sequence(contents: &[u8]) -> Vec<u8> {
    der(&Any::new(
        Header::new(
            Class::Universal,
            true,
            Tag::Sequence,
            Length::Definite(contents.len()),
        ),
        contents,
    ))
}

fn der(any: &Any<'_>) -> Vec<u8> {
    any.to_der_vec().expect("DER encoding into memory")
}
