//! Protocol and cipher-suite probing: which versions from SSL 2.0 to
//! TLS 1.3 the server accepts, which suites per version, the key-exchange
//! groups it picks, and whether it imposes its own suite order. Each
//! question is one connection with a hand-built hello (`hello.rs`); the
//! connections run concurrently up to a bound, each bounded in bytes read,
//! and all of them together by one timeout (`Budget`). A probe that times
//! out or reads garbage is "undetermined", never a "no": a partial answer
//! says so. A close is a "no" only from a
//! server that answers some hello in TLS: one that closes every connection
//! has said nothing at all.
//!
//! The chain a server presents with its first choice of each version (in
//! the clear up to TLS 1.2) is kept: it is the chain a client that speaks
//! what hookcheck's strict client does not is sent.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::grade::Protocol;
use crate::hello::{self, Group, MAX_FLIGHT, Parse, Reply};
use crate::suites::{self, CipherSuite, Ssl2Cipher};

/// The most suites one hello offers. Some servers and middleboxes choke on
/// very large hellos (testssl.sh and sslyze batch for the same reason); a
/// batch this size keeps a hello under about 400 bytes.
const MAX_OFFER: usize = 128;

/// The alert a server sends for a version it does not speak.
const PROTOCOL_VERSION: u8 = 70;

/// How the probes run.
#[derive(Debug, Clone)]
pub(crate) struct ProbeConfig {
    /// The vetted address to connect to.
    pub(crate) addr: SocketAddr,
    /// The name for SNI (none for an IP-address URL).
    pub(crate) sni: Option<String>,
    /// The bound on the probes: on each connection and on all of them
    /// together.
    pub(crate) timeout: Duration,
    /// How many probe connections may be open at once.
    pub(crate) concurrency: usize,
}

/// The answer to one probe.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// The server answered.
    Reply(Reply),
    /// The server closed or reset the connection without a word: a
    /// refusal from a server that speaks TLS to other hellos, nothing from
    /// one that never does.
    Closed,
    /// No usable answer (timeout, garbage, connection failure).
    Undetermined(String),
}

/// What the server accepts in one protocol version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProtocolSupport {
    /// The version.
    pub(crate) protocol: Protocol,
    /// Whether it is accepted; `None` when the probes could not tell.
    pub(crate) accepted: Option<bool>,
    /// The suites accepted, in the server's order of choice, with the group
    /// it picked for each (SSL 2.0 ciphers are listed by name instead).
    pub(crate) suites: Vec<(&'static CipherSuite, Option<Group>)>,
    /// SSL 2.0 cipher kinds the server lists.
    pub(crate) ssl2_ciphers: Vec<&'static Ssl2Cipher>,
    /// Whether the server chooses by its own preference; `None` when fewer
    /// than two suites or undetermined.
    pub(crate) server_preference: Option<bool>,
    /// Why something could not be determined.
    pub(crate) undetermined: Option<String>,
    /// Whether any hello of this version got a TLS or SSL answer (a
    /// `ServerHello` or an alert) rather than only closes.
    pub(crate) answered: bool,
    /// The certificates presented with the first suite accepted, as sent
    /// (empty for TLS 1.3, where they are encrypted, and for anonymous
    /// suites).
    pub(crate) chain: Vec<CertificateDer<'static>>,
}

/// Everything the protocol probes learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Probes {
    /// One entry per protocol version, oldest first.
    pub(crate) protocols: Vec<ProtocolSupport>,
    /// How many connections the probes opened.
    pub(crate) connections: usize,
    /// The first connection this machine's limits stopped (out of file
    /// descriptors, ports, buffers): the probes' answers say nothing of the
    /// server then, and the check is the tool's failure.
    pub(crate) local_limit: Option<String>,
}

