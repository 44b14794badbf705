//! `hookcheck.toml`: settings for `hookcheck check` kept beside the code,
//! for CI. Every key is optional; command-line options win over the file,
//! and the file over the defaults. Unknown keys are errors, so a typo never
//! silently leaves a default in place.
//!
//! ```toml
//! provider = "cronofy"       # whose deliveries (`hookcheck providers`)
//! budget = "5s"              # a delivery must be answered within this
//! timeout = "10s"            # each connection attempt
//! accept-grade = "A"         # the worst SSL Labs grade accepted
//! expiry-warning = "30d"     # warn about certificates expiring sooner
//! ca-file = "certs/ca.pem"   # relative to this file
//! secret-env = "CRONOFY_CLIENT_SECRET"   # or `secret = "…"`
//! count = 10                 # deliveries in the series
//! burst = 10                 # deliveries at once after it (0: none)
//! concurrency = 1
//! slow = "2s"                # delivery-slow above this p99 (default: half the budget)
//! cold-start-factor = 3      # delivery-cold-start: the first this many times the rest
//!
//! [reports]                  # written by every run besides standard output,
//! junit = "reports/hookcheck.xml"   # relative to this file
//! html = "reports/hookcheck.html"
//!
//! [severity]                 # per-code overrides
//! tls-no-hsts = "info"
//! delivery-cold-start = "error"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hookcheck_core::{Code, Grade, Severity};
use hookcheck_payload::{Document, read_document};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

/// The file `hookcheck check` reads from the current directory when no
/// `--config` is given.
pub const FILE_NAME: &str = "hookcheck.toml";

/// The largest configuration read. A `hookcheck.toml` is a few dozen lines,
/// well under a kilobyte even with every key and a severity for each code;
/// 1 MiB is a thousand times that, and `--config /dev/zero` stops at once
/// instead of filling memory.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

/// The settings a `hookcheck.toml` holds.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "hookcheck.toml")]
pub struct FileConfig {
    /// The sender whose deliveries are checked, by profile name.
    pub provider: Option<String>,
    /// The delivery budget.
    #[serde(default, deserialize_with = "duration")]
    #[schemars(schema_with = "duration_schema")]
    pub budget: Option<Duration>,
    /// The bound on each connection attempt.
    #[serde(default, deserialize_with = "duration")]
    #[schemars(schema_with = "duration_schema")]
    pub timeout: Option<Duration>,
    /// The worst grade accepted.
    #[serde(default, deserialize_with = "grade")]
    #[schemars(schema_with = "grade_schema")]
    pub accept_grade: Option<Grade>,
    /// How close to expiry a certificate draws a warning.
    #[serde(default, deserialize_with = "duration")]
    #[schemars(schema_with = "duration_schema")]
    pub expiry_warning: Option<Duration>,
    /// A CA file to trust instead of the Mozilla roots, relative to the
    /// configuration file.
    pub ca_file: Option<PathBuf>,
    /// A client secret to sign deliveries with.
    #[schemars(length(min = 1))]
    pub secret: Option<String>,
    /// The environment variable holding the client secret (keeps it out of
    /// the repository).
    pub secret_env: Option<String>,
    /// Deliveries in the series.
    #[schemars(range(min = 1, max = 100_000))]
    pub count: Option<usize>,
    /// Deliveries at once after the series.
    #[schemars(range(max = 1000))]
    pub burst: Option<usize>,
    /// Deliveries of the series in flight at once.
    #[schemars(range(min = 1, max = 1024))]
    pub concurrency: Option<usize>,
    /// The p99 above which `delivery-slow` warns.
    #[serde(default, deserialize_with = "duration")]
    #[schemars(schema_with = "duration_schema")]
    pub slow: Option<Duration>,
    /// How many times slower than the rest a first delivery draws
    /// `delivery-cold-start`.
    #[schemars(range(min = 1, max = 1000))]
    pub cold_start_factor: Option<u32>,
    /// Severities replacing the catalog's, by code.
    #[serde(default, deserialize_with = "severities")]
    #[schemars(schema_with = "severities_schema")]
    pub severity: BTreeMap<Code, Severity>,
    /// Reports every run writes, by format, relative to the configuration
    /// file.
    #[serde(default)]
    #[schemars(schema_with = "reports_schema")]
    pub reports: BTreeMap<ReportFormat, PathBuf>,
}

