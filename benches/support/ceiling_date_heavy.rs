//! The hand-written Rust ceiling for `benches/templates/date-heavy.tmpl` (nine formats of the
//! record's time): everything that stays the same within a second is formatted once per second
//! into one string, with the places where the milliseconds go marked; a record copies the
//! pieces and writes the three millisecond digits between them. `examples/ceiling_family.rs`
//! asserts byte equality with fakeplate before timing it.

use fakeplate::Clock;

use crate::timestamp::civil_from_days;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Records of the date-heavy family on the default virtual clock (UTC), from record 0.
pub struct DateHeavy {
    index: u64,
    /// The second `text` was formatted for.
    second: i64,
    /// The record without its milliseconds; they go at each offset of `marks`.
    text: String,
    marks: [usize; 5],
}

impl Default for DateHeavy {
    fn default() -> DateHeavy {
        DateHeavy::new()
    }
}

/// Appends `v` (0–99) as two digits.
fn two(out: &mut String, v: i64) {
    out.push(char::from(b'0' + (v / 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

impl DateHeavy {
    pub fn new() -> DateHeavy {
        DateHeavy {
            index: 0,
            second: i64::MIN,
            text: String::with_capacity(512),
            marks: [0; 5],
        }
    }

    /// Formats the parts of the record that belong to `second` (a positive Unix second).
    fn fill(&mut self, second: i64) {
        let (days, secs) = (second.div_euclid(86_400), second.rem_euclid(86_400));
        let (y, mo, d) = civil_from_days(days);
        let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        let weekday = (days + 4).rem_euclid(7) as usize;
        let t = &mut self.text;
        t.clear();
        let mut digits = itoa::Buffer::new();
        let ymd = |t: &mut String, sep: &str| {
            t.push_str(itoa::Buffer::new().format(y));
            t.push_str(sep);
            two(t, mo);
            t.push_str(sep);
            two(t, d);
        };
        let hms = |t: &mut String, h: i64| {
            two(t, h);
            t.push(':');
            two(t, mi);
            t.push(':');
            two(t, s);
        };
        t.push_str("{\t\"event_ms\":");
        t.push_str(digits.format(second));
        self.marks[0] = t.len();
        t.push_str(",\t\"event_s\":");
        t.push_str(digits.format(second));
        t.push_str(",\t\"iso\":\"");
        ymd(t, "-");
        t.push('T');
        hms(t, h);
        t.push('.');
        self.marks[1] = t.len();
        t.push_str("Z\",\t\"local\":\"");
        ymd(t, "-");
        t.push('T');
        hms(t, h);
        t.push_str("+00:00\",\t\"utc\":\"");
        ymd(t, "-");
        t.push(' ');
        hms(t, h);
        t.push('.');
        self.marks[2] = t.len();
        t.push_str(" +0000\",\t\"day\":\"");
        t.push_str(WEEKDAYS[weekday]);
        t.push_str(", ");
        t.push_str(MONTHS[(mo - 1) as usize]);
        t.push(' ');
        t.push_str(digits.format(d));
        t.push_str(match (d % 100 / 10, d % 10) {
            (1, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        });
        t.push(' ');
        t.push_str(digits.format(y));
        t.push_str("\",\t\"clock\":\"");
        hms(t, if h == 0 { 24 } else { h });
        t.push('.');
        self.marks[3] = t.len();
        t.push_str("\",\t\"apache\":\"");
        two(t, d);
        t.push('/');
        t.push_str(&MONTHS[(mo - 1) as usize][..3]);
        t.push('/');
        t.push_str(digits.format(y));
        t.push(':');
        hms(t, h);
        t.push_str(" +0000\",\t\"compact\":\"");
        ymd(t, "");
        two(t, h);
        two(t, mi);
        two(t, s);
        self.marks[4] = t.len();
        t.push_str("\"}");
    }

    /// Appends the next record (no line break).
    #[inline]
    pub fn next_into(&mut self, out: &mut String) {
        let ms = Clock::DEFAULT_START_MS + Clock::DEFAULT_STEP_MS * self.index as i64;
        let second = ms.div_euclid(1000);
        if second != self.second {
            self.second = second;
            self.fill(second);
        }
        let milli = ms.rem_euclid(1000) as u16;
        let three = [
            b'0' + (milli / 100) as u8,
            b'0' + (milli / 10 % 10) as u8,
            b'0' + (milli % 10) as u8,
        ];
        let three = std::str::from_utf8(&three).unwrap_or("000");
        let mut at = 0;
        for &mark in &self.marks {
            out.push_str(&self.text[at..mark]);
            out.push_str(three);
            at = mark;
        }
        out.push_str(&self.text[at..]);
        self.index += 1;
    }
}
