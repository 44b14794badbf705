//! HTTPS for `listen`: a certificate given (a PEM chain and its key), or a
//! local one. The local one is a leaf for `localhost`, `127.0.0.1` and `::1`,
//! minted at each start and signed by a CA of this machine's own, made on
//! first use and kept in a folder (beside the history), so that a sender
//! is told to trust it once (`--ca-file`), not at every start.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The local CA's certificate and key, in the folder given.
const CA_PEM: &str = "listen-ca.pem";
const CA_KEY: &str = "listen-ca.key";

/// A certificate file or the local CA is not usable.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(String);

/// The server configuration for a chain (leaf first) and its key, read
/// from PEM files.
pub fn from_files(chain: &Path, key: &Path) -> Result<ServerConfig, TlsError> {
    let certs = CertificateDer::pem_file_iter(chain)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|e| TlsError(format!("`{}`: {e}", chain.display())))?;
    if certs.is_empty() {
        return Err(TlsError(format!(
            "`{}` holds no certificate",
            chain.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsError(format!("`{}`: {e}", key.display())))?;
    config(certs, key)
}

/// The server configuration for a leaf minted now, signed by the local CA
/// kept in `folder` (made there on first use); and the CA's PEM file, for
/// senders to trust.
pub fn local(folder: &Path) -> Result<(ServerConfig, PathBuf), TlsError> {
    let failed = |what: &str, e: &dyn std::fmt::Display| TlsError(format!("{what}: {e}"));
    let (ca_pem, ca_key) = (folder.join(CA_PEM), folder.join(CA_KEY));
    let issuer = if ca_pem.exists() && ca_key.exists() {
        let key = std::fs::read_to_string(&ca_key)
            .map_err(|e| failed(&ca_key.display().to_string(), &e))?;
        let key = KeyPair::from_pem(&key).map_err(|e| failed(&ca_key.display().to_string(), &e))?;
        let pem = std::fs::read_to_string(&ca_pem)
            .map_err(|e| failed(&ca_pem.display().to_string(), &e))?;
        Issuer::from_ca_cert_pem(&pem, key)
            .map_err(|e| failed(&ca_pem.display().to_string(), &e))?
    } else {
        make_ca(folder, &ca_pem, &ca_key)?
    };
    let mut params = CertificateParams::new(vec!["localhost".to_owned()])
        .map_err(|e| failed("the local certificate", &e))?;
    for ip in [
        std::net::IpAddr::from([127, 0, 0, 1]),
        std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
    ] {
        params.subject_alt_names.push(SanType::IpAddress(ip));
    }
    params
        .distinguished_name
        .push(DnType::CommonName, "hookcheck listen");
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().map_err(|e| failed("a key", &e))?;
    let leaf = params
        .signed_by(&key, &issuer)
        .map_err(|e| failed("the local certificate", &e))?;
    let der =
        PrivateKeyDer::try_from(key.serialize_der()).map_err(|e| failed("the local key", &e))?;
    Ok((config(vec![leaf.der().clone()], der)?, ca_pem))
}

/// Makes the local CA and keeps it in `folder` (its key readable by its
/// owner only).
fn make_ca(
    folder: &Path,
    pem: &Path,
    key_file: &Path,
) -> Result<Issuer<'static, KeyPair>, TlsError> {
    let failed =
        |what: &Path, e: &dyn std::fmt::Display| TlsError(format!("`{}`: {e}", what.display()));
    std::fs::create_dir_all(folder).map_err(|e| failed(folder, &e))?;
    let mut params = CertificateParams::default();
    params
        .distinguished_name
        .push(DnType::CommonName, "hookcheck listen local CA");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let key = KeyPair::generate().map_err(|e| failed(key_file, &e))?;
    let ca = params.self_signed(&key).map_err(|e| failed(pem, &e))?;
    write_private(key_file, key.serialize_pem().as_bytes()).map_err(|e| failed(key_file, &e))?;
    std::fs::write(pem, ca.pem()).map_err(|e| failed(pem, &e))?;
    Ok(Issuer::new(params, key))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?
        .write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

fn config(
    certs: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<ServerConfig, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_no_client_auth().with_single_cert(certs, key))
        .map_err(|e| TlsError(format!("the certificate and key: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
