//! Traffic profiles: when record `i` arrives, and which record is the first at a time.

use std::fmt;
use std::sync::Arc;

use super::periodic::{Periodic, PeriodicTable};
use crate::rng::splitmix64;

/// A rate profile that could not be read: what is wrong and where (a 0-based byte offset into
/// the profile's text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// Byte offset of the fault in the profile's text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ProfileError {
    /// `column N: message`, the column 1-based.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.at + 1, self.message)
    }
}

impl std::error::Error for ProfileError {}

/// The deterministic shape of a rate: records per second as a function of the time since the
/// schedule's start.
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    /// `N` records per second.
    Constant(f64),
    /// From `from` to `to` records per second, linearly over `secs`, then `to`.
    Ramp { from: f64, to: f64, secs: f64 },
    /// `mean + amplitude × sin(2πt / period)`.
    Sine {
        mean: f64,
        amplitude: f64,
        period: f64,
    },
    /// Each `(rate, secs)` in turn, repeating. `starts[k]` is the expected count before step
    /// `k` within a cycle, `cycle` the count of a whole cycle and `cycle_secs` its length.
    Steps {
        steps: Vec<(f64, f64)>,
        starts: Vec<f64>,
        offsets: Vec<f64>,
        cycle: f64,
        cycle_secs: f64,
    },
}

impl Shape {
    /// The expected number of records before `t` seconds, Λ(t).
    fn expected(&self, t: f64) -> f64 {
        let t = t.max(0.0);
        match self {
            Shape::Constant(r) => r * t,
            Shape::Ramp { from, to, secs } => {
                if t <= *secs {
                    from * t + (to - from) * t * t / (2.0 * secs)
                } else {
                    (from + to) * secs / 2.0 + to * (t - secs)
                }
            }
            Shape::Sine {
                mean,
                amplitude,
                period,
            } => {
                let w = 2.0 * std::f64::consts::PI / period;
                mean * t + amplitude / w * (1.0 - libm::cos(w * t))
            }
            Shape::Steps {
                steps,
                starts,
                offsets,
                cycle,
                cycle_secs,
            } => {
                let cycles = (t / cycle_secs).floor();
                let within = t - cycles * cycle_secs;
                let k = offsets.partition_point(|&o| o <= within).max(1) - 1;
                cycles * cycle + starts[k] + steps[k].0 * (within - offsets[k])
            }
        }
    }

    /// The time in seconds at which Λ reaches `n` (the inverse of [`Shape::expected`]).
    fn time_of(&self, n: f64) -> f64 {
        if n <= 0.0 {
            return 0.0;
        }
        match self {
            Shape::Constant(r) => n / r,
            Shape::Ramp { from, to, secs } => {
                let whole = (from + to) * secs / 2.0;
                if n >= whole {
                    secs + (n - whole) / to
                } else {
                    // k t² + from t − n = 0, in the form that stays exact when k is small.
                    let k = (to - from) / (2.0 * secs);
                    let disc = (from * from + 4.0 * k * n).max(0.0);
                    (2.0 * n / (from + libm::sqrt(disc))).min(*secs)
                }
            }
            Shape::Sine {
                mean,
                amplitude,
                period,
            } => {
                // Whole periods hold mean × period each; within one, Newton's method kept inside
                // a shrinking bracket (Λ is increasing, its derivative the rate).
                let per = mean * period;
                let cycles = (n / per).floor();
                let rest = n - cycles * per;
                let w = 2.0 * std::f64::consts::PI / period;
                let (mut lo, mut hi) = (0.0f64, *period);
                let mut t = (rest / mean).clamp(lo, hi);
                for _ in 0..100 {
                    let f = mean * t + amplitude / w * (1.0 - libm::cos(w * t)) - rest;
                    if f > 0.0 {
                        hi = t;
                    } else {
                        lo = t;
                    }
                    let rate = mean + amplitude * libm::sin(w * t);
                    let mut next = if rate > 0.0 { t - f / rate } else { f64::NAN };
                    if !(next > lo && next < hi) {
                        next = (lo + hi) / 2.0;
                    }
                    if (next - t).abs() <= 1e-12 * period.max(1.0) || hi - lo <= 1e-12 {
                        t = next;
                        break;
                    }
                    t = next;
                }
                cycles * period + t
            }
            Shape::Steps {
                steps,
                starts,
                offsets,
                cycle,
                cycle_secs,
            } => {
                let cycles = (n / cycle).floor();
                let rest = n - cycles * cycle;
                // The last step that starts at or before `rest`: after a pause (rate 0) comes the
                // step that follows it.
                let k = starts.partition_point(|&s| s <= rest).max(1) - 1;
                let (rate, _) = steps[k];
                let into = if rate > 0.0 {
                    (rest - starts[k]) / rate
                } else {
                    0.0
                };
                cycles * cycle_secs + offsets[k] + into
            }
        }
    }

