//! Runs of literal text and record times (`date.now`, `date.utc`) printed as one op.
//!
//! Every value in such a run prints the record's time, so the whole run changes only with the
//! second, except for its sub-second digits. It is formatted once per minute into a template
//! with holes for what changes within the minute; each second makes its text from that, with
//! holes left for the sub-second digits; and a record copies the second's text and fills those:
//! a template of nine date formats does one copy and a few digit writes per record, not
//! nineteen ops ([`FormatCache`](crate::time::moment::FormatCache)).

use super::Op;
use crate::functions::{Cx, Hot, TextCache};
use crate::time::moment::clamp_ms;

/// A run of [`Op::Lit`] and [`Hot::Now`] ops, at least one of each kind or two times.
#[derive(Debug)]
pub(crate) struct Clock {
    /// The ops fused, in order: what `fakeplate::verify` reads, and what a record rendered
    /// with marks renders one by one.
    pub parts: Box<[Op]>,
    /// The [`TextCache`] slot of the run's text.
    cache: u32,
}

impl Clock {
    /// Appends the run for the record's time.
    #[inline]
    pub(crate) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        let ms = clamp_ms(cx.now_ms);
        let zone = cx.zone;
        // Slots are handed out at compile time; `get_mut` keeps a mismatch from panicking.
        let Some(cache) = cx.caches.get_mut(self.cache as usize) else {
            return;
        };
        let second = ms.div_euclid(1000);
        // A template's zone is fixed, so the second alone keys the text.
        let key = (second, 0);
        if !cache.holds(key) {
            // Offsets change on whole seconds: the records of one second share it.
            let offset_secs = i64::from(zone.offset_at(ms).clamp(-86_399, 86_399));
            cache.new_second(key, second, offset_secs, |cache, minute| {
                self.fill(cache, ms, offset_secs, minute);
            });
        }
        cache.write(out, ms);
    }

    /// Formats the run into `cache`'s template for instant `ms`, for its whole minute with
    /// `minute`, else for its second.
    #[cold]
    fn fill(&self, cache: &mut TextCache, ms: i64, offset_secs: i64, minute: bool) {
        for part in &*self.parts {
            match part {
                Op::Lit(text) => cache.push_str(text),
                Op::Hot(Hot::Now(how, _)) => how.fill(cache, ms, offset_secs, minute),
                // `fuse` puts nothing else in a run.
                _ => {}
            }
        }
    }
}

/// Fuses each run of literal text and record times that holds a time and something besides
/// into an [`Op::Clock`], handing out cache slots from `*caches` on.
pub(super) fn fuse(ops: Vec<Op>, caches: &mut u32) -> Vec<Op> {
    let mut fused = Vec::with_capacity(ops.len());
    let mut run: Vec<Op> = Vec::new();
    // `keep_tail`: the run keeps the literal after its last time, unless a choice follows
    // that takes it in (`Program::fuse_literals`).
    let mut flush = |run: &mut Vec<Op>, fused: &mut Vec<Op>, keep_tail: bool| {
        let tail = match run.last() {
            Some(Op::Lit(_)) if !keep_tail => run.pop(),
            _ => None,
        };
        if run.len() > 1 && run.iter().any(is_time) {
            fused.push(Op::Clock(Clock {
                parts: std::mem::take(run).into_boxed_slice(),
                cache: *caches,
            }));
            *caches += 1;
        } else {
            fused.append(run);
        }
        fused.extend(tail);
    };
    for op in ops {
        if matches!(op, Op::Lit(_)) || is_time(&op) {
            run.push(op);
        } else {
            let choice = matches!(
                op,
                Op::Hot(Hot::Table(_) | Hot::Choice(_) | Hot::Weighted(..))
            );
            flush(&mut run, &mut fused, !choice);
            fused.push(op);
        }
    }
    flush(&mut run, &mut fused, true);
    fused
}

fn is_time(op: &Op) -> bool {
    matches!(op, Op::Hot(Hot::Now(..)))
}

#[cfg(test)]
mod tests {
    use super::super::{Op, compile};
    use crate::options::{Clock as Virtual, Options};
    use crate::render::OneByOne;
    use crate::{Template, TimeZone};

    const RUN: &str = r#"{"ms":{{date.now("x")}},"s":{{date.now("X")}},"local":"{{date.now}}","utc":"{{date.utc("YYYY-MM-DD HH:mm:ss.SSS ZZ")}}","day":"{{date.now("dddd, MMMM Do YYYY kk:mm:ss.S Hmmss z")}}","id":{{random.number(9)}},"t":"{{date.utc("s ss SS")}}"}"#;

    #[test]
    fn a_run_prints_what_its_parts_print() {
        let mut zones = vec![
            TimeZone::UTC,
            TimeZone::fixed(19_800).unwrap(),
            TimeZone::fixed(-3_599).unwrap(),
        ];
        if let Some(zone) = TimeZone::parse("America/New_York") {
            zones.push(zone);
        }
        // Across seconds, minutes and hours, before 1970 and around New York's change of
        // 2026-03-08 07:00 UTC.
        let clocks = [
            (-2_500, 7),
            (1_772_952_000_000, 997),
            (1_772_952_000_000, 59_999),
            (-62_135_596_800_001, 61_001),
        ];
        for zone in zones {
            for (start_ms, step_ms) in clocks {
                let options = Options::new()
                    .time_zone(zone)
                    .clock(Virtual::Virtual { start_ms, step_ms });
                let t = Template::compile_with(RUN, &options).unwrap();
                let (mut fused, mut parts) = (t.generator(5), t.generator(5));
                let (mut a, mut b) = (String::new(), String::new());
                for _ in 0..300 {
                    a.clear();
                    b.clear();
                    fused.next_into(&mut a);
                    parts.next_marked(&mut b, &mut OneByOne);
                    assert_eq!(a, b, "{zone:?} from {start_ms} by {step_ms}");
                }
            }
        }
    }

    #[test]
    fn runs_take_the_text_around_their_times() {
        let program = compile(RUN, &Options::default(), &mut Vec::new()).unwrap();
        let kinds: Vec<&str> = program
            .ops
            .iter()
            .map(|op| match op {
                Op::Clock(_) => "clock",
                Op::Lit(_) => "lit",
                _ => "other",
            })
            .collect();
        // The number splits the times in two runs; the text after the last time is its run's.
        assert_eq!(kinds, ["clock", "other", "clock"]);
        assert_eq!(program.units().count(), 15);
    }
}
