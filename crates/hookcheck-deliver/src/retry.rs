//! What a sender's retries mean for an endpoint that fails some
//! deliveries. The calendar API retries failed deliveries for 24 hours and
//! then closes the channel for good (SPEC §1) without publishing when; Slack
//! publishes its three retries, GitHub makes none. Where the times are not
//! published the model is stated and configurable, never assumed silently.

use std::time::Duration;

use hookcheck_profile::{Profile, Retries};

/// When retries happen: the first after `first`, each later one `factor`
/// times the one before, at most `max` apart, for `window` after the first
/// failure; or, where the sender publishes them, exactly after `delays`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// The sender's published delays, each after the attempt before (empty:
    /// no retries); `None` when the model below stands in for times not
    /// published.
    pub delays: Option<&'static [Duration]>,
    /// What the sender does when the retries run out.
    pub gives_up: &'static str,
    /// The delay before the first retry.
    pub first: Duration,
    /// How much each delay grows.
    pub factor: f64,
    /// The longest delay between two attempts.
    pub max: Duration,
    /// How long retries go on before the channel is closed.
    pub window: Duration,
}

impl Default for Schedule {
    /// Exponential backoff from one minute, doubling, at most an hour apart,
    /// for 24 hours: the common shape of web-hook retry policies. The
    /// provider's exact one is not published; `--retry-*` options set
    /// another.
    fn default() -> Schedule {
        Schedule {
            delays: None,
            gives_up: "the sender gives up on the endpoint",
            first: Duration::from_secs(60),
            factor: 2.0,
            max: Duration::from_secs(3600),
            window: Duration::from_secs(24 * 3600),
        }
    }
}

impl Schedule {
    /// The retries of `profile`: its published delays, none, or the
    /// default model over its window (24 hours when it publishes none).
    pub fn of(profile: &Profile) -> Schedule {
        let model = Schedule {
            gives_up: profile.gives_up,
            ..Schedule::default()
        };
        match profile.retries {
            Retries::Never => Schedule {
                delays: Some(&[]),
                window: Duration::ZERO,
                ..model
            },
            Retries::Delays(delays) => Schedule {
                delays: Some(delays),
                first: delays.first().copied().unwrap_or_default(),
                factor: 1.0,
                max: delays.iter().max().copied().unwrap_or_default(),
                window: delays.iter().sum(),
                gives_up: profile.gives_up,
            },
            Retries::Within(window) => Schedule {
                window: window.value(),
                ..model
            },
            Retries::Backoff => model,
        }
    }

    /// When each attempt happens, counted from the first delivery (which is
    /// the first entry, at zero); only attempts inside the window.
    pub fn attempts(&self) -> Vec<Duration> {
        if let Some(delays) = self.delays {
            let mut at = Duration::ZERO;
            let mut times = vec![at];
            for delay in delays {
                at = at.saturating_add(*delay);
                times.push(at);
            }
            return times;
        }
        let mut times = vec![Duration::ZERO];
        let mut at = Duration::ZERO;
        let mut delay = self.first;
        // A factor below 1 or a zero delay would never end; the attempts
        // are bounded whatever the schedule says.
        while times.len() < MAX_ATTEMPTS {
            at = at.saturating_add(delay.max(Duration::from_secs(1)));
            if at > self.window {
                break;
            }
            times.push(at);
            // Growth past what a Duration holds is growth past `max`.
            delay = Duration::try_from_secs_f64(delay.as_secs_f64() * self.factor.max(1.0))
                .unwrap_or(self.max)
                .min(self.max);
        }
        times
    }
}

/// No retry policy makes more attempts than this in a day.
const MAX_ATTEMPTS: usize = 10_000;

