//! `hookcheck listen` and `hookcheck history`: the inspector in front of a
//! local app (`hookcheck-listen`), its one line per delivery, and the
//! deliveries it kept.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use hookcheck_core::{Severity, Verdict};
use hookcheck_deliver::engine::{Endpoint, Target};
use hookcheck_listen::{Answer, Bounds, Listen, Record, Respond, Seen, Signature, Store};
use hookcheck_net::NetPolicy;
use hookcheck_report::{Format, visible};

use crate::cli::{DEFAULT_TIMEOUT, HistoryArgs, HistoryPath, ListenArgs, ReplayArgs};
use crate::input;
use crate::providers::known_profile;
use crate::runtime;
use crate::tls::trust_store;

/// A line on standard error; one that cannot be written (a closed pipe)
/// is dropped, never a reason to stop receiving deliveries.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) fn run(args: &ListenArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let path = history_path(&args.history)?;
    let bounds = Bounds {
        count: args.keep.max(1),
        ..Bounds::default()
    };
    let store = Arc::new(Store::open(&path, bounds)?);
    let (listen, scheme, trust) = listen_as(args, &path)?;
    let profile = listen.profile;
    let listen = Arc::new(listen);
    let budget = listen.budget;
    let runtime = runtime()?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((args.bind, args.port)))
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr()?;
    let inspector = runtime
        .block_on(tokio::net::TcpListener::bind((
            args.inspector_bind,
            args.inspector_port,
        )))
        .with_context(|| {
            format!(
                "cannot listen on {}:{} for the inspector",
                args.inspector_bind, args.inspector_port
            )
        })?;
    let inspector_addr = inspector.local_addr()?;
    let to = args.forward.as_deref().map_or_else(
        || format!("answering {} itself", args.status),
        |url| format!("forwarding to {url}"),
    );
    // The banner goes to standard error, so that standard output holds
    // only the deliveries (one JSON document a line with --format json).
    note!(
        "hookcheck listen: {scheme}://{addr}/ ({}, {to}; history: {}{trust})",
        profile.name,
        path.display()
    );
    note!("hookcheck listen: the inspector is at http://{inspector_addr}/");
    let (seen, mut deliveries) = tokio::sync::mpsc::channel(TOLD);
    runtime.block_on(async {
        tokio::spawn(hookcheck_listen::inspector::inspect(
            inspector,
            Arc::clone(&listen),
            Arc::clone(&store),
            format!("{scheme}://{addr}/"),
        ));
        tokio::spawn(hookcheck_listen::serve(
            listener,
            Arc::clone(&listen),
            store,
            seen,
        ));
        // Until the process is stopped (Ctrl-C): the server never drops
        // its end of the channel.
        while let Some(seen) = deliveries.recv().await {
            let untold = listen.untold();
            if untold > 0 {
                note!(
                    "hookcheck listen: {untold} deliveries not shown, the output fell behind (`hookcheck history` lists them)"
                );
            }
            write_seen(&seen, format, budget, out)?;
        }
        Ok(Verdict::Ready)
    })
}

/// What `listen` does, as its options say: the profile, secrets, app,
/// answer, limit and budget, and HTTPS or not (with what a sender must
/// trust, for the banner).
fn listen_as(
    args: &ListenArgs,
    history: &std::path::Path,
) -> Result<(Listen, &'static str, String)> {
    let profile = known_profile(&args.provider)?;
    for secret in &args.secrets {
        profile
            .scheme
            .key(secret)
            .map_err(|error| anyhow::anyhow!("--secret: {error}"))?;
    }
    let forward = match &args.forward {
        Some(url) => {
            let endpoint = Endpoint::parse(url).map_err(|e| anyhow::anyhow!("--forward: {e}"))?;
            let trust = trust_store(args.roots.ca_file.as_deref())?;
            Some(Target::new(
                endpoint,
                NetPolicy::default(),
                trust.client_config(),
                DEFAULT_TIMEOUT,
            ))
        }
        None => None,
    };
    let listen = Listen::new(
        profile,
        args.secrets.clone(),
        forward,
        Respond {
            status: args.status,
            delay: args.delay.unwrap_or_default(),
        },
        args.max_body,
    );
    let listen = match args.budget {
        Some(budget) => listen.with_budget(budget),
        None => listen,
    };
    let (listen, scheme, trust) = match (&args.cert, &args.key, args.tls) {
        (Some(cert), Some(key), _) => {
            let config = hookcheck_listen::tls::from_files(cert, key)?;
            (listen.with_tls(config), "https", String::new())
        }
        (_, _, true) => {
            let folder = history
                .parent()
                .unwrap_or_else(|| std::path::Path::new("."));
            let (config, ca) = hookcheck_listen::tls::local(folder)?;
            let trust = format!("; senders trust it with --ca-file {}", ca.display());
            (listen.with_tls(config), "https", trust)
        }
        _ => (listen, "http", String::new()),
    };
    Ok((listen, scheme, trust))
}

