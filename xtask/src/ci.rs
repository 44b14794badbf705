//! `cargo xtask ci`: what CI runs, in order of cost, stopping at the first
//! failure. Formatting and lints come first because they fail fastest; then
//! the tests in two tiers, as rustls keeps its OpenSSL tests apart: the
//! default tier (`cargo test --workspace`, which needs nothing but Rust, so
//! it passes on any machine with a toolchain) and the interop tier (the
//! `interop` test target of each package in `INTEROP_PACKAGES`, which
//! needs the system tools in `TOOLS`); then the API docs.
//!
//! The interop tier never skips: a missing tool stops the run before any
//! step, in one line, and the tier fails unless every test it lists ran.
//! It ends with one line saying how many tests ran with which tools.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use crate::process::{self, COMMAND_STYLE, cargo, display};

/// The packages with an interop tier: a feature `interop` that turns on a
/// test target `interop` (`tests/interop/main.rs`).
const INTEROP_PACKAGES: &[&str] = &["hookcheck", "xtask"];

/// A system tool the interop tier needs.
struct Tool {
    /// The command, looked up on `PATH`.
    name: &'static str,
    /// The argument that makes it print its version.
    version_arg: &'static str,
    /// The Debian package that has it (what `.ci/run` installs).
    package: &'static str,
}

/// `openssl` serves what rustls will not (`openssl s_server`) and checks the
/// TLS fixtures; `python3` runs the test kit's legacy server that serves
/// connections at once (`PythonLegacyServer`); `xmllint` validates the
/// `JUnit` report against its schema; `chromium`, driven by `chromedriver`,
/// opens `listen`'s inspector.
const TOOLS: &[Tool] = &[
    Tool {
        name: "openssl",
        version_arg: "version",
        package: "openssl",
    },
    Tool {
        name: "python3",
        version_arg: "--version",
        package: "python3",
    },
    Tool {
        name: "xmllint",
        version_arg: "--version",
        package: "libxml2-utils",
    },
    Tool {
        name: "chromium",
        version_arg: "--version",
        package: "chromium",
    },
    Tool {
        name: "chromedriver",
        version_arg: "--version",
        package: "chromium-driver",
    },
    Tool {
        name: "bash",
        version_arg: "--version",
        package: "bash",
    },
    Tool {
        name: "zsh",
        version_arg: "--version",
        package: "zsh",
    },
    Tool {
        name: "fish",
        version_arg: "--version",
        package: "fish",
    },
];

pub(crate) fn run() -> Result<()> {
    // Before anything slow: a machine without the tools cannot pass, so say
    // so at once.
    let versions = TOOLS
        .iter()
        .map(|tool| Ok(format!("{} ({})", tool.name, version(tool)?)))
        .collect::<Result<Vec<_>>>()?;
    let features = INTEROP_PACKAGES
        .iter()
        .map(|package| format!("{package}/interop"))
        .collect::<Vec<_>>()
        .join(",");
    process::run(cargo().args(["fmt", "--all", "--check"]))?;
    // With the interop features, so the interop tier's tests are linted too.
    process::run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--features",
        &features,
        "--",
        "-D",
        "warnings",
    ]))?;
    process::run(cargo().args(["test", "--workspace"]))?;
    let mut interop = cargo();
    interop.arg("test");
    for package in INTEROP_PACKAGES {
        interop.args(["-p", package]);
    }
    interop.args(["--features", &features, "--test", "interop"]);
    let ran = run_tests(&mut interop)?;
    println!("interop tier: {ran} tests with {}", versions.join(", "));
    process::run(
        cargo()
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    Ok(())
}

/// The first line `tool` prints about its version (xmllint writes it to
/// standard error); fails in one line when the tool cannot run.
fn version(tool: &Tool) -> Result<String> {
    let output = Command::new(tool.name)
        .arg(tool.version_arg)
        .output()
        .with_context(|| {
            format!(
                "the interop tier needs `{}` on PATH (apt-get install {}; .ci/run installs it)",
                tool.name, tool.package
            )
        })?;
    if !output.status.success() {
        bail!(
            "`{} {}` failed ({})",
            tool.name,
            tool.version_arg,
            output.status
        );
    }
    let text = [output.stdout, output.stderr].concat();
    let text = String::from_utf8_lossy(&text);
    let line = text.lines().map(str::trim).find(|line| !line.is_empty());
    let Some(line) = line else {
        bail!("`{} {}` printed nothing", tool.name, tool.version_arg);
    };
    // `xmllint: using libxml version 20914` reads better without its name,
    // `OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)`
    // without the library's version when it is the same.
    let line = line.trim_start_matches("xmllint: ");
    let line = match line.split_once(" (Library: ") {
        Some((version, library)) if library.trim_end_matches(')') == version => version,
        _ => line,
    };
    Ok(line.to_owned())
}

