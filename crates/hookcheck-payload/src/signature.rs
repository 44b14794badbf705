//! A delivery's signature, checked as a receiver following the sender's
//! profile would (the scheme itself is `hookcheck-profile`'s): the
//! `SignatureCheck` of the report and, when the delivery would be refused,
//! the finding that says why.
//!
//! Signatures are always over the bytes as sent. Re-serialising the JSON
//! (other key order, other whitespace, other escapes) changes them.

use std::time::Duration;

use hookcheck_core::{Code, Finding, SignatureCheck};
use hookcheck_profile::{Message, Profile, SecretError, Verification, duration};

/// Checks the signature `headers` carry for `body` under `secrets`, at
/// `now` (Unix seconds) for timestamped schemes; an error when a secret is
/// not one the scheme can use.
pub fn check<S: AsRef<str>>(
    profile: &Profile,
    headers: &[(&str, &str)],
    secrets: &[S],
    body: &[u8],
    now: i64,
) -> Result<(SignatureCheck, Option<Finding>), SecretError> {
    let scheme = profile.scheme;
    let keys = secrets
        .iter()
        .map(|secret| scheme.key(secret.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let tolerance = profile
        .tolerance
        .map_or(Duration::ZERO, |rule| rule.value());
    let verdict = scheme.verify(headers, &keys, body, now, tolerance);
    let check = SignatureCheck {
        values: scheme.values(headers),
        secrets: keys.len(),
        matched_secret: match verdict {
            Verification::Genuine { secret } => Some(secret),
            _ => None,
        },
    };
    let header = scheme.signature_header().unwrap_or("clientState");
    let message = match verdict {
        Verification::Genuine { .. } => return Ok((check, None)),
        Verification::Mismatch { values } => format!(
            "none of the {values} value(s) in the {header} header is the signature of the body \
             under any of the {} secret(s) given",
            keys.len()
        ),
        Verification::Missing(missing) => format!("the delivery carries no {missing} header"),
        Verification::Malformed { header, reason } => {
            format!("the {header} header is not {}'s: {reason}", profile.name)
        }
        Verification::Stale { age_s } => format!(
            "the signature matches, but it was made {} {}, past {}'s tolerance of {}: a \
             receiver refuses it as a possible replay",
            duration(Duration::from_secs(age_s.unsigned_abs())),
            if age_s < 0 { "ahead" } else { "ago" },
            profile.name,
            duration(tolerance)
        ),
    };
    let mut finding = Finding::new(Code::PayloadSignatureMismatch, message);
    if let Some((_, value)) = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(header))
    {
        finding = finding.with_fact("header", *value);
    }
    // What the secrets give for these bytes, where the signature covers the
    // body alone (a timestamped one also covers what the sender chose).
    if !scheme.is_timestamped() && !keys.is_empty() {
        let signed = scheme.sign(
            &keys,
            &Message {
                id: "",
                timestamp: 0,
                body,
            },
        );
        if let Some((_, expected)) = signed.into_iter().find(|(name, _)| *name == header) {
            finding = finding.with_fact("expected", expected);
        }
    }
    Ok((check, Some(finding)))
}
