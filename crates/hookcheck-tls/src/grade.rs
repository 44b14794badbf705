//! The SSL Labs grade, computed as the SSL Server Rating Guide (version
//! 2009r, 16 May 2025) computes it, from what the probes observed. Pure: an
//! `Observed` in, a `Rating` out, every cap with its reason.
//!
//! The guide scores three things and takes 30% protocol support, 30% key
//! exchange and 40% cipher strength, each the mean of the best and the worst
//! supported; then caps and overrides apply. A strict client failing to
//! trust the certificate (T) or to match the name (M) overrides everything.

use hookcheck_core::{Grade, GradeCap, Rating};

/// A protocol version, as the guide scores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// SSL 2.0.
    Ssl2,
    /// SSL 3.0.
    Ssl3,
    /// TLS 1.0.
    Tls10,
    /// TLS 1.1.
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl Protocol {
    /// Every version, oldest first.
    pub const ALL: [Protocol; 6] = [
        Protocol::Ssl2,
        Protocol::Ssl3,
        Protocol::Tls10,
        Protocol::Tls11,
        Protocol::Tls12,
        Protocol::Tls13,
    ];

    /// The guide's protocol score.
    pub const fn score(self) -> u32 {
        match self {
            Protocol::Ssl2 => 0,
            Protocol::Ssl3 => 80,
            Protocol::Tls10 => 90,
            Protocol::Tls11 => 95,
            Protocol::Tls12 | Protocol::Tls13 => 100,
        }
    }

    /// The name reports use: `TLSv1.2`.
    pub const fn name(self) -> &'static str {
        match self {
            Protocol::Ssl2 => "SSLv2",
            Protocol::Ssl3 => "SSLv3",
            Protocol::Tls10 => "TLSv1.0",
            Protocol::Tls11 => "TLSv1.1",
            Protocol::Tls12 => "TLSv1.2",
            Protocol::Tls13 => "TLSv1.3",
        }
    }
}

/// What the probes observed, as far as the grade needs it. Strengths are
/// RSA-equivalent bits (an EC key or group of 256 bits counts as 3072).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "the guide's conditions are independent yes-or-no facts, named as it names them"
)]
pub struct Observed {
    /// The protocol versions the server accepts.
    pub protocols: Vec<Protocol>,
    /// The certificate key's strength, when a certificate was seen.
    pub certificate_key_bits: Option<u32>,
    /// The weakest DH or ECDH group the server chose, when it sent one.
    pub weakest_group_bits: Option<u32>,
    /// The strength (symmetric bits) of every cipher suite accepted; 0 for
    /// NULL encryption.
    pub cipher_bits: Vec<u32>,
    /// Any export suite accepted.
    pub export: bool,
    /// Any anonymous (unauthenticated) suite accepted.
    pub anonymous: bool,
    /// Any RC4 suite accepted.
    pub rc4: bool,
    /// Only RC4 suites accepted.
    pub rc4_only: bool,
    /// RC4 or 3DES accepted with TLS 1.1 or later.
    pub rc4_or_3des_with_modern_protocols: bool,
    /// Some suite the server accepts with a modern client is forward secret.
    pub forward_secrecy: bool,
    /// Some AEAD suite is accepted.
    pub aead: bool,
    /// The chain is not trusted (self-signed, unknown or untrusted root,
    /// expired, not yet valid) or a certificate is signed with SHA-1.
    pub untrusted: Option<String>,
    /// The certificate does not match the host.
    pub name_mismatch: bool,
    /// A certificate is signed with MD5.
    pub md5_signature: bool,
    /// The server omits an intermediate.
    pub incomplete_chain: bool,
    /// The HSTS policy, as far as an HTTP answer showed it.
    pub hsts: Hsts,
}

