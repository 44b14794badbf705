//! Findings about the certificates on the chosen path one by one: the
//! validity of each at the injected instant, its key, signature hash,
//! extended key usage and critical extensions, and what only the leaf must
//! satisfy (no CA flag, names that cover the host). What lies between the
//! certificates is `faults`'s.

use hookcheck_core::{Code, Finding};
use rustls::pki_types::CertificateDer;

use super::Chain;
use super::path::From;
use crate::cert::{Cert, rfc3339};

impl Chain<'_> {
    /// Validity, key, signature and extensions of one certificate of the
    /// path.
    pub(super) fn certificate_findings(
        &self,
        from: From,
        index: usize,
        findings: &mut Vec<Finding>,
    ) {
        let cert = self.cert(from);
        let who = self.who(from, index);
        self.validity_findings(cert, &who, findings);
        Self::strength_findings(cert, &who, findings);
        if !cert.unknown_critical.is_empty() {
            let (extensions, it) = match cert.unknown_critical.as_slice() {
                [one] => (format!("the critical extension {one}"), "it"),
                many => (
                    format!("the critical extensions {}", many.join(", ")),
                    "them",
                ),
            };
            findings.push(
                Finding::new(
                    Code::TlsUnknownCriticalExtension,
                    format!(
                        "{who} carries {extensions}, which strict clients do not process, so they \
                         refuse the certificate"
                    ),
                )
                .with_fix(format!(
                    "Have `{}` reissued without {it}, or with {it} marked non-critical.",
                    cert.short_name
                ))
                .with_fact("subject", cert.subject.clone())
                .with_fact("extensions", cert.unknown_critical.clone()),
            );
        }
    }

    /// Expired, not yet valid, or expiring within the warning window.
    pub(super) fn validity_findings(
        &self,
        cert: &Cert<'_>,
        who: &str,
        findings: &mut Vec<Finding>,
    ) {
        let at = self.input.at;
        let facts = |finding: Finding| {
            finding
                .with_fact("subject", cert.subject.clone())
                .with_fact("not_before", rfc3339(cert.not_before))
                .with_fact("not_after", rfc3339(cert.not_after))
                .with_fact("checked_at", rfc3339(at))
        };
        if cert.not_after < at {
            let days = (at - cert.not_after).whole_days();
            findings.push(
                facts(Finding::new(
                    Code::TlsExpired,
                    format!(
                        "{who} expired at {} ({days} days before {})",
                        rfc3339(cert.not_after),
                        rfc3339(at)
                    ),
                ))
                .with_fix(self.voice.renew_fix(&cert.short_name))
                .with_fact("days", days),
            );
        } else if cert.not_before > at {
            let days = (cert.not_before - at).whole_days();
            findings.push(
                facts(Finding::new(
                    Code::TlsNotYetValid,
                    format!(
                        "{who} is valid only from {} ({days} days after {})",
                        rfc3339(cert.not_before),
                        rfc3339(at)
                    ),
                ))
                .with_fact("days", days),
            );
        } else if cert.not_after - at < self.input.expiry_warning {
            let days = (cert.not_after - at).whole_days();
            findings.push(
                facts(Finding::new(
                    Code::TlsExpiresSoon,
                    format!(
                        "{who} expires at {}, {days} days after {} (warning window {} days)",
                        rfc3339(cert.not_after),
                        rfc3339(at),
                        self.input.expiry_warning.whole_days()
                    ),
                ))
                .with_fix(format!(
                    "Renew `{}` now; automate renewal (ACME) well ahead of expiry.",
                    cert.short_name
                ))
                .with_fact("days", days),
            );
        }
    }

    /// Key size, signature hash and key usage.
    pub(super) fn strength_findings(cert: &Cert<'_>, who: &str, findings: &mut Vec<Finding>) {
        if let Some(reason) = cert.key.weakness() {
            findings.push(
                Finding::new(
                    Code::TlsWeakKey,
                    format!("{who} has the key {}: {reason}", cert.key.describe()),
                )
                .with_fact("subject", cert.subject.clone())
                .with_fact("key", cert.key.describe())
                .with_fact("key_bits", cert.key.bits),
            );
        }
        // A self-signature vouches for nothing: roots' own are excepted.
        if let Some(hash) = cert.signature.weak_hash
            && !cert.self_signed
        {
            findings.push(
                Finding::new(
                    Code::TlsWeakSignature,
                    format!(
                        "{who} is signed with {} ({hash}), which strict clients reject",
                        cert.signature.name
                    ),
                )
                .with_fix(format!(
                    "Have `{}` reissued with a SHA-256 signature.",
                    cert.short_name
                ))
                .with_fact("subject", cert.subject.clone())
                .with_fact("signature_algorithm", cert.signature.name.clone())
                .with_fact("hash", hash),
            );
        }
        if let Some(eku) = &cert.eku
            && !eku.server_auth
        {
            findings.push(
                Finding::new(
                    Code::TlsNoServerAuth,
                    format!(
                        "{who} is restricted to {} and does not allow TLS server authentication \
                         (serverAuth)",
                        eku.usages.join(", ")
                    ),
                )
                .with_fix(format!(
                    "Reissue `{}` with the serverAuth extended key usage (a TLS server \
                     certificate, not a client or code-signing one).",
                    cert.short_name
                ))
                .with_fact("subject", cert.subject.clone())
                .with_fact("extended_key_usage", eku.usages.clone()),
            );
        }
    }

    /// What only the server's own certificate must satisfy.
    pub(super) fn leaf_findings(&self, leaf: &Cert<'_>, findings: &mut Vec<Finding>) {
        let voice = self.voice;
        if leaf.ca {
            findings.push(
                Finding::new(
                    Code::TlsLeafIsCa,
                    format!(
                        "{} is a CA certificate (basicConstraints CA:TRUE)",
                        voice.leaf_named(&leaf.short_name)
                    ),
                )
                .with_fact("subject", leaf.subject.clone()),
            );
        }
        let names = leaf.san.as_deref().map(|names| match names {
            [] => "nothing".to_owned(),
            names => names.join(", "),
        });
        let Some(server_name) = self.input.host else {
            findings.push(
                Finding::new(
                    Code::TlsHostNotChecked,
                    format!(
                        "no host name was given, so the chain was judged for trust only: no name \
                         was checked against {} (it names {})",
                        voice.leaf_named(&leaf.short_name),
                        names.as_deref().unwrap_or("no subject alternative name")
                    ),
                )
                .with_fix(
                    "Give the callback URL's host (--host NAME) to check the name as the \
                     provider's client will.",
                ),
            );
            if leaf.san.is_none() {
                findings.push(self.no_san(leaf, None));
            }
            return;
        };
        let host = server_name.to_str();
        let (Some(sans), Some(names)) = (&leaf.san, names) else {
            findings.push(self.no_san(leaf, Some(&host)));
            return;
        };
        let der = CertificateDer::from(leaf.der());
        match rustls::server::ParsedCertificate::try_from(&der) {
            Ok(parsed) if rustls::client::verify_server_name(&parsed, server_name).is_ok() => {
                return;
            }
            // webpki refuses to read a leaf with a critical extension it
            // does not process, so its names cannot be checked: that
            // extension is the finding, not the name.
            Err(_) if !leaf.unknown_critical.is_empty() => return,
            _ => {}
        }
        findings.push(
            Finding::new(
                Code::TlsHostnameMismatch,
                format!(
                    "{} is not valid for `{host}`: it names {names}",
                    voice.leaf()
                ),
            )
            .with_fix(voice.mismatch_fix(&host))
            .with_fact("host", host.as_ref())
            .with_fact("san", sans.clone()),
        );
    }

    /// A leaf without subject alternative names, which matches no host.
    pub(super) fn no_san(&self, leaf: &Cert<'_>, host: Option<&str>) -> Finding {
        let (included, name) = match host {
            Some(host) => (format!(", `{host}` included"), format!("`{host}`")),
            None => (String::new(), "the callback URL's host".to_owned()),
        };
        let finding = Finding::new(
            Code::TlsNoSan,
            format!(
                "{} has no subject alternative names, only the subject {}; clients ignore the \
                 common name, so it matches no host{included}",
                self.voice.leaf(),
                leaf.subject
            ),
        )
        .with_fix(format!(
            "Reissue the certificate with {name} as a DNS name (SAN)."
        ))
        .with_fact("subject", leaf.subject.clone());
        match host {
            Some(host) => finding.with_fact("host", host),
            None => finding,
        }
    }
}
