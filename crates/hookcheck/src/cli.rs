//! The command line, as clap types. Option names and meanings follow SPEC §3
//! and are shared by every command that takes them.
#![allow(
    clippy::doc_markdown,
    reason = "doc comments here are --help text, read on a terminal, not rustdoc"
)]

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hookcheck_core::Grade;
use hookcheck_core::net::ResolveOverride;
use hookcheck_payload::DEFAULT_MAX_BYTES;
use hookcheck_readiness::config::ReportFormat;
use hookcheck_readiness::scan::Shard;
use hookcheck_readiness::scan::shard::ShardError;
use hookcheck_report::Format;
use time::OffsetDateTime;

use crate::reports::ReportTarget;
use time::format_description::well_known::Rfc3339;

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
    /// One JSON report per target (JSON Lines when there are several;
    /// listen, history and emulate: one JSON document per delivery or
    /// attempt, a line each).
    Json,
    /// A JUnit XML test report, one test case per check (check, deliver,
    /// tls).
    Junit,
    /// Markdown, for a pull-request comment (check, deliver, tls).
    Markdown,
    /// One self-contained HTML page with the latency chart (check, deliver,
    /// tls).
    Html,
}

impl FormatArg {
    /// The renderer's format; `color` for human text.
    pub(crate) fn format(self, color: bool) -> Format {
        match self {
            FormatArg::Human => Format::Human { color },
            FormatArg::Json => Format::Json,
            FormatArg::Junit => Format::Junit,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
        }
    }
}

impl From<ReportFormat> for FormatArg {
    fn from(format: ReportFormat) -> FormatArg {
        match format {
            ReportFormat::Human => FormatArg::Human,
            ReportFormat::Json => FormatArg::Json,
            ReportFormat::Junit => FormatArg::Junit,
            ReportFormat::Markdown => FormatArg::Markdown,
            ReportFormat::Html => FormatArg::Html,
        }
    }
}

