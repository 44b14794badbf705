//! `cargo xtask ci`: what CI runs, in order of cost, stopping at the first
//! failure. Formatting and lints come first because they fail fastest.

use anyhow::Result;

use crate::process::{self, cargo};

pub(crate) fn run() -> Result<()> {
    process::run(cargo().args(["fmt", "--all", "--check"]))?;
    process::run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    process::run(cargo().args(["test", "--workspace"]))?;
    process::run(
        cargo()
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    Ok(())
}
