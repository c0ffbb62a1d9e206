//! Progress on stderr, never on stdout: an `indicatif` bar with percent, elapsed, time left and
//! rate when the total is known (a count, or a duration), a spinner with the counts otherwise,
//! and a final summary line in the same human units (`4.28 M records, 636 MB`).
//!
//! On a terminal the bar redraws in place. Forced on (`--progress`) where stderr is not a
//! terminal, the same text goes out as a plain line every few seconds, fit for a CI log.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use fakeplate::sink::Summary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::say;

/// What a run is heading for, when known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Total {
    Unknown,
    /// This many records.
    Records(u64),
    /// This long, in real time.
    Time(Duration),
}

/// How often the text is recomputed on a terminal, and printed elsewhere.
const REDRAW: Duration = Duration::from_millis(100);
const LOG_EVERY: Duration = Duration::from_secs(5);

/// What a sink reports while it works.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SinkState {
    pub summary: Summary,
    pub in_flight: u64,
}

pub struct Progress {
    /// True when progress is shown at all (a bar, or log lines).
    pub show: bool,
    bar: Option<ProgressBar>,
    started: Instant,
    next_draw: Instant,
    pub records: u64,
    /// False while records cannot be counted (no delimiter between them).
    pub records_known: bool,
    bytes: u64,
    total: Total,
    verb: &'static str,
    /// Set by runs into a sink that reports (Kinesis, Firehose, Kafka, a bucket).
    pub sink: Option<SinkState>,
}

impl Progress {
    /// `choice` is `--progress` (`Some(true)`), `--no-progress` (`Some(false)`) or neither
    /// (`None`: shown when stderr is a terminal).
    pub fn new(choice: Option<bool>) -> Progress {
        let terminal = io::stderr().is_terminal();
        let show = choice.unwrap_or(terminal);
        let now = Instant::now();
        Progress {
            show,
            bar: None,
            started: now,
            next_draw: now,
            records: 0,
            records_known: true,
            bytes: 0,
            total: Total::Unknown,
            verb: "wrote",
            sink: None,
        }
        .with_bar(show && terminal)
    }

    fn with_bar(mut self, bar: bool) -> Progress {
        if bar {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            b.set_style(style(self.total));
            b.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(b);
        }
        self
    }

