//! From what the protocol probes, the HSTS header and the chain diagnosis
//! found to protocol, cipher and HSTS findings and the grade. Pure.

use hookcheck_core::{
    Code, Finding, Grade, HstsPolicy, ProtocolSupport, Rating, Severity, SuiteSupport,
};

use crate::grade::{self, HSTS_A_PLUS, Observed, Protocol};
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

/// Assesses the probes. `chain` is the diagnosis's findings (trust, names,
/// signatures feed the grade's overrides), `leaf_key_bits` the leaf key's
/// RSA-equivalent strength, `hsts_header` the first
/// `Strict-Transport-Security` value (`None`: no header; `Err`: no HTTP
/// answer).
pub(crate) fn assess(
    probes: &Probes,
    chain: &[Finding],
    leaf_key_bits: Option<u32>,
    hsts_header: Result<Option<&str>, &str>,
    accepted_grade: Grade,
) -> Assessment {
    let mut findings = Vec::new();
    let accepted = |p: Protocol| {
        probes
            .protocols
            .iter()
            .find(|s| s.protocol == p)
            .and_then(|s| s.accepted)
    };
    let on = |p: Protocol| accepted(p) == Some(true);

    protocol_findings(&on, &mut findings);
    cipher_findings(probes, &mut findings);
    let (hsts, max_age) = hsts_findings(hsts_header, &mut findings);

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
        let rating = grade::rate(&observed(probes, chain, leaf_key_bits, max_age));
        grade_finding(&rating, accepted_grade, &mut findings);
        Some(rating)
    } else {
        findings.push(
            Finding::new(
                Code::TlsProbeIncomplete,
                format!(
                    "some probes got no usable answer, so no grade is given: {}",
                    undetermined.join("; ")
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

fn protocol_findings(on: &impl Fn(Protocol) -> bool, findings: &mut Vec<Finding>) {
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
    if !on(Protocol::Tls12) {
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
    if !on(Protocol::Tls13) {
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
    if !accepted.iter().any(|(_, s)| s.is_aead()) {
        findings.push(Finding::new(
            Code::TlsNoAead,
            "the server accepts no AEAD cipher suite (AES-GCM, ChaCha20-Poly1305)",
        ));
    }
}

fn hsts_findings(
    header: Result<Option<&str>, &str>,
    findings: &mut Vec<Finding>,
) -> (Option<HstsPolicy>, Option<u64>) {
    let value = match header {
        Ok(Some(value)) => value,
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
            return (Some(policy), None);
        }
        Err(why) => {
            findings.push(Finding::new(
                Code::TlsNoHsts,
                format!("no HSTS policy could be read: the GET of the URL got {why}"),
            ));
            return (None, None);
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
            (Some(report), Some(policy.max_age))
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
            (Some(report), None)
        }
    }
}

/// What the grade needs, from the probes and the chain's findings.
fn observed(
    probes: &Probes,
    chain: &[Finding],
    leaf_key_bits: Option<u32>,
    hsts_max_age: Option<u64>,
) -> Observed {
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
    let untrusted = chain.iter().find_map(|f| match f.code {
        Code::TlsSelfSigned
        | Code::TlsUntrustedRoot
        | Code::TlsUnknownIssuer
        | Code::TlsExpired
        | Code::TlsNotYetValid
        | Code::TlsLeafIsCa
        | Code::TlsNoServerAuth => Some(f.message.clone()),
        Code::TlsWeakSignature if f.facts.get("hash").is_some_and(|h| h == "SHA-1") => {
            Some(f.message.clone())
        }
        _ => None,
    });
    // What a modern client gets: the first choice under the best protocol.
    let preferred = probes
        .protocols
        .iter()
        .rev()
        .find(|s| s.accepted == Some(true) && !s.suites.is_empty())
        .map(|s| s.suites[0].0);
    Observed {
        certificate_key_bits: leaf_key_bits,
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
        untrusted,
        name_mismatch: chain
            .iter()
            .any(|f| matches!(f.code, Code::TlsHostnameMismatch | Code::TlsNoSan)),
        md5_signature: chain.iter().any(|f| {
            f.code == Code::TlsWeakSignature && f.facts.get("hash").is_some_and(|h| h != "SHA-1")
        }),
        incomplete_chain: chain.iter().any(|f| f.code == Code::TlsIncompleteChain),
        hsts_max_age,
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
        let hsts = Ok(Some("max-age=31536000"));
        let assessment = assess(
            &probes(Some(false), Some(true)),
            &[],
            Some(3072),
            hsts,
            Grade::AMinus,
        );
        assert_eq!(codes(&assessment), ["warning tls-no-tls12"]);
        assert_eq!(assessment.rating.map(|r| r.grade), Some(Grade::APlus));
    }

    #[test]
    fn an_undetermined_protocol_means_no_grade() {
        let assessment = assess(
            &probes(Some(true), None),
            &[],
            Some(3072),
            Ok(None),
            Grade::AMinus,
        );
        assert!(assessment.rating.is_none());
        assert!(codes(&assessment).contains(&"warning tls-probe-incomplete".to_owned()));
    }

    #[test]
    fn a_sha1_signed_chain_is_a_t_and_an_md5_one_an_f() {
        let sha1 =
            Finding::new(Code::TlsWeakSignature, "signed with SHA-1").with_fact("hash", "SHA-1");
        let hsts = Ok(Some("max-age=31536000"));
        let graded = assess(
            &probes(Some(true), Some(true)),
            &[sha1],
            Some(3072),
            hsts,
            Grade::AMinus,
        );
        assert_eq!(graded.rating.map(|r| r.grade), Some(Grade::T));
        let md5 = Finding::new(Code::TlsWeakSignature, "signed with MD5").with_fact("hash", "MD5");
        let graded = assess(
            &probes(Some(true), Some(true)),
            &[md5],
            Some(3072),
            hsts,
            Grade::AMinus,
        );
        assert_eq!(graded.rating.map(|r| r.grade), Some(Grade::F));
    }
}
