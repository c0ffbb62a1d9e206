//! `date.*`: the record's clock formatted with moment.js tokens, and random instants around it.

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape};
use crate::error::{Error, shorten};
use crate::json;
use crate::syntax::ast::{Arg, ArgKind};
use crate::time::moment::{Instant, MONTHS, MomentFormat, WEEKDAYS};
use crate::time::parse::parse_date_time;

const DAY_MS: i64 = 86_400_000;
const YEAR_MS: i64 = 365 * DAY_MS;

const FORMAT: Param = Param {
    name: "format",
    ty: "format",
    default: "ISO 8601 in UTC, YYYY-MM-DDTHH:mm:ss.SSS[Z]",
};

/// `date.past` and `date.future`: faker.js's `years` and `refDate`, then a format.
const PAST_FUTURE: &[Param] = &[
    Param {
        name: "years",
        ty: "number",
        default: "1",
    },
    Param {
        name: "refDate",
        ty: "date",
        default: "the record's time",
    },
    FORMAT,
];

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "date.now",
        params: &[Param {
            name: "format",
            ty: "format",
            default: "YYYY-MM-DDTHH:mm:ssZ",
        }],
        summary: "the record's time in the configured time zone, as a moment.js format",
        example: r#"{{date.now("YYYY-MM-DD HH:mm:ss")}}"#,
        returns: Returns::Date,
        compile: now,
    },
    FnDef {
        name: "date.utc",
        params: &[Param {
            name: "format",
            ty: "format",
            default: "YYYY-MM-DDTHH:mm:ss[Z]",
        }],
        summary: "the record's time in UTC, as a moment.js format",
        example: r#"{{date.utc("x")}}"#,
        returns: Returns::Date,
        compile: utc,
    },
    FnDef {
        name: "date.simTime",
        params: &[Param {
            name: "format",
            ty: "format",
            default: "YYYY-MM-DDTHH:mm:ssZ",
        }],
        summary: "the record's time on the generator's clock (the same clock as date.now)",
        example: "{{date.simTime}}",
        returns: Returns::Date,
        compile: now,
    },
    FnDef {
        name: "date.past",
        params: PAST_FUTURE,
        summary: "an instant between 1 second and `years` years before refDate",
        example: "{{date.past(5)}}",
        returns: Returns::Date,
        compile: past,
    },
    FnDef {
        name: "date.future",
        params: PAST_FUTURE,
        summary: "an instant between 1 second and `years` years after refDate",
        example: "{{date.future(2)}}",
        returns: Returns::Date,
        compile: future,
    },
    FnDef {
        name: "date.recent",
        params: &[
            Param {
                name: "days",
                ty: "number",
                default: "1",
            },
            FORMAT,
        ],
        summary: "an instant between 1 second and `days` days before the record's time",
        example: "{{date.recent(7)}}",
        returns: Returns::Date,
        compile: recent,
    },
    FnDef {
        name: "date.between",
        params: &[
            Param {
                name: "from",
                ty: "date",
                default: "",
            },
            Param {
                name: "to",
                ty: "date",
                default: "",
            },
            FORMAT,
        ],
        summary: "an instant from `from` to `to` inclusive (ISO 8601 dates or Unix milliseconds)",
        example: r#"{{date.between("2026-01-01","2026-12-31")}}"#,
        returns: Returns::Date,
        compile: between,
    },
    FnDef {
        name: "date.month",
        params: &[Param {
            name: "options",
            ty: "{abbr, context}",
            default: "{}",
        }],
        summary: "an English month name, or its three-letter abbreviation with abbr",
        example: r#"{{date.month({"abbr":true})}}"#,
        returns: Returns::String,
        compile: month,
    },
    FnDef {
        name: "date.weekday",
        params: &[Param {
            name: "options",
            ty: "{abbr, context}",
            default: "{}",
        }],
        summary: "an English weekday name, or its three-letter abbreviation with abbr",
        example: r#"{{date.weekday({"abbr":true})}}"#,
        returns: Returns::String,
        compile: weekday,
    },
    FnDef {
        name: "date.soon",
        params: &[
            Param {
                name: "days",
                ty: "number",
                default: "1",
            },
            Param {
                name: "refDate",
                ty: "date",
                default: "the record's time",
            },
            FORMAT,
        ],
        summary: "an instant between 1 second and `days` days after refDate (faker.js 5)",
        example: "{{date.soon(3)}}",
        returns: Returns::Date,
        compile: soon,
    },
    FnDef {
        name: "date.betweens",
        params: &[
            Param {
                name: "from",
                ty: "date",
                default: "",
            },
            Param {
                name: "to",
                ty: "date",
                default: "",
            },
            Param {
                name: "num",
                ty: "number",
                default: "3",
            },
            FORMAT,
        ],
        summary: "num instants evenly spaced strictly between from and to, as a list (faker.js 5)",
        example: r#"{{date.betweens("2026-01-01","2026-12-31",4)}}"#,
        returns: Returns::Array,
        compile: betweens,
    },
];

