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
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot, watch};
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
/// accepted; the versions are probed concurrently. `seed` brings what the
/// strict handshake agreed on, when it agreed on TLS 1.3: that version
/// needs no hello of its own to be known as spoken.
pub(crate) async fn probe(config: &ProbeConfig, seed: oneshot::Receiver<Option<Seed>>) -> Probes {
    let budget = Budget::start(config);
    let (tell, below) = watch::channel(Below::Unknown);
    let mut tell = Some(tell);
    // What the strict handshake agreed on, once it has said (`Some`), for
    // every version's probe that waits for it.
    let (agree, agreed) = watch::channel(None);
    tokio::spawn(async move {
        let seed = seed.await.ok().flatten();
        agree.send_replace(Some(seed));
    });
    let tasks = Protocol::ALL.map(|protocol| {
        let budget = Arc::clone(&budget);
        let config = config.clone();
        let known = match protocol {
            Protocol::Tls11 => tell.take().map_or(Known::Nothing, Known::Tells),
            Protocol::Ssl3 => Known::Waits(below.clone(), agreed.clone()),
            Protocol::Tls13 => Known::Seed(agreed.clone()),
            Protocol::Ssl2 | Protocol::Tls10 | Protocol::Tls12 => Known::Nothing,
        };
        tokio::spawn(async move { probe_protocol(protocol, &config, &budget, known).await })
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

/// What the strict handshake agreed on in TLS 1.3: a suite the server
/// accepts in that version, and the group it picked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seed {
    /// The suite's number.
    pub(crate) suite: u16,
    /// The key-exchange group.
    pub(crate) group: Option<Group>,
}

/// What the TLS 1.1 hellos said of the versions below. A server picks the
/// highest version it speaks up to the one a hello offers (RFC 5246 E.1;
/// RFC 8446 §4.2.1 holds TLS 1.3 servers to it): one that answers every
/// TLS 1.1 hello with an alert, never with a `ServerHello` of an older
/// version, speaks neither TLS 1.0 nor SSL 3.0 with any suite offered. Old
/// stacks that refuse a newer hello instead of answering with their own
/// version exist, so this settles SSL 3.0 only for a server that agreed on
/// TLS 1.3 with the strict client: a stack that new negotiates versions as
/// the RFCs say. TLS 1.0 does not wait for it: a legacy server speaks it
/// more often than not, and its suites, enumerated after TLS 1.1's first
/// answer, would set the check's length; a modern server refuses it in a
/// hello or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Below {
    /// TLS 1.1 has not said yet.
    Unknown,
    /// Refused by alerts only: the versions below are refused too.
    Refused,
    /// Anything else: the versions below are asked.
    Ask,
}

/// What the strict handshake agreed on: `None` until it has said, then the
/// TLS 1.3 suite, if it agreed on TLS 1.3.
type Agreed = Option<Option<Seed>>;

/// What a version's probe knows before it asks.
enum Known {
    /// Nothing.
    Nothing,
    /// TLS 1.1: it tells the versions below what its answers said.
    Tells(watch::Sender<Below>),
    /// SSL 3.0: it waits for what TLS 1.1 said, and whether the strict
    /// handshake agreed on TLS 1.3.
    Waits(watch::Receiver<Below>, watch::Receiver<Agreed>),
    /// TLS 1.3: what the strict handshake agreed on, if TLS 1.3.
    Seed(watch::Receiver<Agreed>),
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
        let (answer, answered) = offer(protocol, config, budget, &suites).await;
        support.answered |= answered;
        match answer {
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
            Answer::VersionRefused { .. } => break,
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
        // AEAD ciphers came with TLS 1.2's record layer: the RFCs that
        // define them forbid them below (RFC 5288 §4, 5289 §4, 7905 §2).
        suites::pre_tls13()
            .filter(|suite| protocol == Protocol::Tls12 || !suite.is_aead())
            .collect()
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

/// One version: is it accepted, then which suites, then whose order
/// decides. The first hello offers the strongest suites: its answer (or the
/// strict handshake's, for TLS 1.3) says whether the version is spoken and
/// what the server chooses first. The other suites are then dealt round
/// the table into groups of at most [`MAX_OFFER`], asked concurrently, each
/// offered whole until the server takes none of it; and once a second
/// suite is known, one hello offers it before the first choice: whose
/// order decides. TLS 1.1, which usually is refused and whose
/// refusal settles SSL 3.0, offers all its suites at once instead, in
/// consecutive batches.
async fn probe_protocol(
    protocol: Protocol,
    config: &ProbeConfig,
    budget: &Arc<Budget>,
    known: Known,
) -> (ProtocolSupport, usize) {
    if protocol == Protocol::Ssl2 {
        return probe_ssl2(config, budget).await;
    }
    let (tell, seed) = match before_asking(protocol, known, budget).await {
        Ok(known) => known,
        Err(settled) => return (settled, 0),
    };
    let say = |below: Below| {
        if let Some(tell) = &tell {
            tell.send_replace(below);
        }
    };
    let order = offer_order(protocol);
    let plan = if tell.is_some() {
        Plan {
            support: ProtocolSupport::empty(protocol),
            connections: 0,
            first_pick: None,
            groups: order.chunks(MAX_OFFER).map(<[_]>::to_vec).collect(),
            eager: false,
            first_in_batch: true,
            ahead: Ahead(std::collections::VecDeque::new()),
        }
    } else {
        match first_answer(protocol, &order, seed, config, budget).await {
            Ok(plan) => plan,
            Err((support, connections)) => {
                say(Below::Ask);
                return (support, connections);
            }
        }
    };
    if plan.first_pick.is_some() {
        say(Below::Ask);
    }
    let (support, connections, refused) =
        ask_groups(protocol, &order, plan, config, budget, &say).await;
    say(if refused { Below::Refused } else { Below::Ask });
    (support, connections)
}

/// Waits for what a version's probe is told before it asks: `Err` is the
/// version settled without a hello (TLS 1.1 refused everything by alerts).
async fn before_asking(
    protocol: Protocol,
    known: Known,
    budget: &Budget,
) -> Result<(Option<watch::Sender<Below>>, Option<Seed>), ProtocolSupport> {
    match known {
        Known::Nothing => Ok((None, None)),
        Known::Tells(sender) => Ok((Some(sender), None)),
        Known::Waits(mut below, mut agreed) => {
            let said =
                tokio::time::timeout_at(budget.deadline, below.wait_for(|b| *b != Below::Unknown))
                    .await
                    .ok()
                    .and_then(|said| said.ok().map(|b| *b));
            if said == Some(Below::Refused) && agreed_tls13(&mut agreed, budget).await.is_some() {
                return Err(ProtocolSupport {
                    accepted: Some(false),
                    ..ProtocolSupport::empty(protocol)
                });
            }
            Ok((None, None))
        }
        Known::Seed(mut agreed) => Ok((None, agreed_tls13(&mut agreed, budget).await)),
    }
}

/// Waits (before the deadline) for the strict handshake's TLS 1.3 suite,
/// if it agreed on TLS 1.3.
async fn agreed_tls13(agreed: &mut watch::Receiver<Agreed>, budget: &Budget) -> Option<Seed> {
    tokio::time::timeout_at(budget.deadline, agreed.wait_for(Option::is_some))
        .await
        .ok()
        .and_then(|said| said.ok().and_then(|said| said.flatten()))
}

/// What is left to ask of a version after its first answer.
struct Plan {
    support: ProtocolSupport,
    connections: usize,
    /// The server's first choice among the strongest suites, and its group.
    first_pick: Option<(&'static CipherSuite, Option<Group>)>,
    /// The suites still to offer, in groups asked concurrently.
    groups: Vec<Vec<&'static CipherSuite>>,
    /// Whether the version is known to be spoken (each hello's successor is
    /// then connected ahead).
    eager: bool,
    /// Whether the first group's first find is the first choice (every
    /// suite offered at once, in consecutive batches).
    first_in_batch: bool,
    /// Connections opened for the groups' first hellos, in group order.
    ahead: Ahead,
}

/// Connections opened ahead for hellos to come, taken in order; those
/// never taken are closed when this is dropped.
struct Ahead(std::collections::VecDeque<Warm>);

impl Drop for Ahead {
    fn drop(&mut self) {
        for unused in &self.0 {
            unused.abort();
        }
    }
}

/// The version's first hello (none when the strict handshake agreed on
/// it): `Err` when its answer settles the version (refused, or no usable
/// answer), with the connections it took.
async fn first_answer(
    protocol: Protocol,
    order: &[&'static CipherSuite],
    seed: Option<Seed>,
    config: &ProbeConfig,
    budget: &Arc<Budget>,
) -> Result<Plan, (ProtocolSupport, usize)> {
    let first_offer: Vec<u16> = order.iter().take(MAX_OFFER).map(|s| s.id).collect();
    let mut support = ProtocolSupport::empty(protocol);
    let mut connections = 0;
    let seed = seed.filter(|seed| first_offer.contains(&seed.suite));
    // TLS 1.2 is what every server that passes speaks (without it the
    // check fails): its groups' first connections open while its first
    // answer is awaited, a round trip saved for a connection each spent
    // only on a server that fails anyway. As many as the groups a suite
    // taken leaves.
    let mut ahead = Ahead(std::collections::VecDeque::new());
    let (first, answered) = match seed {
        Some(seed) => (
            Answer::Took {
                suite: seed.suite,
                group: seed.group,
                chain: Vec::new(),
            },
            true,
        ),
        None => {
            let open_ahead = || {
                if protocol == Protocol::Tls12 {
                    let width = (order.len() - 1).div_ceil(MAX_OFFER);
                    ahead.0.extend((0..width).map(|_| budget.warm(config.addr)));
                }
            };
            let answer =
                offer_over(protocol, config, budget, &first_offer, (None, open_ahead)).await;
            connections += 1 + ahead.0.len();
            answer
        }
    };
    support.answered = answered;
    let mut rest = order.to_vec();
    let first_pick = match first {
        Answer::Took {
            suite,
            group,
            chain,
        } => {
            let Some(position) = rest
                .iter()
                .position(|s| s.id == suite && first_offer.contains(&s.id))
            else {
                // A suite that was not offered: the server is broken.
                support.undetermined = Some(not_offered(suite));
                return Err((support, connections));
            };
            support.chain = chain;
            Some((rest.remove(position), group))
        }
        Answer::VersionRefused { .. } => {
            support.accepted = Some(false);
            return Err((support, connections));
        }
        Answer::Undetermined(why) => {
            support.undetermined = Some(why);
            return Err((support, connections));
        }
        Answer::NoneTaken => {
            rest.drain(..first_offer.len());
            None
        }
    };
    // As many groups as hellos one at a time would have had refused; with
    // TLS 1.3's suite from the strict handshake, each of the other four in
    // a hello of its own, as many hellos as the sequence takes for a server
    // with three (the hello the handshake saved, two taken, one refused).
    let width = if seed.is_some() {
        rest.len()
    } else {
        rest.len().div_ceil(MAX_OFFER)
    };
    // Nothing taken among the strongest: the rest in consecutive batches,
    // as the sequence offered them (a server that takes a few weak suites
    // has them in one batch, in its order).
    let groups = match first_pick {
        Some(_) => deal(&rest, width),
        None => rest.chunks(MAX_OFFER).map(<[_]>::to_vec).collect(),
    };
    Ok(Plan {
        support,
        connections,
        first_pick,
        groups,
        eager: first_pick.is_some(),
        first_in_batch: false,
        ahead,
    })
}

/// Asks the plan's groups concurrently, then whose order decides; returns
/// the version's support, the connections, and whether every hello was
/// refused by an alert (nothing taken, nothing undetermined).
async fn ask_groups(
    protocol: Protocol,
    order: &[&'static CipherSuite],
    plan: Plan,
    config: &ProbeConfig,
    budget: &Arc<Budget>,
    say: &impl Fn(Below),
) -> (ProtocolSupport, usize, bool) {
    let Plan {
        mut support,
        mut connections,
        mut first_pick,
        groups: planned,
        eager,
        first_in_batch,
        mut ahead,
    } = plan;
    let mut groups = tokio::task::JoinSet::new();
    let (found, mut finds) = mpsc::unbounded_channel();
    let (opened, openings) = mpsc::unbounded_channel();
    // Only a group of more than one suite opens a connection ahead.
    let spares = planned.iter().any(|group| group.len() > 1);
    let count = planned.len();
    for (index, group) in planned.into_iter().enumerate() {
        let (config, budget) = (config.clone(), Arc::clone(budget));
        let (found, opened) = (found.clone(), opened.clone());
        let over = ahead.0.pop_front();
        groups.spawn(async move {
            let finds = (&found, index, eager);
            enumerate(protocol, group, &config, &budget, finds, (&opened, over)).await
        });
    }
    drop((ahead, found, opened));
    // A spoken version whose groups will have no connection to spare (one
    // suite each) opens the connection for whose order decides ahead, once
    // every group's first is open: a server that serves one connection at
    // a time accepts those first, and the second suite comes from one of
    // them, not from behind this one.
    let mut asking = (eager && !spares).then(|| {
        connections += 1;
        budget.warm_after(config.addr, openings, count)
    });
    let mut picks = Vec::new();
    let mut preference = Preference::Unknown;
    let mut refused = first_pick.is_none() && (support.answered || first_in_batch);
    // Whose order decides is asked as soon as a second suite is known, over
    // the connection the first group to end opened for a hello it then had
    // no need of: no connection of its own, and never one left idle (a
    // server that serves one connection at a time would wait on it).
    let mut take = |find: Find, preference: &mut Preference, support: &mut ProtocolSupport| {
        say(Below::Ask);
        let (index, suite, group, chain) = find;
        if first_in_batch && first_pick.is_none() && index == 0 {
            // All suites offered at once: the first batch's first find is
            // the server's first choice among the strongest.
            support.chain = chain;
            first_pick = Some((suite, group));
            return;
        }
        if let (Some((first, _)), Preference::Unknown) = (first_pick, &preference) {
            let offer = [suite.id, first.id];
            *preference = match asking.take() {
                Some(over) => Preference::ask(protocol, config, budget, offer, over),
                None => Preference::Waiting(offer),
            };
        }
        picks.push((index, suite, group, chain));
    };
    loop {
        tokio::select! {
            Some(find) = finds.recv() => take(find, &mut preference, &mut support),
            Some(done) = groups.join_next() => {
                // The group's finds were sent before it ended.
                while let Ok(find) = finds.try_recv() {
                    take(find, &mut preference, &mut support);
                }
                let spare = fold(done, &mut support, &mut refused, &mut connections);
                if let Some(spare) = spare {
                    preference.spare(spare, protocol, config, budget);
                }
            }
            else => break,
        }
    }
    // The first choice first, then the others: each group's in the order
    // the server took them, the groups merged by the order offered.
    support.suites.extend(first_pick);
    for (_, suite, group, chain) in merge(picks, order) {
        if support.suites.is_empty() {
            support.chain = chain;
        }
        support.suites.push((suite, group));
    }
    if !support.suites.is_empty() {
        support.accepted = Some(true);
    } else if support.undetermined.is_none() {
        support.accepted = Some(false);
    }
    if let Some(unused) = asking {
        unused.abort();
    }
    let (chosen, opened) = preference.settle(protocol, config, budget, &support).await;
    connections += opened;
    if support.undetermined.is_none() {
        let first = support.suites.first().map(|(suite, _)| suite.id);
        support.server_preference = chosen.map(|chosen| Some(chosen) == first);
    }
    let refused = refused && support.suites.is_empty() && support.undetermined.is_none();
    (support, connections, refused)
}

/// Folds a group's end into the version's support (and whether every hello
/// was refused, and the connections); returns the connection it spared.
fn fold(
    done: Result<GroupEnd, tokio::task::JoinError>,
    support: &mut ProtocolSupport,
    refused: &mut bool,
    connections: &mut usize,
) -> Option<Warm> {
    match done {
        Ok(end) => {
            *connections += end.connections;
            support.answered |= end.answered;
            *refused &= end.refused;
            if let Some(why) = end.undetermined {
                support.undetermined.get_or_insert(why);
            }
            end.spare
        }
        Err(error) => {
            *refused = false;
            support
                .undetermined
                .get_or_insert_with(|| format!("the probe failed: {error}"));
            None
        }
    }
}

/// Where the hello that asks whose order decides stands.
enum Preference {
    /// No second suite is known yet (or no first choice).
    Unknown,
    /// Its offer, waiting for a group to end with a connection to spare.
    Waiting([u16; 2]),
    /// Asked: the suite the server chose, if it answered with one.
    Asked(tokio::task::JoinHandle<Option<u16>>),
}

impl Preference {
    /// Asks whose order decides, offering `offer` over `over`.
    fn ask(
        protocol: Protocol,
        config: &ProbeConfig,
        budget: &Arc<Budget>,
        offer: [u16; 2],
        over: Warm,
    ) -> Preference {
        let (config, budget) = (config.clone(), Arc::clone(budget));
        Preference::Asked(tokio::spawn(async move {
            choice(protocol, &config, &budget, &offer, Some(over)).await
        }))
    }

    /// A connection a group no longer needs: the question goes over it if
    /// it is waiting for one; otherwise it is closed.
    fn spare(
        &mut self,
        spare: Warm,
        protocol: Protocol,
        config: &ProbeConfig,
        budget: &Arc<Budget>,
    ) {
        match *self {
            Preference::Waiting(offer) => {
                *self = Preference::ask(protocol, config, budget, offer, spare);
            }
            _ => spare.abort(),
        }
    }

    /// Once every group has ended: the suite the server chose when asked
    /// (`None` if not asked, or no suite in answer), and the connections
    /// that took.
    async fn settle(
        self,
        protocol: Protocol,
        config: &ProbeConfig,
        budget: &Budget,
        support: &ProtocolSupport,
    ) -> (Option<u16>, usize) {
        match self {
            Preference::Asked(task) => (task.await.ok().flatten(), 0),
            // No group ended with a connection to spare: one of its own.
            Preference::Waiting(offer) => (choice(protocol, config, budget, &offer, None).await, 1),
            Preference::Unknown if support.suites.len() >= 2 && support.undetermined.is_none() => {
                // No first choice was known early: offer the accepted suites
                // in reverse. A server that imposes its order picks its
                // favourite again; one that follows the client's picks the
                // new first.
                let reversed: Vec<u16> = support.suites.iter().rev().map(|(s, _)| s.id).collect();
                (choice(protocol, config, budget, &reversed, None).await, 1)
            }
            Preference::Unknown => (None, 0),
        }
    }
}

/// The finds of several groups as one list: each group's keep their order
/// (the server's choice, one after another), and the next is always the
/// group's whose next find comes first in `order`.
fn merge(finds: Vec<Find>, order: &[&'static CipherSuite]) -> Vec<Find> {
    let rank = |suite: &CipherSuite| order.iter().position(|s| s.id == suite.id);
    let mut groups: Vec<std::collections::VecDeque<Find>> = Vec::new();
    for find in finds {
        match groups
            .iter_mut()
            .find(|g| g.front().is_some_and(|f| f.0 == find.0))
        {
            Some(group) => group.push_back(find),
            None => groups.push(std::collections::VecDeque::from([find])),
        }
    }
    let mut merged = Vec::new();
    while let Some(next) = groups
        .iter_mut()
        .filter(|g| !g.is_empty())
        .min_by_key(|g| g.front().map(|f| rank(f.1)))
    {
        merged.extend(next.pop_front());
    }
    merged
}

/// SSL 2.0: one hello listing every cipher kind; the server lists those it
/// has.
async fn probe_ssl2(config: &ProbeConfig, budget: &Budget) -> (ProtocolSupport, usize) {
    let mut support = ProtocolSupport::empty(Protocol::Ssl2);
    let codes: Vec<[u8; 3]> = suites::SSL2_CIPHERS.iter().map(|c| c.code).collect();
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
    (support, 1)
}

/// `suites` dealt round the table into `width` groups (at least one, each
/// of at most [`MAX_OFFER`]): each group holds some of the strongest.
fn deal(suites: &[&'static CipherSuite], width: usize) -> Vec<Vec<&'static CipherSuite>> {
    let width = width.max(suites.len().div_ceil(MAX_OFFER)).max(1);
    let mut groups = vec![Vec::new(); width];
    for (i, suite) in suites.iter().enumerate() {
        groups[i % width].push(*suite);
    }
    groups.retain(|group| !group.is_empty());
    groups
}

/// A suite the server took (with the index of the group that offered it),
/// the group it picked, and the chain it sent.
type Find = (
    usize,
    &'static CipherSuite,
    Option<Group>,
    Vec<CertificateDer<'static>>,
);

/// How one group's enumeration ended.
struct GroupEnd {
    /// The connections it opened.
    connections: usize,
    /// Whether any hello got a TLS or SSL answer.
    answered: bool,
    /// Whether it ended on an alert (not a close, not an answer in time).
    refused: bool,
    /// Why it could not finish.
    undetermined: Option<String>,
    /// The connection opened for a hello that was not needed.
    spare: Option<Warm>,
}

/// Offers `suites` whole, again and again without the one taken, until the
/// server takes none; each suite taken is sent to `found` at once. `eager`
/// when the version is known to be spoken: the second hello's connection
/// opens while the first answer is awaited. `opened` hears when the first
/// hello's connection is open.
async fn enumerate(
    protocol: Protocol,
    mut suites: Vec<&'static CipherSuite>,
    config: &ProbeConfig,
    budget: &Arc<Budget>,
    (found, index, eager): (&mpsc::UnboundedSender<Find>, usize, bool),
    (opened, ahead): (&mpsc::UnboundedSender<()>, Option<Warm>),
) -> GroupEnd {
    let mut end = GroupEnd {
        connections: 0,
        answered: false,
        refused: false,
        undetermined: None,
        spare: None,
    };
    let mut warm = ahead;
    let mut spoken = eager;
    let mut first = true;
    while !suites.is_empty() {
        let ids: Vec<u16> = suites.iter().map(|s| s.id).collect();
        let this = warm.take();
        end.connections += usize::from(this.is_none());
        // Once the version is known to be spoken, each hello's successor
        // goes over a connection opened while its answer is awaited: a round
        // trip saved on every suite the server takes. The one opened while
        // the last answer (a refusal) was awaited is handed back: it carries
        // the version's question of whose order decides, if still to ask.
        // It opens once this hello's connection is open: a server that
        // serves one connection at a time accepts this one first, and the
        // next hello waits for nothing behind it.
        let open_next = spoken && suites.len() > 1;
        let mut next = None;
        let connected = || {
            if first {
                let _ = opened.send(());
            }
            if open_next {
                next = Some(budget.warm(config.addr));
            }
        };
        let (answer, answered) =
            offer_over(protocol, config, budget, &ids, (this, connected)).await;
        first = false;
        end.connections += usize::from(next.is_some());
        warm = next;
        end.answered |= answered;
        match answer {
            Answer::Took {
                suite,
                group,
                chain,
            } => {
                let Some(position) = suites.iter().position(|s| s.id == suite) else {
                    // A suite that was not offered: the server is broken.
                    end.undetermined = Some(not_offered(suite));
                    break;
                };
                spoken = true;
                let _ = found.send((index, suites.remove(position), group, chain));
            }
            Answer::Undetermined(why) => {
                end.undetermined = Some(why);
                break;
            }
            Answer::VersionRefused { alert } => {
                end.refused = alert;
                break;
            }
            Answer::NoneTaken => {
                end.refused = answered;
                break;
            }
        }
    }
    end.spare = warm;
    end
}

/// The suite the server chooses from `suites` offered in this order, if it
/// answers with one.
async fn choice(
    protocol: Protocol,
    config: &ProbeConfig,
    budget: &Budget,
    suites: &[u16],
    warm: Option<Warm>,
) -> Option<u16> {
    let hello = hello::client_hello(protocol, suites, config.sni.as_deref());
    match ask_over(config, budget, hello, (warm, || {})).await {
        Outcome::Reply(Reply::Accepted { suite, .. }) => Some(suite),
        _ => None,
    }
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
    /// another version, or sent the `protocol_version` alert (`alert`).
    VersionRefused { alert: bool },
    /// None of these suites: any other alert, or a close.
    NoneTaken,
    /// No usable answer.
    Undetermined(String),
}

/// Offers `suites` of `protocol` in one hello; also says whether the
/// server answered in TLS or SSL at all.
async fn offer(
    protocol: Protocol,
    config: &ProbeConfig,
    budget: &Budget,
    suites: &[u16],
) -> (Answer, bool) {
    offer_over(protocol, config, budget, suites, (None, || {})).await
}

/// [`offer`] over `warm`, if given, running `connected` as [`ask_over`].
async fn offer_over(
    protocol: Protocol,
    config: &ProbeConfig,
    budget: &Budget,
    suites: &[u16],
    over: (Option<Warm>, impl FnOnce()),
) -> (Answer, bool) {
    let hello = hello::client_hello(protocol, suites, config.sni.as_deref());
    let outcome = ask_over(config, budget, hello, over).await;
    let answered = matches!(outcome, Outcome::Reply(_));
    let answer = match outcome {
        Outcome::Reply(Reply::Accepted {
            protocol: chosen,
            suite,
            group,
            certificates,
        }) if chosen == protocol => Answer::Took {
            suite,
            group,
            chain: certificates.into_iter().map(CertificateDer::from).collect(),
        },
        Outcome::Reply(Reply::Accepted { .. }) => Answer::VersionRefused { alert: false },
        Outcome::Reply(Reply::Alert(PROTOCOL_VERSION)) => Answer::VersionRefused { alert: true },
        Outcome::Reply(_) | Outcome::Closed => Answer::NoneTaken,
        Outcome::Undetermined(why) => Answer::Undetermined(why),
    };
    (answer, answered)
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
    permits: Arc<Semaphore>,
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
            permits: Arc::new(Semaphore::new(config.concurrency.max(1))),
            deadline,
            local_limit: std::sync::Mutex::new(None),
        })
    }
}

/// A probe connection opened before its hello is known, with its permit:
/// its TCP handshake runs while the answer that decides the hello is
/// awaited. `None` when the deadline came first.
type Warm = tokio::task::JoinHandle<Option<Opened>>;

/// A permit and the connection opened under it (or why none could be).
type Opened = (OwnedSemaphorePermit, Result<TcpStream, String>);

impl Budget {
    /// Opens a connection under a permit, before the deadline.
    async fn open(&self, addr: SocketAddr) -> Option<Opened> {
        let permit =
            tokio::time::timeout_at(self.deadline, Arc::clone(&self.permits).acquire_owned())
                .await
                .ok()?
                .ok()?;
        let stream = tokio::time::timeout_at(self.deadline, connect(addr, self))
            .await
            .ok()?;
        Some((permit, stream))
    }

    /// Starts opening a connection for a hello to come once `count`
    /// others have been opened (or the probes that open them are done).
    fn warm_after(
        self: &Arc<Budget>,
        addr: SocketAddr,
        mut openings: mpsc::UnboundedReceiver<()>,
        count: usize,
    ) -> Warm {
        let budget = Arc::clone(self);
        tokio::spawn(async move {
            for _ in 0..count {
                if openings.recv().await.is_none() {
                    break;
                }
            }
            budget.open(addr).await
        })
    }

    /// Starts opening a connection for a hello to come.
    fn warm(self: &Arc<Budget>, addr: SocketAddr) -> Warm {
        let budget = Arc::clone(self);
        tokio::spawn(async move { budget.open(addr).await })
    }
}

/// Sends one hello and reads the answer, before the probes' deadline.
async fn ask(config: &ProbeConfig, budget: &Budget, hello: Vec<u8>) -> Outcome {
    ask_over(config, budget, hello, (None, || {})).await
}

/// Sends one hello over `warm` if given (else over a connection it opens)
/// and reads the answer, before the probes' deadline; `connected` runs once
/// the connection is open (or could not be), before the hello is sent.
async fn ask_over(
    config: &ProbeConfig,
    budget: &Budget,
    hello: Vec<u8>,
    (warm, connected): (Option<Warm>, impl FnOnce()),
) -> Outcome {
    let late = || {
        Outcome::Undetermined(format!(
            "no answer within the probes' {}",
            hookcheck_net::millis(config.timeout)
        ))
    };
    let opened = match warm {
        Some(warm) => warm.await.ok().flatten(),
        None => budget.open(config.addr).await,
    };
    connected();
    let Some((_permit, stream)) = opened else {
        return late();
    };
    let stream = match stream {
        Ok(stream) => stream,
        Err(why) => return Outcome::Undetermined(why),
    };
    match tokio::time::timeout_at(budget.deadline, exchange(stream, &hello)).await {
        Ok(outcome) => outcome,
        Err(_) => late(),
    }
}

/// Opens a probe connection; a local limit it meets is recorded.
async fn connect(addr: SocketAddr, budget: &Budget) -> Result<TcpStream, String> {
    TcpStream::connect(addr).await.map_err(|error| {
        if hookcheck_net::is_local_limit(&error)
            && let Ok(mut cause) = budget.local_limit.lock()
        {
            cause.get_or_insert_with(|| format!("{addr}: {error}"));
        }
        format!("cannot connect: {error}")
    })
}

async fn exchange(mut stream: TcpStream, hello: &[u8]) -> Outcome {
    if let Err(error) = stream.write_all(hello).await {
        return Outcome::Undetermined(format!("cannot send the hello: {error}"));
    }
    let mut received = Vec::with_capacity(4096);
    let mut buffer = [0; 8192];
    let mut progress = hello::Progress::default();
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
        let parse = if progress.advanced(&received) {
            hello::parse_reply(&received)
        } else {
            Parse::NeedMore
        };
        match parse {
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
