//! Reading a formatted time back: where a [`MomentFormat`]'s output ends in a text, and whether
//! an instant inside a window prints it, so that records rendered on the system clock can be
//! verified by the shape of their time values (`fakeplate::verify`).
//!
//! A child module of `moment`, so that it reads the compiled format's items and calendar
//! helpers without widening their visibility. Reading is in two steps: the tokens are consumed
//! by their shape (digits of a width, names from the English tables, an offset), which gives the
//! calendar fields the format prints; the fields then give the instants the text can stand for
//! (a year, a day, a second, a millisecond…), and one of them inside the window must print the
//! exact text again, so that weekdays, week numbers, offsets and zone names are checked too.

use super::{
    Field, Instant, Item, MONTHS, MS_PER_DAY, MomentFormat, TOKENS, Tok, WEEKDAYS, days_from_civil,
};

/// Why a text is not a time value of a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Misread {
    /// The text does not have the format's shape (or no instant prints it).
    Shape,
    /// The text is a time value of the format, but of an instant outside the window.
    Window,
}

/// The years tried for a format that prints no year (`Do MMM`) when no window bounds them:
/// every weekday and leap-year combination occurs within them.
const DEFAULT_YEARS: std::ops::RangeInclusive<i64> = 1970..=2099;
/// The most years tried for a format that prints no year.
const MAX_YEARS: i64 = 400;

/// The calendar fields a text printed, as far as its tokens tell them.
#[derive(Default, Debug)]
struct Fields {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    hour: Option<i64>,
    hour12: Option<i64>,
    pm: Option<bool>,
    minute: Option<i64>,
    second: Option<i64>,
    /// Milliseconds and the precision they were printed to (100, 10 or 1).
    milli: Option<(i64, i64)>,
    /// Unix milliseconds and their precision (1000 for `X`).
    epoch: Option<(i64, i64)>,
}

impl MomentFormat {
    /// Reads a value of this format at the start of `text`, printed in UTC mode (`utc`) or at
    /// the offset `offset_at` gives for an instant (seconds east of UTC; a constant for a fixed
    /// offset), of an instant within `window` (Unix milliseconds, both ends included;
    /// `None`: any time), and returns its length in bytes.
    ///
    /// A format that prints a date (or Unix time) is checked exactly: some instant in the
    /// window must print the same text. A format that prints only a time of day or names
    /// (`HH:mm`, `dddd`) is checked for its shape and the ranges of its fields, not the window.
    /// `scratch` holds the text printed again.
    pub(crate) fn read_back(
        &self,
        text: &[u8],
        utc: bool,
        offset_at: impl Fn(i64) -> i32,
        window: Option<(i64, i64)>,
        scratch: &mut String,
    ) -> Result<usize, Misread> {
        let mut fields = Fields::default();
        let mut at = 0;
        for item in self.items.iter() {
            match item {
                Item::Lit(s) => at = literal(text, at, s.as_bytes())?,
                Item::Char(c) => at = literal(text, at, c.encode_utf8(&mut [0; 4]).as_bytes())?,
                Item::Tok(tok) => at = token(text, at, *tok, utc, &mut fields)?,
            }
        }
        let printed = &text[..at];
        let offset_ms = |ms: i64| {
            if utc {
                0
            } else {
                i64::from(offset_at(ms).clamp(-86_399, 86_399)) * 1000
            }
        };
        let (wlo, whi) = window.unwrap_or((i64::MIN, i64::MAX));
        let mut seen = false;
        let mut check = |lo: i64, hi: i64| -> bool {
            // The instants [lo, hi) can print the text; the first of them in the window must.
            let t = lo.max(wlo);
            let inside = t < hi && t <= whi;
            let probe = if inside { t } else { lo };
            scratch.clear();
            self.write(
                scratch,
                Instant {
                    ms: probe,
                    offset_secs: offset_at(probe),
                    utc,
                },
            );
            if scratch.as_bytes() != printed {
                return false;
            }
            seen = true;
            inside
        };
        if let Some((ms, precision)) = fields.epoch {
            return match check(ms, ms.saturating_add(precision)) {
                true => Ok(at),
                false if seen => Err(Misread::Window),
                false => Err(Misread::Shape),
            };
        }
        let Some(intervals) = intervals(&fields, window) else {
            // No date: the shape and the fields' ranges are all there is to check.
            return ranges_ok(&fields).then_some(at).ok_or(Misread::Shape);
        };
        for (lo, hi) in intervals {
            // The offset at the local time's instant: the one at the local time read as UTC,
            // or at the instant that one gives (they differ only near a zone's transition).
            let first = offset_ms(lo);
            let second = offset_ms(lo.saturating_sub(first));
            if check(lo - first, hi - first) || (second != first && check(lo - second, hi - second))
            {
                return Ok(at);
            }
        }
        Err(if seen {
            Misread::Window
        } else {
            Misread::Shape
        })
    }

