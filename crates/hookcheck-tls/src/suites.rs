//! The cipher-suite catalogue behind the hand-built `ClientHello` probes: every
//! suite a probe offers, and what it is worth to the SSL Labs grade (key
//! exchange, authentication, bulk cipher and its strength, MAC, forward
//! secrecy, AEAD, and why it is weak).
//!
//! The probes offer exactly [`SUITES`], so a suite missing here is one no
//! server is ever asked about, and the table errs on the side of more. It
//! holds every suite OpenSSL 3.0 knows (what the test servers run) and rustls
//! speaks; the legacy ones OpenSSL has dropped that old servers still accept
//! (EXPORT, DES, RC4, IDEA, SEED, static DH and ECDH, Kerberos); and the rest
//! of the IANA registry's SSL 3.0 to TLS 1.2 suites (ARIA, Camellia, CCM, PSK,
//! SRP). Left out are the values that are no suite a server may choose
//! (`TLS_NULL_WITH_NULL_NULL`, `TLS_EMPTY_RENEGOTIATION_INFO_SCSV`,
//! `TLS_FALLBACK_SCSV`) and national, private or pre-standard algorithms:
//! Fortezza, GOST, SM4, TLS 1.3's integrity-only and ECCPWD suites, the draft
//! `CHACHA20_POLY1305` numbers (0xcc13-0xcc15) and Netscape's FIPS numbers.
//!
//! SSL 2.0 has no suites, only the seven cipher kinds of [`SSL2_CIPHERS`].

/// How the premaster secret is agreed: the part of the suite's name before
/// `_WITH_`.
///
/// The anonymous suites (`DH_anon`, `ECDH_anon`) are [`KeyExchange::Dhe`] and
/// [`KeyExchange::Ecdhe`] with [`Authentication::Anonymous`]: they send fresh
/// parameters in a `ServerKeyExchange` as DHE and ECDHE do, and differ only in
/// that nothing signs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExchange {
    /// RSA key transport: the client encrypts the secret to the
    /// certificate's key.
    Rsa,
    /// Static Diffie-Hellman: the DH key is the certificate's (`DH_DSS`,
    /// `DH_RSA`).
    Dh,
    /// Ephemeral Diffie-Hellman (`DHE_DSS`, `DHE_RSA`, `DH_anon`).
    Dhe,
    /// Static elliptic-curve Diffie-Hellman: the key is the certificate's
    /// (`ECDH_ECDSA`, `ECDH_RSA`).
    Ecdh,
    /// Ephemeral elliptic-curve Diffie-Hellman (`ECDHE_ECDSA`, `ECDHE_RSA`,
    /// `ECDH_anon`).
    Ecdhe,
    /// A pre-shared key alone.
    Psk,
    /// A pre-shared key with ephemeral DH (`DHE_PSK`, which the registry
    /// also spells `PSK_DHE`).
    DhePsk,
    /// A pre-shared key with ephemeral ECDH.
    EcdhePsk,
    /// A pre-shared key with a secret sent under the server's RSA key.
    RsaPsk,
    /// Secure Remote Password (RFC 5054).
    Srp,
    /// Kerberos (RFC 2712).
    Krb5,
    /// TLS 1.3, whose suites leave the key exchange to the `key_share`
    /// extension: ephemeral (EC)DH, the group says which. (A PSK-only
    /// resumption is the exception, and the probes never resume.)
    Tls13,
}

impl KeyExchange {
    /// The registry's spelling, e.g. `ECDHE`; `(EC)DHE` for TLS 1.3.
    pub fn name(self) -> &'static str {
        match self {
            KeyExchange::Rsa => "RSA",
            KeyExchange::Dh => "DH",
            KeyExchange::Dhe => "DHE",
            KeyExchange::Ecdh => "ECDH",
            KeyExchange::Ecdhe => "ECDHE",
            KeyExchange::Psk => "PSK",
            KeyExchange::DhePsk => "DHE_PSK",
            KeyExchange::EcdhePsk => "ECDHE_PSK",
            KeyExchange::RsaPsk => "RSA_PSK",
            KeyExchange::Srp => "SRP",
            KeyExchange::Krb5 => "KRB5",
            KeyExchange::Tls13 => "(EC)DHE",
        }
    }
}

/// How the server proves who it is.
///
/// For the static (EC)DH suites this is the algorithm that signed the
/// certificate holding the (EC)DH key (`DH_RSA` is [`Authentication::Rsa`]),
/// which is all the suite's name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authentication {
    /// An RSA certificate (also `RSA_PSK` and `SRP_SHA_RSA`).
    Rsa,
    /// A DSA certificate.
    Dss,
    /// An ECDSA certificate.
    Ecdsa,
    /// The pre-shared key itself.
    Psk,
    /// The SRP password verifier itself (`SRP_SHA`).
    Srp,
    /// A Kerberos ticket.
    Krb5,
    /// Nothing: `DH_anon` and `ECDH_anon`.
    Anonymous,
    /// TLS 1.3: whatever the certificate (and `signature_algorithms`) says.
    Certificate,
}

impl Authentication {
    /// How reports name it, e.g. `RSA`, `ECDSA`, `anonymous`.
    pub fn name(self) -> &'static str {
        match self {
            Authentication::Rsa => "RSA",
            Authentication::Dss => "DSS",
            Authentication::Ecdsa => "ECDSA",
            Authentication::Psk => "PSK",
            Authentication::Srp => "SRP",
            Authentication::Krb5 => "KRB5",
            Authentication::Anonymous => "anonymous",
            Authentication::Certificate => "certificate",
        }
    }
}

/// The bulk cipher, with its mode where the registry names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cipher {
    /// No encryption at all.
    Null,
    /// RC4 with 40 secret bits (EXPORT).
    Rc4_40,
    /// RC4 with 56 secret bits (EXPORT1024).
    Rc4_56,
    /// RC4 with a 128-bit key.
    Rc4_128,
    /// RC2-CBC with 40 secret bits (EXPORT).
    Rc2_40,
    /// DES-CBC with 40 secret bits (EXPORT; `DES40_CBC`, also `DES_CBC_40`).
    Des40,
    /// Single DES-CBC: a 56-bit key.
    Des,
    /// Triple DES (EDE) in CBC mode.
    TripleDes,
    /// IDEA-CBC.
    Idea,
    /// SEED-CBC.
    Seed,
    /// AES-128-CBC.
    Aes128Cbc,
    /// AES-256-CBC.
    Aes256Cbc,
    /// AES-128-GCM.
    Aes128Gcm,
    /// AES-256-GCM.
    Aes256Gcm,
    /// AES-128-CCM with a 16-byte tag.
    Aes128Ccm,
    /// AES-128-CCM with an 8-byte tag.
    Aes128Ccm8,
    /// AES-256-CCM with a 16-byte tag.
    Aes256Ccm,
    /// AES-256-CCM with an 8-byte tag.
    Aes256Ccm8,
    /// Camellia-128-CBC.
    Camellia128Cbc,
    /// Camellia-256-CBC.
    Camellia256Cbc,
    /// Camellia-128-GCM.
    Camellia128Gcm,
    /// Camellia-256-GCM.
    Camellia256Gcm,
    /// ARIA-128-CBC.
    Aria128Cbc,
    /// ARIA-256-CBC.
    Aria256Cbc,
    /// ARIA-128-GCM.
    Aria128Gcm,
    /// ARIA-256-GCM.
    Aria256Gcm,
    /// ChaCha20-Poly1305.
    Chacha20Poly1305,
}

impl Cipher {
    /// The strength the grade counts, as SSL Labs does: the secret key bits,
    /// except 3DES, which meet-in-the-middle brings down to 112.
    pub fn bits(self) -> u16 {
        match self {
            Cipher::Null => 0,
            Cipher::Rc4_40 | Cipher::Rc2_40 | Cipher::Des40 => 40,
            Cipher::Rc4_56 | Cipher::Des => 56,
            Cipher::TripleDes => 112,
            Cipher::Rc4_128
            | Cipher::Idea
            | Cipher::Seed
            | Cipher::Aes128Cbc
            | Cipher::Aes128Gcm
            | Cipher::Aes128Ccm
            | Cipher::Aes128Ccm8
            | Cipher::Camellia128Cbc
            | Cipher::Camellia128Gcm
            | Cipher::Aria128Cbc
            | Cipher::Aria128Gcm => 128,
            Cipher::Aes256Cbc
            | Cipher::Aes256Gcm
            | Cipher::Aes256Ccm
            | Cipher::Aes256Ccm8
            | Cipher::Camellia256Cbc
            | Cipher::Camellia256Gcm
            | Cipher::Aria256Cbc
            | Cipher::Aria256Gcm
            | Cipher::Chacha20Poly1305 => 256,
        }
    }

    /// Authenticated encryption (GCM, CCM, ChaCha20-Poly1305): no separate
    /// MAC, and none of CBC's padding oracles.
    pub fn is_aead(self) -> bool {
        matches!(
            self,
            Cipher::Aes128Gcm
                | Cipher::Aes256Gcm
                | Cipher::Aes128Ccm
                | Cipher::Aes128Ccm8
                | Cipher::Aes256Ccm
                | Cipher::Aes256Ccm8
                | Cipher::Camellia128Gcm
                | Cipher::Camellia256Gcm
                | Cipher::Aria128Gcm
                | Cipher::Aria256Gcm
                | Cipher::Chacha20Poly1305
        )
    }

    /// The registry's spelling, e.g. `AES_128_GCM`.
    pub fn name(self) -> &'static str {
        match self {
            Cipher::Null => "NULL",
            Cipher::Rc4_40 => "RC4_40",
            Cipher::Rc4_56 => "RC4_56",
            Cipher::Rc4_128 => "RC4_128",
            Cipher::Rc2_40 => "RC2_CBC_40",
            Cipher::Des40 => "DES40_CBC",
            Cipher::Des => "DES_CBC",
            Cipher::TripleDes => "3DES_EDE_CBC",
            Cipher::Idea => "IDEA_CBC",
            Cipher::Seed => "SEED_CBC",
            Cipher::Aes128Cbc => "AES_128_CBC",
            Cipher::Aes256Cbc => "AES_256_CBC",
            Cipher::Aes128Gcm => "AES_128_GCM",
            Cipher::Aes256Gcm => "AES_256_GCM",
            Cipher::Aes128Ccm => "AES_128_CCM",
            Cipher::Aes128Ccm8 => "AES_128_CCM_8",
            Cipher::Aes256Ccm => "AES_256_CCM",
            Cipher::Aes256Ccm8 => "AES_256_CCM_8",
            Cipher::Camellia128Cbc => "CAMELLIA_128_CBC",
            Cipher::Camellia256Cbc => "CAMELLIA_256_CBC",
            Cipher::Camellia128Gcm => "CAMELLIA_128_GCM",
            Cipher::Camellia256Gcm => "CAMELLIA_256_GCM",
            Cipher::Aria128Cbc => "ARIA_128_CBC",
            Cipher::Aria256Cbc => "ARIA_256_CBC",
            Cipher::Aria128Gcm => "ARIA_128_GCM",
            Cipher::Aria256Gcm => "ARIA_256_GCM",
            Cipher::Chacha20Poly1305 => "CHACHA20_POLY1305",
        }
    }
}

/// How records are authenticated: an HMAC, or the AEAD itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mac {
    /// HMAC-MD5.
    Md5,
    /// HMAC-SHA1 (the registry's `_SHA`).
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA384.
    Sha384,
    /// The cipher is an AEAD; a trailing `_SHA256`/`_SHA384` in the name is
    /// the PRF's hash.
    Aead,
}

/// One cipher suite of SSL 3.0 to TLS 1.3, as the IANA registry lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CipherSuite {
    /// The registry's value, e.g. `0xc02f`.
    pub id: u16,
    /// The registry's name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.
    pub name: &'static str,
    /// How the premaster secret is agreed.
    pub key_exchange: KeyExchange,
    /// How the server is authenticated.
    pub authentication: Authentication,
    /// The bulk cipher.
    pub cipher: Cipher,
    /// The record MAC.
    pub mac: Mac,
    /// An EXPORT suite: crippled on purpose for 1990s US export rules (40- or
    /// 56-bit ciphers, and 512- or 1024-bit key exchange), the FREAK and
    /// Logjam downgrades' way in.
    pub export: bool,
}

impl CipherSuite {
    /// Whether recorded traffic stays secret when the server's key leaks
    /// later: an ephemeral key exchange (DHE, ECDHE, their PSK forms, and
    /// all of TLS 1.3) that is also authenticated. Anonymous DH is ephemeral
    /// too, but anyone in the path can simply take part in it, so it counts
    /// as none.
    pub fn forward_secrecy(&self) -> bool {
        let ephemeral = matches!(
            self.key_exchange,
            KeyExchange::Dhe
                | KeyExchange::Ecdhe
                | KeyExchange::DhePsk
                | KeyExchange::EcdhePsk
                | KeyExchange::Tls13
        );
        ephemeral && !self.is_anonymous()
    }

    /// Authenticated encryption.
    pub fn is_aead(&self) -> bool {
        self.cipher.is_aead()
    }

    /// One of the five TLS 1.3 suites, which no earlier version can use (nor
    /// they any other suite).
    pub fn is_tls13(&self) -> bool {
        self.key_exchange == KeyExchange::Tls13
    }

    /// The cipher strength the grade counts ([`Cipher::bits`]).
    pub fn bits(&self) -> u16 {
        self.cipher.bits()
    }

    /// An RC4 suite, of any key size.
    pub fn is_rc4(&self) -> bool {
        matches!(
            self.cipher,
            Cipher::Rc4_40 | Cipher::Rc4_56 | Cipher::Rc4_128
        )
    }

    /// A 3DES suite.
    pub fn is_3des(&self) -> bool {
        self.cipher == Cipher::TripleDes
    }

    /// An anonymous suite: nothing authenticates the server.
    pub fn is_anonymous(&self) -> bool {
        self.authentication == Authentication::Anonymous
    }

    /// A suite that does not encrypt.
    pub fn is_null(&self) -> bool {
        self.cipher == Cipher::Null
    }

    /// Why `tls-weak-cipher` applies to this suite, the gravest reason
    /// first; `None` for a suite the grade does not hold against the server.
    pub fn weakness(&self) -> Option<&'static str> {
        if self.is_null() {
            Some("NULL cipher: no encryption")
        } else if self.is_anonymous() {
            Some("anonymous: the server is not authenticated")
        } else if self.export {
            Some("export grade: 40- or 56-bit cipher, weak key exchange")
        } else if self.is_rc4() {
            Some("RC4: biased keystream, banned by RFC 7465")
        } else if self.is_3des() {
            Some("3DES: 64-bit blocks, open to Sweet32")
        } else if self.bits() < 128 {
            Some("cipher weaker than 128 bits")
        } else {
            None
        }
    }
}