/// Probes every protocol version and enumerates the suites of each that is
/// accepted; the versions are probed concurrently.
pub(crate) async fn probe(config: &ProbeConfig) -> Probes {
    let budget = Budget::start(config);
    let tasks = Protocol::ALL.map(|protocol| {
        let budget = Arc::clone(&budget);
        let config = config.clone();
        tokio::spawn(async move { probe_protocol(protocol, &config, &budget).await })
    });
    let mut protocols = Vec::new();
    let mut connections = 0;
    for (task, protocol) in tasks.into_iter().zip(Protocol::ALL) {
        match task.await {
            Ok((support, opened)) => {
                connections += opened;
                protocols.push(support);
            }
            Err(error) => protocols.push(ProtocolSupport {
                undetermined: Some(format!("the probe failed: {error}")),
                ..ProtocolSupport::empty(protocol)
            }),
        }
    }
    unsay_silent_refusals(&mut protocols);
    let local_limit = budget
        .local_limit
        .lock()
        .ok()
        .and_then(|mut cause| cause.take());
    Probes {
        protocols,
        connections,
        local_limit,
    }
}

/// The first choice of each version from SSL 3.0 to TLS 1.2, asked at once
/// (every suite of the version offered, the strongest first, in batches
/// until one is taken) with the chain that came with it: what a client that
/// speaks more than hookcheck's strict client is sent, without enumerating
/// anything. For `--chain-only`, when the strict client found nothing in
/// common with the server. One `timeout` bounds all of it.
///
/// `Err` is the first connection this machine's limits stopped (as
/// [`Probes::local_limit`]): the answers then say nothing of the server.
pub(crate) async fn first_flights(config: &ProbeConfig) -> Result<Vec<ProtocolSupport>, String> {
    let budget = Budget::start(config);
    let versions = [
        Protocol::Ssl3,
        Protocol::Tls10,
        Protocol::Tls11,
        Protocol::Tls12,
    ];
    let tasks = versions.map(|protocol| {
        let budget = Arc::clone(&budget);
        let config = config.clone();
        tokio::spawn(async move {
            let first = first_choice(protocol, &config, &budget);
            tokio::time::timeout(config.timeout, first)
                .await
                .unwrap_or_else(|_| ProtocolSupport {
                    undetermined: Some(format!(
                        "no answer within {}",
                        hookcheck_net::millis(config.timeout)
                    )),
                    ..ProtocolSupport::empty(protocol)
                })
        })
    });
    let mut protocols = Vec::new();
    for (task, protocol) in tasks.into_iter().zip(versions) {
        protocols.push(task.await.unwrap_or_else(|error| ProtocolSupport {
            undetermined: Some(format!("the probe failed: {error}")),
            ..ProtocolSupport::empty(protocol)
        }));
    }
    if let Some(cause) = budget.local_limit.lock().ok().and_then(|mut c| c.take()) {
        return Err(cause);
    }
    unsay_silent_refusals(&mut protocols);
    Ok(protocols)
}

/// The server's first choice among every suite of `protocol`, and the chain
/// it came with.
async fn first_choice(
    protocol: Protocol,
    config: &ProbeConfig,
    budget: &Budget,
) -> ProtocolSupport {
    let mut support = ProtocolSupport::empty(protocol);
    for batch in offer_order(protocol).chunks(MAX_OFFER) {
        let suites: Vec<u16> = batch.iter().map(|s| s.id).collect();
        match offer(&mut support, config, budget, &suites).await {
            Answer::Took {
                suite,
                group,
                chain,
            } => {
                match batch.iter().find(|s| s.id == suite) {
                    Some(chosen) => {
                        support.accepted = Some(true);
                        support.suites.push((chosen, group));
                        support.chain = chain;
                    }
                    None => support.undetermined = Some(not_offered(suite)),
                }
                return support;
            }
            Answer::Undetermined(why) => {
                support.undetermined = Some(why);
                return support;
            }
            Answer::VersionRefused => break,
            Answer::NoneTaken => {}
        }
    }
    support.accepted = Some(false);
    support
}

