//! `hookcheck tls URL`: the TLS check, from options to report.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};
use hookcheck_core::Verdict;
use hookcheck_report::{Format, render};
use hookcheck_net::{NetPolicy, TrustStore};
use hookcheck_tls::Config;
use time::OffsetDateTime;

use crate::cli::{DEFAULT_EXPIRY_WARNING, DEFAULT_TIMEOUT, NetArgs, TlsArgs};
use crate::runtime;

pub(crate) fn run(args: &TlsArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let config = Config {
        trust: trust_store(args.trust.roots.ca_file.as_deref())?,
        at: instant(args.trust.at),
        timeout: args.net.timeout.unwrap_or(DEFAULT_TIMEOUT),
        expiry_warning: expiry_window(args.trust.expiry_warning.unwrap_or(DEFAULT_EXPIRY_WARNING))?,
        net: net_policy(&args.net),
        probe_concurrency: (!args.chain_only).then_some(args.probe_concurrency),
        accepted_grade: args.accept_grade,
    };
    let report = runtime()?.block_on(hookcheck_tls::check(&args.url, &config))?;
    render(&report, format, out)?;
    Ok(report.verdict())
}

/// `--at`, else now in whole seconds: certificates carry no finer times,
/// and reports read better without nanoseconds.
pub(crate) fn instant(at: Option<OffsetDateTime>) -> OffsetDateTime {
    at.unwrap_or_else(|| {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(0).unwrap_or(now)
    })
}

pub(crate) fn expiry_window(window: std::time::Duration) -> Result<time::Duration> {
    time::Duration::try_from(window).context("--expiry-warning is too long")
}

/// The roots to trust: `--ca-file`, else the built-in Mozilla set.
pub(crate) fn trust_store(ca_file: Option<&Path>) -> Result<TrustStore> {
    let Some(path) = ca_file else {
        return Ok(TrustStore::mozilla());
    };
    let pem = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    TrustStore::from_pem(&pem, &format!("--ca-file {}", path.display()))
        .with_context(|| format!("`{}` is not a usable CA file", path.display()))
}

pub(crate) fn net_policy(args: &NetArgs) -> NetPolicy {
    NetPolicy {
        overrides: args.resolve.clone(),
        deny_private: args.deny_private,
    }
}
