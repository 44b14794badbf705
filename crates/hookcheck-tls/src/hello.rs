//! Hand-built `ClientHello` messages and the reading of what a server answers,
//! for every protocol version from SSL 2.0 to TLS 1.3. Pure bytes in, bytes
//! out: the probes send these and hand back what came.
//!
//! rustls will not speak SSL 2.0/3.0, TLS 1.0/1.1, RC4, 3DES, CBC, static
//! RSA or DHE, so whether a server accepts them is asked directly: offer
//! exactly one protocol version and a list of suites, and read the server's
//! first flight (`ServerHello`, and for TLS 1.2 and earlier the key exchange
//! that names the DH or ECDH group), or its alert, or its silence. No
//! handshake is ever finished.
//!
//! Up to TLS 1.2 the server's `Certificate` message travels in the clear in
//! that first flight, so the chain is read from it too: handshake messages
//! are reassembled across records, and what a hostile server can make the
//! reader hold is bounded (the flight to [`MAX_FLIGHT`] bytes, the chain to
//! [`MAX_CERTIFICATES`]); past a bound the reply is invalid, never buffered.

use crate::grade::Protocol;

/// Handshake message types (RFC 8446 §4, RFC 5246 §7.4).
const SERVER_HELLO: u8 = 2;
const CERTIFICATE: u8 = 11;
const SERVER_KEY_EXCHANGE: u8 = 12;
const SERVER_HELLO_DONE: u8 = 14;

/// Record content types.
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;

/// Extension numbers.
const SERVER_NAME: u16 = 0;
const SUPPORTED_GROUPS: u16 = 10;
const EC_POINT_FORMATS: u16 = 11;
const SIGNATURE_ALGORITHMS: u16 = 13;
const SUPPORTED_VERSIONS: u16 = 43;
const KEY_SHARE: u16 = 51;
const RENEGOTIATION_INFO: u16 = 0xff01;

/// X25519's group number.
const X25519: u16 = 29;

/// The groups offered: every named curve and finite-field group a server
/// may pick, strongest-agnostic, so the server's own choice shows.
const GROUPS: [u16; 12] = [29, 23, 24, 25, 30, 256, 257, 258, 259, 260, 22, 21];

/// Signature algorithms offered: modern ones and the SHA-1 ones, so a
/// server with an old certificate still answers.
const SIGNATURE_SCHEMES: [u16; 14] = [
    0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203,
    0x0201, 0x0202,
];

/// The most bytes of a server's first flight that are read: a
/// `ServerHello`, a certificate chain and a key exchange fit many times over
/// (real chains are a few kilobytes; rustls refuses a handshake message
/// over 64 KiB). A handshake message declaring more is refused at once.
pub(crate) const MAX_FLIGHT: usize = 256 * 1024;

/// The most certificates a chain may hold: real chains have two to four,
/// and a server sending more is flooding, not configuring.
pub(crate) const MAX_CERTIFICATES: usize = 32;

/// The record and `ClientHello` version numbers of a protocol.
pub(crate) const fn wire_version(protocol: Protocol) -> u16 {
    match protocol {
        Protocol::Ssl2 => 0x0002,
        Protocol::Ssl3 => 0x0300,
        Protocol::Tls10 => 0x0301,
        Protocol::Tls11 => 0x0302,
        Protocol::Tls12 | Protocol::Tls13 => 0x0303,
    }
}

fn protocol_of(version: u16) -> Option<Protocol> {
    match version {
        0x0300 => Some(Protocol::Ssl3),
        0x0301 => Some(Protocol::Tls10),
        0x0302 => Some(Protocol::Tls11),
        0x0303 => Some(Protocol::Tls12),
        0x0304 => Some(Protocol::Tls13),
        _ => None,
    }
}

/// A `ClientHello` offering exactly `protocol` (SSL 3.0 to TLS 1.3) and
/// `suites`, in a record. `host` goes into SNI when it is a DNS name.
pub(crate) fn client_hello(protocol: Protocol, suites: &[u16], host: Option<&str>) -> Vec<u8> {
    let mut body = Vec::with_capacity(512);
    put_u16(&mut body, wire_version(protocol));
    body.extend_from_slice(&RANDOM);
    // A session id: TLS 1.3 servers in middlebox-compatibility mode echo it.
    body.push(32);
    body.extend_from_slice(&RANDOM);
    put_u16(
        &mut body,
        u16::try_from(suites.len() * 2).unwrap_or(u16::MAX - 1),
    );
    for &suite in suites {
        put_u16(&mut body, suite);
    }
    // One compression method: null.
    body.extend_from_slice(&[1, 0]);
    if protocol != Protocol::Ssl3 {
        let extensions = extensions(protocol, host);
        put_u16(
            &mut body,
            u16::try_from(extensions.len()).unwrap_or(u16::MAX),
        );
        body.extend_from_slice(&extensions);
    }
    let mut handshake = vec![1];
    put_u24(&mut handshake, body.len());
    handshake.extend_from_slice(&body);
    // The record version is TLS 1.0 for everything newer (RFC 8446 §5.1).
    let record_version = match protocol {
        Protocol::Ssl3 => 0x0300,
        _ => 0x0301,
    };
    record(HANDSHAKE, record_version, &handshake)
}

