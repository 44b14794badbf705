//! The catalog of finding codes: each code's name, default severity and its
//! documentation (what it means, why it matters, how to fix it), in one place.
//!
//! Codes are part of the report contract: they are stable and kebab-case, and
//! a code is never renamed. `docs/findings.md` is generated from this table by
//! `cargo xtask docs`, and a test checks that it is up to date.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Severity;

/// How a code is documented: one sentence each for what it means, why the
/// provider cares, and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDoc {
    /// What the finding means.
    pub what: &'static str,
    /// Why it matters for receiving push notifications.
    pub why: &'static str,
    /// The generic fix; findings usually carry a more specific one.
    pub fix: &'static str,
}

/// What a code is about: the part of the check that finds it. `JUnit` test
/// suites and the sections of `docs/findings.md` are the areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// The endpoint's TLS: trust, the chain, protocols, ciphers, HSTS, the
    /// grade.
    Tls,
    /// Deliveries made and measured.
    Delivery,
    /// The callback URL itself.
    Url,
    /// Notification documents and their signatures.
    Payload,
}

impl Area {
    /// Every area, in catalog order.
    pub const ALL: [Area; 4] = [Area::Tls, Area::Delivery, Area::Url, Area::Payload];

    /// The area's name, as its codes begin and `JUnit` names its suite.
    pub const fn as_str(self) -> &'static str {
        match self {
            Area::Tls => "tls",
            Area::Delivery => "delivery",
            Area::Url => "url",
            Area::Payload => "payload",
        }
    }

    /// The area's title, for people.
    pub const fn title(self) -> &'static str {
        match self {
            Area::Tls => "TLS",
            Area::Delivery => "Delivery",
            Area::Url => "URL",
            Area::Payload => "Payload",
        }
    }

    /// The area's codes, in catalog order.
    pub fn codes(self) -> impl Iterator<Item = Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(move |code| code.area() == self)
    }
}

/// How a code weighs in what to fix first, within a severity: the earlier
/// stage is fixed first (`hookcheck check` orders its findings by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FixStage {
    /// Nothing arrives at all.
    Unreachable,
    /// A strict client refuses the connection.
    Refused,
    /// Deliveries arrive and fail.
    Failing,
    /// The endpoint takes what it should refuse.
    Exposed,
    /// The grade, and what costs it.
    Graded,
    /// Margins that will fail on a bad day.
    Margin,
    /// Best practice, and what is only information.
    Practice,
}

macro_rules! codes {
    ($(
        $variant:ident = $name:literal, $severity:ident, $area:ident, $stage:ident,
        what: $what:literal,
        why: $why:literal,
        fix: $fix:literal;
    )+) => {
        /// A stable finding code. Serialized as its kebab-case name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $what]
                $variant,
            )+
        }

        impl Code {
            /// Every code, in catalog order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable kebab-case name, as it appears in reports.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// The severity a finding with this code has unless a check or the
            /// user's configuration says otherwise.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }

            /// What the code is about.
            pub const fn area(self) -> Area {
                match self {
                    $(Code::$variant => Area::$area,)+
                }
            }

            /// Where the code stands in what to fix first.
            pub const fn fix_stage(self) -> FixStage {
                match self {
                    $(Code::$variant => FixStage::$stage,)+
                }
            }

            /// The code's documentation.
            pub const fn doc(self) -> CodeDoc {
                match self {
                    $(Code::$variant => CodeDoc { what: $what, why: $why, fix: $fix },)+
                }
            }
        }
    };
}

