//! One X.509 certificate as the diagnosis sees it: parsed once with
//! x509-parser, with the facts the checks and the report need (names, key,
//! signature algorithm, extensions) and the question every chain check asks:
//! "did this issuer sign that certificate?".

use std::fmt::Write as _;
use std::net::IpAddr;

use hookcheck_core::CertificateSummary;
use hookcheck_net::TrustStore;
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use x509_parser::certificate::X509Certificate;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::der_parser::oid::Oid;
use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, NameConstraints, ParsedExtension};
use x509_parser::oid_registry::{
    OID_KEY_TYPE_DSA, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_PKCS1_RSAENCRYPTION,
    OID_PKIX_ACCESS_DESCRIPTOR_CA_ISSUERS, OID_SIG_ED448, OID_SIG_ED25519,
};
use x509_parser::prelude::FromDer as _;
use x509_parser::x509::SubjectPublicKeyInfo;

/// A parsed certificate with the facts the checks use.
pub(crate) struct Cert<'a> {
    der: &'a [u8],
    x509: X509Certificate<'a>,
    /// The subject's distinguished name (RFC 4514).
    pub(crate) subject: String,
    /// The issuer's distinguished name (RFC 4514).
    pub(crate) issuer: String,
    /// The subject's common name, or the whole subject when it has none
    /// (`(empty subject)` when that is empty): the short name used in
    /// messages.
    pub(crate) short_name: String,
    pub(crate) key: Key,
    pub(crate) signature: SignatureAlgorithm,
    /// The subject alternative names; `None` when the extension is absent.
    pub(crate) san: Option<Vec<String>>,
    /// basicConstraints CA:TRUE.
    pub(crate) ca: bool,
    /// Whether it has a basicConstraints extension at all.
    pub(crate) has_basic_constraints: bool,
    /// basicConstraints' pathLenConstraint: how many intermediates may
    /// follow this CA below it.
    pub(crate) path_len: Option<u32>,
    /// Critical extensions a strict client (webpki) does not process, and
    /// so refuses the certificate for, by name or dotted OID.
    pub(crate) unknown_critical: Vec<String>,
    /// The extended key usage; `None` when the extension is absent (any use).
    pub(crate) eku: Option<Eku>,
    /// AIA caIssuers URLs: where the issuer's certificate can be fetched.
    pub(crate) ca_issuers: Vec<String>,
    pub(crate) not_before: OffsetDateTime,
    pub(crate) not_after: OffsetDateTime,
    /// Signed by its own key (subject and issuer equal, signature verifies).
    pub(crate) self_signed: bool,
}

/// A certificate's public key, as strength is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// `RSA`, `ECDSA P-256`, `Ed25519`, …
    pub(crate) name: String,
    pub(crate) kind: KeyKind,
    pub(crate) bits: u32,
    /// An EC key whose curve is spelt out as parameters instead of named.
    pub(crate) explicit_curve: bool,
}

/// The key families whose strength rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    Ec,
    /// Ed25519 and Ed448: fixed, strong sizes.
    Edwards,
    Dsa,
    Unknown,
}

impl Key {
    /// The key of a DER subjectPublicKeyInfo (a root's, which has no
    /// certificate here); `None` when it does not parse.
    pub(crate) fn of_spki(der: &[u8]) -> Option<Key> {
        SubjectPublicKeyInfo::from_der(der)
            .ok()
            .map(|(_, spki)| key_of(&spki))
    }

    /// Why the key is too weak for strict clients, if it is: RSA and DSA
    /// below 2048 bits, EC below 256 (the rating guide's and the CA/B
    /// Forum's minimums).
    pub(crate) fn weakness(&self) -> Option<&'static str> {
        match self.kind {
            KeyKind::Rsa if self.bits < 2048 => Some("RSA keys need at least 2048 bits"),
            KeyKind::Ec if self.explicit_curve => Some(
                "strict clients accept only named curves (P-256, P-384), not explicit curve \
                 parameters",
            ),
            KeyKind::Ec if self.bits < 256 => Some("EC keys need at least 256 bits"),
            KeyKind::Dsa => Some("DSA keys are not accepted for TLS certificates any more"),
            _ => None,
        }
    }

    /// Its strength in RSA-equivalent bits (NIST SP 800-57), as the rating
    /// guide compares keys; `None` for an unknown algorithm.
    pub(crate) fn rsa_equivalent_bits(&self) -> Option<u32> {
        match self.kind {
            KeyKind::Rsa | KeyKind::Dsa => Some(self.bits),
            KeyKind::Ec | KeyKind::Edwards => Some(crate::grade::rsa_equivalent_of_ec(self.bits)),
            KeyKind::Unknown => None,
        }
    }

    /// How it reads in a report: `RSA 2048`, `ECDSA P-256`.
    pub(crate) fn describe(&self) -> String {
        match self.kind {
            KeyKind::Rsa | KeyKind::Dsa => format!("{} {}", self.name, self.bits),
            KeyKind::Ec | KeyKind::Edwards | KeyKind::Unknown => self.name.clone(),
        }
    }
}

