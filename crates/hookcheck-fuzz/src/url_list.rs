//! A `scan --urls` list: lines read lazily and capped, each a target, a
//! comment or blank, and each target vetted before any check (a line that
//! is no URL becomes a `url-invalid` report of its own).

use std::io::BufReader;

use hookcheck_readiness::invalid;
use hookcheck_readiness::scan::{Entry, MAX_URL_BYTES, Shard, entries, unusable};

use crate::{assert_one_line, assert_report};

/// Reads `data` as a URL list and vets each entry as `scan` does.
///
/// # Panics
///
/// When reading from memory fails; when an entry is blank, a comment, not
/// trimmed or over the cap; when a line too long is within it; when a
/// reason is not one line or a `url-invalid` report is not valid against
/// the report's schema; or when the shards of 1 to 4 do not hold each entry
/// exactly once.
pub fn run(data: &[u8]) {
    let lines = data.split(|&b| b == b'\n').count() as u64;
    for entry in entries(BufReader::with_capacity(64, data)) {
        let entry = entry.unwrap_or_else(|e| panic!("reading from memory failed: {e}"));
        let key = entry.key();
        for count in 1..=4 {
            let holders = (1..=count)
                .filter_map(|index| Shard::new(index, count))
                .filter(|shard| shard.holds(&key))
                .count();
            assert_eq!(holders, 1, "{key:?} is in {holders} of {count} shards");
        }
        let report = match &entry {
            Entry::TooLong { number, bytes } => {
                assert!(*bytes > MAX_URL_BYTES as u64 && *number <= lines);
                continue;
            }
            Entry::Target(target) => {
                assert!(!target.is_empty() && !target.starts_with('#'), "{target:?}");
                assert_eq!(target.trim(), target, "an entry is not trimmed");
                assert!(target.len() <= MAX_URL_BYTES, "an entry over the cap");
                match unusable(target) {
                    Some(why) => {
                        assert_one_line("why a line is no URL", &why);
                        invalid(target, &why)
                    }
                    None => continue,
                }
            }
        };
        assert_report(&report);
    }
}
