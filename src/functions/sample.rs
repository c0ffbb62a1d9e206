//! The samplers of language v2 (`random.normal`, `random.exponential`, `random.poisson`,
//! `random.zipf`) and the permutation behind `random.unique`.
//!
//! They are the project's own, on the record's stream, with `libm` for the transcendental
//! functions so that every platform draws the same bits; golden files pin their output.

use crate::rng::{Rng, splitmix64};

/// Draws a sampler makes before it gives up on `min`/`max` and clamps.
const MAX_TRIES: u32 = 64;

/// A compiled distribution.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sampler {
    Normal { mean: f64, sd: f64, bounds: Bounds },
    Exponential { mean: f64, bounds: Bounds },
    Poisson { mean: f64 },
    Zipf(Zipf),
}

/// `min`, `max` and `precision` of a continuous sampler.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bounds {
    pub min: f64,
    pub max: f64,
    /// Decimals to round to (from `precision`), if any.
    pub digits: Option<i32>,
    pub precision: Option<f64>,
}

impl Bounds {
    /// Draws with `draw` until the value lies in `min..=max` (at most [`MAX_TRIES`] times,
    /// then clamps), then rounds it to the precision.
    fn apply(&self, rng: &mut Rng, draw: impl Fn(&mut Rng) -> f64) -> f64 {
        let mut x = draw(rng);
        let mut tries = 1;
        while !(self.min..=self.max).contains(&x) && tries < MAX_TRIES {
            x = draw(rng);
            tries += 1;
        }
        let x = x.clamp(self.min, self.max);
        match (self.precision, self.digits) {
            (Some(p), Some(d)) => crate::eval::round_half_up((x / p).round() * p, d),
            _ => x,
        }
    }
}

impl Sampler {
    pub(crate) fn sample(&self, rng: &mut Rng) -> f64 {
        match self {
            Sampler::Normal { mean, sd, bounds } => {
                bounds.apply(rng, |rng| mean + sd * normal(rng))
            }
            Sampler::Exponential { mean, bounds } => bounds.apply(rng, |rng| {
                // 1 - u lies in (0, 1], so the logarithm is finite.
                -mean * libm::log(1.0 - rng.unit_f64())
            }),
            Sampler::Poisson { mean } => poisson(rng, *mean),
            Sampler::Zipf(z) => z.sample(rng),
        }
    }
}

/// A standard normal draw by Marsaglia and Tsang's ziggurat (2000) on 128 layers, as Doornik
/// (2005) lays it out: one 64-bit word picks the layer (its low 7 bits), the sign (bit 7) and
/// the position in the layer (its top 53 bits), and 98.8% of draws end there, with one
/// multiplication and one comparison; the rest test the curve or draw from the tail beyond
/// `R` with logarithms. The tables are computed once with `libm`, so every platform draws
/// the same bits.
pub(crate) fn normal(rng: &mut Rng) -> f64 {
    let zig = ziggurat();
    loop {
        let w = rng.next_u64();
        let i = (w & 0x7f) as usize;
        let negative = w & 0x80 != 0;
        let u = (w >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        if u < zig.ratio[i] {
            let x = u * zig.x[i];
            return if negative { -x } else { x };
        }
        if i == 0 {
            // The tail beyond R: Marsaglia's method, two logarithms a try.
            loop {
                let x = libm::log(1.0 - rng.unit_f64()) / ZIG_R;
                let y = libm::log(1.0 - rng.unit_f64());
                if -2.0 * y >= x * x {
                    return if negative { x - ZIG_R } else { ZIG_R - x };
                }
            }
        }
        // Between the layer's rectangle and the curve: accept under the density.
        let x = u * zig.x[i];
        let f0 = libm::exp(-0.5 * (zig.x[i] * zig.x[i] - x * x));
        let f1 = libm::exp(-0.5 * (zig.x[i + 1] * zig.x[i + 1] - x * x));
        if f1 + rng.unit_f64() * (f0 - f1) < 1.0 {
            return if negative { -x } else { x };
        }
    }
}

/// Where the ziggurat's base layer meets its tail, for 128 layers.
const ZIG_R: f64 = 3.442_619_855_899;
/// The area of each layer, for 128 layers.
const ZIG_V: f64 = 9.912_563_035_262_17e-3;

/// The ziggurat's layer edges `x` (129, decreasing to 0) and `x[i + 1] / x[i]`.
struct Ziggurat {
    x: [f64; 129],
    ratio: [f64; 128],
}

fn ziggurat() -> &'static Ziggurat {
    static TABLES: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let f = |x: f64| libm::exp(-0.5 * x * x);
        let mut x = [0.0; 129];
        x[0] = ZIG_V / f(ZIG_R);
        x[1] = ZIG_R;
        for i in 2..128 {
            x[i] = libm::sqrt(-2.0 * libm::log(ZIG_V / x[i - 1] + f(x[i - 1])));
        }
        let mut ratio = [0.0; 128];
        for i in 0..128 {
            ratio[i] = x[i + 1] / x[i];
        }
        Ziggurat { x, ratio }
    })
}