/// Deliveries waiting to be shown at most; past them a delivery is kept
/// but not shown.
const TOLD: usize = 1024;

pub(crate) fn history(args: &HistoryArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    for record in kept(&args.history)?.recent(args.limit)? {
        write_record(&record, format, None, out)?;
    }
    Ok(Verdict::Ready)
}

pub(crate) fn replay(args: &ReplayArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let path = history_path(&args.history)?;
    let record = kept(&args.history)?.get(args.id)?.with_context(|| {
        format!(
            "the history `{}` holds no delivery {}",
            path.display(),
            args.id
        )
    })?;
    let profile = known_profile(&record.provider)?;
    let keys = args
        .secrets
        .iter()
        .map(|secret| profile.scheme.key(secret))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| anyhow::anyhow!("--secret: {error}"))?;
    let Some(url) = args.to.as_deref().or(record.app.as_deref()) else {
        bail!(
            "delivery {} was not forwarded anywhere: name where to send it with --to URL",
            record.id
        );
    };
    let body = match (&args.body, args.edit) {
        (Some(file), _) => Some(input::open(Some(file))?.read_capped(
            hookcheck_listen::DEFAULT_MAX_BODY,
            ": a delivery is not that large",
        )?),
        (None, true) => Some(edit(&record.body)?),
        (None, false) => None,
    };
    if keys.is_empty() && (body.is_some() || profile.scheme.is_timestamped()) {
        note!(
            "hookcheck replay: not re-signed (no --secret): a receiver that checks the signature{} will refuse it",
            if profile.scheme.is_timestamped() {
                "'s age"
            } else {
                ""
            }
        );
    }
    let endpoint = Endpoint::parse(url).map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
    let trust = trust_store(args.roots.ca_file.as_deref())?;
    let target = Target::new(
        endpoint,
        NetPolicy::default(),
        trust.client_config(),
        DEFAULT_TIMEOUT,
    );
    let budget = profile.budget.value();
    let sending = hookcheck_listen::replay::send(&record, profile, &keys, body, target, budget);
    let replayed = runtime()?.block_on(sending);
    if let Format::Json = format {
        serde_json::to_writer(&mut *out, &replayed)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "replayed #{} to {}{}: {} in {:.0} ms",
            replayed.id,
            visible(&replayed.url),
            if replayed.re_signed {
                " (re-signed)"
            } else {
                ""
            },
            visible(&replayed.outcome),
            replayed.total_ms,
        )?;
    }
    Ok(match replayed.status {
        Some(200..=299) => Verdict::Ready,
        _ => Verdict::NotReady,
    })
}

/// `body` edited in the user's editor, read back.
fn edit(body: &[u8]) -> Result<Vec<u8>> {
    let file = std::env::temp_dir().join(format!("hookcheck-replay-{}.json", std::process::id()));
    std::fs::write(&file, body).with_context(|| format!("cannot write `{}`", file.display()))?;
    let editor = std::env::var_os("VISUAL")
        .or_else(|| std::env::var_os("EDITOR"))
        .filter(|editor| !editor.is_empty())
        .unwrap_or_else(|| "vi".into());
    // As git runs it: through the shell, so that `EDITOR="code --wait"` works.
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg("$HOOKCHECK_EDITOR \"$1\"")
        .arg("sh")
        .arg(&file);
    command.env("HOOKCHECK_EDITOR", &editor);
    let status = command
        .status()
        .with_context(|| format!("cannot run the editor `{}`", editor.to_string_lossy()))?;
    if !status.success() {
        let _ = std::fs::remove_file(&file);
        bail!(
            "the editor `{}` failed ({status}): nothing sent",
            editor.to_string_lossy()
        );
    }
    let edited = input::open(Some(&file))?.read_capped(
        hookcheck_listen::DEFAULT_MAX_BODY,
        ": a delivery is not that large",
    );
    let _ = std::fs::remove_file(&file);
    edited
}

