//! moment.js 2.17.1 `format()` for the English locale.
//!
//! A format string is compiled once into [`MomentFormat`] (locale tokens expanded, literals merged)
//! and then written for many instants without allocating. Tokenisation follows moment's two
//! regular expressions exactly (see `expand_locale_tokens` and `MomentFormat::parse`); what
//! moment silently prints as is (ASCII letters that are not tokens, `w|`, an unclosed `[`) is
//! printed the same way and reported as a note, which the compiler turns into a warning.
//!
//! Calendar arithmetic is done by hand rather than with chrono because a JavaScript `Date` reaches
//! years ±275 760, beyond chrono's range.

use std::fmt;

#[path = "shape.rs"]
pub(crate) mod shape;

/// A point in time to format: Unix milliseconds, the UTC offset to display it in, and whether
/// it is formatted in "UTC mode" (date.utc) or "local mode" (date.now; the offset is the time
/// zone's at `ms`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Instant {
    /// Milliseconds since the Unix epoch.
    pub ms: i64,
    /// Offset of local time from UTC in seconds; ignored in UTC mode.
    pub offset_secs: i32,
    /// UTC mode: offset 0, and `z`/`zz` print `UTC`/`Coordinated Universal Time`.
    pub utc: bool,
}

/// What one format (or a run of formats and text) printed for the last second it was written
/// for, so that the records of that second only fill in the milliseconds
/// ([`MomentFormat::write_cached`]). Behind it, the same for a whole minute with the seconds
/// left out too, so that a new second costs a copy rather than a calendar computation.
#[derive(Clone, Debug, Default)]
pub(crate) struct FormatCache {
    /// The second (of the clamped instant) and display offset `text` holds.
    key: Option<(i64, i64)>,
    /// The output without its sub-second parts.
    text: String,
    /// Where in `text` the sub-second parts go, in order.
    holes: Vec<(u32, Hole)>,
    /// The first second the template is good for (a minute's first when `minute`), and the
    /// display offset.
    template_key: Option<(i64, i64)>,
    /// The output without its second and sub-second parts.
    template: String,
    /// Where in `template` those parts go, in order.
    template_holes: Vec<(u32, SecondHole)>,
    /// The second and the offset a time zone gave for it ([`FormatCache::offset_at`]).
    offset: Option<(i64, i32)>,
}

/// What [`FormatCache::template`] leaves out.
#[derive(Clone, Copy, Debug)]
enum SecondHole {
    /// A part written per record.
    Sub(Hole),
    /// `ss`: the second of the minute (the template is a minute's only when the offset is whole
    /// minutes, so local and UTC seconds agree).
    Seconds2,
    /// Another token that changes with the second, printed with this display offset and mode.
    Tok(Tok, i64, bool),
    /// `x`: the Unix seconds and a [`Hole::Millis`] from one second on, else the whole
    /// milliseconds per record.
    UnixMillis,
}

impl FormatCache {
    /// The template key for second `second` at display offset `offset_secs`: a template is good
    /// for the minute when the offset is whole minutes (local minutes start with UTC ones),
    /// else for the second alone.
    #[inline]
    fn template_key(second: i64, offset_secs: i64) -> ((i64, i64), bool) {
        if offset_secs % 60 == 0 {
            ((second - second.rem_euclid(60), offset_secs), true)
        } else {
            ((second, offset_secs), false)
        }
    }

    /// Whether the text is that of `key`: a second and an offset, or whatever else the
    /// cache's one user keys it by.
    #[inline]
    pub(crate) fn holds(&self, key: (i64, i64)) -> bool {
        self.key == Some(key)
    }

    /// Makes the text that of second `second` (of the clamped instant), under `key`, where
    /// local time is `offset_secs` ahead of UTC. The template behind it is formatted again
    /// first when the minute (or the offset) has changed: emptied, then filled by `fill`,
    /// which is told whether the template is a whole minute's. True when it was.
    #[cold]
    pub(crate) fn new_second(
        &mut self,
        key: (i64, i64),
        second: i64,
        offset_secs: i64,
        fill: impl FnOnce(&mut FormatCache, bool),
    ) -> bool {
        let (template_key, minute) = FormatCache::template_key(second, offset_secs);
        let refill = self.template_key != Some(template_key);
        if refill {
            self.template_key = Some(template_key);
            self.template.clear();
            self.template_holes.clear();
            fill(self, minute);
        }
        self.second_from_template(key, second);
        refill
    }

    /// Appends literal text to the template.
    pub(crate) fn push_str(&mut self, text: &str) {
        self.template.push_str(text);
    }

    /// Makes the text that of second `second` (of the clamped instant), under `key`, from the
    /// template.
    fn second_from_template(&mut self, key: (i64, i64), second: i64) {
        self.key = Some(key);
        let (text, holes) = (&mut self.text, &mut self.holes);
        text.clear();
        holes.clear();
        let mut civil: Option<(i64, Civil)> = None;
        let mut at = 0;
        for &(pos, hole) in &self.template_holes {
            let pos = pos as usize;
            text.push_str(self.template.get(at..pos).unwrap_or(""));
            // Text stays far below 4 GiB: a record is bounded by `Limits::record_bytes`.
            match hole {
                SecondHole::Sub(hole) => holes.push((text.len() as u32, hole)),
                SecondHole::Seconds2 => push2(text, second.rem_euclid(60) as u16),
                SecondHole::Tok(tok, offset_secs, utc) => {
                    let c = match &civil {
                        Some((offset, c)) if *offset == offset_secs => c,
                        _ => {
                            let c = Civil::new((second + offset_secs) * 1000);
                            &civil.insert((offset_secs, c)).1
                        }
                    };
                    write_token(text, tok, c, second * 1000, offset_secs, utc);
                }
                SecondHole::UnixMillis if second >= 1 => {
                    push_int(text, second);
                    holes.push((text.len() as u32, Hole::Millis));
                }
                SecondHole::UnixMillis => holes.push((text.len() as u32, Hole::UnixMillis)),
            }
            at = pos;
        }
        text.push_str(self.template.get(at..).unwrap_or(""));
    }

    /// Appends the cached text with its holes filled for instant `ms` (clamped with
    /// [`clamp_ms`]): only the sub-second parts are written per record.
    #[inline]
    pub(crate) fn write(&self, out: &mut String, ms: i64) {
        if self.holes.is_empty() {
            out.push_str(&self.text);
            return;
        }
        // The offset is whole seconds, so local and UTC milliseconds agree.
        let milli = ms.rem_euclid(1000) as u16;
        let mut at = 0;
        for &(pos, hole) in &self.holes {
            let pos = pos as usize;
            out.push_str(self.text.get(at..pos).unwrap_or(""));
            match hole {
                Hole::Tenths => out.push(char::from(b'0' + (milli / 100) as u8)),
                Hole::Hundredths => push2(out, milli / 10),
                Hole::Millis => {
                    out.push(char::from(b'0' + (milli / 100) as u8));
                    push2(out, milli % 100);
                }
                Hole::UnixMillis => push_int(out, ms),
            }
            at = pos;
        }
        out.push_str(self.text.get(at..).unwrap_or(""));
    }

    /// The offset `lookup` gives for instant `ms`, looked up once per second: offsets change
    /// on whole seconds, so the records of one second share it.
    #[inline]
    pub(crate) fn offset_at(&mut self, ms: i64, lookup: impl FnOnce(i64) -> i32) -> i32 {
        let second = ms.div_euclid(1000);
        match self.offset {
            Some((s, offset)) if s == second => offset,
            _ => {
                let offset = lookup(ms);
                self.offset = Some((second, offset));
                offset
            }
        }
    }
}

/// A sub-second part of a format's output.
#[derive(Clone, Copy, Debug)]
enum Hole {
    /// `S`: tenths of a second.
    Tenths,
    /// `SS`
    Hundredths,
    /// `SSS` (and the first three digits of longer fractions), or the last three digits of
    /// `x` after the seconds.
    Millis,
    /// `x` before 1970-01-01T00:00:01: the whole Unix milliseconds.
    UnixMillis,
}

/// A moment.js format string compiled once into items.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MomentFormat {
    items: Box<[Item]>,
}

/// A fault in a format string: byte offset and length inside the format text, and a message.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormatError {
    /// Byte offset of the fault in the format text.
    pub offset: usize,
    /// Length in bytes of the faulty text.
    pub len: usize,
    /// What is wrong, for the user.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for FormatError {}

/// Longest format string accepted; far above any real date format.
const MAX_FORMAT_LEN: usize = 1024;

/// The largest magnitude of a valid JavaScript `Date`, in milliseconds.
const MAX_JS_MS: i64 = 8_640_000_000_000_000;

/// `ms` clamped into JavaScript's `Date` range, as every write clamps it.
#[inline]
pub(crate) fn clamp_ms(ms: i64) -> i64 {
    ms.clamp(-MAX_JS_MS, MAX_JS_MS)
}

const MS_PER_DAY: i64 = 86_400_000;

/// One compiled piece of a format.
#[derive(Clone, Debug, PartialEq)]
enum Item {
    /// Text printed as is (adjacent literal text merged).
    Lit(Box<str>),
    /// One character of text (`-`, `:`, `T`): pushed without a copy call.
    Char(char),
    /// A formatting token.
    Tok(Tok),
}

