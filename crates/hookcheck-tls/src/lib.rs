//! TLS checks for a callback URL: will a strict client (the provider's)
//! connect, and if not, exactly why and what to change; which protocols and
//! cipher suites the server accepts; and the grade SSL Labs would give.
//!
//! The crate keeps the pure analysis apart from the I/O, so the analysis is
//! tested and benchmarked without sockets:
//!
//! - pure: [`diagnose`] (chain bytes + host + roots + instant → findings),
//!   [`check_chain`] (the same for a bundle from a file, to a report; the
//!   live [`check`] builds its report with the same `section` code),
//!   over `cert` (one parsed certificate) and hookcheck-net's `TrustStore`
//!   (the roots and webpki's verdict); [`suites`] (the cipher-suite catalogue), `hello`
//!   (`ClientHello` bytes out, a server's first flight in), `hsts`,
//!   [`grade`] (the rating guide) and `assess` (probes → findings and grade);
//! - I/O: `probe` (the handshake that records what the server presents, and
//!   the GET that reads HSTS), `protocols` (one hello per question,
//!   concurrently), `aia` (fetching a missing issuer), over hookcheck-net's
//!   addresses and connections, tied together by [`check`].

mod aia;
mod assess;
mod cert;
mod chain;
mod diagnose;
pub mod grade;
mod hello;
mod hsts;
mod probe;
mod protocols;
mod section;
pub mod suites;
mod voice;

use std::time::Duration;

use hookcheck_core::{AiaFetch, ChainSource, Code, Finding, Grade, Report};
use rustls::pki_types::ServerName;
use time::OffsetDateTime;
use url::{Host, Url};

pub use aia::read_certificates;
pub use chain::{
    BundleError, MAX_BUNDLE_BYTES, check_chain, check_chain_fetching, host_name, read_bundle,
};
pub use diagnose::{ChainGrading, Diagnosis, Fetched, Input, diagnose};
#[doc(hidden)]
pub use hello::parse_reply_for_fuzzing;
use hookcheck_net::{ConnectError, NetPolicy, TrustStore, Unreachable};

/// Why certificates draw `tls-expires-soon` 30 days before they expire:
/// renewals (ACME clients renew at 30 days left) that have not happened by
/// then have failed, and a lapsed certificate closes the channel a day later.
pub const DEFAULT_EXPIRY_WARNING: time::Duration = time::Duration::days(30);

/// How a TLS check runs.
pub struct Config {
    /// The roots a strict client trusts.
    pub trust: TrustStore,
    /// The instant certificate validity is judged at (`--at`, else now).
    pub at: OffsetDateTime,
    /// The bound on each connection attempt and fetch (`--timeout`).
    pub timeout: Duration,
    /// How close to expiry a certificate draws `tls-expires-soon`.
    pub expiry_warning: time::Duration,
    /// `--resolve` and `--deny-private`.
    pub net: NetPolicy,
    /// How many protocol and cipher probes may run at once; `None` checks
    /// the certificates only (`--chain-only`: no probes but, when the
    /// strict client is refused outright, one hello per legacy version for
    /// the chain).
    pub probe_concurrency: Option<usize>,
    /// The worst grade accepted: a worse one draws `tls-grade-below-a`
    /// (the provider asks for an A; A- is an A with a warning).
    pub accepted_grade: Grade,
}

/// Why at most 16 probe connections at once: once the first answers are
/// in, a modern server's remaining questions are about a dozen hellos that
/// depend on nothing else (TLS 1.2's groups with the connections for their
/// next hellos opened ahead, TLS 1.3's four other suites, whose order
/// decides), and a legacy server's half as many again (TLS 1.0, 1.1 and
/// 1.2 enumerated side by side, each group with its next connection open);
/// at this width none waits for another's turn, so over a real network the
/// check costs round trips, not queueing (at 12 a legacy server's check
/// took a round trip more). A server sees fewer parallel connections than
/// three browsers open (six each per host), and each for a single hello.
pub const DEFAULT_PROBE_CONCURRENCY: usize = 16;