/// The format of a report file a configuration names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// Text for a person.
    Human,
    /// JSON (JSON Lines for `scan`).
    Json,
    /// A `JUnit` XML test report.
    Junit,
    /// Markdown.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

impl ReportFormat {
    /// Every format.
    pub const ALL: [ReportFormat; 5] = [
        ReportFormat::Human,
        ReportFormat::Json,
        ReportFormat::Junit,
        ReportFormat::Markdown,
        ReportFormat::Html,
    ];

    /// The name the file and the options give it.
    pub const fn name(self) -> &'static str {
        match self {
            ReportFormat::Human => "human",
            ReportFormat::Json => "json",
            ReportFormat::Junit => "junit",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Html => "html",
        }
    }
}

/// The JSON Schema of `hookcheck.toml` (draft 2020-12), for editors that
/// complete and check TOML against one.
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(FileConfig);
    schema.insert(
        "$id".to_owned(),
        "https://github.com/hookcheck/hookcheck/blob/main/docs/hookcheck.toml.schema.json".into(),
    );
    let mut schema = serde_json::Value::from(schema);
    // TOML has no null: an unset key is absent, never `null`, so the
    // `Option`s are their values' types, without a null default.
    if let Some(properties) = schema["properties"].as_object_mut() {
        for property in properties.values_mut() {
            let Some(property) = property.as_object_mut() else {
                continue;
            };
            if property.get("default") == Some(&serde_json::Value::Null) {
                property.remove("default");
            }
            if let Some(types) = property.get("type").and_then(serde_json::Value::as_array) {
                let types: Vec<serde_json::Value> =
                    types.iter().filter(|t| *t != "null").cloned().collect();
                if let [only] = types.as_slice() {
                    property.insert("type".to_owned(), only.clone());
                }
            }
        }
    }
    schema
}

fn duration_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "description": "A duration: 5s, 500ms, 2m, 30d (longer than zero, at most ten years).",
        "pattern": "^\\s*([0-9]+\\s*[a-zµ]+\\s*)+$",
    })
}

fn grade_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "enum": ["A+", "A", "A-", "B", "C", "D", "E", "F"],
    })
}

fn severities_schema(_: &mut SchemaGenerator) -> Schema {
    let severity = json_schema!({"type": "string", "enum": ["info", "warning", "error"]});
    let codes: serde_json::Map<String, serde_json::Value> = Code::ALL
        .iter()
        .map(|code| (code.to_string(), severity.clone().into()))
        .collect();
    json_schema!({
        "type": "object",
        "description": "Severities replacing the catalog's, by finding code (docs/findings.md).",
        "properties": codes,
        "additionalProperties": false,
    })
}

fn reports_schema(_: &mut SchemaGenerator) -> Schema {
    let path = json_schema!({"type": "string", "minLength": 1});
    let formats: serde_json::Map<String, serde_json::Value> = ReportFormat::ALL
        .into_iter()
        .map(|format| (format.name().to_owned(), path.clone().into()))
        .collect();
    json_schema!({
        "type": "object",
        "description": "Reports every run writes, by format; paths relative to this file.",
        "properties": formats,
        "additionalProperties": false,
    })
}

/// Why a configuration file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is larger than any configuration: reading stopped at the limit.
    #[error("`{path}` is over {MAX_CONFIG_BYTES} bytes: no configuration is that large")]
    TooLarge {
        /// The file.
        path: PathBuf,
    },
    /// It is not a valid configuration.
    #[error("`{path}`: {why}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line.
        why: String,
    },
    /// `secret` and `secret-env` were both set, or the variable is unset.
    #[error("`{path}`: {why}")]
    Secret {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
}