    /// The mean rate over a long run, records per second.
    fn mean_rate(&self) -> f64 {
        match self {
            Shape::Constant(r) => *r,
            Shape::Ramp { to, .. } => *to,
            Shape::Sine { mean, .. } => *mean,
            Shape::Steps {
                cycle, cycle_secs, ..
            } => cycle / cycle_secs,
        }
    }
}

#[derive(Clone, Debug)]
enum Kind {
    /// Record `i` arrives when Λ reaches `i` (or, with `poisson`, the `i`-th point of a unit-rate
    /// Poisson process mapped through Λ⁻¹).
    Shaped { shape: Shape, poisson: bool },
    /// KDG's Periodic mode: per-second counts from a weekday × hour table.
    Periodic(Arc<Periodic>),
}

/// When each record arrives: a traffic profile with its randomness (a seed) and its start.
///
/// A record's arrival is a pure function of (profile, seed, start, index): [`arrival_ms`]
/// computes record `i`'s time without the records before it, and [`first_at`] the first record
/// at or after a time, so that parallel rendering, `--start-index`, backfills and `verify` see
/// the same times as a sequential run.
///
/// Profiles (the text of `--rate`, parsed by [`Schedule::parse`]):
///
/// - `N`: `N` records per second, evenly spaced (record `i` at `i / N` s).
/// - `poisson(N)` (or `poisson(PROFILE)`): random arrivals, exponential gaps of mean `1 / N`
///   (an inhomogeneous Poisson process that follows `PROFILE`).
/// - `ramp(A,B,DURATION)`: the rate goes from `A` to `B` linearly over `DURATION`, then stays
///   at `B`.
/// - `sine(MEAN,AMPLITUDE,PERIOD)`: `MEAN + AMPLITUDE × sin(2πt / PERIOD)`.
/// - `steps(R1@D1,R2@D2,…)`: `R1` for `D1`, then `R2` for `D2`, …, repeating (a rate may be
///   0: a pause).
///
/// Deterministic profiles place record `i` where the expected count Λ(t) (the integral of
/// the rate) reaches `i`; times are rounded to the microsecond so that float noise never moves
/// a record across a millisecond.
///
/// **Poisson with random access.** The arrival of record `i` of a unit-rate Poisson process
/// started with a point at 0 is `G(i)`, the sum of `i` exponential gaps. Rather than summing
/// `i` gaps, `G` is drawn top-down on a binary tree over indices `0..2^63`: `G(2^63)` is drawn
/// first (normal, as a Gamma of that shape is), and each node `[lo, hi)` splits at its middle
/// with `G(mid) = G(lo) + (G(hi) − G(lo)) × B`, `B ~ Beta(m/2, m/2)` for `m = hi − lo` —
/// the exact conditional law of a partial sum of exponentials given the whole. Nodes of more
/// than 64 records draw `B` from its normal approximation (mean ½, variance `1 / (4(m + 1))`,
/// accurate for `m ≥ 128`); a node of 64 draws its 64 gaps as exponentials and scales them to
/// its total, which is exact. Every draw comes from a SplitMix64 stream keyed by the seed and
/// the node, so record `i` costs 57 draws from nothing, and a [`Cursor`] walking forward reuses
/// a leaf for 64 records. Deviations from `i` are carried instead of `G` itself, so precision
/// does not degrade with the index. `poisson(PROFILE)` maps `G(i)` through Λ⁻¹.
///
/// The periodic profile is KDG's Periodic mode: see [`PeriodicTable`].
///
/// ```
/// use fakeplate::pace::Schedule;
///
/// let s = Schedule::parse("ramp(0,10,10s)")?.start_ms(0);
/// // 50 records arrive during the ramp, then 10 per second.
/// assert_eq!(s.first_at(10_000), 50);
/// assert_eq!(s.first_at(11_000), 60);
/// assert_eq!(s.arrival_ms(60), 11_000);
///
/// let p = Schedule::parse("poisson(100)")?.seed(7).start_ms(0);
/// let in_a_minute = p.first_at(60_000);
/// assert!((5_400..6_600).contains(&in_a_minute), "{in_a_minute}");
///
/// let err = Schedule::parse("ramp(10,x,5m)").unwrap_err();
/// assert_eq!(err.to_string(), "column 9: expected a number");
/// # Ok::<(), fakeplate::pace::ProfileError>(())
/// ```
///
/// [`arrival_ms`]: Schedule::arrival_ms
/// [`first_at`]: Schedule::first_at
#[derive(Clone, Debug)]
pub struct Schedule {
    kind: Kind,
    seed: u64,
    start_ms: i64,
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Schedule) -> bool {
        self.seed == other.seed
            && self.start_ms == other.start_ms
            && match (&self.kind, &other.kind) {
                (
                    Kind::Shaped { shape, poisson },
                    Kind::Shaped {
                        shape: s2,
                        poisson: p2,
                    },
                ) => shape == s2 && poisson == p2,
                (Kind::Periodic(a), Kind::Periodic(b)) => a.same(b),
                _ => false,
            }
    }
}

