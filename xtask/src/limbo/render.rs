//! `benches/CONFORMANCE.md`: the run, the agreement beside rustls-webpki's
//! published figures, the wrong answers by case id, and whether each
//! rejection names its cause.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::case::{Expected, Outcome, Scope};
use super::causes::{self, Naming};
use super::suite::{Loaded, Provenance};
use super::tally::{self, Counts, Criterion};
use super::{REPORT, seconds};
use crate::bench_report::machine::Machine;
use crate::bench_report::thousands;

/// rustls-webpki 0.103's figures on the same 9,757 cases, from upstream's
/// own harness run on this suite (the suite's README): agree, wrong
/// accept, wrong reject, skipped.
pub(crate) const WEBPKI_PUBLISHED: Counts = Counts {
    cases: 9_757,
    agree: 9_698,
    wrong_accept: 52,
    wrong_reject: 5,
    not_run: 2,
};

pub(crate) struct Inputs<'a> {
    pub(crate) command: &'a str,
    pub(crate) path: &'a str,
    pub(crate) loaded: &'a Loaded,
    pub(crate) provenance: Option<&'a Provenance>,
    pub(crate) machine: &'a Machine,
    pub(crate) profile: &'a str,
    pub(crate) threads: usize,
    pub(crate) load_time: Duration,
    pub(crate) run_time: Duration,
    /// The process's CPU time, user and system.
    pub(crate) cpu_time: Option<Duration>,
    /// The one-minute load average when the run ended.
    pub(crate) load_average: Option<String>,
    pub(crate) outcomes: &'a [Outcome],
}

pub(crate) fn render(inputs: &Inputs<'_>) -> String {
    let mut out = String::new();
    header(&mut out, inputs);
    summary_section(&mut out, inputs.outcomes);
    criterion_section(&mut out, inputs.outcomes);
    scope_section(&mut out, inputs.outcomes);
    groups_section(&mut out, inputs.outcomes);
    wrong_section(&mut out, inputs.outcomes);
    causes_section(&mut out, inputs.outcomes);
    out
}

/// The lines `cargo xtask limbo` prints when done.
pub(crate) fn summary(outcomes: &[Outcome], wall: Duration) -> String {
    let ours = tally::count(outcomes, Criterion::Verdict);
    format!(
        "hookcheck: {} agree, {} wrong accept, {} wrong reject, {} not run, of {} ({}); \
         rustls-webpki 0.103 (published): {} agree, {} wrong accept, {} wrong reject",
        n(ours.agree),
        n(ours.wrong_accept),
        n(ours.wrong_reject),
        n(ours.not_run),
        n(ours.cases),
        seconds(wall),
        n(WEBPKI_PUBLISHED.agree),
        n(WEBPKI_PUBLISHED.wrong_accept),
        n(WEBPKI_PUBLISHED.wrong_reject),
    )
}

fn header(out: &mut String, inputs: &Inputs<'_>) {
    let Inputs {
        loaded, machine, ..
    } = inputs;
    let stated = |sha: &str| match inputs.provenance {
        Some(p) if p.sha256s.iter().any(|s| s == sha) => "matches the README beside the suite",
        Some(_) => "**differs from the README beside the suite**",
        None => "no README beside the suite to compare with",
    };
    let commit = inputs
        .provenance
        .and_then(|p| p.commit.as_deref())
        .map_or_else(
            || "upstream commit unknown (no README beside it)".to_owned(),
            |c| format!("x509-limbo at commit `{c}` (as the README beside it says)"),
        );
    let server = inputs
        .outcomes
        .iter()
        .filter(|o| !matches!(o.scope, Scope::Client))
        .count();
    let _ = writeln!(
        out,
        "# Conformance: x509-limbo\n\n\
         Written by `{command}` on {date}; run it again to refresh this file. The suite is \
         read from where it lies and is not part of the project.\n\n\
         | run | |\n|---|---|\n\
         | command | `{command}` |\n\
         | suite | `{path}`: {commit}, format version {version}, {cases} cases |\n\
         | file sha256 | `{file_sha}` ({file_stated}) |\n\
         | JSON sha256 | `{json_sha}`, {bytes} bytes ({json_stated}) |\n\
         | CPU | {cpu} ({cores}) |\n\
         | compiler | {rustc} |\n\
         | profile | {profile} |\n\
         | commit | {git} |\n\
         | wall time | {all} in all: {load} to read, decompress and parse; {run} to judge {server} \
         SERVER cases on {threads} threads ({per} per case per thread) |\n\
         | CPU time | {cpu_time}, user and system; the one-minute load average was {loadavg} \
         when done, on {cores} |\n",
        command = inputs.command,
        date = machine.date,
        path = inputs.path,
        version = loaded.suite.version,
        cases = n(loaded.suite.testcases.len()),
        file_sha = loaded.file_sha256,
        file_stated = stated(&loaded.file_sha256),
        json_sha = loaded.json_sha256,
        bytes = n(loaded.json_bytes),
        json_stated = stated(&loaded.json_sha256),
        cpu = machine.cpu,
        cores = machine.cores,
        rustc = machine.rustc,
        profile = inputs.profile,
        git = machine.commit,
        all = seconds(inputs.load_time + inputs.run_time),
        load = seconds(inputs.load_time),
        run = seconds(inputs.run_time),
        server = n(server),
        threads = inputs.threads,
        per = per_case(inputs.run_time, inputs.threads, server),
        cpu_time = inputs
            .cpu_time
            .map_or_else(|| "unknown".to_owned(), seconds),
        loadavg = inputs.load_average.as_deref().unwrap_or("unknown"),
    );
}

