//! Whether an endpoint's answers wait for the client's acknowledgement.
//!
//! A server that writes an answer's head and body in two writes with
//! Nagle's algorithm on holds the body until the head is acknowledged. A
//! client that acknowledges at once (as hookcheck does) barely notices; one
//! that delays acknowledgements, as most TCP stacks do on a kept
//! connection, waits a delayed-ACK interval (40 ms or more) on every
//! delivery. The provider's client may be such a sender.
//!
//! Only the counterfactual shows it: the same kind of delivery with the
//! acknowledgements delayed. When the series' kept deliveries came in
//! pieces and quickly ([`worth_probing`]), the run makes one more with
//! delayed acknowledgements, and [`finding`] compares the time from the
//! answer's head to its end in both. A server that simply takes 40 ms to
//! make its body takes them with either, and is never named. Pure:
//! measured deliveries in, a finding out.

use std::time::Duration;

use hookcheck_core::{Code, Finding};

use crate::engine::{Acks, Delivery, Outcome};
use crate::verdict::{millis, ms};

/// The shortest interval after which a stack that delays an
/// acknowledgement sends it anyway: Linux's (`TCP_DELACK_MIN`); Windows and
/// the BSDs wait 40 to 200 ms.
pub const DELAYED_ACK: Duration = Duration::from_millis(40);

/// The longest any stack delays an acknowledgement (RFC 1122 allows
/// 500 ms): a body later than that with delayed acknowledgements waited for
/// something else.
const LONGEST_DELAYED_ACK: Duration = Duration::from_millis(500);

/// From the answer's head to its end: where a body held back for an
/// acknowledgement shows. `None` for a delivery that says nothing about it:
/// not answered 2xx with a body, or not over a kept connection (a new one
/// acknowledges at once at first, whatever the stack).
fn body_time(delivery: &Delivery) -> Option<Duration> {
    let answered = matches!(
        delivery.outcome,
        Outcome::Answered {
            status: 200..=299,
            body_bytes: 1..,
            ..
        }
    );
    if !answered || !delivery.reused {
        return None;
    }
    let ttfb = delivery.phases.ttfb?;
    Some(delivery.phases.total.saturating_sub(ttfb))
}

/// The body times of the deliveries acknowledged at once, sorted, with how
/// many of those answers came in more than one read.
fn immediate(series: &[&Delivery]) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut in_pieces = 0;
    for delivery in series.iter().filter(|d| d.acks == Acks::Immediate) {
        if let Some(time) = body_time(delivery) {
            times.push(time);
            in_pieces += usize::from(delivery.answer_reads > 1);
        }
    }
    times.sort_unstable();
    (times, in_pieces)
}

/// Whether one delivery with delayed acknowledgements could tell anything:
/// at least two kept deliveries answered 2xx with a body, most of those
/// answers came in pieces (one that comes whole cannot wait on an
/// acknowledgement halfway), and their bodies came well within a
/// delayed-ACK interval of their heads (otherwise there is nothing to tell
/// the interval from).
pub fn worth_probing(series: &[&Delivery]) -> bool {
    let (times, in_pieces) = immediate(series);
    times.len() >= 2 && 2 * in_pieces > times.len() && times[times.len() / 2] < DELAYED_ACK / 4
}

