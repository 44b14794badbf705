//! `ndjson-baseline FILE`: the plain single-threaded loop (`serde_json::Value`
//! per line, then `jsonschema`'s `is_valid`) that `cargo xtask bench-report`
//! times beside `hookcheck validate --ndjson` on the same file. Prints the
//! lines checked and the invalid ones, so the report can check it judged the
//! file as hookcheck does.

use std::fs::File;
use std::process::ExitCode;

use benches::{Baseline, baseline_ndjson};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: ndjson-baseline FILE");
        return ExitCode::from(2);
    };
    let counted = File::open(&path).and_then(|file| baseline_ndjson(&Baseline::new(), file));
    match counted {
        Ok(counts) => {
            println!("{} {}", counts.lines, counts.invalid);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("ndjson-baseline: cannot read {}: {error}", path.display());
            ExitCode::from(2)
        }
    }
}
