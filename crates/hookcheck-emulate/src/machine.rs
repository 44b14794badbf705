//! The provider's side of delivery as a pure state machine: channels open
//! and close, notifications wait for their attempts, each attempt fills a
//! slot of the retry schedule, and a notification whose every slot failed
//! closes its channel for good. Nothing here reads a clock or does I/O:
//! every call is told the time ([`At`], the provider's time since the
//! emulator started), so that a day of retries is tested in microseconds
//! and the runtime ([`crate::drive`]) only carries attempts out.
//!
//! Slots are counted from a notification's first attempt, as the schedule
//! gives them ([`Schedule::attempts`]). A notification has one attempt in
//! flight at a time: an attempt that is still running when its next slot
//! comes (an endpoint that holds the connection to the cutoff, under a
//! large time scale) lets that slot pass, and the retry takes the first
//! slot still ahead. When no slot is left in the window, the channel
//! closes, and every other notification waiting on it is dropped.

use std::collections::VecDeque;
use std::time::Duration;

use bytes::Bytes;
use hookcheck_deliver::retry::Schedule;

/// The provider's time: how long since the emulator started, in scaled
/// time.
pub type At = Duration;

/// Attempts the log keeps at most; the oldest go first.
pub const LOG_LIMIT: usize = 10_000;

/// Channels kept at most, open and closed: past it, the oldest closed
/// channel is forgotten.
const KEPT_CHANNELS: usize = 1024;

/// Notifications waiting at most; past it a new one is refused rather
/// than memory growing without bound behind an endpoint that is down.
pub const PENDING_LIMIT: usize = 100_000;

/// A channel an app created.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Its id, `chn_…`.
    pub id: String,
    /// Where its notifications go.
    pub callback_url: String,
    /// The filters it was created with, as the app sent them (an object).
    pub filters: serde_json::Value,
    /// When it was created.
    pub created: At,
    /// When and why it was closed; `None` while open.
    pub closed: Option<Closure>,
}

/// Why and when a channel closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    /// When.
    pub at: At,
    /// Why.
    pub reason: Reason,
}

/// Why a channel closed.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The app closed it through the API.
    Requested,
    /// Every attempt of one notification failed within the window.
    RetriesExhausted {
        /// The notification that ran out of attempts.
        notification: u64,
        /// How many attempts it had.
        attempts: usize,
        /// How the last one ended.
        last: String,
    },
}

impl Reason {
    /// In a few words, for the channel list and the log.
    pub fn describe(&self, window: Duration) -> String {
        match self {
            Reason::Requested => "closed by the app".to_owned(),
            Reason::RetriesExhausted {
                notification,
                attempts,
                last,
            } => format!(
                "notification {notification} failed all {attempts} attempts within {}; the last: {last}",
                hookcheck_profile::duration(window)
            ),
        }
    }
}

/// Why a channel could not be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The account has as many open channels as it may.
    TooMany(usize),
}

/// One attempt to make now.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The notification's number, from 1.
    pub notification: u64,
    /// Its type, e.g. `change`.
    pub kind: String,
    /// The channel it is for.
    pub channel: String,
    /// Where it goes.
    pub url: String,
    /// The body, the same bytes on every attempt.
    pub body: Bytes,
    /// The attempt's number, 1 for the first.
    pub number: usize,
    /// The slot of the schedule it fills, from 0 (the first attempt).
    pub slot: usize,
    /// When the slot falls, counted from the first attempt.
    pub offset: Duration,
    /// When it was due.
    pub due: At,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Result {
    /// The endpoint answered 2xx within the budget.
    Delivered,
    /// Anything else, in a few words.
    Failed(String),
}

/// What an attempt led to.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Delivered; nothing more to do.
    Done,
    /// Another attempt in this slot, when it falls.
    Retry {
        /// The slot.
        slot: usize,
        /// When.
        at: At,
    },
    /// No slot left: the channel is closed.
    Closed,
    /// The channel had been closed meanwhile; the notification is dropped.
    Dropped,
}

