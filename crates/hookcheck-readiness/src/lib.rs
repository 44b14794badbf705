//! The readiness check behind `hookcheck check`: will this endpoint receive
//! push notifications reliably? It runs the TLS check (chain, trust, grade),
//! then deliveries (a verification, a short series of changes, a small
//! burst), then one notification of each other type (the three other known
//! ones and one the endpoint cannot know), and makes one report with one
//! verdict, the findings ordered by what to fix first.
//!
//! [`config`] reads `hookcheck.toml`; [`order`] is the fix-first ordering
//! and the per-code severity overrides (both pure); [`scan`] checks many
//! URLs at once.

pub mod config;
mod handshake;
pub mod order;
pub mod scan;
mod security;
mod types;

use std::collections::BTreeMap;

use hookcheck_core::{Code, Finding, Report, Severity, TlsSection};

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
    /// Also send one notification of each other type (payload handling);
    /// `scan` leaves it out to stay light on endpoints that are not ours.
    pub probe_types: bool,
    /// Also send forged, unsigned, replayed and repeated deliveries (with a
    /// secret to sign with); `scan` leaves it out too.
    pub probe_security: bool,
}

/// What the check is doing, for progress shown while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Checking the chain and probing protocols and ciphers.
    Tls,
    /// Sending deliveries.
    Delivering,
    /// Sending one notification of each other type.
    Types,
    /// Sending forged, unsigned, replayed and repeated deliveries.
    Security,
}

/// The report of a target that is not a URL hookcheck can check, such as
/// a line of a `scan` list: a `url-invalid` finding and nothing else.
pub fn invalid(target: &str, why: &str) -> Report {
    let finding = Finding::new(
        Code::UrlInvalid,
        format!("`{target}` is not a callback URL: {why}"),
    );
    Report::new(target, vec![finding])
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

impl CheckError {
    /// Whether the check failed for this machine's limits (open files,
    /// ports), not for anything about the URL: every other check would
    /// fail alike, so a scan stops on it.
    pub fn is_local_limit(&self) -> bool {
        matches!(
            self,
            CheckError::Tls(hookcheck_tls::CheckError::LocalLimit(_))
                | CheckError::Delivery(hookcheck_deliver::CheckError::LocalLimit(_))
        )
    }
}

/// Checks `url`, telling `progress` what it starts. Needs a tokio runtime
/// with time and I/O enabled.
pub async fn check(
    url: &str,
    config: &Config,
    progress: &dyn Fn(Stage),
) -> Result<Report, CheckError> {
    progress(Stage::Tls);
    if let Some(refused) = not_public(url, config).await {
        return Ok(Report::new(url, vec![refused]));
    }
    let tls = hookcheck_tls::check(url, &config.tls)
        .await
        .map_err(CheckError::Tls)?;
    if let Some(unmeasured) = tls.tls.as_ref().and_then(not_measurable) {
        // Every delivery would fail a handshake the provider's client would
        // finish: what they would measure is unknown, not failed.
        return Ok(combine(
            url,
            tls,
            Report::new(url, vec![unmeasured]),
            &config.severities,
        ));
    }
    progress(Stage::Delivering);
    let delivery = hookcheck_deliver::check(url, &config.delivery)
        .await
        .map_err(CheckError::Delivery)?;
    // Types are worth asking about only of an endpoint that takes some
    // notifications: one that takes none already has its findings.
    let takes_some = delivery.delivery.as_ref().is_some_and(|d| d.succeeded > 0);
    let mut report = combine(url, tls, delivery, &config.severities);
    let mut found = Vec::new();
    if takes_some {
        found.extend(
            handshake::check(url, &config.delivery)
                .await
                .map_err(CheckError::Delivery)?,
        );
    }
    if takes_some && config.probe_types {
        progress(Stage::Types);
        let refused = types::refused(url, &config.delivery)
            .await
            .map_err(CheckError::Delivery)?;
        found.extend(refused);
    }
    if takes_some && config.probe_security {
        progress(Stage::Security);
        let accepted = security::probe(url, &config.delivery)
            .await
            .map_err(CheckError::Delivery)?;
        found.extend(accepted);
    }
    if !found.is_empty() {
        order::override_severities(&mut found, &config.severities);
        report.findings.extend(found);
        order::fix_first(&mut report.findings);
    }
    Ok(report)
}

/// The `delivery-not-measured` finding of a server that speaks only what
/// hookcheck's strict client lacks (the TLS part read its chain from the
/// protocol probe): deliveries to it cannot be made by hookcheck, though
/// the provider's OpenSSL-based client can make them.
fn not_measurable(tls: &TlsSection) -> Option<Finding> {
    if !tls.legacy_only {
        return None;
    }
    Some(Finding::new(
        Code::DeliveryNotMeasured,
        "no delivery was sent: hookcheck's client (rustls: TLS 1.2/1.3 with ECDHE and AEAD \
         suites) cannot negotiate TLS with this server, which an OpenSSL-based client such \
         as the provider's can; whether deliveries succeed within the budget is unknown",
    ))
}

/// With `--deny-private`, the `url-not-public` finding of a target whose
/// every address is refused: nothing is then sent to it. (Each connection
/// is vetted again when it is made, so a name that changes its answer
/// gains nothing.)
async fn not_public(url: &str, config: &Config) -> Option<Finding> {
    if !config.tls.net.deny_private {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host()?;
    let port = parsed.port_or_known_default()?;
    match config
        .tls
        .net
        .addresses(&host, port, config.tls.timeout)
        .await
    {
        Err(hookcheck_net::Unreachable::Denied { addr, why }) => Some(
            Finding::new(
                Code::UrlNotPublic,
                format!("the host resolves to {addr} ({why}), which the provider cannot reach"),
            )
            .with_fact("address", addr.to_string()),
        ),
        // A name that does not resolve is the checks' own finding.
        Ok(_) | Err(_) => None,
    }
}

/// One report of the two parts. A delivery's TLS failure is dropped when
/// the TLS part already explains it; then severities are overridden and
/// the findings ordered by what to fix first.
pub fn combine(
    url: &str,
    tls: Report,
    delivery: Report,
    severities: &BTreeMap<Code, Severity>,
) -> Report {
    let mut findings = tls.findings;
    let section = tls.tls;
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
