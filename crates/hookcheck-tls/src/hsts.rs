//! Reading a `Strict-Transport-Security` header (RFC 6797 §6.1): the grade
//! needs its max-age, and an invalid header is as good as none to a browser
//! and to the rating guide.

/// A valid HSTS policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hsts {
    /// How long, in seconds, clients must use HTTPS only.
    pub(crate) max_age: u64,
    /// The policy covers subdomains.
    pub(crate) include_subdomains: bool,
    /// The site asks to be preloaded into browsers.
    pub(crate) preload: bool,
}

/// Parses one header value. Directive names are case-insensitive, values
/// are tokens or quoted strings, each directive may appear once, `max-age`
/// is required, and unknown directives are ignored (RFC 6797 §6.1).
pub(crate) fn parse(value: &str) -> Result<Hsts, String> {
    let mut max_age = None;
    let mut include_subdomains = false;
    let mut preload = false;
    let mut seen = Vec::new();
    for directive in value.split(';') {
        let directive = directive.trim();
        if directive.is_empty() {
            continue;
        }
        let (name, argument) = match directive.split_once('=') {
            Some((name, argument)) => (name.trim(), Some(argument.trim())),
            None => (directive, None),
        };
        let name = name.to_ascii_lowercase();
        if seen.contains(&name) {
            return Err(format!("the directive `{name}` appears twice"));
        }
        seen.push(name.clone());
        match name.as_str() {
            "max-age" => {
                let Some(argument) = argument else {
                    return Err("`max-age` has no value".to_owned());
                };
                let digits = argument
                    .strip_prefix('"')
                    .and_then(|a| a.strip_suffix('"'))
                    .unwrap_or(argument);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("`max-age={argument}` is not a number of seconds"));
                }
                // Absurdly long values saturate: they are still "long".
                max_age = Some(digits.parse::<u64>().unwrap_or(u64::MAX));
            }
            "includesubdomains" | "preload" if argument.is_some() => {
                return Err(format!("`{name}` takes no value"));
            }
            "includesubdomains" => include_subdomains = true,
            "preload" => preload = true,
            _ => {}
        }
    }
    match max_age {
        Some(max_age) => Ok(Hsts {
            max_age,
            include_subdomains,
            preload,
        }),
        None => Err("the required `max-age` directive is missing".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_policies() {
        assert_eq!(
            parse("max-age=31536000; includeSubDomains; preload"),
            Ok(Hsts {
                max_age: 31_536_000,
                include_subdomains: true,
                preload: true
            })
        );
        assert_eq!(
            parse("MAX-AGE=\"600\""),
            Ok(Hsts {
                max_age: 600,
                include_subdomains: false,
                preload: false
            })
        );
        assert_eq!(
            parse(" max-age = 0 ;; future-directive=x").map(|h| h.max_age),
            Ok(0)
        );
    }

    #[test]
    fn invalid_policies_say_why() {
        for (value, why) in [
            ("", "missing"),
            ("includeSubDomains", "missing"),
            ("max-age", "no value"),
            ("max-age=-1", "not a number"),
            ("max-age=1y", "not a number"),
            ("max-age=1; max-age=2", "twice"),
            ("max-age=1; preload=yes", "takes no value"),
        ] {
            let error = parse(value).unwrap_err();
            assert!(error.contains(why), "{value:?}: {error}");
        }
    }
}
