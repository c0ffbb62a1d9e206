//! Seed expansion, block streams and sampling: the whole of fakeplate's randomness.
//!
//! Only the ChaCha8 keystream comes from a library (`rand_chacha`); every way of turning its
//! words into values is written here and pinned by golden vectors, so that outputs for a seed
//! do not move when `rand`, `rand_chacha` or `fake` change their own sampling.
//!
//! - **Seed expansion.** The 32-byte ChaCha key is four SplitMix64 outputs of the seed,
//!   little-endian: word `k` is `mix(seed + (k + 1) * 0x9E37_79B9_7F4A_7C15)`.
//! - **Blocks.** Records are grouped in blocks of [`BLOCK_LEN`]; block `b` draws from ChaCha
//!   stream `b`, starting at word 0. Record `i` is reached by rendering at most one block.
//! - **Sampling.** [`Rng::below`] is Lemire's nearly-divisionless method with rejection on
//!   64-bit words; [`Rng::unit_f64`] takes the top 53 bits of a 64-bit word.

use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Number of records in one block (one ChaCha stream per block).
pub const BLOCK_LEN: u64 = 256;

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's finalizer: a well-mixed 64-bit word from any 64-bit input.
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 as a generator: small, fast and good enough for names and jitter (not for
/// records, which draw from ChaCha8, nor for secrets).
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "delivery"), allow(dead_code))]
pub(crate) struct SplitMix64(u64);

#[cfg_attr(not(feature = "delivery"), allow(dead_code))]
impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        splitmix64(self.0)
    }
}

/// The ChaCha8 key for a seed.
pub(crate) fn expand_seed(seed: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (k, chunk) in key.chunks_exact_mut(8).enumerate() {
        let word = splitmix64(seed.wrapping_add((k as u64 + 1).wrapping_mul(GOLDEN_GAMMA)));
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    key
}

/// The random source a record draws from: one ChaCha8 stream per block of records.
pub struct Rng {
    chacha: ChaCha8Rng,
}

impl Rng {
    /// The stream of block `block` for `seed`.
    pub fn for_block(seed: u64, block: u64) -> Rng {
        let mut chacha = ChaCha8Rng::from_seed(expand_seed(seed));
        chacha.set_stream(block);
        Rng { chacha }
    }

    /// Switches to block `block` of the same seed, from its first word.
    pub fn set_block(&mut self, block: u64) {
        self.chacha.set_stream(block);
        self.chacha.set_word_pos(0);
    }

    /// The next 32-bit word of the stream.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        self.chacha.next_u32()
    }

    /// The next 64-bit word: two 32-bit words, the first in the low half.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let lo = u64::from(self.next_u32());
        let hi = u64::from(self.next_u32());
        lo | (hi << 32)
    }

    /// A uniform integer in `0..n`; `0` when `n == 0`.
    #[inline(always)]
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 || n > u64::from(u32::MAX) {
            return self.below_wide(n);
        }
        // 32-bit Lemire: most ranges in templates are small, and one word is half the cost. The
        // rejection (rare: probability below n / 2^32) is kept out of line.
        let n32 = n as u32;
        let m = u64::from(self.next_u32()) * u64::from(n32);
        if (m as u32) < n32 {
            return self.below_reject32(n32, m);
        }
        m >> 32
    }

    #[cold]
    fn below_reject32(&mut self, n32: u32, mut m: u64) -> u64 {
        let threshold = n32.wrapping_neg() % n32;
        while (m as u32) < threshold {
            m = u64::from(self.next_u32()) * u64::from(n32);
        }
        m >> 32
    }

    /// `below` for `n == 0` and for ranges wider than 32 bits.
    #[inline(never)]
    fn below_wide(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// A uniform index into a slice of length `len` (`0` for an empty slice).
    #[inline]
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A uniform integer in `lo..=hi` (requires `lo <= hi`; returns `lo` otherwise).
    #[inline]
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.wrapping_sub(lo) as u64;
        if span == u64::MAX {
            return self.next_u64() as i64;
        }
        lo.wrapping_add(self.below(span + 1) as i64)
    }

    /// A uniform integer in `lo..=hi` over `i128` (for wide decimal ranges).
    pub fn range_i128(&mut self, lo: i128, hi: i128) -> i128 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u128;
        if span < u128::from(u64::MAX) {
            return lo + i128::from(self.below(span as u64 + 1));
        }
        // Ranges past 2^64 values: rejection on 128-bit words masked to the span's bit width.
        let bits = 128 - span.leading_zeros();
        let mask = if bits == 128 {
            u128::MAX
        } else {
            (1u128 << bits) - 1
        };
        loop {
            let v = ((u128::from(self.next_u64()) << 64) | u128::from(self.next_u64())) & mask;
            if v <= span {
                return lo + v as i128;
            }
        }
    }

    /// A uniform float in `[0, 1)` with 53 bits of resolution.
    #[inline]
    pub fn unit_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability 1/2.
    #[inline]
    pub fn coin(&mut self) -> bool {
        self.next_u32() & 1 == 1
    }

    /// A uniform element of a non-empty slice of strings (`""` for an empty one).
    #[inline]
    pub fn pick_str<'a, S: AsRef<str>>(&mut self, items: &'a [S]) -> &'a str {
        items.get(self.index(items.len())).map_or("", AsRef::as_ref)
    }
}

