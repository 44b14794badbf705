//! The default tier's share of fuzzing: every checked-in seed
//! (`corpus/TARGET/`) and every input that once failed
//! (`regressions/TARGET/`) replayed through its target, which panics on a
//! broken invariant. The named tests below are the failures the fuzzer
//! found, each kept as an input in `regressions/`.

#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

use std::path::{Path, PathBuf};

use hookcheck_fuzz::{TARGETS, target};

fn folder(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(kind).join(name)
}

/// The files of a folder, sorted; none when it does not exist.
fn inputs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn replay(name: &str, path: &Path) {
    let target = target(name).expect("a known target");
    let data = std::fs::read(path).expect("a readable input");
    (target.run)(&data);
}

#[test]
fn every_target_has_seeds_and_replays_them_and_its_regressions() {
    for target in TARGETS {
        let seeds = inputs(&folder("corpus", target.name));
        assert!(!seeds.is_empty(), "no seeds for {}", target.name);
        for path in seeds
            .iter()
            .chain(&inputs(&folder("regressions", target.name)))
        {
            replay(target.name, path);
        }
    }
}

#[test]
fn every_corpus_and_regression_folder_belongs_to_a_target() {
    for kind in ["corpus", "regressions"] {
        // git keeps no empty folder: `regressions/` exists once one does.
        let Ok(entries) = std::fs::read_dir(folder(kind, "")) else {
            continue;
        };
        for entry in entries {
            let name = entry.expect("an entry").file_name();
            let name = name.to_string_lossy();
            assert!(target(&name).is_some(), "{kind}/{name} is no target's");
        }
    }
}