/// A server that answered no hello of any version in TLS or SSL (it closed
/// or reset every connection) refused nothing: it said nothing. Its "no"s
/// become undetermined.
fn unsay_silent_refusals(protocols: &mut [ProtocolSupport]) {
    if protocols.iter().any(|s| s.answered) {
        return;
    }
    for support in protocols {
        if support.accepted == Some(false) {
            support.accepted = None;
            support.undetermined = Some(
                "the server closed the connection without a TLS answer, as it did to every \
                 hello"
                    .to_owned(),
            );
        }
    }
}

/// The suites of a version in a modern client's order (forward secret,
/// then AEAD, then the strongest): a server that follows the client's
/// order then picks what a browser would get, which is what the grade asks
/// about.
fn offer_order(protocol: Protocol) -> Vec<&'static CipherSuite> {
    let mut suites: Vec<&'static CipherSuite> = if protocol == Protocol::Tls13 {
        suites::tls13().collect()
    } else {
        suites::pre_tls13().collect()
    };
    suites.sort_by_key(|s| {
        (
            std::cmp::Reverse((s.forward_secrecy(), s.is_aead(), s.bits())),
            s.id,
        )
    });
    suites
}

impl ProtocolSupport {
    fn empty(protocol: Protocol) -> ProtocolSupport {
        ProtocolSupport {
            protocol,
            accepted: None,
            suites: Vec::new(),
            ssl2_ciphers: Vec::new(),
            server_preference: None,
            undetermined: None,
            answered: false,
            chain: Vec::new(),
        }
    }
}

/// One version: is it accepted, then which suites (offer all, note the
/// choice, remove it, repeat), then whose order decides.
async fn probe_protocol(
    protocol: Protocol,
    config: &ProbeConfig,
    budget: &Budget,
) -> (ProtocolSupport, usize) {
    let mut support = ProtocolSupport::empty(protocol);
    let mut connections = 0;
    if protocol == Protocol::Ssl2 {
        let codes: Vec<[u8; 3]> = suites::SSL2_CIPHERS.iter().map(|c| c.code).collect();
        connections += 1;
        let outcome = ask(config, budget, hello::ssl2_client_hello(&codes)).await;
        support.answered = matches!(outcome, Outcome::Reply(_));
        match outcome {
            Outcome::Reply(Reply::Ssl2 { ciphers }) => {
                support.accepted = Some(true);
                support.ssl2_ciphers = ciphers
                    .iter()
                    .filter_map(|code| suites::SSL2_CIPHERS.iter().find(|c| c.code == *code))
                    .collect();
            }
            Outcome::Undetermined(why) => support.undetermined = Some(why),
            _ => support.accepted = Some(false),
        }
        return (support, connections);
    }

    let mut remaining = offer_order(protocol);
    // Offer at most MAX_OFFER suites at once, strongest first. `refused`
    // suites at the front were offered in a batch the server refused
    // outright; they stay refused, so each batch starts after them.
    let mut refused = 0;
    loop {
        let suites: Vec<u16> = remaining
            .iter()
            .skip(refused)
            .take(MAX_OFFER)
            .map(|s| s.id)
            .collect();
        if suites.is_empty() {
            break;
        }
        connections += 1;
        match offer(&mut support, config, budget, &suites).await {
            Answer::Took {
                suite,
                group,
                chain,
            } => {
                let Some(position) = remaining
                    .iter()
                    .position(|s| s.id == suite && suites.contains(&s.id))
                else {
                    // A suite that was not offered: the server is broken.
                    support.undetermined = Some(not_offered(suite));
                    break;
                };
                support.accepted = Some(true);
                if support.suites.is_empty() {
                    support.chain = chain;
                }
                support.suites.push((remaining.remove(position), group));
            }
            Answer::Undetermined(why) => {
                support.undetermined = Some(why);
                break;
            }
            Answer::VersionRefused => break,
            Answer::NoneTaken => refused += suites.len(),
        }
    }
    if support.accepted.is_none() && support.undetermined.is_none() {
        support.accepted = Some(false);
    }
    if support.suites.len() >= 2 && support.undetermined.is_none() {
        // Offer the accepted suites in reverse: a server that imposes its
        // order picks its favourite again; one that follows the client's
        // picks the new first.
        let reversed: Vec<u16> = support.suites.iter().rev().map(|(s, _)| s.id).collect();
        connections += 1;
        let outcome = ask(
            config,
            budget,
            hello::client_hello(protocol, &reversed, config.sni.as_deref()),
        )
        .await;
        if let Outcome::Reply(Reply::Accepted { suite, .. }) = outcome {
            support.server_preference = Some(suite == support.suites[0].0.id);
        }
    }
    (support, connections)
}