fn per_case(run: Duration, threads: usize, cases: usize) -> String {
    let cases = u32::try_from(cases.max(1)).unwrap_or(u32::MAX);
    let threads = u32::try_from(threads).unwrap_or(u32::MAX);
    let each = run * threads / cases;
    format!("{:.2} ms", each.as_secs_f64() * 1000.0)
}

fn summary_section(out: &mut String, outcomes: &[Outcome]) {
    let ours = tally::count(outcomes, Criterion::Verdict);
    let trusted = tally::count(outcomes, Criterion::Trusted);
    let _ = writeln!(
        out,
        "## Summary\n\n\
         | validator, on the same cases | agree | wrong accept | wrong reject | not run | of |\n\
         |---|--:|--:|--:|--:|--:|"
    );
    row(out, "**hookcheck** (`--chain`: no error finding)", &ours);
    row(
        out,
        "webpki inside hookcheck (the report's `trusted` alone)",
        &trusted,
    );
    row(out, "rustls-webpki 0.103, published", &WEBPKI_PUBLISHED);
    let beyond = wrong_accepts(outcomes)
        .filter(|o| o.trusted() == Some(false))
        .count();
    let _ = writeln!(
        out,
        "\nhookcheck agrees on {} of {} cases ({}), rustls-webpki 0.103 on {} ({}): {}; {} wrong \
         accepts against {}, {} of them a wrong accept webpki does not also make; {} wrong \
         rejects against {}.\n",
        n(ours.agree),
        n(ours.cases),
        percent(ours.agree, ours.cases),
        n(WEBPKI_PUBLISHED.agree),
        percent(WEBPKI_PUBLISHED.agree, WEBPKI_PUBLISHED.cases),
        signed(ours.agree, WEBPKI_PUBLISHED.agree),
        n(ours.wrong_accept),
        n(WEBPKI_PUBLISHED.wrong_accept),
        n(beyond),
        n(ours.wrong_reject),
        n(WEBPKI_PUBLISHED.wrong_reject),
    );
}

fn row(out: &mut String, name: &str, counts: &Counts) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} | {} | {} |",
        n(counts.agree),
        n(counts.wrong_accept),
        n(counts.wrong_reject),
        n(counts.not_run),
        n(counts.cases)
    );
}

fn criterion_section(out: &mut String, outcomes: &[Outcome]) {
    out.push_str(
        "## What counts as an accept\n\n\
         A case is accepted when hookcheck's report has no finding of severity `error`: \
         the verdict `ready`, exit status 0, what a user of `hookcheck tls --chain` acts \
         on. `trusted` alone would measure webpki, which hookcheck runs as its ground \
         truth, and not hookcheck: its second row above shows what that gives. The \
         verdict is at least as strict as `trusted` by construction (when webpki rejects \
         a chain in which the diagnosis found no error, webpki's error becomes an error \
         finding), so hookcheck makes no wrong accept that webpki does not also make. It \
         is stricter where the diagnosis finds an error webpki does not look for (a weak \
         key, a broken hash, an unsuitable usage on the path it builds): that is right \
         when the suite expects a failure, and a wrong reject when it does not.\n\n",
    );
    let stricter: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.compared() && o.trusted() == Some(true) && o.accepted() == Some(false))
        .collect();
    let (right, wrong): (Vec<&Outcome>, Vec<&Outcome>) = stricter
        .iter()
        .partition(|o| o.expected == Expected::Failure);
    let _ = writeln!(
        out,
        "Here hookcheck rejects {} cases that webpki accepts: {} rightly ({}), and {} \
         wrongly (the wrong rejects below where webpki accepts).\n",
        n(stricter.len()),
        n(right.len()),
        code_list(right.iter().map(|o| o.id.as_str())),
        n(wrong.len()),
    );
}