fn extensions(protocol: Protocol, host: Option<&str>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(host) = host {
        let name = host.as_bytes();
        let mut list = vec![0];
        put_u16(&mut list, u16::try_from(name.len()).unwrap_or(0));
        list.extend_from_slice(name);
        let mut data = Vec::new();
        put_u16(&mut data, u16::try_from(list.len()).unwrap_or(0));
        data.extend_from_slice(&list);
        extension(&mut out, SERVER_NAME, &data);
    }
    let mut groups = Vec::new();
    put_u16(&mut groups, u16::try_from(GROUPS.len() * 2).unwrap_or(0));
    for group in GROUPS {
        put_u16(&mut groups, group);
    }
    extension(&mut out, SUPPORTED_GROUPS, &groups);
    extension(&mut out, EC_POINT_FORMATS, &[1, 0]);
    if protocol >= Protocol::Tls12 {
        let mut schemes = Vec::new();
        put_u16(
            &mut schemes,
            u16::try_from(SIGNATURE_SCHEMES.len() * 2).unwrap_or(0),
        );
        for scheme in SIGNATURE_SCHEMES {
            put_u16(&mut schemes, scheme);
        }
        extension(&mut out, SIGNATURE_ALGORITHMS, &schemes);
    }
    if protocol == Protocol::Tls13 {
        extension(&mut out, SUPPORTED_VERSIONS, &[2, 0x03, 0x04]);
        // An X25519 share: the base point, a valid public value (the probe
        // never uses the shared secret).
        let mut share = Vec::new();
        put_u16(&mut share, 2 + 2 + 32);
        put_u16(&mut share, X25519);
        put_u16(&mut share, 32);
        let mut point = [0; 32];
        point[0] = 9;
        share.extend_from_slice(&point);
        extension(&mut out, KEY_SHARE, &share);
    }
    extension(&mut out, RENEGOTIATION_INFO, &[0]);
    out
}

/// An SSL 2.0 `CLIENT-HELLO` (two-byte record header) offering `ciphers`.
pub(crate) fn ssl2_client_hello(ciphers: &[[u8; 3]]) -> Vec<u8> {
    let challenge = &RANDOM[..16];
    let mut body = vec![1];
    put_u16(&mut body, 0x0002);
    put_u16(&mut body, u16::try_from(ciphers.len() * 3).unwrap_or(0));
    put_u16(&mut body, 0);
    put_u16(&mut body, u16::try_from(challenge.len()).unwrap_or(0));
    for cipher in ciphers {
        body.extend_from_slice(cipher);
    }
    body.extend_from_slice(challenge);
    let length = u16::try_from(body.len()).unwrap_or(0) | 0x8000;
    let mut out = length.to_be_bytes().to_vec();
    out.extend_from_slice(&body);
    out
}

/// Not random at all: servers do not care, and fixed bytes keep probes
/// reproducible.
const RANDOM: [u8; 32] = *b"hookcheck probe: not a real one.";

fn record(content_type: u8, version: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![content_type];
    put_u16(&mut out, version);
    put_u16(&mut out, u16::try_from(payload.len()).unwrap_or(u16::MAX));
    out.extend_from_slice(payload);
    out
}

fn extension(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    put_u16(out, kind);
    put_u16(out, u16::try_from(data.len()).unwrap_or(u16::MAX));
    out.extend_from_slice(data);
}

fn put_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_be_bytes());
}

fn put_u24(out: &mut Vec<u8>, value: usize) {
    let bytes = u32::try_from(value).unwrap_or(0xff_ffff).to_be_bytes();
    out.extend_from_slice(&bytes[1..]);
}

/// What a server's first flight said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reply {
    /// A `ServerHello`: the protocol and suite chosen, the key-exchange
    /// group when the server named one, and the certificates (DER, leaf
    /// first, as sent) when its flight carried them in the clear (TLS 1.2
    /// and earlier, a suite that authenticates).
    Accepted {
        protocol: Protocol,
        suite: u16,
        group: Option<Group>,
        certificates: Vec<Vec<u8>>,
    },
    /// An SSL 2.0 `SERVER-HELLO` and the ciphers it lists.
    Ssl2 { ciphers: Vec<[u8; 3]> },
    /// A fatal alert: the server refuses what was offered.
    Alert(u8),
}