/// More reports from the same run.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Also write the report in FORMAT to PATH, from this same run
    /// (repeatable; `-` is standard output, instead of --format; scan
    /// writes human and json, JSON Lines). Each file is written whole or
    /// not at all. check and scan take them from `[reports]` in
    /// hookcheck.toml when none is given.
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = crate::reports::target)]
    pub(crate) reports: Vec<ReportTarget>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check the TLS of a callback URL: chain, trust and certificates, as
    /// the provider's strict client sees them (or, with --chain, a
    /// certificate bundle before it is deployed).
    Tls(TlsArgs),
    /// The whole readiness check: TLS (chain, trust, grade), then
    /// deliveries (a verification, changes, a burst), one verdict.
    Check(CheckArgs),
    /// Send real notifications as the provider would and measure them
    /// against the budget.
    Deliver(DeliverArgs),
    /// Check many callback URLs at once (one a line): a line per URL as
    /// each finishes (a JSON report per line with --format json), a
    /// summary, progress on stderr, non-public addresses refused.
    Scan(ScanArgs),
    /// Validate notification payloads against the schema.
    Validate(ValidateArgs),
    /// Print the JSON Schema of notifications (of one type, or all), or of
    /// hookcheck.toml with --config.
    Schema(SchemaArgs),
    /// Print the signature header(s) of a body under a provider's scheme
    /// (Cronofy-HMAC-SHA256 by default).
    Sign(SignArgs),
    /// List the senders hookcheck knows (or show one) with their rules:
    /// budget, retries, signature, replay window, handshake, and where each
    /// is published.
    Providers(ProvidersArgs),
    /// Receive deliveries in front of a local app: each one's signature and
    /// payload judged by its sender's rules, forwarded byte for byte, the
    /// app's answer timed against the budget, one line each, all kept in a
    /// history.
    Listen(ListenArgs),
    /// List the deliveries `listen` kept, oldest first.
    History(HistoryArgs),
    /// Send a delivery `listen` kept again, as recorded or edited, and
    /// re-signed with --secret.
    Replay(ReplayArgs),
    /// Print the shell completion script for SHELL (bash, zsh, fish,
    /// elvish, powershell), e.g. `hookcheck completions bash >
    /// ~/.local/share/bash-completion/completions/hookcheck`.
    Completions(CompletionsArgs),
    /// Play the provider's side on loopback: its channel API and Read
    /// Events, deliveries with its budget and retry schedule, channels
    /// closed when retries run out, in scaled time. One line per attempt
    /// on stdout; `emulate trigger`, `emulate log` and `emulate channels`
    /// talk to a running emulator.
    Emulate(EmulateArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_name = "SHELL")]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct EmulateArgs {
    #[command(subcommand)]
    pub(crate) action: Option<EmulateAction>,

    #[command(flatten)]
    pub(crate) serve: EmulateServeArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EmulateAction {
    /// Make a change in the emulated calendar and tell the channels whose
    /// filters match (`trigger change`), or send a notification of
    /// another type (`trigger profile_disconnected`).
    Trigger(TriggerArgs),
    /// Print every attempt a running emulator made, oldest first: one JSON
    /// document with each attempt's latency, outcome, schedule slot and
    /// what came of it.
    Log(EmulatorArgs),
    /// Print every channel of a running emulator, open or closed (and
    /// why), as one JSON document.
    Channels(EmulatorArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// The running emulator.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:4142")]
    pub(crate) emulator: String,
}

#[derive(Debug, Args)]
pub(crate) struct TriggerArgs {
    /// The notification type: `change`, or another the provider sends.
    #[arg(value_name = "TYPE")]
    pub(crate) kind: String,

    /// Tell only this channel [default: every open channel whose filters
    /// match].
    #[arg(long, value_name = "ID")]
    pub(crate) channel: Option<String>,

    /// `change`: the calendar to change [default: the first].
    #[arg(long, value_name = "ID")]
    pub(crate) calendar: Option<String>,

    /// `change`: the event to update or delete [default: a new one].
    #[arg(long, value_name = "UID")]
    pub(crate) event: Option<String>,

    /// `change`: the event's new title.
    #[arg(long, value_name = "TEXT")]
    pub(crate) summary: Option<String>,

    /// `change`: delete the event.
    #[arg(long)]
    pub(crate) delete: bool,

    #[command(flatten)]
    pub(crate) emulator: EmulatorArgs,
}

#[derive(Debug, Args)]
pub(crate) struct EmulateServeArgs {
    /// The address to serve on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,

    /// The port to serve on (0: any free one, printed at start).
    #[arg(long, value_name = "PORT", default_value_t = 4142)]
    pub(crate) port: u16,

    /// Whose side to play (`hookcheck providers` lists them; the emulator
    /// serves the calendar API's channels).
    #[arg(long, value_name = "NAME", default_value = hookcheck_profile::DEFAULT)]
    pub(crate) provider: String,

    /// How much faster the provider's clock runs than real time: 3600
    /// turns the 24-hour retry window into 24 seconds. The endpoint's
    /// budget is not scaled.
    #[arg(long, value_name = "N", default_value_t = 1.0, value_parser = time_scale)]
    pub(crate) time_scale: f64,

    /// The access token the API asks for (Authorization: Bearer …)
    /// [default: a random one, printed at start].
    #[arg(long, value_name = "TOKEN")]
    pub(crate) token: Option<String>,

    /// A secret to sign deliveries with; repeat it for a rotation
    /// [default: a random one, printed at start].
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,

    /// How long the endpoint has to answer 2xx, in real time [default: the
    /// provider's budget, 5s for the calendar API].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) budget: Option<Duration>,

    #[command(flatten)]
    pub(crate) roots: RootsArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ReplayArgs {
    /// The delivery's number, as `listen` and `history` show it.
    #[arg(value_name = "ID")]
    pub(crate) id: u64,

    /// Where to send it [default: the app `listen` forwarded it to]; its
    /// path and query follow this URL's path.
    #[arg(long, value_name = "URL")]
    pub(crate) to: Option<String>,

    /// Send this file's bytes as the body instead of the recorded one.
    #[arg(long, value_name = "FILE", conflicts_with = "edit")]
    pub(crate) body: Option<PathBuf>,

    /// Edit the body first, in $VISUAL or $EDITOR (else vi).
    #[arg(long)]
    pub(crate) edit: bool,

    /// Re-sign with this secret under the recorded provider's scheme, with
    /// a fresh id and timestamp; repeat it for a rotation. Without it the
    /// recorded signature is sent as it was.
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,

    #[command(flatten)]
    pub(crate) history: HistoryPath,

    #[command(flatten)]
    pub(crate) roots: RootsArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// The app to forward each delivery to; the request's path and query
    /// follow this URL's path. Without it, `listen` answers itself
    /// (--status, --delay).
    #[arg(long, value_name = "URL")]
    pub(crate) forward: Option<String>,

    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,

    /// The port to listen on (0: any free one, printed at start).
    #[arg(long, value_name = "PORT", default_value_t = 4141)]
    pub(crate) port: u16,

    /// Whose deliveries: signature scheme, schemas, budget (`hookcheck
    /// providers` lists them).
    #[arg(long, value_name = "NAME", default_value = hookcheck_profile::DEFAULT)]
    pub(crate) provider: String,

    /// A secret to verify signatures with; repeat it for a rotation.
    /// Without one, signatures are not checked.
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,

    /// Without --forward: the status to answer with.
    #[arg(long, value_name = "CODE", default_value_t = 200, value_parser = clap::value_parser!(u16).range(200..=599))]
    pub(crate) status: u16,

    /// Without --forward: how long to wait before answering: 250ms, 6s
    /// [default: no wait].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) delay: Option<Duration>,

    /// Refuse bodies over this many bytes with 413.
    #[arg(long, value_name = "BYTES", default_value_t = hookcheck_listen::DEFAULT_MAX_BODY)]
    pub(crate) max_body: usize,

    /// How long the app may take, as the sender counts it: answers past it
    /// are marked late, and past it and a grace the sender gets 504
    /// [default: the provider's budget, 5s for the calendar API].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) budget: Option<Duration>,

    /// The port of the browser inspector (0: any free one; its address is
    /// printed at start).
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    pub(crate) inspector_port: u16,

    /// The address of the browser inspector: loopback, so that only this
    /// machine sees the deliveries, unless another is named.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) inspector_bind: std::net::IpAddr,

    /// Listen over HTTPS with a certificate for localhost, 127.0.0.1 and
    /// ::1, signed by a CA of this machine's own (made on first use beside
    /// the history; senders trust it with --ca-file, as the banner says).
    #[arg(long, conflicts_with = "cert")]
    pub(crate) tls: bool,

    /// Listen over HTTPS with this certificate chain (PEM, leaf first).
    #[arg(long, value_name = "PEM", requires = "key")]
    pub(crate) cert: Option<PathBuf>,

    /// The private key of --cert (PEM).
    #[arg(long, value_name = "PEM", requires = "cert")]
    pub(crate) key: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) history: HistoryPath,

    /// Keep at most this many deliveries in the history (the oldest go
    /// first).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub(crate) keep: u64,

    #[command(flatten)]
    pub(crate) roots: RootsArgs,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    #[command(flatten)]
    pub(crate) history: HistoryPath,

    /// The newest N deliveries.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub(crate) limit: usize,
}

/// Where the history is kept.
#[derive(Debug, Args)]
pub(crate) struct HistoryPath {
    /// The history file [default: $XDG_STATE_HOME/hookcheck/history.sqlite,
    /// else ~/.local/state/hookcheck/history.sqlite].
    #[arg(long = "history", value_name = "FILE")]
    pub(crate) path: Option<PathBuf>,
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

    /// Whose deliveries these are: their event schemas, and the signature
    /// scheme --signature and --header are checked under (`hookcheck
    /// providers` lists them).
    #[arg(long, value_name = "NAME", default_value = hookcheck_profile::DEFAULT)]
    pub(crate) provider: String,

    /// Check this value of the provider's signature header
    /// (Cronofy-HMAC-SHA256 by default) against the document.
    #[arg(
        long,
        value_name = "VALUE",
        requires = "secrets",
        conflicts_with = "ndjson"
    )]
    pub(crate) signature: Option<String>,

    /// A header the delivery came with, `Name: value` (repeatable): what a
    /// scheme of several headers signs (webhook-id, webhook-timestamp,
    /// X-Slack-Request-Timestamp, …) or the signature header itself.
    #[arg(
        long = "header",
        value_name = "NAME: VALUE",
        requires = "secrets",
        conflicts_with = "ndjson",
        value_parser = header
    )]
    pub(crate) headers: Vec<(String, String)>,

    /// A secret to check the signature with; repeat it for each secret that
    /// is active while secrets are rotated.
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,
}

