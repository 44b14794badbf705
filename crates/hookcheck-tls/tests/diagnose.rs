//! The chain diagnosis without sockets: every fixture case (and chains no
//! server serves, built here from the fixture files) diagnosed at a pinned
//! instant against the fixture root, with the exact findings expected.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::collections::BTreeSet;

use hookcheck_core::{AiaFetch, CertificateSource, ChainSource, Severity};
use hookcheck_net::TrustStore;
use hookcheck_testkit::fixtures;
use hookcheck_tls::{Diagnosis, Fetched, Input, diagnose};
use rustls::pki_types::{CertificateDer, ServerName};
use time::macros::datetime;

fn trust() -> TrustStore {
    let pem = std::fs::read(fixtures::root_pem()).expect("the fixture root");
    TrustStore::from_pem(&pem, "root.pem").expect("a trust store")
}

fn run(
    chain: &[CertificateDer<'static>],
    host: &str,
    fetched: &[Fetched],
    aia: &[AiaFetch],
) -> Diagnosis {
    let host = ServerName::try_from(host.to_owned()).expect("a server name");
    diagnose(&Input {
        source: ChainSource::Server,
        host: Some(&host),
        presented: chain,
        fetched,
        aia,
        trust: &trust(),
        at: datetime!(2026-06-01 0:00 UTC),
        expiry_warning: hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    })
}

fn codes(diagnosis: &Diagnosis) -> BTreeSet<String> {
    diagnosis
        .findings
        .iter()
        .map(|f| format!("{} {}", f.severity, f.code))
        .collect()
}

fn set(expected: &[&str]) -> BTreeSet<String> {
    expected.iter().map(|s| (*s).to_owned()).collect()
}

/// The case, the host asked for, exactly the findings it draws, and
/// whether a strict client accepts it.
const CASES: &[(&str, &str, &[&str], bool)] = &[
    ("good", "localhost", &[], true),
    ("good", "127.0.0.1", &[], true),
    ("good", "::1", &[], true),
    ("good", "xn--bcher-kva.test", &[], true),
    ("good-rsa", "hookcheck.test", &[], true),
    ("wildcard", "api.hookcheck.test", &[], true),
    (
        "wildcard",
        "hookcheck.test",
        &["error tls-hostname-mismatch"],
        false,
    ),
    (
        "good",
        "example.com",
        &["error tls-hostname-mismatch"],
        false,
    ),
    ("good", "10.0.0.1", &["error tls-hostname-mismatch"], false),
    (
        "leaf-only",
        "localhost",
        &["error tls-unknown-issuer"],
        false,
    ),
    ("aia", "localhost", &["error tls-unknown-issuer"], false),
    (
        "self-signed",
        "localhost",
        &["error tls-self-signed"],
        false,
    ),
    (
        "untrusted-root",
        "localhost",
        &["error tls-untrusted-root"],
        false,
    ),
    ("expired", "localhost", &["error tls-expired"], false),
    (
        "not-yet-valid",
        "localhost",
        &["error tls-not-yet-valid"],
        false,
    ),
    (
        "expires-soon",
        "localhost",
        &["warning tls-expires-soon"],
        true,
    ),
    (
        "wrong-host",
        "localhost",
        &["error tls-hostname-mismatch"],
        false,
    ),
    ("no-san", "localhost", &["error tls-no-san"], false),
    ("weak-key", "localhost", &["error tls-weak-key"], true),
    ("weak-ec", "localhost", &["error tls-weak-key"], true),
    (
        "sha1-signature",
        "localhost",
        &["error tls-weak-signature"],
        false,
    ),
    (
        "md5-signature",
        "localhost",
        &["error tls-weak-signature"],
        false,
    ),
    (
        "chain-order",
        "localhost",
        &["warning tls-chain-order"],
        true,
    ),
    (
        "extra-certs",
        "localhost",
        &["warning tls-chain-extra-certs"],
        true,
    ),
    ("leaf-is-ca", "localhost", &["error tls-leaf-is-ca"], false),
    (
        "no-server-auth",
        "localhost",
        &["error tls-no-server-auth"],
        false,
    ),
];

/// Every case, diagnosed as served.
#[test]
fn every_fixture_case_draws_exactly_its_findings() {
    for &(case, host, expected, trusted) in CASES {
        let chain = fixtures::case(case).certs;
        let diagnosis = run(&chain, host, &[], &[]);
        assert_eq!(
            codes(&diagnosis),
            set(expected),
            "{case} for {host}: {:#?}",
            diagnosis.findings
        );
        assert_eq!(
            diagnosis.trusted, trusted,
            "{case} for {host}: webpki's verdict"
        );
        assert_eq!(
            diagnosis.chain.len(),
            chain.len(),
            "{case}: every certificate is listed"
        );
        // Every rejection is explained by at least one error.
        if !trusted {
            assert!(
                diagnosis
                    .findings
                    .iter()
                    .any(|f| f.severity == Severity::Error),
                "{case}"
            );
        }
    }
}

#[test]
fn an_aia_url_is_asked_for_and_a_fetched_intermediate_completes_the_path() {
    let chain = fixtures::case("aia").certs;
    let first = run(&chain, "localhost", &[], &[]);
    assert_eq!(first.fetch, ["http://aia.hookcheck.test/intermediate.der"]);

    let fetched = [Fetched {
        der: CertificateDer::from(fixtures::intermediate_der()),
        url: first.fetch[0].clone(),
    }];
    let attempts = [AiaFetch {
        url: first.fetch[0].clone(),
        certificates: 1,
        error: None,
    }];
    let second = run(&chain, "localhost", &fetched, &attempts);
    assert_eq!(codes(&second), set(&["error tls-incomplete-chain"]));
    assert!(second.fetch.is_empty(), "nothing more to fetch");
    assert!(
        !second.trusted,
        "the provider sees only what the server sends"
    );
    let sources: Vec<_> = second.path.iter().map(|p| p.source).collect();
    assert_eq!(
        sources,
        [
            CertificateSource::Presented,
            CertificateSource::Fetched,
            CertificateSource::TrustAnchor
        ]
    );
    let fix = &second.findings[0].fix;
    assert!(
        fix.contains("`localhost` then `hookcheck Test Intermediate CA`"),
        "{fix}"
    );
}

#[test]
fn a_failed_fetch_is_not_asked_for_again_and_is_quoted() {
    let chain = fixtures::case("aia").certs;
    let url = "http://aia.hookcheck.test/intermediate.der".to_owned();
    let attempts = [AiaFetch {
        url,
        certificates: 0,
        error: Some("answered 404 Not Found".into()),
    }];
    let diagnosis = run(&chain, "localhost", &[], &attempts);
    assert!(diagnosis.fetch.is_empty());
    let message = &diagnosis.findings[0].message;
    assert!(message.contains("answered 404 Not Found"), "{message}");
}

#[test]
fn a_leaf_sent_after_its_issuer_is_an_ordering_error() {
    let mut chain = fixtures::case("good").certs;
    chain.reverse();
    let diagnosis = run(&chain, "localhost", &[], &[]);
    assert_eq!(codes(&diagnosis), set(&["error tls-chain-order"]));
    assert!(!diagnosis.trusted);
    assert_eq!(diagnosis.findings[0].facts["leaf_position"], 1);
}

#[test]
fn duplicates_and_unparsable_certificates_are_extra() {
    let good = fixtures::case("good").certs;
    let chain = vec![
        good[0].clone(),
        good[1].clone(),
        good[1].clone(),
        CertificateDer::from(b"not a certificate".to_vec()),
    ];
    let diagnosis = run(&chain, "localhost", &[], &[]);
    assert_eq!(codes(&diagnosis), set(&["warning tls-chain-extra-certs"]));
    let message = &diagnosis.findings[0].message;
    assert!(message.contains("(a duplicate) at position 2"), "{message}");
    assert!(message.contains("an unparsable certificate"), "{message}");
}

#[test]
fn a_root_sent_along_is_part_of_the_path_not_extra() {
    let mut chain = fixtures::case("good").certs;
    chain.extend(fixtures::certs(&fixtures::dir().join("ca/root.pem")));
    let diagnosis = run(&chain, "localhost", &[], &[]);
    assert_eq!(codes(&diagnosis), set(&[]));
    assert_eq!(diagnosis.path.last().and_then(|p| p.position), Some(2));
}

#[test]
fn no_certificate_or_an_unparsable_leaf_is_a_failed_handshake() {
    assert_eq!(
        codes(&run(&[], "localhost", &[], &[])),
        set(&["error tls-handshake-failed"])
    );
    let garbage = [CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x01])];
    let diagnosis = run(&garbage, "localhost", &[], &[]);
    assert_eq!(codes(&diagnosis), set(&["error tls-handshake-failed"]));
    assert!(diagnosis.findings[0].message.contains("cannot be parsed"));
}