/// A signature algorithm and the strength of its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignatureAlgorithm {
    /// The conventional name (`sha256WithRSAEncryption`) or the dotted OID.
    pub(crate) name: String,
    /// `MD5` or `SHA-1` when the hash is broken for signatures.
    pub(crate) weak_hash: Option<&'static str>,
}

/// The extended key usage extension, reduced to what TLS needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Eku {
    pub(crate) server_auth: bool,
    /// The usages it lists, by name, for messages.
    pub(crate) usages: Vec<&'static str>,
}

/// How a candidate issuer relates to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    /// Names match and the signature verifies with the issuer's key.
    Verified,
    /// Names match but the signature cannot be checked here (an algorithm
    /// such as MD5 that no verifier supports): linked by name only.
    Unverifiable,
    /// Names match, but the signature does not verify with this key: a
    /// different certificate of the same name.
    WrongKey,
    /// The names do not match.
    None,
}

impl<'a> Cert<'a> {
    /// Parses one DER certificate.
    pub(crate) fn parse(der: &'a [u8]) -> Result<Cert<'a>, String> {
        let (rest, x509) = X509Certificate::from_der(der).map_err(|e| e.to_string())?;
        if !rest.is_empty() {
            return Err(format!(
                "{} bytes of trailing data after the certificate",
                rest.len()
            ));
        }
        let mut san = None;
        let mut ca = false;
        let mut has_basic_constraints = false;
        let mut path_len = None;
        let mut eku = None;
        let mut ca_issuers = Vec::new();
        for extension in x509.extensions() {
            match extension.parsed_extension() {
                ParsedExtension::SubjectAlternativeName(names) => {
                    san = Some(names.general_names.iter().map(general_name).collect());
                }
                ParsedExtension::BasicConstraints(constraints) => {
                    has_basic_constraints = true;
                    ca = constraints.ca;
                    path_len = constraints.path_len_constraint;
                }
                ParsedExtension::ExtendedKeyUsage(usage) => {
                    let named = [
                        (usage.any, "anyExtendedKeyUsage"),
                        (usage.server_auth, "serverAuth"),
                        (usage.client_auth, "clientAuth"),
                        (usage.code_signing, "codeSigning"),
                        (usage.email_protection, "emailProtection"),
                        (usage.time_stamping, "timeStamping"),
                        (usage.ocsp_signing, "OCSPSigning"),
                    ];
                    let mut usages: Vec<_> = named
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, n)| *n)
                        .collect();
                    if !usage.other.is_empty() {
                        usages.push("other");
                    }
                    eku = Some(Eku {
                        server_auth: usage.server_auth,
                        usages,
                    });
                }
                ParsedExtension::AuthorityInfoAccess(access) => {
                    for description in &access.accessdescs {
                        if description.access_method == OID_PKIX_ACCESS_DESCRIPTOR_CA_ISSUERS
                            && let GeneralName::URI(uri) = description.access_location
                        {
                            ca_issuers.push(uri.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
        let unknown_critical = x509
            .extensions()
            .iter()
            .filter(|e| e.critical && !understood_by_webpki(&e.oid))
            .map(|e| extension_name(&e.oid))
            .collect();
        let subject = x509.subject().to_string();
        let short_name = x509
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map_or_else(
                || match subject.as_str() {
                    "" => "(empty subject)".to_owned(),
                    subject => subject.to_owned(),
                },
                str::to_owned,
            );
        let self_signed = x509.subject().as_raw() == x509.issuer().as_raw()
            && x509.verify_signature(None).is_ok();
        Ok(Cert {
            der,
            issuer: x509.issuer().to_string(),
            key: key_of(x509.public_key()),
            signature: signature_algorithm(&x509.signature_algorithm.algorithm),
            not_before: x509.validity().not_before.to_datetime(),
            not_after: x509.validity().not_after.to_datetime(),
            subject,
            short_name,
            san,
            ca,
            has_basic_constraints,
            path_len,
            unknown_critical,
            eku,
            ca_issuers,
            self_signed,
            x509,
        })
    }

    /// The certificate's DER bytes.
    pub(crate) fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The subject name's DER, to match against issuer names.
    pub(crate) fn subject_raw(&self) -> &[u8] {
        self.x509.subject().as_raw()
    }

    /// The issuer name's DER.
    pub(crate) fn issuer_raw(&self) -> &[u8] {
        self.x509.issuer().as_raw()
    }

    /// The subjectPublicKeyInfo's DER.
    pub(crate) fn spki_raw(&self) -> &[u8] {
        self.x509.public_key().raw
    }

    /// The subject alternative names as parsed; `None` when the extension
    /// is absent or cannot be parsed.
    pub(crate) fn san_names(&self) -> Option<&[GeneralName<'a>]> {
        self.x509
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::SubjectAlternativeName(san) => Some(san.general_names.as_slice()),
                _ => None,
            })
    }

    /// The name constraints this CA imposes on the certificates below it;
    /// `None` when it has none (or none that parse).
    pub(crate) fn name_constraints(&self) -> Option<&NameConstraints<'a>> {
        self.x509
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::NameConstraints(constraints) => Some(constraints),
                _ => None,
            })
    }

