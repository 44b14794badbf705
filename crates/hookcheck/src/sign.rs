//! `hookcheck sign --secret S… [FILE]`: prints the Cronofy-HMAC-SHA256 header
//! value for a body, so users can test their own verification code.

use std::io::Write;

use anyhow::{Result, bail};
use hookcheck_core::Verdict;
use hookcheck_payload::{SIGNATURE_HEADER, header_value};
use hookcheck_report::Format;
use serde_json::json;

use crate::cli::SignArgs;
use crate::input;

pub(crate) fn run(args: &SignArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    if args.secrets.iter().any(String::is_empty) {
        bail!("--secret must not be empty");
    }
    let input = input::open(args.file.as_deref())?;
    let name = input.name.clone();
    let body = input.read_capped(args.max_bytes, ", the limit of --max-bytes")?;
    let value = header_value(&args.secrets, &body);
    match format {
        Format::Json => writeln!(
            out,
            "{}",
            json!({
                "hookcheck_version": env!("CARGO_PKG_VERSION"),
                "target": name,
                "bytes": body.len(),
                "header": SIGNATURE_HEADER,
                "value": value,
            })
        )?,
        _ => writeln!(out, "{value}")?,
    }
    Ok(Verdict::Ready)
}
