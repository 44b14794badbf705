//! Path building: from the leaf towards a root of the trust store, depth
//! first with backtracking, as a strict client (webpki) builds it. Where a
//! certificate has several possible issuers (a cross-signed intermediate, a
//! stale copy beside the current one), each is tried in turn; the first
//! path that reaches a root with nothing wrong on it wins, else the path
//! with the fewest faults, else the dead end that says most. So when webpki
//! accepts a chain the diagnosis judges a path webpki could build, and when
//! it rejects one the diagnosis names what is wrong on the best path, not
//! on whichever dead end came first.
//!
//! The search is bounded, as webpki's is, so that a pathological bundle (a
//! hundred intermediates of one name, a loop of cross-signatures) costs
//! milliseconds: every link's signature is checked at most once (results
//! are cached), at most [`MAX_SIGNATURES`] signatures are checked and at
//! most [`MAX_VISITS`] path steps taken, and no path holds more than
//! [`MAX_DEPTH`] certificates.

use std::collections::HashMap;

use hookcheck_net::TrustStore;
use time::OffsetDateTime;
use x509_parser::extensions::NameConstraints;
use x509_parser::prelude::FromDer as _;

use super::constraints::{self, Names, Violation};
use crate::cert::{Cert, Key, Link};

/// The leaf and at most six intermediates: webpki's limit
/// (`MAX_SUB_CA_COUNT`), and deeper than any real chain.
pub(crate) const MAX_DEPTH: usize = 7;

/// Signatures checked in one diagnosis at most: webpki's budget (after Go's
/// remedy for CVE-2018-16875). Each link is checked once, however many
/// paths share it.
pub(crate) const MAX_SIGNATURES: usize = 100;

/// Path steps (a certificate put on a path under construction) taken in
/// one diagnosis at most: enough for every alternative of any real chain
/// and of x509-limbo's path-building cases, and a bound on the paths a
/// mesh of cross-signatures can form.
pub(crate) const MAX_VISITS: usize = 2_000;

/// The search's budget is spent.
struct Spent;

/// Where a certificate of the path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum From {
    Presented(usize),
    Fetched(usize),
}

impl From {
    /// Its position in what was presented, if it was.
    pub(crate) fn position(self) -> Option<usize> {
        match self {
            From::Presented(i) => Some(i),
            From::Fetched(_) => None,
        }
    }
}

/// Where the path building stopped.
pub(crate) enum End<'c> {
    /// At a root of the trust store: its index among the store's anchors,
    /// and where the server sent it along, if it did.
    Anchor {
        anchor: usize,
        presented_at: Option<usize>,
    },
    /// At a self-signed certificate that is not trusted.
    SelfSigned,
    /// A certificate of the issuer's name is there, but its key did not sign.
    WrongKey {
        candidate: &'c Cert<'c>,
        position: Option<usize>,
    },
    /// No certificate of the issuer's name anywhere.
    Missing,
    /// The path grew past [`MAX_DEPTH`] certificates.
    TooLong,
    /// The search spent its budget before it found a path to a root.
    GaveUp,
}

impl End<'_> {
    /// How much a path ending so says, the most telling first: a root
    /// reached, then an untrusted root, a wrong key, a missing issuer.
    fn rank(&self) -> u8 {
        match self {
            End::Anchor { .. } => 0,
            End::SelfSigned => 1,
            End::WrongKey { .. } => 2,
            End::Missing => 3,
            End::TooLong => 4,
            End::GaveUp => 5,
        }
    }
}

/// What is wrong on a path, beyond what is wrong with the leaf alone (which
/// every path shares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The certificate at this index of the path has a problem of its own
    /// (expired, weak key or hash, no serverAuth, an unknown critical
    /// extension): the certificate findings say which.
    OfItsOwn(usize),
    /// The signature on the certificate at this index cannot be checked
    /// (an algorithm or key no verifier takes).
    Unverifiable(usize),
    /// The certificate at this index issues the one below it but is not a
    /// CA (no basicConstraints CA:TRUE).
    IssuerNotCa(usize),
    /// The CA at this index allows `allowed` intermediates below it, and
    /// has `below`.
    PathLength {
        ca: usize,
        allowed: u32,
        below: usize,
    },
    /// A CA's name constraints exclude a name of the certificate at
    /// `subject`.
    NameConstraints {
        ca: Constrainer,
        subject: usize,
        violation: Violation,
    },
    /// The root's key is one strict clients do not accept.
    WeakRootKey(Key),
}

