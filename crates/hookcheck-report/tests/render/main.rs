//! The renderers tested on reports built by hand: a rich report snapshotted
//! in each format, and targeted cases for what each format promises (test
//! counts, escaping of what servers send, charts at the edges).

#![allow(clippy::expect_used, reason = "test helpers fail loudly on purpose")]

mod html;
mod human;
mod junit;
mod markdown;
mod sample;

use hookcheck_core::{Code, Finding, Report};
use hookcheck_report::{Format, render};

/// The report rendered in `format`.
fn rendered(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    render(report, format, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("every format is UTF-8")
}

/// What a hostile server could get into a report: markup, quotes, a CDATA
/// end, control characters, line breaks, Markdown syntax and a mention.
const HOSTILE: &str = "<script>alert(1)</script> \"quoted\" 'single' & ]]> \u{0}\u{1b}[31m \
                       line\r\nbreak | `tick` *bold* [link](https://evil.example) @team";

/// The rich report with [`HOSTILE`] in the target, a finding's message and
/// fix, a certificate subject and a failed delivery's detail.
fn hostile() -> Report {
    let mut report = sample::rich();
    report.target = format!("https://hooks.example.com/{HOSTILE}");
    report
        .findings
        .push(Finding::new(Code::DeliveryRedirect, HOSTILE).with_fix(HOSTILE));
    if let Some(tls) = &mut report.tls {
        HOSTILE.clone_into(&mut tls.chain[0].subject);
        tls.chain[0].san.push(format!("DNS:{HOSTILE}"));
    }
    if let Some(delivery) = &mut report.delivery {
        for record in delivery.deliveries.iter_mut().filter(|d| !d.succeeded) {
            record.detail = Some(HOSTILE.to_owned());
        }
    }
    report
}
