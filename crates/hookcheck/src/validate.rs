//! `hookcheck validate`: payload documents (whole files or NDJSON lines) in,
//! one report per document out.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use hookcheck_core::{Finding, Report, SignatureCheck, Verdict};
use hookcheck_payload::pipeline::{self, PipelineError};
use hookcheck_payload::{Document, EventValidator, Options, Validator, check_signature};
use hookcheck_report::{Format, LineReports, Summary, human_summary, render};

use crate::cli::ValidateArgs;
use crate::input;
use crate::providers::known_profile;

pub(crate) fn run(args: &ValidateArgs, format: Format, out: &mut dyn Write) -> Result<Verdict> {
    let validator = Validator::new(Options {
        strict: args.strict,
        max_bytes: args.max_bytes,
    });
    // Another sender's documents are checked against its own schemas.
    let profile = known_profile(&args.provider)?;
    let events = EventValidator::new(&profile.events);
    if events.is_some() && (args.ndjson || args.strict) {
        bail!(
            "--ndjson and --strict check the calendar API's notifications; {} documents are checked one by one against its event schemas",
            profile.name
        );
    }
    let paths: Vec<Option<&Path>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files.iter().map(|path| Some(path.as_path())).collect()
    };
    let mut summary = Summary::default();
    let mut run = Run {
        validator: &validator,
        events: events.as_ref(),
        format,
        out,
        summary: &mut summary,
    };
    for path in &paths {
        let input = input::open(*path)?;
        if args.ndjson {
            run.lines(input)?;
        } else {
            run.document(input, args)?;
        }
    }
    let many = args.ndjson || paths.len() > 1;
    if let (true, Format::Human { color }) = (many, format) {
        let noun = if args.ndjson { "line" } else { "document" };
        human_summary(&summary, noun, color, out)?;
    }
    Ok(summary.verdict())
}

/// What every document of one invocation shares.
struct Run<'a> {
    validator: &'a Validator,
    /// The event schemas of a sender other than the calendar API.
    events: Option<&'a EventValidator>,
    format: Format,
    out: &'a mut dyn Write,
    summary: &'a mut Summary,
}

impl Run<'_> {
    fn document(&mut self, input: input::Input, args: &ValidateArgs) -> Result<()> {
        let document = hookcheck_payload::read_document(input.reader, args.max_bytes)
            .with_context(|| format!("cannot read `{}`", input.name))?;
        let report = match document {
            Document::Complete(bytes) => {
                let mut validation = match self.events {
                    Some(events) => events.validate(&bytes),
                    None => self.validator.validate(&bytes),
                };
                let signature = signature(args, &bytes)?.map(|(check, finding)| {
                    validation.findings.extend(finding);
                    check
                });
                let mut report = validation.into_report(input.name, None, bytes.len() as u64);
                if let Some(payload) = report.payload.as_mut() {
                    payload.signature = signature;
                }
                report
            }
            // Only the limit's next byte was read: an endless input stops here.
            Document::TooLarge => {
                let read = args.max_bytes as u64 + 1;
                self.validator
                    .over_limit()
                    .into_report(input.name, None, read)
            }
        };
        self.emit(&report)
    }

    fn lines(&mut self, input: input::Input) -> Result<()> {
        let reports = LineReports::new(&input.name, self.format)?;
        let summary = pipeline::validate_lines(input.reader, self.validator, &reports, self.out)
            .map_err(|error| match error {
                PipelineError::Read(error) => {
                    anyhow::Error::new(error).context(format!("cannot read `{}`", input.name))
                }
                other => other.into(),
            })?;
        *self.summary += summary;
        Ok(())
    }

    fn emit(&mut self, report: &Report) -> Result<()> {
        self.summary.add(report);
        Ok(render(report, self.format, self.out)?)
    }
}

/// The signature check of a document, when `--signature`, `--header` or
/// `--secret` asks for one: the headers given, checked as a receiver
/// following the provider's scheme would, now.
fn signature(
    args: &ValidateArgs,
    body: &[u8],
) -> Result<Option<(SignatureCheck, Option<Finding>)>> {
    if args.signature.is_none() && args.headers.is_empty() {
        if !args.secrets.is_empty() {
            bail!("--secret checks a signature: give it with --signature or --header");
        }
        return Ok(None);
    }
    let profile = known_profile(&args.provider)?;
    let mut headers: Vec<(&str, &str)> = args
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    if let Some(value) = &args.signature {
        let Some(name) = profile.scheme.signature_header() else {
            bail!(
                "--signature: {} signs nothing; give its token with --header",
                profile.name
            );
        };
        headers.push((name, value.as_str()));
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let checked = check_signature(profile, &headers, &args.secrets, body, now)
        .map_err(|error| anyhow::anyhow!("--secret: {error}"))?;
    Ok(Some(checked))
}
