//! The x509-limbo suite as a file: read (xz-compressed or plain JSON),
//! fingerprinted, and parsed into the fields a case's mapping needs.
//!
//! Only the fields the runner uses are modelled; serde skips the rest
//! (descriptions, keys, CRL contents), so a newer suite with more fields
//! still loads.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

/// The suite as loaded, with what identifies the file it came from.
pub(crate) struct Loaded {
    pub(crate) suite: Suite,
    /// The sha256 of the file as read (compressed, if it was).
    pub(crate) file_sha256: String,
    /// The sha256 of the JSON document (after decompression).
    pub(crate) json_sha256: String,
    /// The JSON document's size in bytes.
    pub(crate) json_bytes: usize,
}

/// The suite: `{"version": 1, "testcases": [...]}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Suite {
    pub(crate) version: u32,
    pub(crate) testcases: Vec<Case>,
}

/// One path-validation case.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Case {
    /// Its group and what it breaks: `rfc5280::validity::expired-leaf`.
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) features: Vec<String>,
    /// `SERVER` or `CLIENT`.
    pub(crate) validation_kind: String,
    /// The roots, PEM, one certificate each.
    pub(crate) trusted_certs: Vec<String>,
    /// The intermediates, PEM, in the order given.
    pub(crate) untrusted_intermediates: Vec<String>,
    /// The end-entity certificate, PEM.
    pub(crate) peer_certificate: String,
    /// RFC 3339, or `None` for "now".
    pub(crate) validation_time: Option<String>,
    pub(crate) expected_peer_name: Option<PeerName>,
    #[serde(default)]
    pub(crate) signature_algorithms: Vec<String>,
    #[serde(default)]
    pub(crate) key_usage: Vec<String>,
    #[serde(default)]
    pub(crate) extended_key_usage: Vec<String>,
    pub(crate) max_chain_depth: Option<u64>,
    /// `SUCCESS` or `FAILURE`.
    pub(crate) expected_result: String,
}

/// The name the peer is expected to hold.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PeerName {
    /// `DNS`, `IP` or `RFC822`.
    pub(crate) kind: String,
    pub(crate) value: String,
}

/// Reads the suite from `path`: xz-compressed when the file starts with
/// xz's magic bytes, plain JSON otherwise.
pub(crate) fn load(path: &Path) -> Result<Loaded> {
    let raw = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file_sha256 = hex_sha256(&raw);
    let json = if raw.starts_with(XZ_MAGIC) {
        let mut out = Vec::new();
        lzma_rs::xz_decompress(&mut raw.as_slice(), &mut out)
            .with_context(|| format!("cannot decompress {} (xz)", path.display()))?;
        out
    } else {
        raw
    };
    let json_sha256 = hex_sha256(&json);
    let suite: Suite = serde_json::from_slice(&json)
        .with_context(|| format!("{} is not an x509-limbo suite", path.display()))?;
    if suite.version != 1 {
        bail!(
            "{} is x509-limbo format version {}; this runner reads version 1",
            path.display(),
            suite.version
        );
    }
    Ok(Loaded {
        suite,
        file_sha256,
        json_sha256,
        json_bytes: json.len(),
    })
}

/// The first bytes of every xz stream.
const XZ_MAGIC: &[u8] = &[0xfd, b'7', b'z', b'X', b'Z', 0x00];

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The README that sits beside the suite, if any: where its upstream commit
/// and checksums are stated.
pub(crate) struct Provenance {
    /// The upstream commit, as the README names it.
    pub(crate) commit: Option<String>,
    /// Every sha256 the README states (uncompressed and compressed).
    pub(crate) sha256s: Vec<String>,
}

/// Reads what the README beside the suite says about it: the first 40-hex
/// word after "commit" and every 64-hex word.
pub(crate) fn provenance(suite_path: &Path) -> Option<Provenance> {
    let readme = fs::read_to_string(suite_path.parent()?.join("README.md")).ok()?;
    let words: Vec<&str> = readme
        .split(|c: char| !c.is_ascii_hexdigit() && !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let is_hex = |w: &str, n: usize| w.len() == n && w.bytes().all(|b| b.is_ascii_hexdigit());
    let commit = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("commit"))
        .and_then(|at| words[at..].iter().find(|w| is_hex(w, 40)))
        .map(|w| (*w).to_owned());
    let sha256s = words
        .iter()
        .filter(|w| is_hex(w, 64))
        .map(|w| w.to_ascii_lowercase())
        .collect();
    Some(Provenance { commit, sha256s })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn xz_and_json_load_alike() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("xtask-limbo-suite-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        let json = br#"{"version": 1, "testcases": []}"#;
        fs::write(dir.join("plain.json"), json)?;
        let mut xz = Vec::new();
        lzma_rs::xz_compress(&mut json.as_slice(), &mut xz)?;
        fs::write(dir.join("packed.json.xz"), &xz)?;
        let plain = load(&dir.join("plain.json"))?;
        let packed = load(&dir.join("packed.json.xz"))?;
        assert_eq!(plain.json_sha256, packed.json_sha256);
        assert_eq!(plain.file_sha256, plain.json_sha256);
        assert_ne!(packed.file_sha256, packed.json_sha256);
        assert!(packed.suite.testcases.is_empty());
        fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
