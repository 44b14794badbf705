//! From a URL's host to the addresses to connect to, under the network
//! policy: `--resolve` overrides first, then IP literals, then DNS; with
//! `--deny-private`, only public addresses survive, and the caller connects
//! to exactly those (no second lookup, so no DNS-rebinding window).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hookcheck_core::net::{ResolveOverride, non_public};
use url::Host;

/// The network policy of one command (SPEC §3, §7).
#[derive(Debug, Clone, Default)]
pub struct NetPolicy {
    /// `--resolve` overrides.
    pub overrides: Vec<ResolveOverride>,
    /// `--deny-private`: refuse non-public addresses, for the target and
    /// for anything fetched on its behalf.
    pub deny_private: bool,
}

/// Why a host yields no address to connect to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    /// The name did not resolve.
    #[error("cannot resolve `{host}`: {cause}")]
    Dns {
        /// The host name.
        host: String,
        /// What the resolver said.
        cause: String,
    },
    /// Every address is one the policy refuses.
    #[error("refusing to connect to {addr} ({why}) with --deny-private")]
    Denied {
        /// The first refused address.
        addr: IpAddr,
        /// What kind of address it is.
        why: &'static str,
    },
    /// This machine ran out of what a lookup needs (file descriptors,
    /// buffers: [`crate::is_local_limit`]): not the name's failure, so a
    /// check reports it as its own, never as a DNS finding.
    #[error("looking up `{host}`: {cause}")]
    LocalLimit {
        /// The host name.
        host: String,
        /// What the resolver said.
        cause: String,
    },
}

impl NetPolicy {
    /// The addresses to try for `host:port`, in order.
    pub async fn addresses(
        &self,
        host: &Host<&str>,
        port: u16,
        timeout: Duration,
    ) -> Result<Vec<SocketAddr>, Unreachable> {
        let candidates = match host {
            Host::Ipv4(ip) => vec![SocketAddr::new(IpAddr::V4(*ip), port)],
            Host::Ipv6(ip) => vec![SocketAddr::new(IpAddr::V6(*ip), port)],
            Host::Domain(name) => match self.override_for(name, port) {
                Some(addr) => vec![SocketAddr::new(addr, port)],
                None => lookup(name, port, timeout).await?,
            },
        };
        if !self.deny_private {
            return Ok(candidates);
        }
        let public: Vec<SocketAddr> = candidates
            .iter()
            .copied()
            .filter(|a| non_public(a.ip()).is_none())
            .collect();
        match (public.is_empty(), candidates.first()) {
            (false, _) => Ok(public),
            (true, Some(first)) => Err(Unreachable::Denied {
                addr: first.ip(),
                why: non_public(first.ip()).unwrap_or("a non-public address"),
            }),
            (true, None) => Err(Unreachable::Dns {
                host: host.to_string(),
                cause: "no addresses".to_owned(),
            }),
        }
    }
}

impl NetPolicy {
    /// The `--resolve` address for `name:port`; `name` is in ASCII form, as
    /// URLs carry it, and an override may spell an IDN either way.
    fn override_for(&self, name: &str, port: u16) -> Option<IpAddr> {
        self.overrides
            .iter()
            .find(|o| {
                o.port == port
                    && Host::parse(&o.host)
                        .map_or_else(|_| o.host.clone(), |h| h.to_string())
                        .eq_ignore_ascii_case(name)
            })
            .map(|o| o.addr)
    }
}

async fn lookup(name: &str, port: u16, timeout: Duration) -> Result<Vec<SocketAddr>, Unreachable> {
    let dns = |cause: String| Unreachable::Dns {
        host: name.to_owned(),
        cause,
    };
    match tokio::time::timeout(timeout, tokio::net::lookup_host((name, port))).await {
        Ok(Ok(addresses)) => {
            let addresses: Vec<SocketAddr> = addresses.collect();
            if addresses.is_empty() {
                Err(dns("no addresses".to_owned()))
            } else {
                Ok(addresses)
            }
        }
        Ok(Err(error)) => Err(failed(name, &error, descriptor_limit())),
        Err(_) => Err(dns(format!("no answer within {}", crate::millis(timeout)))),
    }
}

/// Why a lookup of `name` failed: this machine's limit, else the name's.
/// The resolver does not always say: glibc reads `/etc/hosts` and its
/// configuration through descriptors, and out of them answers "Name or
/// service not known", so `limit` (what opening a descriptor right after
/// said, [`descriptor_limit`]) is the evidence then.
fn failed(name: &str, error: &std::io::Error, limit: Option<std::io::Error>) -> Unreachable {
    let host = name.to_owned();
    if crate::is_local_limit(error) {
        let cause = error.to_string();
        Unreachable::LocalLimit { host, cause }
    } else if let Some(limit) = limit {
        let cause = format!("{error} ({limit})");
        Unreachable::LocalLimit { host, cause }
    } else {
        let cause = error.to_string();
        Unreachable::Dns { host, cause }
    }
}

/// The local limit that stops this process from opening one descriptor
/// (a loopback UDP socket, bound and closed at once) now, if one does.
fn descriptor_limit() -> Option<std::io::Error> {
    match std::net::UdpSocket::bind((std::net::Ipv4Addr::LOCALHOST, 0)) {
        Err(error) if crate::is_local_limit(&error) => Some(error),
        Ok(_) | Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_this_machine_could_not_make_is_no_dns_failure() {
        #[cfg(unix)]
        let limit = || std::io::Error::from_raw_os_error(nix::errno::Errno::EMFILE as i32);
        #[cfg(not(unix))]
        let limit = || std::io::Error::from(std::io::ErrorKind::OutOfMemory);
        assert!(matches!(
            failed("hookcheck.test", &limit(), None),
            Unreachable::LocalLimit { .. }
        ));
        // The resolver's own words hide the limit; a descriptor opened
        // right after shows it.
        let unknown = std::io::Error::other("Name or service not known");
        assert!(matches!(
            failed("hookcheck.test", &unknown, Some(limit())),
            Unreachable::LocalLimit { .. }
        ));
        assert!(matches!(
            failed("hookcheck.test", &unknown, None),
            Unreachable::Dns { .. }
        ));
        assert!(descriptor_limit().is_none());
    }

    fn run<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn overrides_win_and_private_addresses_are_refused_only_when_asked() {
        let mut policy = NetPolicy {
            overrides: vec!["hookcheck.test:443:127.0.0.1".parse().unwrap()],
            deny_private: false,
        };
        let timeout = Duration::from_secs(1);
        let host = Host::Domain("hookcheck.test");
        let addresses = run(policy.addresses(&host, 443, timeout)).unwrap();
        assert_eq!(addresses, ["127.0.0.1:443".parse().unwrap()]);
        policy.deny_private = true;
        let refused = run(policy.addresses(&host, 443, timeout)).unwrap_err();
        assert!(matches!(
            refused,
            Unreachable::Denied {
                why: "a loopback address",
                ..
            }
        ));
        policy
            .overrides
            .push("bücher.test:443:127.0.0.2".parse().unwrap());
        assert_eq!(
            policy.override_for("xn--bcher-kva.test", 443),
            Some("127.0.0.2".parse().unwrap())
        );
        let literal = Host::Ipv6("::1".parse().unwrap());
        assert!(run(policy.addresses(&literal, 8443, timeout)).is_err());
    }
}
