//! `cargo xtask fixtures`: generates the TLS test certificates under
//! `fixtures/tls/` and verifies their properties. One table says what every
//! file must be (`Ca::spec` for the authorities, `CASES` for the served
//! chains); the generator makes the files from it and `--check` (and a test,
//! so that `cargo test --workspace` catches drift) re-reads them and checks
//! each property against the same table, so the two cannot disagree.
//!
//! rcgen makes everything it can. The `openssl` command line makes the rest:
//! RSA keys (ring cannot generate them), certificates for RSA-1024 and P-192
//! keys (ring cannot load those keys), SHA-1 and MD5 signatures, and the
//! PKCS#7 bundle.

use std::ffi::OsStr;
use std::fmt::{self, Write as _};
use std::fs;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, bail};
use rcgen::string::Ia5String;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, PublicKeyData as _, SanType,
    SignatureAlgorithm,
};
use time::OffsetDateTime;
use time::macros::{datetime, format_description};
use x509_parser::certificate::X509Certificate;
use x509_parser::der_parser::oid::Oid;
use x509_parser::error::X509Error;
use x509_parser::extensions::{ExtendedKeyUsage, GeneralName, KeyUsage, ParsedExtension};
use x509_parser::pem::{Pem, parse_x509_pem};
use x509_parser::prelude::FromDer as _;
use x509_parser::public_key::PublicKey;
use x509_parser::x509::{SubjectPublicKeyInfo, X509Version};

use crate::process::{display, workspace_root};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Only verify the checked-in files against the table; write nothing.
    #[arg(long)]
    check: bool,
}

/// Where the fixtures live, relative to the workspace root.
const DIR: &str = "fixtures/tls";

pub(crate) fn run(args: &Args) -> Result<()> {
    let dir = workspace_root().join(DIR);
    if !args.check {
        generate(&dir)?;
        println!(
            "wrote {DIR} ({} authorities, {} cases)",
            Ca::ALL.len(),
            CASES.len()
        );
    }
    check(&dir)?;
    println!(
        "{DIR}: every file has its properties ({} authorities, {} cases)",
        Ca::ALL.len(),
        CASES.len()
    );
    Ok(())
}

// The table: what each file must be.

/// The organization in every authority's subject.
const ORGANIZATION: &str = "hookcheck test fixtures";
/// When every authority, and every leaf unless its case says otherwise,
/// becomes valid.
const START: OffsetDateTime = datetime!(2025-01-01 0:00 UTC);
/// When the leaves and intermediates expire: long enough that fixtures do not
/// rot, and tests judge validity at an injected instant anyway.
const LEAF_END: OffsetDateTime = datetime!(2045-01-01 0:00 UTC);
/// When the roots expire, after everything they sign.
const ROOT_END: OffsetDateTime = datetime!(2050-01-01 0:00 UTC);

/// The authorities under `ca/`, issuers before what they sign (generation
/// relies on that order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ca {
    Root,
    Intermediate,
    OtherRoot,
    OtherIntermediate,
}

/// What an authority's certificate must be.
#[derive(Clone, Copy, Debug)]
struct CaSpec {
    /// The file name under `ca/` without `.pem` (and `.key`).
    stem: &'static str,
    common_name: &'static str,
    purpose: &'static str,
    key: KeyKind,
    /// `None` for a self-signed root.
    issuer: Option<Ca>,
    /// `None` for no path length limit.
    path_len: Option<u8>,
    key_usages: &'static [Usage],
    not_after: OffsetDateTime,
    /// Whether the private key is checked in as `<stem>.key`: the untrusted
    /// authorities' keys are of no use to tests, so they are thrown away.
    keep_key: bool,
}

impl Ca {
    const ALL: [Ca; 4] = [
        Ca::Root,
        Ca::Intermediate,
        Ca::OtherRoot,
        Ca::OtherIntermediate,
    ];

    fn spec(self) -> CaSpec {
        const ROOT_USAGES: &[Usage] = &[Usage::KeyCertSign, Usage::CrlSign];
        const INTERMEDIATE_USAGES: &[Usage] =
            &[Usage::DigitalSignature, Usage::KeyCertSign, Usage::CrlSign];
        match self {
            Ca::Root => CaSpec {
                stem: "root",
                common_name: "hookcheck Test Root CA",
                purpose: "the trust anchor tests install",
                key: KeyKind::EcdsaP256,
                issuer: None,
                path_len: None,
                key_usages: ROOT_USAGES,
                not_after: ROOT_END,
                keep_key: true,
            },
            Ca::Intermediate => CaSpec {
                stem: "intermediate",
                common_name: "hookcheck Test Intermediate CA",
                purpose: "issues the leaves; tests mint more leaves at run time with its key",
                key: KeyKind::Rsa2048,
                issuer: Some(Ca::Root),
                path_len: Some(0),
                key_usages: INTERMEDIATE_USAGES,
                not_after: LEAF_END,
                keep_key: true,
            },
            Ca::OtherRoot => CaSpec {
                stem: "other-root",
                common_name: "hookcheck Untrusted Root CA",
                purpose: "a root that is never in any trust store",
                key: KeyKind::EcdsaP256,
                issuer: None,
                path_len: None,
                key_usages: ROOT_USAGES,
                not_after: ROOT_END,
                keep_key: false,
            },
            Ca::OtherIntermediate => CaSpec {
                stem: "other-intermediate",
                common_name: "hookcheck Untrusted Intermediate CA",
                purpose: "issues the leaf of `untrusted-root`; the unrelated extra of `extra-certs`",
                key: KeyKind::EcdsaP256,
                issuer: Some(Ca::OtherRoot),
                path_len: Some(0),
                key_usages: INTERMEDIATE_USAGES,
                not_after: LEAF_END,
                keep_key: false,
            },
        }
    }

    /// The certificate's path under the fixtures directory.
    fn file(self) -> String {
        format!("ca/{}.pem", self.spec().stem)
    }
}

/// One served chain under `cases/<name>/`.
#[derive(Clone, Copy, Debug)]
struct Case {
    name: &'static str,
    purpose: &'static str,
    leaf: LeafSpec,
    /// `chain.pem`, in the order the server presents it.
    chain: &'static [Link],
    /// Another case whose leaf and key this case reuses byte for byte.
    copy_of: Option<&'static str>,
}

/// One certificate of a served chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    Leaf,
    Ca(Ca),
}

/// What a leaf certificate must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LeafSpec {
    key: KeyKind,
    signer: Signer,
    digest: Digest,
    common_name: &'static str,
    /// `None` for no subjectAltName extension at all.
    sans: Option<&'static [San]>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    is_ca: bool,
    eku: Eku,
    /// The caIssuers URI of an Authority Information Access extension.
    aia: Option<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Signer {
    SelfSigned,
    Ca(Ca),
}

/// The names tests connect with: a reserved name, an IDN in its A-label form
/// (bücher.test), and both loopback addresses.
const LOCAL_NAMES: [San; 5] = [
    San::Dns("localhost"),
    San::Dns("hookcheck.test"),
    San::Dns("xn--bcher-kva.test"),
    San::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
    San::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)),
];

/// The leaf every case starts from.
const LEAF: LeafSpec = LeafSpec {
    key: KeyKind::EcdsaP256,
    signer: Signer::Ca(Ca::Intermediate),
    digest: Digest::Sha256,
    common_name: "localhost",
    sans: Some(&LOCAL_NAMES),
    not_before: START,
    not_after: LEAF_END,
    is_ca: false,
    eku: Eku::ServerAuth,
    aia: None,
};

const SERVED: &[Link] = &[Link::Leaf, Link::Ca(Ca::Intermediate)];
const LEAF_ALONE: &[Link] = &[Link::Leaf];