impl FileConfig {
    /// Reads and parses `path`; relative paths in it are made relative to
    /// the file's folder.
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let read = |source| ConfigError::Read {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read)?;
        let bytes = match read_document(file, MAX_CONFIG_BYTES).map_err(read)? {
            Document::Complete(bytes) => bytes,
            Document::TooLarge => {
                return Err(ConfigError::TooLarge {
                    path: path.to_owned(),
                });
            }
        };
        let text = String::from_utf8(bytes).map_err(|_| ConfigError::Invalid {
            path: path.to_owned(),
            why: "the file is not UTF-8 text".to_owned(),
        })?;
        let mut config = FileConfig::parse(&text).map_err(|why| ConfigError::Invalid {
            path: path.to_owned(),
            why,
        })?;
        if let Some(folder) = path.parent() {
            config.ca_file = config.ca_file.map(|ca_file| folder.join(ca_file));
            for report in config.reports.values_mut() {
                *report = folder.join(&*report);
            }
        }
        Ok(config)
    }

    /// Parses a configuration; the error is one line, with the line number.
    pub fn parse(text: &str) -> Result<FileConfig, String> {
        let config: FileConfig = toml::from_str(text).map_err(|error| {
            let line = error
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.matches('\n').count() + 1);
            let message = error.message().trim().replace('\n', " ");
            match line {
                Some(line) => format!("line {line}: {message}"),
                None => message,
            }
        })?;
        config.check_ranges()?;
        Ok(config)
    }

    /// The limits the command-line options have, for the same settings.
    fn check_ranges(&self) -> Result<(), String> {
        let within = |name: &str, value: Option<usize>, range: std::ops::RangeInclusive<usize>| {
            match value {
                Some(value) if !range.contains(&value) => Err(format!(
                    "`{name}` is {value}; it must be from {} to {}",
                    range.start(),
                    range.end()
                )),
                _ => Ok(()),
            }
        };
        within("count", self.count, 1..=100_000)?;
        within("burst", self.burst, 0..=1000)?;
        within("concurrency", self.concurrency, 1..=1024)?;
        within(
            "cold-start-factor",
            self.cold_start_factor.and_then(|f| usize::try_from(f).ok()),
            1..=1000,
        )?;
        if self.secret.as_deref() == Some("") {
            return Err("`secret` is empty".to_owned());
        }
        Ok(())
    }

    /// The secret, from `secret` or the variable `secret-env` names;
    /// `lookup` reads the environment.
    pub fn secret(
        &self,
        path: &Path,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<String>, ConfigError> {
        let error = |why: String| ConfigError::Secret {
            path: path.to_owned(),
            why,
        };
        match (&self.secret, &self.secret_env) {
            (Some(_), Some(_)) => Err(error("set `secret` or `secret-env`, not both".to_owned())),
            (Some(secret), None) => Ok(Some(secret.clone())),
            (None, Some(name)) => match lookup(name) {
                Some(secret) if !secret.is_empty() => Ok(Some(secret)),
                _ => Err(error(format!(
                    "`secret-env` names `{name}`, which is not set"
                ))),
            },
            (None, None) => Ok(None),
        }
    }
}

/// The longest duration any setting takes: ten years is past every budget,
/// timeout, warning window and retry schedule, and keeps instants and
/// schedules computed from it far from overflowing.
pub const MAX_DURATION: Duration = Duration::from_secs(10 * 365 * 86_400);

/// A duration as people write it (`5s`, `500ms`, `2m`, `30d`): longer than
/// zero and at most [`MAX_DURATION`]. Shared by the options and the file.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(duration) if duration.is_zero() => Err("must be longer than zero".to_owned()),
        Ok(duration) if duration > MAX_DURATION => Err("must be at most ten years".to_owned()),
        Ok(duration) => Ok(duration),
        Err(error) => Err(format!("{error} (write durations like 5s, 500ms, 2m)")),
    }
}

fn duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_duration(&text)
        .map(Some)
        .map_err(|why| serde::de::Error::custom(format!("`{text}`: {why}")))
}

fn grade<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Grade>, D::Error> {
    let text = String::deserialize(deserializer)?;
    match Grade::from_name(&text) {
        Some(Grade::T | Grade::M) | None => Err(serde::de::Error::custom(format!(
            "`{text}` is not a grade to accept (A+, A, A-, B, C, D, E, F)"
        ))),
        Some(grade) => Ok(Some(grade)),
    }
}

