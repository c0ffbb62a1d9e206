//! Pacing records at a rate: the schedule the `stream` command follows.
//!
//! Record `k` is due at `origin + k / rate`, computed from `k` each time, so that rounding never
//! accumulates and the average holds over any run length. A consumer that falls behind by more
//! than one tick (one record's interval, at least [`Pacer::MIN_TICK_NS`]) does not get a burst
//! to catch up: the schedule moves forward to the present, so a slow consumer slows the stream
//! down instead of piling records up.
//!
//! [`Schedule`] is the traffic profile: when each record arrives (`--rate` as `N`, `poisson(N)`,
//! `ramp(…)`, `sine(…)`, `steps(…)` or KDG's `periodic(FILE)`). A [`Pacer`] follows one in real
//! time; on the virtual clock a template compiled with [`Options::schedule`] stamps each record
//! with its arrival.
//!
//! [`Options::schedule`]: crate::Options::schedule

mod faults;
mod periodic;
mod schedule;

pub use faults::{Duplicates, Late};
pub use periodic::{DEFAULT_MU, DEFAULT_SIGMA, MAX_TABLE_BYTES, PeriodicTable, TableError};
pub use schedule::{Cursor, MAX_RATE, MAX_STEPS, ProfileError, Schedule};

/// Parses a duration such as `100ms`, `1s`, `1.5s`, `2m`, `1h`, `1d` (a bare number is
/// milliseconds).
///
/// ```
/// use std::time::Duration;
/// assert_eq!(fakeplate::pace::parse_duration("1.5s"), Some(Duration::from_millis(1500)));
/// assert_eq!(fakeplate::pace::parse_duration("soon"), None);
/// ```
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let ms = crate::time::parse::parse_duration_ms(text)?;
    Some(std::time::Duration::from_millis(u64::try_from(ms).ok()?))
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// Send the next record now.
    Send,
    /// Wait this many nanoseconds, then ask again.
    Wait(u64),
}

/// A rate schedule driven by a clock the caller reads (so tests can simulate time).
///
/// ```
/// use fakeplate::pace::{Pace, Pacer};
///
/// let mut pacer = Pacer::new(10.0, 0); // 10 records per second from t = 0 ns
/// assert_eq!(pacer.poll(0), Pace::Send);
/// pacer.sent();
/// assert_eq!(pacer.poll(40_000_000), Pace::Wait(60_000_000));
/// assert_eq!(pacer.poll(100_000_000), Pace::Send);
/// ```
#[derive(Clone, Debug)]
pub struct Pacer {
    ns_per_record: f64,
    origin_ns: u64,
    sent: u64,
    tick_ns: u64,
    /// A profile to follow instead of the constant rate.
    schedule: Option<Cursor>,
}

impl Pacer {
    /// The smallest tick: below it, timer jitter would count as falling behind.
    pub const MIN_TICK_NS: u64 = 10_000_000;

    /// A schedule of `rate` records per second (must be positive and finite) starting at
    /// `now_ns` on the caller's clock.
    pub fn new(rate: f64, now_ns: u64) -> Pacer {
        let ns_per_record = 1e9 / rate;
        Pacer {
            ns_per_record,
            origin_ns: now_ns,
            sent: 0,
            tick_ns: (ns_per_record as u64).max(Self::MIN_TICK_NS),
            schedule: None,
        }
    }

    /// Follows `schedule` (its arrival times, not its start) from `now_ns`: record `k` is due
    /// at `now_ns + arrival_us(k) × 1000`. Falling behind by more than a tick (the mean
    /// interval, at least [`Pacer::MIN_TICK_NS`]) shifts the rest of the profile later by the
    /// delay instead of bursting.
    ///
    /// ```
    /// use fakeplate::pace::{Pace, Pacer, Schedule};
    ///
    /// let steps = Schedule::parse("steps(10@1s,0@1s)").unwrap();
    /// let mut pacer = Pacer::with_schedule(&steps, 0);
    /// for k in 0..10 {
    ///     assert_eq!(pacer.poll(k * 100_000_000), Pace::Send);
    ///     pacer.sent();
    /// }
    /// // The eleventh record waits for the pause to end, at 2 s.
    /// assert_eq!(pacer.poll(950_000_000), Pace::Wait(1_050_000_000));
    /// ```
    pub fn with_schedule(schedule: &Schedule, now_ns: u64) -> Pacer {
        let mut pacer = Pacer::new(schedule.mean_rate().max(1e-9), now_ns);
        pacer.schedule = Some(schedule.cursor());
        pacer
    }

