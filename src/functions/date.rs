//! `date.*`: the record's clock formatted with moment.js tokens, and random instants around it.

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Shape};
use crate::error::Error;
use crate::json;
use crate::syntax::ast::{Arg, ArgKind};
use crate::time::moment::{Instant, MomentFormat};
use crate::time::parse::parse_date_time;

const DAY_MS: i64 = 86_400_000;
const YEAR_MS: i64 = 365 * DAY_MS;

const FORMAT: Param = Param {
    name: "format",
    ty: "format",
    default: "ISO 8601 in UTC, YYYY-MM-DDTHH:mm:ss.SSS[Z]",
};

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "date.now",
        params: &[Param {
            name: "format",
            ty: "format",
            default: "YYYY-MM-DDTHH:mm:ssZ",
        }],
        summary: "the record's time in the configured UTC offset, as a moment.js format",
        example: r#"{{date.now("YYYY-MM-DD HH:mm:ss")}}"#,
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
        compile: now,
    },
    FnDef {
        name: "date.past",
        params: &[
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
        ],
        summary: "an instant between 1 second and `years` years before refDate",
        example: "{{date.past(5)}}",
        compile: past,
    },
    FnDef {
        name: "date.future",
        params: &[
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
        ],
        summary: "an instant between 1 second and `years` years after refDate",
        example: "{{date.future(2)}}",
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
        compile: between,
    },
];

/// How an instant prints.
#[derive(Debug)]
pub(crate) struct Out {
    fmt: MomentFormat,
    /// An upper bound on the formatted length.
    max_len: usize,
    /// UTC mode (`date.utc`) rather than the configured offset.
    utc: bool,
}

/// A compiled `date.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// The record's time, cached per distinct key in slot `cache`.
    Now { out: Out, cache: u32 },
    /// A uniform millisecond in `base + lo ..= base + hi`; `base` is the record's time when
    /// `None`.
    Range {
        base: Option<i64>,
        lo: i64,
        hi: i64,
        out: Out,
    },
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::Now { out, .. } | Op::Range { out, .. } => out.max_len,
        }
    }

    #[inline]
    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        let (ms, how) = match self {
            Op::Now { out: how, cache } => {
                let instant = Instant {
                    ms: cx.now_ms,
                    offset_secs: cx.offset_secs,
                    utc: how.utc,
                };
                let key = if how.fmt.sub_second() {
                    cx.now_ms
                } else {
                    cx.now_ms.div_euclid(1000)
                };
                cx.caches[*cache as usize].get_or_fill(key, out, |text| {
                    how.fmt.write(text, instant);
                });
                return;
            }
            Op::Range { base, lo, hi, out } => {
                let base = base.unwrap_or(cx.now_ms);
                (base.saturating_add(cx.rng.range_i64(*lo, *hi)), out)
            }
        };
        how.fmt.write(
            out,
            Instant {
                ms,
                offset_secs: cx.offset_secs,
                utc: how.utc,
            },
        );
    }
}

/// A bound on the output of a format: no token prints more than 16 bytes per byte of its
/// text (`LLLL` → `Wednesday, September 30, 2026 10:04 PM`, 38 bytes from 4).
fn format_max_len(custom: Option<&str>) -> usize {
    custom.map_or(64, |text| 16 * text.len() + 64)
}

/// The shape of a format's output: default formats are never JSON values; others may be
/// (`x`, `YYYY`), and need escaping only when their literal text does.
fn shape(custom: Option<&str>) -> Shape {
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
    let shape = shape(custom.as_ref().map(|(t, _)| *t));
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
/// configured offset (as `date.now` prints).
fn range(
    cx: &CallCx<'_, '_>,
    format_at: usize,
    base: Option<i64>,
    lo: i64,
    hi: i64,
) -> Result<Compiled, Error> {
    let custom = format_arg(cx, format_at)?;
    let shape = shape(custom.as_ref().map(|(t, _)| *t));
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

/// A date argument: an ISO 8601 string or Unix milliseconds.
fn date_arg(cx: &CallCx<'_, '_>, arg: &Arg<'_>) -> Result<i64, Error> {
    const LIMIT: i64 = 8_640_000_000_000_000 / 2;
    let ms = match &arg.kind {
        ArgKind::Str(s) => parse_date_time(s).ok_or_else(|| {
            cx.error(
                arg.span,
                format!("`{s}` is not a date: write ISO 8601, e.g. \"2026-01-31\" or \"2026-01-31T12:00:00Z\""),
            )
        })?,
        ArgKind::Number(_) => cx
            .number(arg)?
            .to_i64()
            .ok_or_else(|| cx.error(arg.span, "expected whole Unix milliseconds"))?,
        _ => return Err(cx.type_error(arg, "a date (an ISO 8601 string or Unix milliseconds)")),
    };
    if !(-LIMIT..=LIMIT).contains(&ms) {
        return Err(cx.error(arg.span, "date out of range"));
    }
    Ok(ms)
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

fn between(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let (Some(from_arg), Some(to_arg)) = (cx.arg(0), cx.arg(1)) else {
        return Err(cx.error(
            cx.span,
            "`date.between` needs two dates: date.between(\"2026-01-01\", \"2026-12-31\")",
        ));
    };
    let (from, to) = (date_arg(cx, from_arg)?, date_arg(cx, to_arg)?);
    if from > to {
        return Err(cx.error(to_arg.span, "`to` is earlier than `from`"));
    }
    range(cx, 2, Some(0), from, to)
}