/// `Name: value`, as a header line is written.
fn header(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        }
        _ => Err(format!("`{text}` is not `Name: value`")),
    }
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// A notification type (change, verification, profile_disconnected,
    /// profile_initial_sync_completed, conferencing_profile_disconnected).
    #[arg(value_name = "TYPE", conflicts_with = "config")]
    pub(crate) kind: Option<String>,

    /// Print the JSON Schema of hookcheck.toml instead, for editors that
    /// complete and check TOML against one.
    #[arg(long)]
    pub(crate) config: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ProvidersArgs {
    /// One provider's name (cronofy, standard-webhooks, github, stripe,
    /// slack, graph, google).
    #[arg(value_name = "NAME")]
    pub(crate) name: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// A client secret; repeat it to sign as during secret rotation (one
    /// signature per secret, listed as the scheme lists them; github and
    /// slack sign with the first).
    #[arg(long = "secret", value_name = "SECRET", required = true)]
    pub(crate) secrets: Vec<String>,

    /// Whose scheme to sign with (`hookcheck providers` lists them). One
    /// header prints as its value; a scheme of several headers prints each
    /// as `name: value`.
    #[arg(long, value_name = "NAME", default_value = hookcheck_profile::DEFAULT)]
    pub(crate) provider: String,

    /// The delivery id a scheme signs (standard-webhooks) [default: a new
    /// one].
    #[arg(long, value_name = "ID")]
    pub(crate) id: Option<String>,

    /// The Unix time a scheme signs (standard-webhooks, stripe, slack)
    /// [default: now].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) timestamp: Option<i64>,

    /// The body to sign, byte for byte; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,

    /// Largest body to read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub(crate) max_bytes: usize,
}