fn scope_section(out: &mut String, outcomes: &[Outcome]) {
    let scoped = tally::scope(outcomes);
    let excluded: usize = scoped.excluded.values().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "## Scope\n\n\
         Of {} cases, {} are CLIENT cases (not run: hookcheck checks servers) and {} are \
         SERVER cases. {} of those are excluded as the upstream harnesses exclude them, \
         leaving the {} cases compared:\n",
        n(scoped.total),
        n(scoped.client),
        n(scoped.server),
        n(excluded),
        n(scoped.compared),
    );
    for (feature, ids) in &scoped.excluded {
        let _ = writeln!(
            out,
            "- `{feature}`, {}: {}",
            n(ids.len()),
            code_list(ids.iter().map(String::as_str))
        );
    }
    let limited: Vec<String> = outcomes
        .iter()
        .filter(|o| o.compared())
        .filter_map(|o| Some(format!("`{}` ({})", o.id, o.max_chain_depth?)))
        .collect();
    if !limited.is_empty() {
        let _ = writeln!(
            out,
            "\nThe exclusion goes by the feature, as upstream's: {} compared {} a depth \
             limit without the `max-chain-depth` feature, and {} judged without it: {}.",
            n(limited.len()),
            if limited.len() == 1 {
                "case sets"
            } else {
                "cases set"
            },
            if limited.len() == 1 { "is" } else { "are" },
            limited.join(", ")
        );
    }
    out.push_str(
        "\nEach compared case becomes what `hookcheck tls --chain FILE --host NAME --ca-file \
         ROOTS --at TIME` is given: `peer_certificate` then `untrusted_intermediates`, in \
         the order given, as the presented chain; `trusted_certs` concatenated as the CA \
         file (`TrustStore::from_pem`); `validation_time` as the instant (now when null); \
         the expected DNS or IP name as the host, read as `--host` reads it, and no host \
         when a case expects none (or an e-mail address): trust alone, as `--chain` \
         without `--host` judges it. They go to `hookcheck_tls::check_chain`, the pure \
         function behind `--chain`. A TLS server check means the serverAuth \
         usage, so a case asking for serverAuth is expressible, and one asking for another \
         usage, a key usage or signature algorithms is not.\n",
    );
    if scoped.inexpressible.is_empty() {
        out.push_str("\nNo compared case is inexpressible.\n");
    } else {
        let _ = writeln!(
            out,
            "\nInexpressible on the command line, {} (not run, so counted as not agreeing):\n",
            n(scoped.inexpressible.len())
        );
        for (id, why) in &scoped.inexpressible {
            let _ = writeln!(out, "- `{id}`: {why}");
        }
    }
    if !scoped.tool_errors.is_empty() {
        let _ = writeln!(
            out,
            "\nRefused as input (the command line exits 2; counted as rejections), {}:\n",
            n(scoped.tool_errors.len())
        );
        for (id, why) in &scoped.tool_errors {
            let _ = writeln!(out, "- `{id}`: {why}");
        }
    }
    out.push('\n');
}

fn groups_section(out: &mut String, outcomes: &[Outcome]) {
    out.push_str(
        "## By group and feature\n\n\
         Groups are the ids' prefix before `::`. The last column is webpki's `trusted` \
         alone, for comparison.\n\n",
    );
    let ours = tally::by(outcomes, Criterion::Verdict, |o| vec![o.group().to_owned()]);
    let trusted = tally::by(outcomes, Criterion::Trusted, |o| vec![o.group().to_owned()]);
    table(out, "group", &ours, &trusted);
    let features = |o: &Outcome| {
        if o.features.is_empty() {
            vec!["(none)".to_owned()]
        } else {
            o.features.clone()
        }
    };
    let ours = tally::by(outcomes, Criterion::Verdict, features);
    let trusted = tally::by(outcomes, Criterion::Trusted, features);
    out.push('\n');
    table(out, "feature", &ours, &trusted);
    out.push('\n');
}

fn table(
    out: &mut String,
    what: &str,
    ours: &BTreeMap<String, Counts>,
    trusted: &BTreeMap<String, Counts>,
) {
    let _ = writeln!(
        out,
        "| {what} | cases | agree | wrong accept | wrong reject | not run | agreement | \
         webpki agree |\n|---|--:|--:|--:|--:|--:|--:|--:|"
    );
    for (key, counts) in ours {
        let webpki = trusted.get(key).map_or(0, |c| c.agree);
        let _ = writeln!(
            out,
            "| {key} | {} | {} | {} | {} | {} | {} | {} |",
            n(counts.cases),
            n(counts.agree),
            n(counts.wrong_accept),
            n(counts.wrong_reject),
            n(counts.not_run),
            percent(counts.agree, counts.cases),
            n(webpki),
        );
    }
}

