//! Every scheme against its provider's published test vector (or, where none
//! is published, against a value computed independently), then what a
//! receiver concludes from forged, unsigned, stale and rotated deliveries.

use std::time::Duration;

use hookcheck_profile::{
    Message, PROFILES, Retries, Rule, Scheme, SecretError, TokenPlace, Verification, find,
};

const TOLERANCE: Duration = Duration::from_secs(300);

/// Signs `message` under `secrets` with `scheme`, then verifies the result
/// at `now` as a receiver holding `secrets` would.
fn round_trip(scheme: Scheme, secrets: &[&str], message: &Message<'_>, now: i64) -> Verification {
    let keys = keys(scheme, secrets);
    let headers = scheme.sign(&keys, message);
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    scheme.verify(&borrowed, &keys, message.body, now, TOLERANCE)
}

fn keys(scheme: Scheme, secrets: &[&str]) -> Vec<Vec<u8>> {
    secrets
        .iter()
        .map(|secret| scheme.key(secret).unwrap_or_else(|error| panic!("{error}")))
        .collect()
}

fn header(scheme: Scheme, secrets: &[&str], message: &Message<'_>, name: &str) -> String {
    scheme
        .sign(&keys(scheme, secrets), message)
        .into_iter()
        .find(|(header, _)| *header == name)
        .map_or_else(|| panic!("no {name} header"), |(_, value)| value)
}

#[test]
fn the_calendar_api_signs_as_its_documentation() {
    // docs.cronofy.com/developers/push-notifications/authentication/ (also
    // cronofy-csharp and cronofy-ruby's HMAC tests).
    let scheme = find("cronofy").map(|profile| profile.scheme);
    let scheme = scheme.unwrap_or_else(|| panic!("the default profile"));
    let message = Message {
        id: "",
        timestamp: 0,
        body: br#"{"example":"well-known"}"#,
    };
    assert_eq!(
        header(
            scheme,
            &["pDY0Oi7TJSP2hfNmZNkm5"],
            &message,
            "Cronofy-HMAC-SHA256"
        ),
        "6r2/HjBkqymGegX0wOfifieeUXbbHwtV/LohHS+jv6c="
    );
}