#[derive(Debug, Args)]
pub(crate) struct TlsArgs {
    /// The callback URL (https://…).
    #[arg(
        value_name = "URL",
        required_unless_present = "chain",
        conflicts_with = "chain"
    )]
    pub(crate) url: Option<String>,

    /// Check a certificate bundle before it is deployed instead of a
    /// server: PEM, leaf first, as the server will send it (`-` reads
    /// standard input). Opens no connection unless --fetch-aia.
    #[arg(long, value_name = "FILE")]
    pub(crate) chain: Option<PathBuf>,

    /// With --chain: the host name or IP address the bundle will serve, as
    /// in the callback URL; without it, trust only (no name check).
    // `conflicts_with = "url"` rather than `requires = "chain"`: clap skips
    // `requires` among arguments that conflict (clap-rs/clap#4520), and
    // the URL is required unless --chain is given.
    #[arg(long, value_name = "NAME", conflicts_with = "url")]
    pub(crate) host: Option<String>,

    /// With --chain: fetch missing issuers from the certificates' AIA URLs
    /// (under --timeout and --deny-private), to name the intermediate a
    /// bundle omits.
    #[arg(long, conflicts_with = "url")]
    pub(crate) fetch_aia: bool,

    #[command(flatten)]
    pub(crate) net: NetArgs,

    #[command(flatten)]
    pub(crate) trust: TrustArgs,

    #[command(flatten)]
    pub(crate) report: ReportArgs,

    /// Check the certificates only: no protocol, cipher or HSTS probes, no
    /// grade (a server that refuses hookcheck's strict client outright is
    /// asked once, per legacy version, for the chain it would send).
    #[arg(long, conflicts_with = "chain")]
    pub(crate) chain_only: bool,

    /// How many probe connections may be open at once (be polite to real
    /// servers).
    #[arg(
        long,
        value_name = "N",
        default_value_t = hookcheck_tls::DEFAULT_PROBE_CONCURRENCY,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..=64), usize::from),
        conflicts_with = "chain"
    )]
    pub(crate) probe_concurrency: usize,

    /// The worst SSL Labs grade accepted (A+, A, A-, B, C, D, E, F); a worse
    /// one is an error. The provider asks for an A; A- is an A with a
    /// warning.
    #[arg(long, value_name = "GRADE", default_value = "A-", value_parser = grade, conflicts_with = "chain")]
    pub(crate) accept_grade: Grade,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The callback URL (https://…).
    #[arg(value_name = "URL")]
    pub(crate) url: String,

    #[command(flatten)]
    pub(crate) net: NetArgs,

    /// Deliveries of the series in flight at once [default: 1].
    #[arg(long, value_name = "C", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..=1024), usize::from))]
    pub(crate) concurrency: Option<usize>,

    #[command(flatten)]
    pub(crate) readiness: ReadinessArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// The callback URLs, one a line (`#` starts a comment); `-` reads
    /// standard input.
    #[arg(long, value_name = "FILE")]
    pub(crate) urls: PathBuf,

    /// How many URLs are checked at once (be polite to the endpoints and
    /// the network).
    #[arg(
        long,
        value_name = "N",
        default_value_t = hookcheck_readiness::scan::DEFAULT_CONCURRENCY,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..=256), usize::from)
    )]
    pub(crate) concurrency: usize,

    /// Scan only part K of N of the list, so N machines (a CI matrix, an
    /// indexed Job, `xargs -P`) together scan each line exactly once. A
    /// line's part depends only on its text: SHA-256 modulo N [default:
    /// 1/1, the whole list].
    #[arg(long, value_name = "K/N", value_parser = shard)]
    pub(crate) shard: Option<Shard>,

    /// Also check URLs that resolve to loopback, private, link-local or
    /// other non-public addresses (refused by default: the URLs come from
    /// others, and must not steer the scanner into its own network).
    #[arg(long)]
    pub(crate) allow_private: bool,

    /// Connect to ADDR when a URL names HOST:PORT (curl's meaning).
    /// Repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub(crate) resolve: Vec<ResolveOverride>,

    /// Bound on each name lookup and connection attempt (and each TLS
    /// handshake and fetch of the TLS check) [default: 10s].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) timeout: Option<Duration>,

    #[command(flatten)]
    pub(crate) readiness: ReadinessArgs,
}

