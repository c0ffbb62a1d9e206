//! Values and how they print: exact decimals for numbers, JavaScript number formatting, and the
//! text and JSON forms of constant argument data.

use crate::json::{self, Context};
use crate::syntax::ast::{Arg, ArgKind};

/// Largest mantissa and scale an exact decimal may have (well inside `i128`).
const MAX_DIGITS: u32 = 30;

/// An exact decimal number: `mantissa / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

impl Decimal {
    /// Reads a JSON number lexeme exactly; `None` if it needs more than 30 significant digits or
    /// 30 decimal places.
    pub(crate) fn parse(lexeme: &str) -> Option<Decimal> {
        let (num, exp) = match lexeme.find(['e', 'E']) {
            Some(k) => (&lexeme[..k], lexeme[k + 1..].parse::<i32>().ok()?),
            None => (lexeme, 0),
        };
        let (neg, num) = match num.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, num),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        let digits = int.bytes().chain(frac.bytes());
        let mut mantissa: i128 = 0;
        let mut count = 0u32;
        for d in digits {
            if mantissa == 0 && d == b'0' {
                continue;
            }
            count += 1;
            if count > MAX_DIGITS {
                return None;
            }
            mantissa = mantissa * 10 + i128::from(d - b'0');
        }
        let mut scale = i64::try_from(frac.len()).ok()? - i64::from(exp);
        while scale < 0 {
            if mantissa != 0 {
                count += 1;
                if count > MAX_DIGITS {
                    return None;
                }
            }
            mantissa *= 10;
            scale += 1;
        }
        // Drop trailing zeros so that `1.50` and `1.5` are the same decimal.
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if scale > i64::from(MAX_DIGITS) {
            return None;
        }
        Some(Decimal {
            mantissa: if neg { -mantissa } else { mantissa },
            scale: scale as u32,
        })
    }

    /// The mantissa at a larger scale, if it fits.
    pub(crate) fn at_scale(self, scale: u32) -> Option<i128> {
        let up = scale.checked_sub(self.scale)?;
        self.mantissa.checked_mul(10i128.checked_pow(up)?)
    }

    pub(crate) fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// The value as an `i64` if it is a whole number that fits.
    pub(crate) fn to_i64(self) -> Option<i64> {
        (self.scale == 0).then(|| i64::try_from(self.mantissa).ok())?
    }
}

/// Appends `value / 10^scale` in the shortest exact decimal form (`30.2`, `-0.05`, `12`).
pub(crate) fn write_scaled(out: &mut String, value: i128, scale: u32) {
    let mut buf = itoa::Buffer::new();
    if scale == 0 {
        out.push_str(buf.format(value));
        return;
    }
    let digits = buf.format(value.unsigned_abs());
    let scale = scale as usize;
    let (int, frac) = if digits.len() > scale {
        digits.split_at(digits.len() - scale)
    } else {
        ("", digits)
    };
    let frac_trimmed = frac.trim_end_matches('0');
    if value < 0 {
        out.push('-');
    }
    if int.is_empty() {
        out.push('0');
    } else {
        out.push_str(int);
    }
    if !frac_trimmed.is_empty() {
        out.push('.');
        for _ in frac.len()..scale {
            out.push('0');
        }
        out.push_str(frac_trimmed);
    }
}

/// Appends a number as JavaScript's `Number.prototype.toString` prints it.
pub(crate) fn write_js_number(out: &mut String, v: f64) {
    let mut buf = ryu_js::Buffer::new();
    out.push_str(buf.format(v));
}

/// Appends a number lexeme the way JavaScript prints the parsed number (`1.50` → `1.5`).
fn write_number_lexeme(out: &mut String, lexeme: &str) {
    match lexeme.parse::<f64>() {
        Ok(v) if v.is_finite() => write_js_number(out, v),
        _ => out.push_str(lexeme),
    }
}