/// One attempt made, as the log keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The attempt.
    pub attempt: Attempt,
    /// When it started.
    pub started: At,
    /// When it ended.
    pub ended: At,
    /// How long the endpoint took, in real time.
    pub latency: Duration,
    /// How it ended.
    pub result: Result,
    /// What came of it.
    pub next: Next,
}

/// A notification waiting for its next attempt, or in the middle of one.
#[derive(Debug, Clone)]
struct Pending {
    notification: u64,
    kind: String,
    channel: String,
    body: Bytes,
    /// When its first attempt was due: slots count from here.
    first: At,
    /// The slot of its next attempt.
    slot: usize,
    /// Attempts made so far.
    made: usize,
    in_flight: bool,
}

/// The provider's channels, the notifications waiting on them, and the log
/// of attempts.
#[derive(Debug, Clone)]
pub struct Machine {
    /// When each attempt falls, from the first; the first is at zero.
    slots: Vec<Duration>,
    window: Duration,
    limit: usize,
    channels: VecDeque<Channel>,
    pending: Vec<Pending>,
    log: VecDeque<Entry>,
    notifications: u64,
}

impl Machine {
    /// A provider retrying on `schedule`, allowing `limit` open channels.
    pub fn new(schedule: &Schedule, limit: usize) -> Machine {
        Machine {
            slots: schedule.attempts(),
            window: schedule.window,
            limit,
            channels: VecDeque::new(),
            pending: Vec::new(),
            log: VecDeque::new(),
            notifications: 0,
        }
    }

    /// How long retries go on.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Opens a channel `id` to `callback_url` with `filters`, or returns
    /// the open channel that is identical to it (as the provider does);
    /// with whether it is new.
    pub fn create(
        &mut self,
        id: String,
        callback_url: &str,
        filters: serde_json::Value,
        now: At,
    ) -> std::result::Result<(&Channel, bool), Refused> {
        let same = self.channels.iter().position(|channel| {
            channel.closed.is_none()
                && channel.callback_url == callback_url
                && channel.filters == filters
        });
        if let Some(index) = same {
            return Ok((&self.channels[index], false));
        }
        if self.open().count() >= self.limit {
            return Err(Refused::TooMany(self.limit));
        }
        if self.channels.len() >= KEPT_CHANNELS
            && let Some(oldest) = self.channels.iter().position(|c| c.closed.is_some())
        {
            self.channels.remove(oldest);
        }
        self.channels.push_back(Channel {
            id,
            callback_url: callback_url.to_owned(),
            filters,
            created: now,
            closed: None,
        });
        Ok((&self.channels[self.channels.len() - 1], true))
    }

    /// Closes channel `id` at the app's request; `false` when no open
    /// channel has that id.
    pub fn close(&mut self, id: &str, now: At) -> bool {
        self.close_with(id, now, Reason::Requested)
    }

    fn close_with(&mut self, id: &str, now: At, reason: Reason) -> bool {
        let Some(channel) = self
            .channels
            .iter_mut()
            .find(|channel| channel.id == id && channel.closed.is_none())
        else {
            return false;
        };
        channel.closed = Some(Closure { at: now, reason });
        // What waits for a closed channel is never sent; what is in
        // flight finds the channel closed when it ends.
        self.pending
            .retain(|pending| pending.channel != id || pending.in_flight);
        true
    }

    /// Every channel kept, in the order they were created.
    pub fn channels(&self) -> impl Iterator<Item = &Channel> {
        self.channels.iter()
    }

    /// The open channels.
    pub fn open(&self) -> impl Iterator<Item = &Channel> {
        self.channels
            .iter()
            .filter(|channel| channel.closed.is_none())
    }