/// A formatting token, reduced to what it prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// A number zero-padded to the given width (0 = unpadded); negative numbers get `-`.
    Num(Field, u8),
    /// A number with its English ordinal suffix (`Do` → `4th`).
    Ordinal(Field),
    /// `YYYYYY`: year padded to 6 digits, always signed.
    SignedYear,
    /// `Y`: year unpadded, `+` prefix above 9999.
    YearPlus,
    /// The year of JavaScript's `toISOString`: four digits for 0–9999, else six and a sign
    /// (ISO 8601 expanded years). No moment token prints it; only [`MomentFormat::iso_millis`].
    IsoYear,
    MonthShort,
    MonthLong,
    WeekdayMin,
    WeekdayShort,
    WeekdayLong,
    /// `a` (`upper == false`) / `A`.
    Meridiem {
        upper: bool,
    },
    /// `Hmm`, `Hmmss`, `hmm`, `hmmss`.
    Compact {
        h12: bool,
        secs: bool,
    },
    /// `S` … `SSSSSSSSS`: the number of fraction digits.
    Fraction(u8),
    /// `Z` (`±HH:mm`, colon) / `ZZ` (`±HHmm`).
    Offset {
        colon: bool,
    },
    /// `z`
    ZoneAbbr,
    /// `zz`
    ZoneName,
    /// `X`
    UnixSecs,
    /// `x`
    UnixMillis,
}

impl Tok {
    /// Whether two instants of the same minute (and display offset) can print it differently,
    /// sub-second tokens aside.
    fn changes_with_the_second(self) -> bool {
        matches!(
            self,
            Tok::Num(Field::Second, _)
                | Tok::Ordinal(Field::Second)
                | Tok::Compact { secs: true, .. }
                | Tok::UnixSecs
        )
    }
}

/// A numeric calendar or clock field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Month,
    Quarter,
    Date,
    DayOfYear,
    /// 0 = Sunday (`d`, and `e` in the English locale).
    Weekday,
    /// 1 = Monday … 7 = Sunday.
    IsoWeekday,
    Week,
    IsoWeek,
    Year,
    /// `year % 100` with JavaScript's sign rules (`YY`).
    Year2,
    WeekYear,
    WeekYear2,
    IsoWeekYear,
    IsoWeekYear2,
    Hour,
    /// 1–12
    Hour12,
    /// 1–24, midnight = 24
    Hour24,
    Minute,
    Second,
}

/// moment's token alternation, flattened into literal forms in the order the regex tries them
/// (each alternative's greediest form first), so the first prefix match is the regex's match.
/// `S{1,9}` is handled separately. `None` marks `w|`/`W|`, which the regex matches (its class is
/// `[o|w]`) but which have no function, so moment prints them as text.
const TOKENS: &[(&str, Option<Tok>)] = {
    use Field::{
        Date, DayOfYear, Hour, Hour12, Hour24, IsoWeek, IsoWeekYear, IsoWeekYear2, IsoWeekday,
        Minute, Month, Quarter, Second, Week, WeekYear, WeekYear2, Weekday, Year, Year2,
    };
    use Tok::{
        Compact, Meridiem, MonthLong, MonthShort, Num, Offset, Ordinal, SignedYear, UnixMillis,
        UnixSecs, WeekdayLong, WeekdayMin, WeekdayShort, YearPlus, ZoneAbbr, ZoneName,
    };
    &[
        (
            "Hmmss",
            Some(Compact {
                h12: false,
                secs: true,
            }),
        ),
        (
            "Hmm",
            Some(Compact {
                h12: false,
                secs: false,
            }),
        ),
        (
            "hmmss",
            Some(Compact {
                h12: true,
                secs: true,
            }),
        ),
        (
            "hmm",
            Some(Compact {
                h12: true,
                secs: false,
            }),
        ),
        ("Mo", Some(Ordinal(Month))),
        ("MMMM", Some(MonthLong)),
        ("MMM", Some(MonthShort)),
        ("MM", Some(Num(Month, 2))),
        ("M", Some(Num(Month, 0))),
        ("Do", Some(Ordinal(Date))),
        ("DDDo", Some(Ordinal(DayOfYear))),
        ("DDDD", Some(Num(DayOfYear, 3))),
        ("DDD", Some(Num(DayOfYear, 0))),
        ("DD", Some(Num(Date, 2))),
        ("D", Some(Num(Date, 0))),
        ("dddd", Some(WeekdayLong)),
        ("ddd", Some(WeekdayShort)),
        ("dd", Some(WeekdayMin)),
        ("do", Some(Ordinal(Weekday))),
        ("d", Some(Num(Weekday, 0))),
        ("wo", Some(Ordinal(Week))),
        ("w|", None),
        ("ww", Some(Num(Week, 2))),
        ("w", Some(Num(Week, 0))),
        ("Wo", Some(Ordinal(IsoWeek))),
        ("W|", None),
        ("WW", Some(Num(IsoWeek, 2))),
        ("W", Some(Num(IsoWeek, 0))),
        ("Qo", Some(Ordinal(Quarter))),
        ("Q", Some(Num(Quarter, 0))),
        ("YYYYYY", Some(SignedYear)),
        ("YYYYY", Some(Num(Year, 5))),
        ("YYYY", Some(Num(Year, 4))),
        ("YY", Some(Num(Year2, 2))),
        ("ggggg", Some(Num(WeekYear, 5))),
        ("gggg", Some(Num(WeekYear, 4))),
        ("gg", Some(Num(WeekYear2, 2))),
        ("GGGGG", Some(Num(IsoWeekYear, 5))),
        ("GGGG", Some(Num(IsoWeekYear, 4))),
        ("GG", Some(Num(IsoWeekYear2, 2))),
        ("e", Some(Num(Weekday, 0))),
        ("E", Some(Num(IsoWeekday, 0))),
        ("a", Some(Meridiem { upper: false })),
        ("A", Some(Meridiem { upper: true })),
        ("hh", Some(Num(Hour12, 2))),
        ("h", Some(Num(Hour12, 0))),
        ("HH", Some(Num(Hour, 2))),
        ("H", Some(Num(Hour, 0))),
        ("kk", Some(Num(Hour24, 2))),
        ("k", Some(Num(Hour24, 0))),
        ("mm", Some(Num(Minute, 2))),
        ("m", Some(Num(Minute, 0))),
        ("ss", Some(Num(Second, 2))),
        ("s", Some(Num(Second, 0))),
        ("x", Some(UnixMillis)),
        ("X", Some(UnixSecs)),
        ("zz", Some(ZoneName)),
        ("z", Some(ZoneAbbr)),
        ("ZZ", Some(Offset { colon: false })),
        ("Z", Some(Offset { colon: true })),
        // Not in the alternation: a lone `Y` is matched by its final `.` and still has a function.
        ("Y", Some(YearPlus)),
    ]
};

/// English long date formats, in the order of moment's `LTS|LT|LL?L?L?|l{1,4}`.
const LOCALE_TOKENS: &[(&str, &str)] = &[
    ("LTS", "h:mm:ss A"),
    ("LT", "h:mm A"),
    ("LLLL", "dddd, MMMM D, YYYY h:mm A"),
    ("LLL", "MMMM D, YYYY h:mm A"),
    ("LL", "MMMM D, YYYY"),
    ("L", "MM/DD/YYYY"),
    ("llll", "ddd, MMM D, YYYY h:mm A"),
    ("lll", "MMM D, YYYY h:mm A"),
    ("ll", "MMM D, YYYY"),
    ("l", "M/D/YYYY"),
];