    /// The run's total: a bar instead of a spinner.
    pub fn total(mut self, total: Total) -> Progress {
        self.total = total;
        if let Some(bar) = &self.bar {
            bar.set_style(style(total));
            bar.set_length(match total {
                Total::Records(n) => n.max(1),
                Total::Time(d) => u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1),
                Total::Unknown => 1,
            });
        }
        self
    }

    /// The verb of the final summary (`wrote`, `sent`, `read`).
    pub fn verb(mut self, verb: &'static str) -> Progress {
        self.verb = verb;
        self
    }

    pub fn add(&mut self, records: u64, bytes: usize) {
        self.records += records;
        self.bytes += bytes as u64;
        if self.show && self.due() {
            self.draw();
        }
    }

    /// True when the next [`Progress::add`] or [`Progress::refresh`] would redraw: callers
    /// with a sink then report its state.
    pub fn due(&self) -> bool {
        self.show && Instant::now() >= self.next_draw
    }

    /// Redraws if due (while a run waits between records).
    pub fn refresh(&mut self) {
        if self.due() {
            self.draw();
        }
    }

    fn draw(&mut self) {
        let now = Instant::now();
        let view = self.view(now - self.started);
        match &self.bar {
            Some(bar) => {
                self.next_draw = now + REDRAW;
                bar.set_position(match self.total {
                    Total::Records(_) => self.records,
                    Total::Time(_) => u64::try_from(view.elapsed.as_millis()).unwrap_or(u64::MAX),
                    Total::Unknown => 0,
                });
                bar.set_message(view.line());
            }
            None => {
                // Not a terminal: no redrawing, a line now and then.
                if now - self.started >= LOG_EVERY {
                    say!("{}", view.line());
                }
                self.next_draw = now + LOG_EVERY;
            }
        }
    }

    fn view(&self, elapsed: Duration) -> View {
        View {
            records: self.records_known.then_some(self.records),
            bytes: self.bytes,
            elapsed,
            total: self.total,
            sink: self.sink,
        }
    }

    /// Clears the bar and prints the summary line: when shown, and always after an
    /// interruption.
    pub fn finish(&self, interrupted: bool) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.show || interrupted {
            let why = if interrupted { " (interrupted)" } else { "" };
            say!(
                "{}{why}",
                self.view(self.started.elapsed()).summary(self.verb)
            );
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // An early return (an error) must not leave a half-drawn bar behind its message.
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn style(total: Total) -> ProgressStyle {
    let template = match total {
        Total::Unknown => "{spinner} {msg}",
        _ => "{spinner} [{bar:24}] {msg}",
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// A moment of a run, as text: everything but the bar and the spinner, so that it can be
/// tested at a fixed point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub records: Option<u64>,
    pub bytes: u64,
    pub elapsed: Duration,
    pub total: Total,
    pub sink: Option<SinkState>,
}

impl View {
    /// The progress line.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let mut s = String::new();
        let rate = |n: u64| n as f64 / secs;
        match (self.total, self.records) {
            (Total::Records(total), Some(n)) => {
                let fraction = n as f64 / total.max(1) as f64;
                s += &format!(
                    "{:>3}% {}/{} records, {}, {} rec/s, {} elapsed",
                    percent(fraction),
                    count(n as f64),
                    count(total as f64),
                    bytes(self.bytes as f64),
                    count(rate(n)),
                    clock(self.elapsed),
                );
                if n > 0 && n < total {
                    let left = (total - n) as f64 / rate(n);
                    s += &format!(", {} left", clock(Duration::from_secs_f64(left.min(1e9))));
                }
            }
            (Total::Time(total), records) => {
                let fraction = self.elapsed.as_secs_f64() / total.as_secs_f64().max(1e-9);
                s += &format!("{:>3}% ", percent(fraction));
                s += &counts(records, self.bytes, secs);
                s += &format!(
                    ", {} of {}, {} left",
                    clock(self.elapsed),
                    clock(total),
                    clock(total.saturating_sub(self.elapsed))
                );
            }
            (_, records) => {
                s += &counts(records, self.bytes, secs);
                s += &format!(", {}", clock(self.elapsed));
            }
        }
        if let Some(sink) = self.sink {
            let v = sink.summary;
            s += &format!(
                "; sent {}, retried {}, failed {}, unknown {}, in flight {}",
                count(v.sent as f64),
                count(v.retried as f64),
                count(v.failed as f64),
                count(v.unknown as f64),
                count(sink.in_flight as f64)
            );
        }
        s
    }

    /// The final line: `wrote 10.0 M records, 1.49 GB in 2.4s (4.17 M rec/s)`.
    pub fn summary(&self, verb: &str) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        match self.records {
            Some(n) => format!(
                "{verb} {} record{}, {} in {} ({} rec/s, {}/s)",
                count(n as f64),
                if n == 1 { "" } else { "s" },
                bytes(self.bytes as f64),
                clock(self.elapsed),
                count(n as f64 / secs),
                bytes(self.bytes as f64 / secs)
            ),
            None => format!(
                "{verb} {} in {} ({}/s)",
                bytes(self.bytes as f64),
                clock(self.elapsed),
                bytes(self.bytes as f64 / secs)
            ),
        }
    }
}

fn counts(records: Option<u64>, b: u64, secs: f64) -> String {
    match records {
        Some(n) => format!(
            "{} records, {}, {} rec/s",
            count(n as f64),
            bytes(b as f64),
            count(n as f64 / secs)
        ),
        None => format!("{}, {}/s", bytes(b as f64), bytes(b as f64 / secs)),
    }
}

fn percent(fraction: f64) -> u64 {
    (fraction.clamp(0.0, 1.0) * 100.0).floor() as u64
}

