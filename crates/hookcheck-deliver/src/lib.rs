//! Deliveries as the provider makes them, judged against its rules: an
//! answer of 2xx within the budget (5 seconds), retries for 24 hours, then
//! the channel closes.
//!
//! Built so far: the pure halves. [`stats`] turns measured latencies into
//! percentiles and a histogram; [`retry`] states the retry model and what a
//! failure rate means under it. The delivery engine (phase-timed POSTs over
//! real connections) and `hookcheck deliver` are the next steps.

pub mod retry;
pub mod stats;