/// faker.js's `abbr` months (and `abbr_context`, the same in English).
const MONTHS_ABBR: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const WEEKDAYS_ABBR: &[&str] = &["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// How an instant prints.
#[derive(Clone, Debug)]
pub(crate) struct Out {
    fmt: MomentFormat,
    /// An upper bound on the formatted length.
    max_len: usize,
    /// UTC mode (`date.utc`) rather than the configured time zone.
    utc: bool,
}

impl Out {
    /// ISO 8601 in UTC with milliseconds: how the dates of the v2 functions print.
    pub(crate) fn iso_utc() -> Out {
        Out {
            fmt: MomentFormat::iso_millis(),
            max_len: 27,
            utc: true,
        }
    }

    /// A format of `date.format` (`utc`: `date.formatUtc`).
    pub(crate) fn new(fmt: MomentFormat, text: &str, utc: bool) -> Out {
        Out {
            fmt,
            max_len: format_max_len(Some(text)),
            utc,
        }
    }

    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// The format, and whether it prints in UTC mode (for `fakeplate::verify`).
    pub(crate) fn format(&self) -> (&MomentFormat, bool) {
        (&self.fmt, self.utc)
    }

    /// Appends instant `ms` as this output prints it in `zone`.
    pub(crate) fn write(&self, ms: i64, zone: crate::TimeZone, out: &mut String) {
        self.fmt.write(out, self.instant(ms, zone));
    }

    /// Whether every instant of a local day prints the same
    /// ([`MomentFormat::prints_the_day_only`]).
    pub(crate) fn prints_the_day_only(&self) -> bool {
        self.fmt.prints_the_day_only()
    }

    /// The local day (days since 1970-01-01 in the offset it prints with) of instant `ms`, as
    /// [`Out::write`] clamps it.
    #[inline]
    pub(crate) fn local_day(&self, ms: i64, zone: crate::TimeZone) -> i64 {
        let t = self.instant(ms, zone);
        let offset = if t.utc {
            0
        } else {
            i64::from(t.offset_secs.clamp(-86_399, 86_399))
        };
        (crate::time::moment::clamp_ms(ms) + offset * 1000).div_euclid(86_400_000)
    }

    /// [`Out::write`] through `cache` (used with this output only), formatting once per second
    /// ([`MomentFormat::write_cached`]); true when the calendar was computed.
    #[inline]
    pub(crate) fn write_cached(
        &self,
        cache: &mut crate::time::moment::FormatCache,
        ms: i64,
        zone: crate::TimeZone,
        out: &mut String,
    ) -> bool {
        self.fmt.write_cached(cache, out, self.instant(ms, zone))
    }

    /// Instant `ms` with the offset it prints with: `zone`'s at that instant, unless UTC.
    #[inline]
    fn instant(&self, ms: i64, zone: crate::TimeZone) -> Instant {
        Instant {
            ms,
            offset_secs: if self.utc { 0 } else { zone.offset_at(ms) },
            utc: self.utc,
        }
    }
}

impl Out {
    /// Appends to `cache`'s template what instant `ms` (clamped with
    /// [`clamp_ms`](crate::time::moment::clamp_ms)) prints for its whole second, or with
    /// `minute` its whole minute, where local time is `offset_secs` ahead of UTC: one value of a
    /// run of record times formatted together ([`MomentFormat::fill`]).
    #[cold]
    pub(crate) fn fill(
        &self,
        cache: &mut super::TextCache,
        ms: i64,
        offset_secs: i64,
        minute: bool,
    ) {
        let offset_secs = if self.utc { 0 } else { offset_secs };
        self.fmt.fill(cache, ms, offset_secs, self.utc, minute);
    }

    /// Appends the record's time (`date.now`, `date.utc`), formatted once per second in cache
    /// slot `cache`: the records of the same second write only their milliseconds.
    #[inline]
    pub(crate) fn write_now(&self, cache: u32, cx: &mut Cx<'_>, out: &mut String) {
        let ms = cx.now_ms;
        // Slots are handed out at compile time, one per call; `get_mut` keeps a mismatch from
        // panicking.
        if let Some(cache) = cx.caches.get_mut(cache as usize) {
            // A zone with daylight saving is looked up once per second of record time, not
            // once per record.
            let zone = cx.zone;
            let offset_secs = match (self.utc, zone.is_fixed()) {
                (true, _) => 0,
                (false, true) => zone.offset_at(ms),
                (false, false) => cache.offset_at(ms, |ms| zone.offset_at(ms)),
            };
            let instant = Instant {
                ms,
                offset_secs,
                utc: self.utc,
            };
            self.fmt.write_cached(cache, out, instant);
        } else {
            self.fmt.write(out, self.instant(ms, cx.zone));
        }
    }
}

/// Where a `date.*` call's instant comes from, for v2 expressions that keep it as a date.
#[derive(Debug)]
pub(crate) enum Source {
    Now,
    Range { base: Option<i64>, lo: i64, hi: i64 },
}

impl Source {
    /// The instant, drawing exactly what the call draws when it prints.
    pub(crate) fn draw(&self, cx: &mut Cx<'_>) -> i64 {
        match self {
            Source::Now => cx.now_ms,
            Source::Range { base, lo, hi } => base
                .unwrap_or(cx.now_ms)
                .saturating_add(cx.rng.range_i64(*lo, *hi)),
        }
    }
}

/// A compiled `date.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// The record's time, formatted once per second in cache slot `cache`; the records of the
    /// same second write only their milliseconds.
    Now { out: Out, cache: u32 },
    /// A uniform millisecond in `base + lo ..= base + hi`; `base` is the record's time when
    /// `None`.
    Range {
        base: Option<i64>,
        lo: i64,
        hi: i64,
        out: Out,
    },
    /// Fixed instants printed with a format that depends on the configured time zone, joined
    /// with `,` or, in a JSON value position, as a JSON array of strings.
    List {
        ms: Box<[i64]>,
        out: Out,
        array: bool,
    },
}