/// The tool's own failures: the check could not be run at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The URL cannot be checked.
    #[error("`{url}` is not an https:// URL hookcheck can check: {why}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        why: String,
    },
    /// The policy refuses the target.
    #[error(transparent)]
    Denied(Unreachable),
    /// hookcheck ran out of a local resource (file descriptors, ports,
    /// buffers) connecting for the handshake, a protocol probe or an AIA
    /// fetch, or looking up a name: its own limit, not the server's.
    #[error(
        "this machine ran out of a local resource while connecting ({0}); raise the open-file limit (`ulimit -n`) or lower --probe-concurrency (or scan's --concurrency)"
    )]
    LocalLimit(String),
}

/// Checks the TLS of `url`: connects, records the chain, diagnoses it
/// (fetching missing issuers through AIA) and reports.
pub async fn check(url: &str, config: &Config) -> Result<Report, CheckError> {
    let invalid = |why: String| CheckError::Url {
        url: url.to_owned(),
        why,
    };
    let parsed = Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    match parsed.scheme() {
        "https" => {}
        "http" => {
            let mut https = parsed.clone();
            // Both schemes are "special" in the URL standard: this cannot fail.
            let _ = https.set_scheme("https");
            let finding = Finding::new(
                Code::TlsNotHttps,
                format!("`{url}` is plain http: the provider delivers only to https:// URLs"),
            )
            .with_fix(format!(
                "Serve the endpoint over HTTPS with a publicly trusted certificate and register \
                 {https}."
            ));
            return Ok(Report::new(url, vec![finding]));
        }
        other => return Err(invalid(format!("the scheme is {other}:, not https:"))),
    }
    let host = parsed
        .host()
        .ok_or_else(|| invalid("it names no host".to_owned()))?;
    let port = parsed.port_or_known_default().unwrap_or(443);
    let server_name = server_name(&host).map_err(invalid)?;
    let mut section = section::empty(
        ChainSource::Server,
        Some(&server_name),
        Some(port),
        &config.trust,
        config.at,
    );

    let addresses = match config.net.addresses(&host, port, config.timeout).await {
        Ok(addresses) => addresses,
        Err(denied @ Unreachable::Denied { .. }) => return Err(CheckError::Denied(denied)),
        Err(limit @ Unreachable::LocalLimit { .. }) => {
            return Err(CheckError::LocalLimit(limit.to_string()));
        }
        Err(dns) => {
            let finding = Finding::new(Code::TlsHandshakeFailed, dns.to_string())
                .with_fix("Check the host name of the callback URL and its DNS records.");
            return Ok(section::report(url, vec![finding], section));
        }
    };
    let request = probe::Request {
        target: parsed[url::Position::BeforePath..url::Position::AfterQuery].to_owned(),
        host: parsed[url::Position::BeforeHost..url::Position::AfterPort].to_owned(),
    };
    let connected = match probe::connect(&addresses, config.timeout).await {
        Ok(connected) => connected,
        Err(ConnectError::LocalLimit(cause)) => return Err(CheckError::LocalLimit(cause)),
        Err(ConnectError::Unreachable(refusals)) => {
            let finding = Finding::new(
                Code::TlsHandshakeFailed,
                format!("cannot connect ({refusals})"),
            )
            .with_fact("host", server_name.to_str().as_ref())
            .with_fact("port", port);
            return Ok(section::report(url, vec![finding], section));
        }
    };
    section.address = Some(connected.address.to_string());
    let sni = match host {
        Host::Domain(name) => Some(name.to_owned()),
        Host::Ipv4(_) | Host::Ipv6(_) => None,
    };
    let observation = observe(connected, &server_name, sni, &request, config).await;
    if let Some(cause) = observation
        .probes
        .as_ref()
        .and_then(|probes| probes.local_limit.clone())
        .or_else(|| observation.first_flights_limit.clone())
    {
        return Err(CheckError::LocalLimit(cause));
    }
    let mut findings = Vec::new();
    let target = (&server_name, port);
    judge(&observation, target, config, &mut section, &mut findings)
        .await
        .map_err(CheckError::LocalLimit)?;
    Ok(section::report(url, findings, section))
}