/// A key-exchange group as the server chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    /// A named group (TLS 1.3 key share or an ECDHE curve).
    Named(u16),
    /// A finite-field DH group of this many bits (TLS 1.2 and earlier DHE).
    Dh(u32),
}

impl Group {
    /// The group's name, for reports.
    pub(crate) fn name(self) -> String {
        match self {
            Group::Named(id) => match id {
                23 => "secp256r1".to_owned(),
                24 => "secp384r1".to_owned(),
                25 => "secp521r1".to_owned(),
                29 => "x25519".to_owned(),
                30 => "x448".to_owned(),
                256..=260 => format!("ffdhe{}", Group::Named(id).rsa_bits()),
                other => format!("group {other}"),
            },
            Group::Dh(bits) => format!("DH {bits}"),
        }
    }

    /// Its strength in RSA-equivalent bits, as the rating guide compares it.
    pub(crate) fn rsa_bits(self) -> u32 {
        match self {
            Group::Named(21 | 256) => 2048,
            Group::Named(22 | 23 | 29 | 257) => 3072,
            Group::Named(24 | 30) => 7680,
            Group::Named(25) => 15360,
            Group::Named(258) => 4096,
            Group::Named(259) => 6144,
            Group::Named(260) => 8192,
            Group::Named(_) => 0,
            Group::Dh(bits) => bits,
        }
    }
}

/// How far reading a reply got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parse {
    /// More bytes are needed.
    NeedMore,
    /// The reply is understood.
    Done(Reply),
    /// The bytes are not a TLS or SSL reply.
    Invalid(&'static str),
}

/// Where the reading of a reply stands, so that [`parse_reply`] runs again
/// only when its answer may have changed: when a record's first byte (which
/// decides what comes of it) or its last has arrived. A reply trickled a
/// byte at a time then costs a parse per record, not per byte: each parse
/// walks the whole flight, and per byte that is the flight's square.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    /// Where the first record not yet arrived whole starts.
    next: usize,
    /// Whether its first byte has been seen.
    begun: bool,
}

impl Progress {
    /// Whether `bytes`, all received so far, begin or complete a record
    /// since the last call.
    pub(crate) fn advanced(&mut self, bytes: &[u8]) -> bool {
        if bytes.first().is_some_and(|first| first & 0x80 != 0) {
            // SSL 2.0: one record, whose two-byte header gives its length.
            let whole = bytes.get(..2).is_some_and(|header| {
                let length = usize::from(u16::from_be_bytes([header[0], header[1]]) & 0x7fff);
                bytes.len() >= 2 + length
            });
            let advanced = whole && !self.begun;
            self.begun |= whole;
            return advanced;
        }
        let mut advanced = false;
        loop {
            if bytes.len() > self.next && !self.begun {
                self.begun = true;
                advanced = true;
            }
            let Some(header) = bytes.get(self.next..self.next + 5) else {
                return advanced;
            };
            let end = self.next + 5 + usize::from(u16::from_be_bytes([header[3], header[4]]));
            if bytes.len() < end {
                return advanced;
            }
            self.next = end;
            self.begun = false;
            advanced = true;
        }
    }
}