/// Profiles hold no NaN (the parser refuses them), so equality is an equivalence.
impl Eq for Schedule {}

/// The largest rate a profile may ask for, records per second.
pub const MAX_RATE: f64 = 1e9;
/// The most steps in `steps(…)`.
pub const MAX_STEPS: usize = 10_000;

impl Schedule {
    /// `rate` records per second, evenly spaced: the constant profile.
    ///
    /// # Panics
    ///
    /// Unless `rate` is positive, finite and at most [`MAX_RATE`].
    pub fn constant(rate: f64) -> Schedule {
        assert!(
            rate > 0.0 && rate <= MAX_RATE,
            "a rate must be within (0, {MAX_RATE}]"
        );
        Schedule::shaped(Shape::Constant(rate), false)
    }

    fn shaped(shape: Shape, poisson: bool) -> Schedule {
        Schedule {
            kind: Kind::Shaped { shape, poisson },
            seed: 0,
            start_ms: crate::Clock::DEFAULT_START_MS,
        }
    }

    /// KDG's Periodic mode from a weekday × hour table; `smooth` interpolates toward the next
    /// hour minute by minute.
    pub fn periodic(table: PeriodicTable, smooth: bool) -> Schedule {
        Schedule {
            kind: Kind::Periodic(Arc::new(Periodic::new(table, smooth))),
            seed: 0,
            start_ms: crate::Clock::DEFAULT_START_MS,
        }
    }

    /// Reads a profile: `N`, `poisson(N)`, `poisson(PROFILE)`, `ramp(A,B,DURATION)`,
    /// `sine(MEAN,AMPLITUDE,PERIOD)` or `steps(R1@D1,R2@D2,…)`, durations as `500ms`, `90s`,
    /// `5m`, `1h`, `1d`. `periodic(FILE)` needs the file: read it into a [`PeriodicTable`] and
    /// call [`Schedule::periodic`].
    pub fn parse(text: &str) -> Result<Schedule, ProfileError> {
        let mut p = Parser { text, at: 0 };
        let s = p.profile(true)?;
        p.space();
        if p.at < text.len() {
            return Err(p.error("unexpected text after the profile"));
        }
        Ok(s)
    }

    /// The seed of the profile's randomness (`poisson`, `periodic`); 0 unless set.
    pub fn seed(mut self, seed: u64) -> Schedule {
        self.seed = seed;
        self
    }

