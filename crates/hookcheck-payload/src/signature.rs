//! The `Cronofy-HMAC-SHA256` signature: base64(HMAC-SHA256(client secret,
//! raw body bytes)), one comma-separated value per active secret while
//! secrets are being rotated.
//!
//! Signatures are always over the bytes as sent. Re-serialising the JSON
//! (other key order, other whitespace, other escapes) changes them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use hookcheck_core::{Code, Finding, SignatureCheck};
use sha2::Sha256;

/// The name of the signature header.
pub const SIGNATURE_HEADER: &str = "Cronofy-HMAC-SHA256";

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    mac.update(body);
    mac
}

/// The signature of `body` under one secret, base64-encoded.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    STANDARD.encode(mac(secret, body).finalize().into_bytes())
}

/// The full header value for `body`: one signature per secret, in the order
/// given, separated by commas.
pub fn header_value<S: AsRef<[u8]>>(secrets: &[S], body: &[u8]) -> String {
    let values: Vec<String> = secrets
        .iter()
        .map(|secret| sign(secret.as_ref(), body))
        .collect();
    values.join(",")
}

/// Checks a header value against `body` as a receiver would: the delivery is
/// genuine if any comma-separated value is the signature under any secret.
///
/// Tags are compared in constant time (`Mac::verify_slice`), so the check
/// leaks nothing about how close a forged value came.
pub fn verify<S: AsRef<[u8]>>(header: &str, secrets: &[S], body: &[u8]) -> SignatureCheck {
    let values: Vec<Vec<u8>> = header
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .filter_map(|value| STANDARD.decode(value).ok())
        .collect();
    let matched_secret = secrets.iter().position(|secret| {
        let expected = mac(secret.as_ref(), body);
        values
            .iter()
            .any(|value| expected.clone().verify_slice(value).is_ok())
    });
    SignatureCheck {
        values: header
            .split(',')
            .filter(|value| !value.trim().is_empty())
            .count(),
        secrets: secrets.len(),
        matched_secret: matched_secret.map(|index| index + 1),
    }
}

/// Checks a header value against `body` and, when no value matches, the
/// finding that says so, with the values the secrets would have produced.
pub fn check<S: AsRef<[u8]>>(
    header: &str,
    secrets: &[S],
    body: &[u8],
) -> (SignatureCheck, Option<Finding>) {
    let check = verify(header, secrets, body);
    let finding = check.matched_secret.is_none().then(|| {
        Finding::new(
            Code::PayloadSignatureMismatch,
            format!(
                "none of the {} value(s) in the {SIGNATURE_HEADER} header is the signature of the body under any of the {} secret(s) given",
                check.values, check.secrets
            ),
        )
        .with_fact("header", header)
        .with_fact("expected", header_value(secrets, body))
    });
    (check, finding)
}
