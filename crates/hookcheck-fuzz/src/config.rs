//! A `hookcheck.toml`, read as `FileConfig::load` reads one: UTF-8 text,
//! then TOML into the settings, each checked against its range.

use std::time::Duration;

use hookcheck_readiness::config::{FileConfig, MAX_CONFIG_BYTES, MAX_DURATION};

use crate::assert_one_line;

/// Parses `data` as a configuration file.
///
/// # Panics
///
/// When an error is not one line, or a configuration is accepted with a
/// setting out of the range the command-line options have.
pub fn run(data: &[u8]) {
    if data.len() > MAX_CONFIG_BYTES {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = match FileConfig::parse(text) {
        Ok(config) => config,
        Err(error) => return assert_one_line("a configuration error", &error),
    };
    for duration in [
        config.budget,
        config.timeout,
        config.expiry_warning,
        config.slow,
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            duration > Duration::ZERO && duration <= MAX_DURATION,
            "a duration out of range was accepted: {duration:?}"
        );
    }
    within("count", config.count, 1, 100_000);
    within("burst", config.burst, 0, 1000);
    within("concurrency", config.concurrency, 1, 1024);
    within(
        "cold-start-factor",
        config.cold_start_factor.map(|f| f as usize),
        1,
        1000,
    );
    assert_ne!(
        config.secret.as_deref(),
        Some(""),
        "an empty secret was accepted"
    );
}

fn within(name: &str, value: Option<usize>, low: usize, high: usize) {
    if let Some(value) = value {
        assert!(
            (low..=high).contains(&value),
            "`{name}` = {value} was accepted, out of {low}..={high}"
        );
    }
}
