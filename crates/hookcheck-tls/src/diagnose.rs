//! Chain diagnosis: the certificates a server presented (or a bundle holds),
//! the host, the trust store and an instant in, findings out. Pure: no
//! sockets, no clock. How findings speak of the chain's source is `voice`'s.
//!
//! rustls (webpki) answers whether a strict client accepts the chain, and is
//! the ground truth here; but it stops at the first problem and reports a
//! self-signed leaf, a missing intermediate and an untrusted root alike as
//! `UnknownIssuer`. So the diagnosis builds the path itself, certificate by
//! certificate (names, then signatures), trying each alternative issuer in
//! turn as webpki does and keeping the best path (`path`), to say where and
//! why it breaks; checks every certificate on it (`certificates`: validity,
//! key, hash, usage, extensions, and the leaf's CA flag and names) and what
//! lies between them (`faults`: issuers, path length, name constraints, the
//! root's key); and keeps webpki's verdict as the check that the
//! explanation is complete: if webpki rejects a chain the diagnosis found
//! nothing wrong with, its error becomes a finding of its own.

use hookcheck_core::{
    AiaFetch, CertificateSource, CertificateSummary, ChainSource, Code, Finding, PathCertificate,
    Severity,
};
use rustls::pki_types::{CertificateDer, ServerName};
use time::{Duration, OffsetDateTime};

use crate::cert::{Cert, Link, whole_second};
use crate::voice::Voice;
use hookcheck_net::TrustStore;

mod certificates;
mod constraints;
mod faults;
mod path;

use path::{Certs, End, From, MAX_DEPTH, MAX_SIGNATURES, MAX_VISITS, Path};

/// Everything the diagnosis judges.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// Who presented the chain: a server in a handshake, or a bundle read
    /// from a file. Only the wording of the findings depends on it.
    pub source: ChainSource,
    /// The host the client asked for (SNI and the name check); `None`
    /// judges trust only, with no name check (a bundle before deployment).
    pub host: Option<&'a ServerName<'a>>,
    /// The certificates exactly as the server presented them (or the
    /// bundle holds them), leaf first.
    pub presented: &'a [CertificateDer<'a>],
    /// Certificates fetched from AIA URLs on the chain's behalf.
    pub fetched: &'a [Fetched],
    /// The AIA fetches tried so far, successful or not.
    pub aia: &'a [AiaFetch],
    /// The roots a strict client trusts.
    pub trust: &'a TrustStore,
    /// The instant validity is judged at.
    pub at: OffsetDateTime,
    /// How close to its expiry a certificate draws `tls-expires-soon`.
    pub expiry_warning: Duration,
}

/// A certificate fetched from an AIA caIssuers URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The certificate.
    pub der: CertificateDer<'static>,
    /// Where it came from.
    pub url: String,
}

/// What the diagnosis found.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// The findings, in the order a person would read them.
    pub findings: Vec<Finding>,
    /// The presented chain, certificate by certificate.
    pub chain: Vec<CertificateSummary>,
    /// The path from the leaf towards a root, as far as it goes.
    pub path: Vec<PathCertificate>,
    /// Whether a strict client accepts the chain as presented.
    pub trusted: bool,
    /// AIA URLs that could supply the missing issuer and have not been tried.
    pub fetch: Vec<String>,
    /// What the chain gives the grade.
    pub grading: ChainGrading,
}

/// What the chain gives the SSL Labs grade, as typed facts: the grade reads
/// these, never the findings, which say the same to people. Set once the
/// findings are made, from them and from the certificates on the path: the
/// one place that knows which of the chain's findings the guide counts how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainGrading {
    /// The leaf key's strength in RSA-equivalent bits, as the grade
    /// compares keys.
    pub leaf_key_bits: Option<u32>,
    /// Why a strict client does not trust the chain (the guide's T): the
    /// first finding that says so, or a SHA-1 signature on the path.
    pub untrusted: Option<String>,
    /// The leaf is not valid for the host (the guide's M).
    pub name_mismatch: bool,
    /// A certificate on the path is signed with MD5 or MD2 (the guide's F).
    pub md5_signature: bool,
    /// The server omits an intermediate (the guide caps it at B).
    pub incomplete_chain: bool,
}