/// English month names, shared with `date.month`.
pub(crate) const MONTHS: [&str; 12] = [
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
/// English weekday names from Sunday, shared with `date.weekday`.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

impl MomentFormat {
    /// Compiles a moment.js format string as moment.js 2.17.1 reads it.
    ///
    /// Errors only on a format longer than 1024 bytes. What moment prints as is although it is
    /// nearly always a slip — ASCII letters that are not tokens (`iso` prints `i`, the seconds,
    /// `o`), the `w|`/`W|` quirk, an unclosed `[` — is rendered as moment renders it and
    /// reported in the notes, for the caller to turn into warnings.
    pub(crate) fn parse(fmt: &str) -> Result<(MomentFormat, Vec<FormatError>), FormatError> {
        if fmt.len() > MAX_FORMAT_LEN {
            return Err(FormatError {
                offset: 0,
                len: fmt.len(),
                message: "format string longer than 1024 bytes".to_owned(),
            });
        }
        let (text, origin) = expand_locale_tokens(fmt);
        // Maps a byte range of the expanded text back to the user's format for error reports.
        let error = |start: usize, len: usize, message: String| {
            let offset = origin.get(start).copied().unwrap_or(fmt.len());
            let end = origin.get(start + len - 1).map_or(offset, |&o| o + 1);
            FormatError {
                offset,
                len: end.saturating_sub(offset).max(1),
                message,
            }
        };

        let mut items = Vec::new();
        let mut notes = Vec::new();
        // Letters that print as themselves: where the first is, and each letter once.
        let mut stray: Option<(usize, String)> = None;
        let mut lit = String::new();
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            let rest = &text[i..];
            if let Some(n) = bracket_literal_len(rest) {
                lit.push_str(&rest[1..n - 1]);
                i += n;
                continue;
            }
            if c == '[' {
                // moment prints an unclosed `[` as is and reads what follows as tokens; that is
                // nearly always a forgotten `]`.
                notes.push(error(
                    i,
                    1,
                    "unclosed `[` prints as `[` and what follows is read as tokens, as moment.js \
                     does; end the literal text with `]` (or write `\\[` for a bracket)"
                        .to_owned(),
                ));
                lit.push('[');
                i += 1;
                continue;
            }
            if c == '\\' {
                // moment's `(\\)?` prefix escapes the whole token that follows (`\YYYY` → `YYYY`)
                // and removes every backslash from the match (`\\` prints nothing). The regex's
                // `.` does not match line terminators, so a backslash before one stands alone.
                let after = &rest[1..];
                match after.chars().next() {
                    Some(next) if !is_line_terminator(next) => {
                        let len = match_token(after).map_or(next.len_utf8(), |(len, _)| len);
                        lit.extend(after[..len].chars().filter(|&ch| ch != '\\'));
                        i += 1 + len;
                    }
                    _ => i += 1,
                }
                continue;
            }
            if let Some((len, tok)) = match_token(rest) {
                let Some(tok) = tok else {
                    let quirk = &rest[..len];
                    notes.push(error(
                        i,
                        len,
                        format!(
                            "`{quirk}` is not a moment.js format token and prints as itself, as \
                             moment.js prints it; write `{}[|]` for the week number followed by `|`",
                            &quirk[..1]
                        ),
                    ));
                    lit.push_str(quirk);
                    i += len;
                    continue;
                };
                flush(&mut items, &mut lit);
                items.push(Item::Tok(tok));
                i += len;
                continue;
            }
            if c.is_ascii_alphabetic() && c != 'T' {
                let (_, letters) = stray.get_or_insert_with(|| (i, String::new()));
                if !letters.contains(c) {
                    letters.push(c);
                }
            }
            // JavaScript's `.` skips line terminators, so moment drops them from the output.
            if !is_line_terminator(c) {
                lit.push(c);
            }
            i += c.len_utf8();
        }
        flush(&mut items, &mut lit);
        if let Some((at, letters)) = stray {
            let list: Vec<String> = letters.chars().map(|c| format!("`{c}`")).collect();
            let (them, verb) = if list.len() == 1 {
                ("it", "prints as itself")
            } else {
                ("them", "print as themselves")
            };
            let iso = if fmt.to_ascii_lowercase().starts_with("iso") {
                "; for ISO 8601 write `YYYY-MM-DDTHH:mm:ssZ` (or call `date.now` with no format)"
            } else {
                ""
            };
            notes.insert(
                0,
                error(
                    at,
                    1,
                    format!(
                        "{} {verb}: moment.js has no such token; wrap {them} in [brackets] \
                         to say so{iso}",
                        list.join(", ")
                    ),
                ),
            );
        }
        Ok((
            MomentFormat {
                items: items.into_boxed_slice(),
            },
            notes,
        ))
    }

    /// `YYYY-MM-DDTHH:mm:ssZ` (moment's default in local mode)
    pub(crate) fn default_local() -> MomentFormat {
        Self::builtin("YYYY-MM-DDTHH:mm:ssZ")
    }

    /// `YYYY-MM-DDTHH:mm:ss[Z]` (moment's default in UTC mode)
    pub(crate) fn default_utc() -> MomentFormat {
        Self::builtin("YYYY-MM-DDTHH:mm:ss[Z]")
    }

    /// `YYYY-MM-DDTHH:mm:ss.SSS[Z]`, the ISO form JSON.stringify gives a JS Date (write it
    /// with `utc: true`): years outside 0–9999 print as ISO 8601 expanded years, six digits and
    /// a sign (`+010000-01-01T00:00:00.000Z`, `-000001-…`), as `toISOString` does, where
    /// moment's `YYYY` prints `10000`.
    pub(crate) fn iso_millis() -> MomentFormat {
        let mut fmt = Self::builtin("YYYY-MM-DDTHH:mm:ss.SSS[Z]");
        for item in fmt.items.iter_mut() {
            if let Item::Tok(tok @ Tok::Num(Field::Year, 4)) = item {
                *tok = Tok::IsoYear;
            }
        }
        fmt
    }

    /// Compiles one of the constant formats above; the tests check that they parse, so the
    /// empty fallback is never taken.
    fn builtin(fmt: &str) -> MomentFormat {
        Self::parse(fmt).map_or(
            MomentFormat {
                items: Box::default(),
            },
            |(f, _)| f,
        )
    }

    /// Appends the formatted instant to `out`. Does not allocate beyond growing `out`, and does
    /// not panic for any input: `ms` is clamped into JavaScript's `Date` range and
    /// `offset_secs` into ±86 399.
    pub(crate) fn write(&self, out: &mut String, t: Instant) {
        let ms = clamp_ms(t.ms);
        let offset_secs = if t.utc {
            0
        } else {
            i64::from(t.offset_secs.clamp(-86_399, 86_399))
        };
        let c = Civil::new(ms + offset_secs * 1000);
        for item in &self.items {
            match item {
                Item::Lit(s) => out.push_str(s),
                Item::Char(c) => out.push(*c),
                Item::Tok(tok) => write_token(out, *tok, &c, ms, offset_secs, t.utc),
            }
        }
    }

    /// Appends the formatted instant like [`MomentFormat::write`], formatting only once per
    /// second: what stays the same within the second is kept in `cache` with the places of the
    /// sub-second tokens (`S…`, `x`), and a record copies it and writes only those; that text
    /// is made from one formatted per minute. `cache` must be used with this format only (it is
    /// keyed by the second and the offset). True when the calendar was computed: the cache
    /// held neither the second nor its minute.
    #[inline]
    pub(crate) fn write_cached(
        &self,
        cache: &mut FormatCache,
        out: &mut String,
        t: Instant,
    ) -> bool {
        let ms = clamp_ms(t.ms);
        let offset_secs = if t.utc {
            0
        } else {
            i64::from(t.offset_secs.clamp(-86_399, 86_399))
        };
        let second = ms.div_euclid(1000);
        let key = (second, offset_secs);
        let mut formatted = false;
        if !cache.holds(key) {
            formatted = cache.new_second(key, second, offset_secs, |cache, minute| {
                self.fill(cache, ms, offset_secs, t.utc, minute);
            });
        }
        cache.write(out, ms);
        formatted
    }

    /// Appends to `cache`'s template what instant `ms` (clamped with [`clamp_ms`]) prints for
    /// its whole second, or with `minute` for its whole minute (`offset_secs` is then whole
    /// minutes), leaving holes for what changes within it.
    #[cold]
    pub(crate) fn fill(
        &self,
        cache: &mut FormatCache,
        ms: i64,
        offset_secs: i64,
        utc: bool,
        minute: bool,
    ) {
        let c = Civil::new(ms + offset_secs * 1000);
        let (text, holes) = (&mut cache.template, &mut cache.template_holes);
        // Text stays far below 4 GiB: a record is bounded by `Limits::record_bytes`.
        let mut hole = |text: &String, hole: SecondHole| holes.push((text.len() as u32, hole));
        for item in &self.items {
            match item {
                Item::Lit(s) => text.push_str(s),
                Item::Char(c) => text.push(*c),
                Item::Tok(Tok::Fraction(digits)) => {
                    hole(
                        text,
                        SecondHole::Sub(match digits {
                            1 => Hole::Tenths,
                            2 => Hole::Hundredths,
                            _ => Hole::Millis,
                        }),
                    );
                    // moment pads past the third digit with zeros.
                    for _ in 3..*digits {
                        text.push('0');
                    }
                }
                Item::Tok(Tok::UnixMillis) if minute => hole(text, SecondHole::UnixMillis),
                // From one second on, Unix milliseconds are the seconds and three digits.
                Item::Tok(Tok::UnixMillis) if ms >= 1000 => {
                    push_int(text, ms.div_euclid(1000));
                    hole(text, SecondHole::Sub(Hole::Millis));
                }
                Item::Tok(Tok::UnixMillis) => hole(text, SecondHole::Sub(Hole::UnixMillis)),
                Item::Tok(Tok::Num(Field::Second, 2)) if minute => hole(text, SecondHole::Seconds2),
                Item::Tok(tok) if minute && tok.changes_with_the_second() => {
                    hole(text, SecondHole::Tok(*tok, offset_secs, utc));
                }
                Item::Tok(tok) => write_token(text, *tok, &c, ms, offset_secs, utc),
            }
        }
    }

    /// True when the output depends on the local calendar date alone (no time of day, offset,
    /// zone or Unix time), so that every instant of a local day prints the same.
    pub(crate) fn prints_the_day_only(&self) -> bool {
        self.items.iter().all(|item| match item {
            Item::Lit(_) | Item::Char(_) => true,
            Item::Tok(Tok::Num(f, _) | Tok::Ordinal(f)) => !matches!(
                f,
                Field::Hour | Field::Hour12 | Field::Hour24 | Field::Minute | Field::Second
            ),
            Item::Tok(
                Tok::SignedYear
                | Tok::YearPlus
                | Tok::IsoYear
                | Tok::MonthShort
                | Tok::MonthLong
                | Tok::WeekdayMin
                | Tok::WeekdayShort
                | Tok::WeekdayLong,
            ) => true,
            Item::Tok(_) => false,
        })
    }

    /// True when the format is `x` or `X` alone, whose output is always a JSON number.
    pub(crate) fn prints_integer(&self) -> bool {
        matches!(*self.items, [Item::Tok(Tok::UnixMillis | Tok::UnixSecs)])
    }

    /// True when the output can differ between two instants in the same whole second
    /// (tokens S…, x).
    #[cfg(test)]
    pub(crate) fn sub_second(&self) -> bool {
        self.items
            .iter()
            .any(|item| matches!(item, Item::Tok(Tok::Fraction(_) | Tok::UnixMillis)))
    }
}

