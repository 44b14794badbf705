//! How the chain diagnosis speaks of whoever presented the chain: a server
//! that *sends* it in a handshake, or a bundle (a PEM file, before it is
//! deployed) that *holds* it. Every phrase that differs between the two is
//! here and nowhere else, chosen from the diagnosis input's source; the
//! codes, facts and reasoning are the same for both.

use hookcheck_core::ChainSource;

/// The wording for one source of a presented chain.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Voice(pub(crate) ChainSource);

impl Voice {
    /// The leaf, as a noun: "the server's certificate".
    pub(crate) fn leaf(self) -> &'static str {
        match self.0 {
            ChainSource::Server => "the server's certificate",
            ChainSource::File => "the leaf certificate",
        }
    }

    /// The leaf with its name: "the server's certificate `localhost`".
    pub(crate) fn leaf_named(self, name: &str) -> String {
        format!("{} `{name}`", self.leaf())
    }

    /// Who presented the chain and how: "the server sends".
    pub(crate) fn presents(self) -> &'static str {
        match self.0 {
            ChainSource::Server => "the server sends",
            ChainSource::File => "the bundle holds",
        }
    }

    /// Nothing was presented.
    pub(crate) fn no_certificate(self) -> &'static str {
        match self.0 {
            ChainSource::Server => "the server presented no certificate",
            ChainSource::File => "the bundle holds no certificate",
        }
    }

    /// The first certificate does not parse: the message's subject and the fix.
    pub(crate) fn unparsable_leaf(self) -> (&'static str, &'static str) {
        match self.0 {
            ChainSource::Server => (
                "the server's certificate",
                "Serve a well-formed X.509 certificate (DER in the handshake).",
            ),
            ChainSource::File => (
                "the bundle's first certificate",
                "Put a well-formed X.509 certificate (PEM, CERTIFICATE block) first in the bundle.",
            ),
        }
    }

    /// A CA certificate comes first and the leaf later: message and fix.
    pub(crate) fn ca_first(self, ca: &str, leaf: &str, position: usize) -> (String, String) {
        match self.0 {
            ChainSource::Server => (
                format!(
                    "the server sends the CA certificate `{ca}` first and its own certificate \
                     `{leaf}` at position {position}; clients take the first certificate as the \
                     server's and fail"
                ),
                format!(
                    "Send `{leaf}` first, then its issuer `{ca}`; check the order of the \
                     certificate file the server is configured with."
                ),
            ),
            ChainSource::File => (
                format!(
                    "the bundle holds the CA certificate `{ca}` first and the leaf `{leaf}` at \
                     position {position}; a server sends its bundle in that order, and clients \
                     take the first certificate as the server's and fail"
                ),
                format!("Put `{leaf}` first in the bundle, then its issuer `{ca}`."),
            ),
        }
    }

    /// The fix of a self-signed leaf.
    pub(crate) fn self_signed_fix(self) -> &'static str {
        match self.0 {
            ChainSource::Server => {
                "Replace it with a certificate from a publicly trusted CA (for example Let's \
                 Encrypt), served with its intermediates."
            }
            ChainSource::File => {
                "Replace it with a certificate from a publicly trusted CA (for example Let's \
                 Encrypt), bundled with its intermediates."
            }
        }
    }

    /// Where a certificate of the chain is: "sent at position 1".
    pub(crate) fn at_position(self, position: usize) -> String {
        match self.0 {
            ChainSource::Server => format!("sent at position {position}"),
            ChainSource::File => format!("in the bundle at position {position}"),
        }
    }

    /// The fix when a same-named certificate with another key was presented.
    pub(crate) fn wrong_key_fix(self, subject: &str) -> String {
        let verb = match self.0 {
            ChainSource::Server => "Serve",
            ChainSource::File => "Bundle",
        };
        format!(
            "{verb} the intermediate that actually issued `{subject}` (the one whose key matches \
             its authority key identifier), as the CA delivered it with the certificate."
        )
    }

    /// The fix of a path longer than a CA's pathLenConstraint allows.
    pub(crate) fn path_length_fix(self, allowed: u32, ca: &str) -> String {
        let verb = match self.0 {
            ChainSource::Server => "Send",
            ChainSource::File => "Bundle",
        };
        format!(
            "{verb} the chain the CA issues for this certificate, with at most {allowed} \
             intermediate(s) between the leaf and `{ca}`."
        )
    }

    /// An intermediate was missing and fetched: message and fix.
    pub(crate) fn incomplete_chain(
        self,
        names: &str,
        urls: &str,
        outcome: &str,
        leaf: &str,
        path: &str,
        presented: &str,
    ) -> (String, String) {
        match self.0 {
            ChainSource::Server => (
                format!(
                    "the server omits the intermediate {names}: hookcheck fetched it from {urls} \
                     (AIA) and {outcome}, but the provider does not fetch missing intermediates \
                     and will fail to connect"
                ),
                format!(
                    "Serve the full chain: `{leaf}` then {path}; the server now sends only \
                     {presented}. Most servers take a \"fullchain\" file with the leaf first and \
                     the intermediates after it."
                ),
            ),
            ChainSource::File => (
                format!(
                    "the bundle omits the intermediate {names}: hookcheck fetched it from {urls} \
                     (AIA) and {outcome}, but the provider does not fetch missing intermediates \
                     and will fail to connect to a server that sends this bundle"
                ),
                format!(
                    "Bundle the full chain: `{leaf}` then {path}; the bundle now holds only \
                     {presented}. Servers send a \"fullchain\" file as it is: the leaf first, the \
                     intermediates after it."
                ),
            ),
        }
    }

    /// The leaf alone was presented: "the server sends only its own
    /// certificate `localhost`".
    pub(crate) fn leaf_only(self, leaf: &str) -> String {
        match self.0 {
            ChainSource::Server => format!("the server sends only its own certificate `{leaf}`"),
            ChainSource::File => format!("the bundle holds only the leaf certificate `{leaf}`"),
        }
    }

    /// The issuer is neither presented nor a root: "was not sent".
    pub(crate) fn issuer_absent(self) -> &'static str {
        match self.0 {
            ChainSource::Server => "was not sent",
            ChainSource::File => "is not in the bundle",
        }
    }

    /// Why AIA URLs were left untried.
    pub(crate) fn aia_not_fetched(self) -> &'static str {
        match self.0 {
            ChainSource::Server => "",
            ChainSource::File => " (the chain check fetches nothing unless asked: --fetch-aia)",
        }
    }

    /// Where a missing issuer belongs: "serve it after".
    pub(crate) fn put_after(self) -> &'static str {
        match self.0 {
            ChainSource::Server => "serve it after",
            ChainSource::File => "add it to the bundle after",
        }
    }

    /// The fix of an expired certificate.
    pub(crate) fn renew_fix(self, subject: &str) -> String {
        let then = match self.0 {
            ChainSource::Server => "and reload the server",
            ChainSource::File => "before the bundle is deployed",
        };
        format!("Renew `{subject}` {then}; automate renewal (ACME) so it cannot lapse again.")
    }

    /// The fix of a name mismatch.
    pub(crate) fn mismatch_fix(self, host: &str) -> String {
        let verb = match self.0 {
            ChainSource::Server => "Serve",
            ChainSource::File => "Deploy",
        };
        format!(
            "{verb} a certificate whose subject alternative names include `{host}` (a wildcard \
             covers one label only), or register the callback URL under a name the certificate \
             covers."
        )
    }

    /// The fix of a chain out of order.
    pub(crate) fn order_fix(self, wanted: &str) -> String {
        match self.0 {
            ChainSource::Server => format!("Send {wanted} in that order."),
            ChainSource::File => format!("Put {wanted} in the bundle in that order."),
        }
    }

    /// The fix of extra certificates.
    pub(crate) fn extra_fix(self) -> &'static str {
        match self.0 {
            ChainSource::Server => {
                "Remove them from the certificate file: send the leaf and its intermediates only."
            }
            ChainSource::File => {
                "Remove them from the bundle: keep the leaf and its intermediates only."
            }
        }
    }
}
