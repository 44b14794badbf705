//! The `JUnit` format, read back with an XML parser: one suite per family, one
//! test case per code, failures for errors only, and text that survives any
//! server.

use std::collections::BTreeMap;

use hookcheck_core::{Code, Finding, Report};
use hookcheck_report::Format;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{HOSTILE, hostile, rendered, sample};

/// A `JUnit` document as read back.
#[derive(Debug, Default)]
struct Doc {
    attributes: BTreeMap<String, String>,
    suites: Vec<Suite>,
}

#[derive(Debug, Default)]
struct Suite {
    attributes: BTreeMap<String, String>,
    properties: BTreeMap<String, String>,
    cases: Vec<Case>,
}

#[derive(Debug, Default)]
struct Case {
    attributes: BTreeMap<String, String>,
    failure: Option<(BTreeMap<String, String>, String)>,
    system_out: Option<String>,
    skipped: bool,
}

impl Suite {
    fn case(&self, code: Code) -> &Case {
        self.cases
            .iter()
            .find(|c| c.attributes["name"] == code.as_str())
            .expect("a test case per code")
    }
}

fn attributes(element: &BytesStart<'_>) -> BTreeMap<String, String> {
    element
        .attributes()
        .map(|attribute| {
            let attribute = attribute.expect("well-formed attributes");
            let name = attribute.key.as_ref().to_owned();
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .expect("attribute values with known entities only")
                .into_owned();
            (name, value)
        })
        .collect()
}