/// The cases, in the order the README lists them. A case that reuses another
/// one's leaf must come after it.
const CASES: &[Case] = &[
    Case {
        name: "good",
        purpose: "the baseline every check passes",
        leaf: LEAF,
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "good-rsa",
        purpose: "the baseline with an RSA key",
        leaf: LeafSpec {
            key: KeyKind::Rsa2048,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "leaf-only",
        purpose: "a server that omits the intermediate",
        leaf: LEAF,
        chain: LEAF_ALONE,
        copy_of: Some("good"),
    },
    Case {
        name: "self-signed",
        purpose: "a self-signed leaf no trust store knows",
        leaf: LeafSpec {
            signer: Signer::SelfSigned,
            ..LEAF
        },
        chain: LEAF_ALONE,
        copy_of: None,
    },
    Case {
        name: "untrusted-root",
        purpose: "a complete chain up to a root no trust store holds",
        leaf: LeafSpec {
            signer: Signer::Ca(Ca::OtherIntermediate),
            ..LEAF
        },
        chain: &[
            Link::Leaf,
            Link::Ca(Ca::OtherIntermediate),
            Link::Ca(Ca::OtherRoot),
        ],
        copy_of: None,
    },
    Case {
        name: "expired",
        purpose: "a certificate past its notAfter",
        leaf: LeafSpec {
            not_before: datetime!(2023-01-01 0:00 UTC),
            not_after: datetime!(2024-01-01 0:00 UTC),
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "not-yet-valid",
        purpose: "a certificate before its notBefore",
        leaf: LeafSpec {
            not_before: datetime!(2040-01-01 0:00 UTC),
            not_after: datetime!(2041-01-01 0:00 UTC),
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "expires-soon",
        purpose: "a certificate that expires 14 days after 2026-06-01, the instant tests judge it at",
        leaf: LeafSpec {
            not_after: datetime!(2026-06-15 0:00 UTC),
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "wrong-host",
        purpose: "names that cover none of the hosts tests connect to",
        leaf: LeafSpec {
            common_name: "other.test",
            sans: Some(&[San::Dns("other.test"), San::Dns("www.other.test")]),
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "wildcard",
        purpose: "a wildcard name, which covers one label below hookcheck.test only",
        leaf: LeafSpec {
            common_name: "*.hookcheck.test",
            sans: Some(&[San::Dns("*.hookcheck.test")]),
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "no-san",
        purpose: "a host named only in the CN, which clients ignore",
        leaf: LeafSpec { sans: None, ..LEAF },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "weak-key",
        purpose: "an RSA key too short to trust",
        leaf: LeafSpec {
            key: KeyKind::Rsa1024,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "weak-ec",
        purpose: "an elliptic curve too small to trust",
        leaf: LeafSpec {
            key: KeyKind::EcdsaP192,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "sha1-signature",
        purpose: "a signature over a broken hash (SHA-1)",
        leaf: LeafSpec {
            digest: Digest::Sha1,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "md5-signature",
        purpose: "a signature over a broken hash (MD5)",
        leaf: LeafSpec {
            digest: Digest::Md5,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "chain-order",
        purpose: "a server that sends the root before the intermediate",
        leaf: LEAF,
        chain: &[Link::Leaf, Link::Ca(Ca::Root), Link::Ca(Ca::Intermediate)],
        copy_of: Some("good"),
    },
    Case {
        name: "extra-certs",
        purpose: "a server that also sends an unrelated certificate",
        leaf: LEAF,
        chain: &[
            Link::Leaf,
            Link::Ca(Ca::Intermediate),
            Link::Ca(Ca::OtherIntermediate),
        ],
        copy_of: None,
    },
    Case {
        name: "leaf-is-ca",
        purpose: "a leaf that claims to be a CA",
        leaf: LeafSpec {
            is_ca: true,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "no-server-auth",
        purpose: "a leaf not meant for servers",
        leaf: LeafSpec {
            eku: Eku::ClientAuth,
            ..LEAF
        },
        chain: SERVED,
        copy_of: None,
    },
    Case {
        name: "aia",
        purpose: "an incomplete chain a client can complete from the AIA caIssuers URL",
        leaf: LeafSpec {
            aia: Some("http://aia.hookcheck.test/intermediate.der"),
            ..LEAF
        },
        chain: LEAF_ALONE,
        copy_of: None,
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyKind {
    EcdsaP256,
    EcdsaP192,
    Rsa2048,
    Rsa1024,
}

impl KeyKind {
    fn name(self) -> &'static str {
        match self {
            KeyKind::EcdsaP256 => "ECDSA P-256",
            KeyKind::EcdsaP192 => "ECDSA P-192",
            KeyKind::Rsa2048 => "RSA-2048",
            KeyKind::Rsa1024 => "RSA-1024",
        }
    }

    fn is_rsa(self) -> bool {
        matches!(self, KeyKind::Rsa2048 | KeyKind::Rsa1024)
    }

    /// The algorithm rcgen loads (and signs with) the key as, where ring can
    /// load it.
    fn rcgen_algorithm(self) -> Option<&'static SignatureAlgorithm> {
        match self {
            KeyKind::EcdsaP256 => Some(&rcgen::PKCS_ECDSA_P256_SHA256),
            KeyKind::Rsa2048 => Some(&rcgen::PKCS_RSA_SHA256),
            KeyKind::EcdsaP192 | KeyKind::Rsa1024 => None,
        }
    }

    /// Why rcgen cannot make a certificate for such a key, if it cannot.
    fn ring_limit(self) -> Option<&'static str> {
        match self {
            KeyKind::EcdsaP256 | KeyKind::Rsa2048 => None,
            KeyKind::EcdsaP192 => Some("ring has no P-192 support"),
            KeyKind::Rsa1024 => Some("ring cannot load RSA keys under 2048 bits"),
        }
    }

    /// Whether rcgen generates the key: ring generates ECDSA keys but no RSA
    /// keys, and no P-192 keys.
    fn rcgen_generates(self) -> bool {
        self == KeyKind::EcdsaP256
    }

    /// The `openssl genpkey` options for the key.
    fn genpkey_args(self) -> [&'static str; 4] {
        let (algorithm, option) = match self {
            KeyKind::EcdsaP256 => ("EC", "ec_paramgen_curve:P-256"),
            KeyKind::EcdsaP192 => ("EC", "ec_paramgen_curve:prime192v1"),
            KeyKind::Rsa2048 => ("RSA", "rsa_keygen_bits:2048"),
            KeyKind::Rsa1024 => ("RSA", "rsa_keygen_bits:1024"),
        };
        ["-algorithm", algorithm, "-pkeyopt", option]
    }

    /// Who makes the key, for the README.
    fn made_by(self) -> &'static str {
        match self {
            KeyKind::EcdsaP256 => "rcgen",
            KeyKind::Rsa2048 => "`openssl genpkey` (ring cannot generate RSA keys)",
            // Why openssl makes the certificate says why it makes the key.
            KeyKind::EcdsaP192 | KeyKind::Rsa1024 => "`openssl genpkey`",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Digest {
    Sha256,
    Sha1,
    Md5,
}

impl Digest {
    fn openssl_name(self) -> &'static str {
        match self {
            Digest::Sha256 => "sha256",
            Digest::Sha1 => "sha1",
            Digest::Md5 => "md5",
        }
    }
}

/// A signature algorithm by its OID and its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SigAlg {
    oid: &'static str,
    name: &'static str,
}

const ECDSA_SHA256: SigAlg = SigAlg {
    oid: "1.2.840.10045.4.3.2",
    name: "ecdsa-with-SHA256",
};
const RSA_SHA256: SigAlg = SigAlg {
    oid: "1.2.840.113549.1.1.11",
    name: "sha256WithRSAEncryption",
};
const RSA_SHA1: SigAlg = SigAlg {
    oid: "1.2.840.113549.1.1.5",
    name: "sha1WithRSAEncryption",
};
const RSA_MD5: SigAlg = SigAlg {
    oid: "1.2.840.113549.1.1.4",
    name: "md5WithRSAEncryption",
};

/// The signature a key of `signer`'s kind makes over `digest`.
fn signature_algorithm(signer: KeyKind, digest: Digest) -> Result<SigAlg> {
    Ok(match (signer.is_rsa(), digest) {
        (false, Digest::Sha256) => ECDSA_SHA256,
        (true, Digest::Sha256) => RSA_SHA256,
        (true, Digest::Sha1) => RSA_SHA1,
        (true, Digest::Md5) => RSA_MD5,
        (false, Digest::Sha1 | Digest::Md5) => {
            bail!(
                "the table asks for an {} signature over {digest:?}, which no fixture needs",
                signer.name()
            )
        }
    })
}

/// A keyUsage bit, in the order of the bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Usage {
    DigitalSignature,
    KeyEncipherment,
    KeyCertSign,
    CrlSign,
}

impl Usage {
    /// The name in RFC 5280, which is also what openssl's configuration
    /// takes.
    fn name(self) -> &'static str {
        match self {
            Usage::DigitalSignature => "digitalSignature",
            Usage::KeyEncipherment => "keyEncipherment",
            Usage::KeyCertSign => "keyCertSign",
            Usage::CrlSign => "cRLSign",
        }
    }

    fn rcgen(self) -> KeyUsagePurpose {
        match self {
            Usage::DigitalSignature => KeyUsagePurpose::DigitalSignature,
            Usage::KeyEncipherment => KeyUsagePurpose::KeyEncipherment,
            Usage::KeyCertSign => KeyUsagePurpose::KeyCertSign,
            Usage::CrlSign => KeyUsagePurpose::CrlSign,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Eku {
    ServerAuth,
    ClientAuth,
}

impl Eku {
    fn name(self) -> &'static str {
        match self {
            Eku::ServerAuth => "serverAuth",
            Eku::ClientAuth => "clientAuth",
        }
    }

    fn rcgen(self) -> ExtendedKeyUsagePurpose {
        match self {
            Eku::ServerAuth => ExtendedKeyUsagePurpose::ServerAuth,
            Eku::ClientAuth => ExtendedKeyUsagePurpose::ClientAuth,
        }
    }
}

/// A subjectAltName entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum San {
    Dns(&'static str),
    Ip(IpAddr),
}

impl San {
    fn rcgen(self) -> Result<SanType> {
        Ok(match self {
            San::Dns(name) => SanType::DnsName(
                Ia5String::try_from(name).with_context(|| format!("{name:?} is not IA5"))?,
            ),
            San::Ip(address) => SanType::IpAddress(address),
        })
    }
}

/// Written as openssl's configuration takes it, which also reads well.
impl fmt::Display for San {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            San::Dns(name) => write!(f, "DNS:{name}"),
            San::Ip(address) => write!(f, "IP:{address}"),
        }
    }
}

impl LeafSpec {
    fn key_usages(&self) -> Vec<Usage> {
        // RSA keys also encrypt TLS 1.2 RSA key exchanges; ECDSA keys only
        // sign.
        if self.key.is_rsa() {
            vec![Usage::DigitalSignature, Usage::KeyEncipherment]
        } else {
            vec![Usage::DigitalSignature]
        }
    }

    fn signer_key(&self) -> KeyKind {
        match self.signer {
            Signer::SelfSigned => self.key,
            Signer::Ca(ca) => ca.spec().key,
        }
    }

    fn signature(&self) -> Result<SigAlg> {
        signature_algorithm(self.signer_key(), self.digest)
    }

    /// Why rcgen cannot make this leaf, so `openssl ca` does, if it cannot.
    fn openssl_reason(&self) -> Option<&'static str> {
        match self.digest {
            Digest::Sha1 => Some("rcgen cannot sign with SHA-1"),
            Digest::Md5 => Some("rcgen cannot sign with MD5"),
            Digest::Sha256 => self.key.ring_limit(),
        }
    }

    fn expected(&self) -> Result<Expected> {
        Ok(Expected {
            common_name: self.common_name,
            organization: None,
            key: self.key,
            signature: self.signature()?,
            not_before: self.not_before,
            not_after: self.not_after,
            ca: self.is_ca,
            path_len: None,
            key_usages: self.key_usages(),
            eku: Some(self.eku),
            sans: self.sans,
            aia: self.aia,
            authority_key_id: true,
        })
    }
}

impl CaSpec {
    fn expected(&self) -> Result<Expected> {
        let signer = self.issuer.map_or(self.key, |issuer| issuer.spec().key);
        Ok(Expected {
            common_name: self.common_name,
            organization: Some(ORGANIZATION),
            key: self.key,
            signature: signature_algorithm(signer, Digest::Sha256)?,
            not_before: START,
            not_after: self.not_after,
            ca: true,
            path_len: self.path_len,
            key_usages: self.key_usages.to_vec(),
            eku: None,
            sans: None,
            aia: None,
            authority_key_id: self.issuer.is_some(),
        })
    }
}

/// Every checked property of one certificate, whichever table row it comes
/// from, so that authorities and leaves are checked by the same code.
struct Expected {
    common_name: &'static str,
    organization: Option<&'static str>,
    key: KeyKind,
    signature: SigAlg,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    ca: bool,
    path_len: Option<u8>,
    key_usages: Vec<Usage>,
    eku: Option<Eku>,
    sans: Option<&'static [San]>,
    aia: Option<&'static str>,
    /// Whether an authorityKeyIdentifier names the issuer's key (roots have
    /// none).
    authority_key_id: bool,
}

/// Fails if the table contradicts itself: names must be unique, every chain
/// starts with its leaf, and a copied leaf must be specified as its source.
fn validate_table() -> Result<()> {
    for (index, case) in CASES.iter().enumerate() {
        if CASES[..index].iter().any(|other| other.name == case.name) {
            bail!("case `{}` is in the table twice", case.name);
        }
        if case.chain.first() != Some(&Link::Leaf)
            || case
                .chain
                .iter()
                .filter(|link| **link == Link::Leaf)
                .count()
                != 1
        {
            bail!("the chain of `{}` must start with its only leaf", case.name);
        }
        case.leaf.signature()?;
        if let Some(source) = case.copy_of {
            let Some(original) = CASES[..index].iter().find(|other| other.name == source) else {
                bail!("`{}` copies `{source}`, which is not before it", case.name);
            };
            if original.copy_of.is_some() || original.leaf != case.leaf {
                bail!(
                    "`{}` copies `{source}`, so it must specify the same, original leaf",
                    case.name
                );
            }
        }
    }
    Ok(())
}

// Generation.

/// A generated authority: its certificate, its key, and rcgen's issuer.
struct Authority {
    ca: Ca,
    cert: rcgen::Certificate,
    key_pem: String,
    issuer: Issuer<'static, KeyPair>,
}

/// A generated leaf.
#[derive(Clone)]
struct MadeLeaf {
    cert_pem: String,
    key_pem: String,
}

/// Makes every file afresh in memory, then replaces `ca/`, `cases/` and the
/// README with them, so a failure leaves the old files in place.
fn generate(dir: &Path) -> Result<()> {
    validate_table()?;
    let work = Workdir::new()?;
    let mut authorities: Vec<Authority> = Vec::new();
    for ca in Ca::ALL {
        let authority = make_authority(ca, &authorities, &work)?;
        authorities.push(authority);
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for authority in &authorities {
        let spec = authority.ca.spec();
        files.push((authority.ca.file(), authority.cert.pem().into_bytes()));
        if spec.keep_key {
            let key = authority.key_pem.clone().into_bytes();
            files.push((format!("ca/{}.key", spec.stem), key));
        }
    }
    // `openssl ca` signs leaves and `openssl crl2pkcs7` bundles with the
    // intermediate's files.
    let intermediate = find_authority(&authorities, Ca::Intermediate)?;
    fs::write(work.join("intermediate.pem"), intermediate.cert.pem())
        .context("cannot write the intermediate to the work directory")?;
    fs::write(work.join("intermediate.key"), &intermediate.key_pem)
        .context("cannot write the intermediate's key to the work directory")?;
    files.push((
        "ca/intermediate.der".to_owned(),
        intermediate.cert.der().to_vec(),
    ));
    let bundle = openssl(
        work.path(),
        [
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            "intermediate.pem",
            "-outform",
            "DER",
        ],
    )?;
    files.push(("ca/intermediate.p7c".to_owned(), bundle));

    let mut leaves: Vec<(&str, MadeLeaf)> = Vec::new();
    for case in CASES {
        let leaf = match case.copy_of {
            Some(source) => leaves
                .iter()
                .find(|(name, _)| *name == source)
                .map(|(_, leaf)| leaf.clone())
                .with_context(|| format!("`{}` copies `{source}`, made after it", case.name))?,
            None => make_leaf(case, &authorities, &work)
                .with_context(|| format!("cannot make the leaf of `{}`", case.name))?,
        };
        let mut chain = String::new();
        for link in case.chain {
            let pem = match link {
                Link::Leaf => leaf.cert_pem.clone(),
                Link::Ca(ca) => find_authority(&authorities, *ca)?.cert.pem(),
            };
            chain.push_str(pem.trim_end());
            chain.push('\n');
        }
        files.push((format!("cases/{}/chain.pem", case.name), chain.into_bytes()));
        let key = leaf.key_pem.clone().into_bytes();
        files.push((format!("cases/{}/key.pem", case.name), key));
        leaves.push((case.name, leaf));
    }
    files.push(("README.md".to_owned(), render_readme()?.into_bytes()));
    write_files(dir, &files)
}

fn find_authority(authorities: &[Authority], ca: Ca) -> Result<&Authority> {
    authorities
        .iter()
        .find(|authority| authority.ca == ca)
        .with_context(|| format!("{} is needed before it is made", ca.file()))
}

fn make_authority(ca: Ca, made: &[Authority], work: &Workdir) -> Result<Authority> {
    let spec = ca.spec();
    let key_pem = new_key(spec.key, work)?;
    let key = load_key(&key_pem, spec.key)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, spec.common_name);
    params
        .distinguished_name
        .push(DnType::OrganizationName, ORGANIZATION);
    params.not_before = START;
    params.not_after = spec.not_after;
    params.is_ca = IsCa::Ca(spec.path_len.map_or(
        BasicConstraints::Unconstrained,
        BasicConstraints::Constrained,
    ));
    params.key_usages = spec.key_usages.iter().map(|usage| usage.rcgen()).collect();
    params.use_authority_key_identifier_extension = spec.issuer.is_some();
    let cert = match spec.issuer {
        None => params.self_signed(&key),
        Some(issuer) => params.signed_by(&key, &find_authority(made, issuer)?.issuer),
    }
    .with_context(|| format!("rcgen cannot make {}", ca.file()))?;
    Ok(Authority {
        ca,
        cert,
        key_pem,
        issuer: Issuer::new(params, key),
    })
}

/// A new private key as PKCS#8 PEM.
fn new_key(kind: KeyKind, work: &Workdir) -> Result<String> {
    if kind.rcgen_generates() {
        let alg = kind.rcgen_algorithm().context("no rcgen algorithm")?;
        let key = KeyPair::generate_for(alg).context("rcgen cannot generate a key")?;
        return Ok(key.serialize_pem());
    }
    let mut args = vec!["genpkey"];
    args.extend(kind.genpkey_args());
    let pem = openssl(work.path(), args)?;
    String::from_utf8(pem).context("`openssl genpkey` wrote no PEM text")
}

fn load_key(pem: &str, kind: KeyKind) -> Result<KeyPair> {
    let Some(alg) = kind.rcgen_algorithm() else {
        bail!("rcgen cannot load {} keys", kind.name());
    };
    KeyPair::from_pem_and_sign_algo(pem, alg)
        .with_context(|| format!("rcgen cannot load the {} key", kind.name()))
}

fn make_leaf(case: &Case, authorities: &[Authority], work: &Workdir) -> Result<MadeLeaf> {
    match case.leaf.openssl_reason() {
        None => rcgen_leaf(&case.leaf, authorities, work),
        Some(_) => openssl_leaf(case, work),
    }
}

fn rcgen_leaf(spec: &LeafSpec, authorities: &[Authority], work: &Workdir) -> Result<MadeLeaf> {
    let key_pem = new_key(spec.key, work)?;
    let key = load_key(&key_pem, spec.key)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, spec.common_name);
    params.subject_alt_names = spec
        .sans
        .unwrap_or_default()
        .iter()
        .map(|san| san.rcgen())
        .collect::<Result<_>>()?;
    params.not_before = spec.not_before;
    params.not_after = spec.not_after;
    // `ExplicitNoCa` writes basicConstraints CA:FALSE (and, as for a CA, the
    // subjectKeyIdentifier); `NoCa` would leave both out.
    params.is_ca = if spec.is_ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::ExplicitNoCa
    };
    params.key_usages = spec.key_usages().into_iter().map(Usage::rcgen).collect();
    params.extended_key_usages = vec![spec.eku.rcgen()];
    params.use_authority_key_identifier_extension = true;
    if let Some(uri) = spec.aia {
        // rcgen has no Authority Information Access support.
        params
            .custom_extensions
            .push(CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 5, 5, 7, 1, 1],
                authority_info_access(uri),
            ));
    }
    let cert = match spec.signer {
        Signer::SelfSigned => params.self_signed(&key),
        Signer::Ca(ca) => params.signed_by(&key, &find_authority(authorities, ca)?.issuer),
    }
    .context("rcgen cannot make the leaf")?;
    Ok(MadeLeaf {
        cert_pem: cert.pem(),
        key_pem,
    })
}

/// A leaf made by `openssl req` and `openssl ca`, which (unlike
/// `openssl x509 -req` in OpenSSL 3.0) sets exact validity dates.
fn openssl_leaf(case: &Case, work: &Workdir) -> Result<MadeLeaf> {
    let spec = &case.leaf;
    if spec.signer != Signer::Ca(Ca::Intermediate) {
        bail!("openssl signs leaves with the intermediate only");
    }
    let dir = work.join(case.name);
    fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let key_pem = new_key(spec.key, work)?;
    fs::write(dir.join("leaf.key"), &key_pem).context("cannot write the leaf's key")?;
    fs::write(dir.join("openssl.cnf"), openssl_config(spec))
        .context("cannot write the openssl configuration")?;
    fs::write(dir.join("index.txt"), "").context("cannot write the openssl database")?;
    let subject = format!("/CN={}", spec.common_name);
    openssl(
        &dir,
        [
            "req",
            "-config",
            "openssl.cnf",
            "-new",
            "-key",
            "leaf.key",
            "-subj",
            &subject,
            "-out",
            "leaf.csr",
        ],
    )?;
    let not_before = openssl_time(spec.not_before)?;
    let not_after = openssl_time(spec.not_after)?;
    openssl(
        &dir,
        [
            "ca",
            "-batch",
            "-config",
            "openssl.cnf",
            "-extensions",
            "leaf",
            "-cert",
            "../intermediate.pem",
            "-keyfile",
            "../intermediate.key",
            "-md",
            spec.digest.openssl_name(),
            "-startdate",
            &not_before,
            "-enddate",
            &not_after,
            "-notext",
            "-in",
            "leaf.csr",
            "-out",
            "leaf.pem",
        ],
    )?;
    let cert_pem = fs::read_to_string(dir.join("leaf.pem"))
        .context("cannot read the certificate `openssl ca` wrote")?;
    Ok(MadeLeaf { cert_pem, key_pem })
}

/// The configuration of one `openssl req` and one `openssl ca` run: a
/// throwaway CA database in the work directory and the leaf's extensions, as
/// rcgen would write them.
fn openssl_config(spec: &LeafSpec) -> String {
    let usages: Vec<&str> = spec.key_usages().into_iter().map(Usage::name).collect();
    let mut config = format!(
        "[req]\n\
         distinguished_name = req_dn\n\
         [req_dn]\n\
         [ca]\n\
         default_ca = fixture_ca\n\
         [fixture_ca]\n\
         database = index.txt\n\
         new_certs_dir = .\n\
         rand_serial = yes\n\
         unique_subject = no\n\
         copy_extensions = none\n\
         policy = policy_any\n\
         [policy_any]\n\
         commonName = supplied\n\
         [leaf]\n\
         basicConstraints = critical, CA:{}\n\
         keyUsage = critical, {}\n\
         extendedKeyUsage = {}\n\
         subjectKeyIdentifier = hash\n\
         authorityKeyIdentifier = keyid:always\n",
        if spec.is_ca { "TRUE" } else { "FALSE" },
        usages.join(", "),
        spec.eku.name(),
    );
    if let Some(sans) = spec.sans {
        let sans: Vec<String> = sans.iter().map(San::to_string).collect();
        let _ = writeln!(config, "subjectAltName = {}", sans.join(", "));
    }
    if let Some(uri) = spec.aia {
        let _ = writeln!(config, "authorityInfoAccess = caIssuers;URI:{uri}");
    }
    config
}

fn openssl_time(time: OffsetDateTime) -> Result<String> {
    time.format(format_description!(
        "[year][month][day][hour][minute][second]Z"
    ))
    .context("cannot format a date for openssl")
}

/// The DER of an Authority Information Access extension (RFC 5280,
/// 4.2.2.1) with one caIssuers URI:
///
/// ```text
/// SEQUENCE OF AccessDescription ::= SEQUENCE {
///     accessMethod    OBJECT IDENTIFIER,  -- id-ad-caIssuers
///     accessLocation  GeneralName }       -- [6] IMPLICIT IA5String
/// ```
fn authority_info_access(uri: &str) -> Vec<u8> {
    // id-ad-caIssuers, 1.3.6.1.5.5.7.48.2, as an encoded OBJECT IDENTIFIER:
    // 1.3 packs into 0x2b, every other arc is below 128 and takes one byte.
    const CA_ISSUERS: [u8; 10] = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02];
    // uniformResourceIdentifier is the GeneralName alternative [6], tagged
    // implicitly: a context-specific primitive tag 6 (0x86) around the
    // URI's ASCII bytes.
    let location = der(0x86, uri.as_bytes());
    let description = der(0x30, &[&CA_ISSUERS[..], &location].concat());
    der(0x30, &description)
}

/// One DER element: the tag, the length (short form below 128, else the
/// long form's byte count and big-endian bytes), and the contents.
fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match u8::try_from(contents.len()) {
        Ok(len) if len < 0x80 => out.push(len),
        _ => {
            let len = contents.len().to_be_bytes();
            let skip = len.iter().take_while(|byte| **byte == 0).count();
            let bytes = &len[skip..];
            // At most 8 length bytes, so the count fits the 7 bits it has.
            out.push(0x80 | u8::try_from(bytes.len()).unwrap_or(0x7f));
            out.extend_from_slice(bytes);
        }
    }
    out.extend_from_slice(contents);
    out
}

/// Splits one DER element off the front of `input`: its tag, its contents
/// and what follows it. `None` if it is not well-formed DER.
fn der_split(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        // 0x80 alone is BER's indefinite length, which DER forbids.
        let count = usize::from(first & 0x7f);
        if count == 0 || count > std::mem::size_of::<usize>() {
            return None;
        }
        let (bytes, rest) = rest.split_at_checked(count)?;
        let len = bytes
            .iter()
            .fold(0_usize, |len, byte| len << 8 | usize::from(*byte));
        (len, rest)
    };
    let (contents, rest) = rest.split_at_checked(len)?;
    Some((tag, contents, rest))
}