/// What the strict client and the probes learned from the server.
struct Observation {
    /// The strict client's handshake (and GET).
    handshake: probe::Handshake,
    /// Every protocol probe, unless only the chain is checked.
    probes: Option<protocols::Probes>,
    /// Checking the chain alone after the strict client was refused as
    /// such: each legacy version's first choice and chain.
    first_flights: Vec<protocols::ProtocolSupport>,
    /// The first connection of the first flights this machine's limits
    /// stopped.
    first_flights_limit: Option<String>,
}

impl Observation {
    /// What the probes saw accepted per version, whichever probes ran.
    fn seen(&self) -> &[protocols::ProtocolSupport] {
        self.probes
            .as_ref()
            .map_or(&self.first_flights[..], |p| &p.protocols[..])
    }

    /// The strict client failed because the server refused its offer as
    /// such, before presenting a chain.
    fn refused_as_such(&self) -> bool {
        self.handshake
            .failure
            .as_ref()
            .is_some_and(|f| f.incompatible && self.handshake.chain.is_empty())
    }
}

/// Runs the strict handshake over `connected` and, at the same time, the
/// protocol probes: they ask the server different questions over
/// different connections, and a server that answers nothing then costs
/// one timeout, not one per step. Checking the chain alone, a strict
/// client refused as such asks once more, one hello per legacy version, for
/// the chain such a client would be sent.
async fn observe(
    connected: hookcheck_net::Connected,
    server_name: &ServerName<'static>,
    sni: Option<String>,
    request: &probe::Request,
    config: &Config,
) -> Observation {
    let probe = protocols::ProbeConfig {
        addr: connected.address,
        sni,
        timeout: config.timeout,
        concurrency: config
            .probe_concurrency
            .unwrap_or(DEFAULT_PROBE_CONCURRENCY),
    };
    // Checking the chain alone, nobody listens to the seed.
    let (seed, seeded) = tokio::sync::oneshot::channel();
    let strict = probe::handshake(
        connected.stream,
        server_name.clone(),
        request,
        config.timeout,
        seed,
    );
    let mut observation = match config.probe_concurrency {
        Some(_) => {
            let (handshake, probes) = tokio::join!(strict, protocols::probe(&probe, seeded));
            Observation {
                handshake,
                probes: Some(probes),
                first_flights: Vec::new(),
                first_flights_limit: None,
            }
        }
        None => Observation {
            handshake: strict.await,
            probes: None,
            first_flights: Vec::new(),
            first_flights_limit: None,
        },
    };
    if observation.probes.is_none() && observation.refused_as_such() {
        match protocols::first_flights(&probe).await {
            Ok(flights) => observation.first_flights = flights,
            Err(cause) => observation.first_flights_limit = Some(cause),
        }
    }
    observation
}