impl ChainGrading {
    /// The grade's facts from the diagnosis's findings and the weak hashes
    /// (`SHA-1`, `MD5`, `MD2`) signing certificates on the path, a root's
    /// own signature excepted.
    fn of(findings: &[Finding], leaf_key_bits: Option<u32>, weak_hashes: &[&str]) -> ChainGrading {
        let distrusted = findings.iter().find(|f| {
            matches!(
                f.code,
                Code::TlsSelfSigned
                    | Code::TlsUntrustedRoot
                    | Code::TlsUnknownIssuer
                    | Code::TlsExpired
                    | Code::TlsNotYetValid
                    | Code::TlsLeafIsCa
                    | Code::TlsNoServerAuth
            )
        });
        let sha1 = weak_hashes.contains(&"SHA-1");
        ChainGrading {
            leaf_key_bits,
            untrusted: distrusted.map(|f| f.message.clone()).or_else(|| {
                sha1.then(|| {
                    "a certificate is signed with SHA-1, which strict clients reject".to_owned()
                })
            }),
            name_mismatch: findings
                .iter()
                .any(|f| matches!(f.code, Code::TlsHostnameMismatch | Code::TlsNoSan)),
            md5_signature: weak_hashes.iter().any(|&hash| hash != "SHA-1"),
            incomplete_chain: findings.iter().any(|f| f.code == Code::TlsIncompleteChain),
        }
    }
}

/// Diagnoses the chain, judging validity at the whole second of
/// `input.at` (as webpki does).
pub fn diagnose(input: &Input<'_>) -> Diagnosis {
    let input = &Input {
        at: whole_second(input.at),
        ..*input
    };
    let mut diagnosis = Diagnosis {
        findings: Vec::new(),
        chain: Vec::new(),
        path: Vec::new(),
        trusted: false,
        fetch: Vec::new(),
        grading: ChainGrading::default(),
    };
    let presented: Vec<Result<Cert<'_>, String>> =
        input.presented.iter().map(|der| Cert::parse(der)).collect();
    let fetched: Vec<Option<Cert<'_>>> = input
        .fetched
        .iter()
        .map(|f| Cert::parse(&f.der).ok())
        .collect();
    for (position, cert) in presented.iter().enumerate() {
        if let Ok(cert) = cert {
            diagnosis.chain.push(cert.summary(position));
        }
    }
    let voice = Voice(input.source);
    let leaf = match presented.first() {
        None => {
            diagnosis.findings.push(Finding::new(
                Code::TlsHandshakeFailed,
                voice.no_certificate(),
            ));
            return diagnosis;
        }
        Some(Err(error)) => {
            let (what, fix) = voice.unparsable_leaf();
            diagnosis.findings.push(
                Finding::new(
                    Code::TlsHandshakeFailed,
                    format!("{what} cannot be parsed: {error}"),
                )
                .with_fix(fix),
            );
            return diagnosis;
        }
        Some(Ok(_)) => leaf_position(voice, &presented, &mut diagnosis.findings),
    };

    let chain = Chain {
        presented: &presented,
        certs: Certs {
            presented: &presented,
            fetched: &fetched,
        },
        input,
        voice,
    };
    let path = path::build(chain.certs, leaf, input.trust, input.at);
    let Path { steps, end, .. } = &path;
    diagnosis.path = chain.path_report(steps, end);
    chain.trust_findings(steps, end, &mut diagnosis);
    for (index, step) in steps.iter().enumerate() {
        chain.certificate_findings(*step, index, &mut diagnosis.findings);
    }
    chain.fault_findings(&path, &mut diagnosis.findings);
    chain.leaf_findings(chain.cert(steps[0]), &mut diagnosis.findings);
    chain.layout_findings(steps, end, &mut diagnosis.findings);

    // The strict client's verdict on the chain exactly as presented.
    let intermediates: Vec<&[u8]> = input.presented[1..].iter().map(AsRef::as_ref).collect();
    let verdict = input
        .trust
        .verify(&input.presented[0], &intermediates, input.host, input.at);
    diagnosis.trusted = verdict.is_ok();
    if let Err(error) = verdict
        && !diagnosis
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
    {
        diagnosis.findings.push(
            Finding::new(
                Code::TlsUnknownIssuer,
                format!("a strict client (webpki) rejects the chain: {error}"),
            )
            .with_fact("webpki_error", error.to_string()),
        );
    }
    let weak_hashes: Vec<&str> = steps
        .iter()
        .map(|&step| chain.cert(step))
        .filter(|cert| !cert.self_signed)
        .filter_map(|cert| cert.signature.weak_hash)
        .collect();
    let leaf_key_bits = chain.cert(From::Presented(leaf)).key.rsa_equivalent_bits();
    diagnosis.grading = ChainGrading::of(&diagnosis.findings, leaf_key_bits, &weak_hashes);
    diagnosis
}

