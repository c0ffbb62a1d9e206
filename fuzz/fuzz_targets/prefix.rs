//! Firehose `Prefix` / `ErrorOutputPrefix` expressions: parsing never panics, and a pair that
//! parses evaluates, at any time a clock can show (years 1970 to 9999), to at most
//! `MAX_EVALUATED_CHARS` characters without an error, the same text every time.
//!
//! Input: one byte of flags, then the prefix, then (after a NUL byte, if any) the error prefix.
//! Flag bit 0 passes the error prefix as `None` instead of `Some(..)`; the other bits pick a
//! time.
#![no_main]

use fakeplate::delivery::{ErrorOutputType, MAX_EVALUATED_CHARS, Prefix, Prefixes};
use libfuzzer_sys::fuzz_target;

/// 1970-01-01, 2026-01-01, the leap day 2024-02-29T05:06:07.089, 2024-12-31 (day 366), and the
/// last millisecond of 9999.
const TIMES: [i64; 5] = [
    0,
    1_767_225_600_000,
    1_709_183_167_089,
    1_735_603_200_000,
    253_402_300_799_999,
];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (prefix, error_prefix) = match text.split_once('\0') {
        Some((p, e)) => (p, Some(e)),
        None => (text, None),
    };
    let error_prefix = error_prefix.filter(|_| flags & 1 == 0);
    let Ok(prefixes) = Prefixes::new(Some(prefix), error_prefix) else {
        return;
    };
    // Any millisecond of the years 1970..=9999, from the flags, besides the fixed times.
    let extra = i64::from(flags >> 1) * (TIMES[4] / 127);
    let mut n = 0u64;
    let mut random = || {
        n += 1;
        format!("{n:0>11}")
    };
    let mut check = |p: &Prefix, error_type: Option<ErrorOutputType>| {
        for at in TIMES.into_iter().chain([extra]) {
            let once = p.evaluate(at, error_type, &mut random);
            let text = once.unwrap_or_else(|e| {
                panic!("{:?} does not evaluate at {at}: {e}", p.source())
            });
            let chars = text.chars().count();
            assert!(
                chars <= MAX_EVALUATED_CHARS,
                "{:?} evaluates to {chars} characters at {at}",
                p.source()
            );
            if !p.has_random_string() {
                let again = p.evaluate(at, error_type, &mut random).unwrap();
                assert_eq!(text, again, "{:?} at {at}", p.source());
            }
        }
    };
    // `Prefix` never holds the error type; `ErrorOutputPrefix` prints either.
    check(prefixes.prefix(), None);
    for t in ErrorOutputType::ALL {
        check(prefixes.error_prefix(), Some(t));
    }
    let _ = prefixes.warnings();
});
