//! `check_chain`, the pure chain check behind `hookcheck tls --chain`:
//! fixture bundles judged at a pinned instant against the fixture root,
//! with no socket and no clock, into the same report the live check makes,
//! worded for a bundle and holding no connection facts.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use hookcheck_core::{ChainSource, Code, Report, Severity};
use hookcheck_testkit::fixtures;
use hookcheck_tls::{Input, check_chain, diagnose, host_name};
use rustls::pki_types::ServerName;
use support::{AT, codes, set, trust};
use time::macros::datetime;

mod support;

fn check(case: &str, host: Option<&str>) -> Report {
    let chain = fixtures::case(case).certs;
    let host = host.map(|h| host_name(h).expect("a host"));
    check_chain(
        &chain,
        host.as_ref(),
        &trust(),
        AT,
        hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    )
}

#[test]
fn a_good_bundle_gives_the_report_of_a_file_with_no_connection_facts() {
    let report = check("good", Some("localhost"));
    assert_eq!(codes(&report), set(&[]));
    assert_eq!(report.target, "chain");
    let tls = report.tls.expect("a TLS section");
    assert_eq!(tls.source, ChainSource::File);
    assert_eq!(tls.host.as_deref(), Some("localhost"));
    assert!(tls.trusted);
    assert_eq!(tls.chain.len(), 2);
    assert_eq!(tls.verified_path.len(), 3);
    assert_eq!(tls.checked_at, "2026-06-01T00:00:00Z");
    assert_eq!(tls.trust_store, "root.pem (1 root)");
    assert_eq!(
        (tls.port, &tls.address, &tls.protocol, &tls.cipher_suite),
        (None, &None, &None, &None)
    );
    assert_eq!((tls.ocsp_stapled, tls.grade), (None, None));
    assert!(tls.protocols.is_empty() && tls.hsts.is_none() && tls.aia_fetches.is_empty());
}

/// Each case with and without a host: the codes, and whether webpki
/// accepts it. Without a host only the name checks differ.
const CASES: &[(&str, &[&str], &[&str], bool)] = &[
    ("good", &[], &[], true),
    ("leaf-only", &["error tls-unknown-issuer"], &[], false),
    ("self-signed", &["error tls-self-signed"], &[], false),
    ("untrusted-root", &["error tls-untrusted-root"], &[], false),
    ("expired", &["error tls-expired"], &[], false),
    ("expires-soon", &["warning tls-expires-soon"], &[], true),
    ("wrong-host", &["error tls-hostname-mismatch"], &[], true),
    ("no-san", &["error tls-no-san"], &["error tls-no-san"], true),
    ("sha1-signature", &["error tls-weak-signature"], &[], false),
    ("chain-order", &["warning tls-chain-order"], &[], true),
    ("leaf-is-ca", &["error tls-leaf-is-ca"], &[], false),
    ("no-server-auth", &["error tls-no-server-auth"], &[], false),
];

#[test]
fn every_case_with_a_host_and_for_trust_only() {
    for &(case, named, unnamed, trusted_unnamed) in CASES {
        let report = check(case, Some("localhost"));
        assert_eq!(codes(&report), set(named), "{case} for localhost");
        // Without a name, the name findings go and the note comes.
        let report = check(case, None);
        let mut expected: Vec<&str> = named
            .iter()
            .copied()
            .filter(|c| !c.ends_with("tls-hostname-mismatch") && !c.ends_with("tls-no-san"))
            .collect();
        expected.extend(unnamed);
        expected.push("info tls-host-not-checked");
        assert_eq!(codes(&report), set(&expected), "{case} for trust only");
        let tls = report.tls.expect("a TLS section");
        assert!(tls.host.is_none(), "{case}");
        assert_eq!(
            tls.trusted, trusted_unnamed,
            "{case}: webpki without a name"
        );
    }
}

#[test]
fn an_ipv6_host_is_matched_against_ip_sans() {
    assert_eq!(codes(&check("good", Some("::1"))), set(&[]));
    assert_eq!(codes(&check("good", Some("[::1]"))), set(&[]));
    assert_eq!(
        codes(&check("good", Some("2001:db8::1"))),
        set(&["error tls-hostname-mismatch"])
    );
}

#[test]
fn the_same_chain_is_worded_for_its_source() {
    let chain = fixtures::case("extra-certs").certs;
    let host = ServerName::try_from("localhost").expect("a name");
    let trust = trust();
    let diagnose_from = |source| {
        diagnose(&Input {
            source,
            host: Some(&host),
            presented: &chain,
            fetched: &[],
            aia: &[],
            trust: &trust,
            at: AT,
            expiry_warning: hookcheck_tls::DEFAULT_EXPIRY_WARNING,
        })
    };
    let server = diagnose_from(ChainSource::Server);
    let file = diagnose_from(ChainSource::File);
    // The same judgement: codes, severities, facts, chain, path, verdict.
    assert_eq!(server.trusted, file.trusted);
    assert_eq!(server.path, file.path);
    assert_eq!(server.findings.len(), 1);
    let (s, f) = (&server.findings[0], &file.findings[0]);
    assert_eq!(
        (s.code, s.severity),
        (Code::TlsChainExtraCerts, Severity::Warning)
    );
    assert_eq!(
        (f.code, f.severity, &f.facts),
        (s.code, s.severity, &s.facts)
    );
    // Worded for each.
    assert!(
        s.message.starts_with("the server sends 1 certificate"),
        "{}",
        s.message
    );
    assert!(
        f.message.starts_with("the bundle holds 1 certificate"),
        "{}",
        f.message
    );
    assert!(
        !f.message.contains("server") && !f.fix.contains("server"),
        "{f:?}"
    );
}

#[test]
fn fractions_of_a_second_are_judged_as_webpki_judges_them() {
    let chain = fixtures::case("expired").certs;
    let host = host_name("localhost").expect("a host");
    // notAfter 2024-01-01T00:00:00Z: that second is still valid.
    let report = check_chain(
        &chain,
        Some(&host),
        &trust(),
        datetime!(2024-01-01 0:00:00.9 UTC),
        hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    );
    let tls = report.tls.as_ref().expect("a TLS section");
    assert_eq!(tls.checked_at, "2024-01-01T00:00:00Z");
    assert!(
        !codes(&report).contains("error tls-expired"),
        "{:?}",
        report.findings
    );
}
