//! `Cronofy-HMAC-SHA256` against the vectors the provider publishes in its
//! docs and SDK test suites, plus rotation round trips.
//!
//! Every published vector signs the same 24-byte body.

use hookcheck_payload::{check_signature, header_value, sign, verify};

const BODY: &[u8] = br#"{"example":"well-known"}"#;

/// (secret, header value, source)
const PUBLISHED: &[(&str, &str, &str)] = &[
    (
        "pDY0Oi7TJSP2hfNmZNkm5",
        "6r2/HjBkqymGegX0wOfifieeUXbbHwtV/LohHS+jv6c=",
        "docs (authentication page, older); cronofy-csharp HmacVerification.cs; cronofy-ruby client_spec.rb",
    ),
    (
        "CRN_NggYusqPGLxwjw5FHOJYOqSrTPNXy8WQf14OID",
        "5DxentQi5YSXODEzTVv06sRwJ3pULIz1KrYv20qxEK0=",
        "docs, single secret example",
    ),
    (
        "CRN_nGlYDFXwfSXgB9rvGNBJyfE454GGPtWIbNuPwr",
        "BmQmWVuZ70ILWjr1CAt5oC7YOolgnku4WZtlrKfx/6k=",
        "docs, multiple secrets example",
    ),
    (
        "opposable thumbs",
        "38ArsN7+J/O8joGsgirVEdV16a/+eb+5QgHGIiuv4hk=",
        "pycronofy tests/test_client.py",
    ),
    (
        "aPPwd-ASDFAsdfasdfasdfsadfasdfASDFSADF_asdfasdfasdf",
        "0g6bhIumRlRffctPXuASSl3u6AXOxnYRw+hiTp7IvTg=",
        "cronofy-node test/index.spec.js",
    ),
];

#[test]
fn signs_as_the_published_vectors() {
    for (secret, expected, source) in PUBLISHED {
        assert_eq!(sign(secret.as_bytes(), BODY), *expected, "{source}");
        assert_eq!(
            verify(expected, &[secret], BODY).matched_secret,
            Some(1),
            "{source}"
        );
    }
}

#[test]
fn the_docs_rotation_header_carries_both_values() {
    let secrets = [
        "CRN_NggYusqPGLxwjw5FHOJYOqSrTPNXy8WQf14OID",
        "CRN_nGlYDFXwfSXgB9rvGNBJyfE454GGPtWIbNuPwr",
    ];
    let header = header_value(&secrets, BODY);
    assert_eq!(
        header,
        "5DxentQi5YSXODEzTVv06sRwJ3pULIz1KrYv20qxEK0=,BmQmWVuZ70ILWjr1CAt5oC7YOolgnku4WZtlrKfx/6k="
    );
    // A receiver that knows only the new secret accepts it too.
    assert_eq!(verify(&header, &[secrets[1]], BODY).matched_secret, Some(1));
}

/// The SDKs' multi-value cases: (secret, header, accepted, source).
#[test]
fn the_sdks_multi_value_cases() {
    let csharp = "pDY0Oi7TJSP2hfNmZNkm5";
    let python = "opposable thumbs";
    let node = "aPPwd-ASDFAsdfasdfasdfsadfasdfASDFSADF_asdfasdfasdf";
    let cases: &[(&str, &str, bool, &str)] = &[
        (
            csharp,
            "PNNVJ9J2e8N174koxcKDzktZ9Qkt8YUzP+V+l5lG8F4=",
            false,
            "cronofy-csharp, invalid",
        ),
        (
            csharp,
            "PNNVJ9J2e8N174koxcKDzktZ9Qkt8YUzP+V+l5lG8F4=,6r2/HjBkqymGegX0wOfifieeUXbbHwtV/LohHS+jv6c=",
            true,
            "cronofy-csharp, multi",
        ),
        (
            csharp,
            "6r2/HjBkqymGegX0wOfifieeUXbbHwtV/LohHS+jv6c=,something-else",
            true,
            "cronofy-ruby",
        ),
        (csharp, "something-else", false, "cronofy-ruby"),
        (
            csharp,
            "something-else,something-else2",
            false,
            "cronofy-ruby",
        ),
        (csharp, "", false, "cronofy-ruby, empty"),
        (
            python,
            "wrong-hmac,38ArsN7+J/O8joGsgirVEdV16a/+eb+5QgHGIiuv4hk=,wrong-hmac-again",
            true,
            "pycronofy",
        ),
        (python, "wrong-hmac,wrong-hmac-again", false, "pycronofy"),
        (python, "wrong-hmac", false, "pycronofy"),
        (
            node,
            "something-else,0g6bhIumRlRffctPXuASSl3u6AXOxnYRw+hiTp7IvTg=,38ArsN7+J/O8joGsgirVEdV16a/+eb+5QgHGIiuv4hk=",
            true,
            "cronofy-node",
        ),
        // The second value is pycronofy's secret's signature: right body, wrong secret.
        (
            node,
            "something-else,38ArsN7+J/O8joGsgirVEdV16a/+eb+5QgHGIiuv4hk=",
            false,
            "cronofy-node, wrong secret",
        ),
        (node, "", false, "cronofy-node, empty"),
    ];
    for (secret, header, accepted, source) in cases {
        let check = verify(header, &[secret], BODY);
        assert_eq!(
            check.matched_secret.is_some(),
            *accepted,
            "{source}: {header:?}"
        );
    }
}

#[test]
fn rotation_says_which_secret_matched() {
    let body = br#"{"notification":{"type":"verification"}}"#;
    let header = header_value(&["old", "new"], body);
    assert_eq!(
        verify(&header, &["unrelated", "new"], body).matched_secret,
        Some(2)
    );
    assert_eq!(verify(&header, &["old"], body).matched_secret, Some(1));
    let check = verify(&header, &["unrelated"], body);
    assert_eq!(
        (check.values, check.secrets, check.matched_secret),
        (2, 1, None)
    );
}

#[test]
fn whitespace_around_values_and_undecodable_values_are_tolerated() {
    let secret = "pDY0Oi7TJSP2hfNmZNkm5";
    let header = " !!not base64!! , 6r2/HjBkqymGegX0wOfifieeUXbbHwtV/LohHS+jv6c= ,";
    let check = verify(header, &[secret], BODY);
    assert_eq!(check.matched_secret, Some(1));
    assert_eq!(check.values, 2, "empty values are not counted");
}

#[test]
fn only_the_raw_bytes_verify() {
    let secret = "pDY0Oi7TJSP2hfNmZNkm5";
    let header = sign(secret.as_bytes(), BODY);
    for reserialised in [
        &br#"{"example": "well-known"}"#[..],
        b"{\"example\":\"well-known\"}\n",
    ] {
        let (check, finding) = check_signature(&header, &[secret], reserialised);
        assert_eq!(check.matched_secret, None);
        let finding = finding.expect("a mismatch is a finding");
        assert_eq!(finding.code.as_str(), "payload-signature-mismatch");
        assert_eq!(
            finding.facts["expected"],
            sign(secret.as_bytes(), reserialised)
        );
    }
    assert!(check_signature(&header, &[secret], BODY).1.is_none());
}