/// The certificates of a certs-only PKCS#7 (RFC 2315) in DER, each as its
/// whole DER element:
///
/// ```text
/// ContentInfo ::= SEQUENCE { contentType OID (signedData), content [0] EXPLICIT
///   SignedData ::= SEQUENCE { version INTEGER, digestAlgorithms SET,
///     contentInfo SEQUENCE, certificates [0] IMPLICIT SET OF Certificate, … } }
/// ```
fn pkcs7_certificates(input: &[u8]) -> Option<Vec<&[u8]>> {
    // 1.2.840.113549.1.7.2, the encoded signedData OID's contents.
    const SIGNED_DATA: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
    let (0x30, content_info, []) = der_split(input)? else {
        return None;
    };
    let (0x06, oid, rest) = der_split(content_info)? else {
        return None;
    };
    let (0xa0, explicit, _) = der_split(rest)? else {
        return None;
    };
    let (0x30, signed_data, _) = der_split(explicit)? else {
        return None;
    };
    let (0x02, _, rest) = der_split(signed_data)? else {
        return None;
    };
    let (0x31, _, rest) = der_split(rest)? else {
        return None;
    };
    let (0x30, _, rest) = der_split(rest)? else {
        return None;
    };
    let (0xa0, mut certificates, _) = der_split(rest)? else {
        return None;
    };
    if oid != SIGNED_DATA {
        return None;
    }
    let mut found = Vec::new();
    while !certificates.is_empty() {
        let (_, _, rest) = der_split(certificates)?;
        found.push(&certificates[..certificates.len() - rest.len()]);
        certificates = rest;
    }
    Some(found)
}

