//! The chain diagnosis without sockets: every fixture case (and chains no
//! server serves, built here from the fixture files or minted with rcgen)
//! diagnosed at a pinned instant, with the exact findings expected.
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use hookcheck_core::{AiaFetch, CertificateSource, ChainSource, Severity};
use hookcheck_net::TrustStore;
use hookcheck_testkit::fixtures;
use hookcheck_tls::{ChainGrading, Diagnosis, Fetched, Input, diagnose};
use rustls::pki_types::{CertificateDer, ServerName};
use support::{AT, codes, set, trust};

mod support;

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
        at: AT,
        expiry_warning: hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    })
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

/// What the grade reads of a chain: typed facts, set where the diagnosis
/// decides them (SHA-1 distrusted, MD5 an F, a name mismatch an M, a
/// missing intermediate a cap, the leaf's key in RSA-equivalent bits).
#[test]
fn the_grade_gets_the_chains_facts_typed() {
    let grading = |case: &str, host: &str| run(&fixtures::case(case).certs, host, &[], &[]).grading;
    let good = grading("good", "localhost");
    assert_eq!(
        good,
        ChainGrading {
            leaf_key_bits: Some(3072),
            ..ChainGrading::default()
        }
    );
    let sha1 = grading("sha1-signature", "localhost");
    assert!(
        sha1.untrusted
            .as_deref()
            .is_some_and(|why| why.contains("SHA-1")),
        "{sha1:?}"
    );
    assert!(!sha1.md5_signature);
    let md5 = grading("md5-signature", "localhost");
    assert!(md5.md5_signature && md5.untrusted.is_none(), "{md5:?}");
    let self_signed = grading("self-signed", "localhost");
    assert!(self_signed.untrusted.is_some(), "{self_signed:?}");
    assert!(grading("wrong-host", "localhost").name_mismatch);
    assert!(grading("no-san", "localhost").name_mismatch);
    // A leaf alone, with no AIA URL: a missing intermediate cannot be
    // told from an unknown CA, so a strict client's distrust it is.
    let leaf_only = grading("leaf-only", "localhost");
    assert!(
        leaf_only.untrusted.is_some() && !leaf_only.incomplete_chain,
        "{leaf_only:?}"
    );
    assert_eq!(grading("weak-key", "localhost").leaf_key_bits, Some(1024));
}

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
    assert!(second.grading.incomplete_chain && second.grading.untrusted.is_none());
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
        at: AT,
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

/// Chains no fixture holds, minted here with rcgen: cross-signed
/// intermediates that make a path builder choose, constrained CAs, and
/// issuers strict clients refuse. Valid 2025–2045, so the pinned instant
/// judges only what each test sets up.
mod mint {
    use hookcheck_net::TrustStore;
    use rcgen::{
        BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
        Issuer, KeyPair, KeyUsagePurpose, PublicKeyData, SanType,
    };
    use rustls::pki_types::CertificateDer;
    use time::macros::datetime;

    /// A CA: its certificate, and what it needs to issue.
    pub(crate) struct Ca {
        pub(crate) cert: Certificate,
        issuer: Issuer<'static, KeyPair>,
    }

