//! `random.*`: numbers, picks from constant data, UUIDs, booleans, alphanumerics.

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape};
use crate::error::{Error, shorten};
use crate::json;
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
        returns: Returns::Number,
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
        returns: Returns::Varies,
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
        returns: Returns::Varies,
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
        returns: Returns::Varies,
        compile: object_element,
    },
    FnDef {
        name: "random.uuid",
        params: &[],
        summary: "a version-4 UUID, lowercase",
        example: "{{random.uuid}}",
        returns: Returns::String,
        compile: uuid,
    },
    FnDef {
        name: "random.boolean",
        params: &[],
        summary: "true or false",
        example: "{{random.boolean}}",
        returns: Returns::Boolean,
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
        returns: Returns::String,
        compile: alpha_numeric,
    },
    FnDef {
        name: "random.image",
        params: &[],
        summary: "a lorempixel URL, http://lorempixel.com/640/480/{category}, one of 13 categories",
        example: "{{random.image}}",
        returns: Returns::String,
        compile: image,
    },
    FnDef {
        name: "random.locale",
        params: &[],
        summary: "one of faker.js 3.1.0's 35 locale ids, e.g. en_au_ocker",
        example: "{{random.locale}}",
        returns: Returns::String,
        compile: locale,
    },
    FnDef {
        name: "random.float",
        params: &[Param {
            name: "precision",
            ty: "number | {min, max, precision}",
            default: "0.01",
        }],
        summary: "a number from min (default 0) to max (default 99999) in steps of precision (later faker.js)",
        example: r#"{{random.float({"min":1,"max":10,"precision":0.001})}}"#,
        returns: Returns::Number,
        compile: float,
    },
    FnDef {
        name: "random.hexaDecimal",
        params: &[COUNT],
        summary: "0x and count hex digits, either case (later faker.js)",
        example: "{{random.hexaDecimal(8)}}",
        returns: Returns::String,
        compile: hexa_decimal,
    },
    FnDef {
        name: "random.alpha",
        params: &[Param {
            name: "options",
            ty: "count | {count, upcase, bannedChars}",
            default: r#"{"count":1,"upcase":false,"bannedChars":[]}"#,
        }],
        summary: "count letters a-z (A-Z with upcase), leaving out bannedChars (later faker.js)",
        example: r#"{{random.alpha({"count":5,"upcase":true})}}"#,
        returns: Returns::String,
        compile: alpha,
    },
    FnDef {
        name: "random.arrayElements",
        params: &[
            Param {
                name: "array",
                ty: "array",
                default: r#"["a","b","c"]"#,
            },
            Param {
                name: "count",
                ty: "number",
                default: "random, 1 to the array's length",
            },
        ],
        summary: "count distinct elements in random order: comma-joined in text, a JSON array where a value is expected (later faker.js)",
        example: r#"{{random.arrayElements(["red","green","blue"], 2)}}"#,
        returns: Returns::Array,
        compile: array_elements,
    },
];

/// A count of characters, 1 by default.
pub(super) const COUNT: Param = Param {
    name: "count",
    ty: "number",
    default: "1",
};

/// faker.js 3.1.0's locales, in its `lib/locales.js` order.
const LOCALES: &[&str] = &[
    "de",
    "de_AT",
    "de_CH",
    "en",
    "en_AU",
    "en_BORK",
    "en_CA",
    "en_GB",
    "en_IE",
    "en_IND",
    "en_US",
    "en_au_ocker",
    "es",
    "es_MX",
    "fa",
    "fr",
    "fr_CA",
    "ge",
    "id_ID",
    "it",
    "ja",
    "ko",
    "nb_NO",
    "nep",
    "nl",
    "pl",
    "pt_BR",
    "ru",
    "sk",
    "sv",
    "tr",
    "uk",
    "vi",
    "zh_CN",
    "zh_TW",
];

/// Largest array `random.arrayElements` takes: its draw marks chosen items in a bit set on
/// the stack.
const MAX_ELEMENTS: usize = 4096;

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
    /// `0x` and this many characters of `0-9a-fA-F`.
    HexaDecimal(u64),
    /// `count` characters drawn uniformly from `chars`.
    Chars {
        count: u64,
        chars: Box<[u8]>,
    },
    /// Distinct items in random order, each printed for the tag's context.
    Elements(Box<Elements>),
}

