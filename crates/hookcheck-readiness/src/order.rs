//! What to fix first. Among findings of one severity, the order follows
//! what blocks what: an endpoint the provider cannot reach or connect to
//! securely receives nothing, so reachability and trust come before
//! deliveries that fail, which come before the grade and the margins.
//! Pure: findings in, findings out.

use std::collections::BTreeMap;

use hookcheck_core::{Code, Finding, Severity};

/// Replaces the severity of every finding whose code `overrides` names.
pub fn override_severities(findings: &mut [Finding], overrides: &BTreeMap<Code, Severity>) {
    for finding in findings {
        if let Some(severity) = overrides.get(&finding.code) {
            finding.severity = *severity;
        }
    }
}

/// Orders findings most severe first and, within a severity, by what to
/// fix first (each code's `FixStage` in the catalog); findings of one stage
/// keep the order the checks gave them.
pub fn fix_first(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.code.fix_stage()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn reachability_and_trust_come_before_failing_deliveries_and_the_grade() {
        let mut findings: Vec<Finding> = [
            Code::TlsGradeBelowA,
            Code::DeliveryTimeout,
            Code::TlsNoHsts,
            Code::TlsIncompleteChain,
            Code::DeliveryDelayedAck,
            Code::DeliverySlow,
            Code::DeliveryConnectFailed,
            Code::DeliveryBroken,
        ]
        .into_iter()
        .map(|code| Finding::new(code, "…"))
        .collect();
        fix_first(&mut findings);
        assert_eq!(
            codes(&findings),
            [
                "delivery-connect-failed",
                "tls-incomplete-chain",
                "delivery-timeout",
                "delivery-broken",
                "tls-grade-below-a",
                "delivery-slow",
                "tls-no-hsts",
                "delivery-delayed-ack"
            ]
        );
    }

    #[test]
    fn overridden_severities_change_the_order_and_the_verdict() {
        let mut findings = vec![
            Finding::new(Code::TlsNoHsts, "no HSTS"),
            Finding::new(Code::DeliveryColdStart, "cold"),
        ];
        let overrides = BTreeMap::from([
            (Code::TlsNoHsts, Severity::Info),
            (Code::DeliveryColdStart, Severity::Error),
        ]);
        override_severities(&mut findings, &overrides);
        fix_first(&mut findings);
        assert_eq!(codes(&findings), ["delivery-cold-start", "tls-no-hsts"]);
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(findings[1].severity, Severity::Info);
    }
}
