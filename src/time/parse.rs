//! Parsing of date and duration arguments written in templates.

use chrono::NaiveDate;

/// Parses a date argument given in a template: RFC 3339 / ISO 8601 date-time with an offset or `Z`
/// (`2020-01-01T10:00:00Z`, `2020-01-01T10:00:00.250+02:00`), a date-time without zone (UTC),
/// `YYYY-MM-DD` (midnight UTC), or `YYYY-MM-DD HH:mm:ss` (UTC). Returns Unix milliseconds.
///
/// Also accepted, as in RFC 3339 and JavaScript's `Date.parse`: a lowercase `t`/`z`, omitted
/// seconds (`HH:mm`), an offset without colon (`+0200`), and surrounding whitespace. Fraction
/// digits past milliseconds are truncated. The year has exactly four digits.
pub(crate) fn parse_date_time(s: &str) -> Option<i64> {
    let (local, offset_secs) = parse_parts(s)?;
    Some(local - offset_secs.unwrap_or(0) * 1000)
}

/// [`parse_date_time`], reading a date or date-time without an offset as local time in `zone`
/// (as moment reads it: a time skipped by a daylight-saving change moves forward by the gap, a
/// repeated one is its first occurrence). `date.parse` and dates given as text in v2
/// expressions.
pub(crate) fn parse_date_time_in(s: &str, zone: crate::TimeZone) -> Option<i64> {
    let (local, offset_secs) = parse_parts(s)?;
    Some(match offset_secs {
        Some(secs) => local - secs * 1000,
        None => zone.local_to_instant(local),
    })
}

/// The local date-time of `s` as milliseconds counted as if UTC, and its offset in seconds
/// when it has one (`Z` is 0).
fn parse_parts(s: &str) -> Option<(i64, Option<i64>)> {
    let mut p = Cursor {
        rest: s.trim().as_bytes(),
    };
    let year = p.number(4)?;
    p.expect(b"-")?;
    let month = p.number(2)?;
    p.expect(b"-")?;
    let day = p.number(2)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if p.rest.is_empty() {
        return Some((
            date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis(),
            None,
        ));
    }

    p.expect(b"Tt ")?;
    let hour = p.number(2)?;
    p.expect(b":")?;
    let minute = p.number(2)?;
    let (second, milli) = if p.eat(b':') {
        let second = p.number(2)?;
        (second, if p.eat(b'.') { p.fraction_ms()? } else { 0 })
    } else {
        (0, 0)
    };
    // chrono reads a second of 60 via milli >= 1000, which `fraction_ms` cannot produce; a
    // literal `:60` is rejected here.
    if second > 59 {
        return None;
    }
    let local = date.and_hms_milli_opt(hour, minute, second, milli)?;

    let offset_secs = match p.rest.first() {
        None => None,
        Some(b'Z' | b'z') => {
            p.rest = &p.rest[1..];
            Some(0)
        }
        Some(&sign @ (b'+' | b'-')) => {
            p.rest = &p.rest[1..];
            let hours = p.number(2)?;
            p.eat(b':');
            let minutes = p.number(2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = i64::from(hours * 3600 + minutes * 60);
            Some(if sign == b'-' { -secs } else { secs })
        }
        Some(_) => return None,
    };
    if !p.rest.is_empty() {
        return None;
    }
    Some((local.and_utc().timestamp_millis(), offset_secs))
}

/// Parses a duration written like `100ms`, `1s`, `1.5s`, `2m`, `1h`, `1d` (also bare integer =
/// ms). Returns milliseconds; None on garbage or overflow.
///
/// A decimal fraction is allowed with any unit as long as the result is a whole number of
/// milliseconds (`1.5s` = 1500, `0.5ms` is rejected). No sign, no space before the unit.
pub(crate) fn parse_duration_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let unit_ms: i64 = match unit {
        "" | "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) if !fraction.is_empty() => (whole, fraction),
        Some(_) => return None,
        None => (number, ""),
    };
    // `parse` would accept a sign; the split above already limits both parts to digits and dots.
    if whole.is_empty() || fraction.contains('.') {
        return None;
    }
    let mut total = whole.parse::<i64>().ok()?.checked_mul(unit_ms)?;

    let fraction = fraction.trim_end_matches('0');
    if !fraction.is_empty() {
        // With the last digit non-zero, 10^digits must divide fraction * unit_ms; past 18 digits
        // that is impossible for these units (and the product would not fit).
        if fraction.len() > 18 {
            return None;
        }
        let numerator = fraction.parse::<u128>().ok()? * u128::from(unit_ms.unsigned_abs());
        let denominator = 10u128.pow(u32::try_from(fraction.len()).ok()?);
        if numerator % denominator != 0 {
            return None;
        }
        total = total.checked_add(i64::try_from(numerator / denominator).ok()?)?;
    }
    Some(total)
}

