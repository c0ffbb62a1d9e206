//! Late events and duplicates: what an at-least-once pipeline does to a stream, chosen
//! deterministically per record.

use crate::rng::splitmix64;

/// A uniform number in [0, 1) from a word.
fn unit(word: u64) -> f64 {
    (word >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A fraction in [0, 1] from text such as `0.05` or `5%`.
fn fraction(text: &str) -> Option<f64> {
    let text = text.trim();
    let f = match text.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
        None => text.parse::<f64>().ok()?,
    };
    (f.is_finite() && (0.0..=1.0).contains(&f) && !text.contains(['e', 'E', 'i', 'n', 'N']))
        .then_some(f)
}

/// Late events: a fraction of records read an event time moved back by up to a bound
/// (uniformly, to the millisecond), while they still arrive in order. For testing watermarks
/// and late-data handling.
///
/// Record `i` is late when a word drawn from a SplitMix64 stream keyed by the seed and `i`
/// falls under the fraction; its delay is a second word scaled to `0..=max_ms`.
///
/// ```
/// use fakeplate::pace::Late;
///
/// let late = Late::parse("0.1:10m").unwrap();
/// let delays: Vec<i64> = (0..10_000).map(|i| late.delay_ms(7, i)).collect();
/// let count = delays.iter().filter(|&&d| d > 0).count();
/// assert!((900..1100).contains(&count));
/// assert!(delays.iter().all(|&d| (0..=600_000).contains(&d)));
/// assert_eq!(Late::parse("2:1m").unwrap_err(), "expected FRACTION:MAX, a fraction from 0 to 1 (or a percentage) and a duration such as 10m");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Late {
    fraction: f64,
    max_ms: i64,
}

/// The fraction is never NaN (the constructors refuse it), so equality is an equivalence.
impl Eq for Late {}

impl Late {
    /// `fraction` of records (0 to 1) late by up to `max_ms` milliseconds (not negative).
    pub fn new(fraction: f64, max_ms: i64) -> Option<Late> {
        ((0.0..=1.0).contains(&fraction) && max_ms >= 0).then_some(Late { fraction, max_ms })
    }

    /// The most a record is moved back, in milliseconds.
    pub fn max_ms(&self) -> i64 {
        self.max_ms
    }

    /// Reads `FRACTION:MAX`: `0.05:10m`, `5%:30s`.
    pub fn parse(text: &str) -> Result<Late, String> {
        const USAGE: &str = "expected FRACTION:MAX, a fraction from 0 to 1 (or a percentage) and a duration such as 10m";
        let (f, max) = text.split_once(':').ok_or(USAGE)?;
        let f = fraction(f).ok_or(USAGE)?;
        let max = crate::time::parse::parse_duration_ms(max).ok_or(USAGE)?;
        Late::new(f, max).ok_or_else(|| USAGE.to_owned())
    }

    /// How far record `index` of `seed` is moved back, milliseconds (0 for most).
    pub fn delay_ms(&self, seed: u64, index: u64) -> i64 {
        let h = splitmix64(splitmix64(seed ^ 0x6c61_7465_2121_2121) ^ index); // "late!!!!"
        if unit(h) >= self.fraction {
            return 0;
        }
        let span = self.max_ms as u128 + 1;
        ((u128::from(splitmix64(h)) * span) >> 64) as i64
    }
}

/// Duplicates, as an at-least-once producer sends them: a fraction of records is sent a
/// second time, 1 to [`Duplicates::MAX_LAG`] records later.
///
/// Record `i` is duplicated when a word drawn from a SplitMix64 stream keyed by the seed and
/// `i` falls under the fraction; its copy follows record `i + lag`. A run of records
/// `start..end` sends the copies that fall inside it: after record `j`, the copies of records
/// `i` in `start..j` with `i + lag(i) = j`, in increasing `i` (so runs over adjacent ranges
/// lose the copies that would cross their boundary).
///
/// ```
/// use fakeplate::pace::Duplicates;
///
/// let d = Duplicates::new(0.25).unwrap();
/// let copies: Vec<u64> = d.in_run(3, 0..1000).collect();
/// assert!((200..300).contains(&copies.len()));
/// // Every copy is sent after exactly one record of the run.
/// let after: usize = (0..1000).map(|j| d.sent_after(3, 0, j).count()).sum();
/// assert_eq!(after, copies.len());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duplicates {
    fraction: f64,
}

/// The fraction is never NaN (the constructors refuse it), so equality is an equivalence.
impl Eq for Duplicates {}

impl Duplicates {
    /// The most records between a record and its copy.
    pub const MAX_LAG: u64 = 16;

    /// Duplicates `fraction` of records (0 to 1).
    pub fn new(fraction: f64) -> Option<Duplicates> {
        (0.0..=1.0)
            .contains(&fraction)
            .then_some(Duplicates { fraction })
    }

    /// Reads `FRACTION`: `0.01`, `1%`.
    pub fn parse(text: &str) -> Result<Duplicates, String> {
        fraction(text)
            .and_then(Duplicates::new)
            .ok_or_else(|| "expected a fraction from 0 to 1, such as 0.01 or 1%".to_owned())
    }

    /// After how many records record `index`'s copy is sent, when it has one.
    pub fn lag(&self, seed: u64, index: u64) -> Option<u64> {
        let h = splitmix64(splitmix64(seed ^ 0x6475_7065_7321_2121) ^ index); // "dupes!!!"
        (unit(h) < self.fraction).then(|| 1 + splitmix64(h) % Self::MAX_LAG)
    }

    /// The records whose copies a run starting at `start` sends right after record `j`.
    pub fn sent_after(&self, seed: u64, start: u64, j: u64) -> impl Iterator<Item = u64> {
        let from = j.saturating_sub(Self::MAX_LAG).max(start);
        let d = *self;
        (from..j).filter(move |&i| d.lag(seed, i) == Some(j - i))
    }

    /// The records a run over `range` sends twice.
    pub fn in_run(&self, seed: u64, range: std::ops::Range<u64>) -> impl Iterator<Item = u64> {
        let d = *self;
        let end = range.end;
        range.filter(move |&i| d.lag(seed, i).is_some_and(|lag| lag < end - i))
    }
}