/// What `check` and `scan` share: the settings of one readiness check.
#[derive(Debug, Args)]
pub(crate) struct ReadinessArgs {
    /// Read settings from this file instead of ./hookcheck.toml (options
    /// given here win over the file).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) report: ReportArgs,

    #[command(flatten)]
    pub(crate) trust: TrustArgs,

    /// Check as this sender delivers: its bodies, headers, signature scheme
    /// and budget (`hookcheck providers` lists them) [default: cronofy, the
    /// calendar API].
    #[arg(long, value_name = "NAME")]
    pub(crate) provider: Option<String>,

    /// A delivery succeeds only if answered with a 2xx within this
    /// [default: the provider's budget, 5s for the calendar API].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) budget: Option<Duration>,

    /// Deliveries in the series: a verification, then changes [default: 10
    /// for check, 3 for scan].
    #[arg(long, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u32).range(1..=100_000), |n| n as usize))]
    pub(crate) count: Option<usize>,

    /// Deliveries sent at once after the series, 0 for none [default: 10
    /// for check, 0 for scan].
    #[arg(long, value_name = "N", value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(0..=1000), usize::from))]
    pub(crate) burst: Option<usize>,

    /// Sign deliveries with this secret, under the provider's scheme;
    /// repeat it as during a rotation.
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,

