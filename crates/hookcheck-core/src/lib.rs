//! The vocabulary every hookcheck check reports in: finding codes, severities,
//! findings and the versioned report. Pure data, no I/O.
//!
//! A broken endpoint or payload is not an error of the tool: it is a
//! [`Finding`] in a [`Report`]. `Err` is kept for the tool's own failures.

mod code;
mod finding;
pub mod net;
mod report;

pub use code::{Area, Code, CodeDoc, FixStage};
pub use finding::{Finding, Severity};
pub use report::{
    AiaFetch, BurstSummary, CertificateSource, CertificateSummary, ChainSource, DeliveryOutcome,
    DeliveryRecord, DeliverySection, Grade, GradeCap, HistogramBar, HstsPolicy, LatencyMs,
    PathCertificate, PayloadSection, PhasesMs, ProtocolSupport, REPORT_SCHEMA, REPORT_VERSION,
    Rating, Report, RetryModel, RetryOutlook, SignatureCheck, Stage, SuiteSupport, TlsSection,
    Verdict,
};
