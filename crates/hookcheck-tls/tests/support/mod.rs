//! What the chain tests share: the fixture root as a trust store, the
//! instant the fixtures are judged at, and the findings of a report or a
//! diagnosis as `severity code` strings.
#![allow(dead_code, reason = "each test binary uses some of these helpers")]

use std::collections::BTreeSet;

use hookcheck_core::{Finding, Report};
use hookcheck_net::TrustStore;
use hookcheck_testkit::fixtures;
use hookcheck_tls::Diagnosis;
use time::OffsetDateTime;
use time::macros::datetime;

/// The instant every fixture is judged at, so the certificates never rot
/// (`expires-soon` expires 14 days later).
pub(crate) const AT: OffsetDateTime = datetime!(2026-06-01 0:00 UTC);

/// The fixture root alone.
pub(crate) fn trust() -> TrustStore {
    let pem = std::fs::read(fixtures::root_pem()).expect("the fixture root");
    TrustStore::from_pem(&pem, "root.pem").expect("a trust store")
}

/// What holds findings: a report or a diagnosis.
pub(crate) trait Findings {
    fn findings(&self) -> &[Finding];
}

impl Findings for Report {
    fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

impl Findings for Diagnosis {
    fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

/// The findings as `severity code` strings.
pub(crate) fn codes(of: &impl Findings) -> BTreeSet<String> {
    of.findings()
        .iter()
        .map(|f| format!("{} {}", f.severity, f.code))
        .collect()
}

/// `expected` as a set, to compare with [`codes`].
pub(crate) fn set(expected: &[&str]) -> BTreeSet<String> {
    expected.iter().map(|s| (*s).to_owned()).collect()
}
