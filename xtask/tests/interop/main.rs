//! The interop tier of xtask's tests: what needs system tools besides Rust,
//! kept out of `cargo test --workspace` so that the default tier passes on a
//! machine with nothing but a Rust toolchain. `cargo xtask ci` runs it
//! (`--features interop --test interop`) after the default tier, with the
//! tools on `PATH`; a missing tool fails the test, it is never skipped.
//!
//! Here: the checked-in TLS fixtures have the properties the table gives
//! them, which `cargo xtask fixtures --check` verifies partly with the
//! `openssl` command line (keys ring cannot load, MD5 signatures).

use std::process::Command;

/// The checked-in files are what the table says, so CI fails when they
/// drift from it: `cargo xtask fixtures --check`, run as CI runs it.
#[test]
fn checked_in_fixtures_have_their_properties() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fixtures", "--check"])
        .output()
        .unwrap_or_else(|error| panic!("cannot run `xtask fixtures --check`: {error}"));
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