fn wrong_accepts(outcomes: &[Outcome]) -> impl Iterator<Item = &Outcome> {
    outcomes
        .iter()
        .filter(|o| o.compared() && o.expected == Expected::Failure && o.accepted() == Some(true))
}

fn wrong_section(out: &mut String, outcomes: &[Outcome]) {
    let accepts: Vec<&Outcome> = wrong_accepts(outcomes).collect();
    let _ = writeln!(
        out,
        "## Wrong accepts ({})\n\n\
         Cases the suite expects to fail that hookcheck declares ready. \"webpki\" is its \
         verdict on the same inputs.\n",
        n(accepts.len())
    );
    if accepts.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| case | webpki | what it breaks |\n|---|---|---|\n");
        for outcome in &accepts {
            let webpki = match outcome.trusted() {
                Some(true) => "accepts too",
                _ => "**rejects**",
            };
            let _ = writeln!(out, "| `{}` | {webpki} | {} |", outcome.id, breaks(outcome));
        }
    }
    let rejects: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.compared() && o.expected == Expected::Success && o.accepted() == Some(false))
        .collect();
    let _ = writeln!(
        out,
        "\n## Wrong rejects ({})\n\n\
         Cases the suite expects to pass that hookcheck does not declare ready, with the \
         error codes it gave.\n",
        n(rejects.len())
    );
    if rejects.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| case | error codes | webpki |\n|---|---|---|\n");
        for outcome in &rejects {
            let (codes, webpki) = match &outcome.scope {
                Scope::Ran(j) => (
                    causes::label(j),
                    j.webpki
                        .as_deref()
                        .map_or_else(|| "accepts".to_owned(), |r| format!("rejects: {r}")),
                ),
                Scope::ToolError(why) => (format!("(refused as input: {why})"), String::new()),
                _ => continue,
            };
            let _ = writeln!(out, "| `{}` | {codes} | {webpki} |", outcome.id);
        }
    }
    out.push('\n');
}

/// What a case breaks, in the runner's words, for the wrong-accept table.
fn breaks(outcome: &Outcome) -> String {
    match &outcome.scope {
        Scope::Ran(judgement) => causes::of(outcome, judgement).map_or_else(
            || format!("(webpki accepts; the id names {})", outcome.family()),
            |c| c.name.to_owned(),
        ),
        _ => String::new(),
    }
}