/// A compiled `random.arrayElements`.
#[derive(Debug)]
pub(crate) struct Elements {
    items: Box<[Box<str>]>,
    /// How many to draw; `None` draws 1 to all of them per record.
    count: Option<usize>,
    /// A JSON array (`[a,b]`) rather than comma-joined text.
    json: bool,
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
            Op::HexaDecimal(n) => usize::try_from(n).unwrap_or(usize::MAX).saturating_add(2),
            Op::Chars { count, .. } => usize::try_from(count).unwrap_or(usize::MAX),
            Op::Elements(ref e) => {
                e.items.iter().map(|i| i.len() + 1).sum::<usize>() + usize::from(e.json) * 2
            }
        }
    }

    /// The bounds of a whole-number draw, for the render loop's fast path.
    pub(super) fn int_range(&self) -> Option<(i64, i64)> {
        match *self {
            Op::Int { lo, hi } => Some((lo, hi)),
            _ => None,
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
            Op::HexaDecimal(n) => {
                const HEX: &[u8; 22] = b"0123456789abcdefABCDEF";
                out.push_str("0x");
                for _ in 0..n {
                    out.push(char::from(HEX[cx.rng.index(HEX.len())]));
                }
            }
            Op::Chars { count, ref chars } => {
                for _ in 0..count {
                    out.push(char::from(chars[cx.rng.index(chars.len())]));
                }
            }
            Op::Elements(ref e) => e.render(cx, out),
        }
    }
}

impl Elements {
    fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        let n = self.items.len();
        let count = match self.count {
            Some(c) => c,
            None => 1 + cx.rng.index(n),
        };
        if self.json {
            out.push('[');
        }
        // Item k is the r-th item not yet chosen, r uniform: a uniformly random ordered
        // selection without a buffer per record.
        let mut chosen = [0u64; MAX_ELEMENTS / 64];
        for k in 0..count {
            let r = cx.rng.index(n - k);
            let i = nth_unset(&mut chosen, r);
            if k > 0 {
                out.push(',');
            }
            out.push_str(&self.items[i]);
        }
        if self.json {
            out.push(']');
        }
    }
}

/// The index of the `r`-th clear bit of `bits` (counting from 0), which it then sets.
fn nth_unset(bits: &mut [u64], mut r: usize) -> usize {
    for (w, word) in bits.iter_mut().enumerate() {
        let free = (!*word).count_ones() as usize;
        if r < free {
            // Clear the lowest r free bits of a copy; the next free bit is the one.
            let mut open = !*word;
            for _ in 0..r {
                open &= open - 1;
            }
            let bit = open.trailing_zeros() as usize;
            *word |= 1 << bit;
            return w * 64 + bit;
        }
        r -= free;
    }
    unreachable!("fewer clear bits than items left")
}

/// Writes 16 random bytes as a version-4, variant-1 UUID.
fn write_uuid(cx: &mut Cx<'_>, out: &mut String) {
    // Where each byte's two hex digits go in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    let hi = cx.rng.next_u64();
    let lo = cx.rng.next_u64();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = [0u8; 36];
    for (b, at) in bytes.iter().zip(AT) {
        let pair = &HEX_PAIRS[usize::from(*b) * 2..][..2];
        text[at..at + 2].copy_from_slice(pair);
    }
    for at in [8, 13, 18, 23] {
        text[at] = b'-';
    }
    // Hex digits and hyphens: always UTF-8, pushed in one copy.
    out.push_str(std::str::from_utf8(&text).unwrap_or_default());
}

/// The two lowercase hex digits of every byte, in order: `000102…feff`.
static HEX_PAIRS: [u8; 512] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut t = [0u8; 512];
    let mut i = 0;
    while i < 256 {
        t[2 * i] = HEX[i >> 4];
        t[2 * i + 1] = HEX[i & 15];
        i += 1;
    }
    t
};

/// How a lone number argument reads: `random.number(70)` is a max, `random.float(0.1)` (and
/// `datatype.float(0.1)`) a precision, as in faker.js.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lone {
    Max,
    Precision,
}

/// Precision 1: whole numbers.
pub(super) const WHOLE: Decimal = Decimal {
    mantissa: 1,
    scale: 0,
};

/// Precision 0.01, `random.float`'s and `datatype.float`'s default.
const CENT: Decimal = Decimal {
    mantissa: 1,
    scale: 2,
};

fn number(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    number_with(cx, Lone::Max, WHOLE, true)
}

/// `random.float(precision | {min, max, precision})` (later faker.js): `random.number` with a
/// default precision of 0.01.
pub(super) fn float(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    number_with(cx, Lone::Precision, CENT, false)
}

/// faker.js's number sampler on exact decimals: min (default 0) to max (default 99999)
/// inclusive, in steps of `precision`. One argument, a number (read as `lone` says) or an
/// object `{min, max, precision}`; with `positional`, also `(min, max[, precision])`.
pub(super) fn number_with(
    cx: &CallCx<'_, '_>,
    lone: Lone,
    default_precision: Decimal,
    positional: bool,
) -> Result<Compiled, Error> {
    cx.at_most(if positional { 3 } else { 1 })?;
    let zero = Decimal {
        mantissa: 0,
        scale: 0,
    };
    let (mut min, mut max, mut precision) = (
        zero,
        Decimal {
            mantissa: 99_999,
            scale: 0,
        },
        default_precision,
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
                            format!(
                                "unknown key `{}`: expected `min`, `max` or `precision`",
                                shorten(other)
                            ),
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
                match lone {
                    Lone::Max => (max, spans.1) = (cx.number(first)?, first.span),
                    Lone::Precision => (precision, spans.2) = (cx.number(first)?, first.span),
                }
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
                    format!(
                        "unknown key `{}`: expected `weights` and `data`",
                        shorten(other)
                    ),
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

pub(super) fn uuid(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::Random(Op::Uuid), Shape::Plain))
}