/// Reads what a server sent so far in answer to a hello. For TLS 1.2 and
/// earlier it reads on to the `ServerKeyExchange` (which names the DH or ECDH
/// group) or the `ServerHelloDone` (no key exchange message: static RSA),
/// keeping the `Certificate` message's chain on the way.
pub(crate) fn parse_reply(bytes: &[u8]) -> Parse {
    let Some(&first) = bytes.first() else {
        return Parse::NeedMore;
    };
    if first & 0x80 != 0 {
        return parse_ssl2(bytes);
    }
    // The handshake messages, gathered from the records so far: a message
    // may span records, and a record may hold several messages. Those
    // before `walked` have been read already: each is read once, so that a
    // flight of many small records costs its length, not its square.
    let mut handshake = Vec::new();
    let mut walked = 0;
    let mut rest = bytes;
    let mut hello: Option<Hello> = None;
    loop {
        // A record's first byte decides what comes of it, so that the
        // answer is the same whether the rest of it has arrived or not.
        // ChangeCipherSpec (TLS 1.3 compatibility) and anything encrypted
        // after the ServerHello end the plaintext flight.
        let Some(&content_type) = rest.first() else {
            return Parse::NeedMore;
        };
        if ![ALERT, HANDSHAKE].contains(&content_type) {
            return match hello {
                Some(hello) => Parse::Done(hello.reply()),
                None if [20, 23].contains(&content_type) => {
                    Parse::Invalid("no ServerHello before other records")
                }
                None => Parse::Invalid("not a TLS record"),
            };
        }
        let Some((content_type, payload, after)) = split_record(rest) else {
            return Parse::NeedMore;
        };
        rest = after;
        if content_type == HANDSHAKE {
            handshake.extend_from_slice(payload);
        } else if let [2, description, ..] = payload {
            // A fatal alert; a warning (such as unrecognized_name) is not a
            // refusal.
            return Parse::Done(Reply::Alert(*description));
        }
        // Walk the handshake messages this record completed.
        loop {
            let (kind, body, after) = match split_handshake(&handshake[walked..]) {
                Message::Complete(kind, body, after) => (kind, body, after),
                Message::Partial => break,
                Message::Oversized => {
                    return Parse::Invalid("a handshake message longer than the 256 KiB cap");
                }
            };
            walked = handshake.len() - after.len();
            match (kind, hello.as_mut()) {
                (SERVER_HELLO, _) => match server_hello(body) {
                    Some((protocol, suite, group)) => {
                        let found = Hello {
                            protocol,
                            suite,
                            group,
                            certificates: Vec::new(),
                        };
                        if protocol == Protocol::Tls13 {
                            return Parse::Done(found.reply());
                        }
                        hello = Some(found);
                    }
                    None => return Parse::Invalid("a malformed ServerHello"),
                },
                (CERTIFICATE, Some(found)) => match certificate_list(body) {
                    Ok(certificates) => found.certificates = certificates,
                    Err(why) => return Parse::Invalid(why),
                },
                (SERVER_KEY_EXCHANGE, Some(found)) => {
                    found.group = key_exchange_group(body);
                    return Parse::Done(found.clone().reply());
                }
                (SERVER_HELLO_DONE, Some(found)) => return Parse::Done(found.clone().reply()),
                (_, None) => return Parse::Invalid("no ServerHello first"),
                // CertificateStatus, CertificateRequest: not needed.
                (_, Some(_)) => {}
            }
        }
        if rest.is_empty() {
            return Parse::NeedMore;
        }
    }
}

/// [`parse_reply`] for the fuzz targets, which cannot name its types:
/// `None` while more bytes are needed, else the answer in `Debug` form and
/// the number of certificates it kept.
#[doc(hidden)]
pub fn parse_reply_for_fuzzing(bytes: &[u8]) -> Option<(String, usize)> {
    let parse = parse_reply(bytes);
    let certificates = match &parse {
        Parse::NeedMore => return None,
        Parse::Done(Reply::Accepted { certificates, .. }) => certificates.len(),
        Parse::Done(_) | Parse::Invalid(_) => 0,
    };
    Some((format!("{parse:?}"), certificates))
}

/// A TLS 1.2-or-earlier `ServerHello` and what followed it so far.
#[derive(Clone)]
struct Hello {
    protocol: Protocol,
    suite: u16,
    group: Option<Group>,
    certificates: Vec<Vec<u8>>,
}

impl Hello {
    fn reply(self) -> Reply {
        Reply::Accepted {
            protocol: self.protocol,
            suite: self.suite,
            group: self.group,
            certificates: self.certificates,
        }
    }
}

/// The certificates of a `Certificate` message (RFC 5246 §7.4.2): a 24-bit
/// length, then each certificate with its own 24-bit length.
fn certificate_list(body: &[u8]) -> Result<Vec<Vec<u8>>, &'static str> {
    const MALFORMED: &str = "a malformed Certificate message";
    let mut reader = Reader(body);
    let length = reader.u24().ok_or(MALFORMED)?;
    let list = reader.take(length).ok_or(MALFORMED)?;
    if !reader.0.is_empty() {
        return Err(MALFORMED);
    }
    let mut list = Reader(list);
    let mut certificates = Vec::new();
    while !list.0.is_empty() {
        if certificates.len() == MAX_CERTIFICATES {
            return Err("a chain of more than 32 certificates");
        }
        let length = list.u24().filter(|&n| n > 0).ok_or(MALFORMED)?;
        certificates.push(list.take(length).ok_or(MALFORMED)?.to_vec());
    }
    Ok(certificates)
}

