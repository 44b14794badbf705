//! The command line, as clap types. Option names and meanings follow SPEC §3
//! and are shared by every command that takes them.
#![allow(
    clippy::doc_markdown,
    reason = "doc comments here are --help text, read on a terminal, not rustdoc"
)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hookcheck_payload::DEFAULT_MAX_BYTES;

/// Will this web-hook endpoint receive push notifications reliably?
///
/// Exit status: 0 ready, 1 not ready (a finding of severity error), 2 the
/// tool could not do its job.
#[derive(Debug, Parser)]
#[command(name = "hookcheck", version, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub(crate) format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// Text for people; coloured on a terminal unless NO_COLOR is set.
    Human,
    /// One JSON report per target (JSON Lines when there are several).
    Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Validate notification payloads against the schema.
    Validate(ValidateArgs),
    /// Print the JSON Schema of notifications (of one type, or all).
    Schema(SchemaArgs),
    /// Print the Cronofy-HMAC-SHA256 header value for a body.
    Sign(SignArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// JSON documents to validate; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,

    /// Read newline-delimited JSON: one document per line, one report per
    /// line (with its line number).
    #[arg(long)]
    pub(crate) ndjson: bool,

    /// Also report fields the schema does not describe (as warnings).
    #[arg(long)]
    pub(crate) strict: bool,

    /// Largest document (or NDJSON line) to parse, in bytes; larger ones are
    /// reported as payload-too-large. Memory use stays within this bound.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub(crate) max_bytes: usize,

    /// Check this Cronofy-HMAC-SHA256 header value against the document.
    #[arg(
        long,
        value_name = "HEADER",
        requires = "secrets",
        conflicts_with = "ndjson"
    )]
    pub(crate) signature: Option<String>,

    /// A client secret to check the signature with; repeat it for each
    /// secret that is active while secrets are rotated.
    #[arg(long = "secret", value_name = "SECRET", requires = "signature")]
    pub(crate) secrets: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// A notification type (change, verification, profile_disconnected,
    /// profile_initial_sync_completed, conferencing_profile_disconnected).
    #[arg(value_name = "TYPE")]
    pub(crate) kind: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// A client secret; repeat it to sign as during secret rotation (one
    /// header value per secret, comma-separated).
    #[arg(long = "secret", value_name = "SECRET", required = true)]
    pub(crate) secrets: Vec<String>,

    /// The body to sign, byte for byte; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,

    /// Largest body to read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub(crate) max_bytes: usize,
}
