//! `random.*`: numbers, picks from constant data, UUIDs, booleans, alphanumerics.

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Shape};
use crate::error::Error;
use crate::rng::WeightTable;
use crate::syntax::ast::{Arg, ArgKind};
use crate::value::{self, Decimal};

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "random.number",
        params: &[
            Param {
                name: "max",
                ty: "number | {min, max, precision}",
                default: "99999",
            },
            Param {
                name: "max (with min first)",
                ty: "number",
                default: "",
            },
            Param {
                name: "precision",
                ty: "number",
                default: "1",
            },
        ],
        summary: "a number from min (default 0) to max (default 99999) inclusive, in steps of precision",
        example: r#"{{random.number({"min":1,"max":1000})}}"#,
        compile: number,
    },
    FnDef {
        name: "random.arrayElement",
        params: &[Param {
            name: "array",
            ty: "array",
            default: r#"["a","b","c"]"#,
        }],
        summary: "one element of the array, uniformly",
        example: r#"{{random.arrayElement(["ios","android"])}}"#,
        compile: array_element,
    },
    FnDef {
        name: "random.weightedArrayElement",
        params: &[Param {
            name: "options",
            ty: "{weights, data}",
            default: r#"{"weights":[0.5,0.5],"data":["dog","cat"]}"#,
        }],
        summary: "one element of data, chosen with the relative weights",
        example: r#"{{random.weightedArrayElement({"weights":[0.3,0.7],"data":["rent","buy"]})}}"#,
        compile: weighted_array_element,
    },
    FnDef {
        name: "random.objectElement",
        params: &[
            Param {
                name: "object",
                ty: "object",
                default: r#"{"foo":"bar","too":"car"}"#,
            },
            Param {
                name: "field",
                ty: "\"value\" | \"key\"",
                default: "value",
            },
        ],
        summary: "the value (or, with \"key\", the key) of one member of the object",
        example: r#"{{random.objectElement({"a":1,"b":2})}}"#,
        compile: object_element,
    },
    FnDef {
        name: "random.uuid",
        params: &[],
        summary: "a version-4 UUID, lowercase",
        example: "{{random.uuid}}",
        compile: uuid,
    },
    FnDef {
        name: "random.boolean",
        params: &[],
        summary: "true or false",
        example: "{{random.boolean}}",
        compile: boolean,
    },
    FnDef {
        name: "random.alphaNumeric",
        params: &[Param {
            name: "count",
            ty: "number",
            default: "1",
        }],
        summary: "count characters from 0-9 and a-z",
        example: "{{random.alphaNumeric(10)}}",
        compile: alpha_numeric,
    },
];

/// A compiled `random.*` call that draws at render time.
#[derive(Debug)]
pub(crate) enum Op {
    /// A whole number in `lo..=hi`.
    Int {
        lo: i64,
        hi: i64,
    },
    /// `k × step / 10^scale` for a whole `k` in `lo..=hi`: exact decimals, no float noise.
    Decimal {
        lo: i128,
        hi: i128,
        step: i128,
        scale: u32,
    },
    Uuid,
    Boolean,
    AlphaNumeric(u64),
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match *self {
            Op::Int { .. } => 20,
            // 39 digits of i128, a sign, a point and up to 30 leading zeros.
            Op::Decimal { .. } => 72,
            Op::Uuid => 36,
            Op::Boolean => 5,
            Op::AlphaNumeric(n) => usize::try_from(n).unwrap_or(usize::MAX),
        }
    }

    #[inline]
    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match *self {
            Op::Int { lo, hi } => {
                out.push_str(itoa::Buffer::new().format(cx.rng.range_i64(lo, hi)));
            }
            Op::Decimal {
                lo,
                hi,
                step,
                scale,
            } => {
                let k = cx.rng.range_i128(lo, hi);
                value::write_scaled(out, k * step, scale);
            }
            Op::Uuid => write_uuid(cx, out),
            Op::Boolean => out.push_str(if cx.rng.coin() { "true" } else { "false" }),
            Op::AlphaNumeric(n) => {
                const CHARS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
                out.reserve(n as usize);
                for _ in 0..n {
                    out.push(char::from(CHARS[cx.rng.index(CHARS.len())]));
                }
            }
        }
    }
}

/// Writes 16 random bytes as a version-4, variant-1 UUID.
fn write_uuid(cx: &mut Cx<'_>, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hi = cx.rng.next_u64();
    let lo = cx.rng.next_u64();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = [0u8; 36];
    let mut k = 0;
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text[k] = b'-';
            k += 1;
        }
        text[k] = HEX[usize::from(b >> 4)];
        text[k + 1] = HEX[usize::from(b & 15)];
        k += 2;
    }
    out.extend(text.iter().map(|&b| char::from(b)));
}

