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

/// A standard normal draw by the Box–Muller transform (two uniforms, one output).
fn normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.unit_f64();
    let u2 = rng.unit_f64();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
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

/// Ranks `1..=n` with probability proportional to `rank^-s`, by rejection-inversion
/// (Hörmann and Derflinger, 1996): constant time per draw, whatever `n`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Zipf {
    n: f64,
    s: f64,
    h_x1: f64,
    h_n: f64,
    threshold: f64,
}

impl Zipf {
    /// `n >= 1`, `s > 0` (checked by the caller).
    pub(crate) fn new(n: u64, s: f64) -> Zipf {
        let n = n as f64;
        let mut z = Zipf {
            n,
            s,
            h_x1: 0.0,
            h_n: 0.0,
            threshold: 0.0,
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
