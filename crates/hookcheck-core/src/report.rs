//! The report every command produces, in the shape of the JSON contract
//! (SPEC §4). The serde types of the contract live here and nowhere else.

mod delivery;

use serde::{Deserialize, Serialize, Serializer};

pub use self::delivery::{
    BurstSummary, DeliveryOutcome, DeliveryRecord, DeliverySection, HistogramBar, LatencyMs,
    PhasesMs, RetryModel, RetryOutlook, Stage,
};
use crate::{Finding, Severity};

/// The version of the report's JSON shape. Fields are added freely; a rename
/// or removal bumps it.
pub const REPORT_VERSION: u32 = 1;

/// The JSON Schema of the report (draft 2020-12), checked in beside this file.
pub const REPORT_SCHEMA: &str = include_str!("../report.schema.json");

/// Whether the target is fit for push notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No finding of severity `error`.
    Ready,
    /// At least one finding of severity `error`.
    NotReady,
}

impl Verdict {
    /// The verdict that a set of findings amounts to.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Verdict {
        if findings.into_iter().any(|f| f.severity == Severity::Error) {
            Verdict::NotReady
        } else {
            Verdict::Ready
        }
    }

    /// The name used in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotReady => "not-ready",
        }
    }
}

/// One report: a target, what was found, and the details each check adds.
///
/// The verdict is derived from the findings, never stored beside them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// What was checked: a URL, a file name, or `-` for standard input.
    pub target: String,
    /// The 1-based input line, for documents read as NDJSON.
    pub line: Option<u64>,
    /// The findings, most severe first once the report is built.
    pub findings: Vec<Finding>,
    /// Details of a payload check.
    pub payload: Option<PayloadSection>,
    /// Details of a TLS check.
    pub tls: Option<TlsSection>,
    /// Details of a delivery run.
    pub delivery: Option<DeliverySection>,
}

impl Report {
    /// A report with its findings ordered most severe first (and otherwise as
    /// the checks produced them).
    pub fn new(target: impl Into<String>, mut findings: Vec<Finding>) -> Report {
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        Report {
            target: target.into(),
            findings,
            ..Report::default()
        }
    }

    /// The verdict the findings amount to.
    pub fn verdict(&self) -> Verdict {
        Verdict::of(&self.findings)
    }

    /// The number of findings of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What a payload check learned about the document beyond its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadSection {
    /// The document's size in bytes. For a whole document over the size
    /// limit, the bytes read before hookcheck stopped: the limit plus one.
    pub bytes: u64,
    /// The notification type, when the document has one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub notification_type: Option<String>,
    /// The signature check, when a signature header was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureCheck>,
}

/// The outcome of checking a delivery's signature against its body, under
/// the sender's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// How many comma-separated values the header carried.
    pub values: usize,
    /// How many secrets were tried.
    pub secrets: usize,
    /// The 1-based position (in the order given) of the first secret that
    /// produced one of the values; `None` when none did.
    pub matched_secret: Option<usize>,
}

/// What a TLS check learned about the endpoint beyond its findings: where it
/// connected, what was negotiated, the chain as presented and the path a
/// strict client would verify.
///
/// A chain read from a file (`source: file`) has no connection: the port,
/// address, negotiated protocol and suite, OCSP stapling, protocols, HSTS
/// and grade are absent rather than guessed, and so is the host when none
/// was given (trust is then judged without a name check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsSection {
    /// Where the chain came from: a server's handshake or a file.
    #[serde(default)]
    pub source: ChainSource,
    /// The host name (IDNs in their ASCII form) or IP address checked;
    /// absent when a chain from a file was judged without a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The port connected to; absent for a chain from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The socket address the connection went to, once one was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The instant certificate validity was judged at (RFC 3339).
    pub checked_at: String,
    /// Which roots were trusted: the built-in Mozilla set or a CA file.
    pub trust_store: String,
    /// Whether a strict client (webpki, these roots, this instant) accepts
    /// the chain the server presented for this host.
    pub trusted: bool,
    /// The negotiated protocol version, e.g. `TLSv1.3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The negotiated cipher suite, by its IANA name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher_suite: Option<String>,
    /// Whether the server stapled an OCSP response (unknown without a
    /// handshake).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocsp_stapled: Option<bool>,
    /// The certificates exactly as the server presented them.
    pub chain: Vec<CertificateSummary>,
    /// The path from the leaf towards a trust anchor, as far as it could be
    /// built (empty when no leaf could be read).
    pub verified_path: Vec<PathCertificate>,
    /// Missing issuers looked up through the certificates' AIA URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aia_fetches: Vec<AiaFetch>,
    /// The SSL Labs grade, when the protocols could be probed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// How the grade was reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// What each protocol version accepts, oldest first (empty when not
    /// probed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protocols: Vec<ProtocolSupport>,
    /// The HSTS policy the server sends, when an HTTP answer was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hsts: Option<HstsPolicy>,
    /// How many connections the protocol probes opened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_connections: Option<usize>,
    /// The server speaks only what hookcheck's strict client (rustls: TLS
    /// 1.2/1.3, ECDHE with AEAD suites) lacks, though an ordinary
    /// OpenSSL-based client agrees with it: the chain came from the
    /// protocol probe, and nothing that needs a session (HSTS, deliveries)
    /// could be observed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub legacy_only: bool,
}