/// `delivery-delayed-ack` when the body of the delivery with delayed
/// acknowledgements (`probe`) came about a delayed-ACK interval later than
/// the bodies of the series' kept deliveries, each of which came at least
/// a quarter interval sooner.
pub fn finding(series: &[&Delivery], probe: Option<&Delivery>) -> Option<Finding> {
    let probe = probe.filter(|p| p.acks == Acks::Delayed)?;
    let delayed = body_time(probe)?;
    let (times, _) = immediate(series);
    if times.len() < 2 {
        return None;
    }
    let (slowest, median) = (times[times.len() - 1], times[times.len() / 2]);
    let extra = delayed.saturating_sub(median);
    if extra < DELAYED_ACK * 3 / 4
        || extra > LONGEST_DELAYED_ACK
        || slowest + DELAYED_ACK / 4 > delayed
    {
        return None;
    }
    Some(
        Finding::new(
            Code::DeliveryDelayedAck,
            format!(
                "on a kept connection the answer's body came {} after its head when hookcheck \
                 delayed its acknowledgement of the head, as many TCP stacks do, and {} after it \
                 (median of {}) when it acknowledged at once: a sender that delays \
                 acknowledgements waits about {} more for every delivery",
                ms(delayed),
                ms(median),
                times.len(),
                ms(extra)
            ),
        )
        .with_fix(
            "Set TCP_NODELAY on the server's sockets, or write each answer's head and body in \
             one write",
        )
        .with_fact("body_delayed_acks_ms", millis(delayed))
        .with_fact("body_immediate_acks_ms", millis(median))
        .with_fact("deliveries", times.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Phases;

    /// A kept delivery answered 200 with a body that came `body_ms` after
    /// its head, in `reads` pieces.
    fn kept(body_ms: u64, reads: usize, acks: Acks) -> Delivery {
        Delivery {
            phases: Phases {
                ttfb: Some(Duration::from_millis(1)),
                total: Duration::from_millis(1 + body_ms),
                ..Phases::default()
            },
            reused: true,
            reconnected: false,
            answer_reads: reads,
            acks,
            protocol: None,
            outcome: Outcome::Answered {
                status: 200,
                location: None,
                body_bytes: 2,
            },
            kept: None,
        }
    }

    fn refs(deliveries: &[Delivery]) -> Vec<&Delivery> {
        deliveries.iter().collect()
    }

    #[test]
    fn a_body_held_for_the_acknowledgement_is_named_with_both_times() {
        let series: Vec<Delivery> = (0..4).map(|_| kept(0, 2, Acks::Immediate)).collect();
        assert!(worth_probing(&refs(&series)));
        let probe = kept(41, 2, Acks::Delayed);
        let found = finding(&refs(&series), Some(&probe)).expect("a finding");
        assert_eq!(found.code, Code::DeliveryDelayedAck);
        assert_eq!(found.facts["body_delayed_acks_ms"], 41);
        assert_eq!(found.facts["body_immediate_acks_ms"], 0);
        assert_eq!(found.facts["deliveries"], 4);
        assert!(
            found.message.contains("came 41 ms after its head"),
            "{}",
            found.message
        );
    }

    #[test]
    fn a_body_that_takes_40_ms_to_make_is_not_a_delayed_ack() {
        // As slow with immediate acknowledgements: nothing to probe…
        let slow: Vec<Delivery> = (0..4).map(|_| kept(40, 2, Acks::Immediate)).collect();
        assert!(!worth_probing(&refs(&slow)));
        // …and a probe would not tell it from the interval either.
        let probe = kept(41, 2, Acks::Delayed);
        assert!(finding(&refs(&slow), Some(&probe)).is_none());
        // Sometimes that slow with immediate acknowledgements: not shown to
        // wait for them.
        let mut mixed: Vec<Delivery> = (0..4).map(|_| kept(0, 2, Acks::Immediate)).collect();
        mixed.push(kept(38, 2, Acks::Immediate));
        assert!(finding(&refs(&mixed), Some(&probe)).is_none());
    }

    #[test]
    fn only_answers_in_pieces_over_kept_connections_are_probed() {
        let whole: Vec<Delivery> = (0..4).map(|_| kept(0, 1, Acks::Immediate)).collect();
        assert!(!worth_probing(&refs(&whole)));
        let mut fresh: Vec<Delivery> = (0..4).map(|_| kept(0, 2, Acks::Immediate)).collect();
        for delivery in &mut fresh[1..] {
            delivery.reused = false;
        }
        assert!(
            !worth_probing(&refs(&fresh)),
            "one kept delivery is no baseline"
        );
        let no_probe: Vec<Delivery> = (0..4).map(|_| kept(0, 2, Acks::Immediate)).collect();
        assert!(finding(&refs(&no_probe), None).is_none());
        // A probe that waited far longer than any stack delays waited for
        // something else.
        let stalled = kept(2_000, 2, Acks::Delayed);
        assert!(finding(&refs(&no_probe), Some(&stalled)).is_none());
    }
}