/// Three significant digits with a decimal prefix: `999`, `4.28 k`, `12.5 M`, `636 G`.
fn si(x: f64) -> (String, &'static str) {
    let x = if x.is_finite() { x.max(0.0) } else { 0.0 };
    if x < 999.5 {
        return if x == x.trunc() || x >= 100.0 {
            (format!("{x:.0}"), "")
        } else if x >= 10.0 {
            (format!("{x:.1}"), "")
        } else {
            (format!("{x:.2}"), "")
        };
    }
    let mut v = x;
    for prefix in ["k", "M", "G", "T", "P", "E"] {
        v /= 1000.0;
        if v < 999.5 || prefix == "E" {
            let text = if v < 9.995 {
                format!("{v:.2}")
            } else if v < 99.95 {
                format!("{v:.1}")
            } else {
                format!("{v:.0}")
            };
            return (text, prefix);
        }
    }
    (format!("{v:.0}"), "E")
}

/// A count in human units: `20`, `4.28 k`, `10.0 M`.
pub fn count(x: f64) -> String {
    match si(x) {
        (n, "") => n,
        (n, p) => format!("{n} {p}"),
    }
}

/// Bytes in decimal units: `523 B`, `636 MB`.
pub fn bytes(x: f64) -> String {
    let (n, p) = si(x.round());
    format!("{n} {p}B")
}

/// A duration as people read it: `0.4s`, `59.9s`, `4m05s`, `1h02m`.
pub fn clock(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 60 {
        format!("{:.1}s", d.as_secs_f64().min(59.9))
    } else if secs < 3600 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60)
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
    use std::time::Duration;

    use fakeplate::sink::Summary;

    use super::{SinkState, Total, View, bytes, clock, count};

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

    #[test]
    fn units_are_human() {
        assert_eq!(count(0.0), "0");
        assert_eq!(count(20.0), "20");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(4.5), "4.50");
        assert_eq!(count(999.7), "1.00 k");
        assert_eq!(count(4_276_224.0), "4.28 M");
        assert_eq!(count(4_248_569.0), "4.25 M");
        assert_eq!(count(99_960.0), "100 k");
        assert_eq!(count(f64::NAN), "0");
        assert_eq!(bytes(635_954_029.0), "636 MB");
        assert_eq!(bytes(523.0), "523 B");
        assert_eq!(bytes(1e30), "1000000000000 EB");
        assert_eq!(clock(Duration::from_millis(1049)), "1.0s");
        assert_eq!(clock(Duration::from_secs(245)), "4m05s");
        assert_eq!(clock(Duration::from_secs(3720)), "1h02m");
    }

    /// The bar's text at a fixed point of a run with a known total (the clock is given).
    #[test]
    fn the_line_at_a_fixed_point() {
        let view = View {
            records: Some(4_276_224),
            bytes: 635_954_029,
            elapsed: Duration::from_millis(1_000),
            total: Total::Records(30_000_000),
            sink: None,
        };
        assert_eq!(
            view.line(),
            " 14% 4.28 M/30.0 M records, 636 MB, 4.28 M rec/s, 1.0s elapsed, 6.0s left"
        );
        assert_eq!(
            view.summary("wrote"),
            "wrote 4.28 M records, 636 MB in 1.0s (4.28 M rec/s, 636 MB/s)"
        );
        let timed = View {
            records: Some(1_200),
            bytes: 180_000,
            elapsed: Duration::from_secs(15),
            total: Total::Time(Duration::from_secs(60)),
            sink: Some(SinkState {
                summary: Summary {
                    sent: 1_000,
                    retried: 3,
                    failed: 1,
                    unknown: 2,
                    ..Summary::default()
                },
                in_flight: 199,
            }),
        };
        assert_eq!(
            timed.line(),
            " 25% 1.20 k records, 180 kB, 80 rec/s, 15.0s of 1m00s, 45.0s left; sent 1.00 k, retried 3, failed 1, unknown 2, in flight 199"
        );
        let unknown = View {
            records: None,
            total: Total::Unknown,
            sink: None,
            ..view
        };
        assert_eq!(unknown.line(), "636 MB, 636 MB/s, 1.0s");
        assert_eq!(unknown.summary("wrote"), "wrote 636 MB in 1.0s (636 MB/s)");
    }
}