/// Moves pending literal text into `items` as one item.
fn flush(items: &mut Vec<Item>, lit: &mut String) {
    let mut chars = lit.chars();
    match (chars.next(), chars.next()) {
        (None, _) => {}
        (Some(c), None) => {
            items.push(Item::Char(c));
            lit.clear();
        }
        _ => items.push(Item::Lit(std::mem::take(lit).into_boxed_str())),
    }
}

/// Characters JavaScript's regex `.` does not match.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Length of the bracket literal `\[[^\[]*\]` at the start of `s`, if there is one. The regex is
/// greedy, so the literal ends at the last `]` before the next `[` (or the end of the text).
fn bracket_literal_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix('[')?;
    let run = &body[..body.find('[').unwrap_or(body.len())];
    run.rfind(']').map(|close| close + 2)
}

/// The formatting token at the start of `s`: its length and its meaning (`None` for `w|`/`W|`).
fn match_token(s: &str) -> Option<(usize, Option<Tok>)> {
    let fraction = s.bytes().take(9).take_while(|&b| b == b'S').count();
    if let Some(digits) = u8::try_from(fraction).ok().filter(|&d| d > 0) {
        return Some((fraction, Some(Tok::Fraction(digits))));
    }
    TOKENS
        .iter()
        .find(|(name, _)| s.starts_with(name))
        .map(|&(name, tok)| (name.len(), tok))
}

/// moment's `expandFormat`: replaces the English long date format tokens outside bracket
/// literals, skipping a locale token escaped by `\`. Returns the expanded text and, for each of
/// its bytes, the byte offset in `fmt` it came from (so errors point into the user's text).
///
/// moment repeats the replacement up to six times, but the English expansions contain no `L`,
/// `l`, `[`, `]` or `\`, so a second round never changes anything.
fn expand_locale_tokens(fmt: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(fmt.len());
    let mut origin = Vec::with_capacity(fmt.len());
    let mut i = 0;
    while let Some(c) = fmt[i..].chars().next() {
        let rest = &fmt[i..];
        let keep = if let Some(n) = bracket_literal_len(rest) {
            n
        } else if let Some((name, _)) = rest.strip_prefix('\\').and_then(locale_token) {
            1 + name.len()
        } else if let Some((name, expansion)) = locale_token(rest) {
            text.push_str(expansion);
            origin.resize(text.len(), i);
            i += name.len();
            continue;
        } else {
            c.len_utf8()
        };
        text.push_str(&rest[..keep]);
        origin.extend(i..i + keep);
        i += keep;
    }
    (text, origin)
}

/// The locale token at the start of `s` and its English expansion.
fn locale_token(s: &str) -> Option<(&'static str, &'static str)> {
    LOCALE_TOKENS
        .iter()
        .copied()
        .find(|(name, _)| s.starts_with(name))
}

/// Writes one token's output.
fn write_token(out: &mut String, tok: Tok, c: &Civil, ms: i64, offset_secs: i64, utc: bool) {
    match tok {
        Tok::Num(field, width) => {
            let n = c.field(field);
            // `MM`, `DD`, `HH`, `mm`, `ss`: two digits straight from the table.
            if width == 2 && (0..100).contains(&n) {
                push2(out, n as u16);
            } else {
                zero_fill(out, n, width.into(), false);
            }
        }
        Tok::Ordinal(field) => {
            let n = c.field(field);
            push_int(out, n);
            out.push_str(ordinal_suffix(n));
        }
        Tok::SignedYear => zero_fill(out, c.year, 6, true),
        Tok::IsoYear if (0..=9999).contains(&c.year) => zero_fill(out, c.year, 4, false),
        Tok::IsoYear => zero_fill(out, c.year, 6, true),
        Tok::YearPlus => {
            if c.year > 9999 {
                out.push('+');
            }
            push_int(out, c.year);
        }
        Tok::MonthShort => out.push_str(&MONTHS[c.month0()][..3]),
        Tok::MonthLong => out.push_str(MONTHS[c.month0()]),
        Tok::WeekdayMin => out.push_str(&WEEKDAYS[c.weekday0()][..2]),
        Tok::WeekdayShort => out.push_str(&WEEKDAYS[c.weekday0()][..3]),
        Tok::WeekdayLong => out.push_str(WEEKDAYS[c.weekday0()]),
        Tok::Meridiem { upper } => out.push_str(match (c.hour > 11, upper) {
            (false, false) => "am",
            (false, true) => "AM",
            (true, false) => "pm",
            (true, true) => "PM",
        }),
        Tok::Compact { h12, secs } => {
            push_int(out, c.field(if h12 { Field::Hour12 } else { Field::Hour }));
            zero_fill(out, c.minute, 2, false);
            if secs {
                zero_fill(out, c.second, 2, false);
            }
        }
        Tok::Fraction(digits) => {
            // moment computes these from whole milliseconds, so digits past the third are 0.
            match digits {
                1 => push_int(out, c.milli / 100),
                2 => zero_fill(out, c.milli / 10, 2, false),
                _ => {
                    let milli = c.milli.clamp(0, 999) as u16;
                    out.push(char::from(b'0' + (milli / 100) as u8));
                    push2(out, milli % 100);
                    for _ in 3..digits {
                        out.push('0');
                    }
                }
            }
        }
        Tok::Offset { colon } => {
            let minutes = display_offset_minutes(offset_secs);
            out.push(if minutes < 0 { '-' } else { '+' });
            zero_fill(out, minutes.abs() / 60, 2, false);
            if colon {
                out.push(':');
            }
            zero_fill(out, minutes.abs() % 60, 2, false);
        }
        Tok::ZoneAbbr => out.push_str(if utc { "UTC" } else { "" }),
        Tok::ZoneName => out.push_str(if utc {
            "Coordinated Universal Time"
        } else {
            ""
        }),
        Tok::UnixSecs => push_int(out, ms.div_euclid(1000)),
        Tok::UnixMillis => push_int(out, ms),
    }
}

/// The offset moment shows for `Z`/`ZZ`, in minutes. In local mode moment derives it from
/// `Date#getTimezoneOffset` (which V8 truncates to whole minutes) rounded to a quarter hour,
/// `-Math.round(tzo / 15) * 15`, while the date fields use the exact offset. Real zones are whole
/// quarter hours today, so this only matters for odd configured offsets.
fn display_offset_minutes(offset_secs: i64) -> i64 {
    let tzo = -offset_secs / 60;
    // Math.round(tzo / 15) = floor((2 * tzo + 15) / 30)
    -(2 * tzo + 15).div_euclid(30) * 15
}

/// English ordinal suffix; moment uses `th` whenever the tens digit is 1.
fn ordinal_suffix(n: i64) -> &'static str {
    if n % 100 / 10 == 1 {
        return "th";
    }
    match n % 10 {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    }
}