    /// The time record 0 arrives at, Unix milliseconds (default 2026-01-01T00:00:00Z, the
    /// virtual clock's default start).
    pub fn start_ms(mut self, start_ms: i64) -> Schedule {
        self.start_ms = start_ms;
        self
    }

    /// The start, Unix milliseconds.
    pub fn start(&self) -> i64 {
        self.start_ms
    }

    /// Whether arrivals are random (`poisson`, `periodic`).
    pub fn is_random(&self) -> bool {
        match &self.kind {
            Kind::Shaped { poisson, .. } => *poisson,
            Kind::Periodic(_) => true,
        }
    }

    /// Whether this is a constant rate (`N`), and which.
    pub fn constant_rate(&self) -> Option<f64> {
        match &self.kind {
            Kind::Shaped {
                shape: Shape::Constant(r),
                poisson: false,
            } => Some(*r),
            _ => None,
        }
    }

    /// The mean rate over a long run, records per second (for periodic, the table's mean).
    pub fn mean_rate(&self) -> f64 {
        match &self.kind {
            Kind::Shaped { shape, .. } => shape.mean_rate(),
            Kind::Periodic(p) => p.mean_rate(),
        }
    }

    /// When record `index` arrives, microseconds after the start.
    pub fn arrival_us(&self, index: u64) -> i64 {
        self.cursor().arrival_us(index)
    }

    /// When record `index` arrives, Unix milliseconds (the time its `date.*` functions read).
    pub fn arrival_ms(&self, index: u64) -> i64 {
        self.cursor().arrival_ms(index)
    }

    /// The first record arriving at or after `ms` (Unix milliseconds): the records arriving in
    /// `[a, b)` are `first_at(a)..first_at(b)`.
    pub fn first_at(&self, ms: i64) -> u64 {
        let mut c = self.cursor();
        if ms <= self.start_ms {
            return 0;
        }
        if let Kind::Periodic(p) = &self.kind {
            return p.first_at(self.seed, self.start_ms, ms);
        }
        let secs = ms.saturating_sub(self.start_ms) as f64 / 1000.0;
        let guess = match &self.kind {
            Kind::Shaped { shape, .. } => shape.expected(secs),
            Kind::Periodic(_) => 0.0,
        };
        let guess = if guess.is_finite() && guess > 0.0 {
            (guess.min(9e18)) as u64
        } else {
            0
        };
        // Gallop from the guess to a bracket, then bisect: arrival times never decrease.
        let before = |c: &mut Cursor, i: u64| c.arrival_ms(i) < ms;
        let (mut lo, mut hi);
        if before(&mut c, guess) {
            lo = guess;
            let mut step = 1u64;
            loop {
                hi = lo.saturating_add(step);
                if hi == u64::MAX || !before(&mut c, hi) {
                    break;
                }
                lo = hi;
                step = step.saturating_mul(2);
            }
            // arrival(lo) < ms <= arrival(hi)
            lo += 1;
        } else {
            hi = guess;
            let mut step = 1u64;
            loop {
                let l = hi.saturating_sub(step);
                if l == 0 || before(&mut c, l) {
                    lo = if l == 0 && !before(&mut c, 0) {
                        0
                    } else {
                        l + 1
                    };
                    break;
                }
                hi = l;
                step = step.saturating_mul(2);
            }
        }
        // The first index in lo..=hi not before `ms`.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if before(&mut c, mid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// A reader of arrival times that remembers what it drew last: walking forward, a Poisson
    /// schedule costs about one draw per record.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            schedule: self.clone(),
            leaf: None,
            devs: [0.0; LEAF as usize],
            second: None,
        }
    }
}

/// Reads a [`Schedule`]'s arrival times, caching the block of draws it used last.
#[derive(Clone, Debug)]
pub struct Cursor {
    schedule: Schedule,
    /// The Poisson leaf last drawn: its first index and the deviations `G(i) − i` of its 64
    /// records.
    leaf: Option<u64>,
    /// The deviations of that leaf's records (held inline: walking allocates nothing).
    devs: [f64; LEAF as usize],
    /// The periodic second last found: `(second, first index, count)`.
    second: Option<(i64, u64, u64)>,
}

