//! `hookcheck emulate`: the provider's side of push notifications on
//! loopback, so that an app's whole integration — creating a channel,
//! the verification, changes, the follow-up read, an outage and the
//! retries after it, the channel closed after a longer one — runs in its
//! own test suite, offline.
//!
//! Three parts. [`machine`] is the provider's delivery logic as a pure
//! state machine over an injected clock: channels, the notifications
//! waiting on them, the retry schedule's slots, closure when they run out.
//! [`calendar`] is the small calendar a change is made in, and the
//! calendar API's documents. [`api`] serves the channel API, the Read
//! Events endpoint and the emulator's own admin endpoints over HTTP/1.1;
//! [`drive`] makes each attempt when it falls due, with the delivery
//! engine of `hookcheck deliver`, under the profile's budget.
//!
//! Time is scaled: at `--time-scale 3600` the provider's clock (the
//! schedule, every timestamp it writes) runs an hour a second from the
//! moment the emulator started. The budget is not scaled: the endpoint's
//! answer takes real time and is held to the real budget.

pub mod api;
pub mod calendar;
pub mod client;
pub mod machine;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use hookcheck_deliver::engine::{Endpoint, Engine, Outcome, Target};
use hookcheck_deliver::notifications::{CONTENT_TYPE, USER_AGENT};
use hookcheck_deliver::retry::Schedule;
use hookcheck_deliver::verdict::succeeded;
use hookcheck_net::NetPolicy;
use hookcheck_profile::{Channels, Delivery, Message, Profile};
use time::OffsetDateTime;
use tokio::sync::{Notify, Semaphore, broadcast};
use tokio::time::Instant;

use crate::calendar::Calendar;
use crate::machine::{At, Attempt, Entry, Machine};

/// Attempts a watcher may fall behind by before it misses some.
const WATCHED: usize = 1024;

/// Attempts in flight at most: past it, attempts due wait for a place
/// rather than open a connection each at once (a backlog of thousands
/// falling due together after an outage).
const SENDING: usize = 256;

/// The provider's clock: real time since the emulator started, times the
/// scale.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    started: Instant,
    epoch: OffsetDateTime,
    scale: f64,
}

impl Clock {
    /// A clock starting now, running `scale` times faster than real time
    /// (at least 1).
    pub fn start(scale: f64) -> Clock {
        Clock {
            started: Instant::now(),
            epoch: OffsetDateTime::now_utc(),
            scale: scale.max(1.0),
        }
    }

    /// The provider's time now.
    pub fn now(&self) -> At {
        self.scaled(self.started.elapsed())
    }

    /// `real` time in the provider's.
    pub fn scaled(&self, real: Duration) -> At {
        Duration::try_from_secs_f64(real.as_secs_f64() * self.scale).unwrap_or(Duration::MAX)
    }

    /// The instant the provider's clock shows `at`.
    pub fn instant(&self, at: At) -> Instant {
        let real = Duration::try_from_secs_f64(at.as_secs_f64() / self.scale)
            .unwrap_or(Duration::from_secs(86_400 * 365));
        self.started + real
    }

    /// The date and time the provider writes for `at`.
    pub fn wall(&self, at: At) -> OffsetDateTime {
        self.epoch + at
    }

    /// How much faster than real time it runs.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

/// What the emulator is started with.
pub struct Options {
    /// The bearer token the API asks for.
    pub token: String,
    /// The secrets deliveries are signed with (the calendar API signs with
    /// every active one).
    pub secrets: Vec<String>,
    /// How long the endpoint has to answer 2xx [default: the profile's
    /// budget].
    pub budget: Option<Duration>,
    /// How much faster than real time the provider's clock runs.
    pub scale: f64,
    /// The strict client's TLS configuration, for https callback URLs.
    pub tls: rustls::ClientConfig,
}

/// The emulated provider: its rules, its clock, its state.
pub struct Emulator {
    /// Whose side is played.
    pub profile: &'static Profile,
    /// The bearer token the API asks for.
    pub token: String,
    /// The answer the endpoint has at most, in real time.
    pub budget: Duration,
    /// The provider's clock.
    pub clock: Clock,
    keys: Vec<Vec<u8>>,
    tls: rustls::ClientConfig,
    state: Mutex<State>,
    /// Told when an attempt may have fallen due sooner than the driver
    /// sleeps for.
    wake: Notify,
    channels_made: AtomicU64,
    /// Every attempt as it ends, for whoever watches.
    watched: broadcast::Sender<Entry>,
    /// The places of attempts in flight.
    sending: Semaphore,
}

/// What the emulator keeps.
pub struct State {
    /// Channels, notifications waiting, attempts made.
    pub machine: Machine,
    /// The account's events.
    pub calendar: Calendar,
}

impl Emulator {
    /// The provider of `profile`, when the emulator can play its API; an
    /// error saying why not, or which secret its scheme cannot use.
    pub fn new(profile: &'static Profile, options: Options) -> Result<Emulator, String> {
        let Some(Channels::Calendar { limit }) = profile.channels else {
            let served: Vec<&str> = hookcheck_profile::PROFILES
                .iter()
                .filter(|profile| profile.channels.is_some())
                .map(|profile| profile.name)
                .collect();
            return Err(format!(
                "the emulator does not serve {}'s API (it serves {})",
                profile.name,
                served.join(", ")
            ));
        };
        let keys = options
            .secrets
            .iter()
            .map(|secret| profile.scheme.key(secret))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| format!("--secret: {error}"))?;
        let machine = Machine::new(&Schedule::of(profile), limit.value());
        Ok(Emulator {
            profile,
            token: options.token,
            budget: options.budget.unwrap_or_else(|| profile.budget.value()),
            clock: Clock::start(options.scale),
            keys,
            tls: options.tls,
            state: Mutex::new(State {
                machine,
                calendar: Calendar::default(),
            }),
            wake: Notify::new(),
            channels_made: AtomicU64::new(0),
            watched: broadcast::channel(WATCHED).0,
            sending: Semaphore::new(SENDING),
        })
    }

