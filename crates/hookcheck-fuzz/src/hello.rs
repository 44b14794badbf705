//! A server's first flight as the TLS probes read it: records, handshake
//! messages reassembled across them, a `ServerHello`, a chain, a key
//! exchange, an alert or an SSL 2.0 `SERVER-HELLO`.

use hookcheck_tls::parse_reply_for_fuzzing as parse;

/// The most certificates the reader keeps (`hello::MAX_CERTIFICATES`).
const MAX_CERTIFICATES: usize = 32;

/// Reads `data` as the bytes a server sent after a hello, and again as
/// the probe reads them, a piece at a time (cut at record boundaries and
/// in the middle).
///
/// # Panics
///
/// When more certificates are kept than the cap, or when an answer read
/// from a part of the bytes is not the answer read from all of them: once
/// the reader has decided, what follows must not change its mind, and
/// what it decides from all the bytes must not have been decided
/// otherwise earlier.
pub fn run(data: &[u8]) {
    let whole = parse(data);
    if let Some((_, certificates)) = &whole {
        assert!(
            *certificates <= MAX_CERTIFICATES,
            "{certificates} certificates kept"
        );
    }
    for cut in cuts(data) {
        if let Some(part) = parse(&data[..cut]) {
            assert_eq!(
                Some(&part),
                whole.as_ref(),
                "the first {cut} bytes are read otherwise than all {}",
                data.len()
            );
        }
    }
}

/// The most record boundaries cut at: each cut reads the bytes before it
/// again, so that all of them would make the target quadratic.
const MAX_RECORD_CUTS: usize = 16;

/// Where to cut: after whole records (the first byte of an SSL 2.0 answer
/// has its high bit set and no records), up to [`MAX_RECORD_CUTS`] of them
/// spread over the input, before the last byte, and in the middle.
fn cuts(data: &[u8]) -> Vec<usize> {
    let mut records = Vec::new();
    if data.first().is_some_and(|&first| first & 0x80 == 0) {
        let mut at = 0;
        while let Some(header) = data.get(at..at + 5) {
            at += 5 + usize::from(u16::from_be_bytes([header[3], header[4]]));
            records.push(at.min(data.len()));
        }
    }
    let step = records.len().div_ceil(MAX_RECORD_CUTS).max(1);
    let mut cuts: Vec<usize> = records.into_iter().step_by(step).collect();
    cuts.extend([data.len() / 2, data.len().saturating_sub(1)]);
    cuts
}
