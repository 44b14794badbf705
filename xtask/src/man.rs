//! `cargo xtask man`: writes `docs/man/`, a man page for `hookcheck` and
//! one for each of its commands (`hookcheck-check.1`,
//! `hookcheck-emulate-trigger.1`, …), from the same clap definitions as
//! `--help` and the completions (`hookcheck::command()`), so the three
//! cannot disagree. `--check` (and a test, so that `cargo test
//! --workspace` catches it) fails when a page is stale, missing or left
//! over from a command that is gone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::process::workspace_root;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Fail if the pages are not what the command line generates, instead
    /// of writing them.
    #[arg(long)]
    check: bool,
}

/// Where the pages live, relative to the workspace root.
const DIR: &str = "docs/man";

pub(crate) fn run(args: &Args) -> Result<()> {
    let dir = workspace_root().join(DIR);
    let expected = pages()?;
    if args.check {
        return check(&dir, &expected);
    }
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for name in written(&dir)?.keys() {
        if !expected.contains_key(name) {
            let path = dir.join(name);
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    for (name, page) in &expected {
        let path = dir.join(name);
        if fs::read(&path).ok().as_ref() != Some(page) {
            fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    println!("{DIR}: {} pages, up to date", expected.len());
    Ok(())
}

/// Every page, by file name.
fn pages() -> Result<BTreeMap<String, Vec<u8>>> {
    let mut root = hookcheck::command();
    // Built, so that global options (--format) reach every command's page.
    root.build();
    let mut pages = BTreeMap::new();
    add(&root, &mut pages)?;
    Ok(pages)
}

/// The page of `command` and those of its commands, each named as clap
/// displays it once built (`hookcheck-emulate-trigger`).
fn add(command: &clap::Command, pages: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name());
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .with_context(|| format!("cannot render the page of `{name}`"))?;
    pages.insert(format!("{name}.1"), page);
    for sub in command.get_subcommands() {
        if sub.get_name() != "help" {
            add(sub, pages)?;
        }
    }
    Ok(())
}

/// The pages in `dir` now, by file name.
fn written(dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(BTreeMap::new());
    };
    let mut pages = BTreeMap::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".1") {
            pages.insert(name, entry.path());
        }
    }
    Ok(pages)
}

/// Fails unless `dir` holds exactly the `expected` pages.
fn check(dir: &Path, expected: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    let written = written(dir)?;
    let mut stale = Vec::new();
    for (name, page) in expected {
        match written.get(name) {
            Some(path) if fs::read(path).ok().as_ref() == Some(page) => {}
            Some(_) => stale.push(format!("{name} is stale")),
            None => stale.push(format!("{name} is missing")),
        }
    }
    for name in written.keys().filter(|name| !expected.contains_key(*name)) {
        stale.push(format!("{name} is left over"));
    }
    if !stale.is_empty() {
        bail!("{DIR}: {}; run `cargo xtask man`", stale.join(", "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_pages_are_up_to_date() {
        let pages = pages().unwrap();
        if let Err(error) = check(&workspace_root().join(DIR), &pages) {
            panic!("{error:#}");
        }
    }

    #[test]
    fn every_command_has_its_page_naming_its_options() {
        let pages = pages().unwrap();
        for name in [
            "hookcheck.1",
            "hookcheck-check.1",
            "hookcheck-emulate-trigger.1",
        ] {
            assert!(pages.contains_key(name), "{name}");
        }
        let check = String::from_utf8(pages["hookcheck-check.1"].clone()).unwrap();
        assert!(check.contains("report"), "--report is on the page");
        assert!(check.contains("format"), "the global --format too");
    }

    #[test]
    fn stale_missing_and_left_over_pages_are_reported() {
        let dir = std::env::temp_dir().join(format!("xtask-man-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.1"), "old").unwrap();
        fs::write(dir.join("gone.1"), "x").unwrap();
        let expected = BTreeMap::from([
            ("a.1".to_owned(), b"new".to_vec()),
            ("b.1".to_owned(), b"b".to_vec()),
        ]);
        let error = check(&dir, &expected).unwrap_err().to_string();
        for part in ["a.1 is stale", "b.1 is missing", "gone.1 is left over"] {
            assert!(error.contains(part), "{error}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