fn causes_section(out: &mut String, outcomes: &[Outcome]) {
    let rejected: Vec<(&Outcome, Option<causes::Cause>, Naming)> = outcomes
        .iter()
        .filter(|o| o.compared())
        .filter_map(|o| causes::naming(o).map(|(cause, naming)| (o, cause, naming)))
        .collect();
    let _ = writeln!(
        out,
        "## Causes\n\n\
         Does each rejection name what the case breaks? The cause comes from the case id \
         where it says one (`rfc5280::validity::expired-leaf`: expired), else from webpki's \
         own reason on the same inputs (BetterTLS ids name only their suite); each cause maps \
         to the codes that name it. The **fallback** is the diagnosis's last resort: when \
         webpki rejects a chain in which the diagnosis found no error, webpki's error \
         becomes a `tls-unknown-issuer` finding (message \"a strict client (webpki) rejects \
         the chain: …\", fact `webpki_error`); it is marked below with webpki's reason. \
         {} of the compared cases were rejected.\n",
        n(rejected.len())
    );

    let mut by_naming: BTreeMap<Naming, usize> = BTreeMap::new();
    for (_, _, naming) in &rejected {
        *by_naming.entry(*naming).or_default() += 1;
    }
    out.push_str("| how the rejection names its cause | cases |\n|---|--:|\n");
    for (naming, count) in &by_naming {
        let _ = writeln!(out, "| {} | {} |", naming.describe(), n(*count));
    }

    // Per family: the codes given, and how many rest on the fallback.
    let mut families: BTreeMap<&str, (usize, usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for (outcome, _, _) in &rejected {
        let Scope::Ran(judgement) = &outcome.scope else {
            continue;
        };
        let entry = families.entry(outcome.family()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(judgement.fallback);
        *entry.2.entry(causes::label(judgement)).or_default() += 1;
    }
    out.push_str(
        "\n### Error codes by family\n\n\
         Families are the ids without their last part. Each rejected case counts once, \
         under the combination of error codes it got.\n\n\
         | family | rejected | fallback only | error codes given (cases) |\n|---|--:|--:|---|\n",
    );
    for (family, (count, fallback, labels)) in &families {
        let mut labels: Vec<(&String, &usize)> = labels.iter().collect();
        labels.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let given: Vec<String> = labels
            .iter()
            .map(|(label, count)| format!("{label} ({})", n(**count)))
            .collect();
        let _ = writeln!(
            out,
            "| `{family}` | {} | {} | {} |",
            n(*count),
            n(*fallback),
            given.join("; ")
        );
    }

    // webpki's reason against the codes.
    let mut reasons: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (outcome, _, _) in &rejected {
        if let Scope::Ran(judgement) = &outcome.scope {
            let reason = judgement
                .webpki
                .clone()
                .unwrap_or_else(|| "(accepts)".to_owned());
            *reasons
                .entry((reason, causes::label(judgement)))
                .or_default() += 1;
        }
    }
    out.push_str(
        "\n### webpki's reason against hookcheck's codes\n\n\
         | webpki's reason | hookcheck's error codes | cases |\n|---|---|--:|\n",
    );
    for ((reason, label), count) in &reasons {
        let _ = writeln!(out, "| {reason} | {label} | {} |", n(*count));
    }

    mismatches(out, &rejected);
}

/// The most common rejections that do not name their cause, by cause and
/// the codes given, with a few ids each.
fn mismatches(out: &mut String, rejected: &[(&Outcome, Option<causes::Cause>, Naming)]) {
    let mut groups: BTreeMap<(String, String, Naming), Vec<&str>> = BTreeMap::new();
    for (outcome, cause, naming) in rejected {
        if matches!(naming, Naming::Named | Naming::WrongReject) {
            continue;
        }
        let Scope::Ran(judgement) = &outcome.scope else {
            continue;
        };
        let pattern = if outcome.group() == "bettertls" {
            format!("`{}::*`", outcome.family())
        } else {
            format!("`{}::…`", outcome.family())
        };
        let cause = cause.map_or("unknown", |c| c.name);
        groups
            .entry((
                format!("{pattern} ({cause})"),
                causes::label(judgement),
                *naming,
            ))
            .or_default()
            .push(&outcome.id);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let _ = writeln!(
        out,
        "\n### Rejections that do not name their cause\n\n\
         {} kinds (id pattern and cause → codes given), the most common first, with up to \
         five ids each:\n\n\
         | id pattern (cause) | codes given | kind | cases | ids |\n|---|---|---|--:|---|",
        n(groups.len()),
    );
    for ((pattern, label, naming), ids) in &groups {
        let kind = match naming {
            Naming::FallbackMissed => "fallback, a code exists",
            Naming::FallbackNoCode => "fallback, no code exists",
            Naming::Misnamed => "misnamed",
            Naming::OtherNoCode => "other codes, no code exists",
            Naming::Unknown => "cause unknown",
            Naming::CoCause => "host name named beside it",
            Naming::WrongReject => "wrong reject",
            Naming::Named => "named",
        };
        let shown: Vec<&str> = ids.iter().take(5).copied().collect();
        let more = if ids.len() > 5 { ", …" } else { "" };
        let _ = writeln!(
            out,
            "| {pattern} | {label} | {kind} | {} | {}{more} |",
            n(ids.len()),
            code_list(shown.iter().copied()),
        );
    }
    let _ = writeln!(
        out,
        "\nEvery case's outcome can be had again with `cargo xtask limbo`; this file is \
         `{REPORT}`."
    );
}

fn code_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A count with thousands separated by commas, as the suite's README
/// writes them.
pub(crate) fn n(count: usize) -> String {
    thousands(u64::try_from(count).unwrap_or(u64::MAX))
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    #[allow(clippy::cast_precision_loss, reason = "case counts are far below 2^52")]
    let share = part as f64 * 100.0 / whole as f64;
    format!("{share:.2}%")
}

fn signed(ours: usize, theirs: usize) -> String {
    match ours.cmp(&theirs) {
        std::cmp::Ordering::Greater => format!("{} more", n(ours - theirs)),
        std::cmp::Ordering::Less => format!("{} fewer", n(theirs - ours)),
        std::cmp::Ordering::Equal => "as many".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(n(0), "0");
        assert_eq!(n(999), "999");
        assert_eq!(n(9_757), "9,757");
        assert_eq!(n(41_120_294), "41,120,294");
    }
}