/// What the server's HTTP answer said about HSTS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hsts {
    /// The answer had no valid `Strict-Transport-Security` header.
    #[default]
    Missing,
    /// A valid policy with this max-age in seconds.
    MaxAge(u64),
    /// There was no HTTP answer to read it from (no TLS session, no answer
    /// in time): the policy is unknown, not missing.
    Unknown,
}

/// Why no grade is given: the guide's grade would rest on something that
/// was not observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ungraded {
    /// The server accepted no protocol version at all: there is nothing to
    /// grade (SSL Labs gives no grade either).
    NoProtocol,
    /// An A whose HSTS policy could not be read: HSTS alone decides
    /// between A-, A and A+.
    HstsUnknown,
}

/// HSTS max-age the guide asks for A+: 180 days.
pub const HSTS_A_PLUS: u64 = 180 * 24 * 60 * 60;

/// Rates what was observed, or says why what was observed does not decide
/// a grade.
pub fn rate(observed: &Observed) -> Result<Rating, Ungraded> {
    if observed.protocols.is_empty() {
        return Err(Ungraded::NoProtocol);
    }
    let protocol = mean_of_extremes(observed.protocols.iter().map(|p| p.score()));
    let key_exchange = key_exchange_score(observed);
    let cipher = mean_of_extremes(observed.cipher_bits.iter().map(|&bits| cipher_score(bits)));
    // 30% + 30% + 40%, in integer arithmetic (scores are whole percents).
    let score = (30 * protocol + 30 * key_exchange + 40 * cipher) / 100;
    let mut caps = Vec::new();
    let mut cap = |grade: Grade, reason: &str| {
        caps.push(GradeCap {
            grade,
            reason: reason.to_owned(),
        });
    };

    if let Some(why) = &observed.untrusted {
        cap(Grade::T, why);
    }
    if observed.name_mismatch {
        cap(Grade::M, "the certificate does not match the host name");
    }
    let has = |p: Protocol| observed.protocols.contains(&p);
    let best = observed.protocols.iter().max().copied();
    let weakest_key = weakest_key(observed);

    // F.
    if has(Protocol::Ssl2) {
        cap(Grade::F, "SSL 2.0 is enabled");
    }
    if best == Some(Protocol::Ssl3) {
        cap(Grade::F, "SSL 3.0 is the best protocol supported");
    }
    if weakest_key.is_some_and(|bits| bits < 1024) {
        cap(Grade::F, "a key or DH group under 1024 bits");
    }
    if observed.export {
        cap(Grade::F, "export cipher suites are enabled");
    }
    if observed.cipher_bits.iter().any(|&bits| bits < 112) {
        cap(Grade::F, "a cipher suite under 112 bits is enabled");
    }
    if observed.md5_signature {
        cap(Grade::F, "a certificate is signed with MD5");
    }
    if observed.rc4_only {
        cap(Grade::F, "only RC4 cipher suites are enabled");
    }
    if observed.anonymous {
        cap(
            Grade::F,
            "anonymous (unauthenticated) cipher suites are enabled",
        );
    }
    // C.
    if !has(Protocol::Tls12) && !has(Protocol::Tls13) {
        cap(Grade::C, "neither TLS 1.2 nor TLS 1.3 is supported");
    }
    if observed.rc4_or_3des_with_modern_protocols {
        cap(Grade::C, "RC4 or 3DES is enabled with TLS 1.1 or later");
    }
    // B.
    if has(Protocol::Tls10) || has(Protocol::Tls11) {
        cap(Grade::B, "TLS 1.0 or TLS 1.1 is enabled");
    }
    if has(Protocol::Ssl3) {
        cap(Grade::B, "SSL 3.0 is enabled");
    }
    if weakest_key.is_some_and(|bits| bits < 2048) {
        cap(Grade::B, "a key or DH group under 2048 bits");
    }
    if observed.incomplete_chain {
        cap(Grade::B, "the chain is incomplete");
    }
    if observed.rc4 {
        cap(Grade::B, "RC4 is enabled");
    }
    if !observed.forward_secrecy {
        cap(Grade::B, "no forward secrecy");
    }
    if !observed.aead {
        cap(Grade::B, "no AEAD cipher suite");
    }

    let capped = caps
        .iter()
        .map(|c| c.grade)
        .fold(Grade::from_score(score), Grade::worse);
    let grade = match capped {
        Grade::A => adjust_a(observed, &mut caps)?,
        other => other,
    };
    Ok(Rating {
        grade,
        score,
        protocol_score: protocol,
        key_exchange_score: key_exchange,
        cipher_score: cipher,
        caps,
    })
}