    fn params(name: &str) -> CertificateParams {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, name);
        params.not_before = datetime!(2025-01-01 0:00 UTC);
        params.not_after = datetime!(2045-01-01 0:00 UTC);
        params
    }

    /// The parameters of a CA certificate named `name`.
    pub(crate) fn ca_params(name: &str) -> CertificateParams {
        let mut params = params(name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params
    }

    /// A fresh P-256 key.
    pub(crate) fn key() -> KeyPair {
        KeyPair::generate().expect("a P-256 key")
    }

    /// The same key again (rcgen's key pairs do not clone): one CA under
    /// two issuers is cross-signed.
    pub(crate) fn same_key(key: &KeyPair) -> KeyPair {
        KeyPair::from_pem(&key.serialize_pem()).expect("the key again")
    }

    /// A self-signed root from `params`.
    pub(crate) fn root_from(params: CertificateParams) -> Ca {
        let key = key();
        let cert = params.self_signed(&key).expect("a root");
        Ca {
            cert,
            issuer: Issuer::new(params, key),
        }
    }

    /// A self-signed root named `name`.
    pub(crate) fn root(name: &str) -> Ca {
        root_from(ca_params(name))
    }

    /// A trust store of these roots.
    pub(crate) fn trust(roots: &[&Certificate]) -> TrustStore {
        let pem: String = roots.iter().map(|cert| cert.pem()).collect();
        TrustStore::from_pem(pem.as_bytes(), "minted roots").expect("a trust store")
    }

    impl Ca {
        /// The certificate's DER, as a chain holds it.
        pub(crate) fn der(&self) -> CertificateDer<'static> {
            self.cert.der().clone()
        }

        /// A CA certificate issued by this one, from `params`, for `key`.
        pub(crate) fn issue_ca(&self, params: CertificateParams, key: KeyPair) -> Ca {
            let cert = self.sign(&params, &key);
            Ca {
                cert,
                issuer: Issuer::new(params, key),
            }
        }

        /// A CA certificate named `name` with a fresh key.
        pub(crate) fn intermediate(&self, name: &str) -> Ca {
            self.issue_ca(ca_params(name), key())
        }

        /// A serverAuth leaf for `host`.
        pub(crate) fn leaf(&self, host: &str) -> CertificateDer<'static> {
            let mut params = params(host);
            params.subject_alt_names = vec![SanType::DnsName(host.try_into().expect("a name"))];
            params.is_ca = IsCa::ExplicitNoCa;
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
            self.sign(&params, &key()).der().clone()
        }

        /// Any certificate from `params` for the public key `key`.
        pub(crate) fn sign(
            &self,
            params: &CertificateParams,
            key: &impl PublicKeyData,
        ) -> Certificate {
            params.signed_by(key, &self.issuer).expect("a certificate")
        }
    }
}

fn judge(chain: &[CertificateDer<'_>], trust: &TrustStore, host: &str) -> Diagnosis {
    let host = ServerName::try_from(host.to_owned()).expect("a server name");
    diagnose(&Input {
        source: ChainSource::File,
        host: Some(&host),
        presented: chain,
        fetched: &[],
        aia: &[],
        trust,
        at: AT,
        expiry_warning: hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    })
}

fn finding<'d>(diagnosis: &'d Diagnosis, code: &str) -> &'d hookcheck_core::Finding {
    diagnosis
        .findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code}: {:#?}", diagnosis.findings))
}

/// The intermediate `ICA` twice, with one key: cross-signed by a root
/// nobody trusts (`other`) and issued by the trusted one (`root`), as a CA
/// moving to a new root serves both. The leaf is signed by that key.
struct CrossSigned {
    root: mint::Ca,
    other: mint::Ca,
    key: rcgen::KeyPair,
    leaf: CertificateDer<'static>,
}

fn cross_signed() -> CrossSigned {
    let root = mint::root("hookcheck Minted Root");
    let other = mint::root("hookcheck Minted Other Root");
    let key = mint::key();
    let ica = root.issue_ca(mint::ca_params("ICA"), mint::same_key(&key));
    let leaf = ica.leaf("api.hookcheck.test");
    CrossSigned {
        root,
        other,
        key,
        leaf,
    }
}

impl CrossSigned {
    /// `ICA` issued by `issuer` from `params`, with the shared key.
    fn ica(&self, issuer: &mint::Ca, params: &rcgen::CertificateParams) -> CertificateDer<'static> {
        issuer.sign(params, &self.key).der().clone()
    }
}

#[test]
fn a_dead_end_is_left_for_the_path_a_strict_client_builds() {
    let x = cross_signed();
    let dead_end = x.ica(&x.other, &mint::ca_params("ICA"));
    let good = x.ica(&x.root, &mint::ca_params("ICA"));
    let chain = [x.leaf.clone(), dead_end, good];
    let diagnosis = judge(&chain, &mint::trust(&[&x.root.cert]), "api.hookcheck.test");
    assert!(diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["warning tls-chain-extra-certs"]));
    let positions: Vec<_> = diagnosis.path.iter().map(|p| p.position).collect();
    assert_eq!(positions, [Some(0), Some(2), None]);
    assert_eq!(
        diagnosis.path.last().map(|p| p.source),
        Some(CertificateSource::TrustAnchor)
    );
}