/// What a failure rate means under a schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    /// Attempts per notification within the window, the first included.
    pub attempts: usize,
    /// When the last attempt happens after the first.
    pub last_attempt: Duration,
    /// The chance that one notification fails every attempt (its delivery
    /// is lost and the channel closes), if failures are independent.
    pub lost: f64,
    /// The expected number of attempts until one succeeds, when one does.
    pub expected_attempts: f64,
    /// Whether the channel is sure to close: every attempt fails.
    pub closes: bool,
}

/// The outlook for an endpoint that fails `failure_rate` (0 to 1) of
/// deliveries, each attempt failing independently.
pub fn outlook(schedule: &Schedule, failure_rate: f64) -> Outlook {
    let attempts = schedule.attempts();
    let n = attempts.len();
    let p = failure_rate.clamp(0.0, 1.0);
    // At most MAX_ATTEMPTS: exact in both an i32 and an f64.
    let count = u32::try_from(n).unwrap_or(u32::MAX);
    let lost = p.powi(i32::try_from(count).unwrap_or(i32::MAX));
    // Attempts until the first success, truncated to the window: the sum
    // over k of P(at least k attempts) = (1 - p^n) / (1 - p).
    let expected_attempts = if p < 1.0 {
        (1.0 - lost) / (1.0 - p)
    } else {
        f64::from(count)
    };
    Outlook {
        attempts: n,
        last_attempt: attempts.last().copied().unwrap_or_default(),
        lost,
        expected_attempts,
        closes: p >= 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_makes_29_attempts_in_a_day() {
        let times = Schedule::default().attempts();
        // 1, 2, 4, 8, 16, 32 minutes, then hourly until 24 h have passed.
        let minutes: Vec<u64> = times.iter().take(8).map(|t| t.as_secs() / 60).collect();
        assert_eq!(minutes, [0, 1, 3, 7, 15, 31, 63, 123]);
        assert_eq!(times.len(), 29);
        assert!(*times.last().unwrap() <= Duration::from_secs(24 * 3600));
    }

    #[test]
    fn outlooks_follow_the_failure_rate() {
        let schedule = Schedule::default();
        let healthy = outlook(&schedule, 0.0);
        assert_eq!(
            (healthy.lost, healthy.expected_attempts, healthy.closes),
            (0.0, 1.0, false)
        );
        let flaky = outlook(&schedule, 0.5);
        assert!(flaky.lost < 1e-8 && (flaky.expected_attempts - 2.0).abs() < 1e-6);
        let broken = outlook(&schedule, 1.0);
        assert!(broken.closes);
        assert!((broken.lost - 1.0).abs() < f64::EPSILON);
        assert_eq!(broken.last_attempt, Schedule::default().attempts()[28]);
    }

    #[test]
    fn degenerate_schedules_still_end() {
        let tiny = Schedule {
            delays: None,
            gives_up: "",
            first: Duration::ZERO,
            factor: 0.5,
            max: Duration::ZERO,
            window: Duration::from_secs(3600),
        };
        let times = tiny.attempts();
        assert_eq!(times.len(), 3601, "one a second at the least");
    }

    #[test]
    fn a_profile_retries_as_it_publishes() {
        let find = |name| hookcheck_profile::find(name).unwrap();
        let minutes = |schedule: Schedule| -> Vec<u64> {
            schedule
                .attempts()
                .iter()
                .map(|t| t.as_secs() / 60)
                .collect()
        };
        // Slack: at once, after a minute, after five more.
        assert_eq!(minutes(Schedule::of(find("slack"))), [0, 0, 1, 6]);
        // GitHub makes no retry: one attempt, and a failure is final.
        let github = Schedule::of(find("github"));
        assert_eq!(github.attempts(), [Duration::ZERO]);
        assert!((outlook(&github, 0.5).lost - 0.5).abs() < 1e-12);
        // The calendar API's model: the default over its 24 hours.
        assert_eq!(Schedule::of(find("cronofy")).attempts().len(), 29);
        let stripe = Schedule::of(find("stripe"));
        assert!(*stripe.attempts().last().unwrap() > Duration::from_secs(2 * 86_400));
    }
}
