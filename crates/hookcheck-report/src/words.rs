//! Numbers and outcomes in words, shared by the formats people read (the
//! terminal, Markdown and HTML), so that they all say the same thing the same
//! way.

use std::fmt::Write as _;
use std::time::Duration;

use hookcheck_core::{ChainSource, DeliverySection, RetryOutlook, TlsSection};

/// What was sent, how, and how long it took.
pub(crate) fn what_was_sent(delivery: &DeliverySection) -> String {
    // Saturating: a report read back from elsewhere may not add up.
    let series = delivery
        .attempts
        .saturating_sub(delivery.burst.map_or(0, |b| b.size));
    let mut protocols: Vec<&str> = delivery
        .deliveries
        .iter()
        .filter_map(|d| d.protocol.as_deref())
        .collect();
    protocols.sort_unstable();
    protocols.dedup();
    let over = if protocols.is_empty() {
        String::new()
    } else {
        format!(" over {}", protocols.join(" and "))
    };
    let provider = if delivery.provider.is_empty() {
        String::new()
    } else {
        format!(" {}", delivery.provider)
    };
    let mut sent = format!(
        "{series}{provider} deliveries{over}, {} at a time",
        delivery.concurrency
    );
    if let Some(burst) = delivery.burst {
        let _ = write!(sent, ", then {} at once", burst.size);
    }
    let _ = write!(
        sent,
        "; {} over a kept connection; wall time {}",
        delivery.reused,
        duration(delivery.wall_ms)
    );
    if delivery.signed_with > 0 {
        let _ = write!(sent, "; signed with {} secret(s)", delivery.signed_with);
    }
    sent
}

/// What a TLS section judged, when it was no connection: a bundle from a
/// file, for a host or for trust only. `None` for a server's chain, whose
/// connection the formats describe themselves.
pub(crate) fn bundle_judged(tls: &TlsSection) -> Option<String> {
    match (tls.source, &tls.host) {
        (ChainSource::Server, _) => None,
        (ChainSource::File, Some(host)) => Some(format!(
            "certificate bundle judged for {host}, with no connection"
        )),
        (ChainSource::File, None) => Some(
            "certificate bundle judged for trust only (no host name), with no connection"
                .to_owned(),
        ),
    }
}

/// The heading of the presented chain: "chain as sent".
pub(crate) fn chain_heading(source: ChainSource) -> &'static str {
    match source {
        ChainSource::Server => "chain as sent",
        ChainSource::File => "chain in the bundle",
    }
}

/// Where a step of the path was presented: "sent at 1".
pub(crate) fn presented_at(source: ChainSource, position: usize) -> String {
    match source {
        ChainSource::Server => format!("sent at {position}"),
        ChainSource::File => format!("in the bundle at {position}"),
    }
}

/// A step of the path that was not presented: "not sent".
pub(crate) fn not_presented(source: ChainSource) -> &'static str {
    match source {
        ChainSource::Server => "not sent",
        ChainSource::File => "not in the bundle",
    }
}

/// The retry model, stated, and what the failure rate means under it.
pub(crate) fn retry(outlook: &RetryOutlook) -> [String; 2] {
    let model = &outlook.model;
    // Reports read back from before the sender's rule was stated.
    let gives_up = if model.gives_up.is_empty() {
        "the channel is closed for good"
    } else {
        model.gives_up.as_str()
    };
    let stated = match &model.delays_s {
        Some(delays) if delays.is_empty() => "retries: none".to_owned(),
        Some(delays) => {
            let delays: Vec<String> = delays
                .iter()
                .map(|delay| match seconds(*delay).as_str() {
                    "0 s" => "at once".to_owned(),
                    after => format!("after {after}"),
                })
                .collect();
            format!(
                "retries (published): {}: {} attempts, the last {} after the first",
                delays.join(", then "),
                outlook.attempts,
                seconds(outlook.last_attempt_s)
            )
        }
        None => format!(
            "retry model: first retry after {}, each delay ×{} up to {}, for {}: {} attempts, \
             the last {} after the first",
            seconds(model.first_retry_s),
            model.factor,
            seconds(model.max_interval_s),
            seconds(model.window_s),
            outlook.attempts,
            seconds(outlook.last_attempt_s)
        ),
    };
    let meaning = if outlook.channel_closes && outlook.attempts > 1 {
        format!(
            "Every delivery failed: the provider would retry each notification, and then {gives_up}."
        )
    } else if outlook.channel_closes {
        format!("Every delivery failed, and the provider does not retry: {gives_up}.")
    } else if outlook.failure_rate == 0.0 {
        "No delivery failed: nothing to retry.".to_owned()
    } else {
        format!(
            "{:.1}% failed: a notification takes {:.2} attempts on average (retries arrive \
             late) and is lost with probability {:.1e} (when it is, {gives_up}).",
            outlook.failure_rate * 100.0,
            outlook.expected_attempts,
            outlook.loss_probability
        )
    };
    [stated, meaning]
}

/// The histogram's bar labels (`≤ 12.3 ms`) and the widest one's width,
/// for the text formats to align their bars.
pub(crate) fn histogram_labels(delivery: &DeliverySection) -> (Vec<String>, usize) {
    let labels: Vec<String> = delivery
        .histogram
        .iter()
        .map(|b| format!("≤ {}", duration(b.upper_ms)))
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (labels, width)
}

/// Milliseconds as a person reads them: `0.42 ms`, `12.3 ms`, `250 ms`,
/// `5.10 s`, `5 s`.
pub(crate) fn duration(ms: f64) -> String {
    if ms >= 1000.0 && ms % 1000.0 == 0.0 {
        format!("{} s", ms / 1000.0)
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// Whole seconds in hours, minutes and seconds: `1 min`, `23 h 3 min`.
pub(crate) fn seconds(s: f64) -> String {
    let mut rest = Duration::from_secs_f64(s.max(0.0)).as_secs();
    let mut parts = Vec::new();
    for (unit, name) in [(3600, "h"), (60, "min"), (1, "s")] {
        if rest >= unit {
            parts.push(format!("{} {name}", rest / unit));
            rest %= unit;
        }
    }
    if parts.is_empty() {
        "0 s".to_owned()
    } else {
        parts.join(" ")
    }
}

/// The date part of an RFC 3339 instant.
pub(crate) fn day(instant: &str) -> &str {
    instant.get(..10).unwrap_or(instant)
}

/// `text` as a sentence of its own: capitalised and ending in a full stop.
/// The human format writes lower-case lines without one, as terminal tools
/// do; the formats that read as prose need sentences.
pub(crate) fn sentence(text: &str) -> String {
    let mut sentence = capitalized(text);
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

/// The text with its first letter upper-case, as a heading starts.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