    /// The format as moment.js format text (`YYYY-MM-DD[T]HH:mm`), for messages.
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        for item in self.items.iter() {
            match item {
                Item::Lit(l) => {
                    s.push('[');
                    s.push_str(l);
                    s.push(']');
                }
                Item::Char(c) if c.is_ascii_alphabetic() || *c == '[' || *c == ']' => {
                    s.push('[');
                    s.push(*c);
                    s.push(']');
                }
                Item::Char(c) => s.push(*c),
                Item::Tok(Tok::Fraction(d)) => {
                    s.extend(std::iter::repeat_n('S', usize::from(*d)));
                }
                // `toISOString`'s year, `YYYY` within 0–9999.
                Item::Tok(Tok::IsoYear) => s.push_str("YYYY"),
                Item::Tok(tok) => s.push_str(
                    TOKENS
                        .iter()
                        .find(|(_, t)| *t == Some(*tok))
                        .map_or("?", |(name, _)| name),
                ),
            }
        }
        s
    }
}

/// Local-time intervals `[lo, hi)` (milliseconds, as if at offset 0) the fields can stand for,
/// one per candidate year and hour; `None` when the fields name no date.
fn intervals(f: &Fields, window: Option<(i64, i64)>) -> Option<Vec<(i64, i64)>> {
    let dated = f.month.is_some() || f.day_of_year.is_some() || f.year.is_some();
    if !dated {
        return None;
    }
    let years: Vec<i64> = match f.year {
        Some(y) => vec![y],
        None => {
            let range = match window {
                // A day either side: the window is in UTC, the text in its offset.
                Some((lo, hi)) => {
                    let year =
                        |ms: i64| super::Civil::new(ms.clamp(-8.64e15 as i64, 8.64e15 as i64)).year;
                    let (a, b) = (
                        year(lo.saturating_sub(MS_PER_DAY)),
                        year(hi.saturating_add(MS_PER_DAY)),
                    );
                    a..=b.min(a + MAX_YEARS)
                }
                None => DEFAULT_YEARS,
            };
            range.collect()
        }
    };
    let hours: Vec<Option<i64>> = match (f.hour, f.hour12, f.pm) {
        (Some(h), _, _) => vec![Some(h)],
        (None, Some(h), Some(pm)) => vec![Some(h % 12 + if pm { 12 } else { 0 })],
        (None, Some(h), None) => vec![Some(h % 12), Some(h % 12 + 12)],
        (None, None, _) => vec![None],
    };
    let mut out = Vec::new();
    for &year in &years {
        // The day, or the first day of the month or year, and the span it stands for.
        let (days, span) = match (f.month, f.day, f.day_of_year) {
            (_, _, Some(doy)) => (days_from_civil(year, 1, 1) + doy - 1, MS_PER_DAY),
            (Some(m), Some(d), None) => (days_from_civil(year, m, d), MS_PER_DAY),
            (Some(m), None, None) => {
                let first = days_from_civil(year, m, 1);
                (
                    first,
                    (days_from_civil(year, m + 1, 1) - first) * MS_PER_DAY,
                )
            }
            (None, _, None) => {
                let first = days_from_civil(year, 1, 1);
                (
                    first,
                    (days_from_civil(year + 1, 1, 1) - first) * MS_PER_DAY,
                )
            }
        };
        let start = days * MS_PER_DAY;
        for &hour in &hours {
            // Each field narrows the span only when the ones above it are known.
            let mut lo = start;
            let mut len = span;
            if span == MS_PER_DAY {
                if let Some(h) = hour {
                    lo += h * 3_600_000;
                    len = 3_600_000;
                    if let Some(m) = f.minute {
                        lo += m * 60_000;
                        len = 60_000;
                        if let Some(s) = f.second {
                            lo += s * 1000;
                            len = 1000;
                            if let Some((ms, precision)) = f.milli {
                                lo += ms;
                                len = precision;
                            }
                        }
                    }
                }
            }
            out.push((lo, lo + len));
        }
    }
    Some(out)
}

