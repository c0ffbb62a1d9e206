//! Counts what was written and shows it on stderr now and then.

use std::io::{self, IsTerminal, Write as _};
use std::time::{Duration, Instant};

pub struct Progress {
    pub show: bool,
    started: Instant,
    last_shown: Instant,
    pub records: u64,
    /// False while records cannot be counted (no delimiter between them).
    pub records_known: bool,
    bytes: u64,
}

impl Progress {
    /// Shown when `forced` or when stderr is a terminal.
    pub fn new(forced: bool) -> Progress {
        let now = Instant::now();
        Progress {
            show: forced || io::stderr().is_terminal(),
            started: now,
            last_shown: now,
            records: 0,
            records_known: true,
            bytes: 0,
        }
    }

    pub fn add(&mut self, records: u64, bytes: usize) {
        self.records += records;
        self.bytes += bytes as u64;
        if self.show && self.last_shown.elapsed() >= Duration::from_millis(500) {
            self.last_shown = Instant::now();
            let _ = write!(io::stderr(), "\r{}", self.line());
        }
    }

    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        if !self.records_known {
            return format!("{} bytes, {:.1}s", self.bytes, secs);
        }
        format!(
            "{} records, {:.0} records/s, {} bytes, {:.1}s",
            self.records,
            self.records as f64 / secs.max(1e-9),
            self.bytes,
            secs
        )
    }

    /// The final line: always after an interruption, otherwise when shown.
    pub fn finish(&self, interrupted: bool) {
        if self.show || interrupted {
            let why = if interrupted { " (interrupted)" } else { "" };
            let _ = writeln!(io::stderr(), "\r{}{why}", self.line());
        }
    }
}

/// Counts `\n` bytes eight at a time (a byte-by-byte count cost as much as rendering).
pub fn count_newlines(bytes: &[u8]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder().iter().filter(|&&b| b == b'\n').count() as u64;
    chunks.fold(tail, |n, chunk| {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Zero bytes of `x` are the newlines; the high bit of each byte of `zeros` marks one.
        let x = u64::from_ne_bytes(word) ^ NEWLINES;
        let zeros = !(((x & LOW7) + LOW7) | x | LOW7);
        n + u64::from(zeros.count_ones())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn newlines_are_counted_exactly() {
        for text in [
            "",
            "\n",
            "abc",
            "a\nb\n\n",
            "\n\n\n\n\n\n\n\n\n",
            "x\u{a0a}\n\u{10a0a}é\n",
        ] {
            let want = text.bytes().filter(|&b| b == b'\n').count() as u64;
            assert_eq!(super::count_newlines(text.as_bytes()), want, "{text:?}");
        }
        let all: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let want = all.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(super::count_newlines(&all), want);
    }
}