    /// The root of `trust` that issued this certificate (its index among
    /// the store's anchors), and how it is linked: a verified signature
    /// first, a name-only link (unverifiable algorithm) second.
    pub(crate) fn issuing_root(&self, trust: &TrustStore) -> Option<(usize, Link)> {
        let mut fallback = None;
        for (index, anchor) in trust.anchors().iter().enumerate() {
            match self.link_to(anchor.subject(), anchor.spki()) {
                Link::Verified => return Some((index, Link::Verified)),
                Link::Unverifiable => fallback = fallback.or(Some((index, Link::Unverifiable))),
                Link::WrongKey | Link::None => {}
            }
        }
        fallback
    }

    /// Which root of `trust` this certificate is itself (same name and
    /// key), as when a server sends its root along.
    pub(crate) fn root_in(&self, trust: &TrustStore) -> Option<usize> {
        trust
            .anchors()
            .iter()
            .position(|a| a.subject() == self.subject_raw() && a.spki() == self.spki_raw())
    }

    /// Whether `issuer` (a subject name and public key) issued this
    /// certificate.
    pub(crate) fn link_to(&self, issuer_name: &[u8], issuer_spki: &[u8]) -> Link {
        if issuer_name != self.issuer_raw() {
            return Link::None;
        }
        let Ok((_, spki)) = SubjectPublicKeyInfo::from_der(issuer_spki) else {
            return Link::WrongKey;
        };
        match self.x509.verify_signature(Some(&spki)) {
            Ok(()) => Link::Verified,
            Err(X509Error::SignatureUnsupportedAlgorithm) => Link::Unverifiable,
            // No verifier takes an RSA key below 2048 bits, so a failure
            // says nothing about whether that key signed: linked by name,
            // and the weak key is the finding.
            Err(_) if key_of(&spki).weakness().is_some() => Link::Unverifiable,
            Err(_) => Link::WrongKey,
        }
    }

    /// The report's view of the certificate at `position`.
    pub(crate) fn summary(&self, position: usize) -> CertificateSummary {
        CertificateSummary {
            position,
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            serial: hex(self.x509.raw_serial()),
            not_before: rfc3339(self.not_before),
            not_after: rfc3339(self.not_after),
            key: self.key.describe(),
            key_bits: self.key.bits,
            signature_algorithm: self.signature.name.clone(),
            sha256: hex(&Sha256::digest(self.der)),
            san: self.san.clone().unwrap_or_default(),
            ca: self.ca,
            self_signed: self.self_signed,
        }
    }
}

/// A subject alternative name as reports write it, `DNS:…` or `IP:…`.
fn general_name(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(dns) => format!("DNS:{dns}"),
        GeneralName::IPAddress(bytes) => {
            let ip = match bytes.len() {
                4 => <[u8; 4]>::try_from(*bytes).ok().map(IpAddr::from),
                16 => <[u8; 16]>::try_from(*bytes).ok().map(IpAddr::from),
                _ => None,
            };
            ip.map_or_else(|| format!("IP:{}", hex(bytes)), |ip| format!("IP:{ip}"))
        }
        GeneralName::URI(uri) => format!("URI:{uri}"),
        GeneralName::RFC822Name(email) => format!("email:{email}"),
        _ => format!("other:{name}"),
    }
}