/// A Poisson draw: Knuth's multiplication method for small means, Hörmann's transformed
/// rejection (PTRS) from a mean of 10.
fn poisson(rng: &mut Rng, mean: f64) -> f64 {
    if mean <= 0.0 {
        return 0.0;
    }
    if mean < 10.0 {
        let limit = libm::exp(-mean);
        let mut k = 0.0;
        let mut p = rng.unit_f64();
        while p > limit && k < 1000.0 {
            k += 1.0;
            p *= rng.unit_f64();
        }
        return k;
    }
    let slam = libm::sqrt(mean);
    let loglam = libm::log(mean);
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    for _ in 0..1000 {
        let u = rng.unit_f64() - 0.5;
        let v = rng.unit_f64();
        let us = 0.5 - u.abs();
        let k = libm::floor((2.0 * a / us + b) * u + mean + 0.43);
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        let lhs = libm::log(v) + libm::log(inv_alpha) - libm::log(a / (us * us) + b);
        let rhs = -mean + k * loglam - libm::lgamma(k + 1.0);
        if lhs <= rhs {
            return k;
        }
    }
    mean.round()
}

/// Ranks `1..=n` with probability proportional to `rank^-s`: for `n` up to [`ZIPF_TABLE_MAX`]
/// from an alias table built at compile time (one 64-bit word a draw, no floating point), for
/// larger `n` by rejection-inversion (Hörmann and Derflinger, 1996): constant time per draw,
/// whatever `n`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Zipf {
    n: f64,
    s: f64,
    h_x1: f64,
    h_n: f64,
    threshold: f64,
    table: Option<std::sync::Arc<AliasTable>>,
}

/// The largest `n` a zipf sampler draws from a table (12 bytes a rank).
pub(crate) const ZIPF_TABLE_MAX: u64 = 1 << 14;

/// Walker's alias method, built by Vose's algorithm (1991): a word's low 32 bits pick a
/// column uniformly (`(low * n) >> 32`, biased by under `n / 2^32`), its high 32 bits keep
/// the column when below `keep[column]`, else give the column's alias.
#[derive(Debug, PartialEq)]
pub(crate) struct AliasTable {
    keep: Box<[u64]>,
    alias: Box<[u32]>,
}

impl AliasTable {
    /// The table for weights that are finite, non-negative and not all zero (`weights.len()`
    /// at most `u32::MAX`).
    fn new(weights: &[f64]) -> AliasTable {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut p: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut keep = vec![1u64 << 32; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<u32>, Vec<u32>) =
            (0..n as u32).partition(|&i| p[i as usize] < 1.0);
        while let (Some(&l), Some(&g)) = (small.last(), large.last()) {
            small.pop();
            let (li, gi) = (l as usize, g as usize);
            keep[li] = (p[li] * 4_294_967_296.0) as u64;
            alias[li] = g;
            p[gi] = (p[gi] + p[li]) - 1.0;
            if p[gi] < 1.0 {
                large.pop();
                small.push(g);
            }
        }
        // What is left is 1 up to rounding: kept whole (keep and alias as initialised).
        AliasTable {
            keep: keep.into_boxed_slice(),
            alias: alias.into_boxed_slice(),
        }
    }