codes! {
    // TLS: trust and the certificate chain.
    TlsHandshakeFailed = "tls-handshake-failed", Error, Tls, Unreachable,
        what: "No TLS handshake with the endpoint could be completed.",
        why: "The provider cannot deliver anything to an endpoint it cannot open a TLS connection to.",
        fix: "Make the endpoint accept TLS 1.2 or 1.3 connections with a certificate for its host name; the finding names the alert or cause.";
    TlsNotHttps = "tls-not-https", Error, Tls, Unreachable,
        what: "The callback URL does not use https.",
        why: "The provider delivers push notifications only to HTTPS callback URLs.",
        fix: "Serve the endpoint over HTTPS and register the https:// URL.";
    TlsSelfSigned = "tls-self-signed", Error, Tls, Refused,
        what: "The server presents a self-signed certificate.",
        why: "The provider verifies certificates strictly: a self-signed certificate prevents the connection altogether.",
        fix: "Use a certificate issued by a publicly trusted certificate authority.";
    TlsUntrustedRoot = "tls-untrusted-root", Error, Tls, Refused,
        what: "The chain ends at a root certificate authority that is not trusted.",
        why: "The provider only trusts the public (Mozilla) root store; a private or unknown root prevents the connection.",
        fix: "Use a certificate from a publicly trusted certificate authority.";
    TlsIncompleteChain = "tls-incomplete-chain", Error, Tls, Refused,
        what: "The server omits an intermediate certificate, so the chain cannot be built from what it sends.",
        why: "Browsers may fetch the missing intermediate, but strict clients such as the provider's do not and fail to connect.",
        fix: "Configure the server to send the full chain: the leaf certificate followed by every intermediate.";
    TlsUnknownIssuer = "tls-unknown-issuer", Error, Tls, Refused,
        what: "No chain to a trusted root could be built, and the cause could not be narrowed down.",
        why: "The provider cannot verify the certificate and will not connect.",
        fix: "Serve a certificate from a publicly trusted certificate authority with its full chain.";
    TlsExpired = "tls-expired", Error, Tls, Refused,
        what: "A certificate in the chain has expired.",
        why: "The provider rejects expired certificates; deliveries fail until it is renewed.",
        fix: "Renew the certificate and automate renewal.";
    TlsNotYetValid = "tls-not-yet-valid", Error, Tls, Refused,
        what: "A certificate in the chain is not valid yet.",
        why: "The provider rejects certificates before their notBefore time.",
        fix: "Serve a certificate that is already valid, and check the server's clock.";
    TlsExpiresSoon = "tls-expires-soon", Warning, Tls, Margin,
        what: "A certificate in the chain expires within the warning window.",
        why: "When it expires every delivery fails, and once the provider's retries run out it gives up on the endpoint.",
        fix: "Renew the certificate now and automate renewal.";
    TlsHostnameMismatch = "tls-hostname-mismatch", Error, Tls, Refused,
        what: "The certificate is not valid for the host name of the callback URL.",
        why: "The provider checks the name strictly and will not connect.",
        fix: "Serve a certificate whose subject alternative names include the callback URL's host.";
    TlsNoSan = "tls-no-san", Error, Tls, Refused,
        what: "The leaf certificate has no subject alternative name extension.",
        why: "Modern clients ignore the common name; without SANs no host name matches.",
        fix: "Reissue the certificate with the host name as a subject alternative name.";
    TlsWeakKey = "tls-weak-key", Error, Tls, Refused,
        what: "A certificate on the path, the root included, uses a weak or unsupported key (RSA below 2048 bits, EC below 256 bits or with explicit curve parameters, DSA).",
        why: "Weak keys are rejected by strict clients and cap the SSL Labs grade.",
        fix: "Reissue the certificate with an RSA 2048+ or ECDSA P-256+ key.";
    TlsWeakSignature = "tls-weak-signature", Error, Tls, Refused,
        what: "A certificate in the chain is signed with SHA-1 or MD5 (roots' own self-signatures excepted).",
        why: "Such signatures are not accepted by strict clients; SSL Labs grades them T or F.",
        fix: "Reissue the certificate with a SHA-256 (or stronger) signature.";
    TlsChainOrder = "tls-chain-order", Warning, Tls, Graded,
        what: "The server sends the chain in the wrong order.",
        why: "Strict clients may fail to build the chain from out-of-order certificates.",
        fix: "Send the leaf first, then each issuer in turn.";
    TlsChainExtraCerts = "tls-chain-extra-certs", Warning, Tls, Graded,
        what: "The server sends certificates that are not part of the chain.",
        why: "Extra certificates slow every handshake and can confuse chain building.",
        fix: "Send only the leaf and its intermediates.";
    TlsLeafIsCa = "tls-leaf-is-ca", Error, Tls, Refused,
        what: "The server's own (leaf) certificate is marked as a certificate authority.",
        why: "Strict clients refuse a CA certificate as a server certificate and will not connect.",
        fix: "Reissue the server certificate with basicConstraints CA:FALSE.";
    TlsNoServerAuth = "tls-no-server-auth", Error, Tls, Refused,
        what: "A certificate in the chain restricts its use (extended key usage) to purposes that exclude TLS server authentication.",
        why: "Strict clients require id-kp-serverAuth wherever an extended key usage is present and will not connect.",
        fix: "Reissue the certificate with the serverAuth extended key usage.";
    TlsIssuerNotCa = "tls-issuer-not-ca", Error, Tls, Practice,
        what: "A certificate that issues another on the path to the root is not a certificate authority (no basicConstraints CA:TRUE).",
        why: "Strict clients accept only CA certificates as issuers and will not connect through one that is not.",
        fix: "Send the CA's real intermediate certificate instead; if it is the one the CA gave, ask the CA to reissue it with basicConstraints CA:TRUE.";
    TlsPathLength = "tls-path-length", Error, Tls, Practice,
        what: "A CA on the path has more intermediates below it than its pathLenConstraint allows.",
        why: "Strict clients enforce basicConstraints' path length and will not connect through a CA used deeper than it may be.",
        fix: "Send the chain the CA issues (usually the leaf and one or two intermediates); a CA limited to pathLenConstraint 0 may sign leaves only.";
    TlsNameConstraints = "tls-name-constraints", Error, Tls, Practice,
        what: "A CA on the path is name-constrained, and a certificate below it holds a name outside its permitted subtrees, inside its excluded ones, or of a form strict clients do not check.",
        why: "Strict clients enforce a CA's name constraints on every certificate below it and will not connect.",
        fix: "Get the certificate from a CA allowed to issue for its names, or drop the names the CA may not vouch for.";
    TlsUnknownCriticalExtension = "tls-unknown-critical-extension", Error, Tls, Practice,
        what: "A certificate on the path carries an extension marked critical that strict clients do not process.",
        why: "A client must refuse a certificate with a critical extension it does not understand (RFC 5280), so strict clients will not connect.",
        fix: "Have the certificate reissued without the extension, or with it marked non-critical.";
    TlsHostNotChecked = "tls-host-not-checked", Info, Tls, Practice,
        what: "A certificate bundle was judged for trust only, without a host name, so no name was checked against it.",
        why: "The provider also checks the callback URL's host against the certificate; a trusted chain for another name still fails.",
        fix: "Run `hookcheck tls --chain` again with `--host` set to the callback URL's host.";
    TlsChainFromProbe = "tls-chain-from-probe", Info, Tls, Practice,
        what: "hookcheck's own strict client (rustls: TLS 1.2 and 1.3, ECDHE with AEAD suites only) cannot finish a handshake with the server, but an ordinary OpenSSL-based client can (TLS 1.0 to 1.2, static RSA, CBC); the chain was read from the protocol probe instead.",
        why: "Up to TLS 1.2 the server sends its certificates in the clear, so the chain is judged exactly as the provider's client receives it; what the server lacks is in the other findings and the grade, not a failed handshake. HSTS cannot be read without a session.",
        fix: "Nothing to fix for this note; enabling ECDHE with AES-GCM over TLS 1.2 or 1.3 (see the other findings) also lets hookcheck check the connection itself.";
    // TLS: protocols, ciphers, HSTS and the grade.
    TlsLegacyProtocol = "tls-legacy-protocol", Warning, Tls, Graded,
        what: "The server accepts TLS 1.0 or TLS 1.1.",
        why: "These protocols are deprecated and cap the SSL Labs grade at B.",
        fix: "Disable TLS 1.0 and 1.1; accept TLS 1.2 and 1.3 only.";
    TlsSsl3 = "tls-ssl3", Error, Tls, Graded,
        what: "The server accepts SSL 3.0.",
        why: "SSL 3.0 is broken (POODLE) and caps the SSL Labs grade at B, or F when it is the best protocol.",
        fix: "Disable SSL 3.0 in the server configuration.";
    TlsSsl2 = "tls-ssl2", Error, Tls, Graded,
        what: "The server accepts SSL 2.0.",
        why: "SSL 2.0 is broken; SSL Labs grades it F.",
        fix: "Disable SSL 2.0 in the server configuration.";
    TlsNoTls12 = "tls-no-tls12", Error, Tls, Graded,
        what: "The server accepts neither TLS 1.2 nor TLS 1.3.",
        why: "Modern clients require TLS 1.2 or later; SSL Labs caps such servers at C.",
        fix: "Enable TLS 1.2 and TLS 1.3.";
    TlsNoTls13 = "tls-no-tls13", Warning, Tls, Practice,
        what: "The server does not accept TLS 1.3.",
        why: "SSL Labs gives A- at best without TLS 1.3.",
        fix: "Enable TLS 1.3 beside TLS 1.2.";
    TlsWeakCipher = "tls-weak-cipher", Error, Tls, Graded,
        what: "The server accepts a weak cipher suite (RC4, 3DES, export, NULL or below 128 bits).",
        why: "Weak ciphers cap or fail the SSL Labs grade.",
        fix: "Offer only AEAD cipher suites with forward secrecy (ECDHE with AES-GCM or ChaCha20-Poly1305).";
    TlsNoForwardSecrecy = "tls-no-forward-secrecy", Warning, Tls, Graded,
        what: "The server does not negotiate forward-secret key exchange with modern clients.",
        why: "SSL Labs caps servers without forward secrecy at B.",
        fix: "Prefer ECDHE key exchange.";
    TlsNoAead = "tls-no-aead", Warning, Tls, Graded,
        what: "The server offers no AEAD cipher suite.",
        why: "SSL Labs caps servers without AEAD suites at B.",
        fix: "Offer AES-GCM or ChaCha20-Poly1305 cipher suites.";
    TlsNoHsts = "tls-no-hsts", Warning, Tls, Practice,
        what: "The endpoint sends no valid Strict-Transport-Security header.",
        why: "Without HSTS the SSL Labs grade is A- at best.",
        fix: "Send `Strict-Transport-Security: max-age=31536000` on HTTPS responses.";
    TlsHstsShort = "tls-hsts-short", Warning, Tls, Practice,
        what: "The HSTS max-age is shorter than 180 days.",
        why: "SSL Labs awards A+ only for an HSTS max-age of at least 15552000 seconds.",
        fix: "Raise the HSTS max-age to at least 15552000 (180 days).";
    TlsProbeIncomplete = "tls-probe-incomplete", Warning, Tls, Practice,
        what: "Some protocol or cipher probes got no usable answer (a timeout, a reset, garbage), so the grade is not given.",
        why: "A grade from partial answers could be wrong; hookcheck says what it could not determine instead.",
        fix: "Run the check again; if it persists, look for rate limiting or a firewall that drops some handshakes.";
    TlsGradeBelowA = "tls-grade-below-a", Error, Tls, Graded,
        what: "The endpoint's SSL Labs grade is below the accepted grade (A- unless set otherwise).",
        why: "Providers that verify TLS strictly ask for an SSL Labs grade of A; a lower grade means weaknesses a strict client may refuse.",
        fix: "Fix the findings that cap the grade; the report names each cap.";
    // Delivery.
    DeliveryDnsFailed = "delivery-dns-failed", Error, Delivery, Unreachable,
        what: "The callback URL's host name could not be resolved.",
        why: "Nothing can be delivered to a name that does not resolve.",
        fix: "Publish DNS records for the host, or correct the URL.";
    DeliveryConnectFailed = "delivery-connect-failed", Error, Delivery, Unreachable,
        what: "No TCP connection to the endpoint could be opened.",
        why: "Deliveries fail while the endpoint cannot be reached; once the provider's retries run out it gives up on the endpoint.",
        fix: "Make the endpoint reachable from the internet on the URL's port.";
    DeliveryTimeout = "delivery-timeout", Error, Delivery, Failing,
        what: "No complete 2xx answer arrived within the budget.",
        why: "The provider counts a delivery only if the endpoint answers within its budget (the report names it; `hookcheck providers` lists each provider's).",
        fix: "Queue received notifications and answer at once; do the work afterwards.";
    DeliveryBroken = "delivery-broken", Error, Delivery, Failing,
        what: "The connection was reset or closed before a full answer.",
        why: "The provider counts a delivery only when a whole 2xx answer arrives; a connection that breaks off fails it, however fast.",
        fix: "Answer every notification completely before closing the connection; look for crashes, proxies or load balancers that cut connections, and for limits on request size or time.";
    DeliveryNon2xx = "delivery-non-2xx", Error, Delivery, Failing,
        what: "The endpoint answered with a status other than 2xx.",
        why: "Any status other than 2xx is a failed delivery, retried while the provider's schedule allows; then the provider gives up on the endpoint.",
        fix: "Answer every well-formed notification with 200, 202 or 204.";
    DeliveryRedirect = "delivery-redirect", Error, Delivery, Failing,
        what: "The endpoint answered with a redirect.",
        why: "Redirects are never followed: a 3xx is a failed delivery.",
        fix: "Register the final URL as the callback URL.";
    DeliverySlow = "delivery-slow", Warning, Delivery, Margin,
        what: "The 99th-percentile latency is above half the budget.",
        why: "The margin before the provider's budget is thin; a slow day will fail deliveries.",
        fix: "Queue received notifications and answer at once.";
    DeliveryBurstDegraded = "delivery-burst-degraded", Warning, Delivery, Margin,
        what: "Answers slow down past the budget when notifications arrive together.",
        why: "Bulk changes arrive as bursts; deliveries that time out are failures.",
        fix: "Queue received notifications and answer at once; process them in the background.";
    DeliveryColdStart = "delivery-cold-start", Warning, Delivery, Margin,
        what: "The first delivery is much slower than the following ones.",
        why: "After an idle period a cold start can exceed the budget.",
        fix: "Keep the endpoint warm, or make start-up fast enough to answer within the budget.";
    DeliveryRejectsSigned = "delivery-rejects-signed", Error, Delivery, Failing,
        what: "The endpoint refuses a correctly signed delivery.",
        why: "Its signature verification is wrong, so every real delivery will fail.",
        fix: "Verify the provider's signature over the raw body bytes, and accept any of the values a secret rotation lists.";
    DeliveryRejectsType = "delivery-rejects-type", Error, Delivery, Failing,
        what: "The endpoint accepts some notifications but refuses those of other types.",
        why: "A refused notification is retried and then the provider gives up on the endpoint, whatever the notification's type; providers add types over time and tell receivers to ignore those they do not know.",
        fix: "Answer 2xx to every notification, whatever its type; ignore the types the app does not use.";
    DeliveryHandshakeFailed = "delivery-handshake-failed", Error, Delivery, Failing,
        what: "The endpoint did not answer the provider's handshake the way the provider requires.",
        why: "The provider does not create or enable the subscription until its handshake is answered right, so not one notification is sent.",
        fix: "Answer the handshake as the provider documents it; the finding says what was expected and what came back.";
    DeliveryAcceptsForged = "delivery-accepts-forged", Error, Delivery, Exposed,
        what: "The endpoint answered 2xx to a delivery signed with a key that is not the secret.",
        why: "Anyone who learns the callback URL can make the app act on notifications the provider never sent; or the endpoint acknowledges forged deliveries and drops them, which its answer cannot tell apart from acting on them.",
        fix: "Verify the signature over the raw body with the secret before acting, and answer a delivery that fails verification with 401.";
    DeliveryAcceptsUnsigned = "delivery-accepts-unsigned", Error, Delivery, Exposed,
        what: "The endpoint answered 2xx to a delivery without the provider's signature.",
        why: "A receiver that takes a missing signature for a valid one verifies nothing: anyone can send it notifications; or it acknowledges unsigned deliveries and drops them, which its answer cannot tell apart.",
        fix: "Refuse (401) a delivery without the signature header; never treat a missing signature as valid.";
    DeliveryAcceptsReplay = "delivery-accepts-replay", Error, Delivery, Exposed,
        what: "The endpoint answered 2xx to a correctly signed delivery whose signed timestamp is older than the provider's replay tolerance.",
        why: "A delivery captured once (from a log, a proxy, a leaked request) can be sent again later and the app acts on it again.",
        fix: "Check the signed timestamp against the provider's tolerance before accepting, and refuse (401) what is older.";
    DeliveryAcceptsRepeat = "delivery-accepts-repeat", Info, Delivery, Practice,
        what: "The endpoint answered 2xx to the same delivery (same id, time and signature) sent twice.",
        why: "Senders retry, so a receiver sees repeats; a 2xx is the right answer either way, which is why the answer cannot tell whether the app processed the repeat a second time.",
        fix: "Keep the ids of the deliveries processed (minutes' worth at least) and acknowledge a repeat without acting on it again.";
    DeliveryForgeryUnchecked = "delivery-forgery-unchecked", Info, Delivery, Practice,
        what: "Whether the endpoint refuses forged, unsigned and replayed deliveries was not checked: no secret was given.",
        why: "Only with the secret can hookcheck sign one delivery correctly and another wrongly and see which the endpoint tells apart.",
        fix: "Run the check with --secret (or secret-env in hookcheck.toml), using a test secret the endpoint verifies with.";
    DeliveryDelayedAck = "delivery-delayed-ack", Info, Delivery, Margin,
        what: "On a kept connection the answer's body waits for the client's acknowledgement of its head: it came about a delayed-ACK interval (40 ms or more) later when hookcheck delayed that acknowledgement.",
        why: "A sender whose TCP stack delays acknowledgements, as most do and as the provider's may, waits that long more for every delivery, eating into the budget.",
        fix: "Set TCP_NODELAY on the server's sockets, or write each answer's head and body in one write.";
    DeliveryNotMeasured = "delivery-not-measured", Warning, Delivery, Graded,
        what: "No delivery could be measured: hookcheck's client cannot negotiate TLS with the endpoint, though the provider's OpenSSL-based client can.",
        why: "The server offers only protocol versions or cipher suites (TLS 1.0/1.1, static RSA key exchange, CBC) that hookcheck's strict client (rustls) does not implement; whether deliveries succeed within the budget is unknown, not failed.",
        fix: "Enable TLS 1.2 or 1.3 with ECDHE and AES-GCM or ChaCha20-Poly1305 suites (the grade asks for them too), then run the check again to measure the deliveries.";
    // The URL itself.
    UrlInvalid = "url-invalid", Error, Url, Unreachable,
        what: "The callback URL is not an absolute http(s) URL with a host.",
        why: "The provider cannot deliver to it, and rejects it when the channel is created.",
        fix: "Register an absolute https:// URL, such as https://example.com/cronofy/channel/42.";
    UrlNotPublic = "url-not-public", Error, Url, Unreachable,
        what: "The callback URL resolves only to loopback, private, link-local or other non-public addresses.",
        why: "The provider delivers over the internet: such an address does not reach the app, or reaches a network the provider must not reach.",
        fix: "Register a URL whose host resolves to the app's public address.";
    // Payload.
    PayloadInvalidJson = "payload-invalid-json", Error, Payload, Practice,
        what: "The document is not valid JSON.",
        why: "A notification that cannot be parsed cannot be processed.",
        fix: "Send or store the document as UTF-8 JSON without a byte-order mark.";
    PayloadSchemaViolation = "payload-schema-violation", Error, Payload, Practice,
        what: "The document does not match the notification schema.",
        why: "Code written against the documented shape will fail on this document.",
        fix: "Correct the value at the JSON pointer the finding names; `hookcheck schema` prints the schema.";
    PayloadUnknownType = "payload-unknown-type", Warning, Payload, Practice,
        what: "The notification has a type hookcheck does not know.",
        why: "Providers add types over time; receivers must ignore types they do not know rather than fail.",
        fix: "Make the receiver answer 2xx to unknown types and ignore them.";
    PayloadUnknownField = "payload-unknown-field", Warning, Payload, Practice,
        what: "The document has a field the schema does not describe (reported with --strict only).",
        why: "Providers add fields over time; a receiver that rejects unknown fields will break.",
        fix: "Accept and ignore unknown fields in the receiver.";
    PayloadTooLarge = "payload-too-large", Error, Payload, Practice,
        what: "The document is larger than the size limit.",
        why: "Notifications are small; an oversized document points at the wrong input or a runaway producer.",
        fix: "Check the input, or raise the limit with --max-bytes.";
    PayloadSignatureMismatch = "payload-signature-mismatch", Error, Payload, Practice,
        what: "The delivery's signature does not verify under the provider's scheme: no value matches the body under any given secret, or the signature is missing, malformed or older than the provider's replay tolerance.",
        why: "A receiver that verifies signatures rejects this delivery.",
        fix: "Sign the raw body bytes as sent (never re-serialised JSON) with the secret, as the provider's scheme says (`hookcheck sign --provider NAME` shows the header).";
}