/// Runs the tests `command` selects, passing their output on, and returns
/// how many ran. Fails when any failed, was ignored or was filtered out, or
/// when none ran at all: a tier that passes is a tier that ran everything.
fn run_tests(command: &mut Command) -> Result<u64> {
    anstream::println!("{COMMAND_STYLE}$ {}{COMMAND_STYLE:#}", display(command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run `{}`", display(command)))?;
    let Some(stdout) = child.stdout.take() else {
        bail!("`{}` has no output to read", display(command));
    };
    let mut total = Summary::default();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("cannot read the tests' output")?;
        println!("{line}");
        if let Some(summary) = Summary::parse(&line) {
            total.add(&summary);
        }
    }
    let status = child
        .wait()
        .with_context(|| format!("cannot wait for `{}`", display(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(command));
    }
    if total.passed == 0 {
        bail!("`{}` ran no test", display(command));
    }
    if total.failed + total.ignored + total.filtered_out > 0 {
        bail!(
            "`{}` did not run every test: {} failed, {} ignored, {} filtered out",
            display(command),
            total.failed,
            total.ignored,
            total.filtered_out
        );
    }
    Ok(total.passed)
}

/// The counts of libtest's `test result:` line, summed over test binaries.
#[derive(Debug, Default, PartialEq, Eq)]
struct Summary {
    passed: u64,
    failed: u64,
    ignored: u64,
    filtered_out: u64,
}

impl Summary {
    /// Reads `test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured;
    /// 0 filtered out; finished in 1.02s`; `None` for any other line.
    fn parse(line: &str) -> Option<Summary> {
        let rest = line.strip_prefix("test result: ")?;
        let (_, counts) = rest.split_once(". ")?;
        let mut summary = Summary::default();
        for part in counts.split("; ") {
            let (number, what) = part.split_once(' ')?;
            let Ok(number) = number.parse() else {
                // `finished in 1.02s`.
                continue;
            };
            match what {
                "passed" => summary.passed = number,
                "failed" => summary.failed = number,
                "ignored" => summary.ignored = number,
                "filtered out" => summary.filtered_out = number,
                _ => {}
            }
        }
        Some(summary)
    }

    fn add(&mut self, other: &Summary) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
        self.filtered_out += other.filtered_out;
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::process::workspace_root;

    #[test]
    fn libtest_summaries_are_read() {
        let line = "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; \
                    2 filtered out; finished in 1.02s";
        assert_eq!(
            Summary::parse(line),
            Some(Summary {
                passed: 3,
                failed: 0,
                ignored: 1,
                filtered_out: 2
            })
        );
        let failed = "test result: FAILED. 1 passed; 4 failed; 0 ignored; 0 measured; \
                      0 filtered out; finished in 0.00s";
        assert_eq!(Summary::parse(failed).map(|s| s.failed), Some(4));
        assert_eq!(Summary::parse("test a ... ok"), None);
        assert_eq!(Summary::parse("running 3 tests"), None);
    }

    /// What starts each of `TOOLS` from Rust: a `Command`, or a test kit
    /// server that runs it.
    const STARTS: &[(&str, &[&str])] = &[
        ("openssl", &["Command::new(\"openssl\")", "OpensslServer::"]),
        ("python3", &["PythonLegacyServer::"]),
        ("xmllint", &["Command::new(\"xmllint\")"]),
        // chromedriver starts the browser it is pointed at.
        ("chromium", &["\"binary\": \"/usr/bin/chromium\""]),
        ("chromedriver", &["Command::new(\"chromedriver\")"]),
        // The completion scripts and README's CI jobs.
        ("bash", &["Command::new(\"bash\")", "run(\"bash\""]),
        ("zsh", &["run(\"zsh\""]),
        ("fish", &["run(\"fish\""]),
    ];

    /// Every way a test starts a system tool; each tool has at least one.
    fn tool_uses() -> Vec<String> {
        for tool in TOOLS {
            assert!(
                STARTS.iter().any(|(name, _)| *name == tool.name),
                "say in STARTS what starts {}",
                tool.name
            );
        }
        STARTS
            .iter()
            .flat_map(|(_, uses)| uses.iter().map(|use_| (*use_).to_owned()))
            .collect()
    }

    /// Every `.rs` file under `dir`, recursively, except in folders named
    /// `interop` when `skip_interop`.
    fn rust_files(dir: &Path, skip_interop: bool, files: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !(skip_interop && path.ends_with("interop")) {
                    rust_files(&path, skip_interop, files);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }

    /// The test code of every package: its `tests/` folder, and in `src/`
    /// what follows a file's first `#[cfg(test)]` (unit tests come last).
    fn test_code(skip_interop: bool) -> Vec<(PathBuf, String)> {
        let root = workspace_root();
        let mut packages = vec![root.join("benches"), root.join("xtask")];
        for entry in fs::read_dir(root.join("crates")).unwrap() {
            packages.push(entry.unwrap().path());
        }
        let mut code = Vec::new();
        for package in packages {
            let mut files = Vec::new();
            rust_files(&package.join("tests"), skip_interop, &mut files);
            for file in files {
                let text = fs::read_to_string(&file).unwrap();
                code.push((file, text));
            }
            let mut files = Vec::new();
            rust_files(&package.join("src"), false, &mut files);
            // This file names the tools to look for them.
            files.retain(|file| !file.ends_with(file!()));
            for file in files {
                let text = fs::read_to_string(&file).unwrap();
                if let Some(at) = text.find("#[cfg(test)]") {
                    code.push((file, text[at..].to_owned()));
                }
            }
        }
        code
    }

    /// ARCHITECTURE's invariant "the default tier needs nothing but Rust":
    /// no test outside an interop tier runs one of `TOOLS`, so `cargo test --workspace` passes where none is
    /// installed.
    #[test]
    fn the_default_tier_needs_nothing_but_rust() {
        let uses = tool_uses();
        let offenders: Vec<String> = test_code(true)
            .iter()
            .flat_map(|(file, text)| {
                uses.iter()
                    .filter(|needle| text.contains(needle.as_str()))
                    .map(move |needle| format!("{}: {needle}", file.display()))
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "move these tests to their package's tests/interop: {offenders:#?}"
        );
        // The search finds what it looks for: every tool is used in the
        // interop tiers.
        let all = test_code(false);
        for needle in &uses {
            assert!(
                all.iter().any(|(_, text)| text.contains(needle.as_str())),
                "no interop test uses {needle}"
            );
        }
    }
}