    /// A column, `0..n`.
    #[inline]
    fn sample(&self, rng: &mut Rng) -> usize {
        let w = rng.next_u64();
        let n = self.keep.len() as u64;
        let column = (((w & 0xffff_ffff) * n) >> 32) as usize;
        if (w >> 32) < self.keep[column] {
            column
        } else {
            self.alias[column] as usize
        }
    }
}

impl Zipf {
    /// `n >= 1`, `s > 0` (checked by the caller).
    pub(crate) fn new(n: u64, s: f64) -> Zipf {
        let table = (n <= ZIPF_TABLE_MAX).then(|| {
            let weights: Vec<f64> = (1..=n)
                .map(|k| libm::exp(-s * libm::log(k as f64)))
                .collect();
            std::sync::Arc::new(AliasTable::new(&weights))
        });
        let n = n as f64;
        let mut z = Zipf {
            n,
            s,
            h_x1: 0.0,
            h_n: 0.0,
            threshold: 0.0,
            table,
        };
        z.h_x1 = z.big_h(1.5) - 1.0;
        z.h_n = z.big_h(n + 0.5);
        z.threshold = 2.0 - z.big_h_inv(z.big_h(2.5) - z.h(2.0));
        z
    }

    fn h(&self, x: f64) -> f64 {
        libm::exp(-self.s * libm::log(x))
    }

    /// The integral of `h`: `(x^(1-s) - 1) / (1 - s)`, `ln x` at `s = 1`, computed stably.
    fn big_h(&self, x: f64) -> f64 {
        let log_x = libm::log(x);
        expm1_over(log_x * (1.0 - self.s)) * log_x
    }

    fn big_h_inv(&self, y: f64) -> f64 {
        let t = (y * (1.0 - self.s)).max(-1.0);
        libm::exp(log1p_over(t) * y)
    }

    /// A rank, as a whole number.
    pub(crate) fn sample_rank(&self, rng: &mut Rng) -> u64 {
        self.sample(rng) as u64
    }

    fn sample(&self, rng: &mut Rng) -> f64 {
        if let Some(table) = &self.table {
            return (table.sample(rng) + 1) as f64;
        }
        for _ in 0..1000 {
            let u = self.h_n + rng.unit_f64() * (self.h_x1 - self.h_n);
            let x = self.big_h_inv(u);
            let k = libm::floor(x + 0.5).clamp(1.0, self.n);
            if k - x <= self.threshold || u >= self.big_h(k + 0.5) - self.h(k) {
                return k;
            }
        }
        1.0
    }
}

/// `expm1(t) / t`, 1 at 0.
fn expm1_over(t: f64) -> f64 {
    if t.abs() > 1e-8 {
        libm::expm1(t) / t
    } else {
        1.0 + t / 2.0 * (1.0 + t / 3.0)
    }
}

/// `log1p(t) / t`, 1 at 0.
fn log1p_over(t: f64) -> f64 {
    if t.abs() > 1e-8 {
        libm::log1p(t) / t
    } else {
        1.0 - t * (0.5 - t / 3.0)
    }
}

