//! `hookcheck completions SHELL`: each script loaded by its shell and
//! asked to complete a command line, so a script that does not parse, or
//! completes nothing, fails here rather than on a user's terminal.

use std::path::PathBuf;
use std::process::Command;

/// The completion script for `shell`, written where the shell can read it.
fn script(shell: &str, name: &str) -> PathBuf {
    let output = Command::new(env!("CARGO_BIN_EXE_hookcheck"))
        .args(["completions", shell])
        .output()
        .expect("hookcheck runs");
    assert!(output.status.success(), "{output:?}");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("completions-{shell}"));
    std::fs::create_dir_all(&dir).expect("a folder");
    let path = dir.join(name);
    std::fs::write(&path, &output.stdout).expect("the script");
    path
}

/// Runs `shell ARGS`; its standard output.
fn run(shell: &str, args: &[&str]) -> String {
    let output = Command::new(shell)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("`{shell}` runs (the interop tier needs it): {e}"));
    assert!(output.status.success(), "{shell}: {output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn bash_completes_commands_and_options() {
    let script = script("bash", "hookcheck.bash");
    // As bash calls a completion function: the words so far, the index
    // of the current one, and the command, the current word and the one
    // before as arguments.
    let complete = |words: &[&str]| {
        let current = words.len() - 1;
        let line = format!(
            "source {}; COMP_WORDS=({}); COMP_CWORD={current}; _hookcheck hookcheck {} {}; echo \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.join(" "),
            words[current],
            words[current - 1],
        );
        run("bash", &["-c", &line])
    };
    let commands = complete(&["hookcheck", "em"]);
    assert_eq!(commands.trim(), "emulate");
    let options = complete(&["hookcheck", "check", "--rep"]);
    assert!(
        options.split_whitespace().any(|o| o == "--report"),
        "{options}"
    );
    let nested = complete(&["hookcheck", "emulate", "tr"]);
    assert_eq!(nested.trim(), "trigger");
}

#[test]
fn fish_completes_commands_and_options() {
    let script = script("fish", "hookcheck.fish");
    let complete = |line: &str| {
        let command = format!("source {}; complete -C '{line}'", script.display());
        run("fish", &["--no-config", "-c", &command])
    };
    let commands = complete("hookcheck em");
    assert!(commands.starts_with("emulate\t"), "{commands}");
    let formats = complete("hookcheck check --format ");
    for format in ["human", "json", "junit", "markdown", "html"] {
        assert!(
            formats.lines().any(|line| line.starts_with(format)),
            "{formats}"
        );
    }
    let options = complete("hookcheck scan --sh");
    assert!(options.starts_with("--shard"), "{options}");
}

#[test]
fn zsh_loads_the_completion_function() {
    let script = script("zsh", "_hookcheck");
    let folder = script.parent().expect("its folder").display().to_string();
    run("zsh", &["-n", &script.display().to_string()]);
    // compinit reads the `#compdef` line and ties the function to the
    // command; loading it defines it.
    let line = format!(
        "fpath=({folder} $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[hookcheck]; autoload -Uz _hookcheck; functions _hookcheck | head -1"
    );
    let loaded = run("zsh", &["-f", "-c", &line]);
    let mut lines = loaded.lines();
    assert_eq!(lines.next(), Some("_hookcheck"), "{loaded}");
    assert!(
        lines.next().is_some_and(|l| l.starts_with("_hookcheck")),
        "{loaded}"
    );
}