fn number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(3)?;
    let zero = Decimal {
        mantissa: 0,
        scale: 0,
    };
    let one = Decimal {
        mantissa: 1,
        scale: 0,
    };
    let (mut min, mut max, mut precision) = (
        zero,
        Decimal {
            mantissa: 99_999,
            scale: 0,
        },
        one,
    );
    let mut spans = (cx.span, cx.span, cx.span);
    match cx.arg(0) {
        None => {}
        Some(Arg {
            kind: ArgKind::Object(members),
            ..
        }) => {
            if cx.args.len() > 1 {
                return Err(cx.error(
                    cx.args[1].span,
                    "give either an object or numbers, not both",
                ));
            }
            for (key, value) in members {
                if value.kind == ArgKind::Null {
                    continue;
                }
                match &*key.name {
                    "min" => (min, spans.0) = (cx.number(value)?, value.span),
                    "max" => (max, spans.1) = (cx.number(value)?, value.span),
                    "precision" => (precision, spans.2) = (cx.number(value)?, value.span),
                    other => {
                        return Err(cx.error(
                            key.span,
                            format!("unknown key `{other}`: expected `min`, `max` or `precision`"),
                        ));
                    }
                }
            }
        }
        Some(first) => {
            if let Some(second) = cx.arg(1) {
                // The extension `random.number(min, max[, precision])`.
                (min, spans.0) = (cx.number(first)?, first.span);
                (max, spans.1) = (cx.number(second)?, second.span);
                if let Some(p) = cx.arg(2) {
                    (precision, spans.2) = (cx.number(p)?, p.span);
                }
            } else {
                if !matches!(first.kind, ArgKind::Number(_)) {
                    return Err(cx.type_error(
                        first,
                        "a number or an object {\"min\", \"max\", \"precision\"}",
                    ));
                }
                (max, spans.1) = (cx.number(first)?, first.span);
            }
        }
    }
    if precision.mantissa <= 0 {
        return Err(cx.error(spans.2, "precision must be greater than 0"));
    }
    let scale = min.scale.max(max.scale).max(precision.scale);
    let (lo, hi, step) = match (
        min.at_scale(scale),
        max.at_scale(scale),
        precision.at_scale(scale),
    ) {
        (Some(lo), Some(hi), Some(step)) if [lo, hi, step].iter().all(|v| v.abs() < LIMIT) => {
            (lo, hi, step)
        }
        _ => return Err(cx.error(cx.span, "numbers too large for this precision")),
    };
    if lo > hi {
        // Point at what was written: both bounds, or only `max` when `min` is the default.
        let span = if spans.0 == cx.span {
            spans.1
        } else {
            spans.0.min_start(spans.1)
        };
        return Err(cx.error(
            span,
            format!("min ({}) is greater than max ({})", show(min), show(max)),
        ));
    }
    let k_lo = lo.div_euclid(step) + i128::from(lo.rem_euclid(step) != 0);
    let k_hi = hi.div_euclid(step);
    if k_lo > k_hi {
        return Err(cx.error(
            spans.2,
            format!(
                "no multiple of precision {} lies between min {} and max {}",
                show(precision),
                show(min),
                show(max)
            ),
        ));
    }
    let op = match (scale, step, i64::try_from(k_lo), i64::try_from(k_hi)) {
        (0, 1, Ok(lo), Ok(hi)) => Op::Int { lo, hi },
        _ => Op::Decimal {
            lo: k_lo,
            hi: k_hi,
            step,
            scale,
        },
    };
    Ok(Compiled::new(Func::Random(op), Shape::Number))
}

/// Bound on scaled bounds and steps, so that `k × step` can never overflow `i128`.
const LIMIT: i128 = 10i128.pow(37);

fn show(d: Decimal) -> String {
    let mut s = String::new();
    value::write_scaled(&mut s, d.mantissa, d.scale);
    s
}

trait MinStart {
    fn min_start(self, other: Self) -> Self;
}