/// The protocol, suite and (TLS 1.3) key-share group a `ServerHello` chose.
fn server_hello(body: &[u8]) -> Option<(Protocol, u16, Option<Group>)> {
    let mut reader = Reader(body);
    let legacy_version = reader.u16()?;
    reader.take(32)?;
    let session = reader.u8()?;
    reader.take(usize::from(session))?;
    let suite = reader.u16()?;
    reader.u8()?;
    let mut version = legacy_version;
    let mut group = None;
    if let Some(length) = reader.u16() {
        let mut extensions = Reader(reader.take(usize::from(length))?);
        while let (Some(kind), Some(length)) = (extensions.u16(), extensions.u16()) {
            let mut data = Reader(extensions.take(usize::from(length))?);
            match kind {
                SUPPORTED_VERSIONS => version = data.u16()?,
                // A ServerHello carries a KeyShareEntry; a HelloRetryRequest
                // only the group. Both name the group first.
                KEY_SHARE => group = data.u16().map(Group::Named),
                _ => {}
            }
        }
    }
    Some((protocol_of(version)?, suite, group))
}

/// The group of a `ServerKeyExchange`: an ECDHE named curve, or the size of
/// a DHE prime.
fn key_exchange_group(body: &[u8]) -> Option<Group> {
    let mut reader = Reader(body);
    match reader.u8()? {
        // ECParameters with curve_type named_curve.
        3 if body.len() >= 4 => reader.u16().map(Group::Named),
        _ => {
            // ServerDHParams: dh_p first, a big-endian unsigned integer.
            let mut reader = Reader(body);
            let length = reader.u16()?;
            let prime = reader.take(usize::from(length))?;
            let start = prime.iter().position(|&b| b != 0)?;
            let bits = u32::try_from(prime.len() - start).ok()? * 8 - prime[start].leading_zeros();
            Some(Group::Dh(bits))
        }
    }
}

fn parse_ssl2(bytes: &[u8]) -> Parse {
    if bytes.len() < 2 {
        return Parse::NeedMore;
    }
    let length = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]) & 0x7fff);
    let Some(body) = bytes.get(2..2 + length) else {
        return Parse::NeedMore;
    };
    let mut reader = Reader(body);
    // SERVER-HELLO: type 4, session-id-hit, certificate type, version,
    // certificate length, cipher-specs length, connection-id length.
    let parsed = (|| {
        if reader.u8()? != 4 {
            return None;
        }
        reader.take(2)?;
        let version = reader.u16()?;
        let certificate = reader.u16()?;
        let specs = reader.u16()?;
        reader.u16()?;
        reader.take(usize::from(certificate))?;
        let specs = reader.take(usize::from(specs))?;
        let ciphers = specs.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
        Some((version, ciphers))
    })();
    match parsed {
        Some((0x0002, ciphers)) => Parse::Done(Reply::Ssl2 { ciphers }),
        _ => Parse::Invalid("not an SSL 2.0 SERVER-HELLO"),
    }
}

fn split_record(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let header = bytes.get(..5)?;
    let length = usize::from(u16::from_be_bytes([header[3], header[4]]));
    let payload = bytes.get(5..5 + length)?;
    Some((header[0], payload, &bytes[5 + length..]))
}

/// How much of a handshake message the bytes hold.
enum Message<'a> {
    /// The whole message: its type, its body, and the bytes after it.
    Complete(u8, &'a [u8], &'a [u8]),
    /// Only a part: more records are needed.
    Partial,
    /// Its header declares more than [`MAX_FLIGHT`]: no reason to wait.
    Oversized,
}

fn split_handshake(bytes: &[u8]) -> Message<'_> {
    let Some(header) = bytes.get(..4) else {
        return Message::Partial;
    };
    let length =
        usize::from(header[1]) << 16 | usize::from(header[2]) << 8 | usize::from(header[3]);
    if length > MAX_FLIGHT {
        return Message::Oversized;
    }
    match bytes.get(4..4 + length) {
        Some(body) => Message::Complete(header[0], body, &bytes[4 + length..]),
        None => Message::Partial,
    }
}