impl Code {
    /// Looks a code up by its kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown code name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown finding code `{}`", self.0)
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Code::from_name(name).ok_or_else(|| UnknownCode(name.to_owned()))
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <&str>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_beginning_with_their_area() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "`{name}` is listed twice");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "`{name}` is not kebab-case"
            );
            assert!(
                name.starts_with(&format!("{}-", code.area().as_str())),
                "`{name}` does not begin with its area"
            );
            assert_eq!(Code::from_name(name), Some(*code));
        }
    }

    #[test]
    fn every_code_is_documented_in_full_sentences() {
        for code in Code::ALL {
            let doc = code.doc();
            for (part, text) in [("what", doc.what), ("why", doc.why), ("fix", doc.fix)] {
                assert!(
                    text.split_whitespace().count() >= 3 && text.ends_with('.'),
                    "{code}: `{part}` should be a full sentence: {text:?}"
                );
            }
        }
    }

    #[test]
    fn serializes_as_its_name() {
        let json = serde_json::to_string(&Code::TlsIncompleteChain).unwrap();
        assert_eq!(json, "\"tls-incomplete-chain\"");
        let back: Code = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Code::TlsIncompleteChain);
        assert!(serde_json::from_str::<Code>("\"tls-nonsense\"").is_err());
    }
}
