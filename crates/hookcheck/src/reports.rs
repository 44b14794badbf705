//! `--report FORMAT=PATH` and `[reports]` in `hookcheck.toml`: every
//! format a run's report is wanted in, written from that one report
//! (one run, one set of deliveries), besides standard output. A file is
//! written whole or not at all: into a temporary file beside it, renamed
//! over it once complete, so a CI artifact is never half a report.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::ValueEnum as _;
use hookcheck_core::Report;
use hookcheck_readiness::config::ReportFormat;
use hookcheck_report::{Format, render};
use tempfile::NamedTempFile;

use crate::cli::FormatArg;

/// One `--report FORMAT=PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReportTarget {
    format: FormatArg,
    /// `None`: standard output (`-`).
    path: Option<PathBuf>,
}

/// Reads `FORMAT=PATH` (`-` for standard output): clap's value parser.
pub(crate) fn target(value: &str) -> Result<ReportTarget, String> {
    let Some((name, path)) = value.split_once('=') else {
        return Err("expected FORMAT=PATH, e.g. junit=reports/hookcheck.xml".to_owned());
    };
    let format = FormatArg::from_str(name, false)
        .map_err(|_| format!("`{name}` is not a format (human, json, junit, markdown, html)"))?;
    let path = match path {
        "" => return Err(format!("no path after `{name}=`")),
        "-" => None,
        path => Some(PathBuf::from(path)),
    };
    Ok(ReportTarget { format, path })
}

/// Where one run's reports go: standard output, in one format, and files.
pub(crate) struct Reports {
    stdout: Format,
    files: Vec<(Format, PathBuf)>,
}

impl Reports {
    /// The reports `targets` name, or when none, those of the
    /// configuration's `[reports]`; standard output gets `stdout` (the
    /// `--format`) unless a target is `-`.
    pub(crate) fn new(
        stdout: Format,
        targets: &[ReportTarget],
        configured: &BTreeMap<ReportFormat, PathBuf>,
    ) -> Result<Reports> {
        let color = matches!(stdout, Format::Human { color: true });
        let mut reports = Reports {
            stdout,
            files: Vec::new(),
        };
        if targets.is_empty() {
            reports.files = configured
                .iter()
                .map(|(format, path)| (FormatArg::from(*format).format(false), path.clone()))
                .collect();
            return Ok(reports);
        }
        let mut on_stdout = 0;
        for target in targets {
            match &target.path {
                Some(path) => reports
                    .files
                    .push((target.format.format(false), path.clone())),
                None => {
                    on_stdout += 1;
                    reports.stdout = target.format.format(color);
                }
            }
        }
        if on_stdout > 1 {
            bail!("--report: only one report can go to standard output (`-`)");
        }
        Ok(reports)
    }

    /// The formats of the files, and standard output's.
    pub(crate) fn formats(&self) -> impl Iterator<Item = Format> + '_ {
        std::iter::once(self.stdout).chain(self.files.iter().map(|(format, _)| *format))
    }

    /// Writes `report` to every file, then to `out`.
    pub(crate) fn write(&self, report: &Report, out: &mut dyn Write) -> Result<()> {
        for (format, path) in &self.files {
            let mut file = Atomic::create(path)?;
            render(report, *format, file.writer())
                .and_then(|()| file.writer().flush())
                .with_context(|| format!("cannot write the report `{}`", path.display()))?;
            file.finish()?;
        }
        render(report, self.stdout, out)?;
        Ok(())
    }

    /// The format of standard output.
    pub(crate) fn stdout(&self) -> Format {
        self.stdout
    }

    /// A file for each report, to be written as the run goes and
    /// finished at its end.
    pub(crate) fn open(&self) -> Result<Vec<(Format, Atomic)>> {
        self.files
            .iter()
            .map(|(format, path)| Ok((*format, Atomic::create(path)?)))
            .collect()
    }
}

/// A file being written: a temporary file beside its path, renamed over
/// it by [`Atomic::finish`]; dropped unfinished, it is removed and the
/// path left as it was.
pub(crate) struct Atomic {
    path: PathBuf,
    file: BufWriter<NamedTempFile>,
}

impl Atomic {
    /// Starts writing `path`, creating its folder if need be.
    pub(crate) fn create(path: &Path) -> Result<Atomic> {
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        let cannot = || format!("cannot write the report `{}`", path.display());
        std::fs::create_dir_all(folder).with_context(cannot)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".hookcheck-report-");
        // A report is for reading, as any file the user's umask allows,
        // not the private mode of a temporary file.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let file = builder.tempfile_in(folder).with_context(cannot)?;
        Ok(Atomic {
            path: path.to_owned(),
            file: BufWriter::new(file),
        })
    }

    /// The path it will have.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Where the report goes.
    pub(crate) fn writer(&mut self) -> &mut dyn Write {
        &mut self.file
    }

    /// Puts the whole file in place.
    pub(crate) fn finish(self) -> Result<()> {
        let cannot = || format!("cannot write the report `{}`", self.path.display());
        let file = self
            .file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .with_context(cannot)?;
        file.as_file().sync_all().with_context(cannot)?;
        file.persist(&self.path)
            .map_err(|e| e.error)
            .with_context(cannot)?;
        Ok(())
    }
}
