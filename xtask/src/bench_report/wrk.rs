//! wrk, the dedicated load generator hookcheck's rate is compared with:
//! the Lua script that makes it post a real notification, the command, and
//! the figures read back from what it prints.

use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use super::delivery::LoadFigures;
use crate::process::{self, COMMAND_STYLE, NOTE_STYLE, workspace_root};

/// The body wrk posts: the captured `change` notification, relative to the
/// workspace root.
pub(crate) const BODY: &str = "fixtures/payloads/captured/change.json";

/// wrk's threads: one a core of the two-core machines this runs on, as the
/// issue's comparison has it.
pub(crate) const THREADS: usize = 2;

/// How to get wrk, for the report and the console when it is missing.
pub(crate) const INSTALL: &str =
    "`apt-get install wrk` (Debian, Ubuntu) or `brew install wrk` (macOS)";

/// Runs wrk with `connections` against `url` for `seconds` and returns its
/// figures (`None` when wrk is not installed) and the size of the body it
/// posted.
pub(crate) fn measure(
    url: &str,
    connections: usize,
    seconds: u64,
) -> Result<(Option<LoadFigures>, usize)> {
    let body_path = workspace_root().join(BODY);
    let body =
        fs::read(&body_path).with_context(|| format!("cannot read {}", body_path.display()))?;
    // The process id keeps two runs on one machine from sharing a script.
    let script = std::env::temp_dir().join(format!("hookcheck-bench-{}.lua", std::process::id()));
    fs::write(&script, lua_script(&body))
        .with_context(|| format!("cannot write {}", script.display()))?;
    let mut command = Command::new("wrk");
    command
        .arg(format!("-t{THREADS}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .args(["--latency", "-s"])
        .arg(&script)
        .arg(url);
    let shown = process::display(&command);
    anstream::println!("{COMMAND_STYLE}$ {shown}{COMMAND_STYLE:#}");
    let output = command.stdin(Stdio::null()).output();
    let _ = fs::remove_file(&script);
    let output = match output {
        Ok(output) => output,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            anstream::println!("{NOTE_STYLE}wrk is not installed: {INSTALL}{NOTE_STYLE:#}");
            return Ok((None, body.len()));
        }
        Err(error) => return Err(error).with_context(|| format!("cannot run `{shown}`")),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let cause = stderr.lines().chain(stdout.lines()).next().unwrap_or("");
        bail!("`{shown}` failed ({}): {cause}", output.status);
    }
    let figures = parse(&stdout).with_context(|| format!("cannot read what `{shown}` printed"))?;
    Ok((Some(figures), body.len()))
}

/// A script that makes every request a POST of `body` with the provider's
/// content type (wrk adds the `Content-Length`).
fn lua_script(body: &[u8]) -> String {
    format!(
        "-- Written by `cargo xtask bench-report`: post a notification as the provider does.\n\
         wrk.method = \"POST\"\n\
         wrk.body = \"{}\"\n\
         wrk.headers[\"Content-Type\"] = \"application/json; charset=utf-8\"\n",
        lua_escape(body)
    )
}

/// `bytes` inside a double-quoted Lua string: printable ASCII as it is, any
/// other byte, the quote and the backslash as `\ddd`, which Lua 5.1 (wrk's
/// `LuaJIT`) reads back to exactly that byte.
fn lua_escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &byte in bytes {
        let plain = matches!(byte, 0x20..=0x7e) && byte != b'"' && byte != b'\\';
        if plain {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\{byte:03}");
        }
    }
    out
}

/// The figures of wrk's `--latency` output: `Requests/sec:`, the request
/// count and duration, the latency distribution, the highest latency of the
/// thread statistics, and the errors it counted.
fn parse(output: &str) -> Result<LoadFigures> {
    let mut figures = Partial::default();
    let mut in_distribution = false;
    for line in output.lines() {
        read_line(line, &mut figures, &mut in_distribution)
            .with_context(|| format!("cannot read wrk's line `{}`", line.trim()))?;
    }
    figures.complete()
}

/// What has been read so far.
#[derive(Debug, Default)]
struct Partial {
    requests: Option<(u64, f64)>,
    per_second: Option<f64>,
    p50: Option<f64>,
    p90: Option<f64>,
    p99: Option<f64>,
    max: Option<f64>,
    failed: u64,
}

impl Partial {
    fn complete(self) -> Result<LoadFigures> {
        let missing = |what: &str| format!("wrk printed no {what} line");
        let (requests, seconds) = self
            .requests
            .with_context(|| missing("`N requests in T`"))?;
        Ok(LoadFigures {
            requests,
            failed: self.failed,
            seconds,
            per_second: self
                .per_second
                .with_context(|| missing("`Requests/sec:`"))?,
            p50: self.p50.with_context(|| missing("`50%`"))?,
            p90: self.p90.with_context(|| missing("`90%`"))?,
            p99: self.p99.with_context(|| missing("`99%`"))?,
            max: self.max.with_context(|| missing("`Latency` statistics"))?,
        })
    }
}