impl Op {
    /// The call as an instant and its printer, when it makes one instant.
    pub(crate) fn into_instant(self) -> Result<(Source, Out), Op> {
        match self {
            Op::Now { out, .. } => Ok((Source::Now, out)),
            Op::Range { base, lo, hi, out } => Ok((Source::Range { base, lo, hi }, out)),
            other => Err(other),
        }
    }

    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Now { out, .. } | Op::Range { out, .. } => out.max_len,
            // Each item quoted in an array, separated by commas, in brackets.
            Op::List { ms, out, .. } => ms.len() * (out.max_len + 3) + 2,
        }
    }

    #[inline]
    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        let (ms, how) = match self {
            Op::Now { out: how, cache } => {
                how.write_now(*cache, cx, out);
                return;
            }
            Op::Range { base, lo, hi, out } => {
                let base = base.unwrap_or(cx.now_ms);
                (base.saturating_add(cx.rng.range_i64(*lo, *hi)), out)
            }
            Op::List {
                ms,
                out: how,
                array,
            } => {
                if *array {
                    out.push('[');
                }
                for (i, &ms) in ms.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if *array {
                        out.push('"');
                    }
                    how.write(ms, cx.zone, out);
                    if *array {
                        out.push('"');
                    }
                }
                if *array {
                    out.push(']');
                }
                return;
            }
        };
        how.write(ms, cx.zone, out);
    }
}

/// A bound on the output of a format: no token prints more than 16 bytes per byte of its
/// text (`LLLL` → `Wednesday, September 30, 2026 10:04 PM`, 38 bytes from 4).
fn format_max_len(custom: Option<&str>) -> usize {
    custom.map_or(64, |text| 16 * text.len() + 64)
}

/// The shape of a format's output: default formats are never JSON values; `x` and `X` always
/// are numbers (so a value position needs no check per record); others may be JSON values
/// (`YYYY`), and need escaping only when their literal text does.
fn shape(custom: Option<(&str, &MomentFormat)>) -> Shape {
    match custom {
        None => Shape::Plain,
        Some((_, fmt)) if fmt.prints_integer() => Shape::Number,
        Some((text, _)) if json::needs_escape(text) => Shape::Text,
        Some(_) => Shape::Unescaped,
    }
}

/// The shape of a format's output from its text alone (see [`shape`]).
fn text_shape(custom: Option<&str>) -> Shape {
    match custom {
        None => Shape::Plain,
        Some(text) if json::needs_escape(text) => Shape::Text,
        Some(_) => Shape::Unescaped,
    }
}