/// The CA whose name constraints are violated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Constrainer {
    /// The certificate at this index of the path.
    Step(usize),
    /// The root.
    Root,
}

/// The path chosen, and what is wrong on it.
pub(crate) struct Path<'c> {
    /// The leaf first, then each issuer; a root that ends the path is in
    /// `end`, not here.
    pub(crate) steps: Vec<From>,
    pub(crate) end: End<'c>,
    pub(crate) faults: Vec<Fault>,
}

/// The certificates at hand: as presented (some may not parse), and
/// fetched through AIA.
#[derive(Clone, Copy)]
pub(crate) struct Certs<'c> {
    pub(crate) presented: &'c [Result<Cert<'c>, String>],
    pub(crate) fetched: &'c [Option<Cert<'c>>],
}

impl<'c> Certs<'c> {
    pub(crate) fn cert(&self, from: From) -> &'c Cert<'c> {
        let cert = match from {
            From::Presented(i) => self.presented[i].as_ref().ok(),
            From::Fetched(i) => self.fetched[i].as_ref(),
        };
        // Steps are only ever made from certificates that parsed.
        cert.unwrap_or_else(|| unreachable!("a path step refers to a parsed certificate"))
    }

    /// The candidates for the next step, presented before fetched.
    fn candidates(&self) -> impl Iterator<Item = (From, &'c Cert<'c>)> + '_ {
        let presented = self
            .presented
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((From::Presented(i), c.as_ref().ok()?)));
        let fetched = self
            .fetched
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((From::Fetched(i), c.as_ref()?)));
        presented.chain(fetched)
    }
}

/// Builds the best path from the certificate presented at `leaf`.
pub(crate) fn build<'c>(
    certs: Certs<'c>,
    leaf: usize,
    trust: &'c TrustStore,
    at: OffsetDateTime,
) -> Path<'c> {
    let mut search = Search {
        certs,
        trust,
        at,
        links: HashMap::new(),
        roots: HashMap::new(),
        signatures: MAX_SIGNATURES,
        visits: MAX_VISITS,
        comparisons: constraints::MAX_COMPARISONS,
        best: None,
        found: 0,
        stop: false,
    };
    let mut steps = vec![From::Presented(leaf)];
    search.visit(&mut steps);
    search.best.map_or_else(
        || Path {
            steps: vec![From::Presented(leaf)],
            end: End::GaveUp,
            faults: Vec::new(),
        },
        |(path, _)| path,
    )
}

/// The state of one search.
struct Search<'c> {
    certs: Certs<'c>,
    trust: &'c TrustStore,
    at: OffsetDateTime,
    /// Each link checked so far: (certificate, candidate issuer).
    links: HashMap<(From, From), Link>,
    /// Each certificate's issuing root, once looked for.
    roots: HashMap<From, Option<(usize, Link)>>,
    /// What is left of the budgets.
    signatures: usize,
    visits: usize,
    comparisons: usize,
    /// The best path so far, and the order it was found in.
    best: Option<(Path<'c>, usize)>,
    found: usize,
    /// A path with nothing wrong was found, or a budget ran out.
    stop: bool,
}

