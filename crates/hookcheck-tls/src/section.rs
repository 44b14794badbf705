//! The report of a TLS check, built one way whichever source presented the
//! chain: the live check (`check`, a server's handshake) and the chain check
//! (`check_chain`, a bundle read from a file) both start from [`empty`],
//! fill it from the diagnosis with [`add_diagnosis`] and finish with
//! [`report`]. The live check then adds what only a connection can tell
//! (address, negotiated protocol, OCSP stapling, probes, HSTS, grade); a
//! file's section leaves those absent.

use hookcheck_core::{AiaFetch, ChainSource, Finding, Report, TlsSection};
use hookcheck_net::TrustStore;
use rustls::pki_types::ServerName;
use time::OffsetDateTime;

use crate::cert;
use crate::diagnose::Diagnosis;

/// The section before anything is known but what was asked.
pub(crate) fn empty(
    source: ChainSource,
    host: Option<&ServerName<'_>>,
    port: Option<u16>,
    trust: &TrustStore,
    at: OffsetDateTime,
) -> TlsSection {
    TlsSection {
        source,
        host: host.map(|name| name.to_str().into_owned()),
        port,
        address: None,
        checked_at: cert::rfc3339(cert::whole_second(at)),
        trust_store: trust.description().to_owned(),
        trusted: false,
        protocol: None,
        cipher_suite: None,
        ocsp_stapled: None,
        chain: Vec::new(),
        verified_path: Vec::new(),
        aia_fetches: Vec::new(),
        grade: None,
        rating: None,
        protocols: Vec::new(),
        hsts: None,
        probe_connections: None,
        legacy_only: false,
    }
}

/// Puts the diagnosis of the presented chain into the section (the chain,
/// the path, the strict client's verdict, the AIA fetches) and returns its
/// findings.
pub(crate) fn add_diagnosis(
    section: &mut TlsSection,
    diagnosis: Diagnosis,
    fetches: Vec<AiaFetch>,
) -> Vec<Finding> {
    section.trusted = diagnosis.trusted;
    section.chain = diagnosis.chain;
    section.verified_path = diagnosis.path;
    section.aia_fetches = fetches;
    diagnosis.findings
}

/// The report of `target`: its findings, most severe first, and the section.
pub(crate) fn report(target: &str, findings: Vec<Finding>, section: TlsSection) -> Report {
    let mut report = Report::new(target, findings);
    report.tls = Some(section);
    report
}