/// Appends the text form of a constant: what KDG prints for it (strings as they are, arrays
/// joined with `,`), except that objects print as JSON rather than `[object Object]`.
pub(crate) fn write_text(out: &mut String, arg: &ArgKind<'_>) {
    match arg {
        ArgKind::Null => out.push_str("null"),
        ArgKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ArgKind::Number(n) => write_number_lexeme(out, n),
        ArgKind::Str(s) => out.push_str(s),
        ArgKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // JavaScript's Array.prototype.join prints null as empty.
                if item.kind != ArgKind::Null {
                    write_text(out, &item.kind);
                }
            }
        }
        ArgKind::Object(_) => write_json(out, arg),
    }
}

/// Appends the JSON form of a constant.
pub(crate) fn write_json(out: &mut String, arg: &ArgKind<'_>) {
    match arg {
        ArgKind::Str(s) => json::quote_into(out, s),
        ArgKind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, &item.kind);
            }
            out.push(']');
        }
        ArgKind::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::quote_into(out, &key.name);
                out.push(':');
                write_json(out, &value.kind);
            }
            out.push('}');
        }
        // A number beyond f64's range is no number a JSON reader accepts: keep it as text.
        ArgKind::Number(n) if !n.parse::<f64>().is_ok_and(f64::is_finite) => {
            json::quote_into(out, n);
        }
        scalar => write_text(out, scalar),
    }
}

/// A constant as a `serde_json::Value`, for custom functions.
pub(crate) fn to_json(arg: &ArgKind<'_>) -> serde_json::Value {
    use serde_json::Value;
    match arg {
        ArgKind::Null => Value::Null,
        ArgKind::Bool(b) => Value::Bool(*b),
        ArgKind::Number(n) => serde_json::from_str(n).unwrap_or(Value::Null),
        ArgKind::Str(s) => Value::String(s.to_string()),
        ArgKind::Array(items) => Value::Array(items.iter().map(|a| to_json(&a.kind)).collect()),
        ArgKind::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.name.to_string(), to_json(&v.kind)))
                .collect(),
        ),
    }
}

/// The printed form of a constant for the context its tag stands in.
pub(crate) fn print_for(arg: &Arg<'_>, ctx: Context) -> Box<str> {
    let mut out = String::new();
    match ctx {
        Context::Text => write_text(&mut out, &arg.kind),
        Context::InString => {
            let mut text = String::new();
            write_text(&mut text, &arg.kind);
            json::escape_into(&mut out, &text);
        }
        Context::Value => match &arg.kind {
            // The KDG idiom: `"data":["\"on\"","\"off\""]` or `"32"` in a numeric slot.
            // serde_json is the judge here (it also rejects lone surrogate escapes); constants are
            // printed once, at compile time.
            ArgKind::Str(s) if serde_json::from_str::<serde_json::Value>(s).is_ok() => {
                out.push_str(s);
            }
            other => write_json(&mut out, other),
        },
    }
    out.into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Option<(i128, u32)> {
        Decimal::parse(s).map(|d| (d.mantissa, d.scale))
    }

    #[test]
    fn decimals() {
        assert_eq!(dec("0"), Some((0, 0)));
        assert_eq!(dec("-12.50"), Some((-125, 1)));
        assert_eq!(dec("1e3"), Some((1000, 0)));
        assert_eq!(dec("1.5E-3"), Some((15, 4)));
        assert_eq!(dec("0.01"), Some((1, 2)));
        assert_eq!(dec("1e40"), None);
        assert_eq!(dec("1e-40"), None);
    }

    #[test]
    fn scaled_printing() {
        let p = |v, s| {
            let mut o = String::new();
            write_scaled(&mut o, v, s);
            o
        };
        assert_eq!(p(3020, 2), "30.2");
        assert_eq!(p(-5, 2), "-0.05");
        assert_eq!(p(1200, 2), "12");
        assert_eq!(p(0, 3), "0");
        assert_eq!(p(-42, 0), "-42");
    }

    #[test]
    fn js_numbers() {
        let p = |v| {
            let mut o = String::new();
            write_js_number(&mut o, v);
            o
        };
        assert_eq!(p(1e21), "1e+21");
        assert_eq!(p(1e-7), "1e-7");
        assert_eq!(p(-0.0), "0");
        assert_eq!(p(1963916428659681.5), "1963916428659681.5");
    }
}
