//! `hookcheck emulate`: the provider's side on loopback (`hookcheck-emulate`),
//! one line per attempt as it ends; and `emulate trigger`, `emulate log`,
//! `emulate channels`, which talk to a running emulator.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use bytes::Bytes;
use hookcheck_core::Verdict;
use hookcheck_emulate::client::{Answered, Method, call};
use hookcheck_emulate::machine::{Entry, Next, Result as Attempted};
use hookcheck_emulate::{Emulator, Options};
use hookcheck_report::{Format, visible};
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use crate::cli::{EmulateAction, EmulateArgs, EmulateServeArgs, EmulatorArgs, TriggerArgs};
use crate::providers::known_profile;
use crate::runtime;
use crate::tls::trust_store;

/// How long a running emulator has to answer `trigger`, `log` or
/// `channels`.
const CALL_DEADLINE: Duration = Duration::from_secs(10);

pub(crate) fn run(args: &EmulateArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    match &args.action {
        None => serve(&args.serve, format, out),
        Some(EmulateAction::Trigger(trigger)) => self::trigger(trigger, format, out),
        Some(EmulateAction::Log(emulator)) => print(emulator, "/emulator/log", out),
        Some(EmulateAction::Channels(emulator)) => print(emulator, "/emulator/channels", out),
    }
}

fn serve(args: &EmulateServeArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let profile = known_profile(&args.provider)?;
    let token = match &args.token {
        Some(token) => token.clone(),
        None => random()?,
    };
    let secrets = if args.secrets.is_empty() {
        vec![random()?]
    } else {
        args.secrets.clone()
    };
    let options = Options {
        token: token.clone(),
        secrets: secrets.clone(),
        budget: args.budget,
        scale: args.time_scale,
        tls: trust_store(args.roots.ca_file.as_deref())?.client_config(),
    };
    let runtime = runtime()?;
    // The clock starts with the emulator, once the port is taken.
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((args.bind, args.port)))
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr()?;
    let emulator = Arc::new(Emulator::new(profile, options).map_err(|e| anyhow!(e))?);
    let window = emulator.lock().machine.window();
    let real_window = window.div_f64(emulator.clock.scale());
    note(&format!(
        "hookcheck emulate: {} at http://{addr} (time ×{}: its {} of retries take {} here; budget {} ms)",
        profile.title,
        args.time_scale,
        hookcheck_profile::duration(window),
        humanise(real_window),
        emulator.budget.as_millis(),
    ));
    note(&format!(
        "hookcheck emulate: access token {token} (Authorization: Bearer …)"
    ));
    let signature = profile.scheme.signature_header().unwrap_or("its scheme");
    note(&format!(
        "hookcheck emulate: deliveries signed ({signature}) with {}",
        secrets.join(", ")
    ));
    runtime.block_on(async {
        let mut watched = emulator.watch();
        tokio::spawn(hookcheck_emulate::api::serve(
            listener,
            Arc::clone(&emulator),
        ));
        tokio::spawn(hookcheck_emulate::drive(Arc::clone(&emulator)));
        // Until the process is stopped (Ctrl-C).
        loop {
            match watched.recv().await {
                Ok(entry) => write_entry(&emulator, &entry, format, out)?,
                Err(RecvError::Lagged(missed)) => note(&format!(
                    "hookcheck emulate: {missed} attempts not shown, the output fell behind (`hookcheck emulate log` has them)"
                )),
                Err(RecvError::Closed) => return Ok(Verdict::Ready),
            }
        }
    })
}

/// One attempt: a line for people, or the log's JSON document.
fn write_entry(
    emulator: &Emulator,
    entry: &Entry,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    if let Format::Json = format {
        let document = hookcheck_emulate::api::entry_document(emulator, entry);
        writeln!(out, "{document}")?;
        return out.flush().map_err(Into::into);
    }
    let attempt = &entry.attempt;
    let wall = |at| hookcheck_emulate::calendar::rfc3339(emulator.clock.wall(at));
    let how = match &entry.result {
        Attempted::Delivered => "delivered".to_owned(),
        Attempted::Failed(why) => format!("failed: {}", visible(why)),
    };
    let next = match &entry.next {
        Next::Done => String::new(),
        Next::Retry { slot, at } => format!("; retry at {} (slot {slot})", wall(*at)),
        Next::Closed => "; no slot left: the channel is closed".to_owned(),
        Next::Dropped => "; dropped, the channel was closed".to_owned(),
    };
    writeln!(
        out,
        "{} {} #{} to {} attempt {} (slot {}, +{}) {} in {} ms{next}",
        wall(entry.started),
        visible(&attempt.kind),
        attempt.notification,
        attempt.channel,
        attempt.number,
        attempt.slot,
        humanise(attempt.offset),
        how,
        entry.latency.as_millis(),
    )?;
    out.flush().map_err(Into::into)
}