/// The format argument at `i`: `None` when absent, `null` or `""` (faker.js's default).
fn format_arg<'a>(
    cx: &'a CallCx<'_, '_>,
    i: usize,
) -> Result<Option<(&'a str, MomentFormat)>, Error> {
    match cx.arg(i) {
        Some(arg) => {
            let text = cx.string(arg)?;
            if text.is_empty() {
                Ok(None)
            } else {
                Ok(Some((text, cx.format(arg)?)))
            }
        }
        None => Ok(None),
    }
}

fn clock(cx: &CallCx<'_, '_>, utc: bool) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let custom = format_arg(cx, 0)?;
    let shape = shape(custom.as_ref().map(|(t, f)| (*t, f)));
    let max_len = format_max_len(custom.as_ref().map(|(t, _)| *t));
    let fmt = match custom {
        Some((_, f)) => f,
        None if utc => MomentFormat::default_utc(),
        None => MomentFormat::default_local(),
    };
    let cache = cx.cache_slot();
    Ok(Compiled::new(
        Func::Date(Op::Now {
            out: Out { fmt, max_len, utc },
            cache,
        }),
        shape,
    ))
}

fn now(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    clock(cx, false)
}

fn utc(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    clock(cx, true)
}

/// The output of a random instant: ISO 8601 in UTC by default, else the format in the
/// configured time zone (as `date.now` prints).
fn range(
    cx: &CallCx<'_, '_>,
    format_at: usize,
    base: Option<i64>,
    lo: i64,
    hi: i64,
) -> Result<Compiled, Error> {
    let custom = format_arg(cx, format_at)?;
    let shape = shape(custom.as_ref().map(|(t, f)| (*t, f)));
    let max_len = format_max_len(custom.as_ref().map(|(t, _)| *t));
    let out = match custom {
        Some((_, fmt)) => Out {
            fmt,
            max_len,
            utc: false,
        },
        None => Out {
            fmt: MomentFormat::iso_millis(),
            max_len,
            utc: true,
        },
    };
    Ok(Compiled::new(
        Func::Date(Op::Range { base, lo, hi, out }),
        shape,
    ))
}

/// A positive span of `unit`s as milliseconds, at least one second.
fn span_ms(cx: &CallCx<'_, '_>, i: usize, unit: i64, what: &str) -> Result<i64, Error> {
    let Some(arg) = cx.arg(i) else {
        return Ok(unit);
    };
    let v = cx.number(arg)?.to_f64();
    let ms = v * unit as f64;
    // Ten thousand years either way keeps every instant printable.
    if !(1000.0..=10_000.0 * YEAR_MS as f64).contains(&ms) {
        return Err(cx.error(
            arg.span,
            format!("{what} must be more than one second and at most 10000 years"),
        ));
    }
    Ok(ms as i64)
}

/// A date argument: an ISO 8601 string or Unix milliseconds, within `range`.
pub(super) fn date_in(
    cx: &CallCx<'_, '_>,
    arg: &Arg<'_>,
    range: std::ops::RangeInclusive<i64>,
    out_of_range: &str,
) -> Result<i64, Error> {
    let ms = match &arg.kind {
        ArgKind::Str(s) => parse_date_time(s).ok_or_else(|| {
            cx.error(
                arg.span,
                format!("`{}` is not a date: write ISO 8601, e.g. \"2026-01-31\" or \"2026-01-31T12:00:00Z\"", shorten(s)),
            )
        })?,
        ArgKind::Number(_) => cx
            .number(arg)?
            .to_i64()
            .ok_or_else(|| cx.error(arg.span, "expected whole Unix milliseconds"))?,
        _ => return Err(cx.type_error(arg, "a date (an ISO 8601 string or Unix milliseconds)")),
    };
    if !range.contains(&ms) {
        return Err(cx.error(arg.span, out_of_range));
    }
    Ok(ms)
}

/// A date argument within half of JavaScript's `Date` range, so that offsets stay printable.
fn date_arg(cx: &CallCx<'_, '_>, arg: &Arg<'_>) -> Result<i64, Error> {
    const LIMIT: i64 = 8_640_000_000_000_000 / 2;
    date_in(cx, arg, -LIMIT..=LIMIT, "date out of range")
}

fn ref_date(cx: &CallCx<'_, '_>, i: usize) -> Result<Option<i64>, Error> {
    cx.arg(i).map(|a| date_arg(cx, a)).transpose()
}

fn past(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let max = span_ms(cx, 0, YEAR_MS, "years")?;
    range(cx, 2, ref_date(cx, 1)?, -max, -1000)
}

