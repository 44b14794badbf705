//! Whether a rejection names its real cause. x509-limbo's ids say what each case
//! breaks (`rfc5280::validity::expired-leaf`); where an id says only its
//! suite (the bettertls cases' `tc123`), webpki's own reason stands in. Each cause
//! maps to the finding codes that name it, and a rejection is judged by
//! whether its error codes include one of them.

use hookcheck_core::Code;

use super::case::{Expected, Judgement, Outcome, Scope};

/// What a case breaks and the codes that say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cause {
    /// The cause in a few words.
    pub(crate) name: &'static str,
    /// The codes that name it; empty when no code of the catalog does.
    pub(crate) codes: &'static [Code],
}

/// The path does not reach a trusted root, said in any of the ways the
/// diagnosis says it.
const PATH: &[Code] = &[
    Code::TlsUnknownIssuer,
    Code::TlsUntrustedRoot,
    Code::TlsSelfSigned,
    Code::TlsIncompleteChain,
];
const HOST: &[Code] = &[Code::TlsHostnameMismatch, Code::TlsNoSan];
const NAME_CONSTRAINTS: &[Code] = &[Code::TlsNameConstraints];
const CRITICAL: &[Code] = &[Code::TlsUnknownCriticalExtension];

/// Causes read from ids, first match wins: a substring of the id and the
/// cause. Ordered from specific to general.
const BY_ID: &[(&str, Cause)] = &[
    ("::validity::expired", cause("expired", &[Code::TlsExpired])),
    (
        "::validity::not-yet-valid",
        cause("not yet valid", &[Code::TlsNotYetValid]),
    ),
    (
        "::validity::notbefore-fractional",
        cause("malformed validity", &[]),
    ),
    (
        "expired-intermediate",
        cause("expired", &[Code::TlsExpired]),
    ),
    (
        "::eku::",
        cause("extended key usage", &[Code::TlsNoServerAuth]),
    ),
    ("ca-as-leaf-wrong-san", cause("host name", HOST)),
    (
        "ca-as-leaf",
        cause("CA certificate as leaf", &[Code::TlsLeafIsCa]),
    ),
    (
        "ee-basicconstraints-ca",
        cause("CA certificate as leaf", &[Code::TlsLeafIsCa]),
    ),
    ("::nc::", cause("name constraints", NAME_CONSTRAINTS)),
    ("nc-dos", cause("name constraints", NAME_CONSTRAINTS)),
    (
        "cve-2025-61727",
        cause("name constraints", NAME_CONSTRAINTS),
    ),
    ("::cn::", cause("host name", HOST)),
    ("::san::malformed", cause("malformed SAN", &[])),
    ("::san::underscore-dns", cause("malformed SAN", &[])),
    ("::san::ip-in-dns", cause("malformed SAN", &[])),
    ("::san::unicode-emoji-san", cause("malformed SAN", &[])),
    (
        "::san::noncritical-with-empty-subject",
        cause("malformed SAN", &[]),
    ),
    ("::san::", cause("host name", HOST)),
    ("forbidden-p192", cause("weak key", &[Code::TlsWeakKey])),
    ("forbidden-dsa", cause("weak key", &[Code::TlsWeakKey])),
    ("forbidden-weak-rsa", cause("weak key", &[Code::TlsWeakKey])),
    ("forbidden-rsa", cause("weak key", &[Code::TlsWeakKey])),
    ("explicit-curve", cause("weak key", &[Code::TlsWeakKey])),
    (
        "chain-untrusted-root",
        cause("untrusted root", &[Code::TlsUntrustedRoot]),
    ),
    ("missing-intermediate", cause("missing intermediate", PATH)),
    ("pathlen::", cause("path length", &[Code::TlsPathLength])),
    ("pathological::", cause("path building", PATH)),
    ("::aki::", cause("key identifiers", &[])),
    ("::ski::", cause("key identifiers", &[])),
    ("::serial::", cause("serial number", &[])),
    ("::pc::", cause("policy constraints", &[])),
    (
        "critical-extension",
        cause("unknown critical extension", CRITICAL),
    ),
    (
        "critical-aia",
        cause("unknown critical extension", CRITICAL),
    ),
    ("basic-constraints", cause("basic constraints", &[])),
    (
        "ca-without-ca-bit",
        cause("issuer not a CA", &[Code::TlsIssuerNotCa]),
    ),
    ("ku-keycertsign", cause("key usage", &[])),
    ("invalid-issuer-key", cause("issuer key", &[])),
    (
        "mismatching-signature-algorithm",
        cause("signature algorithm", &[]),
    ),
    ("duplicate-extensions", cause("malformed certificate", &[])),
    ("empty-issuer", cause("malformed certificate", &[])),
    ("empty-subject", cause("malformed certificate", &[])),
    ("malformed-aia", cause("malformed certificate", &[])),
    ("v1-cert", cause("malformed certificate", &[])),
    (
        "root-inconsistent-ca-extensions",
        cause("basic constraints", &[]),
    ),
];

const fn cause(name: &'static str, codes: &'static [Code]) -> Cause {
    Cause { name, codes }
}

/// The cause of a case: its id's, else webpki's reason's (for ids such as
/// the bettertls cases' that name no cause), else unknown.
pub(crate) fn of(outcome: &Outcome, judgement: &Judgement) -> Option<Cause> {
    if let Some((_, cause)) = BY_ID
        .iter()
        .find(|(pattern, _)| outcome.id.contains(pattern))
    {
        return Some(*cause);
    }
    judgement.webpki.as_deref().map(by_webpki)
}