    /// Every attempt from now on, as it ends. A watcher that falls more
    /// than 1024 attempts behind misses the oldest (the log has them).
    pub fn watch(&self) -> broadcast::Receiver<Entry> {
        self.watched.subscribe()
    }

    /// The state, for one short step (never held across an await).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new channel id, `chn_` and 24 hex digits, unique to this run.
    fn channel_id(&self) -> String {
        let made = self.channels_made.fetch_add(1, Ordering::Relaxed) + 1;
        let epoch = u32::try_from(self.clock.epoch.unix_timestamp()).unwrap_or(u32::MAX);
        format!("chn_{epoch:08x}{made:016x}")
    }

    /// Tells the driver that an attempt may be due.
    fn wake(&self) {
        self.wake.notify_one();
    }

    /// The headers of `attempt`: the sender's own and its signature, made
    /// now (a timestamped scheme signs the time of sending).
    fn headers(&self, attempt: &Attempt) -> Vec<(&'static str, String)> {
        let id = format!("{}_{}", attempt.channel, attempt.notification);
        let mut headers = vec![
            ("user-agent", USER_AGENT.to_owned()),
            ("content-type", CONTENT_TYPE.to_owned()),
        ];
        headers.extend(self.profile.headers(&Delivery {
            id: &id,
            event: &attempt.kind,
            channel: &attempt.channel,
            number: attempt.notification,
            retry: u32::try_from(attempt.number - 1).unwrap_or(u32::MAX),
            resource: &attempt.url,
        }));
        let message = Message {
            id: &id,
            timestamp: OffsetDateTime::now_utc().unix_timestamp(),
            body: &attempt.body,
        };
        headers.extend(self.profile.scheme.sign(&self.keys, &message));
        headers
    }
}

/// Makes every attempt when it falls due, for as long as the task runs.
pub async fn drive(emulator: Arc<Emulator>) {
    loop {
        let (attempts, next) = {
            let mut state = emulator.lock();
            let attempts = state.machine.due(emulator.clock.now());
            (attempts, state.machine.next_due())
        };
        for attempt in attempts {
            tokio::spawn(make(Arc::clone(&emulator), attempt));
        }
        // A notification queued or an attempt settled meanwhile left a
        // permit: the wait ends at once and the step above runs again.
        let woken = emulator.wake.notified();
        match next {
            Some(at) => {
                tokio::select! {
                    () = tokio::time::sleep_until(emulator.clock.instant(at)) => {}
                    () = woken => {}
                }
            }
            None => woken.await,
        }
    }
}

/// Makes one attempt and tells the machine how it ended.
async fn make(emulator: Arc<Emulator>, attempt: Attempt) {
    // The semaphore is never closed: a place always comes.
    let _place = emulator.sending.acquire().await;
    let started = emulator.clock.now();
    let begun = Instant::now();
    let result = match Endpoint::parse(&attempt.url) {
        Ok(endpoint) => {
            let target = Target::new(
                endpoint,
                NetPolicy::default(),
                emulator.tls.clone(),
                emulator.budget,
            );
            let cutoff = hookcheck_deliver::cutoff(emulator.budget);
            let headers = emulator.headers(&attempt);
            let delivery = Engine::new(target, cutoff)
                .deliver(&attempt.body, &headers)
                .await;
            judge(&delivery, emulator.budget)
        }
        Err(error) => machine::Result::Failed(error),
    };
    let latency = begun.elapsed();
    let now = emulator.clock.now();
    let entry = {
        let mut state = emulator.lock();
        state.machine.settle(attempt, result, started, latency, now);
        state.machine.log().last().cloned()
    };
    emulator.wake();
    if let Some(entry) = entry {
        // Nobody watching is no reason to stop.
        let _ = emulator.watched.send(entry);
    }
}

/// Whether a delivery counts, as the provider counts it; why not, if not.
fn judge(delivery: &hookcheck_deliver::engine::Delivery, budget: Duration) -> machine::Result {
    if succeeded(delivery, budget) {
        return machine::Result::Delivered;
    }
    match delivery.outcome {
        Outcome::Answered { status, .. } if (200..300).contains(&status) => {
            machine::Result::Failed(format!(
                "answered {status} after {} ms, past the {} ms budget",
                delivery.phases.total.as_millis(),
                budget.as_millis()
            ))
        }
        ref outcome => machine::Result::Failed(outcome.describe()),
    }
}