    /// When the next record is due, on the caller's clock.
    pub fn due_ns(&self) -> u64 {
        self.offset_ns(self.sent)
    }

    fn offset_ns(&self, k: u64) -> u64 {
        let offset = match &self.schedule {
            // A clone keeps `due_ns` a `&self` method; cursors are small.
            Some(c) => {
                let us = c.clone().arrival_us(k).max(0);
                u64::try_from(us).unwrap_or(0).saturating_mul(1000)
            }
            None => (k as f64 * self.ns_per_record).round() as u64,
        };
        self.origin_ns.saturating_add(offset)
    }

    /// Whether to send now or how long to wait, at time `now_ns`.
    pub fn poll(&mut self, now_ns: u64) -> Pace {
        let due = match &mut self.schedule {
            Some(c) => {
                let us = u64::try_from(c.arrival_us(self.sent).max(0)).unwrap_or(0);
                self.origin_ns.saturating_add(us.saturating_mul(1000))
            }
            None => self.due_ns(),
        };
        if now_ns < due {
            return Pace::Wait(due - now_ns);
        }
        if now_ns - due > self.tick_ns {
            // Fell behind by more than a tick: move the schedule here rather than burst.
            match self.schedule {
                Some(_) => self.origin_ns = self.origin_ns.saturating_add(now_ns - due),
                None => {
                    self.origin_ns = now_ns;
                    self.sent = 0;
                }
            }
        }
        Pace::Send
    }

    /// Records that the record polled for was sent.
    pub fn sent(&mut self) {
        self.sent += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the pacer on a simulated clock for `secs`; `stall(k)` is how long sending record
    /// `k` takes. Returns the send times.
    fn simulate(rate: f64, secs: u64, stall: impl Fn(usize) -> u64) -> Vec<u64> {
        let end = secs * 1_000_000_000;
        let mut now = 5; // an arbitrary origin
        let mut pacer = Pacer::new(rate, now);
        let mut times = Vec::new();
        while now < end + 5 {
            match pacer.poll(now) {
                Pace::Wait(ns) => now += ns,
                Pace::Send => {
                    times.push(now);
                    now += stall(times.len() - 1);
                    pacer.sent();
                }
            }
        }
        times
    }

    #[test]
    fn an_hour_at_ten_per_second_is_exactly_36000_records() {
        let times = simulate(10.0, 3600, |_| 0);
        assert_eq!(times.len(), 36_000);
        // Evenly spaced: never two records within one interval.
        assert!(times.windows(2).all(|w| w[1] - w[0] == 100_000_000));
    }

    #[test]
    fn odd_rates_do_not_drift() {
        let times = simulate(3.0, 3600, |_| 0);
        assert_eq!(times.len(), 10_800);
        let times = simulate(7.3, 1000, |_| 0);
        assert_eq!(times.len(), 7300);
    }

    #[test]
    fn small_delays_are_caught_up_without_losing_records() {
        // Each send takes 30 ms at 10/s: within a tick, so the schedule holds exactly.
        let times = simulate(10.0, 60, |_| 30_000_000);
        assert_eq!(times.len(), 600);
    }

    #[test]
    fn a_stalled_consumer_slows_the_stream_instead_of_bursting() {
        // Record 100 takes 5 s to send (a blocked pipe).
        let times = simulate(10.0, 60, |k| if k == 100 { 5_000_000_000 } else { 0 });
        // No burst afterwards: consecutive records stay one interval apart.
        let after = times.iter().position(|&t| t > 10_000_000_000).unwrap();
        assert!(
            times[after..]
                .windows(2)
                .all(|w| w[1] - w[0] >= 100_000_000)
        );
        // The 5 s of the stall are lost, not replayed.
        assert_eq!(times.len(), 600 - 50 + 1);
    }

    #[test]
    fn never_more_than_one_record_per_tick_at_high_rates() {
        let times = simulate(1000.0, 10, |k| if k % 997 == 0 { 50_000_000 } else { 0 });
        for w in times.windows(11) {
            // At most 11 sends within 10 ms (the minimum tick) plus one interval.
            assert!(w[10] - w[0] >= 10_000_000 - 1_000_000, "{w:?}");
        }
    }
}