/// Replaces the generated part of the fixtures directory with `files`
/// (paths relative to it). `ca/` and `cases/` go first, so that a case
/// dropped from the table does not linger.
fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    for generated in ["ca", "cases"] {
        let path = dir.join(generated);
        match fs::remove_dir_all(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == ErrorKind::NotFound => {}
            Err(error) => {
                return Err(error).with_context(|| format!("cannot remove {}", path.display()));
            }
        }
    }
    for (name, contents) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

// The README, rendered from the table so that it cannot drift either.

fn render_readme() -> Result<String> {
    let mut out = String::new();
    let _ = write!(
        out,
        "# TLS test fixtures\n\
         \n\
         Certificates and keys for hookcheck's TLS tests. **They are for tests only:** the\n\
         private keys are public, so nothing they sign may be trusted anywhere else, and\n\
         `ca/root.pem` belongs in no trust store but a test's.\n\
         \n\
         regenerate: `cargo xtask fixtures`; verify: `cargo xtask fixtures --check`\n\
         \n\
         Regenerating replaces every key and certificate (keys, serial numbers and\n\
         signatures are random, so tests must not pin them), then verifies. The check\n\
         re-reads every file and verifies each property below; `cargo test -p xtask` (and\n\
         so `cargo test --workspace`) runs it too. Both need the `openssl` command line\n\
         (OpenSSL 3.0 or later) besides rcgen. `cargo xtask fixtures` writes this file\n\
         from the table in `xtask/src/fixtures.rs`: change the table, not this file.\n\
         \n\
         ## Authorities: `ca/`\n\
         \n"
    );
    for ca in Ca::ALL {
        let _ = writeln!(out, "{}", readme_authority(ca)?);
    }
    let _ = write!(
        out,
        "- `intermediate.der`: the same certificate as `intermediate.pem`, DER. Made by rcgen.\n\
         - `intermediate.p7c`: the same certificate as a certs-only PKCS#7 (DER). Made by\n  \
         `openssl crl2pkcs7 -nocrl -certfile intermediate.pem -outform DER`.\n\
         \n\
         ## Cases: `cases/<name>/`\n\
         \n\
         Each case holds `chain.pem`, the certificates exactly as the server presents\n\
         them, in that order, and `key.pem`, the leaf's PKCS#8 key. Tests judge validity\n\
         at a fixed instant, so the files never go stale. Unless its line says otherwise,\n\
         a leaf has\n\
         \n\
         - {} key, signed by the intermediate with {};\n\
         - subject CN={} and SANs {}\n  \
         (xn--bcher-kva.test is bücher.test);\n\
         - EKU {}, keyUsage digitalSignature (and keyEncipherment for RSA keys),\n  \
         basicConstraints CA:FALSE, a subjectKeyIdentifier and an authorityKeyIdentifier;\n\
         - validity {};\n\
         - and the chain is {}.\n\
         \n",
        article(LEAF.key.name()),
        LEAF.signature()?.name,
        LEAF.common_name,
        sans_text(LEAF.sans),
        LEAF.eku.name(),
        validity_text(LEAF.not_before, LEAF.not_after),
        chain_text(SERVED),
    );
    for case in CASES {
        let _ = writeln!(out, "{}", readme_case(case)?);
    }
    Ok(out)
}

