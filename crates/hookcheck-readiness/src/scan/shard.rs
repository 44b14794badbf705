//! `scan --shard K/N`: a stable partition of a URL list, so that several
//! machines (a CI matrix, an indexed Job, `xargs -P`) each scan one part
//! and together scan every line exactly once.
//!
//! A line's shard depends only on its text (trimmed, as the scan reads it):
//! the first 8 bytes of its SHA-256, read big-endian, modulo N, plus one.
//! Not the line's position, the machine or the Rust version (std's
//! `DefaultHasher` promises no stable output, hence a fixed hash). SHA-256
//! rather than a shorter hash such as FNV-1a because the remainder modulo
//! a small N reads the low bits, which FNV mixes poorly; its cost is
//! nothing beside a check.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// One part of `count` of a URL list, numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// The whole list: the one shard of one.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// Shard `index` of `count`, if `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Option<Shard> {
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// This shard's number, from 1.
    pub fn index(self) -> u32 {
        self.index
    }

    /// How many shards the list is cut into.
    pub fn count(self) -> u32 {
        self.count
    }

    /// Whether the line `key` belongs to this shard.
    pub fn holds(self, key: &str) -> bool {
        of(key, self.count) == self.index
    }
}

/// The shard (from 1) of `count` that the line `key` belongs to; 1 when
/// `count` is 0 or 1.
pub fn of(key: &str, count: u32) -> u32 {
    if count <= 1 {
        return 1;
    }
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    let remainder = u64::from_be_bytes(first) % u64::from(count);
    // The remainder is below `count`, a u32, so the fallback never runs.
    u32::try_from(remainder).unwrap_or_default() + 1
}

/// Why `K/N` is no shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not two whole numbers around a slash.
    #[error("expected K/N, two whole numbers such as 2/4")]
    Syntax,
    /// K is 0 or above N.
    #[error("K must be between 1 and N, as in 1/{0} to {0}/{0}")]
    Range(u32),
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let (index, count) = text.split_once('/').ok_or(ShardError::Syntax)?;
        let number = |n: &str| n.trim().parse::<u32>().map_err(|_| ShardError::Syntax);
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 {
            return Err(ShardError::Syntax);
        }
        Shard::new(index, count).ok_or(ShardError::Range(count))
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines() -> Vec<String> {
        (0..500)
            .map(|n| format!("https://hooks{}.example.com/callback/{n}", n % 7))
            .chain(["not a url".to_owned(), "line 3".to_owned(), String::new()])
            .collect()
    }

    #[test]
    fn the_shards_of_n_are_disjoint_and_together_the_whole_list() {
        let lines = lines();
        for count in [1, 2, 3, 4, 7, 16] {
            let mut seen = vec![0; lines.len()];
            for index in 1..=count {
                let shard = Shard::new(index, count).unwrap_or(Shard::WHOLE);
                for (n, line) in lines.iter().enumerate() {
                    if shard.holds(line) {
                        seen[n] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "{count} shards: {seen:?}");
        }
    }

    #[test]
    fn every_shard_gets_a_fair_part() {
        let lines = lines();
        for index in 1..=4 {
            let shard = Shard::new(index, 4).unwrap_or(Shard::WHOLE);
            let held = lines.iter().filter(|line| shard.holds(line)).count();
            assert!((90..=160).contains(&held), "shard {shard}: {held}");
        }
    }

    /// A change of hash (or of how it is cut) moves lines between machines
    /// that already split a list: it must be deliberate.
    #[test]
    fn the_hash_is_pinned() {
        let golden = [
            ("https://example.com/hook", (4, 4)),
            ("https://api.example.org/webhooks/42", (2, 4)),
            ("http://127.0.0.1:8080/", (3, 5)),
            ("not a url", (1, 7)),
        ];
        for (key, (of4, of7)) in golden {
            assert_eq!((of(key, 4), of(key, 7)), (of4, of7), "{key}");
        }
    }

    #[test]
    fn k_of_n_is_parsed_and_checked() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("1/1".parse(), Ok(Shard::WHOLE));
        assert_eq!("0/4".parse::<Shard>(), Err(ShardError::Range(4)));
        assert_eq!("5/4".parse::<Shard>(), Err(ShardError::Range(4)));
        for bad in ["", "2", "2/", "/4", "1/0", "a/b", "-1/4", "1/4/2"] {
            assert_eq!(bad.parse::<Shard>(), Err(ShardError::Syntax), "{bad:?}");
        }
        assert_eq!(
            Shard::new(3, 8).map(|s| s.to_string()).as_deref(),
            Some("3/8")
        );
    }
}