pub(super) fn boolean(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
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

fn image(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    // faker.js's `random.image` is `image.image` with its defaults.
    cx.at_most(0)?;
    super::image::image(cx)
}

fn locale(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(LOCALES))
}

/// A count argument at `i`, 1 by default.
fn count_arg(cx: &CallCx<'_, '_>, i: usize) -> Result<u64, Error> {
    cx.arg(i).map_or(Ok(1), |a| cx.count(a))
}

/// `hexaDecimal(count)`, shared with `datatype.hexaDecimal`.
pub(super) fn hexa_decimal(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let n = count_arg(cx, 0)?;
    // `0x…` is never a JSON value.
    Ok(Compiled::new(
        Func::Random(Op::HexaDecimal(n)),
        Shape::Plain,
    ))
}

fn alpha(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    let (mut count, mut upcase) = (1, false);
    let mut chars: Vec<u8> = (b'a'..=b'z').collect();
    match cx.arg(0) {
        None => {}
        Some(
            arg @ Arg {
                kind: ArgKind::Number(_),
                ..
            },
        ) => count = cx.count(arg)?,
        Some(Arg {
            kind: ArgKind::Object(members),
            ..
        }) => {
            for (key, value) in members {
                if value.kind == ArgKind::Null {
                    continue;
                }
                match &*key.name {
                    "count" => count = cx.count(value)?,
                    "upcase" => match value.kind {
                        ArgKind::Bool(b) => upcase = b,
                        _ => return Err(cx.type_error(value, "true or false")),
                    },
                    "bannedChars" => {
                        let ArgKind::Array(banned) = &value.kind else {
                            return Err(cx.type_error(value, "an array of letters"));
                        };
                        for b in banned {
                            let letter = match cx.string(b)?.as_bytes() {
                                [c] if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
                                _ => {
                                    return Err(
                                        cx.error(b.span, "a banned character is one letter")
                                    );
                                }
                            };
                            chars.retain(|&c| c != letter);
                        }
                        if chars.is_empty() {
                            return Err(cx.error(value.span, "every letter is banned"));
                        }
                    }
                    other => {
                        return Err(cx.error(
                            key.span,
                            format!(
                                "unknown key `{other}`: expected `count`, `upcase` or `bannedChars`"
                            ),
                        ));
                    }
                }
            }
        }
        Some(arg) => {
            return Err(cx.type_error(arg, "a count or an object {\"count\", \"upcase\"}"));
        }
    }
    if upcase {
        chars.make_ascii_uppercase();
    }
    // `true` and `null` are letters too: checked per record.
    Ok(Compiled::new(
        Func::Random(Op::Chars {
            count,
            chars: chars.into_boxed_slice(),
        }),
        Shape::Unescaped,
    ))
}

fn array_elements(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(2)?;
    let items = match cx.arg(0) {
        None => printed_strs(cx, &["a", "b", "c"]),
        Some(arg) => {
            let items = items(cx, arg, "the array")?;
            if items.len() > MAX_ELEMENTS {
                return Err(cx.error(
                    arg.span,
                    format!("`random.arrayElements` takes at most {MAX_ELEMENTS} items"),
                ));
            }
            // Array.prototype.join prints null as nothing; JSON keeps it.
            items
                .iter()
                .map(|a| match a.kind {
                    ArgKind::Null if cx.ctx != json::Context::Value => "".into(),
                    _ => value::print_for(a, cx.ctx),
                })
                .collect()
        }
    };
    // As in faker.js, a count past the length takes them all.
    let count = match cx.arg(1) {
        None => None,
        Some(arg) => Some((cx.count(arg)? as usize).min(items.len())),
    };
    Ok(Compiled::new(
        Func::Random(Op::Elements(Box::new(Elements {
            items,
            count,
            json: cx.ctx == json::Context::Value,
        }))),
        Shape::Printed,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_unset_walks_the_clear_bits() {
        let mut bits = [0u64; 3];
        assert_eq!(nth_unset(&mut bits, 5), 5);
        assert_eq!(nth_unset(&mut bits, 5), 6);
        assert_eq!(nth_unset(&mut bits, 0), 0);
        assert_eq!(nth_unset(&mut bits, 63), 66);
        bits[0] = u64::MAX;
        assert_eq!(nth_unset(&mut bits, 0), 64);
        assert_eq!(nth_unset(&mut bits, 0), 65);
        assert_eq!(nth_unset(&mut bits, 0), 67);
        let mut all = [0u64; 2];
        let order: Vec<usize> = (0..128).map(|_| nth_unset(&mut all, 0)).collect();
        assert_eq!(order, (0..128).collect::<Vec<_>>());
        assert_eq!(all, [u64::MAX; 2]);
    }

    #[test]
    fn tables() {
        assert_eq!(LOCALES.len(), 35);
    }
}