fn readme_authority(ca: Ca) -> Result<String> {
    let spec = ca.spec();
    let files = if spec.keep_key {
        format!("`{0}.pem`, `{0}.key`", spec.stem)
    } else {
        format!("`{}.pem`", spec.stem)
    };
    let expected = spec.expected()?;
    let issued = match spec.issuer {
        None => "self-signed".to_owned(),
        Some(issuer) => format!(
            "signed by `{}.pem` with {}",
            issuer.spec().stem,
            expected.signature.name
        ),
    };
    let constraints = basic_constraints_text(true, spec.path_len.map(u32::from));
    let usages: Vec<&str> = spec.key_usages.iter().map(|usage| usage.name()).collect();
    let identifiers = if spec.issuer.is_some() {
        "SKI and AKI"
    } else {
        "SKI"
    };
    let made_by = if spec.key.rcgen_generates() {
        "rcgen".to_owned()
    } else {
        format!("rcgen; key by {}", spec.key.made_by())
    };
    Ok(format!(
        "- {files}: \"{}\" (O={ORGANIZATION}), {}, {issued}, basicConstraints {constraints} \
         (critical), keyUsage {}, {identifiers}, valid {}: {}. Made by {made_by}.",
        spec.common_name,
        spec.key.name(),
        usages.join("+"),
        validity_text(START, spec.not_after),
        spec.purpose,
    ))
}

fn readme_case(case: &Case) -> Result<String> {
    let spec = &case.leaf;
    let mut differences = Vec::new();
    if spec.key != LEAF.key {
        differences.push(format!("{} key", article(spec.key.name())));
    }
    if spec.signer != LEAF.signer || spec.digest != LEAF.digest {
        differences.push(match spec.signer {
            Signer::SelfSigned => format!("self-signed ({})", spec.signature()?.name),
            Signer::Ca(ca) => format!(
                "signed by `{}.pem` with {}",
                ca.spec().stem,
                spec.signature()?.name
            ),
        });
    }
    if spec.common_name != LEAF.common_name {
        differences.push(format!("CN={}", spec.common_name));
    }
    if spec.sans != LEAF.sans {
        differences.push(match spec.sans {
            None => "no subjectAltName extension".to_owned(),
            Some(_) => format!("SANs {} only", sans_text(spec.sans)),
        });
    }
    if (spec.not_before, spec.not_after) != (LEAF.not_before, LEAF.not_after) {
        differences.push(format!(
            "validity {}",
            validity_text(spec.not_before, spec.not_after)
        ));
    }
    if spec.is_ca != LEAF.is_ca {
        differences.push(format!(
            "basicConstraints {}",
            basic_constraints_text(spec.is_ca, None)
        ));
    }
    if spec.eku != LEAF.eku {
        differences.push(format!("EKU {} only", spec.eku.name()));
    }
    if let Some(uri) = spec.aia {
        differences.push(format!("an AIA extension with caIssuers {uri}"));
    }
    if case.chain != SERVED {
        differences.push(format!("chain: {}", chain_text(case.chain)));
    }
    let differences = if differences.is_empty() {
        String::new()
    } else {
        format!(" Differs: {}.", differences.join("; "))
    };
    Ok(format!(
        "- `{}`: {}.{differences} Made by {}.",
        case.name,
        case.purpose,
        made_by(case)
    ))
}