/// A byte cursor over ASCII date text.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    /// Consumes exactly `digits` ASCII digits and returns their value.
    fn number(&mut self, digits: usize) -> Option<u32> {
        let (head, tail) = self.rest.split_at_checked(digits)?;
        let mut value = 0;
        for &b in head {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.rest = tail;
        Some(value)
    }

    /// Consumes one byte that is any of `allowed`.
    fn expect(&mut self, allowed: &[u8]) -> Option<()> {
        let (&first, tail) = self.rest.split_first()?;
        allowed.contains(&first).then(|| self.rest = tail)
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.expect(&[byte]).is_some()
    }

    /// Consumes one or more fraction digits and returns them as whole milliseconds (truncated).
    fn fraction_ms(&mut self) -> Option<u32> {
        let len = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        let ms = self.rest[..len]
            .iter()
            .chain(b"000")
            .take(3)
            .fold(0, |ms, &b| ms * 10 + u32::from(b - b'0'));
        self.rest = &self.rest[len..];
        Some(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_with_zone() {
        assert_eq!(
            parse_date_time("2020-01-01T10:00:00Z"),
            Some(1_577_872_800_000)
        );
        assert_eq!(
            parse_date_time("2020-01-01T10:00:00.250+02:00"),
            Some(1_577_865_600_250)
        );
        assert_eq!(
            parse_date_time("2020-01-01T10:00:00-0530"),
            Some(1_577_892_600_000)
        );
        assert_eq!(
            parse_date_time("2020-01-01t10:00:00z"),
            Some(1_577_872_800_000)
        );
        assert_eq!(
            parse_date_time("2020-01-01T10:00:00.1Z"),
            Some(1_577_872_800_100)
        );
        assert_eq!(
            parse_date_time("2020-01-01T10:00:00.123999999Z"),
            Some(1_577_872_800_123)
        );
        assert_eq!(
            parse_date_time("2020-01-01T00:00:00+01:00"),
            Some(1_577_833_200_000)
        );
    }

    #[test]
    fn date_times_without_zone_are_utc() {
        assert_eq!(
            parse_date_time("2020-01-01T10:00:00"),
            Some(1_577_872_800_000)
        );
        assert_eq!(
            parse_date_time("2020-01-01 10:00:00"),
            Some(1_577_872_800_000)
        );
        assert_eq!(parse_date_time("2020-01-01 10:00"), Some(1_577_872_800_000));
        assert_eq!(
            parse_date_time("  2026-01-04 15:04:05.678 "),
            Some(1_767_539_045_678)
        );
    }

    #[test]
    fn dates_are_midnight_utc() {
        assert_eq!(parse_date_time("2020-01-01"), Some(1_577_836_800_000));
        assert_eq!(parse_date_time("1970-01-01"), Some(0));
        assert_eq!(parse_date_time("1969-12-31"), Some(-86_400_000));
        assert_eq!(parse_date_time("2024-02-29"), Some(1_709_164_800_000));
    }

    #[test]
    fn rejected_date_times() {
        for s in [
            "",
            "2020",
            "2020-1-01",
            "20-01-01",
            "2020-13-01",
            "2023-02-29",
            "2020-01-32",
            "2020-01-01T",
            "2020-01-01T24:00:00",
            "2020-01-01T10:60:00",
            "2020-01-01T10:00:60",
            "2020-01-01T10:00:00.",
            "2020-01-01T10:00:00+24:00",
            "2020-01-01T10:00:00+02:60",
            "2020-01-01T10:00:00+2",
            "2020-01-01T10:00:00Zjunk",
            "2020-01-01X10:00:00",
            "2020-01-01Z",
            "+2020-01-01",
            "now",
            "2020-01-01T10:00:00 +02:00",
            "２020-01-01",
        ] {
            assert_eq!(parse_date_time(s), None, "{s:?}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        let alphabet = "0123456789-:.tTzZ +smhdé".as_bytes();
        let mut seed: u64 = 1;
        for _ in 0..200_000 {
            let mut s = Vec::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for _ in 0..(seed >> 59) + 8 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let s = String::from_utf8_lossy(&s);
            parse_date_time(&s);
            parse_duration_ms(&s);
        }
    }

    #[test]
    fn durations() {
        let cases = [
            ("100ms", 100),
            ("1s", 1000),
            ("1.5s", 1500),
            ("0.001s", 1),
            ("2m", 120_000),
            ("1h", 3_600_000),
            ("1d", 86_400_000),
            ("1.25d", 108_000_000),
            ("250", 250),
            ("2.0", 2),
            ("0", 0),
            (" 10s ", 10_000),
            ("1.500000000000000000000000s", 1500),
            ("9223372036854775807", i64::MAX),
            ("9223372036854775.807s", i64::MAX),
        ];
        for (s, want) in cases {
            assert_eq!(parse_duration_ms(s), Some(want), "{s:?}");
        }
    }

    #[test]
    fn rejected_durations() {
        for s in [
            "",
            "ms",
            "s",
            "-1s",
            "+1s",
            "1 s",
            "1.s",
            ".5s",
            "1.2.3s",
            "1sec",
            "1S",
            "1M",
            "1w",
            "0.5ms",
            "1.5",
            "1.0005s",
            "9223372036854775808",
            "9223372036854776s",
            "106751991167301d",
            "9223372036854775.8075s",
            "0.0000000000000000001d",
        ] {
            assert_eq!(parse_duration_ms(s), None, "{s:?}");
        }
    }
}