/// Reads big-endian integers and slices off the front of a buffer.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = tail;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }

    fn u24(&mut self) -> Option<usize> {
        self.take(3)
            .map(|b| usize::from(b[0]) << 16 | usize::from(b[1]) << 8 | usize::from(b[2]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_hello(version: u16, suite: u16, extensions: &[u8]) -> Vec<u8> {
        let mut body = version.to_be_bytes().to_vec();
        body.extend_from_slice(&[7; 32]);
        body.push(0);
        body.extend_from_slice(&suite.to_be_bytes());
        body.push(0);
        if !extensions.is_empty() {
            put_u16(&mut body, u16::try_from(extensions.len()).unwrap());
            body.extend_from_slice(extensions);
        }
        message(SERVER_HELLO, &body)
    }

    fn message(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![kind];
        put_u24(&mut out, body.len());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn a_client_hello_offers_one_version_and_the_given_suites() {
        let hello = client_hello(Protocol::Tls12, &[0xc02f, 0x009c], Some("hookcheck.test"));
        assert_eq!(&hello[..3], &[HANDSHAKE, 0x03, 0x01]);
        assert_eq!(
            usize::from(u16::from_be_bytes([hello[3], hello[4]])),
            hello.len() - 5
        );
        assert_eq!(hello[5], 1, "a ClientHello");
        assert_eq!(&hello[9..11], &[0x03, 0x03]);
        // After the random and the 32-byte session id: two suites.
        assert_eq!(&hello[76..82], &[0x00, 0x04, 0xc0, 0x2f, 0x00, 0x9c]);
        assert!(hello.windows(14).any(|w| w == b"hookcheck.test"), "SNI");
        let tls13 = client_hello(Protocol::Tls13, &[0x1301], None);
        assert!(
            tls13
                .windows(7)
                .any(|w| w == [0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04])
        );
        let ssl3 = client_hello(Protocol::Ssl3, &[0x0005], None);
        assert_eq!(&ssl3[1..3], &[0x03, 0x00]);
        assert_eq!(
            ssl3.len(),
            5 + 4 + 2 + 32 + 33 + 2 + 2 + 2,
            "SSL 3.0 has no extensions"
        );
    }

    #[test]
    fn tls_1_3_answers_are_read_at_the_server_hello() {
        let mut extensions = Vec::new();
        extension(&mut extensions, SUPPORTED_VERSIONS, &[0x03, 0x04]);
        extension(&mut extensions, KEY_SHARE, &[0x00, 0x17, 0x00, 0x01, 0x04]);
        let flight = record(
            HANDSHAKE,
            0x0303,
            &server_hello(0x0303, 0x1301, &extensions),
        );
        assert_eq!(
            parse_reply(&flight),
            Parse::Done(Reply::Accepted {
                protocol: Protocol::Tls13,
                suite: 0x1301,
                group: Some(Group::Named(23)),
                certificates: Vec::new(),
            })
        );
        assert_eq!(parse_reply(&flight[..flight.len() - 3]), Parse::NeedMore);
    }

    #[test]
    fn tls_1_2_answers_are_read_on_to_the_key_exchange() {
        let hello = server_hello(0x0303, 0x009e, &[]);
        // A DHE ServerKeyExchange with a 1024-bit prime (top bit set).
        let mut dh = vec![0x00, 0x80, 0x80];
        dh.extend_from_slice(&[0; 127]);
        dh.extend_from_slice(&[0x00, 0x01, 0x02]);
        let flight = [
            record(HANDSHAKE, 0x0303, &hello),
            record(
                HANDSHAKE,
                0x0303,
                &[
                    message(CERTIFICATE, &[0, 0, 0]),
                    message(SERVER_KEY_EXCHANGE, &dh),
                ]
                .concat(),
            ),
        ]
        .concat();
        assert_eq!(
            parse_reply(&record(HANDSHAKE, 0x0303, &hello)),
            Parse::NeedMore
        );
        assert_eq!(
            parse_reply(&flight),
            Parse::Done(Reply::Accepted {
                protocol: Protocol::Tls12,
                suite: 0x009e,
                group: Some(Group::Dh(1024)),
                certificates: Vec::new(),
            })
        );
        // An ECDHE key exchange names its curve; static RSA ends at the
        // ServerHelloDone with no group.
        let ecdhe = message(SERVER_KEY_EXCHANGE, &[3, 0x00, 0x1d, 32]);
        let flight = record(
            HANDSHAKE,
            0x0301,
            &[server_hello(0x0301, 0xc013, &[]), ecdhe].concat(),
        );
        assert!(matches!(
            parse_reply(&flight),
            Parse::Done(Reply::Accepted {
                group: Some(Group::Named(29)),
                ..
            })
        ));
        let rsa = record(
            HANDSHAKE,
            0x0300,
            &[
                server_hello(0x0300, 0x0005, &[]),
                message(SERVER_HELLO_DONE, &[]),
            ]
            .concat(),
        );
        assert_eq!(
            parse_reply(&rsa),
            Parse::Done(Reply::Accepted {
                protocol: Protocol::Ssl3,
                suite: 0x0005,
                group: None,
                certificates: Vec::new(),
            })
        );
    }

    /// A `Certificate` message carrying these certificates.
    fn certificate(certificates: &[&[u8]]) -> Vec<u8> {
        let mut list = Vec::new();
        for der in certificates {
            put_u24(&mut list, der.len());
            list.extend_from_slice(der);
        }
        let mut body = Vec::new();
        put_u24(&mut body, list.len());
        body.extend_from_slice(&list);
        message(CERTIFICATE, &body)
    }

    /// A TLS 1.2 static-RSA flight: `ServerHello`, `Certificate`,
    /// `ServerHelloDone`, as one stream of handshake bytes.
    fn rsa_flight(certificates: &[&[u8]]) -> Vec<u8> {
        [
            server_hello(0x0303, 0x002f, &[]),
            certificate(certificates),
            message(SERVER_HELLO_DONE, &[]),
        ]
        .concat()
    }

    fn accepted_with(certificates: &[&[u8]]) -> Parse {
        Parse::Done(Reply::Accepted {
            protocol: Protocol::Tls12,
            suite: 0x002f,
            group: None,
            certificates: certificates.iter().map(|c| c.to_vec()).collect(),
        })
    }

    #[test]
    fn the_chain_is_read_from_the_certificate_message() {
        let leaf: &[u8] = b"\x30\x03leaf";
        let issuer: &[u8] = b"\x30\x05issuer";
        let flight = record(HANDSHAKE, 0x0303, &rsa_flight(&[leaf, issuer]));
        assert_eq!(parse_reply(&flight), accepted_with(&[leaf, issuer]));
        // Every cut short of the ServerHelloDone needs more bytes.
        for cut in 1..flight.len() {
            assert_eq!(parse_reply(&flight[..cut]), Parse::NeedMore, "cut at {cut}");
        }
    }

    #[test]
    fn a_certificate_message_split_across_records_is_reassembled() {
        let leaf = vec![0x30; 300];
        let issuer = vec![0x31; 200];
        let handshake = rsa_flight(&[&leaf, &issuer]);
        // Records of 100 bytes: the Certificate message spans six, and
        // the first and last of them also hold parts of its neighbours.
        let records: Vec<u8> = handshake
            .chunks(100)
            .flat_map(|chunk| record(HANDSHAKE, 0x0303, chunk))
            .collect();
        assert_eq!(parse_reply(&records), accepted_with(&[&leaf, &issuer]));
        // Cut in the middle of the Certificate message, at a record
        // boundary and within a record.
        assert_eq!(parse_reply(&records[..2 * 105]), Parse::NeedMore);
        assert_eq!(parse_reply(&records[..2 * 105 + 50]), Parse::NeedMore);
        // Split in two records exactly inside the certificate list.
        let at = handshake.len() / 2;
        let two = [
            record(HANDSHAKE, 0x0303, &handshake[..at]),
            record(HANDSHAKE, 0x0303, &handshake[at..]),
        ]
        .concat();
        assert_eq!(parse_reply(&two), accepted_with(&[&leaf, &issuer]));
    }

    #[test]
    fn a_trickled_reply_is_parsed_once_a_record_and_read_the_same() {
        let leaf = vec![0x30; 300];
        let records: Vec<u8> = rsa_flight(&[&leaf])
            .chunks(100)
            .flat_map(|chunk| record(HANDSHAKE, 0x0303, chunk))
            .collect();
        let count = records.len().div_ceil(105);
        let mut progress = Progress::default();
        let mut parses = 0;
        let mut answer = Parse::NeedMore;
        for end in 1..=records.len() {
            if progress.advanced(&records[..end]) {
                parses += 1;
                answer = parse_reply(&records[..end]);
            }
        }
        assert_eq!(answer, accepted_with(&[&leaf]));
        // A parse as each record begins and as it ends, no more.
        assert_eq!(parses, 2 * count, "{count} records");
        // What decides at a record's first byte is seen at once.
        let mut progress = Progress::default();
        assert!(progress.advanced(b"H"));
        assert_eq!(parse_reply(b"H"), Parse::Invalid("not a TLS record"));
        assert!(!progress.advanced(b"HT"));
        // SSL 2.0: its one record, whole.
        let mut progress = Progress::default();
        assert!(!progress.advanced(&[0x80, 3, 4]));
        assert!(progress.advanced(&[0x80, 3, 4, 0, 2]));
        assert!(!progress.advanced(&[0x80, 3, 4, 0, 2, 9]));
    }

    #[test]
    fn a_truncated_or_inconsistent_certificate_message_is_invalid() {
        let hello = server_hello(0x0303, 0x002f, &[]);
        let done = message(SERVER_HELLO_DONE, &[]);
        let flight = |certificate_body: &[u8]| {
            record(
                HANDSHAKE,
                0x0303,
                &[
                    hello.clone(),
                    message(CERTIFICATE, certificate_body),
                    done.clone(),
                ]
                .concat(),
            )
        };
        // The list says 10 bytes, the one certificate in it says 20.
        let mut truncated = vec![0, 0, 10, 0, 0, 20];
        truncated.extend_from_slice(&[0x30; 7]);
        assert_eq!(
            parse_reply(&flight(&truncated)),
            Parse::Invalid("a malformed Certificate message")
        );
        // Bytes after the list.
        assert_eq!(
            parse_reply(&flight(&[0, 0, 4, 0, 0, 1, 0x30, 9])),
            Parse::Invalid("a malformed Certificate message")
        );
        // An empty certificate.
        assert_eq!(
            parse_reply(&flight(&[0, 0, 3, 0, 0, 0])),
            Parse::Invalid("a malformed Certificate message")
        );
        // No ServerHello before it.
        let alone = record(HANDSHAKE, 0x0303, &certificate(&[b"\x30"]));
        assert_eq!(parse_reply(&alone), Parse::Invalid("no ServerHello first"));
        // An empty list is a server with no certificate (an anonymous
        // suite): accepted, no chain.
        assert_eq!(parse_reply(&flight(&[0, 0, 0])), accepted_with(&[]));
    }

    #[test]
    fn an_oversized_or_crowded_certificate_message_is_refused_without_waiting() {
        // A Certificate message declaring 16 MB: refused from its header,
        // before any of the 16 MB arrives.
        let mut header = server_hello(0x0303, 0x002f, &[]);
        header.extend_from_slice(&[CERTIFICATE, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc]);
        assert_eq!(
            parse_reply(&record(HANDSHAKE, 0x0303, &header)),
            Parse::Invalid("a handshake message longer than the 256 KiB cap")
        );
        // Just under the cap is still worth waiting for.
        let mut under = server_hello(0x0303, 0x002f, &[]);
        under.push(CERTIFICATE);
        put_u24(&mut under, MAX_FLIGHT);
        assert_eq!(
            parse_reply(&record(HANDSHAKE, 0x0303, &under)),
            Parse::NeedMore
        );
        // 33 one-byte certificates: more than any real chain.
        let many: Vec<&[u8]> = vec![b"\x30"; MAX_CERTIFICATES + 1];
        assert_eq!(
            parse_reply(&record(HANDSHAKE, 0x0303, &rsa_flight(&many))),
            Parse::Invalid("a chain of more than 32 certificates")
        );
        let enough: Vec<&[u8]> = vec![b"\x30"; MAX_CERTIFICATES];
        assert_eq!(
            parse_reply(&record(HANDSHAKE, 0x0303, &rsa_flight(&enough))),
            accepted_with(&enough)
        );
    }

    #[test]
    fn a_flood_of_records_never_completes_a_reply() {
        // Warning alerts and empty handshake records after a ServerHello:
        // nothing that ends the flight, so the reader asks for more and
        // the caller's byte cap ends it.
        let mut flood = record(HANDSHAKE, 0x0303, &server_hello(0x0303, 0x002f, &[]));
        for _ in 0..1000 {
            flood.extend_from_slice(&record(ALERT, 0x0303, &[1, 112]));
            flood.extend_from_slice(&record(HANDSHAKE, 0x0303, &[]));
        }
        assert_eq!(parse_reply(&flood), Parse::NeedMore);
    }

    #[test]
    fn alerts_ssl2_and_garbage() {
        assert_eq!(
            parse_reply(&[ALERT, 3, 3, 0, 2, 2, 40]),
            Parse::Done(Reply::Alert(40))
        );
        // A warning alert (unrecognized_name) is not a refusal.
        assert_eq!(parse_reply(&[ALERT, 3, 3, 0, 2, 1, 112]), Parse::NeedMore);
        assert_eq!(
            parse_reply(b"HTTP/1.1 400 Bad Request\r\n"),
            Parse::Invalid("not a TLS record")
        );
        let mut ssl2 = vec![4, 0, 1, 0x00, 0x02, 0, 0, 0, 3, 0, 16];
        ssl2.extend_from_slice(&[0x07, 0x00, 0xc0]);
        ssl2.extend_from_slice(&[0; 16]);
        let mut framed = (u16::try_from(ssl2.len()).unwrap() | 0x8000)
            .to_be_bytes()
            .to_vec();
        framed.extend_from_slice(&ssl2);
        assert_eq!(
            parse_reply(&framed),
            Parse::Done(Reply::Ssl2 {
                ciphers: vec![[0x07, 0x00, 0xc0]]
            })
        );
        let hello = ssl2_client_hello(&[[0x01, 0x00, 0x80]]);
        assert_eq!(hello[0] & 0x80, 0x80);
        assert_eq!(hello[2], 1, "a CLIENT-HELLO");
    }
}