/// Which tools make a case's files, and why openssl where it does.
fn made_by(case: &Case) -> String {
    if let Some(source) = case.copy_of {
        return format!("copying the leaf and key of `{source}`");
    }
    let key = case.leaf.key;
    match (case.leaf.openssl_reason(), key.rcgen_generates()) {
        (None, true) => "rcgen".to_owned(),
        (None, false) => format!("rcgen; key by {}", key.made_by()),
        (Some(reason), _) => format!(
            "`openssl req` and `openssl ca -md {}` ({reason}); key by {}",
            case.leaf.digest.openssl_name(),
            key.made_by()
        ),
    }
}

fn article(word: &str) -> String {
    // "an RSA-…", "an ECDSA …": every key name starts with a vowel sound.
    format!("an {word}")
}

fn sans_text(sans: Option<&[San]>) -> String {
    match sans {
        None => "(none)".to_owned(),
        Some(sans) => sans
            .iter()
            .map(San::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn chain_text(chain: &[Link]) -> String {
    let names: Vec<&str> = chain
        .iter()
        .map(|link| match link {
            Link::Leaf => "leaf",
            Link::Ca(ca) => ca.spec().stem,
        })
        .collect();
    names.join(", ")
}

fn validity_text(not_before: OffsetDateTime, not_after: OffsetDateTime) -> String {
    format!("{} .. {}", show_time(not_before), show_time(not_after))
}

fn basic_constraints_text(ca: bool, path_len: Option<u32>) -> String {
    match (ca, path_len) {
        (false, _) => "CA:FALSE".to_owned(),
        (true, None) => "CA:TRUE".to_owned(),
        (true, Some(len)) => format!("CA:TRUE, pathlen {len}"),
    }
}

/// A date as people write it: the day alone at midnight, else the instant.
fn show_time(time: OffsetDateTime) -> String {
    let formatted = if time.time() == time::Time::MIDNIGHT {
        time.format(format_description!("[year]-[month]-[day]"))
    } else {
        time.format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
    };
    formatted.unwrap_or_else(|_| time.to_string())
}

fn show_timestamp(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds).map_or_else(|_| seconds.to_string(), show_time)
}

// The check.

/// Re-reads every file under `dir` and verifies it against the table; the
/// error lists every violated property.
fn check(dir: &Path) -> Result<()> {
    validate_table()?;
    let work = Workdir::new()?;
    let mut problems = Problems::default();
    let authorities = check_authorities(dir, &work, &mut problems)?;
    for case in CASES {
        check_case(dir, case, &authorities, &work, &mut problems)?;
    }
    check_no_strays(dir, &mut problems);
    match fs::read_to_string(dir.join("README.md")) {
        Ok(readme) if readme == render_readme()? => {}
        Ok(_) => problems.add("README.md", "is not what the table renders"),
        Err(error) => problems.add("README.md", format_args!("cannot be read: {error}")),
    }
    problems.finish()
}

/// Every violated property found, one line each, starting with the file.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, file: &str, problem: impl fmt::Display) {
        self.0.push(format!("{file}: {problem}"));
    }

    fn compare(&mut self, file: &str, what: &str, found: &str, expected: &str) {
        if found != expected {
            self.add(file, format_args!("{what} is {found}, expected {expected}"));
        }
    }

    fn finish(self) -> Result<()> {
        match self.0.len() {
            0 => Ok(()),
            count => bail!(
                "{DIR} does not match the table in xtask/src/fixtures.rs \
                 ({count} {}; `cargo xtask fixtures` regenerates it):\n  {}",
                if count == 1 { "problem" } else { "problems" },
                self.0.join("\n  ")
            ),
        }
    }
}

/// The authorities' certificates as the check read them (DER), where they
/// could be read.
struct AuthorityFiles(Vec<(Ca, Vec<u8>)>);

impl AuthorityFiles {
    fn get(&self, ca: Ca) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(found, _)| *found == ca)
            .map(|(_, der)| der.as_slice())
    }
}

fn check_authorities(
    dir: &Path,
    work: &Workdir,
    problems: &mut Problems,
) -> Result<AuthorityFiles> {
    let mut files = AuthorityFiles(Vec::new());
    for ca in Ca::ALL {
        match read_certificates(&dir.join(ca.file())).as_deref() {
            Ok([der]) => files.0.push((ca, der.clone())),
            Ok(ders) => problems.add(
                &ca.file(),
                format_args!("holds {} certificates, expected 1", ders.len()),
            ),
            Err(error) => problems.add(&ca.file(), format_args!("{error:#}")),
        }
    }
    for ca in Ca::ALL {
        let spec = ca.spec();
        let issuer = spec.issuer.unwrap_or(ca);
        let (Some(der), Some(issuer_der)) = (files.get(ca), files.get(issuer)) else {
            // Already reported: the file or its issuer could not be read.
            continue;
        };
        let (Some(cert), Some(issuer)) = (
            parse(&ca.file(), der, problems),
            parse(&issuer.file(), issuer_der, problems),
        ) else {
            continue;
        };
        check_cert(
            &ca.file(),
            &cert,
            &spec.expected()?,
            &issuer,
            work,
            problems,
        );
        if spec.keep_key {
            let key = format!("ca/{}.key", spec.stem);
            check_key(&key, &dir.join(&key), spec.key, &cert, problems);
        }
    }
    if let Some(intermediate) = files.get(Ca::Intermediate) {
        check_intermediate_copies(dir, intermediate, problems);
    }
    Ok(files)
}

/// `intermediate.der` and `intermediate.p7c` hold `intermediate.pem`'s
/// certificate and nothing else.
fn check_intermediate_copies(dir: &Path, intermediate: &[u8], problems: &mut Problems) {
    const DER: &str = "ca/intermediate.der";
    const P7C: &str = "ca/intermediate.p7c";
    match fs::read(dir.join(DER)) {
        Ok(der) if der == intermediate => {}
        Ok(_) => problems.add(DER, "is not the certificate in ca/intermediate.pem"),
        Err(error) => problems.add(DER, format_args!("cannot be read: {error}")),
    }
    match fs::read(dir.join(P7C)).as_deref().map(pkcs7_certificates) {
        Ok(Some(certificates)) if certificates == [intermediate] => {}
        Ok(Some(certificates)) => problems.add(
            P7C,
            format_args!(
                "holds {} certificates, expected only the one in ca/intermediate.pem",
                certificates.len()
            ),
        ),
        Ok(None) => problems.add(P7C, "is not a certs-only PKCS#7 in DER"),
        Err(error) => problems.add(P7C, format_args!("cannot be read: {error}")),
    }
}

fn check_case(
    dir: &Path,
    case: &Case,
    authorities: &AuthorityFiles,
    work: &Workdir,
    problems: &mut Problems,
) -> Result<()> {
    let chain_file = format!("cases/{}/chain.pem", case.name);
    let key_file = format!("cases/{}/key.pem", case.name);
    let ders = match read_certificates(&dir.join(&chain_file)) {
        Ok(ders) => ders,
        Err(error) => {
            problems.add(&chain_file, format_args!("{error:#}"));
            return Ok(());
        }
    };
    if ders.len() != case.chain.len() {
        problems.add(
            &chain_file,
            format_args!(
                "holds {} certificates, expected {} ({})",
                ders.len(),
                case.chain.len(),
                chain_text(case.chain)
            ),
        );
    }
    for (position, (link, der)) in case.chain.iter().zip(&ders).enumerate() {
        if let Link::Ca(ca) = link
            && authorities
                .get(*ca)
                .is_some_and(|expected| expected != der.as_slice())
        {
            problems.add(
                &chain_file,
                format_args!("certificate {} is not {}", position + 1, ca.file()),
            );
        }
    }
    // The table puts the leaf first (`validate_table`).
    let Some(leaf_der) = ders.first() else {
        return Ok(());
    };
    let leaf_file = format!("{chain_file} (leaf)");
    let Some(leaf) = parse(&leaf_file, leaf_der, problems) else {
        return Ok(());
    };
    let expected = case.leaf.expected()?;
    match case.leaf.signer {
        Signer::SelfSigned => check_cert(&leaf_file, &leaf, &expected, &leaf, work, problems),
        Signer::Ca(ca) => {
            let issuer = authorities
                .get(ca)
                .and_then(|der| parse(&ca.file(), der, problems));
            // Without a readable issuer the problem is already reported.
            if let Some(issuer) = issuer {
                check_cert(&leaf_file, &leaf, &expected, &issuer, work, problems);
            }
        }
    }
    check_key(
        &key_file,
        &dir.join(&key_file),
        case.leaf.key,
        &leaf,
        problems,
    );
    if let Some(source) = case.copy_of {
        check_copy(dir, case, source, leaf_der, problems);
    }
    Ok(())
}

