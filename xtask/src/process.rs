//! Running commands the way every xtask command does: show the command line,
//! run it in the workspace root, and turn a failure into a one-line cause.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::OnceLock;

use anstyle::{AnsiColor, Style};
use anyhow::{Context as _, Result, bail};

/// The style of a command line echoed before it runs.
pub(crate) const COMMAND_STYLE: Style = Style::new().bold();
/// The style of remarks between commands.
pub(crate) const NOTE_STYLE: Style =
    Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::BrightBlack)));

/// The workspace root: xtask's manifest lives one level below it.
pub(crate) fn workspace_root() -> &'static Path {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest)
}

/// Cargo's target directory, as cargo itself resolves it (it may be moved by
/// `CARGO_TARGET_DIR` or a config file).
pub(crate) fn target_dir() -> Result<&'static Path> {
    static TARGET: OnceLock<PathBuf> = OnceLock::new();
    if let Some(target) = TARGET.get() {
        return Ok(target);
    }
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(workspace_root())
        .output()
        .context("cannot run `cargo metadata`")?;
    if !output.status.success() {
        bail!("`cargo metadata` failed ({})", output.status);
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("cannot read `cargo metadata` output")?;
    let Some(target) = metadata["target_directory"].as_str() else {
        bail!("`cargo metadata` names no target directory");
    };
    Ok(TARGET.get_or_init(|| PathBuf::from(target)))
}

/// The cargo that runs this xtask (cargo sets `CARGO`), so a toolchain
/// override applies to every step.
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

/// Shows the command line, runs it with the terminal as its input and
/// output, and fails unless it succeeds.
pub(crate) fn run(command: &mut Command) -> Result<()> {
    let status = run_status(command)?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(command));
    }
    Ok(())
}

/// Shows the command line and runs it; its exit status is the caller's to
/// judge.
pub(crate) fn run_status(command: &mut Command) -> Result<ExitStatus> {
    anstream::println!("{COMMAND_STYLE}$ {}{COMMAND_STYLE:#}", display(command));
    command
        .status()
        .with_context(|| format!("cannot run `{}`", display(command)))
}

/// The command line as a shell would take it: environment settings first,
/// arguments quoted where needed, paths under the workspace root relative.
pub(crate) fn display(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter_map(|(name, value)| {
            value.map(|value| format!("{}={}", name.to_string_lossy(), quote(value)))
        })
        .collect();
    let program = Path::new(command.get_program());
    // `cargo` and our own binaries read best by their names.
    let program = match program.file_name() {
        Some(name) if program.is_absolute() => name,
        _ => program.as_os_str(),
    };
    words.push(quote(program));
    words.extend(command.get_args().map(|arg| quote(relative(arg))));
    words.join(" ")
}

/// A path as shown to people: relative to the workspace root when under it.
pub(crate) fn shown_path(path: &Path) -> String {
    Path::new(relative(path.as_os_str())).display().to_string()
}

/// An argument that is a path under the workspace root, shown relative to it.
fn relative(arg: &OsStr) -> &OsStr {
    Path::new(arg)
        .strip_prefix(workspace_root())
        .map_or(arg, Path::as_os_str)
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b));
    if plain {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_read_as_typed() {
        let mut command = Command::new("cargo");
        command
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings");
        assert_eq!(
            display(&command),
            "RUSTDOCFLAGS='-D warnings' cargo doc --workspace --no-deps"
        );
        let mut command = Command::new(workspace_root().join("target/debug/hookcheck"));
        command
            .arg("validate")
            .arg(workspace_root().join("fixtures/payloads/x.json"))
            .arg("it's");
        assert_eq!(
            display(&command),
            r"hookcheck validate fixtures/payloads/x.json 'it'\''s'"
        );
    }
}
