//! The test twin of `benches/chain.rs`: each measured function, run once on
//! each chain, gives the verdict and findings the chain should draw.

use benches::chain::chain_cases;

#[test]
fn every_measured_chain_draws_its_findings() {
    for case in chain_cases() {
        let diagnosis = case.diagnose();
        let codes: Vec<&str> = diagnosis.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, case.codes, "{}", case.name);
        assert_eq!(diagnosis.trusted, case.trusted, "{}", case.name);
        assert_eq!(case.webpki(), case.trusted, "{}", case.name);
    }
}
