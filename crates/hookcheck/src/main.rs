//! The `hookcheck` binary: parses arguments, runs the command, exits 0
//! (ready), 1 (not ready) or 2 (the tool could not do its job).

fn main() -> std::process::ExitCode {
    hookcheck::main()
}