/// Where a judged chain came from, which decides how findings speak of it
/// ("the server sends" or "the bundle holds").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChainSource {
    /// A server presented it in a TLS handshake.
    #[default]
    Server,
    /// A certificate bundle (PEM file) held it, before it is deployed.
    File,
}

/// What the server accepts in one protocol version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolSupport {
    /// `SSLv2` … `TLSv1.3`.
    pub version: String,
    /// Whether it is accepted; `null` when the probes could not tell.
    pub accepted: Option<bool>,
    /// The suites accepted, in the order the server chose them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cipher_suites: Vec<SuiteSupport>,
    /// Whether the server imposes its own order; absent when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_preference: Option<bool>,
    /// What could not be determined, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undetermined: Option<String>,
}

/// One accepted cipher suite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuiteSupport {
    /// The IANA name (or the SSL 2.0 cipher kind).
    pub name: String,
    /// The key exchange, e.g. `ECDHE`.
    pub key_exchange: String,
    /// How the server authenticates, e.g. `RSA`, `ECDSA`, `anonymous`.
    pub authentication: String,
    /// The bulk cipher, e.g. `AES_128_GCM`.
    pub cipher: String,
    /// The cipher's strength in bits.
    pub bits: u16,
    /// Forward secret.
    pub forward_secrecy: bool,
    /// Authenticated encryption.
    pub aead: bool,
    /// The key-exchange group the server chose, e.g. `x25519`, `DH 2048`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Why the suite is weak, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakness: Option<String>,
}

/// The `Strict-Transport-Security` header the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HstsPolicy {
    /// The header's value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Its max-age in seconds, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
    /// `includeSubDomains`.
    pub include_subdomains: bool,
    /// `preload`.
    pub preload: bool,
    /// Why the header is invalid, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// An SSL Labs grade (rating guide 2009r), best first.
///
/// `T` (trust) and `M` (name mismatch) override every letter; between the
/// two, `T` wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    /// A with no warning and a long HSTS policy.
    #[serde(rename = "A+")]
    APlus,
    /// A score of 80 or more.
    A,
    /// An A with a warning (no TLS 1.3, no valid HSTS policy).
    #[serde(rename = "A-")]
    AMinus,
    /// A score of 65 or more, or capped.
    B,
    /// A score of 50 or more, or capped.
    C,
    /// A score of 35 or more.
    D,
    /// A score of 20 or more.
    E,
    /// Below 20, or a fatal weakness.
    F,
    /// The certificate does not match the host name.
    M,
    /// The certificate is not trusted.
    T,
}

impl Grade {
    /// The letter the numeric score earns before any cap.
    pub const fn from_score(score: u32) -> Grade {
        match score {
            80.. => Grade::A,
            65..80 => Grade::B,
            50..65 => Grade::C,
            35..50 => Grade::D,
            20..35 => Grade::E,
            _ => Grade::F,
        }
    }

    /// The worse of two grades (a cap applied to a grade).
    #[must_use]
    pub fn worse(self, other: Grade) -> Grade {
        self.max(other)
    }

    /// Whether the grade meets the provider's requirement of an A (A-, A
    /// and A+ do).
    pub const fn meets_a(self) -> bool {
        matches!(self, Grade::APlus | Grade::A | Grade::AMinus)
    }

