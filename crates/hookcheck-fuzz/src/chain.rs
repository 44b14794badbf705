//! A certificate bundle as `tls --chain` reads it, or one DER certificate
//! as a server may send it, through the whole chain diagnosis.

use std::sync::LazyLock;

use hookcheck_net::TrustStore;
use hookcheck_tls::{DEFAULT_EXPIRY_WARNING, check_chain, host_name, read_bundle};
use rustls::pki_types::CertificateDer;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::{assert_one_line, assert_report};

/// The fixtures' root, so that seeds built from the fixtures reach a
/// trusted root and the fuzzer explores past "untrusted".
static TRUST: LazyLock<TrustStore> = LazyLock::new(|| {
    TrustStore::from_pem(
        include_bytes!("../../../fixtures/tls/ca/root.pem"),
        "the fixtures' root",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// Within the fixtures' validity, fixed so that runs repeat.
const AT: OffsetDateTime = datetime!(2026-06-01 0:00 UTC);

/// Reads `data` as a PEM bundle and diagnoses its chain; bytes that are no
/// PEM are diagnosed as one DER certificate presented alone, as a server's
/// handshake hands them over. An even length is judged for a host, an odd
/// one for trust only.
///
/// # Panics
///
/// When a bundle's error is not one line, a finding is empty, or the
/// report is not valid against the report's schema.
pub fn run(data: &[u8]) {
    let presented = match read_bundle(data) {
        Ok(certificates) => certificates,
        Err(error) => {
            assert_one_line("a bundle's error", &error.to_string());
            vec![CertificateDer::from(data.to_vec())]
        }
    };
    let host = host_name("hookcheck.test").unwrap_or_else(|e| panic!("{e}"));
    let host = data.len().is_multiple_of(2).then_some(&host);
    let report = check_chain(&presented, host, &TRUST, AT, DEFAULT_EXPIRY_WARNING);
    assert_report(&report);
}