    /// The worst SSL Labs grade accepted [default: A-].
    #[arg(long, value_name = "GRADE", value_parser = grade)]
    pub(crate) accept_grade: Option<Grade>,

    /// No progress on stderr.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DeliverArgs {
    /// The callback URL (https://…, or http:// for local development).
    #[arg(value_name = "URL")]
    pub(crate) url: String,

    #[command(flatten)]
    pub(crate) report: ReportArgs,

    #[command(flatten)]
    pub(crate) net: NetArgs,

    #[command(flatten)]
    pub(crate) roots: RootsArgs,

    /// Deliver as this sender does: its bodies, headers and signature
    /// scheme, judged against its budget (`hookcheck providers` lists them).
    #[arg(long, value_name = "NAME", default_value = hookcheck_profile::DEFAULT)]
    pub(crate) provider: String,

    /// A delivery succeeds only if answered with a 2xx within this
    /// [default: the provider's budget, 5s for the calendar API].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) budget: Option<Duration>,

    /// How many deliveries to make one after another (or --concurrency at
    /// a time).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u32).range(1..=1_000_000), |n| n as usize)
    )]
    pub(crate) count: usize,

    /// How many of them may be in flight at once, each over its own
    /// connection.
    #[arg(
        long,
        value_name = "C",
        default_value_t = 1,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..=1024), usize::from)
    )]
    pub(crate) concurrency: usize,

    /// Then send N deliveries all at once, each on a new connection, as
    /// after a bulk calendar sync (N defaults to --count, at most 1000).
    #[arg(
        long,
        value_name = "N",
        num_args = 0..=1,
        value_parser = clap::builder::TypedValueParser::map(clap::value_parser!(u16).range(1..=1000), usize::from)
    )]
    #[allow(
        clippy::option_option,
        reason = "clap's idiom for an option whose value may be left out: absent, bare, or N"
    )]
    pub(crate) burst: Option<Option<usize>>,

    /// Send only deliveries of this event type instead of the sender's
    /// first then its next (the calendar API: change, verification,
    /// profile_disconnected, profile_initial_sync_completed,
    /// conferencing_profile_disconnected; `hookcheck providers NAME` lists
    /// another sender's).
    #[arg(long = "type", value_name = "TYPE", conflicts_with = "body")]
    pub(crate) kind: Option<String>,

    /// Send this file's bytes (`-`: standard input) as every delivery's body,
    /// untouched.
    #[arg(long, value_name = "FILE")]
    pub(crate) body: Option<PathBuf>,

    /// Sign deliveries with this secret, under the provider's scheme;
    /// repeat it to sign as during secret rotation.
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,

    /// Warn (delivery-slow) when the p99 of successful deliveries is above
    /// this [default: half the budget].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) slow: Option<Duration>,

    /// Warn (delivery-cold-start) when the first delivery is this many times
    /// slower than the median of the rest (and 100 ms slower at least).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub(crate) cold_start_factor: u32,

    #[command(flatten)]
    pub(crate) retry: RetryArgs,
}

/// The provider's retry schedule, for the outlook, where the provider does
/// not publish one (the calendar API, Stripe, Graph, Google): the defaults
/// are the common shape of web-hook retry policies. Any of them replaces a
/// published schedule with this model.
#[derive(Debug, Args)]
pub(crate) struct RetryArgs {
    /// Delay before the first retry of a failed delivery [default: 1m].
    #[arg(long = "retry-first", value_name = "DURATION", value_parser = duration)]
    pub(crate) first: Option<Duration>,