/// A bijection of `0..n` keyed by `key`: a four-round Feistel network on the smallest even
/// number of bits that holds `n`, walked until it lands inside `0..n` (a permutation of a
/// larger power of two restricted by cycle walking stays a permutation). The domain is at
/// most four times `n`, so a walk takes four steps on average.
pub(crate) fn permute(x: u64, n: u64, key: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let bits = 64 - (n - 1).leading_zeros();
    let half = bits.div_ceil(2).max(1);
    let mask = (1u64 << half) - 1;
    let key = splitmix64(key);
    let mut x = x;
    loop {
        let (mut left, mut right) = (x >> half, x & mask);
        for round in 0..4u64 {
            let f = splitmix64(key ^ (round << 60) ^ right) & mask;
            (left, right) = (right, left ^ f);
        }
        x = (left << half) | right;
        if x < n {
            return x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_is_a_bijection_for_every_small_domain() {
        for n in 1..300u64 {
            let mut seen = vec![false; n as usize];
            for x in 0..n {
                let y = permute(x, n, 42);
                assert!(y < n);
                assert!(!seen[y as usize], "n={n} repeats {y}");
                seen[y as usize] = true;
            }
        }
    }

    #[test]
    fn permute_handles_the_largest_domains() {
        assert!(permute(u64::MAX - 1, u64::MAX, 7) < u64::MAX);
        assert!(permute(1 << 62, 1 << 63, 7) < 1 << 63);
    }

    #[test]
    fn the_alias_table_draws_each_rank_with_its_probability() {
        for (n, s) in [(599u64, 1.07), (7, 0.5), (1, 2.0), (1000, 3.0)] {
            let z = Zipf::new(n, s);
            assert!(z.table.is_some());
            let total: f64 = (1..=n).map(|k| (k as f64).powf(-s)).sum();
            let mut rng = Rng::for_block(3, 0);
            let draws = 400_000;
            let mut counts = vec![0u32; n as usize + 1];
            for _ in 0..draws {
                let k = z.sample_rank(&mut rng);
                assert!((1..=n).contains(&k), "{k} outside 1..={n}");
                counts[k as usize] += 1;
            }
            for k in 1..=n.min(20) {
                let want = draws as f64 * (k as f64).powf(-s) / total;
                let got = f64::from(counts[k as usize]);
                // Five standard deviations of a binomial count.
                assert!(
                    (got - want).abs() <= 5.0 * want.sqrt() + 1.0,
                    "n={n} s={s} rank {k}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn zipf_beyond_the_table_keeps_rejection_inversion() {
        let z = Zipf::new(ZIPF_TABLE_MAX + 1, 1.07);
        assert!(z.table.is_none());
        let mut rng = Rng::for_block(5, 0);
        for _ in 0..10_000 {
            let k = z.sample_rank(&mut rng);
            assert!((1..=ZIPF_TABLE_MAX + 1).contains(&k));
        }
    }

    #[test]
    fn the_ziggurat_draws_a_standard_normal() {
        let mut rng = Rng::for_block(11, 0);
        let draws = 1_000_000;
        let (mut sum, mut sq, mut beyond_2, mut beyond_r) = (0.0, 0.0, 0u32, 0u32);
        for _ in 0..draws {
            let x = normal(&mut rng);
            assert!(x.is_finite());
            sum += x;
            sq += x * x;
            beyond_2 += u32::from(x.abs() > 2.0);
            beyond_r += u32::from(x.abs() > ZIG_R);
        }
        let mean = sum / f64::from(draws);
        let var = sq / f64::from(draws) - mean * mean;
        assert!(mean.abs() < 0.005, "mean {mean}");
        assert!((var - 1.0).abs() < 0.005, "variance {var}");
        // P(|x| > 2) = 0.0455, P(|x| > R) = 5.76e-4: the curve's edges and the tail.
        let p2 = f64::from(beyond_2) / f64::from(draws);
        let pr = f64::from(beyond_r) / f64::from(draws);
        assert!((p2 - 0.0455).abs() < 0.001, "P(|x| > 2) = {p2}");
        assert!((pr - 5.76e-4).abs() < 1.2e-4, "P(|x| > R) = {pr}");
    }

    #[test]
    fn zipf_ranks_stay_in_range_and_rank_one_leads() {
        let z = Zipf::new(100, 1.07);
        let mut rng = Rng::for_block(1, 0);
        let mut counts = vec![0u32; 101];
        for _ in 0..20_000 {
            let k = z.sample(&mut rng);
            assert!((1.0..=100.0).contains(&k) && k.fract() == 0.0);
            counts[k as usize] += 1;
        }
        assert!(counts[1] > counts[2] && counts[2] > counts[10] && counts[10] > counts[100]);
    }
}