/// Where the server's own certificate is: first, as TLS requires, unless the
/// server put a CA certificate first and its own after it (a finding).
fn leaf_position(
    voice: Voice,
    presented: &[Result<Cert<'_>, String>],
    findings: &mut Vec<Finding>,
) -> usize {
    let Some(Ok(first)) = presented.first() else {
        return 0;
    };
    if !first.ca {
        return 0;
    }
    let issued_by_first = presented.iter().enumerate().skip(1).find(|(_, cert)| {
        cert.as_ref().is_ok_and(|c| {
            !c.ca
                && matches!(
                    c.link_to(first.subject_raw(), first.spki_raw()),
                    Link::Verified
                )
        })
    });
    let Some((position, Ok(leaf))) = issued_by_first else {
        return 0;
    };
    let (message, fix) = voice.ca_first(&first.short_name, &leaf.short_name, position);
    let mut finding = Finding::new(Code::TlsChainOrder, message)
        .with_fix(fix)
        .with_fact("leaf_position", position);
    finding.severity = Severity::Error;
    findings.push(finding);
    position
}

/// The certificates at hand, and how findings speak of them.
struct Chain<'c> {
    presented: &'c [Result<Cert<'c>, String>],
    certs: Certs<'c>,
    input: &'c Input<'c>,
    voice: Voice,
}

impl<'c> Chain<'c> {
    fn cert(&self, from: From) -> &'c Cert<'c> {
        self.certs.cert(from)
    }