#[test]
fn a_self_signed_leaf_that_is_trusted_directly_is_fine() {
    let chain = fixtures::case("self-signed").certs;
    let trust = TrustStore::from_pem(
        &std::fs::read(fixtures::dir().join("cases/self-signed/chain.pem")).expect("the PEM"),
        "self-signed",
    )
    .expect("a store");
    let host = ServerName::try_from("localhost").expect("a name");
    let diagnosis = diagnose(&Input {
        source: ChainSource::Server,
        host: Some(&host),
        presented: &chain,
        fetched: &[],
        aia: &[],
        trust: &trust,
        at: datetime!(2026-06-01 0:00 UTC),
        expiry_warning: hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    });
    assert_eq!(codes(&diagnosis), set(&[]));
    assert!(diagnosis.trusted);
}

#[test]
fn findings_carry_the_facts_behind_them() {
    let diagnosis = run(&fixtures::case("expired").certs, "localhost", &[], &[]);
    let facts = &diagnosis.findings[0].facts;
    assert_eq!(facts["not_after"], "2024-01-01T00:00:00Z");
    assert_eq!(facts["checked_at"], "2026-06-01T00:00:00Z");
    assert_eq!(facts["days"], 882);
    let message = &diagnosis.findings[0].message;
    assert!(
        message.contains("expired at 2024-01-01T00:00:00Z (882 days before 2026-06-01T00:00:00Z)"),
        "{message}"
    );
}
