//! The chains the diagnosis benchmark measures: fixture chains (see
//! `fixtures/tls/README.md`) as servers present them, each with the trust
//! store and instant it is judged against.

use hookcheck_core::ChainSource;
use hookcheck_net::TrustStore;
use hookcheck_testkit::fixtures;
use hookcheck_tls::{Diagnosis, Input, diagnose};
use rustls::pki_types::{CertificateDer, ServerName};
use time::OffsetDateTime;
use time::macros::datetime;

/// The instant the chains are judged at (the fixtures' pinned test time).
pub const AT: OffsetDateTime = datetime!(2026-06-01 0:00 UTC);

/// One chain to diagnose.
pub struct ChainCase {
    /// The benchmark's name for it.
    pub name: &'static str,
    /// The certificates as presented.
    pub chain: Vec<CertificateDer<'static>>,
    /// The roots it is judged against.
    pub trust: TrustStore,
    /// The codes the diagnosis finds (the test twin checks them).
    pub codes: &'static [&'static str],
    /// Whether webpki accepts it.
    pub trusted: bool,
}

impl ChainCase {
    /// Total DER bytes presented.
    pub fn bytes(&self) -> u64 {
        self.chain.iter().map(|c| c.len() as u64).sum()
    }

    /// The diagnosis, as `hookcheck tls` runs it (without AIA fetching).
    pub fn diagnose(&self) -> Diagnosis {
        diagnose(&Input {
            source: ChainSource::Server,
            host: Some(&host()),
            presented: &self.chain,
            fetched: &[],
            aia: &[],
            trust: &self.trust,
            at: AT,
            expiry_warning: hookcheck_tls::DEFAULT_EXPIRY_WARNING,
        })
    }

    /// webpki's verdict alone: what a plain rustls client computes.
    pub fn webpki(&self) -> bool {
        let intermediates: Vec<&[u8]> = self.chain[1..].iter().map(AsRef::as_ref).collect();
        self.trust
            .verify(&self.chain[0], &intermediates, Some(&host()), AT)
            .is_ok()
    }
}

fn host() -> ServerName<'static> {
    ServerName::try_from("localhost").unwrap_or_else(|_| unreachable!("a valid DNS name"))
}

fn fixture_root() -> TrustStore {
    let pem = std::fs::read(fixtures::root_pem()).unwrap_or_default();
    TrustStore::from_pem(&pem, "root.pem")
        .unwrap_or_else(|e| panic!("the fixture root (run `cargo xtask fixtures`): {e}"))
}

/// The measured chains: a good one, typical failures, and a good chain
/// against the 100+ Mozilla roots (which do not know its root).
pub fn chain_cases() -> Vec<ChainCase> {
    let case = |name, fixture: &str, codes, trusted| ChainCase {
        name,
        chain: fixtures::case(fixture).certs,
        trust: fixture_root(),
        codes,
        trusted,
    };
    vec![
        case("good", "good", &[], true),
        case("expired", "expired", &["tls-expired"], false),
        case("leaf-only", "leaf-only", &["tls-unknown-issuer"], false),
        case(
            "untrusted-root",
            "untrusted-root",
            &["tls-untrusted-root"],
            false,
        ),
        ChainCase {
            name: "good-mozilla-roots",
            chain: fixtures::case("good").certs,
            trust: TrustStore::mozilla(),
            codes: &["tls-unknown-issuer"],
            trusted: false,
        },
    ]
}
