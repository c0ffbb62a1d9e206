//! KDG's Periodic mode: records per second drawn from a weekday × hour table of means and
//! standard deviations.

use std::fmt;
use std::sync::Mutex;

use super::schedule::normal;
use crate::rng::splitmix64;

/// KDG's default mean, records per second, for a weekday and hour the table does not give.
pub const DEFAULT_MU: f64 = 100.0;
/// KDG's default standard deviation.
pub const DEFAULT_SIGMA: f64 = 10.0;
/// The largest mean or standard deviation a table may hold.
pub const MAX_MU: f64 = 1e8;

/// Seconds per checkpoint of the cumulative counts.
const CHUNK: i64 = 3600;
/// Checkpoints kept at most (about 114 years of simulated time); records past them never arrive.
const MAX_CHUNKS: usize = 1_000_000;

/// Means and standard deviations of records per second for each weekday (Monday first) and
/// hour (UTC), as KDG's Periodic tab holds them.
///
/// ```
/// use fakeplate::pace::{PeriodicTable, Schedule};
///
/// let table = PeriodicTable::parse_csv("weekday,hour,mu,sigma\nThu,0,5,0\n", "rates.csv")?;
/// assert_eq!(table.get(3, 0), (5.0, 0.0));
/// assert_eq!(table.get(0, 0), (100.0, 10.0)); // KDG's defaults
/// // 1970-01-01 was a Thursday: 5 records in each of its first seconds.
/// let s = Schedule::periodic(table, false).start_ms(0);
/// assert_eq!(s.first_at(10_000), 50);
///
/// let err = PeriodicTable::parse_csv("weekday,hour,mu,sigma\nFunday,3,1,1\n", "rates.csv")
///     .unwrap_err();
/// assert_eq!(err.to_string(), "rates.csv:2:1: unknown weekday `Funday` (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)");
/// # Ok::<(), fakeplate::pace::TableError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodicTable {
    cells: [[(f64, f64); 24]; 7],
}

impl Default for PeriodicTable {
    /// KDG's defaults everywhere: 100 records per second, standard deviation 10.
    fn default() -> PeriodicTable {
        PeriodicTable {
            cells: [[(DEFAULT_MU, DEFAULT_SIGMA); 24]; 7],
        }
    }
}

/// A periodic table that could not be read: the file, the 1-based line and column, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    /// The table's name (its file).
    pub name: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.name, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for TableError {}