fn key_of(spki: &SubjectPublicKeyInfo<'_>) -> Key {
    let algorithm = &spki.algorithm.algorithm;
    let key = |name: String, kind: KeyKind, bits: u32| Key {
        name,
        kind,
        bits,
        explicit_curve: false,
    };
    if *algorithm == OID_PKCS1_RSAENCRYPTION {
        let bits = match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => significant_bits(rsa.modulus),
            _ => 0,
        };
        key("RSA".into(), KeyKind::Rsa, bits)
    } else if *algorithm == OID_KEY_TYPE_EC_PUBLIC_KEY {
        let parameters = spki.algorithm.parameters.as_ref();
        let curve = parameters
            .filter(|p| p.tag() == Tag::Oid)
            .and_then(|p| p.as_oid().ok())
            .map(|oid| oid.to_id_string());
        // Parameters that are a SEQUENCE, not a curve's OID, spell the
        // curve out (RFC 3279's specifiedCurve).
        let explicit = parameters.is_some_and(|p| p.tag() == Tag::Sequence);
        let (name, bits) = match curve.as_deref() {
            Some("1.2.840.10045.3.1.1") => ("P-192", 192),
            Some("1.3.132.0.33") => ("P-224", 224),
            Some("1.2.840.10045.3.1.7") => ("P-256", 256),
            Some("1.3.132.0.34") => ("P-384", 384),
            Some("1.3.132.0.35") => ("P-521", 521),
            _ if explicit => ("explicit curve", 0),
            _ => ("unknown curve", 0),
        };
        // An unnamed curve is judged by its point size.
        let bits = if bits == 0 {
            spki.parsed()
                .map_or(0, |key| u32::try_from(key.key_size()).unwrap_or(0))
        } else {
            bits
        };
        Key {
            explicit_curve: explicit,
            ..key(format!("ECDSA {name}"), KeyKind::Ec, bits)
        }
    } else if *algorithm == OID_SIG_ED25519 {
        key("Ed25519".into(), KeyKind::Edwards, 256)
    } else if *algorithm == OID_SIG_ED448 {
        key("Ed448".into(), KeyKind::Edwards, 456)
    } else if *algorithm == OID_KEY_TYPE_DSA {
        let bits = match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::DSA(y)) => significant_bits(y),
            _ => 0,
        };
        key("DSA".into(), KeyKind::Dsa, bits)
    } else {
        key(algorithm.to_id_string(), KeyKind::Unknown, 0)
    }
}

/// The extensions webpki processes (RFC 5280's keyUsage, subjectAltName,
/// basicConstraints, nameConstraints, cRLDistributionPoints and
/// extKeyUsage, and the embedded SCT list): a critical extension outside
/// them makes it refuse the certificate.
fn understood_by_webpki(oid: &Oid<'_>) -> bool {
    const ID_CE: [u8; 2] = [0x55, 0x1d];
    const SCT_LIST: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02];
    let der = oid.as_bytes();
    match der {
        [first, second, last] if [*first, *second] == ID_CE => {
            matches!(last, 15 | 17 | 19 | 30 | 31 | 37)
        }
        _ => der == SCT_LIST,
    }
}

/// An extension as messages name it: its common name and OID when it has
/// one, the dotted OID otherwise.
fn extension_name(oid: &Oid<'_>) -> String {
    let id = oid.to_id_string();
    let name = match id.as_str() {
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.32" => "certificatePolicies",
        "2.5.29.33" => "policyMappings",
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.36" => "policyConstraints",
        "2.5.29.54" => "inhibitAnyPolicy",
        "1.3.6.1.5.5.7.1.1" => "authorityInfoAccess",
        _ => return id,
    };
    format!("{name} ({id})")
}

/// The size in bits of a big-endian unsigned integer (DER integers carry a
/// leading zero byte when the top bit is set).
fn significant_bits(bytes: &[u8]) -> u32 {
    let trimmed = match bytes.iter().position(|&b| b != 0) {
        Some(start) => &bytes[start..],
        None => return 0,
    };
    let len = u32::try_from(trimmed.len()).unwrap_or(u32::MAX / 8);
    len * 8 - trimmed[0].leading_zeros()
}

