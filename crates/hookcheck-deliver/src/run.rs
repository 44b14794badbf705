//! A run of deliveries, as the provider makes them to a new channel: the
//! first alone (the verification), the rest of the series `concurrency` at
//! a time over kept connections, then an optional burst, all at once on
//! connections of their own (as after a bulk calendar sync).
//!
//! Between the series and the burst, when the series' answers came in
//! pieces, one more delivery goes over a kept connection with the client's
//! acknowledgements delayed (see [`crate::delayed_ack`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Barrier;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::delayed_ack;
use crate::engine::{Delivery, Engine, Outcome, Target};
use crate::notifications::Notifications;

/// How many deliveries, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Deliveries in the series.
    pub count: usize,
    /// Deliveries of the series in flight at once.
    pub concurrency: usize,
    /// Deliveries sent all at once after the series (0: none).
    pub burst: usize,
    /// When an unanswered delivery is given up.
    pub cutoff: Duration,
}

/// One delivery of a run, with what it sent.
#[derive(Debug, Clone)]
pub struct Sent {
    /// Its place among all deliveries of the run, from 0.
    pub n: usize,
    /// Whether it belonged to the burst.
    pub burst: bool,
    /// The notification type sent, when known.
    pub kind: Option<String>,
    /// The body's size.
    pub bytes: usize,
    /// What happened.
    pub delivery: Delivery,
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Run {
    /// The series, in the order the deliveries were started.
    pub series: Vec<Sent>,
    /// The burst.
    pub burst: Vec<Sent>,
    /// The delivery with delayed acknowledgements, when one was made.
    pub ack_probe: Option<Sent>,
    /// The run's wall time.
    pub wall: Duration,
}

impl Run {
    /// The first local limit a delivery met (see [`Outcome::LocalLimit`]),
    /// if any did.
    pub fn local_limit(&self) -> Option<&str> {
        self.series
            .iter()
            .chain(&self.burst)
            .chain(&self.ack_probe)
            .find_map(|sent| match &sent.delivery.outcome {
                Outcome::LocalLimit(cause) => Some(cause.as_str()),
                _ => None,
            })
    }
}

/// Makes the deliveries of `plan` to `target`. Needs a tokio runtime with
/// time and I/O enabled; a multi-threaded one lets concurrent deliveries
/// use every core.
pub async fn run(target: &Target, plan: Plan, notifications: Arc<Notifications>) -> Run {
    let start = Instant::now();
    let mut first = Engine::new(target.clone(), plan.cutoff);
    let mut series = Vec::with_capacity(plan.count);
    if plan.count > 0 {
        series.push(send(&mut first, &notifications, 0, false).await);
    }

    // The rest of the series: workers take the next delivery until none is
    // left; the first keeps the connection the first delivery opened.
    let next = Arc::new(AtomicUsize::new(1));
    let mut workers = JoinSet::new();
    let mut engines = vec![first];
    let more = plan.concurrency.min(plan.count.saturating_sub(1));
    engines.extend((1..more).map(|_| Engine::new(target.clone(), plan.cutoff)));
    for mut engine in engines {
        let next = Arc::clone(&next);
        let notifications = Arc::clone(&notifications);
        let count = plan.count;
        workers.spawn(async move {
            let mut done = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    break (engine, done);
                }
                done.push(send(&mut engine, &notifications, n, false).await);
            }
        });
    }
    let mut kept = Vec::new();
    while let Some(finished) = workers.join_next().await {
        // A worker only panics on a bug; its deliveries are then missing
        // from the report rather than the whole run lost.
        if let Ok((engine, done)) = finished {
            kept.push(engine);
            series.extend(done);
        }
    }
    series.sort_by_key(|sent| sent.n);

    // Whether the answers wait for the client's acknowledgements: one more
    // delivery over a connection still kept, acknowledging as most stacks
    // do.
    let mut ack_probe = None;
    let delivered: Vec<&Delivery> = series.iter().map(|s| &s.delivery).collect();
    if delayed_ack::worth_probing(&delivered)
        && let Some(engine) = kept.iter_mut().find(|e| e.keeps_connection())
    {
        let n = plan.count;
        let prepared = notifications.nth(n);
        ack_probe = engine
            .deliver_with_delayed_acks(&prepared.body, &prepared.headers)
            .await
            .map(|delivery| Sent {
                n,
                burst: false,
                kind: prepared.kind,
                bytes: prepared.body.len(),
                delivery,
            });
    }
    drop(kept);
    let first_burst = plan.count + usize::from(ack_probe.is_some());

    // The burst: every delivery on a connection of its own, released
    // together once all are ready.
    let gate = Arc::new(Barrier::new(plan.burst));
    let mut bursting = JoinSet::new();
    for i in 0..plan.burst {
        let mut engine = Engine::new(target.clone(), plan.cutoff);
        let gate = Arc::clone(&gate);
        let notifications = Arc::clone(&notifications);
        let n = first_burst + i;
        bursting.spawn(async move {
            gate.wait().await;
            send(&mut engine, &notifications, n, true).await
        });
    }
    let mut burst = Vec::with_capacity(plan.burst);
    while let Some(sent) = bursting.join_next().await {
        burst.extend(sent.ok());
    }
    burst.sort_by_key(|sent| sent.n);

    Run {
        series,
        burst,
        ack_probe,
        wall: start.elapsed(),
    }
}

async fn send(engine: &mut Engine, notifications: &Notifications, n: usize, burst: bool) -> Sent {
    let prepared = notifications.nth(n);
    let delivery = engine.deliver(&prepared.body, &prepared.headers).await;
    Sent {
        n,
        burst,
        kind: prepared.kind,
        bytes: prepared.body.len(),
        delivery,
    }
}