#[test]
fn of_two_paths_to_the_root_the_one_with_nothing_wrong_is_judged() {
    let x = cross_signed();
    let mut client_only = mint::ca_params("ICA");
    client_only.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let restricted = x.ica(&x.root, &client_only);
    let good = x.ica(&x.root, &mint::ca_params("ICA"));
    let chain = [x.leaf.clone(), restricted, good];
    let diagnosis = judge(&chain, &mint::trust(&[&x.root.cert]), "api.hookcheck.test");
    assert!(diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["warning tls-chain-extra-certs"]));
}

#[test]
fn a_path_to_the_root_names_its_fault_where_the_other_only_dead_ends() {
    let x = cross_signed();
    let dead_end = x.ica(&x.other, &mint::ca_params("ICA"));
    let mut client_only = mint::ca_params("ICA");
    client_only.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let restricted = x.ica(&x.root, &client_only);
    let chain = [x.leaf.clone(), dead_end, restricted];
    let diagnosis = judge(&chain, &mint::trust(&[&x.root.cert]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    assert_eq!(
        codes(&diagnosis),
        set(&["error tls-no-server-auth", "warning tls-chain-extra-certs"])
    );
}

#[test]
fn an_issuer_that_is_not_a_ca_is_named() {
    let root = mint::root("hookcheck Minted Root");
    let mut params = mint::ca_params("Not A CA");
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    let not_ca = root.issue_ca(params, mint::key());
    let chain = [not_ca.leaf("api.hookcheck.test"), not_ca.der()];
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["error tls-issuer-not-ca"]));
    let issuer = finding(&diagnosis, "tls-issuer-not-ca");
    assert!(
        issuer
            .message
            .contains("`Not A CA` (position 1) issues `api.hookcheck.test`"),
        "{}",
        issuer.message
    );
    assert_eq!(issuer.facts["subject"], "CN=Not A CA");
}

#[test]
fn a_ca_used_below_its_path_length_is_named() {
    let root = mint::root("hookcheck Minted Root");
    let mut params = mint::ca_params("Leaves Only");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Constrained(0));
    let limited = root.issue_ca(params, mint::key());
    let below = limited.intermediate("Below");
    let chain = [below.leaf("api.hookcheck.test"), below.der(), limited.der()];
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["error tls-path-length"]));
    let facts = &finding(&diagnosis, "tls-path-length").facts;
    assert_eq!(facts["path_len_constraint"], 0);
    assert_eq!(facts["intermediates_below"], 1);
}

/// `ICA` constrained to (or away from) `hookcheck.test`, and a leaf for
/// `host` under it.
fn constrained(
    permitted: &[&str],
    excluded: &[&str],
    host: &str,
) -> (mint::Ca, Vec<CertificateDer<'static>>) {
    let root = mint::root("hookcheck Minted Root");
    let mut params = mint::ca_params("Constrained ICA");
    let dns = |names: &[&str]| {
        names
            .iter()
            .map(|n| rcgen::GeneralSubtree::DnsName((*n).to_owned()))
            .collect()
    };
    params.name_constraints = Some(rcgen::NameConstraints {
        permitted_subtrees: dns(permitted),
        excluded_subtrees: dns(excluded),
    });
    let ica = root.issue_ca(params, mint::key());
    let chain = vec![ica.leaf(host), ica.der()];
    (root, chain)
}

#[test]
fn a_name_outside_a_cas_constraints_is_named_with_the_ca_and_the_name() {
    let (root, chain) = constrained(&[], &["hookcheck.test"], "api.hookcheck.test");
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["error tls-name-constraints"]));
    let constraints = finding(&diagnosis, "tls-name-constraints");
    assert!(
        constraints
            .message
            .contains("DNS:api.hookcheck.test falls in the excluded subtree DNS:hookcheck.test"),
        "{}",
        constraints.message
    );
    assert_eq!(constraints.facts["ca"], "CN=Constrained ICA");

    let (root, chain) = constrained(&["example.com"], &[], "api.hookcheck.test");
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert_eq!(codes(&diagnosis), set(&["error tls-name-constraints"]));
    let message = &finding(&diagnosis, "tls-name-constraints").message;
    assert!(
        message.contains("outside the permitted subtrees (DNS:example.com)"),
        "{message}"
    );
}

