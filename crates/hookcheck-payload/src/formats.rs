//! The string formats the schema requires, checked without regular
//! expressions or allocation for the fast path.
//!
//! Each check is *sound* against the schema: it accepts only strings the
//! schema accepts. It may reject a rare valid string (a callback URL with an
//! IPv6 literal, say); the document then takes the full schema path, which
//! has the last word. Property tests in `tests/agreement.rs` hold both to it.

/// `^chn_[0-9A-Za-z]+$`
pub(crate) fn is_channel_id(id: &str) -> bool {
    id.strip_prefix("chn_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An RFC 3339 date-time in UTC: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, with a
/// real calendar date and a leap second only at 23:59:60.
pub(crate) fn is_utc_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some((&b'Z', rest)) = bytes.split_last() else {
        return false;
    };
    let (Some(head), fraction) = (rest.get(..19), rest.get(19..).unwrap_or_default()) else {
        return false;
    };
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        head[range].iter().try_fold(0, |value, &b| {
            b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, sep)| head[at] != sep) {
        return false;
    }
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    let fraction_ok = match fraction.split_first() {
        None => true,
        Some((b'.', digits)) => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    };
    let leap_year = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap_year => 29,
        2 => 28,
        _ => return false,
    };
    let second_ok = second < 60 || (second == 60 && hour == 23 && minute == 59);
    fraction_ok && (1..=days_in_month).contains(&day) && hour < 24 && minute < 60 && second_ok
}

/// An absolute `http` or `https` URL with a host, in the common shape: a
/// plain host name or IPv4 address, an optional port, and a path, query and
/// fragment of RFC 3986 characters. Userinfo, IP literals and other rarities
/// are left to the full schema check.
pub(crate) fn is_plain_callback_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let bytes = rest.as_bytes();
    let authority_end = memchr::memchr3(b'/', b'?', b'#', bytes).unwrap_or(bytes.len());
    let (authority, tail) = bytes.split_at(authority_end);
    let (host, port) = match memchr::memchr(b':', authority) {
        Some(colon) => (&authority[..colon], &authority[colon + 1..]),
        None => (authority, &[][..]),
    };
    let host_ok = !host.is_empty()
        && host
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    host_ok && port.iter().all(u8::is_ascii_digit) && is_path_query_fragment(tail)
}

/// `path-abempty [ "?" query ] [ "#" fragment ]`, percent-encodings included.
fn is_path_query_fragment(bytes: &[u8]) -> bool {
    let mut in_fragment = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'%' => {
                if !bytes
                    .get(at + 1..at + 3)
                    .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                at += 2;
            }
            b'#' if in_fragment => return false,
            b'#' => in_fragment = true,
            b if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) => {}
            _ => return false,
        }
        at += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_ids() {
        assert!(is_channel_id("chn_54cf7c7cb4ad4c1027000001"));
        for bad in [
            "chn_", "chn-54cf", "CHN_54", "chn_54 ", "chn_5-4", "54cf", "",
        ] {
            assert!(!is_channel_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn utc_timestamps() {
        for good in [
            "2025-01-21T09:24:16Z",
            "2025-01-21T09:24:16.123456Z",
            "2024-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2016-12-31T23:59:60Z",
        ] {
            assert!(is_utc_timestamp(good), "{good:?}");
        }
        for bad in [
            "2025-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-01-00T00:00:00Z",
            "2025-01-21T24:00:00Z",
            "2025-01-21T09:60:00Z",
            "2025-01-21T09:24:60Z",
            "2025-01-21T09:24:16+00:00",
            "2025-01-21T09:24:16z",
            "2025-01-21t09:24:16Z",
            "2025-01-21 09:24:16Z",
            "2025-01-21T09:24:16.Z",
            "2025-01-21T09:24Z",
            "2025-01-21",
            "",
            "Z",
        ] {
            assert!(!is_utc_timestamp(bad), "{bad:?}");
        }
    }

    #[test]
    fn callback_urls() {
        for good in [
            "https://example.com/cronofy/channel/42",
            "http://localhost:8080",
            "https://example.com:443/a/b?x=1&y=%2F#frag/?",
            "https://192.0.2.10/hook",
            "https://example.com?",
        ] {
            assert!(is_plain_callback_url(good), "{good:?}");
        }
        for unsure_or_bad in [
            "/cronofy/channel/42",
            "example.com/hook",
            "ftp://example.com/",
            "https://",
            "https:///path",
            "https://exa mple.com/",
            "https://example.com/a b",
            "https://example.com/%zz",
            "https://example.com/#a#b",
            "https://user@example.com/",
            "https://[::1]:8080/",
            "https://example.com:80a/",
            "HTTPS://example.com/",
        ] {
            assert!(!is_plain_callback_url(unsure_or_bad), "{unsure_or_bad:?}");
        }
    }
}