    /// The channel `id`, open or closed.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|channel| channel.id == id)
    }

    /// Queues a notification of `kind` with `body` for channel `id`, its
    /// first attempt due now; its number, or `None` when the channel is
    /// not open or too many notifications are waiting.
    pub fn notify(&mut self, id: &str, kind: &str, body: Bytes, now: At) -> Option<u64> {
        self.channels
            .iter()
            .find(|channel| channel.id == id && channel.closed.is_none())?;
        if self.pending.len() >= PENDING_LIMIT {
            return None;
        }
        self.notifications += 1;
        self.pending.push(Pending {
            notification: self.notifications,
            kind: kind.to_owned(),
            channel: id.to_owned(),
            body,
            first: now,
            slot: 0,
            made: 0,
            in_flight: false,
        });
        Some(self.notifications)
    }

    fn due_at(&self, pending: &Pending) -> At {
        pending.first + self.slots.get(pending.slot).copied().unwrap_or_default()
    }

    /// When the next attempt falls, if one waits.
    pub fn next_due(&self) -> Option<At> {
        self.pending
            .iter()
            .filter(|pending| !pending.in_flight)
            .map(|pending| self.due_at(pending))
            .min()
    }

    /// The attempts due by `now`, each marked in flight until
    /// [`Machine::settle`] is told how it ended.
    pub fn due(&mut self, now: At) -> Vec<Attempt> {
        let mut attempts = Vec::new();
        for index in 0..self.pending.len() {
            let pending = &self.pending[index];
            let due = self.due_at(pending);
            if pending.in_flight || due > now {
                continue;
            }
            let url = self
                .channel(&pending.channel)
                .map(|channel| channel.callback_url.clone())
                .unwrap_or_default();
            let attempt = Attempt {
                notification: pending.notification,
                kind: pending.kind.clone(),
                channel: pending.channel.clone(),
                url,
                body: pending.body.clone(),
                number: pending.made + 1,
                slot: pending.slot,
                offset: self.slots[pending.slot],
                due,
            };
            self.pending[index].in_flight = true;
            self.pending[index].made += 1;
            attempts.push(attempt);
        }
        attempts
    }

    /// Records how `attempt` (started at `started`, taking `latency` of
    /// real time) ended at `now`, and what comes next: done, a retry in
    /// the first slot still ahead, or the channel closed.
    pub fn settle(
        &mut self,
        attempt: Attempt,
        result: Result,
        started: At,
        latency: Duration,
        now: At,
    ) -> Next {
        let index = self
            .pending
            .iter()
            .position(|pending| pending.notification == attempt.notification);
        let open = self
            .channel(&attempt.channel)
            .is_some_and(|channel| channel.closed.is_none());
        let next = match (index, &result) {
            (Some(index), _) if !open => {
                self.pending.remove(index);
                Next::Dropped
            }
            (None, _) => Next::Dropped,
            (Some(index), Result::Delivered) => {
                self.pending.remove(index);
                Next::Done
            }
            (Some(index), Result::Failed(why)) => {
                let first = self.pending[index].first;
                let ahead = (attempt.slot + 1..self.slots.len())
                    .find(|&slot| first + self.slots[slot] >= now);
                match ahead {
                    Some(slot) => {
                        let pending = &mut self.pending[index];
                        pending.slot = slot;
                        pending.in_flight = false;
                        Next::Retry {
                            slot,
                            at: first + self.slots[slot],
                        }
                    }
                    None => {
                        self.pending.remove(index);
                        let reason = Reason::RetriesExhausted {
                            notification: attempt.notification,
                            attempts: attempt.number,
                            last: why.clone(),
                        };
                        self.close_with(&attempt.channel, now, reason);
                        Next::Closed
                    }
                }
            }
        };
        if self.log.len() >= LOG_LIMIT {
            self.log.pop_front();
        }
        self.log.push_back(Entry {
            attempt,
            started,
            ended: now,
            latency,
            result,
            next: next.clone(),
        });
        next
    }

    /// The attempts made, oldest first (at most [`LOG_LIMIT`]).
    pub fn log(&self) -> impl Iterator<Item = &Entry> {
        self.log.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);
    const MINUTE: Duration = Duration::from_secs(60);

    fn calendar() -> Machine {
        let profile = hookcheck_profile::find("cronofy").unwrap();
        Machine::new(&Schedule::of(profile), 128)
    }

    fn open(machine: &mut Machine, id: &str) {
        let url = format!("https://app.test/{id}");
        let (_, new) = machine
            .create(id.to_owned(), &url, serde_json::json!({}), At::ZERO)
            .unwrap();
        assert!(new);
    }

    /// Runs the machine in simulated time until `until`: every attempt
    /// due is made at once and ends after `took` with what `endpoint`
    /// says at the moment it was made.
    fn run(
        machine: &mut Machine,
        until: At,
        took: Duration,
        endpoint: impl Fn(At) -> Result,
    ) -> Vec<Next> {
        let mut nexts = Vec::new();
        let mut in_flight: Vec<(At, Attempt, Result)> = Vec::new();
        let mut now = At::ZERO;
        while now <= until {
            for attempt in machine.due(now) {
                in_flight.push((now + took, attempt, endpoint(now)));
            }
            in_flight.sort_by_key(|(ends, ..)| *ends);
            let next_end = in_flight.first().map(|(ends, ..)| *ends);
            let next_due = machine.next_due();
            let Some(then) = [next_end, next_due].into_iter().flatten().min() else {
                break;
            };
            now = then.max(now);
            if next_end == Some(now) {
                let (ends, attempt, result) = in_flight.remove(0);
                let started = ends.saturating_sub(took);
                nexts.push(machine.settle(attempt, result, started, took, ends));
            }
        }
        nexts
    }

    #[test]
    fn a_healthy_endpoint_takes_each_notification_once() {
        let mut machine = calendar();
        open(&mut machine, "chn_1");
        machine.notify("chn_1", "verification", Bytes::new(), At::ZERO);
        machine.notify("chn_1", "change", Bytes::new(), MINUTE);
        let nexts = run(&mut machine, 48 * HOUR, Duration::from_millis(20), |_| {
            Result::Delivered
        });
        assert_eq!(nexts, [Next::Done, Next::Done]);
        assert!(machine.channel("chn_1").unwrap().closed.is_none());
        assert_eq!(machine.next_due(), None);
    }

    #[test]
    fn an_outage_of_three_hours_is_survived_on_schedule() {
        let mut machine = calendar();
        open(&mut machine, "chn_1");
        machine.notify("chn_1", "change", Bytes::new(), At::ZERO);
        let down = |at: At| {
            if at < 3 * HOUR {
                Result::Failed("connection refused".to_owned())
            } else {
                Result::Delivered
            }
        };
        let nexts = run(&mut machine, 48 * HOUR, Duration::from_millis(5), down);
        assert_eq!(nexts.last(), Some(&Next::Done));
        let attempts: Vec<Duration> = machine.log().map(|entry| entry.started).collect();
        // 0, 1, 3, 7, 15, 31, 63, 123 minutes, then an hour apart: the
        // first slot past three hours is 183 minutes.
        let minutes: Vec<u64> = attempts.iter().map(|at| at.as_secs() / 60).collect();
        assert_eq!(minutes, [0, 1, 3, 7, 15, 31, 63, 123, 183]);
        let slots: Vec<usize> = machine.log().map(|entry| entry.attempt.slot).collect();
        assert_eq!(slots, (0..9).collect::<Vec<_>>());
        assert!(machine.channel("chn_1").unwrap().closed.is_none());
    }

    #[test]
    fn a_day_of_failures_closes_the_channel_and_drops_what_waits() {
        let mut machine = calendar();
        open(&mut machine, "chn_1");
        open(&mut machine, "chn_2");
        machine.notify("chn_1", "change", Bytes::new(), At::ZERO);
        machine.notify("chn_1", "change", Bytes::new(), 2 * HOUR);
        machine.notify("chn_2", "change", Bytes::new(), At::ZERO);
        let failing = |_| Result::Failed("answered 500".to_owned());
        let nexts = run(&mut machine, 72 * HOUR, Duration::from_millis(5), failing);
        assert_eq!(nexts.iter().filter(|n| **n == Next::Closed).count(), 2);
        let closed = machine.channel("chn_1").unwrap().closed.clone().unwrap();
        // The 29th attempt, 23 hours after the first, was the last slot.
        assert_eq!(closed.at.as_secs() / 60, 23 * 60 + 3);
        assert_eq!(
            closed.reason,
            Reason::RetriesExhausted {
                notification: 1,
                attempts: 29,
                last: "answered 500".to_owned()
            }
        );
        // The second notification was dropped with its channel, not tried
        // on for its own day.
        let second = machine
            .log()
            .filter(|e| e.attempt.notification == 2)
            .count();
        assert!(second < 29, "{second}");
        assert_eq!(machine.next_due(), None);
        assert!(
            machine
                .notify("chn_1", "change", Bytes::new(), 80 * HOUR)
                .is_none()
        );
    }

    #[test]
    fn an_attempt_running_past_its_next_slot_lets_it_pass() {
        let mut machine = calendar();
        open(&mut machine, "chn_1");
        machine.notify("chn_1", "change", Bytes::new(), At::ZERO);
        // Every attempt is cut off after 5 hours of scaled time: slots
        // that fall meanwhile pass, the next one still ahead is taken.
        let nexts = run(&mut machine, 72 * HOUR, 5 * HOUR, |_| {
            Result::Failed("stuck waiting for the answer".to_owned())
        });
        let slots: Vec<usize> = machine.log().map(|entry| entry.attempt.slot).collect();
        assert_eq!(slots, [0, 10, 15, 20, 25]);
        assert_eq!(nexts.last(), Some(&Next::Closed));
        let numbers: Vec<usize> = machine.log().map(|entry| entry.attempt.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn closing_by_the_app_drops_its_notifications() {
        let mut machine = calendar();
        open(&mut machine, "chn_1");
        machine.notify("chn_1", "change", Bytes::new(), At::ZERO);
        let attempts = machine.due(At::ZERO);
        assert_eq!(attempts.len(), 1);
        assert!(machine.close("chn_1", MINUTE));
        assert!(!machine.close("chn_1", MINUTE), "closed once");
        let next = machine.settle(
            attempts[0].clone(),
            Result::Failed("answered 503".to_owned()),
            At::ZERO,
            Duration::ZERO,
            MINUTE,
        );
        assert_eq!(next, Next::Dropped);
        assert_eq!(machine.next_due(), None);
        let closure = machine.channel("chn_1").unwrap().closed.clone().unwrap();
        assert_eq!(closure.reason, Reason::Requested);
    }

    #[test]
    fn channels_are_limited_and_identical_ones_shared() {
        let profile = hookcheck_profile::find("cronofy").unwrap();
        let mut machine = Machine::new(&Schedule::of(profile), 2);
        let filters = serde_json::json!({"calendar_ids": ["cal_1"]});
        let (first, new) = machine
            .create("chn_1".into(), "https://a.test/", filters.clone(), At::ZERO)
            .unwrap();
        assert!(new);
        let first = first.id.clone();
        let (again, new) = machine
            .create("chn_2".into(), "https://a.test/", filters, At::ZERO)
            .unwrap();
        assert_eq!(
            (again.id.as_str(), new),
            (first.as_str(), false),
            "the same channel, not a second"
        );
        open(&mut machine, "chn_3");
        let refused = machine.create(
            "chn_4".into(),
            "https://b.test/",
            serde_json::json!({}),
            At::ZERO,
        );
        assert_eq!(refused, Err(Refused::TooMany(2)));
        assert!(machine.close("chn_3", At::ZERO));
        assert!(
            machine
                .create(
                    "chn_4".into(),
                    "https://b.test/",
                    serde_json::json!({}),
                    At::ZERO
                )
                .is_ok()
        );
    }
}
