//! Time: moment.js formats, date arguments, and the clock records are stamped with.

pub(crate) mod moment;
pub(crate) mod parse;
pub(crate) mod zone;

use crate::options::Clock;

/// Milliseconds since the Unix epoch on the system clock.
fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The time of record `index` on `clock`, Unix milliseconds.
pub(crate) fn record_time(clock: Clock, index: u64) -> i64 {
    match clock {
        Clock::Virtual { start_ms, step_ms } => {
            let i = i64::try_from(index).unwrap_or(i64::MAX);
            start_ms.saturating_add(step_ms.saturating_mul(i))
        }
        Clock::System => system_ms(),
    }
}
