//! `datatype.*`: the later faker.js namespace for plain values (numbers, floats, UUIDs,
//! booleans, hex, strings, instants, JSON text and arrays). Numbers, UUIDs, booleans and hex
//! reuse `random.*`'s compiled calls.

use super::random::{self, Lone, WHOLE};
use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape};
use crate::error::{Error, shorten};
use crate::json::Context;
use crate::syntax::ast::{Arg, ArgKind};
use crate::time::moment::{Instant, MomentFormat};

const LENGTH: Param = Param {
    name: "length",
    ty: "number",
    default: "10",
};

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "datatype.number",
        params: &[Param {
            name: "max",
            ty: "number | {min, max, precision}",
            default: "99999",
        }],
        summary: "a number from min (default 0) to max (default 99999) inclusive, in steps of precision (default 1)",
        example: r#"{{datatype.number({"min":10,"max":20})}}"#,
        returns: Returns::Number,
        compile: number,
    },
    FnDef {
        name: "datatype.float",
        params: &[Param {
            name: "precision",
            ty: "number | {min, max, precision}",
            default: "0.01",
        }],
        summary: "a number from min (default 0) to max (default 99999) in steps of precision (default 0.01)",
        example: r#"{{datatype.float({"min":0,"max":1,"precision":0.001})}}"#,
        returns: Returns::Number,
        compile: random::float,
    },
    FnDef {
        name: "datatype.uuid",
        params: &[],
        summary: "a version-4 UUID, lowercase",
        example: "{{datatype.uuid}}",
        returns: Returns::String,
        compile: random::uuid,
    },
    FnDef {
        name: "datatype.boolean",
        params: &[],
        summary: "true or false",
        example: "{{datatype.boolean}}",
        returns: Returns::Boolean,
        compile: random::boolean,
    },
    FnDef {
        name: "datatype.hexaDecimal",
        params: &[random::COUNT],
        summary: "0x and count hex digits, either case",
        example: "{{datatype.hexaDecimal(6)}}",
        returns: Returns::String,
        compile: random::hexa_decimal,
    },
    FnDef {
        name: "datatype.string",
        params: &[LENGTH],
        summary: "length characters from ! (33) to } (125)",
        example: "{{datatype.string(16)}}",
        returns: Returns::String,
        compile: string,
    },
    FnDef {
        name: "datatype.datetime",
        params: &[Param {
            name: "options",
            ty: "max | {min, max} (ISO 8601 dates or Unix milliseconds)",
            default: r#"{"min":"1990-02-01","max":"2100-02-01"}"#,
        }],
        summary: "an instant from min to max inclusive, as ISO 8601 in UTC with milliseconds",
        example: r#"{{datatype.datetime({"min":"2020-01-01","max":"2020-12-31"})}}"#,
        returns: Returns::Date,
        compile: datetime,
    },
    FnDef {
        name: "datatype.json",
        params: &[],
        summary: "JSON text of an object with keys foo, bar, bike, a, b, name, prop, each a datatype.string or a datatype.number",
        example: "{{datatype.json}}",
        returns: Returns::Object,
        compile: json,
    },
    FnDef {
        name: "datatype.array",
        params: &[LENGTH],
        summary: "length items, each a datatype.string or a datatype.number: comma-joined in text, a JSON array where a value is expected",
        example: "{{datatype.array(3)}}",
        returns: Returns::Array,
        compile: array,
    },
];

/// The keys of `datatype.json`, in faker.js's order.
const JSON_KEYS: &[&str] = &["foo", "bar", "bike", "a", "b", "name", "prop"];

/// Unix milliseconds of 1990-02-01 and 2100-02-01, faker.js's default bounds (it keeps the
/// current time of day; these are midnight UTC, so that seeded output is reproducible).
const DEFAULT_MIN_MS: i64 = 633_830_400_000;
const DEFAULT_MAX_MS: i64 = 4_105_123_200_000;

/// 0000-01-01 and 9999-12-31T23:59:59.999Z: instants with a four-digit year.
const FIRST_MS: i64 = -62_167_219_200_000;
const LAST_MS: i64 = 253_402_300_799_999;

/// A string item is 10 characters, at most 22 bytes as a JSON string (`"` and `\` escaped).
const ITEM_MAX: usize = 22;

/// A compiled `datatype.*` call of its own (the rest compile to `random.*` calls).
#[derive(Debug)]
pub(crate) enum Op {
    /// This many characters from 33 to 125.
    String(u64),
    /// A uniform millisecond in `lo..=hi`, printed as ISO 8601.
    DateTime { lo: i64, hi: i64, fmt: MomentFormat },
    /// A JSON object text.
    Json,
    /// `len` items, as a JSON array when `json`, else comma-joined text.
    Array { len: u64, json: bool },
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        let len = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        match self {
            Op::String(n) => len(*n),
            Op::DateTime { .. } => 24,
            Op::Json => {
                2 + JSON_KEYS
                    .iter()
                    .map(|k| k.len() + 4 + ITEM_MAX)
                    .sum::<usize>()
            }
            Op::Array { len: n, .. } => len(*n).saturating_mul(ITEM_MAX + 1).saturating_add(2),
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::String(n) => push_string(cx, out, *n, false),
            Op::DateTime { lo, hi, fmt } => fmt.write(
                out,
                Instant {
                    ms: cx.rng.range_i64(*lo, *hi),
                    offset_secs: 0,
                    utc: true,
                },
            ),
            Op::Json => {
                out.push('{');
                for (i, key) in JSON_KEYS.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    out.push_str(key);
                    out.push_str("\":");
                    push_item(cx, out, true);
                }
                out.push('}');
            }
            Op::Array { len, json } => {
                if *json {
                    out.push('[');
                }
                for i in 0..*len {
                    if i > 0 {
                        out.push(',');
                    }
                    push_item(cx, out, *json);
                }
                if *json {
                    out.push(']');
                }
            }
        }
    }
}