/// The history `listen` wrote, open for reading; a one-line error when
/// there is none.
fn kept(args: &HistoryPath) -> Result<Store> {
    let path = history_path(args)?;
    if !path.exists() {
        bail!(
            "no history at `{}`: `hookcheck listen` writes it",
            path.display()
        );
    }
    Ok(Store::open(&path, Bounds::default())?)
}

/// The history file: given, or the user's state folder.
fn history_path(args: &HistoryPath) -> Result<PathBuf> {
    if let Some(path) = &args.path {
        return Ok(path.clone());
    }
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|dir| !dir.is_empty())
                .map(|home| PathBuf::from(home).join(".local/state"))
        });
    match state {
        Some(state) => Ok(state.join("hookcheck/history.sqlite")),
        None => bail!("neither XDG_STATE_HOME nor HOME is set: name the history with --history"),
    }
}

fn write_seen(seen: &Seen, format: Format, budget: Duration, out: &mut dyn Write) -> Result<()> {
    write_record(&seen.record, format, Some(budget), out)?;
    if let Some(why) = &seen.not_kept {
        note!(
            "hookcheck listen: not kept in the history: {}",
            visible(why)
        );
    }
    Ok(())
}

/// One delivery: a line (human), or its record as one JSON line.
fn write_record(
    record: &Record,
    format: Format,
    budget: Option<Duration>,
    out: &mut dyn Write,
) -> Result<()> {
    if let Format::Json = format {
        serde_json::to_writer(&mut *out, record)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", line(record, budget))?;
    }
    out.flush()?;
    Ok(())
}

/// `#7  12:03:04  POST /hooks  change  signature genuine  payload valid  → 200 in 143 ms`,
/// with what is wrong after it; text from the wire made visible.
pub(crate) fn line(record: &Record, budget: Option<Duration>) -> String {
    let time = record
        .received_at
        .get(11..19)
        .unwrap_or(&record.received_at);
    let kind = record.notification_type.as_deref().unwrap_or("-");
    let signature = match record.signature {
        Signature::NotChecked => "signature not checked".to_owned(),
        Signature::Genuine { secret } => format!("signature genuine (secret {secret})"),
        Signature::Refused => "signature REFUSED".to_owned(),
    };
    let payload = if record.payload_valid {
        "payload valid"
    } else {
        "payload INVALID"
    };
    let status = record.answer.status();
    let total = record.answer.total_ms();
    let who = match &record.answer {
        Answer::App { .. } => "app",
        Answer::AppFailed { .. } => "hookcheck for the app",
        Answer::Listen { .. } => "hookcheck",
    };
    let mut text = format!(
        "#{}  {time}  {} {}  {}  {signature}  {payload}  → {status} in {total:.0} ms ({who})",
        record.id,
        record.method,
        visible(&record.target),
        visible(kind),
    );
    if !(200..300).contains(&status) {
        text.push_str("  FAILED: not 2xx");
    }
    if let Some(budget) = budget.filter(|_| matches!(record.answer, Answer::App { .. })) {
        let budget_ms = budget.as_secs_f64() * 1000.0;
        if total > budget_ms {
            let _ = write!(text, "  LATE: over the {}s budget", budget.as_secs_f64());
        } else if total > budget_ms / 2.0 {
            let _ = write!(
                text,
                "  SLOW: over half the {}s budget",
                budget.as_secs_f64()
            );
        }
    }
    if let Some(error) = &record.error {
        let _ = write!(text, "  ({})", visible(error));
    }
    if let Answer::AppFailed { reason, .. } = &record.answer {
        let _ = write!(text, "  ({})", visible(reason));
    }
    for finding in record
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let _ = write!(text, "\n    {} {}", finding.code, visible(&finding.message));
    }
    text
}
