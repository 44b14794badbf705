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

/// A first flight of a `ServerHello` and then 29,000 records of one empty
/// handshake message each (256 KiB, the most a probe reads): the reader
/// walked every message again for each record, 3 s of CPU in a release
/// build for one read of it, blocking the probe's task past its timeout.
/// Each message is now read once.
#[test]
fn hello_a_flight_of_many_small_records_is_read_in_linear_time() {
    let mut server_hello = vec![2, 0, 0, 38, 3, 3];
    server_hello.extend_from_slice(&[0; 32]);
    server_hello.extend_from_slice(&[0, 0xc0, 0x2f, 0]);
    let mut flight = vec![22, 3, 3, 0, 42];
    flight.extend_from_slice(&server_hello);
    while flight.len() + 9 <= 256 * 1024 {
        flight.extend_from_slice(&[22, 3, 3, 0, 4, 99, 0, 0, 0]);
    }
    let started = std::time::Instant::now();
    (target("hello").expect("the target").run)(&flight);
    // Linear: milliseconds even unoptimised (the target reads it about 30
    // times); the quadratic walk took minutes.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// The payload target's first failure, in its own invariant: `--strict`
/// quotes a field name holding an escaped carriage return
/// (`"calcnd\r_ids"`) in its message. Quoted input keeps its characters
/// and the renderers escape them, so only the tool's own errors are held
/// to one line now.
#[test]
fn payload_a_field_name_with_a_carriage_return_is_quoted_as_it_is() {
    replay(
        "payload",
        &folder("regressions", "payload").join("field-name-with-a-carriage-return.json"),
    );
}

/// The chain target's first failure, in its own invariant too: the fix
/// for an untrusted root quotes the root's name, here holding a line
/// break and NULs, as the certificate has it.
#[test]
fn chain_an_issuer_name_with_a_line_break_is_quoted_as_it_is() {
    replay(
        "chain",
        &folder("regressions", "chain").join("issuer-name-with-a-line-break.der"),
    );
}

/// Found by the hello target: a record of a type that is neither an
/// alert nor a handshake was `not a TLS record` while cut short and `no
/// ServerHello before other records` once whole (and, after a
/// `ServerHello`, `not a TLS record` cut short but the accepted hello
/// whole), so a probe's answer hung on how the bytes were split into
/// reads. A record's first byte now decides.
#[test]
fn hello_a_record_of_another_type_is_read_alike_cut_short_or_whole() {
    for input in [
        "unknown-record-type-cut-short",
        "server-hello-then-an-unknown-record",
    ] {
        replay("hello", &folder("regressions", "hello").join(input));
    }
}

/// Found by the pipeline target in its first seconds: after a line over
/// the limit, what was read with the end of that line (here `[]\r`, line
/// 5) was searched for newlines only where the next read began, so a read
/// without a newline made the whole lines before it part of one line over
/// the limit: line 5 went unreported and every later line was misnumbered.
/// What follows a line over the limit is now searched whole.
#[test]
fn pipeline_lines_read_with_the_end_of_a_line_over_the_limit_are_kept() {
    replay(
        "pipeline",
        &folder("regressions", "pipeline").join("lines-after-a-line-over-the-limit"),
    );
}