/// Records in one Poisson leaf.
const LEAF: u64 = 64;
/// The Poisson tree covers indices `0..=ROOT`; later records follow `G(ROOT)` at the mean rate.
const ROOT: u64 = 1 << 63;

impl Cursor {
    /// When record `index` arrives, Unix milliseconds.
    pub fn arrival_ms(&mut self, index: u64) -> i64 {
        let us = self.arrival_us(index);
        self.schedule.start_ms.saturating_add(us.div_euclid(1000))
    }

    /// When record `index` arrives, microseconds after the start.
    pub fn arrival_us(&mut self, index: u64) -> i64 {
        let poisson = matches!(self.schedule.kind, Kind::Shaped { poisson: true, .. });
        let n = if poisson {
            self.unit_poisson(index)
        } else {
            index as f64
        };
        let secs = match &self.schedule.kind {
            Kind::Shaped { shape, .. } => shape.time_of(n),
            Kind::Periodic(p) => {
                let p = Arc::clone(p);
                return p.arrival_us(
                    self.schedule.seed,
                    self.schedule.start_ms,
                    index,
                    &mut self.second,
                );
            }
        };
        let us = (secs * 1e6).round();
        if us.is_finite() && us < 9.2e18 {
            us as i64
        } else {
            i64::MAX / 2
        }
    }

    /// `G(index)`: the arrival of record `index` of a unit-rate Poisson process with a point at 0.
    fn unit_poisson(&mut self, index: u64) -> f64 {
        if index >= ROOT {
            let (root_dev, _) = self.root();
            return (ROOT as f64 + root_dev) + (index - ROOT) as f64;
        }
        let lo = index - index % LEAF;
        if self.leaf != Some(lo) {
            let mut devs = [0.0; LEAF as usize];
            self.draw_leaf(lo, &mut devs);
            self.devs = devs;
            self.leaf = Some(lo);
        }
        let dev = self.devs[(index - lo) as usize];
        (index as f64 + dev).max(0.0)
    }

    /// The deviation `G(ROOT) − ROOT` (a Gamma of shape 2^63, as a normal) and its key.
    fn root(&self) -> (f64, u64) {
        let key = splitmix64(self.schedule.seed ^ 0x706f_6973_736f_6e21); // "poisson!"
        let z = normal(splitmix64(key ^ ROOT), splitmix64(key.wrapping_add(ROOT)));
        (z * (ROOT as f64).sqrt(), key)
    }

    /// Descends from the root to the leaf at `lo`, then draws its gaps: the deviations of its
    /// 64 records, into `devs`.
    fn draw_leaf(&self, lo: u64, devs: &mut [f64; LEAF as usize]) {
        let (root_dev, key) = self.root();
        let (mut a, mut m) = (0u64, ROOT);
        let (mut dev_a, mut dev_b) = (0.0f64, root_dev);
        while m > LEAF {
            let half = m / 2;
            let mid = a + half;
            let node = splitmix64(key ^ splitmix64(mid ^ m.rotate_left(17)));
            let z = normal(node, splitmix64(node ^ 0x5bd1_e995));
            // B = ½ + u, B ~ Beta(half, half) ≈ normal(½, 1 / (4(m + 1))), kept inside [0, 1].
            let u = (z * 0.5 / ((m as f64) + 1.0).sqrt()).clamp(-0.5, 0.5);
            // G(mid) − mid = dev_a + (m + Δ)(½ + u) − half, with Δ = dev_b − dev_a.
            let delta = dev_b - dev_a;
            let dev_mid = dev_a + delta * (0.5 + u) + (m as f64) * u;
            if lo < mid {
                dev_b = dev_mid;
            } else {
                a = mid;
                dev_a = dev_mid;
            }
            m = half;
        }
        // The leaf: 64 exponential gaps scaled to the leaf's total.
        let mut rng = crate::rng::SplitMix64::new(splitmix64(key ^ splitmix64(a) ^ 0x1eaf));
        let mut gaps = [0.0f64; LEAF as usize];
        let mut total = 0.0;
        for g in &mut gaps {
            let x = -libm::log(open_unit(rng.next_u64()));
            *g = x;
            total += x;
        }
        let span = LEAF as f64 + (dev_b - dev_a);
        let mut sum = 0.0;
        for (k, d) in devs.iter_mut().enumerate() {
            // G(a + k) = G(a) + span × (gaps before k) / total.
            *d = dev_a + span * (sum / total) - k as f64;
            sum += gaps[k];
        }
    }
}

