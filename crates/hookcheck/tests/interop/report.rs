//! Report formats judged by outside validators: the `JUnit` report of a
//! real check against the Jenkins xUnit plugin's `junit-10.xsd`, with
//! `xmllint`.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use hookcheck_testkit::{Answer, HookOptions, HookServer, fixtures};

use crate::support::check_as;

/// A real check of a failing receiver, rendered as `JUnit`, is valid against
/// its XML Schema (the default tier's `every_format_renders_a_real_check`
/// checks what it says).
#[test]
fn junit_of_a_real_check_is_valid_against_its_xml_schema() {
    let failing = HookServer::start(HookOptions::https(
        fixtures::case("good"),
        Answer::status(500),
    ));
    let junit = check_as(&failing.url("/hook"), "junit");
    assert_eq!(junit.status.code(), Some(1));
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../hookcheck-report/tests/junit-10.xsd");
    // The report goes to xmllint's standard input (`-`): no file to clean up.
    let mut xmllint = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    xmllint
        .stdin
        .take()
        .expect("xmllint's standard input")
        .write_all(&junit.stdout)
        .expect("the report goes to xmllint");
    let xmllint = xmllint.wait_with_output().expect("xmllint ends");
    assert!(
        xmllint.status.success(),
        "{}",
        String::from_utf8_lossy(&xmllint.stderr)
    );
}
