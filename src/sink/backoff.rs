//! Exponential backoff with full jitter, on a seeded source so that tests can predict it.

use std::time::Duration;

use crate::rng::SplitMix64;

/// Delays before retry `attempt` (1, 2, …): a uniform draw from zero to
/// `min(max, base × 2^(attempt-1))` ("full jitter", which spreads retries of many clients).
#[derive(Clone, Debug)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    jitter: SplitMix64,
}

impl Backoff {
    /// A backoff from `base` up to `max`, its jitter drawn from `seed`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use fakeplate::sink::Backoff;
    ///
    /// let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(5), 7);
    /// for attempt in 1..10 {
    ///     let cap = Duration::from_millis(100 << (attempt - 1)).min(Duration::from_secs(5));
    ///     assert!(b.delay(attempt) <= cap);
    /// }
    /// ```
    pub fn new(base: Duration, max: Duration, seed: u64) -> Backoff {
        Backoff {
            base,
            max,
            jitter: SplitMix64::new(seed),
        }
    }

    /// The delay before retry `attempt`.
    pub fn delay(&mut self, attempt: u32) -> Duration {
        let cap = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.max);
        // SplitMix64: jitter needs no more.
        let z = self.jitter.next_u64();
        let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
        cap.mul_f64(unit)
    }
}
