//! Deliveries as the provider makes them, judged against its rules: an
//! answer of 2xx within the budget (5 seconds), retries for 24 hours, then
//! the channel closes.
//!
//! Built so far: [`engine`] makes one delivery at a time over a kept
//! connection and times its phases; [`verdict`] counts deliveries as the
//! provider does and turns them into findings; [`stats`] turns measured
//! latencies into percentiles and a histogram; [`retry`] states the retry
//! model and what a failure rate means under it. Running many deliveries
//! (concurrency, bursts), HTTP/2, signing, the report section and
//! `hookcheck deliver` itself are the next steps.

pub mod engine;
pub mod retry;
pub mod stats;
pub mod verdict;