impl<'c> Search<'c> {
    fn visit(&mut self, steps: &mut Vec<From>) {
        if self.stop {
            return;
        }
        if self.visits == 0 {
            self.give_up(steps);
            return;
        }
        self.visits -= 1;
        let last = steps[steps.len() - 1];
        let current = self.certs.cert(last);
        let Ok(root) = self.issuing_root(last) else {
            self.give_up(steps);
            return;
        };
        if let Some((anchor, _)) = root {
            let presented_at = self.certs.presented.iter().enumerate().position(|(i, c)| {
                i > 0 && c.as_ref().ok().and_then(|c| c.root_in(self.trust)) == Some(anchor)
            });
            self.record(
                steps,
                End::Anchor {
                    anchor,
                    presented_at,
                },
            );
            if self.stop {
                return;
            }
        }
        if current.self_signed {
            if root.is_none() {
                self.record(steps, End::SelfSigned);
            }
            return;
        }
        if steps.len() >= MAX_DEPTH {
            self.record(steps, End::TooLong);
            return;
        }
        let mut linked = false;
        let mut unverifiable = Vec::new();
        let mut wrong_key = None;
        let candidates: Vec<_> = self.certs.candidates().collect();
        for (from, candidate) in candidates {
            // No certificate twice on a path (RFC 4158 §5.2: by name and
            // key, as webpki compares), and a root of the store sent along
            // is reached as the root it is, above: it has the same name and
            // key as the anchor.
            let on_path = steps.iter().any(|&s| {
                let c = self.certs.cert(s);
                c.subject_raw() == candidate.subject_raw() && c.spki_raw() == candidate.spki_raw()
            });
            if on_path || candidate.root_in(self.trust).is_some() {
                continue;
            }
            let Ok(link) = self.link(last, from) else {
                self.give_up(steps);
                return;
            };
            match link {
                Link::Verified => {
                    linked = true;
                    if self.descend(steps, from) {
                        return;
                    }
                }
                Link::Unverifiable => unverifiable.push(from),
                Link::WrongKey => wrong_key = wrong_key.or(Some((from, candidate))),
                Link::None => {}
            }
        }
        // Links that cannot be checked come last: only a path with nothing
        // better on offer goes through one.
        for from in unverifiable {
            linked = true;
            if self.descend(steps, from) {
                return;
            }
        }
        if linked || root.is_some() {
            return;
        }
        let end = match wrong_key {
            Some((from, candidate)) => End::WrongKey {
                candidate,
                position: from.position(),
            },
            None => End::Missing,
        };
        self.record(steps, end);
    }

    /// Puts `issuer` on the path and searches on from it; whether the
    /// search is over.
    fn descend(&mut self, steps: &mut Vec<From>, issuer: From) -> bool {
        steps.push(issuer);
        self.visit(steps);
        steps.pop();
        self.stop
    }

    /// How `from` links to `issuer`, checked once.
    fn link(&mut self, from: From, issuer: From) -> Result<Link, Spent> {
        if let Some(&link) = self.links.get(&(from, issuer)) {
            return Ok(link);
        }
        let cert = self.certs.cert(from);
        let candidate = self.certs.cert(issuer);
        if cert.issuer_raw() != candidate.subject_raw() {
            return Ok(Link::None);
        }
        self.signatures = self.signatures.checked_sub(1).ok_or(Spent)?;
        let link = cert.link_to(candidate.subject_raw(), candidate.spki_raw());
        self.links.insert((from, issuer), link);
        Ok(link)
    }

    /// The root that issued `from` (its index among the anchors, and how
    /// it is linked), looked for once.
    fn issuing_root(&mut self, from: From) -> Result<Option<(usize, Link)>, Spent> {
        if let Some(&root) = self.roots.get(&from) {
            return Ok(root);
        }
        let cert = self.certs.cert(from);
        let named = self
            .trust
            .anchors()
            .iter()
            .filter(|a| a.subject() == cert.issuer_raw())
            .count();
        self.signatures = self.signatures.checked_sub(named).ok_or(Spent)?;
        let root = cert.issuing_root(self.trust);
        self.roots.insert(from, root);
        Ok(root)
    }

    /// Ends the search where it stands: the budget is spent.
    fn give_up(&mut self, steps: &[From]) {
        if !self
            .best
            .as_ref()
            .is_some_and(|(p, _)| matches!(p.end, End::Anchor { .. }))
        {
            self.best = Some((
                Path {
                    steps: steps.to_vec(),
                    end: End::GaveUp,
                    faults: Vec::new(),
                },
                self.found,
            ));
        }
        self.stop = true;
    }

