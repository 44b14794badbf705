//! `hookcheck providers [NAME]`: the senders hookcheck knows, with their
//! rules and where each is published.

use std::io::Write;
use std::time::Duration;

use anyhow::{Result, bail};
use hookcheck_core::Verdict;
use hookcheck_profile::{Channels, DEFAULT, PROFILES, Profile, Retries, Rule, duration, find};
use hookcheck_report::Format;
use serde_json::{Value, json};

use crate::cli::ProvidersArgs;

pub(crate) fn run(args: &ProvidersArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let profiles: Vec<&Profile> = match &args.name {
        Some(name) => vec![known_profile(name)?],
        None => PROFILES.iter().collect(),
    };
    if let Format::Json = format {
        for profile in profiles {
            serde_json::to_writer(&mut *out, &profile_json(profile))?;
            out.write_all(b"\n")?;
        }
    } else {
        for (index, profile) in profiles.into_iter().enumerate() {
            if index > 0 {
                out.write_all(b"\n")?;
            }
            human(profile, out)?;
        }
    }
    Ok(Verdict::Ready)
}

/// The profile a `--provider` names; only known ones.
pub(crate) fn known_profile(name: &str) -> Result<&'static Profile> {
    match find(name) {
        Some(profile) => Ok(profile),
        None => {
            let known: Vec<&str> = PROFILES.iter().map(|profile| profile.name).collect();
            bail!("unknown provider `{name}` (known: {})", known.join(", "))
        }
    }
}

fn human(profile: &Profile, out: &mut dyn Write) -> Result<()> {
    let default = if profile.name == DEFAULT {
        " (default)"
    } else {
        ""
    };
    writeln!(out, "{}{default}  {}", profile.name, profile.title)?;
    writeln!(out, "  budget     {}", profile.budget)?;
    writeln!(out, "  retries    {}", profile.retries)?;
    writeln!(out, "  gives up   {}", profile.gives_up)?;
    writeln!(out, "  signature  {}", profile.scheme)?;
    match profile.tolerance {
        Some(tolerance) => writeln!(
            out,
            "  replays    refused when signed more than {tolerance} away from now"
        )?,
        None => writeln!(out, "  replays    no signed timestamp to refuse them by")?,
    }
    writeln!(out, "  handshake  {}", profile.handshake)?;
    writeln!(out, "  events     {}", profile.events.names().join(", "))?;
    if let Some(Channels::Calendar { limit }) = profile.channels {
        writeln!(
            out,
            "  emulated   its push channels (at most {} an account), by `hookcheck emulate`",
            limit.value()
        )?;
    }
    for (what, header) in [
        ("id", profile.id_header()),
        ("event", profile.event_header()),
    ] {
        if let Some(header) = header {
            writeln!(out, "  {what:<9}  {header}")?;
        }
    }
    for why in unpublished(profile)
        .into_iter()
        .chain(profile.notes.iter().copied())
    {
        writeln!(out, "  note       {why}")?;
    }
    for (index, source) in profile.sources.iter().enumerate() {
        let label = if index == 0 { "sources" } else { "" };
        writeln!(out, "  {label:<9}  {source}")?;
    }
    Ok(())
}

/// Why each number the provider does not publish has the value it has.
fn unpublished(profile: &Profile) -> Vec<&'static str> {
    let window = match profile.retries {
        Retries::Within(window) => Some(window),
        _ => None,
    };
    [Some(profile.budget), profile.tolerance, window]
        .into_iter()
        .flatten()
        .filter_map(|rule| match rule {
            Rule::Assumed { why, .. } => Some(why),
            Rule::Published { .. } => None,
        })
        .collect()
}

fn profile_json(profile: &Profile) -> Value {
    let retries = match profile.retries {
        Retries::Never => json!({"kind": "never"}),
        Retries::Delays(delays) => json!({
            "kind": "delays",
            "delays_s": delays.iter().map(Duration::as_secs_f64).collect::<Vec<_>>(),
        }),
        Retries::Within(window) => json!({"kind": "within", "window": rule_json(window)}),
        Retries::Backoff => json!({"kind": "backoff"}),
    };
    json!({
        "name": profile.name,
        "title": profile.title,
        "default": profile.name == DEFAULT,
        "budget": rule_json(profile.budget),
        "retries": retries,
        "gives_up": profile.gives_up,
        "signature": profile.scheme.to_string(),
        "timestamped": profile.scheme.is_timestamped(),
        "tolerance": profile.tolerance.map(rule_json),
        "handshake": profile.handshake.to_string(),
        "events": profile.events.names(),
        "emulated": profile.channels.map(|Channels::Calendar { limit }| {
            json!({"api": "calendar", "channel_limit": limit.value()})
        }),
        "id_header": profile.id_header(),
        "event_header": profile.event_header(),
        "notes": profile.notes,
        "sources": profile.sources,
    })
}

fn rule_json(rule: Rule<Duration>) -> Value {
    match rule {
        Rule::Published { value, source } => json!({
            "seconds": value.as_secs_f64(),
            "text": duration(value),
            "published": true,
            "source": source,
        }),
        Rule::Assumed { value, why } => json!({
            "seconds": value.as_secs_f64(),
            "text": duration(value),
            "published": false,
            "why": why,
        }),
    }
}
