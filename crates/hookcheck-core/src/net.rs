//! The network policy every command shares (SPEC §3, §7): which addresses
//! `--deny-private` refuses, and curl-style `--resolve` overrides. Pure
//! decisions over addresses; the commands do the lookups.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// Why `ip` is not a public Internet address, or `None` when it is.
///
/// This is what `--deny-private` refuses: a provider vetting a customer's
/// callback URL must not be steered into its own network (loopback, private
/// ranges, link-local and cloud metadata, carrier-grade NAT, multicast,
/// documentation and reserved ranges). IPv4-mapped and NAT64-embedded IPv6
/// addresses are judged by the IPv4 address they carry.
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => non_public_v6(v6),
    }
}

fn non_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_unspecified() || a == 0 {
        Some("an unspecified (\"this network\") address")
    } else if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private (RFC 1918) address")
    } else if ip.is_link_local() {
        Some("a link-local address (cloud metadata services live here)")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a carrier-grade NAT (RFC 6598) address")
    } else if a == 192 && b == 0 && c == 0 {
        Some("an IETF protocol assignment (192.0.0.0/24)")
    } else if ip.is_documentation() || (a == 198 && (b == 18 || b == 19)) {
        Some("a documentation or benchmarking address")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("a multicast, broadcast or reserved address")
    } else {
        None
    }
}

fn non_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let segments = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return non_public_v4(v4);
    }
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., hi, lo] = segments;
        return non_public_v4(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    }
    if ip.is_unspecified() {
        Some("an unspecified address")
    } else if ip.is_loopback() {
        Some("a loopback address")
    } else if segments[0] & 0xfe00 == 0xfc00 {
        Some("a unique local (private) address")
    } else if segments[0] & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if segments[0] == 0x2001 && segments[1] == 0x0db8 {
        Some("a documentation address")
    } else if segments[0] & 0xe000 != 0x2000 {
        // Everything public is inside 2000::/3.
        Some("an address outside the public unicast range")
    } else {
        None
    }
}

/// A `--resolve HOST:PORT:ADDR` override: connect to ADDR whenever a URL
/// names HOST:PORT, while SNI, certificate checks and the Host header keep
/// using HOST (curl's meaning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOverride {
    /// The host name as given, lowercased (an IDN may be in either form).
    pub host: String,
    /// The port the override applies to.
    pub port: u16,
    /// Where to connect instead.
    pub addr: IpAddr,
}

/// Why a `--resolve` value was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveParseError(String);

impl fmt::Display for ResolveParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveParseError {}

impl FromStr for ResolveOverride {
    type Err = ResolveParseError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let invalid = |why: &str| ResolveParseError(format!("`{value}`: {why}"));
        let mut parts = value.splitn(3, ':');
        let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("expected HOST:PORT:ADDR"));
        };
        if host.is_empty() {
            return Err(invalid("the host is empty"));
        }
        let port = port
            .parse::<u16>()
            .ok()
            .filter(|&p| p != 0)
            .ok_or_else(|| invalid("the port must be a number from 1 to 65535"))?;
        // IPv6 addresses may come bracketed, as curl accepts them.
        let bare = addr
            .strip_prefix('[')
            .and_then(|a| a.strip_suffix(']'))
            .unwrap_or(addr);
        let addr = bare
            .parse::<IpAddr>()
            .map_err(|_| invalid("ADDR must be an IPv4 or IPv6 address"))?;
        Ok(ResolveOverride {
            host: host.to_ascii_lowercase(),
            port,
            addr,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_special_addresses_are_named() {
        for denied in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.10",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            assert!(
                non_public(ip(denied)).is_some(),
                "{denied} should be refused"
            );
        }
        for allowed in [
            "93.184.215.14",
            "8.8.8.8",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(non_public(ip(allowed)), None, "{allowed} is public");
        }
    }

    #[test]
    fn resolve_overrides_parse_like_curls() {
        let o: ResolveOverride = "Example.com:443:127.0.0.1".parse().unwrap();
        assert_eq!(
            o,
            ResolveOverride {
                host: "example.com".into(),
                port: 443,
                addr: ip("127.0.0.1")
            }
        );
        let v6: ResolveOverride = "example.com:8443:[::1]".parse().unwrap();
        assert_eq!(v6.addr, ip("::1"));
        let bare: ResolveOverride = "example.com:8443:::1".parse().unwrap();
        assert_eq!(bare.addr, ip("::1"));
        for bad in [
            "example.com",
            "example.com:x:127.0.0.1",
            ":443:127.0.0.1",
            "a:443:nowhere",
            "a:0:127.0.0.1",
        ] {
            assert!(
                bad.parse::<ResolveOverride>().is_err(),
                "{bad} should be refused"
            );
        }
    }
}