impl MinStart for crate::error::Span {
    /// The span covering both, for a fault that involves two arguments.
    fn min_start(self, other: Self) -> Self {
        crate::error::Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// The items of a non-empty array argument.
fn items<'a, 's>(
    cx: &CallCx<'_, 's>,
    arg: &'a Arg<'s>,
    what: &str,
) -> Result<&'a [Arg<'s>], Error> {
    match &arg.kind {
        ArgKind::Array(items) if items.is_empty() => {
            Err(cx.error(arg.span, format!("{what} must not be empty")))
        }
        ArgKind::Array(items) => Ok(items),
        _ => Err(cx.type_error(arg, "an array")),
    }
}

/// `1 weight`, `3 weights`.
fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn printed(cx: &CallCx<'_, '_>, items: &[Arg<'_>]) -> Box<[Box<str>]> {
    items.iter().map(|a| value::print_for(a, cx.ctx)).collect()
}

fn printed_strs(cx: &CallCx<'_, '_>, items: &[&str]) -> Box<[Box<str>]> {
    items
        .iter()
        .map(|s| {
            let arg = Arg {
                kind: ArgKind::Str((*s).into()),
                span: cx.span,
            };
            value::print_for(&arg, cx.ctx)
        })
        .collect()
}

fn array_element(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let choices = match cx.arg(0) {
        None => printed_strs(cx, &["a", "b", "c"]),
        Some(arg) => printed(cx, items(cx, arg, "the array")?),
    };
    Ok(Compiled::new(Func::Choice(choices), Shape::Printed))
}

fn weighted_array_element(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let Some(arg) = cx.arg(0) else {
        let table = WeightTable::new(&[0.5, 0.5]).expect("constant weights are valid");
        return Ok(Compiled::new(
            Func::Weighted(table, printed_strs(cx, &["dog", "cat"])),
            Shape::Printed,
        ));
    };
    let ArgKind::Object(members) = &arg.kind else {
        return Err(cx.type_error(arg, "an object {\"weights\": [...], \"data\": [...]}"));
    };
    let (mut weights, mut data) = (None, None);
    for (key, value) in members {
        match &*key.name {
            "weights" => weights = Some(value),
            "data" => data = Some(value),
            other => {
                return Err(cx.error(
                    key.span,
                    format!("unknown key `{other}`: expected `weights` and `data`"),
                ));
            }
        }
    }
    let missing = |k| cx.error(arg.span, format!("missing `{k}`"));
    let weights_arg = weights.ok_or_else(|| missing("weights"))?;
    let data_arg = data.ok_or_else(|| missing("data"))?;
    let weight_items = items(cx, weights_arg, "`weights`")?;
    let data_items = items(cx, data_arg, "`data`")?;
    if weight_items.len() != data_items.len() {
        return Err(cx.error(
            weights_arg.span,
            format!(
                "{} for {}: give one weight per item",
                plural(weight_items.len(), "weight"),
                plural(data_items.len(), "data item"),
            ),
        ));
    }
    let mut values = Vec::with_capacity(weight_items.len());
    for w in weight_items {
        let v = cx.number(w)?.to_f64();
        if v < 0.0 {
            return Err(cx.error(w.span, "weights must not be negative"));
        }
        values.push(v);
    }
    let table = WeightTable::new(&values).ok_or_else(|| {
        cx.error(
            weights_arg.span,
            "at least one weight must be greater than 0",
        )
    })?;
    Ok(Compiled::new(
        Func::Weighted(table, printed(cx, data_items)),
        Shape::Printed,
    ))
}

fn object_element(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let keys = match cx.arg(1) {
        None => false,
        Some(field) => match cx.string(field)? {
            "value" => false,
            "key" => true,
            _ => return Err(cx.error(field.span, "field must be \"value\" or \"key\"")),
        },
    };
    let choices = match cx.arg(0) {
        None if keys => printed_strs(cx, &["foo", "too"]),
        None => printed_strs(cx, &["bar", "car"]),
        Some(arg) => {
            let ArgKind::Object(members) = &arg.kind else {
                return Err(cx.type_error(arg, "an object"));
            };
            if members.is_empty() {
                return Err(cx.error(arg.span, "the object must not be empty"));
            }
            if keys {
                let names: Vec<&str> = members.iter().map(|(k, _)| &*k.name).collect();
                printed_strs(cx, &names)
            } else {
                members
                    .iter()
                    .map(|(_, v)| value::print_for(v, cx.ctx))
                    .collect()
            }
        }
    };
    Ok(Compiled::new(Func::Choice(choices), Shape::Printed))
}

fn uuid(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Random(Op::Uuid), Shape::Plain))
}

fn boolean(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Random(Op::Boolean), Shape::Number))
}

fn alpha_numeric(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = match cx.arg(0) {
        None => 1,
        Some(arg) => cx.count(arg)?,
    };
    // Digits-only output such as `7` or `1e5` is a JSON value: checked per record.
    Ok(Compiled::new(
        Func::Random(Op::AlphaNumeric(n)),
        Shape::Unescaped,
    ))
}
