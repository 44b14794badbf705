//! The interop tier of `hookcheck`'s end-to-end tests: the cases that need
//! system tools besides Rust, kept out of `cargo test --workspace` so that
//! the default tier passes on a machine with nothing but a Rust toolchain
//! (as rustls keeps its OpenSSL tests apart). `cargo xtask ci` runs this
//! binary (`--features interop --test interop`) after the default tier, with
//! the tools on `PATH`; a missing tool fails the test that needs it, it is
//! never skipped.
//!
//! What belongs here, one module per command under test:
//! - servers only `openssl s_server` can be (hookcheck-testkit's
//!   `OpensslServer`): keys rustls will not sign with, TLS 1.0 and 1.1,
//!   anonymous suites, DH groups, legacy options — `grade.rs` for the
//!   protocol probes and the grade, `tls.rs` for the certificate checks;
//! - other outputs judged by an outside validator: the `JUnit` report against
//!   its XML Schema with `xmllint` (`report.rs`);
//! - `listen`'s browser inspector in headless Chromium, driven by
//!   `chromedriver` (`inspector.rs`);
//! - the completion scripts, loaded and asked for completions by `bash`,
//!   `zsh` and `fish` (`completions.rs`);
//! - README's CI jobs, their commands run step by step with `bash`
//!   (`ci_jobs.rs`).
//!
//! A case that rustls, the scripted server or a checked-in file can cover
//! belongs in the default tier (`tests/grade.rs`, `tests/tls.rs`, …).
#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

// The default tier's helpers, shared rather than copied.
#[path = "../support/mod.rs"]
mod support;

mod ci_jobs;
mod completions;
mod grade;
mod inspector;
mod report;
mod tls;
