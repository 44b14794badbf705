//! Findings for what is wrong between the certificates of the chosen path
//! and with its root: an issuer that is no CA, a path longer than a CA
//! allows, a name a CA's constraints exclude, a root key no verifier takes.
//! What is wrong with one certificate alone (validity, key, hash, usage,
//! extensions) is the certificate findings'.

use hookcheck_core::{Code, Finding};

use super::path::{Constrainer, End, Fault, Path};
use super::{Chain, plural};
use crate::cert::Key;
use crate::diagnose::constraints::Violation;

impl Chain<'_> {
    /// The findings for the path's faults.
    pub(super) fn fault_findings(&self, path: &Path<'_>, findings: &mut Vec<Finding>) {
        for fault in &path.faults {
            let finding = match fault {
                // Said by the certificate findings, or (an unverifiable
                // signature with no weak key or hash to explain it) by
                // the strict client's own verdict.
                Fault::OfItsOwn(_) | Fault::Unverifiable(_) => None,
                Fault::IssuerNotCa(index) => Some(self.issuer_not_ca(path, *index)),
                Fault::PathLength { ca, allowed, below } => {
                    Some(self.path_length(path, *ca, *allowed, *below))
                }
                Fault::NameConstraints {
                    ca,
                    subject,
                    violation,
                } => self.name_constraints(path, *ca, *subject, violation),
                Fault::WeakRootKey(key) => self.weak_root_key(path, key),
            };
            findings.extend(finding);
        }
    }

    fn issuer_not_ca(&self, path: &Path<'_>, index: usize) -> Finding {
        let ca = self.cert(path.steps[index]);
        let below = self.cert(path.steps[index - 1]);
        let basic = if ca.has_basic_constraints {
            "its basicConstraints say CA:FALSE"
        } else {
            "it has no basicConstraints extension"
        };
        Finding::new(
            Code::TlsIssuerNotCa,
            format!(
                "{} issues `{}` but is not a CA certificate ({basic}), so strict clients refuse \
                 it as an issuer",
                self.who(path.steps[index], index),
                below.short_name
            ),
        )
        .with_fix(format!(
            "Replace `{}` with the intermediate certificate the CA issued (one with \
             basicConstraints CA:TRUE); if `{}` was issued by a certificate that is not a CA, \
             have it reissued by the CA.",
            ca.short_name, below.short_name
        ))
        .with_fact("subject", ca.subject.clone())
        .with_fact("issued", below.subject.clone())
    }

    fn path_length(&self, path: &Path<'_>, index: usize, allowed: u32, below: usize) -> Finding {
        let ca = self.cert(path.steps[index]);
        Finding::new(
            Code::TlsPathLength,
            format!(
                "{} allows {} below it (pathLenConstraint {allowed}) but has {} on this path",
                self.who(path.steps[index], index),
                plural(
                    usize::try_from(allowed).unwrap_or(usize::MAX),
                    "intermediate"
                ),
                plural(below, "intermediate")
            ),
        )
        .with_fix(self.voice.path_length_fix(allowed, &ca.short_name))
        .with_fact("subject", ca.subject.clone())
        .with_fact("path_len_constraint", allowed)
        .with_fact("intermediates_below", below)
    }

    fn name_constraints(
        &self,
        path: &Path<'_>,
        ca: Constrainer,
        subject: usize,
        violation: &Violation,
    ) -> Option<Finding> {
        let (who, ca_subject) = match (ca, &path.end) {
            (Constrainer::Step(index), _) => (
                self.who(path.steps[index], index),
                self.cert(path.steps[index]).subject.clone(),
            ),
            (Constrainer::Root, End::Anchor { anchor, .. }) => (
                format!("the root `{}`", self.anchor_name(*anchor)),
                self.anchor_name(*anchor).to_owned(),
            ),
            (Constrainer::Root, _) => return None,
        };
        let named = self.cert(path.steps[subject]);
        Some(
            Finding::new(
                Code::TlsNameConstraints,
                format!(
                    "{who} is name-constrained, and {} is outside its constraints: {violation}",
                    self.who(path.steps[subject], subject)
                ),
            )
            .with_fix(format!(
                "Get `{}` from a CA allowed to issue for its names, or reissue it without the \
                 names {who} may not vouch for.",
                named.short_name
            ))
            .with_fact("ca", ca_subject)
            .with_fact("subject", named.subject.clone())
            .with_fact("violation", violation.to_string()),
        )
    }

    fn weak_root_key(&self, path: &Path<'_>, key: &Key) -> Option<Finding> {
        let End::Anchor { anchor, .. } = &path.end else {
            return None;
        };
        let name = self.anchor_name(*anchor);
        let reason = key.weakness().unwrap_or("strict clients do not accept it");
        Some(
            Finding::new(
                Code::TlsWeakKey,
                format!(
                    "the root `{name}` has the key {}: {reason}; nothing it signed can be verified",
                    key.describe()
                ),
            )
            .with_fix(format!(
                "Get the certificate from a CA whose root has an RSA 2048+ or ECDSA P-256 or \
                 P-384 key; strict clients refuse `{name}`'s."
            ))
            .with_fact("subject", name.to_owned())
            .with_fact("key", key.describe())
            .with_fact("key_bits", key.bits),
        )
    }
}