/// What one hello offering some suites of a version got.
enum Answer {
    /// The server took a suite of that version: which, the group it picked,
    /// and the certificates it sent with it (in the clear up to TLS 1.2).
    Took {
        suite: u16,
        group: Option<Group>,
        chain: Vec<CertificateDer<'static>>,
    },
    /// The version itself is refused, whatever the suites: the server chose
    /// another version or sent the `protocol_version` alert.
    VersionRefused,
    /// None of these suites: any other alert, or a close.
    NoneTaken,
    /// No usable answer.
    Undetermined(String),
}

/// Offers `suites` of `support`'s version in one hello, and notes in
/// `support` whether the server answered in TLS or SSL at all.
async fn offer(
    support: &mut ProtocolSupport,
    config: &ProbeConfig,
    budget: &Budget,
    suites: &[u16],
) -> Answer {
    let hello = hello::client_hello(support.protocol, suites, config.sni.as_deref());
    let outcome = ask(config, budget, hello).await;
    support.answered |= matches!(outcome, Outcome::Reply(_));
    match outcome {
        Outcome::Reply(Reply::Accepted {
            protocol,
            suite,
            group,
            certificates,
        }) if protocol == support.protocol => Answer::Took {
            suite,
            group,
            chain: certificates.into_iter().map(CertificateDer::from).collect(),
        },
        Outcome::Reply(Reply::Accepted { .. } | Reply::Alert(PROTOCOL_VERSION)) => {
            Answer::VersionRefused
        }
        Outcome::Reply(_) | Outcome::Closed => Answer::NoneTaken,
        Outcome::Undetermined(why) => Answer::Undetermined(why),
    }
}

fn not_offered(suite: u16) -> String {
    format!("the server chose suite {suite:#06x}, which was not offered")
}

/// What the probes of one check share: how many connections they may open
/// at once, and one deadline, a timeout after they start. Each probe is
/// bounded by the timeout and so are all of them together: a server that
/// answers every hello slowly, just within the timeout (a tarpit trickling
/// its alerts a byte at a time), costs one timeout, not one per hello
/// asked in a row. What is not answered by then is undetermined.
struct Budget {
    permits: Semaphore,
    deadline: Instant,
    /// The first local limit a probe's connection met.
    local_limit: std::sync::Mutex<Option<String>>,
}

impl Budget {
    fn start(config: &ProbeConfig) -> Arc<Budget> {
        // A timeout past what the clock can hold (the library takes any
        // `Duration`) is as good as none: a far-future deadline stands in.
        let now = Instant::now();
        let deadline = now
            .checked_add(config.timeout)
            .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365 * 30));
        Arc::new(Budget {
            permits: Semaphore::new(config.concurrency.max(1)),
            deadline,
            local_limit: std::sync::Mutex::new(None),
        })
    }
}