/// Turns the observation into the section and findings: the handshake's
/// outcome, the chain's diagnosis, and (when probed) protocols and grade.
/// `Err` is the local limit an AIA fetch met.
async fn judge(
    observation: &Observation,
    (server_name, port): (&ServerName<'static>, u16),
    config: &Config,
    section: &mut hookcheck_core::TlsSection,
    findings: &mut Vec<Finding>,
) -> Result<(), String> {
    let handshake = &observation.handshake;
    section.ocsp_stapled = handshake.ocsp_stapled;
    if let Some((protocol, suite)) = handshake.negotiated.clone() {
        section.protocol = Some(protocol);
        section.cipher_suite = Some(suite);
    }
    let seen = observation.seen();
    // A server refusing the strict client's offer while accepting what an
    // ordinary OpenSSL-based client sends is not unreachable: only
    // hookcheck's own client is.
    let reach = observation
        .refused_as_such()
        .then(|| assess::legacy_reach(seen, &probe::strict_suites()))
        .flatten();
    match (&handshake.failure, &reach) {
        (Some(_), Some(reach)) => {
            section.legacy_only = true;
            findings.push(chain_from_probe(reach, seen));
        }
        (Some(failure), None) => findings.push(
            Finding::new(Code::TlsHandshakeFailed, failure.message.clone())
                .with_fact("host", server_name.to_str().as_ref())
                .with_fact("port", port),
        ),
        (None, _) => {}
    }
    // The chain the strict client was sent; else the one the probes were
    // sent in the clear (with the suite an ordinary client agrees on, else
    // with the newest version): every server that presents a certificate
    // has its chain judged.
    let chain = match (&handshake.chain[..], &reach) {
        (captured @ [_, ..], _) => captured,
        ([], Some(reach)) if !reach.chain.is_empty() => reach.chain,
        ([], _) => assess::probed_chain(seen),
    };
    let mut grading = ChainGrading::default();
    if !chain.is_empty() {
        let (diagnosis, fetches) = diagnose_with_aia(chain, server_name, config).await?;
        grading = diagnosis.grading.clone();
        findings.extend(section::add_diagnosis(section, diagnosis, fetches));
        section.trusted &= handshake.failure.is_none() || reach.is_some();
    }
    let Some(probes) = &observation.probes else {
        return Ok(());
    };
    let hsts = match &handshake.http {
        Some(Ok(head)) => Ok(head.hsts.as_deref()),
        Some(Err(why)) => Err(why.as_str()),
        None => Err("no TLS session"),
    };
    let assessment = assess::assess(
        probes,
        &assess::Evidence {
            chain: &grading,
            hsts_header: hsts,
            negotiated: handshake.version,
            accepted_grade: config.accepted_grade,
        },
    );
    section.protocols = assessment.protocols;
    section.hsts = assessment.hsts;
    section.grade = assessment.rating.as_ref().map(|r| r.grade);
    section.rating = assessment.rating;
    section.probe_connections = Some(probes.connections);
    findings.extend(assessment.findings);
    Ok(())
}

/// The note for a server only hookcheck's own client cannot reach: what an
/// ordinary client agrees on with it, and where the chain came from.
fn chain_from_probe(
    reach: &assess::LegacyReach<'_>,
    seen: &[protocols::ProtocolSupport],
) -> Finding {
    let agreed = format!("{} with {}", reach.suite.name, reach.protocol.name());
    let source = if reach.chain.is_empty() && assess::probed_chain(seen).is_empty() {
        "; it sent no certificate in the clear, so no chain could be judged"
    } else {
        "; the chain judged here is the one the protocol probe was sent (in the clear, as \
         the provider's client receives it), and HSTS cannot be read without a session"
    };
    Finding::new(
        Code::TlsChainFromProbe,
        format!(
            "hookcheck's strict client (rustls: TLS 1.2/1.3, ECDHE with AEAD suites only) \
             cannot finish a handshake with this server, but an ordinary OpenSSL-based client \
             can: the server accepts {agreed}{source}"
        ),
    )
    .with_fact("protocol", reach.protocol.name())
    .with_fact("cipher_suite", reach.suite.name)
}

/// The name a strict client verifies: a DNS name (IDNs already in ASCII,
/// as the URL parser leaves them) or an IP address.
fn server_name(host: &Host<&str>) -> Result<ServerName<'static>, String> {
    match host {
        Host::Domain(name) => ServerName::try_from((*name).to_owned())
            .map_err(|_| format!("`{name}` is not a valid DNS name")),
        Host::Ipv4(ip) => Ok(ServerName::from(std::net::IpAddr::V4(*ip))),
        Host::Ipv6(ip) => Ok(ServerName::from(std::net::IpAddr::V6(*ip))),
    }
}

/// Diagnoses the chain a server presented, fetching missing issuers
/// through AIA and diagnosing again while that finds new certificates;
/// `Err` is the local limit a fetch met.
async fn diagnose_with_aia(
    chain: &[rustls::pki_types::CertificateDer<'static>],
    host: &ServerName<'static>,
    config: &Config,
) -> Result<(Diagnosis, Vec<AiaFetch>), String> {
    let input = Input {
        source: ChainSource::Server,
        host: Some(host),
        presented: chain,
        fetched: &[],
        aia: &[],
        trust: &config.trust,
        at: config.at,
        expiry_warning: config.expiry_warning,
    };
    aia::diagnose_fetching(input, &config.net, config.timeout).await
}