/// Whether the fields of a format without a date are within their ranges.
fn ranges_ok(f: &Fields) -> bool {
    let within = |v: Option<i64>, lo: i64, hi: i64| v.is_none_or(|v| (lo..=hi).contains(&v));
    within(f.hour, 0, 23)
        && within(f.hour12, 1, 12)
        && within(f.minute, 0, 59)
        && within(f.second, 0, 59)
        && within(f.day, 1, 31)
}

fn literal(text: &[u8], at: usize, lit: &[u8]) -> Result<usize, Misread> {
    match text.get(at..at + lit.len()) {
        Some(t) if t == lit => Ok(at + lit.len()),
        _ => Err(Misread::Shape),
    }
}

/// Reads `min..=max` ASCII digits at `at` (as many as there are, up to `max`), with a sign
/// when `signed`: the value and the end.
fn number(
    text: &[u8],
    at: usize,
    min: usize,
    max: usize,
    signed: bool,
) -> Result<(i64, usize), Misread> {
    let (negative, start) = match text.get(at) {
        Some(b'-') if signed => (true, at + 1),
        Some(b'+') if signed => (false, at + 1),
        _ => (false, at),
    };
    let digits = text[start.min(text.len())..]
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits < min {
        return Err(Misread::Shape);
    }
    let mut n: i64 = 0;
    for &b in &text[start..start + digits] {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(i64::from(b - b'0')))
            .ok_or(Misread::Shape)?;
    }
    Ok((if negative { -n } else { n }, start + digits))
}

/// Reads the longest of `names` at `at`: its index and the end.
fn name(
    text: &[u8],
    at: usize,
    names: impl Iterator<Item = &'static str>,
) -> Result<(usize, usize), Misread> {
    names
        .enumerate()
        .filter(|(_, n)| text.get(at..at + n.len()) == Some(n.as_bytes()))
        .max_by_key(|(_, n)| n.len())
        .map(|(i, n)| (i, at + n.len()))
        .ok_or(Misread::Shape)
}

/// The most digits a field prints unpadded.
fn max_digits(field: Field) -> usize {
    match field {
        Field::Weekday | Field::IsoWeekday | Field::Quarter => 1,
        Field::DayOfYear => 3,
        Field::Year | Field::WeekYear | Field::IsoWeekYear => 6,
        _ => 2,
    }
}

/// Keeps what a numeric field tells of the instant.
fn keep(f: &mut Fields, field: Field, n: i64) {
    match field {
        Field::Month => f.month = Some(n),
        Field::Date => f.day = Some(n),
        Field::DayOfYear => f.day_of_year = Some(n),
        Field::Year => f.year = Some(n),
        Field::Hour => f.hour = Some(n),
        Field::Hour24 => f.hour = Some(n % 24),
        Field::Hour12 => f.hour12 = Some(n),
        Field::Minute => f.minute = Some(n),
        Field::Second => f.second = Some(n),
        // Checked by printing again.
        _ => {}
    }
}

