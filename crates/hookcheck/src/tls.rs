//! `hookcheck tls URL`: the TLS check, from options to report.

use std::io::Write;

use anyhow::{Context as _, Result};
use hookcheck_core::Verdict;
use hookcheck_report::{Format, render};
use hookcheck_tls::{Config, NetPolicy, TrustStore};
use time::OffsetDateTime;

use crate::cli::{NetArgs, RootsArgs, TlsArgs};

pub(crate) fn run(args: &TlsArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let config = Config {
        trust: trust_store(&args.trust.roots)?,
        // Whole seconds: certificates carry no finer times, and reports
        // read better without nanoseconds.
        at: args.trust.at.unwrap_or_else(|| {
            let now = OffsetDateTime::now_utc();
            now.replace_nanosecond(0).unwrap_or(now)
        }),
        timeout: args.net.timeout,
        expiry_warning: time::Duration::try_from(args.trust.expiry_warning)
            .context("--expiry-warning is too long")?,
        net: net_policy(&args.net),
        probe_concurrency: (!args.chain_only).then_some(args.probe_concurrency),
        accepted_grade: args.accept_grade,
    };
    let report = runtime()?.block_on(hookcheck_tls::check(&args.url, &config))?;
    render(&report, format, out)?;
    Ok(report.verdict())
}

/// The roots to trust: `--ca-file`, else the built-in Mozilla set.
pub(crate) fn trust_store(args: &RootsArgs) -> Result<TrustStore> {
    let Some(path) = &args.ca_file else {
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

/// One thread is plenty for one target's connections.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