fn signature_algorithm(oid: &Oid<'_>) -> SignatureAlgorithm {
    let id = oid.to_id_string();
    let (name, weak_hash) = match id.as_str() {
        "1.2.840.113549.1.1.2" => ("md2WithRSAEncryption", Some("MD2")),
        "1.2.840.113549.1.1.4" => ("md5WithRSAEncryption", Some("MD5")),
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => ("sha1WithRSAEncryption", Some("SHA-1")),
        "1.2.840.10045.4.1" => ("ecdsa-with-SHA1", Some("SHA-1")),
        "1.2.840.10040.4.3" => ("dsa-with-SHA1", Some("SHA-1")),
        "1.2.840.113549.1.1.11" => ("sha256WithRSAEncryption", None),
        "1.2.840.113549.1.1.12" => ("sha384WithRSAEncryption", None),
        "1.2.840.113549.1.1.13" => ("sha512WithRSAEncryption", None),
        "1.2.840.113549.1.1.10" => ("rsassa-pss", None),
        "1.2.840.10045.4.3.2" => ("ecdsa-with-SHA256", None),
        "1.2.840.10045.4.3.3" => ("ecdsa-with-SHA384", None),
        "1.2.840.10045.4.3.4" => ("ecdsa-with-SHA512", None),
        "1.3.101.112" => ("Ed25519", None),
        "1.3.101.113" => ("Ed448", None),
        _ => {
            return SignatureAlgorithm {
                name: id,
                weak_hash: None,
            };
        }
    };
    SignatureAlgorithm {
        name: name.to_owned(),
        weak_hash,
    }
}

/// Lowercase hex without separators.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// The instant a certificate's validity is judged at: the whole second,
/// as webpki takes it (rustls's `UnixTime` counts seconds, and so does
/// every rustls client reading its clock) and as certificates write their
/// bounds. Judging `--at 2024-01-01T00:00:00.5Z` any finer would let the
/// findings and the strict client's verdict disagree within that second.
pub(crate) fn whole_second(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(0).unwrap_or(at)
}

/// An instant as RFC 3339 (UTC), as reports write them.
pub(crate) fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_sizes_ignore_the_sign_byte_and_count_the_top_byte_exactly() {
        assert_eq!(significant_bits(&[0x00, 0x80, 0, 0]), 24);
        assert_eq!(significant_bits(&[0x7f, 0, 0]), 23);
        assert_eq!(significant_bits(&[0x01]), 1);
        assert_eq!(significant_bits(&[0, 0]), 0);
    }

    #[test]
    fn explicit_curve_parameters_are_refused_and_named_curves_are_not() {
        // SEQUENCE { SEQUENCE { id-ecPublicKey, <parameters> }, BIT STRING }
        let spki = |parameters: &[u8]| {
            let oid = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
            let algorithm = [
                &[0x30, u8::try_from(oid.len() + parameters.len()).unwrap()][..],
                &oid,
                parameters,
            ]
            .concat();
            let key = [0x03, 0x02, 0x00, 0x04];
            [
                &[0x30, u8::try_from(algorithm.len() + key.len()).unwrap()][..],
                &algorithm,
                &key,
            ]
            .concat()
        };
        // specifiedCurve: a SEQUENCE of the curve's parameters (cut short).
        let explicit = Key::of_spki(&spki(&[0x30, 0x03, 0x02, 0x01, 0x01])).unwrap();
        assert!(explicit.explicit_curve);
        assert_eq!(explicit.name, "ECDSA explicit curve");
        assert!(explicit.weakness().unwrap().contains("named curves"));
        // namedCurve prime256v1.
        let p256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        let named = Key::of_spki(&spki(&p256)).unwrap();
        assert_eq!((named.name.as_str(), named.bits), ("ECDSA P-256", 256));
        assert_eq!(named.weakness(), None);
    }

    #[test]
    fn webpki_refuses_critical_extensions_it_does_not_process() {
        let oid = |arcs: &[u64]| Oid::from(arcs).unwrap();
        assert!(understood_by_webpki(&oid(&[2, 5, 29, 19])));
        assert!(understood_by_webpki(&oid(&[2, 5, 29, 30])));
        assert!(!understood_by_webpki(&oid(&[2, 5, 29, 35])));
        assert!(!understood_by_webpki(&oid(&[1, 3, 6, 1, 5, 5, 7, 1, 1])));
        assert_eq!(
            extension_name(&oid(&[1, 3, 6, 1, 5, 5, 7, 1, 1])),
            "authorityInfoAccess (1.3.6.1.5.5.7.1.1)"
        );
    }

    #[test]
    fn weak_hashes_are_named() {
        let sha1 = Oid::from(&[1, 2, 840, 113_549, 1, 1, 5]).unwrap();
        assert_eq!(signature_algorithm(&sha1).weak_hash, Some("SHA-1"));
        let sha256 = Oid::from(&[1, 2, 840, 10045, 4, 3, 2]).unwrap();
        assert_eq!(signature_algorithm(&sha256).name, "ecdsa-with-SHA256");
        assert_eq!(signature_algorithm(&sha256).weak_hash, None);
    }
}