#[test]
fn a_name_inside_a_cas_constraints_is_fine() {
    let (root, chain) = constrained(
        &["hookcheck.test"],
        &["other.hookcheck.test"],
        "api.hookcheck.test",
    );
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert!(diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&[]));
}

#[test]
fn a_roots_own_name_constraints_bind_the_chain_below_it() {
    let mut params = mint::ca_params("hookcheck Constrained Root");
    params.name_constraints = Some(rcgen::NameConstraints {
        permitted_subtrees: vec![rcgen::GeneralSubtree::DnsName("example.com".to_owned())],
        excluded_subtrees: vec![],
    });
    let root = mint::root_from(params);
    let diagnosis = judge(
        &[root.leaf("api.hookcheck.test")],
        &mint::trust(&[&root.cert]),
        "api.hookcheck.test",
    );
    assert!(!diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["error tls-name-constraints"]));
    let message = &finding(&diagnosis, "tls-name-constraints").message;
    assert!(
        message.starts_with("the root `CN=hookcheck Constrained Root` is name-constrained"),
        "{message}"
    );
}

#[test]
fn an_unknown_critical_extension_is_named() {
    let root = mint::root("hookcheck Minted Root");
    let mut params = mint::ca_params("Odd ICA");
    let mut odd =
        rcgen::CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 55555, 1], vec![0x05, 0x00]);
    odd.set_criticality(true);
    params.custom_extensions.push(odd);
    let ica = root.issue_ca(params, mint::key());
    let chain = [ica.leaf("api.hookcheck.test"), ica.der()];
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    assert_eq!(
        codes(&diagnosis),
        set(&["error tls-unknown-critical-extension"])
    );
    let facts = &finding(&diagnosis, "tls-unknown-critical-extension").facts;
    assert_eq!(facts["extensions"][0], "1.3.6.1.4.1.55555.1");
}

#[test]
fn a_weak_root_key_is_named_on_the_root() {
    // The RSA-1024 key of the weak-key fixture, on a root certificate
    // (signed by another key: a trust store keeps only a root's name and
    // key). No verifier takes that key, so the leaf links to it by name.
    let weak = fixtures::case("weak-key").certs[0].clone();
    let (_, parsed) =
        x509_parser::parse_x509_certificate(&weak).expect("the weak-key fixture parses");
    let spki = rcgen::SubjectPublicKeyInfo::from_der(parsed.public_key().raw).expect("its key");
    let signer = mint::root("hookcheck Minted Root");
    let root = signer.sign(&mint::ca_params("hookcheck Weak Root"), &spki);
    // A root of the same name with a key that can sign: the leaf names the
    // weak root as its issuer.
    let leaf = mint::root("hookcheck Weak Root").leaf("api.hookcheck.test");
    let diagnosis = judge(&[leaf], &mint::trust(&[&root]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    assert_eq!(codes(&diagnosis), set(&["error tls-weak-key"]));
    let weak_key = finding(&diagnosis, "tls-weak-key");
    assert!(
        weak_key
            .message
            .starts_with("the root `CN=hookcheck Weak Root` has the key RSA 1024"),
        "{}",
        weak_key.message
    );
}

#[test]
fn a_pathological_bundle_costs_a_bounded_search() {
    // A hundred CAs of one name, each a valid issuer under the root, and
    // the leaf's real issuer sent last: finding it takes more signature
    // checks than a strict client spends (webpki gives up too).
    let root = mint::root("hookcheck Minted Root");
    let mut chain = Vec::new();
    for _ in 0..100 {
        chain.push(root.intermediate("Crowded ICA").der());
    }
    let real = root.intermediate("Crowded ICA");
    chain.insert(0, real.leaf("api.hookcheck.test"));
    chain.push(real.der());
    let started = std::time::Instant::now();
    let diagnosis = judge(&chain, &mint::trust(&[&root.cert]), "api.hookcheck.test");
    assert!(!diagnosis.trusted);
    let gave_up = finding(&diagnosis, "tls-unknown-issuer");
    assert_eq!(gave_up.facts["max_signatures"], 100, "{}", gave_up.message);
    // Generous for a debug build on a loaded machine; unbounded, the
    // search would try every path through a hundred candidates.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
