//! `hookcheck tls URL` and `hookcheck tls --chain FILE`: the TLS check of a
//! server, or of a certificate bundle before it is deployed, from options
//! to report.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use hookcheck_core::{Report, Verdict};
use hookcheck_net::{NetPolicy, TrustStore};
use hookcheck_report::Format;
use hookcheck_tls::{Config, MAX_BUNDLE_BYTES};
use time::OffsetDateTime;

use crate::cli::{DEFAULT_EXPIRY_WARNING, DEFAULT_TIMEOUT, NetArgs, TlsArgs};
use crate::reports::Reports;
use crate::{input, runtime};

/// The largest `--ca-file` read. The biggest bundles in real use (the
/// Mozilla set, a distribution's `ca-certificates.crt`) are about 250 KB;
/// 8 MiB leaves thirty times that, yet `--ca-file /dev/zero` stops at once.
const MAX_CA_FILE_BYTES: usize = 8 << 20;

pub(crate) fn run(args: &TlsArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let reports = Reports::new(format, &args.report.reports, &BTreeMap::new())?;
    let config = Config {
        trust: trust_store(args.trust.roots.ca_file.as_deref())?,
        at: instant(args.trust.at),
        timeout: args.net.timeout.unwrap_or(DEFAULT_TIMEOUT),
        expiry_warning: expiry_window(args.trust.expiry_warning.unwrap_or(DEFAULT_EXPIRY_WARNING))?,
        net: net_policy(&args.net),
        probe_concurrency: (!args.chain_only).then_some(args.probe_concurrency),
        accepted_grade: args.accept_grade,
    };
    let report = match (&args.chain, &args.url) {
        (Some(path), _) => chain(path, args, &config)?,
        (None, Some(url)) => runtime()?.block_on(hookcheck_tls::check(url, &config))?,
        // clap requires one of the two.
        (None, None) => bail!("give a URL or --chain FILE"),
    };
    reports.write(&report, out)?;
    Ok(report.verdict())
}

/// `--chain FILE`: the bundle's certificates judged as a server's would be,
/// with no connection unless `--fetch-aia` asks for the AIA fetches.
fn chain(path: &Path, args: &TlsArgs, config: &Config) -> Result<Report> {
    let input = input::open(Some(path))?;
    let name = input.name.clone();
    let pem = input.read_capped(MAX_BUNDLE_BYTES, ": no certificate bundle is that large")?;
    let presented = hookcheck_tls::read_bundle(&pem)
        .with_context(|| format!("`{name}` is not a certificate bundle"))?;
    let host = match args.host.as_deref() {
        Some(host) => Some(hookcheck_tls::host_name(host).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let mut report = if args.fetch_aia {
        runtime()?.block_on(hookcheck_tls::check_chain_fetching(
            &presented,
            host.as_ref(),
            config,
        ))?
    } else {
        hookcheck_tls::check_chain(
            &presented,
            host.as_ref(),
            &config.trust,
            config.at,
            config.expiry_warning,
        )
    };
    report.target = name;
    Ok(report)
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
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot read `{name}`"))?;
    let ca_file = input::Input {
        name,
        reader: Box::new(file),
    };
    let pem = ca_file.read_capped(MAX_CA_FILE_BYTES, ": no CA file is that large")?;
    TrustStore::from_pem(&pem, &format!("--ca-file {}", path.display()))
        .with_context(|| format!("`{}` is not a usable CA file", path.display()))
}

pub(crate) fn net_policy(args: &NetArgs) -> NetPolicy {
    NetPolicy {
        overrides: args.resolve.clone(),
        deny_private: args.deny_private,
    }
}