/// Cumulative weights for weighted choice, built once at compile time.
///
/// A draw is `u = unit_f64() * total`; the chosen index is the first whose cumulative weight is
/// greater than `u`. Zero weights are never chosen; IEEE-754 addition and multiplication are
/// exact to the bit on every platform, so the choice is portable.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WeightTable {
    cumulative: Box<[f64]>,
}

impl WeightTable {
    /// Builds the table; `None` unless every weight is finite and non-negative and the total
    /// is positive and finite.
    pub(crate) fn new(weights: &[f64]) -> Option<WeightTable> {
        let mut acc = 0.0f64;
        let mut cumulative = Vec::with_capacity(weights.len());
        for &w in weights {
            if !w.is_finite() || w < 0.0 {
                return None;
            }
            acc += w;
            cumulative.push(acc);
        }
        (acc > 0.0 && acc.is_finite()).then(|| WeightTable {
            cumulative: cumulative.into_boxed_slice(),
        })
    }

    /// A weighted index.
    #[inline]
    pub(crate) fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative[self.cumulative.len() - 1];
        let u = rng.unit_f64() * total;
        // Linear scan: weighted tables in templates are short; the last index is the fallback
        // for the (impossible in exact arithmetic) case u >= total.
        let last = self.cumulative.len() - 1;
        self.cumulative[..last]
            .iter()
            .position(|&c| u < c)
            .unwrap_or_else(|| {
                // Skip trailing zero weights so they are never chosen.
                let mut i = last;
                while i > 0 && self.cumulative[i] == self.cumulative[i - 1] {
                    i -= 1;
                }
                i
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_expansion_is_pinned() {
        let key = expand_seed(42);
        assert_eq!(
            key[..8],
            splitmix64(42u64.wrapping_add(GOLDEN_GAMMA)).to_le_bytes()
        );
        assert_ne!(expand_seed(42), expand_seed(43));
    }

    #[test]
    fn value_stability() {
        let mut rng = Rng::for_block(42, 0);
        let words: Vec<u32> = (0..4).map(|_| rng.next_u32()).collect();
        let below: Vec<u64> = (0..8).map(|_| rng.below(10)).collect();
        let wide: Vec<u64> = (0..3).map(|_| rng.below(1 << 40)).collect();
        let range: Vec<i64> = (0..4).map(|_| rng.range_i64(-5, 5)).collect();
        let unit = rng.unit_f64();
        let golden = format!("{words:?} {below:?} {wide:?} {range:?} {unit}");
        assert_eq!(
            golden, GOLDEN,
            "sampling changed: this breaks every seeded output"
        );
    }

    const GOLDEN: &str = "[2278103804, 823500537, 3021377537, 391485508] [6, 9, 9, 7, 3, 0, 9, 2] \
        [823203033292, 755734044047, 1058832454251] [1, -4, -1, -2] 0.6131862381199014";

    #[test]
    fn blocks_are_independent_streams() {
        let mut a = Rng::for_block(7, 3);
        let mut b = Rng::for_block(7, 0);
        b.next_u64();
        b.set_block(3);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut c = Rng::for_block(7, 4);
        assert_ne!(Rng::for_block(7, 3).next_u64(), c.next_u64());
    }

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut rng = Rng::for_block(1, 0);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[rng.below(7) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800), "{seen:?}");
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.below(1), 0);
    }

    #[test]
    fn range_extremes() {
        let mut rng = Rng::for_block(1, 0);
        for _ in 0..100 {
            let v = rng.range_i64(i64::MAX - 1, i64::MAX);
            assert!(v >= i64::MAX - 1);
            let w = rng.range_i128(-(1i128 << 100), 1i128 << 100);
            assert!(w.abs() <= 1i128 << 100);
        }
        let _ = rng.range_i64(i64::MIN, i64::MAX);
    }

    #[test]
    fn weights() {
        assert!(WeightTable::new(&[]).is_none());
        assert!(WeightTable::new(&[0.0, 0.0]).is_none());
        assert!(WeightTable::new(&[-1.0, 2.0]).is_none());
        let t = WeightTable::new(&[0.0, 1.0, 0.0]).unwrap();
        let mut rng = Rng::for_block(9, 0);
        for _ in 0..1000 {
            assert_eq!(t.sample(&mut rng), 1);
        }
        let t = WeightTable::new(&[3.0, 1.0]).unwrap();
        let hits = (0..40_000).filter(|_| t.sample(&mut rng) == 0).count();
        assert!((29_000..31_000).contains(&hits), "{hits}");
    }
}
