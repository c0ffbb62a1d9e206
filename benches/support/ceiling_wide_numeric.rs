//! The hand-written Rust ceiling for `benches/templates/wide-numeric.tmpl`: the same record
//! bytes from the same random draws as fakeplate (`Rng::range_i64` per field, printed with
//! itoa), with the literals and bounds as constants. `examples/ceiling_family.rs` asserts byte
//! equality with fakeplate before timing it.

use fakeplate::BLOCK_LEN;
use fakeplate::internals::Rng;

/// The literal text before each number, and the number's bounds.
const FIELDS: &[(&str, i64, i64)] = &[
    ("{\t\"host\":\"web-", 1, 64),
    ("\",\t\"cpu_user\":", 0, 100),
    (",\t\"cpu_sys\":", 0, 100),
    (",\t\"cpu_idle\":", 0, 100),
    (",\t\"cpu_iowait\":", 0, 100),
    (",\t\"mem_used\":", 0, 65536),
    (",\t\"mem_free\":", 0, 65536),
    (",\t\"mem_cached\":", 0, 32768),
    (",\t\"swap_used\":", 0, 8192),
    (",\t\"disk_read\":", 0, 1000000),
    (",\t\"disk_write\":", 0, 1000000),
    (",\t\"disk_util\":", 0, 100),
    (",\t\"net_rx\":", 0, 10000000),
    (",\t\"net_tx\":", 0, 10000000),
    (",\t\"net_err\":", 0, 50),
    (",\t\"net_drop\":", 0, 50),
    (",\t\"tcp_open\":", 0, 5000),
    (",\t\"tcp_wait\":", 0, 2000),
    (",\t\"udp_rx\":", 0, 100000),
    (",\t\"udp_tx\":", 0, 100000),
    (",\t\"load1\":", 0, 64),
    (",\t\"load5\":", 0, 64),
    (",\t\"load15\":", 0, 64),
    (",\t\"procs\":", 1, 4000),
    (",\t\"threads\":", 1, 20000),
    (",\t\"fds\":", 3, 65535),
    (",\t\"gc_count\":", 0, 1000),
    (",\t\"gc_ms\":", 0, 5000),
    (",\t\"heap_used\":", 1000, 4000000),
    (",\t\"heap_max\":", 4000000, 8000000),
    (",\t\"req_count\":", 0, 100000),
    (",\t\"req_err\":", 0, 500),
    (",\t\"latency_p50\":", 1, 250),
    (",\t\"latency_p99\":", 100, 5000),
    (",\t\"queue_depth\":", 0, 9999),
];
const TAIL: &str = "}";

/// Records of the wide numeric family for one seed, from record 0.
pub struct WideNumeric {
    rng: Rng,
    index: u64,
}

impl WideNumeric {
    pub fn new(seed: u64) -> WideNumeric {
        WideNumeric {
            rng: Rng::for_block(seed, 0),
            index: 0,
        }
    }

    /// Appends the next record (no line break).
    #[inline]
    pub fn next_into(&mut self, out: &mut String) {
        if self.index % BLOCK_LEN == 0 && self.index != 0 {
            self.rng.set_block(self.index / BLOCK_LEN);
        }
        let mut digits = itoa::Buffer::new();
        for &(lit, lo, hi) in FIELDS {
            out.push_str(lit);
            out.push_str(digits.format(self.rng.range_i64(lo, hi)));
        }
        out.push_str(TAIL);
        self.index += 1;
    }
}