/// An A becomes A- with a warning, A+ without one and with HSTS of at least
/// 180 days. An unknown HSTS policy is no warning (nothing was seen), but
/// without another warning it leaves A-, A and A+ all possible.
fn adjust_a(observed: &Observed, caps: &mut Vec<GradeCap>) -> Result<Grade, Ungraded> {
    let mut warnings = Vec::new();
    if !observed.protocols.contains(&Protocol::Tls13) {
        warnings.push("TLS 1.3 is not supported");
    }
    if observed.hsts == Hsts::Missing {
        warnings.push("no valid HSTS policy");
    }
    if !warnings.is_empty() {
        for reason in warnings {
            caps.push(GradeCap {
                grade: Grade::AMinus,
                reason: reason.to_owned(),
            });
        }
        return Ok(Grade::AMinus);
    }
    match observed.hsts {
        Hsts::Unknown => Err(Ungraded::HstsUnknown),
        Hsts::MaxAge(age) if age >= HSTS_A_PLUS => {
            caps.push(GradeCap {
                grade: Grade::APlus,
                reason: "no warning, and HSTS with a max-age of 180 days or more".to_owned(),
            });
            Ok(Grade::APlus)
        }
        Hsts::MaxAge(_) | Hsts::Missing => Ok(Grade::A),
    }
}

fn mean_of_extremes(scores: impl Iterator<Item = u32>) -> u32 {
    let (min, max) = scores.fold((u32::MAX, 0), |(lo, hi), s| (lo.min(s), hi.max(s)));
    if min == u32::MAX {
        0
    } else {
        u32::midpoint(min, max)
    }
}

/// The weaker of the certificate key and the weakest DH or ECDH group, of
/// those that were seen.
fn weakest_key(observed: &Observed) -> Option<u32> {
    [observed.certificate_key_bits, observed.weakest_group_bits]
        .into_iter()
        .flatten()
        .min()
}

/// The key exchange score: the weaker of the certificate key and the DH or
/// ECDH group; anonymous key exchange (or none seen) scores 0.
fn key_exchange_score(observed: &Observed) -> u32 {
    if observed.anonymous {
        return 0;
    }
    match weakest_key(observed).unwrap_or(0) {
        0 => 0,
        1..512 => 20,
        512..1024 => 40,
        1024..2048 => 80,
        2048..4096 => 90,
        _ => 100,
    }
}

fn cipher_score(bits: u32) -> u32 {
    match bits {
        0 => 0,
        1..128 => 20,
        128..256 => 80,
        _ => 100,
    }
}

