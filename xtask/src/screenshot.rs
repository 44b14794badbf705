//! `cargo xtask screenshot [HTML] [PNG]`: renders an HTML report in headless
//! Chromium and writes a PNG of the whole page, to look at what a browser
//! shows (the charts above all). By default it renders the demo's page,
//! `target/demo/ready.html`, made by `cargo xtask demo`.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use crate::process::{self, target_dir};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The page [default: target/demo/ready.html].
    html: Option<PathBuf>,
    /// Where the PNG goes [default: the page's name with .png].
    png: Option<PathBuf>,
    /// The window's width in pixels; the height fits the page.
    #[arg(long, default_value_t = 1200)]
    width: u32,
}

/// Tall enough for a report with every section; Chromium crops to it.
const HEIGHT: u32 = 4000;

pub(crate) fn run(args: &Args) -> Result<()> {
    let html = match &args.html {
        Some(html) => html.clone(),
        None => target_dir()?.join("demo/ready.html"),
    };
    if !html.is_file() {
        bail!(
            "no page at {} (run `cargo xtask demo` first, or name one)",
            process::shown_path(&html)
        );
    }
    let png = args
        .png
        .clone()
        .unwrap_or_else(|| html.with_extension("png"));
    let page = html
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", html.display()))?;
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| which(name))
        .context("no Chromium on PATH (Debian: apt-get install chromium)")?;
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--window-size={},{HEIGHT}", args.width))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()));
    let output = command
        .output()
        .with_context(|| format!("cannot run {browser}"))?;
    if !output.status.success() || !png.is_file() {
        bail!(
            "{browser} failed: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        );
    }
    println!("wrote {}", process::shown_path(&png));
    Ok(())
}

fn which(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}
