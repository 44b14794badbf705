//! One limbo case through hookcheck's `--chain` path: the case mapped to
//! what `hookcheck tls --chain FILE --host NAME --ca-file ROOTS --at TIME`
//! would be given, judged in process, and its outcome against the
//! expected result.

use hookcheck_core::{Code, Severity, Verdict};
use hookcheck_net::TrustStore;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::suite::Case;

/// What the suite expects a conforming validator to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    Success,
    Failure,
}

/// A case and what became of it.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) id: String,
    pub(crate) features: Vec<String>,
    pub(crate) expected: Expected,
    /// The depth limit the case sets, if any.
    pub(crate) max_chain_depth: Option<u64>,
    pub(crate) scope: Scope,
}

/// Whether and how a case was run.
#[derive(Debug, Clone)]
pub(crate) enum Scope {
    /// A `CLIENT` case: hookcheck checks servers, so it is not run and not
    /// counted.
    Client,
    /// Left out as the upstream harnesses leave it out (CRLs, a maximum
    /// chain depth): no chain-and-roots interface can take it.
    Excluded(Exclusion),
    /// In the comparison, but the command line cannot say what the case
    /// asks (another usage, no peer name); not run, and so not agreeing.
    Inexpressible(String),
    /// The inputs the command line would refuse (a CA file webpki cannot
    /// use, an unparsable certificate or host): `hookcheck` exits 2, so the
    /// endpoint is not declared ready; counted as a rejection.
    ToolError(String),
    /// Judged.
    Ran(Judgement),
}

/// Why a case is excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Exclusion {
    /// `has-crl`: revocation lists are not an input of a TLS client check.
    Crl,
    /// `max-chain-depth`: the depth limit is not an input either.
    MaxChainDepth,
}

impl Exclusion {
    pub(crate) fn feature(self) -> &'static str {
        match self {
            Exclusion::Crl => "has-crl",
            Exclusion::MaxChainDepth => "max-chain-depth",
        }
    }
}

/// hookcheck's answer on one case.
#[derive(Debug, Clone)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is an independent fact about the case"
)]
pub(crate) struct Judgement {
    /// The report has no finding of severity `error` (verdict `ready`).
    pub(crate) accepted: bool,
    /// webpki's verdict as the report carries it (`tls.trusted`).
    pub(crate) trusted: bool,
    /// The codes of the error findings, in report order, each once.
    pub(crate) errors: Vec<Code>,
    /// One of the errors is the diagnosis's fallback: webpki rejected and
    /// the diagnosis had found no error of its own.
    pub(crate) fallback: bool,
    /// The leaf's names cover the host (rustls's name check alone, apart
    /// from the path).
    pub(crate) host_matches: bool,
    /// Why webpki rejects, as a short name (`NameConstraintViolation`), or
    /// `None` when it accepts.
    pub(crate) webpki: Option<String>,
}

impl Outcome {
    /// Whether hookcheck accepted; `None` when the case was not judged. A
    /// tool error is a rejection: nothing is declared ready.
    pub(crate) fn accepted(&self) -> Option<bool> {
        match &self.scope {
            Scope::Ran(judgement) => Some(judgement.accepted),
            Scope::ToolError(_) => Some(false),
            Scope::Client | Scope::Excluded(_) | Scope::Inexpressible(_) => None,
        }
    }

    /// Whether webpki alone (the report's `trusted`) accepted; `None` when
    /// the case was not judged.
    pub(crate) fn trusted(&self) -> Option<bool> {
        match &self.scope {
            Scope::Ran(judgement) => Some(judgement.trusted),
            Scope::ToolError(_) => Some(false),
            Scope::Client | Scope::Excluded(_) | Scope::Inexpressible(_) => None,
        }
    }

    /// Whether the case is in the comparison set (a SERVER case that the
    /// upstream harnesses do not exclude).
    pub(crate) fn compared(&self) -> bool {
        !matches!(self.scope, Scope::Client | Scope::Excluded(_))
    }

    /// The id's group, before the first `::` (`rfc5280`).
    pub(crate) fn group(&self) -> &str {
        self.id.split("::").next().unwrap_or(&self.id)
    }

    /// The id without its last part (`rfc5280::validity`).
    pub(crate) fn family(&self) -> &str {
        self.id
            .rsplit_once("::")
            .map_or(&self.id, |(family, _)| family)
    }
}

/// Maps a case to the `--chain` command line and judges it. `now` stands
/// in for a case without a validation time.
pub(crate) fn evaluate(case: &Case, now: OffsetDateTime) -> Outcome {
    let expected = match case.expected_result.as_str() {
        "SUCCESS" => Expected::Success,
        _ => Expected::Failure,
    };
    let outcome = |scope| Outcome {
        id: case.id.clone(),
        features: case.features.clone(),
        expected,
        max_chain_depth: case.max_chain_depth,
        scope,
    };
    if case.validation_kind != "SERVER" {
        return outcome(Scope::Client);
    }
    // As the upstream harnesses decide: by the feature, so a case that only
    // sets a generous depth (a loop that must fail anyway) still runs.
    if case.features.iter().any(|f| f == "has-crl") {
        return outcome(Scope::Excluded(Exclusion::Crl));
    }
    if case.features.iter().any(|f| f == "max-chain-depth") {
        return outcome(Scope::Excluded(Exclusion::MaxChainDepth));
    }
    if let Some(why) = inexpressible(case) {
        return outcome(Scope::Inexpressible(why));
    }
    outcome(match run(case, now) {
        Ok(judgement) => Scope::Ran(judgement),
        Err(why) => Scope::ToolError(why),
    })
}

