//! `hookcheck schema [TYPE]`: prints the notification JSON Schema; with
//! `--config`, the schema of `hookcheck.toml`.

use std::io::Write;

use anyhow::{Result, bail};
use hookcheck_core::Verdict;
use hookcheck_payload::{NotificationType, schema_for};
use hookcheck_report::Format;

use crate::cli::SchemaArgs;

pub(crate) fn run(args: &SchemaArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let schema = if args.config {
        hookcheck_readiness::config::json_schema()
    } else {
        let kind = args.kind.as_deref().map(known_type).transpose()?;
        schema_for(kind.as_ref())
    };
    match format {
        Format::Json => serde_json::to_writer(&mut *out, &schema)?,
        _ => serde_json::to_writer_pretty(&mut *out, &schema)?,
    }
    out.write_all(b"\n")?;
    Ok(Verdict::Ready)
}

/// A notification type named on the command line; only known ones.
pub(crate) fn known_type(name: &str) -> Result<NotificationType<'static>> {
    match NotificationType::from_name(name.to_owned().into()) {
        NotificationType::Other(name) => {
            let known: Vec<&str> = NotificationType::KNOWN
                .iter()
                .map(NotificationType::as_str)
                .collect();
            bail!(
                "unknown notification type `{name}` (known: {})",
                known.join(", ")
            )
        }
        kind => Ok(kind),
    }
}