/// A case that copies another's leaf holds the same certificate and key.
fn check_copy(dir: &Path, case: &Case, source: &str, leaf: &[u8], problems: &mut Problems) {
    let source_chain = read_certificates(&dir.join(format!("cases/{source}/chain.pem")));
    if source_chain.is_ok_and(|ders| ders.first().map(Vec::as_slice) != Some(leaf)) {
        problems.add(
            &format!("cases/{}/chain.pem", case.name),
            format_args!("the leaf is not the one of `{source}`"),
        );
    }
    let key = fs::read(dir.join(format!("cases/{}/key.pem", case.name)));
    let source_key = fs::read(dir.join(format!("cases/{source}/key.pem")));
    if let (Ok(key), Ok(source_key)) = (key, source_key)
        && key != source_key
    {
        problems.add(
            &format!("cases/{}/key.pem", case.name),
            format_args!("is not the key of `{source}`"),
        );
    }
}

/// Flags directories under `cases/` that the table does not name: left
/// over from a renamed case, they would be tested by nobody.
fn check_no_strays(dir: &Path, problems: &mut Problems) {
    let Ok(entries) = fs::read_dir(dir.join("cases")) else {
        problems.add("cases", "cannot be read");
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !CASES.iter().any(|case| OsStr::new(case.name) == name) {
            problems.add(
                &format!("cases/{}", name.to_string_lossy()),
                "is not a case of the table",
            );
        }
    }
}

/// Every property `expected` lists, checked on `cert`, which `issuer` signed.
fn check_cert(
    file: &str,
    cert: &X509Certificate<'_>,
    expected: &Expected,
    issuer: &X509Certificate<'_>,
    work: &Workdir,
    problems: &mut Problems,
) {
    if cert.version() != X509Version::V3 {
        problems.add(file, "is not an X.509 v3 certificate");
    }
    let subject = match expected.organization {
        Some(organization) => format!("CN={}, O={organization}", expected.common_name),
        None => format!("CN={}", expected.common_name),
    };
    problems.compare(file, "the subject", &cert.subject().to_string(), &subject);
    if cert.issuer().as_raw() != issuer.subject().as_raw() {
        problems.add(
            file,
            format_args!(
                "the issuer is {}, expected {}",
                cert.issuer(),
                issuer.subject()
            ),
        );
    }
    let algorithm = cert.signature_algorithm.algorithm.to_id_string();
    problems.compare(
        file,
        "the signature algorithm",
        signature_name(&algorithm),
        expected.signature.name,
    );
    if let Err(why) = verify_signature(cert, issuer, work) {
        problems.add(
            file,
            format_args!("the signature does not verify with the issuer's key: {why}"),
        );
    }
    let validity = cert.validity();
    problems.compare(
        file,
        "notBefore",
        &show_timestamp(validity.not_before.timestamp()),
        &show_time(expected.not_before),
    );
    problems.compare(
        file,
        "notAfter",
        &show_timestamp(validity.not_after.timestamp()),
        &show_time(expected.not_after),
    );
    problems.compare(
        file,
        "the key",
        &key_text(cert.public_key()),
        expected.key.name(),
    );
    check_extensions(file, cert, expected, issuer, problems);
}

/// The extensions' part of `check_cert`.
fn check_extensions(
    file: &str,
    cert: &X509Certificate<'_>,
    expected: &Expected,
    issuer: &X509Certificate<'_>,
    problems: &mut Problems,
) {
    let constraints = match cert.basic_constraints() {
        Ok(Some(found)) if !found.critical => "not critical".to_owned(),
        Ok(Some(found)) => basic_constraints_text(found.value.ca, found.value.path_len_constraint),
        Ok(None) => "(none)".to_owned(),
        Err(error) => format!("unreadable ({error})"),
    };
    let want = basic_constraints_text(expected.ca, expected.path_len.map(u32::from));
    problems.compare(file, "basicConstraints", &constraints, &want);

    let usages = match cert.key_usage() {
        Ok(Some(found)) if !found.critical => "not critical".to_owned(),
        Ok(Some(found)) => key_usage_text(*found.value),
        Ok(None) => "(none)".to_owned(),
        Err(error) => format!("unreadable ({error})"),
    };
    let want: Vec<&str> = expected
        .key_usages
        .iter()
        .map(|usage| usage.name())
        .collect();
    problems.compare(file, "keyUsage", &usages, &want.join("+"));

    let ekus = match cert.extended_key_usage() {
        Ok(Some(found)) => eku_text(found.value),
        Ok(None) => "(none)".to_owned(),
        Err(error) => format!("unreadable ({error})"),
    };
    problems.compare(
        file,
        "extendedKeyUsage",
        &ekus,
        expected.eku.map_or("(none)", Eku::name),
    );

    let sans = match cert.subject_alternative_name() {
        Ok(Some(found)) => names_text(&found.value.general_names),
        Ok(None) => "(none)".to_owned(),
        Err(error) => format!("unreadable ({error})"),
    };
    problems.compare(file, "subjectAltName", &sans, &sans_text(expected.sans));

    let aia = cert
        .iter_extensions()
        .find_map(|extension| match extension.parsed_extension() {
            ParsedExtension::AuthorityInfoAccess(aia) => Some(
                aia.accessdescs
                    .iter()
                    .map(|access| {
                        let method = match access.access_method.to_id_string().as_str() {
                            "1.3.6.1.5.5.7.48.2" => "caIssuers".to_owned(),
                            other => other.to_owned(),
                        };
                        format!("{method} {}", name_text(&access.access_location))
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => None,
        })
        .unwrap_or_else(|| "(none)".to_owned());
    let want = expected
        .aia
        .map_or_else(|| "(none)".to_owned(), |uri| format!("caIssuers URI:{uri}"));
    problems.compare(file, "authorityInfoAccess", &aia, &want);

    if subject_key_id(cert).is_none() {
        problems.add(file, "has no subjectKeyIdentifier");
    }
    let authority_key_id = cert
        .iter_extensions()
        .find_map(|extension| match extension.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(id) => Some(
                id.key_identifier
                    .as_ref()
                    .map_or("(no key id)".to_owned(), |id| hex(id.0)),
            ),
            _ => None,
        })
        .unwrap_or_else(|| "(none)".to_owned());
    let want = if expected.authority_key_id {
        subject_key_id(issuer).map_or("the issuer's (which has none)".to_owned(), hex)
    } else {
        "(none)".to_owned()
    };
    problems.compare(file, "the authorityKeyIdentifier", &authority_key_id, &want);
}

/// Checks that `path` holds a PKCS#8 PEM key whose public half is `cert`'s.
fn check_key(
    file: &str,
    path: &Path,
    kind: KeyKind,
    cert: &X509Certificate<'_>,
    problems: &mut Problems,
) {
    let pem = match fs::read_to_string(path) {
        Ok(pem) => pem,
        Err(error) => {
            problems.add(file, format_args!("cannot be read: {error}"));
            return;
        }
    };
    match parse_x509_pem(pem.as_bytes()) {
        Ok((_, block)) if block.label == "PRIVATE KEY" => {}
        Ok((_, block)) => problems.add(
            file,
            format_args!(
                "is a {} PEM block, expected PRIVATE KEY (PKCS#8)",
                block.label
            ),
        ),
        Err(error) => problems.add(file, format_args!("is not PEM: {error}")),
    }
    let public = match kind.rcgen_algorithm() {
        Some(alg) => KeyPair::from_pem_and_sign_algo(&pem, alg)
            .map(|key| key.subject_public_key_info())
            .map_err(|error| format!("rcgen cannot load it: {error}")),
        // ring cannot load the key, so openssl derives its public half.
        None => openssl_public_key(path).map_err(|error| format!("{error:#}")),
    };
    match public {
        Ok(public) if public == cert.public_key().raw => {}
        Ok(_) => problems.add(file, "does not match the certificate's public key"),
        Err(error) => problems.add(file, error),
    }
}

/// The public key (a DER `SubjectPublicKeyInfo`) of the private key in `path`.
fn openssl_public_key(path: &Path) -> Result<Vec<u8>> {
    let dir = path.parent().unwrap_or(path);
    let name = path.file_name().unwrap_or(path.as_os_str());
    let args = [OsStr::new("pkey"), OsStr::new("-in"), name];
    openssl(
        dir,
        args.into_iter()
            .chain(["-pubout", "-outform", "DER"].map(OsStr::new)),
    )
}

/// All certificates in a PEM file, as DER.
fn read_certificates(path: &Path) -> Result<Vec<Vec<u8>>> {
    let text = fs::read(path).context("cannot be read")?;
    let mut ders = Vec::new();
    for block in Pem::iter_from_buffer(&text) {
        let block = block.context("is not PEM")?;
        if block.label != "CERTIFICATE" {
            bail!("holds a {} PEM block among its certificates", block.label);
        }
        ders.push(block.contents);
    }
    if ders.is_empty() {
        bail!("holds no certificate");
    }
    Ok(ders)
}

fn parse<'a>(file: &str, der: &'a [u8], problems: &mut Problems) -> Option<X509Certificate<'a>> {
    match X509Certificate::from_der(der) {
        Ok(([], cert)) => Some(cert),
        Ok(_) => {
            problems.add(file, "has bytes after a certificate");
            None
        }
        Err(error) => {
            problems.add(file, format_args!("is not an X.509 certificate: {error}"));
            None
        }
    }
}