    /// A root of the store, as reports name it.
    fn anchor_name(&self, anchor: usize) -> &'c str {
        self.input.trust.anchors()[anchor].name()
    }

    fn path_report(&self, steps: &[From], end: &End<'_>) -> Vec<PathCertificate> {
        let mut path: Vec<_> = steps
            .iter()
            .map(|&from| {
                let cert = self.cert(from);
                match from {
                    From::Presented(i) => PathCertificate {
                        subject: cert.subject.clone(),
                        source: CertificateSource::Presented,
                        position: Some(i),
                        url: None,
                    },
                    From::Fetched(i) => PathCertificate {
                        subject: cert.subject.clone(),
                        source: CertificateSource::Fetched,
                        position: None,
                        url: Some(self.input.fetched[i].url.clone()),
                    },
                }
            })
            .collect();
        if let End::Anchor {
            anchor,
            presented_at,
        } = end
        {
            path.push(PathCertificate {
                subject: self.anchor_name(*anchor).to_owned(),
                source: CertificateSource::TrustAnchor,
                position: *presented_at,
                url: None,
            });
        }
        path
    }

    /// What the path's end means for trust.
    fn trust_findings(&self, steps: &[From], end: &End<'_>, diagnosis: &mut Diagnosis) {
        let last = self.cert(steps[steps.len() - 1]);
        let store = self.input.trust.description();
        let fetched: Vec<&Cert<'_>> = steps
            .iter()
            .filter(|s| matches!(s, From::Fetched(_)))
            .map(|&s| self.cert(s))
            .collect();
        if !fetched.is_empty() {
            diagnosis
                .findings
                .push(self.incomplete_chain(steps, &fetched, end));
        }
        let finding = match end {
            End::Anchor { .. } => return,
            End::SelfSigned if steps.len() == 1 => Finding::new(
                Code::TlsSelfSigned,
                format!(
                    "{} is self-signed: no trusted authority vouches for it ({store})",
                    self.voice.leaf_named(&last.short_name)
                ),
            )
            .with_fix(self.voice.self_signed_fix())
            .with_fact("subject", last.subject.clone()),
            End::SelfSigned => Finding::new(
                Code::TlsUntrustedRoot,
                format!(
                    "the chain ends at the root `{}`, which is not trusted ({store})",
                    last.short_name
                ),
            )
            .with_fix(format!(
                "Use a certificate from a publicly trusted CA; `{}` is a private or unknown root \
                 that the provider does not trust.",
                last.short_name
            ))
            .with_fact("root", last.subject.clone()),
            End::WrongKey {
                candidate,
                position,
            } => {
                let place = position.map_or_else(
                    || "fetched through AIA".to_owned(),
                    |p| self.voice.at_position(p),
                );
                Finding::new(
                    Code::TlsUnknownIssuer,
                    format!(
                        "`{}` names `{}` as its issuer, and a certificate of that name was {place}, \
                         but its key did not sign `{}`: it is a different certificate of the \
                         same name (reissued, or from another CA)",
                        last.short_name, candidate.short_name, last.short_name
                    ),
                )
                .with_fix(self.voice.wrong_key_fix(&last.short_name))
                .with_fact("subject", last.subject.clone())
                .with_fact("issuer", last.issuer.clone())
            }
            End::Missing => self.missing_issuer(last, steps.len() == 1, diagnosis),
            End::TooLong => Finding::new(
                Code::TlsUnknownIssuer,
                format!(
                    "no path to a trusted root within {MAX_DEPTH} certificates (the leaf and \
                     {} intermediates), the most strict clients follow",
                    MAX_DEPTH - 1
                ),
            )
            .with_fix(self.voice.order_fix("the leaf and the intermediates of one path to a trusted root"))
            .with_fact("max_depth", MAX_DEPTH),
            End::GaveUp => Finding::new(
                Code::TlsUnknownIssuer,
                format!(
                    "no path to a trusted root was found before the search's bound ({MAX_SIGNATURES} \
                     signature checks, {MAX_VISITS} path steps) was reached: the certificates \
                     form more candidate paths than a strict client tries"
                ),
            )
            .with_fix(self.voice.order_fix("the leaf and the intermediates of one path to a trusted root"))
            .with_fact("max_signatures", MAX_SIGNATURES)
            .with_fact("max_visits", MAX_VISITS),
        };
        diagnosis.findings.push(finding);
    }

    fn incomplete_chain(&self, steps: &[From], fetched: &[&Cert<'_>], end: &End<'_>) -> Finding {
        let names: Vec<String> = fetched
            .iter()
            .map(|c| format!("`{}`", c.short_name))
            .collect();
        let urls: Vec<&str> = steps
            .iter()
            .filter_map(|s| match s {
                From::Fetched(i) => Some(self.input.fetched[*i].url.as_str()),
                From::Presented(_) => None,
            })
            .collect();
        let leaf = self.cert(steps[0]);
        let sent: Vec<String> = steps
            .iter()
            .filter(|s| matches!(s, From::Presented(_)))
            .map(|&s| format!("`{}`", self.cert(s).short_name))
            .collect();
        let outcome = match end {
            End::Anchor { anchor, .. } => {
                format!(
                    "with it the chain reaches the trusted root {}",
                    self.anchor_name(*anchor)
                )
            }
            _ => "even with it no trusted root is reached".to_owned(),
        };
        let (message, fix) = self.voice.incomplete_chain(
            &names.join(" and "),
            &urls.join(", "),
            &outcome,
            &leaf.short_name,
            &names.join(" then "),
            &sent.join(", "),
        );
        Finding::new(Code::TlsIncompleteChain, message)
            .with_fix(fix)
            .with_fact(
                "missing",
                fetched
                    .iter()
                    .map(|c| c.subject.clone())
                    .collect::<Vec<_>>(),
            )
            .with_fact("aia_urls", urls)
    }

    /// No certificate of the issuer's name is anywhere: say what was tried,
    /// and ask for the AIA URLs that have not been.
    fn missing_issuer(
        &self,
        last: &Cert<'_>,
        leaf_only: bool,
        diagnosis: &mut Diagnosis,
    ) -> Finding {
        let tried: Vec<&AiaFetch> = self
            .input
            .aia
            .iter()
            .filter(|f| last.ca_issuers.contains(&f.url))
            .collect();
        diagnosis.fetch = last
            .ca_issuers
            .iter()
            .filter(|url| !tried.iter().any(|f| &f.url == *url))
            .cloned()
            .collect();
        let what = if leaf_only {
            self.voice.leaf_only(&last.short_name)
        } else {
            format!("the chain stops at `{}`", last.short_name)
        };
        let aia = if last.ca_issuers.is_empty() {
            "it carries no AIA URL to fetch the issuer from, so a missing intermediate cannot be \
             told apart from an unknown CA"
                .to_owned()
        } else if tried.is_empty() {
            format!(
                "its AIA URL ({}) was not fetched{}",
                diagnosis.fetch.join(", "),
                self.voice.aia_not_fetched()
            )
        } else {
            let attempts: Vec<String> = tried
                .iter()
                .map(|f| match &f.error {
                    Some(error) => format!("{}: {error}", f.url),
                    None => format!("{}: no certificate of that name", f.url),
                })
                .collect();
            format!("fetching its AIA URL failed ({})", attempts.join("; "))
        };
        Finding::new(
            Code::TlsUnknownIssuer,
            format!(
                "{what}; its issuer `{}` {} and is not a trusted root, and {aia}",
                last.issuer,
                self.voice.issuer_absent()
            ),
        )
        .with_fix(format!(
            "If `{}` is an intermediate of a public CA, {} `{}` (the CA's \"fullchain\" file); \
             otherwise use a certificate from a publicly trusted CA.",
            last.issuer,
            self.voice.put_after(),
            last.short_name
        ))
        .with_fact("subject", last.subject.clone())
        .with_fact("issuer", last.issuer.clone())
        .with_fact("aia_urls", last.ca_issuers.clone())
    }

    /// The certificate at `index` of the path, as messages name it.
    fn who(&self, from: From, index: usize) -> String {
        let cert = self.cert(from);
        match (index, from) {
            (0, _) => self.voice.leaf_named(&cert.short_name),
            (_, From::Presented(p)) => format!("`{}` (position {p})", cert.short_name),
            (_, From::Fetched(_)) => format!("`{}` (fetched)", cert.short_name),
        }
    }

    /// The order of what was sent, and what was sent for nothing.
    fn layout_findings(&self, steps: &[From], end: &End<'_>, findings: &mut Vec<Finding>) {
        let mut used: Vec<usize> = steps
            .iter()
            .filter_map(|s| match s {
                From::Presented(i) => Some(*i),
                From::Fetched(_) => None,
            })
            .collect();
        if let End::Anchor {
            presented_at: Some(p),
            ..
        } = end
        {
            used.push(*p);
        }
        if used.first() == Some(&0) && used.windows(2).any(|w| w[0] > w[1]) {
            let sent: Vec<String> = (0..self.presented.len())
                .map(|i| match &self.presented[i] {
                    Ok(c) => format!("{i}: `{}`", c.short_name),
                    Err(_) => format!("{i}: (unparsable)"),
                })
                .collect();
            let wanted: Vec<String> = used
                .iter()
                .filter_map(|&i| self.presented[i].as_ref().ok())
                .map(|c| format!("`{}`", c.short_name))
                .collect();
            findings.push(
                Finding::new(
                    Code::TlsChainOrder,
                    format!(
                        "{} the chain out of order ({}); each certificate should be followed by \
                         its issuer",
                        self.voice.presents(),
                        sent.join(", ")
                    ),
                )
                .with_fix(self.voice.order_fix(&wanted.join(", then ")))
                .with_fact("positions", used.clone()),
            );
        }
        let extra: Vec<(usize, String)> = self
            .presented
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(i, cert)| {
                let what = match cert {
                    Ok(c) if self.is_duplicate(i, c, &used) => {
                        format!("`{}` (a duplicate)", c.short_name)
                    }
                    Ok(c) => format!("`{}`", c.short_name),
                    Err(error) => format!("an unparsable certificate ({error})"),
                };
                (i, what)
            })
            .collect();
        if !extra.is_empty() {
            let list: Vec<String> = extra
                .iter()
                .map(|(i, what)| format!("{what} at position {i}"))
                .collect();
            findings.push(
                Finding::new(
                    Code::TlsChainExtraCerts,
                    format!(
                        "{} {} that {} not part of the chain: {}",
                        self.voice.presents(),
                        plural(extra.len(), "certificate"),
                        if extra.len() == 1 { "is" } else { "are" },
                        list.join(", ")
                    ),
                )
                .with_fix(self.voice.extra_fix())
                .with_fact(
                    "positions",
                    extra.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
                ),
            );
        }
    }

    fn is_duplicate(&self, position: usize, cert: &Cert<'_>, used: &[usize]) -> bool {
        used.iter().any(|&u| {
            u != position
                && self.presented[u]
                    .as_ref()
                    .is_ok_and(|c| c.der() == cert.der())
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