    /// Every grade, best first.
    pub const ALL: [Grade; 10] = [
        Grade::APlus,
        Grade::A,
        Grade::AMinus,
        Grade::B,
        Grade::C,
        Grade::D,
        Grade::E,
        Grade::F,
        Grade::M,
        Grade::T,
    ];

    /// The grade written `name` (`A+`, `b`, …), if any.
    pub fn from_name(name: &str) -> Option<Grade> {
        Grade::ALL
            .into_iter()
            .find(|grade| grade.as_str().eq_ignore_ascii_case(name))
    }

    /// The grade as written: `A+`, `B`, `T`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Grade::APlus => "A+",
            Grade::A => "A",
            Grade::AMinus => "A-",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
            Grade::F => "F",
            Grade::M => "M",
            Grade::T => "T",
        }
    }
}

/// How a grade was reached: the guide's three scores, the weighted total,
/// and each cap or adjustment with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The final grade.
    pub grade: Grade,
    /// The weighted score, 0–100 (30% protocol, 30% key exchange, 40%
    /// cipher).
    pub score: u32,
    /// Protocol support, 0–100.
    pub protocol_score: u32,
    /// Key exchange, 0–100.
    pub key_exchange_score: u32,
    /// Cipher strength, 0–100.
    pub cipher_score: u32,
    /// The caps, overrides and adjustments that applied.
    pub caps: Vec<GradeCap>,
}

/// One cap, override or adjustment of the grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCap {
    /// The grade it caps at (or sets, for `T`, `M`, `A-`, `A+`).
    pub grade: Grade,
    /// Why.
    pub reason: String,
}

/// One certificate as presented, with what a person checks first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateSummary {
    /// 0 for the leaf, then in the order the server sent them.
    pub position: usize,
    /// The subject's distinguished name (RFC 4514).
    pub subject: String,
    /// The issuer's distinguished name (RFC 4514).
    pub issuer: String,
    /// The serial number, hex.
    pub serial: String,
    /// Start of validity (RFC 3339).
    pub not_before: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// The key, e.g. `RSA 2048` or `ECDSA P-256`.
    pub key: String,
    /// The key's size in bits.
    pub key_bits: u32,
    /// The signature algorithm, e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// The SHA-256 fingerprint of the DER, lowercase hex.
    pub sha256: String,
    /// The subject alternative names, `DNS:…` and `IP:…`.
    pub san: Vec<String>,
    /// Whether basicConstraints marks it a certificate authority.
    pub ca: bool,
    /// Whether it is signed by its own key.
    pub self_signed: bool,
}

/// One step of the verification path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathCertificate {
    /// The certificate's subject (RFC 4514).
    pub subject: String,
    /// Where the certificate came from.
    pub source: CertificateSource,
    /// Its position in the presented chain, when the server sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// The AIA URL it was fetched from, when it was fetched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Where a certificate of the verification path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CertificateSource {
    /// The server sent it.
    Presented,
    /// hookcheck fetched it from an AIA URL (the provider will not).
    Fetched,
    /// A root of the trust store.
    TrustAnchor,
}

/// One attempt to fetch a missing issuer from an AIA caIssuers URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AiaFetch {
    /// The URL tried.
    pub url: String,
    /// How many certificates it returned; 0 when the fetch failed.
    pub certificates: usize,
    /// Why the fetch failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The wire shape, with the derived fields in their contract places.
        #[derive(Serialize)]
        struct Wire<'a> {
            hookcheck_version: &'static str,
            report_version: u32,
            target: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            line: Option<u64>,
            verdict: Verdict,
            findings: &'a [Finding],
            #[serde(skip_serializing_if = "Option::is_none")]
            tls: Option<&'a TlsSection>,
            #[serde(skip_serializing_if = "Option::is_none")]
            delivery: Option<&'a DeliverySection>,
            #[serde(skip_serializing_if = "Option::is_none")]
            payload: Option<&'a PayloadSection>,
        }
        Wire {
            hookcheck_version: env!("CARGO_PKG_VERSION"),
            report_version: REPORT_VERSION,
            target: &self.target,
            line: self.line,
            verdict: self.verdict(),
            findings: &self.findings,
            tls: self.tls.as_ref(),
            delivery: self.delivery.as_ref(),
            payload: self.payload.as_ref(),
        }
        .serialize(serializer)
    }
}
