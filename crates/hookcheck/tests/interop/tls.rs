//! `hookcheck tls --chain-only` against `openssl s_server`, for certificates
//! rustls will not serve: a leaf with an RSA-1024 key.

use hookcheck_testkit::OpensslServer;

use crate::support::finding;
use crate::support::findings;
use crate::support::tls::chain_only;

#[test]
fn an_rsa_1024_key_is_weak() {
    // rustls will not sign with a 1024-bit key: openssl serves it.
    let server = OpensslServer::fixture("weak-key", &["-cipher", "DEFAULT@SECLEVEL=0"]);
    let (output, report) = chain_only(&server.url("localhost"), &[]);
    let found = findings(&report);
    assert!(found.contains("error tls-weak-key"), "{report:#}");
    // The strict client cannot verify the handshake signature of such a
    // key: the handshake itself fails, and says so.
    assert!(
        found
            .iter()
            .all(|f| f == "error tls-weak-key" || f == "error tls-handshake-failed"),
        "{found:?}"
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(finding(&report, "tls-weak-key")["facts"]["key_bits"], 1024);
}

#[test]
fn a_tls_1_0_only_server_has_its_chain_judged_from_the_probe() {
    // rustls speaks no TLS 1.0; an OpenSSL-based client does, and is sent
    // the chain in the clear. The chain check alone asks for it.
    let server = OpensslServer::fixture("good-rsa", &["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"]);
    let (output, report) = chain_only(&server.url("localhost"), &[]);
    crate::support::assert_findings(&output, &report, &["info tls-chain-from-probe"]);
    assert_eq!(report["tls"]["trusted"], true, "{report:#}");
    let note = finding(&report, "tls-chain-from-probe");
    assert_eq!(note["facts"]["protocol"], "TLSv1.0");
}