/// The largest periodic table file read, in bytes: a full table (7 × 24 rows) is a few KiB, so
/// a file past this is not one (`periodic(/dev/zero)` is refused instead of filling memory).
pub const MAX_TABLE_BYTES: usize = 1 << 20;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl PeriodicTable {
    /// The mean and standard deviation for `weekday` (0 is Monday) and `hour` (0–23).
    ///
    /// # Panics
    ///
    /// If `weekday > 6` or `hour > 23`.
    pub fn get(&self, weekday: usize, hour: usize) -> (f64, f64) {
        self.cells[weekday][hour]
    }

    /// Reads a CSV table: the header `weekday,hour,mu,sigma`, then rows such as `Mon,9,250,25`
    /// (weekday `Mon` to `Sun` or the full name, any case; hour 0–23; `mu` and `sigma` finite
    /// and not negative). Rows not given keep KDG's defaults (100 and 10); a weekday and hour
    /// given twice, blank lines aside, is an error. Blank lines and lines starting with `#` are
    /// skipped. `name` goes in front of errors.
    pub fn parse_csv(text: &str, name: &str) -> Result<PeriodicTable, TableError> {
        let mut table = PeriodicTable::default();
        let mut seen = [[false; 24]; 7];
        let mut header = false;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            let fail = |byte: usize, message: String| TableError {
                name: name.to_owned(),
                line: n + 1,
                column: line[..byte.min(line.len())].chars().count() + 1,
                message,
            };
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            // Fields with their byte offsets, trimmed.
            let mut fields = Vec::new();
            let mut at = 0;
            for f in line.split(',') {
                let lead = f.len() - f.trim_start().len();
                fields.push((at + lead, f.trim()));
                at += f.len() + 1;
            }
            if !header {
                let names: Vec<String> = fields.iter().map(|f| f.1.to_ascii_lowercase()).collect();
                if names != ["weekday", "hour", "mu", "sigma"] {
                    return Err(fail(
                        0,
                        format!("expected the header `weekday,hour,mu,sigma`, found `{line}`"),
                    ));
                }
                header = true;
                continue;
            }
            if fields.len() != 4 {
                let at = fields.get(4).map_or(line.len(), |f| f.0);
                return Err(fail(
                    at,
                    format!(
                        "expected 4 fields (weekday,hour,mu,sigma), found {}",
                        fields.len()
                    ),
                ));
            }
            let (wat, wd) = fields[0];
            let weekday = WEEKDAYS
                .iter()
                .position(|d| wd.eq_ignore_ascii_case(d) || wd.eq_ignore_ascii_case(full_name(d)))
                .ok_or_else(|| {
                    fail(
                        wat,
                        format!(
                            "unknown weekday `{wd}` (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)"
                        ),
                    )
                })?;
            let (hat, h) = fields[1];
            let hour = h
                .parse::<usize>()
                .ok()
                .filter(|&h| h < 24)
                .ok_or_else(|| fail(hat, format!("hour `{h}`: expected 0 to 23")))?;
            let number = |(at, text): (usize, &str), what: &str| -> Result<f64, TableError> {
                let v: f64 = text
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite())
                    .ok_or_else(|| fail(at, format!("{what} `{text}`: expected a number")))?;
                if v < 0.0 {
                    return Err(fail(at, format!("{what} {text} is negative")));
                }
                if v > MAX_MU {
                    return Err(fail(at, format!("{what} {text} is larger than {MAX_MU}")));
                }
                Ok(v)
            };
            let mu = number(fields[2], "mu")?;
            let sigma = number(fields[3], "sigma")?;
            if std::mem::replace(&mut seen[weekday][hour], true) {
                return Err(fail(
                    wat,
                    format!("{} {hour}:00 is given twice", WEEKDAYS[weekday]),
                ));
            }
            table.cells[weekday][hour] = (mu, sigma);
        }
        if !header {
            return Err(TableError {
                name: name.to_owned(),
                line: 1,
                column: 1,
                message: "expected the header `weekday,hour,mu,sigma`, found an empty table".into(),
            });
        }
        if table.cells.iter().flatten().all(|&(mu, _)| mu <= 0.0) {
            return Err(TableError {
                name: name.to_owned(),
                line: 1,
                column: 1,
                message: "every mean is 0: no record would ever arrive".into(),
            });
        }
        Ok(table)
    }
}

fn full_name(short: &str) -> &'static str {
    match short {
        "Mon" => "Monday",
        "Tue" => "Tuesday",
        "Wed" => "Wednesday",
        "Thu" => "Thursday",
        "Fri" => "Friday",
        "Sat" => "Saturday",
        _ => "Sunday",
    }
}

/// A periodic table in use, with the cumulative counts found so far.
#[derive(Debug)]
pub(super) struct Periodic {
    table: PeriodicTable,
    smooth: bool,
    /// For one (seed, start): `sums[n]` is the number of records before second `n × CHUNK`.
    sums: Mutex<(u64, i64, Vec<u64>)>,
}

impl Periodic {
    pub(super) fn new(table: PeriodicTable, smooth: bool) -> Periodic {
        Periodic {
            table,
            smooth,
            sums: Mutex::new((0, 0, Vec::new())),
        }
    }

    pub(super) fn same(&self, other: &Periodic) -> bool {
        self.table == other.table && self.smooth == other.smooth
    }

    pub(super) fn mean_rate(&self) -> f64 {
        let cells = self.table.cells.iter().flatten();
        cells.map(|c| c.0).sum::<f64>() / (7.0 * 24.0)
    }

    /// The mean and standard deviation at Unix millisecond `ms` (UTC): the hour's values, or
    /// with smoothing, moved linearly toward the next hour's by the minute.
    fn params(&self, ms: i64) -> (f64, f64) {
        let days = ms.div_euclid(86_400_000);
        let in_day = ms.rem_euclid(86_400_000);
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        let weekday = (days + 3).rem_euclid(7) as usize;
        let hour = (in_day / 3_600_000) as usize;
        let (mu, sigma) = self.table.cells[weekday][hour];
        if !self.smooth {
            return (mu, sigma);
        }
        // The next hour, across midnight and from Sunday to Monday.
        let (nw, nh) = if hour == 23 {
            ((weekday + 1) % 7, 0)
        } else {
            (weekday, hour + 1)
        };
        let (mu2, sigma2) = self.table.cells[nw][nh];
        let minute = ((in_day % 3_600_000) / 60_000) as f64;
        let f = minute / 60.0;
        (mu + (mu2 - mu) * f, sigma + (sigma2 - sigma) * f)
    }