/// The RSA-equivalent strength of an EC key or group of `bits` (NIST SP
/// 800-57 part 1, table 2), as the guide compares them.
pub fn rsa_equivalent_of_ec(bits: u32) -> u32 {
    match bits {
        0..160 => bits * 4,
        160..224 => 1024,
        224..256 => 2048,
        256..384 => 3072,
        384..512 => 7680,
        _ => 15360,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A modern server: TLS 1.2 and 1.3, an ECDSA P-256 certificate, X25519,
    /// AES-128/256-GCM, forward secrecy, a year of HSTS.
    fn modern() -> Observed {
        Observed {
            protocols: vec![Protocol::Tls12, Protocol::Tls13],
            certificate_key_bits: Some(3072),
            weakest_group_bits: Some(3072),
            cipher_bits: vec![128, 256],
            forward_secrecy: true,
            aead: true,
            hsts: Hsts::MaxAge(31_536_000),
            ..Observed::default()
        }
    }

    fn with(change: impl FnOnce(&mut Observed)) -> Observed {
        let mut observed = modern();
        change(&mut observed);
        observed
    }

    /// The rule list, case by case: what is observed, the grade, and the
    /// reasons of the caps that decided it.
    #[test]
    #[allow(clippy::too_many_lines, reason = "one table of the guide's rules")]
    fn every_rule_of_the_guide_gives_its_grade_and_reason() {
        let cases: Vec<(&str, Observed, Grade, &[&str])> = vec![
            (
                "modern with long HSTS",
                modern(),
                Grade::APlus,
                &["no warning, and HSTS"],
            ),
            (
                "HSTS under 180 days",
                with(|o| o.hsts = Hsts::MaxAge(86_400)),
                Grade::A,
                &[],
            ),
            (
                "no HSTS",
                with(|o| o.hsts = Hsts::Missing),
                Grade::AMinus,
                &["no valid HSTS"],
            ),
            (
                "no TLS 1.3",
                with(|o| o.protocols = vec![Protocol::Tls12]),
                Grade::AMinus,
                &["TLS 1.3 is not supported"],
            ),
            (
                "TLS 1.0 enabled",
                with(|o| o.protocols.push(Protocol::Tls10)),
                Grade::B,
                &["TLS 1.0 or TLS 1.1"],
            ),
            (
                "SSL 3.0 enabled beside TLS 1.2",
                with(|o| o.protocols.push(Protocol::Ssl3)),
                Grade::B,
                &["SSL 3.0 is enabled"],
            ),
            (
                "SSL 3.0 the best",
                with(|o| o.protocols = vec![Protocol::Ssl3]),
                Grade::F,
                &["SSL 3.0 is the best"],
            ),
            (
                "SSL 2.0",
                with(|o| o.protocols.push(Protocol::Ssl2)),
                Grade::F,
                &["SSL 2.0"],
            ),
            (
                "only TLS 1.0",
                with(|o| o.protocols = vec![Protocol::Tls10]),
                Grade::C,
                &["neither TLS 1.2 nor TLS 1.3"],
            ),
            (
                "RSA 1024 certificate",
                with(|o| o.certificate_key_bits = Some(1024)),
                Grade::B,
                &["under 2048 bits"],
            ),
            (
                "512-bit DH",
                with(|o| o.weakest_group_bits = Some(512)),
                Grade::F,
                &["under 1024 bits"],
            ),
            (
                "3DES with TLS 1.2",
                with(|o| {
                    o.cipher_bits.push(112);
                    o.rc4_or_3des_with_modern_protocols = true;
                }),
                Grade::C,
                &["RC4 or 3DES"],
            ),
            (
                "RC4 only",
                with(|o| {
                    o.cipher_bits = vec![128];
                    o.rc4 = true;
                    o.rc4_only = true;
                }),
                Grade::F,
                &["only RC4"],
            ),
            (
                "export suites",
                with(|o| {
                    o.cipher_bits.push(40);
                    o.export = true;
                }),
                Grade::F,
                &["export cipher suites"],
            ),
            (
                "anonymous suites",
                with(|o| o.anonymous = true),
                Grade::F,
                &["anonymous"],
            ),
            (
                "no forward secrecy",
                with(|o| o.forward_secrecy = false),
                Grade::B,
                &["forward"],
            ),
            ("no AEAD", with(|o| o.aead = false), Grade::B, &["AEAD"]),
            (
                "incomplete chain",
                with(|o| o.incomplete_chain = true),
                Grade::B,
                &["incomplete"],
            ),
            (
                "MD5 signature",
                with(|o| o.md5_signature = true),
                Grade::F,
                &["MD5"],
            ),
            (
                "untrusted",
                with(|o| o.untrusted = Some("self-signed".into())),
                Grade::T,
                &["self-signed"],
            ),
            (
                "name mismatch",
                with(|o| o.name_mismatch = true),
                Grade::M,
                &["host name"],
            ),
            (
                "T beats M",
                with(|o| {
                    o.name_mismatch = true;
                    o.untrusted = Some("expired".into());
                }),
                Grade::T,
                &["expired"],
            ),
        ];
        for (name, observed, expected, reasons) in cases {
            let rating = rate(&observed).expect("a grade");
            assert_eq!(rating.grade, expected, "{name}: {rating:#?}");
            for reason in reasons {
                assert!(
                    rating.caps.iter().any(|c| c.reason.contains(reason)),
                    "{name}: no cap says {reason:?}: {:#?}",
                    rating.caps
                );
            }
        }
    }

    #[test]
    fn scores_are_weighted_as_the_guide_says() {
        // Protocol (100+100)/2, key exchange 3072 bits → 90, cipher
        // (80+100)/2: 30 + 27 + 36.
        let rating = rate(&modern()).expect("a grade");
        assert_eq!(
            (
                rating.protocol_score,
                rating.key_exchange_score,
                rating.cipher_score,
                rating.score
            ),
            (100, 90, 90, 93)
        );
        // TLS 1.0 to 1.2: (90+100)/2 = 95; 3DES beside AES-256: (20+100)/2.
        let legacy = with(|o| {
            o.protocols = vec![Protocol::Tls10, Protocol::Tls12];
            o.cipher_bits = vec![112, 256];
        });
        let rating = rate(&legacy).expect("a grade");
        assert_eq!((rating.protocol_score, rating.cipher_score), (95, 60));
        assert_eq!(rating.score, (30 * 95 + 30 * 90 + 40 * 60) / 100);
    }

    #[test]
    fn letters_follow_the_score_bands() {
        for (score, grade) in [
            (80, Grade::A),
            (79, Grade::B),
            (65, Grade::B),
            (64, Grade::C),
            (50, Grade::C),
            (35, Grade::D),
            (20, Grade::E),
            (19, Grade::F),
        ] {
            assert_eq!(Grade::from_score(score), grade, "{score}");
        }
        assert!(Grade::AMinus.meets_a() && !Grade::B.meets_a() && !Grade::T.meets_a());
    }

    #[test]
    fn what_was_not_observed_gives_no_grade_only_where_it_would_decide_one() {
        // Nothing accepted: nothing to grade, whatever else is known.
        let none = with(|o| {
            o.protocols.clear();
            o.cipher_bits.clear();
            o.forward_secrecy = false;
            o.aead = false;
        });
        assert_eq!(rate(&none), Err(Ungraded::NoProtocol));
        // An unknown HSTS policy: an A could be A-, A or A+.
        let unknown = with(|o| o.hsts = Hsts::Unknown);
        assert_eq!(rate(&unknown), Err(Ungraded::HstsUnknown));
        // Without TLS 1.3 it is A- whatever HSTS says, and the reason
        // given is only what was seen.
        let rating = rate(&with(|o| {
            o.hsts = Hsts::Unknown;
            o.protocols = vec![Protocol::Tls12];
        }))
        .expect("a grade");
        assert_eq!(rating.grade, Grade::AMinus);
        assert!(rating.caps.iter().all(|c| !c.reason.contains("HSTS")));
        // Capped below A, HSTS decides nothing.
        let capped = rate(&with(|o| {
            o.hsts = Hsts::Unknown;
            o.forward_secrecy = false;
        }))
        .expect("a grade");
        assert_eq!(capped.grade, Grade::B);
    }

    #[test]
    fn ec_strength_is_counted_as_rsa_bits() {
        assert_eq!(rsa_equivalent_of_ec(256), 3072);
        assert_eq!(rsa_equivalent_of_ec(384), 7680);
        assert_eq!(rsa_equivalent_of_ec(192), 1024);
    }
}
