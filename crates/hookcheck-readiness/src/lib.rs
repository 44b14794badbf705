//! The readiness check behind `hookcheck check`: will this endpoint receive
//! push notifications reliably? It runs the TLS check (chain, trust, grade)
//! and then deliveries (a verification, a short series of changes, a small
//! burst), and makes one report of both with one verdict, the findings
//! ordered by what to fix first.
//!
//! [`config`] reads `hookcheck.toml`; [`order`] is the fix-first ordering
//! and the per-code severity overrides. Both are pure.

pub mod config;
pub mod order;

use std::collections::BTreeMap;

use hookcheck_core::{Code, Report, Severity};

/// Deliveries in the check's series: a verification and nine changes, enough
/// for a cold start to stand out from the rest.
pub const DEFAULT_COUNT: usize = 10;

/// Deliveries in the check's burst: a bulk sync's worth, small enough to
/// be polite.
pub const DEFAULT_BURST: usize = 10;

/// How the check runs.
pub struct Config {
    /// The TLS part.
    pub tls: hookcheck_tls::Config,
    /// The delivery part.
    pub delivery: hookcheck_deliver::Config,
    /// Severities that replace the catalog's for some codes.
    pub severities: BTreeMap<Code, Severity>,
}

/// What the check is doing, for progress shown while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Checking the chain and probing protocols and ciphers.
    Tls,
    /// Sending deliveries.
    Delivering,
}

/// The check could not run at all (an endpoint failing it is a finding).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The URL is not one hookcheck can check.
    #[error(transparent)]
    Tls(hookcheck_tls::CheckError),
    /// The URL is not one deliveries can be made to.
    #[error(transparent)]
    Delivery(hookcheck_deliver::CheckError),
}

/// Checks `url`, telling `progress` what it starts. Needs a tokio runtime
/// with time and I/O enabled.
pub async fn check(
    url: &str,
    config: &Config,
    progress: &dyn Fn(Stage),
) -> Result<Report, CheckError> {
    progress(Stage::Tls);
    let tls = match hookcheck_tls::check(url, &config.tls).await {
        Ok(report) => Some(report),
        // `--deny-private` refusing the target: the deliveries are refused
        // too, and their finding names the addresses.
        Err(hookcheck_tls::CheckError::Denied(_)) => None,
        Err(error) => return Err(CheckError::Tls(error)),
    };
    progress(Stage::Delivering);
    let delivery = hookcheck_deliver::check(url, &config.delivery)
        .await
        .map_err(CheckError::Delivery)?;
    Ok(combine(url, tls, delivery, &config.severities))
}

/// One report of the two parts. A delivery's TLS failure is dropped when
/// the TLS part already explains it; then severities are overridden and
/// the findings ordered by what to fix first.
pub fn combine(
    url: &str,
    tls: Option<Report>,
    delivery: Report,
    severities: &BTreeMap<Code, Severity>,
) -> Report {
    let mut findings = Vec::new();
    let mut section = None;
    if let Some(tls) = tls {
        findings.extend(tls.findings);
        section = tls.tls;
    }
    let explained = section.as_ref().is_some_and(|s| !s.trusted)
        || findings.iter().any(|f| f.code == Code::TlsHandshakeFailed);
    findings.extend(
        delivery
            .findings
            .into_iter()
            .filter(|f| !(explained && f.code == Code::TlsHandshakeFailed)),
    );
    order::override_severities(&mut findings, severities);
    order::fix_first(&mut findings);
    let mut report = Report::new(url, findings);
    report.tls = section;
    report.delivery = delivery.delivery;
    report
}