/// A uniform number in (0, 1] from a 64-bit word.
pub(super) fn open_unit(word: u64) -> f64 {
    ((word >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal from two 64-bit words (Box–Muller, with the portable `libm`).
pub(super) fn normal(w1: u64, w2: u64) -> f64 {
    let r = libm::sqrt(-2.0 * libm::log(open_unit(w1)));
    r * libm::cos(2.0 * std::f64::consts::PI * open_unit(w2))
}

/// A recursive-descent reader of profiles.
struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> ProfileError {
        ProfileError {
            at: self.at,
            message: message.into(),
        }
    }

    fn space(&mut self) {
        while self.text[self.at..].starts_with([' ', '\t']) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> Result<(), ProfileError> {
        self.space();
        if self.text[self.at..].starts_with(c) {
            self.at += c.len_utf8();
            Ok(())
        } else {
            Err(self.error(format!("expected `{c}`")))
        }
    }

    /// The longest run of characters that can make a number or a duration.
    fn token(&mut self) -> (usize, &str) {
        self.space();
        let start = self.at;
        let rest = &self.text[start..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(rest.len());
        self.at += len;
        (start, &rest[..len])
    }

    /// A rate: a finite number within `0..=MAX_RATE` (positive when `positive`).
    fn rate(&mut self, positive: bool) -> Result<f64, ProfileError> {
        let (start, token) = self.token();
        let fail = |message: &str| ProfileError {
            at: start,
            message: message.to_owned(),
        };
        let n: f64 = token
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite() && !token.contains(['e', 'E', 'i', 'n', 'N', 'I']))
            .ok_or_else(|| fail("expected a number"))?;
        if n < 0.0 || (positive && n == 0.0) {
            return Err(fail(if positive {
                "a rate must be positive"
            } else {
                "a rate cannot be negative"
            }));
        }
        if n > MAX_RATE {
            return Err(fail("a rate can be at most 1000000000 records per second"));
        }
        Ok(n)
    }

    /// A positive duration, in seconds.
    fn duration(&mut self) -> Result<f64, ProfileError> {
        let (start, token) = self.token();
        let ms = crate::time::parse::parse_duration_ms(token)
            .filter(|&ms| ms > 0)
            .ok_or(ProfileError {
                at: start,
                message: "expected a positive duration such as 500ms, 90s, 5m or 1h".to_owned(),
            })?;
        Ok(ms as f64 / 1000.0)
    }

    fn profile(&mut self, outer: bool) -> Result<Schedule, ProfileError> {
        self.space();
        let start = self.at;
        let rest = &self.text[start..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() {
            if rest.is_empty() {
                return Err(self.error(
                    "expected a rate: N, poisson(N), ramp(A,B,DURATION), sine(MEAN,AMPLITUDE,PERIOD), steps(R1@D1,...) or periodic(FILE)",
                ));
            }
            return Ok(Schedule::shaped(Shape::Constant(self.rate(true)?), false));
        }
        self.at += name_len;
        let shape = match name {
            "poisson" => {
                if !outer {
                    return Err(ProfileError {
                        at: start,
                        message: "poisson(...) cannot be inside another profile".into(),
                    });
                }
                self.eat('(')?;
                let inner = self.profile(false)?;
                self.eat(')')?;
                let Kind::Shaped { shape, .. } = inner.kind else {
                    unreachable!("inner profiles are shaped");
                };
                return Ok(Schedule::shaped(shape, true));
            }
            "ramp" => {
                self.eat('(')?;
                let from = self.rate(false)?;
                self.eat(',')?;
                let at = {
                    self.space();
                    self.at
                };
                let to = self.rate(false)?;
                if to == 0.0 {
                    return Err(ProfileError {
                        at,
                        message: "the final rate of a ramp must be positive (the stream would end)"
                            .into(),
                    });
                }
                self.eat(',')?;
                let secs = self.duration()?;
                self.eat(')')?;
                Shape::Ramp { from, to, secs }
            }
            "sine" => {
                self.eat('(')?;
                let mean = self.rate(true)?;
                self.eat(',')?;
                self.space();
                let at = self.at;
                let (token_at, token) = self.token();
                let amplitude: f64 = token
                    .parse()
                    .ok()
                    .filter(|a: &f64| {
                        a.is_finite() && !token.contains(['e', 'E', 'i', 'n', 'N', 'I'])
                    })
                    .ok_or(ProfileError {
                        at: token_at,
                        message: "expected a number".into(),
                    })?;
                if amplitude.abs() > mean {
                    return Err(ProfileError {
                        at,
                        message: format!(
                            "the amplitude ({amplitude}) is larger than the mean ({mean}): the rate would go negative"
                        ),
                    });
                }
                self.eat(',')?;
                let period = self.duration()?;
                self.eat(')')?;
                Shape::Sine {
                    mean,
                    amplitude,
                    period,
                }
            }
            "steps" => {
                self.eat('(')?;
                let mut steps = Vec::new();
                loop {
                    if steps.len() == MAX_STEPS {
                        return Err(self.error(format!("at most {MAX_STEPS} steps")));
                    }
                    let rate = self.rate(false)?;
                    self.eat('@')?;
                    let secs = self.duration()?;
                    steps.push((rate, secs));
                    self.space();
                    if self.text[self.at..].starts_with(',') {
                        self.at += 1;
                    } else {
                        break;
                    }
                }
                self.eat(')')?;
                let (mut starts, mut offsets) = (Vec::new(), Vec::new());
                let (mut cycle, mut cycle_secs) = (0.0, 0.0);
                for &(rate, secs) in &steps {
                    starts.push(cycle);
                    offsets.push(cycle_secs);
                    cycle += rate * secs;
                    cycle_secs += secs;
                }
                if cycle <= 0.0 {
                    return Err(ProfileError {
                        at: start,
                        message: "every step's rate is 0: no record would ever arrive".into(),
                    });
                }
                Shape::Steps {
                    steps,
                    starts,
                    offsets,
                    cycle,
                    cycle_secs,
                }
            }
            "periodic" => {
                return Err(ProfileError {
                    at: start,
                    message: if outer {
                        "periodic(FILE) needs its file read (the command line does that)".into()
                    } else {
                        "periodic(...) cannot be inside another profile".into()
                    },
                });
            }
            _ => {
                return Err(ProfileError {
                    at: start,
                    message: format!(
                        "unknown profile `{name}`: expected N, poisson(N), ramp(A,B,DURATION), sine(MEAN,AMPLITUDE,PERIOD), steps(R1@D1,...) or periodic(FILE)"
                    ),
                });
            }
        };
        Ok(Schedule::shaped(shape, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Schedule {
        Schedule::parse(text).unwrap().start_ms(0)
    }

    #[test]
    fn constant_rates_are_exact_to_the_millisecond() {
        let s = at("10");
        assert_eq!(s.arrival_ms(0), 0);
        assert_eq!(s.arrival_ms(3), 300);
        assert_eq!(s.arrival_ms(36_000), 3_600_000);
        let s = at("3");
        assert_eq!(s.arrival_ms(3), 1000);
        assert_eq!(s.arrival_ms(10_800), 3_600_000);
        assert_eq!(s.first_at(1000), 3);
        assert_eq!(s.first_at(1001), 4);
    }

    #[test]
    fn first_at_inverts_arrival_for_every_profile() {
        for text in [
            "7",
            "ramp(1,50,30s)",
            "ramp(50,1,30s)",
            "sine(20,20,10s)",
            "steps(5@2s,0@3s,40@1s)",
            "poisson(30)",
            "poisson(ramp(0,40,20s))",
        ] {
            let s = at(text).seed(3);
            for ms in (0..120_000).step_by(997) {
                let i = s.first_at(ms);
                assert!(s.arrival_ms(i) >= ms, "{text} {ms}");
                if i > 0 {
                    assert!(s.arrival_ms(i - 1) < ms, "{text} {ms}");
                }
            }
        }
    }

    #[test]
    fn arrivals_never_go_back() {
        for text in [
            "poisson(1000)",
            "sine(10,10,1m)",
            "steps(1@1s,0@1s)",
            "ramp(0,5,1h)",
        ] {
            let s = at(text).seed(9);
            let mut c = s.cursor();
            let mut last = 0;
            for i in 0..20_000 {
                let t = c.arrival_us(i);
                assert!(t >= last, "{text} {i}");
                last = t;
            }
        }
    }

    #[test]
    fn counts_per_window_follow_the_profile() {
        // steps: 10/s for 1 s, a 1 s pause, 30/s for 2 s.
        let s = at("steps(10@1s,0@1s,30@2s)");
        let count = |a: i64, b: i64| s.first_at(b) - s.first_at(a);
        assert_eq!(count(0, 1000), 10);
        assert_eq!(count(1000, 2000), 0);
        assert_eq!(count(2000, 4000), 60);
        assert_eq!(count(4000, 5000), 10);
        // sine: the peak quarter holds more than the trough quarter.
        let s = at("sine(100,80,4s)");
        let q = |k: i64| s.first_at((k + 1) * 1000) - s.first_at(k * 1000);
        assert!(q(0) > 130 && q(0) < 160, "{}", q(0));
        assert!(q(2) > 40 && q(2) < 70, "{}", q(2));
        assert_eq!(s.first_at(4000), 400);
    }

    #[test]
    fn poisson_gaps_look_exponential_and_are_reproducible() {
        let s = at("poisson(100)").seed(1);
        let mut c = s.cursor();
        let times: Vec<i64> = (0..100_000).map(|i| c.arrival_us(i)).collect();
        let gaps: Vec<f64> = times.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        assert!((mean - 10_000.0).abs() < 200.0, "{mean}");
        // Exponential: the share of gaps under the mean is 1 − 1/e ≈ 0.632.
        let under = gaps.iter().filter(|&&g| g < 10_000.0).count() as f64 / gaps.len() as f64;
        assert!((under - 0.632).abs() < 0.01, "{under}");
        // Random access equals sequential access.
        for i in [0, 1, 63, 64, 65, 5000, 99_999] {
            assert_eq!(s.arrival_us(i), times[i as usize]);
        }
        assert_ne!(at("poisson(100)").seed(2).arrival_us(5000), times[5000]);
    }

    #[test]
    fn bad_profiles_say_where() {
        let err = |t: &str| Schedule::parse(t).unwrap_err().to_string();
        assert_eq!(err("0"), "column 1: a rate must be positive");
        assert_eq!(err("ramp(1,2)"), "column 9: expected `,`");
        assert_eq!(
            err("sine(10, 20, 1m)"),
            "column 10: the amplitude (20) is larger than the mean (10): the rate would go negative"
        );
        assert_eq!(
            err("steps(1@1s,2@soon)"),
            "column 14: expected a positive duration such as 500ms, 90s, 5m or 1h"
        );
        assert_eq!(
            err("steps(0@1s)"),
            "column 1: every step's rate is 0: no record would ever arrive"
        );
        assert_eq!(
            err("poisson(poisson(3))"),
            "column 9: poisson(...) cannot be inside another profile"
        );
        assert!(err("bursty(3)").starts_with("column 1: unknown profile `bursty`"));
        assert_eq!(err("10 x"), "column 4: unexpected text after the profile");
        assert_eq!(
            err("nan"),
            "column 1: unknown profile `nan`: expected N, poisson(N), ramp(A,B,DURATION), sine(MEAN,AMPLITUDE,PERIOD), steps(R1@D1,...) or periodic(FILE)"
        );
        assert_eq!(err("1e3"), "column 1: expected a number");
        assert_eq!(
            err(""),
            "column 1: expected a rate: N, poisson(N), ramp(A,B,DURATION), sine(MEAN,AMPLITUDE,PERIOD), steps(R1@D1,...) or periodic(FILE)"
        );
    }
}