#[test]
fn standard_webhooks_signs_as_the_specification_vector() {
    // The vector of the specification's reference libraries (and Svix's).
    let message = Message {
        id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp: 1_614_265_330,
        body: br#"{"test": 2432232314}"#,
    };
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    assert_eq!(
        header(
            Scheme::StandardWebhooks,
            &[secret],
            &message,
            "webhook-signature"
        ),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    let headers = [
        ("Webhook-Id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("Webhook-Timestamp", "1614265330"),
        (
            "Webhook-Signature",
            "v1,bogus v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ),
    ];
    let keys = keys(Scheme::StandardWebhooks, &[secret]);
    assert_eq!(
        Scheme::StandardWebhooks.verify(&headers, &keys, message.body, 1_614_265_330, TOLERANCE),
        Verification::Genuine { secret: 1 }
    );
    // The `whsec_` prefix is optional when the secret is pasted without it.
    assert_eq!(
        Scheme::StandardWebhooks.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        Scheme::StandardWebhooks.key(secret)
    );
}

#[test]
fn github_signs_as_its_documentation() {
    // docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries,
    // "Testing the webhook payload validation".
    let message = Message {
        id: "",
        timestamp: 0,
        body: b"Hello, World!",
    };
    assert_eq!(
        header(
            Scheme::GitHub,
            &["It's a Secret to Everybody"],
            &message,
            "X-Hub-Signature-256"
        ),
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    );
}

#[test]
fn slack_signs_as_its_documentation() {
    // api.slack.com/authentication/verifying-requests-from-slack, the worked
    // example.
    let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    let message = Message {
        id: "",
        timestamp: 1_531_420_618,
        body,
    };
    assert_eq!(
        header(
            Scheme::Slack,
            &["8f742231b10e8888abcd99yyyzzz85a5"],
            &message,
            "X-Slack-Signature"
        ),
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    );
}

#[test]
fn stripe_signs_the_timestamp_and_body() {
    // Stripe publishes the algorithm but no fixed vector (its libraries'
    // tests sign at the current time); this value was computed with Python's
    // `hmac` over `1492774577.` + body under the secret as written.
    let message = Message {
        id: "",
        timestamp: 1_492_774_577,
        body: br#"{"id":"evt_test_webhook","object":"event"}"#,
    };
    assert_eq!(
        header(
            Scheme::Stripe,
            &["whsec_test_secret"],
            &message,
            "Stripe-Signature"
        ),
        "t=1492774577,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a"
    );
    // Receivers skip schemes they do not know (`v0`) and accept any `v1`.
    let keys = keys(Scheme::Stripe, &["whsec_test_secret"]);
    let headers = [(
        "stripe-signature",
        "t=1492774577,v0=00,v1=11,v1=88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a",
    )];
    assert_eq!(
        Scheme::Stripe.verify(&headers, &keys, message.body, 1_492_774_600, TOLERANCE),
        Verification::Genuine { secret: 1 }
    );
}

#[test]
fn every_scheme_round_trips_and_refuses_a_forged_body() {
    let message = Message {
        id: "msg_1",
        timestamp: 1_700_000_000,
        body: br#"{"value":[{"clientState":"secret-one-with-24-bytes!"}]}"#,
    };
    let forged = Message {
        body: br#"{"value":[{"clientState":"secret-one-with-24-bytes!"}],"x":1}"#,
        ..message
    };
    let secret = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";
    for profile in &PROFILES {
        let scheme = profile.scheme;
        let secret = match scheme {
            Scheme::StandardWebhooks => secret,
            _ => "secret-one-with-24-bytes!",
        };
        assert_eq!(
            round_trip(scheme, &[secret], &message, message.timestamp),
            Verification::Genuine { secret: 1 },
            "{}",
            profile.name
        );
        let keys = keys(scheme, &[secret]);
        let signed = scheme.sign(&keys, &message);
        let headers: Vec<(&str, &str)> = signed
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let verdict = scheme.verify(&headers, &keys, forged.body, message.timestamp, TOLERANCE);
        // A token is not a signature: it cannot tell a changed body.
        let expected = match scheme {
            Scheme::Token(_) => Verification::Genuine { secret: 1 },
            _ => Verification::Mismatch { values: 1 },
        };
        assert_eq!(verdict, expected, "{}", profile.name);
    }
}

#[test]
fn an_unsigned_delivery_names_the_missing_header() {
    for (scheme, header) in [
        (Scheme::GitHub, "X-Hub-Signature-256"),
        (Scheme::Stripe, "Stripe-Signature"),
        (Scheme::Slack, "X-Slack-Request-Timestamp"),
        (Scheme::StandardWebhooks, "webhook-id"),
        (
            Scheme::Token(TokenPlace::Header("X-Goog-Channel-Token")),
            "X-Goog-Channel-Token",
        ),
    ] {
        assert_eq!(
            scheme.verify(&[], &[b"k"], b"{}", 0, TOLERANCE),
            Verification::Missing(header)
        );
    }
    assert_eq!(
        Scheme::Token(TokenPlace::ClientState).verify(
            &[],
            &[b"k"],
            br#"{"value":[{"clientState":"k"},{}]}"#,
            0,
            TOLERANCE
        ),
        Verification::Missing("clientState")
    );
}

#[test]
fn a_timestamped_scheme_refuses_a_stale_delivery_even_when_genuine() {
    let message = Message {
        id: "msg_1",
        timestamp: 1_700_000_000,
        body: b"{}",
    };
    for scheme in [Scheme::StandardWebhooks, Scheme::Stripe, Scheme::Slack] {
        assert!(scheme.is_timestamped());
        let secret = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";
        let late = message.timestamp + 301;
        assert_eq!(
            round_trip(scheme, &[secret], &message, late),
            Verification::Stale { age_s: 301 }
        );
        assert_eq!(
            round_trip(scheme, &[secret], &message, message.timestamp + 300),
            Verification::Genuine { secret: 1 }
        );
    }
    assert!(!Scheme::GitHub.is_timestamped());
}

#[test]
fn rotation_accepts_any_active_secret_and_says_which() {
    let message = Message {
        id: "msg_1",
        timestamp: 1_700_000_000,
        body: b"{}",
    };
    // Signed under the old and the new secret; a receiver that has only
    // moved to the new one still matches it.
    for scheme in [
        Scheme::BodyHmac { header: "X-Sig" },
        Scheme::StandardWebhooks,
        Scheme::Stripe,
    ] {
        let old = "whsec_b2xkLXNlY3JldC1vZi10aGUtZW5kcG9pbnQ=";
        let new = "whsec_bmV3LXNlY3JldC1vZi10aGUtZW5kcG9pbnQ=";
        let signed = scheme.sign(&keys(scheme, &[old, new]), &message);
        let headers: Vec<(&str, &str)> = signed
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let receiver = keys(scheme, &["whsec_dW5yZWxhdGVkLXNlY3JldC10by1za2lw", new]);
        assert_eq!(
            scheme.verify(
                &headers,
                &receiver,
                message.body,
                message.timestamp,
                TOLERANCE
            ),
            Verification::Genuine { secret: 2 }
        );
    }
}

#[test]
fn malformed_headers_and_secrets_are_named() {
    assert_eq!(
        Scheme::Stripe.verify(&[("Stripe-Signature", "v1=00")], &[b"k"], b"", 0, TOLERANCE),
        Verification::Malformed {
            header: "Stripe-Signature",
            reason: "no `t=` timestamp"
        }
    );
    assert!(matches!(
        Scheme::Slack.verify(
            &[
                ("X-Slack-Request-Timestamp", "soon"),
                ("X-Slack-Signature", "v0=00")
            ],
            &[b"k"],
            b"",
            0,
            TOLERANCE
        ),
        Verification::Malformed { .. }
    ));
    assert_eq!(Scheme::GitHub.key(""), Err(SecretError::Empty));
    assert_eq!(
        Scheme::StandardWebhooks.key("whsec_not base64"),
        Err(SecretError::NotBase64)
    );
    assert_eq!(
        Scheme::StandardWebhooks.key("whsec_c2hvcnQ="),
        Err(SecretError::Length(5))
    );
}

#[test]
fn the_default_profile_comes_first_and_names_are_unique() {
    assert_eq!(PROFILES[0].name, hookcheck_profile::DEFAULT);
    assert_eq!(hookcheck_profile::default_profile().name, "cronofy");
    for (index, profile) in PROFILES.iter().enumerate() {
        assert!(
            PROFILES[..index]
                .iter()
                .all(|other| other.name != profile.name),
            "{} twice",
            profile.name
        );
        assert!(
            !profile.sources.is_empty(),
            "{} cites nothing",
            profile.name
        );
        let window = match profile.retries {
            Retries::Within(window) => Some(window),
            _ => None,
        };
        for rule in [Some(profile.budget), profile.tolerance, window]
            .into_iter()
            .flatten()
        {
            if let Rule::Published { source, .. } = rule {
                assert!(source.starts_with("https://"), "{}: {source}", profile.name);
            }
        }
        assert_eq!(
            profile.tolerance.is_some(),
            profile.scheme.is_timestamped(),
            "{}: a tolerance is for timestamped schemes",
            profile.name
        );
    }
    assert!(find("nope").is_none());
}

#[test]
fn a_token_matches_only_itself() {
    let scheme = Scheme::Token(TokenPlace::ClientState);
    let keys = keys(scheme, &["abc"]);
    // HMAC would pad a short key with zeros; a token compare must not.
    for (body, expected) in [
        (r#"{"value":[{"clientState":"abc"}]}"#, true),
        (r#"{"value":[{"clientState":"abc\u0000"}]}"#, false),
        (r#"{"value":[{"clientState":"ab"}]}"#, false),
        (
            r#"{"value":[{"clientState":"abc"},{"clientState":"abd"}]}"#,
            false,
        ),
    ] {
        let verdict = scheme.verify(&[], &keys, body.as_bytes(), 0, TOLERANCE);
        assert_eq!(
            verdict == (Verification::Genuine { secret: 1 }),
            expected,
            "{body}"
        );
    }
}