fn future(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let max = span_ms(cx, 0, YEAR_MS, "years")?;
    range(cx, 2, ref_date(cx, 1)?, 1000, max)
}

fn recent(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let max = span_ms(cx, 0, DAY_MS, "days")?;
    range(cx, 1, None, -max, -1000)
}

/// The `from` and `to` dates of `between` and `betweens`, with `from <= to`.
fn from_to(cx: &CallCx<'_, '_>, example: &str) -> Result<(i64, i64), Error> {
    let (Some(from_arg), Some(to_arg)) = (cx.arg(0), cx.arg(1)) else {
        return Err(cx.error(
            cx.span,
            format!("`{}` needs two dates: {example}", cx.def.name),
        ));
    };
    let (from, to) = (date_arg(cx, from_arg)?, date_arg(cx, to_arg)?);
    if from > to {
        return Err(cx.error(to_arg.span, "`to` is earlier than `from`"));
    }
    Ok((from, to))
}

fn between(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let (from, to) = from_to(cx, r#"date.between("2026-01-01", "2026-12-31")"#)?;
    range(cx, 2, Some(0), from, to)
}

/// The table `options` selects: `{abbr}` picks the abbreviations; `{context}` the in-context
/// forms, which English does not distinguish.
fn names(
    cx: &CallCx<'_, '_>,
    wide: &'static [&'static str],
    abbr: &'static [&'static str],
) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let mut use_abbr = false;
    if let Some(arg) = cx.arg(0) {
        let ArgKind::Object(members) = &arg.kind else {
            return Err(cx.type_error(arg, "an object {\"abbr\", \"context\"}"));
        };
        for (key, value) in members {
            let flag = match &value.kind {
                ArgKind::Null => false,
                ArgKind::Bool(b) => *b,
                _ => return Err(cx.type_error(value, "true or false")),
            };
            match &*key.name {
                "abbr" => use_abbr = flag,
                "context" => {}
                other => {
                    return Err(cx.error(
                        key.span,
                        format!(
                            "unknown key `{}`: expected `abbr` or `context`",
                            shorten(other)
                        ),
                    ));
                }
            }
        }
    }
    Ok(Compiled::table(if use_abbr { abbr } else { wide }))
}

fn month(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    names(cx, &MONTHS, MONTHS_ABBR)
}

fn weekday(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    names(cx, &WEEKDAYS, WEEKDAYS_ABBR)
}

fn soon(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let max = span_ms(cx, 0, DAY_MS, "days")?;
    range(cx, 2, ref_date(cx, 1)?, 1000, max)
}

/// `num` instants splitting `from..to` into `num + 1` equal parts, to the millisecond.
fn evenly_spaced(from: i64, to: i64, num: u64) -> Box<[i64]> {
    let span = i128::from(to) - i128::from(from);
    let parts = i128::from(num) + 1;
    (1..parts)
        .map(|k| from + (span * k).div_euclid(parts) as i64)
        .collect()
}

fn betweens(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(4)?;
    let (from, to) = from_to(cx, r#"date.betweens("2026-01-01", "2026-12-31", 3)"#)?;
    let num = cx.arg(2).map(|a| cx.count(a)).transpose()?.unwrap_or(3);
    let ms = evenly_spaced(from, to, num);
    let custom = format_arg(cx, 3)?;
    let array = cx.ctx == json::Context::Value;
    let Some((text, fmt)) = custom else {
        // The default ISO form in UTC does not depend on the record: print it now.
        let fmt = MomentFormat::iso_millis();
        let mut printed = String::new();
        if array {
            printed.push('[');
        }
        for (i, &ms) in ms.iter().enumerate() {
            if i > 0 {
                printed.push(',');
            }
            if array {
                printed.push('"');
            }
            fmt.write(
                &mut printed,
                Instant {
                    ms,
                    offset_secs: 0,
                    utc: true,
                },
            );
            if array {
                printed.push('"');
            }
        }
        if array {
            printed.push(']');
        }
        return Ok(Compiled::new(Func::Const(printed.into()), Shape::Printed));
    };
    let max_len = format_max_len(Some(text));
    let shape = if array {
        // An array of quoted items: a JSON value unless the format's own text needs escaping,
        // which the value check catches (the whole list is then quoted as one string).
        Shape::Text
    } else {
        text_shape(Some(text))
    };
    Ok(Compiled::new(
        Func::Date(Op::List {
            ms,
            out: Out {
                fmt,
                max_len,
                utc: false,
            },
            array,
        }),
        shape,
    ))
}