/// Reads the figures one line of wrk's output holds, if any.
fn read_line(line: &str, figures: &mut Partial, in_distribution: &mut bool) -> Result<()> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["Latency", "Distribution"] => *in_distribution = true,
        // `Latency avg stdev max +/-stdev` of the thread statistics.
        ["Latency", _, _, max, _] => figures.max = Some(millis(max)?),
        [percent @ ("50%" | "75%" | "90%" | "99%"), value] if *in_distribution => {
            let value = Some(millis(value)?);
            match *percent {
                "50%" => figures.p50 = value,
                "90%" => figures.p90 = value,
                "99%" => figures.p99 = value,
                _ => {}
            }
        }
        [count, "requests", "in", duration, ..] => {
            let count = count.parse().context("the request count is not a number")?;
            let seconds = millis(duration.trim_end_matches(','))? / 1e3;
            figures.requests = Some((count, seconds));
        }
        ["Requests/sec:", rate] => {
            figures.per_second = Some(rate.parse().context("the rate is not a number")?);
        }
        ["Non-2xx", "or", "3xx", "responses:", count] => {
            figures.failed += count.parse::<u64>().context("the count is not a number")?;
        }
        // `Socket errors: connect 0, read 0, write 0, timeout 0`
        ["Socket", "errors:", counts @ ..] => {
            for count in counts.iter().skip(1).step_by(2) {
                figures.failed += count
                    .trim_end_matches(',')
                    .parse::<u64>()
                    .context("an error count is not a number")?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A wrk time (`512.00us`, `1.25ms`, `2.00s`, `1.00m`, `1.00h`) in ms.
fn millis(text: &str) -> Result<f64> {
    // `us` and `ms` before `s`, which ends them both.
    let units = [
        ("us", 1e-3),
        ("ms", 1.0),
        ("s", 1e3),
        ("m", 60e3),
        ("h", 3600e3),
    ];
    let Some((number, scale)) = units
        .iter()
        .find_map(|(unit, scale)| Some((text.strip_suffix(unit)?, scale)))
    else {
        bail!("`{text}` has no time unit (us, ms, s, m, h)");
    };
    let value: f64 = number
        .parse()
        .with_context(|| format!("`{text}` is not a time"))?;
    Ok(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What wrk 4.1 printed against the test kit's server.
    const OUTPUT: &str = "\
Running 3s test @ http://127.0.0.1:40000/hook
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  410.00us  12.50ms   90.00%
    Req/Sec    15.20k     1.10k   17.00k    70.00%
  Latency Distribution
     50%    2.01ms
     75%    2.20ms
     90%  800.00us
     99%    1.02s
  90731 requests in 3.00s, 7.18MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  30236.48
Transfer/sec:      2.39MB
";

    #[test]
    fn wrk_output_is_read_with_its_units() {
        let figures = parse(OUTPUT).unwrap();
        assert_eq!(figures.requests, 90_731);
        assert_eq!(figures.failed, 7);
        assert!((figures.seconds - 3.0).abs() < 1e-9);
        assert!((figures.per_second - 30_236.48).abs() < 1e-9);
        assert!((figures.p50 - 2.01).abs() < 1e-9);
        assert!((figures.p90 - 0.8).abs() < 1e-9);
        assert!((figures.p99 - 1020.0).abs() < 1e-9);
        assert!((figures.max - 12.5).abs() < 1e-9);
        assert!((millis("1.50m").unwrap() - 90_000.0).abs() < 1e-9);
    }

    #[test]
    fn a_line_that_cannot_be_read_is_named() {
        let broken = OUTPUT.replace("99%    1.02s", "99%    1.02fortnights");
        let error = format!("{:#}", parse(&broken).unwrap_err());
        assert_eq!(
            error,
            "cannot read wrk's line `99%    1.02fortnights`: \
             `1.02fortnights` is not a time: invalid float literal"
        );
        let error = format!("{:#}", parse("Requests/sec: 1.0").unwrap_err());
        assert_eq!(error, "wrk printed no `N requests in T` line");
    }

    #[test]
    fn the_body_survives_the_lua_string() {
        assert_eq!(
            lua_escape(b"{\"a\":\"\\\xc3\xa9\"}\n"),
            r"{\034a\034:\034\092\195\169\034}\010"
        );
        let script = lua_script(b"{}");
        assert!(script.contains("wrk.body = \"{}\"\n"), "{script}");
        assert!(script.contains("wrk.method = \"POST\"\n"), "{script}");
    }
}