fn trigger(args: &TriggerArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let (path, body) = if args.kind == "change" {
        let body = json!({
            "channel_id": args.channel,
            "calendar_id": args.calendar,
            "event_uid": args.event,
            "summary": args.summary,
            "deleted": args.delete,
        });
        ("/emulator/changes", without_nulls(body))
    } else {
        if args.calendar.is_some() || args.event.is_some() || args.summary.is_some() || args.delete
        {
            bail!("--calendar, --event, --summary and --delete are for `trigger change`");
        }
        let body = json!({ "type": args.kind, "channel_id": args.channel });
        ("/emulator/notifications", without_nulls(body))
    };
    let answer = request(
        &args.emulator,
        Method::POST,
        path,
        Bytes::from(body.to_string()),
    )?;
    let document: Value = serde_json::from_slice(&answer)?;
    if let Format::Json = format {
        writeln!(out, "{document}")?;
        return Ok(Verdict::Ready);
    }
    let notified: Vec<String> = document["notified"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|told| format!("{} (#{})", text(&told["channel_id"]), told["notification"]))
        .collect();
    let what = match document.get("event") {
        Some(event) => format!(
            "{} {} in {}",
            if event["deleted"] == Value::Bool(true) {
                "deleted"
            } else {
                "changed"
            },
            text(&event["event_uid"]),
            text(&event["calendar_id"])
        ),
        None => format!("{} sent", visible(&args.kind)),
    };
    if notified.is_empty() {
        writeln!(out, "{what}; no open channel was told")?;
    } else {
        writeln!(out, "{what}; told {}", notified.join(", "))?;
    }
    Ok(Verdict::Ready)
}

/// Prints what the emulator answers at `path`, a JSON document.
fn print(args: &EmulatorArgs, path: &str, out: &mut dyn Write) -> Result<Verdict> {
    let answer = request(args, Method::GET, path, Bytes::new())?;
    out.write_all(&answer)?;
    writeln!(out)?;
    Ok(Verdict::Ready)
}

/// One request to a running emulator: the body of a 2xx answer, or an
/// error saying what the emulator said.
fn request(args: &EmulatorArgs, method: Method, path: &str, body: Bytes) -> Result<Bytes> {
    let calling = call(&args.emulator, method, path, None, body, CALL_DEADLINE);
    let Answered { status, body } = runtime()?.block_on(calling).map_err(|e| anyhow!(e))?;
    if !(200..300).contains(&status) {
        let said: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let why = said["error"].as_str().map_or_else(
            || String::from_utf8_lossy(&body).into_owned(),
            str::to_owned,
        );
        bail!("the emulator answered {status}: {}", visible(&why));
    }
    Ok(body)
}

fn without_nulls(mut body: Value) -> Value {
    if let Value::Object(map) = &mut body {
        map.retain(|_, value| !value.is_null() && *value != Value::Bool(false));
    }
    body
}

fn text(value: &Value) -> String {
    visible(value.as_str().unwrap_or_default()).into_owned()
}

/// A real duration as people read it: `24 s`, `1.5 s`, `250 ms`, `2 h`.
fn humanise(duration: Duration) -> String {
    if duration.subsec_millis() != 0 && duration < Duration::from_secs(10) {
        return format!("{} ms", duration.as_millis());
    }
    hookcheck_profile::duration(Duration::from_secs(duration.as_secs()))
}

/// 16 random bytes in hex: a token or secret nobody chose.
fn random() -> Result<String> {
    let mut bytes = [0u8; 16];
    rustls::crypto::ring::default_provider()
        .secure_random
        .fill(&mut bytes)
        .map_err(|_| anyhow!("the system's random source failed"))?;
    Ok(bytes.iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    }))
}

/// A line on standard error; one that cannot be written (a closed pipe)
/// is dropped, never a reason to stop emulating.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