    /// The count of second `k` after the start: `ceil(normal(mu, sigma))`, none when negative,
    /// drawn from a stream keyed by the second's Unix time.
    fn count(&self, seed: u64, start_ms: i64, k: i64) -> u64 {
        let ms = start_ms.saturating_add(k.saturating_mul(1000));
        let (mu, sigma) = self.params(ms);
        let key = splitmix64(seed ^ 0x7065_7269_6f64_6963) ^ (ms.div_euclid(1000) as u64); // "periodic"
        let a = splitmix64(key);
        let z = normal(a, splitmix64(a ^ 0x9e37_79b9));
        let n = (mu + sigma * z).ceil();
        if n > 0.0 { n as u64 } else { 0 }
    }

    /// Makes sure the checkpoints reach past `index` (or `second`), and returns what is needed:
    /// the chunk holding record `index` or second `second`, and its first index.
    fn locate(
        &self,
        seed: u64,
        start_ms: i64,
        index: Option<u64>,
        second: Option<i64>,
    ) -> Option<(i64, u64)> {
        let mut guard = self.sums.lock().unwrap_or_else(|e| e.into_inner());
        let (s, st, sums) = &mut *guard;
        if (*s, *st) != (seed, start_ms) || sums.is_empty() {
            *s = seed;
            *st = start_ms;
            sums.clear();
            sums.push(0);
        }
        loop {
            let n = sums.len() - 1;
            let last = sums[n];
            let reached = match (index, second) {
                (Some(i), _) => last > i,
                (None, Some(k)) => (n as i64) * CHUNK > k,
                _ => true,
            };
            if reached {
                break;
            }
            if sums.len() > MAX_CHUNKS {
                return None;
            }
            let base = n as i64 * CHUNK;
            let total: u64 = (0..CHUNK)
                .map(|j| self.count(seed, start_ms, base + j))
                .fold(0u64, u64::saturating_add);
            sums.push(last.saturating_add(total));
        }
        match (index, second) {
            (Some(i), _) => {
                let c = sums.partition_point(|&s| s <= i) - 1;
                Some((c as i64, sums[c]))
            }
            (None, Some(k)) => {
                let c = (k / CHUNK) as usize;
                Some((c as i64, sums[c]))
            }
            _ => None,
        }
    }

    /// When record `index` arrives, microseconds after the start: the records of one second are
    /// spread evenly over it. `cache` remembers the last second found.
    pub(super) fn arrival_us(
        &self,
        seed: u64,
        start_ms: i64,
        index: u64,
        cache: &mut Option<(i64, u64, u64)>,
    ) -> i64 {
        let (mut k, mut first, mut count) = match *cache {
            Some((k, first, count))
                if index >= first
                    && index < first.saturating_add(count.max(1).saturating_mul(4096)) =>
            {
                (k, first, count)
            }
            _ => {
                let Some((chunk, first)) = self.locate(seed, start_ms, Some(index), None) else {
                    return i64::MAX / 2;
                };
                let k = chunk * CHUNK;
                (k, first, self.count(seed, start_ms, k))
            }
        };
        let mut steps = 0;
        while index >= first.saturating_add(count) {
            first = first.saturating_add(count);
            k += 1;
            count = self.count(seed, start_ms, k);
            steps += 1;
            if steps > 2 * CHUNK && count == 0 {
                // Far from the cached second: look it up instead.
                *cache = None;
                return self.arrival_us(seed, start_ms, index, cache);
            }
        }
        *cache = Some((k, first, count));
        let j = (index - first) as i64;
        k.saturating_mul(1_000_000)
            .saturating_add(j.saturating_mul(1_000_000) / count as i64)
    }

