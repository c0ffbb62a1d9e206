//! Time zones: a fixed UTC offset, or an IANA zone with its daylight-saving rules (feature
//! `tz`, data compiled in from chrono-tz). A zone answers two questions: which offset an instant
//! prints with, and which instant a local wall-clock time is (moment-timezone's answer at the
//! transitions: a skipped time moves forward by the gap, an ambiguous one takes the earlier
//! instant).

use std::fmt;

/// The time zone local times print in: [`Options::time_zone`](crate::Options::time_zone).
///
/// UTC by default; a fixed offset ([`TimeZone::fixed`]); or, with the cargo feature `tz`, an
/// IANA zone whose offset follows daylight saving. [`TimeZone::parse`] reads all three forms.
///
/// ```
/// use fakeplate::TimeZone;
///
/// assert_eq!(TimeZone::parse("UTC"), Some(TimeZone::UTC));
/// assert_eq!(TimeZone::parse("+05:30"), TimeZone::fixed(19_800));
/// assert_eq!(TimeZone::fixed(-3600).unwrap().to_string(), "-01:00");
/// assert_eq!(TimeZone::parse("Mars/Olympus"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeZone(Kind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// Seconds east of UTC, within ±24 hours (exclusive).
    Fixed(i32),
    #[cfg(feature = "tz")]
    Iana(chrono_tz::Tz),
}

impl Default for TimeZone {
    fn default() -> TimeZone {
        TimeZone::UTC
    }
}

impl TimeZone {
    /// Coordinated Universal Time.
    pub const UTC: TimeZone = TimeZone(Kind::Fixed(0));

    /// A fixed offset, seconds east of UTC; `None` unless strictly within ±24 hours.
    pub fn fixed(offset_secs: i32) -> Option<TimeZone> {
        (-86_400 < offset_secs && offset_secs < 86_400)
            .then_some(TimeZone(Kind::Fixed(offset_secs)))
    }

    /// A fixed offset, checked later (by [`Template::compile_with`](crate::Template::compile_with)).
    pub(crate) fn fixed_unchecked(offset_secs: i32) -> TimeZone {
        TimeZone(Kind::Fixed(offset_secs))
    }

    /// Reads `UTC` (or `Z`), a fixed offset `±HH:MM` (also `±HHMM`, `±HH`), or, with the cargo
    /// feature `tz`, an IANA zone name such as `America/New_York` (exact spelling).
    pub fn parse(text: &str) -> Option<TimeZone> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Some(TimeZone::UTC);
        }
        if let Some(secs) = parse_offset(text) {
            return TimeZone::fixed(secs);
        }
        #[cfg(feature = "tz")]
        if let Ok(tz) = text.parse::<chrono_tz::Tz>() {
            return Some(TimeZone(Kind::Iana(tz)));
        }
        None
    }

    /// The IANA zone names nearest to `text` by edit distance (case-insensitive), closest
    /// first, at most `n`: suggestions for a name [`TimeZone::parse`] does not know. Empty
    /// without the feature `tz`.
    ///
    /// ```
    /// # #[cfg(feature = "tz")]
    /// assert_eq!(fakeplate::TimeZone::nearest_names("America/New_Yrok", 1), ["America/New_York"]);
    /// ```
    pub fn nearest_names(text: &str, n: usize) -> Vec<&'static str> {
        #[cfg(feature = "tz")]
        {
            let want = text.trim().to_ascii_lowercase();
            let mut scored: Vec<(usize, &'static str)> = chrono_tz::TZ_VARIANTS
                .iter()
                .map(|tz| {
                    let name = tz.name();
                    let last = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
                    let whole = crate::functions::edit_distance(&want, &name.to_ascii_lowercase());
                    // `new_york` should find `America/New_York`: the last part counts too.
                    (
                        whole.min(crate::functions::edit_distance(&want, &last)),
                        name,
                    )
                })
                .collect();
            scored.sort();
            let best = scored.first().map_or(0, |s| s.0);
            // Only names about as close as the best, and never ones sharing almost nothing.
            let limit = best.max(2).min(want.chars().count() / 2 + 1);
            scored
                .into_iter()
                .take_while(|(d, _)| *d <= limit)
                .take(n)
                .map(|(_, name)| name)
                .collect()
        }
        #[cfg(not(feature = "tz"))]
        {
            let _ = (text, n);
            Vec::new()
        }
    }

    /// The offset (seconds east of UTC) of local time at instant `ms` (Unix milliseconds).
    #[inline]
    #[cfg_attr(not(feature = "tz"), allow(unused_variables))]
    pub(crate) fn offset_at(self, ms: i64) -> i32 {
        match self.0 {
            Kind::Fixed(secs) => secs,
            #[cfg(feature = "tz")]
            Kind::Iana(tz) => iana_offset_at(tz, ms),
        }
    }

    /// Whether the offset is the same at every instant (no per-instant look-up needed).
    #[inline]
    pub(crate) fn is_fixed(self) -> bool {
        matches!(self.0, Kind::Fixed(_))
    }

    /// The fixed offset, if this zone is one (for [`Options::utc_offset_secs`] checks).
    ///
    /// [`Options::utc_offset_secs`]: crate::Options::utc_offset_secs
    pub(crate) fn fixed_offset(self) -> Option<i32> {
        match self.0 {
            Kind::Fixed(secs) => Some(secs),
            #[cfg(feature = "tz")]
            Kind::Iana(_) => None,
        }
    }

    /// The instant of local wall-clock time `local_ms` (milliseconds of the local calendar
    /// counted as if it were UTC), as moment-timezone reads it: a time skipped by a
    /// spring-forward moves forward by the gap (02:30 becomes 03:30 daylight time), and a time
    /// that occurs twice at a fall-back is its first occurrence (the earlier instant).
    pub(crate) fn local_to_instant(self, local_ms: i64) -> i64 {
        match self.0 {
            Kind::Fixed(secs) => local_ms.saturating_sub(i64::from(secs) * 1000),
            #[cfg(feature = "tz")]
            Kind::Iana(tz) => iana_local_to_instant(tz, local_ms),
        }
    }
}

