//! The TLS part of the HTML page: the connection (or the bundle judged) and
//! whether a strict client trusts it, the chain as the server sent it (or
//! the bundle holds it), the path a strict client builds, and how the grade
//! was reached.

use std::io::{self, Write};

use hookcheck_core::{CertificateSource, Rating, TlsSection};

use super::escape;
use crate::words::{
    bundle_judged, capitalized, chain_heading, day, not_presented, presented_at, sentence,
};

pub(super) fn section(tls: &TlsSection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<section id="tls">"#)?;
    writeln!(out, "<h2>TLS</h2>")?;

    write!(out, "<p>")?;
    if let Some(bundle) = bundle_judged(tls) {
        writeln!(out, "{}</p>", escape(&sentence(&bundle)))?;
    } else {
        connection(tls, out)?;
    }

    let (class, trust) = if tls.trusted {
        ("good", "Accepted by a strict client")
    } else {
        ("bad", "Refused by a strict client")
    };
    writeln!(
        out,
        r#"<p><span class="{class}">{trust}</span> (roots: {}; validity judged at {}).</p>"#,
        escape(&tls.trust_store),
        escape(&tls.checked_at)
    )?;

    chain(tls, out)?;
    path(tls, out)?;
    grade(tls, out)?;
    writeln!(out, "</section>")
}

/// The connection: what was negotiated, with which address, host and port.
fn connection(tls: &TlsSection, out: &mut dyn Write) -> io::Result<()> {
    match (&tls.protocol, &tls.cipher_suite) {
        (Some(protocol), Some(suite)) => write!(
            out,
            "Negotiated <code>{}</code> with <code>{}</code>",
            escape(protocol),
            escape(suite)
        )?,
        _ => write!(out, "No TLS session was negotiated")?,
    }
    match &tls.address {
        Some(address) => write!(
            out,
            " with <code>{}</code> ({}, port {})",
            escape(address),
            escape(tls.host.as_deref().unwrap_or("")),
            port(tls)
        )?,
        None => write!(
            out,
            " ({}, port {})",
            escape(tls.host.as_deref().unwrap_or("")),
            port(tls)
        )?,
    }
    match tls.ocsp_stapled {
        Some(true) => write!(out, "; OCSP response stapled")?,
        Some(false) => write!(out, "; no OCSP stapling")?,
        None => {}
    }
    writeln!(out, ".</p>")?;
    Ok(())
}

fn port(tls: &TlsSection) -> String {
    tls.port
        .map_or_else(|| "unknown".to_owned(), |port| port.to_string())
}