/// Consumes one token at `at`, keeping the fields it prints.
fn token(text: &[u8], at: usize, tok: Tok, utc: bool, f: &mut Fields) -> Result<usize, Misread> {
    Ok(match tok {
        Tok::Num(field, width) => {
            let year = matches!(field, Field::Year | Field::WeekYear | Field::IsoWeekYear);
            let width = usize::from(width);
            // Padded fields print exactly their width (years of up to that many digits).
            let (min, max) = if width > 0 {
                (width, width)
            } else {
                (1, max_digits(field))
            };
            let (n, end) = number(text, at, min, max, year)?;
            keep(f, field, n);
            end
        }
        Tok::Ordinal(field) => {
            let (n, end) = number(text, at, 1, max_digits(field), false)?;
            let (_, end) = name(text, end, ["st", "nd", "rd", "th"].into_iter())?;
            keep(f, field, n);
            end
        }
        Tok::SignedYear => {
            if !matches!(text.get(at), Some(b'+' | b'-')) {
                return Err(Misread::Shape);
            }
            let (n, end) = number(text, at, 6, 6, true)?;
            f.year = Some(n);
            end
        }
        // `toISOString`'s year: four digits, or a sign and six outside 0–9999.
        Tok::IsoYear => {
            let signed = matches!(text.get(at), Some(b'+' | b'-'));
            let digits = if signed { 6 } else { 4 };
            let (n, end) = number(text, at, digits, digits, signed)?;
            f.year = Some(n);
            end
        }
        Tok::YearPlus => {
            let (n, end) = number(text, at, 1, 6, true)?;
            f.year = Some(n);
            end
        }
        Tok::MonthShort => {
            let (i, end) = name(text, at, MONTHS.iter().map(|m| &m[..3]))?;
            f.month = Some(i as i64 + 1);
            end
        }
        Tok::MonthLong => {
            let (i, end) = name(text, at, MONTHS.iter().copied())?;
            f.month = Some(i as i64 + 1);
            end
        }
        Tok::WeekdayMin => name(text, at, WEEKDAYS.iter().map(|d| &d[..2]))?.1,
        Tok::WeekdayShort => name(text, at, WEEKDAYS.iter().map(|d| &d[..3]))?.1,
        Tok::WeekdayLong => name(text, at, WEEKDAYS.iter().copied())?.1,
        Tok::Meridiem { upper } => {
            let names = if upper { ["AM", "PM"] } else { ["am", "pm"] };
            let (i, end) = name(text, at, names.into_iter())?;
            f.pm = Some(i == 1);
            end
        }
        Tok::Compact { h12, secs } => {
            let tail = if secs { 4 } else { 2 };
            let (n, end) = number(text, at, tail + 1, tail + 2, false)?;
            let split = 10i64.pow(tail as u32);
            let (hour, rest) = (n / split, n % split);
            if h12 {
                f.hour12 = Some(hour);
            } else {
                f.hour = Some(hour);
            }
            if secs {
                f.minute = Some(rest / 100);
                f.second = Some(rest % 100);
            } else {
                f.minute = Some(rest);
            }
            end
        }
        Tok::Fraction(digits) => {
            let d = usize::from(digits);
            let (n, end) = number(text, at, d, d, false)?;
            f.milli = Some(match d {
                1 => (n * 100, 100),
                2 => (n * 10, 10),
                _ => (n / 10i64.pow(d as u32 - 3), 1),
            });
            end
        }
        Tok::Offset { colon } => {
            let (_, end) = name(text, at, ["+", "-"].into_iter())?;
            let (_, end) = number(text, end, 2, 2, false)?;
            let end = if colon {
                literal(text, end, b":")?
            } else {
                end
            };
            number(text, end, 2, 2, false)?.1
        }
        Tok::ZoneAbbr => literal(text, at, if utc { b"UTC" } else { b"" })?,
        Tok::ZoneName => literal(
            text,
            at,
            if utc {
                b"Coordinated Universal Time"
            } else {
                b""
            },
        )?,
        Tok::UnixSecs => {
            let (n, end) = number(text, at, 1, 16, true)?;
            f.epoch = Some((n.saturating_mul(1000), 1000));
            end
        }
        Tok::UnixMillis => {
            let (n, end) = number(text, at, 1, 17, true)?;
            f.epoch = Some((n, 1));
            end
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(text: &str) -> MomentFormat {
        MomentFormat::parse(text).unwrap().0
    }

    fn print(f: &MomentFormat, ms: i64, utc: bool, offset_secs: i32) -> String {
        let mut s = String::new();
        f.write(
            &mut s,
            Instant {
                ms,
                offset_secs,
                utc,
            },
        );
        s
    }

    /// 2026-03-04T05:06:07.089Z, a Wednesday.
    const T: i64 = 1_772_600_767_089;

    #[test]
    fn every_format_reads_back_what_it_printed_within_its_window() {
        for text in [
            "x",
            "X",
            "YYYY-MM-DDTHH:mm:ss.SSSZ",
            "YYYY-MM-DDTHH:mm:ss[Z]",
            "Do MMM",
            "dddd, MMMM Do YYYY, h:mm:ss a",
            "YYYYMMDDHHmmss",
            "DDDD YYYY HHmm",
            "LLLL",
            "llll z zz",
            "YY-M-D k:m:s.S",
            "gggg ww e GGGG WW E Q",
            "YYYYYY",
            "MMM YYYY",
        ] {
            let f = format(text);
            for (utc, offset) in [(true, 0), (false, 19_800), (false, -3600)] {
                for ms in [T, T + 86_399_000, 0, 1_000, -86_400_123, 4_102_444_799_999] {
                    let printed = print(&f, ms, utc, offset);
                    let trailing = format!("{printed}\",\"n\":1");
                    let window = Some((ms - 5, ms + 5));
                    assert_eq!(
                        f.read_back(
                            trailing.as_bytes(),
                            utc,
                            |_| offset,
                            window,
                            &mut String::new()
                        ),
                        Ok(printed.len()),
                        "{text} {printed}"
                    );
                    assert_eq!(
                        f.read_back(
                            printed.as_bytes(),
                            utc,
                            |_| offset,
                            None,
                            &mut String::new()
                        ),
                        Ok(printed.len())
                    );
                }
            }
        }
    }

    #[test]
    fn iso_dates_read_back_with_expanded_years() {
        let f = MomentFormat::iso_millis();
        assert_eq!(f.text(), "YYYY-MM-DD[T]HH:mm:ss.SSS[Z]");
        for ms in [
            253_402_300_800_050,
            253_402_300_799_950,
            -62_167_219_200_001,
            -62_167_219_200_000,
            -8_640_000_000_000_000,
            8_640_000_000_000_000,
        ] {
            let printed = print(&f, ms, true, 0);
            let window = Some((ms - 5, ms + 5));
            assert_eq!(
                f.read_back(printed.as_bytes(), true, |_| 0, window, &mut String::new()),
                Ok(printed.len()),
                "{printed}"
            );
        }
        for bad in [
            "10000-01-01T00:00:00.050Z",
            "+9999-12-31T23:59:59.950Z",
            "-0001-12-31T23:59:59.999Z",
        ] {
            assert_eq!(
                f.read_back(bad.as_bytes(), true, |_| 0, None, &mut String::new()),
                Err(Misread::Shape),
                "{bad}"
            );
        }
    }

    #[test]
    fn outside_the_window_and_the_wrong_shape_are_told_apart() {
        let f = format("YYYY-MM-DDTHH:mm:ss.SSSZ");
        let printed = print(&f, T, false, 3600);
        let day_later = Some((T + MS_PER_DAY, T + 2 * MS_PER_DAY));
        assert_eq!(
            f.read_back(
                printed.as_bytes(),
                false,
                |_| 3600,
                day_later,
                &mut String::new()
            ),
            Err(Misread::Window)
        );
        for bad in [
            "2026-03-04 06:06:07.089+01:00",
            "2026-13-04T06:06:07.089+01:00",
            "2026-02-30T06:06:07.089+01:00",
            "2026-03-04T06:06:07.089+02:00",
            "2026-03-04T06:06:07.89+01:00",
            "26-03-04T06:06:07.089+01:00",
        ] {
            assert_eq!(
                f.read_back(bad.as_bytes(), false, |_| 3600, None, &mut String::new()),
                Err(Misread::Shape),
                "{bad}"
            );
        }
        // A weekday that is not the date's.
        let g = format("ddd YYYY-MM-DD");
        assert_eq!(
            g.read_back(b"Thu 2026-03-04", true, |_| 0, None, &mut String::new()),
            Err(Misread::Shape)
        );
        assert_eq!(
            g.read_back(b"Wed 2026-03-04", true, |_| 0, None, &mut String::new()),
            Ok(14)
        );
        // No year: any year of the window that has the day.
        let h = format("Do MMM");
        let feb29 = b"29th Feb";
        let y2027 = Some((1_798_761_600_000, 1_830_297_599_999));
        assert_eq!(
            h.read_back(feb29, true, |_| 0, y2027, &mut String::new()),
            Err(Misread::Window)
        );
        assert_eq!(
            h.read_back(feb29, true, |_| 0, None, &mut String::new()),
            Ok(8)
        );
        assert_eq!(
            h.read_back(b"32nd Feb", true, |_| 0, None, &mut String::new()),
            Err(Misread::Shape)
        );
        let x = format("x");
        assert_eq!(
            x.read_back(
                b"1772600767089",
                true,
                |_| 0,
                Some((T + 1, T + 2)),
                &mut String::new()
            ),
            Err(Misread::Window)
        );
        assert_eq!(
            x.read_back(b"abc", true, |_| 0, None, &mut String::new()),
            Err(Misread::Shape)
        );
    }

    #[test]
    fn an_offset_that_changes_reads_back_on_both_sides() {
        // A zone that moves from UTC to +01:00 at T.
        let f = format("YYYY-MM-DD HH:mm:ss Z");
        let offset_at = |ms: i64| if ms < T { 0 } else { 3600 };
        for ms in [T - 7_200_000, T - 1000, T, T + 1000, T + 7_200_000] {
            let printed = print(&f, ms, false, offset_at(ms));
            let read = f.read_back(
                printed.as_bytes(),
                false,
                offset_at,
                Some((ms, ms)),
                &mut String::new(),
            );
            assert_eq!(read, Ok(printed.len()), "{printed}");
        }
    }

    #[test]
    fn the_format_text_names_the_tokens() {
        assert_eq!(
            format("YYYY-MM-DDTHH:mm:ss.SSSZ").text(),
            "YYYY-MM-DD[T]HH:mm:ss.SSSZ"
        );
        assert_eq!(format("Do MMM").text(), "Do MMM");
        assert_eq!(format("x").text(), "x");
    }
}