/// Verifies `cert`'s signature with `issuer`'s key: ring where it can, and
/// the openssl command line for MD5, which ring does not verify.
fn verify_signature(
    cert: &X509Certificate<'_>,
    issuer: &X509Certificate<'_>,
    work: &Workdir,
) -> Result<(), String> {
    match cert.verify_signature(Some(issuer.public_key())) {
        Ok(()) => Ok(()),
        Err(X509Error::SignatureUnsupportedAlgorithm)
            if cert.signature_algorithm.algorithm.to_id_string() == RSA_MD5.oid =>
        {
            openssl_verify_md5(cert, issuer, work).map_err(|error| format!("{error:#}"))
        }
        Err(error) => Err(error.to_string()),
    }
}

fn openssl_verify_md5(
    cert: &X509Certificate<'_>,
    issuer: &X509Certificate<'_>,
    work: &Workdir,
) -> Result<()> {
    let files: [(&str, &[u8]); 3] = [
        ("tbs.der", cert.tbs_certificate.as_ref()),
        ("signature.bin", &cert.signature_value.data),
        ("issuer-key.der", issuer.public_key().raw),
    ];
    for (name, contents) in files {
        fs::write(work.join(name), contents)
            .with_context(|| format!("cannot write {name} to the work directory"))?;
    }
    openssl(
        work.path(),
        [
            "dgst",
            "-md5",
            "-verify",
            "issuer-key.der",
            "-keyform",
            "DER",
            "-signature",
            "signature.bin",
            "tbs.der",
        ],
    )
    .map(drop)
}

fn subject_key_id<'a>(cert: &X509Certificate<'a>) -> Option<&'a [u8]> {
    cert.iter_extensions()
        .find_map(|extension| match extension.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0),
            _ => None,
        })
}

fn signature_name(oid: &str) -> &str {
    [ECDSA_SHA256, RSA_SHA256, RSA_SHA1, RSA_MD5]
        .iter()
        .find(|alg| alg.oid == oid)
        .map_or(oid, |alg| alg.name)
}

/// A public key as `KeyKind::name` writes it.
fn key_text(spki: &SubjectPublicKeyInfo<'_>) -> String {
    let algorithm = spki.algorithm.algorithm.to_id_string();
    match algorithm.as_str() {
        "1.2.840.113549.1.1.1" => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => format!("RSA-{}", rsa.key_size()),
            _ => "an unreadable RSA key".to_owned(),
        },
        "1.2.840.10045.2.1" => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|parameters| parameters.as_oid().ok())
                .map(|oid| oid.to_id_string());
            match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => "ECDSA P-256".to_owned(),
                Some("1.2.840.10045.3.1.1") => "ECDSA P-192".to_owned(),
                Some(other) => format!("EC on curve {other}"),
                None => "EC without a named curve".to_owned(),
            }
        }
        other => format!("a key of type {other}"),
    }
}

fn key_usage_text(usage: KeyUsage) -> String {
    let bits = [
        ("digitalSignature", usage.digital_signature()),
        ("nonRepudiation", usage.non_repudiation()),
        ("keyEncipherment", usage.key_encipherment()),
        ("dataEncipherment", usage.data_encipherment()),
        ("keyAgreement", usage.key_agreement()),
        ("keyCertSign", usage.key_cert_sign()),
        ("cRLSign", usage.crl_sign()),
        ("encipherOnly", usage.encipher_only()),
        ("decipherOnly", usage.decipher_only()),
    ];
    let names: Vec<&str> = bits
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
    names.join("+")
}

fn eku_text(eku: &ExtendedKeyUsage<'_>) -> String {
    let known = [
        ("anyExtendedKeyUsage", eku.any),
        ("serverAuth", eku.server_auth),
        ("clientAuth", eku.client_auth),
        ("codeSigning", eku.code_signing),
        ("emailProtection", eku.email_protection),
        ("timeStamping", eku.time_stamping),
        ("OCSPSigning", eku.ocsp_signing),
    ];
    let mut names: Vec<String> = known
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| name.to_owned())
        .collect();
    names.extend(eku.other.iter().map(Oid::to_id_string));
    names.join("+")
}

fn names_text(names: &[GeneralName<'_>]) -> String {
    let names: Vec<String> = names.iter().map(name_text).collect();
    names.join(", ")
}

/// A name as `San`'s `Display` writes it.
fn name_text(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(name) => format!("DNS:{name}"),
        GeneralName::URI(uri) => format!("URI:{uri}"),
        GeneralName::IPAddress(bytes) => match <[u8; 4]>::try_from(*bytes) {
            Ok(v4) => format!("IP:{}", Ipv4Addr::from(v4)),
            Err(_) => match <[u8; 16]>::try_from(*bytes) {
                Ok(v6) => format!("IP:{}", Ipv6Addr::from(v6)),
                Err(_) => format!("IP:{}", hex(bytes)),
            },
        },
        other => format!("{other:?}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

// The openssl command line, in a private temporary directory.

/// A fresh directory under the system's temporary directory, removed when
/// dropped. The name is unique to the process and the call, so parallel
/// tests and runs do not share files.
struct Workdir(PathBuf);

impl Workdir {
    fn new() -> Result<Self> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.subsec_nanos());
        let name = format!(
            "hookcheck-fixtures-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        // `create_dir`, not `create_dir_all`: an existing directory of that
        // name is someone else's.
        fs::create_dir(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        // Best effort: a leftover directory in the temporary directory is
        // harmless, and a destructor cannot report a failure anyway.
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs `openssl` with `args` in `dir` and returns its standard output; a
/// failure names the command and carries openssl's own message.
fn openssl<I, S>(dir: &Path, args: I) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new("openssl");
    command.args(args).current_dir(dir);
    let output = command.output().with_context(|| {
        format!(
            "cannot run `{}` (is the openssl command line installed?)",
            display(&command)
        )
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        // One line, as every xtask error is: openssl's own message and its
        // error stack, joined.
        let message = stdout
            .lines()
            .chain(stderr.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        bail!(
            "`{}` failed ({}): {message}",
            display(&command),
            output.status
        );
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in files are what the table says, so `cargo test
    /// --workspace` fails when they drift from it.
    #[test]
    fn checked_in_fixtures_have_their_properties() {
        if let Err(error) = check(&workspace_root().join(DIR)) {
            panic!("{error:#}");
        }
    }

    #[test]
    fn the_table_is_consistent() {
        validate_table().unwrap();
        for ca in Ca::ALL {
            let spec = ca.spec();
            // Generation makes the authorities in `Ca::ALL` order.
            if let Some(issuer) = spec.issuer {
                let position = |wanted| Ca::ALL.iter().position(|ca| *ca == wanted);
                assert!(position(issuer) < position(ca), "{ca:?} before its issuer");
            }
            spec.expected().unwrap();
        }
    }

    #[test]
    fn der_lengths_round_trip() {
        for len in [0, 1, 127, 128, 255, 256, 70_000] {
            let contents = vec![0x5a; len];
            let encoded = der(0x04, &contents);
            assert_eq!(der_split(&encoded), Some((0x04, &contents[..], &[][..])));
        }
        // Indefinite and truncated lengths are not DER.
        assert_eq!(der_split(&[0x30, 0x80, 0x00, 0x00]), None);
        assert_eq!(der_split(&[0x04, 0x82, 0x01]), None);
        assert_eq!(der_split(&[0x04, 0x03, 0x01]), None);
    }

    #[test]
    fn aia_extension_encodes_as_openssl_does() {
        let value = authority_info_access("http://aia.hookcheck.test/x.der");
        // The encoding as `openssl asn1parse` shows it for openssl's own
        // `authorityInfoAccess = caIssuers;URI:…`.
        let mut expected = vec![0x30, 0x2d, 0x30, 0x2b];
        expected.extend([0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02]);
        expected.extend([0x86, 0x1f]);
        expected.extend(b"http://aia.hookcheck.test/x.der");
        assert_eq!(value, expected);
    }
}