/// The certificates exactly as the server sent them.
fn chain(tls: &TlsSection, out: &mut dyn Write) -> io::Result<()> {
    if tls.chain.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h3>{}</h3>", capitalized(chain_heading(tls.source)))?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        "<thead><tr><th>#</th><th>Subject</th><th>Issuer</th><th>Key</th><th>Signature</th><th>Valid</th><th>SAN</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")?;
    for cert in &tls.chain {
        let mut marks = Vec::new();
        if cert.ca {
            marks.push("CA");
        }
        if cert.self_signed {
            marks.push("self-signed");
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(r#"<br><span class="muted">{}</span>"#, marks.join(", "))
        };
        let san: Vec<String> = cert.san.iter().map(|name| escape(name)).collect();
        writeln!(
            out,
            r#"<tr><td class="num">{}</td><td class="break">{}{marks}<br><span class="muted mono">sha256 {}</span></td><td class="break">{}</td><td>{}</td><td>{}</td><td class="num">{}<br>{}</td><td class="break">{}</td></tr>"#,
            cert.position,
            escape(&cert.subject),
            escape(cert.sha256.get(..16).unwrap_or(&cert.sha256)),
            escape(&cert.issuer),
            escape(&cert.key),
            escape(&cert.signature_algorithm),
            escape(day(&cert.not_before)),
            escape(day(&cert.not_after)),
            san.join("<br>")
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    for fetch in &tls.aia_fetches {
        match &fetch.error {
            Some(error) => writeln!(
                out,
                r#"<p class="muted">AIA fetch of <span class="break">{}</span> failed: {}</p>"#,
                escape(&fetch.url),
                escape(error)
            )?,
            None => writeln!(
                out,
                r#"<p class="muted">AIA fetch of <span class="break">{}</span>: {} certificate(s).</p>"#,
                escape(&fetch.url),
                fetch.certificates
            )?,
        }
    }
    Ok(())
}

/// The path from the leaf towards a trust anchor, and where each step came
/// from.
fn path(tls: &TlsSection, out: &mut dyn Write) -> io::Result<()> {
    if tls.verified_path.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h3>Path to a root</h3>")?;
    writeln!(out, "<ol>")?;
    for step in &tls.verified_path {
        let source = match (step.source, step.position, &step.url) {
            (CertificateSource::TrustAnchor, Some(n), _) => {
                format!("trusted root, {}", presented_at(tls.source, n))
            }
            (CertificateSource::TrustAnchor, None, _) => "trusted root".to_owned(),
            (CertificateSource::Presented, Some(n), _) => presented_at(tls.source, n),
            (CertificateSource::Fetched, _, Some(url)) => format!(
                r#"<span class="bad">{}</span>; fetched from <span class="break">{}</span>"#,
                not_presented(tls.source),
                escape(url)
            ),
            _ => format!(r#"<span class="bad">{}</span>"#, not_presented(tls.source)),
        };
        writeln!(
            out,
            r#"<li><span class="break">{}</span> <span class="muted">({source})</span></li>"#,
            escape(&step.subject)
        )?;
    }
    writeln!(out, "</ol>")
}

/// The grade, its scores and caps, the protocols accepted and HSTS.
fn grade(tls: &TlsSection, out: &mut dyn Write) -> io::Result<()> {
    if tls.rating.is_none() && tls.grade.is_none() && tls.protocols.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h3>Grade</h3>")?;
    match (&tls.rating, tls.grade) {
        (Some(rating), _) => rating_block(rating, out)?,
        (None, Some(grade)) => {
            let class = if grade.meets_a() { "good" } else { "bad" };
            writeln!(
                out,
                r#"<div class="grade"><div class="letter {class}">{}</div></div>"#,
                grade.as_str()
            )?;
        }
        (None, None) => writeln!(
            out,
            "<p>No grade: the protocol probes could not tell enough.</p>"
        )?,
    }

    if !tls.protocols.is_empty() {
        writeln!(out, "<table>")?;
        writeln!(
            out,
            "<thead><tr><th>Protocol</th><th>Accepted</th><th>Cipher suites, in the order chosen</th><th>Order</th></tr></thead>"
        )?;
        writeln!(out, "<tbody>")?;
        for protocol in tls.protocols.iter().rev() {
            let accepted = match protocol.accepted {
                Some(true) => r#"<span class="good">yes</span>"#,
                Some(false) => "no",
                None => r#"<span class="thin">unknown</span>"#,
            };
            let suites: Vec<String> = protocol
                .cipher_suites
                .iter()
                .map(|suite| {
                    let weakness = suite
                        .weakness
                        .as_deref()
                        .map(|w| format!(r#" <span class="bad">({})</span>"#, escape(w)))
                        .unwrap_or_default();
                    format!("<code>{}</code>{weakness}", escape(&suite.name))
                })
                .collect();
            let mut suites = suites;
            if let Some(why) = &protocol.undetermined {
                suites.push(format!(r#"<span class="muted">{}</span>"#, escape(why)));
            }
            let suites = suites.join("<br>");
            let order = match protocol.server_preference {
                Some(true) => "server's",
                Some(false) => "client's",
                None => "",
            };
            writeln!(
                out,
                "<tr><td>{}</td><td>{accepted}</td><td>{suites}</td><td>{order}</td></tr>",
                escape(&protocol.version)
            )?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table>")?;
    }

    if let Some(hsts) = &tls.hsts {
        match (&hsts.header, &hsts.error) {
            (Some(header), None) => writeln!(out, "<p>HSTS: <code>{}</code></p>", escape(header))?,
            (Some(header), Some(error)) => writeln!(
                out,
                r#"<p>HSTS: <code>{}</code> <span class="bad">is invalid</span> ({})</p>"#,
                escape(header),
                escape(error)
            )?,
            (None, _) => writeln!(out, "<p>HSTS: none.</p>")?,
        }
    }
    if let Some(connections) = tls.probe_connections {
        writeln!(
            out,
            r#"<p class="muted">The protocol probes opened {connections} connections.</p>"#
        )?;
    }
    Ok(())
}

/// The letter beside the scores, then each cap with its reason.
fn rating_block(rating: &Rating, out: &mut dyn Write) -> io::Result<()> {
    let class = if rating.grade.meets_a() {
        "good"
    } else {
        "bad"
    };
    writeln!(out, r#"<div class="grade">"#)?;
    writeln!(
        out,
        r#"<div class="letter {class}">{}</div>"#,
        rating.grade.as_str()
    )?;
    writeln!(
        out,
        r#"<table><tbody><tr><th>Score</th><td class="num">{}</td></tr><tr><th>Protocol (30%)</th><td class="num">{}</td></tr><tr><th>Key exchange (30%)</th><td class="num">{}</td></tr><tr><th>Cipher (40%)</th><td class="num">{}</td></tr></tbody></table>"#,
        rating.score, rating.protocol_score, rating.key_exchange_score, rating.cipher_score
    )?;
    writeln!(out, "</div>")?;
    if !rating.caps.is_empty() {
        writeln!(out, "<ul>")?;
        for cap in &rating.caps {
            writeln!(
                out,
                "<li><strong>{}</strong>: {}</li>",
                cap.grade.as_str(),
                escape(&cap.reason)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    Ok(())
}