    /// Keeps the path if it is the best so far; stops at a path to a root
    /// with nothing wrong on it.
    fn record(&mut self, steps: &[From], end: End<'c>) {
        let faults = self.faults(steps, &end);
        let perfect = matches!(end, End::Anchor { .. }) && faults.is_empty();
        let key = (end.rank(), faults.len());
        let better = self
            .best
            .as_ref()
            .is_none_or(|(best, _)| key < (best.end.rank(), best.faults.len()));
        if better {
            self.best = Some((
                Path {
                    steps: steps.to_vec(),
                    end,
                    faults,
                },
                self.found,
            ));
        }
        self.found += 1;
        self.stop |= perfect;
    }

    /// What is wrong on the path, beyond the leaf's own problems.
    fn faults(&mut self, steps: &[From], end: &End<'_>) -> Vec<Fault> {
        let mut faults = Vec::new();
        for (index, &from) in steps.iter().enumerate() {
            let cert = self.certs.cert(from);
            let issuer_link = match (steps.get(index + 1), end) {
                (Some(&issuer), _) => self.links.get(&(from, issuer)).copied(),
                (None, End::Anchor { .. }) => self
                    .roots
                    .get(&from)
                    .copied()
                    .flatten()
                    .map(|(_, link)| link),
                (None, _) => None,
            };
            if issuer_link == Some(Link::Unverifiable) {
                faults.push(Fault::Unverifiable(index));
            }
            if index == 0 {
                continue;
            }
            if self.of_its_own(cert) {
                faults.push(Fault::OfItsOwn(index));
            }
            if !cert.ca {
                faults.push(Fault::IssuerNotCa(index));
            }
            // webpki counts the intermediates below a CA, the leaf not
            // included.
            let below = index - 1;
            if let Some(allowed) = cert.path_len
                && cert.ca
                && below > usize::try_from(allowed).unwrap_or(usize::MAX)
            {
                faults.push(Fault::PathLength {
                    ca: index,
                    allowed,
                    below,
                });
            }
        }
        if let End::Anchor { anchor, .. } = end {
            let anchor = &self.trust.anchors()[*anchor];
            if let Some(key) = Key::of_spki(anchor.spki())
                && key.weakness().is_some()
            {
                faults.push(Fault::WeakRootKey(key));
            }
            if let Some(der) = anchor.name_constraints()
                && let Ok((_, constraints)) = NameConstraints::from_der(der)
            {
                self.constrain(&constraints, Constrainer::Root, steps, &mut faults);
            }
        }
        // Top down, as webpki checks them.
        for index in (1..steps.len()).rev() {
            let cert = self.certs.cert(steps[index]);
            if let Some(constraints) = cert.name_constraints() {
                self.constrain(
                    constraints,
                    Constrainer::Step(index),
                    &steps[..index],
                    &mut faults,
                );
            }
        }
        faults
    }

    /// A CA's name constraints against the certificates below it.
    fn constrain(
        &mut self,
        constraints: &NameConstraints<'_>,
        ca: Constrainer,
        below: &[From],
        faults: &mut Vec<Fault>,
    ) {
        for (subject, &from) in below.iter().enumerate().rev() {
            let cert = self.certs.cert(from);
            let names = Names {
                san: cert.san_names(),
                subject: &cert.subject,
            };
            if let Some(violation) = constraints::check(constraints, &names, &mut self.comparisons)
            {
                faults.push(Fault::NameConstraints {
                    ca,
                    subject,
                    violation,
                });
                return;
            }
        }
    }

    /// Whether an intermediate has a problem of its own that makes strict
    /// clients refuse it (the certificate findings name it).
    fn of_its_own(&self, cert: &Cert<'_>) -> bool {
        cert.not_after < self.at
            || cert.not_before > self.at
            || cert.key.weakness().is_some()
            || (cert.signature.weak_hash.is_some() && !cert.self_signed)
            || cert.eku.as_ref().is_some_and(|eku| !eku.server_auth)
            || !cert.unknown_critical.is_empty()
    }
}