/// Parses `xml`, failing on anything not well-formed.
fn parse(xml: &str) -> Doc {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut doc = Doc::default();
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(element) => {
                text.clear();
                let attributes = attributes(&element);
                match element.name().as_ref() {
                    "testsuites" => doc.attributes = attributes,
                    "testsuite" => doc.suites.push(Suite {
                        attributes,
                        ..Suite::default()
                    }),
                    "property" => {
                        let suite = doc.suites.last_mut().expect("a property in a suite");
                        suite
                            .properties
                            .insert(attributes["name"].clone(), attributes["value"].clone());
                    }
                    "testcase" => {
                        let suite = doc.suites.last_mut().expect("a test case in a suite");
                        suite.cases.push(Case {
                            attributes,
                            ..Case::default()
                        });
                    }
                    "failure" => current(&mut doc).failure = Some((attributes, String::new())),
                    "skipped" => current(&mut doc).skipped = true,
                    _ => {}
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("valid references") {
                Some(c) => text.push(c),
                None => text.push_str(
                    resolve_predefined_entity(&r.xml10_content()).expect("predefined entities"),
                ),
            },
            Event::End(element) => match element.name().as_ref() {
                "failure" => {
                    if let Some((_, body)) = &mut current(&mut doc).failure {
                        body.clone_from(&text);
                    }
                }
                "system-out" => current(&mut doc).system_out = Some(text.clone()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    doc
}

fn current(doc: &mut Doc) -> &mut Case {
    doc.suites
        .last_mut()
        .and_then(|s| s.cases.last_mut())
        .expect("inside a test case")
}

/// The codes of a family, from the catalog.
fn codes(prefix: &str) -> usize {
    Code::ALL
        .iter()
        .filter(|c| c.as_str().starts_with(prefix))
        .count()
}

/// Whether `c` may appear in an XML 1.0 document.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[test]
fn the_rich_report() {
    insta::assert_snapshot!(rendered(&sample::rich(), Format::Junit));
}

#[test]
fn an_error_fails_its_test_case_and_a_warning_does_not() {
    let mut report = Report::new(
        "https://hooks.example.com/push",
        vec![
            Finding::new(
                Code::TlsExpired,
                "the leaf certificate expired at 2025-01-01T00:00:00Z",
            ),
            Finding::new(Code::TlsNoHsts, "the endpoint sends no HSTS header"),
        ],
    );
    report.tls = sample::rich().tls;
    let doc = parse(&rendered(&report, Format::Junit));

    let tls = codes("tls-");
    assert_eq!(doc.attributes["tests"], tls.to_string());
    assert_eq!(doc.attributes["failures"], "1");
    assert_eq!(doc.suites.len(), 1, "only the tls section: {doc:#?}");
    let suite = &doc.suites[0];
    assert_eq!(
        suite.attributes["name"],
        "tls: https://hooks.example.com/push"
    );
    assert_eq!(suite.attributes["tests"], tls.to_string());
    assert_eq!(suite.attributes["failures"], "1");
    assert_eq!(suite.attributes["skipped"], "0");
    assert_eq!(suite.properties["target"], "https://hooks.example.com/push");
    assert_eq!(suite.properties["verdict"], "not-ready");
    assert_eq!(suite.properties["grade"], "A-");
    assert_eq!(suite.cases.len(), tls);
    assert!(
        suite
            .cases
            .iter()
            .all(|c| c.attributes["classname"] == "hookcheck.tls")
    );

    let expired = suite.case(Code::TlsExpired);
    let (attributes, body) = expired.failure.as_ref().expect("an error fails");
    assert_eq!(attributes["type"], "error");
    assert_eq!(
        attributes["message"],
        "the leaf certificate expired at 2025-01-01T00:00:00Z"
    );
    assert!(
        body.contains("error: the leaf certificate expired"),
        "{body}"
    );
    assert!(
        body.contains(&format!("fix: {}", Code::TlsExpired.doc().fix)),
        "{body}"
    );

    let hsts = suite.case(Code::TlsNoHsts);
    assert!(hsts.failure.is_none(), "a warning passes");
    let out = hsts.system_out.as_deref().expect("the warning is shown");
    assert!(
        out.starts_with("warning: the endpoint sends no HSTS header\nfix: "),
        "{out}"
    );

    let clean = suite.case(Code::TlsSsl2);
    assert!(clean.failure.is_none() && clean.system_out.is_none() && !clean.skipped);
}

#[test]
fn a_plain_http_target_gets_a_tls_suite_whose_other_checks_are_skipped() {
    let report = Report::new(
        "http://hooks.example.com/push",
        vec![Finding::new(
            Code::TlsNotHttps,
            "the URL uses http, not https",
        )],
    );
    let doc = parse(&rendered(&report, Format::Junit));
    assert_eq!(doc.suites.len(), 1);
    let suite = &doc.suites[0];
    let tls = codes("tls-");
    assert_eq!(suite.attributes["tests"], tls.to_string());
    assert_eq!(suite.attributes["failures"], "1");
    assert_eq!(suite.attributes["skipped"], (tls - 1).to_string());
    assert!(suite.case(Code::TlsNotHttps).failure.is_some());
    assert!(suite.case(Code::TlsExpired).skipped);
}

#[test]
fn the_rich_report_has_a_suite_per_section_and_the_wall_time() {
    let doc = parse(&rendered(&sample::rich(), Format::Junit));
    let names: Vec<&str> = doc
        .suites
        .iter()
        .map(|s| s.attributes["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "tls: https://hooks.example.com/cronofy/push",
            "delivery: https://hooks.example.com/cronofy/push"
        ]
    );
    assert_eq!(
        doc.attributes["tests"],
        (codes("tls-") + codes("delivery-")).to_string()
    );
    assert_eq!(doc.attributes["failures"], "1");

    let (tls, delivery) = (&doc.suites[0], &doc.suites[1]);
    assert_eq!(tls.attributes["failures"], "0");
    assert!(!tls.attributes.contains_key("time"));
    assert!(tls.case(Code::TlsExpiresSoon).system_out.is_some());
    assert_eq!(delivery.attributes["time"], "6.650");
    assert_eq!(delivery.attributes["failures"], "1");
    assert_eq!(delivery.properties["p99_ms"], "6000");
    assert!(delivery.case(Code::DeliveryTimeout).failure.is_some());
    let cold = delivery.case(Code::DeliveryColdStart);
    assert!(cold.failure.is_none());
    assert!(
        cold.system_out
            .as_deref()
            .is_some_and(|out| out.starts_with("info: the first delivery took 412 ms"))
    );
}

#[test]
fn hostile_text_is_escaped_and_what_xml_forbids_is_replaced() {
    let xml = rendered(&hostile(), Format::Junit);
    assert!(xml.chars().all(allowed_in_xml), "{xml:?}");
    assert!(!xml.contains("<script"));

    let doc = parse(&xml);
    // What XML cannot hold becomes U+FFFD; everything else survives, the
    // carriage return and line feed included.
    let survived = HOSTILE.replace(['\u{0}', '\u{1b}'], "\u{fffd}");
    let suite = &doc.suites[1];
    assert_eq!(
        suite.properties["target"],
        format!("https://hooks.example.com/{survived}")
    );
    let redirect = suite.case(Code::DeliveryRedirect);
    let (attributes, body) = redirect.failure.as_ref().expect("an error fails");
    assert_eq!(attributes["message"], survived);
    assert_eq!(*body, format!("error: {survived}\nfix: {survived}"));
    assert_eq!(
        doc.suites.iter().map(|s| s.cases.len()).sum::<usize>(),
        codes("tls-") + codes("delivery-")
    );
}