/// What the command line cannot ask for: a usage other than a TLS server's,
/// a key usage or signature algorithms of the caller's choosing.
fn inexpressible(case: &Case) -> Option<String> {
    if let Some(eku) = case
        .extended_key_usage
        .iter()
        .find(|eku| eku.as_str() != "serverAuth")
    {
        return Some(format!(
            "asks for the extended key usage {eku}; a TLS server check means serverAuth"
        ));
    }
    if !case.key_usage.is_empty() {
        return Some(format!(
            "asks for the key usage {}; the command line has no such option",
            case.key_usage.join(", ")
        ));
    }
    if !case.signature_algorithms.is_empty() {
        return Some(format!(
            "restricts signature algorithms to {}; the command line has no such option",
            case.signature_algorithms.join(", ")
        ));
    }
    // A case without a DNS or IP name (none, or an e-mail address) is
    // judged for trust alone, as `--chain` without `--host` is.
    None
}

/// The case's inputs as the command line would read them, then the
/// judgement; `Err` where the command line would refuse an input.
fn run(case: &Case, now: OffsetDateTime) -> Result<Judgement, String> {
    // `--ca-file ROOTS`: the roots, one file.
    let roots = case.trusted_certs.concat();
    let trust = TrustStore::from_pem(roots.as_bytes(), "trusted_certs")
        .map_err(|e| format!("--ca-file refused: {e}"))?;
    // `--chain FILE`: the leaf then the intermediates, one bundle.
    let mut bundle = case.peer_certificate.clone();
    for pem in &case.untrusted_intermediates {
        bundle.push('\n');
        bundle.push_str(pem);
    }
    let chain = hookcheck_tls::read_bundle(bundle.as_bytes())
        .map_err(|e| format!("--chain refused: {e}"))?;
    // `--at TIME`, or now.
    let at = match &case.validation_time {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .map_err(|e| format!("--at refused: `{text}`: {e}"))?,
        None => now,
    };
    // `--host NAME` for a DNS name or an IP address; none otherwise.
    let host = match &case.expected_peer_name {
        Some(name) if name.kind == "DNS" || name.kind == "IP" => Some(
            hookcheck_tls::host_name(&name.value).map_err(|e| format!("--host refused: {e}"))?,
        ),
        _ => None,
    };
    let report = hookcheck_tls::check_chain(
        &chain,
        host.as_ref(),
        &trust,
        at,
        hookcheck_tls::DEFAULT_EXPIRY_WARNING,
    );
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .fold(Vec::new(), |mut codes, f| {
            if !codes.contains(&f.code) {
                codes.push(f.code);
            }
            codes
        });
    let fallback = report.findings.iter().any(is_fallback);
    let trusted = report.tls.as_ref().is_some_and(|tls| tls.trusted);
    // webpki's own reason, asked again: the report names it only when the
    // diagnosis found nothing else, and the causes section compares the
    // diagnosis with it on every case.
    let (leaf, intermediates) = match chain.split_first() {
        Some((leaf, rest)) => (leaf, rest.iter().map(AsRef::as_ref).collect::<Vec<&[u8]>>()),
        None => return Err("--chain refused: no certificate".to_owned()),
    };
    let webpki = trust
        .verify(leaf, &intermediates, host.as_ref(), at)
        .err()
        .map(|e| webpki_reason(&e));
    let host_matches = host.as_ref().is_none_or(|host| {
        rustls::server::ParsedCertificate::try_from(leaf)
            .is_ok_and(|leaf| rustls::client::verify_server_name(&leaf, host).is_ok())
    });
    Ok(Judgement {
        accepted: report.verdict() == Verdict::Ready,
        trusted,
        errors,
        fallback,
        host_matches,
        webpki,
    })
}

/// The diagnosis's last resort: webpki rejected a chain the diagnosis found
/// no error in, and its error became a `tls-unknown-issuer` finding that
/// carries webpki's words as the fact `webpki_error`.
pub(crate) fn is_fallback(finding: &hookcheck_core::Finding) -> bool {
    finding.code == Code::TlsUnknownIssuer && finding.facts.contains_key("webpki_error")
}

/// webpki's error as a short name: rustls's `CertificateError` variant, or
/// webpki's own error name where rustls passes it through as `Other`.
fn webpki_reason(error: &rustls::Error) -> String {
    let text = match error {
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) => {
            other.to_string()
        }
        rustls::Error::InvalidCertificate(error) => format!("{error:?}"),
        error => format!("{error:?}"),
    };
    let name = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    // The context variants say the same as the plain ones.
    name.trim_end_matches("Context").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webpki_reasons_are_short_names() {
        use rustls::CertificateError;
        let expired = rustls::Error::InvalidCertificate(CertificateError::ExpiredContext {
            time: rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(2)),
            not_after: rustls::pki_types::UnixTime::since_unix_epoch(
                std::time::Duration::from_secs(1),
            ),
        });
        assert_eq!(webpki_reason(&expired), "Expired");
        let issuer = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(webpki_reason(&issuer), "UnknownIssuer");
    }
}