fn severities<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<Code, Severity>, D::Error> {
    BTreeMap::<String, Severity>::deserialize(deserializer)?
        .into_iter()
        .map(|(name, severity)| match Code::from_name(&name) {
            Some(code) => Ok((code, severity)),
            None => Err(serde::de::Error::custom(format!(
                "`{name}` is not a finding code (docs/findings.md lists them)"
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read() {
        let config = FileConfig::parse(
            r#"
provider = "github"
budget = "2s"
timeout = "3s"
accept-grade = "A"
expiry-warning = "14d"
ca-file = "ca.pem"
secret-env = "SECRET"
count = 4
burst = 0
concurrency = 2
slow = "1500ms"
cold-start-factor = 5

[reports]
junit = "out/hookcheck.xml"
html = "out/hookcheck.html"

[severity]
tls-no-hsts = "info"
delivery-cold-start = "error"
"#,
        )
        .unwrap();
        assert_eq!(config.provider.as_deref(), Some("github"));
        assert_eq!(config.budget, Some(Duration::from_secs(2)));
        assert_eq!(config.timeout, Some(Duration::from_secs(3)));
        assert_eq!(config.accept_grade, Some(Grade::A));
        assert_eq!(
            config.expiry_warning,
            Some(Duration::from_secs(14 * 86_400))
        );
        assert_eq!(
            (config.count, config.burst, config.concurrency),
            (Some(4), Some(0), Some(2))
        );
        assert_eq!(config.slow, Some(Duration::from_millis(1500)));
        assert_eq!(config.cold_start_factor, Some(5));
        assert_eq!(config.severity[&Code::TlsNoHsts], Severity::Info);
        assert_eq!(config.severity[&Code::DeliveryColdStart], Severity::Error);
        assert_eq!(
            config.reports[&ReportFormat::Junit],
            Path::new("out/hookcheck.xml")
        );
        assert_eq!(config.reports.len(), 2);
        let secret = config.secret(Path::new("hookcheck.toml"), |name| {
            (name == "SECRET").then(|| "s3cret".to_owned())
        });
        assert_eq!(secret.unwrap().as_deref(), Some("s3cret"));
    }

    #[test]
    fn every_report_format_is_read_by_its_name() {
        for format in ReportFormat::ALL {
            let text = format!("[reports]\n{} = \"out\"", format.name());
            let config = FileConfig::parse(&text).unwrap();
            assert_eq!(config.reports.keys().copied().collect::<Vec<_>>(), [format]);
        }
    }

    #[test]
    fn mistakes_are_one_line_errors_with_the_line() {
        for (text, expected) in [
            ("budjet = \"5s\"", "line 1: unknown field `budjet`"),
            ("\nbudget = \"soon\"", "line 2: `soon`"),
            ("accept-grade = \"T\"", "line 1: `T` is not a grade"),
            (
                "[severity]\ntls-no-hst = \"info\"",
                "line 1: `tls-no-hst` is not",
            ),
            ("[severity]\ntls-no-hsts = \"fatal\"", "line 2:"),
            (
                "[reports]\npdf = \"out.pdf\"",
                "line 2: unknown variant `pdf`",
            ),
            ("count = -1", "line 1:"),
            (
                "count = 1000000000000000000",
                "`count` is 1000000000000000000",
            ),
            (
                "burst = 1000000",
                "`burst` is 1000000; it must be from 0 to 1000",
            ),
            ("secret = \"\"", "`secret` is empty"),
            (
                "budget = \"500000000000y\"",
                "line 1: `500000000000y`: must be at most",
            ),
        ] {
            let error = FileConfig::parse(text).unwrap_err();
            assert!(error.starts_with(expected), "{text:?}: {error}");
            assert!(!error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn a_secret_comes_from_the_file_or_a_set_variable() {
        let path = Path::new("hookcheck.toml");
        let both = FileConfig {
            secret: Some("a".into()),
            secret_env: Some("B".into()),
            ..FileConfig::default()
        };
        assert!(both.secret(path, |_| None).is_err());
        let unset = FileConfig {
            secret_env: Some("NOT_SET".into()),
            ..FileConfig::default()
        };
        let error = unset.secret(path, |_| None).unwrap_err().to_string();
        assert!(error.contains("NOT_SET"), "{error}");
        assert_eq!(FileConfig::default().secret(path, |_| None).unwrap(), None);
    }
}
