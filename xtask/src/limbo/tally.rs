//! The accounting: outcomes counted as agreements, wrong accepts, wrong
//! rejects and cases not run, overall and by group or feature, under
//! either criterion (hookcheck's verdict, or webpki's `trusted` alone).

use std::collections::BTreeMap;

use super::case::{Expected, Outcome, Scope};

/// Which answer of hookcheck's is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Criterion {
    /// The report has no error finding: what `hookcheck tls --chain`
    /// exits 0 on.
    Verdict,
    /// webpki's verdict alone, as the report's `trusted` carries it.
    Trusted,
}

/// Counts over the compared cases (SERVER cases not excluded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) cases: usize,
    pub(crate) agree: usize,
    pub(crate) wrong_accept: usize,
    pub(crate) wrong_reject: usize,
    /// Inexpressible on the command line: not run, so not agreeing.
    pub(crate) not_run: usize,
}

impl Counts {
    fn add(&mut self, outcome: &Outcome, criterion: Criterion) {
        if !outcome.compared() {
            return;
        }
        self.cases += 1;
        let accepted = match criterion {
            Criterion::Verdict => outcome.accepted(),
            Criterion::Trusted => outcome.trusted(),
        };
        match (accepted, outcome.expected) {
            (None, _) => self.not_run += 1,
            (Some(true), Expected::Success) | (Some(false), Expected::Failure) => self.agree += 1,
            (Some(true), Expected::Failure) => self.wrong_accept += 1,
            (Some(false), Expected::Success) => self.wrong_reject += 1,
        }
    }
}

/// Counts every compared outcome.
pub(crate) fn count<'a>(
    outcomes: impl IntoIterator<Item = &'a Outcome>,
    criterion: Criterion,
) -> Counts {
    let mut counts = Counts::default();
    for outcome in outcomes {
        counts.add(outcome, criterion);
    }
    counts
}

/// Counts by a key of each outcome (an outcome may have several, as with
/// features), in the key's order.
pub(crate) fn by<'a, K: Ord>(
    outcomes: &'a [Outcome],
    criterion: Criterion,
    keys: impl Fn(&'a Outcome) -> Vec<K>,
) -> BTreeMap<K, Counts> {
    let mut table: BTreeMap<K, Counts> = BTreeMap::new();
    for outcome in outcomes.iter().filter(|o| o.compared()) {
        for key in keys(outcome) {
            table.entry(key).or_default().add(outcome, criterion);
        }
    }
    table
}

/// The scope of the file: how many cases are of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scoped {
    pub(crate) total: usize,
    pub(crate) client: usize,
    pub(crate) server: usize,
    /// The excluded, by feature, with their ids.
    pub(crate) excluded: BTreeMap<&'static str, Vec<String>>,
    pub(crate) compared: usize,
    /// The inexpressible, with why.
    pub(crate) inexpressible: Vec<(String, String)>,
    /// Inputs the command line refuses, with why.
    pub(crate) tool_errors: Vec<(String, String)>,
}

pub(crate) fn scope(outcomes: &[Outcome]) -> Scoped {
    let mut scoped = Scoped {
        total: outcomes.len(),
        ..Scoped::default()
    };
    for outcome in outcomes {
        match &outcome.scope {
            Scope::Client => scoped.client += 1,
            Scope::Excluded(why) => scoped
                .excluded
                .entry(why.feature())
                .or_default()
                .push(outcome.id.clone()),
            Scope::Inexpressible(why) => {
                scoped.inexpressible.push((outcome.id.clone(), why.clone()));
            }
            Scope::ToolError(why) => scoped.tool_errors.push((outcome.id.clone(), why.clone())),
            Scope::Ran(_) => {}
        }
        if !matches!(outcome.scope, Scope::Client) {
            scoped.server += 1;
        }
        if outcome.compared() {
            scoped.compared += 1;
        }
    }
    scoped
}
