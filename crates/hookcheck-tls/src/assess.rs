//! From what the protocol probes, the HSTS header and the chain diagnosis
//! found to protocol, cipher and HSTS findings and the grade. Pure.
//!
//! Only what was observed becomes a finding: a version no probe got an
//! answer about is undetermined (and means no grade), not refused; no
//! HTTP answer means the HSTS policy is unknown, not missing; with no
//! version accepted at all there is no suite to lack forward secrecy or
//! AEAD, and no grade.

use hookcheck_core::{
    Code, Finding, Grade, HstsPolicy, ProtocolSupport, Rating, Severity, SuiteSupport,
};
use rustls::pki_types::CertificateDer;

use crate::diagnose::ChainGrading;
use crate::grade::{self, HSTS_A_PLUS, Hsts, Observed, Protocol, Ungraded};
use crate::hello::Group;
use crate::hsts;
use crate::protocols::{self, Probes};
use crate::suites::{CipherSuite, Ssl2Cipher};

/// The findings and the report's view of the probes and the grade.
pub(crate) struct Assessment {
    pub(crate) findings: Vec<Finding>,
    pub(crate) protocols: Vec<ProtocolSupport>,
    pub(crate) hsts: Option<HstsPolicy>,
    pub(crate) rating: Option<Rating>,
}

/// What the assessment is made from, besides the probes.
pub(crate) struct Evidence<'a> {
    /// What the chain diagnosis gives the grade (the leaf's key, and the
    /// trust, names and signatures behind its overrides).
    pub(crate) chain: &'a ChainGrading,
    /// The first `Strict-Transport-Security` value (`None`: no header), or
    /// why there was no HTTP answer to read it from.
    pub(crate) hsts_header: Result<Option<&'a str>, &'a str>,
    /// The version the strict client negotiated, when it completed a
    /// handshake: accepted, whatever a probe says.
    pub(crate) negotiated: Option<Protocol>,
    /// The worst grade accepted.
    pub(crate) accepted_grade: Grade,
}

/// Assesses the probes.
pub(crate) fn assess(probes: &Probes, evidence: &Evidence<'_>) -> Assessment {
    let probes = &reconciled(probes, evidence.negotiated);
    let mut findings = Vec::new();
    let accepted = |p: Protocol| {
        probes
            .protocols
            .iter()
            .find(|s| s.protocol == p)
            .and_then(|s| s.accepted)
    };
    let any_accepted = probes.protocols.iter().any(|s| s.accepted == Some(true));
    // Which versions are missing is a finding about a server that speaks
    // some; one that accepts none has its handshake failure instead.
    if any_accepted {
        protocol_findings(&accepted, &mut findings);
    }
    cipher_findings(probes, &mut findings);
    let (hsts, hsts_seen) = hsts_findings(evidence.hsts_header, &mut findings);

    let undetermined: Vec<String> = probes
        .protocols
        .iter()
        .filter(|s| s.accepted.is_none() || s.undetermined.is_some())
        .map(|s| {
            format!(
                "{}: {}",
                s.protocol.name(),
                s.undetermined.as_deref().unwrap_or("no answer")
            )
        })
        .collect();
    let rating = if undetermined.is_empty() {
        let observed = observed(probes, evidence.chain, hsts_seen);
        match grade::rate(&observed) {
            Ok(rating) => {
                grade_finding(&rating, evidence.accepted_grade, &mut findings);
                Some(rating)
            }
            // Nothing accepted: the handshake failure says so.
            Err(Ungraded::NoProtocol) => None,
            Err(Ungraded::HstsUnknown) => {
                let why = evidence.hsts_header.err().unwrap_or("no answer");
                findings.push(
                    Finding::new(
                        Code::TlsProbeIncomplete,
                        format!(
                            "no grade is given: the server earns an A, and its HSTS policy \
                             decides between A-, A and A+, but it could not be read (the GET \
                             of the URL got {why})"
                        ),
                    )
                    .with_fact("undetermined", vec![format!("HSTS: {why}")]),
                );
                None
            }
        }
    } else {
        findings.push(
            Finding::new(
                Code::TlsProbeIncomplete,
                format!(
                    "some probes got no usable answer, so no grade is given: {}",
                    by_reason(probes)
                ),
            )
            .with_fact("undetermined", undetermined),
        );
        None
    };
    Assessment {
        findings,
        protocols: probes.protocols.iter().map(report).collect(),
        hsts,
        rating,
    }
}