impl fmt::Display for TimeZone {
    /// `UTC`, `+05:30` (seconds too when the offset has them), or the IANA name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::Fixed(0) => f.write_str("UTC"),
            Kind::Fixed(secs) => {
                let sign = if secs < 0 { '-' } else { '+' };
                let a = secs.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 3600, a / 60 % 60)?;
                if a % 60 != 0 {
                    write!(f, ":{:02}", a % 60)?;
                }
                Ok(())
            }
            #[cfg(feature = "tz")]
            Kind::Iana(tz) => f.write_str(tz.name()),
        }
    }
}

#[cfg(feature = "tz")]
impl From<chrono_tz::Tz> for TimeZone {
    fn from(tz: chrono_tz::Tz) -> TimeZone {
        TimeZone(Kind::Iana(tz))
    }
}

/// `±HH:MM`, `±HHMM` or `±HH` as seconds east of UTC; hours 0–23, minutes 0–59.
fn parse_offset(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    // Slicing below is by bytes: only ASCII can be an offset.
    if !rest.is_ascii() {
        return None;
    }
    let digits = |s: &str| -> Option<i32> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let (h, m) = match rest.len() {
        2 => (digits(rest)?, 0),
        4 => (digits(&rest[..2])?, digits(&rest[2..])?),
        5 if rest.as_bytes()[2] == b':' => (digits(&rest[..2])?, digits(&rest[3..])?),
        _ => return None,
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

/// The UTC date-time of `ms`, clamped into chrono's range (zone data ends long before).
#[cfg(feature = "tz")]
fn naive(ms: i64) -> chrono::NaiveDateTime {
    const LIMIT: i64 = 8_210_266_876_799_999; // 262143-12-31T23:59:59.999Z
    chrono::DateTime::from_timestamp_millis(ms.clamp(-LIMIT, LIMIT))
        .unwrap_or_default()
        .naive_utc()
}

#[cfg(feature = "tz")]
fn iana_offset_at(tz: chrono_tz::Tz, ms: i64) -> i32 {
    use chrono::{Offset, TimeZone as _};
    tz.offset_from_utc_datetime(&naive(ms))
        .fix()
        .local_minus_utc()
}

#[cfg(feature = "tz")]
fn iana_local_to_instant(tz: chrono_tz::Tz, local_ms: i64) -> i64 {
    use chrono::{LocalResult, Offset, TimeZone as _};
    let local = naive(local_ms);
    let offset_secs = match tz.offset_from_local_datetime(&local) {
        LocalResult::Single(o) => o.fix().local_minus_utc(),
        // The earlier instant is the one with the larger offset.
        LocalResult::Ambiguous(a, b) => a.fix().local_minus_utc().max(b.fix().local_minus_utc()),
        // In a gap: the offset before it, which carries the time forward by the gap.
        LocalResult::None => chrono_tz::GapInfo::new(&local, &tz)
            .and_then(|gap| gap.begin)
            .map_or_else(
                || iana_offset_at(tz, local_ms),
                |(_, o)| o.fix().local_minus_utc(),
            ),
    };
    local_ms.saturating_sub(i64::from(offset_secs) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_offsets_parse_and_print() {
        for (text, secs, shown) in [
            ("+05:30", 19_800, "+05:30"),
            ("-0800", -28_800, "-08:00"),
            ("+01", 3600, "+01:00"),
            ("+00:00", 0, "UTC"),
            ("utc", 0, "UTC"),
            ("Z", 0, "UTC"),
        ] {
            let zone = TimeZone::parse(text).unwrap();
            assert_eq!(zone.fixed_offset(), Some(secs), "{text}");
            assert_eq!(zone.to_string(), shown);
        }
        for bad in [
            "", "+", "+5", "+24:00", "+05:60", "05:30", "+05:3", "+05-30", "+٠٥",
        ] {
            assert_eq!(TimeZone::parse(bad), None, "{bad}");
        }
        assert_eq!(TimeZone::fixed(86_400), None);
        assert_eq!(TimeZone::fixed(-86_399).unwrap().to_string(), "-23:59:59");
        // Not an offset, and no panic on a character that straddles the byte positions.
        for text in ["+1é1", "-é12", "+12:é", "+1é:00"] {
            assert_eq!(TimeZone::parse(text), None, "{text}");
        }
    }

    #[test]
    fn fixed_local_times_are_one_subtraction() {
        let zone = TimeZone::fixed(-3600).unwrap();
        assert_eq!(zone.local_to_instant(0), 3_600_000);
        assert_eq!(zone.offset_at(i64::MIN), -3600);
        assert_eq!(TimeZone::UTC.local_to_instant(i64::MIN), i64::MIN);
    }

    #[cfg(feature = "tz")]
    #[test]
    fn iana_transitions_follow_moment_timezone() {
        let ny = TimeZone::parse("America/New_York").unwrap();
        let at = |s: &str| crate::time::parse::parse_date_time(s).unwrap();
        // 2026-03-08 02:30 does not exist in New York: moment-timezone gives 03:30-04:00.
        assert_eq!(
            ny.local_to_instant(at("2026-03-08T02:30:00Z")),
            at("2026-03-08T07:30:00Z")
        );
        // 2026-11-01 01:30 happens twice: the first, in daylight time.
        assert_eq!(
            ny.local_to_instant(at("2026-11-01T01:30:00Z")),
            at("2026-11-01T05:30:00Z")
        );
        assert_eq!(ny.offset_at(at("2026-01-15T12:00:00Z")), -5 * 3600);
        assert_eq!(ny.offset_at(at("2026-07-15T12:00:00Z")), -4 * 3600);
        // Far outside the data and chrono's range: no panic.
        for ms in [i64::MIN, i64::MAX, -MAX, MAX] {
            let _ = (ny.offset_at(ms), ny.local_to_instant(ms));
        }
        const MAX: i64 = 8_640_000_000_000_000;
    }

    /// Every zone, at its transitions' neighbourhoods and far outside the data: no panic, and
    /// a local time read back prints as itself unless a change skipped it.
    #[cfg(feature = "tz")]
    #[test]
    fn every_zone_answers_for_any_instant() {
        let mut probes: Vec<i64> = vec![
            i64::MIN,
            -8_640_000_000_000_000,
            8_640_000_000_000_000,
            i64::MAX,
        ];
        // Every 97 × 7 h 01 min (about 28 days) through 1890–2040: an odd step, so that the
        // probes fall at every hour of the day and into many gaps and overlaps.
        let (from, to) = (-2_524_521_600_000_i64, 2_208_988_800_000_i64);
        probes.extend((from..to).step_by(25_260_000).step_by(97));
        for tz in chrono_tz::TZ_VARIANTS {
            let zone = TimeZone::from(tz);
            for &ms in &probes {
                let offset = zone.offset_at(ms);
                assert!(offset.abs() < 86_400, "{tz} {ms}");
                let local = ms.saturating_add(i64::from(offset) * 1000);
                let back = zone.local_to_instant(local);
                if (from..to).contains(&ms) {
                    // A local time that exists is read back to an instant that prints it.
                    let again = back + i64::from(zone.offset_at(back)) * 1000;
                    assert_eq!(again, local, "{tz} {ms}");
                }
            }
        }
    }

    #[cfg(feature = "tz")]
    #[test]
    fn unknown_names_get_near_ones() {
        assert_eq!(
            TimeZone::nearest_names("America/New_Yrok", 3)[0],
            "America/New_York"
        );
        assert!(TimeZone::nearest_names("Europe/Lisbom", 3).contains(&"Europe/Lisbon"));
        assert!(TimeZone::nearest_names("kolkata", 3).contains(&"Asia/Kolkata"));
        assert!(TimeZone::nearest_names("qqqqqqqqqqqqqqqqqqqqqqqqq", 3).is_empty());
    }
}