/// Appends `n` in decimal.
fn push_int(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// `00` to `99`: two digits per lookup instead of a division per digit.
const DIGITS2: &str = "\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Appends `n` (below 100) as two digits.
#[inline(always)]
fn push2(out: &mut String, n: u16) {
    let i = usize::from(n % 100) * 2;
    out.push_str(DIGITS2.get(i..i + 2).unwrap_or("00"));
}

/// Appends `n` in decimal, as itoa does, but numbers below 10 000 from the two-digit table
/// without a call (`random.number` with small whole bounds prints many of those).
#[inline(always)]
pub(crate) fn push_decimal(out: &mut String, n: i64) {
    zero_fill(out, n, 0, false);
}

/// moment's `zeroFill`: sign (`-`, or `+` when forced), then the magnitude padded to `width`.
#[inline]
fn zero_fill(out: &mut String, n: i64, width: usize, force_sign: bool) {
    // The common case, fields of up to four digits (`YYYY`, `MM`, `DD`, `HH`, `mm`, `ss`,
    // `SSS`): two digits at a time from a table.
    if (0..10_000).contains(&n) && width <= 4 && !force_sign {
        let n = n as u16;
        let digits = match n {
            0..=9 => 1,
            10..=99 => 2,
            100..=999 => 3,
            _ => 4,
        };
        match digits.max(width) {
            1 => out.push(char::from(b'0' + n as u8)),
            2 => push2(out, n),
            3 => {
                out.push(char::from(b'0' + (n / 100) as u8));
                push2(out, n % 100);
            }
            _ => {
                push2(out, n / 100);
                push2(out, n % 100);
            }
        }
        return;
    }
    if n < 0 {
        out.push('-');
    } else if force_sign {
        out.push('+');
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n.unsigned_abs());
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// The calendar and clock fields of a local time.
struct Civil {
    year: i64,
    /// 1–12
    month: i64,
    /// 1–31
    day: i64,
    /// Days since 1970-01-01 (the day of the year is computed from it when a token needs it).
    days: i64,
    /// 0 = Sunday
    weekday: i64,
    hour: i64,
    minute: i64,
    second: i64,
    milli: i64,
}

impl Civil {
    /// Splits local milliseconds since 1970-01-01T00:00 (proleptic Gregorian) into fields.
    fn new(local_ms: i64) -> Civil {
        let days = local_ms.div_euclid(MS_PER_DAY);
        let ms_of_day = local_ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            days,
            weekday: weekday(days),
            hour: ms_of_day / 3_600_000,
            minute: ms_of_day / 60_000 % 60,
            second: ms_of_day / 1000 % 60,
            milli: ms_of_day % 1000,
        }
    }

    /// The field's value; week numbers are computed on demand since few formats use them.
    fn field(&self, field: Field) -> i64 {
        match field {
            Field::Month => self.month,
            Field::Quarter => (self.month + 2) / 3,
            Field::Date => self.day,
            Field::DayOfYear => self.day_of_year(),
            Field::Weekday => self.weekday,
            Field::IsoWeekday => {
                if self.weekday == 0 {
                    7
                } else {
                    self.weekday
                }
            }
            Field::Week => self.week(LOCALE_WEEK).0,
            Field::IsoWeek => self.week(ISO_WEEK).0,
            Field::Year => self.year,
            // Rust's `%` truncates like JavaScript's, so negative years stay negative.
            Field::Year2 => self.year % 100,
            Field::WeekYear => self.week(LOCALE_WEEK).1,
            Field::WeekYear2 => self.week(LOCALE_WEEK).1 % 100,
            Field::IsoWeekYear => self.week(ISO_WEEK).1,
            Field::IsoWeekYear2 => self.week(ISO_WEEK).1 % 100,
            Field::Hour => self.hour,
            Field::Hour12 => match self.hour % 12 {
                0 => 12,
                h => h,
            },
            Field::Hour24 => match self.hour {
                0 => 24,
                h => h,
            },
            Field::Minute => self.minute,
            Field::Second => self.second,
        }
    }

    /// 1–366
    fn day_of_year(&self) -> i64 {
        self.days - days_from_civil(self.year, 1, 1) + 1
    }

    /// Index into [`MONTHS`].
    fn month0(&self) -> usize {
        // 1–12 by construction; the clamp keeps indexing panic-free regardless.
        usize::try_from(self.month.clamp(1, 12) - 1).unwrap_or(0)
    }

    /// Index into [`WEEKDAYS`].
    fn weekday0(&self) -> usize {
        usize::try_from(self.weekday.clamp(0, 6)).unwrap_or(0)
    }

    /// moment's `weekOfYear`: (week, week-year) under `rule`.
    fn week(&self, rule: WeekRule) -> (i64, i64) {
        let week = (self.day_of_year() - first_week_offset(self.year, rule) - 1).div_euclid(7) + 1;
        if week < 1 {
            (week + weeks_in_year(self.year - 1, rule), self.year - 1)
        } else if week > weeks_in_year(self.year, rule) {
            (week - weeks_in_year(self.year, rule), self.year + 1)
        } else {
            (week, self.year)
        }
    }
}

/// moment's week rule: the first day of the week (`dow`, 0 = Sunday) and `doy`, where
/// `7 + dow - doy` is the January day that is always in week 1.
#[derive(Clone, Copy)]
struct WeekRule {
    dow: i64,
    doy: i64,
}

/// English locale: weeks start Sunday and week 1 contains January 1.
const LOCALE_WEEK: WeekRule = WeekRule { dow: 0, doy: 6 };
/// ISO 8601: weeks start Monday and week 1 contains January 4.
const ISO_WEEK: WeekRule = WeekRule { dow: 1, doy: 4 };

/// moment's `firstWeekOffset`: day of `year` (0-based, may be negative) on which week 1 starts.
fn first_week_offset(year: i64, rule: WeekRule) -> i64 {
    let fwd = 7 + rule.dow - rule.doy;
    let fwd_weekday = weekday(days_from_civil(year, 1, fwd));
    let fwdlw = (7 + fwd_weekday - rule.dow) % 7;
    -fwdlw + fwd - 1
}

/// moment's `weeksInYear`: 52 or 53.
fn weeks_in_year(year: i64, rule: WeekRule) -> i64 {
    let days = days_from_civil(year + 1, 1, 1) - days_from_civil(year, 1, 1);
    (days - first_week_offset(year, rule) + first_week_offset(year + 1, rule)) / 7
}

/// Day of week (0 = Sunday) of a day count since 1970-01-01, a Thursday.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (`day` may overflow the month).
/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian (year, month 1–12, day 1–31) of a day count since 1970-01-01.
/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sunday 2026-01-04 15:04:05.678 UTC, the spec's reference instant.
    const REF: Instant = Instant {
        ms: 1_767_539_045_678,
        offset_secs: 0,
        utc: true,
    };

    /// Unix ms of a UTC date-time.
    fn ms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, milli: i64) -> i64 {
        days_from_civil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + milli
    }

    /// A UTC-mode instant.
    fn at(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, milli: i64) -> Instant {
        Instant {
            ms: ms(y, mo, d, h, mi, s, milli),
            offset_secs: 0,
            utc: true,
        }
    }

    /// A UTC-mode instant at midnight.
    fn day(y: i64, mo: i64, d: i64) -> Instant {
        at(y, mo, d, 0, 0, 0, 0)
    }

    /// The reference instant in local mode, in a zone `offset_secs` from UTC.
    fn zoned(offset_secs: i32) -> Instant {
        Instant {
            ms: REF.ms,
            offset_secs,
            utc: false,
        }
    }

    /// Monday 2026-03-09 07:08:09.005: one-digit hour, morning, small milliseconds.
    fn morning() -> Instant {
        at(2026, 3, 9, 7, 8, 9, 5)
    }

    fn render(fmt: &str, t: Instant) -> String {
        let (f, _) = MomentFormat::parse(fmt).unwrap_or_else(|e| panic!("{fmt:?}: {e}"));
        let mut out = String::new();
        f.write(&mut out, t);
        out
    }

    fn parse_err(fmt: &str) -> FormatError {
        match MomentFormat::parse(fmt) {
            Ok(f) => panic!("{fmt:?} parsed as {f:?}"),
            Err(e) => e,
        }
    }

    /// The notes of a format that parses.
    fn notes(fmt: &str) -> Vec<FormatError> {
        MomentFormat::parse(fmt)
            .unwrap_or_else(|e| panic!("{fmt:?}: {e}"))
            .1
    }

    /// A further check in a `token_tests!` row: an instant renders the row's current format; a
    /// format string renders at REF and becomes the current format.
    trait Case {
        fn check(self, fmt: &mut &'static str, want: &str);
    }

    impl Case for Instant {
        fn check(self, fmt: &mut &'static str, want: &str) {
            assert_eq!(render(fmt, self), want, "{fmt:?} at {self:?}");
        }
    }

    impl Case for &'static str {
        fn check(self, fmt: &mut &'static str, want: &str) {
            *fmt = self;
            assert_eq!(render(self, REF), want, "{self:?} at REF");
        }
    }

    /// `name: format => output at REF, (instant | format) => output, …;`
    macro_rules! token_tests {
        ($($name:ident: $fmt:literal => $want:literal $(, $case:expr => $also:literal)*;)*) => {$(
            #[test]
            fn $name() {
                let mut fmt: &'static str = $fmt;
                fmt.check(&mut fmt, $want);
                $(Case::check($case, &mut fmt, $also);)*
            }
        )*};
    }

    #[test]
    fn reference_instant() {
        assert_eq!(REF.ms, ms(2026, 1, 4, 15, 4, 5, 678));
    }

    token_tests! {
        month_m: "M" => "1", day(2026, 11, 1) => "11";
        month_mm: "MM" => "01", day(2026, 11, 1) => "11";
        month_mo: "Mo" => "1st", day(2026, 2, 1) => "2nd", day(2026, 3, 1) => "3rd",
            day(2026, 11, 1) => "11th", day(2026, 12, 1) => "12th";
        month_mmm: "MMM" => "Jan", day(2026, 9, 1) => "Sep";
        month_mmmm: "MMMM" => "January", day(2026, 9, 1) => "September";
        quarter_q: "Q" => "1", day(2026, 11, 1) => "4";
        quarter_qo: "Qo" => "1st", day(2026, 5, 1) => "2nd", day(2026, 8, 1) => "3rd",
            day(2026, 12, 31) => "4th";
        date_d: "D" => "4", day(2026, 1, 21) => "21";
        date_dd: "DD" => "04", day(2026, 1, 21) => "21";
        date_do: "Do" => "4th", day(2026, 1, 1) => "1st", day(2026, 1, 2) => "2nd",
            day(2026, 1, 3) => "3rd", day(2026, 1, 11) => "11th", day(2026, 1, 12) => "12th",
            day(2026, 1, 13) => "13th", day(2026, 1, 21) => "21st", day(2026, 1, 22) => "22nd",
            day(2026, 1, 23) => "23rd", day(2026, 1, 31) => "31st";
        day_of_year_ddd: "DDD" => "4", day(2026, 12, 31) => "365", day(2024, 12, 31) => "366";
        day_of_year_dddd: "DDDD" => "004", day(2026, 2, 10) => "041", day(2026, 12, 31) => "365";
        day_of_year_dddo: "DDDo" => "4th", day(2026, 4, 11) => "101st",
            day(2026, 4, 12) => "102nd", day(2026, 4, 21) => "111th",
            day(2026, 4, 22) => "112th", day(2026, 4, 23) => "113th", day(2026, 5, 1) => "121st";
        weekday_d: "d" => "0", morning() => "1", day(2026, 1, 10) => "6";
        weekday_do: "do" => "0th", morning() => "1st", day(2026, 1, 6) => "2nd",
            day(2026, 1, 7) => "3rd";
        weekday_dd: "dd" => "Su", morning() => "Mo", day(2026, 1, 8) => "Th";
        weekday_ddd: "ddd" => "Sun", morning() => "Mon", day(2026, 1, 10) => "Sat";
        weekday_dddd: "dddd" => "Sunday", morning() => "Monday", day(2026, 1, 7) => "Wednesday";
        locale_weekday_e: "e" => "0", morning() => "1", day(2026, 1, 10) => "6";
        iso_weekday_upper_e: "E" => "7", morning() => "1", day(2026, 1, 10) => "6";
        week_w: "w" => "2", day(2027, 1, 1) => "1", day(2026, 12, 31) => "1",
            day(2026, 12, 26) => "52";
        week_wo: "wo" => "2nd", day(2026, 1, 1) => "1st", day(2026, 3, 9) => "11th";
        week_ww: "ww" => "02", day(2026, 12, 26) => "52";
        iso_week_w: "W" => "1", day(2027, 1, 1) => "53", day(2026, 1, 5) => "2";
        iso_week_wo: "Wo" => "1st", day(2027, 1, 1) => "53rd";
        iso_week_ww: "WW" => "01", day(2027, 1, 1) => "53";
        year_yy: "YY" => "26", day(5, 6, 1) => "05", day(-5, 6, 1) => "-05",
            day(-100, 6, 1) => "00";
        year_yyyy: "YYYY" => "2026", day(99, 6, 1) => "0099", day(-5, 6, 1) => "-0005",
            day(12345, 6, 1) => "12345";
        year_yyyyy: "YYYYY" => "02026", day(-5, 6, 1) => "-00005", day(123_456, 1, 1) => "123456";
        year_yyyyyy: "YYYYYY" => "+002026", day(-5, 6, 1) => "-000005",
            day(12345, 6, 1) => "+012345";
        year_y: "Y" => "2026", day(9999, 6, 1) => "9999", day(12345, 6, 1) => "+12345",
            day(-5, 6, 1) => "-5";
        week_year_gg: "gg" => "26", day(2026, 12, 31) => "27";
        week_year_gggg: "gggg" => "2026", day(2026, 12, 31) => "2027", day(2027, 1, 1) => "2027";
        week_year_ggggg: "ggggg" => "02026", day(2026, 12, 31) => "02027";
        iso_week_year_gg: "GG" => "26", day(2027, 1, 1) => "26";
        iso_week_year_gggg: "GGGG" => "2026", day(2027, 1, 1) => "2026",
            day(2024, 12, 30) => "2025";
        iso_week_year_ggggg: "GGGGG" => "02026", day(2027, 1, 1) => "02026";
        meridiem_upper: "A" => "PM", morning() => "AM", at(2026, 1, 4, 12, 0, 0, 0) => "PM",
            at(2026, 1, 4, 11, 59, 59, 999) => "AM", day(2026, 1, 4) => "AM";
        meridiem_lower: "a" => "pm", morning() => "am", at(2026, 1, 4, 12, 0, 0, 0) => "pm";
        hour_h_upper: "H" => "15", morning() => "7", day(2026, 1, 4) => "0";
        hour_hh_upper: "HH" => "15", morning() => "07", day(2026, 1, 4) => "00";
        hour_h: "h" => "3", morning() => "7", at(2026, 1, 4, 12, 0, 0, 0) => "12",
            day(2026, 1, 4) => "12";
        hour_hh: "hh" => "03", morning() => "07", at(2026, 1, 4, 12, 0, 0, 0) => "12",
            day(2026, 1, 4) => "12";
        hour_k: "k" => "15", morning() => "7", day(2026, 1, 4) => "24";
        hour_kk: "kk" => "15", morning() => "07", day(2026, 1, 4) => "24";
        minute_m: "m" => "4", at(2026, 1, 4, 0, 59, 0, 0) => "59";
        minute_mm: "mm" => "04", at(2026, 1, 4, 0, 59, 0, 0) => "59";
        second_s: "s" => "5", at(2026, 1, 4, 0, 0, 59, 0) => "59";
        second_ss: "ss" => "05", at(2026, 1, 4, 0, 0, 59, 0) => "59";
        fraction_1: "S" => "6", morning() => "0";
        fraction_2: "SS" => "67", morning() => "00";
        fraction_3: "SSS" => "678", morning() => "005";
        fraction_4: "SSSS" => "6780", morning() => "0050";
        fraction_5: "SSSSS" => "67800";
        fraction_6: "SSSSSS" => "678000";
        fraction_7: "SSSSSSS" => "6780000";
        fraction_8: "SSSSSSSS" => "67800000";
        fraction_9: "SSSSSSSSS" => "678000000", morning() => "005000000";
        compact_hmm_upper: "Hmm" => "1504", morning() => "708", day(2026, 1, 4) => "000";
        compact_hmmss_upper: "Hmmss" => "150405", morning() => "70809";
        compact_hmm: "hmm" => "304", day(2026, 1, 4) => "1200";
        compact_hmmss: "hmmss" => "30405", morning() => "70809";
        offset_z: "Z" => "+00:00", zoned(0) => "+00:00", zoned(-6 * 3600) => "-06:00",
            zoned(5 * 3600 + 1800) => "+05:30", zoned(-(9 * 3600 + 1800)) => "-09:30",
            Instant { utc: true, ..zoned(3600) } => "+00:00";
        offset_zz: "ZZ" => "+0000", zoned(-6 * 3600) => "-0600", zoned(5 * 3600 + 1800) => "+0530",
            zoned(14 * 3600) => "+1400";
        zone_abbr_z: "z" => "UTC", zoned(0) => "", zoned(3600) => "";
        zone_name_zz: "zz" => "Coordinated Universal Time", zoned(0) => "";
        unix_seconds: "X" => "1767539045", Instant { ms: -1, ..REF } => "-1",
            Instant { ms: -1000, ..REF } => "-1", zoned(3600) => "1767539045";
        unix_millis: "x" => "1767539045678", Instant { ms: -1, ..REF } => "-1";
        locale_lt: "LT" => "3:04 PM", morning() => "7:08 AM";
        locale_lts: "LTS" => "3:04:05 PM";
        locale_l_upper: "L" => "01/04/2026";
        locale_l: "l" => "1/4/2026";
        locale_ll_upper: "LL" => "January 4, 2026";
        locale_ll: "ll" => "Jan 4, 2026";
        locale_lll_upper: "LLL" => "January 4, 2026 3:04 PM";
        locale_lll: "lll" => "Jan 4, 2026 3:04 PM";
        locale_llll_upper: "LLLL" => "Sunday, January 4, 2026 3:04 PM";
        locale_llll: "llll" => "Sun, Jan 4, 2026 3:04 PM";
        bracket_literal: "[at] HH" => "at 15", "[today is] dddd" => "today is Sunday";
        bracket_greedy: "[a]b]" => "a]b", "[a]b]c]" => "a]b]c";
        bracket_empty: "[]HH[]" => "15";
        bracket_keeps_backslash: "[a\\b]" => "a\\b";
        escape_char: "\\Y" => "Y", "\\[HH]" => "[15]";
        escape_whole_token: "\\YYYY-YYYY" => "YYYY-2026", "\\Do" => "Do";
        escape_backslash_prints_nothing: "HH\\\\mm" => "1504", "HH\\" => "15";
        escape_locale_token: "\\LT" => "LT", "[LT] LT" => "LT 3:04 PM";
        literal_t: "YYYY-MM-DDTHH:mm:ss.SSS" => "2026-01-04T15:04:05.678";
        non_letters_copied: "HH:mm:ss, é 🕑 /_-+" => "15:04:05, é 🕑 /_-+";
        line_terminators_dropped: "HH\nmm\r\u{2028}ss" => "150405", "[\n]HH\\\n" => "\n15";
        greedy_yyy: "YYY" => "262026";
        greedy_mmmmm: "MMMMM" => "January1";
        greedy_ddddd: "DDDDD" => "0044";
        greedy_misc: "YYYYYYY" => "+0020262026", "SSSSSSSSSS" => "6780000006",
            "ZZZ" => "+0000+00:00", "HHmm" => "1504", "hhmm" => "0304", "Hmms" => "15045",
            "ddddd" => "Sunday0", "wwwo" => "022nd";
        locale_expansion_is_textual: "hLT" => "03:04 PM",
            "LLLLL" => "Sunday, January 4, 2026 3:04 PM01/04/2026";
        real_world_formats:
            "dddd, MMMM Do YYYY, h:mm:ss a" => "Sunday, January 4th 2026, 3:04:05 pm",
            "ddd, hA" => "Sun, 3PM",
            "kk:mm:ss.SSSSS" => "15:04:05.67800",
            "DD/MMM/YYYY:HH:mm:ss ZZ" => "04/Jan/2026:15:04:05 +0000",
            "YYYY/MM/DD HH:mm:ss" => "2026/01/04 15:04:05",
            "YYYYMMDD" => "20260104",
            "x" => "1767539045678",
            "X" => "1767539045";
        empty_format: "" => "";
    }

    /// `token_tests!` renders at REF; these check a format against other instants.
    fn assert_renders(fmt: &str, t: Instant, want: &str) {
        assert_eq!(render(fmt, t), want, "{fmt:?} at {t:?}");
    }

    #[test]
    fn real_world_formats_parse_in_local_mode() {
        assert_renders(
            "DD/MMM/YYYY:HH:mm:ss Z",
            zoned(-6 * 3600),
            "04/Jan/2026:09:04:05 -06:00",
        );
        assert_renders(
            "YYYY-MM-DD HH:mm:ss z",
            zoned(5 * 3600 + 1800),
            "2026-01-04 20:34:05 ",
        );
    }

    #[test]
    fn ordinals() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (101, "101st"),
            (111, "111th"),
            (112, "112th"),
        ];
        for (n, want) in cases {
            assert_eq!(format!("{n}{}", ordinal_suffix(n)), want);
        }
    }

    #[test]
    fn week_year_edges() {
        assert_renders("YYYY gggg GGGG w W", day(2027, 1, 1), "2027 2027 2026 1 53");
        assert_renders(
            "YYYY gggg GGGG w W",
            day(2026, 12, 31),
            "2026 2027 2026 1 53",
        );
        assert_renders("YYYY gggg GGGG w W", day(2021, 1, 1), "2021 2021 2020 1 53");
        assert_renders(
            "YYYY gggg GGGG w W",
            day(2024, 12, 30),
            "2024 2025 2025 1 1",
        );
        assert_renders("YYYY gggg GGGG w W", day(2022, 1, 1), "2022 2022 2021 1 52");
    }

    #[test]
    fn weeks_match_independent_definitions() {
        let f = match MomentFormat::parse("GGGG W gggg w") {
            Ok((f, _)) => f,
            Err(e) => panic!("{e}"),
        };
        let mut out = String::new();
        let start = days_from_civil(1899, 12, 1);
        for days in start..start + 366 * 202 {
            let date = i32::try_from(days + 719_163)
                .ok()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or_else(|| panic!("day {days}"));
            let iso = chrono::Datelike::iso_week(&date);
            // An English week runs Sunday to Saturday and belongs to its Saturday's year.
            let saturday = days + 6 - weekday(days);
            let (sat_year, _, _) = civil_from_days(saturday);
            let week = (saturday - days_from_civil(sat_year, 1, 1)) / 7 + 1;
            out.clear();
            f.write(
                &mut out,
                Instant {
                    ms: days * MS_PER_DAY,
                    offset_secs: 0,
                    utc: true,
                },
            );
            let want = format!("{} {} {sat_year} {week}", iso.year(), iso.week());
            assert_eq!(out, want, "{date}");
        }
    }

    #[test]
    fn civil_round_trip() {
        for days in (-100_000_000..100_000_000).step_by(9_973) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn default_formats() {
        assert_eq!(
            MomentFormat::default_local(),
            MomentFormat::parse("YYYY-MM-DDTHH:mm:ssZ").unwrap().0
        );
        let write = |f: MomentFormat, t: Instant| {
            let mut out = String::new();
            f.write(&mut out, t);
            out
        };
        assert!(!MomentFormat::default_local().items.is_empty());
        assert!(!MomentFormat::default_utc().items.is_empty());
        assert!(!MomentFormat::iso_millis().items.is_empty());
        assert_eq!(
            write(MomentFormat::default_local(), zoned(-6 * 3600)),
            "2026-01-04T09:04:05-06:00"
        );
        assert_eq!(
            write(MomentFormat::default_local(), zoned(0)),
            "2026-01-04T15:04:05+00:00"
        );
        assert_eq!(
            write(MomentFormat::default_utc(), REF),
            "2026-01-04T15:04:05Z"
        );
        assert_eq!(
            write(MomentFormat::iso_millis(), REF),
            "2026-01-04T15:04:05.678Z"
        );
        assert_eq!(
            write(MomentFormat::iso_millis(), morning()),
            "2026-03-09T07:08:09.005Z"
        );
    }

    #[test]
    fn local_mode_shifts_fields_across_midnight() {
        let t = Instant {
            ms: ms(2026, 1, 1, 2, 0, 0, 0),
            offset_secs: -3 * 3600,
            utc: false,
        };
        assert_renders(
            "YYYY-MM-DD HH:mm dddd Z",
            t,
            "2025-12-31 23:00 Wednesday -03:00",
        );
        let t = Instant {
            ms: ms(2025, 12, 31, 23, 0, 0, 0),
            offset_secs: 5 * 3600,
            utc: false,
        };
        assert_renders("YYYY-MM-DD HH:mm gggg w", t, "2026-01-01 04:00 2026 1");
    }

    #[test]
    fn offset_rounds_to_quarter_hours_like_moment() {
        // (offset, Z): whole minutes toward zero first, then Math.round(tzo / 15) * 15.
        let cases = [
            (0, "+00:00"),
            (479, "+00:00"),
            (480, "+00:15"),
            (-420, "+00:00"),
            (-479, "+00:00"),
            (-480, "-00:15"),
            (20_476, "+05:45"),  // Kathmandu's local mean time, 05:41:16
            (-21_036, "-05:45"), // Chicago's, -05:50:36
            (86_399, "+24:00"),
            (-86_399, "-24:00"),
        ];
        for (offset_secs, want) in cases {
            assert_renders("Z", zoned(offset_secs), want);
        }
        // The date fields use the exact offset.
        assert_renders("HH:mm:ss ZZ", zoned(20_476), "20:45:21 +0545");
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let all = "M Mo MM MMM MMMM Q Qo D Do DD DDD DDDo DDDD d do dd ddd dddd e E w wo ww W Wo WW \
                   YY YYYY YYYYY YYYYYY Y gg gggg ggggg GG GGGG GGGGG A a H HH h hh k kk m mm s ss \
                   S SS SSS SSSS SSSSSSSSS Hmm Hmmss hmm hmmss Z ZZ z zz X x LLLL";
        for ms in [
            i64::MIN,
            i64::MIN + 1,
            -MAX_JS_MS - 1,
            -1,
            0,
            1,
            MAX_JS_MS + 1,
            i64::MAX,
        ] {
            for offset_secs in [i32::MIN, -86_399, -1, 0, 1, 86_399, i32::MAX] {
                for utc in [false, true] {
                    assert!(
                        !render(
                            all,
                            Instant {
                                ms,
                                offset_secs,
                                utc
                            }
                        )
                        .is_empty()
                    );
                }
            }
        }
        let iso = "YYYYYY-MM-DDTHH:mm:ss.SSS x";
        assert_renders(
            iso,
            at(0, 0, 0, 0, 0, 0, 0).with_ms(i64::MAX),
            "+275760-09-13T00:00:00.000 8640000000000000",
        );
        assert_renders(
            iso,
            REF.with_ms(i64::MIN),
            "-271821-04-20T00:00:00.000 -8640000000000000",
        );
        let t = Instant {
            ms: i64::MAX,
            offset_secs: 86_399,
            utc: false,
        };
        assert_renders("YYYYYY-MM-DDTHH:mm:ssZ", t, "+275760-09-13T23:59:59+24:00");
    }

    impl Instant {
        fn with_ms(self, ms: i64) -> Instant {
            Instant { ms, ..self }
        }
    }

    #[test]
    fn cached_writes_equal_fresh_writes() {
        let formats = [
            "x",
            "X",
            "YYYY-MM-DDTHH:mm:ss.SSS[Z]",
            "S SS SSS SSSS SSSSSSSSS",
            "[x]x-x Do kk:mm:ss ZZ z zz",
            "YYYYMMDDHHmmssSSS",
            "LLLL LTS",
            "s ss Hmmss hmmss X mm",
        ];
        let starts = [
            0,
            -1,
            -1500,
            999,
            1000,
            1_767_225_600_000,
            -62_135_596_800_001,
            MAX_JS_MS - 2000,
            -MAX_JS_MS,
        ];
        for fmt in formats {
            let f = MomentFormat::parse(fmt).map(|(f, _)| f).unwrap();
            for (utc, offset_secs) in [(true, 0), (false, 0), (false, 19_800), (false, -3599)] {
                let mut cache = FormatCache::default();
                // Steps of 7 ms cross seconds, of 1,009 ms minutes, of 61,001 ms hours; a
                // reused cache must notice.
                for (start, step) in starts
                    .iter()
                    .flat_map(|&s| [(s, 7), (s, 1_009), (s, 61_001)])
                {
                    for k in 0..400 {
                        let t = Instant {
                            ms: start.saturating_add(k * step),
                            offset_secs,
                            utc,
                        };
                        let (mut want, mut got) = (String::new(), String::from("<"));
                        f.write(&mut want, t);
                        f.write_cached(&mut cache, &mut got, t);
                        assert_eq!(got, format!("<{want}"), "{fmt} at {t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn iso_years_outside_0_to_9999_are_expanded_cached_or_not() {
        let iso = MomentFormat::iso_millis();
        let at = |ms| Instant {
            ms,
            offset_secs: 0,
            utc: true,
        };
        let fresh = |ms| {
            let mut out = String::new();
            iso.write(&mut out, at(ms));
            out
        };
        // Year 10000 and year 0 begin at these instants.
        const Y10000: i64 = 253_402_300_800_000;
        const Y0: i64 = -62_167_219_200_000;
        for (ms, want) in [
            (Y10000 - 50, "9999-12-31T23:59:59.950Z"),
            (Y10000 + 50, "+010000-01-01T00:00:00.050Z"),
            (Y0, "0000-01-01T00:00:00.000Z"),
            (Y0 - 1, "-000001-12-31T23:59:59.999Z"),
            (-MAX_JS_MS, "-271821-04-20T00:00:00.000Z"),
            (MAX_JS_MS, "+275760-09-13T00:00:00.000Z"),
        ] {
            assert_eq!(fresh(ms), want);
        }
        // The cached path (second texts from minute templates) across both boundaries.
        let mut cache = FormatCache::default();
        for (start, step) in [
            (Y10000 - 90_000, 7),
            (Y10000 - 3_000_000, 1_009),
            (Y0 - 90_000, 13),
        ] {
            for k in 0..20_000 {
                let ms = start + k * step;
                let mut got = String::from("<");
                iso.write_cached(&mut cache, &mut got, at(ms));
                assert_eq!(got, format!("<{}", fresh(ms)), "at {ms}");
            }
        }
        // moment's own `YYYY` is unchanged.
        let mut out = String::new();
        MomentFormat::parse("YYYY")
            .unwrap()
            .0
            .write(&mut out, at(Y10000));
        assert_eq!(out, "10000");
    }

    #[test]
    fn push_decimal_prints_like_itoa() {
        let mut some = vec![i64::MIN, i64::MAX, -10_000, -1, 10_000, 123_456_789];
        some.extend(0..=10_001);
        for n in some {
            let mut out = String::from("<");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("<{n}"));
        }
    }

    #[test]
    fn zero_fill_pads_like_moment() {
        for (n, width, want) in [
            (0, 0, "0"),
            (7, 2, "07"),
            (7, 3, "007"),
            (7, 4, "0007"),
            (42, 0, "42"),
            (123, 2, "123"),
            (999, 3, "999"),
            (2026, 4, "2026"),
            (9999, 2, "9999"),
            (10_000, 4, "10000"),
            (-5, 2, "-05"),
        ] {
            let mut out = String::new();
            zero_fill(&mut out, n, width, false);
            assert_eq!(out, want, "{n} {width}");
        }
    }

    #[test]
    fn prints_integer() {
        let int = |fmt: &str| MomentFormat::parse(fmt).map(|(f, _)| f.prints_integer());
        assert_eq!(int("x"), Ok(true));
        assert_eq!(int("X"), Ok(true));
        assert_eq!(int("xx"), Ok(false));
        assert_eq!(int("[1]x"), Ok(false));
        assert_eq!(int("YYYY"), Ok(false));
    }

    #[test]
    fn sub_second() {
        let sub = |fmt: &str| MomentFormat::parse(fmt).map(|(f, _)| f.sub_second());
        assert_eq!(sub("SSS"), Ok(true));
        assert_eq!(sub("HH:mm:ss.S"), Ok(true));
        assert_eq!(sub("x"), Ok(true));
        assert_eq!(sub("X"), Ok(false));
        assert_eq!(sub("YYYY-MM-DD HH:mm:ss"), Ok(false));
        assert_eq!(sub("[SSS] \\x"), Ok(false));
        assert!(!MomentFormat::default_local().sub_second());
        assert!(!MomentFormat::default_utc().sub_second());
        assert!(MomentFormat::iso_millis().sub_second());
    }

    #[test]
    fn literals_are_merged() {
        let f = MomentFormat::parse("YYYY[-at-]\\Q-é").map(|(f, _)| f.items);
        let want = vec![
            Item::Tok(Tok::Num(Field::Year, 4)),
            Item::Lit("-at-Q-é".into()),
        ];
        assert_eq!(f, Ok(want.into_boxed_slice()));
        assert_eq!(MomentFormat::parse("").map(|(f, _)| f.items.len()), Ok(0));
        assert_eq!(MomentFormat::parse("[]").map(|(f, _)| f.items.len()), Ok(0));
    }

    #[test]
    fn unclosed_brackets_print_as_moment_prints_them_with_a_note() {
        // moment prints an unclosed `[` as is and reads what follows as tokens.
        for (fmt, offset) in [("[HH", 0), ("HH[", 2), ("[abc", 0), ("[a[b]c]", 0)] {
            let n = notes(fmt);
            let n = n
                .iter()
                .find(|n| n.message.starts_with("unclosed `[` prints as `[`"))
                .unwrap_or_else(|| panic!("{fmt:?}"));
            assert_eq!((n.offset, n.len), (offset, 1), "{fmt:?}");
        }
        // The outputs of moment 2.17.1 at 2026-07-04T13:05:09.123Z (node, `moment.utc(…).format`).
        let t = at(2026, 7, 4, 13, 5, 9, 123);
        assert_renders("[abc", t, "[pmbc");
        assert_renders("YYYY-MM-DD[T", t, "2026-07-04[T");
        assert_renders("[a[b]c]", t, "[pmb]c");
    }

    /// Every ASCII letter alone, as moment 2.17.1 formats it at 2026-07-04T13:05:09.123Z
    /// (`moment.utc(…).format(letter)` in node): a token's value, or the letter itself.
    #[test]
    fn every_letter_is_a_token_or_prints_as_itself_like_moment() {
        const LITERAL: &str = "bcfgijnopqrtuvyBCFGIJKNOPRTUV";
        const TOKENS: &[(char, &str)] = &[
            ('a', "pm"),
            ('d', "6"),
            ('e', "6"),
            ('h', "1"),
            ('k', "13"),
            ('l', "7/4/2026"),
            ('m', "5"),
            ('s', "9"),
            ('w', "27"),
            ('x', "1783170309123"),
            ('z', "UTC"),
            ('A', "PM"),
            ('D', "4"),
            ('E', "6"),
            ('H', "13"),
            ('L', "07/04/2026"),
            ('M', "7"),
            ('Q', "3"),
            ('S', "1"),
            ('W', "27"),
            ('X', "1783170309"),
            ('Y', "2026"),
            ('Z', "+00:00"),
        ];
        let t = at(2026, 7, 4, 13, 5, 9, 123);
        for c in ('a'..='z').chain('A'..='Z') {
            let letter = c.to_string();
            match TOKENS.iter().find(|(l, _)| *l == c) {
                Some((_, want)) => {
                    assert_renders(&letter, t, want);
                    assert!(notes(&letter).is_empty(), "{c}");
                }
                None => {
                    assert!(LITERAL.contains(c), "{c} is in neither list");
                    assert_renders(&letter, t, &letter);
                    // `T` is the ISO separator: literal without a note.
                    assert_eq!(notes(&letter).len(), usize::from(c != 'T'), "{c}");
                }
            }
        }
    }

    #[test]
    fn stray_letters_print_as_themselves_with_one_note() {
        let cases = [
            ("iso", 0, "`i`, `o` print as themselves"),
            ("YYYY-MM-DD at HH", 12, "`t` prints as itself"),
            ("YYYY-MM-DD HH:mm:ss.SSS o", 24, "`o` prints as itself"),
            ("ggg", 2, "`g` prints as itself"),
            ("DDo", 2, "`o` prints as itself"),
            ("LTo", 2, "`o` prints as itself"),
            ("llll [x] LLLL q", 14, "`q` prints as itself"),
            ("\\LLL", 2, "`L` prints as itself"),
        ];
        for (fmt, offset, start) in cases {
            let n = notes(fmt);
            assert_eq!(n.len(), 1, "{fmt:?}");
            assert_eq!((n[0].offset, n[0].len), (offset, 1), "{fmt:?}");
            assert!(n[0].message.starts_with(start), "{fmt:?}: {}", n[0].message);
            assert!(n[0].message.contains("[brackets]"), "{}", n[0].message);
        }
        assert!(notes("iso")[0].message.contains("ISO 8601"));
        assert!(!notes("at HH")[0].message.contains("ISO 8601"));
        let t = at(2026, 7, 4, 13, 5, 9, 123);
        assert_renders("iso", t, "i9o");
        assert_renders("ggg", t, "26g");
        assert_renders("YYYY-MM-DD at HH", t, "2026-07-04 pmt 13");
        assert_renders("\\LLL", t, "LLL");
    }

    #[test]
    fn week_pipe_quirk_prints_as_itself_with_a_note() {
        let n = notes("HH w|");
        assert_eq!((n[0].offset, n[0].len), (3, 2));
        assert!(
            n[0].message
                .starts_with("`w|` is not a moment.js format token"),
            "{}",
            n[0].message
        );
        assert_eq!((notes("W|")[0].offset, notes("W|")[0].len), (0, 2));
        assert_renders("w[|] \\w|", REF, "2| w|");
        assert_renders("HH w|", at(2026, 7, 4, 13, 5, 9, 123), "13 w|");
    }

    #[test]
    fn format_length_limit() {
        let ok = "Y".repeat(MAX_FORMAT_LEN);
        assert!(MomentFormat::parse(&ok).is_ok());
        let long = "Y".repeat(MAX_FORMAT_LEN + 1);
        let e = parse_err(&long);
        assert_eq!((e.offset, e.len), (0, MAX_FORMAT_LEN + 1));
        assert_eq!(e.message, "format string longer than 1024 bytes");
        // The limit is on the user's text, not on the expanded locale tokens.
        assert!(MomentFormat::parse(&"L".repeat(MAX_FORMAT_LEN)).is_ok());
    }

    #[test]
    fn short_formats_never_panic() {
        // Every string of up to 4 characters over an alphabet of awkward characters.
        let alphabet = ['[', ']', '\\', 'L', 'l', 'T', 'w', '|', 'é', '\n', 'S'];
        let mut fmts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = fmts
                .iter()
                .filter(|f| f.chars().count() == fmts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|f| alphabet.iter().map(move |&c| format!("{f}{c}")))
                .collect();
            fmts.extend(longer);
        }
        for fmt in &fmts {
            match MomentFormat::parse(fmt) {
                Ok((f, notes)) => {
                    f.write(&mut String::new(), REF);
                    for n in notes {
                        assert!(fmt.get(n.offset..n.offset + n.len).is_some(), "{fmt:?}");
                    }
                }
                Err(e) => assert!(fmt.get(e.offset..e.offset + e.len).is_some(), "{fmt:?}"),
            }
        }
    }

    #[test]
    fn write_appends() {
        let mut out = String::from("at ");
        MomentFormat::default_utc().write(&mut out, REF);
        assert_eq!(out, "at 2026-01-04T15:04:05Z");
    }
}