/// The undetermined versions grouped by why, in words (`SSLv2 and
/// TLSv1.3: no answer within 1s; TLSv1.2: …`).
fn by_reason(probes: &Probes) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for support in &probes.protocols {
        if support.accepted.is_some() && support.undetermined.is_none() {
            continue;
        }
        let why = support.undetermined.as_deref().unwrap_or("no answer");
        match groups.iter_mut().find(|(reason, _)| *reason == why) {
            Some((_, versions)) => versions.push(support.protocol.name()),
            None => groups.push((why, vec![support.protocol.name()])),
        }
    }
    groups
        .iter()
        .map(|(why, versions)| {
            let names = match versions.split_last() {
                Some((last, [])) => (*last).to_owned(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            format!("{names}: {why}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The probes, except that a version the strict client negotiated but a
/// probe saw refused is undetermined: the probe's hello, not the server,
/// was at fault, and its other answers are no evidence either.
fn reconciled(probes: &Probes, negotiated: Option<Protocol>) -> Probes {
    let mut probes = probes.clone();
    for support in &mut probes.protocols {
        if Some(support.protocol) == negotiated && support.accepted == Some(false) {
            support.accepted = None;
            support.undetermined = Some(format!(
                "the probe's hello was refused, yet the strict client negotiated {}",
                support.protocol.name()
            ));
        }
    }
    probes
}

/// A protocol version and suite the server accepts that an ordinary
/// OpenSSL-based client (TLS 1.0 to 1.3, no suite the rating guide holds
/// against a server) would agree on, while hookcheck's strict client
/// (`strict`: the suites it offers) could not: the server accepts none of
/// those. With it, the certificates the server presents with that suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LegacyReach<'a> {
    pub(crate) protocol: Protocol,
    pub(crate) suite: &'static CipherSuite,
    pub(crate) chain: &'a [CertificateDer<'static>],
}

/// Finds a [`LegacyReach`] among what the probes saw accepted, the newest
/// version first.
pub(crate) fn legacy_reach<'a>(
    seen: &'a [protocols::ProtocolSupport],
    strict: &[u16],
) -> Option<LegacyReach<'a>> {
    let accepted = || {
        seen.iter()
            .filter(|s| s.accepted == Some(true) && s.protocol >= Protocol::Tls10)
    };
    let strict_could = accepted()
        .filter(|s| s.protocol >= Protocol::Tls12)
        .flat_map(|s| &s.suites)
        .any(|(suite, _)| strict.contains(&suite.id));
    if strict_could {
        return None;
    }
    accepted().rev().find_map(|support| {
        support
            .suites
            .iter()
            .find(|(suite, _)| suite.weakness().is_none())
            .map(|(suite, _)| LegacyReach {
                protocol: support.protocol,
                suite,
                chain: &support.chain,
            })
    })
}

/// The chain the probes were sent with the newest version that sent one.
pub(crate) fn probed_chain(seen: &[protocols::ProtocolSupport]) -> &[CertificateDer<'static>] {
    seen.iter()
        .rev()
        .find(|s| !s.chain.is_empty())
        .map_or(&[], |s| &s.chain)
}

fn protocol_findings(accepted: &impl Fn(Protocol) -> Option<bool>, findings: &mut Vec<Finding>) {
    let on = |p: Protocol| accepted(p) == Some(true);
    if on(Protocol::Ssl2) {
        findings.push(Finding::new(Code::TlsSsl2, "the server accepts SSL 2.0"));
    }
    if on(Protocol::Ssl3) {
        findings.push(Finding::new(Code::TlsSsl3, "the server accepts SSL 3.0"));
    }
    let legacy: Vec<&str> = [Protocol::Tls10, Protocol::Tls11]
        .into_iter()
        .filter(|&p| on(p))
        .map(Protocol::name)
        .collect();
    if !legacy.is_empty() {
        findings.push(
            Finding::new(
                Code::TlsLegacyProtocol,
                format!("the server accepts {}", legacy.join(" and ")),
            )
            .with_fact("protocols", legacy),
        );
    }
    if accepted(Protocol::Tls12) == Some(false) {
        let mut finding = Finding::new(Code::TlsNoTls12, "the server does not accept TLS 1.2");
        if on(Protocol::Tls13) {
            // TLS 1.3 alone works for modern clients; older ones fail.
            finding.severity = Severity::Warning;
            finding
                .message
                .push_str(" (only TLS 1.3): clients limited to TLS 1.2 cannot connect");
        }
        findings.push(finding);
    }
    if accepted(Protocol::Tls13) == Some(false) {
        findings.push(Finding::new(
            Code::TlsNoTls13,
            "the server does not accept TLS 1.3",
        ));
    }
}

fn cipher_findings(probes: &Probes, findings: &mut Vec<Finding>) {
    let accepted: Vec<(Protocol, &CipherSuite)> = probes
        .protocols
        .iter()
        .flat_map(|s| s.suites.iter().map(move |(suite, _)| (s.protocol, *suite)))
        .collect();
    let mut weak: Vec<String> = accepted
        .iter()
        .filter_map(|(p, s)| {
            s.weakness()
                .map(|why| format!("{} ({}, {why})", s.name, p.name()))
        })
        .collect();
    weak.extend(
        probes
            .protocols
            .iter()
            .flat_map(|s| &s.ssl2_ciphers)
            .map(|cipher| format!("{} (SSLv2)", cipher.name)),
    );
    if !weak.is_empty() {
        findings.push(
            Finding::new(
                Code::TlsWeakCipher,
                format!("the server accepts weak cipher suites: {}", weak.join(", ")),
            )
            .with_fact("suites", weak),
        );
    }
    if accepted.is_empty() {
        return;
    }
    let mut without_fs: Vec<&str> = accepted
        .iter()
        .filter(|(_, s)| !s.forward_secrecy())
        .map(|(_, s)| s.name)
        .collect();
    // The same suite under several versions is one suite to fix.
    without_fs.sort_unstable();
    without_fs.dedup();
    if !without_fs.is_empty() {
        findings.push(
            Finding::new(
                Code::TlsNoForwardSecrecy,
                format!(
                    "the server accepts {} without forward secrecy: {}",
                    count(without_fs.len(), "cipher suite"),
                    without_fs.join(", ")
                ),
            )
            .with_fact("suites", without_fs),
        );
    }
    // "None" needs every version's suites enumerated to the end.
    let complete = probes
        .protocols
        .iter()
        .all(|s| s.accepted.is_some() && s.undetermined.is_none());
    if complete && !accepted.iter().any(|(_, s)| s.is_aead()) {
        findings.push(Finding::new(
            Code::TlsNoAead,
            "the server accepts no AEAD cipher suite (AES-GCM, ChaCha20-Poly1305)",
        ));
    }
}

/// The HSTS findings and policy, and what the grade takes from them. No
/// HTTP answer is no finding: the policy is unknown, not missing.
fn hsts_findings(
    header: Result<Option<&str>, &str>,
    findings: &mut Vec<Finding>,
) -> (Option<HstsPolicy>, Hsts) {
    let value = match header {
        Ok(Some(value)) => value,
        Err(_) => return (None, Hsts::Unknown),
        Ok(None) => {
            findings.push(Finding::new(
                Code::TlsNoHsts,
                "the server sends no Strict-Transport-Security header",
            ));
            let policy = HstsPolicy {
                header: None,
                max_age: None,
                include_subdomains: false,
                preload: false,
                error: None,
            };
            return (Some(policy), Hsts::Missing);
        }
    };
    match hsts::parse(value) {
        Ok(policy) => {
            if policy.max_age < HSTS_A_PLUS {
                findings.push(
                    Finding::new(
                        Code::TlsHstsShort,
                        format!(
                            "the HSTS max-age is {} seconds ({} days), under 180 days",
                            policy.max_age,
                            policy.max_age / 86_400
                        ),
                    )
                    .with_fact("max_age", policy.max_age),
                );
            }
            let report = HstsPolicy {
                header: Some(value.to_owned()),
                max_age: Some(policy.max_age),
                include_subdomains: policy.include_subdomains,
                preload: policy.preload,
                error: None,
            };
            (Some(report), Hsts::MaxAge(policy.max_age))
        }
        Err(error) => {
            findings.push(
                Finding::new(
                    Code::TlsNoHsts,
                    format!("the Strict-Transport-Security header `{value}` is invalid: {error}"),
                )
                .with_fact("header", value),
            );
            let report = HstsPolicy {
                header: Some(value.to_owned()),
                max_age: None,
                include_subdomains: false,
                preload: false,
                error: Some(error),
            };
            (Some(report), Hsts::Missing)
        }
    }
}

/// What the grade needs, from the probes and the chain's diagnosis.
fn observed(probes: &Probes, chain: &ChainGrading, hsts: Hsts) -> Observed {
    let protocols: Vec<Protocol> = probes
        .protocols
        .iter()
        .filter(|s| s.accepted == Some(true))
        .map(|s| s.protocol)
        .collect();
    let modern = |p: &Protocol| *p >= Protocol::Tls11;
    let suites: Vec<&(&CipherSuite, Option<Group>)> =
        probes.protocols.iter().flat_map(|s| &s.suites).collect();
    let ssl2: Vec<&Ssl2Cipher> = probes
        .protocols
        .iter()
        .flat_map(|s| s.ssl2_ciphers.iter().copied())
        .collect();
    // What a modern client gets: the first choice under the best protocol.
    let preferred = probes
        .protocols
        .iter()
        .rev()
        .find(|s| s.accepted == Some(true) && !s.suites.is_empty())
        .map(|s| s.suites[0].0);
    Observed {
        certificate_key_bits: chain.leaf_key_bits,
        weakest_group_bits: suites
            .iter()
            .filter_map(|(_, g)| g.map(Group::rsa_bits))
            .min(),
        cipher_bits: suites
            .iter()
            .map(|(s, _)| u32::from(s.bits()))
            .chain(ssl2.iter().map(|c| u32::from(c.bits)))
            .collect(),
        export: suites.iter().any(|(s, _)| s.export) || ssl2.iter().any(|c| c.export),
        anonymous: suites.iter().any(|(s, _)| s.is_anonymous()),
        rc4: suites.iter().any(|(s, _)| s.is_rc4()),
        rc4_only: !suites.is_empty() && suites.iter().all(|(s, _)| s.is_rc4()),
        rc4_or_3des_with_modern_protocols: probes
            .protocols
            .iter()
            .filter(|s| modern(&s.protocol))
            .any(|s| {
                s.suites
                    .iter()
                    .any(|(suite, _)| suite.is_rc4() || suite.is_3des())
            }),
        forward_secrecy: preferred.is_some_and(CipherSuite::forward_secrecy),
        aead: suites.iter().any(|(s, _)| s.is_aead()),
        untrusted: chain.untrusted.clone(),
        name_mismatch: chain.name_mismatch,
        md5_signature: chain.md5_signature,
        incomplete_chain: chain.incomplete_chain,
        hsts,
        protocols,
    }
}

fn grade_finding(rating: &Rating, accepted: Grade, findings: &mut Vec<Finding>) {
    // T and M have their own errors (the chain's findings); the grade's
    // error is for what the protocols and ciphers cost.
    if rating.grade <= accepted || matches!(rating.grade, Grade::T | Grade::M) {
        return;
    }
    let reasons: Vec<String> = rating
        .caps
        .iter()
        .filter(|c| c.grade == rating.grade)
        .map(|c| c.reason.clone())
        .collect();
    let why = if reasons.is_empty() {
        format!("a score of {}", rating.score)
    } else {
        reasons.join("; ")
    };
    findings.push(
        Finding::new(
            Code::TlsGradeBelowA,
            format!(
                "the SSL Labs grade would be {}, below the accepted {}: {why}",
                rating.grade.as_str(),
                accepted.as_str()
            ),
        )
        .with_fact("grade", rating.grade.as_str())
        .with_fact("accepted", accepted.as_str())
        .with_fact("score", rating.score),
    );
}

/// The report's view of one protocol's support.
fn report(support: &protocols::ProtocolSupport) -> ProtocolSupport {
    let mut suites: Vec<SuiteSupport> = support
        .suites
        .iter()
        .map(|(suite, group)| SuiteSupport {
            name: suite.name.to_owned(),
            key_exchange: suite.key_exchange.name().to_owned(),
            authentication: suite.authentication.name().to_owned(),
            cipher: suite.cipher.name().to_owned(),
            bits: suite.bits(),
            forward_secrecy: suite.forward_secrecy(),
            aead: suite.is_aead(),
            group: group.map(Group::name),
            weakness: suite.weakness().map(str::to_owned),
        })
        .collect();
    suites.extend(support.ssl2_ciphers.iter().map(|cipher| SuiteSupport {
        name: cipher.name.to_owned(),
        key_exchange: "RSA".to_owned(),
        authentication: "RSA".to_owned(),
        cipher: cipher.name.to_owned(),
        bits: cipher.bits,
        forward_secrecy: false,
        aead: false,
        group: None,
        weakness: Some("SSL 2.0".to_owned()),
    }));
    ProtocolSupport {
        version: support.protocol.name().to_owned(),
        accepted: support.accepted,
        cipher_suites: suites,
        server_preference: support.server_preference,
        undetermined: support.undetermined.clone(),
    }
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocols::ProtocolSupport as Support;
    use crate::suites;

    fn support(protocol: Protocol, accepted: Option<bool>, ids: &[u16]) -> Support {
        Support {
            protocol,
            accepted,
            suites: ids
                .iter()
                .map(|&id| (suites::by_id(id).unwrap(), Some(Group::Named(29))))
                .collect(),
            ssl2_ciphers: Vec::new(),
            server_preference: None,
            undetermined: accepted.is_none().then(|| "no answer within 1s".to_owned()),
            answered: accepted.is_some(),
            chain: Vec::new(),
        }
    }

    fn probes(tls12: Option<bool>, tls13: Option<bool>) -> Probes {
        let mut protocols: Vec<Support> = [
            Protocol::Ssl2,
            Protocol::Ssl3,
            Protocol::Tls10,
            Protocol::Tls11,
        ]
        .into_iter()
        .map(|p| support(p, Some(false), &[]))
        .collect();
        protocols.push(support(
            Protocol::Tls12,
            tls12,
            if tls12 == Some(true) { &[0xc02f] } else { &[] },
        ));
        protocols.push(support(
            Protocol::Tls13,
            tls13,
            if tls13 == Some(true) { &[0x1301] } else { &[] },
        ));
        Probes {
            protocols,
            connections: 8,
            local_limit: None,
        }
    }

    /// Every version the same: refused (`Some(false)`) or undetermined.
    fn all(accepted: Option<bool>) -> Probes {
        Probes {
            protocols: Protocol::ALL
                .into_iter()
                .map(|p| support(p, accepted, &[]))
                .collect(),
            connections: 6,
            local_limit: None,
        }
    }

    /// A trusted chain with a 256-bit EC key.
    static GOOD_CHAIN: ChainGrading = ChainGrading {
        leaf_key_bits: Some(3072),
        untrusted: None,
        name_mismatch: false,
        md5_signature: false,
        incomplete_chain: false,
    };

    fn evidence<'a>(
        chain: &'a ChainGrading,
        hsts: Result<Option<&'a str>, &'a str>,
    ) -> Evidence<'a> {
        Evidence {
            chain,
            hsts_header: hsts,
            negotiated: None,
            accepted_grade: Grade::AMinus,
        }
    }

    fn codes(assessment: &Assessment) -> Vec<String> {
        assessment
            .findings
            .iter()
            .map(|f| format!("{} {}", f.severity, f.code))
            .collect()
    }

    #[test]
    fn tls_1_3_alone_is_a_warning_about_tls_1_2_and_still_an_a_plus() {
        let assessment = assess(
            &probes(Some(false), Some(true)),
            &evidence(&GOOD_CHAIN, Ok(Some("max-age=31536000"))),
        );
        assert_eq!(codes(&assessment), ["warning tls-no-tls12"]);
        assert_eq!(assessment.rating.map(|r| r.grade), Some(Grade::APlus));
    }

    #[test]
    fn an_undetermined_protocol_means_no_grade_and_no_claim_about_it() {
        let assessment = assess(&probes(Some(true), None), &evidence(&GOOD_CHAIN, Ok(None)));
        assert!(assessment.rating.is_none());
        assert_eq!(
            codes(&assessment),
            ["warning tls-no-hsts", "warning tls-probe-incomplete"]
        );
    }

    #[test]
    fn a_server_that_answered_nothing_is_claimed_to_lack_nothing() {
        // Every probe stalled and there was no HTTP answer: no version is
        // "not accepted", HSTS is not "missing", there is no grade.
        let assessment = assess(&all(None), &evidence(&GOOD_CHAIN, Err("no TLS session")));
        assert_eq!(codes(&assessment), ["warning tls-probe-incomplete"]);
        assert!(assessment.rating.is_none() && assessment.hsts.is_none());
    }

    #[test]
    fn a_server_that_refuses_every_hello_gets_no_grade_and_no_suite_findings() {
        // An alert to every hello is an answer: each version is refused.
        // But nothing accepted leaves nothing to grade, no suite to lack
        // forward secrecy or AEAD, and the missing versions are the
        // handshake failure's to tell.
        let assessment = assess(
            &all(Some(false)),
            &evidence(&GOOD_CHAIN, Err("no TLS session")),
        );
        assert_eq!(codes(&assessment), Vec::<String>::new());
        assert!(assessment.rating.is_none());
        assert!(
            assessment
                .protocols
                .iter()
                .all(|p| p.accepted == Some(false))
        );
    }

    #[test]
    fn no_http_answer_leaves_hsts_unknown_and_the_grade_open_only_where_it_decides() {
        // TLS 1.2 and 1.3, modern suites: an A whose letter HSTS decides.
        let open = assess(
            &probes(Some(true), Some(true)),
            &evidence(&GOOD_CHAIN, Err("no answer within 1s of connecting")),
        );
        assert_eq!(codes(&open), ["warning tls-probe-incomplete"]);
        assert!(open.rating.is_none() && open.hsts.is_none());
        assert!(
            open.findings[0].message.contains("no answer within 1s"),
            "{}",
            open.findings[0].message
        );
        // Without TLS 1.3 it is an A- whatever HSTS says.
        let capped = assess(
            &probes(Some(true), Some(false)),
            &evidence(&GOOD_CHAIN, Err("no answer within 1s of connecting")),
        );
        assert_eq!(codes(&capped), ["warning tls-no-tls13"]);
        assert_eq!(capped.rating.map(|r| r.grade), Some(Grade::AMinus));
    }

    #[test]
    fn a_version_the_strict_client_negotiated_is_never_refused() {
        let assessment = assess(
            &probes(Some(true), Some(false)),
            &Evidence {
                negotiated: Some(Protocol::Tls13),
                ..evidence(&GOOD_CHAIN, Ok(Some("max-age=31536000")))
            },
        );
        assert_eq!(codes(&assessment), ["warning tls-probe-incomplete"]);
        assert!(
            assessment.findings[0]
                .message
                .contains("the strict client negotiated TLSv1.3")
        );
    }

    #[test]
    fn no_aead_is_only_said_of_a_complete_enumeration() {
        // TLS 1.2 with AES-128-CBC only, TLS 1.3 undetermined: the suites
        // seen lack forward secrecy (a fact), but "no AEAD suite at all"
        // was not observed.
        let mut partial = probes(Some(true), None);
        partial.protocols[4] = support(Protocol::Tls12, Some(true), &[0x002f]);
        let found = codes(&assess(&partial, &evidence(&GOOD_CHAIN, Ok(None))));
        assert!(found.contains(&"warning tls-no-forward-secrecy".to_owned()));
        assert!(
            !found.contains(&"warning tls-no-aead".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn a_legacy_reach_is_a_sound_suite_the_strict_client_does_not_offer() {
        let strict = [0xc02f, 0x1301];
        // TLS 1.2 with static RSA and CBC only: reachable, not by rustls.
        let mut rsa = probes(Some(true), Some(false));
        rsa.protocols[4] = support(Protocol::Tls12, Some(true), &[0x002f]);
        let reach = legacy_reach(&rsa.protocols, &strict).expect("a reach");
        assert_eq!((reach.protocol, reach.suite.id), (Protocol::Tls12, 0x002f));
        // TLS 1.0 only.
        let mut tls10 = probes(Some(false), Some(false));
        tls10.protocols[2] = support(Protocol::Tls10, Some(true), &[0xc013]);
        let reach = legacy_reach(&tls10.protocols, &strict).expect("a reach");
        assert_eq!(reach.protocol, Protocol::Tls10);
        // A suite the strict client offers: its failure was something else.
        let mut both = probes(Some(true), Some(false));
        both.protocols[4] = support(Protocol::Tls12, Some(true), &[0x002f, 0xc02f]);
        assert_eq!(legacy_reach(&both.protocols, &strict), None);
        // SSL 3.0, or only suites the guide holds against a server (3DES,
        // RC4): no reasonable client goes there.
        let mut ssl3 = probes(Some(false), Some(false));
        ssl3.protocols[1] = support(Protocol::Ssl3, Some(true), &[0x002f]);
        assert_eq!(legacy_reach(&ssl3.protocols, &strict), None);
        let mut weak = probes(Some(true), Some(false));
        weak.protocols[4] = support(Protocol::Tls12, Some(true), &[0x000a, 0x0005]);
        assert_eq!(legacy_reach(&weak.protocols, &strict), None);
    }

    #[test]
    fn a_distrusted_chain_is_a_t_and_an_md5_signed_one_an_f() {
        let hsts = Ok(Some("max-age=31536000"));
        let distrusted = ChainGrading {
            untrusted: Some("signed with SHA-1".to_owned()),
            ..GOOD_CHAIN.clone()
        };
        let graded = assess(
            &probes(Some(true), Some(true)),
            &evidence(&distrusted, hsts),
        );
        assert_eq!(graded.rating.map(|r| r.grade), Some(Grade::T));
        let md5 = ChainGrading {
            md5_signature: true,
            ..GOOD_CHAIN.clone()
        };
        let graded = assess(&probes(Some(true), Some(true)), &evidence(&md5, hsts));
        assert_eq!(graded.rating.map(|r| r.grade), Some(Grade::F));
    }
}