/// The cause webpki's reason names.
fn by_webpki(reason: &str) -> Cause {
    match reason {
        "NotValidForName" => cause("host name", HOST),
        "Expired" => cause("expired", &[Code::TlsExpired]),
        "NotValidYet" => cause("not yet valid", &[Code::TlsNotYetValid]),
        "UnknownIssuer" => cause("no path to a trusted root", PATH),
        "CaUsedAsEndEntity" => cause("CA certificate as leaf", &[Code::TlsLeafIsCa]),
        "InvalidPurpose" | "EmptyEkuExtension" => {
            cause("extended key usage", &[Code::TlsNoServerAuth])
        }
        "NameConstraintViolation"
        | "InvalidNetworkMaskConstraint"
        | "MalformedNameConstraint"
        | "MaximumNameConstraintComparisonsExceeded" => cause("name constraints", NAME_CONSTRAINTS),
        "PathLenConstraintViolated" => cause("path length", &[Code::TlsPathLength]),
        "EndEntityUsedAsCa" => cause("end-entity certificate as issuer", &[Code::TlsIssuerNotCa]),
        // A signature that does not verify: the diagnosis's "a certificate
        // of that name, but its key did not sign" says so.
        "BadSignature" => cause("bad signature", PATH),
        "UnsupportedSignatureAlgorithm" | "UnsupportedSignatureAlgorithmForPublicKey" => cause(
            "unsupported signature or key algorithm",
            &[Code::TlsWeakSignature, Code::TlsWeakKey],
        ),
        "SignatureAlgorithmMismatch" => cause("signature algorithm", &[]),
        "UnsupportedCriticalExtension" => cause("unknown critical extension", CRITICAL),
        "BadEncoding"
        | "MalformedDnsIdentifier"
        | "ExtensionValueInvalid"
        | "UnsupportedCertVersion"
        | "MalformedExtensions" => cause("malformed certificate", &[]),
        "MaximumPathBuildCallsExceeded" | "MaximumPathDepthExceeded" => {
            cause("path building", PATH)
        }
        _ => cause("other (webpki)", &[]),
    }
}

/// How well a rejection names its cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Naming {
    /// An error code names the cause.
    Named,
    /// No code of the catalog names the cause, and the rejection rests on
    /// the fallback (webpki's words under `tls-unknown-issuer`).
    FallbackNoCode,
    /// A code names the cause, but the rejection rests on the fallback.
    FallbackMissed,
    /// The cause is not named, but a host-name mismatch that is also true
    /// (the leaf's names do not cover the host) is.
    CoCause,
    /// No code of the catalog names the cause, and the diagnosis gave
    /// specific codes that name something else.
    OtherNoCode,
    /// A code names the cause, and the diagnosis gave other codes instead.
    Misnamed,
    /// No cause is known for the case.
    Unknown,
    /// The case should pass: a wrong reject has nothing to name.
    WrongReject,
}

impl Naming {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Naming::Named => "named: an error code names the cause",
            Naming::FallbackMissed => {
                "fallback only, though a code exists for the cause (a gap to close)"
            }
            Naming::FallbackNoCode => {
                "fallback only, and no code exists for the cause (webpki's words carry it)"
            }
            Naming::CoCause => "the cause unnamed, but a true host-name mismatch named beside it",
            Naming::Misnamed => "misnamed: a code exists, other codes were given",
            Naming::OtherNoCode => "other codes, and no code exists for the cause",
            Naming::Unknown => "cause unknown to the runner",
            Naming::WrongReject => "wrong reject: the case should pass, nothing to name",
        }
    }
}

/// How a rejected case's codes relate to its cause.
pub(crate) fn naming(outcome: &Outcome) -> Option<(Option<Cause>, Naming)> {
    let Scope::Ran(judgement) = &outcome.scope else {
        return None;
    };
    if judgement.accepted {
        return None;
    }
    if outcome.expected == Expected::Success {
        return Some((None, Naming::WrongReject));
    }
    let cause = of(outcome, judgement);
    let names = |cause: &Cause| judgement.errors.iter().any(|c| cause.codes.contains(c));
    let host_named = !judgement.host_matches && judgement.errors.iter().any(|c| HOST.contains(c));
    let naming = match cause {
        Some(cause) if names(&cause) => Naming::Named,
        _ if host_named => Naming::CoCause,
        None => Naming::Unknown,
        Some(cause) if judgement.fallback => {
            if cause.codes.is_empty() {
                Naming::FallbackNoCode
            } else {
                Naming::FallbackMissed
            }
        }
        Some(cause) if cause.codes.is_empty() => Naming::OtherNoCode,
        Some(_) => Naming::Misnamed,
    };
    Some((cause, naming))
}

/// The codes of a rejection as the tables write them: the fallback marked
/// with webpki's reason.
pub(crate) fn label(judgement: &Judgement) -> String {
    let mut names: Vec<String> = judgement
        .errors
        .iter()
        .map(|code| code.as_str().to_owned())
        .collect();
    if judgement.fallback {
        let reason = judgement.webpki.as_deref().unwrap_or("?");
        for name in &mut names {
            if name == Code::TlsUnknownIssuer.as_str() {
                *name = format!("{name} (fallback: {reason})");
            }
        }
    }
    names.join(" + ")
}