/// A suite that is not EXPORT.
const fn suite(
    id: u16,
    name: &'static str,
    key_exchange: KeyExchange,
    authentication: Authentication,
    cipher: Cipher,
    mac: Mac,
) -> CipherSuite {
    CipherSuite {
        id,
        name,
        key_exchange,
        authentication,
        cipher,
        mac,
        export: false,
    }
}

/// An EXPORT suite.
const fn export(
    id: u16,
    name: &'static str,
    key_exchange: KeyExchange,
    authentication: Authentication,
    cipher: Cipher,
    mac: Mac,
) -> CipherSuite {
    CipherSuite {
        export: true,
        ..suite(id, name, key_exchange, authentication, cipher, mac)
    }
}

/// Every suite hookcheck knows, sorted by id (which [`by_id`] relies on),
/// grouped by the registry block (and RFC) that defined it.
// One line a suite, in columns, so that the table reads as the registry
// does and a wrong cell stands out; rustfmt would break each into eight.
#[rustfmt::skip]
pub const SUITES: &[CipherSuite] = {
    use Authentication as A;
    use Cipher as C;
    use KeyExchange as K;
    use Mac as M;
    &[
        // The originals of SSL 3.0 and TLS 1.0 (RFC 2246, 4346, 5469): RSA, static DH,
        // DHE and anonymous DH, with NULL, RC4, RC2, IDEA, DES and 3DES, and the
        // 40-bit EXPORT forms.
        suite(0x0001,  "TLS_RSA_WITH_NULL_MD5",                        K::Rsa,      A::Rsa,         C::Null,             M::Md5),
        suite(0x0002,  "TLS_RSA_WITH_NULL_SHA",                        K::Rsa,      A::Rsa,         C::Null,             M::Sha1),
        export(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5",               K::Rsa,      A::Rsa,         C::Rc4_40,           M::Md5),
        suite(0x0004,  "TLS_RSA_WITH_RC4_128_MD5",                     K::Rsa,      A::Rsa,         C::Rc4_128,          M::Md5),
        suite(0x0005,  "TLS_RSA_WITH_RC4_128_SHA",                     K::Rsa,      A::Rsa,         C::Rc4_128,          M::Sha1),
        export(0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",           K::Rsa,      A::Rsa,         C::Rc2_40,           M::Md5),
        suite(0x0007,  "TLS_RSA_WITH_IDEA_CBC_SHA",                    K::Rsa,      A::Rsa,         C::Idea,             M::Sha1),
        export(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",            K::Rsa,      A::Rsa,         C::Des40,            M::Sha1),
        suite(0x0009,  "TLS_RSA_WITH_DES_CBC_SHA",                     K::Rsa,      A::Rsa,         C::Des,              M::Sha1),
        suite(0x000a,  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",                K::Rsa,      A::Rsa,         C::TripleDes,        M::Sha1),
        export(0x000b, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA",         K::Dh,       A::Dss,         C::Des40,            M::Sha1),
        suite(0x000c,  "TLS_DH_DSS_WITH_DES_CBC_SHA",                  K::Dh,       A::Dss,         C::Des,              M::Sha1),
        suite(0x000d,  "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA",             K::Dh,       A::Dss,         C::TripleDes,        M::Sha1),
        export(0x000e, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA",         K::Dh,       A::Rsa,         C::Des40,            M::Sha1),
        suite(0x000f,  "TLS_DH_RSA_WITH_DES_CBC_SHA",                  K::Dh,       A::Rsa,         C::Des,              M::Sha1),
        suite(0x0010,  "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA",             K::Dh,       A::Rsa,         C::TripleDes,        M::Sha1),
        export(0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",        K::Dhe,      A::Dss,         C::Des40,            M::Sha1),
        suite(0x0012,  "TLS_DHE_DSS_WITH_DES_CBC_SHA",                 K::Dhe,      A::Dss,         C::Des,              M::Sha1),
        suite(0x0013,  "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",            K::Dhe,      A::Dss,         C::TripleDes,        M::Sha1),
        export(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",        K::Dhe,      A::Rsa,         C::Des40,            M::Sha1),
        suite(0x0015,  "TLS_DHE_RSA_WITH_DES_CBC_SHA",                 K::Dhe,      A::Rsa,         C::Des,              M::Sha1),
        suite(0x0016,  "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",            K::Dhe,      A::Rsa,         C::TripleDes,        M::Sha1),
        export(0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5",           K::Dhe,      A::Anonymous,   C::Rc4_40,           M::Md5),
        suite(0x0018,  "TLS_DH_anon_WITH_RC4_128_MD5",                 K::Dhe,      A::Anonymous,   C::Rc4_128,          M::Md5),
        export(0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA",        K::Dhe,      A::Anonymous,   C::Des40,            M::Sha1),
        suite(0x001a,  "TLS_DH_anon_WITH_DES_CBC_SHA",                 K::Dhe,      A::Anonymous,   C::Des,              M::Sha1),
        suite(0x001b,  "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",            K::Dhe,      A::Anonymous,   C::TripleDes,        M::Sha1),

        // Kerberos (RFC 2712).
        suite(0x001e,  "TLS_KRB5_WITH_DES_CBC_SHA",                    K::Krb5,     A::Krb5,        C::Des,              M::Sha1),
        suite(0x001f,  "TLS_KRB5_WITH_3DES_EDE_CBC_SHA",               K::Krb5,     A::Krb5,        C::TripleDes,        M::Sha1),
        suite(0x0020,  "TLS_KRB5_WITH_RC4_128_SHA",                    K::Krb5,     A::Krb5,        C::Rc4_128,          M::Sha1),
        suite(0x0021,  "TLS_KRB5_WITH_IDEA_CBC_SHA",                   K::Krb5,     A::Krb5,        C::Idea,             M::Sha1),
        suite(0x0022,  "TLS_KRB5_WITH_DES_CBC_MD5",                    K::Krb5,     A::Krb5,        C::Des,              M::Md5),
        suite(0x0023,  "TLS_KRB5_WITH_3DES_EDE_CBC_MD5",               K::Krb5,     A::Krb5,        C::TripleDes,        M::Md5),
        suite(0x0024,  "TLS_KRB5_WITH_RC4_128_MD5",                    K::Krb5,     A::Krb5,        C::Rc4_128,          M::Md5),
        suite(0x0025,  "TLS_KRB5_WITH_IDEA_CBC_MD5",                   K::Krb5,     A::Krb5,        C::Idea,             M::Md5),
        export(0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA",          K::Krb5,     A::Krb5,        C::Des40,            M::Sha1),
        export(0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA",          K::Krb5,     A::Krb5,        C::Rc2_40,           M::Sha1),
        export(0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA",              K::Krb5,     A::Krb5,        C::Rc4_40,           M::Sha1),
        export(0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5",          K::Krb5,     A::Krb5,        C::Des40,            M::Md5),
        export(0x002a, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5",          K::Krb5,     A::Krb5,        C::Rc2_40,           M::Md5),
        export(0x002b, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5",              K::Krb5,     A::Krb5,        C::Rc4_40,           M::Md5),

        // PSK without encryption (RFC 4785).
        suite(0x002c,  "TLS_PSK_WITH_NULL_SHA",                        K::Psk,      A::Psk,         C::Null,             M::Sha1),
        suite(0x002d,  "TLS_DHE_PSK_WITH_NULL_SHA",                    K::DhePsk,   A::Psk,         C::Null,             M::Sha1),
        suite(0x002e,  "TLS_RSA_PSK_WITH_NULL_SHA",                    K::RsaPsk,   A::Rsa,         C::Null,             M::Sha1),

        // AES-CBC (RFC 3268, now RFC 5246).
        suite(0x002f,  "TLS_RSA_WITH_AES_128_CBC_SHA",                 K::Rsa,      A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0x0030,  "TLS_DH_DSS_WITH_AES_128_CBC_SHA",              K::Dh,       A::Dss,         C::Aes128Cbc,        M::Sha1),
        suite(0x0031,  "TLS_DH_RSA_WITH_AES_128_CBC_SHA",              K::Dh,       A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0x0032,  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",             K::Dhe,      A::Dss,         C::Aes128Cbc,        M::Sha1),
        suite(0x0033,  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",             K::Dhe,      A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0x0034,  "TLS_DH_anon_WITH_AES_128_CBC_SHA",             K::Dhe,      A::Anonymous,   C::Aes128Cbc,        M::Sha1),
        suite(0x0035,  "TLS_RSA_WITH_AES_256_CBC_SHA",                 K::Rsa,      A::Rsa,         C::Aes256Cbc,        M::Sha1),
        suite(0x0036,  "TLS_DH_DSS_WITH_AES_256_CBC_SHA",              K::Dh,       A::Dss,         C::Aes256Cbc,        M::Sha1),
        suite(0x0037,  "TLS_DH_RSA_WITH_AES_256_CBC_SHA",              K::Dh,       A::Rsa,         C::Aes256Cbc,        M::Sha1),
        suite(0x0038,  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",             K::Dhe,      A::Dss,         C::Aes256Cbc,        M::Sha1),
        suite(0x0039,  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",             K::Dhe,      A::Rsa,         C::Aes256Cbc,        M::Sha1),
        suite(0x003a,  "TLS_DH_anon_WITH_AES_256_CBC_SHA",             K::Dhe,      A::Anonymous,   C::Aes256Cbc,        M::Sha1),

        // TLS 1.2's SHA-256 MACs (RFC 5246).
        suite(0x003b,  "TLS_RSA_WITH_NULL_SHA256",                     K::Rsa,      A::Rsa,         C::Null,             M::Sha256),
        suite(0x003c,  "TLS_RSA_WITH_AES_128_CBC_SHA256",              K::Rsa,      A::Rsa,         C::Aes128Cbc,        M::Sha256),
        suite(0x003d,  "TLS_RSA_WITH_AES_256_CBC_SHA256",              K::Rsa,      A::Rsa,         C::Aes256Cbc,        M::Sha256),
        suite(0x003e,  "TLS_DH_DSS_WITH_AES_128_CBC_SHA256",           K::Dh,       A::Dss,         C::Aes128Cbc,        M::Sha256),
        suite(0x003f,  "TLS_DH_RSA_WITH_AES_128_CBC_SHA256",           K::Dh,       A::Rsa,         C::Aes128Cbc,        M::Sha256),
        suite(0x0040,  "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",          K::Dhe,      A::Dss,         C::Aes128Cbc,        M::Sha256),

        // Camellia-128-CBC (RFC 5932).
        suite(0x0041,  "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",            K::Rsa,      A::Rsa,         C::Camellia128Cbc,   M::Sha1),
        suite(0x0042,  "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA",         K::Dh,       A::Dss,         C::Camellia128Cbc,   M::Sha1),
        suite(0x0043,  "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA",         K::Dh,       A::Rsa,         C::Camellia128Cbc,   M::Sha1),
        suite(0x0044,  "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA",        K::Dhe,      A::Dss,         C::Camellia128Cbc,   M::Sha1),
        suite(0x0045,  "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",        K::Dhe,      A::Rsa,         C::Camellia128Cbc,   M::Sha1),
        suite(0x0046,  "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",        K::Dhe,      A::Anonymous,   C::Camellia128Cbc,   M::Sha1),

        // The 56-bit EXPORT1024 suites and DHE-DSS-RC4 of
        // draft-ietf-tls-56-bit-ciphersuites-01, which OpenSSL before 1.1.0
        // offered. The draft expired and the registry never took them, so these
        // names are the draft's; 0x0060 and 0x0061 were left out because no
        // OpenSSL ever enabled them.
        export(0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA",          K::Rsa,      A::Rsa,         C::Des,              M::Sha1),
        export(0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",      K::Dhe,      A::Dss,         C::Des,              M::Sha1),
        export(0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA",           K::Rsa,      A::Rsa,         C::Rc4_56,           M::Sha1),
        export(0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA",       K::Dhe,      A::Dss,         C::Rc4_56,           M::Sha1),
        suite(0x0066,  "TLS_DHE_DSS_WITH_RC4_128_SHA",                 K::Dhe,      A::Dss,         C::Rc4_128,          M::Sha1),

        // TLS 1.2's SHA-256 MACs, continued (RFC 5246).
        suite(0x0067,  "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",          K::Dhe,      A::Rsa,         C::Aes128Cbc,        M::Sha256),
        suite(0x0068,  "TLS_DH_DSS_WITH_AES_256_CBC_SHA256",           K::Dh,       A::Dss,         C::Aes256Cbc,        M::Sha256),
        suite(0x0069,  "TLS_DH_RSA_WITH_AES_256_CBC_SHA256",           K::Dh,       A::Rsa,         C::Aes256Cbc,        M::Sha256),
        suite(0x006a,  "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",          K::Dhe,      A::Dss,         C::Aes256Cbc,        M::Sha256),
        suite(0x006b,  "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",          K::Dhe,      A::Rsa,         C::Aes256Cbc,        M::Sha256),
        suite(0x006c,  "TLS_DH_anon_WITH_AES_128_CBC_SHA256",          K::Dhe,      A::Anonymous,   C::Aes128Cbc,        M::Sha256),
        suite(0x006d,  "TLS_DH_anon_WITH_AES_256_CBC_SHA256",          K::Dhe,      A::Anonymous,   C::Aes256Cbc,        M::Sha256),

        // Camellia-256-CBC (RFC 5932).
        suite(0x0084,  "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",            K::Rsa,      A::Rsa,         C::Camellia256Cbc,   M::Sha1),
        suite(0x0085,  "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA",         K::Dh,       A::Dss,         C::Camellia256Cbc,   M::Sha1),
        suite(0x0086,  "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA",         K::Dh,       A::Rsa,         C::Camellia256Cbc,   M::Sha1),
        suite(0x0087,  "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA",        K::Dhe,      A::Dss,         C::Camellia256Cbc,   M::Sha1),
        suite(0x0088,  "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",        K::Dhe,      A::Rsa,         C::Camellia256Cbc,   M::Sha1),
        suite(0x0089,  "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",        K::Dhe,      A::Anonymous,   C::Camellia256Cbc,   M::Sha1),

        // Pre-shared keys (RFC 4279).
        suite(0x008a,  "TLS_PSK_WITH_RC4_128_SHA",                     K::Psk,      A::Psk,         C::Rc4_128,          M::Sha1),
        suite(0x008b,  "TLS_PSK_WITH_3DES_EDE_CBC_SHA",                K::Psk,      A::Psk,         C::TripleDes,        M::Sha1),
        suite(0x008c,  "TLS_PSK_WITH_AES_128_CBC_SHA",                 K::Psk,      A::Psk,         C::Aes128Cbc,        M::Sha1),
        suite(0x008d,  "TLS_PSK_WITH_AES_256_CBC_SHA",                 K::Psk,      A::Psk,         C::Aes256Cbc,        M::Sha1),
        suite(0x008e,  "TLS_DHE_PSK_WITH_RC4_128_SHA",                 K::DhePsk,   A::Psk,         C::Rc4_128,          M::Sha1),
        suite(0x008f,  "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA",            K::DhePsk,   A::Psk,         C::TripleDes,        M::Sha1),
        suite(0x0090,  "TLS_DHE_PSK_WITH_AES_128_CBC_SHA",             K::DhePsk,   A::Psk,         C::Aes128Cbc,        M::Sha1),
        suite(0x0091,  "TLS_DHE_PSK_WITH_AES_256_CBC_SHA",             K::DhePsk,   A::Psk,         C::Aes256Cbc,        M::Sha1),
        suite(0x0092,  "TLS_RSA_PSK_WITH_RC4_128_SHA",                 K::RsaPsk,   A::Rsa,         C::Rc4_128,          M::Sha1),
        suite(0x0093,  "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA",            K::RsaPsk,   A::Rsa,         C::TripleDes,        M::Sha1),
        suite(0x0094,  "TLS_RSA_PSK_WITH_AES_128_CBC_SHA",             K::RsaPsk,   A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0x0095,  "TLS_RSA_PSK_WITH_AES_256_CBC_SHA",             K::RsaPsk,   A::Rsa,         C::Aes256Cbc,        M::Sha1),

        // SEED (RFC 4162).
        suite(0x0096,  "TLS_RSA_WITH_SEED_CBC_SHA",                    K::Rsa,      A::Rsa,         C::Seed,             M::Sha1),
        suite(0x0097,  "TLS_DH_DSS_WITH_SEED_CBC_SHA",                 K::Dh,       A::Dss,         C::Seed,             M::Sha1),
        suite(0x0098,  "TLS_DH_RSA_WITH_SEED_CBC_SHA",                 K::Dh,       A::Rsa,         C::Seed,             M::Sha1),
        suite(0x0099,  "TLS_DHE_DSS_WITH_SEED_CBC_SHA",                K::Dhe,      A::Dss,         C::Seed,             M::Sha1),
        suite(0x009a,  "TLS_DHE_RSA_WITH_SEED_CBC_SHA",                K::Dhe,      A::Rsa,         C::Seed,             M::Sha1),
        suite(0x009b,  "TLS_DH_anon_WITH_SEED_CBC_SHA",                K::Dhe,      A::Anonymous,   C::Seed,             M::Sha1),

        // AES-GCM (RFC 5288).
        suite(0x009c,  "TLS_RSA_WITH_AES_128_GCM_SHA256",              K::Rsa,      A::Rsa,         C::Aes128Gcm,        M::Aead),
        suite(0x009d,  "TLS_RSA_WITH_AES_256_GCM_SHA384",              K::Rsa,      A::Rsa,         C::Aes256Gcm,        M::Aead),
        suite(0x009e,  "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",          K::Dhe,      A::Rsa,         C::Aes128Gcm,        M::Aead),
        suite(0x009f,  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",          K::Dhe,      A::Rsa,         C::Aes256Gcm,        M::Aead),
        suite(0x00a0,  "TLS_DH_RSA_WITH_AES_128_GCM_SHA256",           K::Dh,       A::Rsa,         C::Aes128Gcm,        M::Aead),
        suite(0x00a1,  "TLS_DH_RSA_WITH_AES_256_GCM_SHA384",           K::Dh,       A::Rsa,         C::Aes256Gcm,        M::Aead),
        suite(0x00a2,  "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",          K::Dhe,      A::Dss,         C::Aes128Gcm,        M::Aead),
        suite(0x00a3,  "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",          K::Dhe,      A::Dss,         C::Aes256Gcm,        M::Aead),
        suite(0x00a4,  "TLS_DH_DSS_WITH_AES_128_GCM_SHA256",           K::Dh,       A::Dss,         C::Aes128Gcm,        M::Aead),
        suite(0x00a5,  "TLS_DH_DSS_WITH_AES_256_GCM_SHA384",           K::Dh,       A::Dss,         C::Aes256Gcm,        M::Aead),
        suite(0x00a6,  "TLS_DH_anon_WITH_AES_128_GCM_SHA256",          K::Dhe,      A::Anonymous,   C::Aes128Gcm,        M::Aead),
        suite(0x00a7,  "TLS_DH_anon_WITH_AES_256_GCM_SHA384",          K::Dhe,      A::Anonymous,   C::Aes256Gcm,        M::Aead),

        // PSK with GCM, SHA-256/384 and NULL (RFC 5487).
        suite(0x00a8,  "TLS_PSK_WITH_AES_128_GCM_SHA256",              K::Psk,      A::Psk,         C::Aes128Gcm,        M::Aead),
        suite(0x00a9,  "TLS_PSK_WITH_AES_256_GCM_SHA384",              K::Psk,      A::Psk,         C::Aes256Gcm,        M::Aead),
        suite(0x00aa,  "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",          K::DhePsk,   A::Psk,         C::Aes128Gcm,        M::Aead),
        suite(0x00ab,  "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384",          K::DhePsk,   A::Psk,         C::Aes256Gcm,        M::Aead),
        suite(0x00ac,  "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256",          K::RsaPsk,   A::Rsa,         C::Aes128Gcm,        M::Aead),
        suite(0x00ad,  "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384",          K::RsaPsk,   A::Rsa,         C::Aes256Gcm,        M::Aead),
        suite(0x00ae,  "TLS_PSK_WITH_AES_128_CBC_SHA256",              K::Psk,      A::Psk,         C::Aes128Cbc,        M::Sha256),
        suite(0x00af,  "TLS_PSK_WITH_AES_256_CBC_SHA384",              K::Psk,      A::Psk,         C::Aes256Cbc,        M::Sha384),
        suite(0x00b0,  "TLS_PSK_WITH_NULL_SHA256",                     K::Psk,      A::Psk,         C::Null,             M::Sha256),
        suite(0x00b1,  "TLS_PSK_WITH_NULL_SHA384",                     K::Psk,      A::Psk,         C::Null,             M::Sha384),
        suite(0x00b2,  "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256",          K::DhePsk,   A::Psk,         C::Aes128Cbc,        M::Sha256),
        suite(0x00b3,  "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384",          K::DhePsk,   A::Psk,         C::Aes256Cbc,        M::Sha384),
        suite(0x00b4,  "TLS_DHE_PSK_WITH_NULL_SHA256",                 K::DhePsk,   A::Psk,         C::Null,             M::Sha256),
        suite(0x00b5,  "TLS_DHE_PSK_WITH_NULL_SHA384",                 K::DhePsk,   A::Psk,         C::Null,             M::Sha384),
        suite(0x00b6,  "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256",          K::RsaPsk,   A::Rsa,         C::Aes128Cbc,        M::Sha256),
        suite(0x00b7,  "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384",          K::RsaPsk,   A::Rsa,         C::Aes256Cbc,        M::Sha384),
        suite(0x00b8,  "TLS_RSA_PSK_WITH_NULL_SHA256",                 K::RsaPsk,   A::Rsa,         C::Null,             M::Sha256),
        suite(0x00b9,  "TLS_RSA_PSK_WITH_NULL_SHA384",                 K::RsaPsk,   A::Rsa,         C::Null,             M::Sha384),

        // Camellia with SHA-256 (RFC 5932).
        suite(0x00ba,  "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256",         K::Rsa,      A::Rsa,         C::Camellia128Cbc,   M::Sha256),
        suite(0x00bb,  "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256",      K::Dh,       A::Dss,         C::Camellia128Cbc,   M::Sha256),
        suite(0x00bc,  "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256",      K::Dh,       A::Rsa,         C::Camellia128Cbc,   M::Sha256),
        suite(0x00bd,  "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256",     K::Dhe,      A::Dss,         C::Camellia128Cbc,   M::Sha256),
        suite(0x00be,  "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",     K::Dhe,      A::Rsa,         C::Camellia128Cbc,   M::Sha256),
        suite(0x00bf,  "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256",     K::Dhe,      A::Anonymous,   C::Camellia128Cbc,   M::Sha256),
        suite(0x00c0,  "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",         K::Rsa,      A::Rsa,         C::Camellia256Cbc,   M::Sha256),
        suite(0x00c1,  "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256",      K::Dh,       A::Dss,         C::Camellia256Cbc,   M::Sha256),
        suite(0x00c2,  "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256",      K::Dh,       A::Rsa,         C::Camellia256Cbc,   M::Sha256),
        suite(0x00c3,  "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256",     K::Dhe,      A::Dss,         C::Camellia256Cbc,   M::Sha256),
        suite(0x00c4,  "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",     K::Dhe,      A::Rsa,         C::Camellia256Cbc,   M::Sha256),
        suite(0x00c5,  "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256",     K::Dhe,      A::Anonymous,   C::Camellia256Cbc,   M::Sha256),

        // TLS 1.3 (RFC 8446): the suite names only the AEAD and the hash; the key
        // exchange and the authentication are negotiated apart.
        suite(0x1301,  "TLS_AES_128_GCM_SHA256",                       K::Tls13,    A::Certificate, C::Aes128Gcm,        M::Aead),
        suite(0x1302,  "TLS_AES_256_GCM_SHA384",                       K::Tls13,    A::Certificate, C::Aes256Gcm,        M::Aead),
        suite(0x1303,  "TLS_CHACHA20_POLY1305_SHA256",                 K::Tls13,    A::Certificate, C::Chacha20Poly1305, M::Aead),
        suite(0x1304,  "TLS_AES_128_CCM_SHA256",                       K::Tls13,    A::Certificate, C::Aes128Ccm,        M::Aead),
        suite(0x1305,  "TLS_AES_128_CCM_8_SHA256",                     K::Tls13,    A::Certificate, C::Aes128Ccm8,       M::Aead),

        // Elliptic curves (RFC 4492, now RFC 8422): static ECDH, ECDHE and
        // anonymous ECDH.
        suite(0xc001,  "TLS_ECDH_ECDSA_WITH_NULL_SHA",                 K::Ecdh,     A::Ecdsa,       C::Null,             M::Sha1),
        suite(0xc002,  "TLS_ECDH_ECDSA_WITH_RC4_128_SHA",              K::Ecdh,     A::Ecdsa,       C::Rc4_128,          M::Sha1),
        suite(0xc003,  "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA",         K::Ecdh,     A::Ecdsa,       C::TripleDes,        M::Sha1),
        suite(0xc004,  "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",          K::Ecdh,     A::Ecdsa,       C::Aes128Cbc,        M::Sha1),
        suite(0xc005,  "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",          K::Ecdh,     A::Ecdsa,       C::Aes256Cbc,        M::Sha1),
        suite(0xc006,  "TLS_ECDHE_ECDSA_WITH_NULL_SHA",                K::Ecdhe,    A::Ecdsa,       C::Null,             M::Sha1),
        suite(0xc007,  "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",             K::Ecdhe,    A::Ecdsa,       C::Rc4_128,          M::Sha1),
        suite(0xc008,  "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",        K::Ecdhe,    A::Ecdsa,       C::TripleDes,        M::Sha1),
        suite(0xc009,  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",         K::Ecdhe,    A::Ecdsa,       C::Aes128Cbc,        M::Sha1),
        suite(0xc00a,  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",         K::Ecdhe,    A::Ecdsa,       C::Aes256Cbc,        M::Sha1),
        suite(0xc00b,  "TLS_ECDH_RSA_WITH_NULL_SHA",                   K::Ecdh,     A::Rsa,         C::Null,             M::Sha1),
        suite(0xc00c,  "TLS_ECDH_RSA_WITH_RC4_128_SHA",                K::Ecdh,     A::Rsa,         C::Rc4_128,          M::Sha1),
        suite(0xc00d,  "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA",           K::Ecdh,     A::Rsa,         C::TripleDes,        M::Sha1),
        suite(0xc00e,  "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",            K::Ecdh,     A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0xc00f,  "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",            K::Ecdh,     A::Rsa,         C::Aes256Cbc,        M::Sha1),
        suite(0xc010,  "TLS_ECDHE_RSA_WITH_NULL_SHA",                  K::Ecdhe,    A::Rsa,         C::Null,             M::Sha1),
        suite(0xc011,  "TLS_ECDHE_RSA_WITH_RC4_128_SHA",               K::Ecdhe,    A::Rsa,         C::Rc4_128,          M::Sha1),
        suite(0xc012,  "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",          K::Ecdhe,    A::Rsa,         C::TripleDes,        M::Sha1),
        suite(0xc013,  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",           K::Ecdhe,    A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0xc014,  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",           K::Ecdhe,    A::Rsa,         C::Aes256Cbc,        M::Sha1),
        suite(0xc015,  "TLS_ECDH_anon_WITH_NULL_SHA",                  K::Ecdhe,    A::Anonymous,   C::Null,             M::Sha1),
        suite(0xc016,  "TLS_ECDH_anon_WITH_RC4_128_SHA",               K::Ecdhe,    A::Anonymous,   C::Rc4_128,          M::Sha1),
        suite(0xc017,  "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA",          K::Ecdhe,    A::Anonymous,   C::TripleDes,        M::Sha1),
        suite(0xc018,  "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",           K::Ecdhe,    A::Anonymous,   C::Aes128Cbc,        M::Sha1),
        suite(0xc019,  "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",           K::Ecdhe,    A::Anonymous,   C::Aes256Cbc,        M::Sha1),

        // SRP (RFC 5054).
        suite(0xc01a,  "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA",            K::Srp,      A::Srp,         C::TripleDes,        M::Sha1),
        suite(0xc01b,  "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA",        K::Srp,      A::Rsa,         C::TripleDes,        M::Sha1),
        suite(0xc01c,  "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA",        K::Srp,      A::Dss,         C::TripleDes,        M::Sha1),
        suite(0xc01d,  "TLS_SRP_SHA_WITH_AES_128_CBC_SHA",             K::Srp,      A::Srp,         C::Aes128Cbc,        M::Sha1),
        suite(0xc01e,  "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA",         K::Srp,      A::Rsa,         C::Aes128Cbc,        M::Sha1),
        suite(0xc01f,  "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA",         K::Srp,      A::Dss,         C::Aes128Cbc,        M::Sha1),
        suite(0xc020,  "TLS_SRP_SHA_WITH_AES_256_CBC_SHA",             K::Srp,      A::Srp,         C::Aes256Cbc,        M::Sha1),
        suite(0xc021,  "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA",         K::Srp,      A::Rsa,         C::Aes256Cbc,        M::Sha1),
        suite(0xc022,  "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA",         K::Srp,      A::Dss,         C::Aes256Cbc,        M::Sha1),

        // Elliptic curves with SHA-256/384 and GCM (RFC 5289).
        suite(0xc023,  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",      K::Ecdhe,    A::Ecdsa,       C::Aes128Cbc,        M::Sha256),
        suite(0xc024,  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",      K::Ecdhe,    A::Ecdsa,       C::Aes256Cbc,        M::Sha384),
        suite(0xc025,  "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",       K::Ecdh,     A::Ecdsa,       C::Aes128Cbc,        M::Sha256),
        suite(0xc026,  "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384",       K::Ecdh,     A::Ecdsa,       C::Aes256Cbc,        M::Sha384),
        suite(0xc027,  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",        K::Ecdhe,    A::Rsa,         C::Aes128Cbc,        M::Sha256),
        suite(0xc028,  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",        K::Ecdhe,    A::Rsa,         C::Aes256Cbc,        M::Sha384),
        suite(0xc029,  "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",         K::Ecdh,     A::Rsa,         C::Aes128Cbc,        M::Sha256),
        suite(0xc02a,  "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",         K::Ecdh,     A::Rsa,         C::Aes256Cbc,        M::Sha384),
        suite(0xc02b,  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",      K::Ecdhe,    A::Ecdsa,       C::Aes128Gcm,        M::Aead),
        suite(0xc02c,  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",      K::Ecdhe,    A::Ecdsa,       C::Aes256Gcm,        M::Aead),
        suite(0xc02d,  "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",       K::Ecdh,     A::Ecdsa,       C::Aes128Gcm,        M::Aead),
        suite(0xc02e,  "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384",       K::Ecdh,     A::Ecdsa,       C::Aes256Gcm,        M::Aead),
        suite(0xc02f,  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",        K::Ecdhe,    A::Rsa,         C::Aes128Gcm,        M::Aead),
        suite(0xc030,  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",        K::Ecdhe,    A::Rsa,         C::Aes256Gcm,        M::Aead),
        suite(0xc031,  "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",         K::Ecdh,     A::Rsa,         C::Aes128Gcm,        M::Aead),
        suite(0xc032,  "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",         K::Ecdh,     A::Rsa,         C::Aes256Gcm,        M::Aead),

        // ECDHE-PSK (RFC 5489).
        suite(0xc033,  "TLS_ECDHE_PSK_WITH_RC4_128_SHA",               K::EcdhePsk, A::Psk,         C::Rc4_128,          M::Sha1),
        suite(0xc034,  "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA",          K::EcdhePsk, A::Psk,         C::TripleDes,        M::Sha1),
        suite(0xc035,  "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA",           K::EcdhePsk, A::Psk,         C::Aes128Cbc,        M::Sha1),
        suite(0xc036,  "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA",           K::EcdhePsk, A::Psk,         C::Aes256Cbc,        M::Sha1),
        suite(0xc037,  "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",        K::EcdhePsk, A::Psk,         C::Aes128Cbc,        M::Sha256),
        suite(0xc038,  "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",        K::EcdhePsk, A::Psk,         C::Aes256Cbc,        M::Sha384),
        suite(0xc039,  "TLS_ECDHE_PSK_WITH_NULL_SHA",                  K::EcdhePsk, A::Psk,         C::Null,             M::Sha1),
        suite(0xc03a,  "TLS_ECDHE_PSK_WITH_NULL_SHA256",               K::EcdhePsk, A::Psk,         C::Null,             M::Sha256),
        suite(0xc03b,  "TLS_ECDHE_PSK_WITH_NULL_SHA384",               K::EcdhePsk, A::Psk,         C::Null,             M::Sha384),

        // ARIA (RFC 6209).
        suite(0xc03c,  "TLS_RSA_WITH_ARIA_128_CBC_SHA256",             K::Rsa,      A::Rsa,         C::Aria128Cbc,       M::Sha256),
        suite(0xc03d,  "TLS_RSA_WITH_ARIA_256_CBC_SHA384",             K::Rsa,      A::Rsa,         C::Aria256Cbc,       M::Sha384),
        suite(0xc03e,  "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256",          K::Dh,       A::Dss,         C::Aria128Cbc,       M::Sha256),
        suite(0xc03f,  "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384",          K::Dh,       A::Dss,         C::Aria256Cbc,       M::Sha384),
        suite(0xc040,  "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256",          K::Dh,       A::Rsa,         C::Aria128Cbc,       M::Sha256),
        suite(0xc041,  "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384",          K::Dh,       A::Rsa,         C::Aria256Cbc,       M::Sha384),
        suite(0xc042,  "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256",         K::Dhe,      A::Dss,         C::Aria128Cbc,       M::Sha256),
        suite(0xc043,  "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384",         K::Dhe,      A::Dss,         C::Aria256Cbc,       M::Sha384),
        suite(0xc044,  "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256",         K::Dhe,      A::Rsa,         C::Aria128Cbc,       M::Sha256),
        suite(0xc045,  "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384",         K::Dhe,      A::Rsa,         C::Aria256Cbc,       M::Sha384),
        suite(0xc046,  "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256",         K::Dhe,      A::Anonymous,   C::Aria128Cbc,       M::Sha256),
        suite(0xc047,  "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384",         K::Dhe,      A::Anonymous,   C::Aria256Cbc,       M::Sha384),
        suite(0xc048,  "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256",     K::Ecdhe,    A::Ecdsa,       C::Aria128Cbc,       M::Sha256),
        suite(0xc049,  "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384",     K::Ecdhe,    A::Ecdsa,       C::Aria256Cbc,       M::Sha384),
        suite(0xc04a,  "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256",      K::Ecdh,     A::Ecdsa,       C::Aria128Cbc,       M::Sha256),
        suite(0xc04b,  "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384",      K::Ecdh,     A::Ecdsa,       C::Aria256Cbc,       M::Sha384),
        suite(0xc04c,  "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256",       K::Ecdhe,    A::Rsa,         C::Aria128Cbc,       M::Sha256),
        suite(0xc04d,  "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384",       K::Ecdhe,    A::Rsa,         C::Aria256Cbc,       M::Sha384),
        suite(0xc04e,  "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256",        K::Ecdh,     A::Rsa,         C::Aria128Cbc,       M::Sha256),
        suite(0xc04f,  "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384",        K::Ecdh,     A::Rsa,         C::Aria256Cbc,       M::Sha384),
        suite(0xc050,  "TLS_RSA_WITH_ARIA_128_GCM_SHA256",             K::Rsa,      A::Rsa,         C::Aria128Gcm,       M::Aead),
        suite(0xc051,  "TLS_RSA_WITH_ARIA_256_GCM_SHA384",             K::Rsa,      A::Rsa,         C::Aria256Gcm,       M::Aead),
        suite(0xc052,  "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",         K::Dhe,      A::Rsa,         C::Aria128Gcm,       M::Aead),
        suite(0xc053,  "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",         K::Dhe,      A::Rsa,         C::Aria256Gcm,       M::Aead),
        suite(0xc054,  "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256",          K::Dh,       A::Rsa,         C::Aria128Gcm,       M::Aead),
        suite(0xc055,  "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384",          K::Dh,       A::Rsa,         C::Aria256Gcm,       M::Aead),
        suite(0xc056,  "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256",         K::Dhe,      A::Dss,         C::Aria128Gcm,       M::Aead),
        suite(0xc057,  "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384",         K::Dhe,      A::Dss,         C::Aria256Gcm,       M::Aead),
        suite(0xc058,  "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256",          K::Dh,       A::Dss,         C::Aria128Gcm,       M::Aead),
        suite(0xc059,  "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384",          K::Dh,       A::Dss,         C::Aria256Gcm,       M::Aead),
        suite(0xc05a,  "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256",         K::Dhe,      A::Anonymous,   C::Aria128Gcm,       M::Aead),
        suite(0xc05b,  "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384",         K::Dhe,      A::Anonymous,   C::Aria256Gcm,       M::Aead),
        suite(0xc05c,  "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256",     K::Ecdhe,    A::Ecdsa,       C::Aria128Gcm,       M::Aead),
        suite(0xc05d,  "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",     K::Ecdhe,    A::Ecdsa,       C::Aria256Gcm,       M::Aead),
        suite(0xc05e,  "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256",      K::Ecdh,     A::Ecdsa,       C::Aria128Gcm,       M::Aead),
        suite(0xc05f,  "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384",      K::Ecdh,     A::Ecdsa,       C::Aria256Gcm,       M::Aead),
        suite(0xc060,  "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",       K::Ecdhe,    A::Rsa,         C::Aria128Gcm,       M::Aead),
        suite(0xc061,  "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",       K::Ecdhe,    A::Rsa,         C::Aria256Gcm,       M::Aead),
        suite(0xc062,  "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256",        K::Ecdh,     A::Rsa,         C::Aria128Gcm,       M::Aead),
        suite(0xc063,  "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384",        K::Ecdh,     A::Rsa,         C::Aria256Gcm,       M::Aead),
        suite(0xc064,  "TLS_PSK_WITH_ARIA_128_CBC_SHA256",             K::Psk,      A::Psk,         C::Aria128Cbc,       M::Sha256),
        suite(0xc065,  "TLS_PSK_WITH_ARIA_256_CBC_SHA384",             K::Psk,      A::Psk,         C::Aria256Cbc,       M::Sha384),
        suite(0xc066,  "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256",         K::DhePsk,   A::Psk,         C::Aria128Cbc,       M::Sha256),
        suite(0xc067,  "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384",         K::DhePsk,   A::Psk,         C::Aria256Cbc,       M::Sha384),
        suite(0xc068,  "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256",         K::RsaPsk,   A::Rsa,         C::Aria128Cbc,       M::Sha256),
        suite(0xc069,  "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384",         K::RsaPsk,   A::Rsa,         C::Aria256Cbc,       M::Sha384),
        suite(0xc06a,  "TLS_PSK_WITH_ARIA_128_GCM_SHA256",             K::Psk,      A::Psk,         C::Aria128Gcm,       M::Aead),
        suite(0xc06b,  "TLS_PSK_WITH_ARIA_256_GCM_SHA384",             K::Psk,      A::Psk,         C::Aria256Gcm,       M::Aead),
        suite(0xc06c,  "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256",         K::DhePsk,   A::Psk,         C::Aria128Gcm,       M::Aead),
        suite(0xc06d,  "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384",         K::DhePsk,   A::Psk,         C::Aria256Gcm,       M::Aead),
        suite(0xc06e,  "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256",         K::RsaPsk,   A::Rsa,         C::Aria128Gcm,       M::Aead),
        suite(0xc06f,  "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384",         K::RsaPsk,   A::Rsa,         C::Aria256Gcm,       M::Aead),
        suite(0xc070,  "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256",       K::EcdhePsk, A::Psk,         C::Aria128Cbc,       M::Sha256),
        suite(0xc071,  "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384",       K::EcdhePsk, A::Psk,         C::Aria256Cbc,       M::Sha384),

        // Camellia for elliptic curves, GCM and PSK (RFC 6367).
        suite(0xc072,  "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", K::Ecdhe,    A::Ecdsa,       C::Camellia128Cbc,   M::Sha256),
        suite(0xc073,  "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", K::Ecdhe,    A::Ecdsa,       C::Camellia256Cbc,   M::Sha384),
        suite(0xc074,  "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",  K::Ecdh,     A::Ecdsa,       C::Camellia128Cbc,   M::Sha256),
        suite(0xc075,  "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",  K::Ecdh,     A::Ecdsa,       C::Camellia256Cbc,   M::Sha384),
        suite(0xc076,  "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",   K::Ecdhe,    A::Rsa,         C::Camellia128Cbc,   M::Sha256),
        suite(0xc077,  "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",   K::Ecdhe,    A::Rsa,         C::Camellia256Cbc,   M::Sha384),
        suite(0xc078,  "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256",    K::Ecdh,     A::Rsa,         C::Camellia128Cbc,   M::Sha256),
        suite(0xc079,  "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384",    K::Ecdh,     A::Rsa,         C::Camellia256Cbc,   M::Sha384),
        suite(0xc07a,  "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256",         K::Rsa,      A::Rsa,         C::Camellia128Gcm,   M::Aead),
        suite(0xc07b,  "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384",         K::Rsa,      A::Rsa,         C::Camellia256Gcm,   M::Aead),
        suite(0xc07c,  "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",     K::Dhe,      A::Rsa,         C::Camellia128Gcm,   M::Aead),
        suite(0xc07d,  "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",     K::Dhe,      A::Rsa,         C::Camellia256Gcm,   M::Aead),
        suite(0xc07e,  "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256",      K::Dh,       A::Rsa,         C::Camellia128Gcm,   M::Aead),
        suite(0xc07f,  "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384",      K::Dh,       A::Rsa,         C::Camellia256Gcm,   M::Aead),
        suite(0xc080,  "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256",     K::Dhe,      A::Dss,         C::Camellia128Gcm,   M::Aead),
        suite(0xc081,  "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384",     K::Dhe,      A::Dss,         C::Camellia256Gcm,   M::Aead),
        suite(0xc082,  "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256",      K::Dh,       A::Dss,         C::Camellia128Gcm,   M::Aead),
        suite(0xc083,  "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384",      K::Dh,       A::Dss,         C::Camellia256Gcm,   M::Aead),
        suite(0xc084,  "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256",     K::Dhe,      A::Anonymous,   C::Camellia128Gcm,   M::Aead),
        suite(0xc085,  "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384",     K::Dhe,      A::Anonymous,   C::Camellia256Gcm,   M::Aead),
        suite(0xc086,  "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", K::Ecdhe,    A::Ecdsa,       C::Camellia128Gcm,   M::Aead),
        suite(0xc087,  "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", K::Ecdhe,    A::Ecdsa,       C::Camellia256Gcm,   M::Aead),
        suite(0xc088,  "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256",  K::Ecdh,     A::Ecdsa,       C::Camellia128Gcm,   M::Aead),
        suite(0xc089,  "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384",  K::Ecdh,     A::Ecdsa,       C::Camellia256Gcm,   M::Aead),
        suite(0xc08a,  "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",   K::Ecdhe,    A::Rsa,         C::Camellia128Gcm,   M::Aead),
        suite(0xc08b,  "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",   K::Ecdhe,    A::Rsa,         C::Camellia256Gcm,   M::Aead),
        suite(0xc08c,  "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256",    K::Ecdh,     A::Rsa,         C::Camellia128Gcm,   M::Aead),
        suite(0xc08d,  "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384",    K::Ecdh,     A::Rsa,         C::Camellia256Gcm,   M::Aead),
        suite(0xc08e,  "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256",         K::Psk,      A::Psk,         C::Camellia128Gcm,   M::Aead),
        suite(0xc08f,  "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384",         K::Psk,      A::Psk,         C::Camellia256Gcm,   M::Aead),
        suite(0xc090,  "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256",     K::DhePsk,   A::Psk,         C::Camellia128Gcm,   M::Aead),
        suite(0xc091,  "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384",     K::DhePsk,   A::Psk,         C::Camellia256Gcm,   M::Aead),
        suite(0xc092,  "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256",     K::RsaPsk,   A::Rsa,         C::Camellia128Gcm,   M::Aead),
        suite(0xc093,  "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384",     K::RsaPsk,   A::Rsa,         C::Camellia256Gcm,   M::Aead),
        suite(0xc094,  "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256",         K::Psk,      A::Psk,         C::Camellia128Cbc,   M::Sha256),
        suite(0xc095,  "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384",         K::Psk,      A::Psk,         C::Camellia256Cbc,   M::Sha384),
        suite(0xc096,  "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",     K::DhePsk,   A::Psk,         C::Camellia128Cbc,   M::Sha256),
        suite(0xc097,  "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",     K::DhePsk,   A::Psk,         C::Camellia256Cbc,   M::Sha384),
        suite(0xc098,  "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256",     K::RsaPsk,   A::Rsa,         C::Camellia128Cbc,   M::Sha256),
        suite(0xc099,  "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384",     K::RsaPsk,   A::Rsa,         C::Camellia256Cbc,   M::Sha384),
        suite(0xc09a,  "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",   K::EcdhePsk, A::Psk,         C::Camellia128Cbc,   M::Sha256),
        suite(0xc09b,  "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",   K::EcdhePsk, A::Psk,         C::Camellia256Cbc,   M::Sha384),

        // AES-CCM (RFC 6655; the ECDSA ones RFC 7251).
        suite(0xc09c,  "TLS_RSA_WITH_AES_128_CCM",                     K::Rsa,      A::Rsa,         C::Aes128Ccm,        M::Aead),
        suite(0xc09d,  "TLS_RSA_WITH_AES_256_CCM",                     K::Rsa,      A::Rsa,         C::Aes256Ccm,        M::Aead),
        suite(0xc09e,  "TLS_DHE_RSA_WITH_AES_128_CCM",                 K::Dhe,      A::Rsa,         C::Aes128Ccm,        M::Aead),
        suite(0xc09f,  "TLS_DHE_RSA_WITH_AES_256_CCM",                 K::Dhe,      A::Rsa,         C::Aes256Ccm,        M::Aead),
        suite(0xc0a0,  "TLS_RSA_WITH_AES_128_CCM_8",                   K::Rsa,      A::Rsa,         C::Aes128Ccm8,       M::Aead),
        suite(0xc0a1,  "TLS_RSA_WITH_AES_256_CCM_8",                   K::Rsa,      A::Rsa,         C::Aes256Ccm8,       M::Aead),
        suite(0xc0a2,  "TLS_DHE_RSA_WITH_AES_128_CCM_8",               K::Dhe,      A::Rsa,         C::Aes128Ccm8,       M::Aead),
        suite(0xc0a3,  "TLS_DHE_RSA_WITH_AES_256_CCM_8",               K::Dhe,      A::Rsa,         C::Aes256Ccm8,       M::Aead),
        suite(0xc0a4,  "TLS_PSK_WITH_AES_128_CCM",                     K::Psk,      A::Psk,         C::Aes128Ccm,        M::Aead),
        suite(0xc0a5,  "TLS_PSK_WITH_AES_256_CCM",                     K::Psk,      A::Psk,         C::Aes256Ccm,        M::Aead),
        suite(0xc0a6,  "TLS_DHE_PSK_WITH_AES_128_CCM",                 K::DhePsk,   A::Psk,         C::Aes128Ccm,        M::Aead),
        suite(0xc0a7,  "TLS_DHE_PSK_WITH_AES_256_CCM",                 K::DhePsk,   A::Psk,         C::Aes256Ccm,        M::Aead),
        suite(0xc0a8,  "TLS_PSK_WITH_AES_128_CCM_8",                   K::Psk,      A::Psk,         C::Aes128Ccm8,       M::Aead),
        suite(0xc0a9,  "TLS_PSK_WITH_AES_256_CCM_8",                   K::Psk,      A::Psk,         C::Aes256Ccm8,       M::Aead),
        suite(0xc0aa,  "TLS_PSK_DHE_WITH_AES_128_CCM_8",               K::DhePsk,   A::Psk,         C::Aes128Ccm8,       M::Aead),
        suite(0xc0ab,  "TLS_PSK_DHE_WITH_AES_256_CCM_8",               K::DhePsk,   A::Psk,         C::Aes256Ccm8,       M::Aead),
        suite(0xc0ac,  "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",             K::Ecdhe,    A::Ecdsa,       C::Aes128Ccm,        M::Aead),
        suite(0xc0ad,  "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",             K::Ecdhe,    A::Ecdsa,       C::Aes256Ccm,        M::Aead),
        suite(0xc0ae,  "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",           K::Ecdhe,    A::Ecdsa,       C::Aes128Ccm8,       M::Aead),
        suite(0xc0af,  "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",           K::Ecdhe,    A::Ecdsa,       C::Aes256Ccm8,       M::Aead),

        // ChaCha20-Poly1305 (RFC 7905).
        suite(0xcca8,  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",  K::Ecdhe,    A::Rsa,         C::Chacha20Poly1305, M::Aead),
        suite(0xcca9,  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",K::Ecdhe,    A::Ecdsa,       C::Chacha20Poly1305, M::Aead),
        suite(0xccaa,  "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",    K::Dhe,      A::Rsa,         C::Chacha20Poly1305, M::Aead),
        suite(0xccab,  "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",        K::Psk,      A::Psk,         C::Chacha20Poly1305, M::Aead),
        suite(0xccac,  "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",  K::EcdhePsk, A::Psk,         C::Chacha20Poly1305, M::Aead),
        suite(0xccad,  "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256",    K::DhePsk,   A::Psk,         C::Chacha20Poly1305, M::Aead),
        suite(0xccae,  "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256",    K::RsaPsk,   A::Rsa,         C::Chacha20Poly1305, M::Aead),

        // ECDHE-PSK with AES-GCM and AES-CCM (RFC 8442).
        suite(0xd001,  "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256",        K::EcdhePsk, A::Psk,         C::Aes128Gcm,        M::Aead),
        suite(0xd002,  "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384",        K::EcdhePsk, A::Psk,         C::Aes256Gcm,        M::Aead),
        suite(0xd003,  "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256",      K::EcdhePsk, A::Psk,         C::Aes128Ccm8,       M::Aead),
        suite(0xd005,  "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256",        K::EcdhePsk, A::Psk,         C::Aes128Ccm,        M::Aead),
    ]
};

/// The suite with this id, if hookcheck knows it.
pub fn by_id(id: u16) -> Option<&'static CipherSuite> {
    SUITES
        .binary_search_by_key(&id, |suite| suite.id)
        .ok()
        .and_then(|index| SUITES.get(index))
}

/// The five TLS 1.3 suites, 0x1301 to 0x1305.
pub fn tls13() -> impl Iterator<Item = &'static CipherSuite> {
    SUITES.iter().filter(|suite| suite.is_tls13())
}

/// Every suite SSL 3.0 to TLS 1.2 can negotiate: all but TLS 1.3's.
pub fn pre_tls13() -> impl Iterator<Item = &'static CipherSuite> {
    SUITES.iter().filter(|suite| !suite.is_tls13())
}

/// One SSL 2.0 cipher kind. SSL 2.0 has no suites, only these 3-byte codes
/// (Netscape's specification; there is no RFC), always with RSA key
/// exchange and an MD5 MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ssl2Cipher {
    /// The cipher-kind code.
    pub code: [u8; 3],
    /// The specification's name, e.g. `SSL_CK_RC4_128_WITH_MD5`.
    pub name: &'static str,
    /// The strength the grade counts, as [`Cipher::bits`] does.
    pub bits: u16,
    /// An EXPORT kind: 40 of the 128 key bits secret.
    pub export: bool,
}

/// The seven SSL 2.0 cipher kinds.
pub const SSL2_CIPHERS: &[Ssl2Cipher] = &[
    ssl2([0x01, 0x00, 0x80], "SSL_CK_RC4_128_WITH_MD5", 128, false),
    ssl2(
        [0x02, 0x00, 0x80],
        "SSL_CK_RC4_128_EXPORT40_WITH_MD5",
        40,
        true,
    ),
    ssl2(
        [0x03, 0x00, 0x80],
        "SSL_CK_RC2_128_CBC_WITH_MD5",
        128,
        false,
    ),
    ssl2(
        [0x04, 0x00, 0x80],
        "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5",
        40,
        true,
    ),
    ssl2(
        [0x05, 0x00, 0x80],
        "SSL_CK_IDEA_128_CBC_WITH_MD5",
        128,
        false,
    ),
    ssl2([0x06, 0x00, 0x40], "SSL_CK_DES_64_CBC_WITH_MD5", 56, false),
    ssl2(
        [0x07, 0x00, 0xc0],
        "SSL_CK_DES_192_EDE3_CBC_WITH_MD5",
        112,
        false,
    ),
];

const fn ssl2(code: [u8; 3], name: &'static str, bits: u16, export: bool) -> Ssl2Cipher {
    Ssl2Cipher {
        code,
        name,
        bits,
        export,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sorted_and_unique() {
        for pair in SUITES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{:#06x} then {:#06x}",
                pair[0].id,
                pair[1].id
            );
        }
    }

    #[test]
    fn by_id_finds_every_suite_and_nothing_else() {
        for suite in SUITES {
            assert_eq!(by_id(suite.id), Some(suite));
        }
        // TLS_NULL_WITH_NULL_NULL, the renegotiation SCSV, TLS_FALLBACK_SCSV
        // and a GREASE value are not suites a server may choose.
        for id in [0x0000, 0x00ff, 0x5600, 0x0a0a] {
            assert_eq!(by_id(id), None, "{id:#06x}");
        }
    }

    #[test]
    fn tls13_has_its_five_suites_all_aead_and_forward_secret() {
        let ids: Vec<u16> = tls13().map(|s| s.id).collect();
        assert_eq!(ids, [0x1301, 0x1302, 0x1303, 0x1304, 0x1305]);
        for suite in tls13() {
            assert!(suite.is_aead() && suite.forward_secrecy(), "{}", suite.name);
            assert_eq!(suite.authentication, Authentication::Certificate);
            assert_eq!(suite.weakness(), None);
        }
        assert_eq!(pre_tls13().count() + 5, SUITES.len());
        assert!(pre_tls13().all(|s| !s.is_tls13() && !s.name.starts_with("TLS_AES")));
    }

    fn get(id: u16) -> &'static CipherSuite {
        by_id(id).unwrap()
    }

    #[test]
    fn well_known_suites_are_classified() {
        let modern = get(0xc02f);
        assert_eq!(modern.name, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_eq!(modern.key_exchange, KeyExchange::Ecdhe);
        assert_eq!(modern.authentication, Authentication::Rsa);
        assert_eq!((modern.cipher, modern.mac), (Cipher::Aes128Gcm, Mac::Aead));
        assert!(modern.forward_secrecy() && modern.is_aead() && !modern.export);
        assert_eq!(modern.bits(), 128);
        assert_eq!(modern.weakness(), None);

        let triple = get(0x000a);
        assert_eq!(triple.name, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
        assert!(!triple.forward_secrecy() && !triple.is_aead() && triple.is_3des());
        assert_eq!(triple.bits(), 112);
        assert!(triple.weakness().is_some_and(|why| why.contains("3DES")));

        let rc4 = get(0x0005);
        assert_eq!(rc4.name, "TLS_RSA_WITH_RC4_128_SHA");
        assert!(rc4.is_rc4() && !rc4.export && !rc4.forward_secrecy());
        assert_eq!(rc4.bits(), 128);
        assert!(rc4.weakness().is_some_and(|why| why.contains("RC4")));

        let export = get(0x0003);
        assert_eq!(export.name, "TLS_RSA_EXPORT_WITH_RC4_40_MD5");
        assert!(export.export && export.is_rc4());
        assert_eq!((export.bits(), export.mac), (40, Mac::Md5));
        assert!(export.weakness().is_some_and(|why| why.contains("export")));

        let anonymous = get(0x0018);
        assert_eq!(anonymous.name, "TLS_DH_anon_WITH_RC4_128_MD5");
        assert_eq!(anonymous.key_exchange, KeyExchange::Dhe);
        assert!(anonymous.is_anonymous() && anonymous.is_rc4() && !anonymous.forward_secrecy());
        assert!(
            anonymous
                .weakness()
                .is_some_and(|why| why.contains("anonymous"))
        );

        let null = get(0x0001);
        assert_eq!(null.name, "TLS_RSA_WITH_NULL_MD5");
        assert!(null.is_null() && !null.is_aead());
        assert_eq!(null.bits(), 0);
        assert!(null.weakness().is_some_and(|why| why.contains("NULL")));

        let des = get(0x0009);
        assert_eq!((des.bits(), des.export), (56, false));
        assert_eq!(des.weakness(), Some("cipher weaker than 128 bits"));

        let chacha = get(0xcca9);
        assert_eq!(chacha.name, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        assert_eq!(
            (chacha.bits(), chacha.authentication),
            (256, Authentication::Ecdsa)
        );

        let static_ecdh = get(0xc00e);
        assert_eq!(static_ecdh.name, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA");
        assert_eq!(static_ecdh.key_exchange, KeyExchange::Ecdh);
        assert!(!static_ecdh.forward_secrecy() && static_ecdh.weakness().is_none());

        let dhe_psk = get(0x00aa);
        assert_eq!(dhe_psk.key_exchange, KeyExchange::DhePsk);
        assert!(dhe_psk.forward_secrecy());
    }

    /// What rustls offers by default grades A: forward secret, AEAD, strong.
    #[test]
    fn rustls_default_suites_are_strong() {
        for id in [
            0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9,
        ] {
            let suite = get(id);
            assert!(
                suite.forward_secrecy() && suite.is_aead() && suite.bits() >= 128,
                "{id:#06x}"
            );
            assert_eq!(suite.weakness(), None, "{id:#06x}");
        }
    }

    /// Every weak suite says why, and every suite that says nothing has a
    /// cipher of 128 bits or more.
    #[test]
    fn weakness_covers_every_weak_property() {
        for suite in SUITES {
            let weak = suite.is_null()
                || suite.is_anonymous()
                || suite.export
                || suite.is_rc4()
                || suite.is_3des()
                || suite.bits() < 128;
            assert_eq!(suite.weakness().is_some(), weak, "{}", suite.name);
        }
    }

    /// The properties are what the registry name says, token by token, so a
    /// mistyped cell cannot hide. (The parse is the test's own.)
    #[test]
    fn properties_agree_with_the_name() {
        for suite in SUITES {
            let name = suite.name.strip_prefix("TLS_").unwrap();
            // TLS 1.3 names have no `_WITH_`: only the AEAD and the hash.
            let (left, rest) = name.split_once("_WITH_").unwrap_or(("", name));
            let left = left
                .trim_end_matches("_EXPORT1024")
                .trim_end_matches("_EXPORT");
            let (key_exchange, authentication) = match left {
                "" => (KeyExchange::Tls13, Authentication::Certificate),
                "RSA" => (KeyExchange::Rsa, Authentication::Rsa),
                "DH_DSS" => (KeyExchange::Dh, Authentication::Dss),
                "DH_RSA" => (KeyExchange::Dh, Authentication::Rsa),
                "DHE_DSS" => (KeyExchange::Dhe, Authentication::Dss),
                "DHE_RSA" => (KeyExchange::Dhe, Authentication::Rsa),
                "DH_anon" => (KeyExchange::Dhe, Authentication::Anonymous),
                "ECDH_ECDSA" => (KeyExchange::Ecdh, Authentication::Ecdsa),
                "ECDH_RSA" => (KeyExchange::Ecdh, Authentication::Rsa),
                "ECDHE_ECDSA" => (KeyExchange::Ecdhe, Authentication::Ecdsa),
                "ECDHE_RSA" => (KeyExchange::Ecdhe, Authentication::Rsa),
                "ECDH_anon" => (KeyExchange::Ecdhe, Authentication::Anonymous),
                "PSK" => (KeyExchange::Psk, Authentication::Psk),
                "DHE_PSK" | "PSK_DHE" => (KeyExchange::DhePsk, Authentication::Psk),
                "ECDHE_PSK" => (KeyExchange::EcdhePsk, Authentication::Psk),
                "RSA_PSK" => (KeyExchange::RsaPsk, Authentication::Rsa),
                "SRP_SHA" => (KeyExchange::Srp, Authentication::Srp),
                "SRP_SHA_RSA" => (KeyExchange::Srp, Authentication::Rsa),
                "SRP_SHA_DSS" => (KeyExchange::Srp, Authentication::Dss),
                "KRB5" => (KeyExchange::Krb5, Authentication::Krb5),
                other => panic!("unknown key exchange {other} in {}", suite.name),
            };
            assert_eq!(suite.key_exchange, key_exchange, "{}", suite.name);
            assert_eq!(suite.authentication, authentication, "{}", suite.name);
            // The Kerberos EXPORT suites spell DES40_CBC the other way round.
            let rest = rest.replace("DES_CBC_40", "DES40_CBC");
            let mac = rest
                .strip_prefix(suite.cipher.name())
                .unwrap_or_else(|| panic!("{} does not use {}", suite.name, suite.cipher.name()));
            let expected_mac = match mac {
                "" | "_SHA256" | "_SHA384" if suite.is_aead() => Mac::Aead,
                "_MD5" => Mac::Md5,
                "_SHA" => Mac::Sha1,
                "_SHA256" => Mac::Sha256,
                "_SHA384" => Mac::Sha384,
                other => panic!("unknown MAC {other} in {}", suite.name),
            };
            assert_eq!(suite.mac, expected_mac, "{}", suite.name);
            assert_eq!(
                suite.export,
                suite.name.contains("_EXPORT"),
                "{}",
                suite.name
            );
        }
    }

    #[test]
    fn ssl2_has_its_seven_cipher_kinds() {
        assert_eq!(SSL2_CIPHERS.len(), 7);
        for (kind, cipher) in (1..).zip(SSL2_CIPHERS) {
            assert_eq!(cipher.code[0], kind, "{}", cipher.name);
            assert!(cipher.name.starts_with("SSL_CK_") && cipher.name.ends_with("_WITH_MD5"));
            assert_eq!(
                cipher.export,
                cipher.name.contains("EXPORT40"),
                "{}",
                cipher.name
            );
            assert_eq!(cipher.export, cipher.bits == 40, "{}", cipher.name);
        }
    }

    /// `openssl ciphers -stdname -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'` from
    /// OpenSSL 3.0.19 (Debian), leading and trailing blanks trimmed: every
    /// suite the test servers can negotiate. This build leaves out 3DES, RC4,
    /// SEED and IDEA, which upstream 3.0 still has; the table has them too.
    const OPENSSL_ALL: &str = "\
0x13,0x02 - TLS_AES_256_GCM_SHA384                        - TLS_AES_256_GCM_SHA384         TLSv1.3 Kx=any      Au=any   Enc=AESGCM(256)            Mac=AEAD
0x13,0x03 - TLS_CHACHA20_POLY1305_SHA256                  - TLS_CHACHA20_POLY1305_SHA256   TLSv1.3 Kx=any      Au=any   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0x13,0x01 - TLS_AES_128_GCM_SHA256                        - TLS_AES_128_GCM_SHA256         TLSv1.3 Kx=any      Au=any   Enc=AESGCM(128)            Mac=AEAD
0xC0,0x2C - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384       - ECDHE-ECDSA-AES256-GCM-SHA384  TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESGCM(256)            Mac=AEAD
0xC0,0x30 - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384         - ECDHE-RSA-AES256-GCM-SHA384    TLSv1.2 Kx=ECDH     Au=RSA   Enc=AESGCM(256)            Mac=AEAD
0x00,0xA3 - TLS_DHE_DSS_WITH_AES_256_GCM_SHA384           - DHE-DSS-AES256-GCM-SHA384      TLSv1.2 Kx=DH       Au=DSS   Enc=AESGCM(256)            Mac=AEAD
0x00,0x9F - TLS_DHE_RSA_WITH_AES_256_GCM_SHA384           - DHE-RSA-AES256-GCM-SHA384      TLSv1.2 Kx=DH       Au=RSA   Enc=AESGCM(256)            Mac=AEAD
0xCC,0xA9 - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 - ECDHE-ECDSA-CHACHA20-POLY1305  TLSv1.2 Kx=ECDH     Au=ECDSA Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xCC,0xA8 - TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   - ECDHE-RSA-CHACHA20-POLY1305    TLSv1.2 Kx=ECDH     Au=RSA   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xCC,0xAA - TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256     - DHE-RSA-CHACHA20-POLY1305      TLSv1.2 Kx=DH       Au=RSA   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xC0,0xAF - TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8            - ECDHE-ECDSA-AES256-CCM8        TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESCCM8(256)           Mac=AEAD
0xC0,0xAD - TLS_ECDHE_ECDSA_WITH_AES_256_CCM              - ECDHE-ECDSA-AES256-CCM         TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESCCM(256)            Mac=AEAD
0xC0,0xA3 - TLS_DHE_RSA_WITH_AES_256_CCM_8                - DHE-RSA-AES256-CCM8            TLSv1.2 Kx=DH       Au=RSA   Enc=AESCCM8(256)           Mac=AEAD
0xC0,0x9F - TLS_DHE_RSA_WITH_AES_256_CCM                  - DHE-RSA-AES256-CCM             TLSv1.2 Kx=DH       Au=RSA   Enc=AESCCM(256)            Mac=AEAD
0xC0,0x5D - TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384      - ECDHE-ECDSA-ARIA256-GCM-SHA384 TLSv1.2 Kx=ECDH     Au=ECDSA Enc=ARIAGCM(256)           Mac=AEAD
0xC0,0x61 - TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384        - ECDHE-ARIA256-GCM-SHA384       TLSv1.2 Kx=ECDH     Au=RSA   Enc=ARIAGCM(256)           Mac=AEAD
0xC0,0x57 - TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384          - DHE-DSS-ARIA256-GCM-SHA384     TLSv1.2 Kx=DH       Au=DSS   Enc=ARIAGCM(256)           Mac=AEAD
0xC0,0x53 - TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384          - DHE-RSA-ARIA256-GCM-SHA384     TLSv1.2 Kx=DH       Au=RSA   Enc=ARIAGCM(256)           Mac=AEAD
0x00,0xA7 - TLS_DH_anon_WITH_AES_256_GCM_SHA384           - ADH-AES256-GCM-SHA384          TLSv1.2 Kx=DH       Au=None  Enc=AESGCM(256)            Mac=AEAD
0xC0,0x2B - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256       - ECDHE-ECDSA-AES128-GCM-SHA256  TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESGCM(128)            Mac=AEAD
0xC0,0x2F - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         - ECDHE-RSA-AES128-GCM-SHA256    TLSv1.2 Kx=ECDH     Au=RSA   Enc=AESGCM(128)            Mac=AEAD
0x00,0xA2 - TLS_DHE_DSS_WITH_AES_128_GCM_SHA256           - DHE-DSS-AES128-GCM-SHA256      TLSv1.2 Kx=DH       Au=DSS   Enc=AESGCM(128)            Mac=AEAD
0x00,0x9E - TLS_DHE_RSA_WITH_AES_128_GCM_SHA256           - DHE-RSA-AES128-GCM-SHA256      TLSv1.2 Kx=DH       Au=RSA   Enc=AESGCM(128)            Mac=AEAD
0xC0,0xAE - TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8            - ECDHE-ECDSA-AES128-CCM8        TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESCCM8(128)           Mac=AEAD
0xC0,0xAC - TLS_ECDHE_ECDSA_WITH_AES_128_CCM              - ECDHE-ECDSA-AES128-CCM         TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESCCM(128)            Mac=AEAD
0xC0,0xA2 - TLS_DHE_RSA_WITH_AES_128_CCM_8                - DHE-RSA-AES128-CCM8            TLSv1.2 Kx=DH       Au=RSA   Enc=AESCCM8(128)           Mac=AEAD
0xC0,0x9E - TLS_DHE_RSA_WITH_AES_128_CCM                  - DHE-RSA-AES128-CCM             TLSv1.2 Kx=DH       Au=RSA   Enc=AESCCM(128)            Mac=AEAD
0xC0,0x5C - TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256      - ECDHE-ECDSA-ARIA128-GCM-SHA256 TLSv1.2 Kx=ECDH     Au=ECDSA Enc=ARIAGCM(128)           Mac=AEAD
0xC0,0x60 - TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256        - ECDHE-ARIA128-GCM-SHA256       TLSv1.2 Kx=ECDH     Au=RSA   Enc=ARIAGCM(128)           Mac=AEAD
0xC0,0x56 - TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256          - DHE-DSS-ARIA128-GCM-SHA256     TLSv1.2 Kx=DH       Au=DSS   Enc=ARIAGCM(128)           Mac=AEAD
0xC0,0x52 - TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256          - DHE-RSA-ARIA128-GCM-SHA256     TLSv1.2 Kx=DH       Au=RSA   Enc=ARIAGCM(128)           Mac=AEAD
0x00,0xA6 - TLS_DH_anon_WITH_AES_128_GCM_SHA256           - ADH-AES128-GCM-SHA256          TLSv1.2 Kx=DH       Au=None  Enc=AESGCM(128)            Mac=AEAD
0xC0,0x24 - TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384       - ECDHE-ECDSA-AES256-SHA384      TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AES(256)               Mac=SHA384
0xC0,0x28 - TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384         - ECDHE-RSA-AES256-SHA384        TLSv1.2 Kx=ECDH     Au=RSA   Enc=AES(256)               Mac=SHA384
0x00,0x6B - TLS_DHE_RSA_WITH_AES_256_CBC_SHA256           - DHE-RSA-AES256-SHA256          TLSv1.2 Kx=DH       Au=RSA   Enc=AES(256)               Mac=SHA256
0x00,0x6A - TLS_DHE_DSS_WITH_AES_256_CBC_SHA256           - DHE-DSS-AES256-SHA256          TLSv1.2 Kx=DH       Au=DSS   Enc=AES(256)               Mac=SHA256
0xC0,0x73 - TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384  - ECDHE-ECDSA-CAMELLIA256-SHA384 TLSv1.2 Kx=ECDH     Au=ECDSA Enc=Camellia(256)          Mac=SHA384
0xC0,0x77 - TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384    - ECDHE-RSA-CAMELLIA256-SHA384   TLSv1.2 Kx=ECDH     Au=RSA   Enc=Camellia(256)          Mac=SHA384
0x00,0xC4 - TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256      - DHE-RSA-CAMELLIA256-SHA256     TLSv1.2 Kx=DH       Au=RSA   Enc=Camellia(256)          Mac=SHA256
0x00,0xC3 - TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256      - DHE-DSS-CAMELLIA256-SHA256     TLSv1.2 Kx=DH       Au=DSS   Enc=Camellia(256)          Mac=SHA256
0x00,0x6D - TLS_DH_anon_WITH_AES_256_CBC_SHA256           - ADH-AES256-SHA256              TLSv1.2 Kx=DH       Au=None  Enc=AES(256)               Mac=SHA256
0x00,0xC5 - TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256      - ADH-CAMELLIA256-SHA256         TLSv1.2 Kx=DH       Au=None  Enc=Camellia(256)          Mac=SHA256
0xC0,0x23 - TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256       - ECDHE-ECDSA-AES128-SHA256      TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AES(128)               Mac=SHA256
0xC0,0x27 - TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256         - ECDHE-RSA-AES128-SHA256        TLSv1.2 Kx=ECDH     Au=RSA   Enc=AES(128)               Mac=SHA256
0x00,0x67 - TLS_DHE_RSA_WITH_AES_128_CBC_SHA256           - DHE-RSA-AES128-SHA256          TLSv1.2 Kx=DH       Au=RSA   Enc=AES(128)               Mac=SHA256
0x00,0x40 - TLS_DHE_DSS_WITH_AES_128_CBC_SHA256           - DHE-DSS-AES128-SHA256          TLSv1.2 Kx=DH       Au=DSS   Enc=AES(128)               Mac=SHA256
0xC0,0x72 - TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256  - ECDHE-ECDSA-CAMELLIA128-SHA256 TLSv1.2 Kx=ECDH     Au=ECDSA Enc=Camellia(128)          Mac=SHA256
0xC0,0x76 - TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256    - ECDHE-RSA-CAMELLIA128-SHA256   TLSv1.2 Kx=ECDH     Au=RSA   Enc=Camellia(128)          Mac=SHA256
0x00,0xBE - TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256      - DHE-RSA-CAMELLIA128-SHA256     TLSv1.2 Kx=DH       Au=RSA   Enc=Camellia(128)          Mac=SHA256
0x00,0xBD - TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256      - DHE-DSS-CAMELLIA128-SHA256     TLSv1.2 Kx=DH       Au=DSS   Enc=Camellia(128)          Mac=SHA256
0x00,0x6C - TLS_DH_anon_WITH_AES_128_CBC_SHA256           - ADH-AES128-SHA256              TLSv1.2 Kx=DH       Au=None  Enc=AES(128)               Mac=SHA256
0x00,0xBF - TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256      - ADH-CAMELLIA128-SHA256         TLSv1.2 Kx=DH       Au=None  Enc=Camellia(128)          Mac=SHA256
0xC0,0x0A - TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA          - ECDHE-ECDSA-AES256-SHA         TLSv1   Kx=ECDH     Au=ECDSA Enc=AES(256)               Mac=SHA1
0xC0,0x14 - TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA            - ECDHE-RSA-AES256-SHA           TLSv1   Kx=ECDH     Au=RSA   Enc=AES(256)               Mac=SHA1
0x00,0x39 - TLS_DHE_RSA_WITH_AES_256_CBC_SHA              - DHE-RSA-AES256-SHA             SSLv3   Kx=DH       Au=RSA   Enc=AES(256)               Mac=SHA1
0x00,0x38 - TLS_DHE_DSS_WITH_AES_256_CBC_SHA              - DHE-DSS-AES256-SHA             SSLv3   Kx=DH       Au=DSS   Enc=AES(256)               Mac=SHA1
0x00,0x88 - TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA         - DHE-RSA-CAMELLIA256-SHA        SSLv3   Kx=DH       Au=RSA   Enc=Camellia(256)          Mac=SHA1
0x00,0x87 - TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA         - DHE-DSS-CAMELLIA256-SHA        SSLv3   Kx=DH       Au=DSS   Enc=Camellia(256)          Mac=SHA1
0xC0,0x19 - TLS_ECDH_anon_WITH_AES_256_CBC_SHA            - AECDH-AES256-SHA               TLSv1   Kx=ECDH     Au=None  Enc=AES(256)               Mac=SHA1
0x00,0x3A - TLS_DH_anon_WITH_AES_256_CBC_SHA              - ADH-AES256-SHA                 SSLv3   Kx=DH       Au=None  Enc=AES(256)               Mac=SHA1
0x00,0x89 - TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA         - ADH-CAMELLIA256-SHA            SSLv3   Kx=DH       Au=None  Enc=Camellia(256)          Mac=SHA1
0xC0,0x09 - TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA          - ECDHE-ECDSA-AES128-SHA         TLSv1   Kx=ECDH     Au=ECDSA Enc=AES(128)               Mac=SHA1
0xC0,0x13 - TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA            - ECDHE-RSA-AES128-SHA           TLSv1   Kx=ECDH     Au=RSA   Enc=AES(128)               Mac=SHA1
0x00,0x33 - TLS_DHE_RSA_WITH_AES_128_CBC_SHA              - DHE-RSA-AES128-SHA             SSLv3   Kx=DH       Au=RSA   Enc=AES(128)               Mac=SHA1
0x00,0x32 - TLS_DHE_DSS_WITH_AES_128_CBC_SHA              - DHE-DSS-AES128-SHA             SSLv3   Kx=DH       Au=DSS   Enc=AES(128)               Mac=SHA1
0x00,0x45 - TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA         - DHE-RSA-CAMELLIA128-SHA        SSLv3   Kx=DH       Au=RSA   Enc=Camellia(128)          Mac=SHA1
0x00,0x44 - TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA         - DHE-DSS-CAMELLIA128-SHA        SSLv3   Kx=DH       Au=DSS   Enc=Camellia(128)          Mac=SHA1
0xC0,0x18 - TLS_ECDH_anon_WITH_AES_128_CBC_SHA            - AECDH-AES128-SHA               TLSv1   Kx=ECDH     Au=None  Enc=AES(128)               Mac=SHA1
0x00,0x34 - TLS_DH_anon_WITH_AES_128_CBC_SHA              - ADH-AES128-SHA                 SSLv3   Kx=DH       Au=None  Enc=AES(128)               Mac=SHA1
0x00,0x46 - TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA         - ADH-CAMELLIA128-SHA            SSLv3   Kx=DH       Au=None  Enc=Camellia(128)          Mac=SHA1
0x00,0xAD - TLS_RSA_PSK_WITH_AES_256_GCM_SHA384           - RSA-PSK-AES256-GCM-SHA384      TLSv1.2 Kx=RSAPSK   Au=RSA   Enc=AESGCM(256)            Mac=AEAD
0x00,0xAB - TLS_DHE_PSK_WITH_AES_256_GCM_SHA384           - DHE-PSK-AES256-GCM-SHA384      TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=AESGCM(256)            Mac=AEAD
0xCC,0xAE - TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256     - RSA-PSK-CHACHA20-POLY1305      TLSv1.2 Kx=RSAPSK   Au=RSA   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xCC,0xAD - TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256     - DHE-PSK-CHACHA20-POLY1305      TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xCC,0xAC - TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256   - ECDHE-PSK-CHACHA20-POLY1305    TLSv1.2 Kx=ECDHEPSK Au=PSK   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xC0,0xAB - TLS_PSK_DHE_WITH_AES_256_CCM_8                - DHE-PSK-AES256-CCM8            TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=AESCCM8(256)           Mac=AEAD
0xC0,0xA7 - TLS_DHE_PSK_WITH_AES_256_CCM                  - DHE-PSK-AES256-CCM             TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=AESCCM(256)            Mac=AEAD
0xC0,0x6F - TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384          - RSA-PSK-ARIA256-GCM-SHA384     TLSv1.2 Kx=RSAPSK   Au=RSA   Enc=ARIAGCM(256)           Mac=AEAD
0xC0,0x6D - TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384          - DHE-PSK-ARIA256-GCM-SHA384     TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=ARIAGCM(256)           Mac=AEAD
0x00,0x9D - TLS_RSA_WITH_AES_256_GCM_SHA384               - AES256-GCM-SHA384              TLSv1.2 Kx=RSA      Au=RSA   Enc=AESGCM(256)            Mac=AEAD
0xC0,0xA1 - TLS_RSA_WITH_AES_256_CCM_8                    - AES256-CCM8                    TLSv1.2 Kx=RSA      Au=RSA   Enc=AESCCM8(256)           Mac=AEAD
0xC0,0x9D - TLS_RSA_WITH_AES_256_CCM                      - AES256-CCM                     TLSv1.2 Kx=RSA      Au=RSA   Enc=AESCCM(256)            Mac=AEAD
0xC0,0x51 - TLS_RSA_WITH_ARIA_256_GCM_SHA384              - ARIA256-GCM-SHA384             TLSv1.2 Kx=RSA      Au=RSA   Enc=ARIAGCM(256)           Mac=AEAD
0x00,0xA9 - TLS_PSK_WITH_AES_256_GCM_SHA384               - PSK-AES256-GCM-SHA384          TLSv1.2 Kx=PSK      Au=PSK   Enc=AESGCM(256)            Mac=AEAD
0xCC,0xAB - TLS_PSK_WITH_CHACHA20_POLY1305_SHA256         - PSK-CHACHA20-POLY1305          TLSv1.2 Kx=PSK      Au=PSK   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0xC0,0xA9 - TLS_PSK_WITH_AES_256_CCM_8                    - PSK-AES256-CCM8                TLSv1.2 Kx=PSK      Au=PSK   Enc=AESCCM8(256)           Mac=AEAD
0xC0,0xA5 - TLS_PSK_WITH_AES_256_CCM                      - PSK-AES256-CCM                 TLSv1.2 Kx=PSK      Au=PSK   Enc=AESCCM(256)            Mac=AEAD
0xC0,0x6B - TLS_PSK_WITH_ARIA_256_GCM_SHA384              - PSK-ARIA256-GCM-SHA384         TLSv1.2 Kx=PSK      Au=PSK   Enc=ARIAGCM(256)           Mac=AEAD
0x00,0xAC - TLS_RSA_PSK_WITH_AES_128_GCM_SHA256           - RSA-PSK-AES128-GCM-SHA256      TLSv1.2 Kx=RSAPSK   Au=RSA   Enc=AESGCM(128)            Mac=AEAD
0x00,0xAA - TLS_DHE_PSK_WITH_AES_128_GCM_SHA256           - DHE-PSK-AES128-GCM-SHA256      TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=AESGCM(128)            Mac=AEAD
0xC0,0xAA - TLS_PSK_DHE_WITH_AES_128_CCM_8                - DHE-PSK-AES128-CCM8            TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=AESCCM8(128)           Mac=AEAD
0xC0,0xA6 - TLS_DHE_PSK_WITH_AES_128_CCM                  - DHE-PSK-AES128-CCM             TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=AESCCM(128)            Mac=AEAD
0xC0,0x6E - TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256          - RSA-PSK-ARIA128-GCM-SHA256     TLSv1.2 Kx=RSAPSK   Au=RSA   Enc=ARIAGCM(128)           Mac=AEAD
0xC0,0x6C - TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256          - DHE-PSK-ARIA128-GCM-SHA256     TLSv1.2 Kx=DHEPSK   Au=PSK   Enc=ARIAGCM(128)           Mac=AEAD
0x00,0x9C - TLS_RSA_WITH_AES_128_GCM_SHA256               - AES128-GCM-SHA256              TLSv1.2 Kx=RSA      Au=RSA   Enc=AESGCM(128)            Mac=AEAD
0xC0,0xA0 - TLS_RSA_WITH_AES_128_CCM_8                    - AES128-CCM8                    TLSv1.2 Kx=RSA      Au=RSA   Enc=AESCCM8(128)           Mac=AEAD
0xC0,0x9C - TLS_RSA_WITH_AES_128_CCM                      - AES128-CCM                     TLSv1.2 Kx=RSA      Au=RSA   Enc=AESCCM(128)            Mac=AEAD
0xC0,0x50 - TLS_RSA_WITH_ARIA_128_GCM_SHA256              - ARIA128-GCM-SHA256             TLSv1.2 Kx=RSA      Au=RSA   Enc=ARIAGCM(128)           Mac=AEAD
0x00,0xA8 - TLS_PSK_WITH_AES_128_GCM_SHA256               - PSK-AES128-GCM-SHA256          TLSv1.2 Kx=PSK      Au=PSK   Enc=AESGCM(128)            Mac=AEAD
0xC0,0xA8 - TLS_PSK_WITH_AES_128_CCM_8                    - PSK-AES128-CCM8                TLSv1.2 Kx=PSK      Au=PSK   Enc=AESCCM8(128)           Mac=AEAD
0xC0,0xA4 - TLS_PSK_WITH_AES_128_CCM                      - PSK-AES128-CCM                 TLSv1.2 Kx=PSK      Au=PSK   Enc=AESCCM(128)            Mac=AEAD
0xC0,0x6A - TLS_PSK_WITH_ARIA_128_GCM_SHA256              - PSK-ARIA128-GCM-SHA256         TLSv1.2 Kx=PSK      Au=PSK   Enc=ARIAGCM(128)           Mac=AEAD
0x00,0x3D - TLS_RSA_WITH_AES_256_CBC_SHA256               - AES256-SHA256                  TLSv1.2 Kx=RSA      Au=RSA   Enc=AES(256)               Mac=SHA256
0x00,0xC0 - TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256          - CAMELLIA256-SHA256             TLSv1.2 Kx=RSA      Au=RSA   Enc=Camellia(256)          Mac=SHA256
0x00,0x3C - TLS_RSA_WITH_AES_128_CBC_SHA256               - AES128-SHA256                  TLSv1.2 Kx=RSA      Au=RSA   Enc=AES(128)               Mac=SHA256
0x00,0xBA - TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256          - CAMELLIA128-SHA256             TLSv1.2 Kx=RSA      Au=RSA   Enc=Camellia(128)          Mac=SHA256
0xC0,0x38 - TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384         - ECDHE-PSK-AES256-CBC-SHA384    TLSv1   Kx=ECDHEPSK Au=PSK   Enc=AES(256)               Mac=SHA384
0xC0,0x36 - TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA            - ECDHE-PSK-AES256-CBC-SHA       TLSv1   Kx=ECDHEPSK Au=PSK   Enc=AES(256)               Mac=SHA1
0xC0,0x22 - TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA          - SRP-DSS-AES-256-CBC-SHA        SSLv3   Kx=SRP      Au=DSS   Enc=AES(256)               Mac=SHA1
0xC0,0x21 - TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA          - SRP-RSA-AES-256-CBC-SHA        SSLv3   Kx=SRP      Au=RSA   Enc=AES(256)               Mac=SHA1
0xC0,0x20 - TLS_SRP_SHA_WITH_AES_256_CBC_SHA              - SRP-AES-256-CBC-SHA            SSLv3   Kx=SRP      Au=SRP   Enc=AES(256)               Mac=SHA1
0x00,0xB7 - TLS_RSA_PSK_WITH_AES_256_CBC_SHA384           - RSA-PSK-AES256-CBC-SHA384      TLSv1   Kx=RSAPSK   Au=RSA   Enc=AES(256)               Mac=SHA384
0x00,0xB3 - TLS_DHE_PSK_WITH_AES_256_CBC_SHA384           - DHE-PSK-AES256-CBC-SHA384      TLSv1   Kx=DHEPSK   Au=PSK   Enc=AES(256)               Mac=SHA384
0x00,0x95 - TLS_RSA_PSK_WITH_AES_256_CBC_SHA              - RSA-PSK-AES256-CBC-SHA         SSLv3   Kx=RSAPSK   Au=RSA   Enc=AES(256)               Mac=SHA1
0x00,0x91 - TLS_DHE_PSK_WITH_AES_256_CBC_SHA              - DHE-PSK-AES256-CBC-SHA         SSLv3   Kx=DHEPSK   Au=PSK   Enc=AES(256)               Mac=SHA1
0xC0,0x9B - TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384    - ECDHE-PSK-CAMELLIA256-SHA384   TLSv1   Kx=ECDHEPSK Au=PSK   Enc=Camellia(256)          Mac=SHA384
0xC0,0x99 - TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384      - RSA-PSK-CAMELLIA256-SHA384     TLSv1   Kx=RSAPSK   Au=RSA   Enc=Camellia(256)          Mac=SHA384
0xC0,0x97 - TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384      - DHE-PSK-CAMELLIA256-SHA384     TLSv1   Kx=DHEPSK   Au=PSK   Enc=Camellia(256)          Mac=SHA384
0x00,0x35 - TLS_RSA_WITH_AES_256_CBC_SHA                  - AES256-SHA                     SSLv3   Kx=RSA      Au=RSA   Enc=AES(256)               Mac=SHA1
0x00,0x84 - TLS_RSA_WITH_CAMELLIA_256_CBC_SHA             - CAMELLIA256-SHA                SSLv3   Kx=RSA      Au=RSA   Enc=Camellia(256)          Mac=SHA1
0x00,0xAF - TLS_PSK_WITH_AES_256_CBC_SHA384               - PSK-AES256-CBC-SHA384          TLSv1   Kx=PSK      Au=PSK   Enc=AES(256)               Mac=SHA384
0x00,0x8D - TLS_PSK_WITH_AES_256_CBC_SHA                  - PSK-AES256-CBC-SHA             SSLv3   Kx=PSK      Au=PSK   Enc=AES(256)               Mac=SHA1
0xC0,0x95 - TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384          - PSK-CAMELLIA256-SHA384         TLSv1   Kx=PSK      Au=PSK   Enc=Camellia(256)          Mac=SHA384
0xC0,0x37 - TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256         - ECDHE-PSK-AES128-CBC-SHA256    TLSv1   Kx=ECDHEPSK Au=PSK   Enc=AES(128)               Mac=SHA256
0xC0,0x35 - TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA            - ECDHE-PSK-AES128-CBC-SHA       TLSv1   Kx=ECDHEPSK Au=PSK   Enc=AES(128)               Mac=SHA1
0xC0,0x1F - TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA          - SRP-DSS-AES-128-CBC-SHA        SSLv3   Kx=SRP      Au=DSS   Enc=AES(128)               Mac=SHA1
0xC0,0x1E - TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA          - SRP-RSA-AES-128-CBC-SHA        SSLv3   Kx=SRP      Au=RSA   Enc=AES(128)               Mac=SHA1
0xC0,0x1D - TLS_SRP_SHA_WITH_AES_128_CBC_SHA              - SRP-AES-128-CBC-SHA            SSLv3   Kx=SRP      Au=SRP   Enc=AES(128)               Mac=SHA1
0x00,0xB6 - TLS_RSA_PSK_WITH_AES_128_CBC_SHA256           - RSA-PSK-AES128-CBC-SHA256      TLSv1   Kx=RSAPSK   Au=RSA   Enc=AES(128)               Mac=SHA256
0x00,0xB2 - TLS_DHE_PSK_WITH_AES_128_CBC_SHA256           - DHE-PSK-AES128-CBC-SHA256      TLSv1   Kx=DHEPSK   Au=PSK   Enc=AES(128)               Mac=SHA256
0x00,0x94 - TLS_RSA_PSK_WITH_AES_128_CBC_SHA              - RSA-PSK-AES128-CBC-SHA         SSLv3   Kx=RSAPSK   Au=RSA   Enc=AES(128)               Mac=SHA1
0x00,0x90 - TLS_DHE_PSK_WITH_AES_128_CBC_SHA              - DHE-PSK-AES128-CBC-SHA         SSLv3   Kx=DHEPSK   Au=PSK   Enc=AES(128)               Mac=SHA1
0xC0,0x9A - TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256    - ECDHE-PSK-CAMELLIA128-SHA256   TLSv1   Kx=ECDHEPSK Au=PSK   Enc=Camellia(128)          Mac=SHA256
0xC0,0x98 - TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256      - RSA-PSK-CAMELLIA128-SHA256     TLSv1   Kx=RSAPSK   Au=RSA   Enc=Camellia(128)          Mac=SHA256
0xC0,0x96 - TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256      - DHE-PSK-CAMELLIA128-SHA256     TLSv1   Kx=DHEPSK   Au=PSK   Enc=Camellia(128)          Mac=SHA256
0x00,0x2F - TLS_RSA_WITH_AES_128_CBC_SHA                  - AES128-SHA                     SSLv3   Kx=RSA      Au=RSA   Enc=AES(128)               Mac=SHA1
0x00,0x41 - TLS_RSA_WITH_CAMELLIA_128_CBC_SHA             - CAMELLIA128-SHA                SSLv3   Kx=RSA      Au=RSA   Enc=Camellia(128)          Mac=SHA1
0x00,0xAE - TLS_PSK_WITH_AES_128_CBC_SHA256               - PSK-AES128-CBC-SHA256          TLSv1   Kx=PSK      Au=PSK   Enc=AES(128)               Mac=SHA256
0x00,0x8C - TLS_PSK_WITH_AES_128_CBC_SHA                  - PSK-AES128-CBC-SHA             SSLv3   Kx=PSK      Au=PSK   Enc=AES(128)               Mac=SHA1
0xC0,0x94 - TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256          - PSK-CAMELLIA128-SHA256         TLSv1   Kx=PSK      Au=PSK   Enc=Camellia(128)          Mac=SHA256
0xC0,0x06 - TLS_ECDHE_ECDSA_WITH_NULL_SHA                 - ECDHE-ECDSA-NULL-SHA           TLSv1   Kx=ECDH     Au=ECDSA Enc=None                   Mac=SHA1
0xC0,0x10 - TLS_ECDHE_RSA_WITH_NULL_SHA                   - ECDHE-RSA-NULL-SHA             TLSv1   Kx=ECDH     Au=RSA   Enc=None                   Mac=SHA1
0xC0,0x15 - TLS_ECDH_anon_WITH_NULL_SHA                   - AECDH-NULL-SHA                 TLSv1   Kx=ECDH     Au=None  Enc=None                   Mac=SHA1
0x00,0x3B - TLS_RSA_WITH_NULL_SHA256                      - NULL-SHA256                    TLSv1.2 Kx=RSA      Au=RSA   Enc=None                   Mac=SHA256
0xC0,0x3B - TLS_ECDHE_PSK_WITH_NULL_SHA384                - ECDHE-PSK-NULL-SHA384          TLSv1   Kx=ECDHEPSK Au=PSK   Enc=None                   Mac=SHA384
0xC0,0x3A - TLS_ECDHE_PSK_WITH_NULL_SHA256                - ECDHE-PSK-NULL-SHA256          TLSv1   Kx=ECDHEPSK Au=PSK   Enc=None                   Mac=SHA256
0xC0,0x39 - TLS_ECDHE_PSK_WITH_NULL_SHA                   - ECDHE-PSK-NULL-SHA             TLSv1   Kx=ECDHEPSK Au=PSK   Enc=None                   Mac=SHA1
0x00,0xB9 - TLS_RSA_PSK_WITH_NULL_SHA384                  - RSA-PSK-NULL-SHA384            TLSv1   Kx=RSAPSK   Au=RSA   Enc=None                   Mac=SHA384
0x00,0xB8 - TLS_RSA_PSK_WITH_NULL_SHA256                  - RSA-PSK-NULL-SHA256            TLSv1   Kx=RSAPSK   Au=RSA   Enc=None                   Mac=SHA256
0x00,0xB5 - TLS_DHE_PSK_WITH_NULL_SHA384                  - DHE-PSK-NULL-SHA384            TLSv1   Kx=DHEPSK   Au=PSK   Enc=None                   Mac=SHA384
0x00,0xB4 - TLS_DHE_PSK_WITH_NULL_SHA256                  - DHE-PSK-NULL-SHA256            TLSv1   Kx=DHEPSK   Au=PSK   Enc=None                   Mac=SHA256
0x00,0x2E - TLS_RSA_PSK_WITH_NULL_SHA                     - RSA-PSK-NULL-SHA               SSLv3   Kx=RSAPSK   Au=RSA   Enc=None                   Mac=SHA1
0x00,0x2D - TLS_DHE_PSK_WITH_NULL_SHA                     - DHE-PSK-NULL-SHA               SSLv3   Kx=DHEPSK   Au=PSK   Enc=None                   Mac=SHA1
0x00,0x02 - TLS_RSA_WITH_NULL_SHA                         - NULL-SHA                       SSLv3   Kx=RSA      Au=RSA   Enc=None                   Mac=SHA1
0x00,0x01 - TLS_RSA_WITH_NULL_MD5                         - NULL-MD5                       SSLv3   Kx=RSA      Au=RSA   Enc=None                   Mac=MD5
0x00,0xB1 - TLS_PSK_WITH_NULL_SHA384                      - PSK-NULL-SHA384                TLSv1   Kx=PSK      Au=PSK   Enc=None                   Mac=SHA384
0x00,0xB0 - TLS_PSK_WITH_NULL_SHA256                      - PSK-NULL-SHA256                TLSv1   Kx=PSK      Au=PSK   Enc=None                   Mac=SHA256
0x00,0x2C - TLS_PSK_WITH_NULL_SHA                         - PSK-NULL-SHA                   SSLv3   Kx=PSK      Au=PSK   Enc=None                   Mac=SHA1";

    /// `openssl ciphers -stdname -V -s -tls1_3 -ciphersuites` with all five
    /// TLS 1.3 suites named, from the same OpenSSL: the CCM ones are off by
    /// default.
    const OPENSSL_TLS13: &str = "\
0x13,0x01 - TLS_AES_128_GCM_SHA256                        - TLS_AES_128_GCM_SHA256         TLSv1.3 Kx=any      Au=any   Enc=AESGCM(128)            Mac=AEAD
0x13,0x02 - TLS_AES_256_GCM_SHA384                        - TLS_AES_256_GCM_SHA384         TLSv1.3 Kx=any      Au=any   Enc=AESGCM(256)            Mac=AEAD
0x13,0x03 - TLS_CHACHA20_POLY1305_SHA256                  - TLS_CHACHA20_POLY1305_SHA256   TLSv1.3 Kx=any      Au=any   Enc=CHACHA20/POLY1305(256) Mac=AEAD
0x13,0x04 - TLS_AES_128_CCM_SHA256                        - TLS_AES_128_CCM_SHA256         TLSv1.3 Kx=any      Au=any   Enc=AESCCM(128)            Mac=AEAD
0x13,0x05 - TLS_AES_128_CCM_8_SHA256                      - TLS_AES_128_CCM_8_SHA256       TLSv1.3 Kx=any      Au=any   Enc=AESCCM8(128)           Mac=AEAD";

    /// Every suite OpenSSL knows is in the table under the same IANA name,
    /// with the same key exchange, authentication, cipher and MAC.
    #[test]
    fn every_openssl_suite_is_in_the_table_as_openssl_describes_it() {
        let mut seen = 0;
        for line in OPENSSL_ALL.lines().chain(OPENSSL_TLS13.lines()) {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let [
                id,
                "-",
                name,
                "-",
                _openssl_name,
                _version,
                kx,
                au,
                enc,
                mac,
            ] = columns[..]
            else {
                panic!("unexpected line {line}");
            };
            let id = u16::from_str_radix(&id.replace("0x", "").replace(',', ""), 16).unwrap();
            let suite = by_id(id).unwrap_or_else(|| panic!("{id:#06x} {name} is missing"));
            assert_eq!(suite.name, name);
            // OpenSSL says DH and ECDH for DHE and ECDHE (it no longer has
            // static ones), and None for anonymous.
            let key_exchange = match kx {
                "Kx=RSA" => KeyExchange::Rsa,
                "Kx=DH" => KeyExchange::Dhe,
                "Kx=ECDH" => KeyExchange::Ecdhe,
                "Kx=PSK" => KeyExchange::Psk,
                "Kx=DHEPSK" => KeyExchange::DhePsk,
                "Kx=ECDHEPSK" => KeyExchange::EcdhePsk,
                "Kx=RSAPSK" => KeyExchange::RsaPsk,
                "Kx=SRP" => KeyExchange::Srp,
                "Kx=any" => KeyExchange::Tls13,
                other => panic!("{other} in {line}"),
            };
            let authentication = match au {
                "Au=RSA" => Authentication::Rsa,
                "Au=DSS" => Authentication::Dss,
                "Au=ECDSA" => Authentication::Ecdsa,
                "Au=PSK" => Authentication::Psk,
                "Au=SRP" => Authentication::Srp,
                "Au=None" => Authentication::Anonymous,
                "Au=any" => Authentication::Certificate,
                other => panic!("{other} in {line}"),
            };
            let cipher = match enc {
                "Enc=None" => Cipher::Null,
                "Enc=AES(128)" => Cipher::Aes128Cbc,
                "Enc=AES(256)" => Cipher::Aes256Cbc,
                "Enc=AESGCM(128)" => Cipher::Aes128Gcm,
                "Enc=AESGCM(256)" => Cipher::Aes256Gcm,
                "Enc=AESCCM(128)" => Cipher::Aes128Ccm,
                "Enc=AESCCM(256)" => Cipher::Aes256Ccm,
                "Enc=AESCCM8(128)" => Cipher::Aes128Ccm8,
                "Enc=AESCCM8(256)" => Cipher::Aes256Ccm8,
                "Enc=Camellia(128)" => Cipher::Camellia128Cbc,
                "Enc=Camellia(256)" => Cipher::Camellia256Cbc,
                "Enc=ARIAGCM(128)" => Cipher::Aria128Gcm,
                "Enc=ARIAGCM(256)" => Cipher::Aria256Gcm,
                "Enc=CHACHA20/POLY1305(256)" => Cipher::Chacha20Poly1305,
                other => panic!("{other} in {line}"),
            };
            let mac = match mac {
                "Mac=MD5" => Mac::Md5,
                "Mac=SHA1" => Mac::Sha1,
                "Mac=SHA256" => Mac::Sha256,
                "Mac=SHA384" => Mac::Sha384,
                "Mac=AEAD" => Mac::Aead,
                other => panic!("{other} in {line}"),
            };
            assert_eq!(
                (
                    suite.key_exchange,
                    suite.authentication,
                    suite.cipher,
                    suite.mac
                ),
                (key_exchange, authentication, cipher, mac),
                "{line}"
            );
            assert!(!suite.export, "{line}");
            seen += 1;
        }
        assert_eq!(seen, 158 + 5);
    }
}