    /// The first record arriving at or after `ms` (after the start).
    pub(super) fn first_at(&self, seed: u64, start_ms: i64, ms: i64) -> u64 {
        let since = ms.saturating_sub(start_ms);
        let k = since / 1000;
        let rem = (since % 1000) as u64;
        let Some((chunk, mut first)) = self.locate(seed, start_ms, None, Some(k)) else {
            return u64::MAX;
        };
        for s in chunk * CHUNK..k {
            first = first.saturating_add(self.count(seed, start_ms, s));
        }
        let c = self.count(seed, start_ms, k);
        // Record j of the second is at ⌊j × 10⁶ / c⌋ µs: the first at or after `rem` ms.
        let j = (rem * c).div_ceil(1000).min(c);
        first.saturating_add(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pace::Schedule;

    #[test]
    fn hourly_counts_follow_the_table() {
        // Monday 2026-01-05: 10/s at 9:00, 50/s at 10:00, 0 at 11:00.
        let table = PeriodicTable::parse_csv(
            "weekday,hour,mu,sigma\nMon,9,10,2\nmon,10,50,5\nMonday,11,0,0\n",
            "t.csv",
        )
        .unwrap();
        let nine = 1_767_603_600_000; // 2026-01-05T09:00:00Z
        let s = Schedule::periodic(table, false).seed(4).start_ms(nine);
        let hour =
            |h: i64| s.first_at(nine + (h + 1) * 3_600_000) - s.first_at(nine + h * 3_600_000);
        let (a, b, c) = (hour(0), hour(1), hour(2));
        // ceil(normal(10, 2)) has mean about 10.5.
        assert!((37_000..38_600).contains(&a), "{a}");
        assert!((181_000..183_000).contains(&b), "{b}");
        assert_eq!(c, 0);
        // Arrivals agree with first_at, and a second run draws the same.
        let i = s.first_at(nine + 3_600_000);
        assert!(s.arrival_ms(i) >= nine + 3_600_000);
        assert!(s.arrival_ms(i - 1) < nine + 3_600_000);
        let again = Schedule::periodic(
            PeriodicTable::parse_csv(
                "weekday,hour,mu,sigma\nMon,9,10,2\nMon,10,50,5\nMon,11,0,0\n",
                "t.csv",
            )
            .unwrap(),
            false,
        )
        .seed(4)
        .start_ms(nine);
        assert_eq!(again.first_at(nine + 2 * 3_600_000), a + b);
        assert_eq!(again.arrival_us(a + 7), s.arrival_us(a + 7));
    }

    #[test]
    fn smoothing_moves_toward_the_next_hour_across_midnight() {
        let table =
            PeriodicTable::parse_csv("weekday,hour,mu,sigma\nSun,23,0,0\nMon,0,600,0\n", "t")
                .unwrap();
        let p = Periodic::new(table.clone(), true);
        let sunday_2330 = 1_767_569_400_000; // 2026-01-04T23:30:00Z, a Sunday
        assert_eq!(p.params(sunday_2330), (300.0, 0.0));
        assert_eq!(Periodic::new(table, false).params(sunday_2330), (0.0, 0.0));
    }

    #[test]
    fn bad_tables_say_where() {
        let err = |t: &str| {
            PeriodicTable::parse_csv(t, "r.csv")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("day,hour,mu,sigma\n"),
            "r.csv:1:1: expected the header `weekday,hour,mu,sigma`, found `day,hour,mu,sigma`"
        );
        assert_eq!(
            err("weekday,hour,mu,sigma\nMon, 24,1,1"),
            "r.csv:2:6: hour `24`: expected 0 to 23"
        );
        assert_eq!(
            err("weekday,hour,mu,sigma\n\nTue,3,1,-1"),
            "r.csv:3:9: sigma -1 is negative"
        );
        assert_eq!(
            err("weekday,hour,mu,sigma\nTue,3,x,1"),
            "r.csv:2:7: mu `x`: expected a number"
        );
        assert_eq!(
            err("weekday,hour,mu,sigma\nTue,3,1"),
            "r.csv:2:8: expected 4 fields (weekday,hour,mu,sigma), found 3"
        );
        assert_eq!(
            err("weekday,hour,mu,sigma\nTue,3,1,1\ntue,3,2,2"),
            "r.csv:3:1: Tue 3:00 is given twice"
        );
        assert_eq!(
            err(""),
            "r.csv:1:1: expected the header `weekday,hour,mu,sigma`, found an empty table"
        );
    }
}