/// Sends one hello and reads the answer, before the probes' deadline.
async fn ask(config: &ProbeConfig, budget: &Budget, hello: Vec<u8>) -> Outcome {
    let late = || {
        Outcome::Undetermined(format!(
            "no answer within the probes' {}",
            hookcheck_net::millis(config.timeout)
        ))
    };
    let Ok(permit) = tokio::time::timeout_at(budget.deadline, budget.permits.acquire()).await
    else {
        return late();
    };
    let Ok(_permit) = permit else {
        return Outcome::Undetermined("the probes were stopped".to_owned());
    };
    match tokio::time::timeout_at(budget.deadline, exchange(config.addr, &hello, budget)).await {
        Ok(outcome) => outcome,
        Err(_) => late(),
    }
}

async fn exchange(addr: SocketAddr, hello: &[u8], budget: &Budget) -> Outcome {
    let mut stream = match TcpStream::connect(addr).await {
        Ok(stream) => stream,
        Err(error) => {
            if hookcheck_net::is_local_limit(&error)
                && let Ok(mut cause) = budget.local_limit.lock()
            {
                cause.get_or_insert_with(|| format!("{addr}: {error}"));
            }
            return Outcome::Undetermined(format!("cannot connect: {error}"));
        }
    };
    if let Err(error) = stream.write_all(hello).await {
        return Outcome::Undetermined(format!("cannot send the hello: {error}"));
    }
    let mut received = Vec::with_capacity(4096);
    let mut buffer = [0; 8192];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) if received.is_empty() => return Outcome::Closed,
            Ok(0) => {
                return Outcome::Undetermined(format!(
                    "the server closed the connection after {} bytes of an unfinished answer",
                    received.len()
                ));
            }
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(error)
                if error.kind() == std::io::ErrorKind::ConnectionReset && received.is_empty() =>
            {
                return Outcome::Closed;
            }
            Err(error) => return Outcome::Undetermined(format!("reading the answer: {error}")),
        }
        match hello::parse_reply(&received) {
            Parse::NeedMore if received.len() < MAX_FLIGHT => {}
            Parse::NeedMore => {
                return Outcome::Undetermined(format!(
                    "the server's first flight exceeds {} KiB",
                    MAX_FLIGHT / 1024
                ));
            }
            Parse::Done(reply) => return Outcome::Reply(reply),
            Parse::Invalid(why) => return Outcome::Undetermined(format!("the answer is {why}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(protocol: Protocol) -> ProtocolSupport {
        ProtocolSupport {
            accepted: Some(false),
            ..ProtocolSupport::empty(protocol)
        }
    }

    #[test]
    fn closes_are_refusals_only_from_a_server_that_answers_some_hello() {
        // Closes everywhere: nothing was said, nothing is refused.
        let mut silent: Vec<ProtocolSupport> = Protocol::ALL.map(closed).into();
        unsay_silent_refusals(&mut silent);
        assert!(silent.iter().all(|s| s.accepted.is_none()));
        assert!(silent.iter().all(|s| {
            s.undetermined
                .as_deref()
                .is_some_and(|w| w.contains("every hello"))
        }));
        // One alert (or ServerHello) anywhere: the server speaks TLS, and
        // its closes to the other versions are its way of refusing them.
        let mut speaking: Vec<ProtocolSupport> = Protocol::ALL.map(closed).into();
        speaking[5].answered = true;
        unsay_silent_refusals(&mut speaking);
        assert!(speaking.iter().all(|s| s.accepted == Some(false)));
    }

    #[test]
    fn the_offer_order_puts_what_a_modern_client_wants_first() {
        let order = offer_order(Protocol::Tls12);
        assert!(order[0].forward_secrecy() && order[0].is_aead());
        // Static RSA with CBC, which rustls lacks, is offered too, past
        // the first batch: probes and first flights go on to it.
        let rsa_cbc = order.iter().position(|s| s.id == 0x002f).expect("offered");
        assert!(rsa_cbc >= MAX_OFFER, "{rsa_cbc}");
        assert!(offer_order(Protocol::Tls13).iter().all(|s| s.is_tls13()));
    }
}
