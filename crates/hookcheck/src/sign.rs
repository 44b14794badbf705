//! `hookcheck sign --secret S… [--provider NAME] [FILE]`: prints the
//! signature header(s) a provider's scheme puts on a body, so users can test
//! their own verification code.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, bail};
use hookcheck_core::Verdict;
use hookcheck_profile::{Message, Scheme, TokenPlace};
use hookcheck_report::Format;
use serde_json::json;

use crate::cli::SignArgs;
use crate::input;
use crate::providers::known_profile;

pub(crate) fn run(args: &SignArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    if args.secrets.iter().any(String::is_empty) {
        bail!("--secret must not be empty");
    }
    let profile = known_profile(&args.provider)?;
    let scheme = profile.scheme;
    if let Scheme::Token(TokenPlace::ClientState) = scheme {
        bail!(
            "{} signs nothing: its token travels as clientState in the body",
            profile.name
        );
    }
    let keys = args
        .secrets
        .iter()
        .map(|secret| scheme.key(secret))
        .collect::<Result<Vec<_>, _>>()
        .context("--secret")?;
    if !scheme.is_timestamped() && args.timestamp.is_some() {
        bail!("--timestamp: {} signs no timestamp", profile.name);
    }
    if scheme != Scheme::StandardWebhooks && args.id.is_some() {
        bail!("--id: {} signs no delivery id", profile.name);
    }
    let input = input::open(args.file.as_deref())?;
    let name = input.name.clone();
    let body = input.read_capped(args.max_bytes, ", the limit of --max-bytes")?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .context("the clock is before 1970")?;
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| format!("msg_{:x}", now.as_nanos()));
    let message = Message {
        id: &id,
        timestamp: args.timestamp.unwrap_or(i64::try_from(now.as_secs())?),
        body: &body,
    };
    let headers = scheme.sign(&keys, &message);
    match format {
        Format::Json => {
            let listed: Vec<_> = headers
                .iter()
                .map(|(name, value)| json!({"name": name, "value": value}))
                .collect();
            writeln!(
                out,
                "{}",
                json!({
                    "hookcheck_version": env!("CARGO_PKG_VERSION"),
                    "provider": profile.name,
                    "target": name,
                    "bytes": body.len(),
                    "headers": listed,
                })
            )?;
        }
        _ => match headers.as_slice() {
            [(_, value)] => writeln!(out, "{value}")?,
            several => {
                for (name, value) in several {
                    writeln!(out, "{name}: {value}")?;
                }
            }
        },
    }
    Ok(Verdict::Ready)
}