/// `n` characters from `!` (33) to `}` (125); as a JSON string when `json`.
fn push_string(cx: &mut Cx<'_>, out: &mut String, n: u64, json: bool) {
    if json {
        out.push('"');
    }
    for _ in 0..n {
        let c = char::from(33 + cx.rng.below(93) as u8);
        if json && (c == '"' || c == '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    if json {
        out.push('"');
    }
}

/// faker.js: `boolean() ? string() : number()`.
fn push_item(cx: &mut Cx<'_>, out: &mut String, json: bool) {
    if cx.rng.coin() {
        push_string(cx, out, 10, json);
    } else {
        out.push_str(itoa::Buffer::new().format(cx.rng.below(100_000)));
    }
}

fn number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    random::number_with(cx, Lone::Max, WHOLE, false)
}

/// `length`, 10 by default.
fn length(cx: &CallCx<'_, '_>) -> Result<u64, Error> {
    cx.at_most(1)?;
    cx.arg(0).map_or(Ok(10), |a| cx.count(a))
}

fn string(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    let n = length(cx)?;
    Ok(Compiled::new(Func::Datatype(Op::String(n)), Shape::Text))
}

/// An instant bound: an ISO 8601 string or Unix milliseconds, with a four-digit year.
fn instant(cx: &CallCx<'_, '_>, arg: &Arg<'_>) -> Result<i64, Error> {
    super::date::date_in(
        cx,
        arg,
        FIRST_MS..=LAST_MS,
        "dates must lie in the years 0000 to 9999",
    )
}

fn datetime(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let (mut lo, mut hi) = (DEFAULT_MIN_MS, DEFAULT_MAX_MS);
    let (mut lo_arg, mut hi_arg) = (None, None);
    match cx.arg(0) {
        None => {}
        Some(
            arg @ Arg {
                kind: ArgKind::Number(_) | ArgKind::Str(_),
                ..
            },
        ) => (hi, hi_arg) = (instant(cx, arg)?, Some(arg)),
        Some(Arg {
            kind: ArgKind::Object(members),
            ..
        }) => {
            for (key, value) in members {
                if value.kind == ArgKind::Null {
                    continue;
                }
                match &*key.name {
                    "min" => (lo, lo_arg) = (instant(cx, value)?, Some(value)),
                    "max" => (hi, hi_arg) = (instant(cx, value)?, Some(value)),
                    other => {
                        return Err(cx.error(
                            key.span,
                            format!("unknown key `{}`: expected `min` or `max`", shorten(other)),
                        ));
                    }
                }
            }
        }
        Some(arg) => return Err(cx.type_error(arg, "a date or an object {\"min\", \"max\"}")),
    }
    if lo > hi {
        return Err(match (lo_arg, hi_arg) {
            (Some(min), _) => cx.error(min.span, "min is later than max"),
            (None, Some(max)) => cx.error(
                max.span,
                "max is earlier than the default min, 1990-02-01: give a min too",
            ),
            (None, None) => unreachable!("the defaults are in order"),
        });
    }
    Ok(Compiled::new(
        Func::Datatype(Op::DateTime {
            lo,
            hi,
            fmt: MomentFormat::iso_millis(),
        }),
        Shape::Plain,
    ))
}

fn json(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    // JSON object text: as it is where a value is expected, escaped inside a string.
    let shape = if cx.ctx == Context::Value {
        Shape::Printed
    } else {
        Shape::Text
    };
    Ok(Compiled::new(Func::Datatype(Op::Json), shape))
}

fn array(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    let len = length(cx)?;
    let json = cx.ctx == Context::Value;
    let shape = if json { Shape::Printed } else { Shape::Text };
    Ok(Compiled::new(
        Func::Datatype(Op::Array { len, json }),
        shape,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse::parse_date_time;

    #[test]
    fn bounds_are_the_dates_they_name() {
        assert_eq!(parse_date_time("1990-02-01"), Some(DEFAULT_MIN_MS));
        assert_eq!(parse_date_time("2100-02-01"), Some(DEFAULT_MAX_MS));
        assert_eq!(parse_date_time("0000-01-01"), Some(FIRST_MS));
        assert_eq!(parse_date_time("9999-12-31T23:59:59.999Z"), Some(LAST_MS));
    }

    #[test]
    fn iso_output_at_the_extremes() {
        let fmt = MomentFormat::iso_millis();
        for (ms, text) in [
            (FIRST_MS, "0000-01-01T00:00:00.000Z"),
            (LAST_MS, "9999-12-31T23:59:59.999Z"),
        ] {
            let mut out = String::new();
            fmt.write(
                &mut out,
                Instant {
                    ms,
                    offset_secs: 0,
                    utc: true,
                },
            );
            assert_eq!(out, text);
            assert!(out.len() <= 24);
        }
    }
}