    /// How much each delay between retries grows [default: 2].
    #[arg(long = "retry-factor", value_name = "FACTOR", value_parser = factor)]
    pub(crate) factor: Option<f64>,

    /// The longest delay between two retries [default: 1h].
    #[arg(long = "retry-max", value_name = "DURATION", value_parser = duration)]
    pub(crate) max: Option<Duration>,

    /// How long failed deliveries are retried [default: the provider's
    /// window, 24h for the calendar API].
    #[arg(long = "retry-window", value_name = "DURATION", value_parser = duration)]
    pub(crate) window: Option<Duration>,
}

/// How the network commands reach a target (SPEC §3).
#[derive(Debug, Args)]
pub(crate) struct NetArgs {
    /// Connect to ADDR when the URL names HOST:PORT; SNI, certificate
    /// checks and the Host header still use HOST (curl's meaning).
    /// Repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub(crate) resolve: Vec<ResolveOverride>,

    /// Bound on each name lookup and connection attempt (and, in the TLS
    /// check of `tls` and `check`, each handshake and fetch; a delivery as
    /// a whole is bounded by its budget): 5s, 500ms, 2m [default: 10s].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) timeout: Option<Duration>,

    /// Refuse targets, and anything fetched on their behalf, that resolve
    /// to loopback, private, link-local or other non-public addresses.
    #[arg(long)]
    pub(crate) deny_private: bool,
}

/// The roots a strict client trusts.
#[derive(Debug, Args)]
pub(crate) struct RootsArgs {
    /// Trust exactly the roots in this PEM file instead of the built-in
    /// Mozilla set (for private CAs and tests).
    #[arg(long, value_name = "PEM")]
    pub(crate) ca_file: Option<PathBuf>,
}

/// What certificates are judged against.
#[derive(Debug, Args)]
pub(crate) struct TrustArgs {
    #[command(flatten)]
    pub(crate) roots: RootsArgs,

    /// Judge certificate validity at this instant (RFC 3339, e.g.
    /// 2026-06-01T00:00:00Z) instead of now.
    #[arg(long, value_name = "RFC3339", value_parser = instant)]
    pub(crate) at: Option<OffsetDateTime>,

    /// Warn about certificates that expire within this window [default:
    /// 30d].
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) expiry_warning: Option<Duration>,
}

/// The bound on each connection attempt: long enough for a slow network,
/// short enough that a black hole does not stall a CI job.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// A month's warning before a certificate expires: time for a renewal to
/// go wrong and be fixed.
pub(crate) const DEFAULT_EXPIRY_WARNING: Duration = Duration::from_secs(30 * 86_400);

/// Durations as people write them: `5s`, `500ms`, `2m`, `30d`.
fn duration(value: &str) -> Result<Duration, String> {
    hookcheck_readiness::config::parse_duration(value)
}

fn shard(value: &str) -> Result<Shard, String> {
    value.parse().map_err(|error: ShardError| error.to_string())
}

fn grade(value: &str) -> Result<Grade, String> {
    match Grade::from_name(value) {
        Some(Grade::T | Grade::M) | None => {
            Err("expected one of A+, A, A-, B, C, D, E, F".to_owned())
        }
        Some(grade) => Ok(grade),
    }
}

fn factor(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(factor) if (1.0..=100.0).contains(&factor) => Ok(factor),
        Ok(_) => Err("must be between 1 and 100".to_owned()),
        Err(error) => Err(error.to_string()),
    }
}

fn time_scale(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(scale) if (1.0..=1_000_000.0).contains(&scale) => Ok(scale),
        Ok(_) => Err("must be between 1 and 1000000".to_owned()),
        Err(error) => Err(error.to_string()),
    }
}

fn instant(value: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map_err(|e| format!("{e} (write instants like 2026-06-01T00:00:00Z)"))
}
